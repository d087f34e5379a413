// splitmix.hpp — SplitMix64, a tiny seedable generator whose output is the same natively and in
// wasm. For generators of demo data and for seeded property tests and benchmarks; never for keys
// (those come from libsodium). Draw once per statement: argument evaluation order differs between
// compilers, and two draws in one expression would make native and wasm disagree.
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

namespace yishi::core {

struct SplitMix64 {
    uint64_t state;                                         // the seed, then the running state
    uint64_t next() {                                       // the next 64 random bits
        uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    uint64_t below(uint64_t n) { return next() % n; }      // in [0, n); n > 0 (slight modulo bias is fine here)
    template <class T, size_t N>
    const T& pick(const T (&a)[N]) { return a[below(N)]; }  // one element of a fixed array
    template <class T>
    void shuffle(std::vector<T>& v) {                       // Fisher-Yates
        for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
    }
};

}  // namespace yishi::core
