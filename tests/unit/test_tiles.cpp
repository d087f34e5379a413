// test_tiles.cpp — the static log (shared/tiles.hpp): tlog-tiles paths, which tiles a tree size has,
// and that roots and proofs computed from tiles alone are those of the whole tree, natively and in wasm.
#include <doctest/doctest.h>

#include "yishi/envelope.hpp"
#include "yishi/tiles.hpp"

using namespace yishi::core;

namespace {

Hash leaf(uint64_t i) {
    uint8_t b[8];
    for (int k = 0; k < 8; ++k) b[k] = uint8_t(i >> (56 - 8 * k));
    return merkle_leaf_hash(ByteView(b, 8));
}

TileSource tiles_of(const MerkleTree& tree, uint64_t size) {
    TileSource src(size);
    for (const TileRef& t : tiles_for_size(size)) {
        auto h = tile_hashes(tree, t.level, t.index, t.width);
        REQUIRE(h.ok());
        REQUIRE(src.add(t, h.value()).ok());
    }
    return src;
}

}  // namespace

TEST_CASE("tile paths are spelled as tlog-tiles says, and only that way") {
    CHECK(tile_path({TileKind::Hashes, 0, 1234067, 256}) == "tile/0/x001/x234/067");
    CHECK(tile_path({TileKind::Hashes, 2, 0, 1}) == "tile/2/000.p/1");
    CHECK(tile_path({TileKind::Entries, 0, 5, 112}) == "tile/entries/005.p/112");
    CHECK(tile_path({TileKind::Envelopes, 0, 1000, 256}) == "tile/envelopes/x001/000");
    auto t = parse_tile_path("tile/1/x001/x234/067.p/17");
    REQUIRE(t.ok());
    CHECK((t->kind == TileKind::Hashes && t->level == 1 && t->index == 1234067 && t->width == 17));
    auto e = parse_tile_path("tile/envelopes/x001/000");
    REQUIRE(e.ok());
    CHECK((e->kind == TileKind::Envelopes && e->index == 1000 && e->width == 256));
    for (const char* bad : {"tile/0/1", "tile/0/x000/001", "tile/00/001", "tile/64/001", "tile/0/001.p/0",
                            "tile/0/001.p/256", "tile/0/001.p/07", "tile/0/001/", "tile/0/x01/001", "tile/0/0a1",
                            "tile/entries/001.p/", "tiles/0/001", "tile/0/001.p/5/", "tile/x/001"})
        CHECK_MESSAGE(parse_tile_path(bad).error() == Error::TileFormat, bad);
}

TEST_CASE("a tree of 70,000 entries has the tiles the tlog-tiles example lists") {
    const auto tiles = tiles_for_size(70000);
    size_t full0 = 0, partial0 = 0;
    for (const auto& t : tiles)
        if (t.level == 0) (t.width == 256 ? full0 : partial0)++;
    CHECK(full0 == 273);
    CHECK(partial0 == 1);
    CHECK(tile_width_at(0, 273, 70000) == 112);
    CHECK(tile_width_at(1, 0, 70000) == 256);
    CHECK(tile_width_at(1, 1, 70000) == 17);
    CHECK(tile_width_at(2, 0, 70000) == 1);
    CHECK(tile_width_at(3, 0, 70000) == 0);
    CHECK(tile_width_at(0, 274, 70000) == 0);
    CHECK(tiles.size() == 273 + 1 + 2 + 1);
    CHECK(tiles_for_size(256).size() == 2);   // a full level-0 tile and a partial level-1 tile of width 1
    CHECK(tiles_for_size(0).empty());
}

TEST_CASE("roots and proofs from tiles alone equal those of the whole tree") {
    MerkleTree tree;
    for (uint64_t i = 0; i < 65536 + 300; ++i) tree.append_leaf_hash(leaf(i));
    for (uint64_t size : {1ull, 7ull, 255ull, 256ull, 257ull, 513ull, 65536ull, 65836ull}) {
        CAPTURE(size);
        const TileSource src = tiles_of(tree, size);
        CHECK(merkle_root(src, size).value() == merkle_root(tree, size).value());
        for (uint64_t index : {uint64_t{0}, size / 2, size - 1})
            CHECK(inclusion_proof(src, index, size).value() == inclusion_proof(tree, index, size).value());
        CHECK(consistency_proof(src, size / 3, size).value() == consistency_proof(tree, size / 3, size).value());
    }
    CHECK(tile_hashes(tree, 0, 0, 256).ok());
    CHECK(tile_hashes(tree, 1, 1, 2).error() == Error::MerkleRange);   // 257 complete level-1 nodes: tile 1 is 1 wide
    CHECK(tile_hashes(tree, 2, 0, 2).error() == Error::MerkleRange);   // one complete level-2 node
}

TEST_CASE("the eight Certificate Transparency leaves give the known root through a partial tile") {
    const char* data[] = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                          "606162636465666768696a6b6c6d6e6f"};
    MerkleTree tree;
    for (const char* d : data) tree.append_data(from_hex(d).value());
    const TileSource src = tiles_of(tree, 8);
    CHECK(to_hex(merkle_root(src, 8).value()) == "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
    CHECK(tile_path(tiles_for_size(8).at(0)) == "tile/0/000.p/8");
}

TEST_CASE("bundles frame entries and records, and refuse cut or empty ones") {
    const std::vector<Bytes> entries = {{1, 2, 3}, {}, Bytes(300, 7)};
    auto back = decode_entry_bundle(encode_entry_bundle(entries));
    REQUIRE(back.ok());
    CHECK(back.value() == entries);
    Bytes cut = encode_entry_bundle(entries);
    cut.pop_back();
    CHECK(decode_entry_bundle(cut).error() == Error::TileFormat);
    const std::vector<Bytes> records = {{2, 9}, Bytes(70000, 1)};
    CHECK(decode_envelope_bundle(encode_envelope_bundle(records)).value() == records);
    CHECK(decode_envelope_bundle(Bytes{0, 0, 0, 0}).error() == Error::TileFormat);
}

TEST_CASE("an envelope record and its withheld form have the same leaf hash") {
    auto key = SigningKey::from_seed(from_hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f").value());
    REQUIRE(key.ok());
    Envelope e;
    e.author = key->public_key();
    e.sequence = 1;
    e.scope = {320508, 7};
    e.payload = CommentPayload{Hash{}, Stance::For, "人身攻击"};
    auto s = sign_envelope(e, key.value());
    REQUIRE(s.ok());
    const Bytes wire = encode_signed_envelope(s.value()).value();
    const Hash id = envelope_id(e).value();
    Bytes leaf_data(id.begin(), id.end());
    leaf_data.insert(leaf_data.end(), s->signature.begin(), s->signature.end());
    CHECK(envelope_record_leaf_hash(envelope_record_wire(wire)).value() == merkle_leaf_hash(leaf_data));
    CHECK(envelope_record_leaf_hash(envelope_record_withheld(id, s->signature)).value() == merkle_leaf_hash(leaf_data));
    Bytes bad = envelope_record_wire(wire);
    bad[2] ^= 1;   // a changed body is another envelope: its leaf hash differs
    auto other = envelope_record_leaf_hash(bad);
    CHECK((!other.ok() || other.value() != merkle_leaf_hash(leaf_data)));
    CHECK(envelope_record_leaf_hash(Bytes{3, 0}).error() == Error::TileFormat);
}
