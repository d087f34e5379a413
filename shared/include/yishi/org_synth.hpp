// org_synth.hpp — a realistic but clearly fictional directory for demos, tests and benchmarks.
//
// Suzhou's real districts, invented communities and organisations, valid credit codes (prefix
// 5x + district division + "MJ"), types in the seed's proportion (8,100 registered : 13,520 filed).
// Every description starts with 虚构示例 ("fictional example"). Deterministic for a given seed.
#pragma once
#include <cstdint>
#include <vector>

#include "yishi/directory.hpp"

namespace yishi::core {

std::vector<Org> synth_orgs(size_t count, uint64_t seed);  // ids are left 0 (the store assigns them)

}  // namespace yishi::core
