// org_routes.cpp — the directory's read endpoints: search and one organisation.
//
// GET /api/orgs?q=&district=&type=&category=&status=&limit=&offset=
// GET /api/orgs/{id}
// GET /api/orgs/districts
// GET /api/orgs/changes?since=&limit=   (delta sync)
// Searches run against ServerContext::directory (an in-memory index rebuilt after imports), not SQL.
#include <nlohmann/json.hpp>

#include <charconv>

#include "routes.hpp"
#include "wire.hpp"
#include "yishi/utf8.hpp"

namespace yishi::server {

using nlohmann::json;

namespace {

using wire::org_json;

// Parses a non-negative integer parameter; false if present and malformed.
bool size_param(const httplib::Request& req, const char* name, size_t& out) {
    if (!req.has_param(name)) return true;
    const std::string v = req.get_param_value(name);
    auto r = std::from_chars(v.data(), v.data() + v.size(), out);
    return r.ec == std::errc{} && r.ptr == v.data() + v.size();
}

}  // namespace

void install_org_routes(httplib::Server& http, ServerContext& ctx) {
    http.Get("/api/orgs", [&ctx](const httplib::Request& req, httplib::Response& res) {
        core::OrgQuery q;
        q.q = req.get_param_value("q");
        q.district = req.get_param_value("district");
        q.category = req.get_param_value("category");
        if (q.q.size() > kMaxQueryBytes) return send_error(res, 400, "query_too_long", "q is limited to 200 bytes");
        if (!core::is_valid_utf8(q.q)) return send_error(res, 400, "bad_utf8", "q is not valid UTF-8");
        if (req.has_param("type")) {
            q.type = core::parse_org_type(req.get_param_value("type"));
            if (!q.type)
                return send_error(res, 400, "bad_type", "type must be social_group, social_service, foundation or community");
        }
        if (req.has_param("status")) {
            q.status = core::parse_org_status(req.get_param_value("status"));
            if (!q.status) return send_error(res, 400, "bad_status", "status must be active, deregistered or revoked");
        }
        if (!size_param(req, "limit", q.limit) || !size_param(req, "offset", q.offset))
            return send_error(res, 400, "bad_paging", "limit and offset must be whole numbers of 0 or more");
        if (q.limit > core::kOrgSearchMaxLimit)
            return send_error(res, 400, "bad_paging", "limit is at most " + std::to_string(core::kOrgSearchMaxLimit));

        std::shared_lock lock(ctx.directory_mutex);
        core::OrgHits hits = ctx.directory.search(q);
        json items = json::array();
        for (size_t k = 0; k < hits.items.size(); ++k) {
            json item = org_json(*hits.items[k]);
            const core::OrgMatch& m = hits.matches[k];
            if (m.field != core::OrgMatchField::None)
                item["match"] = {{"field", core::org_match_field_code(m.field)}, {"text", m.text},
                                 {"start", m.span.start}, {"length", m.span.length}, {"pinyin", m.pinyin}};
            items.push_back(std::move(item));
        }
        send_json(res, {{"total", hits.total}, {"limit", q.limit}, {"offset", q.offset}, {"items", std::move(items)}});
    });

    // Delta sync for browser caches: records changed after `since`, in change order.
    http.Get("/api/orgs/changes", [&ctx](const httplib::Request& req, httplib::Response& res) {
        size_t since = 0, limit = kOrgChangesDefaultLimit;
        if (!size_param(req, "since", since) || !size_param(req, "limit", limit) || limit == 0 ||
            limit > kOrgChangesMaxLimit)
            return send_error(res, 400, "bad_paging",
                              "since must be a whole number and limit 1 to " + std::to_string(kOrgChangesMaxLimit));
        core::Result<std::vector<core::Org>> page = core::Error::StoreQuery;
        {
            std::lock_guard lock(ctx.store_mutex);
            page = core::load_orgs(ctx.store, static_cast<int64_t>(since), limit);
        }
        if (!page) return send_error(res, 503, "database_unavailable", "the directory cannot be read");
        json items = json::array();
        for (const core::Org& o : page.value()) items.push_back(org_json(o));
        const int64_t next = page->empty() ? static_cast<int64_t>(since) : page->back().updated_seq;
        send_json(res, {{"items", std::move(items)}, {"next_since", next}, {"done", page->size() < limit}});
    });

    http.Get("/api/orgs/districts", [&ctx](const httplib::Request&, httplib::Response& res) {
        std::shared_lock lock(ctx.directory_mutex);
        send_json(res, {{"districts", ctx.directory.districts()}});
    });

    http.Get(R"(/api/orgs/(\d{1,18}))", [&ctx](const httplib::Request& req, httplib::Response& res) {
        const int64_t id = std::stoll(req.matches[1]);
        std::shared_lock lock(ctx.directory_mutex);
        const core::Org* o = ctx.directory.find(id);
        if (!o) return send_error(res, 404, "org_not_found", "no organisation with id " + std::to_string(id));
        send_json(res, org_json(*o));
    });
}

core::Status reload_directory(ServerContext& ctx) {
    std::vector<core::Org> orgs;
    {
        std::lock_guard lock(ctx.store_mutex);
        auto loaded = core::load_orgs(ctx.store);
        if (!loaded) return loaded.error();
        orgs = std::move(loaded.value());
    }
    core::DirectoryIndex fresh;
    fresh.build(std::move(orgs));
    std::unique_lock lock(ctx.directory_mutex);
    ctx.directory = std::move(fresh);
    return core::Ok{};
}

}  // namespace yishi::server
