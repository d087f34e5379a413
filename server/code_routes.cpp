// code_routes.cpp — enrolment codes issued from the committee's browser (docs/api.md, "Enrolment codes").
//
// POST /api/committee/codes   body: a core::CodeRequest wire (application/octet-stream, 129 bytes)
//   201 {"region", "region_name", "count", "days", "expires_ms", "codes": ["K7PM-3QXD-9RTA", ...]}
// The request is signed by a committee key but is not an envelope: codes are secrets and never enter
// the public log. It is answered once: its time must be within core::kCodeRequestSkewMs of the
// server's clock (request_stale) and its nonce is stored with the codes' hashes in one transaction
// (request_replayed on a second use). Scope as for `yishi-server issue-codes`: the committee's region
// or below (not_committee, wrong_region). Any refusal stores nothing.
//
// GET /api/codes/{sha256 hex of the canonical code}   the community a code enrols in
//   200 {"region", "region_name", "expires_ms"} for a code that can still be used; 404 bad_enrollment_code
//   for one that is unknown, used or expired (as an enrol envelope would be refused). So a resident types
//   only the code: the app finds its community here and signs the enrolment for it. Only the holder of a
//   code can compute its hash; reads are rate-limited per address like every /api/ read.
#include <nlohmann/json.hpp>

#include "admin.hpp"
#include "routes.hpp"
#include "sql.hpp"
#include "submission.hpp"
#include "yishi/code_request.hpp"

namespace yishi::server {

using nlohmann::json;

namespace {

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

std::string region_name(ServerContext& ctx, uint32_t region) {
    core::StatementCache sql(ctx.store.handle());
    auto q = sql("SELECT name FROM regions WHERE id = ?");
    return q.bind(1, int64_t{region}).step() == SQLITE_ROW ? q.text(0) : std::string();
}

void handle_codes(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
    if (media_type(req.get_header_value("Content-Type")) != kEnvelopeContentType)
        return send_error(res, 415, "unsupported_media_type",
                          "send the signed code request's bytes with Content-Type: application/octet-stream");
    if (req.body.size() > core::kCodeRequestWireSize)
        return send_error(res, 413, "payload_too_large",
                          "a code request is " + std::to_string(core::kCodeRequestWireSize) + " bytes");
    auto request = core::open_code_request(core::as_bytes(req.body));   // strict, then the signature
    if (!request) return send_core_error(res, request.error());
    const core::CodeRequest& r = request.value();
    const int64_t now = system_clock_ms();
    if (r.timestamp_ms < now - core::kCodeRequestSkewMs || r.timestamp_ms > now + core::kCodeRequestSkewMs)
        return send_core_error(res, core::Error::RequestStale);
    if (ctx.limits)
        if (const int64_t wait = ctx.limits->per_key.take(core::to_hex(r.author))) return send_rate_limited(res, wait);
    core::Result<std::vector<std::string>> codes = core::Error::StoreQuery;
    std::string name;
    {
        std::lock_guard lock(ctx.store_mutex);
        codes = issue_codes(ctx.store, r.author, r.region, r.count, r.days, now, &r.nonce);
        if (codes) name = region_name(ctx, r.region);
    }
    if (!codes) return send_core_error(res, codes.error());
    send_json(res, {{"region", r.region}, {"region_name", name}, {"count", codes->size()}, {"days", r.days},
                    {"expires_ms", now + int64_t{r.days} * kDayMs}, {"codes", codes.value()}}, 201);
}

void handle_code_lookup(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
    auto hash = core::from_hex_array<core::kHashSize>(req.matches[1].str());
    if (!hash) return send_error(res, 400, "bad_code_hash", "a code's hash is 64 hex digits (SHA-256 of the canonical code)");
    const int64_t now = system_clock_ms();
    json body;
    {
        std::lock_guard lock(ctx.store_mutex);
        core::StatementCache sql(ctx.store.handle());
        auto q = sql("SELECT region, expires_ms FROM enrollment_codes WHERE code_hash = ? AND used_by IS NULL");
        const int rc = q.bind(1, hash.value()).step();
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) return send_core_error(res, core::Error::StoreQuery);
        if (rc == SQLITE_DONE || q.int64(1) < now) return send_core_error(res, core::Error::BadEnrollmentCode);
        const int64_t region = q.int64(0), expires = q.int64(1);
        body = {{"region", region}, {"expires_ms", expires}, {"region_name", region_name(ctx, static_cast<uint32_t>(region))}};
    }
    res.set_header("Cache-Control", "no-store");
    send_json(res, body, 200);
}

}  // namespace

void install_code_routes(httplib::Server& http, ServerContext& ctx) {
    http.Post("/api/committee/codes", [&ctx](const httplib::Request& req, httplib::Response& res) {
        handle_codes(ctx, req, res);
    });
    http.Get(R"(/api/codes/([0-9A-Fa-f]{64}))", [&ctx](const httplib::Request& req, httplib::Response& res) {
        handle_code_lookup(ctx, req, res);
    });
}

}  // namespace yishi::server
