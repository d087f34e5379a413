// test_tally.cpp — the counting methods of tally.hpp: worked examples from the literature and the
// validity rules. Seeded property checks are in test_tally_properties.cpp.
//
// Index: [SECTION] helpers, worked examples, validity rules and spec errors.
#include <doctest/doctest.h>

#include <vector>

#include "yishi/tally.hpp"

using namespace yishi::core;

// [SECTION] helpers
namespace {

// Appends `count` copies of one ballot.
void add_copies(BallotBox& box, size_t count, std::vector<uint32_t> ballot) {
    for (size_t i = 0; i < count; ++i) box.add(ballot);
}

// The Wikipedia "Schulze method" example: 45 voters, candidates A..E = 0..4.
BallotBox wikipedia_schulze_ballots() {
    enum { A, B, C, D, E };
    BallotBox box;
    add_copies(box, 5, {A, C, B, E, D});
    add_copies(box, 5, {A, D, E, C, B});
    add_copies(box, 8, {B, E, D, A, C});
    add_copies(box, 3, {C, A, B, E, D});
    add_copies(box, 7, {C, A, E, B, D});
    add_copies(box, 2, {C, B, A, D, E});
    add_copies(box, 7, {D, C, E, B, A});
    add_copies(box, 8, {E, B, A, D, C});
    return box;
}

// Wikipedia's "Tennessee capital" example, per 100 voters: Memphis, Nashville, Chattanooga, Knoxville.
enum City : uint32_t { Memphis, Nashville, Chattanooga, Knoxville };
BallotBox tennessee_ballots() {
    BallotBox box;
    add_copies(box, 42, {Memphis, Nashville, Chattanooga, Knoxville});
    add_copies(box, 26, {Nashville, Chattanooga, Knoxville, Memphis});
    add_copies(box, 15, {Chattanooga, Knoxville, Nashville, Memphis});
    add_copies(box, 17, {Knoxville, Chattanooga, Nashville, Memphis});
    return box;
}

}  // namespace

// [SECTION] worked examples

TEST_CASE("the Wikipedia Schulze example elects E and ranks E A C B D") {
    // https://en.wikipedia.org/wiki/Schulze_method — "Example" section, matrices d and p.
    auto r = tally_schulze(wikipedia_schulze_ballots(), {.options = 5, .enrolled = 50});
    REQUIRE(r.ok());
    const std::vector<uint64_t> d = {0, 20, 26, 30, 22,  25, 0, 16, 33, 18,  19, 29, 0, 17, 24,
                                     15, 12, 28, 0, 14,  23, 27, 21, 31, 0};
    const std::vector<uint64_t> p = {0, 28, 28, 30, 24,  25, 0, 28, 33, 24,  25, 29, 0, 29, 24,
                                     25, 28, 28, 0, 24,  25, 28, 28, 31, 0};
    CHECK(r->pairwise == d);
    CHECK(r->strongest == p);
    CHECK(r->ranking == std::vector<OptionId>{4, 0, 2, 1, 3});
    CHECK(r->winner == 4u);
    CHECK(r->summary.valid == 45);
    CHECK(r->summary.turnout() == doctest::Approx(0.9));
}

