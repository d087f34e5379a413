// test_wire.cpp — the API's JSON codecs (shared/json/wire.hpp): what the server writes the app reads
// back unchanged, and a truncated or mistyped answer is Error::BadAnswer for that request, never an
// exception (the browser build has none: a throw would abort the app).
#include <doctest/doctest.h>

#include <functional>

#include "tally_json.hpp"
#include "wire.hpp"
#include "yishi/consultation_tally.hpp"
#include "yishi/crypto.hpp"

using namespace yishi;
using wire::json;

namespace {

core::Org sample_org() {
    core::Org o;
    o.id = 42, o.name = "姑苏区助老志愿服务中心", o.credit_code = "52320508MJ5600001X";
    o.type = core::OrgType::SocialService, o.authority = "苏州市姑苏区民政局", o.level = "区级";
    o.district = "姑苏区", o.community = "双塔社区", o.categories = {"养老", "助残"};
    o.address = "十梓街 1 号", o.contact = "0512-0000", o.status = core::OrgStatus::Active;
    o.registered_on = "2019-05-01", o.volunteers = 35, o.description = "上门探访", o.updated_seq = 7;
    return o;
}

wire::ConsultationSummary sample_summary() {
    wire::ConsultationSummary c;
    c.id = 9, c.region = 320508001, c.region_name = "双塔社区", c.title = "加装电梯";
    c.stage = core::Stage::Vote, c.started = true, c.method = core::VotingMethod::Ranked;
    c.schedule = {{core::Stage::CollectNeeds, 1000}, {core::Stage::Vote, 2000}};
    c.opened_ms = 900, c.comments = 3, c.proposals = 1, c.ballots = 12;
    return c;
}

core::Hash hash_of_byte(uint8_t b) { core::Hash h{}; h.fill(b); return h; }

core::Receipt sample_receipt() {
    core::Receipt r;
    r.log_index = 5, r.leaf_hash = hash_of_byte(1), r.inclusion_proof = {hash_of_byte(2), hash_of_byte(3)};
    r.checkpoint = "example.org/log\n6\nabc=\n\n— example.org/log sig\n";
    return r;
}

// Every way of breaking one object's fields: each removed, each replaced by a value of each other JSON type.
void for_each_broken(const json& good, const std::function<void(const json&, const std::string&)>& check) {
    const json others[] = {nullptr, true, -1, 1.5, "x", json::array(), json::object()};
    for (auto it = good.begin(); it != good.end(); ++it) {
        json missing = good;
        missing.erase(it.key());
        check(missing, it.key() + " missing");
        for (const json& other : others) {
            if (other.type() == it->type() || (other.is_number() && it->is_number())) continue;
            json mistyped = good;
            mistyped[it.key()] = other;
            check(mistyped, it.key() + " as " + other.dump());
        }
    }
}

// for_each_broken at every depth: each field of each object removed, and each field and each array
// element replaced by a value of each other JSON type. `what` is the JSON pointer ("/results/tally/winner").
void for_each_broken_deep(const json& good, const std::function<void(const json&, const std::string&)>& check) {
    const json others[] = {nullptr, true, -1, 1.5, "x", json::array(), json::object()};
    std::vector<json::json_pointer> paths;
    std::function<void(const json&, const json::json_pointer&)> walk = [&](const json& j, const json::json_pointer& at) {
        if (j.is_object())
            for (auto it = j.begin(); it != j.end(); ++it) paths.push_back(at / it.key()), walk(*it, at / it.key());
        if (j.is_array())
            for (size_t i = 0; i < j.size(); ++i) paths.push_back(at / i), walk(j[i], at / i);
    };
    walk(good, json::json_pointer());
    for (const auto& p : paths) {
        const json& v = good.at(p);
        if (good.at(p.parent_pointer()).is_object()) {
            json missing = good;
            missing.at(p.parent_pointer()).erase(p.back());
            check(missing, p.to_string() + " missing");
        }
        for (const json& other : others) {
            if (other.type() == v.type() || (other.is_number() && v.is_number())) continue;
            json mistyped = good;
            mistyped.at(p) = other;
            check(mistyped, p.to_string() + " as " + other.dump());
        }
    }
}

// Every prefix of `body` but the whole: never a value.
template <class Decode> void check_truncations(const std::string& body, Decode decode) {
    for (size_t n = 0; n < body.size(); ++n) {
        CAPTURE(n);
        auto cut = decode(std::string_view(body).substr(0, n));
        REQUIRE_FALSE(cut.ok());
        CHECK(cut.error() == core::Error::BadAnswer);
    }
}

core::ConsultationOpenPayload open_with(core::VotingMethod m, uint64_t param, std::vector<core::ConsultationOption> options) {
    core::ConsultationOpenPayload o;
    o.title = "楼道照明改造";
    o.description = "三种方案，请选择";
    o.method = m, o.method_param = param, o.options = std::move(options);
    o.schedule = {{core::Stage::Vote, 1000}, {core::Stage::Evaluate, 2000}};
    return o;
}

// A consultation of `method` whose vote has ended, with its results counted by the server's own
// tally_consultation and tally_json from three ballots.
wire::ConsultationDetail sample_detail(core::VotingMethod method, uint64_t param) {
    using core::VotingMethod;
    using V = core::VotePayload;
    core::ConsultationOpenPayload open;
    std::vector<V> votes;
    switch (method) {
        case VotingMethod::Plurality:
            open = open_with(method, 0, {{2, "东侧", 0}, {5, "西侧", 0}, {9, "暂不", 0}});
            votes = {{method, {{5, 1}}}, {method, {{9, 1}}}, {method, {{5, 1}}}};
            break;
        case VotingMethod::Approval:
            open = open_with(method, 2, {{2, "东侧", 0}, {5, "西侧", 0}, {9, "暂不", 0}});
            votes = {{method, {{5, 1}, {9, 1}}}, {method, {{2, 1}}}, {method, {{5, 1}}}};
            break;
        case VotingMethod::Ranked:
            open = open_with(method, param, {{1, "甲", 0}, {2, "乙", 0}, {3, "丙", 0}});
            votes = {{method, {{1, 3}, {2, 1}, {3, 2}}}, {method, {{1, 1}, {2, 2}, {3, 3}}}, {method, {{1, 2}, {2, 1}, {3, 3}}}};
            break;
        case VotingMethod::Score:
            open = open_with(method, 5, {{1, "甲", 0}, {2, "乙", 0}});
            votes = {{method, {{1, 4}, {2, 2}}}, {method, {{1, 5}, {2, 3}}}, {method, {{1, 1}, {2, 2}}}};
            break;
        case VotingMethod::Budget:
            open = open_with(method, 100, {{1, "健身角", 60}, {2, "充电桩", 50}, {3, "长椅", 30}});
            votes = {{method, {{1, 1}, {3, 1}}}, {method, {{2, 1}}}, {method, {{1, 1}}}};
            break;
        case VotingMethod::YesNo:
            open = open_with(method, 0, {{1, "赞成", 0}, {2, "反对", 0}});
            votes = {{method, {{1, 1}}}, {method, {{2, 1}}}, {method, {{1, 1}}}};
            break;
    }
    auto t = core::tally_consultation(open, votes, 12);
    REQUIRE(t.ok());
    wire::ConsultationDetail d;
    d.head = sample_summary();
    d.head.method = method, d.head.stage = core::Stage::Evaluate;
    d.description = open.description, d.method_param = open.method_param;
    d.committee = std::string(64, 'e'), d.open_envelope = std::string(64, 'f');
    d.options = open.options;
    d.organizations = {{42, "姑苏区助老志愿服务中心", true}, {77, "", false}};
    d.enrolled = 12, d.rated_count = 2, d.rated_mean = 4.5;
    d.close_summary = "已按得票最多的方案实施，感谢参与";
    d.results.visible = true, d.results.ballots = votes.size(), d.results.enrolled = 12, d.results.totals = t->totals;
    d.results.tally = core::tally_json(t.value());
    d.results.tally_hash = std::string(64, '0');
    return d;
}

wire::FeedbackItem sample_feedback() {
    wire::FeedbackItem f;
    f.id = std::string(64, 'a'), f.category = core::FeedbackCategory::Facilities, f.text = "三号楼路灯坏了";
    f.region = 320508001, f.status = core::FeedbackStatus::Resolved, f.created_ms = 1764288000000;
    f.updated_ms = 1764388000000, f.rating = wire::FeedbackRating{4, "修得快", 1764398000000};
    f.history = {{core::FeedbackStatus::Received, "", 1764288000000},
                 {core::FeedbackStatus::Accepted, "已派人查看", 1764298000000},
                 {core::FeedbackStatus::Resolved, "已更换灯泡", 1764388000000}};
    return f;
}

}  // namespace

