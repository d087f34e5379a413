// utf8.cpp — strict UTF-8 decoding (see utf8.hpp). Follows Unicode table 3-7 row by row so that
// each rejected form (overlong, surrogate, above U+10FFFF, truncated, stray continuation) is explicit.
#include "yishi/utf8.hpp"

#include <cstdint>

namespace yishi::core {

std::optional<size_t> utf8_code_points(std::string_view text) {
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const size_t n = text.size();
    size_t count = 0;
    for (size_t i = 0; i < n; ++count) {
        const uint8_t b = s[i];
        size_t len;
        uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (b < 0x80) { ++i; continue; }
        else if (b >= 0xC2 && b <= 0xDF) len = 2;            // C0, C1 would be overlong
        else if (b == 0xE0) { len = 3; lo = 0xA0; }           // overlong below U+0800
        else if (b >= 0xE1 && b <= 0xEC) len = 3;
        else if (b == 0xED) { len = 3; hi = 0x9F; }           // U+D800..U+DFFF are surrogates
        else if (b >= 0xEE && b <= 0xEF) len = 3;
        else if (b == 0xF0) { len = 4; lo = 0x90; }           // overlong below U+10000
        else if (b >= 0xF1 && b <= 0xF3) len = 4;
        else if (b == 0xF4) { len = 4; hi = 0x8F; }           // above U+10FFFF
        else return std::nullopt;                             // 80..C1 lead, F5..FF
        if (n - i < len) return std::nullopt;
        if (s[i + 1] < lo || s[i + 1] > hi) return std::nullopt;
        for (size_t k = 2; k < len; ++k)
            if ((s[i + k] & 0xC0) != 0x80) return std::nullopt;
        i += len;
    }
    return count;
}

std::u32string to_code_points(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        // Reuse the strict rules one sequence at a time: the longest well-formed prefix up to 4 bytes.
        size_t len = 1;
        const auto b = static_cast<uint8_t>(text[i]);
        if (b >= 0xC2 && b <= 0xDF) len = 2;
        else if (b >= 0xE0 && b <= 0xEF) len = 3;
        else if (b >= 0xF0 && b <= 0xF4) len = 4;
        if (b >= 0x80 && (i + len > text.size() || !utf8_code_points(text.substr(i, len)))) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        char32_t cp = len == 1 ? b : b & (0x7F >> len);
        for (size_t k = 1; k < len; ++k) cp = cp << 6 | (static_cast<uint8_t>(text[i + k]) & 0x3F);
        out.push_back(cp);
        i += len;
    }
    return out;
}

bool is_invisible_code_point(char32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) ||           // C0 and C1 controls, DEL
           c == 0x00AD || c == 0x034F || c == 0x061C ||        // soft hyphen, grapheme joiner, Arabic letter mark
           c == 0x115F || c == 0x1160 || c == 0x17B4 || c == 0x17B5 || c == 0x3164 || c == 0xFFA0 ||   // fillers
           (c >= 0x180B && c <= 0x180F) ||                     // Mongolian selectors and vowel separator
           (c >= 0x200B && c <= 0x200F) ||                     // zero-width space, (non-)joiner, LRM, RLM
           (c >= 0x2028 && c <= 0x202E) ||                     // line/paragraph separators, bidi embeddings and overrides
           (c >= 0x2060 && c <= 0x206F) ||                     // word joiner, invisible operators, bidi isolates, deprecated
           (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF ||      // variation selectors, zero-width no-break space
           (c >= 0xFFF9 && c <= 0xFFFB) ||                     // interlinear annotation
           (c >= 0x1D173 && c <= 0x1D17A) ||                   // musical formatting
           (c >= 0xE0000 && c <= 0xE0FFF);                     // tags, variation selectors supplement
}

bool has_invisible_code_points(std::string_view text) {
    for (char32_t c : to_code_points(text))
        if (is_invisible_code_point(c)) return true;
    return false;
}

}  // namespace yishi::core
