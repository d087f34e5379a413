// witness_command.cpp — `yishi witness --dir D --log ORIGIN=HEX …`: a C2SP tlog-witness for Yishi logs
// (docs/audit.md "Witnesses", docs/protocol.md §16).
//
// Keeps its own Ed25519 key (D/witness-key: the hex seed, created on first run with mode 0600) and, per
// log it follows, the last checkpoint it cosigned (D/logs/<hex SHA-256 of the origin>: the log's note
// with this witness's cosignature line; written through a temporary file, fsync and rename before the
// answer). Serves, over HTTP:
//   POST /add-checkpoint               tlog-witness: cosign a checkpoint that extends the last one,
//                                      given a consistency proof; refusals with the spec's status
//                                      (404 unknown log, 403 not signed by the log, 400 rollback or
//                                      malformed, 409 stale old size with the size as text/x.tlog.size,
//                                      422 fork or bad proof) and "<code>: <sentence>" as the body
//   GET  /<origin hash>/checkpoint     the last cosigned checkpoint (monitoring)
// The decision is core::witness_check (witness.hpp); checking and persisting run under one mutex, so
// two racing requests cannot roll the stored head back. Every refusal is printed on stderr: a signed
// checkpoint the witness refused as a fork is evidence against the log, and is kept in D/refused/.
// First stdout lines: "yishi witness key <verifier key>", then "yishi witness listening on http://H:P".
#include <CLI/CLI.hpp>
#include <httplib.h>
#include <sodium.h>

#include <sys/stat.h>

#include <pthread.h>
#include <signal.h>
#include <cstdio>
#include <ctime>
#include <fcntl.h>
#include <map>
#include <atomic>
#include <mutex>
#include <thread>
#include <unistd.h>

#include "commands.hpp"
#include "log_mirror.hpp"
#include "yishi/witness.hpp"

namespace yishi::tool {
namespace {

using namespace yishi::core;
namespace fs = std::filesystem;

struct WitnessOptions {
    std::string dir, name = "yishi-witness.local/w1", host = "127.0.0.1";
    int port = 0;
    std::vector<std::string> logs;   // ORIGIN=HEX
};

// The witness key: read from dir/witness-key, or made and written there (0600) on first run.
Result<SigningKey> load_or_create_key(const fs::path& file, std::string& error) {
    if (auto text = read_text(file)) {
        auto seed = from_hex(text->substr(0, 64));
        if (text->size() < 64 || !seed) {
            error = file.string() + " does not hold a 64-hex-digit seed";
            return Error::BadKey;
        }
        return SigningKey::from_seed(seed.value());
    }
    Bytes seed(32);
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        error = "cannot create " + file.string();
        return Error::BadKey;
    }
    randombytes_buf(seed.data(), seed.size());
    const std::string hex = to_hex(seed) + "\n";
    const bool ok = ::write(fd, hex.data(), hex.size()) == static_cast<ssize_t>(hex.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) {
        error = "cannot write " + file.string();
        return Error::BadKey;
    }
    auto key = SigningKey::from_seed(seed);
    std::fill(seed.begin(), seed.end(), 0);
    return key;
}

class Witness {
public:
    Witness(fs::path dir, std::string name, SigningKey key) : dir_(std::move(dir)), name_(std::move(name)), key_(std::move(key)) {}

    std::string follow(const std::string& spec) {   // "ORIGIN=HEX"; the error, or empty
        const size_t eq = spec.rfind('=');
        auto k = eq == std::string::npos ? Result<Bytes>(Error::BadHex) : from_hex(spec.substr(eq + 1));
        if (!k || k->size() != kPublicKeySize || eq == 0) return "--log wants ORIGIN=HEX (the log's origin and 64-hex-digit key)";
        PublicKey pk{};
        std::copy(k->begin(), k->end(), pk.begin());
        const std::string origin = spec.substr(0, eq);
        logs_[origin] = pk;
        if (auto note = read_text(state_file(origin))) {
            auto cp = open_checkpoint(*note, origin, pk);
            if (!cp) return state_file(origin).string() + " does not open with this log key: " + std::string(error_code(cp.error()));
            latest_[origin] = {cp.value(), *note};
        }
        return {};
    }

    void add_checkpoint(const httplib::Request& req, httplib::Response& res) {
        auto r = parse_add_checkpoint(req.body);
        if (!r) return refuse(res, "?", 0, 0, r.error());
        const std::string origin = note_origin(r->note);
        const auto log = logs_.find(origin);
        if (log == logs_.end()) return refuse(res, origin, r->old_size, 0, Error::WitnessUnknownLog);
        std::lock_guard lock(mutex_);   // check and persist atomically (tlog-witness's rollback race)
        const auto prev = latest_.find(origin);
        const std::optional<Checkpoint> last = prev == latest_.end() ? std::nullopt : std::optional(prev->second.first);
        auto cp = witness_check(r.value(), origin, log->second, last);
        if (!cp) {
            if (cp.error() == Error::ConsistencyProofInvalid || cp.error() == Error::WitnessRootMismatch)
                (void)write_text(dir_ / "refused" / (to_hex(sha256(as_bytes(r->note))) + ".txt"), req.body, true);
            if (cp.error() == Error::WitnessOldSizeMismatch) {
                res.status = 409;
                res.set_content(std::to_string(last ? last->size : 0) + "\n", "text/x.tlog.size");
                return;
            }
            return refuse(res, origin, r->old_size, note_size(r->note, origin, log->second), cp.error());
        }
        const std::string line = cosign_checkpoint(checkpoint_note_body(r->note), name_, key_,
                                                   static_cast<uint64_t>(std::time(nullptr)));
        const std::string kept = r->note + line;
        if (!write_text(state_file(origin), kept, true)) {
            std::fprintf(stderr, "yishi witness: cannot persist %s; not cosigning\n", state_file(origin).c_str());
            res.status = 500;
            res.set_content("cannot persist the checkpoint; not cosigned\n", "text/plain");
            return;
        }
        latest_[origin] = {cp.value(), kept};
        std::fprintf(stderr, "yishi witness: cosigned %s size %llu\n", origin.c_str(), static_cast<unsigned long long>(cp->size));
        res.set_content(line, "text/plain; charset=utf-8");
    }

