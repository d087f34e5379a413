// region.cpp — region rows, the in-memory tree, the scope rules and the `regions` table (see region.hpp).
//
// Index of this file
//   [SECTION] Rows         level names, code shapes, parent/child fit
//   [SECTION] Tree         RegionTree::build and its queries
//   [SECTION] Scope        check_scope
//   [SECTION] Store        region_path, load_region_tree, add_region, import_regions_csv
//   [SECTION] Demo         demo_regions
#include "yishi/region.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <unordered_set>

#include "yishi/store.hpp"
#include "yishi/utf8.hpp"

namespace yishi::core {

// [SECTION] Rows

namespace {

constexpr std::array<std::string_view, 5> kLevelNames = {"city", "district", "street", "community", "grid"};

// Digits of the code that a region of `level` determines: city 4, district 6, street 9, community/grid 12.
size_t significant_digits(RegionLevel level) {
    switch (level) {
        case RegionLevel::City: return 4;
        case RegionLevel::District: return 6;
        case RegionLevel::Street: return 9;
        case RegionLevel::Community:
        case RegionLevel::Grid: return 12;
    }
    return 12;
}

bool all_zero(std::string_view s) { return s.find_first_not_of('0') == std::string_view::npos; }

}  // namespace

std::string_view region_level_name(RegionLevel level) {
    const auto i = static_cast<size_t>(level);
    return i >= 1 && i <= kLevelNames.size() ? kLevelNames[i - 1] : std::string_view("unknown");
}

Msg region_level_msg(RegionLevel level) {
    switch (level) {
        case RegionLevel::City: return Msg::RegionCity;
        case RegionLevel::District: return Msg::RegionDistrict;
        case RegionLevel::Street: return Msg::RegionStreet;
        case RegionLevel::Community: return Msg::RegionCommunity;
        case RegionLevel::Grid: return Msg::RegionGrid;
    }
    return Msg::RegionGrid;
}

std::optional<RegionLevel> parse_region_level(std::string_view name) {
    for (size_t i = 0; i < kLevelNames.size(); ++i)
        if (kLevelNames[i] == name) return static_cast<RegionLevel>(i + 1);
    return std::nullopt;
}

Status check_region_code(RegionLevel level, std::string_view code) {
    if (code.size() != kRegionCodeDigits || code.find_first_not_of("0123456789") != std::string_view::npos)
        return Error::RegionBadCode;
    const size_t n = significant_digits(level);
    // The last group the level owns must be non-zero (a district is not "00"), everything after it zero.
    const size_t group_start = level == RegionLevel::City ? 2 : level == RegionLevel::District ? 4
                             : level == RegionLevel::Street ? 6 : 9;
    if (all_zero(code.substr(0, 2))) return Error::RegionBadCode;                  // province
    if (all_zero(code.substr(group_start, n - group_start))) return Error::RegionBadCode;
    if (!all_zero(code.substr(n))) return Error::RegionBadCode;
    return Ok{};
}

Status check_region_row(const Region& r) {
    if (r.id == 0 || r.parent == r.id) return Error::RegionBadLevel;
    const auto lvl = static_cast<uint8_t>(r.level);
    if (lvl < 1 || lvl > kLevelNames.size()) return Error::RegionBadLevel;
    const auto chars = utf8_code_points(r.name);
    if (!chars || *chars == 0 || *chars > kMaxRegionNameChars) return Error::RegionBadName;
    return check_region_code(r.level, r.code);
}

Status check_region_child(const Region& parent, const Region& child) {
    if (static_cast<uint8_t>(child.level) != static_cast<uint8_t>(parent.level) + 1) return Error::RegionBadLevel;
    const size_t n = significant_digits(parent.level);
    if (child.code.compare(0, n, parent.code, 0, n) != 0) return Error::RegionCodeMismatch;
    if (child.level == RegionLevel::Grid && child.code != parent.code) return Error::RegionCodeMismatch;
    return Ok{};
}

// [SECTION] Tree

Result<RegionTree> RegionTree::build(std::vector<Region> rows) {
    if (rows.size() > kMaxRegionRows) return Error::ImportTooLarge;
    std::sort(rows.begin(), rows.end(), [](const Region& a, const Region& b) { return a.id < b.id; });
    RegionTree t;
    t.rows_ = std::move(rows);
    t.index_.reserve(t.rows_.size());
    for (size_t i = 0; i < t.rows_.size(); ++i) {
        if (auto st = check_region_row(t.rows_[i]); !st) return st.error();
        if (!t.index_.emplace(t.rows_[i].id, i).second) return Error::RegionExists;
    }
    // Levels grow by exactly one from parent to child, so a parent chain cannot loop.
    for (const Region& r : t.rows_) {
        if (r.parent == 0) continue;
        const Region* p = t.find(r.parent);
        if (!p) return Error::RegionUnknownParent;
        if (auto st = check_region_child(*p, r); !st) return st.error();
    }
    return t;
}

const Region* RegionTree::find(uint32_t id) const {
    auto it = index_.find(id);
    return it == index_.end() ? nullptr : &rows_[it->second];
}

bool RegionTree::contains(uint32_t ancestor, uint32_t node) const {
    for (uint32_t id : path_to_root(node))
        if (id == ancestor) return true;
    return false;
}

std::vector<uint32_t> RegionTree::path_to_root(uint32_t id) const {
    std::vector<uint32_t> path{id};
    for (const Region* r = find(id); r && r->parent != 0 && path.size() <= kMaxRegionDepth; r = find(r->parent))
        path.push_back(r->parent);
    return path;
}

std::vector<uint32_t> RegionTree::children(uint32_t id) const {
    std::vector<uint32_t> out;
    for (const Region& r : rows_)
        if (r.parent == id) out.push_back(r.id);   // rows_ ascend, so out does too
    return out;
}

// [SECTION] Scope

namespace {
bool on_path(std::span<const uint32_t> path, uint32_t id) { return std::find(path.begin(), path.end(), id) != path.end(); }
}  // namespace

Status check_scope(ScopeAction action, std::span<const uint32_t> actor_path, std::span<const uint32_t> target_path) {
    if (action == ScopeAction::Read) return Ok{};
    if (actor_path.empty() || target_path.empty()) return Error::WrongRegion;
    bool allowed = false;
    switch (action) {
        case ScopeAction::Read: allowed = true; break;
        // A resident takes part where they live and in everything above: the target is on their path.
        case ScopeAction::TakePart: allowed = on_path(actor_path, target_path.front()); break;
        // Committees and moderators act where they sit and below: they are on the target's path.
        case ScopeAction::Manage:
        case ScopeAction::IssueCodes:
        case ScopeAction::Moderate: allowed = on_path(target_path, actor_path.front()); break;
    }
    return allowed ? Status(Ok{}) : Status(Error::WrongRegion);
}

Status check_scope(ScopeAction action, uint32_t actor, uint32_t target, const RegionTree& tree) {
    const auto a = tree.path_to_root(actor);
    const auto t = tree.path_to_root(target);
    return check_scope(action, a, t);
}

// [SECTION] Store

namespace {

Result<std::optional<Region>> find_region(StatementCache& sql, uint32_t id) {
    auto q = sql("SELECT parent, level, code, name FROM regions WHERE id = ?");
    const int rc = q.bind(1, int64_t{id}).step();
    if (rc == SQLITE_DONE) return std::optional<Region>{};
    if (rc != SQLITE_ROW) return Error::StoreQuery;
    return std::optional<Region>{Region{id, static_cast<uint32_t>(q.int64(0)), static_cast<RegionLevel>(q.int64(1)),
                                        q.text(2), q.text(3)}};
}

bool same_row(const Region& a, const Region& b) {
    return a.id == b.id && a.parent == b.parent && a.level == b.level && a.code == b.code && a.name == b.name;
}

Status insert_row(StatementCache& sql, const Region& r) {
    return sql("INSERT INTO regions(id, parent, level, code, name) VALUES (?,?,?,?,?)")
                   .bind(1, int64_t{r.id}).bind(2, int64_t{r.parent}).bind(3, int64_t{static_cast<uint8_t>(r.level)})
                   .bind(4, std::string_view(r.code)).bind(5, std::string_view(r.name)).run()
               ? Status(Ok{}) : Status(Error::StoreQuery);
}

// Splits one CSV line (RFC 4180 quotes, no embedded newlines: region names have none).
std::optional<std::vector<std::string>> split_csv_line(std::string_view line) {
    std::vector<std::string> cells(1);
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') { cells.back() += '"'; ++i; }
            else if (c == '"') quoted = false;
            else cells.back() += c;
        } else if (c == '"' && cells.back().empty()) quoted = true;
        else if (c == ',') cells.emplace_back();
        else cells.back() += c;
    }
    if (quoted) return std::nullopt;
    return cells;
}

