// platform_web.cpp — the browser platform: WebGL2 context, input, frame scheduling (Emscripten).
//
// Emscripten 3.1.6's GLFW has no IME, no clipboard, broken touch and an inverted wheel, so this
// file talks to <emscripten/html5.h> directly (Tracy's BackendEmscripten is the model) and keeps
// Dear ImGui's OpenGL3 renderer. Text never comes from key events: a hidden <textarea> (the text
// agent, in web/yishi-glue.js) receives typing, IME composition and paste, and calls the
// yishi_* functions exported at the bottom of this file.
//
// Index of this file:
// [SECTION] State and input latching
// [SECTION] Event callbacks
// [SECTION] Frame
// [SECTION] Entry points called from JavaScript
// [SECTION] main
#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "views/views.hpp"
#include "platform/fonts.hpp"
#include "platform/item_hooks.hpp"
#include "platform/native_field.hpp"
#include "model/net.hpp"
#include "routes.hpp"
#include "views/ui.hpp"

namespace yishi::client {

namespace {

// [SECTION] State and input latching

constexpr const char* kCanvas = "#canvas";
constexpr const char* kGlyphIndexPath = "/glyphs-base.idx"; // written into MEMFS by the glue before main,
constexpr const char* kGlyphBasePath = "/glyphs-base.otf";  // ... and the base glyph file (platform/fonts.hpp)
constexpr int kFramesAfterEvent = 3;                  // ImGui settles hover/active state in 2-3 frames
constexpr double kCaretBlinkMs = 530.0;               // redraw cadence while a text field is active
constexpr float kTouchScrollSlopCss = 8.0f;           // finger travel that turns a tap into a scroll
constexpr int kMouseButtons = 3;

AppState g_app;
double g_css_w = 0, g_css_h = 0, g_dpr = 0;            // last measured canvas size and pixel ratio
int g_frames_left = 0;                                 // frames still to draw
bool g_frame_scheduled = false;                        // one rAF loop runs, and only one
bool g_in_frame = false;                               // inside on_animation_frame
long g_frame_count = 0;
double g_last_time_ms = 0;
std::string g_clipboard;                               // what the last paste event delivered
std::string g_preedit;                                 // IME composition text, drawn at the caret
ImVec2 g_caret{0, 0};                                  // framebuffer px, from ImeSetInputScreenPosFn
bool g_want_text = false;                              // last state told to the glue
ImGuiID g_text_field = 0;                              // the field taking text (told with g_want_text)
std::string g_items_published;
std::string g_native_published;                        // the native fields last told to the glue
// Accessibility mirror (web/yishi-a11y.js): the widget whose mirror element has keyboard focus gets a
// ring drawn on the canvas, and is scrolled into sight once; a field the mirror let go of is deactivated at
// the next frame.
ImGuiID g_a11y_focus = 0;
bool g_a11y_reveal = false;
bool g_a11y_release = false;
bool g_a11y_close_popup = false;                      // the mirror's Escape in an open list (combo box, menu)
bool g_high_contrast = false;                          // forced-colors / prefers-contrast: more
float g_style_scale = 0;   // device pixels per CSS pixel × 大字, as the style and atlas were made (0: make anew)

// A press and release inside one frame must still reach ImGui as a click: releases are deferred
// until a frame has seen the press (ImGui 1.86 has no input event queue).
bool g_down_seen[kMouseButtons] = {};
bool g_up_pending[kMouseButtons] = {};
// Keys: a queue of (DOM keyCode, down). Each frame applies events in order until a key would change
// twice, so ten quick Backspaces are ten presses over ten frames, not one.
constexpr int kKeys = 512;                             // io.KeysDown size, indexed by DOM keyCode
std::deque<std::pair<int, bool>> g_key_events;

// Touch: a tap is a click; a drag beyond the slop scrolls the page under the finger, 1:1, and a
// flick keeps it moving (momentum) with an exponential decay, as phones do. The scroll goes to the
// window straight (ImGui's wheel only reaches the hovered window, and the pointer is parked away
// during a drag so that nothing under the finger is pressed).
constexpr double kMomentumDecaySeconds = 0.33;        // velocity falls to 1/e in this time
constexpr float kMomentumMinCssPerS = 30.0f;          // slower than this, a fling stops
constexpr double kVelocityWindowMs = 300.0;           // a pause longer than this before lifting: no fling
// A finger held still for kLongPressMs is a long press: the tap it began is called off (nothing under
// the finger is pressed when it lifts) and it becomes a right click there, which opens the widget's
// menu as right-clicking does with a mouse (ui::context_menu).
constexpr double kLongPressMs = 500.0;
bool g_touch_active = false, g_touch_scrolling = false, g_touch_long = false;
unsigned g_touch_serial = 0;                           // which touch a long-press timer belongs to
float g_touch_start_x = 0, g_touch_start_y = 0, g_touch_last_y = 0;
double g_touch_last_ms = 0;
float g_scroll_pending_css = 0;                        // drag distance not yet given to the window (CSS px, down +)
float g_fling_css_per_s = 0;                           // current fling velocity (0 = none)
ImGuiID g_scroll_window = 0;                           // the window the drag started over

void request_frames(int n = kFramesAfterEvent);

void mouse_down(int button) {
    if (button < 0 || button >= kMouseButtons) return;
    ImGui::GetIO().MouseDown[button] = true;
    g_down_seen[button] = false;
    g_up_pending[button] = false;
}

void mouse_up(int button) {
    if (button < 0 || button >= kMouseButtons) return;
    if (g_down_seen[button]) ImGui::GetIO().MouseDown[button] = false;
    else g_up_pending[button] = true;
}

void queue_key(int code, bool down) {
    if (code >= 0 && code < kKeys) g_key_events.emplace_back(code, down);
}

void drain_key_events(ImGuiIO& io) {
    bool changed[kKeys] = {};
    while (!g_key_events.empty()) {
        const auto [code, down] = g_key_events.front();
        if (changed[code]) break;  // the rest waits for the next frame
        io.KeysDown[code] = down;
        changed[code] = true;
        g_key_events.pop_front();
    }
    if (!g_key_events.empty()) request_frames();
}

void set_mouse_css(float x, float y) {
    ImGui::GetIO().MousePos = ImVec2(x * static_cast<float>(g_dpr), y * static_cast<float>(g_dpr));
}

void release_everything() {
    ImGuiIO& io = ImGui::GetIO();
    for (bool& k : io.KeysDown) k = false;
    g_key_events.clear();
    for (int b = 0; b < kMouseButtons; ++b) io.MouseDown[b] = false, g_up_pending[b] = false;
    io.KeyCtrl = io.KeyShift = io.KeyAlt = io.KeySuper = false;
}

// [SECTION] Event callbacks

EM_BOOL on_mouse(int type, const EmscriptenMouseEvent* e, void*) {
    set_mouse_css(static_cast<float>(e->targetX), static_cast<float>(e->targetY));
    if (type == EMSCRIPTEN_EVENT_MOUSEDOWN) mouse_down(e->button == 2 ? 1 : e->button == 1 ? 2 : 0);
    if (type == EMSCRIPTEN_EVENT_MOUSEUP) mouse_up(e->button == 2 ? 1 : e->button == 1 ? 2 : 0);
    request_frames();
    return type != EMSCRIPTEN_EVENT_MOUSEMOVE;  // keep focus with the text agent, not the canvas
}

EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void*) {
    // DOM: positive deltaY scrolls down; ImGui: positive wheel scrolls up. One ImGui step ~ 3 lines.
    const double per_step = e->deltaMode == DOM_DELTA_PIXEL ? 100.0 : e->deltaMode == DOM_DELTA_LINE ? 3.0 : 0.3;
    ImGuiIO& io = ImGui::GetIO();
    io.MouseWheel -= static_cast<float>(e->deltaY / per_step);
    io.MouseWheelH -= static_cast<float>(e->deltaX / per_step);
    request_frames();
    return EM_TRUE;
}

// The top-most window drawn at `p` (framebuffer px): a popup's list scrolls itself, the page otherwise.
ImGuiID window_at(ImVec2 p) {
    const ImVector<ImGuiWindow*>& windows = GImGui->Windows;
    for (int i = windows.Size - 1; i >= 0; --i) {
        const ImGuiWindow* w = windows[i];
        if (w->WasActive && !w->Hidden && w->OuterRectClipped.Contains(p))
            return w->ScrollMax.y > 0 ? w->ID : w->RootWindow->ID;
    }
    return 0;
}

void on_long_press(void* serial) {
    if (!g_touch_active || g_touch_scrolling || g_touch_long ||
        static_cast<unsigned>(reinterpret_cast<uintptr_t>(serial)) != g_touch_serial)
        return;
    g_touch_long = true;
    ImGui::ClearActiveID();   // the button the finger went down on is not pressed
    mouse_down(1);
    mouse_up(1);              // (released after a frame has seen the press)
    request_frames();
}

EM_BOOL on_touch(int type, const EmscriptenTouchEvent* e, void*) {
    if (e->numTouches < 1) return EM_TRUE;
    const EmscriptenTouchPoint& t = e->touches[0];
    const float x = static_cast<float>(t.targetX), y = static_cast<float>(t.targetY);
    ImGuiIO& io = ImGui::GetIO();
    // The event's own time (when the finger moved), not when this handler runs: a slow frame between
    // the last move and the lift must not turn a flick into a stop.
    const double now = e->timestamp > 0 ? e->timestamp : emscripten_get_now();
    switch (type) {
        case EMSCRIPTEN_EVENT_TOUCHSTART: {
            const bool was_flinging = g_fling_css_per_s != 0;
            g_fling_css_per_s = 0;  // a finger on the glass stops a fling
            g_touch_active = true;
            g_touch_scrolling = g_touch_long = false;
            g_touch_start_x = x, g_touch_start_y = g_touch_last_y = y;
            g_touch_last_ms = now;
            set_mouse_css(x, y);
            g_scroll_window = window_at(io.MousePos);
            if (!was_flinging) {               // the tap that stops a fling presses nothing
                mouse_down(0);
                emscripten_set_timeout(on_long_press, kLongPressMs, reinterpret_cast<void*>(uintptr_t{++g_touch_serial}));
            }
            break;
        }
        case EMSCRIPTEN_EVENT_TOUCHMOVE:
            if (!g_touch_active || g_touch_long) break;   // (the menu a long press opened stays put)
            if (!g_touch_scrolling && std::hypot(x - g_touch_start_x, y - g_touch_start_y) > kTouchScrollSlopCss) {
                g_touch_scrolling = true;  // a scroll, not a tap: release away from any widget
                io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
                mouse_up(0);   // (the slop's distance is scrolled too: the page catches up with the finger)
            }
            if (g_touch_scrolling) {
                const float dy = g_touch_last_y - y;  // the finger moves up: the page scrolls down
                const double dt = std::max(now - g_touch_last_ms, 1.0);
                g_scroll_pending_css += dy;
                // Velocity of the last moves, smoothed; used when the finger lifts.
                const float v = static_cast<float>(dy * 1000.0 / dt);
                g_fling_css_per_s = g_fling_css_per_s == 0 ? v : 0.6f * v + 0.4f * g_fling_css_per_s;
                g_touch_last_y = y;
                g_touch_last_ms = now;
            } else {
                set_mouse_css(x, y);
            }
            break;
        default:  // end or cancel
            if (g_touch_long) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);   // a menu item under the finger is not chosen by lifting it
            else if (g_touch_active && !g_touch_scrolling) set_mouse_css(x, y);
            if (g_touch_active && !g_touch_scrolling) mouse_up(0);
            // Lifting after a pause is a drag that ends; lifting while moving is a fling.
            if (!g_touch_scrolling || now - g_touch_last_ms > kVelocityWindowMs ||
                std::fabs(g_fling_css_per_s) < kMomentumMinCssPerS)
                g_fling_css_per_s = 0;
            g_touch_active = false;
    }
    request_frames();
    return EM_TRUE;  // no emulated mouse events after touch
}

