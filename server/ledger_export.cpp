// ledger_export.cpp — Ledger::export_consultation: a consultation's opening, counted ballots and close,
// each with its place in the log (and, for the JSON bundle, its inclusion proof), from one snapshot.
// Written out as JSON, CSV or the ballot stream by export.cpp.
#include "ledger.hpp"

#include "opinion.hpp"
#include "yishi/consultation.hpp"

namespace yishi::server {

using namespace yishi::core;

Result<std::optional<ConsultationExport>> Ledger::export_consultation(uint64_t id, bool proofs) {
    std::shared_lock tree_lock(tree_mutex_);
    std::lock_guard lock(reader_mutex_);
    StatementCache sql(reader_.handle());
    if (!sql.exec("BEGIN")) return Error::StoreQuery;   // one snapshot
    struct Commit { StatementCache& s; ~Commit() { (void)s.exec("COMMIT"); } } commit{sql};
    ConsultationExport out;
    out.id = id;
    out.checkpoint = note_ + cosignatures_;
    auto logged = [&](ByteView wire, uint64_t index) -> Result<LoggedEnvelope> {
        if (index >= note_size_) return shared_log_ ? Error::LogPending : Error::StoreQuery;   // not yet under a head here
        if (!proofs) return LoggedEnvelope{Bytes(wire.begin(), wire.end()), index, tree_.node_hash(0, index), {}};
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
    {
        auto state = load_consultation_state(sql, id);
        if (!state) return state.error();
        const int64_t now = clock_();
        if (auto stage = effective_stage(state.value(), now)) out.stage = stage.value();
        out.results_visible = results_visible(state.value(), now);
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
    auto c = sql("SELECT wire, log_index FROM envelopes WHERE consultation = ? AND kind = ? ORDER BY log_index LIMIT 1");
    rc = c.bind(1, static_cast<int64_t>(id)).bind(2, int64_t{static_cast<uint8_t>(Kind::ConsultationClose)}).step();
    if (rc == SQLITE_ROW) {
        auto close = logged(c.blob(0), static_cast<uint64_t>(c.int64(1)));
        if (!close) return close.error();
        out.close = std::move(close.value());
    } else if (rc != SQLITE_DONE) {
        return Error::StoreQuery;
    }
    if (!proofs) return std::optional<ConsultationExport>{std::move(out)};
    auto opinion = load_opinion_matrix(sql, id);   // same snapshot
    if (!opinion) return opinion.error();
    out.opinion = std::move(opinion.value());
    return std::optional<ConsultationExport>{std::move(out)};
}

}  // namespace yishi::server
