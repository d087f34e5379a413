// test_ballot_stream.cpp — the compact ballot stream (ballots.bin), the batched signature checks the
// browser's Web Workers run, and StreamCheck: the stream checked against the log's hash tiles, as the
// browser's 核验全部选票 does. Natively and in wasm; a real log of 700 entries (three levels of tiles'
// worth of edge cases: full level-0 tiles, a partial one, a partial level-1 tile).
#include <doctest/doctest.h>

#include <functional>

#include "export_check.hpp"
#include "protocol_samples.hpp"
#include "yishi/ballot_stream.hpp"
#include "yishi/checkpoint.hpp"
#include "yishi/merkle.hpp"
#include "yishi/receipt.hpp"
#include "yishi/tiles.hpp"

using namespace yishi::core;
using namespace yishi::samples;

namespace {

ConsultationOpenPayload plurality_open() {
    ConsultationOpenPayload o;
    o.title = "小区停车位分配";
    o.method = VotingMethod::Plurality;
    o.options = {{1, "方案一", 0}, {2, "方案二", 0}, {3, "方案三", 0}};
    o.schedule = {{Stage::Vote, 0}};
    return o;
}

// A log of 700 entries: other entries (stand-in leaves), the opening at 3, and 40 ballots spread over
// the first two full tiles and the partial third; optionally the committee's close at 650.
struct SampleLog {
    SigningKey server = server_key(), committee = committee_key();
    MerkleTree tree;
    BallotStream stream;
    std::vector<int> choices;   // each ballot's option
    explicit SampleLog(bool with_close = false) {
        auto sign = [&](const SigningKey& k, Payload p) {
            Envelope e;
            e.author = k.public_key();
            e.timestamp_ms = kTime;
            e.scope = {kRegion, kConsultation};
            e.payload = std::move(p);
            return sign_envelope(e, k).value();
        };
        std::vector<SignedEnvelope> ballots;
        for (uint8_t i = 0; i < 40; ++i) {
            choices.push_back(1 + i % 3);
            ballots.push_back(sign(seed(static_cast<uint8_t>(0x10 + i)).signing_key().value(),
                                   VotePayload{VotingMethod::Plurality, {{static_cast<uint32_t>(choices.back()), 1}}}));
        }
        std::vector<VotePayload> votes;
        for (const auto& b : ballots) votes.push_back(std::get<VotePayload>(b.envelope.payload));
        const Hash counted = tally_hash(tally_consultation(plurality_open(), votes, 0).value());
        for (uint64_t i = 0; i < 700; ++i) {
            const SignedEnvelope* s = nullptr;
            SignedEnvelope extra;
            if (i == 3) extra = sign(committee, plurality_open()), s = &extra;
            else if (i % 17 == 5 && i / 17 < 40) s = &ballots[i / 17];
            else if (i == 650 && with_close) extra = sign(committee, ConsultationClosePayload{counted, "已完成"}), s = &extra;
            if (!s) { tree.append_data(Bytes{uint8_t(i), uint8_t(i >> 8)}); continue; }
            tree.append_leaf_hash(envelope_leaf_hash(*s).value());
            LoggedWire w{i, encode_signed_envelope(*s).value()};
            if (i == 3) stream.open = w;
            else if (i == 650) stream.close = w;
            else stream.ballots.push_back(w);
        }
        const Checkpoint cp{"yishi.example.cn/log", tree.leaf_count(), merkle_root(tree, tree.leaf_count()).value(), kTime};
        stream.origin = cp.origin;
        stream.log_key = server.public_key();
        stream.checkpoint = make_checkpoint(cp, server).value();
        stream.consultation = kConsultation;
    }
    // The whole check as the browser runs it, batches of `per` wires answered in reverse order.
    BundleCheck check(const Bytes& bytes, size_t per = 7, std::function<void(TileRef&, Bytes&)> tamper = {}) const {
        StreamCheck c;
        if (!c.begin(bytes)) return c.result();
        for (TileRef t : c.tiles_needed()) {
            Bytes hashes = tile_hashes(tree, t.level, t.index, t.width).value();
            if (tamper) tamper(t, hashes);
            if (!c.add_tile(t, hashes)) return c.result();
        }
        std::vector<size_t> firsts;
        for (size_t i = 0; i < c.wire_count(); i += per) firsts.push_back(i);
        for (auto it = firsts.rbegin(); it != firsts.rend(); ++it)
            if (!c.take_checks(*it, check_wire_batch(c.batch(*it, per)))) return c.result();
        CHECK(c.ready());
        c.finish();
        return c.result();
    }
};

}  // namespace

TEST_CASE("a ballot stream reads back as written, and nothing else reads") {
    const SampleLog s(true);
    const Bytes bytes = encode_ballot_stream(s.stream);
    auto back = decode_ballot_stream(bytes);
    REQUIRE(back.ok());
    CHECK(back->checkpoint == s.stream.checkpoint);
    CHECK(back->log_key == s.stream.log_key);
    CHECK(back->ballots.size() == 40);
    CHECK(back->ballots[39].log_index == s.stream.ballots[39].log_index);
    CHECK(back->close->wire == s.stream.close->wire);
    CHECK(encode_ballot_stream(back.value()) == bytes);
    Bytes cut(bytes.begin(), bytes.end() - 1), longer = bytes, magic = bytes;
    longer.push_back(0);
    magic[0] = 'Y';
    for (const Bytes& bad : {cut, longer, magic, Bytes{}})
        CHECK(decode_ballot_stream(bad).error() == Error::TileFormat);
}

