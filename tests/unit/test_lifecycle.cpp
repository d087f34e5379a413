// test_lifecycle.cpp — a consultation's stage in time: the schedule, early advances, why a submission
// is refused at a given moment, when results become visible, and the stored state.
#include <doctest/doctest.h>

#include "temp_db.hpp"
#include "yishi/consultation.hpp"
#include "yishi/store.hpp"

using namespace yishi::core;

namespace {

constexpr int64_t kDay = 86400000;
constexpr int64_t kT0 = 1764288000000;   // 2025-11-28 00:00 UTC: needs collection opens

// 需求征集 one week, 民主协商 one week, 项目决策 three days, 绩效评估 a month, then closed.
ConsultationState full_schedule() {
    return {{{Stage::CollectNeeds, kT0}, {Stage::Deliberate, kT0 + 7 * kDay}, {Stage::Vote, kT0 + 14 * kDay},
             {Stage::Evaluate, kT0 + 17 * kDay}, {Stage::Closed, kT0 + 47 * kDay}},
            std::nullopt};
}

}  // namespace

TEST_CASE("the stage in effect is the scheduled one, and a stage ends exactly when the next starts") {
    const ConsultationState s = full_schedule();
    CHECK(effective_stage(s, kT0 - 1).error() == Error::NotStarted);
    CHECK(effective_stage(s, kT0).value() == Stage::CollectNeeds);
    CHECK(effective_stage(s, kT0 + 7 * kDay - 1).value() == Stage::CollectNeeds);
    CHECK(effective_stage(s, kT0 + 7 * kDay).value() == Stage::Deliberate);
    CHECK(effective_stage(s, kT0 + 17 * kDay - 1).value() == Stage::Vote);
    CHECK(effective_stage(s, kT0 + 17 * kDay).value() == Stage::Evaluate);
    CHECK(effective_stage(s, kT0 + 100 * kDay).value() == Stage::Closed);
}

TEST_CASE("an early advance moves the stage forward, and the schedule moves it on later") {
    ConsultationState s = full_schedule();
    s.advanced = Stage::Vote;   // the committee skipped deliberation on day 3
    CHECK(effective_stage(s, kT0 + 3 * kDay).value() == Stage::Vote);
    CHECK(effective_stage(s, kT0 + 17 * kDay).value() == Stage::Evaluate);   // the schedule is later now
    SUBCASE("an advance before the first start starts the consultation") {
        CHECK(effective_stage(s, kT0 - kDay).value() == Stage::Vote);
    }
}

TEST_CASE("a submission is refused with the reason: not started, stage over, not yet, closed") {
    const ConsultationState s = full_schedule();
    CHECK(check_submission(Kind::Comment, s, kT0 - 1).error() == Error::NotStarted);
    CHECK(check_submission(Kind::Propose, s, kT0).ok());
    CHECK(check_submission(Kind::Propose, s, kT0 + 7 * kDay).error() == Error::StageOver);
    CHECK(check_submission(Kind::Vote, s, kT0 + 7 * kDay).error() == Error::WrongStage);   // not yet
    CHECK(check_submission(Kind::BallotKeyBind, s, kT0 + 14 * kDay).ok());
    CHECK(check_submission(Kind::Vote, s, kT0 + 14 * kDay).ok());
    CHECK(check_submission(Kind::Vote, s, kT0 + 17 * kDay - 1).ok());
    CHECK(check_submission(Kind::Vote, s, kT0 + 17 * kDay).error() == Error::StageOver);   // after the vote closed
    CHECK(check_submission(Kind::Rate, s, kT0 + 17 * kDay).ok());
    CHECK(check_submission(Kind::Rate, s, kT0 + 47 * kDay).error() == Error::ConsultationClosed);
    CHECK(check_submission(Kind::Comment, s, kT0 + 47 * kDay).error() == Error::ConsultationClosed);
    CHECK(check_submission(Kind::Enroll, s, kT0).error() == Error::WrongStage);   // not a consultation kind
    SUBCASE("moderation never stops") {
        CHECK(check_submission(Kind::Moderate, s, kT0 - 1).ok());
        CHECK(check_submission(Kind::Moderate, s, kT0 + 47 * kDay).ok());
    }
    SUBCASE("a vote after an early close is refused even though the schedule still says vote") {
        ConsultationState closed = s;
        closed.advanced = Stage::Closed;
        CHECK(check_submission(Kind::Vote, closed, kT0 + 15 * kDay).error() == Error::ConsultationClosed);
    }
}

TEST_CASE("the committee advances only forward from the stage in effect now, and never after closing") {
    ConsultationState s = full_schedule();
    CHECK(check_advance_at(s, Stage::CollectNeeds, kT0 - kDay).ok());   // before the start anything goes forward
    CHECK(check_advance_at(s, Stage::Vote, kT0 + kDay).ok());
    CHECK(check_advance_at(s, Stage::Deliberate, kT0 + 8 * kDay).error() == Error::WrongStage);   // already there
    CHECK(check_advance_at(s, Stage::CollectNeeds, kT0 + 8 * kDay).error() == Error::WrongStage);   // backwards
    CHECK(check_advance_at(s, Stage::Closed, kT0 + 8 * kDay).ok());
    s.advanced = Stage::Closed;
    CHECK(check_advance_at(s, Stage::Closed, kT0 + 8 * kDay).error() == Error::ConsultationClosed);
}

