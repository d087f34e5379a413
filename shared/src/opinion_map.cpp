// opinion_map.cpp — the opinion map from the matrix (see opinion.hpp): PCA by power iteration on the
// mean-imputed, centred matrix (kept sparse: an imputed cell is exactly its column's centre), the
// sparsity-aware projection, base and group k-means with silhouette, repness, consensus, group-informed
// consensus and routing priority, following Pol.is (math/src/polismath) step by step.
// Floating point: only + - * / and sqrt, sums in row-then-column order, so the bits are the same
// natively and in wasm. docs/opinion-groups.md lists every constant and every difference from Pol.is.
//
// [SECTION] PCA (power iteration, implicit deflation)
// [SECTION] Projection and who is clustered
// [SECTION] k-means and silhouette
// [SECTION] Repness, consensus, priority
// [SECTION] compute_opinion_map
// [SECTION] Adjusted Rand index
#include <algorithm>
#include <cmath>

#include "yishi/opinion.hpp"
#include "yishi/splitmix.hpp"

namespace yishi::core {

namespace {

constexpr uint64_t kStartSeed = 0x6f70696e696f6eull;  // "opinion": seeds the power-iteration start vectors
constexpr double kVectorTolerance = 1e-24;           // squared change of a unit vector that ends power iteration
constexpr double kSameClustering = 0.01;             // Pol.is same-clustering? threshold on centre moves

// [SECTION] PCA

// The centred matrix X (n × c) in CSR form: d = vote − column centre, 0 on moderated columns.
struct Centred {
    const OpinionMatrix& m;
    std::vector<double> d;
    size_t rows() const { return m.participants.size(); }
    size_t cols() const { return m.statements.size(); }
    // out (n) = X v
    void mul(const std::vector<double>& v, std::vector<double>& out) const {
        out.assign(rows(), 0.0);
        for (size_t i = 0; i < rows(); ++i) {
            double s = 0;
            for (uint32_t k = m.row_start[i]; k < m.row_start[i + 1]; ++k) s += d[k] * v[m.col[k]];
            out[i] = s;
        }
    }
    // out (c) = Xᵀ y
    void mul_t(const std::vector<double>& y, std::vector<double>& out) const {
        out.assign(cols(), 0.0);
        for (size_t i = 0; i < rows(); ++i) {
            const double yi = y[i];
            for (uint32_t k = m.row_start[i]; k < m.row_start[i + 1]; ++k) out[m.col[k]] += d[k] * yi;
        }
    }
};

double dot(const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0;
    for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}

// The first eigenvector of X'ᵀX', where X' is X with `prior` factored out of every row as Pol.is's
// factor-matrix does (row − (row·p / p·p) p), without forming X'. Pol.is's loop: at most iters + 1
// products, stop when the eigenvalue repeats exactly; we also stop once the vector stops moving.
std::vector<double> power_iteration(const Centred& x, const std::vector<double>* prior, SplitMix64& rng) {
    const size_t c = x.cols();
    std::vector<double> v(c);
    for (size_t j = 0; j < c; ++j) v[j] = 0.5 + double(rng.next() >> 11) * 0x1.0p-53;
    std::vector<double> xp, y, prod;
    double pp = 0;
    if (prior) {
        pp = dot(*prior, *prior);
        if (pp == 0) prior = nullptr;  // Pol.is: a zero eigenvector leaves the data as it is
        else x.mul(*prior, xp);
    }
    double last = 0;
    for (uint32_t iter = 0;; ++iter) {
        x.mul(v, y);
        if (prior) {
            const double f = dot(*prior, v) / pp;
            for (size_t i = 0; i < y.size(); ++i) y[i] -= xp[i] * f;
        }
        x.mul_t(y, prod);
        if (prior) {
            const double g = dot(xp, y) / pp;
            for (size_t j = 0; j < c; ++j) prod[j] -= (*prior)[j] * g;
        }
        const double eig = std::sqrt(dot(prod, prod));
        if (eig == 0) return std::vector<double>(c, 0.0);
        double moved = 0;
        for (size_t j = 0; j < c; ++j) {
            const double nv = prod[j] / eig;
            moved += (nv - v[j]) * (nv - v[j]);
            v[j] = nv;
        }
        if (iter == kOpinionPcaIters || eig == last || moved < kVectorTolerance) return v;
        last = eig;
    }
}

// [SECTION] k-means and silhouette

struct Point { double x, y; };

double distance(Point a, Point b) { return std::sqrt((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)); }

struct Cluster {
    std::vector<uint32_t> members;  // indices into the points, ascending
    Point center{};
};

// Pol.is kmeans from scratch: the first k distinct points are the centres; each step assigns every
// point to its nearest centre (the earlier cluster on a tie), drops empty clusters and moves each centre
// to the (weighted) mean of its members; stop after max_iters + 1 steps or when no centre moved 0.01.
std::vector<Cluster> kmeans(const std::vector<Point>& pts, const std::vector<double>* weights, uint32_t k, uint32_t max_iters) {
    std::vector<Cluster> cl;
    for (uint32_t i = 0; i < pts.size() && cl.size() < k; ++i) {
        bool seen = false;
        for (const Cluster& c : cl) seen = seen || (c.center.x == pts[i].x && c.center.y == pts[i].y);
        if (!seen) cl.push_back({{}, pts[i]});
    }
    const auto sorted_centers = [](const std::vector<Cluster>& v) {
        std::vector<Point> p;
        for (const Cluster& c : v) p.push_back(c.center);
        std::sort(p.begin(), p.end(), [](Point a, Point b) { return a.x != b.x ? a.x < b.x : a.y < b.y; });
        return p;
    };
    for (uint32_t iter = max_iters;; --iter) {
        std::vector<Cluster> next(cl.size());
        for (size_t j = 0; j < cl.size(); ++j) next[j].center = cl[j].center;
        for (uint32_t i = 0; i < pts.size(); ++i) {
            size_t best = 0;
            double best_d = 0;
            for (size_t j = 0; j < cl.size(); ++j) {
                const double dx = pts[i].x - cl[j].center.x, dy = pts[i].y - cl[j].center.y;
                const double d = dx * dx + dy * dy;
                if (j == 0 || d < best_d) { best = j; best_d = d; }
            }
            next[best].members.push_back(i);
        }
        std::vector<Cluster> kept;
        for (Cluster& c : next) {
            if (c.members.empty()) continue;
            double sx = 0, sy = 0, sw = 0;
            for (uint32_t i : c.members) {
                const double w = weights ? (*weights)[i] : 1.0;
                sx += w * pts[i].x;
                sy += w * pts[i].y;
                sw += w;
            }
            c.center = {sx / sw, sy / sw};
            kept.push_back(std::move(c));
        }
        bool same = true;
        const std::vector<Point> a = sorted_centers(cl), b = sorted_centers(kept);
        for (size_t j = 0; j < std::min(a.size(), b.size()); ++j) same = same && distance(a[j], b[j]) < kSameClustering;
        cl = std::move(kept);
        if (iter == 0 || same) return cl;
    }
}

// Mean silhouette over the points (base clusters) of a clustering of them, Pol.is's rule: a point alone
// in its cluster scores 0; distances unweighted. Fewer than two clusters: -2 (never chosen).
double silhouette(const std::vector<Point>& pts, const std::vector<Cluster>& cl) {
    if (cl.size() < 2 || pts.empty()) return -2;
    std::vector<size_t> owner(pts.size());
    for (size_t g = 0; g < cl.size(); ++g)
        for (uint32_t i : cl[g].members) owner[i] = g;
    double total = 0;
    for (uint32_t i = 0; i < pts.size(); ++i) {
        if (cl[owner[i]].members.size() == 1) continue;  // scores 0
        double a = 0, b = 0;
        bool have_b = false;
        for (size_t g = 0; g < cl.size(); ++g) {
            double s = 0;
            uint32_t n = 0;
            for (uint32_t j : cl[g].members) {
                if (j == i) continue;
                s += distance(pts[i], pts[j]);
                ++n;
            }
            const double mean = s / n;
            if (g == owner[i]) a = mean;
            else if (!have_b || mean < b) { b = mean; have_b = true; }
        }
        const double top = std::max(a, b);
        if (top > 0) total += (b - a) / top;
    }
    return total / double(pts.size());
}

// [SECTION] Repness, consensus, priority

struct Counts { uint32_t a = 0, d = 0, s = 0; };  // agrees, disagrees, votes (passes included)

double prop_test(uint32_t succ, uint32_t n) {
    const double s1 = double(succ) + 1, n1 = double(n) + 1;
    return 2.0 * std::sqrt(n1) * (s1 / n1 + -0.5);
}

double two_prop_test(uint32_t succ_in, uint32_t succ_out, uint32_t pop_in, uint32_t pop_out) {
    const double s1 = double(succ_in) + 1, s2 = double(succ_out) + 1, p1 = double(pop_in) + 1, p2 = double(pop_out) + 1;
    const double pi1 = s1 / p1, pi2 = s2 / p2, pi_hat = (s1 + s2) / (p1 + p2);
    if (pi_hat == 1) return 0;
    return (pi1 - pi2) / std::sqrt(pi_hat * (1 - pi_hat) * (1 / p1 + 1 / p2));
}

bool z_sig_90(double z) { return z > kOpinionZ90; }

struct Stats {  // Pol.is comment stats of one group on one statement, against the rest
    uint32_t col = 0;
    uint32_t na = 0, nd = 0, ns = 0;
    double pa = 0, pd = 0, pat = 0, pdt = 0, ra = 0, rd = 0, rat = 0, rdt = 0;
};

Stats group_stats(uint32_t col, Counts in, Counts rest) {
    Stats s;
    s.col = col;
    s.na = in.a; s.nd = in.d; s.ns = in.s;
    s.pa = (1.0 + in.a) / (2.0 + in.s);
    s.pd = (1.0 + in.d) / (2.0 + in.s);
    s.pat = prop_test(in.a, in.s);
    s.pdt = prop_test(in.d, in.s);
    s.ra = s.pa / ((1.0 + rest.a) / (2.0 + rest.s));
    s.rd = s.pd / ((1.0 + rest.d) / (2.0 + rest.s));
    s.rat = two_prop_test(in.a, rest.a, in.s, rest.s);
    s.rdt = two_prop_test(in.d, rest.d, in.s, rest.s);
    return s;
}

// Pol.is finalize-cmt-stats: the direction with the larger test; repness-test kept as a float.
OpinionRepness finalize(const Stats& s) {
    OpinionRepness r;
    r.statement = s.col;
    r.agree = s.rat > s.rdt;
    r.n_success = r.agree ? s.na : s.nd;
    r.n_trials = s.ns;
    r.p_success = r.agree ? s.pa : s.pd;
    r.p_test = r.agree ? s.pat : s.pdt;
    r.repness = r.agree ? s.ra : s.rd;
    r.repness_test = double(float(r.agree ? s.rat : s.rdt));
    return r;
}

double repness_metric(const OpinionRepness& r) { return r.repness * r.repness_test * r.p_success * r.p_test; }

bool beats_best_agree(const Stats& s, const Stats* best) {
    if (s.na == 0 && s.nd == 0) return false;
    if (best && best->ra > 1.0) return s.ra * s.rat * s.pa * s.pat > best->ra * best->rat * best->pa * best->pat;
    if (best) return s.pa * s.pat > best->pa * best->pat;
    return z_sig_90(s.pat) || (s.ra > 1.0 && s.pa > 0.5);
}

// Pol.is select-rep-comments for one group, statements in column order.
std::vector<OpinionRepness> select_repness(const std::vector<Stats>& stats) {
    std::vector<OpinionRepness> sufficient;
    bool have_best = false, have_best_agree = false;
    OpinionRepness best;
    Stats best_agree;
    for (const Stats& s : stats) {
        if ((z_sig_90(s.rat) && z_sig_90(s.pat)) || (z_sig_90(s.rdt) && z_sig_90(s.pdt))) sufficient.push_back(finalize(s));
        if (sufficient.empty() && (!have_best || std::max(s.rat, s.rdt) > best.repness_test)) {
            best = finalize(s);
            have_best = true;
        }
        if (beats_best_agree(s, have_best_agree ? &best_agree : nullptr)) {
            best_agree = s;
            have_best_agree = true;
        }
    }
    OpinionRepness head;
    if (have_best_agree) {
        head = finalize(best_agree);
        head.best_agree = true;
    }
    if (sufficient.empty()) {
        if (have_best_agree) return {head};
        if (have_best) return {best};
        return {};
    }
    std::vector<OpinionRepness> out;
    for (const OpinionRepness& r : sufficient)
        if (!(have_best_agree && r.statement == head.statement)) out.push_back(r);
    std::stable_sort(out.begin(), out.end(),
                     [](const OpinionRepness& a, const OpinionRepness& b) { return repness_metric(a) > repness_metric(b); });
    if (have_best_agree) out.insert(out.begin(), head);
    if (out.size() > kOpinionRepnessMax) out.resize(kOpinionRepnessMax);
    std::stable_partition(out.begin(), out.end(), [](const OpinionRepness& r) { return r.agree; });
    return out;
}

// 2^(-s/5) from exact constants: 2^(-(s mod 5)/5) (correctly rounded) halved floor(s/5) times.
double two_to_minus_fifths(uint32_t s) {
    static constexpr double kFifth[5] = {0x1.0p+0, 0x1.bdb8cdadbe120p-1, 0x1.8406003b2ae5cp-1, 0x1.51cb453b9536cp-1,
                                         0x1.2611186bae675p-1};
    double v = kFifth[s % 5];
    for (uint32_t q = s / 5; q > 0 && v != 0; --q) v *= 0.5;
    return v;
}

// [SECTION] Adjusted Rand index helper
double pairs(double n) { return n * (n - 1) / 2; }

}  // namespace

double opinion_priority(uint32_t agrees, uint32_t passes, uint32_t seen, double extremity) {
    const double p = (double(passes) + 1) / (double(seen) + 2);
    const double a = (double(agrees) + 1) / (double(seen) + 2);
    const double importance = (1 - p) * (extremity + 1) * a;
    const double v = importance * (1 + 8 * two_to_minus_fifths(seen));
    return v * v;
}

// [SECTION] compute_opinion_map

OpinionMap compute_opinion_map(const OpinionMatrix& m) {
    OpinionMap out;
    const size_t n = m.participants.size(), c = m.statements.size();
    if (n == 0 || c == 0) return out;

    // Column centres: the mean of cast votes (what the mean-imputed matrix's column mean is).
    std::vector<double> sum(c, 0.0);
    std::vector<uint32_t> cnt(c, 0);
    uint32_t moderated = 0;
    for (size_t j = 0; j < c; ++j) moderated += m.moderated_out[j];
    for (size_t k = 0; k < m.col.size(); ++k) {
        if (m.moderated_out[m.col[k]]) continue;
        sum[m.col[k]] += m.value[k];
        ++cnt[m.col[k]];
    }
    out.center.assign(c, 0.0);
    for (size_t j = 0; j < c; ++j)
        if (cnt[j]) out.center[j] = sum[j] / cnt[j];
    Centred x{m, std::vector<double>(m.col.size(), 0.0)};
    for (size_t k = 0; k < m.col.size(); ++k)
        if (!m.moderated_out[m.col[k]]) x.d[k] = m.value[k] - out.center[m.col[k]];

    // PCA: two components (one when there is a single row or column, as Pol.is's wrapped-pca).
    SplitMix64 rng{kStartSeed};
    out.pc1 = power_iteration(x, nullptr, rng);
    out.pc2 = (n > 1 && c > 1) ? power_iteration(x, &out.pc1, rng) : std::vector<double>(c, 0.0);

    // [SECTION] Projection and who is clustered
    out.x.assign(n, 0.0);
    out.y.assign(n, 0.0);
    std::vector<uint32_t> votes(n);
    for (size_t i = 0; i < n; ++i) {
        double p1 = 0, p2 = 0;
        uint32_t seen = moderated;  // a moderated column is zero for everyone, and zero counts as a vote
        for (uint32_t k = m.row_start[i]; k < m.row_start[i + 1]; ++k) {
            if (m.moderated_out[m.col[k]]) continue;
            p1 += x.d[k] * out.pc1[m.col[k]];
            p2 += x.d[k] * out.pc2[m.col[k]];
            ++seen;
        }
        const double scale = std::sqrt(double(c) / double(std::max<uint32_t>(seen, 1)));
        out.x[i] = scale * p1;
        out.y[i] = scale * p2;
        votes[i] = m.row_start[i + 1] - m.row_start[i];
    }
    out.clustered.assign(n, 0);
    const uint32_t threshold = std::min<uint32_t>(kOpinionMinVotes, uint32_t(c));
    uint32_t in = 0;
    for (size_t i = 0; i < n; ++i)
        if (votes[i] >= threshold) { out.clustered[i] = 1; ++in; }
    if (in < kOpinionGreedyParticipants) {
        std::vector<uint32_t> rest;
        for (uint32_t i = 0; i < n; ++i)
            if (!out.clustered[i]) rest.push_back(i);
        std::stable_sort(rest.begin(), rest.end(), [&](uint32_t a, uint32_t b) { return votes[a] > votes[b]; });
        for (size_t r = 0; r < rest.size() && in < kOpinionGreedyParticipants; ++r, ++in) out.clustered[rest[r]] = 1;
    }
    std::vector<uint32_t> rows;
    std::vector<Point> pts;
    for (uint32_t i = 0; i < n; ++i)
        if (out.clustered[i]) { rows.push_back(i); pts.push_back({out.x[i], out.y[i]}); }

    // Base clusters, then groups over their centres weighted by their sizes, k by silhouette.
    const std::vector<Cluster> base = kmeans(pts, nullptr, kOpinionBaseK, kOpinionBaseIters);
    std::vector<Point> base_pts;
    std::vector<double> base_w;
    for (const Cluster& b : base) { base_pts.push_back(b.center); base_w.push_back(double(b.members.size())); }
    const uint32_t max_k = std::min<uint32_t>(kOpinionMaxGroups, 2 + uint32_t(base.size() / 12));
    std::vector<Cluster> best;
    double best_s = -3;
    for (uint32_t k = 2; k <= max_k; ++k) {
        std::vector<Cluster> g = kmeans(base_pts, &base_w, k, kOpinionGroupIters);
        const double s = silhouette(base_pts, g);
        if (s > best_s) { best_s = s; best = std::move(g); }
    }
    if (best.size() < 2) {  // fewer than two distinct positions: one group of everyone clustered
        best.clear();
        if (!base.empty()) {
            Cluster all;
            for (uint32_t b = 0; b < base.size(); ++b) all.members.push_back(b);
            best.push_back(all);
        }
        best_s = 0;
    }
    out.silhouette = best_s;
    out.group_of.assign(n, -1);
    for (size_t g = 0; g < best.size(); ++g) {
        OpinionGroup group;
        for (uint32_t b : best[g].members)
            for (uint32_t p : base[b].members) group.members.push_back(rows[p]);
        std::sort(group.members.begin(), group.members.end());
        double sx = 0, sy = 0;
        for (uint32_t r : group.members) { sx += out.x[r]; sy += out.y[r]; out.group_of[r] = int32_t(g); }
        group.center[0] = sx / double(group.members.size());
        group.center[1] = sy / double(group.members.size());
        out.groups.push_back(std::move(group));
    }
    const size_t k = out.groups.size();

    // Vote counts per group and overall (raw votes; moderated columns are left out below).
    std::vector<Counts> by_group(k * c), all(c);
    for (size_t i = 0; i < n; ++i) {
        const int32_t g = out.group_of[i];
        for (uint32_t kk = m.row_start[i]; kk < m.row_start[i + 1]; ++kk) {
            const uint32_t j = m.col[kk];
            const int8_t v = m.value[kk];
            Counts* targets[2] = {&all[j], g >= 0 ? &by_group[size_t(g) * c + j] : nullptr};
            for (Counts* t : targets) {
                if (!t) continue;
                t->a += v > 0;
                t->d += v < 0;
                ++t->s;
            }
        }
    }

    // [SECTION] Repness, consensus, priority
    for (size_t g = 0; g < k && k > 1; ++g) {
        std::vector<Stats> stats;
        for (uint32_t j = 0; j < c; ++j) {
            if (m.moderated_out[j]) continue;
            Counts rest;
            for (size_t h = 0; h < k; ++h) {
                if (h == g) continue;
                rest.a += by_group[h * c + j].a;
                rest.d += by_group[h * c + j].d;
                rest.s += by_group[h * c + j].s;
            }
            stats.push_back(group_stats(j, by_group[g * c + j], rest));
        }
        out.groups[g].repness = select_repness(stats);
    }

    struct Cons { OpinionConsensus c; double metric; };
    std::vector<Cons> agree, disagree;
    for (uint32_t j = 0; j < c; ++j) {
        if (m.moderated_out[j]) continue;
        const Counts t = all[j];
        const double pa = (1.0 + t.a) / (2.0 + t.s), pd = (1.0 + t.d) / (2.0 + t.s);
        const double pat = prop_test(t.a, t.s), pdt = prop_test(t.d, t.s);
        bool every_agrees = true, every_disagrees = true;  // our addition: every group leans the same way
        for (size_t g = 0; g < k; ++g) {
            const Counts& h = by_group[g * c + j];
            every_agrees = every_agrees && (1.0 + h.a) / (2.0 + h.s) > 0.5;
            every_disagrees = every_disagrees && (1.0 + h.d) / (2.0 + h.s) > 0.5;
        }
        if (pa > 0.5 && z_sig_90(pat) && every_agrees) agree.push_back({{j, t.a, t.s, pa, pat}, pa * pat});
        if (pd > 0.5 && z_sig_90(pdt) && every_disagrees) disagree.push_back({{j, t.d, t.s, pd, pdt}, pd * pdt});
    }
    for (auto* list : {&agree, &disagree}) {
        std::stable_sort(list->begin(), list->end(), [](const Cons& a, const Cons& b) { return a.metric > b.metric; });
        auto& dest = list == &agree ? out.consensus_agree : out.consensus_disagree;
        for (size_t i = 0; i < list->size() && i < kOpinionConsensusMax; ++i) dest.push_back((*list)[i].c);
    }

    out.group_consensus.assign(c, 0.0);
    out.extremity.assign(c, 0.0);
    out.priority.assign(c, 0.0);
    const double comment_scale = std::sqrt(double(c));
    for (uint32_t j = 0; j < c; ++j) {
        // The statement's own projection: an agree on it alone, sparsity-scaled (Pol.is pca-project-cmnts).
        const double p1 = comment_scale * ((1.0 - out.center[j]) * out.pc1[j]);
        const double p2 = comment_scale * ((1.0 - out.center[j]) * out.pc2[j]);
        out.extremity[j] = std::sqrt(p1 * p1 + p2 * p2);
        if (m.moderated_out[j]) continue;
        double product = 1;
        Counts t;
        for (size_t g = 0; g < k; ++g) {
            const Counts& h = by_group[g * c + j];
            product *= (h.a + 1.0) / (h.s + 2.0);
            t.a += h.a; t.d += h.d; t.s += h.s;
        }
        out.group_consensus[j] = k ? product : 0.0;
        out.priority[j] = opinion_priority(t.a, t.s - t.a - t.d, t.s, out.extremity[j]);
    }
    return out;
}

// [SECTION] Adjusted Rand index

double adjusted_rand_index(const std::vector<int>& a, const std::vector<int>& b) {
    int max_a = -1, max_b = -1;
    for (size_t i = 0; i < a.size() && i < b.size(); ++i)
        if (a[i] >= 0 && b[i] >= 0) { max_a = std::max(max_a, a[i]); max_b = std::max(max_b, b[i]); }
    if (max_a < 0) return 1.0;
    const size_t ra = size_t(max_a) + 1, rb = size_t(max_b) + 1;
    std::vector<double> table(ra * rb, 0.0), row(ra, 0.0), col(rb, 0.0);
    double total = 0;
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (a[i] < 0 || b[i] < 0) continue;
        table[size_t(a[i]) * rb + size_t(b[i])] += 1;
        row[size_t(a[i])] += 1;
        col[size_t(b[i])] += 1;
        total += 1;
    }
    double index = 0, sum_a = 0, sum_b = 0;
    for (double v : table) index += pairs(v);
    for (double v : row) sum_a += pairs(v);
    for (double v : col) sum_b += pairs(v);
    const double expected = sum_a * sum_b / pairs(total);
    const double max_index = (sum_a + sum_b) / 2;
    if (max_index == expected) return 1.0;
    return (index - expected) / (max_index - expected);
}

}  // namespace yishi::core
