// tally_score.cpp — score voting: each ballot gives every option a score from kScoreMin to spec.max_score
// (kScoreMax = 5 unless the consultation declares another maximum, up to kMaxBallotScore).
//
// A ballot must hold exactly one score per option, in option order (the CLI fills an option the
// resident left unscored with kScoreMin). Per option the result keeps the sum, a histogram of
// scores, the mean and the median (the mean of the two middle scores when the count is even).
// Ranking: higher mean, then higher median, then lower id. The comparisons are done on integers
// (sum, twice the median) so they are exact on every platform.
#include "tally_internal.hpp"
#include "yishi/envelope.hpp"

namespace yishi::core {

using namespace tally_detail;

static_assert(kScoreMin == 0, "scores index the histogram directly");

namespace {

// Twice the median of `count` scores described by one option's histogram row (count > 0).
uint64_t twice_median(const uint64_t* hist, uint32_t levels, uint64_t count) {
    // 0-based positions of the middle scores in ascending order.
    const uint64_t lo_pos = (count - 1) / 2, hi_pos = count / 2;
    uint64_t seen = 0, lo = 0, hi = 0;
    bool lo_found = false;
    for (uint32_t s = 0; s < levels; ++s) {
        seen += hist[s];
        if (!lo_found && seen > lo_pos) { lo = s; lo_found = true; }
        if (seen > hi_pos) { hi = s; break; }
    }
    return lo + hi;
}

}  // namespace

Result<ScoreResult> tally_score(const BallotBox& ballots, const ChoiceSpec& spec) {
    if (auto st = check_option_count(spec.options); !st) return st.error();
    if (spec.max_score < 1 || spec.max_score > kMaxBallotScore) return Error::TallyBadSpec;
    const uint32_t n = spec.options;
    ScoreResult r;
    r.levels = spec.max_score + 1;
    r.summary = start_summary(ballots.size(), spec.enrolled);
    r.sums.assign(n, 0);
    r.histogram.assign(size_t(n) * r.levels, 0);
    for (size_t i = 0; i < ballots.size(); ++i) {
        auto b = ballots[i];
        if (b.size() != n) { reject(r.summary, i, b.empty() ? BallotProblem::Empty : BallotProblem::WrongLength); continue; }
        bool in_range = true;
        for (uint32_t s : b) in_range = in_range && s <= spec.max_score;
        if (!in_range) { reject(r.summary, i, BallotProblem::ScoreOutOfRange); continue; }
        for (OptionId o = 0; o < n; ++o) {
            r.sums[o] += b[o];
            ++r.histogram[size_t(o) * r.levels + b[o]];
        }
    }
    finish_summary(r.summary);
    const uint64_t m = r.summary.valid;
    std::vector<uint64_t> medians2(n, 0);
    r.means.assign(n, 0.0);
    r.medians.assign(n, 0.0);
    for (OptionId o = 0; o < n; ++o) {
        if (m == 0) break;
        medians2[o] = twice_median(&r.histogram[size_t(o) * r.levels], r.levels, m);
        r.means[o] = double(r.sums[o]) / double(m);
        r.medians[o] = double(medians2[o]) / 2.0;
    }
    r.ranking.resize(n);
    for (OptionId o = 0; o < n; ++o) r.ranking[o] = o;
    std::stable_sort(r.ranking.begin(), r.ranking.end(), [&](OptionId a, OptionId b) {
        if (r.sums[a] != r.sums[b]) return r.sums[a] > r.sums[b];   // same m for all: sum orders the means
        return medians2[a] > medians2[b];
    });
    r.winner = winner_of(r.ranking, r.summary);
    return r;
}

}  // namespace yishi::core
