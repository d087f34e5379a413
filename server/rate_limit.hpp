// rate_limit.hpp — token buckets per client address and per author key (429 rate_limited, Retry-After).
//
// Each bucket holds up to `per_second` tokens (one second's worth: that is the burst) and refills at
// `per_second` tokens a second; a request takes one token or is refused with the whole seconds until
// one is back. A limit of 0 turns the limiter off. Buckets live in memory only; when there are more
// than kMaxRateBuckets, full (idle) ones are forgotten. Thread-safe.
//
// Where they apply (routes.cpp, submit_routes.cpp, docs/api.md): per address on every /api/ request
// (a looser limit for reads than for POSTs: /api/submit, code requests, imports), before anything else; per author key on
// POST /api/submit after the signature verified — charging a key before that would let anyone who
// knows a public key (they are all in the public log) exhaust its owner's bucket.
#pragma once
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace yishi::server {

inline constexpr double kDefaultRatePerKey = 5;             // submissions a second per author key
inline constexpr double kDefaultRatePerAddress = 50;        // submissions a second per client address
inline constexpr double kDefaultReadRatePerAddress = 200;   // other /api/ requests a second per address
inline constexpr size_t kMaxRateBuckets = 100000;           // remembered clients before idle ones are dropped

class RateLimiter {
public:
    RateLimiter(double per_second, std::function<int64_t()> clock_ms);
    // 0 if allowed (a token was taken), else the whole seconds to wait (Retry-After, at least 1).
    int64_t take(const std::string& who);
    bool enabled() const { return per_second_ > 0; }            // false: take() always allows

private:
    struct Bucket { double tokens; int64_t at_ms; };
    double per_second_;
    std::function<int64_t()> clock_ms_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
};

// The three limiters of a server, from `serve --rate-per-key --rate-per-address --read-rate-per-address`.
struct RateLimits {
    RateLimits(double key, double submit_address, double read_address, const std::function<int64_t()>& clock_ms)
        : per_key(key, clock_ms), submit_per_address(submit_address, clock_ms), read_per_address(read_address, clock_ms) {}
    RateLimiter per_key;
    RateLimiter submit_per_address;
    RateLimiter read_per_address;
};

}  // namespace yishi::server
