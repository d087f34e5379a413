// app.cpp — the app's frame (top bar, navigation, the current view) and its controller.
//
// [SECTION] Frame: window, top bar, navigation
// [SECTION] Controller: commands, health polling, directory searches
#include "app.hpp"

#include <imgui.h>
#include <imgui_internal.h>   // SetNextWindowScroll (1.86 has it only here)
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <cctype>
#include <cstdio>
#include <string>
#include <tuple>

#include "platform/fonts.hpp"
#include "model/net.hpp"
#include "routes.hpp"
#include "views/ui.hpp"
#include "wire.hpp"

namespace yishi::client {

using core::Msg;
using core::tr;

namespace {

constexpr float kPhoneWidthCss = theme::kPhoneWidthCssPx;  // below this, tighter margins and the tab bar
constexpr float kMaxContentWidthCss = 880.0f;   // readable line length on wide screens
constexpr double kHealthRetrySeconds = 5.0;     // while the server is unreachable
constexpr double kHealthRefreshSeconds = 60.0;  // while it is online
constexpr size_t kPageSize = 20;                // organisations per page

// [SECTION] Frame

struct NavEntry { Screen screen; Msg label, short_label; const char* id; };
constexpr NavEntry kNav[] = {{Screen::Home, Msg::NavHome, Msg::NavHome, "nav-home"},
                             {Screen::Directory, Msg::NavDirectory, Msg::NavDirectoryShort, "nav-dir"},
                             {Screen::Feedback, Msg::NavFeedback, Msg::NavFeedback, "nav-feedback"},
                             {Screen::FeedbackQueue, Msg::NavQueue, Msg::NavQueueShort, "nav-queue"},
                             {Screen::Me, Msg::NavMe, Msg::NavMe, "nav-me"}};

// Tabs only for the roles the resident holds: the feedback queue (反馈处理) is the committee's.
bool nav_shown(const AppState& st, Screen screen) {
    return screen != Screen::FeedbackQueue || !st.committee.roles.empty();
}

float button_width(std::string_view label) {
    return ImGui::CalcTextSize(std::string(label).c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
}

// right_x: the content column's right edge, in window coordinates. On phones the navigation is the
// bottom tab bar (draw_tab_bar); on wide screens it is a row of tabs under the title.
void draw_top_bar(const AppState& st, Fonts& fonts, float right_x, bool phone, Commands& cmds) {
    ui::heading(fonts, tr(Msg::AppTitle, st.lang));
    // The settings, right-aligned and secondary: the text size, then the language.
    const std::string size_label(tr(st.large_text ? Msg::TextStandard : Msg::TextLarge, st.lang));
    const std::string switch_label(tr(Msg::SwitchLanguage, st.lang));
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float buttons = button_width(size_label) + spacing + button_width(switch_label);
    // Beside the title when they fit; else on a row of their own under it (a phone in English at 大字).
    if (ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + 2 * spacing + buttons <= right_x)
        ImGui::SameLine(right_x - buttons);
    else
        ImGui::SetCursorPosX(right_x - buttons);
    if (ui::button(fonts, size_label, "text-size")) cmds.large_text = !st.large_text;
    ImGui::SameLine();
    if (ui::button(fonts, switch_label, "lang")) cmds.switch_language = true;
    if (!phone) ui::text_colored(fonts, ui::kMuted, tr(Msg::Tagline, st.lang));

    if (!phone) {  // tabs: the current screen's is tinted and red
        for (const auto& [screen, label, short_label, id] : kNav) {
            if (!nav_shown(st, screen)) continue;
            if (screen != Screen::Home) {   // next to the previous tab, or on a new row if it would not fit
                const float next_x = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + spacing;
                if (next_x + button_width(tr(label, st.lang)) <= right_x) ImGui::SameLine();
            }
            const bool current = st.screen == screen;
            if (current) {
                ImGui::PushStyleColor(ImGuiCol_Button, ui::color(theme::kTint));
                ImGui::PushStyleColor(ImGuiCol_Text, ui::kAccent);
                ImGui::PushStyleColor(ImGuiCol_Border, ui::kAccent);
            }
            if (ui::button(fonts, tr(label, st.lang), id)) cmds.go = screen;
            if (current) ImGui::PopStyleColor(3);
        }
    }
    draw_outbox_badge(st, fonts, cmds);  // [journeys]
}

// The phone's bottom tab bar: one equal cell per screen across the full width, the current one red
// on a tint; a label that does not fit its cell uses its short form.
void draw_tab_bar(const AppState& st, Fonts& fonts, float height, Commands& cmds) {
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, io.DisplaySize.y - height));
    ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x, height));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ui::color(theme::kSurface));
    ImGui::Begin("tabs", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoScrollWithMouse);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetWindowPos();
    dl->AddLine(p, ImVec2(p.x + io.DisplaySize.x, p.y), ImGui::GetColorU32(ui::color(theme::kDivider)),
                ImGui::GetStyle().FrameBorderSize);
    const auto shown = static_cast<float>(std::count_if(std::begin(kNav), std::end(kNav),
                                                        [&](const NavEntry& n) { return nav_shown(st, n.screen); }));
    const float cell = io.DisplaySize.x / shown;
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 0.0f);
    const float room = cell - ImGui::GetStyle().FramePadding.x / 2;
    for (const auto& [screen, label, short_label, id] : kNav) {
        if (!nav_shown(st, screen)) continue;
        std::string_view text = tr(label, st.lang);
        if (ImGui::CalcTextSize(std::string(text).c_str()).x > room) text = tr(short_label, st.lang);
        const bool current = st.screen == screen;
        ImGui::PushStyleColor(ImGuiCol_Button, current ? ui::color(theme::kTint) : ui::color(theme::kSurface));
        ImGui::PushStyleColor(ImGuiCol_Text, current ? ui::kAccent : ui::kInk);
        fonts.need(text);
        // A label that still does not fit its cell is drawn smaller (as phones do), never clipped.
        const float text_w = ImGui::CalcTextSize(std::string(text).c_str()).x;
        const float shrink = text_w > room ? std::max(0.7f, room / text_w) : 1.0f;
        if (shrink < 1.0f) ImGui::SetWindowFontScale(shrink);
        ImGui::PushID(id);
        if (ImGui::Button(std::string(text).c_str(), ImVec2(cell, height))) cmds.go = screen;
        ImGui::PopID();
        if (shrink < 1.0f) ImGui::SetWindowFontScale(1.0f);
        ImGui::PopStyleColor(2);
        ImGui::SameLine();
    }
    ImGui::PopStyleVar(2);
    ImGui::End();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar(2);
}

