// test_merkle.cpp — the Merkle log against the public Certificate Transparency vectors, then properties
// over many tree sizes (seeded loops, identical natively and in wasm).
//
// Known answers: the 8 leaves, roots and proofs of transparency-dev/merkle testonly/constants.go and
// proof/verify_test.go (github.com/transparency-dev/merkle, commit 02194e9a; the same data as
// google/certificate-transparency's RFC 6962 tests). Their proof tables use 1-based leaf numbers;
// the indices below are 0-based.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "yishi/merkle.hpp"
#include "yishi/splitmix.hpp"

using namespace yishi::core;

namespace {

Hash h(std::string_view hex) {
    auto b = from_hex(hex);
    REQUIRE(b.ok());
    REQUIRE(b->size() == kHashSize);
    Hash out;
    std::copy(b->begin(), b->end(), out.begin());
    return out;
}

const char* const kLeaves[] = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                               "606162636465666768696a6b6c6d6e6f"};
const char* const kRoots[] = {  // by tree size 1..8
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

MerkleTree ct_tree() {
    MerkleTree t;
    for (auto leaf : kLeaves) t.append_data(from_hex(leaf).value());
    return t;
}

struct ProofVector { uint64_t index, size; std::vector<const char*> proof; };
struct ConsistencyVector { uint64_t size1, size2; std::vector<const char*> proof; };

std::vector<Hash> hashes(const std::vector<const char*>& hex) {
    std::vector<Hash> out;
    for (auto x : hex) out.push_back(h(x));
    return out;
}

using Rng = SplitMix64;  // identical sequences natively and in wasm

}  // namespace

