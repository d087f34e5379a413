// utf8.hpp — strict UTF-8 validation and code point counting for every text field the protocol signs.
//
// Accepts exactly the well-formed sequences of Unicode section 3.9 table 3-7: no overlong forms, no
// surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequence. Text is not normalised:
// the bytes the author typed are the bytes that are signed.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace yishi::core {

std::optional<size_t> utf8_code_points(std::string_view text);  // number of code points, or nullopt if ill-formed
inline bool is_valid_utf8(std::string_view text) { return utf8_code_points(text).has_value(); }  // strict check
std::u32string to_code_points(std::string_view text);            // lenient decode: U+FFFD for each bad byte

}  // namespace yishi::core
