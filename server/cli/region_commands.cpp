// region_commands.cpp — the region tree (市/区/街道/社区/网格): `yishi-server add-region` adds one region,
// `import-regions` many from CSV (id,parent,level,code,name).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "commands.hpp"
#include "yishi/region.hpp"

namespace yishi::server::cli {
namespace {

struct RegionOptions { std::string db = kDefaultDb, level, code, name; uint32_t id = 0, parent = 0; };

int add_region(const RegionOptions& o) {
    const auto level = core::parse_region_level(o.level);
    if (!level) {   // a bad command line, not a failure: exit 2
        std::fprintf(stderr, "yishi-server: --level must be city, district, street, community or grid\n");
        return 2;
    }
    auto store = open_store(o.db);
    if (!store) return 1;
    const core::Region r{o.id, o.parent, *level, o.code, o.name};
    if (auto st = core::add_region(store.value(), r); !st) {
        std::fprintf(stderr, "yishi-server: region %u not added: %s (%s)\n", o.id,
                     std::string(core::error_message(st.error())).c_str(), std::string(core::error_code(st.error())).c_str());
        return 1;
    }
    std::printf("region %u %s %s %s under %u\n", o.id, o.code.c_str(), std::string(core::region_level_name(*level)).c_str(),
                o.name.c_str(), o.parent);
    return 0;
}

int import_regions(const std::string& db, const std::string& csv_path) {
    const auto bytes = read_input(csv_path);
    if (!bytes) return 1;
    auto store = open_store(db);
    if (!store) return 1;
    std::string detail;
    auto r = core::import_regions_csv(store.value(), *bytes, &detail);
    if (!r) {
        std::fprintf(stderr, "yishi-server: %s not imported (%s): %s\n", csv_path.c_str(),
                     std::string(core::error_code(r.error())).c_str(), detail.c_str());
        return 1;
    }
    std::printf("%s: %zu rows, %zu new, %zu already present\n", csv_path.c_str(), r->rows, r->inserted, r->unchanged);
    return 0;
}

}  // namespace

Run add_region_command(CLI::App& cmd) {
    auto o = std::make_shared<RegionOptions>();
    add_db_option(cmd, o->db);
    cmd.add_option("--id", o->id, "region id (the envelope scope's region)")->required()
        ->check(CLI::Range(1u, 0xFFFFFFFFu));
    cmd.add_option("--parent", o->parent, "parent region id; 0 for the root")->capture_default_str();
    cmd.add_option("--level", o->level, "city, district, street, community or grid")->required();
    cmd.add_option("--code", o->code, "12-digit statistical division code, e.g. 320508000000")->required();
    cmd.add_option("--name", o->name, "name, e.g. 姑苏区")->required();
    return [o] { return add_region(*o); };
}

Run import_regions_command(CLI::App& cmd) {
    struct Options { std::string db = kDefaultDb, csv; };
    auto o = std::make_shared<Options>();
    add_db_option(cmd, o->db);
    cmd.add_option("csv", o->csv, "the CSV file (UTF-8)")->required();
    return [o] { return import_regions(o->db, o->csv); };
}

}  // namespace yishi::server::cli
