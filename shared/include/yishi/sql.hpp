// sql.hpp — a thin RAII layer over SQLite prepared statements, for the storage code of the core
// (store, directory) and of the server (ledger, admin).
//
// StatementCache keeps each statement prepared once per connection (keyed by the SQL text's
// address, so pass string literals); Query binds by position, steps, and reads columns. Blobs are
// bound and read as byte spans. Not thread-safe: one cache per connection per thread.
#pragma once
#include <sqlite3.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "yishi/crypto.hpp"

namespace yishi::core {

// One use of a prepared statement: binds, steps, reads; resets the statement when it goes away.
class Query {
public:
    explicit Query(sqlite3_stmt* st) : st_(st) {}
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;
    ~Query() { if (st_) { sqlite3_reset(st_); sqlite3_clear_bindings(st_); } }
    bool valid() const { return st_ != nullptr; }                           // false if prepare failed
    Query& bind(int i, int64_t v) { if (st_) sqlite3_bind_int64(st_, i, v); return *this; }
    Query& bind(int i, ByteView v) {
        if (st_) sqlite3_bind_blob(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Query& bind(int i, std::string_view v) {
        if (st_) sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Query& bind_null(int i) { if (st_) sqlite3_bind_null(st_, i); return *this; }
    int step() { return st_ ? sqlite3_step(st_) : SQLITE_ERROR; }            // SQLITE_ROW / SQLITE_DONE / error
    bool run() { return step() == SQLITE_DONE; }                             // a statement without rows
    int64_t int64(int col) const { return sqlite3_column_int64(st_, col); }
    bool is_null(int col) const { return sqlite3_column_type(st_, col) == SQLITE_NULL; }
    ByteView blob(int col) const {
        const void* p = sqlite3_column_blob(st_, col);
        return {static_cast<const uint8_t*>(p), static_cast<size_t>(sqlite3_column_bytes(st_, col))};
    }
    template <size_t N> std::array<uint8_t, N> array(int col) const {   // zero-filled if the length differs
        std::array<uint8_t, N> out{};
        auto b = blob(col);
        if (b.size() == N) std::copy(b.begin(), b.end(), out.begin());
        return out;
    }
    std::string text(int col) const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st_, col));
        return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(st_, col))) : std::string();
    }
private:
    sqlite3_stmt* st_;
};

// Prepared statements of one connection, prepared on first use.
class StatementCache {
public:
    explicit StatementCache(sqlite3* db) : db_(db) {}
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;
    ~StatementCache() { for (auto& [k, st] : cache_) sqlite3_finalize(st); }
    Query operator()(const char* sql) {                                      // pass a string literal
        auto it = cache_.find(sql);
        if (it == cache_.end()) {
            sqlite3_stmt* st = nullptr;
            if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK) {
                sqlite3_finalize(st);
                return Query(nullptr);
            }
            it = cache_.emplace(sql, st).first;
        }
        return Query(it->second);
    }
    bool exec(const char* sql) { return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }  // no rows
    sqlite3* db() const { return db_; }
private:
    sqlite3* db_;
    std::unordered_map<const char*, sqlite3_stmt*> cache_;
};

}  // namespace yishi::core