TEST_CASE("the Tennessee capital example: plurality Memphis, IRV Knoxville, Schulze Nashville") {
    // https://en.wikipedia.org/wiki/Instant-runoff_voting and .../Condorcet_method (Tennessee example).
    const BallotBox box = tennessee_ballots();

    SUBCASE("plurality counts first preferences only") {
        BallotBox firsts;
        add_copies(firsts, 42, {Memphis});
        add_copies(firsts, 26, {Nashville});
        add_copies(firsts, 15, {Chattanooga});
        add_copies(firsts, 17, {Knoxville});
        auto r = tally_plurality(firsts, {.options = 4});
        REQUIRE(r.ok());
        CHECK(r->votes == std::vector<uint64_t>{42, 26, 15, 17});
        CHECK(r->ranking == std::vector<OptionId>{Memphis, Nashville, Knoxville, Chattanooga});
        CHECK(r->winner == Memphis);
    }
    SUBCASE("instant-runoff eliminates Chattanooga, then Nashville, and Knoxville wins 58 to 42") {
        auto r = tally_irv(box, {.options = 4});
        REQUIRE(r.ok());
        REQUIRE(r->rounds.size() == 4);
        CHECK(r->rounds[0].votes == std::vector<uint64_t>{42, 26, 15, 17});
        CHECK(r->rounds[0].eliminated == Chattanooga);
        CHECK(r->rounds[1].votes == std::vector<uint64_t>{42, 26, 0, 32});
        CHECK(r->rounds[1].eliminated == Nashville);
        CHECK(r->rounds[2].votes == std::vector<uint64_t>{42, 0, 0, 58});
        CHECK(r->majority_round == 2);
        CHECK(r->rounds[3].eliminated == std::nullopt);
        CHECK(r->winner == Knoxville);
        CHECK(r->ranking == std::vector<OptionId>{Knoxville, Memphis, Nashville, Chattanooga});
    }
    SUBCASE("Schulze elects the Condorcet winner Nashville") {
        auto r = tally_schulze(box, {.options = 4});
        REQUIRE(r.ok());
        CHECK(r->d(Nashville, Memphis) == 58);
        CHECK(r->d(Chattanooga, Knoxville) == 83);
        CHECK(r->ranking == std::vector<OptionId>{Nashville, Chattanooga, Knoxville, Memphis});
        CHECK(r->winner == Nashville);
    }
}

TEST_CASE("a participatory budget funds by support and skips a project that no longer fits") {
    // Budget 1000. Projects: 0 playground 700, 1 street lights 400, 2 benches 250, 3 garden 100.
    // Support: lights 5, playground 4, benches 3, garden 2. Lights are funded (600 left), the
    // playground does not fit and is skipped, benches (350 left) and garden (250 left) are funded.
    BallotBox box;
    box.add({1, 2, 3});
    box.add({1, 2});
    add_copies(box, 3, {1});
    box.add({0, 2});
    box.add({0, 3});
    add_copies(box, 2, {0});
    box.add({0, 1});   // 1100 > 1000: invalid
    auto r = tally_budget(box, {.costs = {700, 400, 250, 100}, .budget = 1000, .enrolled = 20});
    REQUIRE(r.ok());
    CHECK(r->approvals == std::vector<uint64_t>{4, 5, 3, 2});
    CHECK(r->ranking == std::vector<OptionId>{1, 0, 2, 3});
    CHECK(r->funded == std::vector<OptionId>{1, 2, 3});
    CHECK(r->spent == 750);
    CHECK(r->winner == 1u);
    CHECK(r->summary.valid == 9);
    REQUIRE(r->summary.invalid_ballots.size() == 1);
    CHECK(r->summary.invalid_ballots[0].index == 9);
    CHECK(r->summary.invalid_ballots[0].problem == BallotProblem::OverBudget);
    CHECK(r->summary.turnout() == doctest::Approx(0.5));
}

