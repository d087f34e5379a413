// journeys.hpp — the resident's consultation journeys: the community's consultations, one
// consultation's page (comments, needs, ballot, rating, results, the check of her vote's receipt).
//
// State and the controller's entry points; the controller is journeys.cpp (building envelopes signed
// through the account, account.hpp; fetching the read API of docs/api.md) and the views are
// view_consultations.cpp, view_consultation.cpp and view_ballot.cpp. Views edit their text buffers and
// ballot choices and fill JourneyCommands; nothing else changes state outside the controller.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/account.hpp"
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

struct JourneyState {
    std::vector<ConsultationSummary> list;           // the community's consultations
    bool list_loading = false, list_stale = true;
    uint32_t listed_region = 0;                      // the community the list was read for (0: a visitor's)
    bool drafts_read = false;                        // the forms were filled from the local store's drafts
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
};

struct JourneyCommands {
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

struct WitnessTrust;
// What the resident asked for on a consultation's page; a check of her vote's receipt reads the
// witnesses the log key's answer names into `trust` (recount.hpp).
void apply_journey_commands(JourneyState& j, const JourneyCommands& c, Account& me, WitnessTrust& trust, Net& net);
// The outbox's answers, drafts kept, the list (while `list_shown`) and the open consultation read.
bool tick_journeys(JourneyState& j, Account& me, bool list_shown, Net& net);

void draft_from_vote(const ConsultationDetail& d, const core::VotePayload& v, BallotDraft& b);  // the ballot as cast

}  // namespace yishi::client
