// test_store.cpp — the SQLite store: a real file is created, migrated, reopened and checked.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include <array>
#include <cstdio>
#include <string>
#include <vector>

#include "temp_db.hpp"
#include "yishi/store.hpp"

using namespace yishi::core;

namespace {
std::string meta_value(Store& s, const char* key) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(s.sqlite(), "SELECT value FROM meta WHERE key = ?", -1, &st, nullptr) == SQLITE_OK);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    std::string out;
    if (sqlite3_step(st) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}
}  // namespace

TEST_CASE("a new database file is created at the latest schema and passes the integrity check") {
    TempDb db("create");
    SUBCASE("server journal (WAL)") {
        auto s = Store::open(db.path);
        REQUIRE(s.ok());
        CHECK(s->schema_version().value() == latest_schema_version());
        CHECK(s->integrity_check().value() == "ok");
        CHECK(meta_value(s.value(), "created_by") == "yishi");
    }
    SUBCASE("browser journal (memory)") {
        auto s = Store::open(db.path, {Journal::Memory});
        REQUIRE(s.ok());
        CHECK(s->schema_version().value() == latest_schema_version());
    }
}

TEST_CASE("a file for someone else's tables (the browser's LocalStore) gets none of the ledger's") {
    TempDb db("no-ledger");
    auto s = Store::open(db.path, {.journal = Journal::Memory, .ledger = false});
    REQUIRE(s.ok());
    CHECK(s->schema_version().value() == 0);
    CHECK(!s->exec("SELECT 1 FROM meta"));  // no ledger tables were created
    CHECK(s->exec("CREATE TABLE own(x); INSERT INTO own VALUES (1)"));
    CHECK(s->integrity_check().value() == "ok");
}

TEST_CASE("data written before a reopen is still there after it, and migrations do not rerun") {
    TempDb db("reopen");
    {
        auto s = Store::open(db.path);
        REQUIRE(s.ok());
        REQUIRE(s->exec("INSERT INTO meta(key, value) VALUES ('probe', '苏州')").ok());
    }
    auto s = Store::open(db.path);
    REQUIRE(s.ok());
    CHECK(meta_value(s.value(), "probe") == "苏州");
    CHECK(s->schema_version().value() == latest_schema_version());
}

// Migration 13 (issue 20): the rows a moderator may hide gain `hidden` and `moderation_id`, and a need of
// a whole region (a propose without consultation, never kept before) is backfilled from the log.
TEST_CASE("migration 13 makes proposals, feedback and display names hideable and keeps region-wide needs") {
    TempDb db("moderation13");
    {
        auto s = Store::open(db.path);
        REQUIRE(s.ok());
        // Back to schema 12: without the new columns and index, with a logged region-wide need and one
        // of a consultation (the latter was kept in proposals already).
        REQUIRE(s->exec("ALTER TABLE proposals DROP COLUMN hidden; ALTER TABLE proposals DROP COLUMN moderation_id;"
                        "ALTER TABLE feedback DROP COLUMN hidden; ALTER TABLE feedback DROP COLUMN moderation_id;"
                        "DROP INDEX residents_enroll;"
                        "ALTER TABLE residents DROP COLUMN hidden; ALTER TABLE residents DROP COLUMN moderation_id;"
                        "INSERT INTO envelopes(id, author, sequence, kind, region, consultation, wire, received_ms, log_index) "
                        "VALUES (zeroblob(32), zeroblob(32), 1, 5, 320508, 0, x'00', 0, 0),"
                        "       (randomblob(32), zeroblob(32), 2, 5, 320508, 7, x'00', 0, 1),"
                        "       (randomblob(32), zeroblob(32), 3, 6, 320508, 0, x'00', 0, 2);"
                        "INSERT INTO proposals(id, consultation, region, author) "
                        "  SELECT id, 7, region, author FROM envelopes WHERE log_index = 1;"
                        "PRAGMA user_version = 12;").ok());
    }
    auto s = Store::open(db.path);
    REQUIRE(s.ok());
    CHECK(s->schema_version().value() == latest_schema_version());
    CHECK(meta_value(s.value(), "created_by") == "yishi");
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(s->sqlite(), "SELECT consultation, hidden, moderation_id IS NULL FROM proposals "
                                            "ORDER BY consultation", -1, &st, nullptr) == SQLITE_OK);
    std::vector<std::array<int64_t, 3>> rows;
    while (sqlite3_step(st) == SQLITE_ROW)
        rows.push_back({sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2)});
    sqlite3_finalize(st);
    CHECK(rows == std::vector<std::array<int64_t, 3>>{{0, 0, 1}, {7, 0, 1}});   // the need, once; not the comment
    CHECK(s->exec("UPDATE feedback SET hidden = 1, moderation_id = x'01';"
                  "UPDATE residents SET hidden = 1, moderation_id = x'01' WHERE enroll_id = x'02'").ok());
}

TEST_CASE("a database from a newer Yishi is refused rather than downgraded") {
    TempDb db("newer");
    {
        auto s = Store::open(db.path);
        REQUIRE(s.ok());
        REQUIRE(s->exec(("PRAGMA user_version = " + std::to_string(latest_schema_version() + 1)).c_str()).ok());
    }
    auto s = Store::open(db.path);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error() == Error::StoreNewerSchema);
}

TEST_CASE("a path that cannot be created gives a clear open error") {
    auto s = Store::open("/nonexistent-dir-yishi/sub/x.db");
    REQUIRE_FALSE(s.ok());
    CHECK(s.error() == Error::StoreOpen);
}

TEST_CASE("bad SQL is an error value, not a crash") {
    TempDb db("badsql");
    auto s = Store::open(db.path);
    REQUIRE(s.ok());
    auto st = s->exec("SELEC nonsense");
    REQUIRE_FALSE(st.ok());
    CHECK(st.error() == Error::StoreQuery);
}

TEST_CASE("meta values are stored, replaced and read back; unset keys read as empty") {
    TempDb db("meta");
    auto s = Store::open(db.path);
    REQUIRE(s.ok());
    CHECK(s->meta("orgs_synced_seq").value().empty());
    REQUIRE(s->set_meta("orgs_synced_seq", "42").ok());
    REQUIRE(s->set_meta("orgs_synced_seq", "43").ok());
    CHECK(s->meta("orgs_synced_seq").value() == "43");
    CHECK(s->meta("created_by").value() == "yishi");
}