TEST_CASE("an organisation the server writes is read back field for field") {
    const core::Org o = sample_org();
    auto back = wire::decode_org(wire::parse_json(wire::org_json(o).dump()));
    REQUIRE(back.ok());
    CHECK(back->id == o.id);
    CHECK(back->name == o.name);
    CHECK(back->type == o.type);
    CHECK(back->status == o.status);
    CHECK(back->categories == o.categories);
    CHECK(back->volunteers == o.volunteers);
    CHECK(back->updated_seq == o.updated_seq);
    CHECK(back->description == o.description);
}

TEST_CASE("an organisation with a missing or mistyped field is a bad answer, not an exception") {
    const json good = wire::org_json(sample_org());
    for_each_broken(good, [](const json& j, const std::string& what) {
        if (what.rfind("type_label", 0) == 0 || what.rfind("status_label", 0) == 0) return;  // display only, unread
        CAPTURE(what);
        auto o = wire::decode_org(j);
        REQUIRE_FALSE(o.ok());
        CHECK(o.error() == core::Error::BadAnswer);
    });
    json bad_category = good;
    bad_category["categories"] = json::array({"养老", 3});
    CHECK_FALSE(wire::decode_org(bad_category).ok());
    json unknown_type = good;
    unknown_type["type"] = "club";
    CHECK_FALSE(wire::decode_org(unknown_type).ok());
}

