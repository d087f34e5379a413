// submission.hpp — the stateless half of POST /api/submit: request checks, strict decode, signature.
//
// No database, no HTTP library: the handler (submit_routes.cpp), the ledger (ledger.cpp) and the fuzz
// target (tests/fuzz/fuzz_submit.cpp) all go through these same functions, in this order:
// check_submit_request (media type, size) -> decode_submission (strict decode, envelope id, leaf hash)
// -> [the ledger's cheap state checks] -> verify_submission (Ed25519; for key_rotate also the proof).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "yishi/envelope.hpp"
#include "yishi/merkle.hpp"
#include "yishi/receipt.hpp"

namespace yishi::server {

inline constexpr const char* kEnvelopeContentType = "application/octet-stream";   // the only accepted body type
inline constexpr size_t kMaxSubmitBytes = core::kMaxEnvelopeBytes + core::kSignatureSize;  // one envelope's wire

// An envelope that decoded strictly (and, once verify_submission passed, whose signature verified).
struct VerifiedEnvelope {
    core::Bytes wire;              // exactly the bytes received (body || signature)
    core::SignedEnvelope signed_envelope;
    core::Hash id{};               // envelope_id
    core::Hash leaf_hash{};        // merkle_leaf_hash(id || signature)
};

// Why a request is refused before its body is looked at.
struct RequestRefusal {
    int status = 400;
    const char* code = "";
    std::string message;
};

std::string media_type(std::string_view content_type_header);                 // lower-case, no parameters
std::optional<RequestRefusal> check_submit_request(std::string_view content_type_header, size_t body_size);
core::Result<VerifiedEnvelope> decode_submission(core::ByteView wire);        // strict decode, id, leaf hash
core::Status verify_submission(const VerifiedEnvelope& v);                   // the signature(s); ~50 us
core::Result<VerifiedEnvelope> prepare_submission(core::ByteView wire);       // decode, then verify

}  // namespace yishi::server
