// ledger.hpp — the durable submission pipeline: cheap checks, verify, authorise, log, commit, receipt.
//
// Ledger::accept_async() runs on the caller's thread (the front's loop thread, or a route thread
// that then waits for the answer): strict decode (submission.hpp); then the cheap
// state checks from in-memory caches the writer maintains — a retired (rotated/revoked) author key is
// refused, and a sequence number not above the author's last accepted one is answered from the read
// connection (identical bytes: the original receipt; nothing stored: replayed_sequence) — all before
// paying for the signature. Signatures are then checked by at most one caller thread per core at
// once (a semaphore), outside the writer. The verified envelope goes to ONE writer
// thread, which drains its queue into one transaction per batch (group commit): BEGIN IMMEDIATE; per
// envelope a SAVEPOINT with the replay/sequence checks (from the cache; SQL only for a low sequence),
// authorization (authorize.cpp) and the inserts; the new leaves appended to the in-memory Merkle tree
// and ONE signed checkpoint per batch; COMMIT (WAL, synchronous=FULL). Only after COMMIT returns does
// the writer hand each envelope its answer (the `done` callback), so every acknowledged submission is
// durable. While envelopes are still
// being verified the writer waits for them — at most as long as its last COMMIT took, and never more
// than kGroupCommitWaitUs — so batches group under load: a straggler joins this fsync instead of
// paying for its own.
// A refused envelope is rolled back to its savepoint: the database is as if it had never arrived
// (except the evidence row that a sequence conflict leaves on purpose).
//
// WAL checkpoints (copying committed pages into the database file, and its fsync) run on a thread of
// their own with its own connection (PASSIVE: never blocks the writer or readers), woken when the WAL
// holds kCheckpointWalPages; SQLite's automatic checkpoint inside the writer's COMMIT is off. Only if
// that thread lags far behind (kWriterCheckpointWalPages) does the writer checkpoint itself.
//
// The tree is rebuilt in memory at open() from log_leaves (one SHA-256 per interior node, 64 bytes of
// memory per node), so inclusion proofs cost O(log^2 n) node reads, never a recount. The tree lock is
// held from appending a batch's leaves until its new head is published after COMMIT; readers take it
// (shared) before reading the database, so the rows they see and the head they prove against agree.
//
// On PostgreSQL several servers share one log (issue 23 step 4, Tessera's design on SQL; docs/deploy.md).
// Sequencing: the writer of any server assigns its batch's log indexes from log_coordinator row 0,
// locked SELECT … FOR UPDATE in the same transaction that stores the envelopes and leaves, so the index
// an acknowledgement carries is final. Replay, sequence and retired-key rules read the database inside
// that transaction (the in-memory caches are only hints for early refusals: other servers accept too).
// Integration: one server at a time holds a session advisory lock (kIntegratorLockKey) on a connection
// of its own; its log thread appends the sequenced leaves to the tree, signs ONE checkpoint per pass and
// stores it, under log_coordinator row 1 (the signed size) locked FOR UPDATE, so even a server that
// believed it held the lock cannot sign a head that forks the log. When that server dies its session
// ends, the lock frees, and another server's log thread takes it on its next pass (kLogPollMs at most).
// Every other server follows: it reads new checkpoints and their leaves, checks the root, and publishes
// them. Log threads LISTEN on one channel: a writer's COMMIT of new leaves and the integrator's new head
// NOTIFY it, so they rarely wait for the poll.
// An accepted envelope is answered once a signed head covers it (its receipt is then valid on every
// server), or with LogPending after kIntegrationWaitMs; its index is durable from the COMMIT on.
//
// The log key: the newest row of server_keys signs; older rows stay published (/api/log-key) so
// checkpoints signed before a rotation still verify. A row with an empty seed keeps its seed in the
// operator's key file (LedgerOptions::key_file, `serve --key-file`), outside the database.
#pragma once
#include <atomic>
#include <chrono>
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
#include <semaphore>
#include <thread>
#include <unordered_map>
#include <vector>

