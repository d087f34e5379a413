// test_viewer_proof.cpp — signed reads of one's own marks (viewer_proof.hpp): one golden signature
// natively and in wasm (the browser signs what the server checks; computed independently with Python's
// `cryptography`), and that another path, key, time or a stale clock is refused.
#include <doctest/doctest.h>

#include "yishi/viewer_proof.hpp"

using namespace yishi::core;

namespace {
// RFC 8032 test 1's seed: a fixed key, so the signature (deterministic in Ed25519) is golden too.
SigningKey test_key() {
    auto seed = from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60").value();
    return SigningKey::from_seed(seed).value();
}
constexpr std::string_view kPath = "/api/consultations/12/comments";
constexpr int64_t kAt = 1796000000000;   // 2026-11-30
constexpr const char* kGoldenSig =
    "a7245d88b86ec552b79e5640f487661a957dd44ac50a5a6dc0b13d4f85709cba"
    "a6161778fc8fffa83ab3fd2c007d6f3311ddb80e5a6c4af51390739e22a8a20e";

Signature sig_of(const std::string& hex) {
    Signature s{};
    auto b = from_hex(hex).value();
    std::copy(b.begin(), b.end(), s.begin());
    return s;
}
}  // namespace

TEST_CASE("a viewer proof has one golden query, and it checks for that path and key within the window") {
    const SigningKey key = test_key();
    const std::string q = viewer_query(key, kPath, kAt);
    CHECK(q == "viewer=" + to_hex(key.public_key()) + "&viewer_ms=1796000000000&viewer_sig=" + kGoldenSig);
    const Signature sig = sig_of(kGoldenSig);
    CHECK(check_viewer(key.public_key(), kPath, kAt, sig, kAt).ok());
    CHECK(check_viewer(key.public_key(), kPath, kAt, sig, kAt + kViewerSkewMs).ok());    // a slow clock
    CHECK(check_viewer(key.public_key(), kPath, kAt, sig, kAt - kViewerSkewMs).ok());    // a fast one
}

TEST_CASE("a viewer proof for another path, time or key, or from a clock too far off, is refused") {
    const SigningKey key = test_key();
    const Signature sig = sig_of(kGoldenSig);
    CHECK(check_viewer(key.public_key(), "/api/consultations/13/comments", kAt, sig, kAt).error() == Error::BadSignature);
    CHECK(check_viewer(key.public_key(), "/api/consultations/12/opinion.bin", kAt, sig, kAt).error() == Error::BadSignature);
    CHECK(check_viewer(key.public_key(), kPath, kAt + 1, sig, kAt).error() == Error::BadSignature);
    const SigningKey other = SigningKey::generate().value();
    CHECK(check_viewer(other.public_key(), kPath, kAt, sig, kAt).error() == Error::BadSignature);
    CHECK(check_viewer(key.public_key(), kPath, kAt, sig, kAt + kViewerSkewMs + 1).error() == Error::RequestStale);
    CHECK(check_viewer(key.public_key(), kPath, kAt, sig, kAt - kViewerSkewMs - 1).error() == Error::RequestStale);
}
