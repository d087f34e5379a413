// receipt.hpp — what the server returns for an accepted envelope, and how anyone checks it offline.
//
// The log leaf of an envelope is  envelope id[32] || signature[64]  (96 bytes): the log commits to the
// exact signed bytes and their signature, never to free text, so text can be withheld (moderation,
// privacy) while the log stays verifiable. A Receipt holds the leaf's index and hash, an inclusion
// proof, and the signed checkpoint the proof leads to. verify_receipt needs only the envelope's wire
// bytes, the receipt, the log origin and the server's public key.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>
#include "yishi/checkpoint.hpp"
#include "yishi/envelope.hpp"

namespace yishi::core {

inline constexpr size_t kLogLeafSize = kHashSize + kSignatureSize;   // envelope id || signature

struct Receipt {
    uint64_t log_index = 0;              // position of the leaf in the log
    Hash leaf_hash{};                    // merkle_leaf_hash(log_leaf_data(...))
    std::vector<Hash> inclusion_proof;   // RFC 9162 inclusion path to the checkpoint's root
    std::string checkpoint;              // signed note, see checkpoint.hpp
};

Bytes log_leaf_data(const Hash& envelope_id, const Signature& signature);    // id || signature
Result<Hash> envelope_leaf_hash(const SignedEnvelope& s);                     // merkle_leaf_hash of the leaf data
Result<Checkpoint> verify_receipt(ByteView signed_envelope_wire, const Receipt& receipt, std::string_view origin,
                                  const PublicKey& server_key);               // author sig, leaf, proof, checkpoint
// verify_receipt's checks once the checkpoint is open: the leaf hash, the inclusion proof into `cp` and the
// author's signature (receipt.checkpoint is not read). For many envelopes under one checkpoint (an export).
Status verify_logged_envelope(const SignedEnvelope& env, const Receipt& receipt, const Checkpoint& cp);

}  // namespace yishi::core
