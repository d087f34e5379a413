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
#include <CLI/CLI.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include "admin.hpp"
#include "demo.hpp"
#include "export.hpp"
#include "front.hpp"
#include "ledger.hpp"
#include "routes.hpp"
#include "static_files.hpp"
#include "witness_push.hpp"
#include "yishi/crypto.hpp"
#include "yishi/org_import.hpp"
#include "yishi/org_synth.hpp"
#include "yishi/region.hpp"
#include "database.hpp"

namespace fs = std::filesystem;
using namespace yishi;

namespace {

struct ServeOptions {
    std::string host = "127.0.0.1";
    int port = 8080;
    std::string db = "data/yishi.db";
    std::string web = YISHI_DEFAULT_WEB_DIR;
    bool demo = false;
    std::string key_file;                                      // log key seed outside the database
    std::vector<std::string> witnesses;                        // URL=VERIFIER_KEY, each asked to cosign (witness_push.hpp)
    double rate_per_key = server::kDefaultRatePerKey;          // 0 = off
    double rate_per_address = server::kDefaultRatePerAddress;  // 0 = off
    double read_rate_per_address = server::kDefaultReadRatePerAddress;   // 0 = off
    server::FrontLimits front;                                 // connections, deadlines, head size
};

constexpr const char* kDbHelp = "database: a SQLite file (PATH or sqlite:PATH, created if missing) or postgresql://…";
constexpr size_t kDemoOrgs = 21000;       // the seed city's 2.1万 organisations
constexpr uint64_t kDemoSeed = 2016;      // the seed article's year: the same demo every time

// Opens (creating and migrating) the database of --db: a SQLite file, whose directory is created, or a
// PostgreSQL database (server/database.hpp).
core::Result<core::Store> open_store(const std::string& location) {
    const fs::path db_path(server::sqlite_path(location));
    if (!server::is_postgres_location(location) && db_path.has_parent_path()) {
        std::error_code ec;
        fs::create_directories(db_path.parent_path(), ec);
    }
    return server::open_database(location);
}

// True (with a message) if --db names a SQLite file that does not exist: commands that only read or
// amend a database never create an empty one. A PostgreSQL database is checked by connecting.
bool database_missing(const std::string& location) {
    if (server::is_postgres_location(location) || fs::exists(server::sqlite_path(location))) return false;
    std::fprintf(stderr, "yishi-server: %s does not exist\n", location.c_str());
    return true;
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

// Fills an empty directory with the fictional demo organisations.
bool seed_demo(core::Store& store) {
    auto n = core::count_orgs(store);
    if (!n) return false;
    if (n.value() > 0) return true;
    auto counts = core::upsert_orgs(store, core::synth_orgs(kDemoOrgs, kDemoSeed));
    if (!counts) return false;
    std::printf("yishi-server: demo directory seeded with %zu fictional organisations\n", counts->inserted);
    return true;
}

// Fills an empty region table with Suzhou's districts and fictional streets/communities (core::demo_regions).
bool seed_demo_regions(core::Store& store) {
    auto tree = core::load_region_tree(store);
    if (!tree) return false;
    if (tree->size() > 0) return true;
    for (const core::Region& r : core::demo_regions())   // parents come before children
        if (!core::add_region(store, r)) return false;
    std::printf("yishi-server: demo regions seeded: 苏州市 and %zu regions below it\n", core::demo_regions().size() - 1);
    return true;
}

int serve(const ServeOptions& opt) {
    // Signals are taken by one thread (sigwait), which stops the server; handlers stay trivial.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);  // before any thread (the ledger's writer too) starts: all inherit it
    if (!core::crypto_init()) {
        std::fprintf(stderr, "yishi-server: libsodium failed to initialise\n");
        return 1;
    }
    std::vector<server::WitnessEndpoint> witnesses;
    for (const std::string& spec : opt.witnesses) {
        std::string error;
        auto w = server::parse_witness_flag(spec, error);
        if (!w) {
            std::fprintf(stderr, "yishi-server: %s\n", error.c_str());
            return 1;
        }
        witnesses.push_back(std::move(*w));
    }
    auto store = open_store(opt.db);
    if (!store) return 1;
    if (opt.demo && (!seed_demo(store.value()) || !seed_demo_regions(store.value()))) {
        std::fprintf(stderr, "yishi-server: could not seed the demo data\n");
        return 1;
    }
    if (!fs::exists(fs::path(opt.web) / "index.html"))
        std::fprintf(stderr, "yishi-server: warning: %s/index.html is missing; build the web app (scripts/build.sh) "
                     "or pass --web\n", opt.web.c_str());

    auto ledger = server::Ledger::open(opt.db, server::system_clock_ms, server::LedgerOptions{opt.key_file});
    if (!ledger) {
        std::fprintf(stderr, "yishi-server: cannot open the submission log in %s: %s\n", opt.db.c_str(),
                     std::string(core::error_message(ledger.error())).c_str());
        return 1;
    }
    if (opt.demo) {
        // Demo consultations go through the real ledger: signed envelopes, so the demo log verifies.
        if (auto st = server::seed_demo_consultations(store.value(), *ledger.value(), server::system_clock_ms()); !st) {
            std::fprintf(stderr, "yishi-server: could not seed the demo consultations: %s\n",
                         std::string(core::error_code(st.error())).c_str());
            return 1;
        }
    }
    server::ServerContext ctx{std::move(store.value()), {}, opt.web, {}, {}, std::move(ledger.value()), nullptr, {}};
    // On PostgreSQL the buckets are the database's, shared by every server of it (rate_limit.hpp).
    auto shared_buckets = server::open_shared_buckets(opt.db);
    if (server::is_postgres_location(opt.db) && !shared_buckets) return 1;
    ctx.limits = std::make_unique<server::RateLimits>(opt.rate_per_key, opt.rate_per_address,
                                                      opt.read_rate_per_address, server::system_clock_ms,
                                                      shared_buckets);
    if (!server::reload_directory(ctx)) {
        std::fprintf(stderr, "yishi-server: cannot read the organisation directory\n");
        return 1;
    }
    for (const auto& w : witnesses) ctx.witness_keys.push_back(core::witness_verifier_key(w.key));
    std::optional<server::WitnessPusher> pusher;   // stopped before ctx (and its ledger) goes
    if (!witnesses.empty()) pusher.emplace(*ctx.ledger, std::move(witnesses));
    server::HttpRoutes http;
    server::install_routes(http, ctx);
    server::Front front(http, ctx, opt.front);
    const int port = front.bind(opt.host, opt.port);
    if (port <= 0) {
        std::fprintf(stderr, "yishi-server: cannot listen on %s:%d (in use, or not an address of this machine)\n",
                     opt.host.c_str(), opt.port);
        return 1;
    }
    std::thread signal_thread([&] {
        int sig = 0;
        sigwait(&stop_signals, &sig);
        front.stop();
    });
    std::printf("yishi-server %s listening on http://%s:%d (db %s, web %s)\n", YISHI_VERSION, opt.host.c_str(), port,
                opt.db.c_str(), opt.web.c_str());
    std::fflush(stdout);

    front.run();
    signal_thread.join();
    const server::LedgerStats st = ctx.ledger->stats();
    std::printf("yishi-server: writer: %llu envelopes in %llu commits (mean %.1f, largest %llu), apply %.2f ms and "
                "commit %.2f ms per commit on average, %.1f WAL pages per envelope; %llu answered before the signature "
                "check\n",
                static_cast<unsigned long long>(st.envelopes), static_cast<unsigned long long>(st.batches),
                st.batches ? static_cast<double>(st.envelopes) / st.batches : 0.0,
                static_cast<unsigned long long>(st.largest_batch),
                st.batches ? st.apply_us / 1000.0 / st.batches : 0.0, st.batches ? st.commit_us / 1000.0 / st.batches : 0.0,
                st.envelopes ? static_cast<double>(st.wal_pages) / st.envelopes : 0.0,
                static_cast<unsigned long long>(st.early_refusals));
    std::printf("yishi-server: stopped\n");
    return 0;
}


// An input file (CSV) whole, or nullopt and a line on stderr if it cannot be read.
std::optional<std::string> read_input(const std::string& path) {
    std::string bytes;
    if (server::read_whole_file(path, bytes)) return bytes;
    std::fprintf(stderr, "yishi-server: cannot read %s\n", path.c_str());
    return std::nullopt;
}

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

bool parse_key(const std::string& hex, core::PublicKey& key) {
    auto bytes = core::from_hex_array<core::kPublicKeySize>(hex);
    if (!bytes) {
        std::fprintf(stderr, "yishi-server: --key must be 64 hex digits (an Ed25519 public key)\n");
        return false;
    }
    key = *bytes;
    return true;
}

struct RoleOptions { std::string db = "data/yishi.db", key, name; uint32_t region = 0; };

int add_role(const RoleOptions& o, server::Role role) {
    core::PublicKey key{};
    if (!parse_key(o.key, key)) return 1;
    auto store = open_store(o.db);
    if (!store) return 1;
    if (auto st = server::add_role(store.value(), key, role, o.region, o.name, server::system_clock_ms()); !st) {
        std::fprintf(stderr, "yishi-server: %s\n", std::string(core::error_message(st.error())).c_str());
        return 1;
    }
    std::printf("%s %s registered for region %u (%s)\n", role == server::Role::Committee ? "committee" : "moderator",
                o.key.c_str(), o.region, o.name.c_str());
    return 0;
}

struct CodeOptions { std::string db = "data/yishi.db", key; uint32_t region = 0; size_t count = 1;
                     int64_t days = server::kDefaultCodeLifetimeDays; };

int issue_codes(const CodeOptions& o) {
    core::PublicKey key{};
    if (!parse_key(o.key, key)) return 1;
    if (!core::crypto_init()) return 1;
    auto store = open_store(o.db);
    if (!store) return 1;
    auto codes = server::issue_codes(store.value(), key, o.region, o.count, o.days, server::system_clock_ms());
    if (!codes) {
        std::fprintf(stderr, "yishi-server: no codes issued: %s\n", std::string(core::error_message(codes.error())).c_str());
        return 1;
    }
    for (const auto& c : codes.value()) std::printf("%s\n", c.c_str());
    return 0;
}

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

struct ExportOptions { std::string db = "data/yishi.db", format = "json", out, key_file; uint64_t consultation = 0; };

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

struct RegionOptions { std::string db = "data/yishi.db", level, code, name; uint32_t id = 0, parent = 0; };

int add_region(const RegionOptions& o) {
    const auto level = core::parse_region_level(o.level);
    if (!level) {
        std::fprintf(stderr, "yishi-server: --level must be city, district, street, community or grid\n");
        return 2;
    }
    auto store = open_store(o.db);
    if (!store) return 1;
    const core::Region r{o.id, o.parent, *level, o.code, o.name};
    if (auto st = core::add_region(store.value(), r); !st) {
        std::fprintf(stderr, "yishi-server: region %u not added: %s (%s)\n", o.id,
                     std::string(core::error_message(st.error())).c_str(), std::string(core::error_code(st.error())).c_str());
        return 1;
    }
    std::printf("region %u %s %s %s under %u\n", o.id, o.code.c_str(), std::string(core::region_level_name(*level)).c_str(),
                o.name.c_str(), o.parent);
    return 0;
}

int import_regions(const std::string& db, const std::string& csv_path) {
    const auto bytes = read_input(csv_path);
    if (!bytes) return 1;
    auto store = open_store(db);
    if (!store) return 1;
    std::string detail;
    auto r = core::import_regions_csv(store.value(), *bytes, &detail);
    if (!r) {
        std::fprintf(stderr, "yishi-server: %s not imported (%s): %s\n", csv_path.c_str(),
                     std::string(core::error_code(r.error())).c_str(), detail.c_str());
        return 1;
    }
    std::printf("%s: %zu rows, %zu new, %zu already present\n", csv_path.c_str(), r->rows, r->inserted, r->unchanged);
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

int operator_token(const std::string& db) {
    if (!core::crypto_init()) return 1;
    auto store = open_store(db);
    if (!store) return 1;
    auto token = server::create_operator_token(store.value(), server::system_clock_ms());
    if (!token) {
        std::fprintf(stderr, "yishi-server: no token created: %s\n", std::string(core::error_message(token.error())).c_str());
        return 1;
    }
    std::printf("%s\n", token->c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"yishi-server — the Yishi (议事) community consultation portal server", "yishi-server"};
    app.require_subcommand(1, 1);

    ServeOptions opt;
    CLI::App* serve_cmd = app.add_subcommand("serve", "serve the portal and the API (the default)");
    serve_cmd->add_option("--host", opt.host, "address to listen on")->capture_default_str();
    serve_cmd->add_option("--port", opt.port, "TCP port; 0 picks a free one and prints it")
        ->check(CLI::Range(0, 65535))->capture_default_str();
    serve_cmd->add_option("--db", opt.db, kDbHelp)->capture_default_str();
    serve_cmd->add_option("--web", opt.web, "directory of the built web app")->capture_default_str();
    serve_cmd->add_flag("--demo", opt.demo, "seed fictional demo data into an empty database");
    serve_cmd->add_option("--witness", opt.witnesses,
                          "a witness to cosign each checkpoint: URL=VERIFIER_KEY (as `yishi witness` prints it); repeatable");
    serve_cmd->add_option("--key-file", opt.key_file,
                          "keep the log key seed in this file (0600) instead of the database; created if missing");
    serve_cmd->add_option("--rate-per-key", opt.rate_per_key, "submissions a second per author key (0 = no limit)")
        ->check(CLI::Range(0.0, 1e6))->capture_default_str();
    serve_cmd->add_option("--rate-per-address", opt.rate_per_address,
                          "POST requests (submissions, code requests, imports) a second per client address (0 = no limit)")->check(CLI::Range(0.0, 1e6))->capture_default_str();
    serve_cmd->add_option("--read-rate-per-address", opt.read_rate_per_address,
                          "other /api/ requests a second per client address (0 = no limit)")
        ->check(CLI::Range(0.0, 1e6))->capture_default_str();
    serve_cmd->add_option("--max-connections", opt.front.max_connections, "open connections at once")
        ->check(CLI::Range(size_t{1}, size_t{1000000}))->capture_default_str();
    serve_cmd->add_option("--max-connections-per-address", opt.front.max_connections_per_address,
                          "open connections from one client address (IPv6: one /64)")
        ->check(CLI::Range(size_t{1}, size_t{1000000}))->capture_default_str();
    serve_cmd->add_option("--idle-timeout-ms", opt.front.idle_timeout_ms, "a keep-alive connection idle this long is closed")
        ->check(CLI::Range(int64_t{100}, int64_t{600000}))->capture_default_str();
    serve_cmd->add_option("--request-timeout-ms", opt.front.request_timeout_ms,
                          "a request (head and body) not all here this long after its first byte: connection closed")
        ->check(CLI::Range(int64_t{100}, int64_t{600000}))->capture_default_str();
    serve_cmd->add_option("--max-head-bytes", opt.front.head.max_bytes, "request line and headers, in all (431 beyond)")
        ->check(CLI::Range(size_t{1024}, size_t{65536}))->capture_default_str();
    serve_cmd->add_option("--max-headers", opt.front.head.max_headers, "header lines in one request (431 beyond)")
        ->check(CLI::Range(size_t{8}, size_t{1000}))->capture_default_str();
    serve_cmd->add_option("--route-threads-per-address", opt.front.route_threads_per_address,
                          "route threads one client address may hold at once (of " +
                              std::to_string(server::kRouteThreads) + ")")
        ->check(CLI::Range(size_t{1}, server::kRouteThreads))->capture_default_str();

    std::string db = "data/yishi.db", csv;
    CLI::App* import_cmd = app.add_subcommand("import-orgs", "import organisations from CSV (UTF-8 or GB18030)");
    import_cmd->add_option("--db", db, kDbHelp)->capture_default_str();
    import_cmd->add_option("csv", csv, "the CSV file (columns: docs/directory.md)")->required();

    size_t count = kDemoOrgs;
    uint64_t seed = kDemoSeed;
    CLI::App* gen_cmd = app.add_subcommand("gen-orgs", "write a fictional directory as CSV to stdout");
    gen_cmd->add_option("--count", count, "how many organisations")->capture_default_str();
    gen_cmd->add_option("--seed", seed, "generator seed (same seed, same directory)")->capture_default_str();

    RoleOptions role_opt;
    CLI::App* committee_cmd = app.add_subcommand("add-committee", "register a neighbourhood committee's key for a region");
    CLI::App* moderator_cmd = app.add_subcommand("add-moderator", "register a moderator's key for a region");
    for (CLI::App* c : {committee_cmd, moderator_cmd}) {
        c->add_option("--db", role_opt.db, kDbHelp)->capture_default_str();
        c->add_option("--key", role_opt.key, "Ed25519 public key, 64 hex digits")->required();
        c->add_option("--region", role_opt.region, "region id")->required()->check(CLI::Range(1u, 0xFFFFFFFFu));
        c->add_option("--name", role_opt.name, "display name, e.g. 菊苑社区居委会")->required();
    }
    CodeOptions code_opt;
    CLI::App* codes_cmd = app.add_subcommand("issue-codes", "print single-use enrolment codes of a committee");
    codes_cmd->add_option("--db", code_opt.db, kDbHelp)->capture_default_str();
    codes_cmd->add_option("--committee-key", code_opt.key, "the committee's public key, 64 hex digits")->required();
    codes_cmd->add_option("--region", code_opt.region, "region id the codes enrol into")->required();
    codes_cmd->add_option("--count", code_opt.count, "how many codes")
        ->check(CLI::Range(size_t{1}, server::kMaxCodesPerIssue))->capture_default_str();
    codes_cmd->add_option("--days", code_opt.days, "days until the codes expire")
        ->check(CLI::Range(int64_t{1}, int64_t{3650}))->capture_default_str();
    std::string check_db = "data/yishi.db";
    CLI::App* check_cmd = app.add_subcommand("check", "check the database and the log against its last signed head");
    check_cmd->add_option("--db", check_db, kDbHelp)->capture_default_str();

    RegionOptions region_opt;
    CLI::App* region_cmd = app.add_subcommand("add-region", "add one region (市/区/街道/社区/网格) to the tree");
    region_cmd->add_option("--db", region_opt.db, kDbHelp)->capture_default_str();
    region_cmd->add_option("--id", region_opt.id, "region id (the envelope scope's region)")->required()
        ->check(CLI::Range(1u, 0xFFFFFFFFu));
    region_cmd->add_option("--parent", region_opt.parent, "parent region id; 0 for the root")->capture_default_str();
    region_cmd->add_option("--level", region_opt.level, "city, district, street, community or grid")->required();
    region_cmd->add_option("--code", region_opt.code, "12-digit statistical division code, e.g. 320508000000")->required();
    region_cmd->add_option("--name", region_opt.name, "name, e.g. 姑苏区")->required();
    std::string regions_db = "data/yishi.db", regions_csv;
    CLI::App* regions_cmd = app.add_subcommand("import-regions", "import regions from CSV (id,parent,level,code,name)");
    regions_cmd->add_option("--db", regions_db, kDbHelp)->capture_default_str();
    regions_cmd->add_option("csv", regions_csv, "the CSV file (UTF-8)")->required();
    std::string backup_db = "data/yishi.db", backup_out;
    CLI::App* backup_cmd = app.add_subcommand("backup", "write a consistent copy of the database (the server may run)");
    backup_cmd->add_option("--db", backup_db, kDbHelp)->capture_default_str();
    backup_cmd->add_option("--out", backup_out, "the copy to write (must not exist)")->required();
    std::string rotate_db = "data/yishi.db", rotate_key_file;
    CLI::App* rotate_cmd = app.add_subcommand("rotate-server-key", "make a new log signing key; old ones stay published");
    rotate_cmd->add_option("--db", rotate_db, kDbHelp)->capture_default_str();
    rotate_cmd->add_option("--key-file", rotate_key_file, "write the new seed here (as serve --key-file) instead of the database");
    ExportOptions export_opt;
    CLI::App* export_cmd = app.add_subcommand("export", "export a consultation's results (JSON bundle or CSV) once public");
    export_cmd->add_option("--db", export_opt.db, kDbHelp)->capture_default_str();
    export_cmd->add_option("--consultation", export_opt.consultation, "consultation id")->required();
    export_cmd->add_option("--format", export_opt.format, "json (verifiable bundle) or csv (spreadsheet)")
        ->check(CLI::IsMember({"json", "csv"}))->capture_default_str();
    export_cmd->add_option("--out", export_opt.out, "write here instead of standard output");
    export_cmd->add_option("--key-file", export_opt.key_file, "the log key file, if serve uses one");
    std::string token_db = "data/yishi.db";
    CLI::App* token_cmd = app.add_subcommand("operator-token",
                                             "print a new operator bearer token (stored only as its hash)");
    token_cmd->add_option("--db", token_db, kDbHelp)->capture_default_str();

    std::string copy_from, copy_to;
    CLI::App* copy_cmd = app.add_subcommand("copy", "copy a SQLite database into another (e.g. PostgreSQL), verified by log root");
    copy_cmd->add_option("--from", copy_from, "the SQLite database (PATH or sqlite:PATH)")->required();
    copy_cmd->add_option("--to", copy_to, "the target: postgresql://… (or a new SQLite file); its log must be empty")->required();
    std::string migrate_db = "data/yishi.db";
    CLI::App* migrate_cmd = app.add_subcommand("migrate", "create or upgrade the database schema and print its version");
    migrate_cmd->add_option("--db", migrate_db, kDbHelp)->capture_default_str();

    // `yishi-server --port 1` means `yishi-server serve --port 1`.
    std::vector<std::string> args(argv + 1, argv + argc);
    const bool wants_help = !args.empty() && (args[0] == "--help" || args[0] == "-h");
    if (args.empty() || (args[0].rfind("-", 0) == 0 && !wants_help)) args.insert(args.begin(), "serve");
    std::reverse(args.begin(), args.end());  // CLI11 takes them last-first
    try {
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    if (*import_cmd) return import_orgs(db, csv);
    if (*committee_cmd) return add_role(role_opt, server::Role::Committee);
    if (*moderator_cmd) return add_role(role_opt, server::Role::Moderator);
    if (*codes_cmd) return issue_codes(code_opt);
    if (*check_cmd) return check(check_db);
    if (*migrate_cmd) return migrate(migrate_db);
    if (*copy_cmd) return copy(copy_from, copy_to);
    if (*region_cmd) return add_region(region_opt);
    if (*regions_cmd) return import_regions(regions_db, regions_csv);
    if (*backup_cmd) return backup(backup_db, backup_out);
    if (*rotate_cmd) return rotate_server_key(rotate_db, rotate_key_file);
    if (*token_cmd) return operator_token(token_db);
    if (*export_cmd) return export_results(export_opt);
    if (*gen_cmd) {
        const std::string out = core::orgs_to_csv(core::synth_orgs(count, seed));
        std::fwrite(out.data(), 1, out.size(), stdout);
        return 0;
    }
    return serve(opt);
}
