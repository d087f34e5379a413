// log_commands.cpp — the signed submission log: `yishi-server rotate-server-key` (a new signing key; the
// old ones stay published) and `export` (a consultation's results with their proofs, once public).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <memory>

#include "admin.hpp"
#include "commands.hpp"
#include "export.hpp"
#include "ledger.hpp"
#include "yishi/crypto.hpp"

namespace yishi::server::cli {
namespace {

int rotate_server_key(const std::string& db, const std::string& key_file) {
    if (!core::crypto_init()) return 1;
    if (database_missing(db)) return 1;
    auto store = open_store(db);
    if (!store) return 1;
    auto key = server::rotate_server_key(store.value(), key_file, server::system_clock_ms());
    if (!key) {
        std::fprintf(stderr, "yishi-server: key not rotated: %s\n", std::string(core::error_message(key.error())).c_str());
        return 1;
    }
    std::printf("new log key %s%s; restart the server to sign with it (the previous keys stay published)\n",
                core::to_hex(key.value()).c_str(), key_file.empty() ? "" : (" (seed in " + key_file + ")").c_str());
    return 0;
}

struct ExportOptions { std::string db = kDefaultDb, format = "json", out, key_file; uint64_t consultation = 0; };

// The same bundle or CSV as GET /api/consultations/{id}/export.*, under the same rule: only once the
// vote has ended. Reads through a Ledger of its own (the proofs need the tree); run it while the
// server is stopped, or retry if the server signed a new head meanwhile.
int export_results(const ExportOptions& o) {
    if (!core::crypto_init()) return 1;
    if (database_missing(o.db)) return 1;
    auto ledger = server::Ledger::open(o.db, server::system_clock_ms, server::LedgerOptions{o.key_file});
    if (!ledger) {
        std::fprintf(stderr, "yishi-server: cannot open the log: %s\n", std::string(core::error_message(ledger.error())).c_str());
        return 1;
    }
    auto x = ledger.value()->export_consultation(o.consultation);
    if (!x || !x->has_value()) {
        std::fprintf(stderr, "yishi-server: %s\n", x ? "no consultation has this id" : std::string(core::error_message(x.error())).c_str());
        return 1;
    }
    if (!x->value().results_visible) {
        std::fprintf(stderr, "yishi-server: results_hidden: results and exports are published once the vote has ended\n");
        return 1;
    }
    std::string text;
    if (o.format == "json") {
        auto bundle = server::export_bundle(x->value(), ledger.value()->origin(), ledger.value()->server_key());
        if (!bundle) return std::fprintf(stderr, "yishi-server: %s\n", std::string(core::error_message(bundle.error())).c_str()), 1;
        text = bundle->dump();   // byte for byte the body of GET /api/consultations/{id}/export.json
    } else {
        auto csv = server::export_ballots_csv(x->value());
        if (!csv) return std::fprintf(stderr, "yishi-server: %s\n", std::string(core::error_message(csv.error())).c_str()), 1;
        text = std::move(csv.value());
    }
    if (o.out.empty()) return std::fwrite(text.data(), 1, text.size(), stdout) == text.size() ? 0 : 1;
    std::ofstream f(o.out, std::ios::binary);
    if (!(f << text)) {
        std::fprintf(stderr, "yishi-server: cannot write %s\n", o.out.c_str());
        return 1;
    }
    return 0;
}

}  // namespace

Run rotate_server_key_command(CLI::App& cmd) {
    struct Options { std::string db = kDefaultDb, key_file; };
    auto o = std::make_shared<Options>();
    add_db_option(cmd, o->db);
    cmd.add_option("--key-file", o->key_file, "write the new seed here (as serve --key-file) instead of the database");
    return [o] { return rotate_server_key(o->db, o->key_file); };
}

Run export_command(CLI::App& cmd) {
    auto o = std::make_shared<ExportOptions>();
    add_db_option(cmd, o->db);
    cmd.add_option("--consultation", o->consultation, "consultation id")->required();
    cmd.add_option("--format", o->format, "json (verifiable bundle) or csv (spreadsheet)")
        ->check(CLI::IsMember({"json", "csv"}))->capture_default_str();
    cmd.add_option("--out", o->out, "write here instead of standard output");
    cmd.add_option("--key-file", o->key_file, "the log key file, if serve uses one");
    return [o] { return export_results(*o); };
}

}  // namespace yishi::server::cli
