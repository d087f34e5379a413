// tally_ballots.cpp — the ballot box (flat storage), "a later ballot replaces the earlier", and the
// stable codes of ballot problems.
#include <algorithm>
#include <numeric>
#include "tally_internal.hpp"

namespace yishi::core {

void BallotBox::add(std::span<const uint32_t> values) {
    values_.insert(values_.end(), values.begin(), values.end());
    offsets_.push_back(values_.size());
}

void BallotBox::reserve(size_t ballots, size_t values) {
    offsets_.reserve(ballots + 1);
    values_.reserve(values);
}

// Sort ballot indices by (slot, sequence) and keep the last of each slot. The output is ordered by
// slot, so it does not depend on the order in which ballots arrived.
Result<BallotBox> keep_latest_per_slot(const BallotBox& cast, std::span<const BallotStamp> stamps) {
    if (stamps.size() != cast.size()) return Error::TallyBadSpec;
    std::vector<uint64_t> order(cast.size());
    std::iota(order.begin(), order.end(), uint64_t{0});
    std::sort(order.begin(), order.end(), [&](uint64_t a, uint64_t b) {
        if (stamps[a].slot != stamps[b].slot) return stamps[a].slot < stamps[b].slot;
        return stamps[a].sequence < stamps[b].sequence;
    });
    BallotBox latest;
    latest.reserve(order.size(), cast.total_values());
    for (size_t k = 0; k < order.size(); ++k) {
        const BallotStamp& s = stamps[order[k]];
        if (k + 1 < order.size()) {
            const BallotStamp& next = stamps[order[k + 1]];
            if (next.slot == s.slot) {
                if (next.sequence == s.sequence) return Error::TallyDuplicateSequence;
                continue;  // a later ballot of this slot follows
            }
        }
        latest.add(cast[order[k]]);
    }
    return latest;
}

std::string_view ballot_problem_code(BallotProblem p) {
    switch (p) {
        case BallotProblem::Empty: return "empty";
        case BallotProblem::UnknownOption: return "unknown_option";
        case BallotProblem::DuplicateOption: return "duplicate_option";
        case BallotProblem::TooFewChoices: return "too_few_choices";
        case BallotProblem::TooManyChoices: return "too_many_choices";
        case BallotProblem::OverBudget: return "over_budget";
        case BallotProblem::WrongLength: return "wrong_length";
        case BallotProblem::ScoreOutOfRange: return "score_out_of_range";
    }
    return "unknown";
}

}  // namespace yishi::core
