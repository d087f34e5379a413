// rate_limit.cpp — token buckets (see rate_limit.hpp): in memory, or shared in the database.
#include "rate_limit.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "database.hpp"
#include "sql.hpp"

namespace yishi::server {

// One connection to the database's rate_buckets, used by every limiter of this server in turn.
class SharedBuckets {
public:
    explicit SharedBuckets(core::Store store) : store_(std::move(store)), sql_(store_.handle()) {}
    // Takes a token from bucket `name` (capacity and refill in thousandths of a token): 0 if taken, else
    // the whole seconds until one is back. A database that does not answer lets the request through.
    int64_t take(const std::string& name, int64_t capacity_m, int64_t per_second_m, int64_t now_ms) {
        std::lock_guard lock(mutex_);
        if (now_ms - pruned_ms_ > kSharedBucketPruneMs) {   // idle buckets are full ones: forget them
            pruned_ms_ = now_ms;
            (void)sql_("DELETE FROM rate_buckets WHERE at_ms < ?").bind(1, now_ms - 6 * kSharedBucketPruneMs).run();
        }
        // PostgreSQL's upsert, atomic per row: concurrent servers queue on the bucket's row lock. Every
        // SET expression reads the row as it was, so `allowed` and `millitokens` agree.
        auto q = sql_("INSERT INTO rate_buckets AS b (name, millitokens, at_ms, allowed) VALUES (?1, ?2 - 1000, ?4, 1) "
                      "ON CONFLICT (name) DO UPDATE SET "
                      "millitokens = least(?2, b.millitokens + greatest(0, ?4 - b.at_ms) * ?3 / 1000) - "
                      "  CASE WHEN least(?2, b.millitokens + greatest(0, ?4 - b.at_ms) * ?3 / 1000) >= 1000 THEN 1000 ELSE 0 END, "
                      "allowed = CASE WHEN least(?2, b.millitokens + greatest(0, ?4 - b.at_ms) * ?3 / 1000) >= 1000 THEN 1 ELSE 0 END, "
                      "at_ms = greatest(b.at_ms, ?4) "
                      "RETURNING millitokens, allowed");
        if (q.bind(1, std::string_view(name)).bind(2, capacity_m).bind(3, per_second_m).bind(4, now_ms).step() != SQLITE_ROW) {
            if (!warned_) std::fprintf(stderr, "yishi-server: the shared rate limits cannot be read; requests pass\n");
            warned_ = true;
            return 0;
        }
        if (q.int64(1) == 1) return 0;
        const int64_t missing = 1000 - q.int64(0);
        return std::max<int64_t>(1, (missing + per_second_m - 1) / per_second_m);
    }
private:
    std::mutex mutex_;
    core::Store store_;
    core::StatementCache sql_;
    int64_t pruned_ms_ = 0;
    bool warned_ = false;
};

std::shared_ptr<SharedBuckets> open_shared_buckets(const std::string& location) {
    if (!is_postgres_location(location)) return nullptr;
    auto store = open_database(location);
    if (!store) return nullptr;
    return std::make_shared<SharedBuckets>(std::move(store.value()));
}

RateLimiter::RateLimiter(double per_second, std::function<int64_t()> clock_ms, std::shared_ptr<SharedBuckets> shared,
                         std::string name)
    : per_second_(per_second), clock_ms_(std::move(clock_ms)), shared_(std::move(shared)), name_(std::move(name)) {}

int64_t RateLimiter::take(const std::string& who) {
    if (per_second_ <= 0) return 0;
    if (shared_) {
        const auto per_second_m = std::max<int64_t>(1, std::llround(per_second_ * 1000));
        return shared_->take(name_ + who, std::max<int64_t>(1000, per_second_m), per_second_m, clock_ms_());
    }
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
