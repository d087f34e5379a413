// test_tally_properties.cpp — seeded property checks of the tally methods: results do not depend on
// ballot order, a Condorcet winner wins under Schulze, two-option IRV is a majority vote, IRV agrees
// with a naive re-count, budgets are never exceeded, and a later ballot replaces the earlier.
// The generator is our own splitmix64 (not <random>'s distributions, whose output may differ between
// standard libraries), so the native and the wasm runs draw exactly the same ballots.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <vector>

#include "yishi/tally.hpp"
#include "yishi/splitmix.hpp"

using namespace yishi::core;

namespace {

constexpr int kTrials = 60;   // random elections per property

using Rng = SplitMix64;  // identical sequences natively and in wasm

using Ballots = std::vector<std::vector<uint32_t>>;

BallotBox pack(const Ballots& ballots) {
    BallotBox box;
    for (const auto& b : ballots) box.add(b);
    return box;
}

// A random ranking of n options; when `truncate`, only its first 1..n entries.
std::vector<uint32_t> random_ranking(Rng& rng, uint32_t n, bool truncate) {
    std::vector<uint32_t> r(n);
    std::iota(r.begin(), r.end(), 0u);
    rng.shuffle(r);
    if (truncate) r.resize(1 + rng.below(n));
    return r;
}

// Random ranked ballots, a few of them deliberately invalid (empty, unknown id, duplicate).
Ballots random_ranked_ballots(Rng& rng, uint32_t n, size_t count) {
    Ballots out;
    for (size_t i = 0; i < count; ++i) {
        auto b = random_ranking(rng, n, rng.below(2) == 0);
        switch (rng.below(40)) {
            case 0: b.clear(); break;
            case 1: b.push_back(n); break;
            case 2: b.push_back(b.front()); break;
            default: break;
        }
        out.push_back(std::move(b));
    }
    return out;
}

// IRV by re-counting every round from scratch, with the documented tie-break.
std::vector<OptionId> naive_irv_eliminations(const Ballots& ballots, uint32_t n) {
    std::vector<char> in(n, 1);
    std::vector<std::vector<uint64_t>> history;
    std::vector<OptionId> out;
    for (uint32_t left = n; left > 1; --left) {
        std::vector<uint64_t> votes(n, 0);
        for (const auto& b : ballots) {
            std::vector<char> seen(n + 1, 0);
            bool ok = !b.empty();
            for (uint32_t o : b) { ok = ok && o < n && !seen[o]; if (o < n) seen[o] = 1; }
            if (!ok) continue;
            for (uint32_t o : b) if (in[o]) { ++votes[o]; break; }
        }
        history.push_back(votes);
        std::vector<OptionId> tied;
        for (OptionId o = 0; o < n; ++o) if (in[o]) tied.push_back(o);
        for (size_t r = history.size(); r-- > 0 && tied.size() > 1;) {
            uint64_t fewest = UINT64_MAX;
            for (OptionId o : tied) fewest = std::min(fewest, history[r][o]);
            std::vector<OptionId> next;
            for (OptionId o : tied) if (history[r][o] == fewest) next.push_back(o);
            tied = next;
        }
        out.push_back(tied.back());
        in[tied.back()] = 0;
    }
    return out;
}

// The option that beats every other head to head (ranked above it by more voters), if any.
std::optional<OptionId> condorcet_winner(const Ballots& ballots, uint32_t n) {
    std::vector<int64_t> margin(size_t(n) * n, 0);
    for (const auto& b : ballots) {
        std::vector<uint32_t> pos(n, n);
        for (size_t k = 0; k < b.size(); ++k) pos[b[k]] = static_cast<uint32_t>(k);
        for (OptionId i = 0; i < n; ++i)
            for (OptionId j = 0; j < n; ++j)
                if (pos[i] < pos[j]) ++margin[size_t(i) * n + j], --margin[size_t(j) * n + i];
    }
    for (OptionId i = 0; i < n; ++i) {
        bool beats_all = true;
        for (OptionId j = 0; j < n; ++j) if (i != j && margin[size_t(i) * n + j] <= 0) beats_all = false;
        if (beats_all) return i;
    }
    return std::nullopt;
}

}  // namespace

