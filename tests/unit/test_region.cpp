// test_region.cpp — the region tree, division codes, the scope rules and the `regions` table.
// Codes are the real 统计用区划代码 of 苏州市 and its districts (NBS tables: 320500000000 苏州市,
// 320508000000 姑苏区, 320576000000 苏州工业园区); streets and communities below them are fictional.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "temp_db.hpp"
#include "yishi/region.hpp"
#include "yishi/store.hpp"

using namespace yishi::core;

namespace {

const Region kCity{320500, 0, RegionLevel::City, "320500000000", "苏州市"};
const Region kGusu{320508, 320500, RegionLevel::District, "320508000000", "姑苏区"};
const Region kWuzhong{320506, 320500, RegionLevel::District, "320506000000", "吴中区"};
const Region kStreet{320508901, 320508, RegionLevel::Street, "320508901000", "青萍街道（示例）"};
const Region kCommunity{3205089011, 320508901, RegionLevel::Community, "320508901901", "青萍东社区（示例）"};
const Region kOtherCommunity{3205069011, 320506, RegionLevel::Street, "320506901000", "听雨街道（示例）"};

RegionTree sample_tree() {
    auto t = RegionTree::build({kCommunity, kWuzhong, kCity, kStreet, kGusu, kOtherCommunity});
    REQUIRE(t.ok());
    return std::move(t.value());
}

}  // namespace

TEST_CASE("a division code has 12 digits and the shape of its level") {
    CHECK(check_region_code(RegionLevel::City, "320500000000").ok());
    CHECK(check_region_code(RegionLevel::District, "320508000000").ok());
    CHECK(check_region_code(RegionLevel::District, "320576000000").ok());   // 苏州工业园区 in the NBS tables
    CHECK(check_region_code(RegionLevel::Street, "320508001000").ok());
    CHECK(check_region_code(RegionLevel::Community, "320508001001").ok());
    CHECK(check_region_code(RegionLevel::Grid, "320508001001").ok());
    CHECK(check_region_code(RegionLevel::City, "3205").error() == Error::RegionBadCode);           // too short
    CHECK(check_region_code(RegionLevel::City, "32050000000a").error() == Error::RegionBadCode);   // not digits
    CHECK(check_region_code(RegionLevel::City, "320508000000").error() == Error::RegionBadCode);   // a district's
    CHECK(check_region_code(RegionLevel::District, "320500000000").error() == Error::RegionBadCode);  // county 00
    CHECK(check_region_code(RegionLevel::Street, "320508000000").error() == Error::RegionBadCode);
    CHECK(check_region_code(RegionLevel::Community, "320508001000").error() == Error::RegionBadCode);
    CHECK(check_region_code(RegionLevel::City, "000500000000").error() == Error::RegionBadCode);   // no province
}

TEST_CASE("a child sits one level below its parent and its code extends the parent's") {
    CHECK(check_region_child(kCity, kGusu).ok());
    CHECK(check_region_child(kGusu, kStreet).ok());
    CHECK(check_region_child(kStreet, kCommunity).ok());
    CHECK(check_region_child(kCity, kStreet).error() == Error::RegionBadLevel);   // skips the district
    Region foreign = kGusu;
    foreign.code = "320208000000";   // 无锡's 6-digit prefix under 苏州市
    CHECK(check_region_child(kCity, foreign).error() == Error::RegionCodeMismatch);
    Region wrong_street = kStreet;
    wrong_street.code = "320506901000";   // 吴中区's street under 姑苏区
    CHECK(check_region_child(kGusu, wrong_street).error() == Error::RegionCodeMismatch);
    Region grid{4000000001u, kCommunity.id, RegionLevel::Grid, kCommunity.code, "第一网格"};
    CHECK(check_region_child(kCommunity, grid).ok());
    grid.code = "320508901902";
    CHECK(check_region_child(kCommunity, grid).error() == Error::RegionCodeMismatch);   // a grid keeps the community's code
}

