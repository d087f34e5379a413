// item_hooks.hpp — the widgets on screen, as data, for browser tests and an accessibility mirror.
//
// Dear ImGui is compiled with IMGUI_ENABLE_TEST_ENGINE so that every item reports its id and
// bounding box (ItemAdd) and, for labelled widgets, its label and status flags (ItemInfo). We
// implement only those hooks (the Test Engine itself is not used). Plain text is recorded by the
// app through note_text(). After each frame the platform publishes items_json() to JavaScript.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace yishi::client {

struct VisibleItem {
    unsigned id = 0;          // ImGuiID (0 for plain text)
    std::string label;        // visible label, without any "##id" suffix
    float x0, y0, x1, y1;     // rectangle in framebuffer pixels
    int flags = 0;            // ImGuiItemStatusFlags
    bool is_text = false;     // recorded by note_text(), not clickable
};

void items_begin_frame();                          // forget the previous frame's items
void note_text(std::string_view text);             // record the last drawn item as text
void note_widget(std::string_view label);          // name the last widget (for fields with hidden labels)
const std::vector<VisibleItem>& items_this_frame(); // what the current/last frame drew
std::string items_json(float css_per_px);          // [{id,label,x,y,w,h,flags,text}] in CSS pixels

}  // namespace yishi::client
