// view_opinion.cpp — the opinion part of a consultation page in 需求征集 and 民主协商 (issue 22): the
// statement card (one statement at a time, 赞同 / 反对 / 跳过 as big buttons, 还剩 N 条), then the
// opinion map (groups as labelled regions with their sizes, the resident's own position), and beside
// it the same in words: each group's size, the statements that define each group, and the statements
// every group shares. Screen readers get the words (ui:: text goes to the accessibility mirror); the map
// itself is a drawing, and nothing on it is told by colour alone (each region carries its group letter).
//
// Draws from st.opinion (model/opinion.hpp) and fills Commands: a card's tap is JourneyCommands::react,
// signed by the journeys' controller like every other reaction.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "views/views.hpp"
#include "model/opinion.hpp"
#include "views/ui.hpp"

namespace yishi::client {

using core::Msg;
using core::tr;

namespace {

constexpr size_t kStatementsPerGroup = 3;       // defining statements shown per group (the strongest first)
constexpr float kMapAspect = 0.8f;              // map height / width
constexpr float kPointCss = 3.0f;               // a resident's dot
constexpr float kRegionMarginCss = 12.0f;       // a group's region reaches this far beyond its outer members
constexpr float kCardButtonScale = 1.25f;       // card buttons: this many frame heights (finger-size)
// Group fills (Okabe–Ito, told apart by colour-blind readers too); the letters carry the meaning.
constexpr theme::Rgb kGroupColours[] = {{0x00, 0x72, 0xB2}, {0xE6, 0x9F, 0x00}, {0x00, 0x9E, 0x73},
                                        {0xCC, 0x79, 0xA7}, {0xD5, 0x5E, 0x00}};

std::string letter(size_t group) { return std::string(1, static_cast<char>('A' + group)); }

// A catalog text with {g} (group letter), {n} and {m} filled in.
std::string fill(std::string_view pattern, const std::string& g, long long n = 0, long long m = 0) {
    std::string out(pattern);
    const std::pair<const char*, std::string> keys[] = {{"{g}", g}, {"{n}", std::to_string(n)}, {"{m}", std::to_string(m)}};
    for (const auto& [k, v] : keys)
        if (size_t at = out.find(k); at != std::string::npos) out.replace(at, 3, v);
    return out;
}

// A button `w` wide and kCardButtonScale frames high, as the accessibility mirror sees ui::button.
bool big_button(Fonts& fonts, std::string_view label, const char* id, float w, bool primary) {
    fonts.need(label);
    if (primary) {
        ImGui::PushStyleColor(ImGuiCol_Button, ui::kAccent);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ui::color(theme::kBrandHover));
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, ui::color(theme::kBrandPressed));
        ImGui::PushStyleColor(ImGuiCol_Text, ui::color(theme::kOnBrand));
    }
    ImGui::PushID(id);
    const bool pressed = ImGui::Button(std::string(label).c_str(), ImVec2(w, ImGui::GetFrameHeight() * kCardButtonScale));
    note_role(Role::Button);
    ImGui::PopID();
    if (primary) ImGui::PopStyleColor(4);
    return pressed;
}

void draw_card(AppState& st, Fonts& fonts, float width, Commands& cmds) {
    const core::Lang L = st.lang;
    const OpinionState& o = st.opinion;
    ui::heading(fonts, tr(Msg::OpinionCardsHeading, L), ui::kInk);
    const std::vector<OpinionStatement> left = opinion_unanswered(o, st.journeys);
    if (!o.computed) return ui::text_colored(fonts, ui::kMuted, tr(Msg::Loading, L));
    if (left.empty()) {
        const bool none = opinion_statements(*st.journeys.detail).empty();
        ui::text_colored(fonts, none ? ui::kMuted : ui::kGood, tr(none ? Msg::OpinionNoStatements : Msg::OpinionAllDone, L));
    } else {
        ui::text_colored(fonts, ui::kMuted, tr(Msg::OpinionCardsHelp, L));
        const OpinionStatement& s = left.front();
        ui::begin_card(width);
        ui::text_colored(fonts, ui::kMuted, ui::replace_n(tr(Msg::OpinionRemaining, L), static_cast<long long>(left.size())));
        ui::text(fonts, s.proposal ? std::string(tr(Msg::OpinionProposal, L)) + s.text : s.text);
        ImGui::Spacing();
        const float pad = ImGui::GetStyle().FramePadding.x, gap = ImGui::GetStyle().ItemSpacing.x;
        const float w = (width - 2 * pad - 2 * gap) / 3;
        const std::pair<Msg, core::Reaction> kChoices[] = {{Msg::OpinionAgree, core::Reaction::Agree},
                                                            {Msg::OpinionDisagree, core::Reaction::Disagree},
                                                            {Msg::OpinionPass, core::Reaction::Pass}};
        const char* kIds[] = {"card-agree", "card-disagree", "card-pass"};
        for (int k = 0; k < 3; ++k) {
            if (k > 0) ImGui::SameLine();
            if (big_button(fonts, tr(kChoices[k].first, L), kIds[k], w, k == 0)) cmds.j.react = {{s.id, kChoices[k].second}};
        }
        ui::end_card("", "opinion-card", false);
    }
    // The last tap's fate: on its way, delivered, or why the server refused it (e.g. not enrolled).
    if (o.last.empty()) return;
    if (action_pending(st, "react:" + o.last)) ui::text_colored(fonts, ui::kMuted, tr(Msg::OpinionSending, L));
    else draw_action_status(st, fonts, "react:" + o.last);
}

