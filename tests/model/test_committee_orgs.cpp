// test_committee_orgs.cpp — the wizard's organisations picked by name from the directory (issue 17,
// "organisations linked by picking from the directory, not by typing ids"): what the clerk types is
// searched, an answer to an older search is dropped, a hit tapped is picked once, 移除 unpicks it, and an
// odd or refused answer is said as its code instead of the hits.
#include <doctest/doctest.h>

#include <string>

#include "fake_net.hpp"
#include "model/committee.hpp"
#include "model/directory_cache.hpp"
#include "views/views.hpp"   // note_text: the view words the model's notes
#include "wire.hpp"

using namespace yishi;
using namespace yishi::client;

namespace {

core::Org org(int64_t id, std::string name) {
    core::Org o;
    o.id = id, o.name = std::move(name), o.district = "吴中区", o.registered_on = "2012-05-01";
    return o;
}

std::string page_of(std::initializer_list<core::Org> orgs) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& o : orgs) items.push_back(wire::org_json(o));
    return nlohmann::json{{"items", items}, {"total", items.size()}}.dump();
}

// The committee feature on its own (apply_committee_commands / tick_committee): the clerk's account,
// the directory's local copy (empty here: searches go to the server) and a fake network.
struct Clerk {
    Account me;
    CommitteeState c;
    DirectoryCache directory;
    FakeNet net;
};

// The clerk of region 320508 with the wizard open.
void wizard_open(Clerk& k) {
    tick_account(k.me, 0, k.net);   // a new identity on this device
    REQUIRE(k.me.seed);
    k.me.committee_roles = {{320508, "竹辉社区", "居委会"}};
    apply_committee_commands(k.c, {.open_workspace = true, .open_wizard = true}, k.me, k.net);
    REQUIRE(k.c.wizard);
}

// The index of the newest search request, after a tick.
size_t search(Clerk& k, const std::string& query) {
    k.c.form.org_query = query;
    tick_committee(k.c, k.me, k.directory, true, k.net);
    for (size_t i = k.net.requests.size(); i-- > 0;)
        if (k.net.requests[i].path.rfind("/api/orgs?", 0) == 0) return i;
    FAIL("no search was sent");
    return 0;
}

void command(Clerk& k, CommitteeCommands c) { apply_committee_commands(k.c, c, k.me, k.net); }

}  // namespace

TEST_CASE("the clerk finds an organisation by name, picks it once, and can unpick it") {
    Clerk k;
    FakeNet& net = k.net;
    wizard_open(k);
    OpenForm& f = k.c.form;

    // Typing 养 then 养老: the answer to 养 comes last and is dropped.
    const size_t first = search(k, "养");
    const size_t second = search(k, "养老");
    CHECK(net.requests[second].path == "/api/orgs?limit=6&offset=0&q=%E5%85%BB%E8%80%81");
    CHECK(f.org_loading);
    net.answer(second, 200, page_of({org(5, "清里社区助老服务队"), org(9, "枫洲社区养老服务中心")}));
    net.answer(first, 200, page_of({org(1, "养蜂协会")}));
    REQUIRE(f.org_hits.size() == 2);
    CHECK(f.org_hits[1].name == "枫洲社区养老服务中心");
    CHECK_FALSE(f.org_loading);

    // A tap picks it; the same hit again adds nothing.
    command(k, {.pick_org = 1});
    command(k, {.pick_org = 1});
    REQUIRE(f.organizations.size() == 1);
    CHECK(f.organizations[0].id == 9);
    command(k, {.pick_org = 0});
    CHECK(f.organizations.size() == 2);
    command(k, {.unpick_org = 0});   // 移除 on the first picked
    REQUIRE(f.organizations.size() == 1);
    CHECK(f.organizations[0].name == "清里社区助老服务队");

    // An empty field searches nothing and shows no hits.
    const size_t before = net.requests.size();
    f.org_query = "";
    tick_committee(k.c, k.me, k.directory, true, net);
    CHECK(net.requests.size() == before);
    CHECK(f.org_hits.empty());
}

TEST_CASE("an answer that is not a page of organisations, or a refusal, is said as its code") {
    Clerk k;
    FakeNet& net = k.net;
    wizard_open(k);
    OpenForm& f = k.c.form;
    net.answer(search(k, "助老"), 200, R"({"items": [{"id": "5", "name": "清里社区助老服务队"}]})");
    CHECK(f.org_error == "bad_answer");
    CHECK(f.org_hits.empty());
    net.answer(search(k, "助老服务"), 429, R"({"error": {"code": "rate_limited", "message": "slow down"}})");
    CHECK(f.org_error == "rate_limited");
    net.answer(search(k, "助老服务队"), 200, page_of({org(5, "清里社区助老服务队")}));
    CHECK(f.org_error.empty());
    CHECK(f.org_hits.size() == 1);
}

TEST_CASE("the wizard's refusal is kept as a message, so switching the language leaves nothing stale") {
    Clerk k;
    wizard_open(k);
    command(k, {.submit_open = true});   // no title yet: refused before signing
    REQUIRE(k.c.form_error);
    // The view words it in the language shown when it draws (views.hpp note_text).
    CHECK(note_text(*k.c.form_error, core::Lang::ZhCN) == core::tr(core::Msg::WizErrTitleEmpty, core::Lang::ZhCN));
    CHECK(note_text(*k.c.form_error, core::Lang::En) == core::tr(core::Msg::WizErrTitleEmpty, core::Lang::En));
    tick_committee(k.c, k.me, k.directory, true, k.net);
    CHECK(k.c.form_error);   // still said while nothing changed
    k.c.form.title = "加";
    tick_committee(k.c, k.me, k.directory, true, k.net);
    CHECK_FALSE(k.c.form_error);   // once she mends the form, the old refusal goes
    // An option row with a cost but no label names its row, in the language shown.
    k.c.form.title = "加装电梯";
    k.c.form.options = {{"", "5"}};
    command(k, {.submit_open = true});
    REQUIRE(k.c.form_error);
    CHECK(note_text(*k.c.form_error, core::Lang::En).find('1') != std::string::npos);
    CHECK(k.c.form_error->msg == core::Msg::WizErrOptionLabel);
    CHECK(k.me.outbox.empty());   // nothing was signed
}
