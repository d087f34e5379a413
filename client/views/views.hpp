// views.hpp — the views: one file per screen (views/view_*.cpp), each drawing AppState and filling
// Commands; they never change model state (they may edit their own text buffers and choices).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "app.hpp"

namespace yishi::client {

class Fonts;

Commands draw_app(AppState& state, Fonts& fonts);           // draws one frame of the UI (view_app.cpp)

// [views] one file each; they draw and fill Commands.
void draw_home(const AppState& state, Fonts& fonts, float width);
// [view helpers] shared by several views
core::Msg stage_name(core::Stage s);                                                  // view_consultations.cpp
void draw_action_status(const AppState& st, Fonts& fonts, const std::string& action);  // refusal or progress (view_account.cpp)
bool action_pending(const AppState& st, const std::string& action);                   // sent, no answer yet (view_account.cpp)
std::string note_text(const Note& note, core::Lang lang);                            // a model's message, translated now (view_account.cpp)
std::string notes_text(const std::vector<Note>& notes, core::Lang lang);             // several, joined (view_account.cpp)
// [journeys] 我的 and the consultation journeys
void draw_consultations(AppState& state, Fonts& fonts, float width, Commands& cmds);   // list on home
void draw_consultation(AppState& state, Fonts& fonts, float width, Commands& cmds);    // one consultation
void draw_ballot(AppState& state, Fonts& fonts, float width, Commands& cmds);          // the vote form
void draw_account(AppState& state, Fonts& fonts, float width, Commands& cmds);         // 我的
void draw_outbox_badge(const AppState& state, Fonts& fonts, Commands& cmds);           // 待发送 n 条
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