#include "yishi/envelope.hpp"
#include "yishi/merkle.hpp"
#include "yishi/opinion.hpp"
#include "yishi/receipt.hpp"
#include "yishi/store.hpp"
#include "sql.hpp"
#include "submission.hpp"

namespace yishi::server {

inline constexpr size_t kMaxSubmitBatch = 512;                     // envelopes per group commit, at most
inline constexpr size_t kMaxEvidencePerAuthor = 8;   // sequence_evidence rows kept per author, at most
inline constexpr int64_t kGroupCommitWaitUs = 5000;   // longest wait for envelopes still being verified
                                                      // (at most as long as the last COMMIT took)
inline constexpr ptrdiff_t kMaxVerifyThreads = 64;     // upper bound of the verify semaphore
inline constexpr int kCheckpointWalPages = 4000;      // WAL pages that wake the background checkpointer
inline constexpr int kWriterCheckpointWalPages = 40000;   // the writer checkpoints itself past this (lagging)
inline constexpr const char* kDefaultLogOrigin = "yishi.local/log";  // origin of a new database's log
inline constexpr int kLogPollMs = 20;                  // PostgreSQL: a log thread looks for new leaves/heads this often
inline constexpr int64_t kIntegrationWaitMs = 10000;   // PostgreSQL: longest an acknowledgement waits for a signed head
inline constexpr int64_t kFollowWaitMs = 2000;         // PostgreSQL: longest a proof waits for a head another server signed
inline constexpr size_t kMaxIntegrateLeaves = 8192;    // PostgreSQL: leaves one checkpoint integrates, at most

using Clock = std::function<int64_t()>;   // Unix milliseconds; injected so tests can fix time
int64_t system_clock_ms();                // the real clock

// What submit() returns: the receipt, and whether it is the receipt of an earlier identical submission.
struct SubmitResult {
    core::Receipt receipt;
    bool duplicate = false;        // the same envelope was accepted before; this is its original place
    core::Hash envelope_id{};      // the envelope's id
};

// An inclusion proof of one leaf in the tree of an earlier (or the latest) published size.
struct InclusionAnswer {
    core::Hash leaf_hash{};
    std::vector<core::Hash> proof;
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
    core::Stage stage = core::Stage::CollectNeeds;   // in effect at the export (core::effective_stage)
    bool results_visible = false;                    // core::results_visible: the vote has ended
    LoggedEnvelope open;
    std::vector<LoggedEnvelope> ballots;
    std::optional<LoggedEnvelope> close;             // the committee's consultation_close, once closed
    core::OpinionMatrix opinion;                     // the reactions, for the opinion map (opinion.hpp)
    std::string checkpoint;
};

// How the log key is kept.
struct LedgerOptions {
    std::string key_file;          // if set: the log key seed lives in this file (0600), not in the database
};

// One log key, current or previous (all stay published so old checkpoints still verify).
struct LogKey {
    core::PublicKey public_key{};
    int64_t created_ms = 0;
};

// Counters of the writer, for the operator (printed when `serve` stops) and the load benchmark.
struct LedgerStats {
    uint64_t batches = 0;          // transactions committed
    uint64_t envelopes = 0;        // envelopes decided in them (accepted, duplicate or refused)
    uint64_t largest_batch = 0;
    uint64_t commit_us = 0;        // time in COMMIT (the fsync), summed
    uint64_t apply_us = 0;         // time checking and inserting, summed
    uint64_t early_refusals = 0;   // answered before the signature check (replay, duplicate, retired key)
    uint64_t wal_pages = 0;        // pages the commits wrote to the WAL (each a page of the database)
};

struct Outcome;   // what happened to one envelope of a batch (ledger.cpp)

class Ledger {
public:
    static core::Result<std::unique_ptr<Ledger>> open(const std::string& path, Clock clock = system_clock_ms,
                                                      LedgerOptions options = {});
    ~Ledger();                                                              // finishes the queue, stops the writer
    Ledger(const Ledger&) = delete;
    Ledger& operator=(const Ledger&) = delete;

