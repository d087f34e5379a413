// test_detail.cpp — a consultation's page read from answers a fake Net gives (issue 16): what the page
// shows is read from the server's answer field by field, and an odd answer — fields of the wrong type,
// fields a method does not have — is read as far as it goes: never an exception (the wasm build cannot
// catch one) and never undefined behaviour.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "app.hpp"
#include "model/net.hpp"
#include "wire.hpp"

using namespace yishi;
using namespace yishi::client;
using nlohmann::json;

namespace {

// Answers GETs from a table (path → body, status 200); everything else waits forever.
class TableNet final : public Net {
public:
    std::map<std::string, std::string> answers;
    void get(const std::string& path, Callback done) override {
        const std::string bare = path.substr(0, path.find('?'));
        if (auto it = answers.find(bare); it != answers.end()) done({200, it->second});
    }
    void post(const std::string&, const std::vector<uint8_t>&, const std::string&, Callback) override {}
    void download(const std::string&, const std::string&, Callback) override {}
    bool save(const std::string&, const std::string&, const std::string&) override { return false; }
    bool poll() override { return false; }
    std::string portal_url() const override { return "http://portal.test/"; }
};

// Consultation 7, a yes/no vote that has ended, with `tally` as its results' tally.
std::optional<ConsultationDetail> page_with(const json& tally, const std::string& comments = "") {
    wire::ConsultationSummary s;
    s.id = 7, s.region = 320508, s.region_name = "竹辉社区", s.title = "是否加装电动车充电桩";
    s.stage = core::Stage::Evaluate, s.started = true, s.method = core::VotingMethod::YesNo;
    json b = wire::consultation_summary_json(s);
    b["options"] = {{{"id", 1}, {"label", "赞成"}, {"cost", 0}}, {{"id", 2}, {"label", "反对"}, {"cost", 0}}};
    b["results"] = {{"visible", true}, {"ballots", 5}, {"totals", {3, 2}}, {"tally", tally}};
    TableNet net;
    net.answers["/api/consultations/7"] = b.dump();
    net.answers["/api/consultations/7/comments"] =
        comments.empty() ? R"({"limit":20,"offset":0,"sort":"oldest","total":0,"items":[]})" : comments;
    net.answers["/api/consultations/7/proposals"] = R"({"limit":20,"offset":0,"total":0,"items":[]})";
    AppState st;
    st.journeys.open = 7;
    for (int k = 0; k < 3; ++k) tick_app(st, k, net);
    return st.journeys.detail;
}

}  // namespace

TEST_CASE("a yes/no result is read from the server's tally") {
    auto d = page_with({{"winner", 1}, {"valid", 5}, {"approved", true}, {"quorum_met", true}, {"quorum", 0.5}});
    REQUIRE(d);
    CHECK(d->results_visible);
    CHECK(d->has_yes_no);
    CHECK(d->approved);
    CHECK(d->quorum_met);
    CHECK(d->quorum == doctest::Approx(0.5));
    CHECK(d->winner == std::optional<uint32_t>(1));
    CHECK(d->totals == std::vector<uint64_t>{3, 2});
}

TEST_CASE("an odd tally is read as far as it goes, never thrown") {
    const json odd[] = {
        {{"approved", true}, {"quorum_met", "yes"}, {"quorum", "half"}},    // mistyped fields
        {{"winner", "甲"}, {"funded", 5}, {"valid", -1}},                  // more of them
        {{"ranking", {1, "x"}}, {"irv", {{"rounds", 3}}}, {"means", {{"a", 1}}}},
        json::object(),                                                    // no field at all
    };
    for (const json& t : odd) {
        CAPTURE(t.dump());
        auto d = page_with(t);
        REQUIRE(d);   // the page is shown
        CHECK(d->results_visible);
        CHECK_FALSE(d->quorum_met);
        CHECK_FALSE(d->winner);
        CHECK(d->funded.empty());
    }
}

TEST_CASE("an answer that is not a comment page is said, the page still shown") {
    auto d = page_with({{"winner", 1}}, R"({"limit":20,"offset":0,"sort":"oldest","total":1,"items":[{"id":5}]})");
    REQUIRE(d);
    CHECK(d->comments.empty());
    CHECK(d->comments_error == "bad_answer");
}
