// test_outbox.cpp — the client's model driven without a browser (issue 16): the consultation
// journeys and the account they sign through (apply_journey_commands / tick_journeys, tick_account), the
// real local store (SQLite in memory) and a fake Net that records every request and answers only when
// the test says. What a resident would notice: her comment is signed into the outbox, sent once, and kept with
// its log index; her vote goes after its ballot-key bind and then shows as cast; offline, the same envelope is sent again exactly once after the retry delay; a refusal
// is kept as the server's code, and each code has its own words in both languages.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "model/journeys.hpp"
#include "model/recount.hpp"
#include "fake_net.hpp"
#include "yishi/envelope.hpp"

using namespace yishi;
using namespace yishi::client;

namespace {

// The journeys feature on its own: the resident's account, her page's state and a fake network.
struct Resident {
    Account me;
    JourneyState j;
    WitnessTrust trust;
    FakeNet net;
    // One frame's timers: the account sends, the journeys follow what it was answered.
    void tick(double now) {
        tick_account(me, now, net);
        tick_journeys(j, me, false, net);
    }
    void command(JourneyCommands c) { apply_journey_commands(j, c, me, trust, net); }
};

// A resident of region 320508 on consultation 7's page (discussion stage), with `text` in the comment field.
void on_consultation_page(Resident& r, const std::string& text) {
    r.tick(0);   // opens the account: a new identity on this device
    REQUIRE(r.me.seed);
    r.me.enrolled = true, r.me.region = 320508;
    ConsultationDetail d;
    d.s.id = 7, d.s.region = 320508, d.s.stage = core::Stage::Deliberate;
    r.j.open = 7;
    r.j.detail = d;
    r.j.comment_text = text;
}

}  // namespace

TEST_CASE("a comment is signed into the outbox, sent once, and kept as sent with its log index") {
    Resident r;
    FakeNet& net = r.net;
    on_consultation_page(r, "支持按楼栋轮换，喆");
    r.command({.send_comment = true});
    const auto& outbox = r.me.outbox;
    REQUIRE(outbox.size() == 1);
    CHECK(outbox[0].state == OutboxState::Pending);
    CHECK(outbox[0].action == "comment:7");
    auto signed_envelope = core::decode_signed_envelope(outbox[0].wire);
    REQUIRE(signed_envelope);
    CHECK(std::get<core::CommentPayload>(signed_envelope->envelope.payload).text == "支持按楼栋轮换，喆");
    CHECK(core::verify_envelope(signed_envelope.value()));

    r.tick(1);
    REQUIRE(net.submissions().size() == 1);
    const size_t sent = net.submissions()[0];
    CHECK(net.requests[sent].body == outbox[0].wire);
    r.tick(2);   // one at a time: nothing more while it is on its way
    CHECK(net.submissions().size() == 1);
    net.answer(sent, 201, R"({"log_index":12,"envelope_id":"x"})");
    REQUIRE(outbox.size() == 1);
    CHECK(outbox[0].state == OutboxState::Sent);
    CHECK(outbox[0].log_index == 12);
    CHECK(r.j.comment_text == "支持按楼栋轮换，喆");   // the field is cleared once the server has it, not before
    r.tick(3);
    CHECK(r.j.comment_text.empty());
    CHECK(net.submissions().size() == 1);
}

