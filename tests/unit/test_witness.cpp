// test_witness.cpp — witness cosignatures and add-checkpoint decisions (shared/witness.hpp), natively
// and in wasm: a cosigned checkpoint verifies only with the witness's key and unaltered; the witness
// cosigns extensions of what it cosigned last and refuses rollbacks, forks and stale old sizes, each
// with its own error and tlog-witness's HTTP status.
#include <doctest/doctest.h>

#include "yishi/merkle.hpp"
#include "yishi/witness.hpp"

using namespace yishi::core;

namespace {

const std::string kOrigin = "yishi.test/log";

SigningKey key_of(uint8_t b) { return SigningKey::from_seed(Bytes(32, b)).value(); }

// A log of `size` leaves whose data start with `tag`, and its signed checkpoint.
struct Log {
    MerkleTree tree;
    explicit Log(uint64_t size, uint8_t tag = 1) {
        for (uint64_t i = 0; i < size; ++i) tree.append_data(Bytes{tag, uint8_t(i), uint8_t(i >> 8)});
    }
    std::string note(uint64_t size, const SigningKey& k) const {
        return make_checkpoint({kOrigin, size, merkle_root(tree, size).value(), 1700000000000}, k).value();
    }
    AddCheckpointRequest request(uint64_t old, uint64_t size, const SigningKey& k) const {
        return {old, old == 0 ? std::vector<Hash>{} : consistency_proof(tree, old, size).value(), note(size, k)};
    }
};

Checkpoint head(const Log& l, uint64_t size, const SigningKey& k) {
    return open_checkpoint(l.note(size, k), kOrigin, k.public_key()).value();
}

}  // namespace

TEST_CASE("a cosignature verifies with the witness's key, and with nothing else") {
    REQUIRE(crypto_init().ok());
    const SigningKey log = key_of(1), w = key_of(2), other = key_of(3);
    const WitnessKey wk{"witness.test/w1", w.public_key()};
    const std::string note = Log(5).note(5, log);
    const std::string cosigned = note + cosign_checkpoint(checkpoint_note_body(note), wk.name, w, 1700000001);

    SUBCASE("the trusted witness's line verifies, and the log's own signature still opens") {
        auto v = verify_cosignatures(cosigned, {wk});
        REQUIRE(v.ok());
        CHECK(v->name == wk.name);
        CHECK(open_checkpoint(cosigned, kOrigin, log.public_key()).ok());
    }
    SUBCASE("no line from a trusted witness is CosignatureMissing") {
        CHECK(verify_cosignatures(note, {wk}).error() == Error::CosignatureMissing);
        CHECK(verify_cosignatures(cosigned, {{"witness.test/w2", other.public_key()}}).error() == Error::CosignatureMissing);
        CHECK(verify_cosignatures(cosigned, {{"witness.test/w9", w.public_key()}}).error() == Error::CosignatureMissing);
    }
    SUBCASE("an altered body or a forged line is CosignatureInvalid") {
        std::string altered = cosigned;
        altered[kOrigin.size() + 1] = '6';   // size 5 -> 6, same signatures
        CHECK(verify_cosignatures(altered, {wk}).error() == Error::CosignatureInvalid);
        const std::string forged = note + cosign_checkpoint(checkpoint_note_body(note), wk.name, other, 1700000001);
        // the forger's key id differs, so the line is not the witness's: missing, unless it copies the id
        CHECK(verify_cosignatures(forged, {wk}).error() == Error::CosignatureMissing);
        std::string copied_id = cosigned;
        const size_t sig_at = copied_id.rfind(' ') + 1 + 16;   // inside the base64 of time || signature
        copied_id[sig_at] = copied_id[sig_at] == 'A' ? 'B' : 'A';
        CHECK(verify_cosignatures(copied_id, {wk}).error() == Error::CosignatureInvalid);
        // a bad line is not masked by a good one for the same key
        CHECK(verify_cosignatures(copied_id + cosign_checkpoint(checkpoint_note_body(note), wk.name, w, 5), {wk}).error() ==
              Error::CosignatureInvalid);
    }
}

