// test_moderation.cpp — the moderator's workspace driven without a browser: the moderation feature
// alone (apply_moderation_commands / tick_moderation) with its account and a fake Net. What a moderator
// notices: her role's queue is read once the server names the role; hiding without a reason is refused
// before anything is signed, with a message the view words in the language shown; with a reason, one
// `moderate` envelope is signed for exactly that comment; once the server accepts it, the reason typed
// is cleared and the queue is read again. An export's refusal is kept as the server's code.
#include <doctest/doctest.h>

#include <string>

#include "fake_net.hpp"
#include "model/moderation.hpp"
#include "views/views.hpp"   // note_text: the view words the model's notes

using namespace yishi;
using namespace yishi::client;

namespace {

const std::string kComment(64, 'a');   // the reported comment's id (hex)

struct Moderator {
    Account me;
    ModerationState m;
    FakeNet net;
    void tick(double now) {
        tick_account(me, now, net);
        tick_moderation(m, me, Screen::Moderation, net);
    }
    void command(ModerationCommands c) { apply_moderation_commands(m, c, me, net); }
    size_t last(const std::string& prefix) {   // the newest request whose path starts so
        for (size_t i = net.requests.size(); i-- > 0;)
            if (net.requests[i].path.rfind(prefix, 0) == 0) return i;
        FAIL("no request ", prefix);
        return 0;
    }
};

// A moderator of region 320508 in the workspace, its queue holding one reported comment.
void workspace_open(Moderator& k) {
    k.tick(0);
    REQUIRE(k.me.seed);
    k.command({.open = true});
    k.tick(0);
    k.net.answer(k.last("/api/residents/" + k.me.key_hex), 200,
                 R"({"enrolled": false, "roles": [{"role": "moderator", "region": 320508, "region_name": "竹辉社区"}]})");
    k.tick(1);   // the account's roles reach the workspace, which reads its queue
    REQUIRE(is_moderator(k.m));
    k.net.answer(k.last("/api/moderation/queue?region=320508"), 200,
                 R"({"items": [{"id": ")" + kComment + R"(", "text": "广告：低价装修", "consultation": 7,
                     "reports": 3, "hidden": false}], "total": 1})");
    REQUIRE(k.m.queue.size() == 1);
    CHECK(k.m.queue[0].reports == 3);
}

}  // namespace

TEST_CASE("hiding needs a reason; with one, one envelope for that comment; accepted, the queue is read again") {
    Moderator k;
    workspace_open(k);

    k.command({.hide = kComment});   // no reason typed
    REQUIRE(k.m.form_error);
    CHECK(k.m.form_error_for == kComment);
    CHECK(note_text(*k.m.form_error, core::Lang::ZhCN) == core::tr(core::Msg::ModReasonRequired, core::Lang::ZhCN));
    CHECK(note_text(*k.m.form_error, core::Lang::En) == core::tr(core::Msg::ModReasonRequired, core::Lang::En));
    CHECK(k.me.outbox.empty());

    k.command({.quick_reason = std::pair{kComment, std::string("广告")}});
    k.command({.hide = kComment});
    CHECK_FALSE(k.m.form_error);
    REQUIRE(k.me.outbox.size() == 1);
    CHECK(k.me.outbox[0].action == "moderate:" + kComment);
    auto e = core::decode_signed_envelope(k.me.outbox[0].wire);
    REQUIRE(e);
    const auto& p = std::get<core::ModeratePayload>(e->envelope.payload);
    CHECK(core::to_hex(p.target_id) == kComment);
    CHECK(p.action == core::ModerationAction::Hide);
    CHECK(p.reason == "广告");
    CHECK(e->envelope.scope.region_id == 320508);
    CHECK(e->envelope.scope.consultation_id == 7);

    const size_t queue_reads = k.net.requests.size();
    k.tick(2);   // sent
    REQUIRE(k.net.submissions().size() == 1);
    k.net.answer(k.net.submissions()[0], 201, R"({"log_index": 40})");
    k.tick(3);   // the outcome: the reason goes, the queue is read again
    CHECK(k.m.reasons.count(kComment) == 0);
    bool reread = false;
    for (size_t i = queue_reads; i < k.net.requests.size(); ++i)
        reread |= k.net.requests[i].path.rfind("/api/moderation/queue?region=320508", 0) == 0;
    CHECK(reread);
}

TEST_CASE("an export's refusal is kept as the server's code, and a saved file by its name") {
    Moderator k;
    workspace_open(k);
    k.command({.export_file = std::pair{uint64_t{7}, true}});
    CHECK(k.m.exporting);
    k.net.answer(k.last("/api/consultations/7/export.csv"), 403,
                 R"({"error": {"code": "results_hidden", "message": "results are hidden until the vote ends"}})");
    CHECK_FALSE(k.m.exporting);
    CHECK(k.m.export_error == "results_hidden");
    CHECK(k.m.export_saved.empty());
    k.command({.export_file = std::pair{uint64_t{7}, false}});
    k.net.answer(k.last("/api/consultations/7/export.json"), 200, "{}");
    CHECK(k.m.export_error.empty());
    CHECK(k.m.export_saved == "yishi-consultation-7.json");
}
