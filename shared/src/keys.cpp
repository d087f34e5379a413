// keys.cpp — identity seed backup (Argon2id + secretbox) and ballot key derivation (see keys.hpp).
#include "yishi/keys.hpp"

#include <sodium.h>

#include "yishi/hash.hpp"

namespace yishi::core {

static_assert(kKeyBackupSaltSize == crypto_pwhash_SALTBYTES, "salt size is part of the v1 format");
static_assert(kKeyBackupNonceSize == crypto_secretbox_NONCEBYTES, "nonce size is part of the v1 format");
static_assert(kKeyBackupMacSize == crypto_secretbox_MACBYTES, "MAC size is part of the v1 format");
static_assert(crypto_secretbox_KEYBYTES == 32, "the stretched key is 32 bytes");

namespace {
constexpr size_t kSealedSize = kKeyBackupSaltSize + kKeyBackupNonceSize + kKeyBackupMacSize + kSeedSize;
// Domain separation of the ballot-seed derivation; the consultation id follows as u64 big-endian.
constexpr std::string_view kBallotSeedContext{"yishi/ballot-key/v1\0", 20};

// Argon2id(passphrase, salt) -> 32-byte secretbox key, at the v1 costs.
Status stretch(uint8_t key[32], std::string_view passphrase, const uint8_t* salt) {
    if (crypto_pwhash(key, 32, passphrase.data(), passphrase.size(), salt, kKeyBackupOpsLimit,
                      kKeyBackupMemLimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return Error::KeyDerivation;
    return Ok{};
}
}  // namespace

// [SECTION] SecretSeed

Result<SecretSeed> SecretSeed::generate() {
    if (!crypto_init()) return Error::CryptoInit;
    SecretSeed s;
    randombytes_buf(s.seed_.data(), s.seed_.size());
    return s;
}

Result<SecretSeed> SecretSeed::from_bytes(ByteView bytes) {
    if (bytes.size() != kSeedSize) return Error::BadKey;
    SecretSeed s;
    std::copy(bytes.begin(), bytes.end(), s.seed_.begin());
    return s;
}

SecretSeed::SecretSeed(SecretSeed&& other) noexcept : seed_(other.seed_) {
    sodium_memzero(other.seed_.data(), other.seed_.size());
}

SecretSeed& SecretSeed::operator=(SecretSeed&& other) noexcept {
    if (this != &other) {
        seed_ = other.seed_;
        sodium_memzero(other.seed_.data(), other.seed_.size());
    }
    return *this;
}

SecretSeed::~SecretSeed() { sodium_memzero(seed_.data(), seed_.size()); }

Result<SigningKey> SecretSeed::signing_key() const { return SigningKey::from_seed(seed_); }

// [SECTION] Backup

Result<std::string> seal_seed_with(const SecretSeed& seed, std::string_view passphrase, ByteView salt,
                                   ByteView nonce) {
    if (salt.size() != kKeyBackupSaltSize || nonce.size() != kKeyBackupNonceSize) return Error::BadKey;
    if (passphrase.size() < kMinPassphraseBytes) return Error::WeakPassphrase;
    if (!crypto_init()) return Error::CryptoInit;
    std::array<uint8_t, kSealedSize> sealed{};
    std::copy(salt.begin(), salt.end(), sealed.begin());
    std::copy(nonce.begin(), nonce.end(), sealed.begin() + kKeyBackupSaltSize);
    uint8_t key[32];
    if (auto st = stretch(key, passphrase, salt.data()); !st) return st.error();
    crypto_secretbox_easy(sealed.data() + kKeyBackupSaltSize + kKeyBackupNonceSize, seed.bytes().data(), kSeedSize,
                          nonce.data(), key);
    sodium_memzero(key, sizeof key);
    return std::string(kKeyBackupPrefix) + to_base64(sealed);
}

Result<std::string> seal_seed(const SecretSeed& seed, std::string_view passphrase) {
    if (!crypto_init()) return Error::CryptoInit;
    uint8_t salt[kKeyBackupSaltSize], nonce[kKeyBackupNonceSize];
    randombytes_buf(salt, sizeof salt);
    randombytes_buf(nonce, sizeof nonce);
    return seal_seed_with(seed, passphrase, salt, nonce);
}

Result<SecretSeed> open_seed(std::string_view backup, std::string_view passphrase) {
    if (backup.substr(0, kKeyBackupPrefix.size()) != kKeyBackupPrefix) return Error::KeyBackupFormat;
    auto sealed = from_base64(backup.substr(kKeyBackupPrefix.size()));
    if (!sealed || sealed->size() != kSealedSize) return Error::KeyBackupFormat;
    if (!crypto_init()) return Error::CryptoInit;
    const uint8_t* salt = sealed->data();
    const uint8_t* nonce = salt + kKeyBackupSaltSize;
    const uint8_t* box = nonce + kKeyBackupNonceSize;
    uint8_t key[32];
    if (auto st = stretch(key, passphrase, salt); !st) return st.error();
    std::array<uint8_t, kSeedSize> plain{};
    const int rc = crypto_secretbox_open_easy(plain.data(), box, kKeyBackupMacSize + kSeedSize, nonce, key);
    sodium_memzero(key, sizeof key);
    if (rc != 0) return Error::WrongPassphrase;  // wrong passphrase and tampering are indistinguishable
    auto seed = SecretSeed::from_bytes(plain);
    sodium_memzero(plain.data(), plain.size());
    return seed;
}

// [SECTION] Ballot keys

Result<SecretSeed> derive_ballot_seed(const SecretSeed& identity, uint64_t consultation_id) {
    if (!crypto_init()) return Error::CryptoInit;
    // BLAKE2b-256 keyed with the identity seed over context || u64be(consultation id): a PRF, so
    // ballot keys of different consultations are unlinkable without the identity seed.
    uint8_t msg[kBallotSeedContext.size() + 8];
    std::copy(kBallotSeedContext.begin(), kBallotSeedContext.end(), msg);
    for (int i = 0; i < 8; ++i) msg[kBallotSeedContext.size() + i] = uint8_t(consultation_id >> (56 - 8 * i));
    std::array<uint8_t, kSeedSize> out{};
    crypto_generichash(out.data(), out.size(), msg, sizeof msg, identity.bytes().data(), identity.bytes().size());
    auto seed = SecretSeed::from_bytes(out);
    sodium_memzero(out.data(), out.size());
    return seed;
}

Result<SigningKey> derive_ballot_key(const SecretSeed& identity, uint64_t consultation_id) {
    auto seed = derive_ballot_seed(identity, consultation_id);
    if (!seed) return seed.error();
    return seed->signing_key();
}

}  // namespace yishi::core