TEST_CASE("the empty tree's root is the SHA-256 of nothing") {
    MerkleTree t;
    CHECK(to_hex(merkle_root(t, 0).value()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(merkle_root(t, 1).error() == Error::MerkleRange);
}

TEST_CASE("the eight Certificate Transparency leaves give the published root at every size") {
    MerkleTree t = ct_tree();
    REQUIRE(t.leaf_count() == 8);
    for (uint64_t size = 1; size <= 8; ++size) {
        CAPTURE(size);
        CHECK(to_hex(merkle_root(t, size).value()) == kRoots[size - 1]);
    }
    SUBCASE("and a leaf-hash getter over the same leaves agrees") {
        LeafHashGetter g(8, [&](uint64_t i) { return t.node_hash(0, i); });
        for (uint64_t size = 1; size <= 8; ++size) CHECK(merkle_root(g, size).value() == merkle_root(t, size).value());
    }
}

TEST_CASE("inclusion proofs match the published vectors and verify") {
    const std::vector<ProofVector> vectors = {
        {0, 1, {}},
        {0, 8, {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
        {5, 8, {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
        {2, 3, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
        {1, 5, {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
    };
    MerkleTree t = ct_tree();
    for (const auto& v : vectors) {
        CAPTURE(v.index);
        CAPTURE(v.size);
        auto proof = inclusion_proof(t, v.index, v.size);
        REQUIRE(proof.ok());
        CHECK(proof.value() == hashes(v.proof));
        const Hash leaf = merkle_leaf_hash(from_hex(kLeaves[v.index]).value());
        CHECK(verify_inclusion(leaf, v.index, v.size, proof.value(), h(kRoots[v.size - 1])).ok());
        CHECK(verify_inclusion(leaf, v.index + 1, v.size, proof.value(), h(kRoots[v.size - 1])).error() ==
              Error::InclusionProofInvalid);
    }
}

TEST_CASE("consistency proofs match the published vectors and verify") {
    const std::vector<ConsistencyVector> vectors = {
        {1, 1, {}},
        {1, 8, {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
        {6, 8, {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
        {2, 5, {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
        {6, 7, {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    };
    MerkleTree t = ct_tree();
    for (const auto& v : vectors) {
        CAPTURE(v.size1);
        CAPTURE(v.size2);
        auto proof = consistency_proof(t, v.size1, v.size2);
        REQUIRE(proof.ok());
        CHECK(proof.value() == hashes(v.proof));
        CHECK(verify_consistency(v.size1, v.size2, proof.value(), h(kRoots[v.size1 - 1]), h(kRoots[v.size2 - 1])).ok());
    }
}

TEST_CASE("the consistency edge cases of the reference verifier hold") {
    const Hash a = merkle_leaf_hash(as_bytes("a")), b = merkle_leaf_hash(as_bytes("b"));
    const Hash empty = merkle_empty_root();
    const std::vector<Hash> none, one{empty};
    CHECK(verify_consistency(0, 0, none, a, a).ok());
    CHECK_FALSE(verify_consistency(0, 0, none, a, b).ok());
    CHECK(verify_consistency(0, 1, none, a, b).ok());
    CHECK(verify_consistency(1, 1, none, b, b).ok());
    CHECK_FALSE(verify_consistency(1, 1, none, a, b).ok());
    CHECK_FALSE(verify_consistency(1, 0, none, a, b).ok());
    CHECK_FALSE(verify_consistency(2, 1, none, a, b).ok());
    CHECK_FALSE(verify_consistency(1, 2, none, a, b).ok());   // a non-trivial claim needs a proof
    CHECK_FALSE(verify_consistency(0, 0, one, empty, empty).ok());
    CHECK_FALSE(verify_consistency(0, 1, one, empty, empty).ok());
    CHECK_FALSE(verify_consistency(1, 1, one, empty, empty).ok());
    CHECK(verify_consistency(3, 2, none, a, b).error() == Error::ConsistencyProofInvalid);
}

TEST_CASE("an inclusion proof cannot be asked for outside the log") {
    MerkleTree t = ct_tree();
    CHECK(inclusion_proof(t, 0, 0).error() == Error::MerkleRange);
    CHECK(inclusion_proof(t, 8, 8).error() == Error::MerkleRange);
    CHECK(inclusion_proof(t, 0, 9).error() == Error::MerkleRange);
    CHECK(consistency_proof(t, 5, 4).error() == Error::MerkleRange);
    CHECK(consistency_proof(t, 1, 9).error() == Error::MerkleRange);
    CHECK(verify_inclusion(t.node_hash(0, 0), 0, 0, {}, merkle_empty_root()).error() == Error::InclusionProofInvalid);
}

TEST_CASE("every leaf's inclusion proof verifies at every later tree size") {
    MerkleTree t;
    constexpr uint64_t kLeavesInTree = 70;
    for (uint64_t i = 0; i < kLeavesInTree; ++i) t.append_data(as_bytes("leaf " + std::to_string(i)));
    for (uint64_t size = 1; size <= kLeavesInTree; ++size) {
        const Hash root = merkle_root(t, size).value();
        for (uint64_t i = 0; i < size; ++i) {
            auto proof = inclusion_proof(t, i, size);
            REQUIRE(proof.ok());
            if (!verify_inclusion(t.node_hash(0, i), i, size, proof.value(), root).ok()) {
                FAIL_CHECK("inclusion failed at index " << i << " size " << size);
            }
        }
    }
}

TEST_CASE("consistency between any two tree sizes verifies") {
    MerkleTree t;
    constexpr uint64_t kLeavesInTree = 40;
    for (uint64_t i = 0; i < kLeavesInTree; ++i) t.append_data(as_bytes("entry " + std::to_string(i)));
    for (uint64_t m = 0; m <= kLeavesInTree; ++m)
        for (uint64_t n = m; n <= kLeavesInTree; ++n) {
            auto proof = consistency_proof(t, m, n);
            REQUIRE(proof.ok());
            if (!verify_consistency(m, n, proof.value(), merkle_root(t, m).value(), merkle_root(t, n).value()).ok())
                FAIL_CHECK("consistency failed for " << m << " -> " << n);
        }
}

TEST_CASE("a flipped bit anywhere in a proof, root or leaf makes verification fail") {
    MerkleTree t;
    for (int i = 0; i < 300; ++i) t.append_data(as_bytes("x" + std::to_string(i)));
    Rng rng{20261128};
    for (int trial = 0; trial < 200; ++trial) {
        const uint64_t size = 2 + rng.below(299), index = rng.below(size);
        Hash root = merkle_root(t, size).value(), leaf = t.node_hash(0, index);
        auto proof = inclusion_proof(t, index, size).value();
        REQUIRE(verify_inclusion(leaf, index, size, proof, root).ok());
        const size_t target = rng.below(proof.size() + 2), bit = rng.below(256);
        Hash& victim = target < proof.size() ? proof[target] : target == proof.size() ? root : leaf;
        victim[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
        CHECK_FALSE(verify_inclusion(leaf, index, size, proof, root).ok());
    }
    for (int trial = 0; trial < 200; ++trial) {
        const uint64_t n = 2 + rng.below(299), m = 1 + rng.below(n - 1);
        Hash r1 = merkle_root(t, m).value(), r2 = merkle_root(t, n).value();
        auto proof = consistency_proof(t, m, n).value();
        REQUIRE(verify_consistency(m, n, proof, r1, r2).ok());
        const size_t target = rng.below(proof.size() + 2), bit = rng.below(256);
        Hash& victim = target < proof.size() ? proof[target] : target == proof.size() ? r1 : r2;
        victim[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
        CHECK_FALSE(verify_consistency(m, n, proof, r1, r2).ok());
    }
}

TEST_CASE("a proof with a hash added, removed or for another position fails") {
    MerkleTree t = ct_tree();
    const Hash root = h(kRoots[7]);
    const Hash leaf = t.node_hash(0, 5);
    auto proof = inclusion_proof(t, 5, 8).value();
    auto longer = proof;
    longer.push_back(root);
    auto shorter = proof;
    shorter.pop_back();
    CHECK_FALSE(verify_inclusion(leaf, 5, 8, longer, root).ok());
    CHECK_FALSE(verify_inclusion(leaf, 5, 8, shorter, root).ok());
    CHECK_FALSE(verify_inclusion(leaf, 4, 8, proof, root).ok());
    CHECK_FALSE(verify_inclusion(leaf, 7, 8, proof, root).ok());
    CHECK_FALSE(verify_inclusion(leaf, 5, 16, proof, root).ok());
    CHECK_FALSE(verify_inclusion(leaf, 5, 4, proof, root).ok());
    auto cproof = consistency_proof(t, 6, 8).value();
    auto ctrunc = cproof;
    ctrunc.pop_back();
    CHECK_FALSE(verify_consistency(6, 8, ctrunc, h(kRoots[5]), root).ok());
    CHECK_FALSE(verify_consistency(6, 8, cproof, root, h(kRoots[5])).ok());
    CHECK_FALSE(verify_consistency(5, 8, cproof, h(kRoots[5]), root).ok());
    CHECK_FALSE(verify_consistency(7, 8, cproof, h(kRoots[5]), root).ok());
}
