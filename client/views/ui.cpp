// ui.cpp — shared widgets and the ImGui style of the design system (see ui.hpp, theme.hpp).
#include "views/ui.hpp"

#include <imgui_internal.h>   // the window's text wrap position (DC.TextWrapPos)
#include <imgui_stdlib.h>

#include <algorithm>

#include "platform/item_hooks.hpp"
#include "views/line_break.hpp"

namespace yishi::client::ui {

void apply_theme(ImGuiStyle& style, float scale) {
    style = ImGuiStyle();
    ImGui::StyleColorsLight(&style);
    // Every frame (button, field, checkbox, combo) is at least a tap target high at body size.
    const float pad_y = (theme::kTapTargetCssPx - theme::kBodyTextCssPx) / 2 + 0.5f;
    style.WindowRounding = 0;
    style.WindowBorderSize = 0;
    style.ChildRounding = theme::kCardRadiusCssPx;
    style.FrameRounding = 8;
    style.FrameBorderSize = 1.5f;  // fields, checkboxes and radios show their outline when empty
    style.FramePadding = ImVec2(16, pad_y);
    style.ItemSpacing = ImVec2(10, 12);
    style.ItemInnerSpacing = ImVec2(10, 8);
    style.CellPadding = ImVec2(10, 8);
    style.ScrollbarSize = 10;
    style.GrabMinSize = 24;
    style.SelectableTextAlign = ImVec2(0.0f, 0.5f);
    style.PopupRounding = 10;
    style.PopupBorderSize = 1;
    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = color(theme::kInk);
    c[ImGuiCol_TextDisabled] = color(theme::kMuted);
    c[ImGuiCol_WindowBg] = color(theme::kPage);
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_PopupBg] = color(theme::kSurface);
    c[ImGuiCol_Border] = color(theme::kOutline);
    c[ImGuiCol_BorderShadow] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_FrameBg] = color(theme::kSurface);
    c[ImGuiCol_FrameBgHovered] = color(theme::kTint);
    c[ImGuiCol_FrameBgActive] = color(theme::kTintStrong);
    c[ImGuiCol_ScrollbarBg] = color(theme::kPage);
    c[ImGuiCol_ScrollbarGrab] = color(theme::kDivider);
    c[ImGuiCol_ScrollbarGrabHovered] = color(theme::kOutline);
    c[ImGuiCol_ScrollbarGrabActive] = color(theme::kOutline);
    c[ImGuiCol_CheckMark] = color(theme::kBrand);
    c[ImGuiCol_SliderGrab] = color(theme::kBrand);
    c[ImGuiCol_SliderGrabActive] = color(theme::kBrandPressed);
    c[ImGuiCol_Button] = color(theme::kSecondary);
    c[ImGuiCol_ButtonHovered] = color(theme::kSecondaryHover);
    c[ImGuiCol_ButtonActive] = color(theme::kTintStrong);
    c[ImGuiCol_Header] = color(theme::kTint);
    c[ImGuiCol_HeaderHovered] = color(theme::kTintStrong);
    c[ImGuiCol_HeaderActive] = color(theme::kTintStrong);
    c[ImGuiCol_Separator] = color(theme::kDivider);
    c[ImGuiCol_SeparatorHovered] = color(theme::kOutline);
    c[ImGuiCol_SeparatorActive] = color(theme::kBrand);
    c[ImGuiCol_Tab] = color(theme::kSecondary);
    c[ImGuiCol_TabHovered] = color(theme::kTintStrong);
    c[ImGuiCol_TabActive] = color(theme::kTint);
    c[ImGuiCol_TableHeaderBg] = color(theme::kSecondary);
    c[ImGuiCol_TableBorderStrong] = color(theme::kDivider);
    c[ImGuiCol_TableBorderLight] = color(theme::kDivider);
    c[ImGuiCol_TableRowBgAlt] = color(theme::kPage);
    c[ImGuiCol_TextSelectedBg] = color(theme::kTintStrong);
    c[ImGuiCol_NavHighlight] = color(theme::kBrand);
    c[ImGuiCol_PlotHistogram] = color(theme::kBrand);
    c[ImGuiCol_ModalWindowDimBg] = ImVec4(0.1f, 0.1f, 0.1f, 0.45f);
    style.ScaleAllSizes(scale);
    style.FrameBorderSize = 1.5f * scale;  // (ScaleAllSizes leaves border widths alone)
}

