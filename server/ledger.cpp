// ledger.cpp — the writer thread, group commit, the in-memory tree and receipts (see ledger.hpp).
//
// Index of this file
//   [SECTION] Open: key, origin, tree, checkpoint, caches
//   [SECTION] Accept: cheap checks, then the signature (request threads)
//   [SECTION] The writer: one transaction per batch
//   [SECTION] The shared log (PostgreSQL): follow, integrate, answer
//   [SECTION] Reads
#include "ledger.hpp"
#include "key_file.hpp"
#include "database.hpp"
#include "opinion.hpp"

#include "yishi/tiles.hpp"

#include <sodium.h>

#include <pthread.h>
#include <sys/stat.h>

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <unordered_set>

#include "authorize.hpp"
#include "sql.hpp"
#include "yishi/checkpoint.hpp"
#include "yishi/consultation.hpp"

namespace yishi::server {

using namespace yishi::core;

int64_t system_clock_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
}

// [SECTION] Open: key, origin, tree, checkpoint, caches

size_t Ledger::KeyHash::operator()(const PublicKey& k) const noexcept {
    size_t h;
    std::memcpy(&h, k.data(), sizeof h);   // keys are uniformly random
    return h;
}

Result<std::unique_ptr<Ledger>> Ledger::open(const std::string& path, Clock clock, LedgerOptions options) {
    if (auto st = crypto_init(); !st) return st.error();
    auto writer = open_database(path);
    if (!writer) return writer.error();
    auto reader = open_database(path);
    if (!reader) return reader.error();
    // Savepoint sub-journals and sorts in memory: SQLite otherwise spills them to /var/tmp files
    // (create, write, unlink) in the middle of a group commit. Durability is the WAL's, unchanged.
    for (Store* s : {&writer.value(), &reader.value()})
        if (s->sqlite())
            if (auto st = s->exec("PRAGMA temp_store=MEMORY"); !st) return st.error();
    std::unique_ptr<Ledger> ledger(new Ledger(std::move(writer.value()), std::move(reader.value()), std::move(clock)));
    ledger->shared_log_ = ledger->writer_.dialect() == Dialect::Postgres;
    if (auto st = ledger->load(options); !st) return st.error();
    if (auto st = ledger->load_caches(); !st) return st.error();
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    ledger->verify_slots_ = std::make_unique<std::counting_semaphore<kMaxVerifyThreads>>(
        std::min<ptrdiff_t>(cores, kMaxVerifyThreads));
    if (sqlite3* db = ledger->writer_.sqlite()) {   // SQLite's WAL; PostgreSQL checkpoints by itself
        auto checkpointer = open_database(path);
        if (!checkpointer) return checkpointer.error();
        sqlite3_wal_hook(db, &Ledger::on_wal_commit, ledger.get());   // replaces auto-checkpoint
        ledger->checkpoint_thread_ = std::thread([l = ledger.get(), db = std::move(checkpointer.value())]() mutable {
            pthread_setname_np(pthread_self(), "yishi-checkpt");   // names for top -H and perf
            l->checkpoint_loop(std::move(db));
        });
    }
    if (ledger->shared_log_) {   // several servers, one log: follow it, and integrate it when this one may
        auto log = open_database(path);
        if (!log) return log.error();
        ledger->log_.emplace(std::move(log.value()));
        ledger->log_thread_ = std::thread([l = ledger.get()] {
            pthread_setname_np(pthread_self(), "yishi-log");
            l->log_loop();
        });
    }
    ledger->writer_thread_ = std::thread([l = ledger.get()] {
        pthread_setname_np(pthread_self(), "yishi-writer");
        l->writer_loop();
    });
    return ledger;
}

Ledger::Ledger(Store writer, Store reader, Clock clock)
    : writer_(std::move(writer)), reader_(std::move(reader)), clock_(std::move(clock)) {}

Ledger::~Ledger() {
    {
        std::lock_guard lock(queue_mutex_);
        stopping_ = true;
    }
    queue_cv_.notify_all();
    if (writer_thread_.joinable()) writer_thread_.join();
    {   // after the writer: its last batch may still wait for a head
        std::lock_guard lock(log_mutex_);
        log_stopping_ = true;
    }
    if (log_thread_.joinable()) log_thread_.join();
    {
        std::lock_guard lock(checkpoint_mutex_);
        checkpoint_stopping_ = true;
    }
    checkpoint_cv_.notify_all();
    if (checkpoint_thread_.joinable()) checkpoint_thread_.join();
    if (!server_seed_.empty()) sodium_memzero(server_seed_.data(), server_seed_.size());
}

