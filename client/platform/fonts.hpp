// fonts.hpp — CJK text without a giant atlas or a giant download: glyph files fetched the first time
// a character needs them, and only the glyphs the UI has needed so far rasterized.
//
// The glyphs come split into files (scripts/make-font.py): a base file loaded at start-up (ASCII and
// the characters of the first screens) and content-named subsets of Noto Sans CJK SC (the rest of the
// UI catalog, then the most frequent hanzi first), plus HanaMin for CJK ideographs Noto lacks
// (Extensions B-H: 𠀀 U+20000, 𪚥 U+2A6A5). The index (glyphs.idx) says which file holds each code point; the web app starts with
// the base file's line alone (glyphs-base.idx) and loads the whole index after its first frame, when
// characters met meanwhile that the base lacks are asked for. A frame that meets a
// new character either marks the atlas stale (its file is here) or asks for its file
// (take_requests(): the platform fetches it, add_file() then marks the atlas stale); the platform
// rebuilds the atlas between frames (about 50 ms per 1,000 characters). Until its file arrives a
// character shows as the fallback glyph; no character a packaged font covers stays that way.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct ImFont;

namespace yishi::client {

inline constexpr float kBodyFontCssPx = 17.0f;     // body text size in CSS pixels
inline constexpr float kHeadingFontCssPx = 26.0f;  // headings and the title
inline constexpr uint32_t kMaxCodePoint = 0x10FFFF;

class Fonts {
public:
    bool load_index(std::string_view text);           // glyphs.idx (again: a fuller index, same base); false, nothing changed, if malformed
    size_t file_count() const { return files_.size(); }  // files the index names (0 is the base)
    const std::string& file_name(size_t file) const { return files_[file].name; }  // e.g. g-3f2a….otf
    void add_file(size_t file, std::vector<uint8_t> bytes);  // a file's OTF/TTF bytes (kept for rebuilds)
    bool has_base() const { return !files_.empty() && !files_[0].bytes.empty(); }  // rebuild() possible
    int file_of(uint32_t cp) const;                   // the file holding cp, -1 if none does
    void need(std::string_view utf8);                 // make these characters available in body text
    void need_heading(std::string_view utf8);         // ... and in headings
    std::vector<size_t> take_requests();              // files to fetch now (each returned once)
    bool stale() const { return stale_; }             // a rebuild is due before the next frame
    void rebuild(float scale);                        // rebuild the ImGui atlas at scale (device px per CSS px)
    ImFont* body() const { return body_; }            // body font (default font after rebuild)
    ImFont* heading() const { return heading_; }      // heading font
    size_t glyph_count() const { return want_body_.list.size(); }  // characters wanted in body text
    size_t files_loaded() const;                      // files whose bytes are here
    std::vector<uint32_t> wanted() const;             // characters drawn so far (body and headings, once each)
    std::vector<uint32_t> missing() const;            // ... those drawn as the fallback glyph for now
    int generation() const { return generation_; }   // rebuilds so far (text measured before one may differ)
private:
    struct File {
        std::string name;
        std::vector<uint8_t> bytes;   // empty until added
        bool requested = false;       // handed to the platform (which retries until it arrives)
    };
    struct Span { uint32_t lo, hi; uint32_t file; };
    struct Wanted {                   // code points one font size needs
        std::vector<bool> set = std::vector<bool>(kMaxCodePoint + 1);
        std::vector<uint32_t> list;   // the same, in order of first need
    };
    bool add(Wanted& w, std::string_view utf8);
    ImFont* build_font(const Wanted& w, float px, std::vector<std::vector<uint32_t>>& ranges);
    std::vector<File> files_;
    std::vector<Span> spans_;         // sorted by lo, disjoint
    std::vector<size_t> requests_;
    Wanted want_body_, want_heading_;
    std::vector<std::vector<uint32_t>> body_ranges_, heading_ranges_;  // must outlive the atlas build
    bool stale_ = true;
    int generation_ = 0;
    ImFont* body_ = nullptr;
    ImFont* heading_ = nullptr;
};

Fonts& app_fonts();  // the one instance the app and platform share

}  // namespace yishi::client