    using Admit = std::function<bool(const core::PublicKey& author)>;      // false: refuse as RateLimited
    using Done = std::function<void(core::Result<SubmitResult>)>;         // the answer to one submission
    // Decode, cheap checks, verify, admit, then the writer. `done` runs exactly once: on this thread if the
    // envelope is refused or answered before the writer, else on the writer thread after its COMMIT.
    // Everything before the writer (admit too) runs before accept_async returns.
    void accept_async(core::ByteView wire, const Admit& admit, Done done);
    core::Result<SubmitResult> submit(VerifiedEnvelope v);                  // verified: blocks until durable or refused
    std::vector<LogKey> log_keys() const;                                   // current first, then previous ones
    LedgerStats stats() const;                                              // the writer's counters so far
    std::string checkpoint_note() const;                                    // the latest signed tree head, cosigned if it is
    std::string log_checkpoint_note() const;                                // the same with the log's signature only
    void add_cosignatures(const std::string& log_note, const std::string& lines);  // witness lines, if still the latest
    const core::PublicKey& server_key() const { return server_key_; }       // verifies checkpoints
    const std::string& origin() const { return origin_; }                   // the log's name
    core::Result<std::optional<uint64_t>> last_sequence(const core::PublicKey& author);  // none if never seen
    core::Result<std::optional<core::Receipt>> receipt_for(const core::Hash& envelope_id);  // against the latest head
    // None if unknown. Without proofs: no inclusion proofs and no opinion matrix (the ballot stream).
    core::Result<std::optional<ConsultationExport>> export_consultation(uint64_t id, bool proofs = true);
    core::Result<InclusionAnswer> inclusion_at(uint64_t index, uint64_t size);     // leaf index under head size
    core::Result<std::vector<core::Hash>> consistency(uint64_t from, uint64_t to);  // head `from` is a prefix of `to`
    uint64_t published_size() const;                                         // tree size of the latest signed head
    core::Result<core::Bytes> tile_hashes(unsigned level, uint64_t index, unsigned width);  // tlog tile within the latest head
    bool shared_log() const { return shared_log_; }                          // PostgreSQL: several servers, one log
    bool integrating() const { return integrating_.load(); }                 // this server signs the heads now

private:
    struct Pending {
        VerifiedEnvelope v;
        Done done;
    };
    Ledger(core::Store writer, core::Store reader, Clock clock);
    core::Status load(const LedgerOptions& options);    // key, origin, tree, latest checkpoint, caches
    core::Status load_caches();                         // last sequence per author, retired keys
    core::Result<std::optional<SubmitResult>> early_answer(const VerifiedEnvelope& v);  // before the signature
    core::Result<std::optional<core::Receipt>> receipt_now(const core::Hash& envelope_id, uint64_t& index);  // no wait
    core::Status rebuild_tree(StatementCache& sql, uint64_t limit);   // from log_leaves, the first `limit` at most
    // [shared log] PostgreSQL only: the log thread, and the waits of readers for heads signed elsewhere.
    struct Awaiting {                    // accepted and durable, answered once a signed head covers it
        uint64_t log_index;
        core::Hash leaf_hash;
        bool duplicate;
        core::Hash id;
        Done done;
        std::chrono::steady_clock::time_point deadline;
    };
    void log_loop();                                    // follow, integrate while holding the lock, answer
    core::Status follow(StatementCache& sql);           // adopt heads another server signed
    core::Status integrate(StatementCache& sql);        // sign a head over the sequenced leaves (integrator only)
    void answer_awaiting(bool stopping);                // receipts for the covered, LogPending for the late
    void publish(std::string note, uint64_t size);      // under the unique tree lock
    bool await_published(uint64_t size, int64_t ms);    // true once a head of at least `size` is published
    bool await_head(uint64_t size);                     // waits only if some server signed such a head
    void poke_log();                                    // the log thread's next pass does not wait
    void enqueue(VerifiedEnvelope v, bool was_preparing, Done done);
    void writer_loop();
    void commit_batch(std::deque<Pending>& batch, StatementCache& sql);
    struct KeyHash { size_t operator()(const core::PublicKey& k) const noexcept; };
    using SequenceMap = std::unordered_map<core::PublicKey, uint64_t, KeyHash>;
    using RetiredMap = std::unordered_map<core::PublicKey, core::Error, KeyHash>;
    using TimePoint = std::chrono::steady_clock::time_point;
    void after_commit(size_t envelopes, const SequenceMap& batch_sequence, const RetiredMap& batch_retired,
                      TimePoint t_start, TimePoint t_applied);   // caches and counters
    void finish_shared_batch(std::deque<Pending>& batch, StatementCache& sql, std::vector<Outcome>& outcomes,
                             uint64_t first_index, size_t new_leaves, const SequenceMap& batch_sequence,
                             const RetiredMap& batch_retired, TimePoint t_start, TimePoint t_applied);
    void checkpoint_loop(core::Store db);               // the background WAL checkpointer
    static int on_wal_commit(void* self, sqlite3* db, const char* name, int pages);   // sqlite3_wal_hook

