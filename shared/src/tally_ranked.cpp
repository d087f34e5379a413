// tally_ranked.cpp — ranked-choice ballots: instant-runoff (IRV) and the Schulze method.
//
// A ranked ballot lists distinct option ids, best first; it may stop early (options it leaves out
// rank below every option it names, and equal to each other). An empty ballot is invalid.
//
// IRV: each round counts every valid ballot for its highest-ranked continuing option. The option
// with the fewest votes is eliminated. Tie: the one among them with fewer votes in the previous
// round, then the round before, and so on back to the first; if still tied, the one declared last
// (highest id) goes. Rounds continue until one option remains, so the ranking is complete; the
// winner is the last option standing, which is always the first option that held a strict
// majority of continuing ballots (majority_round). Ballots whose named options are all eliminated
// are exhausted. Speed: each valid ballot keeps a cursor to its current choice; a round only
// advances the ballots of the eliminated option — no per-ballot allocation.
//
// Schulze, winning-votes variant: d[i][j] counts voters ranking i above j; a link i→j has strength
// d[i][j] when d[i][j] > d[j][i], else 0; p[i][j] is the widest path (Floyd–Warshall). Options are
// ranked by how many others they beat (p[i][j] > p[j][i]) — consistent with Schulze's order, which is
// transitive — and ties go to the lower id.
#include <limits>
#include "tally_internal.hpp"

