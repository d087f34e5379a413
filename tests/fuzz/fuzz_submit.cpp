// fuzz_submit.cpp — libFuzzer target for the HTTP body -> envelope path of POST /api/submit.
//
// The input's first byte picks the Content-Type header the request carries (the accepted one, with
// parameters, in other cases, or a wrong one); the rest is the body. It goes through exactly what the
// handler runs before the ledger (server/submission.hpp): check_submit_request, decode_submission,
// verify_submission. Properties: a refused request type or size never reaches the decoder; an accepted
// body round-trips byte for byte, its id is envelope_id() of the decoded envelope and its leaf hash is
// envelope_leaf_hash(); the sanitizers catch any out-of-bounds read. Built and run by
// tests/fuzz/run.sh SECONDS fuzz_submit (ctest fuzz_submit).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "submission.hpp"

using namespace yishi::core;
using namespace yishi::server;

namespace {
constexpr std::string_view kTypes[] = {
    "application/octet-stream", "Application/Octet-Stream; charset=binary", "application/octet-stream ;x=1",
    "", "text/plain", "application/json", "application/octet-streamx", "multipart/form-data; boundary=x",
};

void fail(const char* what) {
    std::fprintf(stderr, "fuzz_submit: %s\n", what);
    std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const std::string_view type = kTypes[data[0] % std::size(kTypes)];
    const ByteView body(data + 1, size - 1);
    const auto refusal = check_submit_request(type, body.size());
    const bool right_type = media_type(type) == kEnvelopeContentType;
    if (refusal) {
        if (right_type && body.size() <= kMaxSubmitBytes) fail("a well-typed, small body was refused");
        return 0;
    }
    if (!right_type || body.size() > kMaxSubmitBytes) fail("a wrong type or an oversize body got through");
    auto v = decode_submission(body);
    if (!v) return 0;
    auto again = encode_signed_envelope(v->signed_envelope);
    if (!again || again.value() != Bytes(body.begin(), body.end())) fail("an accepted body does not round-trip");
    auto id = envelope_id(v->signed_envelope.envelope);
    if (!id || id.value() != v->id) fail("the id differs from envelope_id()");
    auto leaf = envelope_leaf_hash(v->signed_envelope);
    if (!leaf || leaf.value() != v->leaf_hash) fail("the leaf hash differs from envelope_leaf_hash()");
    (void)verify_submission(v.value());   // random bytes essentially never verify; must not crash
    return 0;
}
