// sql.hpp — the storage boundary: one statement layer over two SQL engines, for the storage code of
// the core (store, directory, regions) and of the server (ledger, authorization, admin, read routes).
//
// Connection and Statement are the boundary. The core implements them over SQLite (store.cpp; the only
// engine in the browser's wasm build); the server adds PostgreSQL through libpq (server/postgres.cpp), so
// libpq never reaches shared/ or wasm. Callers write SQLite-flavoured SQL — `?`/`?N` placeholders,
// `INSERT OR IGNORE`, `BEGIN IMMEDIATE`, `x''`, `date(ms/1000, 'unixepoch')` — and a connection that
// speaks another dialect translates it when it prepares (the dialect lives here, never in the routes).
//
// StatementCache keeps each statement prepared once per connection (keyed by the SQL text's
// address, so pass string literals); Query binds by position, steps, and reads columns. Blobs are
// bound and read as byte spans. step() answers in SQLite's result codes (SQLITE_ROW, SQLITE_DONE, or
// an error code) whatever the engine. Not thread-safe: one cache per connection per thread.
#pragma once
#include <sqlite3.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "yishi/crypto.hpp"

namespace yishi::core {

enum class Dialect { Sqlite, Postgres };   // the engine behind a connection

// One prepared statement of one connection. Column values stay valid until the next step or reset.
class Statement {
public:
    virtual ~Statement() = default;
    virtual void bind_int64(int i, int64_t v) = 0;          // 1-based positions, as in the SQL text
    virtual void bind_blob(int i, ByteView v) = 0;          // copied
    virtual void bind_text(int i, std::string_view v) = 0;  // copied
    virtual void bind_null(int i) = 0;
    virtual int step() = 0;                                 // SQLITE_ROW / SQLITE_DONE / an error code
    virtual void reset() = 0;                               // back to before the first step; bindings cleared
    virtual int64_t column_int64(int col) const = 0;        // 0 for NULL; booleans are 0/1
    virtual bool column_null(int col) const = 0;
    virtual ByteView column_blob(int col) const = 0;        // the bytes of a blob (or a text's bytes)
    virtual std::string column_text(int col) const = 0;     // "" for NULL
};

// An open connection to one database.
class Connection {
public:
    virtual ~Connection() = default;
    virtual std::unique_ptr<Statement> prepare(const char* sql) = 0;   // nullptr if the SQL does not prepare
    virtual bool exec(const char* sql) = 0;        // statements without parameters or rows (several allowed)
    virtual int64_t changes() const = 0;           // rows changed by the last INSERT/UPDATE/DELETE
    virtual Dialect dialect() const = 0;
    virtual std::string location() const = 0;      // the file path, or the postgresql:// URL (for more connections)
    virtual sqlite3* sqlite() { return nullptr; }  // the SQLite handle; nullptr on another engine
};

// One use of a prepared statement: binds, steps, reads; resets the statement when it goes away.
class Query {
public:
    explicit Query(Statement* st) : st_(st) {}
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;
    Query(Query&& o) noexcept : st_(o.st_) { o.st_ = nullptr; }
    ~Query() { if (st_) st_->reset(); }
    bool valid() const { return st_ != nullptr; }                           // false if prepare failed
    Query& bind(int i, int64_t v) { if (st_) st_->bind_int64(i, v); return *this; }
    Query& bind(int i, ByteView v) { if (st_) st_->bind_blob(i, v); return *this; }
    Query& bind(int i, std::string_view v) { if (st_) st_->bind_text(i, v); return *this; }
    Query& bind_null(int i) { if (st_) st_->bind_null(i); return *this; }
    int step() { return st_ ? st_->step() : SQLITE_ERROR; }                  // SQLITE_ROW / SQLITE_DONE / error
    bool run() { return step() == SQLITE_DONE; }                             // a statement without rows
    int64_t int64(int col) const { return st_->column_int64(col); }
    bool is_null(int col) const { return st_->column_null(col); }
    ByteView blob(int col) const { return st_->column_blob(col); }
    template <size_t N> std::array<uint8_t, N> array(int col) const {   // zero-filled if the length differs
        std::array<uint8_t, N> out{};
        auto b = blob(col);
        if (b.size() == N) std::copy(b.begin(), b.end(), out.begin());
        return out;
    }
    std::string text(int col) const { return st_->column_text(col); }
private:
    Statement* st_;
};

// Prepared statements of one connection, prepared on first use.
class StatementCache {
public:
    explicit StatementCache(Connection* db) : db_(db) {}
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;
    Query operator()(const char* sql) {                                      // pass a string literal
        auto it = cache_.find(sql);
        if (it == cache_.end()) {
            auto st = db_->prepare(sql);
            if (!st) return Query(nullptr);
            it = cache_.emplace(sql, std::move(st)).first;
        }
        return Query(it->second.get());
    }
    bool exec(const char* sql) { return db_->exec(sql); }                   // no rows
    int64_t changes() const { return db_->changes(); }                     // rows the last statement changed
    Connection* db() const { return db_; }
private:
    Connection* db_;
    std::unordered_map<const char*, std::unique_ptr<Statement>> cache_;
};

}  // namespace yishi::core
