// view_account.cpp — 我的: the device's identity (what the key is for), enrolment with a committee's
// code, backup and restore of the key under a passphrase, and the outbox indicator of the top bar.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <cctype>
#include <string>

#include "views/views.hpp"
#include "platform/item_hooks.hpp"
#include "platform/native_field.hpp"
#include "views/ui.hpp"

namespace yishi::client {

using core::Msg;
using core::tr;

std::string note_text(const Note& note, core::Lang lang) {
    std::string text = ui::replace_n(tr(note.msg, lang), note.n);
    if (auto at = text.find("{m}"); at != std::string::npos) text.replace(at, 3, std::to_string(note.m));
    return text + note.detail;
}

std::string notes_text(const std::vector<Note>& notes, core::Lang lang) {
    std::string out;
    for (size_t i = 0; i < notes.size(); ++i) {
        if (i > 0) out += notes[i].own_line ? '\n' : ' ';
        out += note_text(notes[i], lang);
    }
    return out;
}

// The state of the newest submission made by `action`, or a check that failed before signing.
void draw_action_status(const AppState& st, Fonts& fonts, const std::string& action) {
    const Account& me = st.account;
    if (me.form_error && me.form_error_action == action)
        return ui::text_colored(fonts, ui::kAccent, note_text(*me.form_error, st.lang));
    const OutboxItem* it = latest_outbox_item(me, action);
    if (!it) return;
    switch (it->state) {
        case OutboxState::Pending: return ui::text_colored(fonts, ui::kMuted, tr(Msg::Queued, st.lang));
        case OutboxState::Sent: return ui::text_colored(fonts, ui::kGood, tr(Msg::Sent, st.lang));
        case OutboxState::Refused: {
            const Msg m = refusal_message(it->error_code);
            std::string text(tr(m, st.lang));
            if (m == Msg::ErrOther) text += it->error_code;
            return ui::text_colored(fonts, ui::kAccent, text);
        }
    }
}

bool action_pending(const AppState& st, const std::string& action) {
    const OutboxItem* it = latest_outbox_item(st.account, action);
    return it && it->state == OutboxState::Pending;
}

void draw_outbox_badge(const AppState& st, Fonts& fonts, Commands& cmds) {
    const size_t pending = outbox_pending(st.account);
    if (pending == 0) return;
    ImGui::SameLine();
    ui::text_colored(fonts, ui::kAccent, ui::replace_n(tr(Msg::OutboxWaiting, st.lang), static_cast<long long>(pending)));
    ImGui::SameLine();
    if (ui::button(fonts, tr(Msg::OutboxRetry, st.lang), "outbox-retry")) cmds.account.retry_outbox = true;
}

namespace {

void draw_enroll(AppState& st, Fonts& fonts, float width, Commands& cmds) {
    Account& me = st.account;
    const core::Lang L = st.lang;
    if (me.enrolled) {
        std::string who = std::string(tr(Msg::EnrolledAs, L)) + ui::region_label(me.region_name, me.region);
        if (!me.display_name.empty()) who += " · " + me.display_name;
        ui::text_colored(fonts, ui::kGood, who);
        return;
    }
    ui::heading(fonts, tr(Msg::EnrollHeading, L), ui::kInk);
    ui::text(fonts, tr(Msg::NotEnrolled, L));
    ui::text_colored(fonts, ui::kMuted, tr(Msg::EnrollHelp, L));
    ui::input_text(fonts, tr(Msg::EnrollCode, L), tr(Msg::EnrollCode, L), me.enroll_code, "##enroll-code", width);
    ui::input_text(fonts, tr(Msg::EnrollName, L), tr(Msg::EnrollName, L), me.enroll_name, "##enroll-name", width);
    // No community to pick or type: the code names it (journeys.cpp asks the server by the code's hash).
    const bool pending = me.enroll_looking || action_pending(st, "enroll");
    if (pending) ImGui::BeginDisabled();
    if (ui::primary_button(fonts, tr(Msg::EnrollButton, L), "enroll")) cmds.account.enroll = true;
    if (pending) ImGui::EndDisabled();
    if (me.enroll_looking) ui::text_colored(fonts, ui::kMuted, tr(Msg::EnrollLookup, L));
    draw_action_status(st, fonts, "enroll");
}

void draw_backup(AppState& st, Fonts& fonts, float width, Commands& cmds) {
    Account& me = st.account;
    const core::Lang L = st.lang;
    ui::heading(fonts, tr(Msg::BackupHeading, L), ui::kInk);
    // Browser elements here (native_field.hpp): a real password field, and long-press paste of a backup.
    native_field(fonts, tr(Msg::Passphrase, L), me.passphrase, "passphrase", width, NativeKind::Password);
    if (ui::button(fonts, tr(Msg::BackupButton, L), "backup")) cmds.account.make_backup = true;
    // The backup right under its button, where the eye is (below 从备份恢复 it fell off a phone's screen).
    if (!me.backup_text.empty()) {
        ui::text(fonts, me.backup_text);
        if (ui::button(fonts, tr(Msg::Copy, L), "copy-backup")) ImGui::SetClipboardText(me.backup_text.c_str());
    }
    native_field(fonts, tr(Msg::RestoreText, L), me.restore_text, "restore", width, NativeKind::Text);
    if (ui::button(fonts, tr(Msg::RestoreButton, L), "restore")) cmds.account.restore = true;
    if (me.key_message) {
        ui::text_colored(fonts, me.key_message_error ? ui::kAccent : ui::kGood, note_text(*me.key_message, L));
        ui::bring_into_view("key-message", me.key_message_serial);  // under the button, often below the fold
    }
}

// The key's short fingerprint: its first 16 hex digits, upper case, in groups of four ("3F2A 9C01 ...").
std::string key_fingerprint(std::string_view key_hex) {
    std::string out;
    for (size_t i = 0; i < 16 && i < key_hex.size(); ++i) {
        if (i > 0 && i % 4 == 0) out += ' ';
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(key_hex[i])));
    }
    return out;
}

