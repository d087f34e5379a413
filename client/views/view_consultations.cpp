// view_consultations.cpp — the home screen's list: my community's consultations, grouped by stage.
#include <imgui.h>

#include <string>

#include "app.hpp"
#include "views/ui.hpp"

namespace yishi::client {

using core::Msg;
using core::tr;

Msg stage_name(core::Stage s) {
    switch (s) {
        case core::Stage::CollectNeeds: return Msg::StageNeeds;
        case core::Stage::Deliberate: return Msg::StageDeliberate;
        case core::Stage::Vote: return Msg::StageDecide;
        case core::Stage::Evaluate: return Msg::StageEvaluate;
        case core::Stage::Closed: return Msg::StageClosed;
    }
    return Msg::StageClosed;
}

void draw_consultations(AppState& st, Fonts& fonts, float, Commands& cmds) {
    const JourneyState& j = st.journeys;
    const core::Lang L = st.lang;
    ui::heading(fonts, tr(Msg::ConsultationsHeading, L), ui::kInk);
    if (!j.me.enrolled) {   // a visitor reads every consultation; taking part needs enrolment
        ui::text_colored(fonts, ui::kMuted, tr(Msg::NotEnrolled, L));
        if (ui::primary_button(fonts, tr(Msg::GoToMe, L), "go-me")) cmds.go = Screen::Me;
    } else if (!j.me.region_name.empty()) {
        ui::text_colored(fonts, ui::kMuted, j.me.region_name);
    }
    if (j.offline_copy) ui::text_colored(fonts, ui::kAccent, tr(Msg::OfflineCopy, L));
    if (!j.list_error.empty()) ui::text_colored(fonts, ui::kAccent, std::string(tr(Msg::LoadFailed, L)) + j.list_error);
    if (j.list.empty()) {
        ui::text_colored(fonts, ui::kMuted, tr(j.list_loading ? Msg::Loading : Msg::ConsultationsNone, L));
        return;
    }
    for (core::Stage s : {core::Stage::CollectNeeds, core::Stage::Deliberate, core::Stage::Vote,
                          core::Stage::Evaluate, core::Stage::Closed}) {
        bool headed = false;
        for (const auto& c : j.list) {
            if (c.stage != s) continue;
            if (!headed) {
                ImGui::Spacing();
                ui::text_colored(fonts, ui::kAccent, tr(stage_name(s), L));
                headed = true;
            }
            const std::string id = "c-" + std::to_string(c.id);
            if (ui::selectable(fonts, c.title, id.c_str())) cmds.j.open_consultation = c.id;
            // Comments, and the needs residents raised (what a collect_needs consultation gathers).
            std::string meta = ui::replace_n(tr(Msg::CommentsCount, L), c.comments);
            if (c.proposals > 0) meta += " · " + ui::replace_n(tr(Msg::NeedsCount, L), c.proposals);
            ui::text_colored(fonts, ui::kMuted, meta);
        }
    }
}

}  // namespace yishi::client
