// common.cpp — the helpers yishi-server's subcommands share (commands.hpp): the --db option, opening
// it, refusing a missing one, reading an input file.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>

#include "commands.hpp"
#include "database.hpp"
#include "static_files.hpp"

namespace fs = std::filesystem;

namespace yishi::server::cli {

void add_db_option(CLI::App& cmd, std::string& db) {
    cmd.add_option("--db", db, "database: a SQLite file (PATH or sqlite:PATH, created if missing) or postgresql://…")
        ->capture_default_str();
}

core::Result<core::Store> open_store(const std::string& location) {
    const fs::path db_path(server::sqlite_path(location));
    if (!server::is_postgres_location(location) && db_path.has_parent_path()) {
        std::error_code ec;
        fs::create_directories(db_path.parent_path(), ec);
    }
    return server::open_database(location);
}

bool database_missing(const std::string& location) {
    if (server::is_postgres_location(location) || fs::exists(server::sqlite_path(location))) return false;
    std::fprintf(stderr, "yishi-server: %s does not exist\n", location.c_str());
    return true;
}

std::optional<std::string> read_input(const std::string& path) {
    std::string bytes;
    if (server::read_whole_file(path, bytes)) return bytes;
    std::fprintf(stderr, "yishi-server: cannot read %s\n", path.c_str());
    return std::nullopt;
}

}  // namespace yishi::server::cli
