// database.hpp — the server's way to a database: `--db` names a SQLite file or a PostgreSQL database.
//
// A location is `sqlite:PATH`, a bare PATH (SQLite, as before this boundary existed), or a libpq URL
// `postgresql://…` / `postgres://…`. SQLite connections come from the core (yishi/store.hpp);
// PostgreSQL connections are libpq ones behind the same core::Connection interface (database.cpp), so
// libpq stays in the server and out of the core's wasm build. A PostgreSQL connection translates the
// core's SQLite-flavoured SQL (translate_to_postgres) and maps BEGIN IMMEDIATE to a transaction holding
// the database-wide writer lock (an advisory lock), which is what BEGIN IMMEDIATE means in SQLite.
#pragma once
#include <string>
#include <string_view>

#include "yishi/result.hpp"
#include "yishi/store.hpp"

namespace yishi::server {

inline constexpr int64_t kWriterLockKey = 0x79697368;   // "yish": the advisory lock BEGIN IMMEDIATE takes
inline constexpr int64_t kIntegratorLockKey = 0x79697369;   // held by the one server that signs the shared log's heads

struct DatabaseOptions {
    bool read_only = false;          // no migration; PostgreSQL sessions are read-only too
};

bool is_postgres_location(std::string_view location);          // postgresql:// or postgres://
std::string sqlite_path(std::string_view location);             // PATH of sqlite:PATH or of a bare PATH
// Opens (creating and migrating unless read_only) the database at `location`; a clear message on stderr
// says why if it cannot.
core::Result<core::Store> open_database(const std::string& location, DatabaseOptions options = {});
std::string translate_to_postgres(std::string_view sqlite_sql);  // the core's SQL in PostgreSQL's dialect
// PostgreSQL: waits at most timeout_ms for a notification (LISTEN/NOTIFY) on `store`'s connection and
// consumes every one that came; true if any did. False at once on SQLite, which has none.
bool wait_for_notification(core::Store& store, int timeout_ms);

}  // namespace yishi::server
