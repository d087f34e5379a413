// pinyin_table.hpp — the generated Mandarin readings table (internal to shared/src/pinyin.cpp).
//
// The definitions are a build product: scripts/gen_pinyin_table.py writes them from Unicode's Unihan
// (kMandarin ∪ kHanyuPinyin, tones removed) into the build tree; nothing of Unihan is committed.
// Readings of code point c in [kFirst, kLast]: kCount[c - kFirst] syllable ids in kReadings, after
// those of every code point below c (pinyin.cpp sums the counts once), the most common reading first.
// Counts rather than offsets: a byte each, and a run of small numbers that compresses to a tenth
// (the browser's first download carries this table, issue 19).
#pragma once
#include <cstddef>
#include <cstdint>

namespace yishi::core::pinyin_table {

extern const char32_t kFirst, kLast;     // the covered range (CJK Extension A and Unified Ideographs)
extern const size_t kSyllableCount;      // distinct toneless syllables
extern const char* const kSyllables[];   // sorted, lower-case ASCII, ü written v
extern const uint8_t kCount[];           // kLast - kFirst + 1 entries
extern const uint16_t kReadings[];       // syllable ids

}  // namespace yishi::core::pinyin_table
