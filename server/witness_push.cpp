// witness_push.cpp — the server's side of tlog-witness (see witness_push.hpp): one thread, one HTTP
// client per witness, one add-checkpoint per new checkpoint and witness (two on a 409).
#include "witness_push.hpp"

#include <httplib.h>

#include <chrono>
#include <cstdio>

namespace yishi::server {

using namespace yishi::core;

struct WitnessPusher::State {
    WitnessEndpoint endpoint;
    std::unique_ptr<httplib::Client> client;
    uint64_t known_size = 0;        // the size this witness last cosigned, as far as we know
    std::string done_note;          // the log note last settled with this witness (cosigned or refused)
    int64_t retry_at_ms = 0;        // unreachable: not before this
};

std::optional<WitnessEndpoint> parse_witness_flag(const std::string& spec, std::string& error) {
    const size_t eq = spec.find('=');
    if (eq == std::string::npos || (spec.rfind("http://", 0) != 0 && spec.rfind("https://", 0) != 0)) {
        error = "--witness wants URL=VERIFIER_KEY, e.g. http://witness.example.cn=witness.example.cn/w1+1a2b3c4d+BAAA…";
        return std::nullopt;
    }
    auto key = parse_witness_verifier_key(spec.substr(eq + 1));
    if (!key) {
        error = "--witness " + spec + ": " + std::string(error_message(key.error()));
        return std::nullopt;
    }
    std::string url = spec.substr(0, eq);
    while (!url.empty() && url.back() == '/') url.pop_back();
    return WitnessEndpoint{url, key.value()};
}

WitnessPusher::WitnessPusher(Ledger& ledger, std::vector<WitnessEndpoint> witnesses) : ledger_(ledger) {
    for (auto& w : witnesses) {
        auto s = std::make_unique<State>();
        s->client = std::make_unique<httplib::Client>(w.url);
        s->client->set_connection_timeout(kWitnessTimeoutS);
        s->client->set_read_timeout(kWitnessTimeoutS);
        s->endpoint = std::move(w);
        witnesses_.push_back(std::move(s));
    }
    thread_ = std::thread([this] { loop(); });
}

WitnessPusher::~WitnessPusher() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

namespace {

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

void WitnessPusher::loop() {
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            if (cv_.wait_for(lock, std::chrono::milliseconds(kWitnessPollMs), [this] { return stopping_; })) return;
        }
        const std::string note = ledger_.log_checkpoint_note();
        auto cp = open_checkpoint(note, ledger_.origin(), ledger_.server_key());
        if (!cp) continue;
        for (auto& w : witnesses_) {
            if (w->done_note == note || now_ms() < w->retry_at_ms) continue;
            std::string lines, refusal;
            for (int attempt = 0; attempt < 2 && lines.empty() && refusal.empty(); ++attempt) {
                if (w->known_size > cp->size) {
                    refusal = "it cosigned size " + std::to_string(w->known_size) + " before: this log is behind what it saw";
                    break;
                }
                AddCheckpointRequest r{w->known_size, {}, note};
                if (w->known_size != 0 && w->known_size != cp->size) {
                    auto proof = ledger_.consistency(w->known_size, cp->size);
                    if (!proof) {
                        refusal = "no consistency proof from size " + std::to_string(w->known_size);
                        break;
                    }
                    r.proof = std::move(proof.value());
                }
                auto res = w->client->Post("/add-checkpoint", add_checkpoint_body(r), "text/plain");
                if (!res) {
                    std::fprintf(stderr, "yishi-server: witness %s unreachable (%s); asking again later\n",
                                 w->endpoint.url.c_str(), httplib::to_string(res.error()).c_str());
                    w->retry_at_ms = now_ms() + kWitnessRetryMs;
                    break;
                }
                if (res->status == 409) {   // the witness's last size, learnt: ask again from there
                    w->known_size = std::strtoull(res->body.c_str(), nullptr, 10);
                    continue;
                }
                if (res->status != 200) {
                    refusal = std::to_string(res->status) + " " + res->body;
                    break;
                }
                for (size_t start = 0, nl; (nl = res->body.find('\n', start)) != std::string::npos; start = nl + 1) {
                    const std::string line = res->body.substr(start, nl - start + 1);
                    if (verify_cosignatures(note + line, {w->endpoint.key})) lines += line;
                }
                if (lines.empty()) refusal = "its answer holds no valid cosignature by " + w->endpoint.key.name;
                else w->known_size = cp->size;
            }
            if (!lines.empty() || !refusal.empty()) w->done_note = note;
            if (!refusal.empty())
                std::fprintf(stderr, "yishi-server: witness %s refused the checkpoint of size %llu: %s\n",
                             w->endpoint.url.c_str(), static_cast<unsigned long long>(cp->size), refusal.c_str());
            if (!lines.empty()) ledger_.add_cosignatures(note, lines);
        }
    }
}

}  // namespace yishi::server
