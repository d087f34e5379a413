// test_export_check.cpp — the count a consultation_close states (core::tally_hash) and the bundle check
// `yishi verify` runs (the browser's stream check: test_ballot_stream.cpp). The golden hash is checked
// natively and in wasm: the browser that signs a close and the server that checks it must hash the same
// count to the same bytes.
#include <doctest/doctest.h>

#include "export_check.hpp"
#include "protocol_samples.hpp"
#include "tally_json.hpp"
#include "yishi/checkpoint.hpp"
#include "yishi/consultation.hpp"
#include "yishi/envelope.hpp"
#include "yishi/merkle.hpp"
#include "yishi/receipt.hpp"

using namespace yishi::core;
using namespace yishi::samples;

namespace {

ConsultationOpenPayload ranked_open() {
    ConsultationOpenPayload o;
    o.title = "河边绿地改造";
    o.method = VotingMethod::Ranked;
    o.method_param = 2;   // Schulze: matrices in the tally
    o.options = {{1, "绿地", 0}, {2, "停车", 0}, {3, "健身", 0}};
    o.schedule = {{Stage::Vote, 0}};
    return o;
}

const std::vector<VotePayload> kVotes = {{VotingMethod::Ranked, {{1, 1}, {2, 3}, {3, 2}}},
                                         {VotingMethod::Ranked, {{2, 1}, {3, 2}}},
                                         {VotingMethod::Ranked, {{1, 2}, {3, 1}}}};

}  // namespace

TEST_CASE("tally_hash is one golden value natively and in wasm, whatever the number enrolled") {
    auto t = tally_consultation(ranked_open(), kVotes, 0);
    REQUIRE(t.ok());
    CHECK(to_hex(tally_hash(t.value())) == "847ed52e5304885b2b5b4910cc99162e452109874509b5d2468893ed9fd4374c");
    auto with_enrolled = tally_consultation(ranked_open(), kVotes, 40);
    REQUIRE(with_enrolled.ok());
    CHECK(tally_hash(with_enrolled.value()) == tally_hash(t.value()));
}

TEST_CASE("tally_hash changes when one ballot changes") {
    auto votes = kVotes;
    votes[1].entries = {{1, 1}, {3, 2}};
    auto a = tally_consultation(ranked_open(), kVotes, 0), b = tally_consultation(ranked_open(), votes, 0);
    REQUIRE((a.ok() && b.ok()));
    CHECK(tally_hash(a.value()) != tally_hash(b.value()));
}

TEST_CASE("check_bundle says what is wrong with something that is not a bundle") {
    CHECK(check_bundle(nlohmann::json{{"format", "other"}}).failure == "not a yishi-export-v1 bundle");
    CHECK(check_bundle(nlohmann::json::array()).failure.rfind("malformed bundle: ", 0) == 0);
    const auto missing = check_bundle(nlohmann::json{{"format", "yishi-export-v1"}});
    CHECK(missing.failure.rfind("malformed bundle: ", 0) == 0);
}

namespace {

// A real bundle: the ranked opening and kVotes, each vote signed by its own ballot key, all in one Merkle
// log under a signed checkpoint, with the totals, outcome and tally the server would publish.
struct SampleBundle {
    SigningKey server = server_key(), committee = committee_key();
    std::vector<SigningKey> voters;
    nlohmann::json bundle;
    SampleBundle() {
        MerkleTree tree;
        std::vector<Bytes> wires;
        auto add = [&](const SigningKey& k, Payload p) {
            Envelope e;
            e.author = k.public_key();
            e.timestamp_ms = kTime;
            e.scope = {kRegion, kConsultation};
            e.payload = std::move(p);
            auto s = sign_envelope(e, k).value();
            tree.append_leaf_hash(envelope_leaf_hash(s).value());
            wires.push_back(encode_signed_envelope(s).value());
        };
        add(committee, ranked_open());
        for (uint8_t i = 0; i < kVotes.size(); ++i) {
            voters.push_back(seed(static_cast<uint8_t>(0x10 + i)).signing_key().value());
            add(voters.back(), kVotes[i]);
        }
        const Checkpoint cp{"yishi.example.cn/log", tree.leaf_count(), merkle_root(tree, tree.leaf_count()).value(), kTime};
        auto logged = [&](uint64_t i) {
            nlohmann::json proof = nlohmann::json::array();
            const auto path = inclusion_proof(tree, i, tree.leaf_count()).value();   // (a named copy: no dangling temporary)
            for (const Hash& h : path) proof.push_back(to_hex(h));
            return nlohmann::json{{"wire", to_hex(wires[i])}, {"log_index", i}, {"leaf_hash", to_hex(tree.node_hash(0, i))},
                                  {"inclusion_proof", proof}};
        };
        const auto open = ranked_open();
        const BallotRules rules{open.method, open.method_param, open.options};
        nlohmann::json totals = nlohmann::json::array();
        const auto t = option_totals(rules, kVotes);
        for (size_t i = 0; i < t.size(); ++i)
            totals.push_back({{"option_id", open.options[i].option_id}, {"label", open.options[i].label}, {"total", t[i]}});
        bundle = {{"format", "yishi-export-v1"}, {"origin", cp.origin}, {"log_key", to_hex(server.public_key())},
                  {"checkpoint", make_checkpoint(cp, server).value()}, {"consultation", kConsultation},
                  {"open", logged(0)}, {"ballots", nlohmann::json::array()}, {"totals", totals},
                  {"tally", tally_json(tally_consultation(open, kVotes, 0).value())}};
        for (uint64_t i = 1; i <= kVotes.size(); ++i) bundle["ballots"].push_back(logged(i));
    }
};

}  // namespace

TEST_CASE("a sound bundle checks and recounts") {
    const SampleBundle s;
    const BundleCheck whole = check_bundle(s.bundle);
    REQUIRE(whole.failure == "");
    CHECK(whole.fault == BundleFault::None);
    CHECK(whole.ballots == kVotes.size());
    CHECK(whole.log_key == s.server.public_key());
    CHECK(whole.checkpoint == s.bundle["checkpoint"].get<std::string>());
}

TEST_CASE("a bundle says whether its proofs or its count are wrong") {
    SUBCASE("a ballot dropped, the published totals kept: the count disagrees") {
        SampleBundle s;
        s.bundle["ballots"].erase(1);
        const BundleCheck c = check_bundle(s.bundle);
        CHECK(c.fault == BundleFault::Count);
        CHECK(c.failure.find("is not what the ballots give") != std::string::npos);
    }
    SUBCASE("a ballot's proof altered: the proofs fail at that ballot") {
        SampleBundle s;
        s.bundle["ballots"][2]["inclusion_proof"][0] = to_hex(fill(0x77));
        const BundleCheck c = check_bundle(s.bundle);
        CHECK(c.fault == BundleFault::Proof);
        CHECK(c.failure.rfind("ballot at log index 3: ", 0) == 0);
    }
    SUBCASE("not a bundle: malformed") {
        CHECK(check_bundle(nlohmann::json::array()).fault == BundleFault::Malformed);
    }
}
