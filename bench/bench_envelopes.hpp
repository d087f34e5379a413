// bench_envelopes.hpp — what the ingest benchmarks (bench_ingest.cpp, load.cpp) share: the envelopes
// they pre-sign, and the raw single-core verify rate their ratio divides by.
#pragma once
#include <sodium.h>

#include <chrono>
#include <ctime>
#include <string>

#include "yishi/envelope.hpp"

namespace yishi::bench {

inline constexpr uint32_t kRegion = 320508;      // the benchmarks' community
inline constexpr uint64_t kConsultation = 1;     // the consultation they comment on

// The signed wire bytes of `e`.
inline std::string wire_of(const core::Envelope& e, const core::SigningKey& key) {
    auto s = core::sign_envelope(e, key);
    auto w = core::encode_signed_envelope(s.value());
    return std::string(w->begin(), w->end());
}

// An envelope of `k` in kRegion with a fixed timestamp per sequence number.
inline core::Envelope envelope(const core::SigningKey& k, uint64_t seq, uint64_t consultation, core::Payload p) {
    core::Envelope e;
    e.author = k.public_key();
    e.sequence = seq;
    e.timestamp_ms = 1764288000000 + static_cast<int64_t>(seq);
    e.scope = {kRegion, consultation};
    e.payload = std::move(p);
    return e;
}

inline double thread_cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// Verifications per wall-clock second on one thread (the ratio's denominator); `per_cpu_second` gets the
// rate per second of CPU this thread actually got (what one core does when nobody else runs).
inline double verifies_per_second(double seconds, double* per_cpu_second = nullptr) {
    auto key = core::SigningKey::generate().value();
    std::string msg(160, 'x');   // about a comment envelope's signed bytes
    const auto sig = key.sign(core::as_bytes(msg));
    uint64_t n = 0;
    const double cpu_start = thread_cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    double elapsed = 0;
    do {
        for (int i = 0; i < 64; ++i)
            n += crypto_sign_verify_detached(sig.data(), reinterpret_cast<const unsigned char*>(msg.data()), msg.size(),
                                             key.public_key().data()) == 0;
        elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    } while (elapsed < seconds);
    if (per_cpu_second) *per_cpu_second = static_cast<double>(n) / (thread_cpu_seconds() - cpu_start);
    return static_cast<double>(n) / elapsed;
}

}  // namespace yishi::bench
