// ui.hpp — the widgets every view uses, so that each string is rasterized (Fonts) and each widget
// is visible to tests and assistive tooling (item_hooks) without the views having to remember.
// The design system (views/theme.hpp) lives here as ImGui style and widgets: colours from the
// palette, tap targets of at least 44 CSS px, primary / secondary / destructive buttons, visible
// checkboxes and radios, chips and cards.
#pragma once
#include <imgui.h>

#include <string>
#include <string_view>

#include "platform/fonts.hpp"
#include "platform/item_hooks.hpp"  // Role, next_role: raw ImGui widgets in views declare their role
#include "views/theme.hpp"

namespace yishi::client::ui {

inline ImVec4 color(theme::Rgb c, float alpha = 1.0f) {  // a palette colour as ImGui wants it
    return ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, alpha);
}
inline const ImVec4 kAccent = color(theme::kBrand);  // headings, primary buttons
inline const ImVec4 kMuted = color(theme::kMuted);   // secondary text
inline const ImVec4 kInk = color(theme::kInk);       // section headings
inline const ImVec4 kGood = color(theme::kGood);     // success and online

// The whole ImGui style from the palette and sizes; `scale` is device pixels per CSS pixel times the
// text size (1, or theme::kLargeTextScale for 大字). Both platforms call it when either changes.
void apply_theme(ImGuiStyle& style, float scale);

void text(Fonts& fonts, std::string_view s);                              // wrapped body text
void text_colored(Fonts& fonts, const ImVec4& color, std::string_view s); // body text in a colour
void heading(Fonts& fonts, std::string_view s, const ImVec4& color = kAccent);  // large text
void emphasis(Fonts& fonts, std::string_view s);                          // an outcome in the accent colour (a result), not an error
void tinted(Fonts& fonts, const ImVec4& color, std::string_view s);       // colour for the eye only: read as plain text
bool button(Fonts& fonts, std::string_view label, const char* id);        // a plain button
bool primary_button(Fonts& fonts, std::string_view label, const char* id);// the accent button
bool destructive_button(Fonts& fonts, std::string_view label, const char* id);  // red text: irreversible
// One of a set of choices drawn as buttons (赞同 / 不赞同 / 跳过): filled when chosen; read as a radio button.
bool choice_button(Fonts& fonts, std::string_view label, bool chosen, const char* id);
bool checkbox(Fonts& fonts, std::string_view label, bool& value, const char* id);  // a visible box, 44 px
bool radio(Fonts& fonts, std::string_view label, bool active, const char* id);     // a visible circle, 44 px
void chip(Fonts& fonts, std::string_view s, theme::Rgb fg, theme::Rgb bg);  // a small rounded label (same line)
// A card: a white rounded panel `width` wide around what is drawn between begin_card and end_card.
// A clickable card leads somewhere (a consultation): it is exposed as a link named `name` (the title);
// end_card returns true when it was tapped.
void begin_card(float width);
bool end_card(std::string_view name, const char* id, bool clickable = true);
// A modal dialog that states what an irreversible action will do: open it with ImGui::OpenPopup(id)
// when the action's button is pressed (same ID scope), call this every frame; Yes only on 确认.
enum class Confirm { None, Yes, No };
Confirm confirm_dialog(Fonts& fonts, const char* id, std::string_view title, std::string_view message,
                       std::string_view yes, std::string_view no);
bool selectable(Fonts& fonts, std::string_view label, const char* id);    // a clickable row
// A place's menu (a comment's 复制 / 回复 / 举报), opened by a right click with a mouse or a long press
// with a finger (the web platform turns the one into the other) inside [min, max]; its items are rows a
// tap target high. `above`: the menu opens just above the point, where the finger does not cover it (as
// WeChat's does on a phone; below when there is no room), else at the pointer. Returns the index of the
// item chosen in this frame, or -1.
int context_menu(Fonts& fonts, const char* id, ImVec2 min, ImVec2 max, const std::string_view* items, int count,
                 bool above);
// A community as residents know it: by its name, by its number only while the name is not known.
std::string region_label(std::string_view name, uint32_t region);
// An author's name, or "—" for a key without one (never enrolled, or hidden by a moderator).
std::string shown_name(std::string_view author);
// Puts the next widget, `width` wide, on the line just drawn when it fits there, else under it.
void next_to(float width);
float button_width(std::string_view label);   // what button() takes across, for next_to
// Scrolls the window so the item just drawn (an outcome under its button) is in sight: once for each new
// `serial` under `id`, so the resident can scroll away from it afterwards.
void bring_into_view(const char* id, unsigned serial);
// Details behind a tap: a button named `closed` (e.g. 高级) that opens what follows, then `open` (收起)
// that hides it again; returns whether it is open. The state is ImGui's, per `id` in this ID scope.
bool disclosure(Fonts& fonts, std::string_view closed, std::string_view open, const char* id);
// A single-line text field `width` wide; `name` is what tests and screen readers see; returns
// true when the text changed.
bool input_text(Fonts& fonts, std::string_view name, std::string_view hint, std::string& value, const char* id,
                float width);
// A drop-down; index 0 is `all`, then options. Returns true when the choice changed.
bool combo(Fonts& fonts, std::string_view name, const std::string* options, int count, int& index, const char* id,
           float width);
std::string replace_n(std::string_view pattern, long long n);             // "{n}" → n
std::string fill(std::string_view pattern, std::string_view key, std::string_view value);  // key → value, once

}  // namespace yishi::client::ui
