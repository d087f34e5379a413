// ui.cpp — shared widgets (see ui.hpp).
#include "views/ui.hpp"

#include <imgui_stdlib.h>

#include "platform/item_hooks.hpp"

namespace yishi::client::ui {

namespace {

bool same(const ImVec4& a, const ImVec4& b) { return a.x == b.x && a.y == b.y && a.z == b.z && a.w == b.w; }

// Text with the role assistive technology gets (item_hooks.hpp).
void text_as(Fonts& fonts, const ImVec4* color, std::string_view s, Role role) {
    fonts.need(s);
    if (color) ImGui::PushStyleColor(ImGuiCol_Text, *color);
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    if (color) ImGui::PopStyleColor();
    note_text(s, role);
}

}  // namespace

void text(Fonts& fonts, std::string_view s) { text_as(fonts, nullptr, s, Role::Text); }

// The palette carries meaning, so the role says it too: ink is a section heading, good an outcome,
// the accent an error or refusal (screen readers announce the last two).
void text_colored(Fonts& fonts, const ImVec4& color, std::string_view s) {
    const Role role = same(color, kInk) ? Role::Section : same(color, kGood) ? Role::Status
                    : same(color, kAccent) ? Role::Alert : Role::Text;
    text_as(fonts, &color, s, role);
}

void heading(Fonts& fonts, std::string_view s, const ImVec4& color) {
    fonts.need_heading(s);
    ImGui::PushFont(fonts.heading());
    text_as(fonts, &color, s, Role::Heading);
    ImGui::PopFont();
}

bool button(Fonts& fonts, std::string_view label, const char* id) {
    fonts.need(label);
    ImGui::PushID(id);
    const bool pressed = ImGui::Button(std::string(label).c_str());
    note_role(Role::Button);
    ImGui::PopID();
    return pressed;
}

bool primary_button(Fonts& fonts, std::string_view label, const char* id) {
    ImGui::PushStyleColor(ImGuiCol_Button, kAccent);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.80f, 0.18f, 0.18f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0.55f, 0.08f, 0.08f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    const bool pressed = button(fonts, label, id);
    ImGui::PopStyleColor(4);
    return pressed;
}

bool selectable(Fonts& fonts, std::string_view label, const char* id) {
    fonts.need(label);
    ImGui::PushID(id);
    const bool pressed = ImGui::Selectable(std::string(label).c_str());
    note_role(Role::Link);  // rows open what they name
    ImGui::PopID();
    return pressed;
}

bool input_text(Fonts& fonts, std::string_view name, std::string_view hint, std::string& value, const char* id,
                float width) {
    fonts.need(hint);
    fonts.need(value);
    ImGui::SetNextItemWidth(width);
    const bool changed = ImGui::InputTextWithHint(id, std::string(hint).c_str(), &value);
    note_widget(name);
    note_role(Role::Textbox);
    note_value(value);
    return changed;
}

bool combo(Fonts& fonts, std::string_view name, const std::string* options, int count, int& index, const char* id,
           float width) {
    bool changed = false;
    for (int i = 0; i < count; ++i) fonts.need(options[i]);
    ImGui::SetNextItemWidth(width);
    const bool open = ImGui::BeginCombo(id, options[index].c_str());
    note_widget(name);  // now, while the combo itself is the last item
    note_role(Role::Combobox);
    note_value(options[index]);
    if (open) {
        for (int i = 0; i < count; ++i) {
            next_role(Role::Option, i == index);
            if (ImGui::Selectable(options[i].c_str(), i == index)) {
                changed = i != index;
                index = i;
            }
        }
        ImGui::EndCombo();
    }
    return changed;
}

std::string replace_n(std::string_view pattern, long long n) {
    std::string out(pattern);
    size_t at = out.find("{n}");
    if (at != std::string::npos) out.replace(at, 3, std::to_string(n));
    return out;
}

}  // namespace yishi::client::ui
