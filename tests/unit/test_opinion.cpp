// test_opinion.cpp — opinion groups (shared/opinion.hpp) against the groups Pol.is published for three
// real conversations (tests/data/polis, copied from ../shared/data/polis, CC BY 4.0, attribution in its README), byte-identical JSON
// natively and in wasm (golden SHA-256 in tests/vectors/opinion_maps.txt, also checked on `yishi
// groups` by tests/cli/groups_cli_test.sh), and properties: input order changes nothing, two planted
// camps come out as exactly those two groups, consensus statements are those every group agrees with.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "opinion_json.hpp"
#include "yishi/crypto.hpp"
#include "yishi/hash.hpp"
#include "yishi/opinion.hpp"
#include "yishi/splitmix.hpp"

using namespace yishi::core;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

struct Conversation {
    OpinionMatrix matrix;
    std::vector<int> published;  // per row, -1 = no group
};

Conversation load_polis(const std::string& folder) {
    const std::string dir = std::string(YISHI_POLIS_DIR) + "/" + folder;
    const std::string votes = read_file(dir + "/participants-votes.csv");
    const std::string comments = read_file(dir + "/comments.csv");
    INFO("the Pol.is test data (CC BY 4.0) is expected at " << dir
         << " (copied with its README from ../shared/data/polis)");
    REQUIRE(!votes.empty());
    REQUIRE(!comments.empty());
    Conversation c;
    std::string detail;
    auto m = read_polis_export(votes, comments, &c.published, &detail);
    INFO(detail);
    REQUIRE(m.ok());
    c.matrix = std::move(m.value());
    return c;
}

std::string json_text(const OpinionMatrix& m, const OpinionMap& map) { return opinion_map_json(m, map).dump(); }

std::string sha256_hex(const std::string& s) {
    const Hash h = sha256(ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
    return to_hex(h);
}

std::map<std::string, std::string> golden() {
    std::map<std::string, std::string> out;
    std::ifstream in(std::string(YISHI_TEST_VECTORS_DIR) + "/opinion_maps.txt");
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        const size_t eq = line.find(" = ");
        if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 3);
    }
    return out;
}

size_t published_k(const std::vector<int>& g) {
    std::set<int> ids;
    for (int v : g)
        if (v >= 0) ids.insert(v);
    return ids.size();
}

double check_against_published(const std::string& folder, size_t* k_out) {
    const Conversation c = load_polis(folder);
    const OpinionMap map = compute_opinion_map(c.matrix);
    std::vector<int> ours(map.group_of.begin(), map.group_of.end());
    const double ari = adjusted_rand_index(ours, c.published);
    *k_out = map.groups.size();
    MESSAGE(folder << ": k = " << map.groups.size() << " (Pol.is " << published_k(c.published)
                   << "), adjusted Rand index against Pol.is = " << ari);
    CHECK(map.groups.size() == published_k(c.published));
    // The JSON text is the same natively and in wasm: both builds check one golden hash.
    const std::string text = json_text(c.matrix, map);
    const std::string hash = sha256_hex(text);
    const auto g = golden();
    INFO(folder << ": JSON sha256 " << hash << " (" << text.size() << " bytes)");
    REQUIRE(g.count(folder) == 1);
    CHECK(hash == g.at(folder));
    return ari;
}

// Reactions of a conversation, rebuilt from a matrix (for reordering).
std::vector<OpinionReaction> reactions_of(const OpinionMatrix& m) {
    std::vector<OpinionReaction> out;
    for (size_t i = 0; i < m.participants.size(); ++i)
        for (uint32_t k = m.row_start[i]; k < m.row_start[i + 1]; ++k)
            out.push_back({m.participants[i], m.statements[m.col[k]], m.value[k]});
    return out;
}

std::vector<std::string> moderated_of(const OpinionMatrix& m) {
    std::vector<std::string> out;
    for (size_t j = 0; j < m.statements.size(); ++j)
        if (m.moderated_out[j]) out.push_back(m.statements[j]);
    return out;
}

// Two camps of `half` residents: camp A agrees with statements 0-9 and disagrees with 10-19, camp B the
// opposite; every resident also agrees with 20 and 21 (shared ground); only camp A agrees with 22 (B
// disagrees). Each vote is skipped (unseen) with probability 1/5 and flipped to pass with 1/10.
std::vector<OpinionReaction> planted_camps(uint32_t half, uint64_t seed) {
    SplitMix64 rng{seed};
    std::vector<OpinionReaction> out;
    for (uint32_t p = 0; p < 2 * half; ++p) {
        const bool camp_a = p < half;
        for (uint32_t s = 0; s < 23; ++s) {
            const uint64_t roll = rng.below(10);
            if (roll < 2) continue;
            int8_t v;
            if (s < 20) v = ((s < 10) == camp_a) ? 1 : -1;
            else if (s < 22) v = 1;
            else v = camp_a ? 1 : -1;
            if (roll == 2) v = 0;
            out.push_back({"r" + std::to_string(1000 + p), "s" + std::to_string(100 + s), v});
        }
    }
    return out;
}

}  // namespace

