// consultation.hpp — the stage rules of a consultation and the fit of a ballot to it, in one place.
//
// The server calls these while authorising a submission; the browser can call the same functions to
// grey out actions that would be refused. Stages run 需求征集 collect_needs → 民主协商 deliberate →
// 项目决策 vote → 绩效评估 evaluate → closed; which kinds each stage allows is the table in
// docs/api.md ("Stage rules"), implemented only by check_stage.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>
#include "yishi/envelope.hpp"
#include "yishi/i18n.hpp"
#include "yishi/sql.hpp"

namespace yishi::core {

// What a ballot is checked against: the consultation's method, parameter and options.
struct BallotRules {
    VotingMethod method = VotingMethod::Plurality;   // from consultation_open
    uint64_t method_param = 0;                       // approval: max choices; score: max; budget: total; ranked: 1 IRV, 2 Schulze
    std::vector<ConsultationOption> options;         // option ids ascending (labels unused here)
};

inline constexpr uint32_t kMaxCommentDepth = 3;   // a top-level comment is depth 1; replies nest to depth 3

Status check_stage(Kind kind, Stage stage);                   // WrongStage unless `kind` may be submitted in `stage`
Status check_advance(Stage from, Stage to);                   // WrongStage unless `to` is a later stage than `from`
Status check_ballot(const VotePayload& vote, const BallotRules& rules);  // BallotInvalid on method/option/count/cost
// [SECTION] Lifecycle in time
// A consultation's stage at time t: the schedule (consultation_open) gives each stage's start and a
// stage ends when the next one starts; the committee may advance earlier (consultation_advance/close),
// never backwards. The effective stage is the later of the advanced stage and the scheduled one.
struct ConsultationState {
    std::vector<StageStart> schedule;   // from consultation_open: stages and times ascending
    std::optional<Stage> advanced;      // the latest consultation_advance / close, if any
};
Result<Stage> effective_stage(const ConsultationState& s, int64_t now_ms);  // NotStarted before the first start
// Ok, or why `kind` may not be submitted now: NotStarted (before the first stage), StageOver (the
// stage that allows it has ended), WrongStage (its stage has not come yet), ConsultationClosed.
// Moderation is always allowed; advance/close are checked by check_advance_at.
Status check_submission(Kind kind, const ConsultationState& s, int64_t now_ms);
// Ok if the committee may move the consultation to `to` now: ConsultationClosed once closed,
// WrongStage unless `to` is later than the effective stage (any stage is later than "not started").
Status check_advance_at(const ConsultationState& s, Stage to, int64_t now_ms);
// The message a resident sees for a refusal of the time or scope rules (not_started, stage_over,
// wrong_stage, consultation_closed, wrong_region); nullopt for other errors.
std::optional<Msg> refusal_msg(Error e);
// Results (tallies, per-option totals) are shown only once the vote stage has ended: effective
// stage evaluate or closed. For everyone, the committee included.
bool results_visible(const ConsultationState& s, int64_t now_ms);
// The state stored for consultation `id` (consultations.advanced + consultation_schedule);
// UnknownConsultation if there is none.
Result<ConsultationState> load_consultation_state(StatementCache& sql, uint64_t id);
// Stores the schedule of a consultation being opened (inside the caller's transaction).
Status store_consultation_schedule(StatementCache& sql, uint64_t id, std::span<const StageStart> schedule);

// [SECTION] Ranked counting
// method_param of a ranked consultation: the counting the committee declared before voting.
inline constexpr uint64_t kRankedInstantRunoff = 1;   // instant-runoff (IRV)
inline constexpr uint64_t kRankedSchulze = 2;         // Schulze

// The outcome of a consultation counted the way its consultation_open declared: ranked by
// instant-runoff or Schulze per method_param, the others by their one method (yishi/tally.hpp).
// Ballots that fail check_ballot count as invalid. Exports publish it and `yishi verify` recomputes it.
struct ConsultationCount {
    std::string_view counting;              // "plurality", "approval", "irv", "schulze", "score", "budget", "yesno"
    std::optional<uint32_t> winner;         // option id; none when no ballot was valid (yes_no: first option = yes)
    std::vector<uint32_t> ranking;          // option ids, best first
    uint64_t valid = 0;                     // ballots counted
    uint64_t invalid = 0;                   // ballots that did not fit
};
Result<ConsultationCount> count_consultation(const BallotRules& rules, std::span<const VotePayload> ballots);

// Per-option totals published in exports, one per rules.options entry: ballots choosing the option
// (plurality, approval, budget, yes_no), sum of scores (score), first preferences (ranked). Ballots
// that fail check_ballot are skipped. Exports and `yishi verify` both call this.
std::vector<uint64_t> option_totals(const BallotRules& rules, std::span<const VotePayload> ballots);

}  // namespace yishi::core
