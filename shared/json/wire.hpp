// wire.hpp — the API's JSON answers, one codec per wire type, shared by yishi-server (which writes
// them) and the browser app (which reads them), plus the one set of lenient JSON readers.
//
// Reading never throws (the wasm build has no exceptions: one odd answer must not abort the app):
// bodies are parsed with allow_exceptions=false, and every field is type-checked before it is read.
// The decoders are strict: a missing or mistyped field the server always writes makes the whole
// value Error::BadAnswer ("bad_answer"), an error for that request that the app shows like any other.
// Writers and readers sit side by side so that a field renamed on one side is renamed on both.
//
// Index: [SECTION] Reading JSON · Error body · Organisation · Consultation summary · Comment page ·
// Proposal page · Receipt · Feedback (wire.cpp) · Results · Consultation detail (wire_detail.cpp)
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "yishi/consultation.hpp"
#include "yishi/directory.hpp"
#include "yishi/feedback.hpp"
#include "yishi/receipt.hpp"
#include "yishi/result.hpp"

namespace yishi::wire {

using nlohmann::json;

// [SECTION] Reading JSON (lenient: a missing or mistyped field reads as empty)
json parse_json(std::string_view text);                   // is_discarded() when not JSON; never throws
const json& json_field(const json& j, const char* key);   // the field, or null when absent or j is no object
std::string json_str(const json& j, const char* key);     // the field if a string, else ""
int64_t json_int(const json& j, const char* key);         // the field if an integer, else 0
bool json_bool(const json& j, const char* key);           // the field if a boolean, else false

// Strict reading of one object's fields for the decoders: the first missing or mistyped field makes
// ok() false (and the value read is empty); j itself not being an object does too.
class FieldReader {
public:
    explicit FieldReader(const json& j) : j_(j), ok_(j.is_object()) {}
    std::string str(const char* key);        // a required string
    std::string opt_str(const char* key);    // a string that may be absent or null ("")
    std::optional<std::string> maybe_str(const char* key);   // absent or null: nullopt (told apart from "")
    std::optional<bool> maybe_bool(const char* key);         // absent or null: nullopt
    int64_t i64(const char* key);            // a required integer
    uint64_t u64(const char* key);           // a required non-negative integer
    bool boolean(const char* key);           // a required boolean
    double number(const char* key);          // a required number (integer or not)
    std::optional<uint64_t> nullable_u64(const char* key);   // required: null (nullopt) or a non-negative integer
    std::optional<double> nullable_number(const char* key);  // required: null (nullopt) or a number
    std::optional<std::string> nullable_str(const char* key); // required: null (nullopt) or a string
    const json& array(const char* key);      // a required array (an empty one when it fails)
    const json& object(const char* key);     // a required object (an empty one when it fails)
    const json& nullable(const char* key);   // a required field of any type, null included (null when it fails)
    void fail() { ok_ = false; }             // a value read was of the right type but not a valid one
    bool ok() const { return ok_; }          // every field read so far was there with its type
private:
    const json* field(const char* key);      // nullptr (and ok_ false) when absent
    const json& j_;
    bool ok_;
};

// A paged list answer, {limit, offset, total, items}; a page with fields of its own derives from it.
template <class Item> struct Page {
    int64_t limit = 0, offset = 0, total = 0;
    std::vector<Item> items;
};

// [SECTION] Error body: {"error": {"code", "message"}} with any non-2xx status
json error_json(std::string_view code, std::string_view message);  // what the server sends
// The answer's error code; "offline" without an answer (status 0), "http_<status>" without a body.
std::string error_code_of(int status, std::string_view body);
// The answer's error message; "" when it has none.
std::string error_message_of(std::string_view body);

// [SECTION] Organisation (GET /api/orgs, /api/orgs/{id}, /api/orgs/changes)
json org_json(const core::Org& o);                             // with the Chinese type and status labels
core::Result<core::Org> decode_org(const json& j);            // BadAnswer when a field is missing or mistyped
// The items of a page of them ({"items": [org, ...], "total"}); BadAnswer when any item is not one.
core::Result<std::vector<core::Org>> decode_org_list(const json& body);

// [SECTION] Consultation summary (a list item of GET /api/consultations, /api/orgs/{id}/consultations,
// and the head of GET /api/consultations/{id})
struct ConsultationSummary {
    uint64_t id = 0;
    uint32_t region = 0;
    std::string region_name, title;
    core::Stage stage = core::Stage::CollectNeeds;  // the stage at the server's clock
    bool started = false;                            // the first scheduled stage has begun
    core::VotingMethod method = core::VotingMethod::Plurality;
    std::vector<core::StageStart> schedule;          // stage start times (ms)
    int64_t opened_ms = 0;
    int64_t comments = 0, proposals = 0, ballots = 0;
};
json consultation_summary_json(const ConsultationSummary& c);
core::Result<ConsultationSummary> decode_consultation_summary(const json& j);
// The items of {"items": [summary, ...]}; BadAnswer when the body or any item is not one.
core::Result<std::vector<ConsultationSummary>> decode_consultation_list(std::string_view body);
std::optional<core::Stage> parse_stage(std::string_view name);            // "collect_needs" … "closed"
std::optional<core::VotingMethod> parse_method(std::string_view name);    // "plurality" … "yes_no"

// [SECTION] Comment page (GET /api/consultations/{id}/comments): {limit, offset, sort, total, items}
struct Comment {
    std::string id, parent;                          // hex; parent "" = top level
    int64_t depth = 0;                               // 0 = top level
    core::Stance stance = core::Stance::Neutral;
    std::string text;                                // "" while a moderator hides it
    std::string author_name;                         // "" when the author has none (or it is hidden)
    int64_t created_ms = 0;
    int64_t agree = 0, disagree = 0, pass = 0, replies = 0;
    bool hidden = false;
    std::string hidden_reason;
    std::string author_committee;                    // the committee registered for the author's key ("": null)
    // For a request the viewer signed (docs/api.md "Viewer proofs"): the viewer's own reaction
    // ("agree", "disagree", "pass" or ""), and whether the viewer reported it. Absent otherwise.
    std::optional<std::string> mine;
    std::optional<bool> reported;
};
struct CommentPage {
    int64_t limit = 0, offset = 0, total = 0;
    std::string sort;                                // "newest", "oldest" or "most_agreed"
    std::vector<Comment> items;                      // threads together, each reply after its parent
};
std::string_view stance_name(core::Stance s);                       // "for", "against", "neutral"
std::optional<core::Stance> parse_stance(std::string_view name);
json comment_json(const Comment& c);
json comment_page_json(const CommentPage& page);
core::Result<Comment> decode_comment(const json& j);                 // BadAnswer when a field is missing or mistyped
core::Result<CommentPage> decode_comment_page(std::string_view body);

// [SECTION] Proposal page (GET /api/consultations/{id}/proposals): {limit, offset, total, items}
struct Proposal {
    std::string id;                                  // hex
    std::string title, text;                         // "" while a moderator hides it
    std::string author_name;
    int64_t created_ms = 0, support = 0;
    std::string author_committee;                    // "" (null on the wire) when the author is no committee
    bool hidden = false;
    std::string hidden_reason;
    std::optional<std::string> mine;                 // for a signed viewer: "agree" (supported) or ""
};
using ProposalPage = Page<Proposal>;
json proposal_json(const Proposal& p);
json proposal_page_json(const ProposalPage& page);
core::Result<Proposal> decode_proposal(const json& j);               // BadAnswer when a field is missing or mistyped
core::Result<ProposalPage> decode_proposal_page(std::string_view body);

// [SECTION] Receipt (POST /api/submit 201/200, GET /api/envelopes/{id}/receipt)
// The receipt body as text, written without a JSON library (the submit path is hot); keys sorted.
std::string receipt_body(const core::Receipt& r, const core::Hash& envelope_id, std::optional<bool> duplicate);
core::Result<core::Receipt> decode_receipt(std::string_view body);  // checkpoint, leaf, index, proof
// A list of 64-hex-digit hashes (inclusion or consistency proof); BadAnswer if any is not one.
core::Result<std::vector<core::Hash>> decode_hashes(const json& j);

// [SECTION] Feedback (GET /api/feedback, /api/feedback/{id}, /api/authors/{key}/feedback)
struct FeedbackStep {                                // one row of an item's history
    core::FeedbackStatus status = core::FeedbackStatus::Received;
    std::string text;
    int64_t at_ms = 0;
};
struct FeedbackRating { int64_t score = 0; std::string remark; int64_t at_ms = 0; };   // the author's 1..5
struct FeedbackItem {
    std::string id;                                  // hex envelope id
    core::FeedbackCategory category = core::FeedbackCategory::Other;
    std::string text;                                // "" when hidden
    bool hidden = false;                             // a moderator hid the text (docs/api.md "Moderation")
    std::string hidden_reason;
    uint32_t region = 0;
    core::FeedbackStatus status = core::FeedbackStatus::Received;
    int64_t created_ms = 0, updated_ms = 0;
    std::optional<FeedbackRating> rating;            // null on the wire until the author rates it
    std::vector<FeedbackStep> history;               // oldest first; the first is `received`
};
struct FeedbackPage : Page<FeedbackItem> {          // the queue, or an author's own list (with "author")
    std::optional<std::string> author;               // hex key: only on /api/authors/{key}/feedback
};
json feedback_item_json(const FeedbackItem& f);
json feedback_page_json(const FeedbackPage& page);
core::Result<FeedbackItem> decode_feedback_item(const json& j);     // BadAnswer when a field is missing or mistyped
core::Result<FeedbackPage> decode_feedback_page(std::string_view body);

// [SECTION] Results ("results" of GET /api/consultations/{id}; its "tally" is tally_json's, shared/json/)
struct IrvRound { std::vector<uint64_t> votes; std::optional<uint32_t> eliminated; };   // votes by option, 0 once out
struct YesNoCount { bool approved = false, quorum_met = false; double quorum = 0; };
// What the app shows of a tally, read strictly for the tally's own method: the fields tally_json writes
// for every method, and those of this method (a ranked tally has both irv and schulze).
struct TallyCount {
    core::VotingMethod method = core::VotingMethod::Plurality;
    uint64_t method_param = 0;
    std::optional<uint32_t> winner;                  // option id; none (null) without valid ballots
    uint64_t valid = 0;                              // valid ballots (the base of percentages)
    std::vector<uint32_t> ranking;                   // option ids, winner first
    std::vector<IrvRound> irv_rounds;                // ranked: instant runoff round by round
    std::optional<size_t> majority_round;            // ranked: the round (0-based) whose leader has > half
    std::vector<std::vector<uint64_t>> pairwise;     // ranked, Schulze: [i][j] voters preferring option i to j
    std::vector<double> means;                       // score: each option's average
    std::vector<uint32_t> funded;                    // budget: funded option ids, in funding order
    uint64_t spent = 0, budget = 0;                  // budget
    std::optional<YesNoCount> yes_no;                // yes_no
};
struct Results {
    bool visible = false;                            // published once the vote stage has ended
    std::string reason;                              // hidden: why ("hidden_until_vote_closes")
    // Visible only:
    uint64_t ballots = 0;
    int64_t enrolled = 0;
    std::vector<uint64_t> totals;                    // per option, declared order
    json tally;                                      // tally_json's object, written and kept as it is
    std::string tally_hash;                          // hex, core::tally_hash
    TallyCount count;                                // read from `tally` by decode_results (not written)
};
json results_json(const Results& r);                 // hidden: {visible, reason}; visible: the rest
core::Result<Results> decode_results(const json& j);                 // BadAnswer when a field is missing or mistyped
core::Result<TallyCount> decode_tally_count(const json& tally);     // the part of tally_json's object the app shows

// [SECTION] Consultation detail (GET /api/consultations/{id}): the summary's fields and these
struct LinkedOrg { int64_t id = 0; std::string name; bool in_directory = false; };   // name "" when not in it
struct ConsultationDetail {
    ConsultationSummary head;                        // written as the detail's own top-level fields
    std::string description;
    uint64_t method_param = 0;                       // approval max, score max, budget cap, ranked 1 IRV / 2 Schulze
    std::string committee, open_envelope;            // hex: the committee's key, consultation_open's id
    std::vector<core::ConsultationOption> options;
    std::vector<LinkedOrg> organizations;
    int64_t enrolled = 0;                            // residents of the consultation's region
    int64_t rated_count = 0;
    std::optional<double> rated_mean;                // null without ratings
    Results results;
    std::optional<std::string> close_summary;        // the committee's words when it closed it (null before)
};
json consultation_detail_json(const ConsultationDetail& d);
core::Result<ConsultationDetail> decode_consultation_detail(std::string_view body);

}  // namespace yishi::wire