    core::Store writer_;                 // used only by the writer thread (and load() before it starts)
    core::Store reader_;                 // read queries from request threads, under reader_mutex_
    std::mutex reader_mutex_;
    Clock clock_;
    std::string origin_;
    core::PublicKey server_key_{};
    core::Bytes server_seed_;            // wiped in the destructor
    mutable std::shared_mutex tree_mutex_;   // guards tree_ and note_
    core::MerkleTree tree_;
    std::string note_;                   // latest checkpoint, signed by the log
    std::string cosignatures_;           // witness cosignature lines on note_ (witness_push.hpp), "" until any
    std::vector<LogKey> keys_;           // all log keys, newest first
    // Kept by the writer after each COMMIT; read (shared) by accept_async() for the cheap checks.
    mutable std::shared_mutex cache_mutex_;
    std::unordered_map<core::PublicKey, uint64_t, KeyHash> last_sequence_;   // author -> last accepted sequence
    std::unordered_map<core::PublicKey, core::Error, KeyHash> retired_;      // KeyRotated or KeyRevoked
    std::unique_ptr<std::counting_semaphore<kMaxVerifyThreads>> verify_slots_;   // sized to the cores
    size_t preparing_ = 0;               // envelopes between decode and the queue (under queue_mutex_)
    int64_t last_commit_us_ = 0;         // how long the last COMMIT took (writer thread only)
    int last_wal_size_ = 0;              // WAL pages after the last commit (writer thread, under stats_mutex_)
    mutable std::mutex stats_mutex_;
    LedgerStats stats_;
    uint64_t note_size_ = 0;             // its tree size (the tree may be ahead while a batch commits)
    std::mutex queue_mutex_;
    std::condition_variable queue_cv_;
    std::deque<Pending> queue_;
    bool stopping_ = false;
    std::thread writer_thread_;
    bool shared_log_ = false;            // PostgreSQL: sequenced in the database, one integrator at a time
    std::optional<core::Store> log_;     // the log thread's connection (holds the integrator lock)
    std::atomic<bool> integrating_{false};
    std::atomic<uint64_t> published_{0}; // note_size_, readable without the tree lock
    std::mutex log_mutex_;               // guards awaiting_, log_poked_, log_stopping_ (the log thread polls them)
    std::vector<Awaiting> awaiting_;
    bool log_poked_ = false;
    bool log_stopping_ = false;
    std::mutex publish_mutex_;           // with publish_cv_: waits for published_ to grow
    std::condition_variable publish_cv_;
    std::thread log_thread_;
    std::mutex checkpoint_mutex_;
    std::condition_variable checkpoint_cv_;
    int wal_pages_ = 0;                  // WAL size after the last commit (under checkpoint_mutex_)
    bool checkpoint_stopping_ = false;
    std::thread checkpoint_thread_;
};

}  // namespace yishi::server
