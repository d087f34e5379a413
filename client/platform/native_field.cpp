// native_field.cpp — fields drawn by the browser over the canvas (see native_field.hpp).
#include "platform/native_field.hpp"

#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <map>

#include "platform/item_hooks.hpp"

namespace yishi::client {

namespace {

bool g_supported = false;
std::vector<NativeField> g_fields;
std::map<std::string, std::string> g_typed;   // edits from the elements, not yet applied

}  // namespace

void set_native_fields_supported(bool on) { g_supported = on; }
void native_fields_begin_frame() { g_fields.clear(); }
const std::vector<NativeField>& native_fields_this_frame() { return g_fields; }
void native_field_typed(const std::string& id, std::string value) { g_typed[id] = std::move(value); }

bool native_field(Fonts& fonts, std::string_view name, std::string& value, const char* id, float width,
                  NativeKind kind) {
    fonts.need(name);
    const std::string imgui_id = std::string("##native-") + id;
    if (!g_supported) {
        ImGui::SetNextItemWidth(width);
        const ImGuiInputTextFlags flags = kind == NativeKind::Password ? ImGuiInputTextFlags_Password : 0;
        const bool changed = ImGui::InputTextWithHint(imgui_id.c_str(), std::string(name).c_str(), &value, flags);
        note_widget(name);
        return changed;
    }
    bool changed = false;
    if (auto it = g_typed.find(id); it != g_typed.end()) {
        changed = it->second != value;
        value = std::move(it->second);
        g_typed.erase(it);
    }
    // The frame the element sits in: the same size, colour and outline as an ImGui field, so the layout
    // does not depend on whether the element is there yet, and the field looks like one while the element
    // is not laid over it (partly scrolled out of sight).
    const ImVec2 size(width, ImGui::GetFrameHeight());
    ImGui::InvisibleButton(imgui_id.c_str(), size);
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const ImGuiStyle& style = ImGui::GetStyle();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(a, b, ImGui::GetColorU32(ImGuiCol_FrameBg), style.FrameRounding);
    dl->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_Border), style.FrameRounding, 0, style.FrameBorderSize);
    note_widget(name);
    // Only where the whole field shows: an element half under the window's edge would cover other UI.
    const ImRect clip = ImGui::GetCurrentWindow()->ClipRect;
    if (clip.Contains(ImRect(a, b)))
        g_fields.push_back({id, std::string(name), kind, a.x, a.y, b.x, b.y, value});
    return changed;
}

}  // namespace yishi::client
