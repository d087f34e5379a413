// merkle.cpp — RFC 6962 tree hashing, proof generation and RFC 9162 proof verification (see merkle.hpp).
#include "yishi/merkle.hpp"

#include <bit>
#include <cassert>

namespace yishi::core {

Hash merkle_leaf_hash(ByteView data) {
    const uint8_t prefix = kMerkleLeafPrefix;
    return sha256(ByteView(&prefix, 1), data);
}

Hash merkle_node_hash(const Hash& left, const Hash& right) {
    uint8_t buf[1 + 2 * kHashSize];
    buf[0] = kMerkleNodePrefix;
    std::copy(left.begin(), left.end(), buf + 1);
    std::copy(right.begin(), right.end(), buf + 1 + kHashSize);
    return sha256(buf);
}

Hash merkle_empty_root() { return sha256({}); }

// [SECTION] Storage

uint64_t MerkleTree::append_leaf_hash(const Hash& leaf_hash) {
    if (levels_.empty()) levels_.emplace_back();
    levels_[0].push_back(leaf_hash);
    // Each level that now holds an even count completes a subtree one level up.
    for (size_t h = 0; levels_[h].size() % 2 == 0; ++h) {
        if (levels_.size() == h + 1) levels_.emplace_back();
        const auto& lv = levels_[h];
        levels_[h + 1].push_back(merkle_node_hash(lv[lv.size() - 2], lv[lv.size() - 1]));
    }
    return levels_[0].size() - 1;
}

uint64_t MerkleTree::leaf_count() const { return levels_.empty() ? 0 : levels_[0].size(); }

Hash MerkleTree::node_hash(unsigned level, uint64_t index) const {
    assert(level < levels_.size() && index < levels_[level].size() && "node_hash: subtree not complete yet");
    return levels_[level][index];
}

Hash LeafHashGetter::node_hash(unsigned level, uint64_t index) const {
    assert(((index + 1) << level) <= count_ && "node_hash: subtree not complete yet");
    if (level == 0) return leaf_(index);
    return merkle_node_hash(node_hash(level - 1, 2 * index), node_hash(level - 1, 2 * index + 1));
}

// [SECTION] Generation (RFC 6962 section 2.1)

namespace {

uint64_t largest_power_of_two_below(uint64_t n) {  // k with k < n <= 2k, for n >= 2
    return std::bit_floor(n - 1);
}

// MTH(D[begin:end]) for end > begin. Left parts of RFC splits are complete aligned subtrees.
Hash range_hash(const MerkleNodeSource& log, uint64_t begin, uint64_t end) {
    const uint64_t n = end - begin;
    if (std::has_single_bit(n) && begin % n == 0)
        return log.node_hash(static_cast<unsigned>(std::countr_zero(n)), begin / n);
    const uint64_t k = largest_power_of_two_below(n);
    return merkle_node_hash(range_hash(log, begin, begin + k), range_hash(log, begin + k, end));
}

// PATH(m, D[begin:end]), leaf-to-root order.
void path(const MerkleNodeSource& log, uint64_t m, uint64_t begin, uint64_t end, std::vector<Hash>& out) {
    const uint64_t n = end - begin;
    if (n <= 1) return;
    const uint64_t k = largest_power_of_two_below(n);
    if (m < k) {
        path(log, m, begin, begin + k, out);
        out.push_back(range_hash(log, begin + k, end));
    } else {
        path(log, m - k, begin + k, end, out);
        out.push_back(range_hash(log, begin, begin + k));
    }
}

// SUBPROOF(m, D[begin:end], complete).
void subproof(const MerkleNodeSource& log, uint64_t m, uint64_t begin, uint64_t end, bool complete,
              std::vector<Hash>& out) {
    const uint64_t n = end - begin;
    if (m == n) {
        if (!complete) out.push_back(range_hash(log, begin, end));
        return;
    }
    const uint64_t k = largest_power_of_two_below(n);
    if (m <= k) {
        subproof(log, m, begin, begin + k, complete, out);
        out.push_back(range_hash(log, begin + k, end));
    } else {
        subproof(log, m - k, begin + k, end, false, out);
        out.push_back(range_hash(log, begin, begin + k));
    }
}

}  // namespace

Result<Hash> merkle_root(const MerkleNodeSource& log, uint64_t size) {
    if (size > log.leaf_count()) return Error::MerkleRange;
    return size == 0 ? merkle_empty_root() : range_hash(log, 0, size);
}

Result<std::vector<Hash>> inclusion_proof(const MerkleNodeSource& log, uint64_t index, uint64_t size) {
    if (size > log.leaf_count() || index >= size) return Error::MerkleRange;
    std::vector<Hash> out;
    path(log, index, 0, size, out);
    return out;
}

Result<std::vector<Hash>> consistency_proof(const MerkleNodeSource& log, uint64_t size1, uint64_t size2) {
    if (size2 > log.leaf_count() || size1 > size2) return Error::MerkleRange;
    std::vector<Hash> out;
    if (size1 > 0 && size1 < size2) subproof(log, size1, 0, size2, true, out);
    return out;
}

// [SECTION] Verification (RFC 9162 sections 2.1.3.2 and 2.1.4.2, step numbers in comments)

Status verify_inclusion(const Hash& leaf_hash, uint64_t index, uint64_t size, std::span<const Hash> proof,
                        const Hash& root) {
    if (index >= size || proof.size() > kMaxProofHashes) return Error::InclusionProofInvalid;  // 1
    uint64_t fn = index, sn = size - 1;                                                         // 2
    Hash r = leaf_hash;                                                                         // 3
    for (const Hash& p : proof) {                                                               // 4
        if (sn == 0) return Error::InclusionProofInvalid;                                       // 4a
        if ((fn & 1) || fn == sn) {                                                             // 4b
            r = merkle_node_hash(p, r);
            if (!(fn & 1))
                while (!(fn & 1) && fn != 0) { fn >>= 1; sn >>= 1; }
        } else {
            r = merkle_node_hash(r, p);
        }
        fn >>= 1;                                                                               // 4c
        sn >>= 1;
    }
    if (sn != 0 || !equal_constant_time(r, root)) return Error::InclusionProofInvalid;         // 5
    return Ok{};
}

Status verify_consistency(uint64_t size1, uint64_t size2, std::span<const Hash> proof, const Hash& root1,
                          const Hash& root2) {
    // Edge cases RFC 9162 leaves to the caller: equal sizes prove nothing but equal roots, and the
    // empty tree is a prefix of every tree.
    if (size1 > size2 || proof.size() > kMaxProofHashes) return Error::ConsistencyProofInvalid;
    if (size1 == size2) {
        if (!proof.empty() || !equal_constant_time(root1, root2)) return Error::ConsistencyProofInvalid;
        return Ok{};
    }
    if (size1 == 0) return proof.empty() ? Status(Ok{}) : Status(Error::ConsistencyProofInvalid);

    if (proof.empty()) return Error::ConsistencyProofInvalid;                                  // 1
    std::vector<Hash> path;
    if (std::has_single_bit(size1)) path.push_back(root1);                                      // 2
    path.insert(path.end(), proof.begin(), proof.end());
    uint64_t fn = size1 - 1, sn = size2 - 1;                                                    // 3
    while (fn & 1) { fn >>= 1; sn >>= 1; }                                                      // 4
    Hash fr = path[0], sr = path[0];                                                            // 5
    for (size_t i = 1; i < path.size(); ++i) {                                                  // 6
        const Hash& c = path[i];
        if (sn == 0) return Error::ConsistencyProofInvalid;                                     // 6a
        if ((fn & 1) || fn == sn) {                                                             // 6b
            fr = merkle_node_hash(c, fr);
            sr = merkle_node_hash(c, sr);
            if (!(fn & 1))
                while (!(fn & 1) && fn != 0) { fn >>= 1; sn >>= 1; }
        } else {
            sr = merkle_node_hash(sr, c);
        }
        fn >>= 1;                                                                               // 6c
        sn >>= 1;
    }
    if (!equal_constant_time(fr, root1) || !equal_constant_time(sr, root2) || sn != 0)          // 7
        return Error::ConsistencyProofInvalid;
    return Ok{};
}

}  // namespace yishi::core