// Andrew's monotone chain: the convex hull of `p`, counter-clockwise (screen y down: clockwise on screen).
std::vector<ImVec2> hull(std::vector<ImVec2> p) {
    std::sort(p.begin(), p.end(), [](const ImVec2& a, const ImVec2& b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
    p.erase(std::unique(p.begin(), p.end(), [](const ImVec2& a, const ImVec2& b) { return a.x == b.x && a.y == b.y; }), p.end());
    if (p.size() < 3) return p;
    auto cross = [](const ImVec2& o, const ImVec2& a, const ImVec2& b) {
        return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
    };
    std::vector<ImVec2> h(2 * p.size());
    size_t k = 0;
    for (size_t i = 0; i < p.size(); ++i) {
        while (k >= 2 && cross(h[k - 2], h[k - 1], p[i]) <= 0) --k;
        h[k++] = p[i];
    }
    for (size_t i = p.size() - 1, t = k + 1; i > 0; --i) {
        while (k >= t && cross(h[k - 2], h[k - 1], p[i - 1]) <= 0) --k;
        h[k++] = p[i - 1];
    }
    h.resize(k - 1);
    return h;
}

// A label on a white pill (readable over any region), kept inside [lo, hi].
void pill(ImDrawList* dl, Fonts& fonts, ImVec2 at, const std::string& s, ImVec2 lo, ImVec2 hi, ImU32 border) {
    fonts.need(s);
    const ImVec2 size = ImGui::CalcTextSize(s.c_str());
    const float pad = ImGui::GetFontSize() * 0.3f;
    at.x = std::clamp(at.x - size.x / 2, lo.x + 2 * pad, std::max(lo.x + 2 * pad, hi.x - size.x - 2 * pad));
    at.y = std::clamp(at.y, lo.y + pad, std::max(lo.y + pad, hi.y - size.y - pad));
    dl->AddRectFilled(ImVec2(at.x - pad, at.y - pad / 2), ImVec2(at.x + size.x + pad, at.y + size.y + pad / 2),
                      ImGui::GetColorU32(ui::color(theme::kSurface, 0.92f)), size.y);
    dl->AddRect(ImVec2(at.x - pad, at.y - pad / 2), ImVec2(at.x + size.x + pad, at.y + size.y + pad / 2), border, size.y);
    dl->AddText(at, ImGui::GetColorU32(ui::kInk), s.c_str());
}

// The map: every resident who reacted as a dot, each group as a region around its members with its
// letter and size, and a ring with 你在这里 at the resident's own position.
void draw_map(const AppState& st, Fonts& fonts, float width) {
    const OpinionState& o = st.opinion;
    const core::OpinionMap& map = o.map;
    const core::Lang L = st.lang;
    const float scale = ImGui::GetFontSize() / theme::kBodyTextCssPx;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 size(width, std::round(width * kMapAspect));
    ImGui::Dummy(size);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p1(p0.x + size.x, p0.y + size.y);
    dl->AddRectFilled(p0, p1, ImGui::GetColorU32(ui::color(theme::kSurface)), theme::kCardRadiusCssPx * scale);
    dl->AddRect(p0, p1, ImGui::GetColorU32(ui::color(theme::kDivider)), theme::kCardRadiusCssPx * scale);
    // Positions to the canvas: the bounding box of everyone, with room for the labels around it.
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
    for (size_t i = 0; i < map.x.size(); ++i) {
        x0 = std::min(x0, map.x[i]), x1 = std::max(x1, map.x[i]);
        y0 = std::min(y0, map.y[i]), y1 = std::max(y1, map.y[i]);
    }
    const float margin = ImGui::GetFontSize() * 2.2f;
    // One scale for both axes (distances mean the same across and down), the cloud centred.
    const double k = std::min((size.x - 2 * margin) / std::max(1e-9, x1 - x0), (size.y - 2 * margin) / std::max(1e-9, y1 - y0));
    const double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    auto at = [&](size_t row) {
        return ImVec2(p0.x + size.x / 2 + static_cast<float>((map.x[row] - cx) * k),
                      p0.y + size.y / 2 + static_cast<float>((map.y[row] - cy) * k));
    };
    const float r = kRegionMarginCss * scale;
    // Regions first, then the dots over them, then the labels over everything.
    std::vector<ImVec2> label_at(map.groups.size());
    for (size_t g = 0; g < map.groups.size(); ++g) {
        std::vector<ImVec2> pts;
        for (uint32_t row : map.groups[g].members) pts.push_back(at(row));
        if (pts.empty()) continue;
        ImVec2 c(0, 0);
        for (const ImVec2& q : pts) c.x += q.x / static_cast<float>(pts.size()), c.y += q.y / static_cast<float>(pts.size());
        const ImU32 fill_colour = ImGui::GetColorU32(ui::color(kGroupColours[g % 5], 0.16f));
        const ImU32 line_colour = ImGui::GetColorU32(ui::color(kGroupColours[g % 5], 0.9f));
        std::vector<ImVec2> h = hull(pts);
        if (h.size() < 3) {
            float radius = 0;
            for (const ImVec2& q : pts) radius = std::max(radius, std::hypot(q.x - c.x, q.y - c.y));
            dl->AddCircleFilled(c, radius + r, fill_colour, 32);
            dl->AddCircle(c, radius + r, line_colour, 32, 1.5f * scale);
            label_at[g] = ImVec2(c.x, c.y - radius - r - ImGui::GetFontSize() * 1.4f);
            continue;
        }
        float top = h.front().y;
        for (ImVec2& q : h) {   // pushed out from the centre by the margin: the members sit inside the region
            const float d = std::max(1e-3f, std::hypot(q.x - c.x, q.y - c.y));
            q = ImVec2(q.x + (q.x - c.x) / d * r, q.y + (q.y - c.y) / d * r);
            top = std::min(top, q.y);
        }
        dl->AddConvexPolyFilled(h.data(), static_cast<int>(h.size()), fill_colour);
        dl->AddPolyline(h.data(), static_cast<int>(h.size()), line_colour, ImDrawFlags_Closed, 1.5f * scale);
        label_at[g] = ImVec2(c.x, top - ImGui::GetFontSize() * 1.4f);
    }
    for (size_t i = 0; i < map.x.size(); ++i) {
        const bool voted = o.matrix.row_start[i + 1] > o.matrix.row_start[i];
        if (!voted) continue;
        const int32_t g = map.group_of[i];
        const ImU32 c = g >= 0 ? ImGui::GetColorU32(ui::color(kGroupColours[g % 5])) : ImGui::GetColorU32(ui::color(theme::kOutline, 0.6f));
        dl->AddCircleFilled(at(i), kPointCss * scale, c, 12);
    }
    const ImVec2 lo = p0, hi = p1;
    for (size_t g = 0; g < map.groups.size(); ++g)
        pill(dl, fonts, label_at[g], fill(tr(Msg::OpinionGroupSize, L), letter(g), static_cast<long long>(map.groups[g].members.size())),
             lo, hi, ImGui::GetColorU32(ui::color(kGroupColours[g % 5])));
    if (o.me >= 0 && static_cast<size_t>(o.me) < map.x.size()) {
        const ImVec2 me = at(static_cast<size_t>(o.me));
        dl->AddCircle(me, 8 * scale, ImGui::GetColorU32(ui::kInk), 24, 2.5f * scale);
        pill(dl, fonts, ImVec2(me.x, me.y + 10 * scale), std::string(tr(Msg::OpinionYouAreHere, L)), lo, hi,
             ImGui::GetColorU32(ui::kInk));
    }
}

// The map in words, and what defines each group: beside the drawing for everyone, and what a screen reader reads.
void draw_groups_text(const AppState& st, Fonts& fonts) {
    const OpinionState& o = st.opinion;
    const core::OpinionMap& map = o.map;
    const core::Lang L = st.lang;
    ui::text_colored(fonts, ui::kInk, tr(Msg::OpinionTableHeading, L));
    for (size_t g = 0; g < map.groups.size(); ++g)
        ui::text(fonts, fill(tr(Msg::OpinionGroupSize, L), letter(g), static_cast<long long>(map.groups[g].members.size())));
    if (o.me >= 0 && static_cast<size_t>(o.me) < map.group_of.size() && map.group_of[static_cast<size_t>(o.me)] >= 0)
        ui::text_colored(fonts, ui::kGood, fill(tr(Msg::OpinionYourGroup, L), letter(static_cast<size_t>(map.group_of[static_cast<size_t>(o.me)]))));
    else if (const uint32_t more = opinion_votes_to_place(o); more > 0)
        ui::text_colored(fonts, ui::kMuted, ui::replace_n(tr(Msg::OpinionNotPlaced, L), more));
    for (size_t g = 0; g < map.groups.size(); ++g) {
        size_t shown = 0;
        for (const core::OpinionRepness& r : map.groups[g].repness) {
            if (shown++ == kStatementsPerGroup) break;
            ui::text(fonts, fill(tr(r.agree ? Msg::OpinionGroupAgrees : Msg::OpinionGroupDisagrees, L), letter(g)) +
                                opinion_statement_text(st.opinion, st.journeys, r.statement) +
                                fill(tr(Msg::OpinionShare, L), "", r.n_success, r.n_trials));
        }
    }
}

}  // namespace

// The statements every group shares, as sentences (also the committee's workspace, view_committee.cpp).
void draw_opinion_consensus(const AppState& st, Fonts& fonts) {
    const core::OpinionMap& map = st.opinion.map;
    const core::Lang L = st.lang;
    if (map.consensus_agree.empty() && map.consensus_disagree.empty())
        return ui::text_colored(fonts, ui::kMuted, tr(Msg::OpinionNoConsensus, L));
    for (const auto& c : map.consensus_agree)
        ui::text(fonts, std::string(tr(Msg::OpinionEveryoneAgrees, L)) + opinion_statement_text(st.opinion, st.journeys, c.statement) +
                            fill(tr(Msg::OpinionShare, L), "", c.n_success, c.n_trials));
    for (const auto& c : map.consensus_disagree)
        ui::text(fonts, std::string(tr(Msg::OpinionEveryoneDisagrees, L)) + opinion_statement_text(st.opinion, st.journeys, c.statement) +
                            fill(tr(Msg::OpinionShare, L), "", c.n_success, c.n_trials));
}

// In the committee's wizard, beside the options being drafted: for each consultation of the area in
// 需求征集 or 民主协商, the statements every group of its residents shares.
void draw_opinion_digests(const AppState& st, Fonts& fonts) {
    const core::Lang L = st.lang;
    if (st.opinion.digests.empty()) return;
    ui::text_colored(fonts, ui::kInk, tr(Msg::OpinionCommitteeHeading, L));
    for (const ConsultationSummary& s : st.committee.list) {
        auto it = st.opinion.digests.find(s.id);
        if (it == st.opinion.digests.end()) continue;
        const OpinionDigest& d = it->second;
        ui::text(fonts, "#" + std::to_string(s.id) + " " + s.title);
        if (!d.done) {
            ui::text_colored(fonts, ui::kMuted, tr(Msg::Loading, L));
        } else if (!d.error.empty()) {
            ui::text_colored(fonts, ui::kAccent, std::string(tr(Msg::OpinionLoadFailed, L)) + d.error);
        } else if (d.groups < 2) {
            ui::text_colored(fonts, ui::kMuted, tr(Msg::OpinionTooFew, L));
        } else if (d.shared.empty()) {
            ui::text_colored(fonts, ui::kMuted, tr(Msg::OpinionNoConsensus, L));
        } else {
            for (const OpinionDigest::Line& line : d.shared)
                ui::text(fonts, std::string(tr(line.agree ? Msg::OpinionEveryoneAgrees : Msg::OpinionEveryoneDisagrees, L)) +
                                    line.text + fill(tr(Msg::OpinionShare, L), "", line.n, line.of));
        }
    }
    ImGui::Spacing();
}

void draw_opinion(AppState& st, Fonts& fonts, float width, Commands& cmds) {
    const OpinionState& o = st.opinion;
    const core::Lang L = st.lang;
    draw_card(st, fonts, width, cmds);
    ImGui::Spacing();
    ui::heading(fonts, tr(Msg::OpinionHeading, L), ui::kInk);
    if (!o.error.empty()) ui::text_colored(fonts, ui::kAccent, std::string(tr(Msg::OpinionLoadFailed, L)) + o.error);
    if (!o.computed) return;
    if (o.map.groups.size() < 2) return ui::text_colored(fonts, ui::kMuted, tr(Msg::OpinionTooFew, L));
    ui::text_colored(fonts, ui::kMuted, fill(tr(Msg::OpinionSummary, L), "", static_cast<long long>(o.matrix.participants.size()),
                                             static_cast<long long>(o.map.groups.size())));
    draw_map(st, fonts, width);
    draw_groups_text(st, fonts);
    ui::text_colored(fonts, ui::kInk, tr(Msg::OpinionSharedHeading, L));
    draw_opinion_consensus(st, fonts);
}

}  // namespace yishi::client
