// fonts.cpp — the glyph index, on-demand files and atlas rebuilds (see fonts.hpp).
#include "platform/fonts.hpp"

#include <imgui.h>

#include <algorithm>
#include <charconv>

static_assert(sizeof(ImWchar) == 4, "IMGUI_USE_WCHAR32 must be defined for every TU (cmake/Dependencies.cmake)");

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
    return cp <= kMaxCodePoint ? cp : 0xFFFD;
}

bool parse_hex(std::string_view s, uint32_t& out) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out, 16);
    return ec == std::errc() && end == s.data() + s.size() && out <= kMaxCodePoint;
}

// Sorted code points as ImGui's zero-terminated list of inclusive ranges.
void to_ranges(std::vector<uint32_t> cps, std::vector<uint32_t>& out) {
    std::sort(cps.begin(), cps.end());
    out.clear();
    for (size_t i = 0; i < cps.size();) {
        size_t j = i;
        while (j + 1 < cps.size() && cps[j + 1] == cps[j] + 1) ++j;
        out.push_back(cps[i]);
        out.push_back(cps[j]);
        i = j + 1;
    }
    out.push_back(0);
}

}  // namespace

Fonts& app_fonts() {
    static Fonts fonts;
    return fonts;
}

// Lines "NAME RANGES"; RANGES comma-separated hex code points or lo-hi. The first line is the base.
// A later index (the whole glyphs.idx after glyphs-base.idx) must name the same base; the files it
// shares with the earlier one keep their bytes, and characters already wanted that now have a file
// are asked for.
bool Fonts::load_index(std::string_view text) {
    std::vector<File> files;
    std::vector<Span> spans;
    while (!text.empty()) {
        const size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (line.empty()) continue;
        const size_t sp = line.find(' ');
        if (sp == 0 || sp == std::string_view::npos) return false;
        const auto file = static_cast<uint32_t>(files.size());
        files.push_back(File{std::string(line.substr(0, sp)), {}, false});
        for (std::string_view rest = line.substr(sp + 1); !rest.empty();) {
            const size_t comma = rest.find(',');
            const std::string_view item = rest.substr(0, comma);
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
            const size_t dash = item.find('-');
            uint32_t lo = 0, hi = 0;
            if (!parse_hex(item.substr(0, dash), lo)) return false;
            if (dash == std::string_view::npos) hi = lo;
            else if (!parse_hex(item.substr(dash + 1), hi) || hi < lo) return false;
            spans.push_back(Span{lo, hi, file});
        }
    }
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.lo < b.lo; });
    for (size_t i = 1; i < spans.size(); ++i)
        if (spans[i].lo <= spans[i - 1].hi) return false;   // one file per code point
    if (files.empty()) return false;
    if (!files_.empty()) {   // a fuller index of the same build
        if (files[0].name != files_[0].name) return false;
        for (File& now : files)
            for (File& before : files_)
                if (before.name == now.name) now = std::move(before);
        files_ = std::move(files);
        spans_ = std::move(spans);
        for (const Wanted* w : {&want_body_, &want_heading_})
            for (uint32_t cp : w->list) {
                const int f = file_of(cp);
                if (f < 0 || !files_[f].bytes.empty() || files_[f].requested) continue;
                files_[f].requested = true;
                requests_.push_back(static_cast<size_t>(f));
            }
        return true;   // no new glyph bytes: the atlas stays as it is until a file arrives
    }
    files_ = std::move(files);
    spans_ = std::move(spans);
    for (uint32_t cp = 0x20; cp < 0x7F; ++cp) want_body_.set[cp] = want_heading_.set[cp] = true;
    for (uint32_t cp = 0x20; cp < 0x7F; ++cp) want_body_.list.push_back(cp), want_heading_.list.push_back(cp);
    want_body_.set[0xFFFD] = true;   // shown for what no file holds (and while a file is on its way)
    want_body_.list.push_back(0xFFFD);
    stale_ = true;
    return true;
}

int Fonts::file_of(uint32_t cp) const {
    auto it = std::upper_bound(spans_.begin(), spans_.end(), cp, [](uint32_t c, const Span& s) { return c < s.lo; });
    if (it == spans_.begin()) return -1;
    --it;
    return cp <= it->hi ? static_cast<int>(it->file) : -1;
}

