// bench_protocol.cpp — throughput of the protocol operations, each beside raw libsodium Ed25519
// verification measured in the same run, so numbers compare across machines as ratios.
//
// Usage: yishi_bench_protocol [seconds per measurement, default 0.5]
// Each line: operation, its ops/s, crypto_sign_verify_detached/s measured around it (mean of before and after), and the ratio.
// A ratio above 1 means the operation is cheaper than one signature check. No thresholds here:
// this reports, it does not judge.
#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

#include "protocol_samples.hpp"
#include "yishi/merkle.hpp"
#include "yishi/receipt.hpp"

using namespace yishi::core;
using namespace yishi::samples;

namespace {

volatile uint64_t g_sink = 0;  // keeps results alive so the optimiser cannot drop the work
void keep(uint64_t x) { g_sink = g_sink + x; }

// Runs op repeatedly for about `seconds`; returns operations per second.
double measure(double seconds, const std::function<void()>& op) {
    using clock = std::chrono::steady_clock;
    uint64_t n = 0, batch = 16;
    const auto start = clock::now();
    double elapsed = 0;
    do {
        for (uint64_t i = 0; i < batch; ++i) op();
        n += batch;
        elapsed = std::chrono::duration<double>(clock::now() - start).count();
        if (elapsed < seconds / 10) batch *= 2;
    } while (elapsed < seconds);
    return static_cast<double>(n) / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::atof(argv[1]) : 0.5;
    if (!crypto_init()) return 1;
    SampleSet set;
    const auto samples = set.all();
    const Sample& comment = samples[static_cast<size_t>(Kind::Comment) - 1];
    const Sample& vote = samples[static_cast<size_t>(Kind::Vote) - 1];
    const Bytes vote_signed = envelope_signed_bytes(vote.envelope).value();
    const SignedEnvelope vote_env = sign_envelope(vote.envelope, *vote.key).value();
    const Bytes vote_wire = encode_signed_envelope(vote_env).value();
    const Bytes comment_body = encode_envelope(comment.envelope).value();

    const auto raw_verify = [&] {
        keep(crypto_sign_verify_detached(vote_env.signature.data(), vote_signed.data(), vote_signed.size(),
                                              vote_env.envelope.author.data()));
    };
    measure(seconds, raw_verify);  // warm-up

    MerkleTree big;
    constexpr uint64_t kLogSize = 1u << 20;   // a million ballots
    for (uint64_t i = 0; i < kLogSize; ++i) {
        Hash h{};
        for (int b = 0; b < 8; ++b) h[b] = static_cast<uint8_t>(i >> (8 * b));
        big.append_leaf_hash(h);
    }
    uint64_t cursor = 0;

    struct Line { std::string name; std::function<void()> op; };
    const Line lines[] = {
        {"envelope encode (comment)", [&] { keep(encode_envelope(comment.envelope).value().size()); }},
        {"envelope decode (comment)", [&] { keep(decode_envelope(comment_body).ok()); }},
        {"envelope sign (vote)", [&] { keep(sign_envelope(vote.envelope, *vote.key).value().signature[0]); }},
        {"envelope verify (vote)", [&] { keep(verify_envelope(vote_env).ok()); }},
        {"envelope decode+verify wire", [&] { keep(verify_envelope(decode_signed_envelope(vote_wire).value()).ok()); }},
        {"merkle append (leaf hash)", [&] {
             static MerkleTree t;
             keep(t.append_leaf_hash(vote_env.envelope.author));
         }},
        {"merkle root (2^20 leaves + 12345)", [&] { keep(merkle_root(big, kLogSize - 12345).value()[0]); }},
        {"inclusion proof gen+verify (2^20)", [&] {
             const uint64_t i = (cursor = cursor * 6364136223846793005ULL + 1442695040888963407ULL) % kLogSize;
             auto proof = inclusion_proof(big, i, kLogSize).value();
             static const Hash root = merkle_root(big, kLogSize).value();
             keep(verify_inclusion(big.node_hash(0, i), i, kLogSize, proof, root).ok());
         }},
        {"consistency proof gen+verify (2^20)", [&] {
             const uint64_t m = 1 + (cursor = cursor * 6364136223846793005ULL + 1442695040888963407ULL) % (kLogSize - 1);
             auto proof = consistency_proof(big, m, kLogSize).value();
             static const Hash root = merkle_root(big, kLogSize).value();
             keep(verify_consistency(m, kLogSize, proof, merkle_root(big, m).value(), root).ok());
         }},
        {"receipt verify (offline, full)", [&] {
             static MerkleTree t;
             static Receipt r;
             static const Bytes wire = vote_wire;
             if (t.leaf_count() == 0) {
                 for (int i = 0; i < 1000; ++i) t.append_data(as_bytes(std::to_string(i)));
                 r.log_index = t.append_leaf_hash(envelope_leaf_hash(vote_env).value());
                 r.leaf_hash = t.node_hash(0, r.log_index);
                 r.inclusion_proof = inclusion_proof(t, r.log_index, t.leaf_count()).value();
                 r.checkpoint = make_checkpoint({"bench/log", t.leaf_count(), merkle_root(t, t.leaf_count()).value(), kTime},
                                                server_key()).value();
             }
             static const PublicKey pk = server_key().public_key();
             keep(verify_receipt(wire, r, "bench/log", pk).ok());
         }},
    };

    // Each operation is paired with raw-verify measurements just before and after it: the machine is
    // shared, so a ratio against a neighbouring baseline is steadier than one against a single early one.
    std::printf("%-38s %14s %14s %10s\n", "operation", "ops/s", "raw verify/s", "ratio");
    for (const auto& l : lines) {
        const double raw_before = measure(seconds / 2, raw_verify);
        const double ops = measure(seconds, l.op);
        const double raw = (raw_before + measure(seconds / 2, raw_verify)) / 2;  // bracket the operation
        std::printf("%-38s %14.0f %14.0f %10.2f\n", l.name.c_str(), ops, raw, ops / raw);
    }
    return g_sink == 42 ? 2 : 0;
}
