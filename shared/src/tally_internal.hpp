// tally_internal.hpp — helpers the tally_*.cpp files share; not part of the public API.
//
// Spec checks, the per-ballot option check (unknown and duplicate ids, with a stamp array instead of
// a per-ballot set), the invalid-ballot bookkeeping and the one ranking rule most methods use:
// larger count first, then the lower option id.
#pragma once
#include <algorithm>
#include <numeric>
#include <optional>
#include <span>
#include <vector>
#include "yishi/tally.hpp"

namespace yishi::core::tally_detail {

// Ok, or the error that a set of `options` options deserves.
inline Status check_option_count(uint64_t options) {
    if (options == 0) return Error::TallyBadSpec;
    if (options > kMaxTallyOptions) return Error::TallyTooManyOptions;
    return Ok{};
}

// Finds unknown and repeated ids in one ballot in O(length), without clearing between ballots:
// seen[id] holds the number of the last ballot that used id.
class IdChecker {
public:
    explicit IdChecker(uint32_t options) : seen_(options, 0), options_(options) {}
    // The first problem of this list of ids, if any.
    std::optional<BallotProblem> check(std::span<const uint32_t> ids) {
        ++stamp_;
        for (uint32_t id : ids) {
            if (id >= options_) return BallotProblem::UnknownOption;
            if (seen_[id] == stamp_) return BallotProblem::DuplicateOption;
            seen_[id] = stamp_;
        }
        return std::nullopt;
    }
private:
    std::vector<uint64_t> seen_;
    uint32_t options_;
    uint64_t stamp_ = 0;
};

// Starts a summary for `ballots` ballots.
inline TallySummary start_summary(uint64_t ballots, uint64_t enrolled) {
    TallySummary s;
    s.enrolled = enrolled;
    s.ballots = ballots;
    return s;
}

// Records ballot `index` as invalid for `problem`.
inline void reject(TallySummary& s, uint64_t index, BallotProblem problem) {
    s.invalid_ballots.push_back({index, problem});
    ++s.invalid;
}

// Finishes a summary once every ballot was either counted or rejected.
inline void finish_summary(TallySummary& s) { s.valid = s.ballots - s.invalid; }

// All option ids ordered by count (descending), ties by lower id.
inline std::vector<OptionId> rank_by_count(const std::vector<uint64_t>& counts) {
    std::vector<OptionId> order(counts.size());
    std::iota(order.begin(), order.end(), OptionId{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](OptionId a, OptionId b) { return counts[a] > counts[b]; });
    return order;
}

// The winner of a ranking, or none if nobody voted validly.
inline std::optional<OptionId> winner_of(const std::vector<OptionId>& ranking, const TallySummary& s) {
    if (s.valid == 0 || ranking.empty()) return std::nullopt;
    return ranking.front();
}

}  // namespace yishi::core::tally_detail