namespace {

bool same(const ImVec4& a, const ImVec4& b) { return a.x == b.x && a.y == b.y && a.z == b.z && a.w == b.w; }

// `s` broken into lines `width` wide in the current font, as Chinese is set (line_break.hpp).
std::string broken(std::string_view s, float width) {
    const ImFont* font = ImGui::GetFont();
    const float scale = ImGui::GetFontSize() / font->FontSize;
    return break_lines(s, width, [&](char32_t c) { return font->GetCharAdvance(static_cast<ImWchar>(c)) * scale; });
}

// The label of a checkbox or radio button, broken into lines where it does not fit beside its box (a
// long option at 大字 on a phone), and its stable id after "###".
std::string beside_label(std::string_view label, const char* id) {
    const float room = ImGui::GetContentRegionAvail().x - ImGui::GetFrameHeight() - ImGui::GetStyle().ItemInnerSpacing.x;
    return broken(label, room) + "###" + id;
}

// Text with the role assistive technology gets (item_hooks.hpp). Where wrapping is on, the lines are
// broken as Chinese is (line_break.hpp), not only at spaces as ImGui would; what is announced is the
// text as written.
void text_as(Fonts& fonts, const ImVec4* color, std::string_view s, Role role) {
    fonts.need(s);
    if (color) ImGui::PushStyleColor(ImGuiCol_Text, *color);
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    if (const float wrap_x = window->DC.TextWrapPos; wrap_x >= 0) {
        const std::string lines = broken(s, ImGui::CalcWrapWidthForPos(window->DC.CursorPos, wrap_x));
        ImGui::PushTextWrapPos(-1.0f);
        ImGui::TextUnformatted(lines.data(), lines.data() + lines.size());
        ImGui::PopTextWrapPos();
    } else {
        ImGui::TextUnformatted(s.data(), s.data() + s.size());
    }
    if (color) ImGui::PopStyleColor();
    note_text(s, role);
}

void heading_as(Fonts& fonts, const ImVec4& color, std::string_view s, Role role) {
    fonts.need_heading(s);
    ImGui::PushFont(fonts.heading());
    text_as(fonts, &color, s, role);
    ImGui::PopFont();
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

// Drawn like an error but announced as an outcome (a result's headline is no refusal).
void emphasis(Fonts& fonts, std::string_view s) { text_as(fonts, &kAccent, s, Role::Status); }

// A stance, the current stage, a count of reports: the colour repeats what the words say, and nothing
// is announced (a list of comments must not speak each 赞成 as an outcome).
void tinted(Fonts& fonts, const ImVec4& color, std::string_view s) { text_as(fonts, &color, s, Role::Text); }

void heading(Fonts& fonts, std::string_view s, const ImVec4& color) { heading_as(fonts, color, s, Role::Heading); }

float button_width(std::string_view label) {
    // At least as wide as it is high: "↑" alone is still a tap target.
    const std::string text(label);
    const float w = ImGui::CalcTextSize(text.c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
    return std::max(w, ImGui::GetFrameHeight());
}

bool button(Fonts& fonts, std::string_view label, const char* id) {
    fonts.need(label);
    ImGui::PushID(id);
    const std::string text(label);
    const bool pressed = ImGui::Button(text.c_str(), ImVec2(button_width(label), 0));
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

bool choice_button(Fonts& fonts, std::string_view label, bool chosen, const char* id) {
    const bool pressed = chosen ? primary_button(fonts, label, id) : button(fonts, label, id);   // filled when chosen
    note_role(Role::Radio, chosen);   // a screen reader hears which one is chosen
    return pressed;
}

bool destructive_button(Fonts& fonts, std::string_view label, const char* id) {
    ImGui::PushStyleColor(ImGuiCol_Text, kAccent);
    ImGui::PushStyleColor(ImGuiCol_Border, kAccent);
    const bool pressed = button(fonts, label, id);
    ImGui::PopStyleColor(2);
    return pressed;
}

bool selectable(Fonts& fonts, std::string_view label, const char* id) {
    fonts.need(label);
    ImGui::PushID(id);
    // As high as a button: a row is a tap target too.
    const bool pressed = ImGui::Selectable(std::string(label).c_str(), false, 0, ImVec2(0, ImGui::GetFrameHeight()));
    note_role(Role::Link);  // rows open what they name
    ImGui::PopID();
    return pressed;
}

int context_menu(Fonts& fonts, const char* id, ImVec2 min, ImVec2 max, const std::string_view* items, int count,
                 bool above) {
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Right) && ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(min, max))
        ImGui::OpenPopup(id);
    if (!ImGui::IsPopupOpen(id)) return -1;   // (drawn for every comment on screen: nothing more while closed)
    float width = ImGui::GetFontSize() * 7;   // rows a finger can hit across, however short the words
    for (int k = 0; k < count; ++k) width = std::max(width, button_width(items[k]));
    if (above) {
        // Its size, as the popup will measure it: the rows and the window's padding.
        const ImGuiStyle& style = ImGui::GetStyle();
        const ImVec2 size(width + 2 * style.WindowPadding.x,
                          count * ImGui::GetFrameHeight() + (count - 1) * style.ItemSpacing.y + 2 * style.WindowPadding.y);
        const ImVec2 at = ImGui::GetIO().MouseClickedPos[ImGuiMouseButton_Right];
        const ImVec2 screen = ImGui::GetIO().DisplaySize;
        const float lift = ImGui::GetFontSize(), margin = style.WindowPadding.x;   // clear of the fingertip
        const float x = std::clamp(at.x - size.x / 2, margin, std::max(margin, screen.x - size.x - margin));
        const float y = at.y - lift - size.y >= margin ? at.y - lift - size.y : at.y + lift;
        ImGui::SetNextWindowPos(ImVec2(x, y), ImGuiCond_Appearing);
    }
    if (!ImGui::BeginPopup(id)) return -1;
    int chosen = -1;
    for (int k = 0; k < count; ++k) {
        fonts.need(items[k]);
        ImGui::PushID(k);
        if (ImGui::Selectable(std::string(items[k]).c_str(), false, 0, ImVec2(width, ImGui::GetFrameHeight()))) chosen = k;
        note_role(Role::Button);
        ImGui::PopID();
    }
    if (chosen >= 0) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return chosen;
}

bool disclosure(Fonts& fonts, std::string_view closed, std::string_view open, const char* id) {
    bool& shown = *ImGui::GetStateStorage()->GetBoolRef(ImGui::GetID(id), false);
    const bool pressed = button(fonts, shown ? open : closed, id);
    note_role(Role::Disclosure, shown);   // a screen reader hears "expanded" or "collapsed"
    if (pressed) shown = !shown;
    return shown;
}

bool checkbox(Fonts& fonts, std::string_view label, bool& value, const char* id) {
    fonts.need(label);
    const bool changed = ImGui::Checkbox(beside_label(label, id).c_str(), &value);
    note_widget(label);   // named as written, whatever its lines
    return changed;
}

bool radio(Fonts& fonts, std::string_view label, bool active, const char* id) {
    fonts.need(label);
    next_role(Role::Radio, active);   // a screen reader hears a radio button, checked or not
    const bool pressed = ImGui::RadioButton(beside_label(label, id).c_str(), active);
    note_widget(label);
    return pressed;
}

void chip(Fonts& fonts, std::string_view s, theme::Rgb fg, theme::Rgb bg) {
    fonts.need(s);
    const ImGuiStyle& style = ImGui::GetStyle();
    const std::string str(s);
    const ImVec2 text = ImGui::CalcTextSize(str.c_str());
    const ImVec2 pad(style.FramePadding.x * 0.6f, style.FramePadding.y * 0.25f);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 size(text.x + pad.x * 2, text.y + pad.y * 2);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(color(bg)), size.y / 2);
    dl->AddText(ImVec2(p.x + pad.x, p.y + pad.y), ImGui::GetColorU32(color(fg)), str.c_str());
    ImGui::Dummy(size);
    note_text(s);
}

namespace {

struct Card { ImVec2 start; float width = 0; float pad = 0; };
Card g_card;  // the card being drawn (cards do not nest)

}  // namespace

void begin_card(float width) {
    const float pad = ImGui::GetStyle().FramePadding.x;
    g_card = {ImGui::GetCursorScreenPos(), width, pad};
    ImGui::GetWindowDrawList()->ChannelsSplit(2);
    ImGui::GetWindowDrawList()->ChannelsSetCurrent(1);
    ImGui::SetCursorScreenPos(ImVec2(g_card.start.x + pad, g_card.start.y + pad * 0.75f));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - pad * 2);
}