std::optional<uint32_t> parse_u32(std::string_view s) {
    if (s.empty() || s.size() > 10 || s.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    const uint64_t v = std::stoull(std::string(s));
    if (v > 0xFFFFFFFFu) return std::nullopt;
    return static_cast<uint32_t>(v);
}

}  // namespace

Result<std::vector<uint32_t>> region_path(StatementCache& sql, uint32_t id) {
    std::vector<uint32_t> path{id};
    uint32_t at = id;
    while (path.size() <= kMaxRegionDepth) {
        auto r = find_region(sql, at);
        if (!r) return r.error();
        if (!r->has_value() || r->value().parent == 0) break;
        at = r->value().parent;
        path.push_back(at);
    }
    return path;
}

Result<RegionTree> load_region_tree(Store& store) {
    StatementCache sql(store.handle());
    auto q = sql("SELECT id, parent, level, code, name FROM regions ORDER BY id");
    std::vector<Region> rows;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW)
        rows.push_back({static_cast<uint32_t>(q.int64(0)), static_cast<uint32_t>(q.int64(1)),
                        static_cast<RegionLevel>(q.int64(2)), q.text(3), q.text(4)});
    if (rc != SQLITE_DONE) return Error::StoreQuery;
    return RegionTree::build(std::move(rows));
}

