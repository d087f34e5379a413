// local_store.hpp — what this device keeps about its resident: the identity seed, per-author sequence
// numbers, the outbox of signed envelopes, the drafts of what is being typed, the device's settings
// (e.g. whether to keep the directory's offline copy), and the last answers of
// the consultation reads (shown, marked as such, when the connection is gone), and the last signed log
// head it verified (so that it notices a log that was rewritten rather than extended).
//
// A SQLite file of its own (/data/yishi-me.db in the browser, persisted to IndexedDB by the page),
// separate from the directory cache so that clearing one never loses the other. Every signed
// envelope is written to the outbox before it is sent and stays there until the server accepted or
// refused it, so nothing signed is lost to a closed tab or a dead connection. The tables are the
// device's own (client_*), created here rather than in the shared migrations the server runs.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "yishi/crypto.hpp"
#include "yishi/hash.hpp"
#include "yishi/store.hpp"

namespace yishi::client {

enum class OutboxState { Pending = 0, Sent = 1, Refused = 2 };  // stored as integers

// The last signed log head this device verified (its size and root); the next one must extend it.
struct LogHead {
    std::string origin;
    uint64_t size = 0;
    core::Hash root{};
};

struct OutboxItem {
    int64_t id = 0;                 // local row id (send order)
    std::string envelope_id;        // hex
    std::string kind;               // core::kind_name
    uint64_t consultation = 0;      // scope (0 = none)
    std::string action;             // which UI action made it (drafts and errors are shown there)
    core::Bytes wire;               // body || signature
    OutboxState state = OutboxState::Pending;
    std::string error_code;         // the server's refusal code
    int64_t log_index = -1;         // from the receipt once sent
};

class LocalStore {
public:
    bool open(const std::string& path);                                  // false: nothing is kept
    bool usable() const { return store_.has_value(); }
    std::optional<core::Bytes> seed();                                   // the identity seed, if any
    bool set_seed(core::ByteView seed);                                  // replaces the identity
    uint64_t last_sequence(const std::string& author_hex);               // 0 if none used here
    bool set_last_sequence(const std::string& author_hex, uint64_t seq); // never lowers it
    bool add(OutboxItem& item);                                          // pending; fills item.id
    bool mark(int64_t id, OutboxState state, const std::string& error_code, int64_t log_index);
    std::vector<OutboxItem> items(size_t limit = 200);                   // newest last
    std::string draft(const std::string& key);                           // "" if none
    bool set_draft(const std::string& key, const std::string& text);     // "" deletes
    std::optional<std::string> cached(const std::string& path);         // the last 200 body of a GET
    bool set_cached(const std::string& path, const std::string& body);   // keeps it (read while offline)
    std::string setting(const std::string& key);                         // a device setting; "" if never set
    bool set_setting(const std::string& key, const std::string& value);  // kept until changed
    std::optional<LogHead> log_head();                                   // none before the first check
    bool set_log_head(const LogHead& head);                              // after verifying it extends the last
private:
    std::optional<core::Store> store_;
};

}  // namespace yishi::client
