// bench_opinion.cpp — how long the opinion map takes (core::compute_opinion_map): Pol.is's
// 15-per-hour-seattle (339 × 54, from ../shared/data/polis), and two synthetic sparse conversations,
// 2,000 × 900 (180,000 votes) and 10,000 × 2,000 (500,000 votes), generated from a fixed seed with
// three planted camps. Beside each, a dense reference measured in the same run on the same data:
// Pol.is's own formulation of the PCA stage (the mean-imputed n × c matrix, centred, power iteration
// over dense rows, factor-matrix deflation, projection), which is the part our sparse code replaces.
//
// Built natively and by emcc (run under node) from the same source; bench/run_opinion_bench.sh runs
// both. Each case runs kRepeats times, the fastest counts. Output, one line per case:
// "<case> rows=<n> cols=<c> votes=<v> map_ms=<t> dense_pca_ms=<t> k=<groups> pc1_diff=<max |Δ|>".
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "yishi/opinion.hpp"
#include "yishi/splitmix.hpp"

using namespace yishi::core;

namespace {

constexpr int kRepeats = 3;          // runs per case; the fastest counts
constexpr uint64_t kSeed = 22;       // fixed: every build maps the same reactions
constexpr uint32_t kCamps = 3;       // planted opinion camps in the synthetic data

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// Each participant belongs to a camp and sees `per_row` distinct random statements; a camp leans
// agree or disagree on each statement; votes follow the lean with probability 3/4, pass 1/10.
OpinionMatrix synthetic(uint32_t rows, uint32_t cols, uint32_t per_row) {
    SplitMix64 rng{kSeed};
    std::vector<int8_t> lean(size_t(kCamps) * cols);
    for (int8_t& l : lean) l = rng.below(2) ? 1 : -1;
    std::vector<OpinionReaction> r;
    r.reserve(size_t(rows) * per_row);
    std::vector<uint32_t> pick(cols);
    for (uint32_t p = 0; p < rows; ++p) {
        const uint32_t camp = uint32_t(rng.below(kCamps));
        for (uint32_t j = 0; j < cols; ++j) pick[j] = j;
        for (uint32_t k = 0; k < per_row; ++k) {
            const uint32_t at = k + uint32_t(rng.below(cols - k));
            std::swap(pick[k], pick[at]);
            const uint64_t roll = rng.below(20);
            int8_t v = lean[size_t(camp) * cols + pick[k]];
            if (roll < 2) v = 0;
            else if (roll < 7) v = int8_t(-v);
            r.push_back({std::to_string(p), std::to_string(pick[k]), v});
        }
    }
    auto m = build_opinion_matrix(r, {});
    if (!m) { std::fprintf(stderr, "bench_opinion: cannot build the matrix\n"); std::exit(1); }
    return std::move(m.value());
}

// The dense reference: Pol.is's PCA stage as written (mean imputation into a dense matrix, centring,
// xtxr over rows, factor-matrix, projection). Returns pc1.
std::vector<double> dense_pca(const OpinionMatrix& m) {
    const size_t n = m.participants.size(), c = m.statements.size();
    std::vector<double> sum(c, 0.0), cnt(c, 0.0);
    for (size_t k = 0; k < m.col.size(); ++k) { sum[m.col[k]] += m.value[k]; cnt[m.col[k]] += 1; }
    std::vector<double> a(n * c);
    for (size_t i = 0; i < n; ++i) {
        for (size_t j = 0; j < c; ++j) a[i * c + j] = sum[j] / cnt[j];
        for (uint32_t k = m.row_start[i]; k < m.row_start[i + 1]; ++k) a[i * c + m.col[k]] = m.value[k];
    }
    std::vector<double> center(c, 0.0);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < c; ++j) center[j] += a[i * c + j];
    for (size_t j = 0; j < c; ++j) center[j] /= double(n);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < c; ++j) a[i * c + j] -= center[j];
    SplitMix64 rng{0x6f70696e696f6eull};
    std::vector<std::vector<double>> pcs;
    for (int comp = 0; comp < 2; ++comp) {
        std::vector<double> v(c), prod(c);
        for (size_t j = 0; j < c; ++j) v[j] = 0.5 + double(rng.next() >> 11) * 0x1.0p-53;
        double last = 0;
        for (uint32_t iter = 0;; ++iter) {
            std::fill(prod.begin(), prod.end(), 0.0);
            for (size_t i = 0; i < n; ++i) {
                const double* row = &a[i * c];
                double d = 0;
                for (size_t j = 0; j < c; ++j) d += row[j] * v[j];
                for (size_t j = 0; j < c; ++j) prod[j] += d * row[j];
            }
            double norm = 0;
            for (double x : prod) norm += x * x;
            norm = std::sqrt(norm);
            double moved = 0;
            for (size_t j = 0; j < c; ++j) { const double nv = prod[j] / norm; moved += (nv - v[j]) * (nv - v[j]); v[j] = nv; }
            if (iter == kOpinionPcaIters || norm == last || moved < 1e-24) break;
            last = norm;
        }
        pcs.push_back(v);
        if (comp == 0) {  // factor-matrix: remove pc1 from every row
            double vv = 0;
            for (double x : v) vv += x * x;
            for (size_t i = 0; i < n; ++i) {
                double* row = &a[i * c];
                double d = 0;
                for (size_t j = 0; j < c; ++j) d += row[j] * v[j];
                for (size_t j = 0; j < c; ++j) row[j] -= d / vv * v[j];
            }
        }
    }
    // Projection (sparsity-aware), to time the whole stage.
    volatile double sink = 0;
    for (size_t i = 0; i < n; ++i) {
        double p1 = 0;
        for (uint32_t k = m.row_start[i]; k < m.row_start[i + 1]; ++k)
            p1 += (m.value[k] - center[m.col[k]]) * pcs[0][m.col[k]];
        sink = sink + p1;
    }
    return pcs[0];
}

