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
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "yishi/ballot_stream.hpp"
#include "yishi/checkpoint.hpp"
#include "yishi/consultation_tally.hpp"
#include "yishi/envelope.hpp"
#include "yishi/crypto.hpp"
#include "yishi/hash.hpp"
#include "yishi/tiles.hpp"

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

// The same checks on a ballot stream (yishi/ballot_stream.hpp: GET /api/consultations/{id}/ballots.bin),
// for the browser's 核验全部选票 at 100,000 ballots: no per-ballot proofs, but the log's hash tiles
// (C2SP tlog-tiles), which must hash up to the signed checkpoint and hold each entry's leaf hash at its
// index; and the signature checks done by the caller, in batches, anywhere and in any order
// (check_wire_batch: the browser's Web Workers). Use:
//   begin(stream); fetch tiles_needed() and add_tile() each; hand batch(i, n) to check_wire_batch and its
//   answer to take_checks(i, answer), for every wire; once ready(), finish(). Each step returns false
//   once the check has failed; result() says how, as check_bundle would (BundleFault, failure).
// The totals, outcome and tally are recomputed, not compared: the stream publishes none (the caller
// compares them with the result it shows); the close's tally_hash is compared, as in a bundle.
class StreamCheck {
public:
    StreamCheck();
    ~StreamCheck();
    bool begin(ByteView stream);                       // the stream, its checkpoint's signature, the opening's payload
    const std::vector<TileRef>& tiles_needed() const { return tiles_; }
    bool add_tile(const TileRef& t, ByteView hashes);  // one of tiles_needed(), fetched
    size_t wire_count() const { return wires_.size(); }     // the opening, the ballots, then the close if any
    size_t ballot_count() const { return stream_.ballots.size(); }
    Bytes batch(size_t first, size_t count) const;     // wires [first, first + count) for check_wire_batch
    bool take_checks(size_t first, ByteView answer);   // check_wire_batch's answer for the batch at first
    size_t wires_checked() const { return checked_; }
    bool ready() const;                                // every tile added, every wire's check taken
    bool finish();                                     // inclusion in the checkpoint, then the count
    const BundleCheck& result() const { return out_; }
private:
    bool fail(std::string what, BundleFault fault = BundleFault::Proof);
    std::string what(size_t wire) const;               // "ballot at log index 12"
    BundleCheck out_;
    BallotStream stream_;
    Checkpoint checkpoint_;
    ConsultationOpenPayload open_;
    std::vector<const LoggedWire*> wires_;
    std::vector<std::optional<Hash>> leaves_;          // from take_checks
    std::vector<VotePayload> votes_;                   // decoded in take_checks, by ballot
    std::vector<PublicKey> authors_;                   // of the ballots
    std::vector<TileRef> tiles_;
    std::unique_ptr<TileSource> source_;
    std::map<std::pair<unsigned, uint64_t>, unsigned> missing_tiles_;   // (level, index) → width, not yet added
    std::map<std::pair<unsigned, uint64_t>, Hash> tile_roots_;   // full tiles, hashed up when added
    size_t checked_ = 0;
    bool failed_ = false;
};

// SHA-256 over "yishi-tally-v1\n" and canonical_json(tally_json(t)) (docs/protocol.md §4a) with enrolled and turnout null (eligibility is not
// a signed fact, so neither the bundle nor the hash carries it).
Hash tally_hash(const ConsultationTally& t);

}  // namespace yishi::core
