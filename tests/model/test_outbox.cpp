// test_outbox.cpp — the client's model driven without a browser (issue 16): AppState, the real local
// store (SQLite in memory) and a fake Net that records every request and answers only when the test
// says. What a resident would notice: her comment is signed into the outbox, sent once, and kept with
// its log index; her vote goes after its ballot-key bind and then shows as cast; offline, the same envelope is sent again exactly once after the retry delay; a refusal
// is kept as the server's code, and each code has its own words in both languages.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "app.hpp"
#include "fake_net.hpp"
#include "yishi/envelope.hpp"

using namespace yishi;
using namespace yishi::client;

namespace {

// A resident of region 320508 on consultation 7's page (discussion stage), with `text` in the comment field.
void on_consultation_page(AppState& st, FakeNet& net, const std::string& text) {
    tick_app(st, 0, net);   // opens the account: a new identity on this device
    REQUIRE(st.journeys.me.seed);
    JourneyState& j = st.journeys;
    j.me.enrolled = true, j.me.region = 320508;
    ConsultationDetail d;
    d.s.id = 7, d.s.region = 320508, d.s.stage = core::Stage::Deliberate;
    j.open = 7;
    j.detail = d;
    j.comment_text = text;
}

void send_comment(AppState& st, FakeNet& net) {
    Commands cmds;
    cmds.j.send_comment = true;
    apply_commands(st, cmds, net);
}

}  // namespace

TEST_CASE("a comment is signed into the outbox, sent once, and kept as sent with its log index") {
    AppState st;
    FakeNet net;
    on_consultation_page(st, net, "支持按楼栋轮换，喆");
    send_comment(st, net);
    const auto& outbox = st.journeys.me.outbox;
    REQUIRE(outbox.size() == 1);
    CHECK(outbox[0].state == OutboxState::Pending);
    CHECK(outbox[0].action == "comment:7");
    auto signed_envelope = core::decode_signed_envelope(outbox[0].wire);
    REQUIRE(signed_envelope);
    CHECK(std::get<core::CommentPayload>(signed_envelope->envelope.payload).text == "支持按楼栋轮换，喆");
    CHECK(core::verify_envelope(signed_envelope.value()));

    tick_app(st, 1, net);
    REQUIRE(net.submissions().size() == 1);
    const size_t sent = net.submissions()[0];
    CHECK(net.requests[sent].body == outbox[0].wire);
    tick_app(st, 2, net);   // one at a time: nothing more while it is on its way
    CHECK(net.submissions().size() == 1);
    net.answer(sent, 201, R"({"log_index":12,"envelope_id":"x"})");
    REQUIRE(outbox.size() == 1);
    CHECK(outbox[0].state == OutboxState::Sent);
    CHECK(outbox[0].log_index == 12);
    CHECK(st.journeys.comment_text.empty());   // the field is cleared once the server has it, not before
    tick_app(st, 3, net);
    CHECK(net.submissions().size() == 1);
}

TEST_CASE("a vote: the ballot key bound first, then the ballot, each sent once; 你已投票 shows what was cast") {
    AppState st;
    FakeNet net;
    on_consultation_page(st, net, "");
    ConsultationDetail& d = *st.journeys.detail;
    d.s.stage = core::Stage::Vote, d.s.method = core::VotingMethod::Plurality;
    d.options = {{1, "摇号", 0}, {2, "按楼栋轮换", 0}};
    st.journeys.ballot = BallotDraft{7, 1, {false, false}, {}, {}};   // 按楼栋轮换
    Commands cmds;
    cmds.j.vote = true;
    apply_commands(st, cmds, net);
    const auto& outbox = st.journeys.me.outbox;
    REQUIRE(outbox.size() == 2);
    CHECK(outbox[0].kind == "ballot_key_bind");
    CHECK(outbox[1].kind == "vote");
    CHECK_FALSE(sent_vote(st.journeys.me, 7));   // nothing is shown as cast before the server has it

    tick_app(st, 1, net);
    REQUIRE(net.submissions().size() == 1);
    CHECK(net.requests[net.submissions()[0]].body == outbox[0].wire);   // the bind goes first
    net.answer(net.submissions()[0], 201, R"({"log_index":20})");
    tick_app(st, 2, net);
    REQUIRE(net.submissions().size() == 2);
    CHECK(net.requests[net.submissions()[1]].body == outbox[1].wire);
    net.answer(net.submissions()[1], 201, R"({"log_index":21})");
    CHECK(outbox[1].state == OutboxState::Sent);
    CHECK(outbox[1].log_index == 21);
    auto cast = sent_vote(st.journeys.me, 7);
    REQUIRE(cast);
    REQUIRE(cast->vote.entries.size() == 1);
    CHECK(cast->vote.entries[0].option_id == 2);
    // The ballot is signed by the consultation's ballot key, not by her identity (ballot secrecy, §9).
    auto ballot = core::decode_signed_envelope(outbox[1].wire);
    REQUIRE(ballot);
    CHECK(core::to_hex(ballot->envelope.author) != st.journeys.me.key_hex);
    CHECK(ballot->envelope.author == std::get<core::BallotKeyBindPayload>(
                                         core::decode_signed_envelope(outbox[0].wire)->envelope.payload).ballot_key);
}

TEST_CASE("offline: the same envelope is sent again exactly once, after the retry delay") {
    AppState st;
    FakeNet net;
    on_consultation_page(st, net, "晚上路灯太暗");
    send_comment(st, net);
    tick_app(st, 10, net);
    REQUIRE(net.submissions().size() == 1);
    net.answer(net.submissions()[0], 0, "");   // no answer: the phone is offline
    CHECK(st.journeys.me.outbox[0].state == OutboxState::Pending);
    CHECK(st.journeys.comment_text == "晚上路灯太暗");   // what she typed stays
    tick_app(st, 11, net);
    tick_app(st, 13, net);
    CHECK(net.submissions().size() == 1);   // not before the delay
    tick_app(st, 14.5, net);
    tick_app(st, 14.6, net);
    REQUIRE(net.submissions().size() == 2);   // then once
    CHECK(net.requests[net.submissions()[1]].body == net.requests[net.submissions()[0]].body);
    net.answer(net.submissions()[1], 201, R"({"log_index":3})");
    CHECK(st.journeys.me.outbox[0].state == OutboxState::Sent);
}

TEST_CASE("a refusal is kept as the server's code; each code has its own words, in both languages") {
    AppState st;
    FakeNet net;
    on_consultation_page(st, net, "同意");
    send_comment(st, net);
    tick_app(st, 1, net);
    net.answer(net.submissions()[0], 403,
               R"({"error":{"code":"wrong_stage","message":"this consultation is not in a stage that takes comments"}})");
    const OutboxItem& item = st.journeys.me.outbox[0];
    CHECK(item.state == OutboxState::Refused);
    CHECK(item.error_code == "wrong_stage");   // a code, translated when drawn: switching language leaves nothing stale
    CHECK(st.journeys.comment_text == "同意");   // kept to send again
    tick_app(st, 100, net);
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
