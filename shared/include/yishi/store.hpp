// store.hpp — the database both sides open: connection, pragmas, schema migrations.
//
// The server keeps one WAL-mode SQLite file with synchronous=FULL, or a PostgreSQL database (the server
// adopts a libpq connection, server/postgres.hpp); the browser keeps a SQLite cache file with an
// in-memory journal (no WAL in wasm). The schema lives here, as an ordered list of migrations — the
// same list for both engines (a PostgreSQL connection translates the DDL) — recorded in PRAGMA
// user_version (SQLite) or the yishi_schema table (PostgreSQL), so every side agrees on it.
#pragma once
#include <memory>
#include <string>
#include "yishi/result.hpp"
#include "yishi/sql.hpp"

namespace yishi::core {

enum class Journal { Wal, Memory };  // Wal: server file; Memory: browser cache (no shared memory in wasm)

struct StoreOptions {
    Journal journal = Journal::Wal;  // journal mode for the file
    bool read_only = false;          // open without creating or migrating
    bool ledger = true;              // create and migrate the ledger's tables (false: a file holding only
                                     // its owner's own tables, e.g. the client's LocalStore)
};

// An open database connection. Move-only; closes on destruction.
class Store {
public:
    static Result<Store> open(const std::string& path, StoreOptions options = {});  // a SQLite file: creates and migrates
    static Result<Store> adopt(std::unique_ptr<Connection> db, bool migrate);     // another engine's connection
    Store(Store&& other) noexcept;
    Store& operator=(Store&& other) noexcept;
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;
    ~Store();

    Status exec(const char* sql);            // run SQL with no results (StoreQuery on failure)
    Result<int> schema_version();            // PRAGMA user_version, or yishi_schema's row
    Result<std::string> integrity_check();   // "ok" when the file is sound (PostgreSQL: "ok" if it answers)
    Result<std::string> meta(const std::string& key);                       // value, or "" if unset
    Status set_meta(const std::string& key, const std::string& value);     // insert or replace
    Connection* handle() { return db_.get(); }   // for modules that prepare their own statements
    sqlite3* sqlite() { return db_->sqlite(); }  // the SQLite handle, nullptr on PostgreSQL
    Dialect dialect() const { return db_->dialect(); }
private:
    explicit Store(std::unique_ptr<Connection> db) : db_(std::move(db)) {}
    std::unique_ptr<Connection> db_;
};

int latest_schema_version();                 // the version open() migrates to

}  // namespace yishi::core