TEST_CASE("every method gives the same result whatever the order of the ballots") {
    Rng rng{20240601};
    for (int t = 0; t < kTrials; ++t) {
        const uint32_t n = 2 + rng.below(6);
        Ballots ballots = random_ranked_ballots(rng, n, 1 + rng.below(80));
        Ballots shuffled = ballots;
        rng.shuffle(shuffled);
        const BallotBox a = pack(ballots), b = pack(shuffled);
        CAPTURE(t);

        auto irv_a = tally_irv(a, {.options = n}), irv_b = tally_irv(b, {.options = n});
        REQUIRE(irv_a.ok());
        REQUIRE(irv_b.ok());
        CHECK(irv_a->ranking == irv_b->ranking);
        CHECK(irv_a->rounds.size() == irv_b->rounds.size());
        for (size_t r = 0; r < irv_a->rounds.size() && r < irv_b->rounds.size(); ++r) {
            CHECK(irv_a->rounds[r].votes == irv_b->rounds[r].votes);
            CHECK(irv_a->rounds[r].exhausted == irv_b->rounds[r].exhausted);
        }
        auto sch_a = tally_schulze(a, {.options = n}), sch_b = tally_schulze(b, {.options = n});
        REQUIRE(sch_a.ok());
        REQUIRE(sch_b.ok());
        CHECK(sch_a->pairwise == sch_b->pairwise);
        CHECK(sch_a->ranking == sch_b->ranking);
        CHECK(sch_a->summary.invalid == sch_b->summary.invalid);
        auto app_a = tally_approval(a, {.options = n}), app_b = tally_approval(b, {.options = n});
        REQUIRE(app_a.ok());
        REQUIRE(app_b.ok());
        CHECK(app_a->votes == app_b->votes);
        CHECK(app_a->ranking == app_b->ranking);
        std::vector<uint64_t> costs(n);
        for (auto& c : costs) c = 1 + rng.below(100);
        auto bud_a = tally_budget(a, {.costs = costs, .budget = 150}), bud_b = tally_budget(b, {.costs = costs, .budget = 150});
        REQUIRE(bud_a.ok());
        REQUIRE(bud_b.ok());
        CHECK(bud_a->funded == bud_b->funded);
    }
}

TEST_CASE("IRV with cursors agrees with a naive re-count of every round") {
    Rng rng{77};
    for (int t = 0; t < kTrials; ++t) {
        const uint32_t n = 2 + rng.below(7);
        // Few voters make ties, and so the tie-break rules, common.
        const Ballots ballots = random_ranked_ballots(rng, n, 1 + rng.below(12));
        auto r = tally_irv(pack(ballots), {.options = n});
        REQUIRE(r.ok());
        CAPTURE(t);
        if (!r->winner) continue;
        std::vector<OptionId> eliminated;
        for (const auto& round : r->rounds) if (round.eliminated) eliminated.push_back(*round.eliminated);
        CHECK(eliminated == naive_irv_eliminations(ballots, n));
    }
}

TEST_CASE("a Condorcet winner wins under Schulze") {
    Rng rng{4242};
    int seen = 0;
    for (int t = 0; t < kTrials * 3; ++t) {
        const uint32_t n = 3 + rng.below(4);
        Ballots ballots;
        const size_t voters = 5 + rng.below(40);
        for (size_t v = 0; v < voters; ++v) ballots.push_back(random_ranking(rng, n, rng.below(3) == 0));
        // Construct one in half the trials: a random option moved to the top of a majority of ballots.
        if (t % 2 == 0) {
            const OptionId w = rng.below(n);
            for (size_t v = 0; v < voters / 2 + 1; ++v) {
                auto& b = ballots[v];
                auto it = std::find(b.begin(), b.end(), w);
                if (it != b.end()) b.erase(it);
                b.insert(b.begin(), w);
            }
        }
        const auto cw = condorcet_winner(ballots, n);
        if (!cw) continue;
        ++seen;
        auto r = tally_schulze(pack(ballots), {.options = n});
        REQUIRE(r.ok());
        CAPTURE(t);
        CHECK(r->winner == *cw);
    }
    CHECK(seen >= kTrials);
}

