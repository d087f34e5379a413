// submit_routes.cpp — /api/submit and the transparency log's read endpoints (docs/api.md).
//
// Handlers parse and serialize; check_submit_request (submission.hpp) and Ledger::accept_async (decode,
// cheap state checks, Ed25519 on at most one thread per core, the single writer's group commit) do the
// work. answer_submit serves both the front (front.cpp), which answers most submissions, and the route.
#include <nlohmann/json.hpp>

#include <cctype>
#include <future>
#include <optional>
#include <string_view>

#include "export.hpp"
#include "routes.hpp"
#include "wire.hpp"

namespace yishi::server {

using nlohmann::json;

namespace {

void send_receipt(httplib::Response& res, const core::Receipt& r, const core::Hash& envelope_id,
                  std::optional<bool> duplicate, int status) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(wire::receipt_body(r, envelope_id, duplicate), "application/json; charset=utf-8");
}

// GET /api/consultations/{id}/export.json|csv, /api/consultations/{id}/ballots.bin
void handle_export(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
    uint64_t id = 0;
    const std::string digits = req.matches[1].str(), format = req.matches[2].str();
    if (digits.size() > 19) return send_error(res, 404, "consultation_not_found", "no consultation has this id");
    id = std::stoull(digits);
    auto x = ctx.ledger->export_consultation(id, format != "bin");
    if (!x) return send_core_error(res, x.error());
    if (!x->has_value()) return send_error(res, 404, "consultation_not_found", "no consultation has this id");
    if (!x->value().results_visible)   // the ballots would show the result the stage rules keep hidden
        return send_error(res, 403, "results_hidden", "results and exports are published once the vote has ended");
    if (format == "bin") {   // the ballot stream: checked against the log's tiles (docs/api.md "Exports")
        const core::Bytes b = export_ballot_stream(x->value(), ctx.ledger->origin(), ctx.ledger->server_key());
        res.set_header("Cache-Control", "no-store");
        return res.set_content(std::string(b.begin(), b.end()), "application/octet-stream");
    }
    if (format == "json") {
        auto bundle = export_bundle(x->value(), ctx.ledger->origin(), ctx.ledger->server_key());
        if (!bundle) return send_core_error(res, bundle.error());
        return send_json(res, bundle.value());
    }
    auto csv = export_ballots_csv(x->value());
    if (!csv) return send_core_error(res, csv.error());
    res.set_header("Cache-Control", "no-store");
    res.set_header("Content-Disposition", "attachment; filename=\"consultation-" + digits + "-ballots.csv\"");
    res.set_content(csv.value(), "text/csv; charset=utf-8");
}

}  // namespace

void answer_submit(ServerContext& ctx, const std::string& content_type, std::string_view body,
                   const std::function<void(httplib::Response&)>& answer) {
    httplib::Response res;
    if (auto refusal = check_submit_request(content_type, body.size())) {
        send_error(res, refusal->status, refusal->code, refusal->message);
        return answer(res);
    }
    auto wait = std::make_shared<int64_t>(0);   // seconds until the author's bucket has a token again
    auto admit = [&ctx, wait](const core::PublicKey& author) {   // after the signature verified (rate_limit.hpp)
        if (ctx.limits) *wait = ctx.limits->per_key.take(core::to_hex(author));
        return *wait == 0;
    };
    ctx.ledger->accept_async(core::as_bytes(body), admit, [wait, answer](core::Result<SubmitResult> done) {
        httplib::Response res;
        if (!done && done.error() == core::Error::RateLimited)
            send_rate_limited(res, *wait);
        else if (!done)
            send_core_error(res, done.error());
        else
            send_receipt(res, done->receipt, done->envelope_id, done->duplicate, done->duplicate ? 200 : 201);
        answer(res);
    });
}

void install_submit_routes(httplib::Server& http, ServerContext& ctx) {
    // The front (front.cpp) answers most submissions itself; the ones it hands over (chunked, Expect,
    // HTTP/1.0, oversized, ...) are answered here, the same way.
    http.Post("/api/submit", [&ctx](const httplib::Request& req, httplib::Response& res) {
        std::promise<httplib::Response> answered;
        auto future = answered.get_future();
        answer_submit(ctx, req.get_header_value("Content-Type"), req.body,
                      [&answered](httplib::Response& r) { answered.set_value(std::move(r)); });
        res = future.get();
    });
    http.Get("/api/tree-head", [&ctx](const httplib::Request&, httplib::Response& res) {
        res.set_header("Cache-Control", "no-store");
        res.set_content(ctx.ledger->checkpoint_note(), "text/plain; charset=utf-8");
    });
    http.Get("/api/log-key", [&ctx](const httplib::Request&, httplib::Response& res) {
        const auto& key = ctx.ledger->server_key();
        json previous = json::array();
        for (const LogKey& k : ctx.ledger->log_keys()) {
            if (k.public_key == key) continue;
            previous.push_back({{"public_key", core::to_hex(k.public_key)},
                                {"verifier_key", core::note_verifier_key(ctx.ledger->origin(), k.public_key)},
                                {"created_ms", k.created_ms}});
        }
        send_json(res, {{"origin", ctx.ledger->origin()}, {"public_key", core::to_hex(key)},
                        {"verifier_key", core::note_verifier_key(ctx.ledger->origin(), key)},
                        {"previous_keys", previous}, {"witnesses", ctx.witness_keys}});
    });
    http.Get(R"(/api/authors/([0-9A-Fa-f]+)/sequence)", [&ctx](const httplib::Request& req, httplib::Response& res) {
        auto author = core::from_hex_array<core::kPublicKeySize>(req.matches[1].str());
        if (!author) return send_error(res, 400, "bad_key", "the author is 64 hex digits (an Ed25519 public key)");
        auto seq = ctx.ledger->last_sequence(*author);
        if (!seq) return send_core_error(res, seq.error());
        send_json(res, {{"author", core::to_hex(*author)}, {"sequence", seq->value_or(0)}});
    });
    http.Get(R"(/api/consultations/(\d+)/export\.(json|csv))", [&ctx](const httplib::Request& req, httplib::Response& res) {
        handle_export(ctx, req, res);
    });
    http.Get(R"(/api/consultations/(\d+)/ballots\.(bin))", [&ctx](const httplib::Request& req, httplib::Response& res) {
        handle_export(ctx, req, res);
    });
    http.Get(R"(/api/envelopes/([0-9A-Fa-f]+)/receipt)", [&ctx](const httplib::Request& req, httplib::Response& res) {
        auto hex_id = core::from_hex_array<core::kHashSize>(req.matches[1].str());
        if (!hex_id) return send_error(res, 400, "bad_id", "an envelope id is 64 hex digits");
        const core::Hash id = *hex_id;
        auto receipt = ctx.ledger->receipt_for(id);
        if (!receipt) return send_core_error(res, receipt.error());
        if (!receipt->has_value()) return send_error(res, 404, "envelope_not_found", "no accepted envelope has this id");
        send_receipt(res, receipt->value(), id, std::nullopt, 200);
    });
}

}  // namespace yishi::server