// First visit: offer 大字 once, above everything else on the home screen.
void draw_text_size_offer(const AppState& st, Fonts& fonts, float width, Commands& cmds) {
    ui::begin_card(width);
    ui::text(fonts, tr(Msg::TextSizeAsk, st.lang));
    if (ui::primary_button(fonts, tr(Msg::TextLarge, st.lang), "offer-large")) cmds.large_text = true;
    ImGui::SameLine();
    if (ui::button(fonts, tr(Msg::TextStandard, st.lang), "offer-standard")) cmds.large_text = false;
    ui::end_card("", "offer", false);
    ImGui::Spacing();
}

}  // namespace

namespace {

// What is being shown, as far as scrolling goes: the screen and which page or form of it.
std::string view_key(const AppState& st) {
    std::string key = std::to_string(static_cast<int>(st.screen));
    if (st.screen == Screen::Home && st.journeys.open) key += ":c" + std::to_string(*st.journeys.open);
    if (st.screen == Screen::Committee)
        key += st.committee.codes.shown ? ":codes" : st.committee.wizard ? ":wizard" : "";
    if (st.screen == Screen::Directory && st.directory.open) key += ":org";
    return key;
}

}  // namespace

Commands draw_app(AppState& st, Fonts& fonts) {
    Commands cmds;
    const ImGuiIO& io = ImGui::GetIO();
    const float scale = st.css_width > 0 ? io.DisplaySize.x / st.css_width : 1.0f;
    const bool phone = st.css_width < kPhoneWidthCss;

    const float text_scale = st.large_text ? theme::kLargeTextScale : 1.0f;
    const float tab_bar = phone ? std::round(theme::kTabBarCssPx * scale * text_scale) : 0.0f;
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x, io.DisplaySize.y - tab_bar));
    // A new view starts at its top: the one window keeps its scroll otherwise, so a list reached from a
    // long page would open scrolled (and settle a frame later, under the finger that taps it).
    const std::string view = view_key(st);
    if (view != st.drawn_view) {
        ImGui::SetNextWindowScroll(ImVec2(0, 0));
        st.drawn_view = view;
    }
    const float margin = (phone ? 16.0f : 32.0f) * scale;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(margin, margin));
    ImGui::Begin("yishi", nullptr,
                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::PopStyleVar();

    // Centre a column of readable width on wide screens.
    const float avail = ImGui::GetContentRegionAvail().x;
    const float column = std::min(avail, kMaxContentWidthCss * scale);
    const float indent = (avail - column) / 2;
    if (indent > 0) ImGui::Indent(indent);
    const float right_x = ImGui::GetCursorPosX() + column;
    ImGui::PushTextWrapPos(right_x);

    draw_top_bar(st, fonts, right_x, phone, cmds);
    ImGui::Separator();
    ImGui::Spacing();
    if (!st.text_size_asked && st.screen == Screen::Home) draw_text_size_offer(st, fonts, column, cmds);
    switch (st.screen) {
        case Screen::Home:
            // [journeys] the community's consultations above the introduction; one consultation's page
            if (st.journeys.open) {
                draw_consultation(st, fonts, column, cmds);
            } else {
                draw_consultations(st, fonts, column, cmds);
                ImGui::Spacing();
                ImGui::Separator();
                draw_home(st, fonts, column);
            }
            break;
        case Screen::Directory: draw_directory(st, fonts, column, cmds); break;
        case Screen::Feedback: draw_feedback(st, fonts, column, cmds); break;
        case Screen::FeedbackQueue: draw_feedback_queue(st, fonts, column, cmds.feedback); break;
        case Screen::Me: draw_account(st, fonts, column, cmds); break;  // [journeys]
        case Screen::Committee:  // [committee]
            if (st.committee.codes.shown) draw_committee_codes(st, fonts, column, cmds);
            else if (st.committee.wizard) draw_committee_open(st, fonts, column, cmds);
            else draw_committee(st, fonts, column, cmds);
            break;
        case Screen::Moderation: draw_moderation(st, fonts, column, cmds); break;  // [moderation]
    }

    ImGui::PopTextWrapPos();
    if (indent > 0) ImGui::Unindent(indent);
    ImGui::End();
    if (phone) draw_tab_bar(st, fonts, tab_bar, cmds);
    return cmds;
}

