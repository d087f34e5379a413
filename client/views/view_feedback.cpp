// view_feedback.cpp — the resident's feedback screen: send feedback (category, text
// through the IME), follow each item's status and history, rate it once it is resolved or declined.
#include <imgui.h>

#include <string>

#include "views/views.hpp"
#include "model/feedback.hpp"
#include "views/ui.hpp"
#include "yishi/feedback.hpp"

namespace yishi::client {

using core::Lang;
using core::Msg;
using core::tr;

void draw_feedback_item(const FeedbackItem& it, Lang lang, Fonts& fonts) {
    ui::text_colored(fonts, ui::kInk, std::string(tr(feedback_status_msg(it.status), lang)) + " · " +
                                          std::string(tr(feedback_category_msg(it.category), lang)));
    if (it.hidden) ui::text_colored(fonts, ui::kMuted, std::string(tr(Msg::HiddenFeedback, lang)) + it.hidden_reason);
    else ui::text(fonts, it.text);
    for (const FeedbackStep& h : it.history) {
        if (h.status == core::FeedbackStatus::Received) continue;
        std::string line = "→ " + std::string(tr(feedback_status_msg(h.status), lang));
        if (!h.text.empty()) line += std::string(lang == Lang::En ? ": " : "：") + h.text;
        ui::text_colored(fonts, ui::kMuted, line);
    }
    if (it.rating) {
        std::string line = ui::replace_n(tr(Msg::FbRated, lang), it.rating->score);
        if (!it.rating->remark.empty()) line += std::string(lang == Lang::En ? ": " : "：") + it.rating->remark;
        ui::text_colored(fonts, ui::kGood, line);
    }
}

void draw_feedback_message(const FeedbackState& fb, Lang lang, Fonts& fonts) {
    if (!fb.load_error.empty()) ui::text_colored(fonts, ui::kAccent, std::string(tr(Msg::LoadFailed, lang)) + fb.load_error);
    if (fb.message.empty()) return;
    std::string text = fb.message;
    if (fb.message == "sent") text = tr(Msg::FbSent, lang);
    else if (auto m = feedback_error_msg(fb.message_code)) text = tr(*m, lang);
    ui::text_colored(fonts, fb.message_is_error ? ui::kAccent : ui::kGood, text);
}

namespace {

// Not a member yet: one way in for the whole app, on 我的 (the code names the community).
void draw_join_first(AppState& st, Fonts& fonts, Commands& cmds) {
    const Lang lang = st.lang;
    ui::heading(fonts, tr(Msg::FbEnrolHeading, lang), ui::kInk);
    ui::text(fonts, tr(Msg::FbJoinFirst, lang));
    if (ui::primary_button(fonts, tr(Msg::FbGoJoin, lang), "fb-go-join")) cmds.go = Screen::Me;
}

void draw_new(AppState& st, Fonts& fonts, float width, FeedbackCommands& cmds) {
    FeedbackState& fb = st.feedback;
    const Lang lang = st.lang;
    ui::heading(fonts, tr(Msg::FbNew, lang), ui::kInk);
    std::string cats[std::size(core::kFeedbackCategories)];
    for (size_t i = 0; i < std::size(cats); ++i) cats[i] = tr(feedback_category_msg(core::kFeedbackCategories[i]), lang);
    ui::text_colored(fonts, ui::kInk, tr(Msg::FbCategory, lang));   // a visible label, as the wizard's
    ui::combo(fonts, tr(Msg::FbCategory, lang), cats, static_cast<int>(std::size(cats)), fb.category, "##fb-category", width);
    ui::input_text(fonts, tr(Msg::FbText, lang), tr(Msg::FbText, lang), fb.text, "##fb-text", width);
    if (ui::primary_button(fonts, tr(Msg::FbSend, lang), "fb-send") && !core::is_blank(fb.text)) cmds.send = true;
}

void draw_mine(AppState& st, Fonts& fonts, float width, FeedbackCommands& cmds) {
    FeedbackState& fb = st.feedback;
    const Lang lang = st.lang;
    ui::heading(fonts, tr(Msg::FbMine, lang), ui::kInk);
    if (ui::button(fonts, tr(Msg::FbRefresh, lang), "fb-refresh")) cmds.refresh = true;
    if (fb.mine.empty()) ui::text_colored(fonts, ui::kMuted, tr(Msg::FbNone, lang));
    static const std::string kScores[] = {"★★★★★ 5", "★★★★ 4", "★★★ 3", "★★ 2", "★ 1"};
    for (const FeedbackItem& it : fb.mine) {
        ImGui::PushID(it.id.c_str());
        ImGui::Separator();
        draw_feedback_item(it, lang, fonts);
        if (core::check_feedback_rating(it.status, it.rating.has_value()).ok()) {
            ui::text_colored(fonts, ui::kInk, tr(Msg::FbScore, lang));
            ui::combo(fonts, tr(Msg::FbScore, lang), kScores, 5, fb.score[it.id], "##fb-score", width);
            ui::input_text(fonts, tr(Msg::FbRemark, lang), tr(Msg::FbRemark, lang), fb.remark[it.id], "##fb-remark", width);
            if (ui::button(fonts, tr(Msg::FbRate, lang), "fb-rate")) cmds.rate = it.id;
        }
        ImGui::PopID();
    }
}

}  // namespace

void draw_feedback(AppState& st, Fonts& fonts, float width, Commands& cmds) {
    const FeedbackState& fb = st.feedback;
    const Account& me = st.account;
    const Lang lang = st.lang;
    ui::heading(fonts, tr(Msg::FbTitle, lang), ui::kInk);
    ui::text_colored(fonts, ui::kMuted, tr(Msg::FbPublicNote, lang));
    draw_feedback_message(fb, lang, fonts);
    ImGui::Spacing();
    if (fb.region == 0) {
        draw_join_first(st, fonts, cmds);
    } else {
        // The community as 我的 says it.
        ui::text_colored(fonts, ui::kGood, std::string(tr(Msg::EnrolledAs, lang)) + ui::region_label(me.region_name, fb.region));
        draw_new(st, fonts, width, cmds.feedback);
    }
    ImGui::Spacing();
    draw_mine(st, fonts, width, cmds.feedback);
}

}  // namespace yishi::client
