// rate_limit.hpp — token buckets per client address and per author key (429 rate_limited, Retry-After).
//
// Each bucket holds up to `per_second` tokens (one second's worth: that is the burst) and refills at
// `per_second` tokens a second; a request takes one token or is refused with the whole seconds until
// one is back. A limit of 0 turns the limiter off. On SQLite (one server) buckets live in memory; when
// there are more than kMaxRateBuckets, full (idle) ones are forgotten. On PostgreSQL every server of the
// database shares them (SharedBuckets: the rate_buckets table, one atomic upsert per take, so a client
// spreading its requests over several servers gets the same limit as on one). Thread-safe.
//
// Where they apply (routes.cpp, submit_routes.cpp, docs/api.md): per address on every /api/ request
// (a looser limit for reads than for POSTs: /api/submit, code requests, imports), before anything else; per author key on
// POST /api/submit after the signature verified — charging a key before that would let anyone who
// knows a public key (they are all in the public log) exhaust its owner's bucket.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace yishi::server {

inline constexpr double kDefaultRatePerKey = 5;             // submissions a second per author key
inline constexpr double kDefaultRatePerAddress = 50;        // submissions a second per client address
inline constexpr double kDefaultReadRatePerAddress = 200;   // other /api/ requests a second per address
inline constexpr size_t kMaxRateBuckets = 100000;           // remembered clients before idle ones are dropped

inline constexpr int64_t kSharedBucketPruneMs = 10000;   // how often idle shared buckets are deleted

class SharedBuckets;   // the database's token buckets, for several servers (rate_limit.cpp)
// A connection to `location`'s shared buckets; nullptr (and no error) for SQLite, which needs none.
std::shared_ptr<SharedBuckets> open_shared_buckets(const std::string& location);

class RateLimiter {
public:
    // `shared`: take from the database's buckets, names prefixed by `name` (one limiter's buckets).
    RateLimiter(double per_second, std::function<int64_t()> clock_ms, std::shared_ptr<SharedBuckets> shared = nullptr,
                std::string name = {});
    // 0 if allowed (a token was taken), else the whole seconds to wait (Retry-After, at least 1).
    int64_t take(const std::string& who);
    bool enabled() const { return per_second_ > 0; }            // false: take() always allows

private:
    struct Bucket { double tokens; int64_t at_ms; };
    double per_second_;
    std::function<int64_t()> clock_ms_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
    std::shared_ptr<SharedBuckets> shared_;
    std::string name_;
};

// The three limiters of a server, from `serve --rate-per-key --rate-per-address --read-rate-per-address`.
struct RateLimits {
    RateLimits(double key, double submit_address, double read_address, const std::function<int64_t()>& clock_ms,
               const std::shared_ptr<SharedBuckets>& shared = nullptr)
        : per_key(key, clock_ms, shared, "k:"), submit_per_address(submit_address, clock_ms, shared, "s:"),
          read_per_address(read_address, clock_ms, shared, "r:") {}
    RateLimiter per_key;
    RateLimiter submit_per_address;
    RateLimiter read_per_address;
};

}  // namespace yishi::server