// [SECTION] Controller

namespace {

// The server's error message, or a generic one when there was no answer.
std::string error_of(const HttpResponse& r) {
    if (std::string m = wire::error_message_of(r.body); !m.empty()) return m;
    return r.status == 0 ? "no connection" : "HTTP " + std::to_string(r.status);
}

std::string search_key(const DirectoryState& d) {
    return d.query + '\x1f' + std::to_string(d.district) + '\x1f' + std::to_string(d.type);
}

core::OrgQuery query_of(const DirectoryState& d, size_t offset) {
    core::OrgQuery q;
    q.q = d.query;
    if (d.district > 0 && d.district <= static_cast<int>(d.districts.size())) q.district = d.districts[d.district - 1];
    if (d.type > 0) q.type = static_cast<core::OrgType>(d.type - 1);
    q.limit = kPageSize;
    q.offset = offset;
    return q;
}

// The local copy answers at once (and offline) once it is complete.
void search_locally(DirectoryState& d, bool next_page) {
    d.sent = search_key(d);
    ++d.serial;  // answers of server searches still on their way are now stale
    d.loading = false;
    d.error.clear();
    if (!next_page) d.items.clear(), d.open.reset();
    const core::OrgHits hits = d.cache.index().search(query_of(d, d.items.size()));
    for (const core::Org* o : hits.items) d.items.push_back(*o);
    d.total = hits.total;
}

void search_directory(DirectoryState& d, Net& net, bool next_page) {
    if (d.cache.ready()) return search_locally(d, next_page);
    const std::string key = search_key(d);
    const int serial = ++d.serial;
    d.sent = key;
    d.loading = true;
    net.get(orgs_search_path(query_of(d, next_page ? d.items.size() : 0)), [&d, serial, next_page](const HttpResponse& r) {
        if (serial != d.serial) return;  // a newer search has been sent since
        d.loading = false;
        if (r.status != 200) {
            d.error = error_of(r);
            return;
        }
        const auto body = wire::parse_json(r.body);
        auto orgs = wire::decode_org_list(body);
        if (!orgs) {
            d.error = core::error_code(orgs.error());
            return;
        }
        d.error.clear();
        if (!next_page) d.items.clear(), d.open.reset();
        for (auto& o : orgs.value()) d.items.push_back(std::move(o));
        d.total = static_cast<size_t>(std::max<int64_t>(0, wire::json_int(body, "total")));
    });
}

bool tick_health(AppState& st, double now, Net& net) {
    if (st.server == ServerState::Checking || now < st.next_health_check) return false;
    const bool first = st.server == ServerState::Unknown;
    if (first) st.server = ServerState::Checking;
    st.next_health_check = now + kHealthRetrySeconds;  // until an answer says otherwise
    net.get("/api/health", [&st, now](const HttpResponse& r) {
        auto body = wire::parse_json(r.body);
        if (r.status == 200 && wire::json_bool(body, "ok")) {
            st.server = ServerState::Online;
            st.server_version = wire::json_str(body, "version");
            st.next_health_check = now + kHealthRefreshSeconds;
        } else {
            st.server = ServerState::Offline;
        }
    });
    return first;
}

constexpr size_t kSyncPage = 2000;          // records per /api/orgs/changes request
constexpr const char* kKeepDirectorySetting = "directory.offline_copy";  // LocalStore setting: "off" or "on"
constexpr double kSyncRetrySeconds = 30.0;  // after a failed sync (offline, server down)

// Brings the local copy up to date, one page per call while pages keep coming.
void sync_directory(AppState& st, double now, Net& net) {
    DirectoryState& d = st.directory;
    if (!d.cache_opened) {
        d.cache_opened = true;
        d.offline_copy_wanted = st.journeys.me.store.setting(kKeepDirectorySetting) != "off";
        if (!st.cache_path.empty()) d.cache.open(st.cache_path);
    }
    if (!d.cache.usable() || d.synced || d.syncing || now < d.next_sync || !d.offline_copy_wanted) return;
    // Until the copy is complete, searches go to the server: the first results must not wait behind
    // a page of the copy, and a metered or slow connection (the platform says) builds no copy at all.
    if (!d.cache.ready() && (d.loading || d.sent.empty() || !d.offline_copy_allowed)) return;
    d.syncing = true;
    const std::string path = "/api/orgs/changes?since=" + std::to_string(d.cache.since()) +
                             "&limit=" + std::to_string(kSyncPage);
    net.get(path, [&st, &d, now](const HttpResponse& r) {
        d.syncing = false;
        if (!d.offline_copy_wanted) return;   // turned off while this page was on its way
        auto body = wire::parse_json(r.body);
        auto orgs = wire::decode_org_list(body);
        const auto& done_field = wire::json_field(body, "done");
        const auto& since_field = wire::json_field(body, "next_since");
        if (r.status != 200 || !orgs || !done_field.is_boolean() || !since_field.is_number_integer()) {
            d.next_sync = now + kSyncRetrySeconds;
            return;
        }
        const std::vector<core::Org>& page = orgs.value();
        const bool done = done_field.get<bool>();
        const bool was_ready = d.cache.ready();
        if (!d.cache.apply(page, since_field.get<int64_t>(), done)) {
            d.next_sync = now + kSyncRetrySeconds;
            return;
        }
        d.synced_records += page.size();
        d.synced = done;
        if (st.persist) st.persist();
        if (d.cache.ready() && (!was_ready || !page.empty())) {
            d.districts = d.cache.index().districts();
            if (!d.open) d.sent.clear();  // search again, now locally (not under an open record: it would close)
        }
    });
}

// The resident's offline-copy setting, kept on this device. Off: the copy is deleted (its storage given
// back) and searches ask the server; on: the copy is built again in the background.
void set_keep_directory(AppState& st, bool keep) {
    DirectoryState& d = st.directory;
    st.journeys.me.store.set_setting(kKeepDirectorySetting, keep ? "on" : "off");
    d.offline_copy_wanted = keep;
    d.synced = false;
    d.synced_records = 0;
    d.next_sync = 0;
    if (!keep && d.cache.usable()) {
        const bool was_ready = d.cache.ready();
        // On failure the rows stay in the file but unused (ready() is false): searches still ask the server.
        static_cast<void>(d.cache.clear());
        if (st.persist) st.persist();
        if (was_ready && !d.open) d.sent.clear();  // search again, now on the server
    }
}

constexpr size_t kLinkedLimit = 50;         // consultations listed on an organisation's page

// The consultations that name the open organisation; an answer for another organisation is dropped.
void load_linked_consultations(DirectoryState& d, Net& net) {
    const int64_t id = d.items[*d.open].id;
    d.linked_for = id;
    d.linked_loading = true;
    d.linked.clear();
    d.linked_error.clear();
    net.get("/api/orgs/" + std::to_string(id) + "/consultations?limit=" + std::to_string(kLinkedLimit),
            [&d, id](const HttpResponse& r) {
                if (d.linked_for != id) return;
                d.linked_loading = false;
                if (r.status != 200) return void(d.linked_error = error_of(r));
                auto list = wire::decode_consultation_list(r.body);
                if (list) d.linked = std::move(list.value());
                else d.linked_error = core::error_code(list.error());
            });
}

bool tick_directory(AppState& st, double now, Net& net) {
    DirectoryState& d = st.directory;
    if (st.screen != Screen::Directory) return false;
    sync_directory(st, now, net);
    bool changed = false;
    if (d.open && *d.open < d.items.size() && d.items[*d.open].id != d.linked_for) {
        load_linked_consultations(d, net);
        changed = true;
    }
    if (d.cache.ready() && d.districts.empty()) d.districts = d.cache.index().districts();
    if (!d.districts_requested && d.districts.empty()) {
        d.districts_requested = true;
        net.get("/api/orgs/districts", [&d](const HttpResponse& r) {
            auto body = wire::parse_json(r.body);
            if (r.status != 200 || !wire::json_field(body, "districts").is_array()) {
                d.districts_requested = false;  // ask again on a later frame
                return;
            }
            d.districts.clear();
            for (const auto& x : body["districts"]) if (x.is_string()) d.districts.push_back(x.get<std::string>());
        });
        changed = true;
    }
    if (search_key(d) != d.sent) {  // the query or a filter changed: search from the first page
        search_directory(d, net, false);
        changed = true;
    }
    return changed;
}

}  // namespace

