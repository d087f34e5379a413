// ballot_stream.hpp — one consultation's ballots as a compact binary stream (GET
// /api/consultations/{id}/ballots.bin, docs/protocol.md §15a), for a browser that recounts 100,000 of them:
// each envelope's exact signed bytes and log index under one signed checkpoint, and no per-ballot proof.
// Inclusion is checked against the log's hash tiles instead (StreamCheck, shared/json/export_check.hpp),
// the signatures in batches off the page's thread (check_wire_batch, in the browser's Web Workers).
//
// Layout (integers big-endian):
//   "yishi-ballots-v1\n"
//   u32 n || origin           log key (32)           u32 n || checkpoint note (with any cosignature lines)
//   u64 consultation          record: the consultation_open envelope
//   u8 0|1 [record]           the committee's consultation_close, when it has one
//   u32 count || record × count   the counted ballots (the latest per ballot key), in ballot-key order
// record = u64 log_index || u32 n || wire (body || signature, at most kMaxEnvelopeBytes + 64)
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "yishi/hash.hpp"
#include "yishi/result.hpp"

namespace yishi::core {

inline constexpr std::string_view kBallotStreamMagic = "yishi-ballots-v1\n";

struct LoggedWire {
    uint64_t log_index = 0;
    Bytes wire;                          // body || signature, as signed and logged
};

struct BallotStream {
    std::string origin;                  // the log's origin line
    PublicKey log_key{};                 // the key that signed the checkpoint (as a bundle's log_key)
    std::string checkpoint;              // the signed note every entry is under (entries < its size)
    uint64_t consultation = 0;
    LoggedWire open;                     // consultation_open
    std::optional<LoggedWire> close;     // consultation_close, once closed
    std::vector<LoggedWire> ballots;
};

Bytes encode_ballot_stream(const BallotStream& s);
Result<BallotStream> decode_ballot_stream(ByteView bytes);   // TileFormat when truncated, oversized or trailed

// Signature checks in batches, for workers that share nothing with the page but bytes.
// A batch is wires each preceded by its u32 length; the answer is, per wire in order, 33 bytes:
// 0 and its log leaf hash (merkle_leaf_hash(envelope id || signature)) when it decodes strictly and its
// author's signature verifies (verify_envelope), else 1 + the Error and 32 zero bytes. A malformed batch
// answers nothing (an empty result).
inline constexpr size_t kWireCheckBytes = 1 + kHashSize;
Bytes wire_batch(const std::vector<const Bytes*>& wires);
Bytes check_wire_batch(ByteView batch);

}  // namespace yishi::core
