// ui.cpp — shared widgets (see ui.hpp).
#include "views/ui.hpp"

#include <imgui_stdlib.h>

#include "platform/item_hooks.hpp"

namespace yishi::client::ui {

void text(Fonts& fonts, std::string_view s) {
    fonts.need(s);
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    note_text(s);
}

void text_colored(Fonts& fonts, const ImVec4& color, std::string_view s) {
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    text(fonts, s);
    ImGui::PopStyleColor();
}

void heading(Fonts& fonts, std::string_view s, const ImVec4& color) {
    fonts.need_heading(s);
    ImGui::PushFont(fonts.heading());
    text_colored(fonts, color, s);
    ImGui::PopFont();
}

bool button(Fonts& fonts, std::string_view label, const char* id) {
    fonts.need(label);
    ImGui::PushID(id);
    const bool pressed = ImGui::Button(std::string(label).c_str());
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
    return changed;
}

bool combo(Fonts& fonts, std::string_view name, const std::string* options, int count, int& index, const char* id,
           float width) {
    bool changed = false;
    for (int i = 0; i < count; ++i) fonts.need(options[i]);
    ImGui::SetNextItemWidth(width);
    const bool open = ImGui::BeginCombo(id, options[index].c_str());
    note_widget(name);  // now, while the combo itself is the last item
    if (open) {
        for (int i = 0; i < count; ++i) {
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
