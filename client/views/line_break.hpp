// line_break.hpp — where a line of mixed Chinese and Latin text may break, as Chinese readers expect.
//
// ImGui 1.86 breaks only at spaces: "3. 绿化带改车位" ran to "3." on one line and "绿化带改车位" on the
// next, a line could begin with "，", and a paragraph with a few spaces came out ragged. Here, as in
// Chinese typesetting (and UAX #14 in outline):
//   - between any two Chinese characters (and kana, hangul, full-width forms, emoji) a line may break;
//   - never before closing punctuation (，。、；：？！）」』】》…— and their ASCII kin) nor after opening
//     punctuation (（「『【《“ …): the line's last character then moves down with it (避头尾);
//   - Latin words and numbers break only at spaces, and only when one is wider than the line is it cut;
//   - a list number ("3. ") is not left at a line's end: it goes down with its item.
// Lines are filled greedily; the spaces a break falls on are dropped. No ImGui here: the caller gives
// each character's advance, so the rule is tested without a font.
#pragma once
#include <functional>
#include <string>
#include <string_view>

namespace yishi::client::ui {

// `text` with '\n' where its lines end within `width` (`advance` gives each code point's width).
std::string break_lines(std::string_view text, float width, const std::function<float(char32_t)>& advance);

}  // namespace yishi::client::ui
