// authorize.hpp — who may submit what, where and when; and the state an accepted envelope changes.
//
// Runs on the ledger's writer thread inside the batch transaction, after the sequence checks and
// before the envelope is logged. A refusal returns its Error and the caller rolls back to the
// envelope's savepoint, so a refused envelope changes nothing. Stage rules in time come from
// core::check_submission / check_advance_at / check_ballot (shared/consultation.hpp) at `now_ms`, the
// ledger's injected clock; region rules from core::check_scope (shared/region.hpp) over the `regions`
// table (a region not in the table matches only itself, as before regions existed).
#pragma once
#include <cstdint>
#include <vector>

#include "sql.hpp"
#include "submission.hpp"
#include "yishi/consultation.hpp"

namespace yishi::server {

inline constexpr size_t kSlotSize = 16;   // bytes of the opaque resident slot given at enrolment

// `log_index`: the place in the log the envelope gets if it is accepted (a comment's row is keyed by it).
core::Status authorize_and_apply(StatementCache& sql, const VerifiedEnvelope& v, int64_t now_ms, uint64_t log_index);

// The counted ballots of a consultation: the latest per ballot key, in ballot-key order (the order the
// export lists them), decoded. The results, the export and the close rule count exactly these.
core::Result<std::vector<core::VotePayload>> counted_ballots(StatementCache& sql, uint64_t consultation);

// The count a consultation_close must state: core::tally_hash (shared/json/export_check.hpp) of the
// tally of counted_ballots, as the committee's browser computes it from the export.
core::Result<core::Hash> current_tally_hash(StatementCache& sql, uint64_t consultation);

}  // namespace yishi::server
