// test_detail.cpp — a consultation's page read from answers a fake Net gives (issue 16): what the page
// shows is what wire::decode_consultation_detail reads from the server's answer (written here with the
// server's own writers, consultation_detail_json and tally_json), and an answer with a field missing or
// of the wrong type is said as bad_answer: never an exception (the wasm build cannot catch one), never
// undefined behaviour, never half a result.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "app.hpp"
#include "table_net.hpp"
#include "tally_json.hpp"
#include "wire.hpp"

using namespace yishi;
using namespace yishi::client;
using nlohmann::json;

namespace {

// Consultation 7, a vote that has ended (yes/no unless `method` says otherwise), with `tally` as its
// results' tally; the answer as the server writes it.
json answer_with(const json& tally, core::VotingMethod method = core::VotingMethod::YesNo, uint64_t method_param = 0) {
    wire::ConsultationDetail d;
    wire::ConsultationSummary& s = d.head;
    s.id = 7, s.region = 320508, s.region_name = "竹辉社区", s.title = "是否加装电动车充电桩";
    s.stage = core::Stage::Evaluate, s.started = true, s.method = method;
    d.method_param = method_param;
    d.options = {{1, "赞成", 0}, {2, "反对", 0}};
    d.results.visible = true, d.results.ballots = 5, d.results.totals = {3, 2}, d.results.tally = tally;
    return wire::consultation_detail_json(d);
}

// What the app keeps of the page after reading `detail` (and empty comments and proposals, unless given).
struct Page {
    std::optional<ConsultationDetail> detail;
    std::string detail_error;
    bool detail_loading = false;
};
Page page_from(const std::string& detail, const std::string& comments = "") {
    TableNet net;
    net.answers["/api/consultations/7"] = detail;
    net.answers["/api/consultations/7/comments"] =
        comments.empty() ? R"({"limit":20,"offset":0,"sort":"oldest","total":0,"items":[]})" : comments;
    net.answers["/api/consultations/7/proposals"] = R"({"limit":20,"offset":0,"total":0,"items":[]})";
    AppState st;
    st.journeys.open = 7;
    for (int k = 0; k < 3; ++k) tick_app(st, k, net);
    return {std::move(st.journeys.detail), st.journeys.detail_error, st.journeys.detail_loading};
}

// A yes/no count of 3 yes, 2 no among 10 enrolled, quorum 0.5: approved.
core::ConsultationTally yes_no_tally() {
    core::ConsultationTally t;
    t.method = core::VotingMethod::YesNo;
    t.options = {{1, "赞成", 0}, {2, "反对", 0}};
    t.totals = {3, 2};
    core::YesNoResult y;
    y.summary.enrolled = 10, y.summary.ballots = 5, y.summary.valid = 5;
    y.yes = 3, y.no = 2, y.quorum = 0.5, y.threshold = 0.5, y.quorum_met = true, y.approved = true;
    t.yes_no = y;
    t.winner = 0;
    t.ranking = {0, 1};
    return t;
}

}  // namespace

TEST_CASE("a yes/no result is read from the server's tally") {
    const Page j = page_from(answer_with(core::tally_json(yes_no_tally())).dump());
    REQUIRE(j.detail);
    const ConsultationDetail& d = *j.detail;
    CHECK(j.detail_error.empty());
    CHECK(d.results_visible);
    CHECK(d.has_yes_no);
    CHECK(d.approved);
    CHECK(d.quorum_met);
    CHECK(d.quorum == doctest::Approx(0.5));
    CHECK(d.winner == std::optional<uint32_t>(1));   // the option id, not its index
    CHECK(d.ranking == std::vector<uint32_t>{1, 2});
    CHECK(d.totals == std::vector<uint64_t>{3, 2});
    CHECK(d.valid == 5);
}

