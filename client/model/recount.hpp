// recount.hpp — what the browser checks about results by itself (docs/audit.md "In the browser"):
//
// * the witnesses the operator configured (GET /api/log-key "witnesses", i.e. `serve --witness`), which
//   the app shows by name, and whether a checkpoint carries a valid cosignature by one of them
//   (core::verify_cosignatures, the code `yishi verify --witness-key` runs). Nothing is shown as 已核验
//   without one: a log key alone cannot tell one resident's history from her neighbour's.
// * 核验全部选票 on a results page: the consultation's ballot stream (ballots.bin: every counted ballot's
//   signed bytes and log index under one signed checkpoint) fetched, with the log's hash tiles it needs
//   (C2SP tlog-tiles, cacheable); every ballot's signature checked in batches off the page's thread
//   (Net::check_wires: the browser's Web Workers; where there are none, a batch per frame here), every
//   ballot found at its index in tiles that hash up to the checkpoint, and the ballots recounted with the
//   shared code (core::StreamCheck). Then a verdict: agrees with the published result, disagrees, or the
//   proofs failed; 已核验 only when it agrees and the checkpoint is cosigned by a trusted witness.
//
// State here, the controller in recount.cpp, the view in views/view_recount.cpp (draw_recount).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "yishi/witness.hpp"

namespace yishi::core { class StreamCheck; }   // export_check.hpp (not included here: its consultation_tally.hpp
                                              // declares a core::stage_name the views' own would clash with)

namespace yishi::client {

class Net;
struct ConsultationDetail;

inline constexpr double kRecountSliceSeconds = 0.030;   // work per frame before the page is drawn again
inline constexpr size_t kRecountWiresPerBatch = 256;     // signatures per batch (a worker's message; here, one
                                                         // batch is about a slice's work)

struct WitnessTrust {                       // the witnesses the operator tells the app to trust
    bool loaded = false, loading = false;   // GET /api/log-key answered / on its way
    std::string error;                      // why it could not be read ("" when loaded)
    std::string origin, log_key_hex;        // the log it is about
    std::vector<core::WitnessKey> keys;     // parsed from the verifier keys (bad ones left out)
};

enum class Witnessed { Yes, NotYet, Forged };   // a trusted cosignature; none; one naming a trusted key fails
struct WitnessVerdict {
    Witnessed state = Witnessed::NotYet;
    std::string witness;                    // the name of the witness that vouched (Yes) or was forged (Forged)
};
WitnessVerdict judge_checkpoint(std::string_view note, const std::vector<core::WitnessKey>& trusted);  // of a signed note
std::string witness_fingerprint(const core::WitnessKey& w);                    // its key id, 8 hex digits
void read_trust(WitnessTrust& trust, const nlohmann::json& log_key_answer);    // from GET /api/log-key

enum class RecountPhase { Idle, Fetching, Checking, Agrees, Disagrees, ProofFailed, FetchFailed };
struct RecountState {
    uint64_t consultation = 0;              // whose ballots (the page it was started on)
    RecountPhase phase = RecountPhase::Idle;
    std::shared_ptr<core::StreamCheck> run;      // while Checking
    std::vector<size_t> here;               // batches (their first wire) no worker took: checked a slice at a time
    size_t checked = 0, total = 0;          // ballots (progress)
    std::string detail;                     // what failed, in the checker's words (English), or an error code
    WitnessVerdict witnessed;               // of the bundle's checkpoint, once the check is done
    uint64_t log_size = 0;                  // the checkpoint the proofs lead to
    double started_s = 0, seconds = 0;      // wall time of the whole run (fetch included)
    int serial = 0;                         // answers of an abandoned run are dropped
};

struct AuditState {
    WitnessTrust trust;
    RecountState recount;
};

struct AuditCommands {
    std::optional<uint64_t> recount;        // 核验全部选票 pressed on this consultation's results
};

void apply_audit_commands(AuditState& a, const AuditCommands& cmds, Net& net);
// Loads the trust list once a page shows results (`shown`: the consultation on screen, or null) and runs a
// slice of the recount, whose verdict compares with what `shown` publishes; true when it wants frames
// (fetching, checking here, a verdict to show). The workers' answers wake the page by themselves.
bool tick_audit(AuditState& a, const ConsultationDetail* shown, Net& net);
bool recount_verified(const RecountState& r);   // agrees and a trusted witness cosigned: may say 已核验

}  // namespace yishi::client
