// app.cpp — the app's controller: each frame's commands and ticks handed to the features (model/),
// the navigation, and the server's health.
#include "app.hpp"

#include "model/net.hpp"
#include "wire.hpp"

namespace yishi::client {

namespace {

constexpr double kHealthRetrySeconds = 5.0;     // while the server is unreachable
constexpr double kHealthRefreshSeconds = 60.0;  // while it is online

bool tick_health(AppState& st, double now, Net& net) {
    if (st.server == ServerState::Checking || now < st.next_health_check) return false;
    const bool first = st.server == ServerState::Unknown;
    if (first) st.server = ServerState::Checking;
    st.next_health_check = now + kHealthRetrySeconds;  // until an answer says otherwise
    net.get("/api/health", [&st, now](const HttpResponse& r) {
        auto body = wire::parse_json(r.body);
        if (r.status == 200 && wire::json_bool(body, "ok")) {
            st.server = ServerState::Online;
            st.server_version = wire::json_str(body, "version");
            st.next_health_check = now + kHealthRefreshSeconds;
        } else {
            st.server = ServerState::Offline;
        }
    });
    return first;
}

}  // namespace

void apply_commands(AppState& st, const Commands& cmds, Net& net) {
    if (cmds.switch_language) st.lang = core::other_lang(st.lang);
    if (cmds.large_text) st.large_text = *cmds.large_text, st.text_size_asked = true;  // the platform keeps it
    // Navigation: the tabs, and the buttons that lead to another screen.
    if (cmds.go) st.screen = *cmds.go;
    if (cmds.go == Screen::Home && !cmds.j.open_consultation && st.journeys.open)  // 首页 leaves a consultation
        st.journeys.open.reset(), st.journeys.list_stale = true;
    if (cmds.j.open_consultation) st.screen = Screen::Home;
    if (cmds.committee.open_workspace) st.screen = Screen::Committee;
    if (cmds.mod.open) st.screen = Screen::Moderation;
    if (cmds.mod.back) st.screen = Screen::Me;
    if (cmds.go == Screen::Me) reread_resident(st.account);   // 我的 reads the key's roles again
    FeedbackCommands feedback = cmds.feedback;
    // The clerk's queue opens on her own community (the first her committee roles name), already loaded,
    // instead of asking her for the community's number.
    const std::vector<CommitteeRole>& roles = st.account.committee_roles;
    if (cmds.go == Screen::FeedbackQueue && st.feedback.queue_loaded_region == 0 && !roles.empty()) {
        if (st.feedback.queue_region.empty()) st.feedback.queue_region = std::to_string(roles.front().region);
        feedback.load_queue = true;
    }
    apply_account_commands(st.account, cmds.account, net);
    apply_directory_commands(st.directory, cmds.directory, st.account, net);
    apply_feedback_commands(st.feedback, feedback, net);
    apply_journey_commands(st.journeys, cmds.j, st.account, st.audit.trust, net);  // [journeys]
    apply_opinion_commands(st.opinion, cmds.j);  // [opinion]
    apply_committee_commands(st.committee, cmds.committee, st.account, net);  // [committee]
    apply_moderation_commands(st.moderation, cmds.mod, st.account, net);  // [moderation]
    apply_audit_commands(st.audit, cmds.audit, net);  // [audit]
}

namespace {

// One identity: the feedback screens sign with the account's key, know where it is enrolled, and the
// device's sequence number for the key moves forward whoever signed last.
void share_identity(AppState& st) {
    Account& me = st.account;
    FeedbackState& fb = st.feedback;
    if (!me.seed) return;
    if (fb.public_hex != me.key_hex) adopt_identity(fb, *me.seed);   // first time, or after a restore
    fb.region = me.enrolled ? me.region : 0;   // feedback is sent from the community joined on 我的
    if (fb.signed_sequence > me.store.last_sequence(me.key_hex)) {
        me.store.set_last_sequence(me.key_hex, fb.signed_sequence);
        persist(me);
    }
    fb.local_sequence = me.store.last_sequence(me.key_hex);
}

}  // namespace

bool tick_app(AppState& st, double now, Net& net) {
    bool changed = tick_health(st, now, net);
    changed |= tick_account(st.account, now, net);
    changed |= tick_directory(st.directory, st.account, st.screen == Screen::Directory, now, net);
    changed |= tick_journeys(st.journeys, st.account, st.screen == Screen::Home, net);  // [journeys]
    changed |= tick_opinion(st.opinion, st.journeys, st.account, st.committee, now, net);  // [opinion]
    changed |= tick_committee(st.committee, st.account, st.directory.cache, st.screen == Screen::Committee, net);
    changed |= tick_moderation(st.moderation, st.account, st.screen, net);  // [moderation]
    const auto& shown = st.journeys.detail;   // [audit] the consultation on screen, if any
    changed |= tick_audit(st.audit, shown && st.journeys.open && shown->s.id == *st.journeys.open ? &*shown : nullptr, net);
    share_identity(st);
    if (st.screen == Screen::Feedback || st.screen == Screen::FeedbackQueue) changed |= tick_feedback(st.feedback, now, net);
    return changed;
}

}  // namespace yishi::client
