// export_check.hpp — recheck a consultation export bundle (GET /api/consultations/{id}/export.json,
// docs/api.md "Exports") with nothing but the bundle and its log key.
//
// `yishi verify` prints what check_bundle finds; the committee's browser runs the same check on the
// published export before it signs consultation_close, whose tally_hash is BundleCheck::tally_hash, and
// the server refuses a close whose tally_hash is not that of the ballots it holds. So a close is the
// committee's signed statement of one count, and anyone holding the bundle can match the two.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "yishi/consultation_tally.hpp"
#include "yishi/crypto.hpp"
#include "yishi/hash.hpp"

namespace yishi::core {

enum class BundleFault {             // which kind of check failed first
    None,                             // every check passed
    Malformed,                        // not a bundle, a field missing or mistyped
    Proof,                            // a signature (checkpoint, opening, ballot, close) or inclusion proof fails,
                                      // or the ballots are not one vote each of this consultation
    Count,                            // the ballots are sound but the published totals, outcome, tally or close
                                      // are not what they give
};

struct BundleCheck {
    std::string failure;              // empty: every check passed; else what is wrong (English)
    BundleFault fault = BundleFault::None;
    uint64_t consultation = 0;
    uint64_t checkpoint_size = 0;     // the signed head the proofs lead to
    size_t ballots = 0;
    nlohmann::json totals, outcome;   // recomputed per-option totals and declared-counting outcome
    nlohmann::json tally;             // tally_json of the full count, recomputed (enrolled: null)
    Hash tally_hash{};                // tally_hash of that count
    bool closed = false;              // the bundle carries the committee's consultation_close
    std::string checkpoint;           // the signed note the proofs lead to, with any witness cosignature lines
    PublicKey log_key{};              // the key the bundle says signed it (checked against the checkpoint only)
};

// Checks: the checkpoint's signature; for the opening envelope, every ballot and the close (when present)
// the author's signature, leaf hash and inclusion proof into that checkpoint; that the ballots are votes
// of this consultation from distinct ballot keys; that the published totals, outcome and full tally are
// what the ballots give; that the close's tally_hash is the hash of that tally.
BundleCheck check_bundle(const nlohmann::json& bundle);

class BundleChecker;
// check_bundle in slices, for a browser that must keep drawing frames: step(n) checks up to n more ballots
// (the header, checkpoint and opening before the first; the count and the close after the last). Same
// checks, same order, same result as check_bundle.
class BundleCheckRun {
public:
    explicit BundleCheckRun(nlohmann::json bundle);   // takes the bundle; nothing is checked yet
    ~BundleCheckRun();
    BundleCheckRun(const BundleCheckRun&) = delete;   // holds pointers into its own bundle
    BundleCheckRun& operator=(const BundleCheckRun&) = delete;
    bool step(size_t max_ballots);                    // true once finished (then result() is final)
    bool done() const { return done_; }               // finished: passed or failed
    size_t ballots_total() const { return total_; }   // ballots in the bundle (0 until the first step)
    size_t ballots_checked() const { return next_; }  // ballots checked so far
    const BundleCheck& result() const { return out_; }
private:
    nlohmann::json bundle_;
    BundleCheck out_;
    std::unique_ptr<BundleChecker> checker_;
    size_t next_ = 0, total_ = 0;
    bool started_ = false, done_ = false;
};

// SHA-256 over "yishi-tally-v1\n" and canonical_json(tally_json(t)) (docs/protocol.md §4a) with enrolled and turnout null (eligibility is not
// a signed fact, so neither the bundle nor the hash carries it).
Hash tally_hash(const ConsultationTally& t);

}  // namespace yishi::core