TEST_CASE("a consultation list the server writes is read back, and each broken item spoils the answer") {
    const wire::ConsultationSummary c = sample_summary();
    const json item = wire::consultation_summary_json(c);
    const std::string body = json{{"items", {item, item}}, {"total", 2}}.dump();
    auto list = wire::decode_consultation_list(body);
    REQUIRE(list.ok());
    REQUIRE(list->size() == 2);
    const auto& back = list->front();
    CHECK(back.id == c.id);
    CHECK(back.region == c.region);
    CHECK(back.title == c.title);
    CHECK(back.stage == c.stage);
    CHECK(back.started == c.started);
    CHECK(back.method == c.method);
    REQUIRE(back.schedule.size() == 2);
    CHECK(back.schedule[1].stage == core::Stage::Vote);
    CHECK(back.schedule[1].starts_ms == 2000);
    CHECK(back.ballots == 12);

    SUBCASE("every truncation of the body") {
        for (size_t n = 0; n < body.size(); ++n) {
            CAPTURE(n);
            auto cut = wire::decode_consultation_list(std::string_view(body).substr(0, n));
            REQUIRE_FALSE(cut.ok());
            CHECK(cut.error() == core::Error::BadAnswer);
        }
    }
    SUBCASE("every field of an item missing or of another type") {
        for_each_broken(item, [](const json& broken, const std::string& what) {
            CAPTURE(what);
            auto r = wire::decode_consultation_list(json{{"items", {broken}}}.dump());
            CHECK_FALSE(r.ok());
        });
    }
    SUBCASE("not a list") {
        for (const char* b : {"", "null", "[]", "{}", "{\"items\":{}}", "{\"items\":[1]}", "{\"error\":{\"code\":\"x\"}}",
                              "{\"items\":[{\"schedule\":[{\"stage\":\"vote\",\"starts_ms\":\"1\"}]}]}"})
            CHECK_FALSE(wire::decode_consultation_list(b).ok());
    }
    SUBCASE("an unknown stage, method or a region beyond 32 bits") {
        for (const auto& change : {std::pair<const char*, json>{"stage", "later"}, {"method", "lottery"},
                                   {"region", uint64_t{1} << 40}, {"id", -1}}) {
            const char* key = change.first;  // (a named variable: clang 14 cannot capture a structured binding)
            json broken = item;
            broken[key] = change.second;
            CAPTURE(key);
            CHECK_FALSE(wire::decode_consultation_summary(broken).ok());
        }
    }
}

