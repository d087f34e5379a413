// account.hpp — the device's identity and its outbox: the signing service every feature uses.
//
// One key per device (kept in the local store, backed up with a passphrase), enrolled in one
// community with a code. Every screen that signs (consultations, committee, moderator) goes through
// sign_and_queue, so the key's sequence numbers never collide: the envelope is signed with the shared
// core, written to the local outbox and only then sent, strictly in order and one at a time. A network
// failure leaves it pending and it is sent again later (the server answers an exact resubmission with
// the original receipt); a refusal is recorded with its code and shown next to the action that made it.
//
// State and its controller (account.cpp); the view is view_account.cpp (我的). Features take an
// Account& beside their own state: apply_<feature>(FeatureState&, const FeatureCommands&, Account&, Net&).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/local_store.hpp"
#include "model/note.hpp"
#include "yishi/envelope.hpp"
#include "yishi/i18n.hpp"
#include "yishi/keys.hpp"

namespace yishi::client {

class Net;
struct HttpResponse;

struct CommitteeRole { uint32_t region = 0; std::string region_name, name; };  // one "committee" role of the key

struct Account {
    // Where the platform keeps identity, outbox and drafts ("" = memory), and its hook after they changed.
    std::string local_path;
    std::function<void()> persist;
    LocalStore store;
    bool opened = false;
    std::optional<core::SecretSeed> seed;            // the identity (also in the store)
    std::string key_hex;                             // its public key
    bool new_key = false;                            // made on this visit: explain it
    bool sequence_synced = false;                    // asked the server for the last sequence
    bool sequence_asking = false;
    // /api/residents/{key}
    bool resident_known = false, resident_asking = false;
    double next_resident = 0;
    bool enrolled = false;
    uint32_t region = 0;
    std::string region_name, display_name;
    std::vector<CommitteeRole> committee_roles;      // the key's "committee" roles (any key may hold one)
    std::vector<std::pair<uint32_t, std::string>> moderator_regions;  // its "moderator" roles: region id, name
    // outbox (copy of the store's rows, newest last)
    std::vector<OutboxItem> outbox;
    bool sending = false;
    double next_send = 0;
    // Rows the server answered (accepted or refused) since the consultation journeys last looked
    // (tick_journeys takes them: it empties a form the server accepted, reloads what changed).
    std::vector<OutboxItem> answered;
    // A check before signing that failed (e.g. a text over its limit), next to which action it is shown.
    std::optional<Note> form_error;
    std::string form_error_action;
    // forms (edited by the views)
    std::string enroll_code, enroll_name;            // the code names its community (asked of the server)
    bool enroll_looking = false;                     // GET /api/codes/{hash} in flight
    std::string passphrase, backup_text, restore_text;
    std::optional<Note> key_message;                 // result of backup/restore
    bool key_message_error = false;
    unsigned key_message_serial = 0;                 // +1 per new result: the view brings it into sight
};

struct AccountCommands {
    bool make_backup = false, restore = false, enroll = false, retry_outbox = false;
};

// Opens the local store (once) and makes an identity on a first visit.
void open_account(Account& me);
void apply_account_commands(Account& me, const AccountCommands& cmds, Net& net);
// Sends the outbox's next pending row; reads the key's sequence number and resident record (roles,
// community). True if something was sent.
bool tick_account(Account& me, double now, Net& net);
void reread_resident(Account& me);   // the roles again, at the next tick (an operator may have just granted one)

// Signs `e` with `seed` at the device's next sequence for that key and queues it in the outbox (sent in
// order, retried until the server answers); `action` names the form whose outcome the views show.
// Returns a refusal found before signing (e.g. a text over its limit), or Ok.
core::Status sign_and_queue(Account& me, core::Envelope e, const core::SecretSeed& seed, const std::string& action);
// Shows a refusal found before signing next to `action` (nothing for Ok); the message names the error.
void report_refusal(Account& me, const std::string& action, const core::Status& s);
void set_form_error(Account& me, const std::string& action, Note note);
void clear_form_error(Account& me);

// Outbox queries for the views.
const OutboxItem* latest_outbox_item(const Account& me, const std::string& action);  // newest of that action
size_t outbox_pending(const Account& me);                                             // not yet sent
// My ballot the server accepted last for this consultation (the one that counts), with its outbox row;
// none before voting (or when its bytes do not decode, which a row this device signed never does).
struct SentVote { const OutboxItem* item = nullptr; core::VotePayload vote; };
std::optional<SentVote> sent_vote(const Account& me, uint64_t consultation);

core::Msg refusal_message(const std::string& code);  // error code → text
std::string error_code_of(const HttpResponse& r);   // the answer's error code, else "offline" / "http_<status>"
int64_t wall_ms();                                  // the device's clock, Unix ms
// "&viewer=…&viewer_ms=…&viewer_sig=…": this device's key signs that it reads `path` (a path without
// query) for its own marks (core/viewer_proof.hpp); "" without an identity.
std::string viewer_proof(const Account& me, const std::string& path);
void persist(Account& me);                          // the platform's hook, if any

}  // namespace yishi::client
