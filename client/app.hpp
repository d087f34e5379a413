// app.hpp — the portal's state and its entry points per frame.
//
// The UI is a function of AppState (hello_imgui's pattern): draw_app() draws it and returns the
// commands the user gave (views may edit their own text buffers, nothing else); apply_commands()
// and tick_app() change the state and talk to the network through Net. No SQL, HTTP or crypto in
// a view, so every flow can be driven without a GPU.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/committee.hpp"
#include "model/directory_cache.hpp"
#include "model/feedback.hpp"
#include "model/journeys.hpp"
#include "model/moderation.hpp"
#include "model/opinion.hpp"
#include "model/recount.hpp"
#include "yishi/china_time.hpp"
#include "yishi/directory.hpp"
#include "yishi/i18n.hpp"

namespace yishi::client {

class Net;
class Fonts;

enum class ServerState { Unknown, Checking, Online, Offline };  // what /api/health last said
enum class Screen { Home, Directory, Feedback, FeedbackQueue, Me,
                    Committee, Moderation };  // the top-level views ([committee], [moderation]: from 我的)

inline constexpr int kOrgTypeCount = 4;  // social_group, social_service, foundation, community

struct DirectoryState {
    std::string query;                     // the search field (edited by the view)
    int district = 0;                      // 0 = all, else districts[district - 1]
    int type = 0;                          // 0 = all, else core::OrgType(type - 1)
    std::vector<std::string> districts;    // from /api/orgs/districts
    bool districts_requested = false;
    std::string sent;                      // the search the shown results answer (query|district|type)
    int serial = 0;                        // newest request; older answers are dropped
    bool loading = false;
    std::string error;                     // the server's message when a search failed
    std::vector<core::Org> items;          // results so far (pages appended)
    size_t total = 0;                      // all matches
    std::optional<size_t> open;            // index into items of the organisation being shown
    // The local copy (directory_cache.hpp): searched instead of the server once complete.
    DirectoryCache cache;
    bool cache_opened = false;
    bool syncing = false;                  // a page of /api/orgs/changes is on its way
    bool synced = false;                   // this session has caught up with the server
    double next_sync = 0;                  // when to try again after a failed sync (seconds)
    size_t synced_records = 0;             // records received this session (progress)
    bool offline_copy_allowed = true;      // false on saveData or a 2G-class link (the platform decides)
    bool offline_copy_wanted = true;       // the resident's setting, kept on this device (LocalStore)
    // The consultations naming the open organisation (GET /api/orgs/{id}/consultations).
    int64_t linked_for = 0;                // the organisation they were asked for (0 = none yet)
    bool linked_loading = false;
    std::string linked_error;              // the server's message when the request failed
    std::vector<ConsultationSummary> linked;
};

struct AppState {
    core::Lang lang = core::Lang::ZhCN;   // UI language (zh-CN first)
    Screen screen = Screen::Home;
    ServerState server = ServerState::Unknown;
    std::string server_version;           // from /api/health when Online
    double next_health_check = 0;         // seconds (platform clock) of the next /api/health
    float css_width = 0;                  // viewport width in CSS pixels (phone layouts below 600)
    DirectoryState directory;
    FeedbackState feedback;               // resident feedback and the committee queue (feedback.hpp)
    std::string cache_path;               // where the platform keeps the local directory ("" = none)
    std::function<void()> persist;        // the platform's hook after the cache file changed
    // [journeys] consultation journeys (journeys.hpp)
    JourneyState journeys;
    std::string local_path;               // where the platform keeps identity, outbox, drafts ("" = memory)
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
    std::optional<size_t> open_org;       // a result row was pressed
    bool close_org = false;               // back from an organisation to the list
    bool load_more = false;               // the next page of results
    std::optional<bool> keep_directory;   // the directory's offline-copy setting was changed to this
    FeedbackCommands feedback;            // from the feedback screens
    JourneyCommands j;                    // [journeys] consultation journeys
    CommitteeCommands committee;          // [committee] workspace and wizard
    ModerationCommands mod;               // [moderation] the workspace and the export buttons
    AuditCommands audit;                  // [audit] 核验全部选票
    std::optional<bool> large_text;       // [ui] 大字 chosen (true) or the standard size (false)
};

Commands draw_app(AppState& state, Fonts& fonts);           // draws one frame of the UI
void apply_commands(AppState& state, const Commands& cmds, Net& net);  // what the user asked for
bool tick_app(AppState& state, double now, Net& net);       // timers and network; true if state changed

// [views] one file each; they draw and fill Commands.
void draw_home(const AppState& state, Fonts& fonts, float width);
// [view helpers] shared by several views
core::Msg stage_name(core::Stage s);                                                  // view_consultations.cpp
void draw_action_status(const AppState& st, Fonts& fonts, const std::string& action);  // refusal or progress (view_account.cpp)
bool action_pending(const AppState& st, const std::string& action);                   // sent, no answer yet (view_account.cpp)
std::string note_text(const Note& note, core::Lang lang);                            // a model's message, translated now
std::string notes_text(const std::vector<Note>& notes, core::Lang lang);             // several, joined (view_account.cpp)
// [journeys] views and controller of the consultation journeys (journeys.cpp)
void draw_consultations(AppState& state, Fonts& fonts, float width, Commands& cmds);   // list on home
void draw_consultation(AppState& state, Fonts& fonts, float width, Commands& cmds);    // one consultation
void draw_ballot(AppState& state, Fonts& fonts, float width, Commands& cmds);          // the vote form
void draw_account(AppState& state, Fonts& fonts, float width, Commands& cmds);         // 我的
void draw_outbox_badge(const AppState& state, Fonts& fonts, Commands& cmds);           // 待发送 n 条
void apply_journey_commands(AppState& state, const Commands& cmds, Net& net);
bool tick_journeys(AppState& state, double now, Net& net);
void draw_directory(AppState& state, Fonts& fonts, float width, Commands& cmds);
void draw_feedback(AppState& state, Fonts& fonts, float width, Commands& cmds);                // view_feedback.cpp
void draw_feedback_queue(AppState& state, Fonts& fonts, float width, FeedbackCommands& cmds);  // view_feedback_queue.cpp
void draw_feedback_item(const FeedbackItem& item, core::Lang lang, Fonts& fonts);  // status, text, history, rating
// [committee] view_committee.cpp, view_committee_open.cpp, view_committee_codes.cpp
void draw_committee(AppState& state, Fonts& fonts, float width, Commands& cmds);       // the workspace
void draw_committee_open(AppState& state, Fonts& fonts, float width, Commands& cmds);  // the wizard
void draw_committee_codes(AppState& state, Fonts& fonts, float width, Commands& cmds); // enrolment codes
// [moderation] view_moderation.cpp; the export buttons of a consultation (view_consultation.cpp)
void draw_moderation(AppState& state, Fonts& fonts, float width, Commands& cmds);     // 内容管理
void draw_exports(AppState& state, Fonts& fonts, uint64_t consultation, Commands& cmds);  // 导出 CSV / JSON
// [audit] view_recount.cpp: trusted witnesses and 核验全部选票 under the results
void draw_recount(AppState& state, Fonts& fonts, uint64_t consultation, Commands& cmds);
void draw_feedback_message(const FeedbackState& fb, core::Lang lang, Fonts& fonts);  // a list that could not be read; the last action's outcome
// [opinion] view_opinion.cpp: the statement card, the opinion map and the group statements
void draw_opinion(AppState& state, Fonts& fonts, float width, Commands& cmds);
void draw_opinion_consensus(const AppState& state, Fonts& fonts);  // the statements every group shares
void draw_opinion_digests(const AppState& state, Fonts& fonts);    // the same per consultation, in the wizard

}  // namespace yishi::client