TEST_CASE("opinion groups match the groups Pol.is published for austria-climate and scoop-hivemind") {
    size_t k = 0;
    const double austria = check_against_published("austria-climate.5twd2jsnkf.2022-08-08", &k);
    CHECK(austria >= 0.80);
    const double scoop = check_against_published("scoop-hivemind.taxes", &k);
    CHECK(scoop >= 0.80);
}

TEST_CASE("opinion groups on 15-per-hour-seattle: the same number of groups as Pol.is, ARI printed") {
    size_t k = 0;
    const double ari = check_against_published("15-per-hour-seattle", &k);
    // Pol.is's published groups there come from incremental, warm-started runs; no threshold.
    (void)ari;
}

TEST_CASE("the order reactions arrive in changes nothing in the map") {
    const Conversation c = load_polis("scoop-hivemind.taxes");
    const std::string expected = json_text(c.matrix, compute_opinion_map(c.matrix));
    std::vector<OpinionReaction> r = reactions_of(c.matrix);
    SplitMix64 rng{7};
    rng.shuffle(r);
    auto again = build_opinion_matrix(r, moderated_of(c.matrix));
    REQUIRE(again.ok());
    CHECK(json_text(*again, compute_opinion_map(*again)) == expected);
}

TEST_CASE("a later reaction of an author on a statement replaces the earlier one") {
    auto m = build_opinion_matrix({{"2", "10", 1}, {"1", "10", -1}, {"2", "10", 0}, {"2", "9", -1}}, {"9"});
    REQUIRE(m.ok());
    CHECK(m->participants == std::vector<std::string>{"1", "2"});
    CHECK(m->statements == std::vector<std::string>{"9", "10"});  // numeric ids in numeric order
    CHECK(m->moderated_out == std::vector<uint8_t>{1, 0});
    CHECK(m->row_start == std::vector<uint32_t>{0, 1, 3});
    CHECK(m->col == std::vector<uint32_t>{1, 0, 1});
    CHECK(m->value == std::vector<int8_t>{-1, -1, 0});
    CHECK(build_opinion_matrix({{"1", "2", 3}}, {}).error() == Error::OpinionMalformed);
    CHECK(build_opinion_matrix({{"", "2", 1}}, {}).error() == Error::OpinionMalformed);
}

TEST_CASE("two planted opposite camps are split into exactly those two groups, with their statements") {
    for (uint64_t seed : {1u, 2u, 3u}) {
        auto m = build_opinion_matrix(planted_camps(30, seed), {});
        REQUIRE(m.ok());
        const OpinionMap map = compute_opinion_map(*m);
        REQUIRE(map.groups.size() == 2);
        for (const OpinionGroup& g : map.groups) {
            REQUIRE(!g.members.empty());
            const bool camp_a = m->participants[g.members[0]] < "r1030";
            for (uint32_t r : g.members) CHECK((m->participants[r] < "r1030") == camp_a);
            CHECK(g.members.size() == 30);
            // What defines the group is its camp's side of statements 0-19.
            REQUIRE(!g.repness.empty());
            for (const OpinionRepness& r : g.repness) {
                const int s = std::stoi(m->statements[r.statement].substr(1)) - 100;
                if (s >= 20) continue;
                CHECK(r.agree == ((s < 10) == camp_a));
            }
        }
    }
}

TEST_CASE("consensus statements are those every group agrees with") {
    auto m = build_opinion_matrix(planted_camps(30, 5), {});
    REQUIRE(m.ok());
    const OpinionMap map = compute_opinion_map(*m);
    REQUIRE(map.groups.size() == 2);
    std::set<std::string> agreed;
    for (const OpinionConsensus& c : map.consensus_agree) agreed.insert(m->statements[c.statement]);
    CHECK(agreed == std::set<std::string>{"s120", "s121"});  // not s122: camp B disagrees with it
    CHECK(map.consensus_disagree.empty());
    // Group-informed consensus ranks the shared statements above every divisive one.
    double shared = 1, divisive = 0;
    for (size_t j = 0; j < m->statements.size(); ++j) {
        if (m->statements[j] == "s120" || m->statements[j] == "s121") shared = std::min(shared, map.group_consensus[j]);
        else divisive = std::max(divisive, map.group_consensus[j]);
    }
    CHECK(shared > divisive);
}

TEST_CASE("moderated statements count as zero for everyone and never define a group") {
    std::vector<OpinionReaction> r = planted_camps(30, 9);
    auto m = build_opinion_matrix(r, {"s100", "s120"});
    REQUIRE(m.ok());
    const OpinionMap map = compute_opinion_map(*m);
    REQUIRE(map.groups.size() == 2);
    for (const OpinionGroup& g : map.groups)
        for (const OpinionRepness& rep : g.repness) CHECK(!m->moderated_out[rep.statement]);
    for (const OpinionConsensus& c : map.consensus_agree) CHECK(m->statements[c.statement] != "s120");
    for (size_t j = 0; j < m->statements.size(); ++j)
        if (m->moderated_out[j]) {
            CHECK(map.pc1[j] == 0);
            CHECK(map.priority[j] == 0);
        }
}