TEST_CASE("the tree answers containment, the path to the root and children whatever the row order") {
    const RegionTree t = sample_tree();
    CHECK(t.size() == 6);
    CHECK(t.contains(320500, kCommunity.id));
    CHECK(t.contains(320508, kCommunity.id));
    CHECK(t.contains(kCommunity.id, kCommunity.id));
    CHECK_FALSE(t.contains(320506, kCommunity.id));
    CHECK_FALSE(t.contains(kCommunity.id, 320508));   // containment is downward only
    CHECK(t.path_to_root(kCommunity.id) == std::vector<uint32_t>{kCommunity.id, 320508901, 320508, 320500});
    CHECK(t.children(320500) == std::vector<uint32_t>{320506, 320508});
    CHECK(t.children(0) == std::vector<uint32_t>{320500});
    CHECK(t.find(320508)->name == "姑苏区");
    SUBCASE("a region outside the tree stands for itself alone") {
        CHECK(t.path_to_root(999) == std::vector<uint32_t>{999});
        CHECK(t.contains(999, 999));
        CHECK_FALSE(t.contains(320500, 999));
    }
}

TEST_CASE("a tree with a missing parent, a repeated id or a bad row is refused") {
    CHECK(RegionTree::build({kGusu}).error() == Error::RegionUnknownParent);
    CHECK(RegionTree::build({kCity, kCity}).error() == Error::RegionExists);
    Region unnamed = kCity;
    unnamed.name = "";
    CHECK(RegionTree::build({unnamed}).error() == Error::RegionBadName);
    Region zero = kCity;
    zero.id = 0;
    CHECK(RegionTree::build({zero}).error() == Error::RegionBadLevel);
}

TEST_CASE("residents take part at home and above; committees and moderators act at their node and below") {
    const RegionTree t = sample_tree();
    SUBCASE("a resident of a community takes part in the community's, street's, district's and city's consultations") {
        for (uint32_t target : {kCommunity.id, kStreet.id, kGusu.id, kCity.id})
            CHECK(check_scope(ScopeAction::TakePart, kCommunity.id, target, t).ok());
        CHECK(check_scope(ScopeAction::TakePart, kCommunity.id, kWuzhong.id, t).error() == Error::WrongRegion);
        CHECK(check_scope(ScopeAction::TakePart, kGusu.id, kCommunity.id, t).error() == Error::WrongRegion);
    }
    SUBCASE("a district committee manages, issues codes and a moderator moderates in the district and below") {
        for (ScopeAction a : {ScopeAction::Manage, ScopeAction::IssueCodes, ScopeAction::Moderate}) {
            CHECK(check_scope(a, kGusu.id, kGusu.id, t).ok());
            CHECK(check_scope(a, kGusu.id, kCommunity.id, t).ok());
            CHECK(check_scope(a, kGusu.id, kCity.id, t).error() == Error::WrongRegion);     // not above
            CHECK(check_scope(a, kGusu.id, kWuzhong.id, t).error() == Error::WrongRegion);  // not beside
            CHECK(check_scope(a, kCommunity.id, kStreet.id, t).error() == Error::WrongRegion);
        }
    }
    SUBCASE("everyone reads everywhere") {
        CHECK(check_scope(ScopeAction::Read, kWuzhong.id, kCommunity.id, t).ok());
        CHECK(check_scope(ScopeAction::Read, 999, kCommunity.id, t).ok());
    }
    SUBCASE("regions outside the tree fall back to exact equality") {
        CHECK(check_scope(ScopeAction::TakePart, 777, 777, t).ok());
        CHECK(check_scope(ScopeAction::Manage, 777, 778, t).error() == Error::WrongRegion);
        CHECK(check_scope(ScopeAction::Manage, 320508, 777, t).error() == Error::WrongRegion);
    }
}

