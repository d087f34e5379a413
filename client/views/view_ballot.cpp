// view_ballot.cpp — the ballot in each method's own form: radio buttons (plurality, yes/no),
// checkboxes with the maximum (approval), up/down ordering (ranked), 0..max sliders (score),
// checkboxes against the budget cap with a running total (budget); then "check my vote is counted".
#include <imgui.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "views/views.hpp"
#include "views/ui.hpp"

namespace yishi::client {

using core::Msg;
using core::tr;

namespace {

constexpr const char* kRankPayload = "yishi-rank";   // drag-and-drop payload: the dragged row's rank

// Moves the option at rank `from` to rank `to`, the others keeping their order.
void move_rank(std::vector<int>& order, int from, int to) {
    const int n = static_cast<int>(order.size());
    if (from < 0 || from >= n || to < 0 || to >= n || from == to) return;
    const int moved = order[from];
    order.erase(order.begin() + from);
    order.insert(order.begin() + to, moved);
}

// Returns false when the ballot cannot be cast as it stands (nothing chosen, over budget).
bool draw_choices(AppState& st, Fonts& fonts, float width, const ConsultationDetail& d, BallotDraft& b) {
    const core::Lang L = st.lang;
    const int n = static_cast<int>(d.options.size());
    switch (d.s.method) {
        case core::VotingMethod::Plurality:
        case core::VotingMethod::YesNo:
            for (int i = 0; i < n; ++i)
                if (ui::radio(fonts, d.options[i].label, b.single == i, ("opt" + std::to_string(i)).c_str())) b.single = i;
            return b.single >= 0;
        case core::VotingMethod::Approval: {
            int count = 0;
            for (bool c : b.chosen) count += c;
            ui::text_colored(fonts, ui::kMuted, ui::replace_n(tr(Msg::VoteChooseMax, L), static_cast<long long>(d.method_param)));
            for (int i = 0; i < n; ++i) {
                fonts.need(d.options[i].label);
                bool v = b.chosen[i];
                const bool full = !v && d.method_param > 0 && count >= static_cast<int>(d.method_param);
                if (full) ImGui::BeginDisabled();
                if (ui::checkbox(fonts, d.options[i].label, v, ("opt" + std::to_string(i)).c_str())) b.chosen[i] = v;
                if (full) ImGui::EndDisabled();
            }
            return count > 0;
        }
        case core::VotingMethod::Budget: {
            uint64_t used = 0;
            for (int i = 0; i < n; ++i) if (b.chosen[i]) used += d.options[i].cost;
            for (int i = 0; i < n; ++i) {
                const std::string label = d.options[i].label + "（" + std::to_string(d.options[i].cost) + "）";
                fonts.need(label);
                bool v = b.chosen[i];
                const bool over = !v && used + d.options[i].cost > d.method_param;  // adding it would break the cap
                if (over) ImGui::BeginDisabled();
                if (ui::checkbox(fonts, label, v, ("opt" + std::to_string(i)).c_str())) b.chosen[i] = v;
                if (over) ImGui::EndDisabled();
            }
            ui::text(fonts, ui::replace_n(tr(Msg::VoteBudgetUsed, L), static_cast<long long>(used)) + " / " +
                                ui::replace_n(tr(Msg::VoteBudgetCap, L), static_cast<long long>(d.method_param)));
            if (used > d.method_param) {
                ui::text_colored(fonts, ui::kAccent, tr(Msg::VoteOverBudget, L));
                return false;
            }
            return used > 0;
        }
        case core::VotingMethod::Score:
            ui::text_colored(fonts, ui::kMuted, ui::replace_n(tr(Msg::VoteScoreMax, L), static_cast<long long>(d.method_param)));
            for (int i = 0; i < n; ++i) {
                fonts.need(d.options[i].label);
                ImGui::SetNextItemWidth(width * 0.5f);
                next_role(Role::Slider);
                ImGui::SliderInt((d.options[i].label + "##opt" + std::to_string(i)).c_str(), &b.scores[i], 0,
                                 static_cast<int>(d.method_param));
                note_value(std::to_string(b.scores[i]) + "/" + std::to_string(d.method_param));  // value/max
            }
            return true;
        case core::VotingMethod::Ranked:
            ui::text_colored(fonts, ui::kMuted, tr(Msg::VoteRankHelp, L));
            for (int r = 0; r < static_cast<int>(b.order.size()); ++r) {
                const int i = b.order[r];
                ImGui::PushID(r);
                ImGui::BeginDisabled(r == 0);
                if (ui::button(fonts, tr(Msg::Up, L), "up")) std::swap(b.order[r], b.order[r - 1]);
                note_name(ui::fill(tr(Msg::UpNamed, L), "{label}", d.options[i].label));   // not just "↑" for a screen reader
                ImGui::EndDisabled();
                ImGui::SameLine();
                ImGui::BeginDisabled(r + 1 == static_cast<int>(b.order.size()));
                if (ui::button(fonts, tr(Msg::Down, L), "down")) std::swap(b.order[r], b.order[r + 1]);
                note_name(ui::fill(tr(Msg::DownNamed, L), "{label}", d.options[i].label));
                ImGui::EndDisabled();
                ImGui::SameLine();
                // The row itself can be dragged onto another row (mouse); the arrows work everywhere.
                const std::string row = std::to_string(r + 1) + ". " + d.options[i].label;
                ui::selectable(fonts, row, "row");
                if (ImGui::BeginDragDropSource()) {
                    ImGui::SetDragDropPayload(kRankPayload, &r, sizeof r);
                    ui::text(fonts, d.options[i].label);
                    ImGui::EndDragDropSource();
                }
                if (ImGui::BeginDragDropTarget()) {
                    if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload(kRankPayload))
                        move_rank(b.order, *static_cast<const int*>(p->Data), r);
                    ImGui::EndDragDropTarget();
                }
                ImGui::PopID();
            }
            return true;
    }
    return false;
}

// What a cast ballot chose, in words: the option (plurality, yes/no), the options (approval, budget),
// each score (score) or the order (ranked).
std::string vote_summary(const ConsultationDetail& d, const core::VotePayload& v, core::Lang L) {
    const std::string sep = L == core::Lang::En ? ", " : "、";
    std::vector<std::pair<uint64_t, std::string>> parts;   // (sort key, text)
    for (const auto& entry : v.entries)
        for (const auto& o : d.options) {
            if (o.option_id != entry.option_id) continue;
            switch (v.method) {
                case core::VotingMethod::Score:
                    parts.emplace_back(parts.size(), o.label + " " + std::to_string(entry.value) + "/" + std::to_string(d.method_param));
                    break;
                case core::VotingMethod::Ranked:
                    parts.emplace_back(entry.value, std::to_string(entry.value) + ". " + o.label);
                    break;
                default: parts.emplace_back(parts.size(), o.label); break;
            }
        }
    std::sort(parts.begin(), parts.end());
    std::string out;
    for (const auto& [key, text] : parts) out += (out.empty() ? "" : sep) + text;
    return out;
}

// Coming back after voting: 你已投票, what was chosen, and the plain receipt; the log entry, the ballot's
// id and the cryptographic check are behind a tap.
void draw_my_vote(AppState& st, Fonts& fonts, const ConsultationDetail& d, const SentVote& mine, Commands& cmds) {
    const JourneyState& j = st.journeys;
    const core::Lang L = st.lang;
    ui::heading(fonts, tr(Msg::YouVoted, L), ui::kGood);
    ui::text(fonts, std::string(tr(Msg::YourChoice, L)) + vote_summary(d, mine.vote, L));
    ui::text_colored(fonts, ui::kGood, tr(Msg::VoteReceiptPlain, L));
    if (!ui::disclosure(fonts, tr(Msg::ReceiptDetails, L), tr(Msg::ReceiptHide, L), "receipt")) return;
    if (mine.item->log_index >= 0)
        ui::text_colored(fonts, ui::kMuted, ui::replace_n(tr(Msg::ReceiptEntry, L), mine.item->log_index));
    ui::text_colored(fonts, ui::kMuted, std::string(tr(Msg::ReceiptBallotId, L)) + mine.item->envelope_id);
    if (ui::button(fonts, tr(Msg::VoteCheck, L), "check-vote")) cmds.j.check_vote = true;
    if (!j.receipt_message.empty())
        ui::text_colored(fonts, j.receipt_ok ? ui::kGood : ui::kAccent, notes_text(j.receipt_message, L));
}

}  // namespace