TEST_CASE("routing priority follows Pol.is: unseen statements first, then fewer votes and more extreme") {
    CHECK(opinion_priority(0, 0, 0, 0) == 5.0625);  // ((1/2)(1)(1/2)(1+8))^2
    CHECK(opinion_priority(5, 0, 10, 0) < opinion_priority(1, 0, 2, 0));
    CHECK(opinion_priority(5, 0, 10, 1.0) > opinion_priority(5, 0, 10, 0.0));
    CHECK(opinion_priority(1, 9, 10, 0) < opinion_priority(9, 1, 10, 0));  // mostly passed: shown less
}

TEST_CASE("adjusted Rand index: 1 for the same partition under other labels, about 0 for unrelated ones") {
    CHECK(adjusted_rand_index({0, 0, 1, 1, 2}, {5, 5, 3, 3, 1}) == 1.0);
    CHECK(adjusted_rand_index({0, 0, 1, 1, -1}, {1, 1, 0, 0, 0}) == 1.0);
    CHECK(adjusted_rand_index({0, 1, 0, 1}, {0, 0, 1, 1}) < 0.0);
}

TEST_CASE("a malformed Pol.is export is refused with the line and column") {
    std::string detail;
    std::vector<int> groups;
    const char* header = "participant,group-id,n-votes,0,1\n";
    CHECK(read_polis_export(std::string(header) + "1,0,2,1,2\n", "", &groups, &detail).error() == Error::OpinionMalformed);
    CHECK(detail == "participants-votes.csv line 2, comment 1: vote \"2\" is not 1, -1, 0 or empty");
    CHECK(!read_polis_export(std::string(header) + "1,0,2,1\n", "", &groups, &detail).ok());
    CHECK(detail == "participants-votes.csv line 2: 4 fields, the header has 5");
    CHECK(!read_polis_export("group-id,0\n0,1\n", "", &groups, &detail).ok());
    CHECK(detail == "participants-votes.csv: no \"participant\" column in the header");
    CHECK(!read_polis_export(std::string(header) + "x,0,2,1,1\n", "", &groups, &detail).ok());
    CHECK(!read_polis_export(std::string(header) + "1,0,2,1,1\n", "comment-id,moderated\n0,2\n", &groups, &detail).ok());
    CHECK(detail == "comments.csv line 2: moderated \"2\" is not 1, 0 or -1");
    auto ok = read_polis_export(std::string(header) + "1,,2,1,-1\n2,1,1,,0\n", "comment-id,moderated\n0,-1\n1,1\n",
                                &groups, &detail);
    REQUIRE(ok.ok());
    CHECK(groups == std::vector<int>{-1, 1});
    CHECK(ok->moderated_out == std::vector<uint8_t>{1, 0});
}

TEST_CASE("the wire form carries the matrix in at most 2 bytes per vote and gives the same map") {
    std::vector<OpinionReaction> r = planted_camps(30, 11);
    for (OpinionReaction& x : r) x.statement = to_hex(sha256(ByteView(reinterpret_cast<const uint8_t*>(x.statement.data()), x.statement.size())));
    auto m = build_opinion_matrix(r, {r[0].statement});
    REQUIRE(m.ok());
    auto wire = encode_opinion_matrix(*m, 3);
    REQUIRE(wire.ok());
    const size_t ids = m->statements.size() * (kOpinionStatementIdBytes + 1);
    CHECK(wire->size() - ids <= 2 * m->col.size());
    int64_t viewer = 0;
    std::string detail;
    auto back = decode_opinion_matrix(wire->data(), wire->size(), &viewer, &detail);
    REQUIRE(back.ok());
    CHECK(viewer == 3);
    CHECK(back->statements == m->statements);
    CHECK(back->moderated_out == m->moderated_out);
    CHECK(back->row_start == m->row_start);
    CHECK(back->col == m->col);
    CHECK(back->value == m->value);
    const OpinionMap a = compute_opinion_map(*m), b = compute_opinion_map(*back);
    CHECK(a.x == b.x);
    CHECK(a.group_of == b.group_of);
    // A truncated or padded matrix is refused.
    for (size_t cut = 0; cut < wire->size(); cut += 7)
        CHECK(!decode_opinion_matrix(wire->data(), cut, &viewer, &detail).ok());
    std::vector<uint8_t> bad = *wire;
    bad.push_back(0);
    CHECK(!decode_opinion_matrix(bad.data(), bad.size(), &viewer, &detail).ok());
    CHECK(detail == "trailing bytes");
}