TEST_CASE("a witness verifier key is spelled one way and round-trips") {
    REQUIRE(crypto_init().ok());
    const WitnessKey wk{"witness.test/w1", key_of(2).public_key()};
    const std::string v = witness_verifier_key(wk);
    auto back = parse_witness_verifier_key(v);
    REQUIRE(back.ok());
    CHECK((back->name == wk.name && back->key == wk.key));
    CHECK(parse_witness_verifier_key("witness.test/w1").error() == Error::WitnessKeyFormat);
    std::string wrong_id = v;
    wrong_id[wk.name.size() + 1] = wrong_id[wk.name.size() + 1] == '0' ? '1' : '0';
    CHECK(parse_witness_verifier_key(wrong_id).error() == Error::WitnessKeyFormat);
    // a log's signed-note key (type 0x01) is not a witness key
    CHECK(parse_witness_verifier_key(note_verifier_key(wk.name, wk.key)).error() == Error::WitnessKeyFormat);
}

TEST_CASE("add-checkpoint bodies parse strictly and round-trip") {
    REQUIRE(crypto_init().ok());
    const Log l(9);
    const AddCheckpointRequest r = l.request(4, 9, key_of(1));
    auto back = parse_add_checkpoint(add_checkpoint_body(r));
    REQUIRE(back.ok());
    CHECK((back->old_size == 4 && back->proof == r.proof && back->note == r.note));
    for (const std::string& bad : std::vector<std::string>{"old 04\n\n" + r.note, "old 4\n" + r.note, "olds 4\n\n", "old 4\nnot-base64\n\n" + r.note})
        CHECK_MESSAGE(parse_add_checkpoint(bad).error() == Error::WitnessRequestFormat, bad);
    std::string many = "old 1\n";
    for (int i = 0; i < 64; ++i) many += to_base64(Hash{}) + "\n";
    CHECK(parse_add_checkpoint(many + "\n" + r.note).error() == Error::WitnessRequestFormat);
}

TEST_CASE("a witness cosigns extensions and refuses rollbacks and forks") {
    REQUIRE(crypto_init().ok());
    const SigningKey log = key_of(1);
    const Log l(20), fork(20, 7);
    const std::optional<Checkpoint> none, at10 = head(l, 10, log);

    SUBCASE("first contact: old 0 without a proof") {
        CHECK(witness_check(l.request(0, 10, log), kOrigin, log.public_key(), none).ok());
        auto with_proof = l.request(0, 10, log);
        with_proof.proof.push_back(Hash{});
        CHECK(witness_check(with_proof, kOrigin, log.public_key(), none).error() == Error::WitnessBadProof);
    }
    SUBCASE("an extension with a good proof, and the same head again") {
        auto cp = witness_check(l.request(10, 20, log), kOrigin, log.public_key(), at10);
        REQUIRE(cp.ok());
        CHECK(cp->size == 20);
        CHECK(witness_check({10, {}, l.note(10, log)}, kOrigin, log.public_key(), at10).ok());
    }
    SUBCASE("the log's signature is checked first") {
        CHECK(witness_check(l.request(10, 20, key_of(9)), kOrigin, log.public_key(), at10).error() == Error::CheckpointUnsigned);
    }
    SUBCASE("rollback: old above the new size, or a stale old size") {
        CHECK(witness_check({10, {}, l.note(5, log)}, kOrigin, log.public_key(), at10).error() == Error::WitnessOldSizeAhead);
        CHECK(witness_check(l.request(5, 20, log), kOrigin, log.public_key(), at10).error() == Error::WitnessOldSizeMismatch);
        CHECK(witness_check(l.request(0, 5, log), kOrigin, log.public_key(), at10).error() == Error::WitnessOldSizeMismatch);
    }
    SUBCASE("fork: another history under the same key") {
        CHECK(witness_check(fork.request(10, 20, log), kOrigin, log.public_key(), at10).error() ==
              Error::ConsistencyProofInvalid);
        CHECK(witness_check({10, {}, fork.note(10, log)}, kOrigin, log.public_key(), at10).error() ==
              Error::WitnessRootMismatch);
    }
    CHECK(witness_http_status(Error::WitnessUnknownLog) == 404);
    CHECK(witness_http_status(Error::CheckpointUnsigned) == 403);
    CHECK(witness_http_status(Error::WitnessOldSizeAhead) == 400);
    CHECK(witness_http_status(Error::WitnessOldSizeMismatch) == 409);
    CHECK(witness_http_status(Error::ConsistencyProofInvalid) == 422);
    CHECK(witness_http_status(Error::WitnessRootMismatch) == 422);
}
