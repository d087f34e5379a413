// view_committee_open.cpp — the wizard that opens a consultation: title, description, area, stages
// with start dates, options (with costs for a budget vote), voting method and its parameter, linked
// organisations. The form's problems (checked by committee.cpp with the shared rules before signing)
// and the server's refusal are shown above the submit button; nothing typed is lost on an error.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <string>
#include <vector>

#include "views/views.hpp"
#include "platform/item_hooks.hpp"
#include "views/ui.hpp"

namespace yishi::client {

using core::Msg;
using core::tr;

namespace {

constexpr core::Stage kStages[kWizardStages] = {core::Stage::CollectNeeds, core::Stage::Deliberate, core::Stage::Vote,
                                                core::Stage::Evaluate, core::Stage::Closed};
constexpr Msg kMethods[] = {Msg::MethodPlurality, Msg::MethodApproval, Msg::MethodRanked,
                            Msg::MethodScore,     Msg::MethodBudget,   Msg::MethodYesNo};

void multiline(Fonts& fonts, std::string_view name, std::string& value, const char* id, float width) {
    fonts.need(name);
    fonts.need(value);
    // The caption is drawn but not published as an item: tests and screen readers find the field by `name`.
    ImGui::TextColored(ui::kMuted, "%s", std::string(name).c_str());
    ImGui::InputTextMultiline(id, &value, ImVec2(width, ImGui::GetTextLineHeight() * 4.5f));
    note_widget(name);
    note_role(Role::Multiline);
    note_value(value);
}

void draw_stages(AppState& st, Fonts& fonts, float width, OpenForm& f) {
    const core::Lang L = st.lang;
    ui::text_colored(fonts, ui::kInk, tr(Msg::WizStages, L));
    const float date_w = std::min(width * 0.45f, ImGui::CalcTextSize("0000-00-00").x * 1.6f);
    for (size_t i = 0; i < kWizardStages; ++i) {
        const std::string name(tr(stage_name(kStages[i]), L));
        fonts.need(name);
        bool on = f.stage_on[i];
        if (ImGui::Checkbox((name + "##stage-on-" + std::to_string(i)).c_str(), &on)) f.stage_on[i] = on;
        ImGui::SameLine(std::max(ImGui::GetCursorPosX(), width - date_w + ImGui::GetStyle().WindowPadding.x));
        if (!on) ImGui::BeginDisabled();
        ui::input_text(fonts, name + " YYYY-MM-DD", "YYYY-MM-DD", f.stage_date[i],
                       ("##stage-date-" + std::to_string(i)).c_str(), date_w);
        if (!on) ImGui::EndDisabled();
    }
}

void draw_options(AppState& st, Fonts& fonts, float width, OpenForm& f, Commands& cmds) {
    const core::Lang L = st.lang;
    const bool budget = f.method == static_cast<int>(core::VotingMethod::Budget) - 1;
    ui::text_colored(fonts, ui::kInk, tr(Msg::WizOptions, L));
    const std::string remove(tr(Msg::WizRemove, L));
    const float remove_w = ImGui::CalcTextSize(remove.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    for (size_t i = 0; i < f.options.size(); ++i) {
        const auto n = static_cast<long long>(i + 1);
        const std::string label_name = ui::replace_n(tr(Msg::WizOptionLabel, L), n);
        ui::input_text(fonts, label_name, label_name, f.options[i].label, ("##opt-label-" + std::to_string(i)).c_str(),
                       width - remove_w - gap);
        ImGui::SameLine();
        if (ui::button(fonts, remove, ("opt-remove-" + std::to_string(i)).c_str())) cmds.committee.remove_option = i;
        if (budget) {
            const std::string cost_name = ui::replace_n(tr(Msg::WizOptionCost, L), n);
            ui::input_text(fonts, cost_name, cost_name, f.options[i].cost, ("##opt-cost-" + std::to_string(i)).c_str(),
                           width - remove_w - gap);
        }
    }
    if (ui::button(fonts, tr(Msg::WizAddOption, L), "opt-add")) cmds.committee.add_option = true;
}

void draw_method(AppState& st, Fonts& fonts, float width, OpenForm& f) {
    const core::Lang L = st.lang;
    std::string names[std::size(kMethods)];
    for (size_t i = 0; i < std::size(kMethods); ++i) names[i] = tr(kMethods[i], L);
    ui::text_colored(fonts, ui::kInk, tr(Msg::WizMethod, L));
    ui::combo(fonts, tr(Msg::WizMethod, L), names, static_cast<int>(std::size(names)), f.method, "##method", width);
    const auto m = static_cast<core::VotingMethod>(f.method + 1);
    if (m == core::VotingMethod::Approval || m == core::VotingMethod::Score || m == core::VotingMethod::Budget) {
        const Msg field = m == core::VotingMethod::Approval ? Msg::WizApprovalMax
                          : m == core::VotingMethod::Score  ? Msg::WizScoreMax
                                                            : Msg::WizBudgetCap;
        ui::input_text(fonts, tr(field, L), tr(field, L), f.method_max, "##method-max", width);
    } else if (m == core::VotingMethod::Ranked) {
        for (int k = 0; k < 2; ++k) {
            const std::string label(tr(k == 0 ? Msg::WizCountingIrv : Msg::WizCountingSchulze, L));
            fonts.need(label);
            next_role(Role::Radio, f.ranked_counting == k);
            ImGui::RadioButton((label + "##counting").c_str(), &f.ranked_counting, k);
        }
    }
}

// The organisations delivering the outcome, picked by name from the directory: each picked one with
// 移除, then a search field and its hits as rows to tap (none already picked, none past the limit).
void draw_org_picker(AppState& st, Fonts& fonts, float width, const OpenForm& f, Commands& cmds) {
    const core::Lang L = st.lang;
    ui::text_colored(fonts, ui::kInk, tr(Msg::WizOrgs, L));
    for (size_t i = 0; i < f.organizations.size(); ++i) {
        const core::Org& o = f.organizations[i];
        ImGui::AlignTextToFramePadding();   // the name level with its 移除 button
        ui::text(fonts, o.name);
        const std::string remove(tr(Msg::WizOrgRemove, L));
        ui::next_to(ui::button_width(remove));
        if (ui::button(fonts, remove, ("org-remove-" + std::to_string(o.id)).c_str())) cmds.committee.unpick_org = i;
        note_name(remove + "：" + o.name);
    }
    if (f.organizations.size() >= core::kMaxOrganizations) return;
    std::string& query = st.committee.form.org_query;
    ui::input_text(fonts, tr(Msg::WizOrgSearch, L), tr(Msg::WizOrgSearch, L), query, "##wiz-org-q", width);
    if (f.org_loading) ui::text_colored(fonts, ui::kMuted, tr(Msg::DirSearching, L));
    else if (!f.org_error.empty()) ui::text_colored(fonts, ui::kAccent, std::string(tr(Msg::LoadFailed, L)) + f.org_error);
    else if (!f.org_sent.empty() && f.org_hits.empty()) ui::text_colored(fonts, ui::kMuted, tr(Msg::DirNoResults, L));
    for (size_t i = 0; i < f.org_hits.size(); ++i) {
        const core::Org& o = f.org_hits[i];
        const bool picked = std::any_of(f.organizations.begin(), f.organizations.end(),
                                        [&](const core::Org& x) { return x.id == o.id; });
        if (picked) continue;
        if (ui::selectable(fonts, o.name + " · " + o.district, ("org-hit-" + std::to_string(o.id)).c_str()))
            cmds.committee.pick_org = i;
    }
}

}  // namespace

void draw_committee_open(AppState& st, Fonts& fonts, float width, Commands& cmds) {
    CommitteeState& c = st.committee;
    OpenForm& f = c.form;
    const core::Lang L = st.lang;
    if (ui::button(fonts, tr(Msg::Back, L), "wizard-back")) cmds.committee.close_wizard = true;
    ui::heading(fonts, tr(Msg::WizardHeading, L), ui::kInk);
    ui::input_text(fonts, tr(Msg::WizTitle, L), tr(Msg::WizTitle, L), f.title, "##wiz-title", width);
    multiline(fonts, tr(Msg::WizDescription, L), f.description, "##wiz-description", width);
    if (!c.scope_regions.empty()) {
        std::vector<std::string> names;
        for (const auto& [id, name] : c.scope_regions) names.push_back(name);
        ui::text_colored(fonts, ui::kInk, tr(Msg::WizScope, L));
        f.region_index = std::clamp(f.region_index, 0, static_cast<int>(names.size()) - 1);
        ui::combo(fonts, tr(Msg::WizScope, L), names.data(), static_cast<int>(names.size()), f.region_index, "##wiz-scope",
                  width);
    }
    ImGui::Spacing();
    draw_stages(st, fonts, width, f);
    ImGui::Spacing();
    draw_method(st, fonts, width, f);
    ImGui::Spacing();
    draw_options(st, fonts, width, f, cmds);
    ImGui::Spacing();
    draw_org_picker(st, fonts, width, f, cmds);
    ImGui::Spacing();
    if (c.form_error) ui::text_colored(fonts, ui::kAccent, note_text(*c.form_error, L));
    const bool pending = action_pending(st, kOpenAction);
    if (pending) ImGui::BeginDisabled();
    if (ui::primary_button(fonts, tr(Msg::WizSubmit, L), "wizard-submit")) cmds.committee.submit_open = true;
    if (pending) ImGui::EndDisabled();
    // This form's attempt only (an earlier, accepted opening's "delivered" belongs to the workspace).
    if (c.opening || st.account.form_error_action == kOpenAction) draw_action_status(st, fonts, kOpenAction);
    // [opinion] what the area's residents share, to draft options from: last, so that its lines, which
    // arrive while the form is being filled in, move nothing under a finger.
    ImGui::Spacing();
    draw_opinion_digests(st, fonts);
}

}  // namespace yishi::client