TEST_CASE("score voting ranks by mean, then by median, then by declared order") {
    // Five residents score three proposals 0–5. A: 5 5 2 2 1 (mean 3, median 2); B: 3 3 3 3 3
    // (mean 3, median 3); C: 0 1 0 1 5 (mean 1.4, median 1). A and B tie on the mean; B has the
    // higher median.
    BallotBox box;
    box.add({5, 3, 0});
    box.add({5, 3, 1});
    box.add({2, 3, 0});
    box.add({2, 3, 1});
    box.add({1, 3, 5});
    auto r = tally_score(box, {.options = 3});
    REQUIRE(r.ok());
    CHECK(r->sums == std::vector<uint64_t>{15, 15, 7});
    CHECK(r->means[0] == doctest::Approx(3.0));
    CHECK(r->means[2] == doctest::Approx(1.4));
    CHECK(r->medians == std::vector<double>{2.0, 3.0, 1.0});
    CHECK(r->ranking == std::vector<OptionId>{1, 0, 2});
    CHECK(r->winner == 1u);

    SUBCASE("with an even number of ballots the median is the mean of the middle two") {
        BallotBox even;
        even.add({1, 4});
        even.add({2, 4});
        even.add({5, 0});
        even.add({4, 0});
        auto e = tally_score(even, {.options = 2});
        REQUIRE(e.ok());
        CHECK(e->medians == std::vector<double>{3.0, 2.0});
        CHECK(e->ranking == std::vector<OptionId>{0, 1});   // sums 12 vs 8
    }
    SUBCASE("equal means and medians fall back to declared order") {
        BallotBox tie;
        tie.add({4, 4, 4});
        auto t = tally_score(tie, {.options = 3});
        REQUIRE(t.ok());
        CHECK(t->ranking == std::vector<OptionId>{0, 1, 2});
    }
    SUBCASE("a consultation that declares 0-10 counts scores up to 10, and no higher") {
        BallotBox ten;
        ten.add({10, 6});
        ten.add({8, 9});
        ten.add({11, 0});   // above the maximum: invalid
        auto t = tally_score(ten, {.options = 2, .max_score = 10});
        REQUIRE(t.ok());
        CHECK(t->summary.valid == 2);
        CHECK(t->summary.invalid == 1);
        CHECK(t->sums == std::vector<uint64_t>{18, 15});
        CHECK(t->medians == std::vector<double>{9.0, 7.5});
        CHECK(t->ranking == std::vector<OptionId>{0, 1});
        CHECK_FALSE(tally_score(ten, {.options = 2, .max_score = 0}).ok());   // no scale at all
    }
}

TEST_CASE("a yes/no vote needs its quorum and its threshold") {
    // 100 enrolled, quorum 30%, threshold two thirds of yes+no; abstentions count for the quorum only.
    BallotBox box;
    add_copies(box, 20, {kYes});
    add_copies(box, 8, {kNo});
    add_copies(box, 4, {kAbstain});
    SUBCASE("32 took part and 20 of 28 said yes: approved") {
        auto r = tally_yesno(box, {.enrolled = 100, .quorum = 0.3, .threshold = 2.0 / 3.0});
        REQUIRE(r.ok());
        CHECK(r->yes == 20);
        CHECK(r->no == 8);
        CHECK(r->abstain == 4);
        CHECK(r->quorum_met);
        CHECK(r->approved);
        CHECK(r->summary.turnout() == doctest::Approx(0.32));
    }
    SUBCASE("the same votes among 200 enrolled miss a 30% quorum") {
        auto r = tally_yesno(box, {.enrolled = 200, .quorum = 0.3, .threshold = 0.5});
        REQUIRE(r.ok());
        CHECK_FALSE(r->quorum_met);
        CHECK_FALSE(r->approved);
    }
    SUBCASE("a three-quarter threshold is not reached by 20 of 28") {
        auto r = tally_yesno(box, {.enrolled = 100, .quorum = 0.3, .threshold = 0.75});
        REQUIRE(r.ok());
        CHECK(r->quorum_met);
        CHECK_FALSE(r->approved);
    }
    SUBCASE("a tie at threshold one half is approved (yes >= t * (yes + no))") {
        BallotBox tie;
        add_copies(tie, 5, {kYes});
        add_copies(tie, 5, {kNo});
        auto r = tally_yesno(tie, {.enrolled = 10, .quorum = 0.5, .threshold = 0.5});
        REQUIRE(r.ok());
        CHECK(r->approved);
    }
    SUBCASE("only abstentions approve nothing") {
        BallotBox abstain;
        add_copies(abstain, 5, {kAbstain});
        auto r = tally_yesno(abstain, {.enrolled = 5, .quorum = 0.5, .threshold = 0.0});
        REQUIRE(r.ok());
        CHECK(r->quorum_met);
        CHECK_FALSE(r->approved);
    }
}

