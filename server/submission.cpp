// submission.cpp — request checks, strict decode and signature verification (see submission.hpp).
#include "submission.hpp"

#include <cctype>

namespace yishi::server {

using namespace yishi::core;

std::string media_type(std::string_view header) {
    std::string t(header.substr(0, header.find(';')));
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.pop_back();
    for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return t;
}

std::optional<RequestRefusal> check_submit_request(std::string_view content_type_header, size_t body_size) {
    if (media_type(content_type_header) != kEnvelopeContentType)
        return RequestRefusal{415, "unsupported_media_type",
                              "send the envelope's wire bytes with Content-Type: application/octet-stream"};
    if (body_size > kMaxSubmitBytes)
        return RequestRefusal{413, "payload_too_large",
                              "an envelope is at most " + std::to_string(kMaxSubmitBytes) + " bytes"};
    return std::nullopt;
}

Result<VerifiedEnvelope> decode_submission(ByteView wire) {
    auto s = decode_signed_envelope(wire);    // size, version, kind, every field: cheap and strict
    if (!s) return s.error();
    // The decoder accepts only canonical bodies, so the signed bytes are the domain and the body as
    // received: no re-encoding (envelope_id would encode again).
    const ByteView body = wire.first(wire.size() - kSignatureSize);
    Bytes signed_bytes(kEnvelopeDomain.begin(), kEnvelopeDomain.end());
    signed_bytes.insert(signed_bytes.end(), body.begin(), body.end());
    VerifiedEnvelope v{Bytes(wire.begin(), wire.end()), std::move(s.value()), sha256(signed_bytes), {}};
    v.leaf_hash = merkle_leaf_hash(log_leaf_data(v.id, v.signed_envelope.signature));
    return v;
}

Status verify_submission(const VerifiedEnvelope& v) {
    if (std::holds_alternative<KeyRotatePayload>(v.signed_envelope.envelope.payload))
        return verify_envelope(v.signed_envelope);   // also checks the new key's proof
    const ByteView body = ByteView(v.wire).first(v.wire.size() - kSignatureSize);
    Bytes signed_bytes(kEnvelopeDomain.begin(), kEnvelopeDomain.end());
    signed_bytes.insert(signed_bytes.end(), body.begin(), body.end());
    return verify_signature(v.signed_envelope.envelope.author, signed_bytes, v.signed_envelope.signature);
}

Result<VerifiedEnvelope> prepare_submission(ByteView wire) {
    auto v = decode_submission(wire);
    if (!v) return v.error();
    if (auto st = verify_submission(v.value()); !st) return st.error();
    return v;
}

}  // namespace yishi::server