TEST_CASE("a batch of signature checks gives each wire's leaf hash, or why not") {
    const SampleLog s;
    Bytes forged = s.stream.ballots[1].wire;
    forged.back() ^= 1;
    const Bytes garbage{1, 2, 3};
    const Bytes answer = check_wire_batch(wire_batch({&s.stream.ballots[0].wire, &forged, &garbage}));
    REQUIRE(answer.size() == 3 * kWireCheckBytes);
    CHECK(answer[0] == 0);
    CHECK(Hash{} != s.tree.node_hash(0, s.stream.ballots[0].log_index));
    CHECK(std::equal(answer.begin() + 1, answer.begin() + 33, s.tree.node_hash(0, s.stream.ballots[0].log_index).begin()));
    CHECK(answer[kWireCheckBytes] == 1 + static_cast<int>(Error::BadSignature));
    CHECK(answer[2 * kWireCheckBytes] != 0);
    Bytes batch = wire_batch({&s.stream.ballots[0].wire});
    batch.pop_back();   // the last wire cut short: the batch itself is malformed
    CHECK(check_wire_batch(batch).empty());
}

TEST_CASE("a sound stream checked against the log's tiles recounts the ballots") {
    const SampleLog s(true);
    for (size_t per : {1, 7, 100}) {
        const BundleCheck c = s.check(encode_ballot_stream(s.stream), per);
        CHECK(c.failure == "");
        CHECK(c.fault == BundleFault::None);
        CHECK(c.ballots == 40);
        CHECK(c.closed);
        CHECK(c.checkpoint_size == 700);
        CHECK(c.totals[0]["total"] == 14);   // options 1, 2, 3 by i % 3 over 40 ballots
        CHECK(c.totals[1]["total"] == 13);
        CHECK(c.outcome["winner"] == 1);
    }
    StreamCheck c;
    REQUIRE(c.begin(encode_ballot_stream(s.stream)));
    // 700 entries: level-0 tiles 0, 1 (full) and 2 (partial, 188), and level-1 tile 0 (partial, 2) above them.
    std::vector<std::string> paths;
    for (const TileRef& t : c.tiles_needed()) paths.push_back(tile_path(t));
    CHECK(paths == std::vector<std::string>{"tile/0/000", "tile/0/001", "tile/0/002.p/188", "tile/1/000.p/2"});
}

TEST_CASE("a stream says what is wrong: a forged ballot, a ballot dropped, a doctored tile") {
    SUBCASE("a ballot's signature altered") {
        SampleLog s;
        s.stream.ballots[5].wire.back() ^= 1;
        const BundleCheck c = s.check(encode_ballot_stream(s.stream));
        CHECK(c.fault == BundleFault::Proof);
        CHECK(c.failure == "ballot at log index 90: bad_signature");
    }
    SUBCASE("a ballot dropped: the committee's close states another count") {
        SampleLog s(true);
        s.stream.ballots.erase(s.stream.ballots.begin() + 2);
        const BundleCheck c = s.check(encode_ballot_stream(s.stream));
        CHECK(c.fault == BundleFault::Count);
        CHECK(c.failure.rfind("the committee's close states another count", 0) == 0);
        CHECK(c.ballots == 39);
    }
    SUBCASE("a ballot moved to another log index") {
        SampleLog s;
        s.stream.ballots[0].log_index += 1;
        const BundleCheck c = s.check(encode_ballot_stream(s.stream));
        CHECK(c.failure == "ballot at log index 6: the log holds another entry there");
    }
    SUBCASE("a level-0 tile doctored to hold a forged entry") {
        SampleLog s;
        const BundleCheck c = s.check(encode_ballot_stream(s.stream), 7, [](TileRef& t, Bytes& h) {
            if (t.level == 0 && t.index == 1) h[5] ^= 1;
        });
        CHECK(c.failure == "the log's hash tile tile/0/001 does not hash up to the tile above it");
    }
    SUBCASE("the partial tile at the edge doctored: the root is not the checkpoint's") {
        SampleLog s;
        const BundleCheck c = s.check(encode_ballot_stream(s.stream), 7, [](TileRef& t, Bytes& h) {
            if (t.level == 0 && t.index == 2) h[0] ^= 1;
        });
        CHECK(c.failure == "the log's hash tiles do not lead to the checkpoint's root");
    }
    SUBCASE("another log's key") {
        SampleLog s;
        s.stream.log_key = committee_key().public_key();
        CHECK(s.check(encode_ballot_stream(s.stream)).failure.rfind("checkpoint: ", 0) == 0);
    }
    SUBCASE("not a stream") {
        StreamCheck c;
        CHECK_FALSE(c.begin(Bytes{'y', 'i'}));
        CHECK(c.result().fault == BundleFault::Malformed);
        CHECK_FALSE(c.finish());
    }
}
