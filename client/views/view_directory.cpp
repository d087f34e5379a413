// view_directory.cpp — the social-organisation directory: search, filters, results, one record and the
// consultations that name it.
#include <imgui.h>

#include <string>

#include "views/views.hpp"
#include "views/ui.hpp"

namespace yishi::client {

using core::Lang;
using core::Msg;
using core::tr;

namespace {

constexpr float kPhoneWidthCss = 600.0f;
constexpr Msg kTypeNames[kOrgTypeCount] = {Msg::OrgTypeSocialGroup, Msg::OrgTypeSocialService,
                                           Msg::OrgTypeFoundation, Msg::OrgTypeCommunity};

std::string type_name(core::OrgType t, Lang lang) { return std::string(tr(kTypeNames[static_cast<int>(t)], lang)); }

std::string status_name(core::OrgStatus s, Lang lang) {
    static constexpr Msg kNames[] = {Msg::OrgStatusActive, Msg::OrgStatusDeregistered, Msg::OrgStatusRevoked};
    return std::string(tr(kNames[static_cast<int>(s)], lang));
}

void field(Fonts& fonts, Lang lang, Msg label, const std::string& value) {
    if (value.empty()) return;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ui::text_colored(fonts, ui::kMuted, tr(label, lang));
    ImGui::TableNextColumn();
    ImGui::PushTextWrapPos(0.0f);
    ui::text(fonts, value);
    ImGui::PopTextWrapPos();
}

// The consultations naming this organisation (三社联动); a row opens the consultation page.
void draw_linked(const AppState& st, Fonts& fonts, Commands& cmds) {
    const DirectoryState& d = st.directory;
    const Lang lang = st.lang;
    ImGui::Spacing();
    ui::text_colored(fonts, ui::kInk, tr(Msg::OrgConsultations, lang));
    if (!d.linked_error.empty()) {
        ui::text_colored(fonts, ui::kAccent, std::string(tr(Msg::LoadFailed, lang)) + d.linked_error);
    } else if (d.linked.empty()) {
        ui::text_colored(fonts, ui::kMuted, tr(d.linked_loading ? Msg::Loading : Msg::OrgConsultationsNone, lang));
    }
    for (const ConsultationSummary& c : d.linked) {
        const std::string id = "org-c-" + std::to_string(c.id);
        if (ui::selectable(fonts, c.title, id.c_str())) cmds.j.open_consultation = c.id;
        std::string meta(tr(stage_name(c.stage), lang));
        if (!c.region_name.empty()) meta += " · " + c.region_name;
        ui::text_colored(fonts, ui::kMuted, meta);
    }
}

void draw_org(const AppState& st, Fonts& fonts, const core::Org& o, float width, Commands& cmds) {
    const Lang lang = st.lang;
    if (ui::button(fonts, "← " + std::string(tr(Msg::DirBack, lang)), "back")) cmds.directory.close_org = true;
    ImGui::Spacing();
    ui::heading(fonts, o.name, ui::kInk);
    if (!ImGui::BeginTable("org", 2, ImGuiTableFlags_SizingFixedFit, ImVec2(width, 0))) return;
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    field(fonts, lang, Msg::FieldCreditCode, o.credit_code.empty() ? std::string(tr(Msg::DirNoCode, lang)) : o.credit_code);
    field(fonts, lang, Msg::FieldType, type_name(o.type, lang));
    field(fonts, lang, Msg::FieldStatus, status_name(o.status, lang));
    field(fonts, lang, Msg::FieldAuthority, o.authority);
    field(fonts, lang, Msg::FieldDistrict, o.district);
    field(fonts, lang, Msg::FieldCommunity, o.community);
    std::string cats;
    for (const auto& c : o.categories) {
        if (!cats.empty()) cats += "、";
        cats += c;
    }
    field(fonts, lang, Msg::FieldCategories, cats);
    field(fonts, lang, Msg::FieldAddress, o.address);
    field(fonts, lang, Msg::FieldContact, o.contact);
    field(fonts, lang, Msg::FieldRegistered, o.registered_on);
    field(fonts, lang, Msg::FieldVolunteers, std::to_string(o.volunteers));
    field(fonts, lang, Msg::FieldAbout, o.description);
    ImGui::EndTable();
    draw_linked(st, fonts, cmds);
}

void draw_filters(AppState& st, Fonts& fonts, float width) {
    DirectoryState& d = st.directory;
    const Lang lang = st.lang;
    ui::input_text(fonts, tr(Msg::DirSearchLabel, lang), tr(Msg::DirSearchHint, lang), d.query, "##dir-search", width);

    std::vector<std::string> districts{std::string(tr(Msg::DirAllDistricts, lang))};
    districts.insert(districts.end(), d.districts.begin(), d.districts.end());
    std::string types[kOrgTypeCount + 1] = {std::string(tr(Msg::DirAllTypes, lang))};
    for (int i = 0; i < kOrgTypeCount; ++i) types[i + 1] = tr(kTypeNames[i], lang);

    const bool phone = st.css_width < kPhoneWidthCss;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float combo_w = phone ? width : (width - spacing) / 2;
    if (d.district > static_cast<int>(d.districts.size())) d.district = 0;
    ui::combo(fonts, tr(Msg::DirDistrict, lang), districts.data(), static_cast<int>(districts.size()), d.district,
              "##dir-district", combo_w);
    if (!phone) ImGui::SameLine();
    ui::combo(fonts, tr(Msg::DirType, lang), types, kOrgTypeCount + 1, d.type, "##dir-type", combo_w);
}

void draw_results(const AppState& st, Fonts& fonts, Commands& cmds) {
    const DirectoryState& d = st.directory;
    const Lang lang = st.lang;
    if (!d.error.empty()) {
        ui::text_colored(fonts, ui::kAccent, std::string(tr(Msg::DirFailed, lang)) + d.error);
    } else if (d.loading && d.items.empty()) {
        ui::text_colored(fonts, ui::kMuted, tr(Msg::DirSearching, lang));
    } else if (d.total == 0 && !d.sent.empty()) {
        ui::text_colored(fonts, ui::kMuted, tr(Msg::DirNoResults, lang));
    } else if (!d.sent.empty()) {
        ui::text_colored(fonts, ui::kMuted, ui::replace_n(tr(Msg::DirTotal, lang), static_cast<long long>(d.total)));
    }
    if (d.cache.ready()) {
        ui::text_colored(fonts, ui::kGood, ui::replace_n(tr(Msg::DirLocalReady, lang), static_cast<long long>(d.cache.index().size())));
    } else if (d.syncing) {
        ui::text_colored(fonts, ui::kMuted, ui::replace_n(tr(Msg::DirSyncing, lang), static_cast<long long>(d.synced_records)));
    }
    // The offline copy is the resident's choice on this device (about 1.3 MB on a phone's data plan).
    bool keep = d.offline_copy_wanted;
    if (d.cache.usable() && ui::checkbox(fonts, tr(Msg::DirKeepCopy, lang), keep, "dir-keep-copy"))
        cmds.directory.keep_directory = keep;
    ImGui::Spacing();
    for (size_t i = 0; i < d.items.size(); ++i) {
        const core::Org& o = d.items[i];
        if (ui::selectable(fonts, o.name, std::to_string(o.id).c_str())) cmds.directory.open_org = i;
        std::string meta = type_name(o.type, lang) + " · " + o.district;
        if (!o.community.empty()) meta += " · " + o.community;
        if (o.status != core::OrgStatus::Active) meta += " · " + status_name(o.status, lang);
        ui::text_colored(fonts, ui::kMuted, meta);
        ImGui::Spacing();
    }
    if (d.items.size() < d.total && ui::button(fonts, tr(Msg::DirLoadMore, lang), "more")) cmds.directory.load_more = true;
}

}  // namespace

void draw_directory(AppState& st, Fonts& fonts, float width, Commands& cmds) {
    const DirectoryState& d = st.directory;
    if (d.open && *d.open < d.items.size()) {
        draw_org(st, fonts, d.items[*d.open], width, cmds);
        return;
    }
    ui::heading(fonts, tr(Msg::DirHeading, st.lang), ui::kInk);
    draw_filters(st, fonts, width);
    ImGui::Spacing();
    draw_results(st, fonts, cmds);
}

}  // namespace yishi::client