void draw_ballot(AppState& st, Fonts& fonts, float width, Commands& cmds) {
    JourneyState& j = st.journeys;
    const ConsultationDetail& d = *j.detail;
    const core::Lang L = st.lang;
    ui::heading(fonts, tr(Msg::VoteHeading, L), ui::kInk);
    if (j.ballot.consultation != d.s.id) return;
    const std::string action = "vote:" + std::to_string(d.s.id);
    const std::optional<SentVote> mine = sent_vote(st.account, d.s.id);
    if (mine) draw_my_vote(st, fonts, d, *mine, cmds);
    const bool complete = draw_choices(st, fonts, width, d, j.ballot);   // (a new vote replaces the last)
    const bool disabled = !complete || action_pending(st, action);
    if (disabled) ImGui::BeginDisabled();
    if (ui::primary_button(fonts, tr(Msg::VoteButton, L), "vote")) cmds.j.vote = true;
    if (disabled) ImGui::EndDisabled();
    // The ballot key's binding and the ballot say only what is not said above: waiting, refused, or sent
    // (a newer ballot than the one shown as cast).
    const OutboxItem* bind = latest_outbox_item(st.account, "bind:" + std::to_string(d.s.id));
    if (bind && bind->state != OutboxState::Sent) draw_action_status(st, fonts, "bind:" + std::to_string(d.s.id));
    const OutboxItem* last = latest_outbox_item(st.account, action);
    if (!mine || !last || last != mine->item || (st.account.form_error && st.account.form_error_action == action))
        draw_action_status(st, fonts, action);
}

}  // namespace yishi::client
