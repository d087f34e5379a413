// crypto.hpp — Ed25519 identity keys over libsodium: generate, sign, verify, hex.
//
// All signing in Yishi goes through here, in the browser (wasm) and on the server alike, so that
// both sides run the same code over the same canonical bytes. Secrets are wiped on destruction.
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>
#include "yishi/result.hpp"

namespace yishi::core {

inline constexpr size_t kPublicKeySize = 32;   // Ed25519 public key bytes
inline constexpr size_t kSeedSize = 32;        // Ed25519 secret seed bytes
inline constexpr size_t kSecretKeySize = 64;   // libsodium secret key (seed || public key)
inline constexpr size_t kSignatureSize = 64;   // Ed25519 signature bytes

using PublicKey = std::array<uint8_t, kPublicKeySize>;
using Signature = std::array<uint8_t, kSignatureSize>;
using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

Status crypto_init();                          // sodium_init once; safe to call again

// An Ed25519 key pair. Move-only; the secret half is wiped when it goes away.
class SigningKey {
public:
    static Result<SigningKey> generate();                          // fresh random key
    static Result<SigningKey> from_seed(ByteView seed);            // deterministic, seed is 32 bytes
    SigningKey(SigningKey&& other) noexcept;
    SigningKey& operator=(SigningKey&& other) noexcept;
    SigningKey(const SigningKey&) = delete;
    SigningKey& operator=(const SigningKey&) = delete;
    ~SigningKey();
    const PublicKey& public_key() const { return pk_; }           // the shareable half
    Signature sign(ByteView message) const;                        // detached signature
private:
    SigningKey() = default;
    PublicKey pk_{};
    std::array<uint8_t, kSecretKeySize> sk_{};
};

Status verify_signature(const PublicKey& pk, ByteView message, const Signature& sig);  // Ok or BadSignature
bool equal_constant_time(ByteView a, ByteView b);  // false on length mismatch; no early exit otherwise

std::string to_hex(ByteView bytes);                // lowercase hex
Result<Bytes> from_hex(std::string_view hex);      // BadHex on odd length or a non-hex digit
// Exactly N bytes of hex (a key, a hash, an id) into an array: BadHex also when the length is not 2N.
template <size_t N> Result<std::array<uint8_t, N>> from_hex_array(std::string_view hex) {
    if (hex.size() != 2 * N) return Error::BadHex;
    auto bytes = from_hex(hex);
    if (!bytes) return bytes.error();
    std::array<uint8_t, N> out{};
    for (size_t i = 0; i < N; ++i) out[i] = (*bytes)[i];
    return out;
}
ByteView as_bytes(std::string_view s);             // view a string's bytes without copying

}  // namespace yishi::core
