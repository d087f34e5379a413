// authorize.hpp — who may submit what, where and when; and the state an accepted envelope changes.
//
// Runs on the ledger's writer thread inside the batch transaction, after the sequence checks and
// before the envelope is logged. A refusal returns its Error and the caller rolls back to the
// envelope's savepoint, so a refused envelope changes nothing. Stage rules come from
// core::check_stage / check_advance / check_ballot (shared/consultation.hpp), not from here.
#pragma once
#include <cstdint>

#include "ledger.hpp"
#include "sql.hpp"

namespace yishi::server {

inline constexpr size_t kSlotSize = 16;   // bytes of the opaque resident slot given at enrolment

core::Status authorize_and_apply(StatementCache& sql, const VerifiedEnvelope& v, int64_t now_ms);

}  // namespace yishi::server
