// app.hpp — the portal's state and its entry points per frame.
//
// The UI is a function of AppState (hello_imgui's pattern): draw_app() (views/views.hpp) draws it and
// returns the commands the user gave (views may edit their own text buffers, nothing else);
// apply_commands() and tick_app() hand each feature its commands, the account and the network
// (model/: apply_<feature>(FeatureState&, const FeatureCommands&, Account&, Net&)) and keep the
// navigation. No SQL, HTTP or crypto in a view, so every flow can be driven without a GPU.
#pragma once
#include <optional>
#include <string>

#include "model/account.hpp"
#include "model/committee.hpp"
#include "model/directory.hpp"
#include "model/feedback.hpp"
#include "model/journeys.hpp"
#include "model/moderation.hpp"
#include "model/opinion.hpp"
#include "model/recount.hpp"
#include "model/screen.hpp"
#include "yishi/china_time.hpp"
#include "yishi/i18n.hpp"

namespace yishi::client {

class Net;

enum class ServerState { Unknown, Checking, Online, Offline };  // what /api/health last said

struct AppState {
    core::Lang lang = core::Lang::ZhCN;   // UI language (zh-CN first)
    Screen screen = Screen::Home;
    ServerState server = ServerState::Unknown;
    std::string server_version;           // from /api/health when Online
    double next_health_check = 0;         // seconds (platform clock) of the next /api/health
    float css_width = 0;                  // viewport width in CSS pixels (phone layouts below 600)
    Account account;                      // the device's identity and outbox: every feature signs through it
    DirectoryState directory;             // the directory of social organisations (directory.hpp)
    FeedbackState feedback;               // resident feedback and the committee queue (feedback.hpp)
    JourneyState journeys;                // [journeys] consultation journeys (journeys.hpp)
    CommitteeState committee;             // [committee] workspace and wizard (committee.hpp)
    ModerationState moderation;           // [moderation] the moderator's workspace and exports (moderation.hpp)
    AuditState audit;                     // [audit] trusted witnesses and 核验全部选票 (recount.hpp)
    OpinionState opinion;                 // [opinion] the open consultation's cards and map (opinion.hpp)
    std::string drawn_view;               // the view the last frame drew (a new one starts scrolled to the top)
    // [ui] the design system's settings, kept per device by the platform (web: localStorage)
    bool large_text = false;              // 大字: everything theme::kLargeTextScale larger
    bool text_size_asked = true;          // false on a first visit: the home screen offers 大字
    int utc_offset_minutes = core::kChinaOffsetMinutes;  // the device's zone; dates show China time, labelled if it differs
};

struct Commands {
    bool switch_language = false;         // the language switch was pressed
    std::optional<Screen> go;             // a navigation button was pressed
    AccountCommands account;              // 我的: enrolment, backup and restore, the outbox
    DirectoryCommands directory;          // the directory screen
    FeedbackCommands feedback;            // from the feedback screens
    JourneyCommands j;                    // [journeys] consultation journeys
    CommitteeCommands committee;          // [committee] workspace and wizard
    ModerationCommands mod;               // [moderation] the workspace and the export buttons
    AuditCommands audit;                  // [audit] 核验全部选票
    std::optional<bool> large_text;       // [ui] 大字 chosen (true) or the standard size (false)
};

void apply_commands(AppState& state, const Commands& cmds, Net& net);  // what the user asked for
bool tick_app(AppState& state, double now, Net& net);       // timers and network; true if state changed

}  // namespace yishi::client
