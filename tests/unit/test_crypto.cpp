// test_crypto.cpp — Ed25519 keys and signatures: RFC 8032 known answers, rejection paths, hex.
// These vectors run natively and in wasm; both must print the same results.
#include <doctest/doctest.h>

#include "yishi/crypto.hpp"

using namespace yishi::core;

namespace {
Bytes hex(std::string_view h) {
    auto r = from_hex(h);
    REQUIRE(r.ok());
    return r.value();
}
}  // namespace

TEST_CASE("a key made from the RFC 8032 seed signs exactly as the RFC says") {
    // RFC 8032 section 7.1, TEST 1 (empty message) and TEST 2 (one byte 0x72).
    SUBCASE("test 1: empty message") {
        auto key = SigningKey::from_seed(hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        REQUIRE(key.ok());
        CHECK(to_hex(key->public_key()) == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        CHECK(to_hex(key->sign({})) ==
              "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46b"
              "d25bf5f0595bbe24655141438e7a100b");
    }
    SUBCASE("test 2: one byte") {
        auto key = SigningKey::from_seed(hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
        REQUIRE(key.ok());
        CHECK(to_hex(key->public_key()) == "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
        CHECK(to_hex(key->sign(hex("72"))) ==
              "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c"
              "387b2eaeb4302aeeb00d291612bb0c00");
    }
}

TEST_CASE("a signature verifies for its message and fails for any change") {
    auto key = SigningKey::generate();
    REQUIRE(key.ok());
    const std::string msg = "居民议事：加装电梯";
    Signature sig = key->sign(as_bytes(msg));
    CHECK(verify_signature(key->public_key(), as_bytes(msg), sig).ok());

    SUBCASE("a flipped message bit") {
        std::string other = msg;
        other[0] ^= 1;
        auto st = verify_signature(key->public_key(), as_bytes(other), sig);
        REQUIRE_FALSE(st.ok());
        CHECK(st.error() == Error::BadSignature);
    }
    SUBCASE("a flipped signature bit") {
        sig[63] ^= 0x40;
        CHECK_FALSE(verify_signature(key->public_key(), as_bytes(msg), sig).ok());
    }
    SUBCASE("another key") {
        auto other = SigningKey::generate();
        REQUIRE(other.ok());
        CHECK_FALSE(verify_signature(other->public_key(), as_bytes(msg), sig).ok());
    }
}

TEST_CASE("a seed of the wrong length is refused, not truncated") {
    Bytes short_seed(31, 7);
    auto key = SigningKey::from_seed(short_seed);
    REQUIRE_FALSE(key.ok());
    CHECK(key.error() == Error::BadKey);
    CHECK(error_code(key.error()) == "bad_key");
}

TEST_CASE("hex round-trips and rejects what is not hex") {
    CHECK(to_hex(hex("00ff10Ab")) == "00ff10ab");
    CHECK(hex("").empty());
    CHECK(from_hex("abc").error() == Error::BadHex);
    CHECK(from_hex("zz").error() == Error::BadHex);
    CHECK(from_hex("0g").error() == Error::BadHex);
}

TEST_CASE("constant-time compare says equal only for equal bytes of equal length") {
    Bytes a{1, 2, 3}, b{1, 2, 3}, c{1, 2, 4}, d{1, 2};
    CHECK(equal_constant_time(a, b));
    CHECK_FALSE(equal_constant_time(a, c));
    CHECK_FALSE(equal_constant_time(a, d));
    CHECK(equal_constant_time(Bytes{}, Bytes{}));
}
