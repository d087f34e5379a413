// keys.hpp — the resident's identity seed: backup under a passphrase, and per-consultation ballot keys.
//
// The identity is a 32-byte Ed25519 seed. A backup seals it with a key stretched from a passphrase by
// Argon2id (crypto_pwhash, the INTERACTIVE cost: 2 passes over 64 MiB, about a second in a phone
// browser) and XSalsa20-Poly1305 (crypto_secretbox_easy). The backup text is
//     "yishi-key-v1:" base64(salt[16] || nonce[24] || ciphertext[48])
// where the version fixes the algorithms and costs. A ballot key is derived from the seed and a
// consultation id, so the device can recreate it and nobody else can link it to the identity
// (see docs/protocol.md, "Ballot privacy"). Secrets live in SecretSeed, which wipes itself.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include "yishi/crypto.hpp"

namespace yishi::core {

inline constexpr std::string_view kKeyBackupPrefix = "yishi-key-v1:";  // version tag of the backup text
inline constexpr size_t kKeyBackupSaltSize = 16;                       // crypto_pwhash_SALTBYTES
inline constexpr size_t kKeyBackupNonceSize = 24;                      // crypto_secretbox_NONCEBYTES
inline constexpr size_t kKeyBackupMacSize = 16;                        // crypto_secretbox_MACBYTES
inline constexpr unsigned long long kKeyBackupOpsLimit = 2;            // crypto_pwhash_OPSLIMIT_INTERACTIVE
inline constexpr size_t kKeyBackupMemLimit = 64u << 20;                // crypto_pwhash_MEMLIMIT_INTERACTIVE (64 MiB)
inline constexpr size_t kMinPassphraseBytes = 8;                       // shorter passphrases are refused

// A 32-byte identity (or ballot) seed. Move-only; wiped when it goes away.
class SecretSeed {
public:
    static Result<SecretSeed> generate();                      // fresh random seed
    static Result<SecretSeed> from_bytes(ByteView bytes);      // BadKey unless exactly kSeedSize bytes
    SecretSeed(SecretSeed&& other) noexcept;
    SecretSeed& operator=(SecretSeed&& other) noexcept;
    SecretSeed(const SecretSeed&) = delete;
    SecretSeed& operator=(const SecretSeed&) = delete;
    ~SecretSeed();
    ByteView bytes() const { return seed_; }                  // the secret itself: do not log or copy
    Result<SigningKey> signing_key() const;                    // the Ed25519 key pair of this seed
private:
    SecretSeed() = default;
    std::array<uint8_t, kSeedSize> seed_{};
};

Result<std::string> seal_seed(const SecretSeed& seed, std::string_view passphrase);  // backup text, random salt and nonce
Result<std::string> seal_seed_with(const SecretSeed& seed, std::string_view passphrase,
                                   ByteView salt, ByteView nonce);                   // same, fixed salt/nonce (tests, vectors)
Result<SecretSeed> open_seed(std::string_view backup, std::string_view passphrase);  // WrongPassphrase, KeyBackupFormat

Result<SecretSeed> derive_ballot_seed(const SecretSeed& identity, uint64_t consultation_id);  // device-side, deterministic
Result<SigningKey> derive_ballot_key(const SecretSeed& identity, uint64_t consultation_id);   // key pair of that seed

}  // namespace yishi::core
