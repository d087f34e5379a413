// consultation.cpp — stage rules and ballot fit (see consultation.hpp).
#include "yishi/consultation.hpp"

#include <algorithm>

namespace yishi::core {

Status check_stage(Kind kind, Stage stage) {
    bool allowed = false;
    switch (kind) {
        case Kind::Propose: allowed = stage == Stage::CollectNeeds; break;         // needs are collected first
        case Kind::Comment:
        case Kind::React: allowed = stage != Stage::Closed; break;                  // discussion runs until closing
        case Kind::BallotKeyBind:
        case Kind::Vote: allowed = stage == Stage::Vote; break;                     // 项目决策 only
        case Kind::Rate: allowed = stage == Stage::Evaluate; break;                 // 绩效评估 only
        case Kind::ConsultationAdvance:
        case Kind::ConsultationClose: allowed = stage != Stage::Closed; break;      // a closed one stays closed
        case Kind::Moderate: allowed = true; break;                                 // moderation never stops
        default: allowed = false; break;  // enroll, feedback, keys: not tied to a consultation
    }
    return allowed ? Status(Ok{}) : Status(Error::WrongStage);
}

Status check_advance(Stage from, Stage to) {
    // Stages may be skipped (a small consultation may go straight to the vote) but never revisited.
    if (from == Stage::Closed || static_cast<uint8_t>(to) <= static_cast<uint8_t>(from)) return Error::WrongStage;
    return Ok{};
}

Status check_ballot(const VotePayload& vote, const BallotRules& rules) {
    if (vote.method != rules.method) return Error::BallotInvalid;
    uint64_t cost = 0;
    for (const BallotEntry& e : vote.entries) {
        auto it = std::lower_bound(rules.options.begin(), rules.options.end(), e.option_id,
                                   [](const ConsultationOption& o, uint32_t id) { return o.option_id < id; });
        if (it == rules.options.end() || it->option_id != e.option_id) return Error::BallotInvalid;
        if (rules.method == VotingMethod::Score && e.value > rules.method_param) return Error::BallotInvalid;
        cost += it->cost;
    }
    // The codec already checked the shape (one entry for plurality/yes_no, ranks a permutation, ...).
    if (rules.method == VotingMethod::Approval && vote.entries.size() > rules.method_param) return Error::BallotInvalid;
    if (rules.method == VotingMethod::Ranked && vote.entries.size() > rules.options.size()) return Error::BallotInvalid;
    if (rules.method == VotingMethod::Budget && cost > rules.method_param) return Error::BallotInvalid;
    return Ok{};
}

std::vector<uint64_t> option_totals(const BallotRules& rules, std::span<const VotePayload> ballots) {
    std::vector<uint64_t> totals(rules.options.size(), 0);
    for (const VotePayload& v : ballots) {
        if (!check_ballot(v, rules)) continue;
        for (const BallotEntry& e : v.entries) {
            auto it = std::lower_bound(rules.options.begin(), rules.options.end(), e.option_id,
                                       [](const ConsultationOption& o, uint32_t id) { return o.option_id < id; });
            const size_t i = static_cast<size_t>(it - rules.options.begin());
            if (rules.method == VotingMethod::Score) totals[i] += e.value;
            else if (rules.method == VotingMethod::Ranked) totals[i] += e.value == 1 ? 1 : 0;
            else totals[i] += 1;
        }
    }
    return totals;
}

}  // namespace yishi::core
