// app.hpp — the portal's state and its one entry point per frame.
//
// The UI is a function of AppState (hello_imgui's pattern): draw_app() reads the state and returns
// the commands the user gave; apply_commands() and tick_app() change the state and talk to the
// network through the Net interface. No SQL, HTTP or crypto inside a view.
#pragma once
#include <string>

#include "yishi/i18n.hpp"

namespace yishi::client {

class Net;
class Fonts;

enum class ServerState { Unknown, Checking, Online, Offline };  // what /api/health last said

struct AppState {
    core::Lang lang = core::Lang::ZhCN;   // UI language (zh-CN first)
    ServerState server = ServerState::Unknown;
    std::string server_version;           // from /api/health when Online
    double next_health_check = 0;         // seconds (platform clock) of the next /api/health
    float css_width = 0;                  // viewport width in CSS pixels (phone layouts below 600)
};

struct Commands {
    bool switch_language = false;         // the user pressed the language switch
};

Commands draw_app(const AppState& state, Fonts& fonts);     // draws one frame of the UI
void apply_commands(AppState& state, const Commands& cmds); // state changes the user asked for
bool tick_app(AppState& state, double now, Net& net);       // timers and network; true if state changed

}  // namespace yishi::client