bool end_card(std::string_view name, const char* id, bool clickable) {
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    const Card c = g_card;
    const ImVec2 end(c.start.x + c.width, ImGui::GetItemRectMax().y + c.pad * 0.75f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSetCurrent(0);
    const bool hovered = clickable && ImGui::IsMouseHoveringRect(c.start, end) && ImGui::IsWindowHovered();
    const float r = ImGui::GetStyle().ChildRounding;
    dl->AddRectFilled(c.start, end, ImGui::GetColorU32(color(hovered ? theme::kTint : theme::kSurface)), r);
    dl->AddRect(c.start, end, ImGui::GetColorU32(color(theme::kDivider)), r, 0, ImGui::GetStyle().FrameBorderSize);
    dl->ChannelsMerge();
    bool pressed = false;
    ImGui::SetCursorScreenPos(c.start);
    if (clickable) {
        pressed = ImGui::InvisibleButton(id, ImVec2(c.width, end.y - c.start.y));
        note_widget(name);
        note_role(Role::Link);
    } else {
        ImGui::Dummy(ImVec2(c.width, end.y - c.start.y));
    }
    return pressed;
}

std::string shown_name(std::string_view author) { return author.empty() ? std::string("—") : std::string(author); }

void next_to(float width) {
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

std::string region_label(std::string_view name, uint32_t region) {
    return name.empty() ? std::to_string(region) : std::string(name);
}

void bring_into_view(const char* id, unsigned serial) {
    ImGuiStorage* seen = ImGui::GetStateStorage();
    const ImGuiID key = ImGui::GetID(id);
    if (static_cast<unsigned>(seen->GetInt(key, 0)) == serial) return;
    seen->SetInt(key, static_cast<int>(serial));
    const float bottom = ImGui::GetWindowPos().y + ImGui::GetWindowHeight();
    if (ImGui::GetItemRectMax().y > bottom || ImGui::GetItemRectMin().y < ImGui::GetWindowPos().y)
        ImGui::SetScrollHereY(1.0f);
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
    const ImGuiID combo = ImGui::GetID(id);
    const bool open = ImGui::BeginCombo(id, options[index].c_str());
    note_widget(combo, name, Role::Combobox, options[index]);   // by id: once open, the last item is the popup's
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

Confirm confirm_dialog(Fonts& fonts, const char* id, std::string_view title, std::string_view message,
                       std::string_view yes, std::string_view no) {
    const ImGuiIO& io = ImGui::GetIO();
    const float width = std::min(io.DisplaySize.x * 0.92f, ImGui::GetFontSize() * 30);
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x / 2, io.DisplaySize.y / 2), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(width, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ImGui::GetFontSize(), ImGui::GetFontSize()));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, ImGui::GetStyle().PopupRounding);
    const bool open = ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                                              ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleVar(2);
    if (!open) return Confirm::None;
    Confirm result = Confirm::None;
    ImGui::PushTextWrapPos(0.0f);
    heading_as(fonts, kInk, title, Role::Dialog);   // the mirror makes the page a modal dialog named by it
    text(fonts, message);
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    if (primary_button(fonts, yes, "confirm-yes")) result = Confirm::Yes;
    ImGui::SameLine();
    if (button(fonts, no, "confirm-no")) result = Confirm::No;
    if (result != Confirm::None) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return result;
}

std::string fill(std::string_view pattern, std::string_view key, std::string_view value) {
    std::string out(pattern);
    if (size_t at = out.find(key); at != std::string::npos) out.replace(at, key.size(), value);
    return out;
}

std::string replace_n(std::string_view pattern, long long n) {
    std::string out(pattern);
    size_t at = out.find("{n}");
    if (at != std::string::npos) out.replace(at, 3, std::to_string(n));
    return out;
}

}  // namespace yishi::client::ui
