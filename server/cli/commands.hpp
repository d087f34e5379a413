// commands.hpp — yishi-server's subcommands and the helpers they share.
//
// main.cpp makes each subcommand from its table (name and one-line help) and hands it to one of the
// functions below, which adds the subcommand's options and returns what runs it once the command line
// is parsed. A run returns the exit code: 0 success, 1 failure with a message on stderr, 2 bad command
// line. The functions live one file per family of subcommands; the shared helpers in common.cpp.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "yishi/result.hpp"
#include "yishi/store.hpp"

namespace CLI { class App; }

namespace yishi::server::cli {

using Run = std::function<int()>;

Run serve_command(CLI::App& cmd);              // serve.cpp: the portal and the API
Run import_orgs_command(CLI::App& cmd);        // directory_commands.cpp: the organisation directory
Run gen_orgs_command(CLI::App& cmd);
Run add_committee_command(CLI::App& cmd);      // role_commands.cpp: the keys, codes and tokens the portal accepts
Run add_moderator_command(CLI::App& cmd);
Run issue_codes_command(CLI::App& cmd);
Run operator_token_command(CLI::App& cmd);
Run check_command(CLI::App& cmd);              // database_commands.cpp: the database as a whole
Run migrate_command(CLI::App& cmd);
Run copy_command(CLI::App& cmd);
Run backup_command(CLI::App& cmd);
Run add_region_command(CLI::App& cmd);         // region_commands.cpp: the region tree
Run import_regions_command(CLI::App& cmd);
Run rotate_server_key_command(CLI::App& cmd);  // log_commands.cpp: the signed log's key and its exports
Run export_command(CLI::App& cmd);

inline constexpr const char* kDefaultDb = "data/yishi.db";   // --db when it is not given
inline constexpr size_t kDemoOrgs = 21000;     // the seed city's 2.1万 organisations (serve --demo, gen-orgs)
inline constexpr uint64_t kDemoSeed = 2016;    // the seed article's year: the same demo every time

// Adds --db (a SQLite file or a PostgreSQL URL, kDefaultDb unless given) to a subcommand, into `db`.
void add_db_option(CLI::App& cmd, std::string& db);

// Opens (creating and migrating) the database of --db: a SQLite file, whose directory is created, or a
// PostgreSQL database (server/database.hpp).
core::Result<core::Store> open_store(const std::string& location);

// True (with a message) if --db names a SQLite file that does not exist: commands that only read or
// amend a database never create an empty one. A PostgreSQL database is checked by connecting.
bool database_missing(const std::string& location);

// An input file (CSV) whole, or nullopt and a line on stderr if it cannot be read.
std::optional<std::string> read_input(const std::string& path);

}  // namespace yishi::server::cli