TEST_CASE("a comment page the server writes is read back, and any cut or broken comment is a bad answer") {
    wire::Comment c;
    c.id = std::string(64, 'a'), c.parent = std::string(64, 'b'), c.depth = 1, c.stance = core::Stance::Against;
    c.text = "楼道里的𠀀要清理", c.author_name = "王阿姨", c.created_ms = 1764288000000;
    c.agree = 3, c.disagree = 1, c.pass = 2, c.replies = 0, c.author_committee = "菊苑社区居委会";
    c.mine = "agree", c.reported = false;
    wire::Comment hidden;
    hidden.id = std::string(64, 'c'), hidden.hidden = true, hidden.hidden_reason = "人身攻击";
    const wire::CommentPage page{20, 0, 7, "most_agreed", {c, hidden}};
    const std::string body = wire::comment_page_json(page).dump();
    auto back = wire::decode_comment_page(body);
    REQUIRE(back.ok());
    CHECK(back->total == 7);
    CHECK(back->sort == "most_agreed");
    REQUIRE(back->items.size() == 2);
    const wire::Comment& a = back->items[0];
    CHECK(a.text == c.text);
    CHECK(a.stance == core::Stance::Against);
    CHECK(a.agree == 3);
    CHECK(a.author_committee == c.author_committee);
    CHECK(a.mine == std::optional<std::string>("agree"));
    CHECK(a.reported == std::optional<bool>(false));
    const wire::Comment& b = back->items[1];
    CHECK(b.hidden);
    CHECK(b.hidden_reason == "人身攻击");
    CHECK(b.author_committee == "");                  // null on the wire
    CHECK_FALSE(b.mine.has_value());                 // not a signed view: absent
    CHECK(wire::comment_page_json(back.value()).dump() == body);

    SUBCASE("every truncation of the body") {
        for (size_t n = 0; n < body.size(); ++n) {
            CAPTURE(n);
            auto cut = wire::decode_comment_page(std::string_view(body).substr(0, n));
            REQUIRE_FALSE(cut.ok());
            CHECK(cut.error() == core::Error::BadAnswer);
        }
    }
    SUBCASE("every field of a comment missing or of another type") {
        for_each_broken(wire::comment_json(c), [](const json& broken, const std::string& what) {
            CAPTURE(what);
            // Optional: the committee (null when none), and the viewer's fields, absent for an unsigned read.
            const bool fine = what == "author_committee missing" || what == "author_committee as null" ||
                              what == "mine missing" || what == "mine as null" || what == "reported missing" ||
                              what == "reported as null";
            auto r = wire::decode_comment_page(json{{"limit", 1}, {"offset", 0}, {"total", 1}, {"sort", "oldest"},
                                                    {"items", {broken}}}.dump());
            CHECK(r.ok() == fine);
        });
    }
    SUBCASE("an unknown stance") {
        json broken = wire::comment_json(c);
        broken["stance"] = "maybe";
        CHECK_FALSE(wire::decode_comment(broken).ok());
    }
}

