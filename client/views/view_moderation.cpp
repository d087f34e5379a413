// view_moderation.cpp — 内容管理, the moderator's workspace: the reported comments of the moderated
// region (text, author, number of reports, consultation), or its needs, feedback texts or display
// names (newest first), each with a reason field, quick-pick reasons (人身攻击 / 广告 / 泄露隐私) and
// 隐藏; for a hidden one 恢复显示. What was handled in this
// visit stays listed below, so a comment hidden by mistake can be restored. The server's answer is
// shown next to the action in the user's language. Reached from 我的 (view_account.cpp).
#include <imgui.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "views/views.hpp"
#include "views/ui.hpp"

namespace yishi::client {

using core::Msg;
using core::tr;

namespace {

constexpr Msg kQuickReasons[] = {Msg::ModReasonAbuse, Msg::ModReasonAd, Msg::ModReasonPrivacy};

// The server's refusal of a moderation, in words.
std::string moderation_refusal(const std::string& code, core::Lang lang) {
    if (code == "not_moderator") return std::string(tr(Msg::ErrNotModerator, lang));
    if (code == "results_hidden") return std::string(tr(Msg::ErrResultsHidden, lang));
    const Msg msg = refusal_message(code);
    std::string text(tr(msg, lang));
    if (msg == Msg::ErrOther) text += code;
    return text;
}

// Next to the action: a check before signing, then the newest submission's state for this comment.
void draw_outcome(const AppState& st, Fonts& fonts, const std::string& id) {
    const ModerationState& m = st.moderation;
    if (m.form_error && m.form_error_for == id)
        return ui::text_colored(fonts, ui::kAccent, note_text(*m.form_error, st.lang));
    const OutboxItem* o = latest_outbox_item(st.account, "moderate:" + id);
    if (!o) return;
    switch (o->state) {
        case OutboxState::Pending: return ui::text_colored(fonts, ui::kMuted, tr(Msg::Queued, st.lang));
        case OutboxState::Sent: return;  // the acted list says what happened
        case OutboxState::Refused: return ui::text_colored(fonts, ui::kAccent, moderation_refusal(o->error_code, st.lang));
    }
}

bool pending(const AppState& st, const std::string& id) {
    const OutboxItem* o = latest_outbox_item(st.account, "moderate:" + id);
    return o && o->state == OutboxState::Pending;
}

// The reason field with its quick picks, then hide or restore.
void draw_actions(AppState& st, Fonts& fonts, float width, const CommentInfo& c, bool hidden, Commands& cmds) {
    const core::Lang L = st.lang;
    std::string& reason = st.moderation.reasons[c.id];
    const std::string field_id = "##reason-" + c.id;
    ui::input_text(fonts, tr(Msg::ModReason, L), tr(Msg::ModReasonHint, L), reason, field_id.c_str(), width);
    if (!hidden) {
        for (int k = 0; k < 3; ++k) {
            if (k > 0) ImGui::SameLine();
            const std::string id = "quick" + std::to_string(k) + "-" + c.id;
            if (ui::button(fonts, tr(kQuickReasons[k], L), id.c_str()))
                cmds.mod.quick_reason = {{c.id, std::string(tr(kQuickReasons[k], L))}};
        }
    }
    const bool busy = pending(st, c.id);
    if (busy) ImGui::BeginDisabled();
    const std::string id = (hidden ? "restore-" : "hide-") + c.id;
    if (ui::primary_button(fonts, tr(hidden ? Msg::ModRestore : Msg::ModHide, L), id.c_str())) {
        if (hidden) cmds.mod.restore = c.id;
        else cmds.mod.hide = c.id;
    }
    if (busy) ImGui::EndDisabled();
    draw_outcome(st, fonts, c.id);
}

void draw_item(AppState& st, Fonts& fonts, float width, const ModerationItem& it, Commands& cmds) {
    const core::Lang L = st.lang;
    const ModerationState& m = st.moderation;
    const ModerationList list = it.list;
    if (list == ModerationList::Reported || list == ModerationList::Needs) {
        auto title = m.titles.find(it.consultation);
        ui::text_colored(fonts, ui::kMuted, it.consultation == 0 ? std::string(tr(Msg::ModRegionWide, L))
            : std::string(tr(Msg::ModIn, L)) + (title != m.titles.end() ? title->second : "#" + std::to_string(it.consultation)));
        const std::string author = ui::shown_name(it.comment.author);
        ui::tinted(fonts, ui::kAccent, list == ModerationList::Reported
                                           ? author + " · " + ui::replace_n(tr(Msg::ModReports, L), it.reports) : author);
    }
    const Msg hidden_as = list == ModerationList::Needs ? Msg::HiddenProposal : list == ModerationList::Feedback
        ? Msg::HiddenFeedback : list == ModerationList::Names ? Msg::ModHiddenName : Msg::HiddenComment;
    if (it.comment.hidden) {
        ui::text_colored(fonts, ui::kMuted, std::string(tr(hidden_as, L)) + it.comment.hidden_reason);
    } else {
        if (!it.title.empty()) ui::heading(fonts, it.title, ui::kInk);
        if (!it.comment.text.empty()) ui::text(fonts, it.comment.text);
    }
    draw_actions(st, fonts, width, it.comment, it.comment.hidden, cmds);
    ImGui::Spacing();
    ImGui::Separator();
}

// What this visit did: the newest first; a hide the server accepted can be undone here.
void draw_acted(AppState& st, Fonts& fonts, float width, Commands& cmds) {
    const core::Lang L = st.lang;
    const ModerationState& m = st.moderation;
    if (m.acted.empty()) return;
    ui::heading(fonts, tr(Msg::ModActedHeading, L), ui::kInk);
    std::set<std::string> shown;
    for (auto a = m.acted.rbegin(); a != m.acted.rend(); ++a) {
        const std::string id = a->item.comment.id;
        if (!shown.insert(id).second) continue;  // only the latest act per comment
        const OutboxItem* o = latest_outbox_item(st.account, a->action);
        const bool accepted = o && o->state == OutboxState::Sent;
        const ModerationItem& was = a->item;   // a need by its title, else the text, else why it was hidden
        const std::string text = !was.title.empty() ? was.title : !was.comment.text.empty() ? was.comment.text
                                                                                           : was.comment.hidden_reason;
        const bool authored = was.list == ModerationList::Reported || was.list == ModerationList::Needs;
        const std::string author = ui::shown_name(was.comment.author);
        ui::text_colored(fonts, ui::kMuted, authored ? author + "：" + text : text);
        if (accepted) {
            ui::text_colored(fonts, ui::kGood, a->hide ? std::string(tr(Msg::ModHiddenNow, L)) + a->reason
                                                       : std::string(tr(Msg::ModRestoredNow, L)));
        }
        const ModerationAct act = *a;  // draw_actions may add to `reasons`, not to `acted`
        // Its own widget ids: a hidden need, feedback or name stays in its list above with the same ones.
        ImGui::PushID("acted");
        if (accepted && act.hide) draw_actions(st, fonts, width, act.item.comment, true, cmds);
        else draw_outcome(st, fonts, id);
        ImGui::PopID();
        ImGui::Spacing();
    }
}

}  // namespace

void draw_moderation(AppState& st, Fonts& fonts, float width, Commands& cmds) {
    const core::Lang L = st.lang;
    ModerationState& m = st.moderation;
    if (ui::button(fonts, tr(Msg::Back, L), "mod-back")) cmds.mod.back = true;
    ui::heading(fonts, tr(Msg::ModWorkspace, L));
    ui::text_colored(fonts, ui::kMuted, tr(Msg::ModIntro, L));
    if (!is_moderator(m)) return ui::text_colored(fonts, ui::kAccent, tr(Msg::ModNotModerator, L));
    if (m.regions.size() > 1) {
        std::vector<std::string> names;
        for (const auto& r : m.regions) names.push_back(r.second);
        int index = std::min<int>(m.region_index, static_cast<int>(names.size()) - 1);   // a copy: the model decides
        if (ui::combo(fonts, tr(Msg::ModRegionName, L), names.data(), static_cast<int>(names.size()), index, "##mod-region",
                      width))
            cmds.mod.region_index = index;
    } else {
        ui::text(fonts, std::string(tr(Msg::ModRegion, L)) + m.regions.front().second);
    }
    // Which list: two choices a row, so that they fit a phone.
    constexpr std::pair<ModerationList, Msg> kLists[] = {{ModerationList::Reported, Msg::ModListReported},
        {ModerationList::Needs, Msg::ModListNeeds}, {ModerationList::Feedback, Msg::ModListFeedback},
        {ModerationList::Names, Msg::ModListNames}};
    for (size_t k = 0; k < std::size(kLists); ++k) {
        if (k % 2 == 1) ImGui::SameLine();
        const std::string id = "mod-list-" + std::to_string(k);
        if (ui::radio(fonts, tr(kLists[k].second, L), m.list == kLists[k].first, id.c_str())) cmds.mod.list = kLists[k].first;
    }
    const bool reported = m.list == ModerationList::Reported;
    if (m.loading && m.queue.empty()) ui::text_colored(fonts, ui::kMuted, tr(Msg::Loading, L));
    else if (!m.error.empty()) ui::text_colored(fonts, ui::kAccent, std::string(tr(Msg::LoadFailed, L)) + m.error);
    else if (m.queue.empty()) ui::text_colored(fonts, ui::kMuted, tr(reported ? Msg::ModQueueEmpty : Msg::ModListEmpty, L));
    else ui::text_colored(fonts, ui::kInk, ui::replace_n(tr(reported ? Msg::ModQueueCount : Msg::ModListCount, L), m.total));
    ImGui::SameLine();
    if (ui::button(fonts, tr(Msg::ModRefresh, L), "mod-refresh")) cmds.mod.refresh = true;
    ImGui::Separator();
    const std::vector<ModerationItem> queue = m.queue;  // the view may not reorder what it draws
    for (const auto& it : queue) draw_item(st, fonts, width, it, cmds);
    ImGui::Spacing();
    draw_acted(st, fonts, width, cmds);
}

}  // namespace yishi::client