Status Ledger::load(const LedgerOptions& options) {
    StatementCache sql(writer_.handle());
    if (!sql.exec("BEGIN IMMEDIATE")) return Error::StoreQuery;
    Error failure = Error::StoreQuery;
    bool ok = sql("INSERT INTO meta(key, value) VALUES ('log_origin', ?) ON CONFLICT DO NOTHING")
                  .bind(1, std::string_view(kDefaultLogOrigin)).run();
    {
        auto q = sql("SELECT value FROM meta WHERE key = 'log_origin'");
        ok = ok && q.step() == SQLITE_ROW;
        if (ok) origin_ = q.text(0);
    }
    int64_t newest_id = 0;
    {
        auto q = sql("SELECT id, public_key, seed, created_ms FROM server_keys ORDER BY id DESC");
        int rc;
        while (ok && (rc = q.step()) == SQLITE_ROW) {
            if (keys_.empty()) {
                newest_id = q.int64(0);
                auto seed = q.blob(2);
                server_seed_.assign(seed.begin(), seed.end());
            }
            keys_.push_back(LogKey{q.array<kPublicKeySize>(1), q.int64(3)});
        }
        ok = ok && rc == SQLITE_DONE;
    }
    const bool use_file = !options.key_file.empty();
    if (ok && keys_.empty()) {
        // A new database: its log key is made here, once (docs/api.md). With a key file, the seed goes
        // there (or, if the operator already put one there, that one is used) and the row keeps no seed.
        auto from_file = use_file ? read_key_file(options.key_file) : Result<Bytes>(Error::LogKeyFile);
        if (from_file) {
            server_seed_ = std::move(from_file.value());
        } else {
            server_seed_.resize(kSeedSize);
            randombytes_buf(server_seed_.data(), server_seed_.size());
            if (use_file && !write_key_file(options.key_file, server_seed_)) ok = false, failure = Error::LogKeyFile;
        }
        auto key = SigningKey::from_seed(server_seed_);
        ok = ok && key.ok();
        if (ok) keys_.push_back(LogKey{key->public_key(), clock_()});
        // An empty seed (x'', not NULL: an empty Bytes would bind as NULL) means "in the key file".
        ok = ok && (use_file ? sql("INSERT INTO server_keys(public_key, seed, created_ms) VALUES (?, x'', ?)")
                                   .bind(1, keys_.front().public_key).bind(2, keys_.front().created_ms).run()
                             : sql("INSERT INTO server_keys(public_key, seed, created_ms) VALUES (?,?,?)")
                                   .bind(1, keys_.front().public_key).bind(2, server_seed_)
                                   .bind(3, keys_.front().created_ms).run());
    } else if (ok && server_seed_.empty()) {
        // The seed is in the operator's key file; it must be the database's current log key.
        auto from_file = use_file ? read_key_file(options.key_file) : Result<Bytes>(Error::LogKeyFile);
        auto key = from_file ? SigningKey::from_seed(from_file.value()) : Result<SigningKey>(from_file.error());
        if (!key || key->public_key() != keys_.front().public_key) {
            ok = false;
            failure = Error::LogKeyFile;
        } else {
            server_seed_ = std::move(from_file.value());
        }
    } else if (ok && use_file) {
        // Move a seed kept in the database out to the key file (once), then forget it in the database.
        // A file holding a previous log key (rotate-server-key without --key-file) is brought up to date;
        // a file holding any other key is refused: it may be someone's key, and is never overwritten.
        auto existing = read_key_file(options.key_file);
        auto existing_key = existing ? SigningKey::from_seed(existing.value()) : Result<SigningKey>(existing.error());
        const bool previous = existing_key && std::any_of(keys_.begin(), keys_.end(), [&](const LogKey& k) {
            return k.public_key == existing_key->public_key();
        });
        if (existing && existing.value() != server_seed_ && !previous) {
            ok = false;
            failure = Error::LogKeyFile;
        } else if ((!existing || existing.value() != server_seed_) && !write_key_file(options.key_file, server_seed_)) {
            ok = false;
            failure = Error::LogKeyFile;
        }
        ok = ok && sql("UPDATE server_keys SET seed = x'' WHERE id = ?").bind(1, newest_id).run();
    }
    if (ok) {
        auto key = SigningKey::from_seed(server_seed_);
        ok = key.ok();
        if (ok) server_key_ = key->public_key();
    }
    if (!ok || !sql.exec("COMMIT")) {
        (void)sql.exec("ROLLBACK");
        return failure;
    }
    auto key = SigningKey::from_seed(server_seed_);
    if (!key) return key.error();
    // The latest checkpoint, or a fresh one for the empty log (signed now, not stored: it commits to nothing).
    auto q = sql("SELECT note, size FROM checkpoints ORDER BY size DESC LIMIT 1");
    int rc = q.step();
    // On a shared log, leaves past the latest head may be sequenced already: the tree holds signed leaves only.
    const uint64_t signed_size = rc == SQLITE_ROW ? static_cast<uint64_t>(q.int64(1)) : 0;
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        if (auto st = rebuild_tree(sql, shared_log_ ? signed_size : UINT64_MAX); !st) return st;
    if (rc == SQLITE_ROW) {
        note_ = q.text(0);
        note_size_ = tree_.leaf_count();
        published_ = note_size_;
        // Signed by the current key or, before a rotation, by a previous one (all stay published).
        std::optional<Checkpoint> cp;
        bool by_current = false;
        for (const LogKey& k : keys_) {
            if (auto c = open_checkpoint(note_, origin_, k.public_key)) {
                cp = c.value();
                by_current = k.public_key == server_key_;
                break;
            }
        }
        if (!cp || cp->size != note_size_) return Error::StoreQuery;   // the log and its last head disagree
        if (!by_current) {   // after a key rotation: publish the same head under the new key
            auto note = make_checkpoint({origin_, cp->size, cp->root, clock_()}, key.value());
            if (!note) return note.error();
            note_ = note.value();
        }
        return Ok{};
    }
    if (rc != SQLITE_DONE) return Error::StoreQuery;
    auto note = make_checkpoint({origin_, 0, merkle_empty_root(), clock_()}, key.value());
    if (!note) return note.error();
    note_ = note.value();
    return Ok{};
}

Status Ledger::load_caches() {
    StatementCache sql(writer_.handle());
    {
        auto q = sql("SELECT author, max(sequence) FROM envelopes GROUP BY author");
        int rc;
        while ((rc = q.step()) == SQLITE_ROW) last_sequence_[q.array<kPublicKeySize>(0)] = static_cast<uint64_t>(q.int64(1));
        if (rc != SQLITE_DONE) return Error::StoreQuery;
    }
    auto q = sql("SELECT key, status FROM retired_keys");
    int rc;
    while ((rc = q.step()) == SQLITE_ROW)
        retired_[q.array<kPublicKeySize>(0)] = q.text(1) == "revoked" ? Error::KeyRevoked : Error::KeyRotated;
    return rc == SQLITE_DONE ? Status(Ok{}) : Status(Error::StoreQuery);
}

Status Ledger::rebuild_tree(StatementCache& sql, uint64_t limit) {
    MerkleTree tree;
    auto q = sql("SELECT log_index, leaf_hash FROM log_leaves WHERE log_index < ? ORDER BY log_index");
    q.bind(1, static_cast<int64_t>(std::min<uint64_t>(limit, INT64_MAX)));
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        if (static_cast<uint64_t>(q.int64(0)) != tree.leaf_count()) return Error::StoreQuery;  // a gap: corrupt
        tree.append_leaf_hash(q.array<kHashSize>(1));
    }
    if (rc != SQLITE_DONE) return Error::StoreQuery;
    std::unique_lock lock(tree_mutex_);
    tree_ = std::move(tree);
    return Ok{};
}

// [SECTION] Accept: cheap checks, then the signature (request threads)