TEST_CASE("approval counts each approved option once per ballot within the selection bounds") {
    BallotBox box;
    box.add({0, 1});
    box.add({1});
    box.add({1, 2});
    box.add({0, 1, 2});   // too many for max 2
    box.add({});          // empty
    box.add({2, 2});      // duplicate
    box.add({3});         // unknown option
    auto r = tally_approval(box, {.options = 3, .min_selections = 1, .max_selections = 2});
    REQUIRE(r.ok());
    CHECK(r->votes == std::vector<uint64_t>{1, 3, 1});
    CHECK(r->ranking == std::vector<OptionId>{1, 0, 2});
    CHECK(r->summary.valid == 3);
    CHECK(r->summary.invalid == 4);
    REQUIRE(r->summary.invalid_ballots.size() == 4);
    CHECK(r->summary.invalid_ballots[0].problem == BallotProblem::TooManyChoices);
    CHECK(r->summary.invalid_ballots[1].problem == BallotProblem::Empty);
    CHECK(r->summary.invalid_ballots[2].problem == BallotProblem::DuplicateOption);
    CHECK(r->summary.invalid_ballots[3].problem == BallotProblem::UnknownOption);
    CHECK(ballot_problem_code(BallotProblem::DuplicateOption) == "duplicate_option");

    SUBCASE("a minimum of two rejects single approvals") {
        auto r2 = tally_approval(box, {.options = 3, .min_selections = 2, .max_selections = 3});
        REQUIRE(r2.ok());
        CHECK(r2->summary.invalid_ballots[0].index == 1);
        CHECK(r2->summary.invalid_ballots[0].problem == BallotProblem::TooFewChoices);
    }
}

// [SECTION] validity rules and spec errors

TEST_CASE("inconsistent counting rules are errors, bad ballots are not") {
    BallotBox box;
    box.add({0});
    CHECK(tally_plurality(box, {.options = 0}).error() == Error::TallyBadSpec);
    CHECK(tally_irv(box, {.options = kMaxTallyOptions + 1}).error() == Error::TallyTooManyOptions);
    CHECK(tally_approval(box, {.options = 3, .min_selections = 3, .max_selections = 2}).error() == Error::TallyBadSpec);
    CHECK(tally_approval(box, {.options = 3, .min_selections = 1, .max_selections = 4}).error() == Error::TallyBadSpec);
    CHECK(tally_budget(box, {.costs = {}, .budget = 10}).error() == Error::TallyBadSpec);
    CHECK(tally_budget(box, {.costs = {5}, .budget = 0}).error() == Error::TallyBadSpec);
    CHECK(tally_yesno(box, {.enrolled = 0, .quorum = 0.5}).error() == Error::TallyBadSpec);
    CHECK(tally_yesno(box, {.enrolled = 10, .quorum = 0.5, .threshold = 1.5}).error() == Error::TallyBadSpec);
    CHECK(error_code(Error::TallyDuplicateSequence) == "tally_duplicate_sequence");
}

TEST_CASE("with no valid ballot there is no winner, and the ranking is the declared order") {
    BallotBox box;
    box.add({});
    box.add({7});
    auto irv = tally_irv(box, {.options = 3});
    REQUIRE(irv.ok());
    CHECK_FALSE(irv->winner.has_value());
    CHECK(irv->ranking == std::vector<OptionId>{0, 1, 2});
    CHECK(irv->summary.invalid == 2);
    auto plurality = tally_plurality(BallotBox{}, {.options = 2});
    REQUIRE(plurality.ok());
    CHECK_FALSE(plurality->winner.has_value());
    auto score = tally_score(box, {.options = 1});
    REQUIRE(score.ok());
    CHECK(score->summary.invalid_ballots[0].problem == BallotProblem::Empty);
    CHECK(score->summary.invalid_ballots[1].problem == BallotProblem::ScoreOutOfRange);
}

TEST_CASE("plurality breaks a tie by declared order and rejects multi-choice ballots") {
    BallotBox box;
    box.add({2});
    box.add({1});
    box.add({1, 2});
    auto r = tally_plurality(box, {.options = 3, .enrolled = 3});
    REQUIRE(r.ok());
    CHECK(r->winner == 1u);
    CHECK(r->ranking == std::vector<OptionId>{1, 2, 0});
    CHECK(r->summary.invalid_ballots[0].problem == BallotProblem::TooManyChoices);
    CHECK(r->summary.turnout() == doctest::Approx(1.0));
}

