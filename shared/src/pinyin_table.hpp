// pinyin_table.hpp — the generated Mandarin readings table (internal to shared/src/pinyin.cpp).
//
// The definitions are a build product: scripts/gen_pinyin_table.py writes them from Unicode's Unihan
// (kMandarin ∪ kHanyuPinyin, tones removed) into the build tree; nothing of Unihan is committed.
// Readings of code point c in [kFirst, kLast]: kSyllables[kReadings[k]] for k in
// [kStart[c - kFirst], kStart[c - kFirst + 1]), the most common reading first.
#pragma once
#include <cstddef>
#include <cstdint>

namespace yishi::core::pinyin_table {

extern const char32_t kFirst, kLast;     // the covered range (CJK Extension A and Unified Ideographs)
extern const size_t kSyllableCount;      // distinct toneless syllables
extern const char* const kSyllables[];   // sorted, lower-case ASCII, ü written v
extern const uint16_t kStart[];          // kLast - kFirst + 2 entries
extern const uint16_t kReadings[];       // syllable ids

}  // namespace yishi::core::pinyin_table
