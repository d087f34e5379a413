// witness.cpp — cosignatures and the add-checkpoint checks (see witness.hpp). Parsing is strict, as
// for checkpoints: one spelling per request, canonical base64 and decimals.
#include "yishi/witness.hpp"

#include <algorithm>

#include "yishi/merkle.hpp"

namespace yishi::core {

namespace {

std::string signed_message(std::string_view body, uint64_t timestamp_s) {
    return std::string(kCosignatureHeader) + "time " + std::to_string(timestamp_s) + "\n" + std::string(body);
}

}  // namespace

NoteKeyHash cosignature_key_id(const WitnessKey& w) {
    std::string prefix = w.name;
    prefix.push_back('\n');
    prefix.push_back(static_cast<char>(kNoteCosignatureType));
    const Hash h = sha256(as_bytes(prefix), w.key);
    NoteKeyHash out{};
    std::copy_n(h.begin(), kNoteKeyHashSize, out.begin());
    return out;
}

std::string witness_verifier_key(const WitnessKey& w) {
    Bytes typed{kNoteCosignatureType};
    typed.insert(typed.end(), w.key.begin(), w.key.end());
    return w.name + "+" + to_hex(cosignature_key_id(w)) + "+" + to_base64(typed);
}

Result<WitnessKey> parse_witness_verifier_key(std::string_view vkey) {
    const size_t a = vkey.find('+');
    const size_t b = a == std::string_view::npos ? a : vkey.find('+', a + 1);
    if (b == std::string_view::npos || a == 0) return Error::WitnessKeyFormat;
    WitnessKey w;
    w.name = std::string(vkey.substr(0, a));
    for (char c : w.name)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return Error::WitnessKeyFormat;
    auto typed = from_base64(vkey.substr(b + 1));
    if (!typed || typed->size() != 1 + kPublicKeySize || (*typed)[0] != kNoteCosignatureType)
        return Error::WitnessKeyFormat;
    std::copy(typed->begin() + 1, typed->end(), w.key.begin());
    if (vkey.substr(a + 1, b - a - 1) != to_hex(cosignature_key_id(w))) return Error::WitnessKeyFormat;
    return w;
}

std::string cosign_checkpoint(std::string_view body, const std::string& name, const SigningKey& key,
                              uint64_t timestamp_s) {
    const Signature sig = key.sign(as_bytes(signed_message(body, timestamp_s)));
    const NoteKeyHash id = cosignature_key_id({name, key.public_key()});
    Bytes blob(id.begin(), id.end());
    for (int shift = 56; shift >= 0; shift -= 8) blob.push_back(static_cast<uint8_t>(timestamp_s >> shift));
    blob.insert(blob.end(), sig.begin(), sig.end());
    return std::string(kNoteSignaturePrefix) + name + " " + to_base64(blob) + "\n";
}

std::string_view checkpoint_note_body(std::string_view note) {
    const size_t split = note.find("\n\n");
    return split == std::string_view::npos ? std::string_view{} : note.substr(0, split + 1);
}

std::string note_origin(std::string_view note) {
    const size_t nl = note.find('\n');
    return nl == std::string_view::npos ? std::string() : std::string(note.substr(0, nl));
}

Result<WitnessKey> verify_cosignatures(std::string_view note, const std::vector<WitnessKey>& trusted) {
    const std::string_view body = checkpoint_note_body(note);
    if (body.empty()) return Error::CheckpointFormat;
    std::optional<WitnessKey> good;
    for (size_t start = body.size() + 1, nl; (nl = note.find('\n', start)) != std::string_view::npos; start = nl + 1) {
        std::string_view line = note.substr(start, nl - start);
        if (line.substr(0, kNoteSignaturePrefix.size()) != kNoteSignaturePrefix) return Error::CheckpointFormat;
        line.remove_prefix(kNoteSignaturePrefix.size());
        const size_t sp = line.find(' ');
        if (sp == std::string_view::npos) return Error::CheckpointFormat;
        auto blob = from_base64(line.substr(sp + 1));
        if (!blob || blob->size() <= kNoteKeyHashSize) return Error::CheckpointFormat;
        for (const WitnessKey& w : trusted) {
            const NoteKeyHash id = cosignature_key_id(w);
            if (line.substr(0, sp) != w.name || !std::equal(id.begin(), id.end(), blob->begin())) continue;
            if (blob->size() != kCosignatureBlobSize) return Error::CosignatureInvalid;
            uint64_t t = 0;
            for (size_t i = 0; i < 8; ++i) t = (t << 8) | (*blob)[kNoteKeyHashSize + i];
            Signature sig{};
            std::copy(blob->begin() + kNoteKeyHashSize + 8, blob->end(), sig.begin());
            if (t > uint64_t(INT64_MAX) || !verify_signature(w.key, as_bytes(signed_message(body, t)), sig))
                return Error::CosignatureInvalid;
            if (!good) good = w;
        }
    }
    if (!good) return Error::CosignatureMissing;
    return *good;
}

Result<AddCheckpointRequest> parse_add_checkpoint(std::string_view body) {
    if (body.size() > kMaxAddCheckpointBytes) return Error::WitnessRequestFormat;
    AddCheckpointRequest r;
    size_t nl = body.find('\n');
    if (nl == std::string_view::npos || body.substr(0, 4) != "old " || !parse_note_decimal(body.substr(4, nl - 4), UINT64_MAX, r.old_size))
        return Error::WitnessRequestFormat;
    size_t start = nl + 1;
    for (;; start = nl + 1) {
        nl = body.find('\n', start);
        if (nl == std::string_view::npos) return Error::WitnessRequestFormat;
        if (nl == start) break;   // the empty line before the checkpoint
        auto h = from_base64(body.substr(start, nl - start));
        if (!h || h->size() != kHashSize || r.proof.size() == kMaxAddCheckpointProof) return Error::WitnessRequestFormat;
        Hash x{};
        std::copy(h->begin(), h->end(), x.begin());
        r.proof.push_back(x);
    }
    r.note = std::string(body.substr(nl + 1));
    return r;
}

std::string add_checkpoint_body(const AddCheckpointRequest& r) {
    std::string out = "old " + std::to_string(r.old_size) + "\n";
    for (const Hash& h : r.proof) out += to_base64(h) + "\n";
    return out + "\n" + r.note;
}

Result<Checkpoint> witness_check(const AddCheckpointRequest& r, const std::string& origin, const PublicKey& log_key,
                                 const std::optional<Checkpoint>& latest) {
    auto cp = open_checkpoint(r.note, origin, log_key);
    if (!cp) return cp.error();
    if (r.old_size > cp->size) return Error::WitnessOldSizeAhead;
    if (r.old_size != (latest ? latest->size : 0)) return Error::WitnessOldSizeMismatch;
    if (cp->size == 0 && cp->root != merkle_empty_root()) return Error::WitnessBadProof;
    if (r.old_size == 0) {
        if (!r.proof.empty()) return Error::WitnessBadProof;
        return cp;
    }
    if (r.old_size == cp->size) {
        if (!r.proof.empty()) return Error::WitnessBadProof;
        if (cp->root != latest->root) return Error::WitnessRootMismatch;
        return cp;
    }
    if (auto st = verify_consistency(r.old_size, cp->size, r.proof, latest->root, cp->root); !st) return st.error();
    return cp;
}

int witness_http_status(Error e) {
    switch (e) {
        case Error::WitnessUnknownLog: return 404;
        case Error::CheckpointUnsigned:
        case Error::BadSignature: return 403;
        case Error::WitnessOldSizeMismatch: return 409;
        case Error::WitnessBadProof:
        case Error::ConsistencyProofInvalid:
        case Error::WitnessRootMismatch: return 422;
        default: return 400;   // WitnessRequestFormat, WitnessOldSizeAhead, CheckpointFormat, CheckpointWrongOrigin
    }
}

}  // namespace yishi::core
