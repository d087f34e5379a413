// item_hooks.cpp — ImGui's test-engine item hooks, collecting the visible widgets of a frame.
#include "platform/item_hooks.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cstdio>

namespace yishi::client {

namespace {

std::vector<VisibleItem> g_items;
Role g_next_role = Role::Auto;   // next_role(): taken by the next ItemAdd
bool g_next_checked = false;

const char* role_name(const VisibleItem& it) {
    switch (it.role) {
        case Role::Auto:
            if (it.is_text) return "text";
            if (it.flags & ImGuiItemStatusFlags_Checkable) return "checkbox";
            return "button";
        case Role::Text: return "text";
        case Role::Heading: return "heading";
        case Role::Section: return "section";
        case Role::Status: return "status";
        case Role::Alert: return "alert";
        case Role::Button: return "button";
        case Role::Link: return "link";
        case Role::Checkbox: return "checkbox";
        case Role::Radio: return "radio";
        case Role::Textbox: return "textbox";
        case Role::Multiline: return "multiline";
        case Role::Combobox: return "combobox";
        case Role::Option: return "option";
        case Role::Slider: return "slider";
        case Role::Disclosure: return "disclosure";
        case Role::Dialog: return "dialog";
    }
    return "text";
}

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

VisibleItem box(ImGuiID id, const ImRect& r) {
    VisibleItem item;
    const ImGuiWindow* w = GImGui->CurrentWindow;
    item.in_modal = w && w->RootWindow && (w->RootWindow->Flags & ImGuiWindowFlags_Modal);
    item.in_popup = w && w->RootWindow && (w->RootWindow->Flags & ImGuiWindowFlags_Popup);
    item.id = id;
    item.x0 = r.Min.x, item.y0 = r.Min.y, item.x1 = r.Max.x, item.y1 = r.Max.y;
    return item;
}

// The widget with this id drawn this frame (the latest), or null: clipped, not on screen.
VisibleItem* widget(ImGuiID id) {
    for (auto it = g_items.rbegin(); it != g_items.rend(); ++it)
        if (it->id == id && !it->is_text) return &*it;
    return nullptr;
}

VisibleItem* last_widget() { return widget(GImGui->LastItemData.ID); }

}  // namespace

void items_begin_frame() { g_items.clear(); }

const std::vector<VisibleItem>& items_this_frame() { return g_items; }

void note_text(std::string_view text, Role role) {
    ImGuiContext& g = *GImGui;
    const ImRect& r = g.LastItemData.Rect;
    if (!g.CurrentWindow || !g.CurrentWindow->ClipRect.Overlaps(r)) return;
    VisibleItem item = box(0, r);
    item.label = std::string(text);
    item.is_text = true;
    item.role = role;
    g_items.push_back(std::move(item));
}

void note_widget(std::string_view label) {
    if (VisibleItem* it = last_widget()) it->label = std::string(label);
}

void note_widget(unsigned id, std::string_view label, Role role, std::string_view value) {
    if (VisibleItem* it = widget(id)) {
        it->label = std::string(label);
        it->role = role;
        it->value = std::string(value);
    }
}

void note_role(Role role, bool checked) {
    if (VisibleItem* it = last_widget()) {
        it->role = role;
        it->checked = checked;
    }
}

void note_name(std::string_view name) {
    if (VisibleItem* it = last_widget()) it->name = std::string(name);
}

void note_value(std::string_view value) {
    if (VisibleItem* it = last_widget()) it->value = std::string(value);
}

void next_role(Role role, bool checked) {
    g_next_role = role;
    g_next_checked = checked;
}

std::string items_json(float css_per_px) {
    std::string out = "[";
    char buf[160];
    const bool modal = std::any_of(g_items.begin(), g_items.end(), [](const VisibleItem& it) { return it.in_modal; });
    // An open menu or list covers what is under it: those items can be neither seen nor tapped there.
    std::vector<ImRect> popups;
    for (const ImGuiPopupData& p : GImGui->OpenPopupStack)
        if (p.Window && p.Window->Active) popups.push_back(p.Window->Rect());
    const auto covered = [&popups](const VisibleItem& it) {
        const ImRect r(it.x0, it.y0, it.x1, it.y1);
        return !it.in_popup && std::any_of(popups.begin(), popups.end(), [&r](const ImRect& p) { return p.Overlaps(r); });
    };
    for (const VisibleItem& it : g_items) {
        if (it.label.empty()) continue;  // unlabelled items (scrollbars, child windows) are not targets
        if (modal && !it.in_modal) continue;
        if (covered(it)) continue;
        if (out.size() > 1) out += ',';
        std::snprintf(buf, sizeof buf, "{\"id\":%u,\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f,\"flags\":%d,\"text\":%s,\"label\":",
                      it.id, it.x0 * css_per_px, it.y0 * css_per_px, (it.x1 - it.x0) * css_per_px,
                      (it.y1 - it.y0) * css_per_px, it.flags, it.is_text ? "true" : "false");
        out += buf;
        append_json_string(out, it.label);
        out += ",\"role\":\"";
        out += role_name(it);
        out += '"';
        if (it.checked || (it.flags & ImGuiItemStatusFlags_Checked)) out += ",\"checked\":true";
        if (it.disabled) out += ",\"disabled\":true";
        if (!it.value.empty() || it.role == Role::Textbox || it.role == Role::Multiline) {
            out += ",\"value\":";
            append_json_string(out, it.value);
        }
        if (!it.name.empty()) {
            out += ",\"name\":";
            append_json_string(out, it.name);
        }
        out += '}';
    }
    out += ']';
    return out;
}

}  // namespace yishi::client

// [SECTION] The hooks ImGui calls (declared in imgui_internal.h under IMGUI_ENABLE_TEST_ENGINE)

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, const ImRect& bb, ImGuiID id) {
    using namespace yishi::client;
    const Role role = g_next_role;  // a declared role belongs to this item even if it is clipped
    const bool checked = g_next_checked;
    g_next_role = Role::Auto, g_next_checked = false;
    ImGuiWindow* w = ctx->CurrentWindow;
    if (!w || !w->ClipRect.Overlaps(bb)) return;  // only what can be seen (and clicked)
    VisibleItem item = box(id, bb);
    item.role = role;
    item.checked = checked;
    item.disabled = (ctx->CurrentItemFlags & ImGuiItemFlags_Disabled) != 0;
    g_items.push_back(std::move(item));
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
