// main.cpp — yishi-server's command line.
//
//   yishi-server [serve] --host --port --db --web [--demo]   the portal (the default subcommand); --demo seeds
//                                                             organisations and consultations (demo.cpp)
//   yishi-server import-orgs --db FILE CSV                    import the organisation directory
//   yishi-server gen-orgs [--count N] [--seed S]              a fictional directory as CSV on stdout
//   yishi-server add-committee|add-moderator --db F --key HEX --region N --name NAME   register a role
//   yishi-server issue-codes --db F --committee-key HEX --region N --count K [--days D] print enrolment codes
//   yishi-server check --db F                                 integrity, log leaves, last checkpoint
//
// Exit codes: 0 success or clean shutdown (SIGINT/SIGTERM), 1 failure with a message on stderr,
// 2 bad command line.
#include <CLI/CLI.hpp>
#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "admin.hpp"
#include "demo.hpp"
#include "ledger.hpp"
#include "routes.hpp"
#include "yishi/crypto.hpp"
#include "yishi/org_import.hpp"
#include "yishi/org_synth.hpp"

namespace fs = std::filesystem;
using namespace yishi;

namespace {

struct ServeOptions {
    std::string host = "127.0.0.1";
    int port = 8080;
    std::string db = "data/yishi.db";
    std::string web = YISHI_DEFAULT_WEB_DIR;
    bool demo = false;
};

constexpr size_t kDemoOrgs = 21000;       // the seed city's 2.1万 organisations
constexpr uint64_t kDemoSeed = 2016;      // the seed article's year: the same demo every time

core::Result<core::Store> open_store(const std::string& path) {
    const fs::path db_path(path);
    if (db_path.has_parent_path()) {
        std::error_code ec;
        fs::create_directories(db_path.parent_path(), ec);
    }
    auto store = core::Store::open(path);
    if (!store)
        std::fprintf(stderr, "yishi-server: cannot open database %s: %s\n", path.c_str(),
                     std::string(core::error_message(store.error())).c_str());
    return store;
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

int serve(const ServeOptions& opt) {
    if (!core::crypto_init()) {
        std::fprintf(stderr, "yishi-server: libsodium failed to initialise\n");
        return 1;
    }
    auto store = open_store(opt.db);
    if (!store) return 1;
    if (opt.demo && !seed_demo(store.value())) {
        std::fprintf(stderr, "yishi-server: could not seed the demo data\n");
        return 1;
    }
    if (!fs::exists(fs::path(opt.web) / "index.html"))
        std::fprintf(stderr, "yishi-server: warning: %s/index.html is missing; build the web app (scripts/build.sh) "
                     "or pass --web\n", opt.web.c_str());

    auto ledger = server::Ledger::open(opt.db);
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
    server::ServerContext ctx{std::move(store.value()), {}, opt.web, {}, {}, std::move(ledger.value())};
    if (!server::reload_directory(ctx)) {
        std::fprintf(stderr, "yishi-server: cannot read the organisation directory\n");
        return 1;
    }
    httplib::Server http;
    server::install_routes(http, ctx);

    // Signals are taken by one thread (sigwait), which stops the server; handlers stay trivial.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);  // before any thread starts: all inherit it

    const int port = opt.port == 0 ? http.bind_to_any_port(opt.host) : (http.bind_to_port(opt.host, opt.port) ? opt.port : -1);
    if (port <= 0) {
        std::fprintf(stderr, "yishi-server: cannot listen on %s:%d (in use, or not an address of this machine)\n",
                     opt.host.c_str(), opt.port);
        return 1;
    }
    std::thread signal_thread([&] {
        int sig = 0;
        sigwait(&stop_signals, &sig);
        http.stop();
    });
    std::printf("yishi-server %s listening on http://%s:%d (db %s, web %s)\n", YISHI_VERSION, opt.host.c_str(), port,
                opt.db.c_str(), opt.web.c_str());
    std::fflush(stdout);

    const bool ok = http.listen_after_bind();
    kill(getpid(), SIGTERM);  // wake the signal thread if the server stopped on its own
    signal_thread.join();
    std::printf("yishi-server: stopped\n");
    return ok ? 0 : 1;
}


int import_orgs(const std::string& db, const std::string& csv_path) {
    std::ifstream f(csv_path, std::ios::binary);
    if (!f) {
        std::fprintf(stderr, "yishi-server: cannot read %s\n", csv_path.c_str());
        return 1;
    }
    const std::string bytes{std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
    auto store = open_store(db);
    if (!store) return 1;
    std::string detail;
    auto report = core::import_orgs_csv(store.value(), bytes, &detail);
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
    auto bytes = core::from_hex(hex);
    if (!bytes || bytes->size() != key.size()) {
        std::fprintf(stderr, "yishi-server: --key must be 64 hex digits (an Ed25519 public key)\n");
        return false;
    }
    std::copy(bytes->begin(), bytes->end(), key.begin());
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
    if (!fs::exists(db)) {
        std::fprintf(stderr, "yishi-server: %s does not exist\n", db.c_str());
        return 1;
    }
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

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"yishi-server — the Yishi (议事) community consultation portal server", "yishi-server"};
    app.require_subcommand(1, 1);

    ServeOptions opt;
    CLI::App* serve_cmd = app.add_subcommand("serve", "serve the portal and the API (the default)");
    serve_cmd->add_option("--host", opt.host, "address to listen on")->capture_default_str();
    serve_cmd->add_option("--port", opt.port, "TCP port; 0 picks a free one and prints it")
        ->check(CLI::Range(0, 65535))->capture_default_str();
    serve_cmd->add_option("--db", opt.db, "SQLite database file (created if missing)")->capture_default_str();
    serve_cmd->add_option("--web", opt.web, "directory of the built web app")->capture_default_str();
    serve_cmd->add_flag("--demo", opt.demo, "seed fictional demo data into an empty database");

    std::string db = "data/yishi.db", csv;
    CLI::App* import_cmd = app.add_subcommand("import-orgs", "import organisations from CSV (UTF-8 or GB18030)");
    import_cmd->add_option("--db", db, "SQLite database file")->capture_default_str();
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
        c->add_option("--db", role_opt.db, "SQLite database file")->capture_default_str();
        c->add_option("--key", role_opt.key, "Ed25519 public key, 64 hex digits")->required();
        c->add_option("--region", role_opt.region, "region id")->required()->check(CLI::Range(1u, 0xFFFFFFFFu));
        c->add_option("--name", role_opt.name, "display name, e.g. 菊苑社区居委会")->required();
    }
    CodeOptions code_opt;
    CLI::App* codes_cmd = app.add_subcommand("issue-codes", "print single-use enrolment codes of a committee");
    codes_cmd->add_option("--db", code_opt.db, "SQLite database file")->capture_default_str();
    codes_cmd->add_option("--committee-key", code_opt.key, "the committee's public key, 64 hex digits")->required();
    codes_cmd->add_option("--region", code_opt.region, "region id the codes enrol into")->required();
    codes_cmd->add_option("--count", code_opt.count, "how many codes")
        ->check(CLI::Range(size_t{1}, server::kMaxCodesPerIssue))->capture_default_str();
    codes_cmd->add_option("--days", code_opt.days, "days until the codes expire")
        ->check(CLI::Range(int64_t{1}, int64_t{3650}))->capture_default_str();
    std::string check_db = "data/yishi.db";
    CLI::App* check_cmd = app.add_subcommand("check", "check the database and the log against its last signed head");
    check_cmd->add_option("--db", check_db, "SQLite database file")->capture_default_str();

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
    if (*gen_cmd) {
        const std::string out = core::orgs_to_csv(core::synth_orgs(count, seed));
        std::fwrite(out.data(), 1, out.size(), stdout);
        return 0;
    }
    return serve(opt);
}
