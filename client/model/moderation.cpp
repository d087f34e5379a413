// moderation.cpp — the controller of the moderator's workspace and of the export downloads
// (see moderation.hpp).
//
// The moderator roles are the account's (its resident record, read again on every visit to 我的 and
// when the workspace opens, since an operator may grant the role at any time); the queue from
// GET /api/moderation/queue?region=, the other lists from GET /api/moderation/content?region=&kind=;
// consultation titles from GET /api/consultations/{id}. Hide and
// restore are `moderate` envelopes signed by sign_and_queue; their outcome is read from the outbox.
//
// [SECTION] Helpers
// [SECTION] Reading: queue, titles
// [SECTION] Commands: hide, restore, exports
// [SECTION] Tick
#include "model/moderation.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "model/net.hpp"
#include "wire.hpp"

namespace yishi::client {

using core::Msg;
using nlohmann::json;

namespace {

// [SECTION] Helpers

constexpr size_t kQueueLimit = 50;            // reported comments (or newest needs, feedback, names) shown

json parse(const HttpResponse& r) { return wire::parse_json(r.body); }
// The lenient readers of wire.hpp under short names (a missing or mistyped field reads as empty).
constexpr auto str = wire::json_str;
constexpr auto num = wire::json_int;

// True when the text has something other than spaces (ASCII or the ideographic space U+3000).
bool blank(const std::string& s) {
    std::string rest = s;
    for (size_t at; (at = rest.find("\u3000")) != std::string::npos;) rest.erase(at, 3);
    return std::all_of(rest.begin(), rest.end(), [](unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

ModerationItem item_from_json(const json& x, uint32_t region) {
    ModerationItem it;
    CommentInfo& c = it.comment;
    c.id = str(x, "id");
    c.parent = str(x, "parent");
    const std::string stance = str(x, "stance");
    c.stance = stance == "for" ? core::Stance::For : stance == "against" ? core::Stance::Against : core::Stance::Neutral;
    c.text = str(x, "text");
    c.author = str(x, "author_name");
    c.agree = num(x, "agree"), c.disagree = num(x, "disagree"), c.pass = num(x, "pass");
    c.hidden = wire::json_bool(x, "hidden");
    c.hidden_reason = str(x, "hidden_reason");
    it.consultation = static_cast<uint64_t>(num(x, "consultation"));
    it.region = region;
    it.reports = num(x, "reports");
    it.last_action = str(x, "last_action");
    return it;
}

// [SECTION] Reading

void read_titles(ModerationState& m, Net& net) {
    for (const auto& it : m.queue) {
        if (it.consultation == 0 || m.titles_asked.count(it.consultation)) continue;   // 0: the whole region
        m.titles_asked.insert(it.consultation);
        const uint64_t id = it.consultation;
        net.get("/api/consultations/" + std::to_string(id), [&m, id](const HttpResponse& r) {
            auto b = parse(r);
            if (r.status == 200 && b.is_object()) m.titles[id] = str(b, "title");
            else m.titles_asked.erase(id);  // ask again with the next queue
        });
    }
}

// A need, feedback text or display name of GET /api/moderation/content.
ModerationItem content_from_json(const json& x, uint32_t region, ModerationList list) {
    ModerationItem it;
    it.list = list;
    it.comment.id = str(x, "id");
    it.comment.text = str(x, "text");
    it.comment.author = str(x, "author_name");
    it.comment.hidden = wire::json_bool(x, "hidden");
    it.comment.hidden_reason = str(x, "hidden_reason");
    it.title = str(x, "title");
    it.consultation = static_cast<uint64_t>(num(x, "consultation"));
    it.region = region;
    return it;
}

const char* content_kind(ModerationList list) {
    return list == ModerationList::Needs ? "needs" : list == ModerationList::Feedback ? "feedback" : "names";
}

void read_queue(ModerationState& m, Net& net) {
    if (m.regions.empty()) return;
    m.region_index = std::clamp(m.region_index, 0, static_cast<int>(m.regions.size()) - 1);
    const uint32_t region = m.regions[m.region_index].first;
    const int serial = ++m.serial;
    m.loading = true;
    m.stale = false;
    const ModerationList list = m.list;
    const std::string query = "?region=" + std::to_string(region) + "&limit=" + std::to_string(kQueueLimit);
    net.get(list == ModerationList::Reported ? "/api/moderation/queue" + query
                                             : "/api/moderation/content" + query + "&kind=" + content_kind(list),
            [&m, &net, serial, region, list](const HttpResponse& r) {
                if (serial != m.serial) return;
                m.loading = false;
                auto b = parse(r);
                if (r.status != 200 || !b.is_object() || !b["items"].is_array()) {
                    m.error = error_code_of(r);
                    return;
                }
                m.error.clear();
                m.queue.clear();
                for (const auto& x : b["items"])
                    m.queue.push_back(list == ModerationList::Reported ? item_from_json(x, region)
                                                                       : content_from_json(x, region, list));
                m.total = num(b, "total");
                read_titles(m, net);
            });
}

// [SECTION] Commands

const ModerationItem* find_item(const ModerationState& m, const std::string& id) {
    for (const auto& it : m.queue) if (it.comment.id == id) return &it;
    for (auto a = m.acted.rbegin(); a != m.acted.rend(); ++a) if (a->item.comment.id == id) return &a->item;
    return nullptr;
}

void moderate(ModerationState& m, Account& me, const std::string& id, bool hide) {
    m.form_error.reset(), m.form_error_for.clear();
    const ModerationItem* found = find_item(m, id);
    auto target = core::from_hex_array<core::kHashSize>(id);
    if (!found || !target || !me.seed) return;
    const ModerationItem item = *found;
    const std::string reason = m.reasons[id];
    if (hide && blank(reason)) {  // a hidden comment always says why
        m.form_error = Note{Msg::ModReasonRequired};
        m.form_error_for = id;
        return;
    }
    core::Envelope e;
    e.scope = {item.region, item.consultation};
    e.payload = core::ModeratePayload{*target, hide ? core::ModerationAction::Hide : core::ModerationAction::Restore,
                                      blank(reason) ? std::string() : reason};
    const std::string action = "moderate:" + id;
    if (auto s = sign_and_queue(me, std::move(e), *me.seed, action); !s) {
        const core::Error err = s.error();
        m.form_error = err == core::Error::EnvelopeStringTooLong || err == core::Error::EnvelopeTooLarge
                           ? Note{Msg::ErrTooLong}
                           : Note{Msg::ErrOther, 0, 0, std::string(core::error_code(err))};
        m.form_error_for = id;
        return;
    }
    m.acted.push_back({item, hide, reason, action});
    m.watching.insert(action);
}

void export_file(ModerationState& m, uint64_t consultation, bool csv, Net& net) {
    if (m.exporting) return;
    m.exporting = true;
    m.export_for = consultation;
    m.export_saved.clear(), m.export_error.clear();
    const std::string ext = csv ? "csv" : "json";
    const std::string file = "yishi-consultation-" + std::to_string(consultation) + "." + ext;
    net.download("/api/consultations/" + std::to_string(consultation) + "/export." + ext, file,
                 [&m, file](const HttpResponse& r) {
                     m.exporting = false;
                     if (r.status == 200) m.export_saved = file;
                     else m.export_error = error_code_of(r);
                 });
}

}  // namespace

bool is_moderator(const ModerationState& m) { return !m.regions.empty(); }

void apply_moderation_commands(ModerationState& m, const ModerationCommands& c, Account& me, Net& net) {
    if (c.open) m.stale = true, reread_resident(me);   // the role may have been granted or taken since
    if (c.refresh) m.stale = true;
    if (c.region_index && *c.region_index != m.region_index) m.region_index = *c.region_index, m.stale = true, m.queue.clear();
    if (c.list && *c.list != m.list) m.list = *c.list, m.stale = true, m.queue.clear(), m.total = 0, m.error.clear();
    if (c.quick_reason) m.reasons[c.quick_reason->first] = c.quick_reason->second;
    if (c.hide) moderate(m, me, *c.hide, true);
    if (c.restore) moderate(m, me, *c.restore, false);
    if (c.export_file) export_file(m, c.export_file->first, c.export_file->second, net);
}

// [SECTION] Tick

bool tick_moderation(ModerationState& m, const Account& me, Screen shown, Net& net) {
    bool changed = false;
    if (me.moderator_regions != m.regions) m.regions = me.moderator_regions, m.region_index = 0, m.stale = true, changed = true;
    // Outcomes: an accepted moderation clears its reason and reloads the queue; a refusal keeps the reason.
    for (auto it = m.watching.begin(); it != m.watching.end();) {
        const OutboxItem* o = latest_outbox_item(me, *it);
        if (!o || o->state == OutboxState::Pending) { ++it; continue; }
        if (o->state == OutboxState::Sent) m.reasons.erase(it->substr(std::string("moderate:").size()));
        m.stale = true, changed = true;
        it = m.watching.erase(it);
    }
    if (shown == Screen::Moderation && m.stale && !m.loading && !m.regions.empty()) read_queue(m, net), changed = true;
    return changed;
}

}  // namespace yishi::client
