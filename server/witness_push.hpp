// witness_push.hpp — yishi-server asks witnesses to cosign each new checkpoint (C2SP tlog-witness:
// the log pushes) and publishes the cosignatures with the checkpoint (docs/audit.md "Witnesses").
//
// Configured with `serve --witness URL=VERIFIER_KEY` (one per witness). A background thread watches the
// ledger's latest log-signed checkpoint; for each new one it POSTs URL/add-checkpoint to every witness
// with a consistency proof from the size that witness last cosigned (learnt from a 409 answer on first
// contact, or after a restart), checks each returned line with that witness's key, and hands the good
// lines to Ledger::add_cosignatures, so /log/checkpoint, /api/tree-head, receipts and exports carry
// them. A refusal (fork, rollback, bad signature) is printed on stderr with the witness's answer and
// not retried for that checkpoint; an unreachable witness is retried with the next checkpoint or after
// kWitnessRetryMs. Checkpoints are never held back waiting for witnesses.
#pragma once
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ledger.hpp"
#include "yishi/witness.hpp"

namespace yishi::server {

inline constexpr int64_t kWitnessPollMs = 50;        // how often the pusher looks for a new checkpoint
inline constexpr int64_t kWitnessRetryMs = 5000;     // an unreachable witness is asked again after this
inline constexpr int kWitnessTimeoutS = 10;          // connect and read timeout of one add-checkpoint

struct WitnessEndpoint {
    std::string url;              // e.g. http://127.0.0.1:9000 (its add-checkpoint is url + "/add-checkpoint")
    core::WitnessKey key;         // its cosigning key
};
// "URL=VERIFIER_KEY" as given to --witness; the error sentence in `error` when malformed.
std::optional<WitnessEndpoint> parse_witness_flag(const std::string& spec, std::string& error);

class WitnessPusher {
public:
    WitnessPusher(Ledger& ledger, std::vector<WitnessEndpoint> witnesses);   // starts the thread
    ~WitnessPusher();                                                        // stops and joins it
    WitnessPusher(const WitnessPusher&) = delete;
    WitnessPusher& operator=(const WitnessPusher&) = delete;
private:
    struct State;
    void loop();
    Ledger& ledger_;
    std::vector<std::unique_ptr<State>> witnesses_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace yishi::server
