// test_checkpoint.cpp — signed tree heads (C2SP signed notes) and offline receipts.
#include <doctest/doctest.h>

#include "protocol_samples.hpp"
#include "yishi/checkpoint.hpp"
#include "yishi/merkle.hpp"
#include "yishi/receipt.hpp"

using namespace yishi::core;
using namespace yishi::samples;

namespace {

constexpr std::string_view kOrigin = "yishi.example.cn/log";

Checkpoint sample_checkpoint() {
    Checkpoint cp;
    cp.origin = std::string(kOrigin);
    cp.size = 15;
    cp.root = sha256(as_bytes("root"));
    cp.time_ms = kTime;
    return cp;
}

// A log holding the 15 sample envelopes, with a signed checkpoint over all of them.
struct SampleLog {
    SampleSet set;
    SigningKey server = server_key();
    MerkleTree tree;
    std::vector<Bytes> wires;
    std::string note;
    SampleLog() {
        for (const auto& s : set.all()) {
            auto signed_env = sign_envelope(s.envelope, *s.key).value();
            tree.append_leaf_hash(envelope_leaf_hash(signed_env).value());
            wires.push_back(encode_signed_envelope(signed_env).value());
        }
        Checkpoint cp{std::string(kOrigin), tree.leaf_count(), merkle_root(tree, tree.leaf_count()).value(), kTime};
        note = make_checkpoint(cp, server).value();
    }
    Receipt receipt(uint64_t index) const {
        Receipt r;
        r.log_index = index;
        r.leaf_hash = tree.node_hash(0, index);
        r.inclusion_proof = inclusion_proof(tree, index, tree.leaf_count()).value();
        r.checkpoint = note;
        return r;
    }
};

}  // namespace

TEST_CASE("the signed-note key hash follows the C2SP formula") {
    const PublicKey pk = server_key().public_key();
    Bytes input(kOrigin.begin(), kOrigin.end());
    input.push_back(0x0A);
    input.push_back(0x01);
    input.insert(input.end(), pk.begin(), pk.end());
    const Hash h = sha256(input);
    const NoteKeyHash kh = note_key_hash(kOrigin, pk);
    CHECK(std::equal(kh.begin(), kh.end(), h.begin()));
    CHECK(note_verifier_key(kOrigin, pk).rfind(std::string(kOrigin) + "+" + to_hex(kh) + "+A", 0) == 0);
}

TEST_CASE("a checkpoint has the tlog-checkpoint layout and opens with the server key") {
    const SigningKey server = server_key();
    const Checkpoint cp = sample_checkpoint();
    const std::string note = make_checkpoint(cp, server).value();
    const std::string body = checkpoint_body(cp).value();
    CHECK(body == std::string(kOrigin) + "\n15\n" + to_base64(cp.root) + "\nyishi-time-ms 1764288000000\n");
    CHECK(note.rfind(body + "\n\xE2\x80\x94 yishi.example.cn/log ", 0) == 0);
    auto opened = open_checkpoint(note, kOrigin, server.public_key());
    REQUIRE(opened.ok());
    CHECK(opened->size == 15);
    CHECK(opened->root == cp.root);
    CHECK(opened->time_ms == kTime);
    CHECK(opened->origin == kOrigin);
}

