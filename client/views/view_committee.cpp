// view_committee.cpp — 居委会工作台: the consultations in the committee's area with their stage; for
// each, advance to the next stage, close with a summary, and the participation numbers. The server's
// refusal (or a check before signing) is shown under the action that caused it.
#include <imgui.h>

#include <cstdio>
#include <string>

#include "views/views.hpp"
#include "views/ui.hpp"

namespace yishi::client {

using core::Msg;
using core::tr;

namespace {

void draw_participation(const AppState& st, Fonts& fonts, const Participation& p) {
    const core::Lang L = st.lang;
    auto line = [&](Msg label, int64_t n) { ui::text(fonts, std::string(tr(label, L)) + std::to_string(n)); };
    line(Msg::PartEnrolled, p.enrolled);
    line(Msg::PartBallots, p.ballots);
    char turnout[32] = "—";
    if (p.enrolled > 0)
        std::snprintf(turnout, sizeof turnout, "%.1f%%", 100.0 * static_cast<double>(p.ballots) / static_cast<double>(p.enrolled));
    ui::text(fonts, std::string(tr(Msg::PartTurnout, L)) + turnout);
    line(Msg::PartComments, p.comments);
    line(Msg::PartProposals, p.proposals);
    line(Msg::PartRatings, p.ratings);
    line(Msg::PartReactions, p.reactions);
}

void draw_row(AppState& st, Fonts& fonts, float width, const ConsultationSummary& s, Commands& cmds) {
    CommitteeState& c = st.committee;
    const core::Lang L = st.lang;
    const std::string n = std::to_string(s.id);
    ImGui::Spacing();
    ImGui::Separator();
    ui::text(fonts, "#" + n + " " + s.title);
    std::string where = std::string(tr(stage_name(s.stage), L));
    if (!s.region_name.empty()) where += " · " + s.region_name;
    ui::tinted(fonts, ui::kAccent, where);
    if (s.stage != core::Stage::Closed) {
        if (auto to = next_stage(s.stage)) {
            const std::string action = advance_action(s.id);
            const bool pending = action_pending(st, action);
            if (pending) ImGui::BeginDisabled();
            const std::string confirm_id = "confirm-advance-" + n;
            if (ui::button(fonts, std::string(tr(Msg::CommitteeAdvanceTo, L)) + std::string(tr(stage_name(*to), L)),
                           ("advance-" + n).c_str()))
                ImGui::OpenPopup(confirm_id.c_str());
            if (pending) ImGui::EndDisabled();
            std::string what(tr(Msg::ConfirmAdvance, L));
            what.replace(what.find("{stage}"), 7, tr(stage_name(*to), L));
            if (ui::confirm_dialog(fonts, confirm_id.c_str(), tr(Msg::ConfirmTitle, L), what, tr(Msg::ConfirmYes, L),
                                   tr(Msg::ConfirmNo, L)) == ui::Confirm::Yes)
                cmds.committee.advance = s.id;
        }
        draw_action_status(st, fonts, advance_action(s.id));   // also once a refusal's reload left no next stage
        ui::input_text(fonts, tr(Msg::CommitteeSummary, L), tr(Msg::CommitteeSummary, L), c.summaries[s.id],
                       ("##summary-" + n).c_str(), width);
        const std::string action = close_action(s.id);
        const bool pending = action_pending(st, action) || c.closing == s.id;   // queued, or the count is being checked
        if (pending) ImGui::BeginDisabled();
        const std::string confirm_id = "confirm-close-" + n;
        if (ui::destructive_button(fonts, tr(Msg::CommitteeClose, L), ("close-" + n).c_str()))
            ImGui::OpenPopup(confirm_id.c_str());
        if (pending) ImGui::EndDisabled();
        if (ui::confirm_dialog(fonts, confirm_id.c_str(), tr(Msg::ConfirmTitle, L), tr(Msg::ConfirmClose, L),
                               tr(Msg::ConfirmYes, L), tr(Msg::ConfirmNo, L)) == ui::Confirm::Yes)
            cmds.committee.close = s.id;
        draw_action_status(st, fonts, action);
    }
    if (ui::button(fonts, tr(Msg::CommitteeParticipation, L), ("part-" + n).c_str())) cmds.committee.participation = s.id;
    if (c.shown_participation == s.id) {
        auto it = c.participation.find(s.id);
        if (it == c.participation.end()) ui::text_colored(fonts, ui::kMuted, tr(Msg::Loading, L));
        else draw_participation(st, fonts, it->second);
    }
}

}  // namespace

void draw_committee(AppState& st, Fonts& fonts, float width, Commands& cmds) {
    CommitteeState& c = st.committee;
    const core::Lang L = st.lang;
    if (ui::button(fonts, tr(Msg::Back, L), "committee-back")) cmds.go = Screen::Me;
    ui::heading(fonts, tr(Msg::CommitteeWorkspace, L), ui::kInk);
    const std::vector<CommitteeRole>& roles = st.account.committee_roles;
    if (roles.empty()) return ui::text_colored(fonts, ui::kMuted, tr(Msg::Loading, L));
    if (roles.size() > 1) {   // a key may be the committee of several areas
        std::vector<std::string> names;
        for (const auto& r : roles) names.push_back(ui::region_label(r.region_name, r.region));
        int role = c.role_index;
        if (ui::combo(fonts, tr(Msg::CommitteeOf, L), names.data(), static_cast<int>(names.size()), role,
                      "##committee-role", width))
            cmds.committee.role_index = role;
    } else {
        const CommitteeRole& r = roles.front();
        ui::text_colored(fonts, ui::kMuted, std::string(tr(Msg::CommitteeOf, L)) + ui::region_label(r.region_name, r.region) +
                                                (r.name.empty() ? "" : " · " + r.name));
    }
    if (ui::primary_button(fonts, tr(Msg::CommitteeOpenNew, L), "open-wizard")) cmds.committee.open_wizard = true;
    ImGui::SameLine();
    if (ui::button(fonts, tr(Msg::CommitteeRefresh, L), "committee-refresh")) cmds.committee.refresh = true;
    if (ui::button(fonts, tr(Msg::CodesOpen, L), "codes-open")) cmds.committee.codes.show = true;
    draw_action_status(st, fonts, kOpenAction);   // the latest opening's outcome
    if (!c.list_error.empty()) ui::text_colored(fonts, ui::kAccent, std::string(tr(Msg::LoadFailed, L)) + c.list_error);
    if (c.list.empty()) {
        ui::text_colored(fonts, ui::kMuted, tr(c.list_loading || !c.regions_loaded ? Msg::Loading : Msg::CommitteeNone, L));
        return;
    }
    for (const auto& s : c.list) draw_row(st, fonts, width, s, cmds);
}

}  // namespace yishi::client
