// main.cpp — yishi-server's command line.
//
//   yishi-server [serve] --host --port --db --web [--demo]   the portal (the default subcommand); --demo seeds
//                                                             organisations and consultations (demo.cpp)
//   yishi-server import-orgs --db FILE CSV                    import the organisation directory
//   yishi-server gen-orgs [--count N] [--seed S]              a fictional directory as CSV on stdout
//   yishi-server add-committee|add-moderator --db F --key HEX --region N --name NAME   register a role
//   yishi-server issue-codes --db F --committee-key HEX --region N --count K [--days D] print enrolment codes
//   yishi-server check --db F                                 integrity, log leaves, last checkpoint
//   yishi-server migrate --db F                               create or upgrade the schema, print its version
//   yishi-server copy --from sqlite:F --to postgresql://…     move a deployment; verified by log root equality
//   (--db F everywhere: a SQLite file, PATH or sqlite:PATH, or a PostgreSQL URL postgresql://…)
//   yishi-server add-region --db F --id N --parent P --level L --code C --name NAME   one region
//   yishi-server import-regions --db F FILE                   regions from CSV id,parent,level,code,name
//   yishi-server backup --db F --out COPY                     consistent online copy (server may run)
//   yishi-server rotate-server-key --db F [--key-file K]      new log signing key; old ones stay published
//   yishi-server export --db F --consultation N [--format json|csv] [--out FILE]   results, once public
//   yishi-server operator-token --db F                        print a new operator bearer token
//
// Exit codes: 0 success or clean shutdown (SIGINT/SIGTERM), 1 failure with a message on stderr,
// 2 bad command line.
//
// Each subcommand's options and its work live in cli/ (cli/commands.hpp); this file lists them and
// dispatches.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "cli/commands.hpp"

namespace cli = yishi::server::cli;

namespace {

struct Subcommand {
    const char* name;
    const char* help;                      // its line in `yishi-server --help`
    cli::Run (*add_options)(CLI::App&);    // adds its options; returns what runs it
};

// In the order --help lists them.
constexpr Subcommand kSubcommands[] = {
    {"serve", "serve the portal and the API (the default)", cli::serve_command},
    {"import-orgs", "import organisations from CSV (UTF-8 or GB18030)", cli::import_orgs_command},
    {"gen-orgs", "write a fictional directory as CSV to stdout", cli::gen_orgs_command},
    {"add-committee", "register a neighbourhood committee's key for a region", cli::add_committee_command},
    {"add-moderator", "register a moderator's key for a region", cli::add_moderator_command},
    {"issue-codes", "print single-use enrolment codes of a committee", cli::issue_codes_command},
    {"check", "check the database and the log against its last signed head", cli::check_command},
    {"add-region", "add one region (市/区/街道/社区/网格) to the tree", cli::add_region_command},
    {"import-regions", "import regions from CSV (id,parent,level,code,name)", cli::import_regions_command},
    {"backup", "write a consistent copy of the database (the server may run)", cli::backup_command},
    {"rotate-server-key", "make a new log signing key; old ones stay published", cli::rotate_server_key_command},
    {"export", "export a consultation's results (JSON bundle or CSV) once public", cli::export_command},
    {"operator-token", "print a new operator bearer token (stored only as its hash)", cli::operator_token_command},
    {"copy", "copy a SQLite database into another (e.g. PostgreSQL), verified by log root", cli::copy_command},
    {"migrate", "create or upgrade the database schema and print its version", cli::migrate_command},
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"yishi-server — the Yishi (议事) community consultation portal server", "yishi-server"};
    app.require_subcommand(1, 1);
    int exit_code = 0;
    for (const Subcommand& s : kSubcommands) {
        CLI::App* cmd = app.add_subcommand(s.name, s.help);
        // CLI11 calls back the one subcommand given, once the whole command line has parsed.
        cmd->callback([&exit_code, run = s.add_options(*cmd)] { exit_code = run(); });
    }

    // `yishi-server --port 1` means `yishi-server serve --port 1`.
    std::vector<std::string> args(argv + 1, argv + argc);
    const bool wants_help = !args.empty() && (args[0] == "--help" || args[0] == "-h");
    if (args.empty() || (args[0].rfind("-", 0) == 0 && !wants_help)) args.insert(args.begin(), "serve");
    std::reverse(args.begin(), args.end());  // CLI11 takes them last-first
    try {
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        // --help prints and succeeds; anything else CLI11 refuses (an unknown option, a value out of
        // range, a missing required one) is said on stderr and exits 2, as the usage above promises.
        return app.exit(e) == 0 ? 0 : 2;
    }
    return exit_code;
}