bool is_navigation_key(unsigned long code) {
    switch (code) {
        case 8: case 9: case 13: case 27: case 33: case 34: case 35: case 36:
        case 37: case 38: case 39: case 40: case 45: case 46: return true;
        default: return false;
    }
}

EM_BOOL on_key(int type, const EmscriptenKeyboardEvent* e, void*) {
    // Composition keys (keyCode 229, or isComposing) are filtered out by the glue before they get here.
    ImGuiIO& io = ImGui::GetIO();
    const bool down = type == EMSCRIPTEN_EVENT_KEYDOWN;
    // Ctrl/Cmd+V is left to the browser: its paste event (also from phone menus) brings the text.
    const bool paste_shortcut = (e->ctrlKey || e->metaKey) && e->keyCode == 86;
    if (!paste_shortcut) queue_key(static_cast<int>(e->keyCode), down);
    io.KeyCtrl = e->ctrlKey, io.KeyShift = e->shiftKey, io.KeyAlt = e->altKey, io.KeySuper = e->metaKey;
    request_frames();
    // Printable keys and shortcuts fall through to the text agent (input, copy, paste events).
    return is_navigation_key(e->keyCode) && io.WantCaptureKeyboard;
}

EM_BOOL on_resize(int, const EmscriptenUiEvent*, void*) {
    request_frames();
    return EM_FALSE;
}

