// code_request.hpp — a committee's signed request for enrolment codes (POST /api/committee/codes).
//
// Codes are secrets: they must not enter the public log, so asking for them is not an envelope but a
// short signed request answered once with the codes (the server keeps only their hashes, as for the
// operator's `issue-codes`). The author signs
//     kCodeRequestDomain || body
// with Ed25519, where body is fixed-width big-endian (docs/protocol.md, "Code requests"):
//     version u8 (= 1) | author 32 | timestamp_ms i64 | nonce 16 | region u32 | count u16 | days u16
// and the wire form is body || signature (kCodeRequestWireSize bytes). Replays are refused by the
// server: the timestamp must be within kCodeRequestSkewMs of its clock and a nonce is accepted once.
#pragma once
#include <array>
#include <cstdint>
#include <string_view>

#include "yishi/crypto.hpp"

namespace yishi::core {

inline constexpr std::string_view kCodeRequestDomain{"yishi/code-request/v1\0", 22};  // signed-bytes prefix
inline constexpr uint8_t kCodeRequestVersion = 1;                                    // format version byte
inline constexpr size_t kCodeRequestNonceSize = 16;                                  // random bytes per request
inline constexpr size_t kCodeRequestBodySize = 1 + 32 + 8 + 16 + 4 + 2 + 2;          // 65
inline constexpr size_t kCodeRequestWireSize = kCodeRequestBodySize + kSignatureSize;  // 129
inline constexpr uint16_t kMaxCodesPerRequest = 200;                                 // one printed batch
inline constexpr uint16_t kMaxCodeDays = 365;                                        // longest validity
inline constexpr int64_t kCodeRequestSkewMs = 5 * 60 * 1000;                          // clock difference allowed

using CodeRequestNonce = std::array<uint8_t, kCodeRequestNonceSize>;

struct CodeRequest {
    PublicKey author{};          // a committee's identity key
    int64_t timestamp_ms = 0;    // the client's clock when signed, 0..kMaxTimestampMs
    CodeRequestNonce nonce{};    // random; the server accepts each once
    uint32_t region = 0;         // the region the codes enrol into (>= 1)
    uint16_t count = 1;          // codes wanted, 1..kMaxCodesPerRequest
    uint16_t days = 30;          // validity in days, 1..kMaxCodeDays
};

// The wire form, signed by `key` (EnvelopeAuthorMismatch if key != author, EnvelopeOutOfRange for a
// field outside its range).
Result<Bytes> sign_code_request(const CodeRequest& r, const SigningKey& key);
CodeRequestNonce random_code_request_nonce();   // fresh random bytes (libsodium)
// Decodes strictly and verifies the signature: EnvelopeTruncated / EnvelopeTrailingBytes for a wrong
// length, EnvelopeUnknownVersion, EnvelopeOutOfRange, BadSignature. Does not check time or nonce.
Result<CodeRequest> open_code_request(ByteView wire);

}  // namespace yishi::core
