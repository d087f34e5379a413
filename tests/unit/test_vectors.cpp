// test_vectors.cpp — golden vectors: the exact bytes of every envelope kind, signatures, ids, log leaves,
// the log root, a checkpoint, a receipt and a key backup, all from fixed seeds (protocol_samples.hpp).
//
// The expected values live in tests/vectors/envelope_v1.txt and tests/vectors/log_v1.txt ("name = value"
// lines) and are the worked examples of docs/protocol.md. Natively and in wasm the computed values must
// equal the files. After a deliberate format change: YISHI_UPDATE_VECTORS=1 yishi_core_tests -tc='*golden*'
// rewrites the files (natively); review the diff before committing.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "protocol_samples.hpp"
#include "yishi/checkpoint.hpp"
#include "yishi/merkle.hpp"
#include "yishi/receipt.hpp"

using namespace yishi::core;
using namespace yishi::samples;

namespace {

using Vectors = std::vector<std::pair<std::string, std::string>>;

std::string hex_list(const std::vector<Hash>& v) {
    std::string out;
    for (const auto& h : v) out += (out.empty() ? "" : ",") + to_hex(h);
    return out;
}

void compute(Vectors& env, Vectors& log) {
    SampleSet set;
    auto pk = [](const SigningKey& k) { return to_hex(k.public_key()); };
    env.emplace_back("key.resident.seed", to_hex(seed(0x00).bytes()));
    env.emplace_back("key.resident.public", pk(set.resident));
    env.emplace_back("key.committee.seed", to_hex(seed(0x40).bytes()));
    env.emplace_back("key.committee.public", pk(set.committee));
    env.emplace_back("key.rotated.seed", to_hex(seed(0x80).bytes()));
    env.emplace_back("key.rotated.public", pk(set.rotated));
    env.emplace_back("key.ballot.consultation", std::to_string(kConsultation));
    env.emplace_back("key.ballot.seed", to_hex(derive_ballot_seed(seed(0x00), kConsultation).value().bytes()));
    env.emplace_back("key.ballot.public", pk(set.ballot));
    MerkleTree tree;
    std::vector<Bytes> wires;
    for (const auto& s : set.all()) {
        const std::string k = "envelope." + std::string(kind_name(envelope_kind(s.envelope)));
        auto signed_env = sign_envelope(s.envelope, *s.key).value();
        env.emplace_back(k + ".body", to_hex(encode_envelope(s.envelope).value()));
        env.emplace_back(k + ".signature", to_hex(signed_env.signature));
        env.emplace_back(k + ".id", to_hex(envelope_id(s.envelope).value()));
        const Hash leaf = envelope_leaf_hash(signed_env).value();
        env.emplace_back(k + ".leaf_hash", to_hex(leaf));
        tree.append_leaf_hash(leaf);
        wires.push_back(encode_signed_envelope(signed_env).value());
    }
    // A ranked consultation declaring Schulze (method_param 2, protocol.md section 4): a vector of its
    // own, outside the log, so the canonical rule for ranked counting is pinned too.
    {
        Envelope ranked = set.all()[1].envelope;
        auto& p = std::get<ConsultationOpenPayload>(ranked.payload);
        p.method = VotingMethod::Ranked;
        p.method_param = 2;
        ranked.sequence = 6;
        const std::string k = "envelope.consultation_open_ranked";
        env.emplace_back(k + ".body", to_hex(encode_envelope(ranked).value()));
        env.emplace_back(k + ".signature", to_hex(sign_envelope(ranked, set.committee).value().signature));
        env.emplace_back(k + ".id", to_hex(envelope_id(ranked).value()));
    }
    const SigningKey server = server_key();
    const std::string origin = "yishi.example.cn/log";
    Checkpoint cp{origin, tree.leaf_count(), merkle_root(tree, tree.leaf_count()).value(), kTime + 60000};
    const std::string note = make_checkpoint(cp, server).value();
    log.emplace_back("log.origin", origin);
    log.emplace_back("log.server.seed", to_hex(seed(0xC0).bytes()));
    log.emplace_back("log.server.public", to_hex(server.public_key()));
    log.emplace_back("log.server.key_hash", to_hex(note_key_hash(origin, server.public_key())));
    log.emplace_back("log.server.verifier_key", note_verifier_key(origin, server.public_key()));
    for (uint64_t size = 1; size <= tree.leaf_count(); ++size)
        log.emplace_back("log.root." + std::to_string(size), to_hex(merkle_root(tree, size).value()));
    log.emplace_back("log.checkpoint.note_hex", to_hex(as_bytes(note)));
    const uint64_t vote_index = static_cast<uint64_t>(Kind::Vote) - 1;
    log.emplace_back("log.receipt.vote.index", std::to_string(vote_index));
    log.emplace_back("log.receipt.vote.proof", hex_list(inclusion_proof(tree, vote_index, tree.leaf_count()).value()));
    log.emplace_back("log.receipt.vote.wire", to_hex(wires[vote_index]));
    log.emplace_back("log.consistency.8.15", hex_list(consistency_proof(tree, 8, 15).value()));
    Bytes salt(kKeyBackupSaltSize), nonce(kKeyBackupNonceSize);
    for (size_t i = 0; i < salt.size(); ++i) salt[i] = static_cast<uint8_t>(0xA0 + i);
    for (size_t i = 0; i < nonce.size(); ++i) nonce[i] = static_cast<uint8_t>(0xB0 + i);
    log.emplace_back("backup.passphrase", "correct horse 电池");
    log.emplace_back("backup.salt", to_hex(salt));
    log.emplace_back("backup.nonce", to_hex(nonce));
    log.emplace_back("backup.text", seal_seed_with(seed(0x00), "correct horse 电池", salt, nonce).value());
}

std::string path_of(const char* name) { return std::string(YISHI_TEST_VECTORS_DIR) + "/" + name; }

std::map<std::string, std::string> read_vectors(const char* name) {
    std::map<std::string, std::string> out;
    std::ifstream in(path_of(name));
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        const size_t eq = line.find(" = ");
        if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 3);
    }
    return out;
}

