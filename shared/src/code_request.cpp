// code_request.cpp — the signed enrolment-code request (see code_request.hpp).
#include "yishi/code_request.hpp"

#include <sodium.h>

#include <algorithm>

#include "yishi/envelope.hpp"

namespace yishi::core {
namespace {

void put(Bytes& out, uint64_t v, int width) {
    for (int i = width - 1; i >= 0; --i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
uint64_t get(ByteView in, size_t& at, int width) {
    uint64_t v = 0;
    for (int i = 0; i < width; ++i) v = (v << 8) | in[at++];
    return v;
}

bool in_range(const CodeRequest& r) {
    return r.timestamp_ms >= 0 && r.timestamp_ms <= kMaxTimestampMs && r.region >= 1 && r.count >= 1 &&
           r.count <= kMaxCodesPerRequest && r.days >= 1 && r.days <= kMaxCodeDays;
}

Bytes body_of(const CodeRequest& r) {
    Bytes out;
    out.reserve(kCodeRequestWireSize);
    out.push_back(kCodeRequestVersion);
    for (uint8_t b : r.author) out.push_back(b);
    put(out, static_cast<uint64_t>(r.timestamp_ms), 8);
    for (uint8_t b : r.nonce) out.push_back(b);
    put(out, r.region, 4);
    put(out, r.count, 2);
    put(out, r.days, 2);
    return out;
}

Bytes signed_bytes(ByteView body) {
    Bytes m(kCodeRequestDomain.begin(), kCodeRequestDomain.end());
    m.insert(m.end(), body.begin(), body.end());
    return m;
}

}  // namespace

Result<Bytes> sign_code_request(const CodeRequest& r, const SigningKey& key) {
    if (key.public_key() != r.author) return Error::EnvelopeAuthorMismatch;
    if (!in_range(r)) return Error::EnvelopeOutOfRange;
    Bytes wire = body_of(r);
    const Signature sig = key.sign(signed_bytes(wire));
    wire.insert(wire.end(), sig.begin(), sig.end());
    return wire;
}

CodeRequestNonce random_code_request_nonce() {
    CodeRequestNonce n{};
    randombytes_buf(n.data(), n.size());
    return n;
}

Result<CodeRequest> open_code_request(ByteView wire) {
    if (wire.size() < kCodeRequestWireSize) return Error::EnvelopeTruncated;
    if (wire.size() > kCodeRequestWireSize) return Error::EnvelopeTrailingBytes;
    if (wire[0] != kCodeRequestVersion) return Error::EnvelopeUnknownVersion;
    CodeRequest r;
    size_t at = 1;
    std::copy_n(wire.begin() + at, r.author.size(), r.author.begin());
    at += r.author.size();
    r.timestamp_ms = static_cast<int64_t>(get(wire, at, 8));
    std::copy_n(wire.begin() + at, r.nonce.size(), r.nonce.begin());
    at += r.nonce.size();
    r.region = static_cast<uint32_t>(get(wire, at, 4));
    r.count = static_cast<uint16_t>(get(wire, at, 2));
    r.days = static_cast<uint16_t>(get(wire, at, 2));
    if (!in_range(r)) return Error::EnvelopeOutOfRange;
    Signature sig{};
    std::copy_n(wire.begin() + kCodeRequestBodySize, sig.size(), sig.begin());
    const Bytes message = signed_bytes(wire.first(kCodeRequestBodySize));
    if (auto v = verify_signature(r.author, message, sig); !v) return v.error();
    return r;
}

}  // namespace yishi::core
