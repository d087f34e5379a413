// feedback.hpp — resident feedback in the browser: state, the signing identity it uses, and the controller.
//
// A resident who has joined a community on 我的 (journeys.hpp) sends feedback there (feedback
// envelope), follows its status and history (GET /api/authors/{key}/feedback) and rates it once it is
// resolved or declined (feedback_rate). A committee member loads a community's queue (GET /api/feedback)
// and moves items one legal step (feedback_answer); the legal steps come from core::check_feedback_transition,
// the same function the server applies. Envelopes are built and signed with shared/ (envelope.hpp) and
// POSTed to /api/submit; the sequence number is the server's last one for this key plus one.
//
// The identity is the account's (account.hpp: one key per device, backed up with a passphrase);
// app.cpp hands it over with adopt_identity and keeps the two sides' sequence numbers in step.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "wire.hpp"
#include "yishi/envelope.hpp"
#include "yishi/i18n.hpp"
#include "yishi/keys.hpp"
#include "yishi/store.hpp"

namespace yishi::client {

class Net;

using FeedbackStep = wire::FeedbackStep;     // one history row
using FeedbackItem = wire::FeedbackItem;     // as the server writes it (shared/json/wire.hpp)

struct FeedbackState {
    // Identity: the account's (see above).
    std::optional<core::SecretSeed> seed;
    std::string public_hex;                  // the identity's public key, shown so an operator can register it
    uint32_t region = 0;                     // the community the account joined (app.cpp copies it; 0 = not yet)
    uint64_t local_sequence = 0;             // the account's last sequence for this key on this device
    uint64_t signed_sequence = 0;            // the last sequence a feedback envelope was signed with
    // Forms (edited by the views).
    int category = 0;                        // index into core::kFeedbackCategories
    std::string text;
    std::map<std::string, int> score;        // per item id: rating combo index (0 = 5 stars ... 4 = 1 star)
    std::map<std::string, std::string> remark;   // per item id: rating remark
    std::string queue_region;                // the committee's community
    std::map<std::string, std::string> answer;   // per item id: the answer text
    // Lists.
    std::vector<FeedbackItem> mine;
    bool mine_requested = false;
    std::vector<FeedbackItem> queue;
    uint32_t queue_loaded_region = 0;
    std::string load_error;                  // why the last list answer could not be read (an error code), else ""
    // Progress and outcome of the last action.
    bool busy = false;                       // a submission is on its way
    std::string message;                     // what happened (server message on errors)
    std::string message_code;                // the error's stable code, "" if none (see feedback_error_msg)
    bool message_is_error = false;
    double next_refresh = 0;                 // when to reload the lists again (seconds, platform clock)
};

// What the feedback views asked for this frame.
struct FeedbackCommands {
    bool send = false;
    bool refresh = false;                                           // reload my list (and the queue if shown)
    bool load_queue = false;
    std::optional<std::string> rate;                                // item id
    std::optional<std::pair<std::string, core::FeedbackStatus>> answer;  // item id, new status
};

core::Msg feedback_status_msg(core::FeedbackStatus s);          // its label in the catalog
core::Msg feedback_category_msg(core::FeedbackCategory c);      // its label in the catalog
void adopt_identity(FeedbackState& fb, const core::SecretSeed& seed);  // sign with this key from now on
// The next statuses a committee may choose from `from` (core::check_feedback_transition, text aside).
std::vector<core::FeedbackStatus> next_feedback_statuses(core::FeedbackStatus from);
void apply_feedback_commands(FeedbackState& fb, const FeedbackCommands& cmds, Net& net);
bool tick_feedback(FeedbackState& fb, double now, Net& net);        // loads and periodic reloads; true if sent
std::optional<core::Msg> feedback_error_msg(std::string_view code); // the catalog's text for an error code

}  // namespace yishi::client