EM_BOOL on_focus(int type, const EmscriptenFocusEvent*, void*) {
    if (type == EMSCRIPTEN_EVENT_BLUR) release_everything();
    request_frames();
    return EM_FALSE;
}

void set_clipboard(void*, const char* text) { EM_ASM({ yishiGlue.copy(UTF8ToString($0)); }, text); }
const char* get_clipboard(void*) { return g_clipboard.c_str(); }
void set_ime_pos(int x, int y) { g_caret = ImVec2(static_cast<float>(x), static_cast<float>(y)); }

// [SECTION] Frame

// The design system's style (ui::apply_theme), with a high-contrast palette on top when the system
// asks for one (forced-colors or prefers-contrast: more): black on white, black frames.
void apply_style(float scale) {
    ImGuiStyle& style = ImGui::GetStyle();
    ui::apply_theme(style, scale);
    if (!g_high_contrast) return;
    for (ImVec4& c : style.Colors) c = ImVec4(1, 1, 1, 1);
    const ImVec4 black(0, 0, 0, 1), grey(0.85f, 0.85f, 0.85f, 1);
    for (ImGuiCol k : {ImGuiCol_Text, ImGuiCol_Border, ImGuiCol_CheckMark, ImGuiCol_SliderGrab,
                       ImGuiCol_SliderGrabActive, ImGuiCol_Separator, ImGuiCol_ScrollbarGrab})
        style.Colors[k] = black;
    for (ImGuiCol k : {ImGuiCol_ButtonHovered, ImGuiCol_FrameBgHovered, ImGuiCol_HeaderHovered,
                       ImGuiCol_ButtonActive, ImGuiCol_HeaderActive, ImGuiCol_Header})
        style.Colors[k] = grey;
    style.Colors[ImGuiCol_TextDisabled] = ImVec4(0.3f, 0.3f, 0.3f, 1);
}

// Gives the window under the finger the drag distance since the last frame, and advances a fling.
// Runs between NewFrame and the views, so the window's Begin applies it in this frame.
void apply_touch_scroll(float dt) {
    if (!g_touch_active && g_fling_css_per_s != 0) {
        g_scroll_pending_css += g_fling_css_per_s * dt;
        g_fling_css_per_s *= static_cast<float>(std::exp(-dt / kMomentumDecaySeconds));
        if (std::fabs(g_fling_css_per_s) < kMomentumMinCssPerS) g_fling_css_per_s = 0;
        request_frames(2);
    }
    if (g_scroll_pending_css == 0) return;
    ImGuiWindow* w = g_scroll_window ? ImGui::FindWindowByID(g_scroll_window) : nullptr;
    if (!w || (w->Flags & ImGuiWindowFlags_NoScrollWithMouse)) w = ImGui::FindWindowByName("yishi");
    if (w) {
        const float y = w->Scroll.y + g_scroll_pending_css * static_cast<float>(g_dpr);
        ImGui::SetScrollY(w, std::clamp(y, 0.0f, w->ScrollMax.y));
        if ((y <= 0 || y >= w->ScrollMax.y) && !g_touch_active) g_fling_css_per_s = 0;  // hit an end
    }
    g_scroll_pending_css = 0;
}

