// journeys.hpp — the resident's consultation journeys: identity, outbox, enrolment, the community's
// consultations, one consultation's page (comments, needs, ballot, rating, results).
//
// State only; the controller is journeys.cpp (signing with the shared core, the outbox, fetching
// the read API of docs/api.md) and the views are view_account.cpp, view_consultations.cpp,
// view_consultation.cpp and view_ballot.cpp. Views edit their text buffers and ballot choices and
// fill JourneyCommands; nothing else changes state outside the controller.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/local_store.hpp"
#include "model/note.hpp"
#include "wire.hpp"
#include "yishi/envelope.hpp"
#include "yishi/i18n.hpp"
#include "yishi/keys.hpp"

namespace yishi::client {

using ConsultationSummary = wire::ConsultationSummary;   // a list item of the read API (shared/json/wire.hpp)

struct CommentInfo {
    std::string id, parent;                          // hex; parent "" = top level
    core::Stance stance = core::Stance::Neutral;
    std::string text, author;
    int64_t agree = 0, disagree = 0, pass = 0;
    bool hidden = false;
    std::string hidden_reason;
    bool reported = false;                           // this device's key reported it (a viewer proof)
    std::optional<core::Reaction> mine;              // this device's key's own 赞同 / 不赞同 / 跳过 (a viewer proof)
    std::string committee;                           // the committee registered for the author's key, else ""
    int depth = 0;                                   // 0 = top level (filled when the tree is built)
};

// The order of a consultation's comments (threads stay together; replies under their parent, oldest
// first): the server's sort=oldest|newest|most_agreed of the top-level comments.
enum class CommentSort { Oldest, Newest, MostAgreed };

struct ProposalInfo {
    std::string id, title, text, author;             // title and text "" when hidden; author "" when unnamed
    int64_t support = 0;
    bool hidden = false;                             // a moderator hid it (docs/api.md "Moderation")
    std::string hidden_reason;
    std::string committee;                           // the committee registered for the author's key, else ""
};

struct ConsultationDetail {
    ConsultationSummary s;
    std::string description;
    uint64_t method_param = 0;                       // approval max, score max, budget cap
    std::vector<core::ConsultationOption> options;
    std::vector<std::string> organizations;          // names
    int64_t enrolled = 0, rated_count = 0;
    double rated_mean = 0;
    bool results_visible = false;
    int64_t results_ballots = 0;
    std::vector<uint64_t> totals;                    // per option, when visible
    // [results] the outcome as the server's count (core::tally_consultation, results.tally) states it
    std::optional<uint32_t> winner;                  // option id; none without valid ballots
    uint64_t valid = 0;                              // valid ballots (the base of percentages)
    bool has_yes_no = false, approved = false, quorum_met = false;  // yes_no
    double quorum = 0;                               // yes_no: share of the enrolled who must take part
    std::vector<uint32_t> funded;                    // budget: funded option ids, in funding order
    uint64_t spent = 0, budget = 0;                  // budget: money used of the cap
    std::vector<uint32_t> ranking;                   // the options' order, winner first (option ids)
    using Round = wire::IrvRound;                    // votes by option (0 once out), the option eliminated after it
    std::vector<Round> irv_rounds;                   // ranked, instant runoff: the count round by round
    std::optional<size_t> majority_round;            // instant runoff: the round (0-based) whose leader has > half
    std::vector<std::vector<uint64_t>> pairwise;     // ranked, Schulze: [i][j] voters preferring option i to j
    std::vector<double> means;                       // score: each option's average score
    std::optional<std::string> close_summary;        // the committee's words when it closed it
    std::vector<CommentInfo> comments;               // tree order (parent before its replies)
    std::string comments_error;                      // why a page of them could not be read (an error code)
    std::vector<ProposalInfo> proposals;
    std::string proposals_error;                     // why they could not be read (an error code)
};

// The ballot being filled in, per method (indices are into ConsultationDetail::options).
struct BallotDraft {
    uint64_t consultation = 0;                       // which consultation it was made for
    int single = -1;                                 // plurality, yes_no
    std::vector<bool> chosen;                        // approval, budget
    std::vector<int> scores;                         // score
    std::vector<int> order;                          // ranked: option indices, favourite first
};

struct AccountState {
    LocalStore store;
    bool opened = false;
    std::optional<core::SecretSeed> seed;            // the identity (also in the store)
    std::string key_hex;                             // its public key
    bool new_key = false;                            // made on this visit: explain it
    bool sequence_synced = false;                    // asked the server for the last sequence
    bool sequence_asking = false;
    // /api/residents/{key}
    bool resident_known = false, resident_asking = false;
    double next_resident = 0;
    bool enrolled = false;
    uint32_t region = 0;
    std::string region_name, display_name;
    // outbox (copy of the store's rows, newest last)
    std::vector<OutboxItem> outbox;
    bool sending = false;
    double next_send = 0;
    // forms (edited by the views)
    std::string enroll_code, enroll_name;          // the code names its community (asked of the server)
    bool enroll_looking = false;                     // GET /api/codes/{hash} in flight
    std::string passphrase, backup_text, restore_text;
    std::optional<Note> key_message;                 // result of backup/restore
    bool key_message_error = false;
    unsigned key_message_serial = 0;                 // +1 per new result: the view brings it into sight
};

struct JourneyState {
    AccountState me;
    std::vector<ConsultationSummary> list;           // the community's consultations
    bool list_loading = false, list_stale = true;
    std::string list_error;
    bool offline_copy = false;                       // the last read was answered from the device's cache
    std::optional<uint64_t> open;                    // the consultation page being shown
    std::optional<ConsultationDetail> detail;
    bool detail_loading = false, detail_stale = false;
    std::string detail_error;
    int loads = 0;                                   // serial of detail loads (stale answers dropped)
    size_t comment_pages = 1;                        // pages of comments wanted on this page (更多意见 adds one)
    CommentSort comment_sort = CommentSort::Oldest;  // chosen above the comments; kept for the next page
    // The drawn height of each comment (view_consultation.cpp skips drawing those far off screen); keyed
    // by comment id, valid for one width, language and font atlas, cleared when the page is loaded again.
    struct CommentHeight { float width = 0, height = 0; core::Lang lang = core::Lang::ZhCN; int fonts = 0; };
    std::map<std::string, CommentHeight> comment_heights;
    // forms (edited by the views; drafts are kept in the local store)
    std::string comment_text;
    int comment_stance = 0;                          // core::Stance
    std::string reply_to;                            // hex id of the comment being answered
    std::string proposal_title, proposal_text;
    std::string saved_comment, saved_proposal;       // what the store holds (to save only changes)
    BallotDraft ballot;
    int rate_score = 0;                              // 1..5, 0 = none
    std::string rate_remark;
    std::vector<Note> receipt_message;               // result of "check my vote" (and of the log's growth)
    bool receipt_ok = false;
    std::optional<Note> form_error;                  // a check before signing failed
    std::string form_error_action;                   // next to which action it is shown
};

struct JourneyCommands {
    bool make_backup = false, restore = false, enroll = false, retry_outbox = false;
    std::optional<uint64_t> open_consultation;       // a row of the list was pressed
    bool close_consultation = false;
    bool send_comment = false;
    std::optional<std::string> reply_to;             // "" cancels the reply
    std::optional<std::pair<std::string, core::Reaction>> react;  // target id, reaction
    bool propose = false;
    bool vote = false;
    bool rate = false;
    bool check_vote = false;
    bool more_comments = false;                      // the next page of comments
    std::optional<CommentSort> comment_sort;         // another order (the comments are read again)
};

struct AppState;
// Signs `e` with `seed` at the device's next sequence for that key and queues it in the outbox (sent in
// order, retried until the server answers); `action` names the form whose outcome the views show.
// Returns a refusal found before signing (e.g. a text over its limit), or Ok. Every screen that signs
// (committee, moderator) goes through here so sequence numbers never collide.
core::Status sign_and_queue(AppState& st, core::Envelope e, const core::SecretSeed& seed, const std::string& action);

// Outbox queries for the views.
const OutboxItem* latest_outbox_item(const AccountState& me, const std::string& action);  // newest of that action
size_t outbox_pending(const AccountState& me);                                             // not yet sent
// My ballot the server accepted last for this consultation (the one that counts), with its outbox row;
// none before voting (or when its bytes do not decode, which a row this device signed never does).
struct SentVote { const OutboxItem* item = nullptr; core::VotePayload vote; };
std::optional<SentVote> sent_vote(const AccountState& me, uint64_t consultation);
void draft_from_vote(const ConsultationDetail& d, const core::VotePayload& v, BallotDraft& b);  // the ballot as cast
core::Msg refusal_message(const std::string& code);                                        // error code → text
struct HttpResponse;
std::string error_code_of(const HttpResponse& r);   // the answer's error code, else "offline" / "http_<status>"
int64_t wall_ms();                                  // the device's clock, Unix ms
// "&viewer=…&viewer_ms=…&viewer_sig=…": this device's key signs that it reads `path` (a path without
// query) for its own marks (core/viewer_proof.hpp); "" without an identity.
std::string viewer_proof(const AccountState& me, const std::string& path);

}  // namespace yishi::client
