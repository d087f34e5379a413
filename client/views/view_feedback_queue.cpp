// view_feedback_queue.cpp — a neighbourhood committee's feedback queue: pick the community, read each
// item with its history, and move it one legal step (the buttons are exactly the steps
// core::check_feedback_transition allows) with an answer text (a reason, to decline).
#include <imgui.h>

#include <string>

#include "views/views.hpp"
#include "model/feedback.hpp"
#include "views/ui.hpp"

namespace yishi::client {

using core::Lang;
using core::Msg;
using core::tr;

void draw_feedback_queue(AppState& st, Fonts& fonts, float width, FeedbackCommands& cmds) {
    FeedbackState& fb = st.feedback;
    const Lang lang = st.lang;
    ui::heading(fonts, tr(Msg::NavQueue, lang), ui::kInk);
    ui::text_colored(fonts, ui::kMuted, tr(Msg::FbCommitteeNote, lang));
    if (fb.message != "sent") draw_feedback_message(fb, lang, fonts);
    ui::input_text(fonts, tr(Msg::FbRegion, lang), tr(Msg::FbRegion, lang), fb.queue_region, "##q-region", width);
    if (ui::primary_button(fonts, tr(Msg::FbShow, lang), "q-show")) cmds.load_queue = true;
    if (fb.queue_loaded_region == 0) return;
    if (fb.queue.empty()) ui::text_colored(fonts, ui::kMuted, tr(Msg::FbQueueEmpty, lang));
    for (const FeedbackItem& it : fb.queue) {
        ImGui::PushID(it.id.c_str());
        ImGui::Separator();
        draw_feedback_item(it, lang, fonts);
        const auto steps = next_feedback_statuses(it.status);
        if (!steps.empty()) {
            ui::input_text(fonts, tr(Msg::FbAnswerText, lang), tr(Msg::FbAnswerText, lang), fb.answer[it.id],
                           "##q-answer", width);
            ui::text_colored(fonts, ui::kMuted, tr(Msg::FbSetTo, lang));
            for (size_t i = 0; i < steps.size(); ++i) {
                ImGui::SameLine();
                const std::string id = "q-step-" + std::to_string(i);
                if (ui::button(fonts, tr(feedback_status_msg(steps[i]), lang), id.c_str()))
                    cmds.answer = std::make_pair(it.id, steps[i]);
            }
        }
        ImGui::PopID();
    }
}

}  // namespace yishi::client