// Per-device settings (language, 大字) in localStorage; -1 when never set or storage is blocked.
int read_pref(const char* name) {
    return EM_ASM_INT({
        try { const v = localStorage.getItem(UTF8ToString($0)); return v === null ? -1 : (parseInt(v, 10) | 0); }
        catch (e) { return -1; }
    }, name);
}

void write_pref(const char* name, int value) {
    EM_ASM({ try { localStorage.setItem(UTF8ToString($0), String($1)); } catch (e) {} }, name, value);
}

// [routes] the address bar follows the screen (routes.hpp): a new screen is a new history entry, a
// changed search on the same screen replaces it; Back/Forward and typed addresses come in through
// yishi_route (the glue's hashchange listener).
std::string g_route;                 // the address the browser shows
std::string g_route_wanted;          // an address to go to at the next frame ("" = none)
bool g_route_first = true;           // the first address replaces the entry the page was opened with
bool g_route_replace = false;        // the next address replaces the current entry (after Back, a link)

void apply_wanted_route() {
    if (g_route_wanted.empty()) return;
    Commands cmds;
    apply_route(g_app, g_route_wanted, cmds);
    apply_commands(g_app, cmds, platform_net());
    g_route = g_route_wanted;   // what the browser shows; publish_route replaces it with where that led
    g_route_replace = true;     // (no new history entry: #/join?code=… becomes #/me in place)
    g_route_wanted.clear();
}

void publish_route() {
    const std::string now = route_of(g_app);
    if (now == g_route && !g_route_first) {
        g_route_replace = false;   // the address already says where we are
        return;
    }
    const bool same_screen = now.substr(0, now.find('?')) == g_route.substr(0, g_route.find('?'));
    EM_ASM({ yishiGlue.setRoute(UTF8ToString($0), $1); }, now.c_str(), g_route_first || g_route_replace || same_screen);
    g_route = now;
    g_route_first = g_route_replace = false;
}

constexpr const char* kPrefLang = "yishi.lang";        // 0 zh-CN, 1 en
constexpr const char* kPrefLarge = "yishi.largeText";  // 0 standard, 1 大字
int g_saved_lang = -1, g_saved_large = -1;

void load_prefs() {
    g_saved_lang = read_pref(kPrefLang);
    g_saved_large = read_pref(kPrefLarge);
    if (g_saved_lang == 1) g_app.lang = yishi::core::Lang::En;
    g_app.large_text = g_saved_large == 1;
    g_app.text_size_asked = g_saved_large != -1;
    g_app.utc_offset_minutes = EM_ASM_INT({ return -new Date().getTimezoneOffset(); });
    char* hash = reinterpret_cast<char*>(EM_ASM_INT({
        const s = location.hash || String();
        const n = lengthBytesUTF8(s) + 1;
        const p = _malloc(n);
        stringToUTF8(s, p, n);
        return p;
    }));
    if (hash && *hash) g_route_wanted = hash;   // a shared link lands on its screen
    std::free(hash);
}

void save_prefs() {
    const int lang = g_app.lang == yishi::core::Lang::En ? 1 : 0;
    if (lang != g_saved_lang && (g_saved_lang != -1 || lang != 0)) write_pref(kPrefLang, g_saved_lang = lang);
    const int large = g_app.large_text ? 1 : 0;
    if (g_app.text_size_asked && large != g_saved_large) write_pref(kPrefLarge, g_saved_large = large);
}

bool measure_canvas() {
    double w = 0, h = 0;
    emscripten_get_element_css_size(kCanvas, &w, &h);
    const double dpr = emscripten_get_device_pixel_ratio();
    const bool dpr_changed = dpr != g_dpr;
    if (w != g_css_w || h != g_css_h || dpr_changed) {
        g_css_w = w, g_css_h = h, g_dpr = dpr;
        emscripten_set_canvas_element_size(kCanvas, static_cast<int>(std::lround(w * dpr)),
                                           static_cast<int>(std::lround(h * dpr)));
    }
    return dpr_changed;
}

void draw_preedit() {
    if (g_preedit.empty()) return;
    Fonts& fonts = app_fonts();
    fonts.need(g_preedit);
    ImDrawList* dl = ImGui::GetForegroundDrawList();
    const ImVec2 size = ImGui::CalcTextSize(g_preedit.c_str());
    const ImVec2 p = g_caret;  // ImGui reports the top-left of the caret's line
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), IM_COL32(255, 255, 240, 255));
    dl->AddText(p, IM_COL32(20, 20, 20, 255), g_preedit.c_str());
    dl->AddLine(ImVec2(p.x, p.y + size.y), ImVec2(p.x + size.x, p.y + size.y), IM_COL32(20, 20, 20, 255),
                static_cast<float>(g_dpr));
}

// A widget Tab reached half off screen is scrolled into sight, once (the wheel may take it away again):
// the ring must be seen, and the mirror presses the widget at its centre.
void reveal_focused(const VisibleItem& it) {
    g_a11y_reveal = false;
    ImGuiWindow* w = ImGui::FindWindowByName("yishi");
    if (!w) return;
    const float margin = ImGui::GetFontSize();
    const float top = w->InnerRect.Min.y, bottom = w->InnerRect.Max.y;
    float dy = 0;
    if (it.y1 > bottom) dy = it.y1 - bottom + margin;
    if (it.y0 - dy < top) dy = it.y0 - top - margin;   // a widget taller than the window: its top
    if (dy == 0) return;
    ImGui::SetScrollY(w, std::clamp(w->Scroll.y + dy, 0.0f, w->ScrollMax.y));
    request_frames();
}

