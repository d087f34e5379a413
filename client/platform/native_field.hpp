// native_field.hpp — text fields that are real HTML elements laid over the canvas, for the few places
// where the browser's own behaviour matters more than drawing everything in ImGui: a passphrase
// (no echo, password managers, the platform's secure keyboard) and a key backup text (long-press
// paste and selection on phones, where the text agent offers no menu).
//
// The view calls native_field() where the field belongs: it reserves the place (a frame drawn by
// ImGui, named for tests like any widget) and records the field with its rectangle. After the frame
// the web platform puts an <input type=password> or a <textarea> exactly there (web/yishi-glue.js),
// and hands every edit back through native_field_typed(), applied at the next native_field() call.
// Platforms without native fields (the GLFW dev client) get an ordinary ImGui field instead.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "platform/fonts.hpp"

namespace yishi::client {

enum class NativeKind { Password, Text };

struct NativeField {
    std::string id;              // stable per field, e.g. "passphrase"
    std::string name;            // what tests and screen readers see (aria-label, placeholder)
    NativeKind kind = NativeKind::Text;
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;   // framebuffer pixels, wholly inside the window
    std::string value;           // the app's value this frame
};

void set_native_fields_supported(bool on);                        // the web platform says yes at start-up
void native_fields_begin_frame();                                 // forget the previous frame's fields
const std::vector<NativeField>& native_fields_this_frame();      // what this frame laid out
void native_field_typed(const std::string& id, std::string value); // an edit in the element (platform)
// The field itself, `width` wide; `value` takes what was typed in the element. Returns true when the
// value changed this frame.
bool native_field(Fonts& fonts, std::string_view name, std::string& value, const char* id, float width,
                  NativeKind kind);

}  // namespace yishi::client
