// admin.hpp — the operator's commands over the ledger's database: roles, enrolment codes, checks.
//
// Called by yishi-server's CLI (cli/) on a database file, with or without a running server (WAL
// lets both write; SQLite serialises them). Codes are printed once and stored only as SHA-256 hashes,
// which is what a resident's enroll envelope carries (docs/protocol.md, enroll).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "yishi/code_request.hpp"
#include "yishi/crypto.hpp"
#include "yishi/hash.hpp"
#include "yishi/store.hpp"

namespace yishi::server {

inline constexpr size_t kEnrollmentCodeChars = 12;         // code length, without the dashes
inline constexpr int64_t kDefaultCodeLifetimeDays = 30;    // issue-codes --days default
inline constexpr size_t kMaxCodesPerIssue = 10000;         // issue-codes --count maximum

enum class Role { Committee, Moderator };

core::Status add_role(core::Store& store, const core::PublicKey& key, Role role, uint32_t region,
                      const std::string& name, int64_t now_ms);                 // idempotent
// Fresh single-use codes like "K7PM-3QXD-9RTA" for a committee registered in `region` or above it
// (NotCommittee / WrongRegion otherwise), valid for `days`. With `nonce` (a browser's signed request,
// POST /api/committee/codes) the nonce is recorded in code_requests in the same transaction and a
// second use is RequestReplayed; any refusal stores nothing.
core::Result<std::vector<std::string>> issue_codes(core::Store& store, const core::PublicKey& committee,
                                                   uint32_t region, size_t count, int64_t days, int64_t now_ms,
                                                   const core::CodeRequestNonce* nonce = nullptr);

// Operator bearer tokens (POST /api/operator/...): a fresh random token, printed once, stored only as its
// SHA-256. check_operator_token: Ok if some stored hash matches, BadOperatorToken otherwise.
inline constexpr size_t kOperatorTokenBytes = 32;          // random bytes in a token (64 hex digits)
inline constexpr std::string_view kOperatorTokenPrefix = "yop_";  // so a leaked token is recognisable
core::Result<std::string> create_operator_token(core::Store& store, int64_t now_ms);
core::Result<bool> operator_token_valid(core::Store& store, std::string_view token);

struct LedgerCheck {
    std::string integrity;          // PRAGMA integrity_check ("ok")
    uint64_t envelopes = 0;         // rows in envelopes
    uint64_t leaves = 0;            // rows in log_leaves (must equal envelopes, indices 0..n-1)
    uint64_t checkpoint_size = 0;   // size of the last stored checkpoint
    core::Hash root{};              // the root recomputed from the wires at checkpoint_size
    bool leaves_match = false;      // every envelope's leaf hash is its (id || signature) hash, no gaps
    bool checkpoint_ok = false;     // last checkpoint verifies with the log key and its root = recomputed root
    bool ok() const { return integrity == "ok" && leaves_match && checkpoint_ok && checkpoint_size == leaves; }
};
core::Result<LedgerCheck> check_ledger(core::Store& store);   // recomputes everything from the stored wires

inline constexpr int kBackupRetryMs = 50;   // wait before retrying a backup step the writer holds up
// A consistent copy of `source` at `out_path` (SQLite online backup API; the server may be running).
// Refuses to overwrite; the copy is written beside it as OUT.partial and renamed when complete.
core::Status backup_database(core::Store& source, const std::string& out_path);
// Copies every table of a SQLite database into another database (PostgreSQL, or an empty SQLite file)
// in one transaction of the target: the same schema version on both, and the target's log must be empty
// (no envelopes, no log keys; any other table empty but meta). PostgreSQL identity columns restart after
// the copied ids. Then both logs are recomputed (check_ledger); the copy stands only if both check ok
// with equal sizes and roots. StoreUnsupported if `from` is not SQLite; a refused or failed copy is
// StoreQuery with the reason in `detail` (a refusal or a failure before COMMIT leaves the target as it
// was; a verification failure after COMMIT is reported, and the target must not be served).
struct CopyReport {
    size_t tables = 0;
    uint64_t rows = 0;
    LedgerCheck source, target;     // both recomputed after the copy
    std::string detail;             // why a copy was refused, for the operator
};
core::Status copy_database(core::Store& from, core::Store& to, CopyReport& report);
// A new log signing key becomes current; the previous public keys stay (old heads verify, /api/log-key).
// With `key_file` the new seed is written there (0600) instead of the database. A running server
// signs with the key it loaded until it restarts.
core::Result<core::PublicKey> rotate_server_key(core::Store& store, const std::string& key_file, int64_t now_ms);

}  // namespace yishi::server
