// bench_envelopes.hpp — the envelopes the ingest benchmarks pre-sign (bench_ingest.cpp, load.cpp).
#pragma once
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

}  // namespace yishi::bench