TEST_CASE("results stay hidden until the vote stage has ended, for everyone") {
    ConsultationState s = full_schedule();
    CHECK_FALSE(results_visible(s, kT0 - 1));
    CHECK_FALSE(results_visible(s, kT0 + 14 * kDay));
    CHECK_FALSE(results_visible(s, kT0 + 17 * kDay - 1));
    CHECK(results_visible(s, kT0 + 17 * kDay));
    CHECK(results_visible(s, kT0 + 47 * kDay));
    SUBCASE("an early move to evaluation shows them at once") {
        s.advanced = Stage::Evaluate;
        CHECK(results_visible(s, kT0 + 15 * kDay));
    }
}

TEST_CASE("the schedule and the advanced stage are stored and read back") {
    TempDb db("lifecycle");
    auto store = Store::open(db.path);
    REQUIRE(store.ok());
    StatementCache sql(store->handle());
    REQUIRE(store->exec("INSERT INTO consultations(id, region, committee, method, method_param, stage, open_id) "
                        "VALUES (7, 320508, x'00', 1, 0, 1, x'00')").ok());
    const ConsultationState s = full_schedule();
    REQUIRE(store_consultation_schedule(sql, 7, s.schedule).ok());
    auto back = load_consultation_state(sql, 7);
    REQUIRE(back.ok());
    CHECK(back->schedule.size() == 5);
    CHECK(back->schedule[2].stage == Stage::Vote);
    CHECK(back->schedule[2].starts_ms == kT0 + 14 * kDay);
    CHECK_FALSE(back->advanced.has_value());
    REQUIRE(store->exec("UPDATE consultations SET advanced = 5 WHERE id = 7").ok());
    CHECK(load_consultation_state(sql, 7)->advanced == Stage::Closed);
    CHECK(load_consultation_state(sql, 8).error() == Error::UnknownConsultation);
}

TEST_CASE("a ranked consultation is counted the way its committee declared: instant-runoff or Schulze") {
    // Wikipedia's Tennessee capital example (options 1 Memphis, 2 Nashville, 3 Chattanooga, 4 Knoxville):
    // instant-runoff elects Knoxville, Schulze the Condorcet winner Nashville.
    auto ranks = [](uint64_t m, uint64_t n, uint64_t c, uint64_t k) {
        return VotePayload{VotingMethod::Ranked, {{1, m}, {2, n}, {3, c}, {4, k}}};
    };
    std::vector<VotePayload> ballots;
    for (int i = 0; i < 42; ++i) ballots.push_back(ranks(1, 2, 3, 4));
    for (int i = 0; i < 26; ++i) ballots.push_back(ranks(4, 1, 2, 3));
    for (int i = 0; i < 15; ++i) ballots.push_back(ranks(4, 3, 1, 2));
    for (int i = 0; i < 17; ++i) ballots.push_back(ranks(4, 3, 2, 1));
    ballots.push_back({VotingMethod::Plurality, {{1, 1}}});   // does not fit: counted as invalid
    BallotRules rules{VotingMethod::Ranked, kRankedInstantRunoff,
                      {{1, "Memphis", 0}, {2, "Nashville", 0}, {3, "Chattanooga", 0}, {4, "Knoxville", 0}}};
    auto irv = count_consultation(rules, ballots);
    REQUIRE(irv.ok());
    CHECK(irv->counting == "irv");
    CHECK(irv->winner == 4u);
    CHECK(irv->ranking == std::vector<uint32_t>{4, 1, 2, 3});
    CHECK(irv->valid == 100);
    CHECK(irv->invalid == 1);
    rules.method_param = kRankedSchulze;
    auto schulze = count_consultation(rules, ballots);
    REQUIRE(schulze.ok());
    CHECK(schulze->counting == "schulze");
    CHECK(schulze->winner == 2u);
    CHECK(schulze->ranking == std::vector<uint32_t>{2, 3, 4, 1});
    rules.method_param = 0;   // undeclared: no counting to use
    CHECK(count_consultation(rules, ballots).error() == Error::TallyBadSpec);
}

TEST_CASE("a refusal of the time and scope rules has a message in Chinese and English") {
    CHECK(tr(*refusal_msg(Error::StageOver), Lang::ZhCN) == "这一阶段已经结束。");
    CHECK(tr(*refusal_msg(Error::NotStarted), Lang::En) == "This consultation has not started yet.");
    CHECK(refusal_msg(Error::ConsultationClosed) == Msg::RefusedClosed);
    CHECK(refusal_msg(Error::WrongRegion) == Msg::RefusedWrongRegion);
    CHECK_FALSE(refusal_msg(Error::BadSignature).has_value());
    CHECK(tr(Msg::ResultsHidden, Lang::ZhCN).find("投票结束后") != std::string_view::npos);
}
