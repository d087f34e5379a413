// ballot_stream.cpp — the compact ballot stream and batched signature checks (see ballot_stream.hpp).
// Decoding is strict: every length within its bound, nothing left over, so a stream has one reading.
#include "yishi/ballot_stream.hpp"

#include "yishi/envelope.hpp"
#include "yishi/receipt.hpp"

namespace yishi::core {

namespace {

constexpr size_t kMaxWire = kMaxEnvelopeBytes + kSignatureSize;
constexpr size_t kMaxNote = 64 * 1024;      // a checkpoint with its cosignature lines

void put(Bytes& out, uint64_t v, unsigned bytes) {
    for (int s = int(8 * (bytes - 1)); s >= 0; s -= 8) out.push_back(uint8_t(v >> s));
}
void put_text(Bytes& out, std::string_view s) {
    put(out, s.size(), 4);
    out.insert(out.end(), s.begin(), s.end());
}
void put_record(Bytes& out, const LoggedWire& w) {
    put(out, w.log_index, 8);
    put(out, w.wire.size(), 4);
    out.insert(out.end(), w.wire.begin(), w.wire.end());
}

// Reads a stream front to back; any read past the end or over a bound leaves ok false.
struct Reader {
    ByteView b;
    size_t pos = 0;
    bool ok = true;
    uint64_t num(unsigned bytes) {
        if (!ok || b.size() - pos < bytes) return ok = false, 0;
        uint64_t v = 0;
        for (unsigned k = 0; k < bytes; ++k) v = v << 8 | b[pos++];
        return v;
    }
    ByteView take(uint64_t n, size_t max) {
        if (!ok || n > max || b.size() - pos < n) return ok = false, ByteView{};
        ByteView v = b.subspan(pos, size_t(n));
        pos += size_t(n);
        return v;
    }
    std::string text(size_t max) {
        ByteView v = take(num(4), max);
        return std::string(v.begin(), v.end());
    }
    LoggedWire record() {
        LoggedWire w;
        w.log_index = num(8);
        ByteView v = take(num(4), kMaxWire);
        w.wire.assign(v.begin(), v.end());
        return w;
    }
};

}  // namespace

Bytes encode_ballot_stream(const BallotStream& s) {
    Bytes out(kBallotStreamMagic.begin(), kBallotStreamMagic.end());
    put_text(out, s.origin);
    out.insert(out.end(), s.log_key.begin(), s.log_key.end());
    put_text(out, s.checkpoint);
    put(out, s.consultation, 8);
    put_record(out, s.open);
    out.push_back(s.close ? 1 : 0);
    if (s.close) put_record(out, *s.close);
    put(out, s.ballots.size(), 4);
    for (const LoggedWire& w : s.ballots) put_record(out, w);
    return out;
}

Result<BallotStream> decode_ballot_stream(ByteView bytes) {
    Reader r{bytes};
    ByteView magic = r.take(kBallotStreamMagic.size(), kBallotStreamMagic.size());
    if (!r.ok || std::string_view(reinterpret_cast<const char*>(magic.data()), magic.size()) != kBallotStreamMagic)
        return Error::TileFormat;
    BallotStream s;
    s.origin = r.text(kMaxNote);
    ByteView key = r.take(kPublicKeySize, kPublicKeySize);
    if (r.ok) std::copy(key.begin(), key.end(), s.log_key.begin());
    s.checkpoint = r.text(kMaxNote);
    s.consultation = r.num(8);
    s.open = r.record();
    const uint64_t has_close = r.num(1);
    if (has_close > 1) return Error::TileFormat;
    if (has_close) s.close = r.record();
    const uint64_t count = r.num(4);
    if (!r.ok || count > (bytes.size() - r.pos) / 12) return Error::TileFormat;   // a record is at least 12 bytes
    s.ballots.reserve(size_t(count));
    for (uint64_t i = 0; i < count && r.ok; ++i) s.ballots.push_back(r.record());
    if (!r.ok || r.pos != bytes.size()) return Error::TileFormat;
    return s;
}

Bytes wire_batch(const std::vector<const Bytes*>& wires) {
    Bytes out;
    for (const Bytes* w : wires) {
        put(out, w->size(), 4);
        out.insert(out.end(), w->begin(), w->end());
    }
    return out;
}

Bytes check_wire_batch(ByteView batch) {
    Bytes out;
    Reader r{batch};
    while (r.ok && r.pos < batch.size()) {
        ByteView wire = r.take(r.num(4), kMaxWire);
        if (!r.ok) return {};
        auto env = decode_signed_envelope(wire);
        Status st = env ? verify_envelope(env.value()) : Status(env.error());
        auto leaf = st ? envelope_leaf_hash(env.value()) : Result<Hash>(st.error());
        out.push_back(leaf ? 0 : uint8_t(1 + static_cast<int>(leaf.error())));
        const Hash h = leaf ? leaf.value() : Hash{};
        out.insert(out.end(), h.begin(), h.end());
    }
    return out;
}

}  // namespace yishi::core
