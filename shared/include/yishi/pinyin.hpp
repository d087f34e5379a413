// pinyin.hpp — matching Chinese text by what a resident types without an IME: pinyin and initials.
//
// Readings come from Unicode's Unihan (kMandarin ∪ kHanyuPinyin, tones dropped, ü as v), built into
// a table at build time (scripts/gen_pinyin_table.py), so the server and the browser agree. A query
// mixes, in any order, hanzi (matched as themselves), ASCII letters and digits. Each hanzi of the text
// may be typed as any of its readings in full (养老 ← yanglao), as its initial letter (yl) or, for
// zh/ch/sh, its two-letter initial (zhuang → z or zh), and the query may end inside a syllable
// (yangla). Polyphonic characters match by every reading (银行 ← yinhang and yinxing).
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace yishi::core {

inline constexpr size_t kPinyinMaxReadings = 16;   // no character in Unihan has more toneless readings

struct TextSpan {
    uint32_t start = 0;    // code point offset in the text
    uint32_t length = 0;   // code points
};

// The toneless readings of c, most common first (0 for characters without a Mandarin reading).
size_t pinyin_readings(char32_t c, std::string_view (&out)[kPinyinMaxReadings]);
// Bit (letter - 'a') for the first letter of each reading of c; an ASCII letter gives its own bit.
uint32_t pinyin_initials(char32_t c);
// True if q (lower-case) holds an ASCII letter, i.e. could be (partly) pinyin.
bool is_pinyin_query(std::u32string_view q);
// The first place in text (lower-cased ASCII) that q (lower-cased) matches as pinyin, or nothing.
// `initials`, if given, holds pinyin_initials() of each character of text (a precomputed shortcut).
std::optional<TextSpan> match_pinyin(std::u32string_view text, std::u32string_view q,
                                     const uint32_t* initials = nullptr);
// The initial letters (as 0..25) the first up to three characters a pinyin query q stands for may
// start with, one sequence per way of reading q (yanglao: y,l; ylfw: y,l,f; shequ: s,q and s,h,e…).
std::vector<std::vector<uint8_t>> pinyin_initial_sequences(std::u32string_view q);
// Whether q could start with a whole syllable of this many letters (1..6); for candidate lookup.
bool starts_with_syllable(std::u32string_view q, size_t letters);
// Whether all of q is a prefix of some syllable (so it may be a single, unfinished character).
bool is_syllable_prefix(std::u32string_view q);

}  // namespace yishi::core
