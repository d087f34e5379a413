// log_audit.cpp — whole-log check and recount (see log_audit.hpp). Never throws (it runs in wasm).
#include "log_audit.hpp"

#include <algorithm>

#include "export_check.hpp"
#include "tally_json.hpp"
#include "yishi/tiles.hpp"

namespace yishi::core {

std::string LogAudit::add(uint64_t index, ByteView record, const Hash& tile_leaf_hash) {
    const std::string at = "log entry " + std::to_string(index) + ": ";
    if (index != next_) return at + "out of order (expected entry " + std::to_string(next_) + ")";
    auto leaf = envelope_record_leaf_hash(record);
    if (!leaf) return at + "not a valid envelope record (" + std::string(error_code(leaf.error())) + ")";
    if (leaf.value() != tile_leaf_hash) return at + "its leaf hash is not the one in the log's hash tile";
    ++next_;
    if (record[0] == kEnvelopeRecordWithheld) {
        ++withheld_;
        Hash id{};
        std::copy_n(record.begin() + 1, kHashSize, id.begin());
        withheld_ids_[id] = index;
        return {};
    }
    const SignedEnvelope s = decode_signed_envelope(record.subspan(1)).value();   // decoded by the leaf hash
    if (auto st = verify_envelope(s); !st) return at + "the signature does not verify (" + std::string(error_code(st.error())) + ")";
    const Envelope& e = s.envelope;
    const uint64_t c = e.scope.consultation_id;
    if (const auto* p = std::get_if<ConsultationOpenPayload>(&e.payload)) {
        if (consultations_.count(c)) return at + "consultation " + std::to_string(c) + " is opened twice";
        consultations_[c] = ConsultationInLog{c, index, *p, {}, 0, std::nullopt, {}};
    } else if (const auto* p = std::get_if<VotePayload>(&e.payload)) {
        auto it = consultations_.find(c);
        if (it == consultations_.end()) return at + "a ballot for consultation " + std::to_string(c) + " before its opening";
        auto& b = it->second.ballots[e.author];
        if (b.sequence >= e.sequence) return at + "a ballot whose sequence does not increase";
        b = LoggedBallot{index, e.sequence, *p};
    } else if (const auto* p = std::get_if<ConsultationAdvancePayload>(&e.payload)) {
        if (auto it = consultations_.find(c); it != consultations_.end())
            it->second.advanced = std::max(it->second.advanced, static_cast<uint8_t>(p->stage));
    } else if (const auto* p = std::get_if<ConsultationClosePayload>(&e.payload)) {
        auto it = consultations_.find(c);
        if (it == consultations_.end()) return at + "a close of consultation " + std::to_string(c) + " before its opening";
        if (it->second.close_index) return at + "consultation " + std::to_string(c) + " is closed twice";
        it->second.close_index = index;
        it->second.close_tally_hash = p->tally_hash;
    } else if (const auto* p = std::get_if<ModeratePayload>(&e.payload)) {
        hidden_[p->target_id] = p->action == ModerationAction::Hide;
    }
    return {};
}

std::vector<uint64_t> LogAudit::unexplained_withheld() const {
    // Binds are withheld by design and look like any other withheld entry, so this lists every withheld
    // entry that is not a currently hidden moderation target; the caller reports the count.
    std::vector<uint64_t> out;
    for (const auto& [id, index] : withheld_ids_) {
        auto h = hidden_.find(id);
        if (h == hidden_.end() || !h->second) out.push_back(index);
    }
    std::sort(out.begin(), out.end());
    return out;
}

Recount LogAudit::recount(uint64_t consultation) const {
    Recount r;
    r.consultation = consultation;
    auto it = consultations_.find(consultation);
    if (it == consultations_.end()) {
        r.failure = "consultation " + std::to_string(consultation) + " is not opened in the log";
        return r;
    }
    const ConsultationInLog& c = it->second;
    // Ballots in ballot-key byte order, as the server counts them (ORDER BY ballot_key): the tally's
    // invalid_ballots name ballots by their position in that order, so the order is part of tally_hash.
    std::vector<VotePayload> votes;
    for (const auto& [key, b] : c.ballots) {
        r.ballot_indices.push_back(b.log_index);
        votes.push_back(b.vote);
    }
    std::sort(r.ballot_indices.begin(), r.ballot_indices.end());
    auto t = tally_consultation(c.open, votes, 0);
    if (!t) {
        r.failure = "the ballots cannot be counted: " + std::string(error_code(t.error()));
        return r;
    }
    r.tally = tally_json(t.value());
    r.tally_hash = tally_hash(t.value());
    r.close_index = c.close_index;
    r.close_agrees = !c.close_index || c.close_tally_hash == r.tally_hash;
    return r;
}

}  // namespace yishi::core
