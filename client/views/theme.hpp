// theme.hpp — the design system's numbers in one place: the palette around the brand red, the text
// and background pairs it promises to keep readable, and the sizes of type and tap targets.
//
// Plain data and arithmetic only (no ImGui), so that a unit test (tests/unit/test_theme.cpp) reads
// the palette and checks every promised pair against WCAG 2.1's contrast ratio: 4.5:1 for body
// text, 3:1 for large text and for the outlines of controls. views/ui.cpp turns it into an ImGui
// style (apply_theme) and into the colours the views draw with.
#pragma once
#include <cmath>
#include <cstdint>

namespace yishi::client::theme {

struct Rgb { uint8_t r, g, b; };  // sRGB, 8 bits per channel

// [palette]
inline constexpr Rgb kBrand{0xB3, 0x1C, 0x1C};        // brand red: headings, primary buttons, focus
inline constexpr Rgb kBrandHover{0x9E, 0x17, 0x17};   // primary button under the pointer
inline constexpr Rgb kBrandPressed{0x80, 0x12, 0x12}; // primary button held down
inline constexpr Rgb kPage{0xFB, 0xFA, 0xF7};         // the page behind everything (warm paper)
inline constexpr Rgb kSurface{0xFF, 0xFF, 0xFF};      // cards, fields, the tab bar
inline constexpr Rgb kInk{0x1F, 0x1F, 0x24};          // body text
inline constexpr Rgb kMuted{0x55, 0x55, 0x5E};        // secondary text (dates, counts)
inline constexpr Rgb kGood{0x17, 0x6B, 0x30};         // done, passed, online
inline constexpr Rgb kTint{0xF8, 0xE6, 0xE3};         // chips, selected rows, the current tab
inline constexpr Rgb kTintStrong{0xF0, 0xCF, 0xCA};   // a tinted row under the pointer
inline constexpr Rgb kGoodTint{0xE2, 0xF1, 0xE5};     // the "voted" chip
inline constexpr Rgb kSecondary{0xEC, 0xE8, 0xE2};    // secondary buttons
inline constexpr Rgb kSecondaryHover{0xDD, 0xD7, 0xCE};
inline constexpr Rgb kOutline{0x75, 0x75, 0x7E};      // outlines of fields, checkboxes and radios
inline constexpr Rgb kDivider{0xDD, 0xD9, 0xD2};      // lines between sections (decoration only)
inline constexpr Rgb kOnBrand{0xFF, 0xFF, 0xFF};      // text on the brand red

// What a pair must reach: body text 4.5:1; large text (>= 18.66 CSS px bold / 24 px) and the
// outlines of controls (WCAG 1.4.11, non-text) 3:1.
inline constexpr double kBodyRatio = 4.5;
inline constexpr double kLargeRatio = 3.0;

struct Pair { const char* what; Rgb fg, bg; double min_ratio; };
// Every text/background (and outline/background) combination the views draw.
inline constexpr Pair kPairs[] = {
    {"body on page", kInk, kPage, kBodyRatio},
    {"body on card", kInk, kSurface, kBodyRatio},
    {"muted on page", kMuted, kPage, kBodyRatio},
    {"muted on card", kMuted, kSurface, kBodyRatio},
    {"muted on chip", kMuted, kTint, kBodyRatio},
    {"brand on page", kBrand, kPage, kBodyRatio},
    {"brand on card", kBrand, kSurface, kBodyRatio},
    {"brand on chip", kBrand, kTint, kBodyRatio},
    {"brand on hovered row", kBrand, kTintStrong, kLargeRatio},
    {"ink on chip", kInk, kTint, kBodyRatio},
    {"ink on hovered row", kInk, kTintStrong, kBodyRatio},
    {"good on page", kGood, kPage, kBodyRatio},
    {"good on card", kGood, kSurface, kBodyRatio},
    {"good on its chip", kGood, kGoodTint, kBodyRatio},
    {"white on primary", kOnBrand, kBrand, kBodyRatio},
    {"white on hovered primary", kOnBrand, kBrandHover, kBodyRatio},
    {"white on pressed primary", kOnBrand, kBrandPressed, kBodyRatio},
    {"ink on secondary", kInk, kSecondary, kBodyRatio},
    {"ink on hovered secondary", kInk, kSecondaryHover, kBodyRatio},
    {"brand on secondary (destructive)", kBrand, kSecondary, kBodyRatio},
    {"control outline on card", kOutline, kSurface, kLargeRatio},
    {"control outline on page", kOutline, kPage, kLargeRatio},
};

// [sizes] in CSS pixels at the standard text size; 大字 multiplies all of them.
inline constexpr float kTapTargetCssPx = 44.0f;   // the least height (and width) of anything tappable
inline constexpr float kBodyTextCssPx = 17.0f;    // body text (platform/fonts.hpp rasterizes it)
inline constexpr float kLargeTextScale = 1.35f;   // 大字: everything 35% larger (the issue asks >= 1.3)
inline constexpr float kTabBarCssPx = 64.0f;      // the phone's bottom tab bar
inline constexpr float kCardRadiusCssPx = 10.0f;
inline constexpr float kPhoneWidthCssPx = 600.0f; // below this, phone layout (bottom tab bar)

// WCAG 2.1 relative luminance of an sRGB colour (0 black .. 1 white).
inline double relative_luminance(Rgb c) {
    auto lin = [](uint8_t v) {
        const double s = v / 255.0;
        return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

// WCAG 2.1 contrast ratio, 1 (same) .. 21 (black on white); symmetric.
inline double contrast_ratio(Rgb a, Rgb b) {
    const double la = relative_luminance(a), lb = relative_luminance(b);
    return (std::fmax(la, lb) + 0.05) / (std::fmin(la, lb) + 0.05);
}

}  // namespace yishi::client::theme
