// test_consultation.cpp — the stage rules and the ballot-fit check that the server authorises with.
#include <doctest/doctest.h>

#include "yishi/consultation.hpp"

using namespace yishi::core;

TEST_CASE("each stage allows exactly its kinds of submission") {
    CHECK(check_stage(Kind::Propose, Stage::CollectNeeds).ok());
    CHECK(check_stage(Kind::Propose, Stage::Deliberate).error() == Error::WrongStage);
    CHECK(check_stage(Kind::Comment, Stage::CollectNeeds).ok());
    CHECK(check_stage(Kind::Comment, Stage::Deliberate).ok());
    CHECK(check_stage(Kind::Comment, Stage::Closed).error() == Error::WrongStage);
    CHECK(check_stage(Kind::React, Stage::Evaluate).ok());
    CHECK(check_stage(Kind::Vote, Stage::Vote).ok());
    CHECK(check_stage(Kind::Vote, Stage::Deliberate).error() == Error::WrongStage);
    CHECK(check_stage(Kind::Vote, Stage::Evaluate).error() == Error::WrongStage);
    CHECK(check_stage(Kind::BallotKeyBind, Stage::Vote).ok());
    CHECK(check_stage(Kind::BallotKeyBind, Stage::CollectNeeds).error() == Error::WrongStage);
    CHECK(check_stage(Kind::Rate, Stage::Evaluate).ok());
    CHECK(check_stage(Kind::Rate, Stage::Vote).error() == Error::WrongStage);
    CHECK(check_stage(Kind::Moderate, Stage::Closed).ok());
    CHECK(check_stage(Kind::ConsultationClose, Stage::Closed).error() == Error::WrongStage);
    CHECK(check_stage(Kind::Enroll, Stage::Vote).error() == Error::WrongStage);
}

TEST_CASE("stages only move forward, and may be skipped") {
    CHECK(check_advance(Stage::CollectNeeds, Stage::Deliberate).ok());
    CHECK(check_advance(Stage::Deliberate, Stage::Evaluate).ok());
    CHECK(check_advance(Stage::Vote, Stage::Vote).error() == Error::WrongStage);
    CHECK(check_advance(Stage::Vote, Stage::Deliberate).error() == Error::WrongStage);
    CHECK(check_advance(Stage::Closed, Stage::Closed).error() == Error::WrongStage);
}

TEST_CASE("a ballot must use the consultation's method, options and limits") {
    BallotRules rules{VotingMethod::Approval, 2, {{1, "A", 0}, {2, "B", 0}, {3, "C", 0}}};
    VotePayload v{VotingMethod::Approval, {{1, 1}, {3, 1}}};
    CHECK(check_ballot(v, rules).ok());
    SUBCASE("too many approvals") {
        v.entries = {{1, 1}, {2, 1}, {3, 1}};
        CHECK(check_ballot(v, rules).error() == Error::BallotInvalid);
    }
    SUBCASE("an option that does not exist") {
        v.entries = {{4, 1}};
        CHECK(check_ballot(v, rules).error() == Error::BallotInvalid);
    }
    SUBCASE("another method") {
        v.method = VotingMethod::Plurality;
        v.entries = {{1, 1}};
        CHECK(check_ballot(v, rules).error() == Error::BallotInvalid);
    }
    SUBCASE("score above the consultation's maximum") {
        rules.method = VotingMethod::Score;
        rules.method_param = 5;
        v = {VotingMethod::Score, {{1, 5}, {2, 6}}};
        CHECK(check_ballot(v, rules).error() == Error::BallotInvalid);
        v.entries[1].value = 0;
        CHECK(check_ballot(v, rules).ok());
    }
    SUBCASE("budget over the total") {
        rules = {VotingMethod::Budget, 100, {{1, "A", 60}, {2, "B", 50}}};
        v = {VotingMethod::Budget, {{1, 1}, {2, 1}}};
        CHECK(check_ballot(v, rules).error() == Error::BallotInvalid);
        v.entries = {{2, 1}};
        CHECK(check_ballot(v, rules).ok());
    }
}

TEST_CASE("option totals count choices, sum scores, and take first preferences for ranked ballots") {
    BallotRules approval{VotingMethod::Approval, 2, {{1, "A", 0}, {2, "B", 0}, {3, "C", 0}}};
    std::vector<VotePayload> ballots{{VotingMethod::Approval, {{1, 1}, {3, 1}}}, {VotingMethod::Approval, {{3, 1}}},
                                     {VotingMethod::Approval, {{1, 1}, {2, 1}, {3, 1}}}};   // the last is invalid
    CHECK(option_totals(approval, ballots) == std::vector<uint64_t>{1, 0, 2});
    BallotRules ranked{VotingMethod::Ranked, 0, {{1, "A", 0}, {2, "B", 0}}};
    std::vector<VotePayload> ranks{{VotingMethod::Ranked, {{1, 2}, {2, 1}}}, {VotingMethod::Ranked, {{1, 1}, {2, 2}}},
                                   {VotingMethod::Ranked, {{2, 1}}}};
    CHECK(option_totals(ranked, ranks) == std::vector<uint64_t>{1, 2});
    BallotRules score{VotingMethod::Score, 5, {{1, "A", 0}, {2, "B", 0}}};
    std::vector<VotePayload> scores{{VotingMethod::Score, {{1, 5}, {2, 3}}}, {VotingMethod::Score, {{1, 4}}}};
    CHECK(option_totals(score, scores) == std::vector<uint64_t>{9, 3});
}
