// ledger.cpp — the writer thread, group commit, the in-memory tree and receipts (see ledger.hpp).
//
// Index of this file
//   [SECTION] Verification on the request thread
//   [SECTION] Open: key, origin, tree, checkpoint
//   [SECTION] The writer: one transaction per batch
//   [SECTION] Reads
#include "ledger.hpp"

#include <sodium.h>

#include <cassert>
#include <chrono>

#include "authorize.hpp"
#include "sql.hpp"
#include "yishi/checkpoint.hpp"

namespace yishi::server {

using namespace yishi::core;

int64_t system_clock_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
}

// [SECTION] Verification on the request thread

Result<VerifiedEnvelope> prepare_submission(ByteView wire) {
    auto s = decode_signed_envelope(wire);    // size, version, kind, every field: cheap and strict
    if (!s) return s.error();
    // The decoder accepts only canonical bodies, so the signed bytes are the domain and the body as
    // received: no re-encoding (envelope_id and verify_envelope would each encode again).
    const ByteView body = wire.first(wire.size() - kSignatureSize);
    Bytes signed_bytes(kEnvelopeDomain.begin(), kEnvelopeDomain.end());
    signed_bytes.insert(signed_bytes.end(), body.begin(), body.end());
    if (std::holds_alternative<KeyRotatePayload>(s->envelope.payload)) {
        if (auto st = verify_envelope(s.value()); !st) return st.error();   // also checks the new key's proof
    } else if (auto st = verify_signature(s->envelope.author, signed_bytes, s->signature); !st) {
        return st.error();                                                   // Ed25519, ~50 us
    }
    VerifiedEnvelope v{Bytes(wire.begin(), wire.end()), std::move(s.value()), sha256(signed_bytes), {}};
    v.leaf_hash = merkle_leaf_hash(log_leaf_data(v.id, v.signed_envelope.signature));
    return v;
}

// [SECTION] Open: key, origin, tree, checkpoint

Result<std::unique_ptr<Ledger>> Ledger::open(const std::string& path, Clock clock) {
    if (auto st = crypto_init(); !st) return st.error();
    auto writer = Store::open(path);
    if (!writer) return writer.error();
    auto reader = Store::open(path);
    if (!reader) return reader.error();
    std::unique_ptr<Ledger> ledger(new Ledger(std::move(writer.value()), std::move(reader.value()), std::move(clock)));
    if (auto st = ledger->load(); !st) return st.error();
    ledger->writer_thread_ = std::thread([l = ledger.get()] { l->writer_loop(); });
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
    if (!server_seed_.empty()) sodium_memzero(server_seed_.data(), server_seed_.size());
}

Status Ledger::load() {
    StatementCache sql(writer_.handle());
    if (!sql.exec("BEGIN IMMEDIATE")) return Error::StoreQuery;
    bool ok = sql("INSERT INTO meta(key, value) VALUES ('log_origin', ?) ON CONFLICT DO NOTHING")
                  .bind(1, std::string_view(kDefaultLogOrigin)).run();
    {
        auto q = sql("SELECT value FROM meta WHERE key = 'log_origin'");
        ok = ok && q.step() == SQLITE_ROW;
        if (ok) origin_ = q.text(0);
    }
    {
        auto q = sql("SELECT public_key, seed FROM server_keys ORDER BY id DESC LIMIT 1");
        int rc = q.step();
        if (rc == SQLITE_ROW) {
            server_key_ = q.array<kPublicKeySize>(0);
            auto seed = q.blob(1);
            server_seed_.assign(seed.begin(), seed.end());
        } else if (rc == SQLITE_DONE) {
            // A new database: its log key is made here, once, and kept in the file (docs/api.md).
            server_seed_.resize(kSeedSize);
            randombytes_buf(server_seed_.data(), server_seed_.size());
            auto key = SigningKey::from_seed(server_seed_);
            ok = ok && key.ok();
            if (key) server_key_ = key->public_key();
            ok = ok && sql("INSERT INTO server_keys(public_key, seed, created_ms) VALUES (?,?,?)")
                           .bind(1, server_key_).bind(2, server_seed_).bind(3, clock_()).run();
        } else {
            ok = false;
        }
    }
    if (!ok || !sql.exec("COMMIT")) {
        (void)sql.exec("ROLLBACK");
        return Error::StoreQuery;
    }
    if (auto st = rebuild_tree(); !st) return st;
    // The latest checkpoint, or a fresh one for the empty log (signed now, not stored: it commits to nothing).
    auto q = sql("SELECT note FROM checkpoints ORDER BY size DESC LIMIT 1");
    int rc = q.step();
    if (rc == SQLITE_ROW) {
        note_ = q.text(0);
        note_size_ = tree_.leaf_count();
        auto cp = open_checkpoint(note_, origin_, server_key_);
        if (!cp || cp->size != note_size_) return Error::StoreQuery;   // the log and its last head disagree
        return Ok{};
    }
    if (rc != SQLITE_DONE) return Error::StoreQuery;
    auto key = SigningKey::from_seed(server_seed_);
    if (!key) return key.error();
    auto note = make_checkpoint({origin_, 0, merkle_empty_root(), clock_()}, key.value());
    if (!note) return note.error();
    note_ = note.value();
    return Ok{};
}