TEST_CASE("a proposal page the server writes is read back, and any cut or broken proposal is a bad answer") {
    wire::Proposal p;
    p.id = std::string(64, 'd'), p.title = "加装晾衣架", p.text = "在三号楼楼顶", p.author_name = "李堃";
    p.created_ms = 1764288000000, p.support = 4, p.mine = "agree", p.author_committee = "菊苑社区居委会";
    const wire::ProposalPage page{20, 0, 1, {p}};
    const std::string body = wire::proposal_page_json(page).dump();
    auto back = wire::decode_proposal_page(body);
    REQUIRE(back.ok());
    REQUIRE(back->items.size() == 1);
    CHECK(back->items[0].title == p.title);
    CHECK(back->items[0].support == 4);
    CHECK(back->items[0].author_committee == "菊苑社区居委会");
    CHECK(back->items[0].mine == std::optional<std::string>("agree"));
    CHECK(wire::proposal_page_json(back.value()).dump() == body);
    for (size_t n = 0; n < body.size(); ++n) CHECK_FALSE(wire::decode_proposal_page(std::string_view(body).substr(0, n)).ok());
    for_each_broken(wire::proposal_json(p), [](const json& broken, const std::string& what) {
        CAPTURE(what);
        const bool fine = what == "author_committee missing" || what == "author_committee as null" ||
                          what == "mine missing" || what == "mine as null";
        auto r = wire::decode_proposal_page(json{{"limit", 1}, {"offset", 0}, {"total", 1}, {"items", {broken}}}.dump());
        CHECK(r.ok() == fine);
    });
}

TEST_CASE("a receipt the server writes is read back, and any cut or mistyped receipt is a bad answer") {
    const core::Receipt r = sample_receipt();
    const std::string body = wire::receipt_body(r, hash_of_byte(9), true);
    CHECK(wire::parse_json(body).dump() == body);  // the same bytes json::dump() would write
    auto back = wire::decode_receipt(body);
    REQUIRE(back.ok());
    CHECK(back->log_index == r.log_index);
    CHECK(back->leaf_hash == r.leaf_hash);
    CHECK(back->inclusion_proof == r.inclusion_proof);
    CHECK(back->checkpoint == r.checkpoint);

    for (size_t n = 0; n < body.size(); ++n) {
        CAPTURE(n);
        CHECK_FALSE(wire::decode_receipt(std::string_view(body).substr(0, n)).ok());
    }
    const json good = wire::parse_json(body);
    for_each_broken(good, [](const json& j, const std::string& what) {
        if (what.rfind("duplicate", 0) == 0 || what.rfind("envelope_id", 0) == 0) return;  // not read by the app
        CAPTURE(what);
        CHECK_FALSE(wire::decode_receipt(j.dump()).ok());
    });
    json short_hash = good;
    short_hash["inclusion_proof"][0] = std::string(62, 'a');
    CHECK_FALSE(wire::decode_receipt(short_hash.dump()).ok());
}