// Closes the topmost popup unless it is a dialog (a modal: its 取消 closes it, web/yishi-a11y.js).
void close_top_popup() {
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    if (g.OpenPopupStack.Size == 0) return;
    const ImGuiWindow* top = g.OpenPopupStack.back().Window;
    if (top && (top->Flags & ImGuiWindowFlags_Modal)) return;
    ImGui::ClosePopupToLevel(g.OpenPopupStack.Size - 1, true);
}

// The keyboard focus ring: a thick outline around the widget whose mirror element is focused.
void draw_focus_ring() {
    if (!g_a11y_focus) return;
    for (const VisibleItem& it : items_this_frame()) {
        if (it.id != g_a11y_focus || it.is_text) continue;
        if (g_a11y_reveal) reveal_focused(it);
        const float d = static_cast<float>(g_dpr), pad = 2 * d;
        ImGui::GetForegroundDrawList()->AddRect(ImVec2(it.x0 - pad, it.y0 - pad), ImVec2(it.x1 + pad, it.y1 + pad),
                                                g_high_contrast ? IM_COL32(0, 0, 0, 255) : IM_COL32(30, 90, 200, 255),
                                                4 * d, 0, 3 * d);
        return;
    }
}

void publish_to_glue(ImGuiIO& io) {
    std::string items = items_json(static_cast<float>(1.0 / g_dpr));
    if (items != g_items_published) {
        g_items_published = std::move(items);
        EM_ASM({ yishiGlue.publishItems(UTF8ToString($0), UTF8ToString($1), UTF8ToString($2)); },
               g_items_published.c_str(), std::string(core::lang_code(g_app.lang)).c_str(), g_app.drawn_view.c_str());
    }
    // The native fields (native_field.hpp) as the glue places them: CSS pixels, kind, value.
    nlohmann::json fields = nlohmann::json::array();
    const double css = 1.0 / g_dpr;
    for (const NativeField& f : native_fields_this_frame())
        fields.push_back({{"id", f.id}, {"name", f.name}, {"kind", f.kind == NativeKind::Password ? "password" : "text"},
                          {"x", f.x0 * css}, {"y", f.y0 * css}, {"w", (f.x1 - f.x0) * css}, {"h", (f.y1 - f.y0) * css},
                          {"value", f.value}});
    std::string native = fields.dump();
    if (native != g_native_published) {
        g_native_published = std::move(native);
        EM_ASM({ yishiGlue.placeNativeFields(UTF8ToString($0)); }, g_native_published.c_str());
    }
    const ImGuiID field = io.WantTextInput ? ImGui::GetActiveID() : 0;
    if (io.WantTextInput != g_want_text || field != g_text_field) {
        g_want_text = io.WantTextInput;
        g_text_field = field;
        EM_ASM({ yishiGlue.setTextInput($0, $1); }, g_want_text, g_text_field);
    }
    if (g_want_text)
        EM_ASM({ yishiGlue.placeTextAgent($0, $1); }, g_caret.x / g_dpr, g_caret.y / g_dpr);
    if (g_frame_count == 1) {
        // The characters the first frame drew, and those it had no glyph for yet: hex, comma-separated.
        const auto hex_list = [](const std::vector<uint32_t>& cps) {
            std::string out;
            char hex[12];
            for (uint32_t cp : cps) {
                std::snprintf(hex, sizeof hex, "%s%x", out.empty() ? "" : ",", static_cast<unsigned>(cp));
                out += hex;
            }
            return out;
        };
        const Fonts& fonts = app_fonts();
        EM_ASM({ yishiGlue.onFirstFrame(UTF8ToString($0), UTF8ToString($1)); },
               hex_list(fonts.wanted()).c_str(), hex_list(fonts.missing()).c_str());
    }
}

