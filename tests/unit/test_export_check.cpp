// test_export_check.cpp — the count a consultation_close states (core::tally_hash) and the bundle check's
// refusals. The golden hash is checked natively and in wasm: the browser that signs a close and the
// server that checks it must hash the same count to the same bytes.
#include <doctest/doctest.h>

#include "export_check.hpp"
#include "yishi/envelope.hpp"

using namespace yishi::core;

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