TEST_CASE("IRV breaks an elimination tie by earlier rounds, then eliminates the option declared last") {
    SUBCASE("ballots whose options are all eliminated are exhausted") {
        BallotBox box;
        add_copies(box, 5, {0});         // A
        add_copies(box, 3, {1});         // B
        add_copies(box, 2, {2});         // C
        add_copies(box, 1, {3, 1});      // D -> B
        // Round 1: A5 B3 C2 D1: D out. Round 2: A5 B4 C2: C out (exhausted). Round 3: A5 B4.
        auto r = tally_irv(box, {.options = 4});
        REQUIRE(r.ok());
        CHECK(r->rounds[0].eliminated == 3u);
        CHECK(r->rounds[1].votes == std::vector<uint64_t>{5, 4, 2, 0});
        CHECK(r->rounds[1].eliminated == 2u);
        CHECK(r->rounds[2].exhausted == 2);
        CHECK(r->rounds[2].continuing == 9);
        CHECK(r->winner == 0u);
    }
    SUBCASE("a tie in this round is decided by the previous round") {
        BallotBox box;
        add_copies(box, 6, {0});         // A 6
        add_copies(box, 4, {1});         // B 4
        add_copies(box, 3, {2});         // C 3
        add_copies(box, 1, {3, 2});      // D 1 -> C
        // Round 1: A6 B4 C3 D1 -> D out. Round 2: A6 B4 C4: B and C tie at 4; in round 1 C had 3 < 4.
        auto r = tally_irv(box, {.options = 4});
        REQUIRE(r.ok());
        CHECK(r->rounds[1].votes == std::vector<uint64_t>{6, 4, 4, 0});
        CHECK(r->rounds[1].eliminated == 2u);
    }
    SUBCASE("tied in every round: the option declared last goes") {
        BallotBox box;
        add_copies(box, 2, {0});
        add_copies(box, 2, {1});
        auto r = tally_irv(box, {.options = 2});
        REQUIRE(r.ok());
        CHECK(r->rounds[0].eliminated == 1u);
        CHECK(r->winner == 0u);
    }
}

TEST_CASE("Schulze treats unranked options as tied below the ranked ones") {
    BallotBox box;
    box.add({2});          // C above A and B; A and B tied
    box.add({0, 1});       // A > B > C
    auto r = tally_schulze(box, {.options = 3});
    REQUIRE(r.ok());
    CHECK(r->d(2, 0) == 1);
    CHECK(r->d(2, 1) == 1);
    CHECK(r->d(0, 1) == 1);
    CHECK(r->d(1, 0) == 0);
    CHECK(r->d(0, 2) == 1);
}

TEST_CASE("a later ballot from the same voter replaces the earlier one") {
    BallotBox cast;
    cast.add({0});   // slot 7, seq 1
    cast.add({1});   // slot 3, seq 1
    cast.add({2});   // slot 7, seq 5 — replaces {0}
    cast.add({0});   // slot 7, seq 2 — arrives late but is older than seq 5
    std::vector<BallotStamp> stamps = {{7, 1}, {3, 1}, {7, 5}, {7, 2}};
    auto latest = keep_latest_per_slot(cast, stamps);
    REQUIRE(latest.ok());
    REQUIRE(latest->size() == 2);
    CHECK(latest.value()[0][0] == 1u);   // slot 3
    CHECK(latest.value()[1][0] == 2u);   // slot 7
    auto r = tally_plurality(latest.value(), {.options = 3, .enrolled = 4});
    REQUIRE(r.ok());
    CHECK(r->votes == std::vector<uint64_t>{0, 1, 1});

    SUBCASE("two ballots of one slot with the same sequence are an error") {
        stamps[3].sequence = 5;
        CHECK(keep_latest_per_slot(cast, stamps).error() == Error::TallyDuplicateSequence);
    }
    SUBCASE("a stamp per ballot is required") {
        stamps.pop_back();
        CHECK(keep_latest_per_slot(cast, stamps).error() == Error::TallyBadSpec);
    }
}
