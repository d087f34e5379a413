// checkpoint.cpp — making and opening C2SP checkpoints (see checkpoint.hpp). Parsing is strict: one
// spelling per tree head (decimal without leading zeros, canonical base64), so two equal heads
// are equal texts.
#include "yishi/checkpoint.hpp"

#include <algorithm>
#include <vector>

#include "yishi/utf8.hpp"

namespace yishi::core {

namespace {

// Origins and key names: non-empty, no spaces, no '+', no control characters, valid UTF-8.
bool valid_name(std::string_view s) {
    if (s.empty() || !utf8_code_points(s)) return false;
    for (char c : s)
        if (static_cast<unsigned char>(c) <= 0x20 || c == '+' || c == 0x7f) return false;
    return true;
}

std::vector<std::string_view> split_lines(std::string_view text) {  // text ends in '\n'
    std::vector<std::string_view> lines;
    size_t start = 0;
    for (size_t nl; (nl = text.find('\n', start)) != std::string_view::npos; start = nl + 1)
        lines.push_back(text.substr(start, nl - start));
    return lines;
}

Result<Checkpoint> parse_body(std::string_view body) {
    const auto lines = split_lines(body);
    if (lines.size() < 4) return Error::CheckpointFormat;
    Checkpoint cp;
    cp.origin = std::string(lines[0]);
    if (!valid_name(cp.origin)) return Error::CheckpointFormat;
    if (!parse_note_decimal(lines[1], UINT64_MAX, cp.size)) return Error::CheckpointFormat;
    auto root = from_base64(lines[2]);
    if (!root || root->size() != kHashSize) return Error::CheckpointFormat;
    std::copy(root->begin(), root->end(), cp.root.begin());
    if (lines[3].substr(0, kCheckpointTimePrefix.size()) != kCheckpointTimePrefix) return Error::CheckpointFormat;
    uint64_t t = 0;
    if (!parse_note_decimal(lines[3].substr(kCheckpointTimePrefix.size()), INT64_MAX, t)) return Error::CheckpointFormat;
    cp.time_ms = static_cast<int64_t>(t);
    for (size_t i = 4; i < lines.size(); ++i)   // further extension lines: allowed, non-empty, ignored
        if (lines[i].empty()) return Error::CheckpointFormat;
    return cp;
}

}  // namespace

// Canonical unsigned decimal: "0" or a non-zero digit followed by digits, within max.
bool parse_note_decimal(std::string_view s, uint64_t max, uint64_t& out) {
    if (s.empty() || s.size() > 20 || (s.size() > 1 && s[0] == '0')) return false;
    uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        const uint64_t d = static_cast<uint64_t>(c - '0');
        if (v > (max - d) / 10) return false;
        v = v * 10 + d;
    }
    out = v;
    return true;
}

NoteKeyHash note_key_hash(std::string_view key_name, const PublicKey& key) {
    std::string prefix(key_name);
    prefix.push_back('\n');
    prefix.push_back(static_cast<char>(kNoteEd25519Type));
    const Hash h = sha256(as_bytes(prefix), key);
    NoteKeyHash out{};
    std::copy_n(h.begin(), kNoteKeyHashSize, out.begin());
    return out;
}

std::string note_verifier_key(std::string_view key_name, const PublicKey& key) {
    Bytes typed{kNoteEd25519Type};
    typed.insert(typed.end(), key.begin(), key.end());
    return std::string(key_name) + "+" + to_hex(note_key_hash(key_name, key)) + "+" + to_base64(typed);
}

Result<std::string> checkpoint_body(const Checkpoint& cp) {
    if (!valid_name(cp.origin) || cp.time_ms < 0) return Error::CheckpointFormat;
    return cp.origin + "\n" + std::to_string(cp.size) + "\n" + to_base64(cp.root) + "\n" +
           std::string(kCheckpointTimePrefix) + std::to_string(cp.time_ms) + "\n";
}

Result<std::string> make_checkpoint(const Checkpoint& cp, const SigningKey& key) {
    auto body = checkpoint_body(cp);
    if (!body) return body.error();
    const Signature sig = key.sign(as_bytes(body.value()));
    const NoteKeyHash kh = note_key_hash(cp.origin, key.public_key());
    Bytes blob(kh.begin(), kh.end());
    blob.insert(blob.end(), sig.begin(), sig.end());
    return body.value() + "\n" + std::string(kNoteSignaturePrefix) + cp.origin + " " + to_base64(blob) + "\n";
}

Result<Checkpoint> open_checkpoint(std::string_view note, std::string_view origin, const PublicKey& key) {
    if (note.size() > kMaxNoteBytes || !utf8_code_points(note) || note.empty() || note.back() != '\n')
        return Error::CheckpointFormat;
    const size_t split = note.rfind("\n\n");
    if (split == std::string_view::npos) return Error::CheckpointFormat;
    const std::string_view body = note.substr(0, split + 1);
    const auto sig_lines = split_lines(note.substr(split + 2));
    if (sig_lines.empty() || sig_lines.size() > kMaxNoteSignatures) return Error::CheckpointFormat;

    auto cp = parse_body(body);
    if (!cp) return cp.error();
    if (cp->origin != origin) return Error::CheckpointWrongOrigin;

    const NoteKeyHash want = note_key_hash(origin, key);
    for (std::string_view line : sig_lines) {
        if (line.substr(0, kNoteSignaturePrefix.size()) != kNoteSignaturePrefix) return Error::CheckpointFormat;
        line.remove_prefix(kNoteSignaturePrefix.size());
        const size_t sp = line.find(' ');
        if (sp == std::string_view::npos || !valid_name(line.substr(0, sp))) return Error::CheckpointFormat;
        auto blob = from_base64(line.substr(sp + 1));
        if (!blob || blob->size() <= kNoteKeyHashSize) return Error::CheckpointFormat;
        if (line.substr(0, sp) != origin || !std::equal(want.begin(), want.end(), blob->begin())) continue;
        if (blob->size() != kNoteKeyHashSize + kSignatureSize) return Error::CheckpointFormat;
        Signature sig{};
        std::copy(blob->begin() + kNoteKeyHashSize, blob->end(), sig.begin());
        // The first line naming our key decides, as in Go's note.Open.
        if (auto st = verify_signature(key, as_bytes(body), sig); !st) return st.error();
        return cp;
    }
    return Error::CheckpointUnsigned;
}

}  // namespace yishi::core
