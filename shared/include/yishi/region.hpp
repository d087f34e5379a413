// region.hpp — the region tree 市 → 区/县级市 → 街道/镇 → 社区/村 → 网格 and the scope rules over it.
//
// A region is a u32 id (the `Scope::region_id` every envelope carries), a parent id (0 at the root), a
// level, a name and its 12-digit statistical division code (统计用区划代码: 2 province, 2 city, 2 county,
// 3 town/street, 3 village/community digits; the first 6 are the GB/T 2260 code). The id is free; the
// code is a separate, validated field. A grid (网格) has no national code: it carries its community's.
// check_scope is the one rule for who may see, speak and vote where (docs/consultations.md, "Regions
// and scope"). A region id absent from the tree stands for itself alone, so an unknown region only
// matches itself exactly (the behaviour before regions existed). Store functions read and write the
// `regions` table; the server and the browser build the same RegionTree from those rows.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>
#include "yishi/i18n.hpp"
#include "yishi/result.hpp"
#include "yishi/sql.hpp"

namespace yishi::core {

class Store;

// [SECTION] Rows
enum class RegionLevel : uint8_t { City = 1, District, Street, Community, Grid };   // stored as these numbers
inline constexpr size_t kRegionCodeDigits = 12;      // 统计用区划代码 length
inline constexpr size_t kMaxRegionNameChars = 64;    // longest region name, in code points
inline constexpr size_t kMaxRegionDepth = 5;         // city .. grid
inline constexpr size_t kMaxRegionImportBytes = 8 << 20;   // import-regions file size limit
inline constexpr size_t kMaxRegionRows = 200000;     // regions in one tree (a province has ~30,000 villages)

struct Region {
    uint32_t id = 0;                       // >= 1; the envelope scope's region_id
    uint32_t parent = 0;                   // 0 = root
    RegionLevel level = RegionLevel::City; // one below the parent's
    std::string code;                      // 12 digits, e.g. "320508000000"
    std::string name;                      // e.g. "姑苏区"
};

std::string_view region_level_name(RegionLevel level);                  // "city", "district", ... "grid"
std::optional<RegionLevel> parse_region_level(std::string_view name);   // inverse of region_level_name
Msg region_level_msg(RegionLevel level);                                // 市, 区/县级市, ... for display
Status check_region_code(RegionLevel level, std::string_view code);     // RegionBadCode unless shaped for level
Status check_region_row(const Region& r);                               // id, name, level and code shape
Status check_region_child(const Region& parent, const Region& child);   // level one below; code extends parent's

// [SECTION] The tree in memory
class RegionTree {
public:
    static Result<RegionTree> build(std::vector<Region> rows);   // any row order; every row checked
    const Region* find(uint32_t id) const;                       // nullptr if absent
    bool contains(uint32_t ancestor, uint32_t node) const;       // node is ancestor or below it (unknown: equality)
    std::vector<uint32_t> path_to_root(uint32_t id) const;       // id, parent, ..., root; {id} if unknown
    std::vector<uint32_t> children(uint32_t id) const;           // direct children, ascending id (0 = roots)
    const std::vector<Region>& regions() const { return rows_; } // every row, ascending id
    size_t size() const { return rows_.size(); }                 // number of regions
private:
    std::vector<Region> rows_;                                   // ascending id
    std::unordered_map<uint32_t, size_t> index_;                 // id -> position in rows_
};

// [SECTION] Scope rules
// What someone wants to do at a region. TakePart covers speaking (propose, comment, react, rate,
// feedback) and voting (ballot_key_bind, vote).
enum class ScopeAction : uint8_t {
    Read,        // everyone may read everything public
    TakePart,    // a resident enrolled at node X: consultations at X or an ancestor of X
    Manage,      // a committee at N: open, advance, close consultations and answer feedback at N or below
    IssueCodes,  // a committee at N: enrolment codes for N or below
    Moderate,    // a moderator at N: comments at N or below
};
// Ok, or WrongRegion. actor_path: the path to the root of the actor's node (resident's enrolment
// region or the role's region); target_path: that of the region acted on (the envelope scope's).
// Paths come from RegionTree::path_to_root or region_path; {id} alone for a region outside the tree.
Status check_scope(ScopeAction action, std::span<const uint32_t> actor_path, std::span<const uint32_t> target_path);
Status check_scope(ScopeAction action, uint32_t actor, uint32_t target, const RegionTree& tree);  // same, from a tree

// [SECTION] Store (the `regions` table)
Result<std::vector<uint32_t>> region_path(StatementCache& sql, uint32_t id);   // as path_to_root, from the table
Result<RegionTree> load_region_tree(Store& store);                             // every row
// Inserts one region after checking it against its stored parent. Re-adding an identical row is a
// no-op (Ok); a different row with the same id is RegionExists.
Status add_region(Store& store, const Region& r);

// import-regions: CSV with header id,parent,level,code,name (UTF-8, optional BOM). The whole file is
// checked as one tree together with the stored regions and inserted in one transaction, or nothing.
struct RegionImport { size_t rows = 0; size_t inserted = 0; size_t unchanged = 0; };
Result<RegionImport> import_regions_csv(Store& store, std::string_view csv, std::string* detail);

// Suzhou's real districts under 苏州市 320500 with a few clearly fictional streets and communities each,
// for --demo and tests. Ids are the 6-digit GB/T 2260 codes for city and districts (320508 = 姑苏区).
std::vector<Region> demo_regions();

}  // namespace yishi::core