TEST_CASE("a consultation's detail the server writes is read back byte for byte, for every method's results") {
    using core::VotingMethod;
    const std::pair<VotingMethod, uint64_t> methods[] = {{VotingMethod::Plurality, 0}, {VotingMethod::Approval, 2},
                                                         {VotingMethod::Ranked, 1},    {VotingMethod::Ranked, 2},
                                                         {VotingMethod::Score, 5},     {VotingMethod::Budget, 100},
                                                         {VotingMethod::YesNo, 0}};
    for (const auto& m : methods) {
        const VotingMethod method = m.first;   // (not a structured binding: CAPTURE's lambda cannot take one in C++20)
        const uint64_t param = m.second;
        CAPTURE(core::method_name(method));
        CAPTURE(param);
        const wire::ConsultationDetail d = sample_detail(method, param);
        const std::string body = wire::consultation_detail_json(d).dump();
        auto back = wire::decode_consultation_detail(body);
        REQUIRE(back.ok());
        CHECK(wire::consultation_detail_json(back.value()).dump() == body);
        CHECK(back->head.title == d.head.title);
        CHECK(back->description == d.description);
        REQUIRE(back->options.size() == d.options.size());
        CHECK(back->options.back().label == d.options.back().label);
        CHECK(back->options.back().cost == d.options.back().cost);
        REQUIRE(back->organizations.size() == 2);
        CHECK_FALSE(back->organizations[1].in_directory);
        CHECK(back->rated_mean == std::optional<double>(4.5));
        CHECK(back->close_summary == std::optional<std::string>("已按得票最多的方案实施，感谢参与"));
        const wire::TallyCount& c = back->results.count;
        CHECK(back->results.totals == d.results.totals);
        CHECK(c.method == method);
        CHECK(c.valid == 3);
        CHECK(c.winner.has_value());
        CHECK(c.ranking.size() == d.options.size());
        switch (method) {
            case VotingMethod::Plurality: CHECK(*c.winner == 5); break;
            case VotingMethod::Ranked:
                CHECK(c.irv_rounds.size() >= 1);
                CHECK(c.pairwise.size() == 3);
                CHECK(c.majority_round.has_value());
                break;
            case VotingMethod::Score: CHECK(c.means == std::vector<double>{10.0 / 3, 7.0 / 3}); break;
            case VotingMethod::Budget:
                CHECK(c.funded == std::vector<uint32_t>{1, 3});
                CHECK(c.spent == 90);
                CHECK(c.budget == 100);
                break;
            case VotingMethod::YesNo:
                REQUIRE(c.yes_no);
                CHECK(c.yes_no->approved);
                break;
            case VotingMethod::Approval: CHECK(*c.winner == 5); break;
        }
        check_truncations(body, wire::decode_consultation_detail);
        // Every field at any depth: the nullable ones (winner, eliminated, enrolled, turnout, the
        // majority round, the ratings' mean, the closing summary) may be null; nothing may be missing or
        // of another type.
        for_each_broken_deep(json::parse(body), [](const json& broken, const std::string& what) {
            CAPTURE(what);
            const std::string pointer = what.substr(0, what.find(' '));
            const std::string field = pointer.substr(pointer.rfind('/') + 1);
            const bool as_null = what == pointer + " as null";
            const bool nullable = as_null && (field == "winner" || field == "eliminated" || field == "majority_round" ||
                                              field == "turnout" || field == "mean" || field == "close_summary" ||
                                              pointer == "/results/tally/enrolled");
            auto r = wire::decode_consultation_detail(broken.dump());
            CHECK(r.ok() == nullable);
            if (!r.ok()) CHECK(r.error() == core::Error::BadAnswer);
        });
    }
}

TEST_CASE("results not yet public are read as hidden, with their reason, and nothing else") {
    wire::Results hidden;
    hidden.reason = "hidden_until_vote_closes";
    const std::string body = wire::results_json(hidden).dump();
    CHECK(body == R"({"reason":"hidden_until_vote_closes","visible":false})");
    auto back = wire::decode_results(json::parse(body));
    REQUIRE(back.ok());
    CHECK_FALSE(back->visible);
    CHECK(back->reason == hidden.reason);
    CHECK(wire::results_json(back.value()).dump() == body);
    for_each_broken_deep(json::parse(body), [](const json& broken, const std::string& what) {
        CAPTURE(what);
        CHECK_FALSE(wire::decode_results(broken).ok());
    });
    SUBCASE("a tally of an unknown method, or an option id beyond 32 bits, is a bad answer") {
        json t = wire::results_json(sample_detail(core::VotingMethod::Plurality, 0).results);
        json unknown = t;
        unknown["tally"]["method"] = "lottery";
        CHECK_FALSE(wire::decode_results(unknown).ok());
        t["tally"]["winner"] = uint64_t(1) << 32;
        CHECK_FALSE(wire::decode_results(t).ok());
    }
}