TEST_CASE("a ranked count keeps the part the consultation declared, and only if it fits the options") {
    core::ConsultationTally t;
    t.method = core::VotingMethod::Ranked, t.method_param = 1;
    t.options = {{1, "东门", 0}, {2, "西门", 0}};
    t.totals = {2, 1};
    core::IrvResult irv;
    irv.summary.ballots = irv.summary.valid = 3;
    irv.rounds = {{{2, 1}, std::nullopt, 3, 0}};
    irv.ranking = {0, 1}, irv.winner = 0;
    t.irv = irv;
    core::SchulzeResult sch;
    sch.options = 2, sch.pairwise = {0, 2, 1, 0}, sch.strongest = {0, 2, 0, 0}, sch.ranking = {0, 1}, sch.winner = 0;
    t.schulze = sch;
    t.winner = 0, t.ranking = {0, 1};
    SUBCASE("instant runoff declared: its rounds, no head-to-head table") {
        const Page j = page_from(answer_with(core::tally_json(t), core::VotingMethod::Ranked, 1).dump());
        REQUIRE(j.detail);
        REQUIRE(j.detail->irv_rounds.size() == 1);
        CHECK(j.detail->irv_rounds[0].votes == std::vector<uint64_t>{2, 1});
        CHECK(j.detail->majority_round == std::optional<size_t>(0));
        CHECK(j.detail->pairwise.empty());
    }
    SUBCASE("Schulze declared: the head-to-head table, no rounds") {
        t.method_param = 2;
        const Page j = page_from(answer_with(core::tally_json(t), core::VotingMethod::Ranked, 2).dump());
        REQUIRE(j.detail);
        CHECK(j.detail->irv_rounds.empty());
        CHECK(j.detail->pairwise == std::vector<std::vector<uint64_t>>{{0, 2}, {1, 0}});
    }
    SUBCASE("a round with a count per option missing: no rounds shown, the rest is") {
        json tally = core::tally_json(t);
        tally["irv"]["rounds"][0]["votes"] = {2};
        const Page j = page_from(answer_with(tally, core::VotingMethod::Ranked, 1).dump());
        REQUIRE(j.detail);
        CHECK(j.detail->irv_rounds.empty());
        CHECK(j.detail->winner == std::optional<uint32_t>(1));
    }
}

TEST_CASE("a result with a field missing or of the wrong type is said as bad_answer, never thrown") {
    const json good = core::tally_json(yes_no_tally());
    json odd[] = {good, good, good, good, good, json::object()};
    odd[0]["quorum_met"] = "yes";
    odd[1]["quorum"] = "half";
    odd[2]["winner"] = "甲";
    odd[3]["ranking"] = {1, "x"};
    odd[4].erase("approved");
    for (const json& t : odd) {
        CAPTURE(t.dump());
        const Page j = page_from(answer_with(t).dump());
        CHECK_FALSE(j.detail);   // no half-read result
        CHECK(j.detail_error == "bad_answer");
        CHECK_FALSE(j.detail_loading);
    }
    SUBCASE("the page itself: a detail field mistyped, or not JSON") {
        json b = answer_with(good);
        b["options"][0]["cost"] = "免费";
        CHECK(page_from(b.dump()).detail_error == "bad_answer");
        CHECK(page_from("<html>").detail_error == "bad_answer");
    }
}

TEST_CASE("results not yet public are read as hidden") {
    json b = answer_with(json::object());
    b["results"] = {{"visible", false}, {"reason", "hidden_until_vote_closes"}};
    const Page j = page_from(b.dump());
    REQUIRE(j.detail);
    CHECK_FALSE(j.detail->results_visible);
    CHECK(j.detail->totals.empty());
}

TEST_CASE("an answer that is not a comment page is said, the page still shown") {
    const Page j = page_from(answer_with(core::tally_json(yes_no_tally())).dump(),
                                     R"({"limit":20,"offset":0,"sort":"oldest","total":1,"items":[{"id":5}]})");
    REQUIRE(j.detail);
    CHECK(j.detail->comments.empty());
    CHECK(j.detail->comments_error == "bad_answer");
}
