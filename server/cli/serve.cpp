// serve.cpp — `yishi-server serve` (the default subcommand): the portal and the API over one database,
// until SIGINT or SIGTERM. --demo first seeds fictional organisations, regions and consultations
// (demo.cpp) into an empty database.
#include <CLI/CLI.hpp>
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <thread>

#include "commands.hpp"
#include "database.hpp"
#include "demo.hpp"
#include "front.hpp"
#include "ledger.hpp"
#include "routes.hpp"
#include "witness_push.hpp"
#include "yishi/crypto.hpp"
#include "yishi/org_synth.hpp"
#include "yishi/region.hpp"

namespace fs = std::filesystem;

namespace yishi::server::cli {
namespace {

struct ServeOptions {
    std::string host = "127.0.0.1";
    int port = 8080;
    std::string db = kDefaultDb;
    std::string web = YISHI_DEFAULT_WEB_DIR;
    bool demo = false;
    std::string key_file;                                      // log key seed outside the database
    std::vector<std::string> witnesses;                        // URL=VERIFIER_KEY, each asked to cosign (witness_push.hpp)
    double rate_per_key = server::kDefaultRatePerKey;          // 0 = off
    double rate_per_address = server::kDefaultRatePerAddress;  // 0 = off
    double read_rate_per_address = server::kDefaultReadRatePerAddress;   // 0 = off
    server::FrontLimits front;                                 // connections, deadlines, head size
};

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

}  // namespace

Run serve_command(CLI::App& cmd) {
    auto opt = std::make_shared<ServeOptions>();
    cmd.add_option("--host", opt->host, "address to listen on")->capture_default_str();
    cmd.add_option("--port", opt->port, "TCP port; 0 picks a free one and prints it")
        ->check(CLI::Range(0, 65535))->capture_default_str();
    add_db_option(cmd, opt->db);
    cmd.add_option("--web", opt->web, "directory of the built web app")->capture_default_str();
    cmd.add_flag("--demo", opt->demo, "seed fictional demo data into an empty database");
    cmd.add_option("--witness", opt->witnesses,
                   "a witness to cosign each checkpoint: URL=VERIFIER_KEY (as `yishi witness` prints it); repeatable");
    cmd.add_option("--key-file", opt->key_file,
                   "keep the log key seed in this file (0600) instead of the database; created if missing");
    cmd.add_option("--rate-per-key", opt->rate_per_key, "submissions a second per author key (0 = no limit)")
        ->check(CLI::Range(0.0, 1e6))->capture_default_str();
    cmd.add_option("--rate-per-address", opt->rate_per_address,
                   "POST requests (submissions, code requests, imports) a second per client address (0 = no limit)")
        ->check(CLI::Range(0.0, 1e6))->capture_default_str();
    cmd.add_option("--read-rate-per-address", opt->read_rate_per_address,
                   "other /api/ requests a second per client address (0 = no limit)")
        ->check(CLI::Range(0.0, 1e6))->capture_default_str();
    cmd.add_option("--max-connections", opt->front.max_connections, "open connections at once")
        ->check(CLI::Range(size_t{1}, size_t{1000000}))->capture_default_str();
    cmd.add_option("--max-connections-per-address", opt->front.max_connections_per_address,
                   "open connections from one client address (IPv6: one /64)")
        ->check(CLI::Range(size_t{1}, size_t{1000000}))->capture_default_str();
    cmd.add_option("--idle-timeout-ms", opt->front.idle_timeout_ms, "a keep-alive connection idle this long is closed")
        ->check(CLI::Range(int64_t{100}, int64_t{600000}))->capture_default_str();
    cmd.add_option("--request-timeout-ms", opt->front.request_timeout_ms,
                   "a request (head and body) not all here this long after its first byte: connection closed")
        ->check(CLI::Range(int64_t{100}, int64_t{600000}))->capture_default_str();
    cmd.add_option("--max-head-bytes", opt->front.head.max_bytes, "request line and headers, in all (431 beyond)")
        ->check(CLI::Range(size_t{1024}, size_t{65536}))->capture_default_str();
    cmd.add_option("--max-headers", opt->front.head.max_headers, "header lines in one request (431 beyond)")
        ->check(CLI::Range(size_t{8}, size_t{1000}))->capture_default_str();
    cmd.add_option("--route-threads-per-address", opt->front.route_threads_per_address,
                   "route threads one client address may hold at once (of " + std::to_string(server::kRouteThreads) + ")")
        ->check(CLI::Range(size_t{1}, server::kRouteThreads))->capture_default_str();
    return [opt] { return serve(*opt); };
}

}  // namespace yishi::server::cli