void run_case(const char* name, const OpinionMatrix& m) {
    double best_map = 1e300, best_dense = 1e300;
    OpinionMap map;
    std::vector<double> pc1;
    for (int r = 0; r < kRepeats; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        map = compute_opinion_map(m);
        best_map = std::min(best_map, ms_since(t0));
        t0 = std::chrono::steady_clock::now();
        pc1 = dense_pca(m);
        best_dense = std::min(best_dense, ms_since(t0));
    }
    // The two agree up to sign and rounding.
    double sign = 0;
    for (size_t j = 0; j < pc1.size(); ++j) sign += pc1[j] * map.pc1[j];
    double diff = 0;
    for (size_t j = 0; j < pc1.size(); ++j) diff = std::max(diff, std::fabs((sign < 0 ? -pc1[j] : pc1[j]) - map.pc1[j]));
    std::printf("%s rows=%zu cols=%zu votes=%zu map_ms=%.1f dense_pca_ms=%.1f k=%zu pc1_diff=%.1e\n", name,
                m.participants.size(), m.statements.size(), m.col.size(), best_map, best_dense, map.groups.size(), diff);
    std::fflush(stdout);
}

}  // namespace

int main() {
    const std::string dir = std::string(YISHI_POLIS_DIR) + "/15-per-hour-seattle/";
    std::ifstream votes(dir + "participants-votes.csv", std::ios::binary), comments(dir + "comments.csv", std::ios::binary);
    if (!votes) {
        std::fprintf(stderr, "bench_opinion: %sparticipants-votes.csv not found (Pol.is data beside the checkout)\n", dir.c_str());
        return 1;
    }
    std::ostringstream v, c;
    v << votes.rdbuf();
    c << comments.rdbuf();
    std::string detail;
    auto seattle = read_polis_export(v.str(), c.str(), nullptr, &detail);
    if (!seattle) { std::fprintf(stderr, "bench_opinion: %s\n", detail.c_str()); return 1; }
    run_case("seattle", *seattle);
    run_case("synthetic_2000x900", synthetic(2000, 900, 90));
    run_case("synthetic_10000x2000", synthetic(10000, 2000, 50));
    return 0;
}
