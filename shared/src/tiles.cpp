// tiles.cpp — tlog-tiles paths, tile hashes and bundles (see tiles.hpp). Parsing is strict: one path
// per tile (no leading zeros in <L> and <W>, exactly three digits per index element, "x" on all but
// the last), so a cache never holds one tile under two names.
#include "yishi/tiles.hpp"

#include <cassert>
#include <charconv>
#include <cstdio>

#include "yishi/envelope.hpp"

namespace yishi::core {

namespace {

// 256^level without overflow past 2^64 (levels ≥ 8 saturate: no such tile holds any leaf).
uint64_t span_of(unsigned level) { return level >= 8 ? UINT64_MAX : uint64_t{1} << (kTileHeight * level); }

bool parse_small(std::string_view s, uint64_t max, uint64_t& out) {   // decimal, no leading zeros
    if (s.empty() || (s.size() > 1 && s[0] == '0')) return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size() && out <= max;
}


}  // namespace

std::string tile_path(const TileRef& t) {
    std::string out = "tile/";
    if (t.kind == TileKind::Entries) out += "entries/";
    else if (t.kind == TileKind::Envelopes) out += "envelopes/";
    else out += std::to_string(t.level) + "/";
    std::vector<unsigned> groups;   // the index in base 1000, most significant first
    uint64_t n = t.index;
    do { groups.insert(groups.begin(), unsigned(n % 1000)); n /= 1000; } while (n > 0);
    for (size_t i = 0; i < groups.size(); ++i) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "%s%03u", i + 1 < groups.size() ? "x" : "", groups[i]);
        out += buf;
        if (i + 1 < groups.size()) out += "/";
    }
    if (t.width < kTileWidth) out += ".p/" + std::to_string(t.width);
    return out;
}

Result<TileRef> parse_tile_path(std::string_view path) {
    const std::string_view whole = path;
    TileRef t;
    if (path.substr(0, 5) != "tile/") return Error::TileFormat;
    path.remove_prefix(5);
    if (path.substr(0, 8) == "entries/") { t.kind = TileKind::Entries; path.remove_prefix(8); }
    else if (path.substr(0, 10) == "envelopes/") { t.kind = TileKind::Envelopes; path.remove_prefix(10); }
    else {
        const size_t slash = path.find('/');
        uint64_t level = 0;
        if (slash == std::string_view::npos || !parse_small(path.substr(0, slash), kMaxTileLevel, level))
            return Error::TileFormat;
        t.level = unsigned(level);
        path.remove_prefix(slash + 1);
    }
    if (const size_t p = path.find(".p/"); p != std::string_view::npos) {
        uint64_t w = 0;
        if (!parse_small(path.substr(p + 3), kTileWidth - 1, w) || w == 0) return Error::TileFormat;
        t.width = unsigned(w);
        path = path.substr(0, p);
    }
    uint64_t index = 0;
    for (bool last = false; !last;) {
        const size_t slash = path.find('/');
        last = slash == std::string_view::npos;
        std::string_view g = last ? path : path.substr(0, slash);
        if (!last) {
            if (g.empty() || g[0] != 'x') return Error::TileFormat;
            g.remove_prefix(1);
        }
        if (g.size() != 3) return Error::TileFormat;
        unsigned v = 0;
        for (char c : g) {
            if (c < '0' || c > '9') return Error::TileFormat;
            v = v * 10 + unsigned(c - '0');
        }
        if (index > (UINT64_MAX - v) / 1000) return Error::TileFormat;
        index = index * 1000 + v;
        if (!last) path.remove_prefix(slash + 1);
    }
    t.index = index;
    if (tile_path(t) != whole) return Error::TileFormat;   // one spelling: no "x000/" groups in front
    return t;
}

unsigned tile_width_at(unsigned level, uint64_t index, uint64_t size) {
    if (level >= 8) return 0;
    const uint64_t nodes = size / span_of(level);          // complete nodes at height 8*level
    if (index < nodes / kTileWidth) return kTileWidth;
    if (index == nodes / kTileWidth) return unsigned(nodes % kTileWidth);
    return 0;
}

std::vector<TileRef> tiles_for_size(uint64_t size) {
    std::vector<TileRef> out;
    for (unsigned level = 0; level < 8 && size / span_of(level) > 0; ++level) {
        const uint64_t nodes = size / span_of(level);
        for (uint64_t i = 0; i * kTileWidth < nodes; ++i)
            out.push_back({TileKind::Hashes, level, i, tile_width_at(level, i, size)});
    }
    return out;
}

Result<Bytes> tile_hashes(const MerkleNodeSource& log, unsigned level, uint64_t index, unsigned width) {
    if (width == 0 || width > kTileWidth || width > tile_width_at(level, index, log.leaf_count()))
        return Error::MerkleRange;
    Bytes out;
    out.reserve(size_t(width) * kHashSize);
    for (unsigned i = 0; i < width; ++i) {
        const Hash h = log.node_hash(kTileHeight * level, index * kTileWidth + i);
        out.insert(out.end(), h.begin(), h.end());
    }
    return out;
}

