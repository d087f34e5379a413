// view_home.cpp — the home screen: what Yishi is, the consultation cycle, the server's status.
#include <imgui.h>

#include <string>

#include "views/views.hpp"
#include "views/ui.hpp"

namespace yishi::client {

using core::Msg;
using core::tr;

namespace {

constexpr float kPhoneWidthCss = 600.0f;  // below this, one column

void draw_cycle(const AppState& st, Fonts& fonts, float width) {
    static constexpr Msg kStages[][2] = {
        {Msg::StageNeeds, Msg::StageNeedsHelp},
        {Msg::StageDeliberate, Msg::StageDeliberateHelp},
        {Msg::StageDecide, Msg::StageDecideHelp},
        {Msg::StageEvaluate, Msg::StageEvaluateHelp},
    };
    ui::heading(fonts, tr(Msg::CycleHeading, st.lang), ui::kInk);
    const int columns = st.css_width < kPhoneWidthCss ? 1 : 4;
    if (!ImGui::BeginTable("cycle", columns, ImGuiTableFlags_SizingStretchSame, ImVec2(width, 0))) return;
    int n = 1;
    for (const auto& stage : kStages) {
        ImGui::TableNextColumn();
        ui::tinted(fonts, ui::kAccent, std::to_string(n++) + ". " + std::string(tr(stage[0], st.lang)));
        ImGui::PushTextWrapPos(0.0f);
        ui::text(fonts, tr(stage[1], st.lang));
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
    }
    ImGui::EndTable();
}

void draw_server_status(const AppState& st, Fonts& fonts) {
    switch (st.server) {
        case ServerState::Online:
            ui::text_colored(fonts, ui::kGood, std::string(tr(Msg::ServerOnline, st.lang)) + " " + st.server_version);
            break;
        case ServerState::Offline:
            ui::text_colored(fonts, ui::kAccent, tr(Msg::ServerOffline, st.lang));
            break;
        default:
            ui::text_colored(fonts, ui::kMuted, tr(Msg::ServerChecking, st.lang));
    }
}

}  // namespace

void draw_home(const AppState& st, Fonts& fonts, float width) {
    ui::text(fonts, tr(Msg::Intro, st.lang));
    ImGui::Spacing();
    ImGui::Spacing();
    draw_cycle(st, fonts, width);
    ImGui::Spacing();
    ImGui::Separator();
    draw_server_status(st, fonts);
}

}  // namespace yishi::client