namespace yishi::core {

using namespace tally_detail;

namespace {

constexpr uint32_t kExhausted = std::numeric_limits<uint32_t>::max();   // cursor past the ballot's end

// Indices of the ballots that are valid ranked ballots; the rest are rejected into `s`.
std::vector<uint64_t> valid_ranked_ballots(const BallotBox& ballots, uint32_t options, TallySummary& s) {
    std::vector<uint64_t> valid;
    valid.reserve(ballots.size());
    IdChecker ids(options);
    for (size_t i = 0; i < ballots.size(); ++i) {
        auto b = ballots[i];
        if (b.empty()) { reject(s, i, BallotProblem::Empty); continue; }
        if (auto problem = ids.check(b)) { reject(s, i, *problem); continue; }
        valid.push_back(i);
    }
    finish_summary(s);
    return valid;
}

// The option IRV eliminates now: fewest votes, then fewest in earlier rounds, then highest id.
OptionId pick_elimination(const std::vector<IrvRound>& rounds, const std::vector<char>& in) {
    std::vector<OptionId> tied;
    for (size_t r = rounds.size(); r-- > 0;) {
        const auto& votes = rounds[r].votes;
        uint64_t fewest = std::numeric_limits<uint64_t>::max();
        const bool first_pass = tied.empty();
        std::vector<OptionId> candidates;
        if (first_pass) {
            for (OptionId o = 0; o < in.size(); ++o) if (in[o]) candidates.push_back(o);
        } else {
            candidates = tied;
        }
        for (OptionId o : candidates) fewest = std::min(fewest, votes[o]);
        tied.clear();
        for (OptionId o : candidates) if (votes[o] == fewest) tied.push_back(o);
        if (tied.size() == 1) return tied.front();
    }
    return tied.back();   // still tied in every round: the option declared last goes
}

}  // namespace

Result<IrvResult> tally_irv(const BallotBox& ballots, const RankedSpec& spec) {
    if (auto st = check_option_count(spec.options); !st) return st.error();
    const uint32_t n = spec.options;
    IrvResult r;
    r.summary = start_summary(ballots.size(), spec.enrolled);
    const std::vector<uint64_t> valid = valid_ranked_ballots(ballots, n, r.summary);
    if (valid.empty()) {   // nothing to count: declared order, no winner
        for (OptionId o = 0; o < n; ++o) r.ranking.push_back(o);
        return r;
    }

    std::vector<char> in(n, 1);                      // still continuing
    std::vector<uint32_t> cursor(valid.size(), 0);   // position in the ballot of its current choice
    std::vector<uint32_t> current(valid.size());     // its current choice, or kExhausted
    IrvRound round;
    round.votes.assign(n, 0);
    for (size_t k = 0; k < valid.size(); ++k) {
        current[k] = ballots[valid[k]][0];
        ++round.votes[current[k]];
    }
    round.continuing = valid.size();
    std::vector<OptionId> eliminated_order;
    bool majority_seen = false;
    for (uint32_t left = n;; --left) {
        uint64_t top = 0;
        for (OptionId o = 0; o < n; ++o) top = std::max(top, round.votes[o]);
        if (!majority_seen && top * 2 > round.continuing) {
            majority_seen = true;
            r.majority_round = r.rounds.size();
        }
        r.rounds.push_back(round);
        if (left == 1) break;
        const OptionId out = pick_elimination(r.rounds, in);
        r.rounds.back().eliminated = out;
        eliminated_order.push_back(out);
        in[out] = 0;
        // Move the eliminated option's ballots to their next continuing choice.
        round.votes[out] = 0;
        for (size_t k = 0; k < valid.size(); ++k) {
            if (current[k] != out) continue;
            auto b = ballots[valid[k]];
            uint32_t c = cursor[k] + 1;
            while (c < b.size() && !in[b[c]]) ++c;
            cursor[k] = c;
            if (c < b.size()) {
                current[k] = b[c];
                ++round.votes[b[c]];
            } else {
                current[k] = kExhausted;
                --round.continuing;
                ++round.exhausted;
            }
        }
        round.eliminated.reset();
    }
    for (OptionId o = 0; o < n; ++o) if (in[o]) r.ranking.push_back(o);
    r.ranking.insert(r.ranking.end(), eliminated_order.rbegin(), eliminated_order.rend());
    r.winner = r.ranking.front();
    return r;
}

Result<SchulzeResult> tally_schulze(const BallotBox& ballots, const RankedSpec& spec) {
    if (auto st = check_option_count(spec.options); !st) return st.error();
    const uint32_t n = spec.options;
    SchulzeResult r;
    r.options = n;
    r.summary = start_summary(ballots.size(), spec.enrolled);
    const std::vector<uint64_t> valid = valid_ranked_ballots(ballots, n, r.summary);

    // Pairwise counts. Within a ballot, each named option beats every option named after it and
    // every option not named at all.
    std::vector<uint64_t> d(size_t(n) * n, 0);
    std::vector<uint64_t> named(n, 0);   // named[o] == stamp: o appears on the current ballot
    uint64_t stamp = 0;
    for (uint64_t i : valid) {
        auto b = ballots[i];
        ++stamp;
        for (uint32_t o : b) named[o] = stamp;
        for (size_t a = 0; a < b.size(); ++a) {
            uint64_t* row = &d[size_t(b[a]) * n];
            for (size_t c = a + 1; c < b.size(); ++c) ++row[b[c]];
            if (b.size() < n)
                for (OptionId o = 0; o < n; ++o) if (named[o] != stamp) ++row[o];
        }
    }

    // Widest paths over winning-votes links.
    std::vector<uint64_t> p(size_t(n) * n, 0);
    for (OptionId i = 0; i < n; ++i)
        for (OptionId j = 0; j < n; ++j)
            if (i != j && d[size_t(i) * n + j] > d[size_t(j) * n + i]) p[size_t(i) * n + j] = d[size_t(i) * n + j];
    for (OptionId k = 0; k < n; ++k)
        for (OptionId i = 0; i < n; ++i) {
            if (i == k) continue;
            const uint64_t ik = p[size_t(i) * n + k];
            if (ik == 0) continue;
            for (OptionId j = 0; j < n; ++j) {
                if (j == i || j == k) continue;
                uint64_t& ij = p[size_t(i) * n + j];
                ij = std::max(ij, std::min(ik, p[size_t(k) * n + j]));
            }
        }

    std::vector<uint64_t> beaten(n, 0);
    for (OptionId i = 0; i < n; ++i)
        for (OptionId j = 0; j < n; ++j)
            if (i != j && p[size_t(i) * n + j] > p[size_t(j) * n + i]) ++beaten[i];
    r.ranking = rank_by_count(beaten);
    r.pairwise = std::move(d);
    r.strongest = std::move(p);
    r.winner = winner_of(r.ranking, r.summary);
    return r;
}

}  // namespace yishi::core
