// store.hpp — the SQLite database both sides open: connection, pragmas, schema migrations.
//
// The server keeps one WAL-mode file with synchronous=FULL; the browser keeps a cache file with an
// in-memory journal (no WAL in wasm). The schema lives here, as an ordered list of migrations
// recorded in PRAGMA user_version, so both sides agree on it.
#pragma once
#include <string>
#include "yishi/result.hpp"

struct sqlite3;

namespace yishi::core {

enum class Journal { Wal, Memory };  // Wal: server file; Memory: browser cache (no shared memory in wasm)

struct StoreOptions {
    Journal journal = Journal::Wal;  // journal mode for the file
    bool read_only = false;          // open without creating or migrating
};

// An open database connection. Move-only; closes on destruction.
class Store {
public:
    static Result<Store> open(const std::string& path, StoreOptions options = {});  // creates and migrates
    Store(Store&& other) noexcept;
    Store& operator=(Store&& other) noexcept;
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;
    ~Store();

    Status exec(const char* sql);            // run SQL with no results (StoreQuery on failure)
    Result<int> schema_version();            // PRAGMA user_version
    Result<std::string> integrity_check();   // "ok" when the file is sound
    Result<std::string> meta(const std::string& key);                       // value, or "" if unset
    Status set_meta(const std::string& key, const std::string& value);     // insert or replace
    sqlite3* handle() { return db_; }        // for modules that prepare their own statements
private:
    explicit Store(sqlite3* db) : db_(db) {}
    sqlite3* db_ = nullptr;
};

int latest_schema_version();                 // the version open() migrates to

}  // namespace yishi::core
