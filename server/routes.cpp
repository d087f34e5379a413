// routes.cpp — the route table (see routes.hpp).
#include "routes.hpp"
#include "opinion.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "compression.hpp"
#include "front.hpp"
#include "static_files.hpp"
#include "wire.hpp"
#include "yishi/viewer_proof.hpp"

namespace yishi::server {

using nlohmann::json;

namespace {

// 'wasm-unsafe-eval' lets the page compile WebAssembly; nothing else may run but our own files.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

// Why the query of `target` is malformed ("" if it is not): a parameter with more than one '=', or a
// name given twice. Every route reads its parameters through httplib, which would take the last '='
// piece or the first of the repeated names without a word.
std::string malformed_query(const std::string& target) {
    const size_t q = target.find('?');
    if (q == std::string::npos) return "";
    std::string_view query = std::string_view(target).substr(q + 1);
    std::vector<std::string_view> names;
    while (!query.empty()) {
        const size_t amp = query.find('&');
        const std::string_view part = query.substr(0, amp);
        query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
        if (part.empty()) continue;
        const size_t eq = part.find('=');
        const std::string_view name = part.substr(0, eq);
        if (eq != std::string_view::npos && part.find('=', eq + 1) != std::string_view::npos)
            return "the query parameter " + std::string(name) + " has more than one '='";
        if (std::find(names.begin(), names.end(), name) != names.end())
            return "the query parameter " + std::string(name) + " is given more than once";
        names.push_back(name);
    }
    return "";
}

void handle_health(ServerContext& ctx, httplib::Response& res) {
    int schema = -1;
    {
        std::lock_guard lock(ctx.store_mutex);
        auto v = ctx.store.schema_version();
        if (v) schema = v.value();
    }
    if (schema < 0) {
        send_error(res, 503, "database_unavailable", "the database cannot be read");
        return;
    }
    send_json(res, {{"ok", true}, {"service", "yishi"}, {"version", YISHI_VERSION}, {"schema", schema}});
}

}  // namespace

void send_json(httplib::Response& res, const json& body, int status) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(body.dump(), "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, int status, const char* code, const std::string& message) {
    send_json(res, wire::error_json(code, message), status);
}

bool viewer_param(const httplib::Request& req, httplib::Response& res, std::optional<core::PublicKey>& viewer) {
    if (!req.has_param("viewer")) return true;
    auto key = core::from_hex_array<core::kPublicKeySize>(req.get_param_value("viewer"));
    if (!key) {
        send_error(res, 400, "bad_key", "viewer is 64 hex digits (an Ed25519 public key)");
        return false;
    }
    auto sig = core::from_hex_array<core::kSignatureSize>(req.get_param_value("viewer_sig"));
    const std::string ms = req.get_param_value("viewer_ms");
    int64_t at = 0;
    const auto [end, ec] = std::from_chars(ms.data(), ms.data() + ms.size(), at);
    if (!sig || ms.empty() || ec != std::errc() || end != ms.data() + ms.size()) {
        send_error(res, 400, "viewer_unsigned",
                   "viewer needs viewer_ms and viewer_sig: a read shows a key's own marks only to that key's "
                   "signed request (docs/api.md, \"Viewer proofs\")");
        return false;
    }
    if (auto st = core::check_viewer(*key, req.path, at, *sig, system_clock_ms()); !st) {
        send_core_error(res, st.error());
        return false;
    }
    viewer = *key;
    res.set_header("Cache-Control", "private, no-store");   // one key's marks: for no shared cache
    return true;
}

int http_status_for(core::Error e) {
    using core::Error;
    switch (e) {
        case Error::SequenceConflict: case Error::ReplayedSequence: case Error::ConsultationExists:
        case Error::AlreadyEnrolled: case Error::AlreadyBound: case Error::KeyInUse:
        case Error::FeedbackFinal: case Error::FeedbackBadTransition: case Error::FeedbackNotFinished:
        case Error::FeedbackAlreadyRated: case Error::TallyMismatch: case Error::RequestReplayed:
            return 409;
        case Error::FeedbackNotAuthor:
            return 403;
        case Error::FeedbackReasonRequired:
            return 422;
        case Error::NotEnrolled: case Error::WrongRegion: case Error::WrongStage: case Error::NotCommittee:
        case Error::NotModerator: case Error::BadEnrollmentCode: case Error::NotStarted: case Error::StageOver:
        case Error::ConsultationClosed: case Error::KeyRotated: case Error::KeyRevoked: case Error::RevokeNotAllowed:
            return 403;
        case Error::UnknownConsultation: case Error::UnknownTarget: case Error::BallotInvalid:
        case Error::KindNotSupported: case Error::ThreadTooDeep:
            return 422;
        case Error::StoreOpen: case Error::StoreSchema: case Error::StoreQuery: case Error::StoreNewerSchema: case Error::StoreUnsupported:
        case Error::CryptoInit: case Error::LogKeyFile: case Error::LogPending:
            return 503;
        case Error::RateLimited:
            return 429;
        default:
            return 400;   // the request itself is malformed: decoder errors, bad_signature, bad_hex, ...
    }
}

void send_rate_limited(httplib::Response& res, int64_t retry_after_s) {
    res.set_header("Retry-After", std::to_string(retry_after_s));
    send_core_error(res, core::Error::RateLimited);
}

void send_core_error(httplib::Response& res, core::Error e) {
    send_error(res, http_status_for(e), std::string(core::error_code(e)).c_str(), std::string(core::error_message(e)));
}

void add_security_headers(httplib::Response& res) {
    res.set_header("Content-Security-Policy", kContentSecurityPolicy);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Cross-Origin-Opener-Policy", "same-origin");
}

bool refuse_by_address(ServerContext& ctx, const std::string& method, const std::string& path,
                       const std::string& remote_addr, httplib::Response& res) {
    if (!ctx.limits || path.rfind("/api/", 0) != 0) return false;
    const bool submit = method == "POST";   // every write: /api/submit, codes, operator import
    RateLimiter& limiter = submit ? ctx.limits->submit_per_address : ctx.limits->read_per_address;
    const int64_t wait = limiter.take(address_key(remote_addr));   // IPv6: one bucket per /64, as the front counts
    if (wait) send_rate_limited(res, wait);
    return wait != 0;
}

void install_routes(httplib::Server& http, ServerContext& ctx) {
    http.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        add_security_headers(res);
        compress_json_answer(req, res);   // gzip for JSON over 1 KB (compression.hpp)
    });

    // Per-address token buckets before any routing (rate_limit.hpp): submissions and reads apart. Then
    // the query's shape: httplib would read `region=1=1` as region 1, and `a=1&a=2` as a=1.
    http.set_pre_routing_handler([&ctx](const httplib::Request& req, httplib::Response& res) {
        if (const std::string bad = malformed_query(req.target); !bad.empty()) {
            send_error(res, 400, "bad_query", bad);
            return httplib::Server::HandlerResponse::Handled;
        }
        if (!refuse_by_address(ctx, req.method, req.path, req.remote_addr, res))
            return httplib::Server::HandlerResponse::Unhandled;
        res.set_header("Connection", "close");   // and the front closes it (front.hpp)
        return httplib::Server::HandlerResponse::Handled;
    });

    http.Get("/api/health", [&ctx](const httplib::Request&, httplib::Response& res) { handle_health(ctx, res); });
    install_org_routes(http, ctx);
    install_submit_routes(http, ctx);
    install_proof_routes(http, ctx);
    install_tile_routes(http, ctx);
    install_region_routes(http, ctx);
    install_consultation_routes(http, ctx);
    install_feedback_routes(http, ctx);
    install_operator_routes(http, ctx);
    install_code_routes(http, ctx);
    install_opinion_routes(http, ctx);
    http.Get(R"(/api/.*)", [](const httplib::Request& req, httplib::Response& res) {
        send_error(res, 404, "unknown_endpoint", "no API endpoint at " + req.path);
    });
    http.Get(R"(/.*)", [&ctx](const httplib::Request& req, httplib::Response& res) {
        serve_static(ctx.web_root, req, res);
    });

    // Bodies over kMaxRequestBytes are refused by httplib before any handler runs. Every error httplib
    // answers itself (413, 414, 400 for a malformed request, 404 or 405 for no route) gets a JSON body too.
    http.set_payload_max_length(kMaxRequestBytes);
    http.set_keep_alive_max_count(kKeepAliveMaxRequests);   // what its Keep-Alive header says (front.cpp counts)
    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        switch (res.status) {
            case 413: return send_error(res, 413, "payload_too_large", "the request body is larger than the server accepts");
            case 414: return send_error(res, 414, "uri_too_long", "the request target is longer than the server accepts");
            case 404: return send_error(res, 404, "unknown_endpoint", "nothing at " + req.method + " " + req.path);
            case 405: return send_error(res, 405, "method_not_allowed", req.method + " is not allowed here");
            case 400: return send_error(res, 400, "bad_request", "the request is not well-formed HTTP");
            default:
                if (res.status >= 400)
                    send_error(res, res.status, "http_error", "the request failed (HTTP " + std::to_string(res.status) + ")");
        }
    });

    http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        send_error(res, 500, "internal", "the server failed to handle this request");
    });
}

std::string moderation_reason(const core::Query& q, int col) {
    if (q.is_null(col)) return {};
    auto s = core::decode_signed_envelope(q.blob(col));
    const auto* m = s ? std::get_if<core::ModeratePayload>(&s->envelope.payload) : nullptr;
    return m ? m->reason : std::string();
}

}  // namespace yishi::server
