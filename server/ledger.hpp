// ledger.hpp — the durable submission pipeline: verify, authorise, append to the log, commit, receipt.
//
// prepare_submission() runs on the HTTP worker thread that received the request: strict decode,
// envelope id, leaf hash and the Ed25519 check, all outside any lock. Ledger::submit() then hands
// the verified envelope to ONE writer thread, which drains its queue into one transaction per batch
// (group commit): BEGIN IMMEDIATE; per envelope a SAVEPOINT with the replay/sequence checks,
// authorization (authorize.cpp) and the inserts; the new leaves appended to the in-memory Merkle tree
// and a new signed checkpoint stored; COMMIT (WAL, synchronous=FULL). Only after COMMIT returns does
// submit() return the receipt, so every acknowledged submission is durable. A refused envelope is
// rolled back to its savepoint: the database is as if it had never arrived (except the evidence row
// that a sequence conflict leaves on purpose).
//
// The tree is rebuilt in memory at open() from log_leaves (one SHA-256 per interior node, 64 bytes of
// memory per node), so inclusion proofs cost O(log^2 n) node reads, never a recount. The tree lock is
// held from appending a batch's leaves until its new head is published after COMMIT; readers take it
// (shared) before reading the database, so the rows they see and the head they prove against agree.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>

#include "yishi/envelope.hpp"
#include "yishi/merkle.hpp"
#include "yishi/receipt.hpp"
#include "yishi/store.hpp"
#include "sql.hpp"

namespace yishi::server {

inline constexpr size_t kMaxSubmitBatch = 512;                     // envelopes per group commit, at most
inline constexpr const char* kDefaultLogOrigin = "yishi.local/log";  // origin of a new database's log

using Clock = std::function<int64_t()>;   // Unix milliseconds; injected so tests can fix time
int64_t system_clock_ms();                // the real clock

// An envelope that decoded strictly and whose signature verified.
struct VerifiedEnvelope {
    core::Bytes wire;              // exactly the bytes received (body || signature)
    core::SignedEnvelope signed_envelope;
    core::Hash id{};               // envelope_id
    core::Hash leaf_hash{};        // merkle_leaf_hash(id || signature)
};

// Cheap structural checks, then the signature. Thread-safe; call on the request's own thread.
core::Result<VerifiedEnvelope> prepare_submission(core::ByteView wire);

// What submit() returns: the receipt, and whether it is the receipt of an earlier identical submission.
struct SubmitResult {
    core::Receipt receipt;
    bool duplicate = false;        // the same envelope was accepted before; this is its original place
};

// One logged envelope with its inclusion proof against the export's checkpoint.
struct LoggedEnvelope {
    core::Bytes wire;
    uint64_t log_index = 0;
    core::Hash leaf_hash{};
    std::vector<core::Hash> inclusion_proof;
};

// What a consultation export carries: its opening envelope and the counted ballots (the latest per
// ballot key; bind envelopes are left out, protocol.md section 9), all provable against one head.
struct ConsultationExport {
    uint64_t id = 0;
    uint32_t region = 0;
    core::Stage stage = core::Stage::CollectNeeds;
    LoggedEnvelope open;
    std::vector<LoggedEnvelope> ballots;
    std::string checkpoint;
};

class Ledger {
public:
    static core::Result<std::unique_ptr<Ledger>> open(const std::string& path, Clock clock = system_clock_ms);
    ~Ledger();                                                              // finishes the queue, stops the writer
    Ledger(const Ledger&) = delete;
    Ledger& operator=(const Ledger&) = delete;

    core::Result<SubmitResult> submit(VerifiedEnvelope v);                  // blocks until durable or refused
    std::string checkpoint_note() const;                                    // the latest signed tree head
    const core::PublicKey& server_key() const { return server_key_; }       // verifies checkpoints
    const std::string& origin() const { return origin_; }                   // the log's name
    core::Result<std::optional<uint64_t>> last_sequence(const core::PublicKey& author);  // none if never seen
    core::Result<std::optional<core::Receipt>> receipt_for(const core::Hash& envelope_id);  // against the latest head
    core::Result<std::optional<ConsultationExport>> export_consultation(uint64_t id);       // none if unknown

private:
    struct Pending {
        VerifiedEnvelope v;
        std::promise<core::Result<SubmitResult>> done;
    };
    Ledger(core::Store writer, core::Store reader, Clock clock);
    core::Status load();                                // key, origin, tree, latest checkpoint
    core::Status rebuild_tree();                        // from log_leaves
    void writer_loop();
    void commit_batch(std::deque<Pending>& batch, StatementCache& sql);

    core::Store writer_;                 // used only by the writer thread (and load() before it starts)
    core::Store reader_;                 // read queries from request threads, under reader_mutex_
    std::mutex reader_mutex_;
    Clock clock_;
    std::string origin_;
    core::PublicKey server_key_{};
    core::Bytes server_seed_;            // wiped in the destructor
    mutable std::shared_mutex tree_mutex_;   // guards tree_ and note_
    core::MerkleTree tree_;
    std::string note_;                   // latest checkpoint
    uint64_t note_size_ = 0;             // its tree size (the tree may be ahead while a batch commits)
    std::mutex queue_mutex_;
    std::condition_variable queue_cv_;
    std::deque<Pending> queue_;
    bool stopping_ = false;
    std::thread writer_thread_;
};

}  // namespace yishi::server
