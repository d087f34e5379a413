// view_committee_codes.cpp — 发放登记码: the committee picks a community in its area, how many codes
// and for how long, and generates them; the batch is shown once, with a printable sheet to download
// and a copy of every code for the clipboard. Refusals and form problems show above the button.
#include <imgui.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "views/views.hpp"
#include "views/ui.hpp"

namespace yishi::client {

using core::Msg;
using core::tr;

namespace {

// A field's caption above it, drawn but not published as an item: tests and screen readers find the
// field itself by that name.
void caption(Fonts& fonts, std::string_view name) {
    fonts.need(name);
    ImGui::TextColored(ui::kInk, "%s", std::string(name).c_str());
}

}  // namespace

void draw_committee_codes(AppState& st, Fonts& fonts, float width, Commands& cmds) {
    CommitteeState& c = st.committee;
    CodesState& k = c.codes;
    const core::Lang L = st.lang;
    if (ui::button(fonts, tr(Msg::Back, L), "codes-back")) cmds.committee.codes.hide = true;
    ui::heading(fonts, tr(Msg::CodesHeading, L), ui::kInk);
    ui::text_colored(fonts, ui::kMuted, tr(Msg::CodesHelp, L));
    if (!c.scope_regions.empty()) {
        std::vector<std::string> names;
        for (const auto& [id, name] : c.scope_regions) names.push_back(name);
        caption(fonts, tr(Msg::CodesFor, L));
        k.region_index = std::clamp(k.region_index, 0, static_cast<int>(names.size()) - 1);
        ui::combo(fonts, tr(Msg::CodesFor, L), names.data(), static_cast<int>(names.size()), k.region_index,
                  "##codes-for", width);
    }
    caption(fonts, tr(Msg::CodesCount, L));
    ui::input_text(fonts, tr(Msg::CodesCount, L), "20", k.count, "##codes-count", width);
    caption(fonts, tr(Msg::CodesDays, L));
    ui::input_text(fonts, tr(Msg::CodesDays, L), "30", k.days, "##codes-days", width);
    ImGui::Spacing();
    if (k.error) ui::text_colored(fonts, ui::kAccent, note_text(*k.error, L));
    if (k.issuing) ImGui::BeginDisabled();
    if (ui::primary_button(fonts, tr(Msg::CodesIssue, L), "codes-issue")) cmds.committee.codes.issue = true;
    if (k.issuing) ImGui::EndDisabled();
    if (k.issuing) ui::text_colored(fonts, ui::kMuted, tr(Msg::CodesIssuing, L));
    if (k.issued.codes.empty()) return;

    ImGui::Spacing();
    ImGui::Separator();
    ui::text_colored(fonts, ui::kGood,
                     ui::replace_n(tr(Msg::CodesIssued, L), static_cast<long long>(k.issued.codes.size())) +
                         k.issued.region_name + " · " + std::string(tr(Msg::EnrollRegion, L)) + " " +
                         std::to_string(k.issued.region) + " · " + std::string(tr(Msg::SheetUntil, L)) +
                         china_date(k.issued.expires_ms));
    if (ui::primary_button(fonts, tr(Msg::CodesSave, L), "codes-save")) cmds.committee.codes.save = L;
    ImGui::SameLine();
    if (ui::button(fonts, tr(Msg::CodesCopy, L), "codes-copy")) {
        std::string all;
        for (const auto& code : k.issued.codes) all += code + "\n";
        ImGui::SetClipboardText(all.c_str());   // the platform hands it to navigator.clipboard
    }
    if (!k.saved.empty()) ui::text_colored(fonts, ui::kMuted, std::string(tr(Msg::CodesSaved, L)) + k.saved);
    for (const auto& code : k.issued.codes) ui::text(fonts, code);
}

}  // namespace yishi::client
