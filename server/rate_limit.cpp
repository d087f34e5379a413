// rate_limit.cpp — token buckets (see rate_limit.hpp).
#include "rate_limit.hpp"

#include <algorithm>
#include <cmath>

namespace yishi::server {

RateLimiter::RateLimiter(double per_second, std::function<int64_t()> clock_ms)
    : per_second_(per_second), clock_ms_(std::move(clock_ms)) {}

int64_t RateLimiter::take(const std::string& who) {
    if (per_second_ <= 0) return 0;
    const double capacity = std::max(1.0, per_second_);
    const int64_t now = clock_ms_();
    std::lock_guard lock(mutex_);
    if (buckets_.size() >= kMaxRateBuckets) {   // forget clients whose buckets are full again (idle)
        std::erase_if(buckets_, [&](const auto& kv) {
            return kv.second.tokens + (now - kv.second.at_ms) / 1000.0 * per_second_ >= capacity;
        });
    }
    auto [it, fresh] = buckets_.try_emplace(who, Bucket{capacity, now});
    Bucket& b = it->second;
    if (!fresh) {
        b.tokens = std::min(capacity, b.tokens + std::max<int64_t>(0, now - b.at_ms) / 1000.0 * per_second_);
        b.at_ms = now;
    }
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return 0;
    }
    return std::max<int64_t>(1, static_cast<int64_t>(std::ceil((1.0 - b.tokens) / per_second_)));
}

}  // namespace yishi::server
