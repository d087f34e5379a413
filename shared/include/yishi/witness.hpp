// witness.hpp — witness cosignatures on checkpoints (C2SP tlog-cosignature, Ed25519 "cosignature/v1")
// and the checks of a witness's add-checkpoint (C2SP tlog-witness), shared by `yishi witness` (which
// cosigns), yishi-server (which asks for and publishes cosignatures) and `yishi verify`/`yishi audit`
// (which refuse a checkpoint no trusted witness cosigned). docs/protocol.md §16.
//
// A cosignature is one more signed-note line on a checkpoint:
//     — <witness name> base64(key id[4] || timestamp u64 big-endian || Ed25519 signature[64])
// key id = SHA-256(name || 0x0A || 0x04 || public key)[0:4]; the signature is over
//     "cosignature/v1\ntime <timestamp>\n" || the checkpoint body (all its lines, final newline included).
// A witness is named by a verifier key "<name>+<hex key id>+<base64(0x04 || public key)>", which is
// what operators configure and auditors pass as --witness-key.
//
// add-checkpoint body: "old <size>\n", up to 63 base64 consistency proof lines, "\n", the checkpoint.
// witness_check decides it against the witness's last cosigned head for that log: the log's signature
// first, then sizes, then the proof. Each refusal has its own Error, and witness_http_status gives the
// status tlog-witness prescribes for it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include "yishi/checkpoint.hpp"

namespace yishi::core {

inline constexpr uint8_t kNoteCosignatureType = 0x04;                  // signed-note type of Ed25519 cosignature/v1
inline constexpr std::string_view kCosignatureHeader = "cosignature/v1\n";   // domain separation line
inline constexpr size_t kCosignatureBlobSize = kNoteKeyHashSize + 8 + kSignatureSize;   // key id, time, signature
inline constexpr size_t kMaxAddCheckpointProof = 63;                   // proof lines tlog-witness allows
inline constexpr size_t kMaxAddCheckpointBytes = kMaxNoteBytes + 64 * 50;   // larger request bodies are refused

struct WitnessKey {                 // a cosigner: its name and Ed25519 public key
    std::string name;               // schema-less URL-like name, e.g. "witness.example.cn/w1"
    PublicKey key{};
};

std::string witness_verifier_key(const WitnessKey& w);                       // "<name>+<hex id>+<base64(0x04||key)>"
Result<WitnessKey> parse_witness_verifier_key(std::string_view vkey);        // WitnessKeyFormat unless exactly that
NoteKeyHash cosignature_key_id(const WitnessKey& w);                         // SHA-256(name||0x0A||0x04||key)[0:4]
std::string cosign_checkpoint(std::string_view body, const std::string& name, const SigningKey& key,
                              uint64_t timestamp_s);                         // one "— name …\n" line
std::string_view checkpoint_note_body(std::string_view note);               // the text before the blank line ("" if none)
std::string note_origin(std::string_view note);                              // the first line ("" if none)
// Ok if some line is a valid cosignature by one of `trusted`; CosignatureInvalid if a line names a trusted
// key but does not verify (checked first: a forged line is never masked by a good one);
// CosignatureMissing if no line is from a trusted key. The log's own signature is not checked here.
Result<WitnessKey> verify_cosignatures(std::string_view note, const std::vector<WitnessKey>& trusted);

struct AddCheckpointRequest {
    uint64_t old_size = 0;          // the size the client believes the witness last cosigned
    std::vector<Hash> proof;        // consistency proof from old_size to the checkpoint's size
    std::string note;               // the checkpoint, with the log's signature (and maybe others)
};
Result<AddCheckpointRequest> parse_add_checkpoint(std::string_view body);   // WitnessRequestFormat
std::string add_checkpoint_body(const AddCheckpointRequest& r);             // the inverse, for clients

// The witness's decision for a log it follows (origin and key); `latest` is its last cosigned head of
// that log, none if it never cosigned one. Ok: the checkpoint to cosign and persist. Errors, in order:
// CheckpointFormat/CheckpointUnsigned/BadSignature (the log did not sign it), WitnessOldSizeAhead (old >
// new size), WitnessOldSizeMismatch (old is not `latest`'s size), WitnessBadProof (a proof with old 0,
// or the empty tree's root wrong), ConsistencyProofInvalid (a fork: not an extension of `latest`),
// WitnessRootMismatch (same size, another root: a fork too).
Result<Checkpoint> witness_check(const AddCheckpointRequest& r, const std::string& origin, const PublicKey& log_key,
                                 const std::optional<Checkpoint>& latest);
int witness_http_status(Error e);                                            // tlog-witness's status for a refusal

}  // namespace yishi::core
