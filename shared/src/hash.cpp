// hash.cpp — SHA-256 and strict base64 over libsodium (see hash.hpp for the contract).
#include "yishi/hash.hpp"

#include <sodium.h>

namespace yishi::core {

Hash sha256(ByteView data) {
    Hash out{};
    crypto_hash_sha256(out.data(), data.data(), data.size());
    return out;
}

Hash sha256(ByteView a, ByteView b) {
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, a.data(), a.size());
    crypto_hash_sha256_update(&st, b.data(), b.size());
    Hash out{};
    crypto_hash_sha256_final(&st, out.data());
    return out;
}

std::string to_base64(ByteView bytes) {
    const int variant = sodium_base64_VARIANT_ORIGINAL;
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), variant);
    out.pop_back();  // the encoder writes a terminating NUL that std::string does not need
    return out;
}

Result<Bytes> from_base64(std::string_view text) {
    // Decode, then re-encode and compare: this rejects non-zero padding bits, missing padding and
    // any other second spelling of the same bytes, whatever the decoder itself tolerates.
    Bytes out(text.size() / 4 * 3 + 3);
    size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != text.data() + text.size())
        return Error::BadBase64;
    out.resize(len);
    if (to_base64(out) != text) return Error::BadBase64;
    return out;
}

}  // namespace yishi::core
