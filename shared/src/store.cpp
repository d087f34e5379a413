// store.cpp — SQLite connection and schema migrations (see store.hpp for the contract).
//
// Migrations are append-only: never edit one that has shipped, add the next. Each runs inside one
// transaction together with its user_version bump, so a crash leaves the old or the new schema.
#include "yishi/store.hpp"

#include <sqlite3.h>

#include <iterator>

namespace yishi::core {

namespace {

// Migration N (1-based) brings the schema from version N-1 to N.
const char* const kMigrations[] = {
    // 1: key/value facts about this database (creation time, server key id, ...).
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"
    "INSERT INTO meta(key, value) VALUES ('created_by', 'yishi');",

    // 2: the directory of social organisations. natural_key is the credit code, or for filed
    // community organisations without one "filed:<district>|<community>|<name>"; re-imports upsert on it.
    "CREATE TABLE orgs ("
    "  id INTEGER PRIMARY KEY,"
    "  natural_key TEXT NOT NULL UNIQUE,"
    "  credit_code TEXT,"
    "  name TEXT NOT NULL,"
    "  type TEXT NOT NULL CHECK (type IN ('social_group','social_service','foundation','community')),"
    "  authority TEXT NOT NULL DEFAULT '',"
    "  level TEXT NOT NULL DEFAULT '',"
    "  district TEXT NOT NULL,"
    "  community TEXT NOT NULL DEFAULT '',"
    "  categories TEXT NOT NULL DEFAULT '',"   // '|'-separated
    "  address TEXT NOT NULL DEFAULT '',"
    "  contact TEXT NOT NULL DEFAULT '',"
    "  status TEXT NOT NULL CHECK (status IN ('active','deregistered','revoked')),"
    "  registered_on TEXT NOT NULL DEFAULT '',"
    "  volunteers INTEGER NOT NULL DEFAULT 0 CHECK (volunteers >= 0),"
    "  description TEXT NOT NULL DEFAULT '',"
    "  updated_seq INTEGER NOT NULL"            // bumps on every change: browsers sync by delta
    ") STRICT;"
    "CREATE UNIQUE INDEX orgs_credit_code ON orgs(credit_code) WHERE credit_code IS NOT NULL;"
    "CREATE INDEX orgs_updated ON orgs(updated_seq);",
};

Status exec_on(sqlite3* db, const char* sql) {
    return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK ? Status(Ok{})
                                                                          : Status(Error::StoreQuery);
}

Result<int> user_version(sqlite3* db) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) != SQLITE_OK) return Error::StoreQuery;
    int version = -1;
    if (sqlite3_step(st) == SQLITE_ROW) version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (version < 0) return Error::StoreQuery;
    return version;
}

Status migrate(sqlite3* db) {
    auto current = user_version(db);
    if (!current) return current.error();
    const int latest = static_cast<int>(std::size(kMigrations));
    if (current.value() > latest) return Error::StoreNewerSchema;
    for (int v = current.value(); v < latest; ++v) {
        if (!exec_on(db, "BEGIN IMMEDIATE")) return Error::StoreSchema;
        std::string bump = "PRAGMA user_version = " + std::to_string(v + 1);
        if (!exec_on(db, kMigrations[v]) || !exec_on(db, bump.c_str()) || !exec_on(db, "COMMIT")) {
            (void)exec_on(db, "ROLLBACK");  // best effort: the error we report is the migration's
            return Error::StoreSchema;
        }
    }
    return Ok{};
}

}  // namespace

int latest_schema_version() { return static_cast<int>(std::size(kMigrations)); }

Result<Store> Store::open(const std::string& path, StoreOptions options) {
    sqlite3* db = nullptr;
    int flags = options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        sqlite3_close(db);  // sqlite3_open_v2 may hand back a handle even on failure
        return Error::StoreOpen;
    }
    Store store(db);
    sqlite3_busy_timeout(db, 5000);
    if (options.read_only) return store;
    const char* pragmas = options.journal == Journal::Wal
        ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
        : "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
    if (!store.exec(pragmas)) return Error::StoreOpen;
    if (auto st = migrate(db); !st) return st.error();
    return store;
}

Store::Store(Store&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }

Store& Store::operator=(Store&& other) noexcept {
    if (this != &other) {
        sqlite3_close(db_);
        db_ = other.db_;
        other.db_ = nullptr;
    }
    return *this;
}

Store::~Store() { sqlite3_close(db_); }

Status Store::exec(const char* sql) { return exec_on(db_, sql); }

Result<int> Store::schema_version() { return user_version(db_); }

Result<std::string> Store::meta(const std::string& key) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, "SELECT value FROM meta WHERE key = ?1", -1, &st, nullptr) != SQLITE_OK)
        return Error::StoreQuery;
    sqlite3_bind_text(st, 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
    std::string out;
    const int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error::StoreQuery;
    return out;
}

Status Store::set_meta(const std::string& key, const std::string& value) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           -1, &st, nullptr) != SQLITE_OK)
        return Error::StoreQuery;
    sqlite3_bind_text(st, 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    const int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? Status(Ok{}) : Status(Error::StoreQuery);
}

Result<std::string> Store::integrity_check() {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, "PRAGMA integrity_check", -1, &st, nullptr) != SQLITE_OK) return Error::StoreQuery;
    std::string out;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (!out.empty()) out += '\n';
        out += reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return out;
}

}  // namespace yishi::core
