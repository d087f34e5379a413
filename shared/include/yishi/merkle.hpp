// merkle.hpp — the append-only transparency log's Merkle tree, hashed as RFC 6962 / RFC 9162.
//
// leaf hash = SHA-256(0x00 || data), interior node = SHA-256(0x01 || left || right), the empty tree's
// root = SHA-256(""). Proofs are generated per RFC 6962 section 2.1.1-2.1.2 (PATH, SUBPROOF) and
// verified exactly by the algorithms of RFC 9162 sections 2.1.3.2 and 2.1.4.2.
//
// Generation reads complete-subtree hashes through MerkleNodeSource, so storage is pluggable: the
// in-memory MerkleTree keeps every level (amortised O(1) append, O(log^2 n) roots and proofs);
// LeafHashGetter computes nodes from leaf hashes alone (e.g. a SQLite column), O(n) per proof;
// a server may also persist the levels (level, index, hash) and answer node_hash from a table.
#pragma once
#include <cstdint>
#include <functional>
#include <span>
#include <vector>
#include "yishi/hash.hpp"

namespace yishi::core {

inline constexpr uint8_t kMerkleLeafPrefix = 0x00;   // RFC 6962 leaf domain byte
inline constexpr uint8_t kMerkleNodePrefix = 0x01;   // RFC 6962 interior node domain byte
inline constexpr size_t kMaxProofHashes = 64;        // no proof in a 2^64-leaf tree is longer

Hash merkle_leaf_hash(ByteView data);                          // SHA-256(0x00 || data)
Hash merkle_node_hash(const Hash& left, const Hash& right);    // SHA-256(0x01 || left || right)
Hash merkle_empty_root();                                      // SHA-256 of the empty string

// Read access to the hashes of complete, aligned subtrees of an append-only log.
class MerkleNodeSource {
public:
    virtual ~MerkleNodeSource() = default;
    virtual uint64_t leaf_count() const = 0;                                 // leaves appended so far
    virtual Hash node_hash(unsigned level, uint64_t index) const = 0;        // leaves [index<<level, (index+1)<<level)
};

// The whole tree in memory: every level of complete subtrees, extended as leaves are appended.
class MerkleTree final : public MerkleNodeSource {
public:
    uint64_t append_leaf_hash(const Hash& leaf_hash);                        // index of the new leaf
    uint64_t append_data(ByteView data) { return append_leaf_hash(merkle_leaf_hash(data)); }  // hash, then append
    uint64_t leaf_count() const override;
    Hash node_hash(unsigned level, uint64_t index) const override;
private:
    std::vector<std::vector<Hash>> levels_;  // levels_[h][i] = subtree of 2^h leaves starting at i<<h
};

// Nodes recomputed from a function that returns leaf hash i (for storage that keeps only leaves).
class LeafHashGetter final : public MerkleNodeSource {
public:
    LeafHashGetter(uint64_t count, std::function<Hash(uint64_t)> leaf) : count_(count), leaf_(std::move(leaf)) {}
    uint64_t leaf_count() const override { return count_; }
    Hash node_hash(unsigned level, uint64_t index) const override;
private:
    uint64_t count_;
    std::function<Hash(uint64_t)> leaf_;
};

Result<Hash> merkle_root(const MerkleNodeSource& log, uint64_t size);                    // MTH of the first size leaves
Result<std::vector<Hash>> inclusion_proof(const MerkleNodeSource& log, uint64_t index, uint64_t size);  // MerkleRange
Result<std::vector<Hash>> consistency_proof(const MerkleNodeSource& log, uint64_t size1, uint64_t size2);  // MerkleRange
Status verify_inclusion(const Hash& leaf_hash, uint64_t index, uint64_t size, std::span<const Hash> proof,
                        const Hash& root);                                               // InclusionProofInvalid
Status verify_consistency(uint64_t size1, uint64_t size2, std::span<const Hash> proof, const Hash& root1,
                          const Hash& root2);                                            // ConsistencyProofInvalid

}  // namespace yishi::core
