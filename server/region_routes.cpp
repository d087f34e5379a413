// region_routes.cpp — the region tree for everyone to read.
//
// GET /api/regions   {"regions":[{"id","parent","level","code","name"}, ...]} ascending id
// The rows are the `regions` table (yishi-server add-region / import-regions, or --demo); the same
// rows build the core::RegionTree that the scope rules run on. Reading is open to all
// (core::ScopeAction::Read).
#include <nlohmann/json.hpp>

#include "routes.hpp"
#include "yishi/region.hpp"

namespace yishi::server {

using nlohmann::json;

void install_region_routes(httplib::Server& http, ServerContext& ctx) {
    http.Get("/api/regions", [&ctx](const httplib::Request&, httplib::Response& res) {
        core::Result<core::RegionTree> tree = core::Error::StoreQuery;
        {
            std::lock_guard lock(ctx.store_mutex);
            tree = core::load_region_tree(ctx.store);
        }
        if (!tree) {
            send_core_error(res, tree.error());
            return;
        }
        json rows = json::array();
        for (const core::Region& r : tree->regions())
            rows.push_back({{"id", r.id}, {"parent", r.parent}, {"level", core::region_level_name(r.level)},
                            {"code", r.code}, {"name", r.name}});
        send_json(res, {{"regions", std::move(rows)}});
    });
}

}  // namespace yishi::server
