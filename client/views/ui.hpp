// ui.hpp — the widgets every view uses, so that each string is rasterized (Fonts) and each widget
// is visible to tests and assistive tooling (item_hooks) without the views having to remember.
#pragma once
#include <imgui.h>

#include <string>
#include <string_view>

#include "platform/fonts.hpp"
#include "platform/item_hooks.hpp"  // Role, next_role: raw ImGui widgets in views declare their role

namespace yishi::client::ui {

inline const ImVec4 kAccent(0.70f, 0.11f, 0.11f, 1.0f);  // headings, primary buttons
inline const ImVec4 kMuted(0.38f, 0.38f, 0.40f, 1.0f);   // secondary text
inline const ImVec4 kInk(0.15f, 0.15f, 0.18f, 1.0f);     // section headings
inline const ImVec4 kGood(0.10f, 0.50f, 0.20f, 1.0f);    // success and online

void text(Fonts& fonts, std::string_view s);                              // wrapped body text
void text_colored(Fonts& fonts, const ImVec4& color, std::string_view s); // body text in a colour
void heading(Fonts& fonts, std::string_view s, const ImVec4& color = kAccent);  // large text
bool button(Fonts& fonts, std::string_view label, const char* id);        // a plain button
bool primary_button(Fonts& fonts, std::string_view label, const char* id);// the accent button
bool selectable(Fonts& fonts, std::string_view label, const char* id);    // a clickable row
// A single-line text field `width` wide; `name` is what tests and screen readers see; returns
// true when the text changed.
bool input_text(Fonts& fonts, std::string_view name, std::string_view hint, std::string& value, const char* id,
                float width);
// A drop-down; index 0 is `all`, then options. Returns true when the choice changed.
bool combo(Fonts& fonts, std::string_view name, const std::string* options, int count, int& index, const char* id,
           float width);
std::string replace_n(std::string_view pattern, long long n);             // "{n}" → n

}  // namespace yishi::client::ui