void apply_commands(AppState& st, const Commands& cmds, Net& net) {
    if (cmds.switch_language) st.lang = core::other_lang(st.lang);
    if (cmds.large_text) st.large_text = *cmds.large_text, st.text_size_asked = true;  // the platform keeps it
    if (cmds.load_more && !st.directory.loading) search_directory(st.directory, net, true);
    if (cmds.go) st.screen = *cmds.go;
    if (cmds.go == Screen::Home && !cmds.j.open_consultation && st.journeys.open)  // 首页 leaves a consultation
        st.journeys.open.reset(), st.journeys.list_stale = true;
    if (cmds.open_org) st.directory.open = cmds.open_org, st.directory.linked_for = 0;  // its consultations afresh
    if (cmds.close_org) st.directory.open.reset();
    if (cmds.keep_directory) set_keep_directory(st, *cmds.keep_directory);
    FeedbackCommands feedback = cmds.feedback;
    // The clerk's queue opens on her own community (the first her committee roles name), already loaded,
    // instead of asking her for the community's number.
    if (cmds.go == Screen::FeedbackQueue && st.feedback.queue_loaded_region == 0 && !st.committee.roles.empty()) {
        if (st.feedback.queue_region.empty()) st.feedback.queue_region = std::to_string(st.committee.roles.front().region);
        feedback.load_queue = true;
    }
    apply_feedback_commands(st.feedback, feedback, net);
    apply_journey_commands(st, cmds, net);  // [journeys]
    apply_opinion_commands(st.opinion, cmds.j);  // [opinion]
    // [committee] 我的 reads the key's roles again (an operator may have just registered it)
    if (cmds.go == Screen::Me) st.journeys.me.resident_known = false, st.journeys.me.next_resident = 0;
    apply_committee_commands(st, cmds.committee, net);
    apply_moderation_commands(st, cmds, net);  // [moderation]
    apply_audit_commands(st.audit, cmds.audit, net);  // [audit]
}

