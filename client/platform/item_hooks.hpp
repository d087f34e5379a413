// item_hooks.hpp — the widgets on screen, as data, for browser tests and an accessibility mirror.
//
// Dear ImGui is compiled with IMGUI_ENABLE_TEST_ENGINE so that every item reports its id and
// bounding box (ItemAdd) and, for labelled widgets, its label and status flags (ItemInfo). We
// implement only those hooks (the Test Engine itself is not used). Plain text is recorded by the
// app through note_text(). After each frame the platform publishes items_json() to JavaScript,
// where web/yishi-a11y.js mirrors the items as real elements for screen readers and the keyboard.
// Each item carries an accessibility role: the ui:: helpers declare it (note_text's role or note_role after the item,
// next_role before a raw ImGui widget); checkboxes and tree nodes are recognised from ImGui's flags.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace yishi::client {

// What an item is for assistive technology (the ARIA role the mirror gives it).
enum class Role : unsigned char {
    Auto,       // not declared: checkbox if ImGui says checkable, else button (labelled widgets) or text
    Text, Heading, Section,  // Section: a sub-heading (level 2)
    Status,     // an outcome (已提交, 已计入): announced by the live region
    Alert,      // an error or refusal: announced, and tied to the field drawn before it
    Button, Link, Checkbox, Radio, Textbox, Multiline, Combobox, Option, Slider,
    Disclosure, // a button that shows or hides what follows it: `checked` = expanded
    Dialog,     // the title of a modal dialog (ui::confirm_dialog); its last button cancels it
};

struct VisibleItem {
    unsigned id = 0;          // ImGuiID (0 for plain text)
    std::string label;        // visible label, without any "##id" suffix
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // rectangle in framebuffer pixels
    int flags = 0;            // ImGuiItemStatusFlags
    bool is_text = false;     // recorded by note_text(), not clickable
    Role role = Role::Auto;
    bool checked = false;     // radio buttons (declared by next_role); a disclosure: expanded
    bool disabled = false;    // drawn inside BeginDisabled
    std::string value;        // text fields and sliders: the current value
    std::string name;         // the accessible name, when the label alone says too little ("↑" → "上移：健身")
    bool in_modal = false;    // drawn inside a modal popup (while one is open, only its items are published)
    bool in_popup = false;    // drawn inside a popup (a menu, a combo box's list): not covered by one
};

void items_begin_frame();                          // forget the previous frame's items
void note_text(std::string_view text, Role role = Role::Text);  // record the last drawn item as text
void note_widget(std::string_view label);          // name the last widget (for fields with hidden labels)
// Names, and gives a role and value to, the widget with this id: for a widget that opens a popup (a combo
// box), after which the last item is the popup's, not the widget's.
void note_widget(unsigned id, std::string_view label, Role role, std::string_view value);
void note_role(Role role, bool checked = false);    // declare the last widget's role (and state)
void note_name(std::string_view name);             // the last widget's accessible name (its label stays drawn)
void note_value(std::string_view value);           // the last widget's value (text fields)
void next_role(Role role, bool checked = false);   // declare the role of the next widget submitted
const std::vector<VisibleItem>& items_this_frame(); // what the current/last frame drew
// [{id,label,x,y,w,h,flags,text,role,checked,disabled,value,name}] in CSS pixels; role is a lower-case
// name ("button", "heading", ...); checked, disabled, value and name only when set. While a modal dialog
// is open only its items are listed: what is behind it cannot be used (ImGui blocks it) and is not read.
std::string items_json(float css_per_px);

}  // namespace yishi::client