void frame(double now_ms) {
    ImGuiIO& io = ImGui::GetIO();
    Fonts& fonts = app_fonts();
    platform_net().poll();

    measure_canvas();
    const float scale = static_cast<float>(g_dpr) * (g_app.large_text ? theme::kLargeTextScale : 1.0f);
    const bool scale_changed = scale != g_style_scale;
    if (scale_changed) apply_style(scale), g_style_scale = scale;
    const bool rebuild_fonts = scale_changed || fonts.stale();
    if (rebuild_fonts) fonts.rebuild(scale);
    ImGui_ImplOpenGL3_NewFrame();  // the first call creates the GL objects and uploads the atlas
    if (rebuild_fonts) {
        if (g_frame_count > 0) {   // later rebuilds replace the texture
            ImGui_ImplOpenGL3_DestroyFontsTexture();
            ImGui_ImplOpenGL3_CreateFontsTexture();
        }
        io.Fonts->ClearTexData();  // the pixels live on the GPU now
    }
    io.DisplaySize = ImVec2(static_cast<float>(std::lround(g_css_w * g_dpr)),
                            static_cast<float>(std::lround(g_css_h * g_dpr)));
    // Virtual-time browsers may not advance the clock between frames; ImGui asserts DeltaTime > 0.
    io.DeltaTime = static_cast<float>(std::max((now_ms - g_last_time_ms) / 1000.0, 1e-4));
    g_last_time_ms = now_ms;
    g_app.css_width = static_cast<float>(g_css_w);
    g_app.directory.offline_copy_allowed = EM_ASM_INT({ return yishiGlue.offlineCopyAllowed() ? 1 : 0; }) != 0;
    if (tick_app(g_app, now_ms / 1000.0, platform_net())) request_frames();

    apply_wanted_route();
    drain_key_events(io);
    items_begin_frame();
    native_fields_begin_frame();
    ImGui::NewFrame();
    // The mirror's field lost focus: end editing as a click elsewhere would. Not while characters typed
    // into it wait for this frame: the field takes them first, and lets go in the next frame (a Tab
    // right after typing, within one frame, had dropped the text: ImGui clears the queue at EndFrame).
    if (g_a11y_release && io.InputQueueCharacters.empty()) {
        g_a11y_release = false;
        if (io.WantTextInput) ImGui::ClearActiveID();
    } else if (g_a11y_release) {
        request_frames();
    }
    if (g_a11y_close_popup) close_top_popup(), g_a11y_close_popup = false;
    apply_touch_scroll(io.DeltaTime);
    Commands cmds = draw_app(g_app, fonts);
    if (g_frame_count == 0 && fonts.stale()) {
        // The first screen met characters its atlas (ASCII so far) lacks: draw it again with exactly
        // those rasterized, so that the first frame shows every character and costs no more glyphs
        // than it shows (the rest of the UI's characters follow after it, see below).
        ImGui::EndFrame();
        fonts.rebuild(static_cast<float>(g_dpr));
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
        io.Fonts->ClearTexData();
        items_begin_frame();
        native_fields_begin_frame();
        ImGui::NewFrame();
        cmds = draw_app(g_app, fonts);
    }
    draw_preedit();
    draw_focus_ring();
    ImGui::Render();
    glViewport(0, 0, static_cast<int>(io.DisplaySize.x), static_cast<int>(io.DisplaySize.y));
    glClearColor(theme::kPage.r / 255.0f, theme::kPage.g / 255.0f, theme::kPage.b / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    ++g_frame_count;

    apply_commands(g_app, cmds, platform_net());
    save_prefs();
    publish_route();
    for (int b = 0; b < kMouseButtons; ++b) {
        if (io.MouseDown[b]) g_down_seen[b] = true;
        if (g_up_pending[b]) io.MouseDown[b] = false, g_up_pending[b] = false, request_frames();
    }
    publish_to_glue(io);
    // After the first frame: every character of the UI catalog (their file, make-font.py's first after
    // the base, is fetched now), so that a screen drawn later never waits a frame for its labels.
    if (g_frame_count == 1) fonts.need(yishi::core::catalog_text());
    for (size_t f : fonts.take_requests())   // glyph files for characters met this frame
        EM_ASM({ yishiGlue.fetchGlyphs($0, UTF8ToString($1)); }, static_cast<int>(f), fonts.file_name(f).c_str());
    if (fonts.stale()) request_frames(1);  // new characters appeared: draw them properly next frame
}

EM_BOOL on_animation_frame(double now_ms, void*) {
    // g_frame_scheduled stays true while drawing: a request_frames() from inside frame() then only adds
    // frames to this loop (clearing it first started a second rAF loop: two frames per vsync, the second
    // with DeltaTime ~ 1e-4, which could take a press and its release in one pass).
    const double t0 = emscripten_get_now();
    g_in_frame = true;
    frame(now_ms);
    g_in_frame = false;
    // Frame count and CPU time (ms) for tests and bench/bench_web.mjs.
    EM_ASM({ yishiGlue.frameDrawn($0, $1); }, static_cast<double>(g_frame_count), emscripten_get_now() - t0);
    if (--g_frames_left > 0) return EM_TRUE;  // keep the rAF loop for the remaining frames
    g_frame_scheduled = false;
    if (g_want_text) emscripten_set_timeout([](void*) { request_frames(1); }, kCaretBlinkMs, nullptr);
    return EM_FALSE;  // idle: nothing is drawn until an event asks for a frame
}

// Asks for n more frames. Asked during a frame, they come after it, in the same rAF loop: a second
// loop would draw two frames per display refresh with no time between them (taps seen as nothing).
void request_frames(int n) {
    g_frames_left = std::max(g_frames_left, g_in_frame ? n + 1 : n);
    if (!g_frame_scheduled) {
        g_frame_scheduled = true;
        emscripten_request_animation_frame_loop(on_animation_frame, nullptr);
    }
}

std::vector<uint8_t> read_file(const char* path) {
    std::ifstream f(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

}  // namespace

}  // namespace yishi::client

// [SECTION] Entry points called from JavaScript (web/yishi-glue.js)

using namespace yishi::client;

extern "C" {

EMSCRIPTEN_KEEPALIVE void yishi_wake() { request_frames(); }

// A glyph file the glue fetched for fonts.take_requests() (bytes copied; the caller frees them).
EMSCRIPTEN_KEEPALIVE void yishi_glyphs_arrived(int file, const uint8_t* bytes, int size) {
    if (file < 0 || static_cast<size_t>(file) >= app_fonts().file_count() || size <= 0) return;
    app_fonts().add_file(static_cast<size_t>(file), std::vector<uint8_t>(bytes, bytes + size));
    request_frames();
}

// The whole glyph index, fetched by the glue after the first frame (the app started with the base
// file's line): characters met so far that the base lacks are asked for now.
EMSCRIPTEN_KEEPALIVE void yishi_glyph_index_arrived(const char* text, int size) {
    if (size <= 0 || !app_fonts().load_index(std::string_view(text, static_cast<size_t>(size)))) {
        EM_ASM({ console.warn('glyphs.idx: not an index of this build'); });
        return;
    }
    request_frames();
}

// The address changed outside the app (Back, Forward, a typed or opened link): go there next frame.
EMSCRIPTEN_KEEPALIVE void yishi_route(const char* hash) {
    if (hash == g_route) return;  // our own pushState echoed
    g_route_wanted = *hash ? hash : "#/";
    request_frames();
}

EMSCRIPTEN_KEEPALIVE void yishi_text_input(const char* utf8) {
    ImGui::GetIO().AddInputCharactersUTF8(utf8);
    app_fonts().need(utf8);
    request_frames();
}

EMSCRIPTEN_KEEPALIVE void yishi_ime_preedit(const char* utf8) {
    g_preedit = utf8;
    request_frames();
}

EMSCRIPTEN_KEEPALIVE void yishi_key_tap(int key_code) {
    queue_key(key_code, true);
    queue_key(key_code, false);
    request_frames();
}

// An edit in a native field's element (web/yishi-glue.js): the view takes it at the next frame.
EMSCRIPTEN_KEEPALIVE void yishi_native_input(const char* id, const char* value) {
    native_field_typed(id, value);
    app_fonts().need(value);
    request_frames();
}

// The accessibility mirror (web/yishi-a11y.js). A mirror element activated by the keyboard or a screen
// reader clicks its widget: a press at (x, y) in CSS pixels, released after ImGui has seen it.
EMSCRIPTEN_KEEPALIVE void yishi_a11y_click(float x, float y) {
    set_mouse_css(x, y);
    mouse_down(0);
    mouse_up(0);
    request_frames();
}

// The mirror activates a button, link, checkbox, radio, option or combo box by its id: ImGui presses it
// in the next frame wherever it is drawn then (ButtonBehavior's programmatic activation), so a press
// cannot miss a widget the layout has just moved.
EMSCRIPTEN_KEEPALIVE void yishi_a11y_activate(unsigned id) {
    ImGui::ActivateItem(id);
    request_frames();
}

// The pointer rests over (x, y) before the mirror presses there, as a real pointer does (ImGui takes what
// is hovered from where the pointer was when a frame began).
EMSCRIPTEN_KEEPALIVE void yishi_a11y_hover(float x, float y) {
    set_mouse_css(x, y);
    request_frames();
}

// The widget whose mirror element has keyboard focus (0: none); its ring is drawn on the canvas.
EMSCRIPTEN_KEEPALIVE void yishi_a11y_focus(unsigned id) {
    g_a11y_reveal = id != 0 && id != g_a11y_focus;
    g_a11y_focus = id;
    request_frames();
}

// Escape in an open list: it closes, nothing chosen (the mirror takes the keys, so ImGui's own
// keyboard navigation, which would close it, is off).
EMSCRIPTEN_KEEPALIVE void yishi_a11y_close_popup() {
    g_a11y_close_popup = true;
    request_frames();
}

// The mirror's text field lost focus: the app's field stops editing.
EMSCRIPTEN_KEEPALIVE void yishi_a11y_release() {
    g_a11y_release = true;
    request_frames();
}

// Scrolls the page by dy CSS pixels; returns 0 when it is already at that end.
EMSCRIPTEN_KEEPALIVE int yishi_a11y_scroll(float dy) {
    ImGuiWindow* w = ImGui::FindWindowByName("yishi");
    if (!w) return 0;
    const float target = std::clamp(w->Scroll.y + dy * static_cast<float>(g_dpr), 0.0f, w->ScrollMax.y);
    if (std::fabs(target - w->Scroll.y) < 1) return 0;
    ImGui::SetScrollY(w, target);
    request_frames();
    return 1;
}

// The system's display preferences (forced-colors or prefers-contrast: more → high contrast).
EMSCRIPTEN_KEEPALIVE void yishi_a11y_prefs(int high_contrast) {
    if (g_high_contrast == (high_contrast != 0)) return;
    g_high_contrast = high_contrast != 0;
    g_style_scale = 0;  // the next frame makes the style anew, with or without high contrast
    request_frames();
}

EMSCRIPTEN_KEEPALIVE void yishi_paste(const char* utf8) {
    g_clipboard = utf8;
    if (ImGui::GetIO().WantTextInput) ImGui::GetIO().AddInputCharactersUTF8(utf8);  // into the active field
    app_fonts().need(utf8);
    request_frames();
}

// Measurement hooks for bench/bench_web_directory.mjs, on the app's own local directory copy (the wasm
// SQLite file and the DirectoryIndex built from it). Timed with emscripten_get_now (performance.now).
//
// One search as the directory screen runs it once the copy is complete (first page of 20, no filters,
// the page's records copied out), repeated `reps` times: mean microseconds per search, -1 while the
// copy is not complete. Repetition is there because chromium coarsens performance.now to 100 us.
EMSCRIPTEN_KEEPALIVE double yishi_bench_search(const char* utf8, int reps) {
    const DirectoryCache& cache = g_app.directory.cache;
    if (!cache.ready() || reps < 1) return -1;
    yishi::core::OrgQuery q;
    q.q = utf8;
    std::vector<yishi::core::Org> page;
    const double t0 = emscripten_get_now();
    for (int i = 0; i < reps; ++i) {
        page.clear();
        for (const yishi::core::Org* o : cache.index().search(q).items) page.push_back(*o);
    }
    return (emscripten_get_now() - t0) * 1000.0 / reps;
}

// The first page of a search on the local copy, as JSON for tests/e2e/directory-search.test.mjs to
// compare with the server's /api/orgs: {"total", "items": [{"id", "field", "start", "length", "pinyin"}]};
// "null" while the copy is not complete. The text stays valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* yishi_search_local(const char* utf8, int limit) {
    static std::string out;
    const DirectoryCache& cache = g_app.directory.cache;
    if (!cache.ready()) return "null";
    yishi::core::OrgQuery q;
    q.q = utf8;
    q.limit = static_cast<size_t>(limit);
    const yishi::core::OrgHits hits = cache.index().search(q);
    nlohmann::json items = nlohmann::json::array();
    for (size_t k = 0; k < hits.items.size(); ++k) {
        const yishi::core::OrgMatch& m = hits.matches[k];
        items.push_back({{"id", hits.items[k]->id}, {"field", yishi::core::org_match_field_code(m.field)},
                         {"start", m.span.start}, {"length", m.span.length}, {"pinyin", m.pinyin}});
    }
    out = nlohmann::json{{"total", hits.total}, {"items", std::move(items)}}.dump();
    return out.c_str();
}

// Reads every record back from the local SQLite file and rebuilds the index (what a returning visit
// does): milliseconds, -1 on failure or while the copy is not complete.
EMSCRIPTEN_KEEPALIVE double yishi_bench_reload() {
    DirectoryCache& cache = g_app.directory.cache;
    if (!cache.ready()) return -1;
    const double t0 = emscripten_get_now();
    if (!cache.reload()) return -1;
    return emscripten_get_now() - t0;
}

}  // extern "C"

