// test_wire.cpp — the API's JSON codecs (shared/json/wire.hpp): what the server writes the app reads
// back unchanged, and a truncated or mistyped answer is Error::BadAnswer for that request, never an
// exception (the browser build has none: a throw would abort the app).
#include <doctest/doctest.h>

#include <functional>

#include "wire.hpp"
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