// Answers that need no signature check: a retired author key, or a sequence number at or below the
// author's last accepted one — identical bytes are the original (verified) envelope, so its receipt is
// returned; no row means a replay. A different envelope under a used sequence is verified and goes to
// the writer, which keeps it as evidence (only a signed conflict is evidence). nullopt: go on.
Result<std::optional<SubmitResult>> Ledger::early_answer(const VerifiedEnvelope& v) {
    const Envelope& e = v.signed_envelope.envelope;
    {
        std::shared_lock lock(cache_mutex_);
        if (auto r = retired_.find(e.author); r != retired_.end()) return r->second;
        auto it = last_sequence_.find(e.author);
        if (it == last_sequence_.end() || e.sequence > it->second) return std::optional<SubmitResult>{};
    }
    std::shared_lock tree_lock(tree_mutex_);   // first, as in receipt_for: rows and head agree
    uint64_t index;
    {
        std::lock_guard lock(reader_mutex_);
        StatementCache sql(reader_.handle());
        auto q = sql("SELECT wire, log_index FROM envelopes WHERE author = ? AND sequence = ?");
        int rc = q.bind(1, e.author).bind(2, static_cast<int64_t>(e.sequence)).step();
        if (rc == SQLITE_DONE) return Error::ReplayedSequence;
        if (rc != SQLITE_ROW) return Error::StoreQuery;
        auto wire = q.blob(0);
        if (!std::equal(wire.begin(), wire.end(), v.wire.begin(), v.wire.end())) return std::optional<SubmitResult>{};
        index = static_cast<uint64_t>(q.int64(1));
    }
    if (index >= note_size_) return std::optional<SubmitResult>{};   // not yet under a published head: writer decides
    auto proof = inclusion_proof(tree_, index, note_size_);
    if (!proof) return proof.error();
    return std::optional<SubmitResult>{SubmitResult{Receipt{index, v.leaf_hash, std::move(proof.value()), note_ + cosignatures_}, true, v.id}};
}

void Ledger::accept_async(ByteView wire, const Admit& admit, Done done) {
    auto v = decode_submission(wire);
    if (!v) return done(v.error());
    auto early = early_answer(v.value());
    if (!early || early->has_value()) {
        std::lock_guard lock(stats_mutex_);
        ++stats_.early_refusals;
    }
    if (!early) return done(early.error());
    if (early->has_value()) return done(std::move(early->value()));
    {
        std::lock_guard lock(queue_mutex_);
        ++preparing_;   // the writer waits a little for envelopes on their way (group commit)
    }
    verify_slots_->acquire();   // at most one verification per core at a time
    Status st = verify_submission(v.value());
    verify_slots_->release();
    if (st && admit && !admit(v->signed_envelope.envelope.author)) st = Error::RateLimited;
    if (!st) {
        {
            std::lock_guard lock(queue_mutex_);
            --preparing_;
        }
        queue_cv_.notify_one();
        return done(st.error());
    }
    enqueue(std::move(v.value()), true, std::move(done));
}

// [SECTION] The writer: one transaction per batch

Result<SubmitResult> Ledger::submit(VerifiedEnvelope v) {
    std::promise<Result<SubmitResult>> answer;
    auto future = answer.get_future();
    enqueue(std::move(v), false, [&answer](Result<SubmitResult> r) { answer.set_value(std::move(r)); });
    return future.get();
}

void Ledger::enqueue(VerifiedEnvelope v, bool was_preparing, Done done) {
    {
        std::lock_guard lock(queue_mutex_);
        assert(!stopping_ && "Ledger::submit() after the ledger began to shut down");
        if (was_preparing) --preparing_;
        queue_.push_back(Pending{std::move(v), std::move(done)});
    }
    queue_cv_.notify_one();
}

void Ledger::writer_loop() {
    std::deque<Pending> batch;
    StatementCache sql(writer_.handle());   // the writer's statements, prepared once
    for (;;) {
        {
            std::unique_lock lock(queue_mutex_);
            queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;   // stopping, and nothing left to answer
            auto drain = [&] {
                while (!queue_.empty() && batch.size() < kMaxSubmitBatch) {
                    batch.push_back(std::move(queue_.front()));
                    queue_.pop_front();
                }
            };
            drain();
            // Group commit: envelopes being verified right now join this transaction if they come
            // within the time of one COMMIT (capped), instead of each paying for its own fsync.
            const auto deadline = std::chrono::steady_clock::now() +
                                  std::chrono::microseconds(std::min(last_commit_us_, kGroupCommitWaitUs));
            while (batch.size() < kMaxSubmitBatch && preparing_ > 0 && !stopping_) {
                if (!queue_cv_.wait_until(lock, deadline, [&] { return !queue_.empty() || preparing_ == 0 || stopping_; }))
                    break;
                drain();
            }
        }
        commit_batch(batch, sql);
        batch.clear();
    }
}

// Called by SQLite on the writer thread after each COMMIT with the WAL's size in pages.
int Ledger::on_wal_commit(void* self, sqlite3* db, const char* name, int pages) {
    auto* l = static_cast<Ledger*>(self);
    {
        std::lock_guard lock(l->checkpoint_mutex_);
        l->wal_pages_ = pages;
    }
    {   // a smaller WAL than last time: this commit started it over after a checkpoint
        std::lock_guard lock(l->stats_mutex_);
        l->stats_.wal_pages += static_cast<uint64_t>(pages > l->last_wal_size_ ? pages - l->last_wal_size_ : pages);
        l->last_wal_size_ = pages;
    }
    if (pages >= kWriterCheckpointWalPages)   // the checkpointer is far behind: do it here, once
        (void)sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    else if (pages >= kCheckpointWalPages)
        l->checkpoint_cv_.notify_one();
    return SQLITE_OK;
}