Status add_region(Store& store, const Region& r) {
    if (auto st = check_region_row(r); !st) return st;
    StatementCache sql(store.handle());
    auto existing = find_region(sql, r.id);
    if (!existing) return existing.error();
    if (existing->has_value()) return same_row(existing->value(), r) ? Status(Ok{}) : Status(Error::RegionExists);
    if (r.parent != 0) {
        auto parent = find_region(sql, r.parent);
        if (!parent) return parent.error();
        if (!parent->has_value()) return Error::RegionUnknownParent;
        if (auto st = check_region_child(parent->value(), r); !st) return st;
    }
    return insert_row(sql, r);
}

Result<RegionImport> import_regions_csv(Store& store, std::string_view csv, std::string* detail) {
    auto say = [&](std::string s) { if (detail) *detail = std::move(s); };
    if (csv.size() > kMaxRegionImportBytes) { say("file larger than " + std::to_string(kMaxRegionImportBytes) + " bytes"); return Error::ImportTooLarge; }
    if (csv.substr(0, 3) == "\xEF\xBB\xBF") csv.remove_prefix(3);
    if (!is_valid_utf8(csv)) { say("the file is not UTF-8"); return Error::ImportEncoding; }
    std::vector<Region> rows;
    size_t line_no = 0;
    bool header = false;
    for (size_t pos = 0; pos < csv.size();) {
        size_t end = csv.find('\n', pos);
        if (end == std::string_view::npos) end = csv.size();
        std::string_view line = csv.substr(pos, end - pos);
        pos = end + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
        auto cells = split_csv_line(line);
        if (!cells) { say("line " + std::to_string(line_no) + ": unterminated quote"); return Error::ImportMalformed; }
        if (!header) {
            if (*cells != std::vector<std::string>{"id", "parent", "level", "code", "name"}) {
                say("line " + std::to_string(line_no) + ": the header must be id,parent,level,code,name");
                return Error::ImportMissingColumn;
            }
            header = true;
            continue;
        }
        if (cells->size() != 5) { say("line " + std::to_string(line_no) + ": expected 5 cells"); return Error::ImportMalformed; }
        const auto id = parse_u32((*cells)[0]);
        const auto parent = parse_u32((*cells)[1]);
        const auto level = parse_region_level((*cells)[2]);
        if (!id || !parent) { say("line " + std::to_string(line_no) + ": id and parent must be integers 0-4294967295"); return Error::ImportMalformed; }
        if (!level) { say("line " + std::to_string(line_no) + ": unknown level '" + (*cells)[2] + "'"); return Error::RegionBadLevel; }
        Region r{*id, *parent, *level, (*cells)[3], (*cells)[4]};
        if (auto st = check_region_row(r); !st) { say("line " + std::to_string(line_no) + ": " + std::string(error_message(st.error()))); return st.error(); }
        rows.push_back(std::move(r));
        if (rows.size() > kMaxRegionRows) { say("more than " + std::to_string(kMaxRegionRows) + " rows"); return Error::ImportTooLarge; }
    }
    if (!header) { say("no header row"); return Error::ImportMalformed; }

    // Check the file and the stored rows as one tree, then insert what is new in one transaction.
    auto stored = load_region_tree(store);
    if (!stored) { say("the stored regions do not form a tree"); return stored.error(); }
    RegionImport report{rows.size(), 0, 0};
    std::vector<Region> all = stored->regions();
    std::vector<const Region*> fresh;
    for (const Region& r : rows) {
        if (const Region* s = stored->find(r.id)) {
            if (!same_row(*s, r)) { say("region " + std::to_string(r.id) + " already exists with other fields"); return Error::RegionExists; }
            ++report.unchanged;
            continue;
        }
        all.push_back(r);
        fresh.push_back(&r);
    }
    auto tree = RegionTree::build(std::move(all));
    if (!tree) { say(std::string(error_message(tree.error()))); return tree.error(); }
    StatementCache sql(store.handle());
    if (!sql.exec("BEGIN IMMEDIATE")) return Error::StoreQuery;
    for (const Region* r : fresh) {
        if (!insert_row(sql, *r)) { (void)sql.exec("ROLLBACK"); return Error::StoreQuery; }
        ++report.inserted;
    }
    if (!sql.exec("COMMIT")) { (void)sql.exec("ROLLBACK"); return Error::StoreQuery; }
    return report;
}

