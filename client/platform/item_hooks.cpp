// item_hooks.cpp — ImGui's test-engine item hooks, collecting the visible widgets of a frame.
#include "platform/item_hooks.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <cstdio>

namespace yishi::client {

namespace {

std::vector<VisibleItem> g_items;

std::string strip_id_suffix(const char* label) {
    std::string_view s(label);
    size_t cut = s.find("##");
    return std::string(s.substr(0, cut));
}

void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    for (char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    out += '"';
}

}  // namespace

void items_begin_frame() { g_items.clear(); }

const std::vector<VisibleItem>& items_this_frame() { return g_items; }

void note_text(std::string_view text) {
    ImGuiContext& g = *GImGui;
    const ImRect& r = g.LastItemData.Rect;
    if (!g.CurrentWindow || !g.CurrentWindow->ClipRect.Overlaps(r)) return;
    g_items.push_back({0, std::string(text), r.Min.x, r.Min.y, r.Max.x, r.Max.y, 0, true});
}

void note_widget(std::string_view label) {
    const ImGuiID id = GImGui->LastItemData.ID;
    for (auto it = g_items.rbegin(); it != g_items.rend(); ++it) {
        if (it->id == id && !it->is_text) {
            it->label = std::string(label);
            return;
        }
    }
}

std::string items_json(float css_per_px) {
    std::string out = "[";
    char buf[160];
    for (const VisibleItem& it : g_items) {
        if (it.label.empty()) continue;  // unlabelled items (scrollbars, child windows) are not targets
        if (out.size() > 1) out += ',';
        std::snprintf(buf, sizeof buf, "{\"id\":%u,\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f,\"flags\":%d,\"text\":%s,\"label\":",
                      it.id, it.x0 * css_per_px, it.y0 * css_per_px, (it.x1 - it.x0) * css_per_px,
                      (it.y1 - it.y0) * css_per_px, it.flags, it.is_text ? "true" : "false");
        out += buf;
        append_json_string(out, it.label);
        out += '}';
    }
    out += ']';
    return out;
}

}  // namespace yishi::client

// [SECTION] The hooks ImGui calls (declared in imgui_internal.h under IMGUI_ENABLE_TEST_ENGINE)

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, const ImRect& bb, ImGuiID id) {
    ImGuiWindow* w = ctx->CurrentWindow;
    if (!w || !w->ClipRect.Overlaps(bb)) return;  // only what can be seen (and clicked)
    yishi::client::g_items.push_back({id, {}, bb.Min.x, bb.Min.y, bb.Max.x, bb.Max.y, 0, false});
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
    auto& items = yishi::client::g_items;
    for (auto it = items.rbegin(); it != items.rend(); ++it) {  // ItemInfo follows its ItemAdd closely
        if (it->id == id && !it->is_text) {
            it->label = yishi::client::strip_id_suffix(label ? label : "");
            it->flags = flags;
            return;
        }
    }
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID id) {
    for (const auto& it : yishi::client::g_items)
        if (it.id == id && !it.label.empty()) return it.label.c_str();
    return nullptr;
}
