// directory_commands.cpp — `yishi-server import-orgs` (the organisation directory from CSV, UTF-8 or
// GB18030; columns in docs/directory.md) and `gen-orgs` (a fictional directory, the demo's, as CSV).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "commands.hpp"
#include "yishi/org_import.hpp"
#include "yishi/org_synth.hpp"

namespace yishi::server::cli {
namespace {

int import_orgs(const std::string& db, const std::string& csv_path) {
    const auto bytes = read_input(csv_path);
    if (!bytes) return 1;
    auto store = open_store(db);
    if (!store) return 1;
    std::string detail;
    auto report = core::import_orgs_csv(store.value(), *bytes, &detail);
    if (!report) {
        std::fprintf(stderr, "yishi-server: %s not imported: %s: %s\n", csv_path.c_str(),
                     std::string(core::error_message(report.error())).c_str(), detail.c_str());
        return 1;
    }
    const core::OrgImport& p = report->parsed;
    for (const auto& r : p.rejected) std::printf("line %zu: rejected: %s\n", r.line, r.reason.c_str());
    for (const auto& c : p.ignored_columns) std::printf("column %s: ignored (not a directory column)\n", c.c_str());
    std::printf("%s: %zu rows (%s), %zu imported (%zu new, %zu updated), %zu rejected\n", csv_path.c_str(), p.rows,
                p.encoding.c_str(), p.orgs.size(), report->counts.inserted, report->counts.updated, p.rejected.size());
    return 0;
}

}  // namespace

Run import_orgs_command(CLI::App& cmd) {
    struct Options { std::string db = kDefaultDb, csv; };
    auto o = std::make_shared<Options>();
    add_db_option(cmd, o->db);
    cmd.add_option("csv", o->csv, "the CSV file (columns: docs/directory.md)")->required();
    return [o] { return import_orgs(o->db, o->csv); };
}

Run gen_orgs_command(CLI::App& cmd) {
    struct Options { size_t count = kDemoOrgs; uint64_t seed = kDemoSeed; };
    auto o = std::make_shared<Options>();
    cmd.add_option("--count", o->count, "how many organisations")->capture_default_str();
    cmd.add_option("--seed", o->seed, "generator seed (same seed, same directory)")->capture_default_str();
    return [o] {
        const std::string out = core::orgs_to_csv(core::synth_orgs(o->count, o->seed));
        std::fwrite(out.data(), 1, out.size(), stdout);
        return 0;
    };
}

}  // namespace yishi::server::cli
