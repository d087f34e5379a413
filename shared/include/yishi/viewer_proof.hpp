// viewer_proof.hpp — a read that asks for the reader's own marks, signed by that reader.
//
// Three reads add what one key did: a comment page marks that key's own reaction ("mine") and its
// reports ("reported"), a proposal page its reactions, and opinion.bin names its row. They add them only
// for a request signed by that key:
//     ?viewer=<key hex>&viewer_ms=<timestamp ms>&viewer_sig=<signature hex>
// where the signature is Ed25519 over
//     kViewerDomain || path || 0x00 || timestamp_ms (i64 big-endian)
// and path is the request's path without its query ("/api/consultations/12/comments"): the proof is
// good for that one resource, within kViewerSkewMs of the server's clock (docs/api.md, "Viewer
// proofs"). There is no nonce: a copy replayed within the window shows whoever holds it what the
// signed answer already showed its holder.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "yishi/crypto.hpp"

namespace yishi::core {

inline constexpr std::string_view kViewerDomain{"yishi/viewer/v1\0", 16};  // signed-bytes prefix
inline constexpr int64_t kViewerSkewMs = 5 * 60 * 1000;                     // clock difference allowed

Bytes viewer_message(std::string_view path, int64_t timestamp_ms);  // the bytes signed
// The query parameters (no leading '?' or '&') that prove `key` reads `path` at `timestamp_ms`.
std::string viewer_query(const SigningKey& key, std::string_view path, int64_t timestamp_ms);
// Ok, RequestStale (further than kViewerSkewMs from now_ms) or BadSignature.
Status check_viewer(const PublicKey& viewer, std::string_view path, int64_t timestamp_ms, const Signature& sig,
                    int64_t now_ms);

}  // namespace yishi::core
