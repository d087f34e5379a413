// operator_routes.cpp — endpoints for the portal's operator, behind a bearer token (docs/api.md, "Operator").
//
// POST /api/operator/orgs/import   body: the directory CSV (UTF-8 or GB18030), as `yishi-server import-orgs`
// Tokens come from `yishi-server operator-token --db F`, which prints one and stores only its SHA-256
// (admin.hpp). No token: 401 operator_token_required; an unknown token: 403 bad_operator_token.
// The import is the core's import_orgs_csv: per-row rejections are reported, good rows upserted in one
// transaction; a file-level refusal writes nothing. The in-memory search index is rebuilt afterwards.
#include <nlohmann/json.hpp>

#include "admin.hpp"
#include "routes.hpp"
#include "yishi/org_import.hpp"

namespace yishi::server {

using nlohmann::json;

namespace {

// Ok when the request carries a valid operator token; otherwise the refusal has been sent.
bool authorized(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const std::string header = req.get_header_value("Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (header.size() <= kBearer.size() || header.compare(0, kBearer.size(), kBearer) != 0) {
        res.set_header("WWW-Authenticate", "Bearer");
        send_error(res, 401, "operator_token_required", "send the operator token as Authorization: Bearer <token>");
        return false;
    }
    core::Result<bool> ok = core::Error::StoreQuery;
    {
        std::lock_guard lock(ctx.store_mutex);
        ok = operator_token_valid(ctx.store, std::string_view(header).substr(kBearer.size()));
    }
    if (!ok) {
        send_core_error(res, ok.error());
        return false;
    }
    if (!ok.value()) {
        send_error(res, 403, "bad_operator_token", "this operator token is not known to the server");
        return false;
    }
    return true;
}

void handle_import(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
    if (!authorized(ctx, req, res)) return;
    if (req.body.size() > kMaxOrgImportBodyBytes)
        return send_error(res, 413, "payload_too_large",
                          "an import is at most " + std::to_string(kMaxOrgImportBodyBytes) + " bytes per request");
    std::string detail;
    core::Result<core::ImportReport> report = core::Error::StoreQuery;
    {
        std::lock_guard lock(ctx.store_mutex);
        report = core::import_orgs_csv(ctx.store, req.body, &detail);
    }
    if (!report) {
        const int status = report.error() == core::Error::ImportTooLarge ? 413
                           : (report.error() == core::Error::StoreQuery || report.error() == core::Error::StoreSchema)
                               ? 503 : 400;
        return send_error(res, status, std::string(core::error_code(report.error())).c_str(),
                          std::string(core::error_message(report.error())) + (detail.empty() ? "" : ": " + detail));
    }
    if (!reload_directory(ctx))
        return send_error(res, 503, "database_unavailable", "imported, but the search index could not be rebuilt");
    const core::OrgImport& p = report->parsed;
    json rejected = json::array();
    for (const auto& r : p.rejected) rejected.push_back({{"line", r.line}, {"reason", r.reason}});
    send_json(res, {{"rows", p.rows}, {"encoding", p.encoding}, {"imported", p.orgs.size()},
                    {"inserted", report->counts.inserted}, {"updated", report->counts.updated},
                    {"rejected", std::move(rejected)}, {"ignored_columns", p.ignored_columns}});
}

}  // namespace

void install_operator_routes(httplib::Server& http, ServerContext& ctx) {
    http.Post("/api/operator/orgs/import", [&ctx](const httplib::Request& req, httplib::Response& res) {
        handle_import(ctx, req, res);
    });
}

}  // namespace yishi::server
