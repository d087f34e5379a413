// test_keys.cpp — identity seed backups (Argon2id + secretbox) and per-consultation ballot keys.
// Each seal/open runs Argon2id at 64 MiB, so the cases here keep their number of calls small.
#include <doctest/doctest.h>

#include "protocol_samples.hpp"

using namespace yishi::core;
using namespace yishi::samples;

TEST_CASE("a sealed seed opens with its passphrase and gives back the same key") {
    const SecretSeed original = seed(0x00);
    auto backup = seal_seed(original, "长江后浪推前浪 2026");
    REQUIRE(backup.ok());
    CHECK(backup->rfind(kKeyBackupPrefix, 0) == 0);
    auto restored = open_seed(backup.value(), "长江后浪推前浪 2026");
    REQUIRE(restored.ok());
    CHECK(equal_constant_time(restored->bytes(), original.bytes()));
    CHECK(restored->signing_key()->public_key() == original.signing_key()->public_key());
    SUBCASE("a second backup of the same seed differs (fresh salt and nonce)") {
        CHECK(seal_seed(original, "长江后浪推前浪 2026").value() != backup.value());
    }
}

TEST_CASE("a wrong passphrase or an altered backup is refused as a wrong passphrase") {
    const std::string backup = seal_seed(seed(0x00), "correct horse 电池").value();
    CHECK(open_seed(backup, "correct horse 电").error() == Error::WrongPassphrase);
    std::string altered = backup;
    altered[kKeyBackupPrefix.size() + 60] = altered[kKeyBackupPrefix.size() + 60] == 'A' ? 'B' : 'A';
    CHECK(open_seed(altered, "correct horse 电池").error() == Error::WrongPassphrase);
}

TEST_CASE("a malformed backup text is refused before any key stretching") {
    const std::string body(120, 'A');
    CHECK(open_seed("", "whatever1").error() == Error::KeyBackupFormat);
    CHECK(open_seed("yishi-key-v2:" + body, "whatever1").error() == Error::KeyBackupFormat);
    CHECK(open_seed("yishi-key-v1:", "whatever1").error() == Error::KeyBackupFormat);
    CHECK(open_seed("yishi-key-v1:" + body.substr(0, 116), "whatever1").error() == Error::KeyBackupFormat);  // too short
    CHECK(open_seed("yishi-key-v1:" + body.substr(0, 119) + "*", "whatever1").error() == Error::KeyBackupFormat);
    CHECK(open_seed("yishi-key-v1:" + body + " ", "whatever1").error() == Error::KeyBackupFormat);
}

TEST_CASE("a short passphrase and wrong salt or nonce sizes are refused") {
    CHECK(seal_seed(seed(0x00), "1234567").error() == Error::WeakPassphrase);
    CHECK(seal_seed_with(seed(0x00), "12345678", Bytes(15), Bytes(kKeyBackupNonceSize)).error() == Error::BadKey);
    CHECK(seal_seed_with(seed(0x00), "12345678", Bytes(kKeyBackupSaltSize), Bytes(23)).error() == Error::BadKey);
    CHECK(SecretSeed::from_bytes(Bytes(31)).error() == Error::BadKey);
}

TEST_CASE("ballot keys are deterministic per consultation and unlinkable across them") {
    const SecretSeed identity = seed(0x00);
    auto a = derive_ballot_key(identity, 7), again = derive_ballot_key(identity, 7), b = derive_ballot_key(identity, 8);
    auto other = derive_ballot_key(seed(0x01), 7);
    REQUIRE((a.ok() && again.ok() && b.ok() && other.ok()));
    CHECK(a->public_key() == again->public_key());
    CHECK(a->public_key() != b->public_key());
    CHECK(a->public_key() != other->public_key());
    CHECK(a->public_key() != identity.signing_key()->public_key());
}

TEST_CASE("base64 is canonical: one text per byte string") {
    CHECK(to_base64(as_bytes("")) == "");
    CHECK(to_base64(as_bytes("f")) == "Zg==");
    CHECK(to_base64(as_bytes("foob")) == "Zm9vYg==");
    CHECK(from_base64("Zm9vYg==").value() == Bytes{'f', 'o', 'o', 'b'});
    CHECK(from_base64("Zm9vYh==").error() == Error::BadBase64);   // non-zero padding bits
    CHECK(from_base64("Zm9vYg").error() == Error::BadBase64);     // missing padding
    CHECK(from_base64("Zm9v Yg==").error() == Error::BadBase64);
    CHECK(from_base64("Zm9vYg==\n").error() == Error::BadBase64);
    CHECK(from_base64("Zm9-").error() == Error::BadBase64);       // URL alphabet
}
