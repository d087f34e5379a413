// routes.hpp — the one route table of yishi-server, and the context its handlers share.
//
// Handlers parse, call the core, serialize. Errors leave through one function (send_error) as a
// JSON body {"error": {"code", "message"}} with a stable code; every response carries the
// security headers (CSP fit for wasm, nosniff, frame-ancestors).
#pragma once
#include <httplib.h>

#include <functional>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "yishi/directory.hpp"
#include "yishi/directory_store.hpp"
#include "ledger.hpp"
#include "rate_limit.hpp"
#include "yishi/sql.hpp"
#include "yishi/store.hpp"

namespace yishi::server {

struct ServerContext {
    core::Store store;        // the database (one connection; guarded by store_mutex)
    std::mutex store_mutex;
    std::string web_root;     // directory with index.html, yishi.js, yishi.wasm, ...
    core::DirectoryIndex directory;        // organisations, searched in memory
    std::shared_mutex directory_mutex;     // readers search, reload_directory() replaces
    std::unique_ptr<Ledger> ledger;        // signed submissions and the transparency log (own connections)
    std::unique_ptr<RateLimits> limits;    // per-key and per-address token buckets; null: no limits
    std::vector<std::string> witness_keys; // verifier keys of the witnesses asked to cosign (--witness)
};

inline constexpr size_t kMaxQueryBytes = 200;             // longest search text accepted
inline constexpr size_t kOrgChangesDefaultLimit = 1000;   // records per delta-sync page by default
inline constexpr size_t kOrgChangesMaxLimit = 5000;       // and at most
inline constexpr int kListenBacklog = 1024;         // pending connections the kernel queues
inline constexpr size_t kKeepAliveMaxRequests = 1000;   // requests per connection before the server closes it
inline constexpr size_t kMaxRequestBytes = 1 << 20;  // any request body; larger ones are cut off unread (413)
inline constexpr size_t kDefaultPageLimit = 20;      // read endpoints: items per page by default
inline constexpr size_t kMaxPageLimit = 100;         // and at most
inline constexpr size_t kReadConnections = 4;        // read-only connections of the consultation read endpoints
inline constexpr int64_t kReportDayOffsetMs = 8 * 3600 * 1000;   // participation days are China Standard Time
inline constexpr uint64_t kFeedbackDefaultLimit = 50;    // feedback items per page by default
inline constexpr uint64_t kFeedbackMaxLimit = 200;       // and at most
inline constexpr size_t kMaxOrgImportBodyBytes = kMaxRequestBytes;  // CSV per POST /api/operator/orgs/import

void install_routes(httplib::Server& http, ServerContext& ctx);      // all routes and handlers
void add_security_headers(httplib::Response& res);                   // CSP, nosniff, ... (every answer)
// The per-address token buckets (rate_limit.hpp) for a request to `path`: true if refused (429 in res).
bool refuse_by_address(ServerContext& ctx, const std::string& method, const std::string& path,
                       const std::string& remote_addr, httplib::Response& res);
// POST /api/submit's answer (submit_routes.cpp): `answer` runs once, on this thread for a refusal found
// before the writer, else on the writer thread right after the COMMIT that made the envelope durable.
void answer_submit(ServerContext& ctx, const std::string& content_type, std::string_view body,
                   const std::function<void(httplib::Response&)>& answer);
void install_org_routes(httplib::Server& http, ServerContext& ctx);  // /api/orgs (org_routes.cpp)
void install_submit_routes(httplib::Server& http, ServerContext& ctx);  // /api/submit, log (submit_routes.cpp)
void install_proof_routes(httplib::Server& http, ServerContext& ctx);   // /api/proof (proof_routes.cpp)
void install_tile_routes(httplib::Server& http, ServerContext& ctx);    // /log/checkpoint, /log/tile (tile_routes.cpp)
void install_region_routes(httplib::Server& http, ServerContext& ctx);  // /api/regions (region_routes.cpp)
void install_consultation_routes(httplib::Server& http, ServerContext& ctx);  // read side (consultation_routes.cpp)
void install_feedback_routes(httplib::Server& http, ServerContext& ctx);  // /api/feedback (feedback_routes.cpp)
void install_operator_routes(httplib::Server& http, ServerContext& ctx);  // /api/operator (operator_routes.cpp)
void install_code_routes(httplib::Server& http, ServerContext& ctx);      // /api/committee/codes (code_routes.cpp)
int http_status_for(core::Error e);                                  // the one Error -> HTTP status mapping
void send_core_error(httplib::Response& res, core::Error e);         // send_error with the Error's code
void send_rate_limited(httplib::Response& res, int64_t retry_after_s);  // 429 rate_limited with Retry-After
core::Status reload_directory(ServerContext& ctx);                   // rebuild the index from the store
void send_error(httplib::Response& res, int status, const char* code, const std::string& message);
void send_json(httplib::Response& res, const nlohmann::json& body, int status = 200);
// ?viewer=<key hex>&viewer_ms=<ms>&viewer_sig=<hex> (core/viewer_proof.hpp): the key whose own marks a
// read adds, proven by its signature over this request's path. Without `viewer`: true, and `viewer`
// stays empty. Otherwise false after sending 400 bad_key, viewer_unsigned, request_stale or
// bad_signature; with a proven viewer, the answer is marked Cache-Control: private, no-store.
bool viewer_param(const httplib::Request& req, httplib::Response& res, std::optional<core::PublicKey>& viewer);
// The reason of the moderate envelope whose wire is in column `col` of `q` ("" when NULL or not one):
// what readers see in place of a hidden comment, proposal, feedback text or display name.
std::string moderation_reason(const core::Query& q, int col);

}  // namespace yishi::server
