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
// Characters that change how a name displays without being seen: bidi controls (U+202E turns
// "会员委居区苏姑" into "姑苏区居委员会" on screen), zero-width and joiner characters, invisible fillers,
// variation selectors, tags, C0/C1 controls and line separators. A display name may hold none.
bool is_invisible_code_point(char32_t c);
bool has_invisible_code_points(std::string_view text);          // any such character (lenient decode)

}  // namespace yishi::core
