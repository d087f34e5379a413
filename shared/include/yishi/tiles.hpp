// tiles.hpp — the log as static, cacheable files: C2SP tlog-tiles paths and tile math, entry bundles,
// and the Yishi envelope bundles that carry each entry's signed bytes (docs/protocol.md §15).
//
// A tile at level L, index N holds the hashes MTH(D[(N*256+i)*256^L : (N*256+i+1)*256^L]) for i < width,
// i.e. the tree nodes at height 8L. Full tiles are 256 hashes; the rightmost tile of a level may be
// partial (width = floor(size / 256^L) mod 256). TileSource turns fetched tiles back into a
// MerkleNodeSource, so the root of any size and any proof are computed from tiles with merkle.hpp.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>
#include "yishi/merkle.hpp"

namespace yishi::core {

inline constexpr unsigned kTileHeight = 8;                  // tree levels per tile
inline constexpr uint64_t kTileWidth = 256;                 // hashes in a full tile (2^kTileHeight)
inline constexpr unsigned kMaxTileLevel = 63;               // tlog-tiles' bound on <L>
inline constexpr uint8_t kEnvelopeRecordWire = 1;           // envelope bundle record: body || signature
inline constexpr uint8_t kEnvelopeRecordWithheld = 2;       // envelope bundle record: envelope id || signature

enum class TileKind : uint8_t { Hashes, Entries, Envelopes };   // tile/L/N, tile/entries/N, tile/envelopes/N

struct TileRef {                     // one tile resource
    TileKind kind = TileKind::Hashes;
    unsigned level = 0;              // always 0 for entry and envelope bundles
    uint64_t index = 0;              // N
    unsigned width = kTileWidth;     // 1..256; < 256 is a partial tile (".p/<W>")
};

std::string tile_path(const TileRef& t);                         // "tile/0/x001/234" or "tile/entries/000.p/7"
Result<TileRef> parse_tile_path(std::string_view path);          // strict inverse of tile_path; TileFormat
unsigned tile_width_at(unsigned level, uint64_t index, uint64_t size);  // width in a tree of size, 0 if none
std::vector<TileRef> tiles_for_size(uint64_t size);              // every hash tile a tree of size needs, level 0 first
Result<Bytes> tile_hashes(const MerkleNodeSource& log, unsigned level, uint64_t index, unsigned width);  // MerkleRange

// Hashes from fetched tiles: node (h, i) read from the tile at level h/8, hashed up within it if h%8 != 0.
class TileSource final : public MerkleNodeSource {
public:
    explicit TileSource(uint64_t size) : size_(size) {}
    Status add(const TileRef& t, ByteView hashes);   // TileFormat if not width*32 bytes or not a hash tile
    uint64_t leaf_count() const override { return size_; }
    Hash node_hash(unsigned level, uint64_t index) const override;   // asserts the tile is present
    bool has_tile(unsigned level, uint64_t index, unsigned width) const;  // present with at least width
private:
    uint64_t size_;
    std::map<std::pair<unsigned, uint64_t>, Bytes> tiles_;   // (level, index) → widest hashes seen
};

Bytes encode_entry_bundle(const std::vector<Bytes>& entries);              // u16 length || entry, each
Result<std::vector<Bytes>> decode_entry_bundle(ByteView bundle);           // TileFormat (entries ≤ 65,535 bytes)
Bytes encode_envelope_bundle(const std::vector<Bytes>& records);           // u32 length || record, each
Result<std::vector<Bytes>> decode_envelope_bundle(ByteView bundle);        // TileFormat
Bytes envelope_record_wire(ByteView wire);                                 // 0x01 || body || signature
Bytes envelope_record_withheld(const Hash& id, const Signature& sig);      // 0x02 || id || signature
Result<Hash> envelope_record_leaf_hash(ByteView record);                   // leaf hash either way; TileFormat

}  // namespace yishi::core
