#include "views/line_break.hpp"

#include <cstdint>

namespace yishi::client::ui {

namespace {

// One code point at text[i]: its value and length (a byte that starts no well-formed sequence is
// U+FFFD, one byte long: text from the server is valid UTF-8, this only keeps a bad byte from looping).
std::pair<char32_t, size_t> decode(std::string_view text, size_t i) {
    const auto b = [&](size_t k) { return static_cast<uint8_t>(text[i + k]); };
    const uint8_t c = b(0);
    const size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > text.size()) return {U'\uFFFD', 1};
    char32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (size_t k = 1; k < n; ++k) {
        if ((b(k) & 0xC0) != 0x80) return {U'\uFFFD', 1};
        cp = (cp << 6) | (b(k) & 0x3F);
    }
    return {cp, n};
}

bool is_blank(char32_t c) { return c == U' ' || c == U'\t' || c == U'\u3000'; }

// Chinese, Japanese and Korean characters, full-width forms and emoji: a line may break on either side.
bool is_wide(char32_t c) {
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x1F000 && c <= 0x1FAFF) ||
           (c >= 0x20000 && c <= 0x3FFFF);
}

// A line may not begin with these (closing marks, pauses, dashes and ellipses).
bool no_line_start(char32_t c) {
    static constexpr std::u32string_view kClosing =
        U"，。、；：？！）」』】》〉〕］｝〗〙”’…—～·％‰,.;:?!)]}%";
    return kClosing.find(c) != std::u32string_view::npos;
}

// A line may not end with these (opening marks).
bool no_line_end(char32_t c) {
    static constexpr std::u32string_view kOpening = U"（「『【《〈〔［｛〖〘“‘([{";
    return kOpening.find(c) != std::u32string_view::npos;
}

// May a line break between `a` and `b`?
bool may_break(char32_t a, char32_t b) {
    if (is_blank(b)) return false;               // after the spaces, not among them
    if (is_blank(a)) return true;
    if (no_line_start(b) || no_line_end(a)) return false;
    return is_wide(a) || is_wide(b);
}

}  // namespace

std::string break_lines(std::string_view text, float width, const std::function<float(char32_t)>& advance) {
    std::string out;
    out.reserve(text.size() + 8);
    size_t line = 0;             // where the current line starts in text
    float used = 0;              // its width so far
    size_t fit = 0;              // the last place in it a line may break (0: none yet)
    char32_t prev = 0;           // the code point before text[i] on this line (0: none)
    int marker = 0;              // the last word so far: 1 digits, 2 a list number ("3."), 0 neither
    const auto end_line = [&](size_t at) {   // the line ends before `at`, its trailing spaces dropped
        size_t e = at;
        while (e > line && (text[e - 1] == ' ' || text[e - 1] == '\t')) --e;
        out.append(text.substr(line, e - line));
        out += '\n';
        line = at, used = 0, fit = 0, prev = 0, marker = 0;
    };
    for (size_t i = 0; i < text.size();) {
        const auto [c, n] = decode(text, i);
        if (c == U'\n') {
            end_line(i);
            line = i += n;
            continue;
        }
        if (prev && may_break(prev, c) && !(is_blank(prev) && marker == 2)) fit = i;   // "3. " stays with its item
        const float w = advance(c);
        if (prev && used + w > width && !is_blank(c)) {   // (spaces may hang past the edge)
            if (fit > line) {            // the tail after the last opportunity starts the next line
                i = fit;
                end_line(i);
            } else {                     // one word wider than the line: cut it here
                end_line(i);
            }
            continue;
        }
        used += w;
        if (!is_blank(c)) {
            const bool word_start = !prev || is_blank(prev) || is_wide(prev);
            marker = c >= U'0' && c <= U'9' ? (word_start || marker == 1 ? 1 : 0) : c == U'.' && marker == 1 ? 2 : 0;
        }
        prev = c;
        i += n;
    }
    out.append(text.substr(line));
    return out;
}

}  // namespace yishi::client::ui
