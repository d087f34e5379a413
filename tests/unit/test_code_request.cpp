// test_code_request.cpp — the committee's signed request for enrolment codes (code_request.hpp): one
// golden wire natively and in wasm (the browser signs what the server opens), strict decoding, and
// that any changed byte or another key fails the signature.
#include <doctest/doctest.h>

#include "yishi/code_request.hpp"

using namespace yishi::core;

namespace {

// RFC 8032 test 1's seed: a fixed key, so the signature (deterministic in Ed25519) is golden too.
SigningKey test_key() {
    auto seed = from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60").value();
    return SigningKey::from_seed(seed).value();
}

CodeRequest sample(const SigningKey& key) {
    CodeRequest r;
    r.author = key.public_key();
    r.timestamp_ms = 1796000000000;   // 2026-11-30
    for (size_t i = 0; i < r.nonce.size(); ++i) r.nonce[i] = static_cast<uint8_t>(0xa0 + i);
    r.region = 320508001;
    r.count = 50;
    r.days = 30;
    return r;
}

}  // namespace

TEST_CASE("a code request has one golden wire form and opens to the same fields") {
    const SigningKey key = test_key();
    auto wire = sign_code_request(sample(key), key);
    REQUIRE(wire.ok());
    REQUIRE(wire->size() == kCodeRequestWireSize);
    CHECK(to_hex(ByteView(wire.value()).first(kCodeRequestBodySize)) ==
          "01d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
          "000001a229f12800a0a1a2a3a4a5a6a7a8a9aaabacadaeaf131a90610032001e");
    // The signature, computed independently from the layout with node's crypto (RFC 8032 Ed25519).
    CHECK(to_hex(ByteView(wire.value()).last(kSignatureSize)) ==
          "341f82b0f32f85e4a5ecb3e4f86e0bc2370a25db795d5fdd32019871c71d3114"
          "c8308255fe9adfe36d58ffcbea29a960553fb821474c5f9408b7fbcbe3982707");
    auto opened = open_code_request(wire.value());
    REQUIRE(opened.ok());
    CHECK(opened->author == key.public_key());
    CHECK(opened->timestamp_ms == 1796000000000);
    CHECK(opened->nonce == sample(key).nonce);
    CHECK(opened->region == 320508001);
    CHECK(opened->count == 50);
    CHECK(opened->days == 30);
}

TEST_CASE("every changed byte of a code request is refused") {
    const SigningKey key = test_key();
    const Bytes wire = sign_code_request(sample(key), key).value();
    for (size_t i = 0; i < wire.size(); ++i) {
        Bytes bad = wire;
        bad[i] ^= 0x01;
        CAPTURE(i);
        CHECK_FALSE(open_code_request(bad).ok());
    }
    SUBCASE("the version byte is named as such") {
        Bytes bad = wire;
        bad[0] = 2;
        CHECK(open_code_request(bad).error() == Error::EnvelopeUnknownVersion);
    }
    SUBCASE("a field changed in range fails the signature") {
        Bytes bad = wire;
        bad[kCodeRequestBodySize - 3] ^= 0x02;   // count 50 -> 48
        CHECK(open_code_request(bad).error() == Error::BadSignature);
    }
}

TEST_CASE("a code request of the wrong length or out of range is refused before its signature") {
    const SigningKey key = test_key();
    const Bytes wire = sign_code_request(sample(key), key).value();
    CHECK(open_code_request(ByteView(wire).first(wire.size() - 1)).error() == Error::EnvelopeTruncated);
    Bytes longer = wire;
    longer.push_back(0);
    CHECK(open_code_request(longer).error() == Error::EnvelopeTrailingBytes);
    CHECK(open_code_request(Bytes{}).error() == Error::EnvelopeTruncated);

    SUBCASE("signing refuses what opening would refuse") {
        CodeRequest r = sample(key);
        r.count = 0;
        CHECK(sign_code_request(r, key).error() == Error::EnvelopeOutOfRange);
        r.count = kMaxCodesPerRequest + 1;
        CHECK(sign_code_request(r, key).error() == Error::EnvelopeOutOfRange);
        r = sample(key);
        r.days = kMaxCodeDays + 1;
        CHECK(sign_code_request(r, key).error() == Error::EnvelopeOutOfRange);
        r = sample(key);
        r.region = 0;
        CHECK(sign_code_request(r, key).error() == Error::EnvelopeOutOfRange);
    }
    SUBCASE("only the author's own key signs") {
        auto other = SigningKey::generate().value();
        CHECK(sign_code_request(sample(key), other).error() == Error::EnvelopeAuthorMismatch);
    }
}

TEST_CASE("fresh nonces differ") {
    CHECK(random_code_request_nonce() != random_code_request_nonce());
}