// [SECTION] TileSource

Status TileSource::add(const TileRef& t, ByteView hashes) {
    if (t.kind != TileKind::Hashes || hashes.size() != size_t(t.width) * kHashSize) return Error::TileFormat;
    Bytes& have = tiles_[{t.level, t.index}];
    if (hashes.size() > have.size()) have.assign(hashes.begin(), hashes.end());
    return Ok{};
}

bool TileSource::has_tile(unsigned level, uint64_t index, unsigned width) const {
    auto it = tiles_.find({level, index});
    return it != tiles_.end() && it->second.size() >= size_t(width) * kHashSize;
}

Hash TileSource::node_hash(unsigned level, uint64_t index) const {
    const unsigned tile_level = level / kTileHeight, sub = level % kTileHeight;
    // Node (level, index) covers 2^sub hashes of its tile, starting at (index << sub) within the level.
    const uint64_t first = index << sub;
    auto it = tiles_.find({tile_level, first / kTileWidth});
    assert(it != tiles_.end() && "TileSource: the tile holding this node was not added");
    const Bytes& t = it->second;
    const size_t offset = size_t(first % kTileWidth);
    std::vector<Hash> row(size_t(1) << sub);
    for (size_t i = 0; i < row.size(); ++i) {
        assert((offset + i + 1) * kHashSize <= t.size() && "TileSource: the tile is narrower than this node");
        std::copy_n(t.begin() + std::ptrdiff_t((offset + i) * kHashSize), kHashSize, row[i].begin());
    }
    for (size_t n = row.size(); n > 1; n /= 2)
        for (size_t i = 0; i < n / 2; ++i) row[i] = merkle_node_hash(row[2 * i], row[2 * i + 1]);
    return row[0];
}

// [SECTION] Bundles

namespace {

// Items each preceded by a big-endian length of `width` bytes (2: tlog-tiles entries; 4: envelope records).
Bytes encode_framed(const std::vector<Bytes>& items, unsigned width) {
    Bytes out;
    for (const Bytes& item : items) {
        assert(item.size() < (uint64_t{1} << (8 * width)) && "the item does not fit its length prefix");
        for (int s = int(8 * (width - 1)); s >= 0; s -= 8) out.push_back(uint8_t(item.size() >> s));
        out.insert(out.end(), item.begin(), item.end());
    }
    return out;
}

Result<std::vector<Bytes>> decode_framed(ByteView b, unsigned width, bool allow_empty) {
    std::vector<Bytes> out;
    for (size_t pos = 0; pos < b.size();) {
        if (b.size() - pos < width) return Error::TileFormat;
        size_t n = 0;
        for (unsigned k = 0; k < width; ++k) n = n << 8 | b[pos + k];
        pos += width;
        if ((n == 0 && !allow_empty) || b.size() - pos < n) return Error::TileFormat;
        out.emplace_back(b.begin() + std::ptrdiff_t(pos), b.begin() + std::ptrdiff_t(pos + n));
        pos += n;
    }
    return out;
}

}  // namespace

Bytes encode_entry_bundle(const std::vector<Bytes>& entries) { return encode_framed(entries, 2); }
Result<std::vector<Bytes>> decode_entry_bundle(ByteView b) { return decode_framed(b, 2, true); }
Bytes encode_envelope_bundle(const std::vector<Bytes>& records) { return encode_framed(records, 4); }
Result<std::vector<Bytes>> decode_envelope_bundle(ByteView b) { return decode_framed(b, 4, false); }

Bytes envelope_record_wire(ByteView wire) {
    Bytes out{kEnvelopeRecordWire};
    out.insert(out.end(), wire.begin(), wire.end());
    return out;
}

Bytes envelope_record_withheld(const Hash& id, const Signature& sig) {
    Bytes out{kEnvelopeRecordWithheld};
    out.insert(out.end(), id.begin(), id.end());
    out.insert(out.end(), sig.begin(), sig.end());
    return out;
}

Result<Hash> envelope_record_leaf_hash(ByteView record) {
    if (record.empty()) return Error::TileFormat;
    const ByteView rest = record.subspan(1);
    if (record[0] == kEnvelopeRecordWithheld) {
        if (rest.size() != kHashSize + kSignatureSize) return Error::TileFormat;
        return merkle_leaf_hash(rest);
    }
    if (record[0] != kEnvelopeRecordWire || rest.size() < kSignatureSize) return Error::TileFormat;
    auto s = decode_signed_envelope(rest);
    if (!s) return s.error();
    auto id = envelope_id(s->envelope);
    if (!id) return id.error();
    Bytes leaf(id->begin(), id->end());
    leaf.insert(leaf.end(), s->signature.begin(), s->signature.end());
    return merkle_leaf_hash(leaf);
}

}  // namespace yishi::core
