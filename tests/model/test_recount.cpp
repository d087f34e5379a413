// test_recount.cpp — 核验全部选票's controller (client/model/recount.cpp) driven without a browser: a
// real log of 300 entries (three ballots among them), its ballot stream and hash tiles served by a fake
// Net, the signature checks either taken by "workers" (the Net answers them with core::check_wire_batch,
// as web/yishi-verify-worker.js does) or left to the page (the Net has none), and the verdict compared
// with what the page publishes.
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

#include "app.hpp"
#include "model/net.hpp"
#include "yishi/ballot_stream.hpp"
#include "yishi/checkpoint.hpp"
#include "yishi/envelope.hpp"
#include "yishi/keys.hpp"
#include "yishi/receipt.hpp"
#include "yishi/tiles.hpp"

using namespace yishi;
using namespace yishi::client;

namespace {

core::SigningKey key_from(uint8_t first) {
    core::Bytes b(32);
    for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<uint8_t>(first + i);
    return core::SecretSeed::from_bytes(b).value().signing_key().value();
}

// A log of 300 entries: the opening at 2, ballots for options 1, 1, 2 at 100, 200 and 290, the rest
// other entries (stand-in leaves); its ballot stream under a signed checkpoint.
struct Log {
    core::SigningKey server = key_from(0xC0);
    core::MerkleTree tree;
    core::Bytes stream;
    Log() {
        auto sign = [](const core::SigningKey& k, core::Payload p) {
            core::Envelope e;
            e.author = k.public_key();
            e.timestamp_ms = 1764288000000;
            e.scope = {320508, 7};
            e.payload = std::move(p);
            return core::sign_envelope(e, k).value();
        };
        core::ConsultationOpenPayload open;
        open.title = "小区停车位分配方式";
        open.options = {{1, "摇号", 0}, {2, "按楼栋轮换", 0}};
        open.schedule = {{core::Stage::Vote, 0}};
        core::BallotStream s;
        const std::vector<std::pair<uint64_t, uint32_t>> ballots = {{100, 1}, {200, 1}, {290, 2}};
        for (uint64_t i = 0; i < 300; ++i) {
            std::optional<core::SignedEnvelope> env;
            if (i == 2) env = sign(key_from(0x40), open);
            for (size_t b = 0; b < ballots.size(); ++b)
                if (ballots[b].first == i)
                    env = sign(key_from(static_cast<uint8_t>(0x10 + b)),
                               core::VotePayload{core::VotingMethod::Plurality, {{ballots[b].second, 1}}});
            if (!env) {
                tree.append_data(core::Bytes{uint8_t(i), uint8_t(i >> 8)});
                continue;
            }
            tree.append_leaf_hash(core::envelope_leaf_hash(*env).value());
            core::LoggedWire w{i, core::encode_signed_envelope(*env).value()};
            if (i == 2) s.open = w;
            else s.ballots.push_back(w);
        }
        const core::Checkpoint cp{"portal.test/log", 300, core::merkle_root(tree, 300).value(), 1764288000000};
        s.origin = cp.origin;
        s.log_key = server.public_key();
        s.checkpoint = core::make_checkpoint(cp, server).value();
        s.consultation = 7;
        stream = core::encode_ballot_stream(s);
    }
};

// Answers every GET the recount makes from the log; with `workers`, the signature checks too.
class LogNet final : public Net {
public:
    LogNet(const Log& log, bool workers) : log_(log), workers_(workers) {}
    void get(const std::string& path, Callback done) override {
        ++gets;
        if (path == "/api/consultations/7/ballots.bin") return done({200, std::string(log_.stream.begin(), log_.stream.end())});
        if (path == "/api/log-key")
            return done({200, R"({"origin":"portal.test/log","public_key":")" + core::to_hex(log_.server.public_key()) +
                                  R"(","witnesses":[]})"});
        if (path.rfind("/log/", 0) == 0) {
            ++tiles;
            auto t = core::parse_tile_path(path.substr(5));
            REQUIRE(t);
            auto hashes = core::tile_hashes(log_.tree, t->level, t->index, t->width);
            REQUIRE(hashes);
            return done({200, std::string(hashes->begin(), hashes->end())});
        }
        done({404, R"({"error":{"code":"not_found","message":"not in this test"}})"});
    }
    void check_wires(std::string batch, Callback done) override {
        if (!workers_ || batch.empty()) return done({0, ""});
        ++batches;
        const core::Bytes answer = core::check_wire_batch(core::as_bytes(batch));
        done({200, std::string(answer.begin(), answer.end())});
    }
    void post(const std::string&, const std::vector<uint8_t>&, const std::string&, Callback done) override { done({0, ""}); }
    void download(const std::string&, const std::string&, Callback done) override { done({0, ""}); }
    bool save(const std::string&, const std::string&, const std::string&) override { return false; }
    bool poll() override { return false; }
    std::string portal_url() const override { return "http://portal.test/"; }
    int gets = 0, tiles = 0, batches = 0;
private:
    const Log& log_;
    bool workers_;
};

// 核验全部选票 on consultation 7's results page, which publishes `totals`; ticks until a verdict.
RecountState recount(LogNet& net, std::vector<uint64_t> totals) {
    AppState st;
    ConsultationDetail d;
    d.s.id = 7, d.s.region = 320508, d.s.stage = core::Stage::Evaluate;
    d.options = {{1, "摇号", 0}, {2, "按楼栋轮换", 0}};
    d.results_visible = true, d.totals = std::move(totals), d.winner = 1;
    st.journeys.open = 7;
    st.journeys.detail = d;
    Commands cmds;
    cmds.audit.recount = 7;
    apply_commands(st, cmds, net);
    for (int k = 0; k < 100 && (st.audit.recount.phase == RecountPhase::Fetching ||
                                st.audit.recount.phase == RecountPhase::Checking); ++k)
        tick_app(st, k, net);
    return st.audit.recount;
}

}  // namespace

TEST_CASE("核验全部选票: the ballots recounted from the stream and the log's tiles agree with the page") {
    const Log log;
    for (bool workers : {true, false}) {
        CAPTURE(workers);
        LogNet net(log, workers);
        const RecountState r = recount(net, {2, 1});
        CHECK(r.phase == RecountPhase::Agrees);
        CHECK(r.detail == "");
        CHECK(r.total == 3);
        CHECK(r.checked == 3);
        CHECK(r.log_size == 300);
        CHECK(r.witnessed.state == Witnessed::NotYet);   // no witness configured: never 已核验
        CHECK_FALSE(recount_verified(r));
        CHECK(net.tiles == 3);   // tile/0/000 (full), tile/0/001.p/44 and tile/1/000.p/1 above the full one
        CHECK(net.batches == (workers ? 1 : 0));
    }
}

TEST_CASE("核验全部选票: a page that publishes other totals than the ballots give is told so") {
    const Log log;
    LogNet net(log, true);
    const RecountState r = recount(net, {1, 2});
    CHECK(r.phase == RecountPhase::Disagrees);
    CHECK(r.detail == "the page shows 1 for option 1, the ballots give 2");
}
