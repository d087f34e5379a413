// canonical_json.hpp — the one spelling of a JSON value that core::tally_hash hashes (docs/protocol.md
// §4a "Canonical JSON"). Written here, byte by byte, so the hash never depends on a JSON library's
// formatting choices (nlohmann's, the browser's JSON.stringify, Python's json.dumps).
//
// Rules: no whitespace; object members sorted by the UTF-8 bytes of their keys (no duplicates);
// strings escape only `"`, `\` and U+0000..U+001F (as \b \f \n \r \t, else \u00xx lower-case hex),
// everything else as raw UTF-8; whole numbers in plain decimal; reals (fields typed real in the tally
// schema) as the shortest round-trip decimal of the IEEE-754 double, positional when the decimal
// exponent e of the first digit satisfies -5 < e < 15 (always with a fraction: "3.0"), otherwise
// d[.ddd]e±XX (at least two exponent digits); -0.0 as 0.0; NaN and infinities as null.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace yishi::core {

void append_canonical_string(std::string& out, std::string_view utf8);   // quoted, escaped per the rules
void append_canonical_whole(std::string& out, uint64_t v);               // decimal, no sign, no leading zeros
void append_canonical_whole(std::string& out, int64_t v);                // '-' then decimal when negative
void append_canonical_real(std::string& out, double v);                  // shortest round-trip, see above
int shortest_round_trip_digits(double v, char digits[18], int& exponent);  // count of significant digits; v finite, > 0

}  // namespace yishi::core