namespace {

// One identity: the feedback screens sign with the account's key (journeys.hpp), know where it is
// enrolled, and the device's sequence number for the key moves forward whoever signed last.
void share_identity(AppState& st) {
    AccountState& me = st.journeys.me;
    FeedbackState& fb = st.feedback;
    if (!me.seed) return;
    if (fb.public_hex != me.key_hex) adopt_identity(fb, *me.seed);   // first time, or after a restore
    fb.region = me.enrolled ? me.region : 0;   // feedback is sent from the community joined on 我的
    if (fb.signed_sequence > me.store.last_sequence(me.key_hex)) {
        me.store.set_last_sequence(me.key_hex, fb.signed_sequence);
        if (st.persist) st.persist();
    }
    fb.local_sequence = me.store.last_sequence(me.key_hex);
}

}  // namespace

bool tick_app(AppState& st, double now, Net& net) {
    bool changed = tick_health(st, now, net);
    changed |= tick_directory(st, now, net);
    changed |= tick_journeys(st, now, net);  // [journeys]
    changed |= tick_opinion(st.opinion, st.journeys, st.committee, now, net);  // [opinion]
    changed |= tick_committee(st, now, net);  // [committee]
    changed |= tick_moderation(st, now, net);  // [moderation]
    const auto& shown = st.journeys.detail;   // [audit] the consultation on screen, if any
    changed |= tick_audit(st.audit, shown && st.journeys.open && shown->s.id == *st.journeys.open ? &*shown : nullptr, net);
    share_identity(st);
    if (st.screen == Screen::Feedback || st.screen == Screen::FeedbackQueue) changed |= tick_feedback(st.feedback, now, net);
    return changed;
}

}  // namespace yishi::client
