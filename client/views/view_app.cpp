// view_app.cpp — the app's frame: the window, the top bar, the navigation (tabs on a PC, the tab bar
// on a phone) and the current screen's view.
#include <imgui.h>
#include <imgui_internal.h>   // SetNextWindowScroll (1.86 has it only here)

#include <algorithm>
#include <cmath>
#include <iterator>
#include <string>

#include "platform/fonts.hpp"
#include "views/ui.hpp"
#include "views/views.hpp"

namespace yishi::client {

using core::Msg;
using core::tr;

namespace {

constexpr float kPhoneWidthCss = theme::kPhoneWidthCssPx;  // below this, tighter margins and the tab bar
constexpr float kMaxContentWidthCss = 880.0f;   // readable line length on wide screens

struct NavEntry { Screen screen; Msg label, short_label; const char* id; };
constexpr NavEntry kNav[] = {{Screen::Home, Msg::NavHome, Msg::NavHome, "nav-home"},
                             {Screen::Directory, Msg::NavDirectory, Msg::NavDirectoryShort, "nav-dir"},
                             {Screen::Feedback, Msg::NavFeedback, Msg::NavFeedback, "nav-feedback"},
                             {Screen::FeedbackQueue, Msg::NavQueue, Msg::NavQueueShort, "nav-queue"},
                             {Screen::Me, Msg::NavMe, Msg::NavMe, "nav-me"}};

// Tabs only for the roles the resident holds: the feedback queue (反馈处理) is the committee's.
bool nav_shown(const AppState& st, Screen screen) {
    return screen != Screen::FeedbackQueue || !st.account.committee_roles.empty();
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

}  // namespace yishi::client
