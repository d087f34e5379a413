// test_theme.cpp — the design system's palette (client/views/theme.hpp) keeps its promises: every
// text/background pair the views draw reaches WCAG 2.1's contrast ratio, and the sizes meet the
// older-resident rules (tap targets >= 44 CSS px, body text >= 16 CSS px, 大字 >= 1.3x).
#include <doctest/doctest.h>

#include "../../client/views/theme.hpp"  // the palette is plain data (no ImGui)

using namespace yishi::client::theme;

TEST_CASE("the contrast ratio follows WCAG 2.1 at its known points") {
    CHECK(contrast_ratio({0, 0, 0}, {255, 255, 255}) == doctest::Approx(21.0));
    CHECK(contrast_ratio({255, 255, 255}, {255, 255, 255}) == doctest::Approx(1.0));
    CHECK(contrast_ratio({0x77, 0x77, 0x77}, {255, 255, 255}) == doctest::Approx(4.48).epsilon(0.01));  // the classic near miss
    CHECK(contrast_ratio(kBrand, kSurface) == doctest::Approx(contrast_ratio(kSurface, kBrand)));
}

TEST_CASE("every text and background pair of the palette is readable") {
    for (const Pair& p : kPairs) {
        CAPTURE(p.what);
        CHECK(contrast_ratio(p.fg, p.bg) >= p.min_ratio);
    }
}

TEST_CASE("the sizes suit older residents on phones") {
    CHECK(kTapTargetCssPx >= 44.0f);
    CHECK(kBodyTextCssPx >= 16.0f);
    CHECK(kLargeTextScale >= 1.3f);
    CHECK(kTabBarCssPx >= kTapTargetCssPx);
}