void Ledger::checkpoint_loop(Store db) {
    std::unique_lock lock(checkpoint_mutex_);
    for (;;) {
        checkpoint_cv_.wait(lock, [&] { return checkpoint_stopping_ || wal_pages_ >= kCheckpointWalPages; });
        if (checkpoint_stopping_) return;   // closing the last connection checkpoints what is left
        wal_pages_ = 0;   // until the writer's next commit says otherwise
        lock.unlock();
        // PASSIVE: copies what no reader still needs, without waiting for (or blocking) anyone. Once it
        // has copied everything, the writer's next transaction starts the WAL file over.
        (void)sqlite3_wal_checkpoint_v2(db.sqlite(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        lock.lock();
    }
}

// What happened to one envelope of a batch before COMMIT.
struct Outcome {
    Error error = Error::StoreQuery;  // meaningful when !accepted
    bool accepted = false;           // logged (new) or found (duplicate)
    bool duplicate = false;
    uint64_t log_index = 0;
    Hash leaf_hash{};
    std::optional<Hash> conflicts_with;   // SequenceConflict: the accepted envelope's id
};

namespace {

constexpr int64_t kSequenceRow = 0;     // log_coordinator: the next log index (writers)
constexpr int64_t kIntegratedRow = 1;   // log_coordinator: the size of the latest signed head (the integrator)
constexpr const char* kLogChannel = "yishi_log";   // NOTIFY: new leaves were sequenced, or a new head was signed

// Locks a log_coordinator row FOR UPDATE until the transaction ends and returns its value; on a
// database's first use, the row starts from what is stored (every stored leaf is under a signed head).
Result<uint64_t> lock_coordinator(StatementCache& sql, int64_t row) {
    for (int attempt = 0; attempt < 2; ++attempt) {
        {
            auto q = sql("SELECT value FROM log_coordinator WHERE id = ? FOR UPDATE");
            const int rc = q.bind(1, row).step();
            if (rc == SQLITE_ROW) return static_cast<uint64_t>(q.int64(0));
            if (rc != SQLITE_DONE) return Error::StoreQuery;
        }
        const bool ok = row == kSequenceRow
            ? sql("INSERT INTO log_coordinator(id, value) SELECT ?, count(*) FROM log_leaves ON CONFLICT DO NOTHING")
                  .bind(1, row).run()
            : sql("INSERT INTO log_coordinator(id, value) SELECT ?, coalesce(max(size), 0) FROM checkpoints "
                  "ON CONFLICT DO NOTHING").bind(1, row).run();
        if (!ok) return Error::StoreQuery;
    }
    return Error::StoreQuery;
}

// An author key as the database has it: its last accepted sequence and whether it was retired.
struct StoredAuthor {
    std::optional<uint64_t> last;
    std::optional<Error> retired;   // KeyRotated, KeyRevoked; StoreQuery if it could not be read (refuse)
};

StoredAuthor read_author(StatementCache& sql, const PublicKey& k) {
    StoredAuthor out;
    auto q = sql("SELECT (SELECT max(sequence) FROM envelopes WHERE author = ?1), "
                 "(SELECT status FROM retired_keys WHERE key = ?1)");
    if (q.bind(1, k).step() != SQLITE_ROW) {
        out.retired = Error::StoreQuery;
        return out;
    }
    if (!q.is_null(0)) out.last = static_cast<uint64_t>(q.int64(0));
    if (!q.is_null(1)) out.retired = q.text(1) == "revoked" ? Error::KeyRevoked : Error::KeyRotated;
    return out;
}

// Replay rules: an identical envelope is a duplicate; another one with the same author and sequence is
// a conflict (keep_evidence may keep it); a sequence not above the author's last is a replay. nullopt: fresh.
// `last` is the author's last accepted sequence (the writer's cache and this batch): no SQL for the
// common case of a fresh, higher sequence.
std::optional<Outcome> check_sequence(StatementCache& sql, const VerifiedEnvelope& v, int64_t now_ms,
                                      std::optional<uint64_t> last) {
    const Envelope& e = v.signed_envelope.envelope;
    if (!last || e.sequence > *last) return std::nullopt;
    Outcome out;
    Hash accepted_id{};
    {
        auto q = sql("SELECT id, wire, log_index FROM envelopes WHERE author = ? AND sequence = ?");
        int rc = q.bind(1, e.author).bind(2, static_cast<int64_t>(e.sequence)).step();
        if (rc == SQLITE_DONE) {
            out.error = Error::ReplayedSequence;
            return out;
        }
        if (rc != SQLITE_ROW) return out;
        auto wire = q.blob(1);
        if (std::equal(wire.begin(), wire.end(), v.wire.begin(), v.wire.end())) {
            out.accepted = out.duplicate = true;
            out.log_index = static_cast<uint64_t>(q.int64(2));
            out.leaf_hash = v.leaf_hash;
            return out;
        }
        accepted_id = q.array<kHashSize>(0);
    }
    out.error = Error::SequenceConflict;
    out.conflicts_with = accepted_id;
    return out;
}

// Keeps a sequence conflict in sequence_evidence (docs/api.md "Sequence-conflict evidence"): once per
// (author, sequence, envelope bytes), at most kMaxEvidencePerAuthor rows per author, and only if the
// author may send that envelope at all — authorize_and_apply accepts it, tried inside a savepoint that
// is always rolled back. Otherwise nothing is written: one key cannot fill the disk with copies.
Status keep_evidence(StatementCache& sql, const VerifiedEnvelope& v, const Hash& accepted_id, int64_t now_ms,
                     uint64_t log_index) {
    const Envelope& e = v.signed_envelope.envelope;
    int64_t kept = 0;
    {
        auto q = sql("SELECT count(*), coalesce(sum(CASE WHEN sequence = ? AND conflicting_wire = ? THEN 1 ELSE 0 END), 0) FROM sequence_evidence "
                     "WHERE author = ?");
        if (q.bind(1, static_cast<int64_t>(e.sequence)).bind(2, v.wire).bind(3, e.author).step() != SQLITE_ROW)
            return Error::StoreQuery;
        if (q.int64(1) > 0) return Ok{};   // this very envelope is kept already
        kept = q.int64(0);
    }
    if (kept >= static_cast<int64_t>(kMaxEvidencePerAuthor)) return Ok{};
    if (!sql("SAVEPOINT evidence").run()) return Error::StoreQuery;
    const bool may_send = authorize_and_apply(sql, v, now_ms, log_index).ok();
    (void)sql("ROLLBACK TO evidence").run();
    (void)sql("RELEASE evidence").run();
    if (!may_send) return Ok{};
    const bool ok = sql("INSERT INTO sequence_evidence(author, sequence, accepted_id, conflicting_wire, received_ms) "
                        "VALUES (?,?,?,?,?)")
                        .bind(1, e.author).bind(2, static_cast<int64_t>(e.sequence)).bind(3, accepted_id)
                        .bind(4, v.wire).bind(5, now_ms).run();
    return ok ? Status(Ok{}) : Status(Error::StoreQuery);
}

}  // namespace

void Ledger::commit_batch(std::deque<Pending>& batch, StatementCache& sql) {
    const int64_t now = clock_();
    const auto t_start = std::chrono::steady_clock::now();
    // This batch's changes to the caches, published only after COMMIT.
    SequenceMap batch_sequence;
    RetiredMap batch_retired;
    // On a shared log other servers accept too: the database (read inside this transaction, which holds
    // the writer lock) decides, and the caches are only hints for early refusals.
    std::unordered_map<PublicKey, StoredAuthor, KeyHash> stored;
    auto stored_of = [&](const PublicKey& k) -> const StoredAuthor& {
        auto [it, fresh] = stored.try_emplace(k);
        if (fresh) it->second = read_author(sql, k);
        return it->second;
    };
    auto last_of = [&](const PublicKey& k) -> std::optional<uint64_t> {
        if (auto it = batch_sequence.find(k); it != batch_sequence.end()) return it->second;
        if (shared_log_) return stored_of(k).last;
        std::shared_lock lock(cache_mutex_);
        if (auto it = last_sequence_.find(k); it != last_sequence_.end()) return it->second;
        return std::nullopt;
    };
    auto retired_as = [&](const PublicKey& k) -> std::optional<Error> {
        if (auto it = batch_retired.find(k); it != batch_retired.end()) return it->second;
        if (shared_log_) return stored_of(k).retired;
        std::shared_lock lock(cache_mutex_);
        if (auto it = retired_.find(k); it != retired_.end()) return it->second;
        return std::nullopt;
    };
    auto fail_all = [&](Error e) {
        for (Pending& p : batch) p.done(e);
    };
    if (!sql.exec("BEGIN IMMEDIATE")) return fail_all(Error::StoreQuery);

    uint64_t size;
    if (shared_log_) {   // the next index, from the coordinator row locked until COMMIT (Tessera's SeqCoord)
        auto next = lock_coordinator(sql, kSequenceRow);
        if (!next) {
            (void)sql.exec("ROLLBACK");
            return fail_all(next.error());
        }
        size = next.value();
    } else {
        std::shared_lock lock(tree_mutex_);
        size = tree_.leaf_count();
    }
    std::vector<Outcome> outcomes(batch.size());
    std::vector<Hash> new_leaves;
    for (size_t i = 0; i < batch.size(); ++i) {
        const VerifiedEnvelope& v = batch[i].v;
        const Envelope& e = v.signed_envelope.envelope;
        if (auto retired = retired_as(e.author)) {
            outcomes[i].error = *retired;
            continue;
        }
        if (auto out = check_sequence(sql, v, now, last_of(e.author))) {   // duplicate, or refused by the sequence rules
            outcomes[i] = *out;
            if (out->conflicts_with && !keep_evidence(sql, v, *out->conflicts_with, now, size + new_leaves.size()))
                outcomes[i].error = Error::StoreQuery;
            continue;
        }
        if (auto* rotate = std::get_if<KeyRotatePayload>(&e.payload)) {   // the new key: never seen, never retired
            if (retired_as(rotate->new_key) || last_of(rotate->new_key)) {
                outcomes[i].error = Error::KeyInUse;
                continue;
            }
        }
        if (auto* revoke = std::get_if<KeyRevokePayload>(&e.payload); revoke && retired_as(revoke->revoked_key) == Error::KeyRevoked) {
            outcomes[i].error = Error::KeyRevoked;
            continue;
        }
        if (!sql("SAVEPOINT envelope").run()) {
            outcomes[i].error = Error::StoreQuery;
            continue;
        }
        const uint64_t index = size + new_leaves.size();
        Status st = authorize_and_apply(sql, v, now, index);
        if (st && !(sql("INSERT INTO envelopes(id, author, sequence, kind, region, consultation, wire, received_ms, "
                        "log_index) VALUES (?,?,?,?,?,?,?,?,?)")
                        .bind(1, v.id).bind(2, e.author).bind(3, static_cast<int64_t>(e.sequence))
                        .bind(4, int64_t{static_cast<uint8_t>(envelope_kind(e))}).bind(5, int64_t{e.scope.region_id})
                        .bind(6, static_cast<int64_t>(e.scope.consultation_id)).bind(7, v.wire).bind(8, now)
                        .bind(9, static_cast<int64_t>(index)).run() &&
                    sql("INSERT INTO log_leaves(log_index, leaf_hash) VALUES (?,?)")
                        .bind(1, static_cast<int64_t>(index)).bind(2, v.leaf_hash).run()))
            st = Error::StoreQuery;
        if (!st) {
            (void)sql("ROLLBACK TO envelope").run();   // the refused envelope leaves nothing behind
            (void)sql("RELEASE envelope").run();
            outcomes[i].error = st.error();
            continue;
        }
        (void)sql("RELEASE envelope").run();
        outcomes[i] = Outcome{Error{}, true, false, index, v.leaf_hash, std::nullopt};
        new_leaves.push_back(v.leaf_hash);
        batch_sequence[e.author] = e.sequence;
        if (std::holds_alternative<KeyRotatePayload>(e.payload)) batch_retired[e.author] = Error::KeyRotated;
        if (auto* revoke = std::get_if<KeyRevokePayload>(&e.payload)) batch_retired[revoke->revoked_key] = Error::KeyRevoked;
    }
    const auto t_applied = std::chrono::steady_clock::now();

    if (shared_log_) return finish_shared_batch(batch, sql, outcomes, size, new_leaves.size(), batch_sequence,
                                                batch_retired, t_start, t_applied);

    // Extend the tree and sign its new head inside the same transaction. The tree lock is held until the
    // new head is published, so readers (which read the database under the shared lock) always see a
    // database snapshot and a tree/head that agree.
    std::unique_lock lock(tree_mutex_);
    bool ok = true;
    if (!new_leaves.empty()) {
        for (const Hash& h : new_leaves) tree_.append_leaf_hash(h);
        const uint64_t new_size = tree_.leaf_count();
        auto root = merkle_root(tree_, new_size);
        auto key = SigningKey::from_seed(server_seed_);
        ok = root.ok() && key.ok();
        if (ok) {
            auto signed_note = make_checkpoint({origin_, new_size, root.value(), now}, key.value());
            ok = signed_note.ok() &&
                 sql("INSERT INTO checkpoints(size, root, note, signed_ms) VALUES (?,?,?,?)")
                     .bind(1, static_cast<int64_t>(new_size)).bind(2, root.value())
                     .bind(3, std::string_view(signed_note.value())).bind(4, now).run();
            if (ok && sql.exec("COMMIT")) {
                note_ = std::move(signed_note.value());
                cosignatures_.clear();
                note_size_ = new_size;
                published_ = new_size;
            } else {
                ok = false;
            }
        }
    } else {
        ok = sql.exec("COMMIT");
    }
    if (!ok) {
        (void)sql.exec("ROLLBACK");
        lock.unlock();
        if (!new_leaves.empty()) (void)rebuild_tree(sql, UINT64_MAX);   // forget the leaves that did not become durable
        return fail_all(Error::StoreQuery);
    }

    // Durable: publish this batch's sequences and retired keys, count, and now, only now, answer.
    after_commit(batch.size(), batch_sequence, batch_retired, t_start, t_applied);
    // The answers, then (with the tree unlocked: answering may write to sockets) their delivery.
    const uint64_t head = note_size_;
    std::vector<Result<SubmitResult>> answers;
    answers.reserve(batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
        const Outcome& o = outcomes[i];
        if (!o.accepted) {
            answers.emplace_back(o.error);
            continue;
        }
        auto proof = inclusion_proof(tree_, o.log_index, head);
        if (!proof) {
            answers.emplace_back(proof.error());
            continue;
        }
        answers.emplace_back(SubmitResult{Receipt{o.log_index, o.leaf_hash, std::move(proof.value()), note_ + cosignatures_},
                                          o.duplicate, batch[i].v.id});
    }
    lock.unlock();
    for (size_t i = 0; i < batch.size(); ++i) batch[i].done(std::move(answers[i]));
}

// Durable: this batch's sequences and retired keys go to the caches, and its times to the counters.
void Ledger::after_commit(size_t envelopes, const SequenceMap& batch_sequence, const RetiredMap& batch_retired,
                          TimePoint t_start, TimePoint t_applied) {
    {
        std::unique_lock cache_lock(cache_mutex_);
        for (const auto& [k, seq] : batch_sequence) last_sequence_[k] = std::max(last_sequence_[k], seq);
        for (const auto& [k, why] : batch_retired) retired_[k] = why;
    }
    const auto t_end = std::chrono::steady_clock::now();
    std::lock_guard stats_lock(stats_mutex_);
    ++stats_.batches;
    stats_.envelopes += envelopes;
    stats_.largest_batch = std::max<uint64_t>(stats_.largest_batch, envelopes);
    stats_.apply_us += std::chrono::duration_cast<std::chrono::microseconds>(t_applied - t_start).count();
    last_commit_us_ = std::chrono::duration_cast<std::chrono::microseconds>(t_end - t_applied).count();
    stats_.commit_us += static_cast<uint64_t>(last_commit_us_);
}

// A shared log's batch: the coordinator row moves past the new leaves and the transaction commits; the
// refused are answered now, the accepted (new or duplicate) once a signed head covers them (log_loop).
void Ledger::finish_shared_batch(std::deque<Pending>& batch, StatementCache& sql, std::vector<Outcome>& outcomes,
                                 uint64_t first_index, size_t new_leaves, const SequenceMap& batch_sequence,
                                 const RetiredMap& batch_retired, TimePoint t_start, TimePoint t_applied) {
    // One round trip: the coordinator moves on, the integrator (LISTEN) is told at COMMIT, COMMIT.
    const std::string finish = "UPDATE log_coordinator SET value = " + std::to_string(first_index + new_leaves) +
                               " WHERE id = " + std::to_string(kSequenceRow) + "; NOTIFY " + kLogChannel + "; COMMIT";
    const bool ok = new_leaves == 0 ? sql.exec("COMMIT") : sql.exec(finish.c_str());
    if (!ok) {
        (void)sql.exec("ROLLBACK");
        for (Pending& p : batch) p.done(Error::StoreQuery);
        return;
    }
    after_commit(batch.size(), batch_sequence, batch_retired, t_start, t_applied);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kIntegrationWaitMs);
    std::vector<size_t> refused;
    {
        std::lock_guard lock(log_mutex_);
        for (size_t i = 0; i < batch.size(); ++i) {
            const Outcome& o = outcomes[i];
            if (!o.accepted) {
                refused.push_back(i);
                continue;
            }
            awaiting_.push_back(Awaiting{o.log_index, o.leaf_hash, o.duplicate, batch[i].v.id, std::move(batch[i].done),
                                         deadline});
        }
        log_poked_ = true;
    }
    for (size_t i : refused) batch[i].done(outcomes[i].error);
}

// [SECTION] The shared log (PostgreSQL): follow, integrate, answer

void Ledger::poke_log() {
    {
        std::lock_guard lock(log_mutex_);
        log_poked_ = true;
    }
}

void Ledger::publish(std::string note, uint64_t size) {
    note_ = std::move(note);
    note_size_ = size;
    {
        std::lock_guard lock(publish_mutex_);
        published_ = size;
    }
    publish_cv_.notify_all();
}

bool Ledger::await_published(uint64_t size, int64_t ms) {
    std::unique_lock lock(publish_mutex_);
    return publish_cv_.wait_for(lock, std::chrono::milliseconds(ms), [&] { return published_.load() >= size; });
}

bool Ledger::await_head(uint64_t size) {
    if (!shared_log_) return false;
    {
        std::lock_guard lock(reader_mutex_);
        StatementCache sql(reader_.handle());
        auto q = sql("SELECT coalesce(max(size), 0) FROM checkpoints");
        if (q.step() != SQLITE_ROW || static_cast<uint64_t>(q.int64(0)) < size) return false;   // nobody signed it
    }
    poke_log();
    return await_published(size, kFollowWaitMs);
}

// Adopts the newest head in the database if it is ahead of this server's: its leaves are appended and
// its root checked against the tree before it is published here.
Status Ledger::follow(StatementCache& sql) {
    uint64_t size;
    std::string note;
    {
        auto q = sql("SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1");
        const int rc = q.step();
        if (rc == SQLITE_DONE) return Ok{};
        if (rc != SQLITE_ROW) return Error::StoreQuery;
        size = static_cast<uint64_t>(q.int64(0));
        note = q.text(1);
    }
    if (size <= published_.load()) return Ok{};
    std::optional<Checkpoint> cp;
    for (const LogKey& k : keys_)
        if (auto c = open_checkpoint(note, origin_, k.public_key)) {
            cp = c.value();
            break;
        }
    if (!cp || cp->size != size) return Error::CheckpointUnsigned;
    std::vector<Hash> leaves;
    {
        auto q = sql("SELECT log_index, leaf_hash FROM log_leaves WHERE log_index >= ? AND log_index < ? ORDER BY log_index");
        q.bind(1, static_cast<int64_t>(published_.load())).bind(2, static_cast<int64_t>(size));
        int rc;
        while ((rc = q.step()) == SQLITE_ROW) {
            if (static_cast<uint64_t>(q.int64(0)) != published_.load() + leaves.size()) return Error::StoreQuery;   // a gap
            leaves.push_back(q.array<kHashSize>(1));
        }
        if (rc != SQLITE_DONE || published_.load() + leaves.size() != size) return Error::StoreQuery;
    }
    std::unique_lock lock(tree_mutex_);
    for (const Hash& h : leaves) tree_.append_leaf_hash(h);
    auto root = merkle_root(tree_, size);
    if (!root || root.value() != cp->root) {   // never publish a head the leaves do not give
        std::fprintf(stderr, "yishi-server: the log's checkpoint of size %llu does not match its leaves\n",
                     static_cast<unsigned long long>(size));
        lock.unlock();
        (void)rebuild_tree(sql, published_.load());
        return Error::StoreQuery;
    }
    publish(std::move(note), size);
    return Ok{};
}

// The integrator's pass: leaves sequenced past the latest head get ONE new signed head. The transaction
// locks log_coordinator row 1 (Tessera's IntCoord) and signs only if it still says this server's size.
Status Ledger::integrate(StatementCache& sql) {
    const uint64_t from = published_.load();
    {   // cheap: nothing sequenced past the head, nothing to do
        auto q = sql("SELECT value FROM log_coordinator WHERE id = ?");
        const int rc = q.bind(1, kSequenceRow).step();
        if (rc == SQLITE_DONE) return Ok{};
        if (rc != SQLITE_ROW) return Error::StoreQuery;
        if (static_cast<uint64_t>(q.int64(0)) <= from) return Ok{};
    }
    if (!sql.exec("BEGIN")) return Error::StoreQuery;
    struct Rollback {
        StatementCache& s;
        bool armed = true;
        ~Rollback() { if (armed) (void)s.exec("ROLLBACK"); }
    } rollback{sql};
    auto integrated = lock_coordinator(sql, kIntegratedRow);
    if (!integrated) return integrated.error();
    if (integrated.value() != from) return Ok{};   // a head this server has not followed yet: follow first
    std::vector<Hash> leaves;
    {
        auto q = sql("SELECT log_index, leaf_hash FROM log_leaves WHERE log_index >= ? ORDER BY log_index LIMIT ?");
        q.bind(1, static_cast<int64_t>(from)).bind(2, static_cast<int64_t>(kMaxIntegrateLeaves));
        int rc;
        while ((rc = q.step()) == SQLITE_ROW) {
            if (static_cast<uint64_t>(q.int64(0)) != from + leaves.size()) return Error::StoreQuery;   // a gap
            leaves.push_back(q.array<kHashSize>(1));
        }
        if (rc != SQLITE_DONE) return Error::StoreQuery;
    }
    if (leaves.empty()) return Ok{};
    const uint64_t size = from + leaves.size();
    Result<Hash> root = Error::StoreQuery;
    {
        std::unique_lock lock(tree_mutex_);   // readers stay below note_size_, so appending is safe to them
        for (const Hash& h : leaves) tree_.append_leaf_hash(h);
        root = merkle_root(tree_, size);
    }
    auto key = SigningKey::from_seed(server_seed_);
    const int64_t now = clock_();
    auto note = root && key ? make_checkpoint({origin_, size, root.value(), now}, key.value()) : Result<std::string>(Error::StoreQuery);
    const std::string finish = "UPDATE log_coordinator SET value = " + std::to_string(size) + " WHERE id = " +
                               std::to_string(kIntegratedRow) + "; NOTIFY " + kLogChannel + "; COMMIT";   // followers wake
    const bool ok = note &&
        sql("INSERT INTO checkpoints(size, root, note, signed_ms) VALUES (?,?,?,?)")
            .bind(1, static_cast<int64_t>(size)).bind(2, root.value()).bind(3, std::string_view(note.value()))
            .bind(4, now).run() &&
        sql.exec(finish.c_str());
    if (!ok) {
        (void)sql.exec("ROLLBACK");
        rollback.armed = false;
        (void)rebuild_tree(sql, from);   // forget the leaves no head covers
        return Error::StoreQuery;
    }
    rollback.armed = false;
    std::unique_lock lock(tree_mutex_);
    publish(std::move(note.value()), size);
    return Ok{};
}

void Ledger::answer_awaiting(bool stopping) {
    std::vector<Awaiting> due;
    const auto now = std::chrono::steady_clock::now();
    const uint64_t head = published_.load();
    {
        std::lock_guard lock(log_mutex_);
        auto ready = std::partition(awaiting_.begin(), awaiting_.end(), [&](const Awaiting& a) {
            return a.log_index >= head && a.deadline > now && !stopping;   // the ones that keep waiting first
        });
        std::move(ready, awaiting_.end(), std::back_inserter(due));
        awaiting_.erase(ready, awaiting_.end());
    }
    if (due.empty()) return;
    std::vector<Result<SubmitResult>> answers;
    {
        std::shared_lock lock(tree_mutex_);
        for (Awaiting& a : due) {
            if (a.log_index >= note_size_) {
                answers.emplace_back(Error::LogPending);
                continue;
            }
            auto proof = inclusion_proof(tree_, a.log_index, note_size_);
            if (!proof) answers.emplace_back(proof.error());
            else answers.emplace_back(SubmitResult{Receipt{a.log_index, a.leaf_hash, std::move(proof.value()), note_},
                                                   a.duplicate, a.id});
        }
    }
    for (size_t i = 0; i < due.size(); ++i) due[i].done(std::move(answers[i]));
}

void Ledger::log_loop() {
    StatementCache sql(log_->handle());
    // Woken by NOTIFY (any server's commit of new leaves, the integrator's new head), else every kLogPollMs.
    const std::string listen = std::string("LISTEN ") + kLogChannel;
    (void)sql.exec(listen.c_str());
    for (;;) {
        bool stopping;
        {
            std::unique_lock lock(log_mutex_);
            if (!log_poked_ && !log_stopping_) {
                lock.unlock();
                (void)wait_for_notification(*log_, kLogPollMs);
                lock.lock();
            }
            log_poked_ = false;
            stopping = log_stopping_;
        }
        if (!integrating_) {   // the lock is the session's: it frees when this server's connection ends
            auto q = sql("SELECT pg_try_advisory_lock(?)");
            if (q.bind(1, kIntegratorLockKey).step() == SQLITE_ROW && q.int64(0) == 1) {
                integrating_ = true;
                std::fprintf(stderr, "yishi-server: this server now integrates the log (signs its checkpoints)\n");
            }
        }
        (void)follow(sql);
        if (integrating_) (void)integrate(sql);
        answer_awaiting(stopping);
        if (stopping) return;
    }
}

// [SECTION] Reads

std::vector<LogKey> Ledger::log_keys() const { return keys_; }   // fixed after open()

LedgerStats Ledger::stats() const {
    std::lock_guard lock(stats_mutex_);
    return stats_;
}

std::string Ledger::checkpoint_note() const {
    std::shared_lock lock(tree_mutex_);
    return note_ + cosignatures_;
}

std::string Ledger::log_checkpoint_note() const {
    std::shared_lock lock(tree_mutex_);
    return note_;
}

void Ledger::add_cosignatures(const std::string& log_note, const std::string& lines) {
    std::unique_lock lock(tree_mutex_);
    if (log_note == note_) cosignatures_ += lines;   // a newer head came meanwhile: it waits for its own
}

Result<std::optional<uint64_t>> Ledger::last_sequence(const PublicKey& author) {
    std::lock_guard lock(reader_mutex_);
    StatementCache sql(reader_.handle());
    auto q = sql("SELECT max(sequence) FROM envelopes WHERE author = ?");
    if (q.bind(1, author).step() != SQLITE_ROW) return Error::StoreQuery;
    if (q.is_null(0)) return std::optional<uint64_t>{};
    return std::optional<uint64_t>{static_cast<uint64_t>(q.int64(0))};
}

Result<std::optional<Receipt>> Ledger::receipt_for(const Hash& envelope_id) {
    uint64_t index = 0;
    auto answer = receipt_now(envelope_id, index);
    if (!answer && answer.error() == Error::LogPending) {   // logged, not yet under a head here: wait briefly
        poke_log();
        if (await_published(index + 1, kFollowWaitMs)) answer = receipt_now(envelope_id, index);
    }
    return answer;
}

Result<std::optional<Receipt>> Ledger::receipt_now(const Hash& envelope_id, uint64_t& index) {
    std::shared_lock tree_lock(tree_mutex_);   // first: the database and the head then agree (commit_batch)
    {
        std::lock_guard lock(reader_mutex_);
        StatementCache sql(reader_.handle());
        auto q = sql("SELECT log_index FROM envelopes WHERE id = ?");
        int rc = q.bind(1, envelope_id).step();
        if (rc == SQLITE_DONE) return std::optional<Receipt>{};
        if (rc != SQLITE_ROW) return Error::StoreQuery;
        index = static_cast<uint64_t>(q.int64(0));
    }
    if (index >= note_size_) {   // on SQLite this cannot happen while the lock order holds
        return shared_log_ ? Error::LogPending : Error::StoreQuery;
    }
    auto proof = inclusion_proof(tree_, index, note_size_);
    if (!proof) return proof.error();
    return std::optional<Receipt>{Receipt{index, tree_.node_hash(0, index), std::move(proof.value()), note_ + cosignatures_}};
}

// Proofs against any published size: a client that kept an older signed head asks how its leaf, or
// its whole head, sits in a newer one. Sizes past the latest signed head are refused (MerkleRange): the
// tree may already hold leaves of a batch that is still committing. On a shared log, a size another
// server has signed but this one has not followed yet is waited for (await_head).
Result<InclusionAnswer> Ledger::inclusion_at(uint64_t index, uint64_t size) {
    if (size > published_.load()) (void)await_head(size);
    std::shared_lock tree_lock(tree_mutex_);
    if (size > note_size_ || index >= size) return Error::MerkleRange;
    auto proof = inclusion_proof(tree_, index, size);
    if (!proof) return proof.error();
    return InclusionAnswer{tree_.node_hash(0, index), std::move(proof.value())};
}

Result<std::vector<Hash>> Ledger::consistency(uint64_t from, uint64_t to) {
    if (to > published_.load()) (void)await_head(to);
    std::shared_lock tree_lock(tree_mutex_);
    if (to > note_size_ || from > to) return Error::MerkleRange;
    return consistency_proof(tree_, from, to);
}

uint64_t Ledger::published_size() const {
    std::shared_lock tree_lock(tree_mutex_);
    return note_size_;
}

Result<Bytes> Ledger::tile_hashes(unsigned level, uint64_t index, unsigned width) {
    if (level < 6 && index < (uint64_t{1} << 40) && width > core::tile_width_at(level, index, published_.load()))
        (void)await_head((index * core::kTileWidth + width) << (core::kTileHeight * level));   // the leaves it needs
    std::shared_lock tree_lock(tree_mutex_);
    if (width > core::tile_width_at(level, index, note_size_)) return Error::MerkleRange;   // only signed leaves
    return core::tile_hashes(tree_, level, index, width);
}

}  // namespace yishi::server