void write_vectors(const char* name, const char* header, const Vectors& v) {
    std::ofstream out(path_of(name));
    out << header;
    for (const auto& [k, val] : v) out << k << " = " << val << "\n";
}

void check_against(const char* name, const Vectors& computed) {
    const auto expected = read_vectors(name);
    REQUIRE_MESSAGE(expected.size() == computed.size(), "vector file " << name << " is missing or stale");
    for (const auto& entry : computed) {  // (no structured binding: clang 14 cannot capture it in CAPTURE)
        const std::string& key = entry.first;
        CAPTURE(key);
        auto it = expected.find(key);
        REQUIRE(it != expected.end());
        CHECK(it->second == entry.second);
    }
}

}  // namespace

TEST_CASE("the golden protocol vectors are reproduced exactly") {
    Vectors env, log;
    compute(env, log);
    const char* update = std::getenv("YISHI_UPDATE_VECTORS");
    if (update && std::string(update) == "1") {
        write_vectors("envelope_v1.txt",
                      "# Yishi envelope v1 golden vectors (generated by tests/unit/test_vectors.cpp; see docs/protocol.md).\n"
                      "# Keys from fixed seeds; body = canonical envelope body; signature = Ed25519 over\n"
                      "# \"yishi/envelope/v1\\0\" || body; id = SHA-256 of those signed bytes; leaf_hash = RFC 6962 leaf\n"
                      "# hash of id || signature.\n",
                      env);
        write_vectors("log_v1.txt",
                      "# Yishi log v1 golden vectors: the 16 envelopes of envelope_v1.txt appended in order.\n"
                      "# Proofs are comma-separated hashes, leaf to root. note_hex is the checkpoint note's UTF-8 bytes.\n",
                      log);
        MESSAGE("vector files rewritten");
        return;
    }
    check_against("envelope_v1.txt", env);
    check_against("log_v1.txt", log);
}

TEST_CASE("the golden receipt verifies offline from the vector file alone") {
    auto v = read_vectors("log_v1.txt");
    REQUIRE(!v.empty());
    Receipt r;
    r.log_index = std::stoull(v["log.receipt.vote.index"]);
    std::stringstream proof(v["log.receipt.vote.proof"]);
    for (std::string item; std::getline(proof, item, ',');) {
        Hash h{};
        auto b = from_hex(item).value();
        std::copy(b.begin(), b.end(), h.begin());
        r.inclusion_proof.push_back(h);
    }
    auto note = from_hex(v["log.checkpoint.note_hex"]).value();
    r.checkpoint.assign(note.begin(), note.end());
    auto wire = from_hex(v["log.receipt.vote.wire"]).value();
    auto env = decode_signed_envelope(wire);
    REQUIRE(env.ok());
    r.leaf_hash = envelope_leaf_hash(env.value()).value();
    PublicKey server{};
    auto pkb = from_hex(v["log.server.public"]).value();
    std::copy(pkb.begin(), pkb.end(), server.begin());
    auto cp = verify_receipt(wire, r, v["log.origin"], server);
    REQUIRE(cp.ok());
    CHECK(cp->size == kKindCount);
    CHECK(to_hex(cp->root) == v["log.root." + std::to_string(kKindCount)]);
}
