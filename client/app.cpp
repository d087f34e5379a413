// app.cpp — the home screen and the app's controller (see app.hpp).
//
// [SECTION] Small UI helpers: every string passes through Fonts (glyph coverage) and note_text (tests)
// [SECTION] Home screen
// [SECTION] Controller: commands, health polling
#include "app.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <string>

#include "fonts.hpp"
#include "item_hooks.hpp"
#include "net.hpp"

namespace yishi::client {

using core::Lang;
using core::Msg;
using core::tr;

namespace {

constexpr float kPhoneWidthCss = 600.0f;       // below this, one column and tighter margins
constexpr float kMaxContentWidthCss = 880.0f;  // readable line length on wide screens
constexpr double kHealthRetrySeconds = 5.0;    // while the server is unreachable
constexpr double kHealthRefreshSeconds = 60.0; // while it is online
const ImVec4 kAccent(0.70f, 0.11f, 0.11f, 1.0f);   // 中国红-ish, for headings and the primary button
const ImVec4 kMuted(0.38f, 0.38f, 0.40f, 1.0f);

// [SECTION] Small UI helpers

void text(Fonts& fonts, std::string_view s) {
    fonts.need(s);
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    note_text(s);
}

void text_colored(Fonts& fonts, const ImVec4& color, std::string_view s) {
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    text(fonts, s);
    ImGui::PopStyleColor();
}

void heading(Fonts& fonts, std::string_view s, const ImVec4& color = kAccent) {
    fonts.need_heading(s);
    ImGui::PushFont(fonts.heading());
    text_colored(fonts, color, s);
    ImGui::PopFont();
}

bool button(Fonts& fonts, std::string_view label, const char* id) {
    fonts.need(label);
    ImGui::PushID(id);
    bool pressed = ImGui::Button(std::string(label).c_str());
    ImGui::PopID();
    return pressed;
}

// [SECTION] Home screen

// right_x: the content column's right edge, in window coordinates.
void draw_top_bar(const AppState& st, Fonts& fonts, float right_x, Commands& cmds) {
    heading(fonts, tr(Msg::AppTitle, st.lang));
    const std::string_view switch_label = tr(Msg::SwitchLanguage, st.lang);
    const float button_w = ImGui::CalcTextSize(std::string(switch_label).c_str()).x +
                           ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SameLine(right_x - button_w);
    ImGui::PushStyleColor(ImGuiCol_Button, kAccent);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.80f, 0.18f, 0.18f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0.55f, 0.08f, 0.08f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    if (button(fonts, switch_label, "lang")) cmds.switch_language = true;
    ImGui::PopStyleColor(4);
    text_colored(fonts, kMuted, tr(Msg::Tagline, st.lang));
}

void draw_cycle(const AppState& st, Fonts& fonts, float width) {
    static constexpr Msg kStages[][2] = {
        {Msg::StageNeeds, Msg::StageNeedsHelp},
        {Msg::StageDeliberate, Msg::StageDeliberateHelp},
        {Msg::StageDecide, Msg::StageDecideHelp},
        {Msg::StageEvaluate, Msg::StageEvaluateHelp},
    };
    heading(fonts, tr(Msg::CycleHeading, st.lang), ImVec4(0.15f, 0.15f, 0.18f, 1.0f));
    const int columns = st.css_width < kPhoneWidthCss ? 1 : 4;
    if (!ImGui::BeginTable("cycle", columns, ImGuiTableFlags_SizingStretchSame, ImVec2(width, 0))) return;
    int n = 1;
    for (const auto& stage : kStages) {
        ImGui::TableNextColumn();
        text_colored(fonts, kAccent, std::to_string(n++) + ". " + std::string(tr(stage[0], st.lang)));
        ImGui::PushTextWrapPos(0.0f);
        text(fonts, tr(stage[1], st.lang));
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
    }
    ImGui::EndTable();
}

void draw_server_status(const AppState& st, Fonts& fonts) {
    switch (st.server) {
        case ServerState::Online:
            text_colored(fonts, ImVec4(0.10f, 0.50f, 0.20f, 1.0f),
                         std::string(tr(Msg::ServerOnline, st.lang)) + " " + st.server_version);
            break;
        case ServerState::Offline:
            text_colored(fonts, kAccent, tr(Msg::ServerOffline, st.lang));
            break;
        default:
            text_colored(fonts, kMuted, tr(Msg::ServerChecking, st.lang));
    }
}

}  // namespace

Commands draw_app(const AppState& st, Fonts& fonts) {
    Commands cmds;
    const ImGuiIO& io = ImGui::GetIO();
    const float scale = st.css_width > 0 ? io.DisplaySize.x / st.css_width : 1.0f;
    const bool phone = st.css_width < kPhoneWidthCss;

    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    const float margin = (phone ? 16.0f : 32.0f) * scale;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(margin, margin));
    ImGui::Begin("home", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::PopStyleVar();

    // Centre a column of readable width on wide screens.
    const float avail = ImGui::GetContentRegionAvail().x;
    const float column = std::min(avail, kMaxContentWidthCss * scale);
    const float indent = (avail - column) / 2;
    if (indent > 0) ImGui::Indent(indent);
    const float right_x = ImGui::GetCursorPosX() + column;
    ImGui::PushTextWrapPos(right_x);

    draw_top_bar(st, fonts, right_x, cmds);
    ImGui::Separator();
    ImGui::Spacing();
    text(fonts, tr(Msg::Intro, st.lang));
    ImGui::Spacing();
    ImGui::Spacing();
    draw_cycle(st, fonts, column);
    ImGui::Spacing();
    ImGui::Separator();
    draw_server_status(st, fonts);

    ImGui::PopTextWrapPos();
    if (indent > 0) ImGui::Unindent(indent);
    ImGui::End();
    return cmds;
}

// [SECTION] Controller

void apply_commands(AppState& st, const Commands& cmds) {
    if (cmds.switch_language) st.lang = core::other_lang(st.lang);
}

bool tick_app(AppState& st, double now, Net& net) {
    if (st.server == ServerState::Checking || now < st.next_health_check) return false;
    const bool first = st.server == ServerState::Unknown;
    if (first) st.server = ServerState::Checking;
    st.next_health_check = now + kHealthRetrySeconds;  // until an answer says otherwise
    net.get("/api/health", [&st, now](const HttpResponse& r) {
        auto body = nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
        if (r.status == 200 && body.is_object() && body.value("ok", false)) {
            st.server = ServerState::Online;
            st.server_version = body.value("version", "");
            st.next_health_check = now + kHealthRefreshSeconds;
        } else {
            st.server = ServerState::Offline;
        }
    });
    return first;
}

}  // namespace yishi::client
