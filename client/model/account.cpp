// account.cpp — the controller of the device's identity and outbox (see account.hpp).
//
// [SECTION] Helpers: clock, errors
// [SECTION] Identity: first visit, backup and restore, enrolment
// [SECTION] Signing and the outbox
// [SECTION] Reading: the key's sequence and resident record
// [SECTION] Queries
#include "model/account.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "model/net.hpp"
#include "wire.hpp"
#include "yishi/enrollment.hpp"
#include "yishi/viewer_proof.hpp"

namespace yishi::client {

using core::Msg;

// [SECTION] Helpers

int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string error_code_of(const HttpResponse& r) { return wire::error_code_of(r.status, r.body); }

std::string viewer_proof(const Account& me, const std::string& path) {
    if (!me.seed) return "";
    auto key = me.seed->signing_key();
    return key ? "&" + core::viewer_query(*key, path, wall_ms()) : "";
}

void persist(Account& me) { if (me.persist) me.persist(); }

void set_form_error(Account& me, const std::string& action, Note note) {
    me.form_error_action = action;
    me.form_error = std::move(note);
}

void clear_form_error(Account& me) { me.form_error.reset(), me.form_error_action.clear(); }

void report_refusal(Account& me, const std::string& action, const core::Status& s) {
    if (s.ok()) return;
    const core::Error e = s.error();
    Msg m = e == core::Error::EnvelopeStringTooLong || e == core::Error::EnvelopeTooLarge ? Msg::ErrTooLong
            : e == core::Error::BallotInvalid                                             ? Msg::ErrBallotInvalid
                                                                                          : Msg::ErrOther;
    set_form_error(me, action, Note{m, 0, 0, m == Msg::ErrOther ? std::string(core::error_code(e)) : ""});
}

namespace {

constexpr double kSendRetrySeconds = 4.0;        // after a failed delivery (offline, server down)
constexpr double kResidentRetrySeconds = 10.0;   // after /api/residents failed

// The lenient readers of wire.hpp under short names (a missing or mistyped field reads as empty).
constexpr auto str = wire::json_str;
constexpr auto num = wire::json_int;

// [SECTION] Identity

void reload_outbox(Account& me) { me.outbox = me.store.items(); }

void set_identity(Account& me, core::SecretSeed seed) {
    auto key = seed.signing_key();
    if (!key) return;
    me.key_hex = core::to_hex(key->public_key());
    me.seed.emplace(std::move(seed));
    me.sequence_synced = false;
    me.resident_known = false;
    me.next_resident = 0;
}

void set_key_message(Account& me, Msg m, bool error) {
    me.key_message = Note{m};
    me.key_message_error = error;
    ++me.key_message_serial;
}

void make_backup(Account& me) {
    auto sealed = core::seal_seed(*me.seed, me.passphrase);
    if (!sealed) {
        set_key_message(me, sealed.error() == core::Error::WeakPassphrase ? Msg::ErrWeakPassphrase : Msg::ErrOther, true);
        return;
    }
    me.backup_text = sealed.value();
    set_key_message(me, Msg::BackupDone, false);
}

void restore(Account& me) {
    auto seed = core::open_seed(me.restore_text, me.passphrase);
    if (!seed) {
        set_key_message(me, Msg::ErrWrongPassphrase, true);
        return;
    }
    me.store.set_seed(seed->bytes());
    set_identity(me, std::move(seed.value()));
    me.new_key = false;
    me.backup_text.clear(), me.restore_text.clear(), me.passphrase.clear();
    set_key_message(me, Msg::RestoreDone, false);
    persist(me);
}

// The resident types only the code: its community is asked of the server by the code's hash
// (GET /api/codes/{hash}), then the enrolment is signed for that community and queued.
void enroll(Account& me, Net& net) {
    auto code = core::normalize_enrollment_code(me.enroll_code);
    if (!code) return set_form_error(me, "enroll", Note{Msg::ErrCodeFormat});
    if (me.enroll_looking) return;
    me.enroll_looking = true;
    const core::Hash hash = core::enrollment_code_hash(*code);
    net.get("/api/codes/" + core::to_hex(hash), [&me, hash](const HttpResponse& r) {
        me.enroll_looking = false;
        const auto b = wire::parse_json(r.body);
        const auto region = static_cast<uint32_t>(num(b, "region"));
        if (r.status != 200 || region == 0) {
            const std::string code = error_code_of(r);
            return set_form_error(me, "enroll", code == "bad_enrollment_code" ? Note{Msg::ErrBadCode}
                                                : r.status == 0          ? Note{Msg::FbErrOffline}
                                                                         : Note{Msg::ErrOther, 0, 0, code});
        }
        core::Envelope e;
        e.scope = {region, 0};
        e.payload = core::EnrollPayload{hash, me.enroll_name};
        report_refusal(me, "enroll", sign_and_queue(me, std::move(e), *me.seed, "enroll"));
    });
}

// [SECTION] The outbox

// The server answered a row: the account learns what an accepted enrolment means; the journeys see
// every answer (Account::answered).
void after_delivery(Account& me, const OutboxItem& item, bool accepted) {
    if (item.kind == "enroll" && accepted) {
        // The server accepted the code for this region: remember it (until /api/residents says more).
        if (auto s = core::decode_signed_envelope(item.wire)) {
            me.enrolled = true;
            me.region = s->envelope.scope.region_id;
            me.store.set_draft("enrolled_region", std::to_string(me.region));
        }
        me.resident_known = false, me.next_resident = 0;
    }
    me.answered.push_back(item);
    me.answered.back().state = accepted ? OutboxState::Sent : OutboxState::Refused;
}

bool tick_outbox(Account& me, double now, Net& net) {
    if (me.sending || now < me.next_send) return false;
    auto it = std::find_if(me.outbox.begin(), me.outbox.end(),
                           [](const OutboxItem& o) { return o.state == OutboxState::Pending; });
    if (it == me.outbox.end()) return false;
    me.sending = true;
    const OutboxItem item = *it;
    net.post("/api/submit", item.wire, "application/octet-stream", [&me, item, now](const HttpResponse& r) {
        me.sending = false;
        if (r.status == 200 || r.status == 201) {
            me.store.mark(item.id, OutboxState::Sent, "", num(wire::parse_json(r.body), "log_index"));
        } else if (r.status == 0 || r.status >= 500 || r.status == 429) {
            me.next_send = now + kSendRetrySeconds;  // try again later: nothing was committed
            return;
        } else {
            me.store.mark(item.id, OutboxState::Refused, error_code_of(r), -1);
        }
        reload_outbox(me);
        after_delivery(me, item, r.status == 200 || r.status == 201);
        persist(me);
    });
    return true;
}

// [SECTION] Reading

void tick_identity_reads(Account& me, double now, Net& net) {
    if (me.key_hex.empty()) return;
    if (!me.sequence_synced && !me.sequence_asking) {
        me.sequence_asking = true;
        const std::string key = me.key_hex;
        net.get("/api/authors/" + key + "/sequence", [&me, key](const HttpResponse& r) {
            me.sequence_asking = false;
            if (r.status != 200 || key != me.key_hex) return;
            me.store.set_last_sequence(key, static_cast<uint64_t>(num(wire::parse_json(r.body), "sequence")));
            me.sequence_synced = true;
        });
    }
    if (!me.resident_known && !me.resident_asking && now >= me.next_resident) {
        me.resident_asking = true;
        const std::string key = me.key_hex;
        net.get("/api/residents/" + key, [&me, key, now](const HttpResponse& r) {
            me.resident_asking = false;
            auto b = wire::parse_json(r.body);
            if (r.status != 200 || !b.is_object() || key != me.key_hex) {
                me.next_resident = now + kResidentRetrySeconds;
                return;
            }
            me.resident_known = true;
            me.committee_roles.clear(), me.moderator_regions.clear();
            if (b.contains("roles") && b["roles"].is_array())
                for (const auto& x : b["roles"]) {
                    const auto region = static_cast<uint32_t>(num(x, "region"));
                    const std::string role = str(x, "role");
                    std::string region_name = str(x, "region_name");
                    if (role == "committee") me.committee_roles.push_back({region, region_name, str(x, "name")});
                    if (region_name.empty()) region_name = std::to_string(region);   // a moderator's list names it
                    if (role == "moderator") me.moderator_regions.emplace_back(region, std::move(region_name));
                }
            if (!wire::json_bool(b, "enrolled")) return;  // the local memory of an accepted enrolment stays
            me.enrolled = true;
            me.region = static_cast<uint32_t>(num(b, "region"));
            me.region_name = str(b, "region_name");
            me.display_name = str(b, "display_name");
        });
    }
}

}  // namespace

void open_account(Account& me) {
    if (me.opened) return;
    me.opened = true;
    if (!me.store.open(me.local_path.empty() ? ":memory:" : me.local_path)) me.store.open(":memory:");
    if (auto bytes = me.store.seed()) {
        if (auto seed = core::SecretSeed::from_bytes(*bytes)) set_identity(me, std::move(seed.value()));
    }
    if (!me.seed) {  // first visit: a new identity, kept on this device
        auto seed = core::SecretSeed::generate();
        if (!seed) return;
        me.store.set_seed(seed->bytes());
        set_identity(me, std::move(seed.value()));
        me.new_key = true;
        persist(me);
    }
    reload_outbox(me);
    if (auto region = me.store.draft("enrolled_region"); !region.empty()) {
        me.enrolled = true;
        me.region = static_cast<uint32_t>(std::strtoul(region.c_str(), nullptr, 10));
    }
}

void apply_account_commands(Account& me, const AccountCommands& c, Net& net) {
    if (!me.seed) return;
    if (c.make_backup || c.restore || c.enroll) clear_form_error(me);
    if (c.make_backup) make_backup(me);
    if (c.restore) restore(me);
    if (c.enroll) enroll(me, net);
    if (c.retry_outbox) me.next_send = 0;
}

void reread_resident(Account& me) { me.resident_known = false, me.next_resident = 0; }

bool tick_account(Account& me, double now, Net& net) {
    const bool first = !me.opened;
    open_account(me);
    if (!me.seed) return first;
    const bool sent = tick_outbox(me, now, net);
    tick_identity_reads(me, now, net);
    return first || sent;
}

// [SECTION] Signing

core::Status sign_and_queue(Account& me, core::Envelope e, const core::SecretSeed& seed, const std::string& action) {
    auto key = seed.signing_key();
    if (!key) return key.error();
    const std::string author = core::to_hex(key->public_key());
    e.author = key->public_key();
    e.sequence = me.store.last_sequence(author) + 1;
    e.timestamp_ms = wall_ms();
    auto s = core::sign_envelope(e, *key);
    if (!s) return s.error();
    auto wire = core::encode_signed_envelope(*s);
    if (!wire) return wire.error();
    auto id = core::envelope_id(e);
    if (!id) return id.error();
    OutboxItem item;
    item.envelope_id = core::to_hex(*id);
    item.kind = std::string(core::kind_name(core::envelope_kind(e)));
    item.consultation = e.scope.consultation_id;
    item.action = action;
    item.wire = std::move(wire.value());
    if (!me.store.add(item)) return core::Error::StoreQuery;
    me.store.set_last_sequence(author, e.sequence);
    reload_outbox(me);
    me.next_send = 0;
    persist(me);
    return core::Ok{};
}

// [SECTION] Queries

const OutboxItem* latest_outbox_item(const Account& me, const std::string& action) {
    for (auto it = me.outbox.rbegin(); it != me.outbox.rend(); ++it) if (it->action == action) return &*it;
    return nullptr;
}

std::optional<SentVote> sent_vote(const Account& me, uint64_t consultation) {
    const std::string action = "vote:" + std::to_string(consultation);
    for (auto it = me.outbox.rbegin(); it != me.outbox.rend(); ++it) {
        if (it->action != action || it->state != OutboxState::Sent) continue;
        auto signed_envelope = core::decode_signed_envelope(it->wire);
        if (!signed_envelope) return std::nullopt;
        const auto* vote = std::get_if<core::VotePayload>(&signed_envelope->envelope.payload);
        if (!vote) return std::nullopt;
        return SentVote{&*it, *vote};
    }
    return std::nullopt;
}

size_t outbox_pending(const Account& me) {
    return static_cast<size_t>(std::count_if(me.outbox.begin(), me.outbox.end(),
                                             [](const OutboxItem& o) { return o.state == OutboxState::Pending; }));
}

Msg refusal_message(const std::string& code) {
    static const std::pair<const char*, Msg> kCodes[] = {
        {"not_enrolled", Msg::ErrNotEnrolled}, {"wrong_region", Msg::ErrWrongRegion},
        {"wrong_stage", Msg::ErrWrongStage}, {"bad_enrollment_code", Msg::ErrBadCode},
        {"already_enrolled", Msg::ErrAlreadyEnrolled}, {"already_bound", Msg::ErrAlreadyBound},
        {"ballot_invalid", Msg::ErrBallotInvalid}, {"thread_too_deep", Msg::ErrThreadTooDeep},
        {"unknown_target", Msg::ErrUnknownTarget}, {"unknown_consultation", Msg::ErrUnknownConsultation},
        {"replayed_sequence", Msg::ErrReplayed}, {"sequence_conflict", Msg::ErrReplayed},
        {"envelope_string_too_long", Msg::ErrTooLong},
        // [committee] consultation_open / _advance / _close
        {"not_committee", Msg::ErrNotCommittee}, {"consultation_exists", Msg::ErrConsultationExists},
        {"not_started", Msg::RefusedNotStarted}, {"stage_over", Msg::RefusedStageOver},
        {"consultation_closed", Msg::RefusedClosed}, {"tally_mismatch", Msg::ErrTallyMismatch},
        // [codes] POST /api/committee/codes
        {"request_stale", Msg::ErrRequestStale}, {"request_replayed", Msg::ErrRequestReplayed}};
    for (auto [c, m] : kCodes) if (code == c) return m;
    return Msg::ErrOther;
}

}  // namespace yishi::client
