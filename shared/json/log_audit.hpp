// log_audit.hpp — check a whole mirrored log and recount every consultation from it (docs/audit.md).
//
// Fed the log's envelope-bundle records in index order with the leaf hashes of its level-0 tiles,
// LogAudit checks each entry (strict decoding, which is the canonical encoding; the author's signature;
// the leaf hash), and keeps what a recount needs: each consultation's opening, the latest ballot per
// ballot key, the stages the committee advanced to, the close and the tally_hash it states. Withheld
// records (ballot_key_bind; a comment, proposal, feedback or enrolment hidden by a moderator) are
// counted; a withheld entry that is not the target of a logged `moderate` hide still in effect is only
// reported (its kind is not public: binds are withheld by design).
// `yishi audit` and `yishi verify --log` use it natively; the browser's recount uses the same code in wasm.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "yishi/envelope.hpp"

namespace yishi::core {

struct LoggedBallot { uint64_t log_index = 0; uint64_t sequence = 0; VotePayload vote; };

struct ConsultationInLog {                       // one consultation as the log shows it
    uint64_t id = 0, open_index = 0;
    ConsultationOpenPayload open;
    std::map<PublicKey, LoggedBallot> ballots;   // latest ballot per ballot key
    uint8_t advanced = 0;                        // highest stage a consultation_advance entered (0: none)
    std::optional<uint64_t> close_index;         // log index of consultation_close, if any
    Hash close_tally_hash{};                     // what the close states
};

struct Recount {                                 // a consultation recounted from the log
    uint64_t consultation = 0;
    std::vector<uint64_t> ballot_indices;        // log indices of the counted ballots (latest per key), ascending
    nlohmann::json tally;                        // tally_json, enrolled and turnout null
    Hash tally_hash{};
    std::optional<uint64_t> close_index;
    bool close_agrees = true;                    // no close, or the close states tally_hash
    std::string failure;                         // non-empty if the ballots cannot be counted
};

class LogAudit {
public:
    // Entry `index` (the next one: entries come in order) with its record and the level-0 tile's hash.
    // Returns an English sentence naming the index when the entry is bad; empty when it checks.
    std::string add(uint64_t index, ByteView record, const Hash& tile_leaf_hash);
    uint64_t size() const { return next_; }                       // entries added
    uint64_t withheld() const { return withheld_; }               // records without bytes
    std::vector<uint64_t> unexplained_withheld() const;           // withheld, not hidden by a moderate
    const std::map<uint64_t, ConsultationInLog>& consultations() const { return consultations_; }
    Recount recount(uint64_t consultation) const;                 // failure set if unknown
private:
    uint64_t next_ = 0, withheld_ = 0;
    std::map<uint64_t, ConsultationInLog> consultations_;
    std::map<Hash, uint64_t> withheld_ids_;                       // id → log index
    std::map<Hash, bool> hidden_;                                 // moderate target → hidden now
};

}  // namespace yishi::core