Status Ledger::rebuild_tree() {
    StatementCache sql(writer_.handle());
    MerkleTree tree;
    auto q = sql("SELECT log_index, leaf_hash FROM log_leaves ORDER BY log_index");
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

// [SECTION] The writer: one transaction per batch

Result<SubmitResult> Ledger::submit(VerifiedEnvelope v) {
    std::future<Result<SubmitResult>> done;
    {
        std::lock_guard lock(queue_mutex_);
        assert(!stopping_ && "Ledger::submit() after the ledger began to shut down");
        queue_.push_back(Pending{std::move(v), {}});
        done = queue_.back().done.get_future();
    }
    queue_cv_.notify_one();
    return done.get();
}

void Ledger::writer_loop() {
    std::deque<Pending> batch;
    StatementCache sql(writer_.handle());   // the writer's statements, prepared once
    for (;;) {
        {
            std::unique_lock lock(queue_mutex_);
            queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;   // stopping, and nothing left to answer
            while (!queue_.empty() && batch.size() < kMaxSubmitBatch) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        commit_batch(batch, sql);
        batch.clear();
    }
}

namespace {

// What happened to one envelope of a batch before COMMIT.
struct Outcome {
    Error error = Error::StoreQuery;  // meaningful when !accepted
    bool accepted = false;           // logged (new) or found (duplicate)
    bool duplicate = false;
    uint64_t log_index = 0;
    Hash leaf_hash{};
};

// Replay rules: an identical envelope is a duplicate; another one with the same author and sequence is
// a conflict (kept as evidence); a sequence not above the author's last is a replay. nullopt: fresh.
std::optional<Outcome> check_sequence(StatementCache& sql, const VerifiedEnvelope& v, int64_t now_ms) {
    const Envelope& e = v.signed_envelope.envelope;
    Outcome out;
    bool conflict = false;
    Hash accepted_id{};
    {
        auto q = sql("SELECT id, wire, log_index FROM envelopes WHERE author = ? AND sequence = ?");
        int rc = q.bind(1, e.author).bind(2, static_cast<int64_t>(e.sequence)).step();
        if (rc == SQLITE_ROW) {
            auto wire = q.blob(1);
            if (std::equal(wire.begin(), wire.end(), v.wire.begin(), v.wire.end())) {
                out.accepted = out.duplicate = true;
                out.log_index = static_cast<uint64_t>(q.int64(2));
                out.leaf_hash = v.leaf_hash;
                return out;
            }
            conflict = true;
            accepted_id = q.array<kHashSize>(0);
        } else if (rc != SQLITE_DONE) {
            return out;
        }
    }
    if (conflict) {
        bool kept = sql("INSERT INTO sequence_evidence(author, sequence, accepted_id, conflicting_wire, received_ms) "
                        "VALUES (?,?,?,?,?)")
                        .bind(1, e.author).bind(2, static_cast<int64_t>(e.sequence)).bind(3, accepted_id)
                        .bind(4, v.wire).bind(5, now_ms).run();
        out.error = kept ? Error::SequenceConflict : Error::StoreQuery;
        return out;
    }
    auto q = sql("SELECT max(sequence) FROM envelopes WHERE author = ?");
    if (q.bind(1, e.author).step() != SQLITE_ROW) return out;
    if (!q.is_null(0) && static_cast<uint64_t>(q.int64(0)) >= e.sequence) {
        out.error = Error::ReplayedSequence;
        return out;
    }
    return std::nullopt;
}

}  // namespace

void Ledger::commit_batch(std::deque<Pending>& batch, StatementCache& sql) {
    const int64_t now = clock_();
    auto fail_all = [&](Error e) {
        for (Pending& p : batch) p.done.set_value(e);
    };
    if (!sql.exec("BEGIN IMMEDIATE")) return fail_all(Error::StoreQuery);

    uint64_t size;
    {
        std::shared_lock lock(tree_mutex_);
        size = tree_.leaf_count();
    }
    std::vector<Outcome> outcomes(batch.size());
    std::vector<Hash> new_leaves;
    for (size_t i = 0; i < batch.size(); ++i) {
        const VerifiedEnvelope& v = batch[i].v;
        const Envelope& e = v.signed_envelope.envelope;
        if (auto out = check_sequence(sql, v, now)) {   // duplicate, or refused by the sequence rules
            outcomes[i] = *out;
            continue;
        }
        if (!sql("SAVEPOINT envelope").run()) {
            outcomes[i].error = Error::StoreQuery;
            continue;
        }
        Status st = authorize_and_apply(sql, v, now);
        const uint64_t index = size + new_leaves.size();
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
        outcomes[i] = Outcome{Error{}, true, false, index, v.leaf_hash};
        new_leaves.push_back(v.leaf_hash);
    }

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
                note_size_ = new_size;
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
        if (!new_leaves.empty()) (void)rebuild_tree();   // forget the leaves that did not become durable
        return fail_all(Error::StoreQuery);
    }

    // Durable: now, and only now, answer.
    const uint64_t head = note_size_;
    for (size_t i = 0; i < batch.size(); ++i) {
        const Outcome& o = outcomes[i];
        if (!o.accepted) {
            batch[i].done.set_value(o.error);
            continue;
        }
        auto proof = inclusion_proof(tree_, o.log_index, head);
        if (!proof) {
            batch[i].done.set_value(proof.error());
            continue;
        }
        batch[i].done.set_value(SubmitResult{Receipt{o.log_index, o.leaf_hash, std::move(proof.value()), note_},
                                             o.duplicate});
    }
}

// [SECTION] Reads

std::string Ledger::checkpoint_note() const {
    std::shared_lock lock(tree_mutex_);
    return note_;
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
    std::shared_lock tree_lock(tree_mutex_);   // first: the database and the head then agree (commit_batch)
    uint64_t index;
    {
        std::lock_guard lock(reader_mutex_);
        StatementCache sql(reader_.handle());
        auto q = sql("SELECT log_index FROM envelopes WHERE id = ?");
        int rc = q.bind(1, envelope_id).step();
        if (rc == SQLITE_DONE) return std::optional<Receipt>{};
        if (rc != SQLITE_ROW) return Error::StoreQuery;
        index = static_cast<uint64_t>(q.int64(0));
    }
    if (index >= note_size_) return Error::StoreQuery;   // cannot happen while the lock order holds
    auto proof = inclusion_proof(tree_, index, note_size_);
    if (!proof) return proof.error();
    return std::optional<Receipt>{Receipt{index, tree_.node_hash(0, index), std::move(proof.value()), note_}};
}

Result<std::optional<ConsultationExport>> Ledger::export_consultation(uint64_t id) {
    std::shared_lock tree_lock(tree_mutex_);
    std::lock_guard lock(reader_mutex_);
    StatementCache sql(reader_.handle());
    if (!sql.exec("BEGIN")) return Error::StoreQuery;   // one snapshot
    struct Commit { StatementCache& s; ~Commit() { (void)s.exec("COMMIT"); } } commit{sql};
    ConsultationExport out;
    out.id = id;
    out.checkpoint = note_;
    auto logged = [&](ByteView wire, uint64_t index) -> Result<LoggedEnvelope> {
        if (index >= note_size_) return Error::StoreQuery;
        auto proof = inclusion_proof(tree_, index, note_size_);
        if (!proof) return proof.error();
        return LoggedEnvelope{Bytes(wire.begin(), wire.end()), index, tree_.node_hash(0, index), std::move(proof.value())};
    };
    {
        auto q = sql("SELECT c.region, c.stage, e.wire, e.log_index FROM consultations c "
                     "JOIN envelopes e ON e.id = c.open_id WHERE c.id = ?");
        int rc = q.bind(1, static_cast<int64_t>(id)).step();
        if (rc == SQLITE_DONE) return std::optional<ConsultationExport>{};
        if (rc != SQLITE_ROW) return Error::StoreQuery;
        out.region = static_cast<uint32_t>(q.int64(0));
        out.stage = static_cast<Stage>(q.int64(1));
        auto open = logged(q.blob(2), static_cast<uint64_t>(q.int64(3)));
        if (!open) return open.error();
        out.open = std::move(open.value());
    }
    auto q = sql("SELECT e.wire, e.log_index FROM ballots b JOIN envelopes e ON e.id = b.envelope_id "
                 "WHERE b.consultation = ? ORDER BY b.ballot_key");
    q.bind(1, static_cast<int64_t>(id));
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        auto b = logged(q.blob(0), static_cast<uint64_t>(q.int64(1)));
        if (!b) return b.error();
        out.ballots.push_back(std::move(b.value()));
    }
    if (rc != SQLITE_DONE) return Error::StoreQuery;
    return std::optional<ConsultationExport>{std::move(out)};
}

}  // namespace yishi::server
