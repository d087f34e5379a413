// fonts.hpp — CJK text without a giant atlas: rasterize only the glyphs the UI has needed so far.
//
// The font file (a Noto Sans CJK SC subset, ~1.6 MB) covers every character residents are likely
// to type; the atlas holds only the characters seen in UI strings, data and input. A frame that
// meets a new character marks the atlas stale; the platform rebuilds it between frames (about
// 50 ms per 1,000 characters) and draws again, so a character shows as a box for one frame at most.
#pragma once
#include <bitset>
#include <cstdint>
#include <string_view>
#include <vector>

struct ImFont;

namespace yishi::client {

inline constexpr float kBodyFontCssPx = 17.0f;     // body text size in CSS pixels
inline constexpr float kHeadingFontCssPx = 26.0f;  // headings and the title

class Fonts {
public:
    void set_font_file(std::vector<uint8_t> bytes);   // the OTF/TTF bytes (kept for rebuilds)
    bool has_font_file() const { return !file_.empty(); }
    void need(std::string_view utf8);                 // make these characters available in body text
    void need_heading(std::string_view utf8);         // ... and in headings
    bool stale() const { return stale_; }             // a rebuild is due before the next frame
    void rebuild(float scale);                        // rebuild the ImGui atlas at scale (device px per CSS px)
    ImFont* body() const { return body_; }            // body font (default font after rebuild)
    ImFont* heading() const { return heading_; }      // heading font
    size_t glyph_count() const { return body_set_.count(); }  // characters in the body atlas
    int generation() const { return generation_; }   // rebuilds so far (text measured before one may differ)
private:
    static bool add(std::bitset<0x10000>& set, std::string_view utf8);
    std::vector<uint8_t> file_;
    std::bitset<0x10000> body_set_, heading_set_;     // BMP code points wanted (ImWchar is 16-bit)
    std::vector<uint16_t> body_ranges_, heading_ranges_;  // must outlive the atlas build
    bool stale_ = true;
    int generation_ = 0;
    ImFont* body_ = nullptr;
    ImFont* heading_ = nullptr;
};

Fonts& app_fonts();  // the one instance the app and platform share

}  // namespace yishi::client
