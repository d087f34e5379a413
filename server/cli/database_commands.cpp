// database_commands.cpp — the database as a whole: `yishi-server check` (integrity, log leaves, last
// signed head), `migrate` (the schema to this version's), `copy` (a SQLite deployment into another
// database, e.g. PostgreSQL; docs/deploy.md) and `backup` (a consistent online copy).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "admin.hpp"
#include "commands.hpp"
#include "database.hpp"
#include "yishi/crypto.hpp"

namespace fs = std::filesystem;

namespace yishi::server::cli {
namespace {

int check(const std::string& db) {
    if (!core::crypto_init()) return 1;
    if (database_missing(db)) return 1;
    auto store = open_store(db);
    if (!store) return 1;
    auto r = server::check_ledger(store.value());
    if (!r) {
        std::fprintf(stderr, "yishi-server: check failed: %s\n", std::string(core::error_message(r.error())).c_str());
        return 1;
    }
    std::printf("integrity %s\nenvelopes %llu\nleaves %llu\nleaves_match %s\ncheckpoint_size %llu\ncheckpoint_root %s\n%s\n",
                r->integrity.c_str(), static_cast<unsigned long long>(r->envelopes),
                static_cast<unsigned long long>(r->leaves), r->leaves_match ? "ok" : "MISMATCH",
                static_cast<unsigned long long>(r->checkpoint_size), r->checkpoint_ok ? "ok" : "MISMATCH",
                r->ok() ? "ok" : "FAILED");
    return r->ok() ? 0 : 1;
}

// Brings the schema to this version's (each server also does so when it starts) and prints the version.
int migrate(const std::string& db) {
    auto store = open_store(db);
    if (!store) return 1;
    auto v = store->schema_version();
    if (!v) return 1;
    std::printf("schema version %d (%s)\n", v.value(), store->dialect() == core::Dialect::Postgres ? "postgresql" : "sqlite");
    return 0;
}

// Moves a SQLite deployment to another database (docs/deploy.md): copy, then recompute both logs.
int copy(const std::string& from, const std::string& to) {
    if (!core::crypto_init()) return 1;
    if (database_missing(from)) return 1;
    auto source = server::open_database(from, {.read_only = true});
    if (!source) return 1;
    auto target = open_store(to);
    if (!target) return 1;
    server::CopyReport report;
    if (auto st = server::copy_database(source.value(), target.value(), report); !st) {
        std::fprintf(stderr, "yishi-server: copy failed: %s%s%s\n", std::string(core::error_message(st.error())).c_str(),
                     report.detail.empty() ? "" : ": ", report.detail.c_str());
        return 1;
    }
    std::printf("copied %llu rows in %zu tables\nenvelopes %llu\ncheckpoint_size %llu\nlog_root %s (source and copy)\n",
                static_cast<unsigned long long>(report.rows), report.tables,
                static_cast<unsigned long long>(report.target.envelopes),
                static_cast<unsigned long long>(report.target.checkpoint_size), core::to_hex(report.target.root).c_str());
    return 0;
}

int backup(const std::string& db, const std::string& out) {
    if (database_missing(db)) return 1;
    if (fs::exists(out)) {
        std::fprintf(stderr, "yishi-server: %s exists; a backup never overwrites\n", out.c_str());
        return 1;
    }
    auto store = open_store(db);
    if (!store) return 1;
    if (auto st = server::backup_database(store.value(), out); !st) {
        std::fprintf(stderr, "yishi-server: backup failed: %s\n", std::string(core::error_message(st.error())).c_str());
        return 1;
    }
    std::printf("backup of %s written to %s\n", db.c_str(), out.c_str());
    return 0;
}

}  // namespace

Run check_command(CLI::App& cmd) {
    auto db = std::make_shared<std::string>(kDefaultDb);
    add_db_option(cmd, *db);
    return [db] { return check(*db); };
}

Run migrate_command(CLI::App& cmd) {
    auto db = std::make_shared<std::string>(kDefaultDb);
    add_db_option(cmd, *db);
    return [db] { return migrate(*db); };
}

Run copy_command(CLI::App& cmd) {
    struct Options { std::string from, to; };
    auto o = std::make_shared<Options>();
    cmd.add_option("--from", o->from, "the SQLite database (PATH or sqlite:PATH)")->required();
    cmd.add_option("--to", o->to, "the target: postgresql://… (or a new SQLite file); its log must be empty")->required();
    return [o] { return copy(o->from, o->to); };
}

Run backup_command(CLI::App& cmd) {
    struct Options { std::string db = kDefaultDb, out; };
    auto o = std::make_shared<Options>();
    add_db_option(cmd, o->db);
    cmd.add_option("--out", o->out, "the copy to write (must not exist)")->required();
    return [o] { return backup(o->db, o->out); };
}

}  // namespace yishi::server::cli