TEST_CASE("a checkpoint is refused when anything in it is wrong") {
    const SigningKey server = server_key();
    const std::string note = make_checkpoint(sample_checkpoint(), server).value();
    const PublicKey pk = server.public_key();
    auto err = [&](const std::string& n) { return open_checkpoint(n, kOrigin, pk).error(); };
    auto replace = [&](std::string_view from, std::string_view to) {
        std::string n = note;
        n.replace(n.find(from), from.size(), to);
        return n;
    };
    CHECK(err(replace("\n15\n", "\n16\n")) == Error::BadSignature);
    CHECK(err(replace("\n15\n", "\n015\n")) == Error::CheckpointFormat);
    CHECK(err(replace("\n15\n", "\n-1\n")) == Error::CheckpointFormat);
    CHECK(err(replace("\n15\n", "\n99999999999999999999\n")) == Error::CheckpointFormat);
    CHECK(err(replace("yishi-time-ms 1764288000000", "yishi-time-ms 1764288000001")) == Error::BadSignature);
    CHECK(err(replace("yishi-time-ms ", "time ")) == Error::CheckpointFormat);
    CHECK(err(replace("=\n", "\n")) == Error::CheckpointFormat);                  // root not canonical base64
    CHECK(err(replace("\xE2\x80\x94 ", "-- ")) == Error::CheckpointFormat);
    CHECK(err(note.substr(0, note.size() - 1)) == Error::CheckpointFormat);       // no final newline
    CHECK(err(replace("\n\n", "\n")) == Error::CheckpointFormat);                 // no blank line
    CHECK(open_checkpoint(note, "other.example/log", pk).error() == Error::CheckpointWrongOrigin);
    CHECK(open_checkpoint(note, kOrigin, committee_key().public_key()).error() == Error::CheckpointUnsigned);
    CHECK(err(std::string(kMaxNoteBytes + 1, 'a')) == Error::CheckpointFormat);
    std::string bad_sig = note;
    bad_sig[bad_sig.size() - 10] = bad_sig[bad_sig.size() - 10] == 'A' ? 'B' : 'A';
    auto st = open_checkpoint(bad_sig, kOrigin, pk);
    REQUIRE_FALSE(st.ok());
    CHECK((st.error() == Error::BadSignature || st.error() == Error::CheckpointFormat));
    Checkpoint bad = sample_checkpoint();
    bad.origin = "has space";
    CHECK(make_checkpoint(bad, server).error() == Error::CheckpointFormat);
}

TEST_CASE("signatures by other keys are ignored, as signed-note requires") {
    const SigningKey server = server_key(), witness = committee_key();
    const Checkpoint cp = sample_checkpoint();
    const std::string note = make_checkpoint(cp, server).value();
    Checkpoint as_witness = cp;
    as_witness.origin = "witness.example";
    const std::string wnote = make_checkpoint(as_witness, witness).value();
    const std::string witness_line = wnote.substr(wnote.rfind("\n\n") + 2);
    CHECK(open_checkpoint(note + witness_line, kOrigin, server.public_key()).ok());
    const std::string body = checkpoint_body(cp).value();
    CHECK(open_checkpoint(body + "\n" + witness_line + note.substr(body.size() + 1), kOrigin, server.public_key()).ok());
}

TEST_CASE("a receipt verifies offline for every envelope in the log") {
    const SampleLog log;
    for (uint64_t i = 0; i < log.wires.size(); ++i) {
        CAPTURE(i);
        auto cp = verify_receipt(log.wires[i], log.receipt(i), kOrigin, log.server.public_key());
        REQUIRE(cp.ok());
        CHECK(cp->size == log.wires.size());
    }
}

TEST_CASE("a receipt fails for another envelope, a bad proof, a forged checkpoint or a bad author signature") {
    const SampleLog log;
    const PublicKey server = log.server.public_key();
    Receipt r = log.receipt(7);
    CHECK(verify_receipt(log.wires[6], r, kOrigin, server).error() == Error::ReceiptMismatch);
    Receipt wrong_index = r;
    wrong_index.log_index = 6;
    CHECK(verify_receipt(log.wires[7], wrong_index, kOrigin, server).error() == Error::InclusionProofInvalid);
    Receipt bad_proof = r;
    bad_proof.inclusion_proof[1][3] ^= 0x10;
    CHECK(verify_receipt(log.wires[7], bad_proof, kOrigin, server).error() == Error::InclusionProofInvalid);
    CHECK(verify_receipt(log.wires[7], r, kOrigin, committee_key().public_key()).error() == Error::CheckpointUnsigned);
    Bytes tampered_sig = log.wires[7];
    tampered_sig.back() ^= 1;   // the leaf commits to the signature, so this is a different leaf
    CHECK(verify_receipt(tampered_sig, r, kOrigin, server).error() == Error::ReceiptMismatch);
    CHECK(verify_receipt(Bytes(10), r, kOrigin, server).error() == Error::EnvelopeTruncated);
}