// [SECTION] main

int main() {
    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.majorVersion = 2;
    attrs.alpha = EM_FALSE;
    attrs.antialias = EM_FALSE;
    attrs.depth = EM_FALSE;
    attrs.stencil = EM_FALSE;
    EMSCRIPTEN_WEBGL_CONTEXT_HANDLE gl = emscripten_webgl_create_context(kCanvas, &attrs);
    if (gl <= 0) {
        EM_ASM({ yishiGlue.fail('webgl2'); });
        return 1;
    }
    emscripten_webgl_make_context_current(gl);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    GImGui->TestEngineHookItems = true;  // publish widgets for tests (item_hooks.cpp)
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.SetClipboardTextFn = set_clipboard;
    io.GetClipboardTextFn = get_clipboard;
    io.ImeSetInputScreenPosFn = set_ime_pos;
    set_native_fields_supported(true);
    load_prefs();
    const int keymap[][2] = {{ImGuiKey_Tab, 9}, {ImGuiKey_LeftArrow, 37}, {ImGuiKey_RightArrow, 39},
        {ImGuiKey_UpArrow, 38}, {ImGuiKey_DownArrow, 40}, {ImGuiKey_PageUp, 33}, {ImGuiKey_PageDown, 34},
        {ImGuiKey_Home, 36}, {ImGuiKey_End, 35}, {ImGuiKey_Insert, 45}, {ImGuiKey_Delete, 46},
        {ImGuiKey_Backspace, 8}, {ImGuiKey_Space, 32}, {ImGuiKey_Enter, 13}, {ImGuiKey_Escape, 27},
        {ImGuiKey_KeyPadEnter, 13}, {ImGuiKey_A, 65}, {ImGuiKey_C, 67}, {ImGuiKey_V, 86},
        {ImGuiKey_X, 88}, {ImGuiKey_Y, 89}, {ImGuiKey_Z, 90}};
    for (const auto& [imgui_key, dom_code] : keymap) io.KeyMap[imgui_key] = dom_code;
    ImGui_ImplOpenGL3_Init("#version 300 es");

    Fonts& fonts = app_fonts();
    const std::vector<uint8_t> index = read_file(kGlyphIndexPath);
    if (fonts.load_index(std::string_view(reinterpret_cast<const char*>(index.data()), index.size())))
        fonts.add_file(0, read_file(kGlyphBasePath));
    if (!fonts.has_base()) {
        EM_ASM({ yishiGlue.fail('font'); });
        return 1;
    }
    // The UI catalog's characters are rasterized after the first frame (frame()); the first frame
    // rasterizes only what it draws.
    fonts.need_heading(yishi::core::tr(yishi::core::Msg::AppTitle, yishi::core::Lang::ZhCN));

    emscripten_set_mousedown_callback(kCanvas, nullptr, EM_FALSE, on_mouse);
    emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, EM_FALSE, on_mouse);
    emscripten_set_mousemove_callback(kCanvas, nullptr, EM_FALSE, on_mouse);
    emscripten_set_wheel_callback(kCanvas, nullptr, EM_FALSE, on_wheel);
    emscripten_set_touchstart_callback(kCanvas, nullptr, EM_FALSE, on_touch);
    emscripten_set_touchmove_callback(kCanvas, nullptr, EM_FALSE, on_touch);
    emscripten_set_touchend_callback(kCanvas, nullptr, EM_FALSE, on_touch);
    emscripten_set_touchcancel_callback(kCanvas, nullptr, EM_FALSE, on_touch);
    emscripten_set_keydown_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_key);
    emscripten_set_keyup_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_key);
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_resize);
    emscripten_set_blur_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_focus);
    emscripten_set_focus_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_focus);

    // The local directory copy lives in IndexedDB (mounted at /data by the glue before main).
    const auto persist = [] { EM_ASM({ yishiGlue.persist(); }); };   // IndexedDB after the files changed
    g_app.directory.cache_path = "/data/yishi-cache.db";
    g_app.directory.persist = persist;
    g_app.account.local_path = "/data/yishi-me.db";  // identity, outbox, drafts (client/model/local_store.hpp)
    g_app.account.persist = persist;

    request_frames();
    return 0;  // the runtime stays alive; frames are driven by events
}
