// fuzz_envelope.cpp — libFuzzer target for the strict envelope decoder.
//
// Property: for every input the decoder accepts, encode(decode(input)) is exactly the input (there is
// one encoding per value), and the same holds for the signed wire form. Inputs it rejects must be
// rejected cleanly: AddressSanitizer catches any out-of-bounds read on the way. Build and run with
// tests/fuzz/run.sh (clang++ -fsanitize=fuzzer,address), not through CMake.
#include <cstdint>
#include <cstdlib>
#include <cstdio>

#include "yishi/envelope.hpp"
#include "yishi/receipt.hpp"

using namespace yishi::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const ByteView in(data, size);
    if (auto e = decode_envelope(in); e.ok()) {
        auto again = encode_envelope(e.value());
        if (!again.ok() || again.value() != Bytes(in.begin(), in.end())) {
            std::fprintf(stderr, "round trip failed for an accepted envelope\n");
            std::abort();
        }
        (void)envelope_id(e.value());
    }
    if (auto s = decode_signed_envelope(in); s.ok()) {
        auto again = encode_signed_envelope(s.value());
        if (!again.ok() || again.value() != Bytes(in.begin(), in.end())) {
            std::fprintf(stderr, "round trip failed for an accepted signed envelope\n");
            std::abort();
        }
        (void)envelope_leaf_hash(s.value());
    }
    return 0;
}
