// pinyin.cpp — pinyin readings and the pinyin matcher (see pinyin.hpp).
//
// The matcher tries each start position of the text and walks query and text together; at a hanzi
// with several readings it tries each way of typing each reading (full, initial, zh/ch/sh), so the
// cost is bounded by the query's length times the readings (a handful) per character.
#include "yishi/pinyin.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "pinyin_table.hpp"

namespace yishi::core {

namespace pt = pinyin_table;

namespace {

// The syllables as views, measured once (the matcher reads them in its inner loop).
const std::vector<std::string_view>& syllables() {
    static const std::vector<std::string_view> kViews(pt::kSyllables, pt::kSyllables + pt::kSyllableCount);
    return kViews;
}

// Where each code point's readings start in kReadings: the running sum of kCount, made once.
const std::vector<uint16_t>& starts() {
    static const std::vector<uint16_t> kStarts = [] {
        std::vector<uint16_t> s(pt::kLast - pt::kFirst + 2, 0);
        for (size_t i = 0; i + 1 < s.size(); ++i) s[i + 1] = static_cast<uint16_t>(s[i] + pt::kCount[i]);
        return s;
    }();
    return kStarts;
}

// The readings of c as [first, last) into kReadings (empty outside the table).
std::pair<uint16_t, uint16_t> reading_range(char32_t c) {
    if (c < pt::kFirst || c > pt::kLast) return {0, 0};
    const size_t i = c - pt::kFirst;
    const auto& s = starts();
    return {s[i], s[i + 1]};
}

}  // namespace

size_t pinyin_readings(char32_t c, std::string_view (&out)[kPinyinMaxReadings]) {
    const auto& views = syllables();
    const auto [first, last] = reading_range(c);
    size_t n = 0;
    for (uint16_t k = first; k < last && n < kPinyinMaxReadings; ++k) out[n++] = views[pt::kReadings[k]];
    return n;
}

uint32_t pinyin_initials(char32_t c) {
    if (c >= U'a' && c <= U'z') return uint32_t{1} << (c - U'a');
    const auto [first, last] = reading_range(c);
    uint32_t bits = 0;
    for (uint16_t k = first; k < last; ++k) bits |= uint32_t{1} << (pt::kSyllables[pt::kReadings[k]][0] - 'a');
    return bits;
}

bool is_pinyin_query(std::u32string_view q) {
    return std::any_of(q.begin(), q.end(), [](char32_t c) { return c >= U'a' && c <= U'z'; });
}

namespace {

bool is_letter(char32_t c) { return c >= U'a' && c <= U'z'; }

// Does the query at qi spell r (ASCII)? How many letters match (r.size() if all).
size_t common_prefix(std::u32string_view q, size_t qi, std::string_view r) {
    size_t n = 0;
    while (n < r.size() && qi + n < q.size() && q[qi + n] == static_cast<char32_t>(r[n])) ++n;
    return n;
}

// Matches q[qi..] against text[ti..]; on success sets end to the text offset after the match.
// initials (optional) lets a character that cannot start with the query's letter fail at once.
bool match_from(std::u32string_view text, size_t ti, std::u32string_view q, size_t qi, size_t& end,
                const uint32_t* initials, const std::vector<std::string_view>& views) {
    if (qi == q.size()) return end = ti, true;
    if (ti == text.size()) return false;
    const char32_t t = text[ti], c = q[qi];
    if (t == c) return match_from(text, ti + 1, q, qi + 1, end, initials, views);
    if (!is_letter(c)) return false;
    if (initials && !(initials[ti] >> (c - U'a') & 1)) return false;
    const auto [first, last] = reading_range(t);
    for (uint16_t k = first; k < last; ++k) {
        const std::string_view r = views[pt::kReadings[k]];
        const size_t common = common_prefix(q, qi, r);
        if (common == 0) continue;
        if (qi + common == q.size()) return end = ti + 1, true;          // the query ends inside (or at the end of) r
        if (common == r.size() && match_from(text, ti + 1, q, qi + common, end, initials, views))
            return true;                                                  // in full
        if (match_from(text, ti + 1, q, qi + 1, end, initials, views)) return true;  // its initial
        if (common >= 2 && r[1] == 'h' && (r[0] == 'z' || r[0] == 'c' || r[0] == 's') &&
            match_from(text, ti + 1, q, qi + 2, end, initials, views))
            return true;                                                  // zh / ch / sh
    }
    return false;
}

}  // namespace

std::optional<TextSpan> match_pinyin(std::u32string_view text, std::u32string_view q, const uint32_t* initials) {
    if (q.empty()) return std::nullopt;
    const auto& views = syllables();
    // A query that starts with a letter can only start at a character with that initial.
    const uint32_t first_bit = is_letter(q[0]) ? uint32_t{1} << (q[0] - U'a') : 0;
    for (size_t ti = 0; ti < text.size(); ++ti) {
        if (initials && first_bit && !(initials[ti] & first_bit)) continue;  // (a letter's own bit is set)
        size_t end = 0;
        if (match_from(text, ti, q, 0, end, initials, views))
            return TextSpan{static_cast<uint32_t>(ti), static_cast<uint32_t>(end - ti)};
    }
    return std::nullopt;
}

namespace {

// Reads q from p as pieces (an initial, zh/ch/sh, a whole syllable, or an unfinished last syllable),
// collecting the first letters of up to three pieces.
void initial_sequences(std::u32string_view q, size_t p, std::vector<uint8_t>& seq,
                       std::vector<std::vector<uint8_t>>& out) {
    if (p == q.size() || seq.size() == 3 || !is_letter(q[p])) {
        if (!seq.empty()) out.push_back(seq);
        return;
    }
    seq.push_back(static_cast<uint8_t>(q[p] - U'a'));
    const std::u32string_view rest = q.substr(p);
    if (rest.size() > 1 && is_syllable_prefix(rest)) out.push_back(seq);   // one unfinished syllable
    initial_sequences(q, p + 1, seq, out);
    if (rest.size() > 1 && rest[1] == U'h' && (rest[0] == U'z' || rest[0] == U'c' || rest[0] == U's'))
        initial_sequences(q, p + 2, seq, out);
    for (size_t len = 2; len <= 6 && len <= rest.size(); ++len)
        if (starts_with_syllable(rest, len)) initial_sequences(q, p + len, seq, out);
    seq.pop_back();
}

}  // namespace

std::vector<std::vector<uint8_t>> pinyin_initial_sequences(std::u32string_view q) {
    std::vector<std::vector<uint8_t>> out;
    std::vector<uint8_t> seq;
    initial_sequences(q, 0, seq, out);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

bool starts_with_syllable(std::u32string_view q, size_t letters) {
    if (letters == 0 || letters > q.size()) return false;
    // kSyllables is sorted: binary search for the exact string.
    char buf[8] = {};
    if (letters >= sizeof buf) return false;
    for (size_t i = 0; i < letters; ++i) {
        if (!is_letter(q[i])) return false;
        buf[i] = static_cast<char>(q[i]);
    }
    const char* const* first = pt::kSyllables;
    const char* const* last = pt::kSyllables + pt::kSyllableCount;
    auto it = std::lower_bound(first, last, buf, [](const char* a, const char* b) { return std::strcmp(a, b) < 0; });
    return it != last && std::strcmp(*it, buf) == 0;
}

bool is_syllable_prefix(std::u32string_view q) {
    if (q.empty() || q.size() > 6) return false;
    char buf[8] = {};
    for (size_t i = 0; i < q.size(); ++i) {
        if (!is_letter(q[i])) return false;
        buf[i] = static_cast<char>(q[i]);
    }
    const char* const* first = pt::kSyllables;
    const char* const* last = pt::kSyllables + pt::kSyllableCount;
    auto it = std::lower_bound(first, last, buf, [](const char* a, const char* b) { return std::strcmp(a, b) < 0; });
    return it != last && std::strncmp(*it, buf, q.size()) == 0;
}

}  // namespace yishi::core
