// test_consultation_tally.cpp — a consultation's ballots (wire option ids and values) through its
// method's tally, and the report reaction's wire code.
#include <doctest/doctest.h>

#include "yishi/consultation_tally.hpp"
#include "yishi/envelope.hpp"

using namespace yishi::core;

namespace {

ConsultationOpenPayload open_with(VotingMethod m, uint64_t param, std::vector<ConsultationOption> options) {
    ConsultationOpenPayload o;
    o.title = "测试";
    o.method = m;
    o.method_param = param;
    o.options = std::move(options);
    o.schedule = {{Stage::Vote, 0}};
    return o;
}

}  // namespace

TEST_CASE("plurality counts option ids from the wire in declared order") {
    auto open = open_with(VotingMethod::Plurality, 0, {{2, "东侧", 0}, {5, "西侧", 0}, {9, "暂不", 0}});
    std::vector<VotePayload> votes = {{VotingMethod::Plurality, {{5, 1}}}, {VotingMethod::Plurality, {{9, 1}}},
                                      {VotingMethod::Plurality, {{5, 1}}}};
    auto t = tally_consultation(open, votes, 4);
    REQUIRE(t.ok());
    CHECK(t->totals == std::vector<uint64_t>{0, 2, 1});
    REQUIRE(t->winner.has_value());
    CHECK(*t->winner == 1);   // index of option id 5
    CHECK(t->choice->summary.enrolled == 4);
    CHECK(t->ranking == std::vector<OptionId>{1, 2, 0});
}

TEST_CASE("ranked ballots are ordered by rank, not by option id, and counted by IRV and Schulze") {
    auto open = open_with(VotingMethod::Ranked, 0, {{1, "A", 0}, {2, "B", 0}, {3, "C", 0}});
    // Entries are sorted by option id on the wire; the values are the ranks.
    std::vector<VotePayload> votes = {{VotingMethod::Ranked, {{1, 3}, {2, 1}, {3, 2}}},   // B > C > A
                                      {VotingMethod::Ranked, {{2, 2}, {3, 1}}},           // C > B
                                      {VotingMethod::Ranked, {{2, 1}}}};                  // B
    auto t = tally_consultation(open, votes, 0);
    REQUIRE(t.ok());
    REQUIRE(t->irv.has_value());
    REQUIRE(t->schulze.has_value());
    CHECK(t->irv->rounds.front().votes == std::vector<uint64_t>{0, 2, 1});
    CHECK(*t->winner == 1);
    CHECK(*t->schulze->winner == 1);
    CHECK(t->schulze->d(1, 2) == 2);   // B over C on two ballots
}

TEST_CASE("yes/no maps the first option to yes and the second to no") {
    auto open = open_with(VotingMethod::YesNo, 0, {{1, "同意", 0}, {2, "反对", 0}});
    std::vector<VotePayload> votes = {{VotingMethod::YesNo, {{1, 1}}}, {VotingMethod::YesNo, {{2, 1}}},
                                      {VotingMethod::YesNo, {{1, 1}}}};
    auto t = tally_consultation(open, votes, 0);
    REQUIRE(t.ok());
    CHECK(t->yes_no->yes == 2);
    CHECK(t->yes_no->no == 1);
    CHECK(t->yes_no->approved);
    CHECK(*t->winner == 0);
}

TEST_CASE("budget funds by approvals within the consultation's budget") {
    auto open = open_with(VotingMethod::Budget, 100, {{1, "P1", 60}, {2, "P2", 50}, {3, "P3", 40}});
    std::vector<VotePayload> votes = {{VotingMethod::Budget, {{1, 1}, {3, 1}}}, {VotingMethod::Budget, {{1, 1}}},
                                      {VotingMethod::Budget, {{2, 1}}}};
    auto t = tally_consultation(open, votes, 0);
    REQUIRE(t.ok());
    CHECK(t->budget->funded == std::vector<OptionId>{0, 2});
    CHECK(t->budget->spent == 100);
}

TEST_CASE("a report is reaction 4 on the wire; 5 is out of range") {
    Envelope e;
    e.author = {};
    e.scope = {320508, 7};
    e.payload = ReactPayload{Hash{}, Reaction::Report};
    auto body = encode_envelope(e);
    REQUIRE(body.ok());
    CHECK(body->back() == 4);
    auto back = decode_envelope(body.value());
    REQUIRE(back.ok());
    CHECK(std::get<ReactPayload>(back->payload).reaction == Reaction::Report);
    Bytes bad = body.value();
    bad.back() = 5;
    CHECK(decode_envelope(bad).error() == Error::EnvelopeOutOfRange);
}