TEST_CASE("IRV between two options is a majority vote, a tie going to the first declared") {
    Rng rng{99};
    for (int t = 0; t < kTrials; ++t) {
        Ballots ballots;
        uint64_t first[2] = {0, 0};
        const size_t voters = 1 + rng.below(30);
        for (size_t v = 0; v < voters; ++v) {
            auto b = random_ranking(rng, 2, rng.below(2) == 0);
            ++first[b[0]];
            ballots.push_back(b);
        }
        auto r = tally_irv(pack(ballots), {.options = 2});
        REQUIRE(r.ok());
        CHECK(r->winner == (first[1] > first[0] ? 1u : 0u));
    }
}

TEST_CASE("funded projects never exceed the budget, and every approved project left out did not fit") {
    Rng rng{31337};
    for (int t = 0; t < kTrials; ++t) {
        const uint32_t n = 1 + rng.below(8);
        std::vector<uint64_t> costs(n);
        for (auto& c : costs) c = rng.below(500);
        const uint64_t budget = 1 + rng.below(1200);
        Ballots ballots;
        for (size_t v = 0, voters = rng.below(50); v < voters; ++v) ballots.push_back(random_ranking(rng, n, true));
        auto r = tally_budget(pack(ballots), {.costs = costs, .budget = budget});
        REQUIRE(r.ok());
        CAPTURE(t);
        uint64_t total = 0;
        for (OptionId p : r->funded) total += costs[p];
        CHECK(total == r->spent);
        CHECK(r->spent <= budget);
        for (OptionId p = 0; p < n; ++p) {
            const bool funded = std::find(r->funded.begin(), r->funded.end(), p) != r->funded.end();
            if (!funded && r->approvals[p] > 0) CHECK(costs[p] > budget - r->spent);
        }
        CHECK(r->summary.valid + r->summary.invalid == ballots.size());
    }
}

TEST_CASE("keeping the latest ballot per slot equals a replay in sequence order, in any arrival order") {
    Rng rng{555};
    for (int t = 0; t < kTrials; ++t) {
        const uint32_t n = 2 + rng.below(4);
        const size_t cast_count = 1 + rng.below(60);
        std::vector<std::pair<BallotStamp, std::vector<uint32_t>>> cast;
        std::map<uint64_t, uint64_t> next_sequence;
        for (size_t i = 0; i < cast_count; ++i) {
            const uint64_t slot = rng.below(15);
            const uint64_t seq = (next_sequence[slot] += 1 + rng.below(3));
            cast.push_back({{slot, seq}, random_ranking(rng, n, true)});
        }
        // Replay in sequence order: a later ballot overwrites.
        std::map<uint64_t, std::vector<uint32_t>> replay;
        for (const auto& [stamp, ballot] : cast) replay[stamp.slot] = ballot;
        rng.shuffle(cast);   // arrival order differs from sequence order
        BallotBox box;
        std::vector<BallotStamp> stamps;
        for (const auto& [stamp, ballot] : cast) { box.add(ballot); stamps.push_back(stamp); }
        auto latest = keep_latest_per_slot(box, stamps);
        REQUIRE(latest.ok());
        REQUIRE(latest->size() == replay.size());
        size_t k = 0;
        for (const auto& [slot, ballot] : replay) {
            auto got = latest.value()[k++];
            CHECK(std::vector<uint32_t>(got.begin(), got.end()) == ballot);
        }
    }
}