TEST_CASE("a vote: the ballot key bound first, then the ballot, each sent once; 你已投票 shows what was cast") {
    Resident r;
    FakeNet& net = r.net;
    on_consultation_page(r, "");
    ConsultationDetail& d = *r.j.detail;
    d.s.stage = core::Stage::Vote, d.s.method = core::VotingMethod::Plurality;
    d.options = {{1, "摇号", 0}, {2, "按楼栋轮换", 0}};
    r.j.ballot = BallotDraft{7, 1, {false, false}, {}, {}};   // 按楼栋轮换
    r.command({.vote = true});
    const auto& outbox = r.me.outbox;
    REQUIRE(outbox.size() == 2);
    CHECK(outbox[0].kind == "ballot_key_bind");
    CHECK(outbox[1].kind == "vote");
    CHECK_FALSE(sent_vote(r.me, 7));   // nothing is shown as cast before the server has it

    r.tick(1);
    REQUIRE(net.submissions().size() == 1);
    CHECK(net.requests[net.submissions()[0]].body == outbox[0].wire);   // the bind goes first
    net.answer(net.submissions()[0], 201, R"({"log_index":20})");
    r.tick(2);
    REQUIRE(net.submissions().size() == 2);
    CHECK(net.requests[net.submissions()[1]].body == outbox[1].wire);
    net.answer(net.submissions()[1], 201, R"({"log_index":21})");
    CHECK(outbox[1].state == OutboxState::Sent);
    CHECK(outbox[1].log_index == 21);
    auto cast = sent_vote(r.me, 7);
    REQUIRE(cast);
    REQUIRE(cast->vote.entries.size() == 1);
    CHECK(cast->vote.entries[0].option_id == 2);
    // The ballot is signed by the consultation's ballot key, not by her identity (ballot secrecy, §9).
    auto ballot = core::decode_signed_envelope(outbox[1].wire);
    REQUIRE(ballot);
    CHECK(core::to_hex(ballot->envelope.author) != r.me.key_hex);
    CHECK(ballot->envelope.author == std::get<core::BallotKeyBindPayload>(
                                         core::decode_signed_envelope(outbox[0].wire)->envelope.payload).ballot_key);
}

TEST_CASE("offline: the same envelope is sent again exactly once, after the retry delay") {
    Resident r;
    FakeNet& net = r.net;
    on_consultation_page(r, "晚上路灯太暗");
    r.command({.send_comment = true});
    r.tick(10);
    REQUIRE(net.submissions().size() == 1);
    net.answer(net.submissions()[0], 0, "");   // no answer: the phone is offline
    CHECK(r.me.outbox[0].state == OutboxState::Pending);
    CHECK(r.j.comment_text == "晚上路灯太暗");   // what she typed stays
    r.tick(11);
    r.tick(13);
    CHECK(net.submissions().size() == 1);   // not before the delay
    r.tick(14.5);
    r.tick(14.6);
    REQUIRE(net.submissions().size() == 2);   // then once
    CHECK(net.requests[net.submissions()[1]].body == net.requests[net.submissions()[0]].body);
    net.answer(net.submissions()[1], 201, R"({"log_index":3})");
    CHECK(r.me.outbox[0].state == OutboxState::Sent);
}

TEST_CASE("a refusal is kept as the server's code; each code has its own words, in both languages") {
    Resident r;
    FakeNet& net = r.net;
    on_consultation_page(r, "同意");
    r.command({.send_comment = true});
    r.tick(1);
    net.answer(net.submissions()[0], 403,
               R"({"error":{"code":"wrong_stage","message":"this consultation is not in a stage that takes comments"}})");
    const OutboxItem& item = r.me.outbox[0];
    CHECK(item.state == OutboxState::Refused);
    CHECK(item.error_code == "wrong_stage");   // a code, translated when drawn: switching language leaves nothing stale
    CHECK(r.j.comment_text == "同意");   // kept to send again
    r.tick(100);
    CHECK(net.submissions().size() == 1);      // a refusal is not retried

    const std::vector<std::string> codes = {"not_enrolled", "wrong_region", "wrong_stage", "bad_enrollment_code",
                                            "already_enrolled", "ballot_invalid", "thread_too_deep", "replayed_sequence",
                                            "envelope_string_too_long", "not_committee", "stage_over", "request_stale"};
    std::vector<core::Msg> seen;
    for (const std::string& code : codes) {
        const core::Msg m = refusal_message(code);
        CHECK_MESSAGE(m != core::Msg::ErrOther, code);
        CHECK_MESSAGE(std::find(seen.begin(), seen.end(), m) == seen.end(), code);
        CHECK(core::tr(m, core::Lang::ZhCN) != core::tr(m, core::Lang::En));
        seen.push_back(m);
    }
    CHECK(refusal_message("something_new") == core::Msg::ErrOther);
}
