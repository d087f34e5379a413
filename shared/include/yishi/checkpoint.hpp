// checkpoint.hpp — signed tree heads in the C2SP tlog-checkpoint / signed-note text format.
//
// A checkpoint note is
//     <origin>\n<tree size, decimal>\n<base64 root hash>\nyishi-time-ms <unix ms, decimal>\n
//     \n
//     — <origin> <base64(key hash[4] || Ed25519 signature[64])>\n
// The first three body lines are tlog-checkpoint's; the fourth is an extension line carrying the time
// the server signed the head. The signature covers the body including its final newline. The key name
// is the log's origin; key hash = SHA-256(name || 0x0A || 0x01 || public key)[0:4] (signed-note,
// Ed25519 signature type 0x01). Other signers' lines are allowed and ignored, as the spec requires.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include "yishi/crypto.hpp"
#include "yishi/hash.hpp"

namespace yishi::core {

inline constexpr std::string_view kCheckpointTimePrefix = "yishi-time-ms ";   // extension line tag
inline constexpr std::string_view kNoteSignaturePrefix = "\xE2\x80\x94 ";      // U+2014 em dash, space
inline constexpr uint8_t kNoteEd25519Type = 0x01;                              // signed-note signature type
inline constexpr size_t kNoteKeyHashSize = 4;                                  // key hash bytes per signature
inline constexpr size_t kMaxNoteBytes = 16 * 1024;                             // larger notes are refused
inline constexpr size_t kMaxNoteSignatures = 100;                              // signed-note's suggested cap

using NoteKeyHash = std::array<uint8_t, kNoteKeyHashSize>;

struct Checkpoint {                 // a tree head: which log, how big, what root, when
    std::string origin;             // log identity, e.g. "yishi.example.cn/log"; also the key name
    uint64_t size = 0;              // number of leaves
    Hash root{};                    // RFC 6962 root of those leaves
    int64_t time_ms = 0;            // server clock when signed, Unix milliseconds, >= 0
};

bool parse_note_decimal(std::string_view s, uint64_t max, uint64_t& out);     // "0" or no leading zero, ≤ max
NoteKeyHash note_key_hash(std::string_view key_name, const PublicKey& key);   // SHA-256(name||0x0A||0x01||key)[0:4]
std::string note_verifier_key(std::string_view key_name, const PublicKey& key);  // "<name>+<hex hash>+<base64(0x01||key)>"
Result<std::string> checkpoint_body(const Checkpoint& cp);                     // the signed text; CheckpointFormat if origin is bad
Result<std::string> make_checkpoint(const Checkpoint& cp, const SigningKey& key);  // body, blank line, signature line
Result<Checkpoint> open_checkpoint(std::string_view note, std::string_view origin,
                                   const PublicKey& key);                      // parse strictly + verify

}  // namespace yishi::core
