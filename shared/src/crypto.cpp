// crypto.cpp — Ed25519 over libsodium (see crypto.hpp for the contract).
#include "yishi/crypto.hpp"

#include <sodium.h>

namespace yishi::core {

Status crypto_init() {
    // sodium_init returns 0 on first success, 1 when already initialised, -1 on failure.
    return sodium_init() < 0 ? Status(Error::CryptoInit) : Status(Ok{});
}

Result<SigningKey> SigningKey::generate() {
    if (!crypto_init()) return Error::CryptoInit;
    SigningKey key;
    crypto_sign_keypair(key.pk_.data(), key.sk_.data());
    return key;
}

Result<SigningKey> SigningKey::from_seed(ByteView seed) {
    if (seed.size() != kSeedSize) return Error::BadKey;
    if (!crypto_init()) return Error::CryptoInit;
    SigningKey key;
    crypto_sign_seed_keypair(key.pk_.data(), key.sk_.data(), seed.data());
    return key;
}

SigningKey::SigningKey(SigningKey&& other) noexcept : pk_(other.pk_), sk_(other.sk_) {
    sodium_memzero(other.sk_.data(), other.sk_.size());
}

SigningKey& SigningKey::operator=(SigningKey&& other) noexcept {
    if (this != &other) {
        pk_ = other.pk_;
        sk_ = other.sk_;
        sodium_memzero(other.sk_.data(), other.sk_.size());
    }
    return *this;
}

SigningKey::~SigningKey() { sodium_memzero(sk_.data(), sk_.size()); }

Signature SigningKey::sign(ByteView message) const {
    Signature sig{};
    crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), sk_.data());
    return sig;
}

Status verify_signature(const PublicKey& pk, ByteView message, const Signature& sig) {
    if (!crypto_init()) return Error::CryptoInit;
    if (crypto_sign_verify_detached(sig.data(), message.data(), message.size(), pk.data()) != 0)
        return Error::BadSignature;
    return Ok{};
}

bool equal_constant_time(ByteView a, ByteView b) {
    if (a.size() != b.size()) return false;
    return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string to_hex(ByteView bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (uint8_t b : bytes) {
        out.push_back(kDigits[b >> 4]);
        out.push_back(kDigits[b & 15]);
    }
    return out;
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

Result<Bytes> from_hex(std::string_view hex) {
    if (hex.size() % 2 != 0) return Error::BadHex;
    Bytes out(hex.size() / 2);
    for (size_t i = 0; i < out.size(); ++i) {
        int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return Error::BadHex;
        out[i] = static_cast<uint8_t>(hi << 4 | lo);
    }
    return out;
}

ByteView as_bytes(std::string_view s) {
    return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace yishi::core