// 高级: the key is not shown until asked for; then a short fingerprint to compare by eye, and the
// whole key, which an operator registers a committee or moderator by (yishi-server add-committee --key).
void draw_advanced(const AppState& st, Fonts& fonts) {
    const Account& me = st.account;
    if (me.key_hex.empty() || !ui::disclosure(fonts, tr(Msg::Advanced, st.lang), tr(Msg::AdvancedHide, st.lang), "advanced"))
        return;
    ui::text(fonts, std::string(tr(Msg::KeyFingerprint, st.lang)) + " " + key_fingerprint(me.key_hex));
    ui::text_colored(fonts, ui::kMuted, tr(Msg::KeyFullHelp, st.lang));
    ui::text_colored(fonts, ui::kMuted, std::string(tr(Msg::KeyLabel, st.lang)) + " " + me.key_hex);
}

}  // namespace

void draw_account(AppState& st, Fonts& fonts, float width, Commands& cmds) {
    const Account& me = st.account;
    if (me.new_key) ui::text(fonts, tr(Msg::KeyExplain, st.lang));
    draw_advanced(st, fonts);
    if (!st.account.committee_roles.empty() &&  // [committee] shown only to a key holding the committee role
        ui::primary_button(fonts, tr(Msg::CommitteeWorkspace, st.lang), "committee"))
        cmds.committee.open_workspace = true;
    // [moderation] only for a key holding the moderator role (GET /api/residents/{hex})
    if (is_moderator(st.moderation) && ui::primary_button(fonts, tr(Msg::ModWorkspace, st.lang), "open-moderation"))
        cmds.mod.open = true;
    ImGui::Spacing();
    draw_enroll(st, fonts, width, cmds);
    ImGui::Spacing();
    ImGui::Separator();
    draw_backup(st, fonts, width, cmds);
}

}  // namespace yishi::client