void Fonts::add_file(size_t file, std::vector<uint8_t> bytes) {
    IM_ASSERT(file < files_.size() && "Fonts::add_file() for a file the index does not name");
    files_[file].bytes = std::move(bytes);
    stale_ = true;
}

size_t Fonts::files_loaded() const {
    return static_cast<size_t>(std::count_if(files_.begin(), files_.end(), [](const File& f) { return !f.bytes.empty(); }));
}

std::vector<uint32_t> Fonts::wanted() const {
    std::vector<uint32_t> out;
    for (const Wanted* w : {&want_body_, &want_heading_})
        for (uint32_t cp : w->list)
            if (cp != ' ' && cp != 0xFFFD && (w == &want_body_ || !want_body_.set[cp])) out.push_back(cp);
    return out;
}

std::vector<uint32_t> Fonts::missing() const {
    std::vector<uint32_t> out;
    for (uint32_t cp : wanted()) {
        const int f = file_of(cp);
        if (f < 0 || files_[static_cast<size_t>(f)].bytes.empty()) out.push_back(cp);
    }
    return out;
}

bool Fonts::add(Wanted& w, std::string_view utf8) {
    bool added = false;
    for (size_t i = 0; i < utf8.size();) {
        const uint32_t cp = next_code_point(utf8, i);
        if (cp < 0x20 || w.set[cp]) continue;
        w.set[cp] = true;
        w.list.push_back(cp);
        const int f = file_of(cp);
        if (f < 0) continue;                      // no packaged font has it: the fallback glyph
        if (!files_[f].bytes.empty()) { added = true; continue; }
        if (!files_[f].requested) {
            files_[f].requested = true;
            requests_.push_back(static_cast<size_t>(f));
        }
    }
    return added;
}

void Fonts::need(std::string_view utf8) { stale_ |= add(want_body_, utf8); }

void Fonts::need_heading(std::string_view utf8) { stale_ |= add(want_heading_, utf8); }

std::vector<size_t> Fonts::take_requests() { return std::exchange(requests_, {}); }

// One ImFont at px: the base file, then every other file that holds a wanted character merged in.
ImFont* Fonts::build_font(const Wanted& w, float px, std::vector<std::vector<uint32_t>>& ranges) {
    std::vector<std::vector<uint32_t>> by_file(files_.size());
    for (uint32_t cp : w.list) {
        const int f = file_of(cp);
        if (f >= 0 && !files_[f].bytes.empty()) by_file[f].push_back(cp);
    }
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    ImFont* font = nullptr;
    for (size_t f = 0; f < files_.size(); ++f) {
        if (files_[f].bytes.empty() || (f > 0 && by_file[f].empty())) continue;
        ranges.emplace_back();
        to_ranges(std::move(by_file[f]), ranges.back());
        ImFontConfig cfg;
        cfg.FontDataOwnedByAtlas = false;  // the bytes stay in files_ across rebuilds
        cfg.OversampleH = 1;               // CJK needs no horizontal oversampling; saves atlas space
        cfg.OversampleV = 1;
        cfg.PixelSnapH = true;             // crisp at integer device pixels
        cfg.MergeMode = font != nullptr;
        ImFont* added = atlas->AddFontFromMemoryTTF(files_[f].bytes.data(), static_cast<int>(files_[f].bytes.size()),
                                                    px, &cfg, reinterpret_cast<const ImWchar*>(ranges.back().data()));
        if (!font) font = added;
    }
    return font;
}

void Fonts::rebuild(float scale) {
    IM_ASSERT(has_base() && "Fonts::rebuild() before the base glyph file was added");
    ++generation_;
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    atlas->Clear();
    body_ranges_.clear();
    heading_ranges_.clear();
    body_ranges_.reserve(files_.size());      // AddFont keeps pointers into these vectors
    heading_ranges_.reserve(files_.size());
    body_ = build_font(want_body_, kBodyFontCssPx * scale, body_ranges_);
    heading_ = build_font(want_heading_, kHeadingFontCssPx * scale, heading_ranges_);
    atlas->Build();
    stale_ = false;
}

}  // namespace yishi::client
