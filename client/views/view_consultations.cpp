// view_consultations.cpp — the home screen's list: my community's consultations, grouped by stage,
// one card each (title, stage chip, days left in the stage, who took part, my vote).
#include <imgui.h>

#include <string>

#include "views/views.hpp"
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

namespace {

// China calendar days left in the current stage, today included (1 = it ends today); -1 when no end is
// scheduled. The stage's last day is the one before the next stage starts.
int64_t days_left(const ConsultationSummary& c, int64_t now_ms) {
    for (const core::StageStart& s : c.schedule)
        if (static_cast<int>(s.stage) > static_cast<int>(c.stage) && s.starts_ms > now_ms)
            return core::china_days_until(now_ms, s.starts_ms - 1) + 1;
    return -1;
}

// One consultation as a card; true when it was tapped.
bool draw_card(const AppState& st, Fonts& fonts, const ConsultationSummary& c, float width) {
    const core::Lang L = st.lang;
    ui::begin_card(width);
    ui::text(fonts, c.title);
    ui::chip(fonts, tr(stage_name(c.stage), L), theme::kBrand, theme::kTint);
    const int64_t days = c.stage == core::Stage::Closed ? -1 : days_left(c, wall_ms());
    if (days >= 0) {
        ImGui::SameLine();
        ui::text_colored(fonts, ui::kMuted, days <= 1 ? std::string(tr(Msg::EndsToday, L))
                                                                   : ui::replace_n(tr(Msg::DaysLeft, L), days));
    }
    if (c.stage == core::Stage::Vote && st.account.enrolled) {
        const OutboxItem* v = latest_outbox_item(st.account, "vote:" + std::to_string(c.id));
        const bool voted = v && v->state != OutboxState::Refused;
        ImGui::SameLine();
        ui::chip(fonts, tr(voted ? Msg::ChipVoted : Msg::ChipNotVoted, L), voted ? theme::kGood : theme::kInk,
                 voted ? theme::kGoodTint : theme::kSecondary);
    }
    std::string meta;
    if (c.ballots > 0) meta = ui::replace_n(tr(Msg::Participants, L), c.ballots) + " · ";
    meta += ui::replace_n(tr(Msg::CommentsCount, L), c.comments);
    if (c.proposals > 0) meta += " · " + ui::replace_n(tr(Msg::NeedsCount, L), c.proposals);
    ui::text_colored(fonts, ui::kMuted, meta);
    const std::string id = "c-" + std::to_string(c.id);
    return ui::end_card(c.title, id.c_str());
}

}  // namespace

void draw_consultations(AppState& st, Fonts& fonts, float width, Commands& cmds) {
    const JourneyState& j = st.journeys;
    const core::Lang L = st.lang;
    ui::heading(fonts, tr(Msg::ConsultationsHeading, L), ui::kInk);
    if (!st.account.enrolled) {   // a visitor reads every consultation; taking part needs enrolment
        ui::text_colored(fonts, ui::kMuted, tr(Msg::NotEnrolled, L));
        if (ui::primary_button(fonts, tr(Msg::GoToMe, L), "go-me")) cmds.go = Screen::Me;
    } else if (!st.account.region_name.empty()) {
        ui::text_colored(fonts, ui::kMuted, st.account.region_name);
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
                ui::tinted(fonts, ui::kAccent, tr(stage_name(s), L));
                headed = true;
            }
            if (draw_card(st, fonts, c, width)) cmds.j.open_consultation = c.id;
        }
    }
}

}  // namespace yishi::client
