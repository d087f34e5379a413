// yishi_main.cpp — entry point of the `yishi` command-line tool: registers one subcommand per
// feature (see commands.hpp), parses, and turns any escaped exception into a message and exit 1.
// The core never throws; CLI11 and nlohmann/json may, so they are caught here, at the edge.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "commands.hpp"

int main(int argc, char** argv) {
    CLI::App app{"yishi (议事) — tools over the consultation core: count ballots, check exports, audit and witness a log"};
    app.require_subcommand(1);
    app.set_version_flag("--version", YISHI_VERSION);
    int exit_code = 0;
    yishi::tool::add_tally_command(app, exit_code);
    yishi::tool::add_sign_command(app, exit_code);
    yishi::tool::add_verify_command(app, exit_code);
    yishi::tool::add_groups_command(app, exit_code);
    yishi::tool::add_audit_command(app, exit_code);
    yishi::tool::add_witness_command(app, exit_code);
    // More subcommands register here, each from its own file.
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "yishi: %s\n", e.what());
        return 1;
    }
    return exit_code;
}
