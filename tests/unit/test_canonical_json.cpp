// test_canonical_json.cpp — the canonical JSON that tally_hash hashes (docs/protocol.md §4a): known
// spellings, natively and in wasm, and agreement with nlohmann's dump() wherever nlohmann already wrote
// the canonical form (so those hashes of earlier closes are unchanged).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <string>

#include "tally_json.hpp"
#include "yishi/canonical_json.hpp"

using namespace yishi::core;

namespace {
std::string real(double v) {
    std::string s;
    append_canonical_real(s, v);
    return s;
}
}  // namespace

TEST_CASE("reals are written as the shortest decimal that reads back as the same double") {
    CHECK(real(3.0) == "3.0");
    CHECK(real(0.5) == "0.5");
    CHECK(real(2.5) == "2.5");
    CHECK(real(10.0 / 3.0) == "3.3333333333333335");
    CHECK(real(1.0 / 3.0) == "0.3333333333333333");
    CHECK(real(0.1) == "0.1");
    CHECK(real(100.0) == "100.0");
    CHECK(real(0.0001) == "0.0001");
    CHECK(real(0.00001) == "1e-05");
    CHECK(real(1.5e-7) == "1.5e-07");
    CHECK(real(123456789012345.0) == "123456789012345.0");
    CHECK(real(1e15) == "1e+15");
    CHECK(real(1.25e100) == "1.25e+100");
    CHECK(real(-2.75) == "-2.75");
    CHECK(real(-0.0) == "0.0");
    CHECK(real(0.0) == "0.0");
    CHECK(real(NAN) == "null");
    CHECK(real(INFINITY) == "null");
    CHECK(real(5e-324) == "5e-324");
    CHECK(real(1.7976931348623157e308) == "1.7976931348623157e+308");
}

TEST_CASE("strings escape only quote, backslash and control characters") {
    std::string s;
    append_canonical_string(s, "a\"b\\c\n\t\x01\x1f\x7f/绿地👍");
    CHECK(s == "\"a\\\"b\\\\c\\n\\t\\u0001\\u001f\x7f/绿地👍\"");
}

TEST_CASE("objects are written with keys in byte order and no whitespace") {
    nlohmann::json j = {{"b", 1}, {"a", {1.5, nullptr, true, "x"}}, {"A", -3}, {"é", false}};
    CHECK(canonical_json(j) == "{\"A\":-3,\"a\":[1.5,null,true,\"x\"],\"b\":1,\"\xC3\xA9\":false}");
}

TEST_CASE("canonical reals are nlohmann's compact form except where its Grisu2 writes a digit too many") {
    // Means are sums / valid ballots. Earlier closes' tally_hash values were over nlohmann's dump(): they
    // stay valid wherever the two agree, which is all but a few in 10,000 means (docs/protocol.md §4a).
    CHECK(real(372.0 / 85.0) == "4.376470588235295");   // nlohmann writes 4.3764705882352946
    int differ = 0, total = 0;
    for (uint64_t valid = 1; valid <= 120; ++valid)
        for (uint64_t sum = 0; sum <= valid * 5; ++sum, ++total) {   // scores 0..5, the usual scale
            const double v = double(sum) / double(valid);
            const std::string ours = real(v), theirs = nlohmann::json(v).dump();
            if (ours == theirs) continue;
            ++differ;
            CHECK(std::strtod(ours.c_str(), nullptr) == v);   // ours reads back as the same double
            CHECK(ours.size() < theirs.size());                 // and is shorter
        }
    CHECK(differ * 1000 < total);
}
