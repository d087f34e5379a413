// bench_tally.cpp — how long counting takes: 1,000,000 ranked ballots over 10 options (IRV and
// Schulze) and 1,000,000 single-choice ballots (plurality), generated from a fixed seed.
//
// Built natively and by emcc (run under node) from the same source; bench/run_tally_bench.sh runs
// both and prints the wasm/native ratio. Each method runs kRepeats times and the fastest run is
// reported, with the winner, so that the two builds can be seen to agree. Output, one line per
// method: "<method> ballots=<n> options=<k> best_ms=<t> winner=<id>".
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <vector>

#include "yishi/tally.hpp"
#include "yishi/splitmix.hpp"

using namespace yishi::core;

namespace {

constexpr size_t kBallots = 1'000'000;   // ballots per election
constexpr uint32_t kOptions = 10;        // options per election
constexpr int kRepeats = 5;              // runs per method; the fastest counts
constexpr uint64_t kSeed = 20161231;     // fixed: every build counts the same ballots

using Rng = SplitMix64;  // identical sequences natively and in wasm

// Full rankings, mildly skewed toward low ids so the election is not a pure coin toss; one ballot
// in eight is truncated to its first three choices, so that IRV exhausts some ballots.
BallotBox make_ranked(Rng& rng) {
    BallotBox box;
    box.reserve(kBallots, kBallots * kOptions);
    uint32_t r[kOptions];
    for (size_t i = 0; i < kBallots; ++i) {
        std::iota(r, r + kOptions, 0u);
        for (uint32_t k = kOptions; k > 1; --k) std::swap(r[k - 1], r[rng.below(k)]);
        if (rng.below(4) == 0) std::sort(r, r + 2);   // a bias: lower ids first more often
        const size_t len = rng.below(8) == 0 ? 3 : kOptions;
        box.add(std::span<const uint32_t>(r, len));
    }
    return box;
}

BallotBox make_single(Rng& rng) {
    BallotBox box;
    box.reserve(kBallots, kBallots);
    for (size_t i = 0; i < kBallots; ++i) {
        const uint32_t choice = std::min(rng.below(kOptions), rng.below(kOptions + 3));
        box.add(std::span<const uint32_t>(&choice, 1));
    }
    return box;
}

// Runs `count` kRepeats times, prints the fastest time and the winner it returned.
template <class F>
void measure(const char* method, F count) {
    double best_ms = 1e300;
    long winner = -1;
    for (int k = 0; k < kRepeats; ++k) {
        const auto t0 = std::chrono::steady_clock::now();
        const auto w = count();
        const auto t1 = std::chrono::steady_clock::now();
        best_ms = std::min(best_ms, std::chrono::duration<double, std::milli>(t1 - t0).count());
        winner = w ? long(*w) : -1;
    }
    std::printf("%s ballots=%zu options=%u best_ms=%.1f winner=%ld\n", method, kBallots, kOptions, best_ms, winner);
    std::fflush(stdout);
}

}  // namespace

int main() {
    Rng rng{kSeed};
    const BallotBox ranked = make_ranked(rng);
    const BallotBox single = make_single(rng);
    const ChoiceSpec spec{.options = kOptions, .enrolled = kBallots};
    measure("irv", [&] { auto r = tally_irv(ranked, spec); return r.ok() ? r->winner : std::nullopt; });
    measure("schulze", [&] { auto r = tally_schulze(ranked, spec); return r.ok() ? r->winner : std::nullopt; });
    measure("plurality", [&] { auto r = tally_plurality(single, spec); return r.ok() ? r->winner : std::nullopt; });
    return EXIT_SUCCESS;
}
