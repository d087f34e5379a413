// receipt.cpp — log leaves of envelopes and offline receipt verification (see receipt.hpp).
#include "yishi/receipt.hpp"

#include "yishi/merkle.hpp"

namespace yishi::core {

Bytes log_leaf_data(const Hash& envelope_id, const Signature& signature) {
    Bytes out(envelope_id.begin(), envelope_id.end());
    out.insert(out.end(), signature.begin(), signature.end());
    return out;
}

Result<Hash> envelope_leaf_hash(const SignedEnvelope& s) {
    auto id = envelope_id(s.envelope);
    if (!id) return id.error();
    return merkle_leaf_hash(log_leaf_data(id.value(), s.signature));
}

Status verify_logged_envelope(const SignedEnvelope& env, const Receipt& receipt, const Checkpoint& cp) {
    // Order: cheapest structural checks first, then the signature.
    auto leaf = envelope_leaf_hash(env);
    if (!leaf) return leaf.error();
    if (!equal_constant_time(leaf.value(), receipt.leaf_hash)) return Error::ReceiptMismatch;
    if (auto st = verify_inclusion(leaf.value(), receipt.log_index, cp.size, receipt.inclusion_proof, cp.root); !st)
        return st.error();
    return verify_envelope(env);
}

Result<Checkpoint> verify_receipt(ByteView signed_envelope_wire, const Receipt& receipt, std::string_view origin,
                                  const PublicKey& server_key) {
    auto env = decode_signed_envelope(signed_envelope_wire);
    if (!env) return env.error();
    auto cp = open_checkpoint(receipt.checkpoint, origin, server_key);
    if (!cp) return cp.error();
    if (auto st = verify_logged_envelope(env.value(), receipt, cp.value()); !st) return st.error();
    return cp;
}

}  // namespace yishi::core