TEST_CASE("a feedback page the server writes is read back byte for byte, and any cut or broken item is a bad answer") {
    wire::FeedbackItem unrated = sample_feedback();
    unrated.id = std::string(64, 'b'), unrated.rating.reset(), unrated.hidden = true, unrated.text.clear();
    unrated.hidden_reason = "含个人信息", unrated.status = core::FeedbackStatus::Received;
    unrated.history.resize(1);
    for (const std::optional<std::string>& author : {std::optional<std::string>(), std::optional<std::string>(std::string(64, 'c'))}) {
        CAPTURE(author.value_or("(queue)"));
        wire::FeedbackPage page;
        page.author = author, page.total = 2, page.limit = 200, page.items = {sample_feedback(), unrated};
        const std::string body = wire::feedback_page_json(page).dump();
        auto back = wire::decode_feedback_page(body);
        REQUIRE(back.ok());
        CHECK(wire::feedback_page_json(back.value()).dump() == body);
        CHECK(back->author == author);
        REQUIRE(back->items.size() == 2);
        const wire::FeedbackItem& a = back->items[0];
        CHECK(a.category == core::FeedbackCategory::Facilities);
        CHECK(a.status == core::FeedbackStatus::Resolved);
        REQUIRE(a.rating);
        CHECK(a.rating->score == 4);
        CHECK(a.rating->remark == "修得快");
        REQUIRE(a.history.size() == 3);
        CHECK(a.history[1].text == "已派人查看");
        CHECK(a.history[1].status == core::FeedbackStatus::Accepted);
        CHECK_FALSE(back->items[1].rating);
        CHECK(back->items[1].hidden_reason == "含个人信息");
        check_truncations(body, wire::decode_feedback_page);
        for_each_broken_deep(json::parse(body), [](const json& broken, const std::string& what) {
            CAPTURE(what);
            // Nullable: the rating (null until rated). Optional: the author, on the queue's answer absent.
            const bool fine = what == "/items/0/rating as null" || what == "/author missing" || what == "/author as null";
            auto r = wire::decode_feedback_page(broken.dump());
            CHECK(r.ok() == fine);
        });
    }
    SUBCASE("one item (GET /api/feedback/{id}), and unknown codes") {
        const json one = wire::feedback_item_json(sample_feedback());
        auto back = wire::decode_feedback_item(one);
        REQUIRE(back.ok());
        CHECK(wire::feedback_item_json(back.value()) == one);
        for (const char* key : {"category", "status"}) {
            json broken = one;
            broken[key] = "unknown";
            CHECK_FALSE(wire::decode_feedback_item(broken).ok());
        }
        json step = one;
        step["history"][1]["status"] = "unknown";
        CHECK_FALSE(wire::decode_feedback_item(step).ok());
        json region = one;
        region["region"] = uint64_t(1) << 32;
        CHECK_FALSE(wire::decode_feedback_item(region).ok());
    }
}

TEST_CASE("an error body gives its code; without one the code says what happened") {
    const std::string body = wire::error_json("wrong_stage", "voting has not started").dump();
    CHECK(wire::error_code_of(409, body) == "wrong_stage");
    CHECK(wire::error_message_of(body) == "voting has not started");
    CHECK(wire::error_code_of(0, "") == "offline");
    CHECK(wire::error_code_of(502, "<html>Bad Gateway</html>") == "http_502");
    CHECK(wire::error_code_of(500, "{\"error\":{\"code\":7}}") == "http_500");
    CHECK(wire::error_code_of(500, "{\"error\":\"boom\"}") == "http_500");
    CHECK(wire::error_code_of(500, "[1,2]") == "http_500");
    CHECK(wire::error_message_of("{\"error\":{\"message\":[]}}").empty());
}

TEST_CASE("the lenient readers read a mistyped or absent field as empty") {
    const json j = wire::parse_json(R"({"s":"a","n":5,"b":true,"big":18446744073709551615,"f":1.5})");
    CHECK(wire::json_str(j, "s") == "a");
    CHECK(wire::json_str(j, "n").empty());
    CHECK(wire::json_int(j, "n") == 5);
    CHECK(wire::json_int(j, "s") == 0);
    CHECK(wire::json_int(j, "f") == 0);
    CHECK(wire::json_bool(j, "b"));
    CHECK_FALSE(wire::json_bool(j, "n"));
    CHECK(wire::json_int(wire::parse_json("[1]"), "n") == 0);
    CHECK(wire::json_field(wire::parse_json("not json"), "x").is_null());
}

TEST_CASE("hex of exactly N bytes becomes an array, anything else is BadHex") {
    auto k = core::from_hex_array<4>("0a0B0c0d");
    REQUIRE(k.ok());
    CHECK((*k)[1] == 0x0b);
    CHECK(core::from_hex_array<4>("0a0b0c").error() == core::Error::BadHex);
    CHECK(core::from_hex_array<4>("0a0b0c0d0e").error() == core::Error::BadHex);
    CHECK(core::from_hex_array<4>("0a0b0c0g").error() == core::Error::BadHex);
}
