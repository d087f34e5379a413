// export_check.hpp — recheck a consultation export bundle (GET /api/consultations/{id}/export.json,
// docs/api.md "Exports") with nothing but the bundle and its log key.
//
// `yishi verify` prints what check_bundle finds; the committee's browser runs the same check on the
// published export before it signs consultation_close, whose tally_hash is BundleCheck::tally_hash, and
// the server refuses a close whose tally_hash is not that of the ballots it holds. So a close is the
// committee's signed statement of one count, and anyone holding the bundle can match the two.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "yishi/consultation_tally.hpp"
#include "yishi/hash.hpp"

namespace yishi::core {

struct BundleCheck {
    std::string failure;              // empty: every check passed; else what is wrong (English)
    uint64_t consultation = 0;
    uint64_t checkpoint_size = 0;     // the signed head the proofs lead to
    size_t ballots = 0;
    nlohmann::json totals, outcome;   // recomputed per-option totals and declared-counting outcome
    nlohmann::json tally;             // tally_json of the full count, recomputed (enrolled: null)
    Hash tally_hash{};                // tally_hash of that count
    bool closed = false;              // the bundle carries the committee's consultation_close
};

// Checks: the checkpoint's signature; for the opening envelope, every ballot and the close (when present)
// the author's signature, leaf hash and inclusion proof into that checkpoint; that the ballots are votes
// of this consultation from distinct ballot keys; that the published totals, outcome and full tally are
// what the ballots give; that the close's tally_hash is the hash of that tally.
BundleCheck check_bundle(const nlohmann::json& bundle);

// SHA-256 over "yishi-tally-v1\n" and canonical_json(tally_json(t)) (docs/protocol.md §4a) with enrolled and turnout null (eligibility is not
// a signed fact, so neither the bundle nor the hash carries it).
Hash tally_hash(const ConsultationTally& t);

}  // namespace yishi::core