    void checkpoint(const std::string& origin_hash, httplib::Response& res) {
        std::lock_guard lock(mutex_);
        for (const auto& [origin, head] : latest_)
            if (to_hex(sha256(as_bytes(origin))) == origin_hash) return res.set_content(head.second, "text/plain; charset=utf-8");
        res.status = 404;
        res.set_content("this witness never cosigned a checkpoint of that log\n", "text/plain");
    }

private:
    fs::path state_file(const std::string& origin) const { return dir_ / "logs" / to_hex(sha256(as_bytes(origin))); }
    static uint64_t note_size(const std::string& note, const std::string& origin, const PublicKey& key) {
        auto cp = open_checkpoint(note, origin, key);
        return cp ? cp->size : 0;
    }
    void refuse(httplib::Response& res, const std::string& origin, uint64_t old_size, uint64_t size, Error e) {
        res.status = witness_http_status(e);
        const std::string why = std::string(error_code(e)) + ": " + std::string(error_message(e));
        std::fprintf(stderr, "yishi witness: refused %s (old %llu, size %llu) with %d: %s\n", origin.c_str(),
                     static_cast<unsigned long long>(old_size), static_cast<unsigned long long>(size), res.status, why.c_str());
        res.set_content(why + "\n", "text/plain; charset=utf-8");
    }

    fs::path dir_;
    std::string name_;
    SigningKey key_;
    std::map<std::string, PublicKey> logs_;                                   // fixed after start
    std::mutex mutex_;                                                        // guards latest_ and the files
    std::map<std::string, std::pair<Checkpoint, std::string>> latest_;       // origin → last cosigned head, note
};

int run_witness(const WitnessOptions& o) {
    if (!crypto_init()) return 1;
    std::string error;
    auto key = load_or_create_key(fs::path(o.dir) / "witness-key", error);
    if (!key) {
        std::fprintf(stderr, "yishi witness: %s\n", error.c_str());
        return 1;
    }
    const std::string vkey = witness_verifier_key({o.name, key->public_key()});
    if (!parse_witness_verifier_key(vkey)) {
        std::fprintf(stderr, "yishi witness: --name must be a name without spaces or '+'\n");
        return 1;
    }
    Witness w(o.dir, o.name, std::move(key.value()));
    for (const auto& spec : o.logs)
        if (auto e = w.follow(spec); !e.empty()) {
            std::fprintf(stderr, "yishi witness: %s\n", e.c_str());
            return 1;
        }
    httplib::Server http;
    http.set_payload_max_length(kMaxAddCheckpointBytes);
    http.Post("/add-checkpoint", [&w](const httplib::Request& req, httplib::Response& res) { w.add_checkpoint(req, res); });
    http.Get(R"(/([0-9a-f]{64})/checkpoint)", [&w](const httplib::Request& req, httplib::Response& res) {
        w.checkpoint(req.matches[1].str(), res);
    });
    const int port = o.port == 0 ? http.bind_to_any_port(o.host) : (http.bind_to_port(o.host, o.port) ? o.port : -1);
    if (port <= 0) {
        std::fprintf(stderr, "yishi witness: cannot listen on %s:%d\n", o.host.c_str(), o.port);
        return 1;
    }
    std::printf("yishi witness key %s\nyishi witness listening on http://%s:%d\n", vkey.c_str(), o.host.c_str(), port);
    std::fflush(stdout);
    // SIGINT/SIGTERM are taken by one thread (sigwait) that stops the server, as yishi-server does.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);   // before httplib's threads start: all inherit it
    std::atomic<bool> signalled{false};
    std::thread signal_thread([&] {
        int sig = 0;
        sigwait(&stop_signals, &sig);
        signalled = true;
        http.stop();
    });
    const bool listened = http.listen_after_bind();
    if (!signalled) pthread_kill(signal_thread.native_handle(), SIGTERM);   // listening failed: free the waiter
    signal_thread.join();
    return listened || signalled ? 0 : 1;
}

}  // namespace

void add_witness_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("witness", "run a C2SP tlog-witness: cosign checkpoints of the logs given, refusing forks and rollbacks");
    auto o = std::make_shared<WitnessOptions>();
    cmd->add_option("--dir", o->dir, "the witness's directory: its key (witness-key, 0600) and the last head per log")->required();
    cmd->add_option("--log", o->logs, "a log to witness: ORIGIN=HEX (GET /api/log-key of the portal, checked by hand)")->required();
    cmd->add_option("--name", o->name, "the witness's key name (part of its verifier key)")->capture_default_str();
    cmd->add_option("--host", o->host, "address to listen on")->capture_default_str();
    cmd->add_option("--port", o->port, "TCP port; 0 picks a free one (printed)")->capture_default_str();
    cmd->callback([&exit_code, o] { exit_code = run_witness(*o); });
}

}  // namespace yishi::tool
