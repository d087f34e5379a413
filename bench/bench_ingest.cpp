// bench_ingest.cpp — end-to-end ingest of signed submissions over loopback HTTP, beside raw
// single-core libsodium verification measured in the same run.
//
// The real server (routes, prepare_submission on httplib's worker threads, the single writer with
// group commit, WAL + synchronous=FULL) runs in this process on 127.0.0.1 with a fresh database in
// the working directory; N client threads, each a keep-alive connection for one enrolled resident,
// post pre-signed comments back to back. Reported: accepted submissions/s, p50/p99 latency per
// request, raw crypto_sign_verify_detached/s on one core, and the ratio. No thresholds.
//
// Usage: yishi_bench_ingest [clients, default 8] [comments per client, default 1000] [database] [servers]
// The database is a fresh SQLite file bench_ingest.db unless a location is given (an empty PostgreSQL
// database: postgresql://…, see run_ingest_bench.sh, which runs both engines in one run). `servers`
// (PostgreSQL only, default 1): that many servers in this process on the one database, each with its own
// ledger, connections and port, the clients spread over them round-robin (issue 23 step 4).
#include <httplib.h>
#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "admin.hpp"
#include "database.hpp"
#include "bench_envelopes.hpp"
#include "front.hpp"
#include "ledger.hpp"
#include "routes.hpp"
#include "yishi/envelope.hpp"

using namespace yishi;
using clock_type = std::chrono::steady_clock;

using namespace yishi::bench;

namespace {

bool post(httplib::Client& c, const std::string& wire, int want) {
    auto r = c.Post("/api/submit", wire, "application/octet-stream");
    if (!r || r->status != want) {
        std::fprintf(stderr, "bench_ingest: unexpected answer %d: %s\n", r ? r->status : -1,
                     r ? r->body.c_str() : httplib::to_string(r.error()).c_str());
        return false;
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    const size_t clients = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 8;
    const size_t per_client = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 1000;
    if (!core::crypto_init() || clients == 0 || per_client == 0) return 1;
    const std::string db = argc > 3 ? argv[3] : "bench_ingest.db";
    const bool sqlite = !server::is_postgres_location(db);
    const size_t servers = argc > 4 && !sqlite ? std::max<size_t>(1, std::strtoul(argv[4], nullptr, 10)) : 1;
    if (sqlite)
        for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(server::sqlite_path(db) + s);

    // Roles and codes, then the pre-signed load (signing is not measured).
    auto committee = core::SigningKey::generate().value();
    std::vector<std::string> codes;
    {
        auto store = server::open_database(db).value();
        (void)server::add_role(store, committee.public_key(), server::Role::Committee, kRegion, "bench", 0);
        codes = server::issue_codes(store, committee.public_key(), kRegion, clients, 1, server::system_clock_ms()).value();
    }
    core::ConsultationOpenPayload open{"bench", "", core::VotingMethod::Plurality, 0, {{1, "a", 0}, {2, "b", 0}},
                                       {{core::Stage::Deliberate, 0}}, {}};
    std::vector<std::string> setup{wire_of(envelope(committee, 1, kConsultation, open), committee)};
    std::vector<std::vector<std::string>> load(clients);
    for (size_t c = 0; c < clients; ++c) {
        auto k = core::SigningKey::generate().value();
        setup.push_back(wire_of(envelope(k, 1, 0, core::EnrollPayload{core::sha256(core::as_bytes(codes[c])), "r"}), k));
        for (size_t i = 0; i < per_client; ++i)
            load[c].push_back(wire_of(envelope(k, i + 2, kConsultation,
                                               core::CommentPayload{{}, core::Stance::Neutral,
                                                                    "第" + std::to_string(i) + "条意见：同意加装电梯。"}), k));
    }

    struct Node {   // one server: what `serve` builds
        std::unique_ptr<server::ServerContext> ctx;
        std::unique_ptr<server::HttpRoutes> http;
        std::unique_ptr<server::Front> front;
        int port = 0;
        std::thread thread;
    };
    std::vector<Node> nodes(servers);
    for (Node& n : nodes) {
        auto store = server::open_database(db);
        auto ledger = server::Ledger::open(db);
        if (!store || !ledger) return 1;
        n.ctx.reset(new server::ServerContext{std::move(store.value()), {}, "", {}, {}, std::move(ledger.value()), nullptr});
        n.http = std::make_unique<server::HttpRoutes>();
        server::install_routes(*n.http, *n.ctx);
        n.front = std::make_unique<server::Front>(*n.http, *n.ctx);
        n.port = n.front->bind("127.0.0.1", 0);
        if (n.port <= 0) return 1;
        n.thread = std::thread([f = n.front.get()] { f->run(); });   // the listening socket already takes connections
    }

    {
        httplib::Client c("127.0.0.1", nodes[0].port);
        for (const auto& w : setup) if (!post(c, w, 201)) return 1;
    }
    const double verify_before = verifies_per_second(1.0);

    // Connections are opened (and used once) before the clock starts.
    std::vector<std::unique_ptr<httplib::Client>> conns;
    for (size_t c = 0; c < clients; ++c) {
        conns.push_back(std::make_unique<httplib::Client>("127.0.0.1", nodes[c % servers].port));
        conns.back()->set_keep_alive(true);
        conns.back()->set_tcp_nodelay(true);   // headers and body go out as two writes: no Nagle delay
        if (!conns.back()->Get("/api/health")) return 1;
    }
    std::vector<std::vector<double>> latencies(clients);
    std::atomic<bool> failed{false};
    const auto start = clock_type::now();
    std::vector<std::thread> threads;
    for (size_t c = 0; c < clients; ++c)
        threads.emplace_back([&, c] {
            httplib::Client& client = *conns[c];
            for (const auto& w : load[c]) {
                const auto t0 = clock_type::now();
                if (!post(client, w, 201)) { failed = true; return; }
                latencies[c].push_back(std::chrono::duration<double, std::milli>(clock_type::now() - t0).count());
            }
        });
    for (auto& t : threads) t.join();
    const double seconds = std::chrono::duration<double>(clock_type::now() - start).count();
    conns.clear();
    for (Node& n : nodes) {
        n.front->stop();
        n.thread.join();
    }
    const double verify_after = verifies_per_second(1.0);
    if (failed) return 1;

    std::vector<double> all;
    for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    const double rate = static_cast<double>(all.size()) / seconds;
    const double verify = (verify_before + verify_after) / 2;
    std::printf("ingest: %zu clients x %zu comments over loopback HTTP, keep-alive, %s, %zu server%s\n", clients,
                per_client, sqlite ? "SQLite WAL synchronous=FULL" : "PostgreSQL (synchronous_commit as configured)",
                servers, servers == 1 ? "" : "s");
    std::printf("accepted %.0f submissions/s (%zu in %.2f s)\n", rate, all.size(), seconds);
    std::printf("latency p50 %.2f ms, p99 %.2f ms\n", all[all.size() / 2], all[all.size() * 99 / 100]);
    std::printf("raw Ed25519 verify, one core: %.0f /s\n", verify);
    std::printf("ratio accepted/s : verify/s = %.3f\n", rate / verify);
    if (sqlite)
        for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(server::sqlite_path(db) + s);
    return 0;
}
