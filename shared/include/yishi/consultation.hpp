// consultation.hpp — the stage rules of a consultation and the fit of a ballot to it, in one place.
//
// The server calls these while authorising a submission; the browser can call the same functions to
// grey out actions that would be refused. Stages run 需求征集 collect_needs → 民主协商 deliberate →
// 项目决策 vote → 绩效评估 evaluate → closed; which kinds each stage allows is the table in
// docs/api.md ("Stage rules"), implemented only by check_stage.
#pragma once
#include <cstdint>
#include <span>
#include <vector>
#include "yishi/envelope.hpp"

namespace yishi::core {

// What a ballot is checked against: the consultation's method, parameter and options.
struct BallotRules {
    VotingMethod method = VotingMethod::Plurality;   // from consultation_open
    uint64_t method_param = 0;                       // approval: max choices; score: max score; budget: total
    std::vector<ConsultationOption> options;         // option ids ascending (labels unused here)
};

inline constexpr uint32_t kMaxCommentDepth = 3;   // a top-level comment is depth 1; replies nest to depth 3

Status check_stage(Kind kind, Stage stage);                   // WrongStage unless `kind` may be submitted in `stage`
Status check_advance(Stage from, Stage to);                   // WrongStage unless `to` is a later stage than `from`
Status check_ballot(const VotePayload& vote, const BallotRules& rules);  // BallotInvalid on method/option/count/cost
// Per-option totals published in exports, one per rules.options entry: ballots choosing the option
// (plurality, approval, budget, yes_no), sum of scores (score), first preferences (ranked). Ballots
// that fail check_ballot are skipped. Exports and `yishi verify` both call this.
std::vector<uint64_t> option_totals(const BallotRules& rules, std::span<const VotePayload> ballots);

}  // namespace yishi::core