TEST_CASE("regions are stored, reloaded and imported from CSV all or nothing") {
    TempDb db("regions");
    auto store = Store::open(db.path);
    REQUIRE(store.ok());
    REQUIRE(add_region(store.value(), kCity).ok());
    REQUIRE(add_region(store.value(), kGusu).ok());
    CHECK(add_region(store.value(), kGusu).ok());   // the same row again is a no-op
    Region renamed = kGusu;
    renamed.name = "平江区";
    CHECK(add_region(store.value(), renamed).error() == Error::RegionExists);
    CHECK(add_region(store.value(), kCommunity).error() == Error::RegionUnknownParent);
    Region bad = kStreet;
    bad.level = RegionLevel::Community;
    bad.code = "320508901901";
    CHECK(add_region(store.value(), bad).error() == Error::RegionBadLevel);

    StatementCache sql(store->handle());
    CHECK(region_path(sql, 320508).value() == std::vector<uint32_t>{320508, 320500});
    CHECK(region_path(sql, 42).value() == std::vector<uint32_t>{42});

    std::string detail;
    SUBCASE("a good file adds its new rows and leaves known ones") {
        const std::string csv = "\xEF\xBB\xBFid,parent,level,code,name\r\n"
                                "320508,320500,district,320508000000,姑苏区\r\n"
                                "320508901,320508,street,320508901000,\"青萍街道（示例）\"\r\n"
                                "3205089011,320508901,community,320508901901,青萍东社区（示例）\r\n";
        auto r = import_regions_csv(store.value(), csv, &detail);
        REQUIRE_MESSAGE(r.ok(), detail);
        CHECK(r->rows == 3);
        CHECK(r->inserted == 2);
        CHECK(r->unchanged == 1);
        auto tree = load_region_tree(store.value());
        REQUIRE(tree.ok());
        CHECK(tree->size() == 4);
        CHECK(tree->contains(320500, 3205089011u));
    }
    SUBCASE("one bad row keeps the whole file out, with its line number") {
        const std::string csv = "id,parent,level,code,name\n"
                                "320508901,320508,street,320508901000,青萍街道\n"
                                "3205089011,320508901,community,320506901901,错码社区\n";
        auto r = import_regions_csv(store.value(), csv, &detail);
        CHECK(r.error() == Error::RegionCodeMismatch);
        CHECK(load_region_tree(store.value())->size() == 2);
        const std::string bad_level = "id,parent,level,code,name\n320508901,320508,town,320508901000,x\n";
        CHECK(import_regions_csv(store.value(), bad_level, &detail).error() == Error::RegionBadLevel);
        CHECK(detail.find("line 2") != std::string::npos);
        CHECK(import_regions_csv(store.value(), "name,id\n", &detail).error() == Error::ImportMissingColumn);
        CHECK(load_region_tree(store.value())->size() == 2);
    }
}

TEST_CASE("the demo regions are Suzhou's ten county-level divisions under 苏州市, and form a valid tree") {
    const auto rows = demo_regions();
    auto tree = RegionTree::build(rows);
    REQUIRE(tree.ok());
    const std::set<uint32_t> districts{320505, 320506, 320507, 320508, 320509, 320576, 320581, 320582, 320583, 320585};
    const auto children = tree->children(320500);
    CHECK(std::set<uint32_t>(children.begin(), children.end()) == districts);
    CHECK(tree->find(320500)->name == "苏州市");
    CHECK(tree->find(320576)->name == "苏州工业园区");
    CHECK(tree->find(320581)->name == "常熟市");
    for (uint32_t d : districts) {
        REQUIRE(tree->children(d).size() >= 2);
        for (uint32_t s : tree->children(d)) {
            CHECK(tree->find(s)->name.find("（示例）") != std::string::npos);   // fictional and marked so
            CHECK(tree->children(s).size() >= 2);
        }
    }
    size_t grids = 0;
    for (const Region& r : rows) grids += r.level == RegionLevel::Grid;
    CHECK(grids >= 1);
}

TEST_CASE("region levels have names on the wire and labels in both languages") {
    CHECK(region_level_name(RegionLevel::Community) == "community");
    CHECK(parse_region_level("grid") == RegionLevel::Grid);
    CHECK_FALSE(parse_region_level("town").has_value());
    CHECK(tr(region_level_msg(RegionLevel::Street), Lang::ZhCN) == "街道/镇");
    CHECK(tr(region_level_msg(RegionLevel::Grid), Lang::En) == "Grid");
}
