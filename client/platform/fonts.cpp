// fonts.cpp — glyph sets and atlas rebuilds (see fonts.hpp).
#include "platform/fonts.hpp"

#include <imgui.h>

namespace yishi::client {

namespace {

// Decodes the next UTF-8 code point; invalid sequences yield U+FFFD and advance one byte.
uint32_t next_code_point(std::string_view s, size_t& i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) { ++i; return c; }
    int extra = (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (extra < 0 || i + extra >= s.size()) { ++i; return 0xFFFD; }
    uint32_t cp = c & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) {
        unsigned char cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) { ++i; return 0xFFFD; }
        cp = cp << 6 | (cc & 0x3F);
    }
    i += extra + 1;
    return cp;
}

// Turns a set of code points into ImGui's zero-terminated list of inclusive ranges.
void to_ranges(const std::bitset<0x10000>& set, std::vector<uint16_t>& out) {
    out.clear();
    for (uint32_t cp = 1; cp < 0x10000; ++cp) {
        if (!set[cp]) continue;
        uint32_t end = cp;
        while (end + 1 < 0x10000 && set[end + 1]) ++end;
        out.push_back(static_cast<uint16_t>(cp));
        out.push_back(static_cast<uint16_t>(end));
        cp = end;
    }
    out.push_back(0);
}

}  // namespace

Fonts& app_fonts() {
    static Fonts fonts;
    return fonts;
}

void Fonts::set_font_file(std::vector<uint8_t> bytes) {
    file_ = std::move(bytes);
    for (uint32_t cp = 0x20; cp < 0x7F; ++cp) body_set_.set(cp), heading_set_.set(cp);
    body_set_.set(0xFFFD);  // shown for what the font lacks
    stale_ = true;
}

bool Fonts::add(std::bitset<0x10000>& set, std::string_view utf8) {
    bool added = false;
    for (size_t i = 0; i < utf8.size();) {
        uint32_t cp = next_code_point(utf8, i);
        if (cp < 0x20 || cp >= 0x10000 || set[cp]) continue;
        set.set(cp);
        added = true;
    }
    return added;
}

void Fonts::need(std::string_view utf8) { stale_ |= add(body_set_, utf8); }

void Fonts::need_heading(std::string_view utf8) { stale_ |= add(heading_set_, utf8); }

void Fonts::rebuild(float scale) {
    IM_ASSERT(!file_.empty() && "Fonts::rebuild() before set_font_file()");
    ++generation_;
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    atlas->Clear();
    to_ranges(body_set_, body_ranges_);
    to_ranges(heading_set_, heading_ranges_);

    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;  // the bytes stay in file_ across rebuilds
    cfg.OversampleH = 1;               // CJK needs no horizontal oversampling; saves atlas space
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;             // crisp at integer device pixels
    void* data = file_.data();
    int size = static_cast<int>(file_.size());
    body_ = atlas->AddFontFromMemoryTTF(data, size, kBodyFontCssPx * scale, &cfg,
                                        reinterpret_cast<const ImWchar*>(body_ranges_.data()));
    heading_ = atlas->AddFontFromMemoryTTF(data, size, kHeadingFontCssPx * scale, &cfg,
                                           reinterpret_cast<const ImWchar*>(heading_ranges_.data()));
    atlas->Build();
    stale_ = false;
}

}  // namespace yishi::client
