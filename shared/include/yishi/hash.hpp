// hash.hpp — SHA-256 digests and canonical base64, the two encodings the protocol's text and log use.
//
// SHA-256 (libsodium crypto_hash_sha256) names envelopes and hashes the Merkle log; base64 (standard
// alphabet, padded, RFC 4648 section 4) carries hashes and signatures inside checkpoints and key backups.
// The base64 decoder is strict: exactly one text decodes to given bytes, so texts can be compared.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include "yishi/crypto.hpp"

namespace yishi::core {

inline constexpr size_t kHashSize = 32;        // SHA-256 digest bytes
using Hash = std::array<uint8_t, kHashSize>;

Hash sha256(ByteView data);                     // SHA-256 of data
Hash sha256(ByteView a, ByteView b);            // SHA-256 of a || b, without copying

std::string to_base64(ByteView bytes);          // standard alphabet, '=' padded
Result<Bytes> from_base64(std::string_view text);  // BadBase64 unless text is exactly to_base64(result)

}  // namespace yishi::core
