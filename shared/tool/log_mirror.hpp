// log_mirror.hpp — a local mirror of a Yishi log's static files (docs/audit.md), kept by `yishi audit`
// and read by `yishi verify --log`.
//
// Layout under the mirror directory: `log-key` ("<origin> <hex public key>\n", pinned on first use),
// `checkpoints/<size>` (every signed head seen), `tile/<L>/<N>[.p/<W>]` and `tile/envelopes/<N>[.p/<W>]`
// (tiles and bundles under their tlog-tiles paths). Syncing fetches only what is missing, so an
// interrupted run resumes; checking always re-verifies every entry from disk.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "log_audit.hpp"
#include "yishi/checkpoint.hpp"
#include "yishi/witness.hpp"

namespace yishi::tool {

struct MirrorResult {
    int exit_code = 0;                 // 0 ok, 1 could not fetch/read/write, 2 the log is bad (problems)
    std::vector<std::string> problems; // each a sentence; exit 2 when the log contradicts itself or its key
    std::string origin;
    core::PublicKey key{};
    core::Checkpoint checkpoint;       // the newest head checked
    std::string note;                  // its note as served (with any witness cosignatures)
    core::LogAudit audit;              // every entry below checked_size, checked
    uint64_t checked_size = 0;         // checkpoint.size, or at_size when given
    core::Hash root_at{};              // the tiles' root at checked_size
    double check_seconds = 0;          // time spent checking entries (signatures, leaf hashes)
};

// url empty: offline, from the mirror only. pinned_key_hex empty: the mirror's log-key file, or (first
// sync) the server's /api/log-key, which is then pinned. at_size > 0: check and recount only the first
// at_size entries (an export's checkpoint), and give the root the tiles have at that size.
MirrorResult sync_and_check(const std::string& dir, const std::string& url, const std::string& pinned_key_hex,
                            uint64_t at_size = 0);
double native_verifies_per_second(int count);   // Ed25519 verifies/s of one vote envelope, this machine, now
// --witness-key values (verifier keys, see witness.hpp) into `out`; false with `error` if one is malformed.
bool parse_witness_keys(const std::vector<std::string>& vkeys, std::vector<core::WitnessKey>& out, std::string& error);
// Empty if `note` carries a valid cosignature by one of `trusted` (or trusted is empty); else why not, one
// sentence per case: no trusted cosignature at all, or a line naming a trusted witness that does not verify.
std::string witness_failure(std::string_view note, const std::vector<core::WitnessKey>& trusted);
std::optional<std::string> read_text(const std::filesystem::path& p);          // a whole file, nullopt if unreadable
// Writes p whole through p.tmp and a rename; durable: fsync the file and then its directory first.
bool write_text(const std::filesystem::path& p, const std::string& s, bool durable = false);

}  // namespace yishi::tool