// [SECTION] Demo

std::vector<Region> demo_regions() {
    struct District { uint32_t gb; const char* name; bool county_city; };
    // 苏州市's county-level divisions (GB/T 2260); 苏州工业园区 uses 320576, its code in the NBS statistical
    // division tables (统计用区划代码), where it is listed as a county-level 功能区.
    static constexpr District kDistricts[] = {
        {320505, "虎丘区", false}, {320506, "吴中区", false}, {320507, "相城区", false}, {320508, "姑苏区", false},
        {320509, "吴江区", false}, {320576, "苏州工业园区", false}, {320581, "常熟市", true},
        {320582, "张家港市", true}, {320583, "昆山市", true}, {320585, "太仓市", true},
    };
    // Fictional place words: no real street or community of Suzhou is meant; names carry （示例）.
    static constexpr const char* kWords[] = {
        "青萍", "听雨", "鹤鸣", "松涛", "云舒", "竹韵", "荷风", "拾翠", "观澜", "望舒",
        "采薇", "枕流", "晴川", "揽月", "芷兰", "清嘉", "知鱼", "停云", "临溪", "映雪",
    };
    constexpr uint32_t kDemoGridCommunity = 3205089011u;   // the first community of 姑苏区's first street
    std::vector<Region> out;
    out.push_back({320500, 0, RegionLevel::City, "320500000000", "苏州市"});
    size_t w = 0;
    for (const District& d : kDistricts) {
        const std::string gb = std::to_string(d.gb);
        out.push_back({d.gb, 320500, RegionLevel::District, gb + "000000", d.name});
        for (uint32_t s = 1; s <= 2; ++s, ++w) {
            const std::string word = kWords[w % std::size(kWords)];
            const uint32_t street_id = d.gb * 1000 + 900 + s;              // e.g. 320508901
            const std::string street_code = gb + std::to_string(900 + s);  // town digits 9xx: unused by real towns here
            out.push_back({street_id, d.gb, RegionLevel::Street, street_code + "000",
                           word + (d.county_city ? "镇（示例）" : "街道（示例）")});
            for (uint32_t c = 1; c <= 2; ++c) {
                const uint32_t community_id = street_id * 10 + c;         // e.g. 3205089011
                const std::string community_code = street_code + std::to_string(900 + c);
                out.push_back({community_id, street_id, RegionLevel::Community, community_code,
                               word + (c == 1 ? "东" : "西") + (d.county_city && c == 2 ? "村（示例）" : "社区（示例）")});
            }
        }
    }
    // One community split into grids (网格), to show the fifth level; grids carry their community's code.
    for (const Region& r : std::vector<Region>(out))
        if (r.id == kDemoGridCommunity)
            for (uint32_t g = 1; g <= 2; ++g)
                out.push_back({4000000000u + g, r.id, RegionLevel::Grid, r.code,
                               r.name.substr(0, r.name.find("（")) + "第" + (g == 1 ? "一" : "二") + "网格（示例）"});
    return out;
}

}  // namespace yishi::core
