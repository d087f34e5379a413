// tally.hpp — counting a consultation's ballots: plurality, approval, instant-runoff, Schulze, score,
// participatory budget, and yes/no/abstain with quorum and threshold.
//
// Ballots here know nothing of envelopes or signatures: a ballot is a short list of small integers
// (option ids 0..n-1 in declared order, or for score voting one score per option). Ballots live
// contiguously in a BallotBox (offsets + one flat value array) so that a million of them cost two
// allocations, not a million. Every method validates each ballot, counts the invalid ones with a
// reason instead of failing, and breaks every tie by a documented, deterministic rule — in the end
// always by declared option order, the lower id first — so that the browser, the server and an
// independent verifier compute byte-identical results. A Result error means the counting rules
// themselves are inconsistent (no options, min > max, …), never that a ballot was bad.
// docs/consultations.md explains each method with a worked example.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string_view>
#include <vector>
#include "yishi/result.hpp"

namespace yishi::core {

using OptionId = uint32_t;                           // index of an option in declared order, 0-based

inline constexpr uint32_t kMaxTallyOptions = 1024;   // more options than this is a spec error
inline constexpr uint32_t kScoreMin = 0;             // lowest score (also what an unscored option gets)
inline constexpr uint32_t kScoreMax = 5;             // highest score by default (a consultation may set 1..100)
inline constexpr OptionId kYes = 0;                  // yes/no ballots: option id of "yes"
inline constexpr OptionId kNo = 1;                   // … of "no"
inline constexpr OptionId kAbstain = 2;              // … of "abstain"
inline constexpr uint32_t kYesNoOptions = 3;         // yes, no, abstain

// [SECTION] Ballots

// Many ballots stored back to back: ballot i is values[offsets[i] .. offsets[i+1]).
class BallotBox {
public:
    void add(std::span<const uint32_t> values);                    // append one ballot (copied)
    void add(std::initializer_list<uint32_t> values) { add(std::span<const uint32_t>(values.begin(), values.size())); }  // literal ballot
    void reserve(size_t ballots, size_t values);                   // avoid regrowth for bulk loads
    size_t size() const { return offsets_.size() - 1; }            // number of ballots
    bool empty() const { return size() == 0; }                     // no ballots at all
    std::span<const uint32_t> operator[](size_t i) const {         // ballot i
        return {values_.data() + offsets_[i], values_.data() + offsets_[i + 1]};
    }
    size_t total_values() const { return values_.size(); }         // sum of all ballot lengths
private:
    std::vector<uint64_t> offsets_{0};
    std::vector<uint32_t> values_;
};

// Who cast ballot i of a box and when: the key of "a later ballot replaces the earlier".
struct BallotStamp {
    uint64_t slot;       // pseudonymous voter slot (one per enrolled resident)
    uint64_t sequence;   // the voter's sequence number or timestamp; larger is later
};

// Keeps only each slot's latest ballot (largest sequence), ordered by slot. stamps[i] belongs to
// cast[i]. TallyBadSpec if the sizes differ, TallyDuplicateSequence if one slot repeats a sequence.
Result<BallotBox> keep_latest_per_slot(const BallotBox& cast, std::span<const BallotStamp> stamps);

// Why a ballot was not counted.
enum class BallotProblem : uint8_t {
    Empty,            // no choice at all where one is required
    UnknownOption,    // an id >= the number of options
    DuplicateOption,  // the same option twice in one ballot
    TooFewChoices,    // fewer selections than the minimum (approval)
    TooManyChoices,   // more selections than the maximum (plurality and yes/no: more than one)
    OverBudget,       // the selected projects together cost more than the budget
    WrongLength,      // a score ballot without exactly one score per option
    ScoreOutOfRange,  // a score outside kScoreMin..max_score
};
std::string_view ballot_problem_code(BallotProblem p);   // stable machine code, e.g. "duplicate_option"

struct InvalidBallot {
    uint64_t index;          // position of the ballot in the box that was tallied
    BallotProblem problem;   // the first rule it broke
};

// What every result carries: enough to recompute turnout and to audit the invalid ballots.
struct TallySummary {
    uint64_t enrolled = 0;                       // eligible voters; 0 when not known
    uint64_t ballots = 0;                        // ballots tallied (valid + invalid)
    uint64_t valid = 0;                          // ballots counted
    uint64_t invalid = 0;                        // ballots rejected
    std::vector<InvalidBallot> invalid_ballots;  // each rejected ballot, in box order
    double turnout() const { return enrolled ? double(ballots) / double(enrolled) : 0.0; }  // 0 if unknown
};

// [SECTION] Single and multiple choice

struct ChoiceSpec {
    uint32_t options = 0;    // number of options, ids 0..options-1
    uint64_t enrolled = 0;   // for turnout; 0 = unknown
    uint32_t max_score = kScoreMax;   // score only: the highest score (a consultation's method_param)
};

struct ApprovalSpec {
    uint32_t options = 0;          // number of options
    uint32_t min_selections = 1;   // fewer is invalid
    uint32_t max_selections = 0;   // more is invalid; 0 means "up to all options"
    uint64_t enrolled = 0;         // for turnout; 0 = unknown
};

// Plurality and approval: votes per option, ranked by votes, then lower id.
struct ChoiceResult {
    TallySummary summary;              // ballots, validity, turnout
    std::vector<uint64_t> votes;       // votes (approvals) per option id
    std::vector<OptionId> ranking;     // all options, best first
    std::optional<OptionId> winner;    // ranking[0], or none when no ballot was valid
};

Result<ChoiceResult> tally_plurality(const BallotBox& ballots, const ChoiceSpec& spec);   // exactly one id per ballot
Result<ChoiceResult> tally_approval(const BallotBox& ballots, const ApprovalSpec& spec);  // min..max distinct ids

// [SECTION] Ranked choice (ballots list ids best first; may be truncated; unranked come last)

using RankedSpec = ChoiceSpec;   // options and enrolled, as for plurality

struct IrvRound {
    std::vector<uint64_t> votes;          // first-continuing-preference votes per option (0 if out)
    std::optional<OptionId> eliminated;   // eliminated at the end of this round; none in the last
    uint64_t continuing = 0;              // ballots still counting for some option
    uint64_t exhausted = 0;               // valid ballots with no continuing option left (cumulative)
};

// Instant-runoff: rounds until one option is left; winner is the first to hold a majority.
struct IrvResult {
    TallySummary summary;              // ballots, validity, turnout
    std::vector<IrvRound> rounds;      // every round, first preferences first
    size_t majority_round = 0;         // index of the round where the winner first had > half
    std::vector<OptionId> ranking;     // winner, then options in reverse order of elimination
    std::optional<OptionId> winner;    // none when no ballot was valid
};

// Schulze (winning votes): pairwise preferences, strongest paths, full ranking.
struct SchulzeResult {
    TallySummary summary;              // ballots, validity, turnout
    uint32_t options = 0;              // n; matrices below are n*n, row-major
    std::vector<uint64_t> pairwise;    // d[i*n+j]: voters preferring i to j
    std::vector<uint64_t> strongest;   // p[i*n+j]: strength of the strongest path from i to j
    std::vector<OptionId> ranking;     // by options beaten (p[i][j] > p[j][i]), then lower id
    std::optional<OptionId> winner;    // ranking[0], or none when no ballot was valid
    uint64_t d(OptionId i, OptionId j) const { return pairwise[size_t(i) * options + j]; }   // d[i][j]
    uint64_t p(OptionId i, OptionId j) const { return strongest[size_t(i) * options + j]; }  // p[i][j]
};

Result<IrvResult> tally_irv(const BallotBox& ballots, const RankedSpec& spec);          // instant-runoff
Result<SchulzeResult> tally_schulze(const BallotBox& ballots, const RankedSpec& spec);  // Schulze method

// [SECTION] Score (each ballot: one score kScoreMin..max_score per option, in option order)

struct ScoreResult {
    TallySummary summary;              // ballots, validity, turnout
    std::vector<uint64_t> sums;        // sum of scores per option
    uint32_t levels = 0;               // max_score + 1: histogram buckets per option
    std::vector<uint64_t> histogram;   // [option * levels + score]: ballots giving that score
    std::vector<double> means;         // sums / valid ballots
    std::vector<double> medians;       // median score (mean of the two middle ones if even)
    std::vector<OptionId> ranking;     // by mean, then median, then lower id
    std::optional<OptionId> winner;    // ranking[0], or none when no ballot was valid
};

Result<ScoreResult> tally_score(const BallotBox& ballots, const ChoiceSpec& spec);  // score voting 0..max_score

// [SECTION] Participatory budget (ballots approve project ids)

struct BudgetSpec {
    std::vector<uint64_t> costs;   // cost per project id, in whole currency units
    uint64_t budget = 0;           // the cap: funded costs never exceed it; ballots above it are invalid
    uint64_t enrolled = 0;         // for turnout; 0 = unknown
};

// Greedy by support: fund projects in descending approvals, skip those that no longer fit.
struct BudgetResult {
    TallySummary summary;              // ballots, validity, turnout
    std::vector<uint64_t> approvals;   // approvals per project
    std::vector<OptionId> ranking;     // all projects by approvals, then lower id (the funding order)
    std::vector<OptionId> funded;      // funded projects, in funding order
    uint64_t spent = 0;                // total cost of funded projects (<= budget)
    uint64_t budget = 0;               // the cap counted against (from the spec)
    std::vector<uint64_t> costs;       // cost per project (from the spec)
    std::optional<OptionId> winner;    // first funded project, if any
};

Result<BudgetResult> tally_budget(const BallotBox& ballots, const BudgetSpec& spec);  // participatory budget

// [SECTION] Yes / no / abstain (each ballot: exactly one of kYes, kNo, kAbstain)

struct YesNoSpec {
    uint64_t enrolled = 0;    // eligible voters; must be > 0 when quorum > 0
    double quorum = 0.0;      // minimum participation: yes+no+abstain >= quorum * enrolled
    double threshold = 0.5;   // approval: yes >= threshold * (yes + no), and yes > 0
};

struct YesNoResult {
    TallySummary summary;      // ballots, validity, turnout
    uint64_t yes = 0;          // valid "yes" ballots
    uint64_t no = 0;           // valid "no" ballots
    uint64_t abstain = 0;      // valid "abstain" ballots (count for quorum, not for threshold)
    double quorum = 0.0;       // the quorum counted against (from the spec)
    double threshold = 0.0;    // the threshold counted against (from the spec)
    bool quorum_met = false;   // enough residents took part
    bool approved = false;     // quorum met and threshold reached
};

Result<YesNoResult> tally_yesno(const BallotBox& ballots, const YesNoSpec& spec);  // referendum-style vote

}  // namespace yishi::core
