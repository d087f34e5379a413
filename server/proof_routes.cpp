// proof_routes.cpp — the log's proof endpoints: anyone can check that an entry is in the log and that
// the log only ever grew.
//
// GET /api/proof/inclusion?index=&size=   the inclusion proof of leaf `index` in the tree of `size` leaves
// GET /api/proof/consistency?from=&to=    the proof that the tree of `from` leaves is a prefix of `to`
// Sizes are those of signed heads (GET /api/tree-head); `size`/`to` default to the latest one. The
// proofs are RFC 9162 §2.1.3 and §2.1.4 (shared/merkle.hpp), verified in the browser and by
// tests/e2e/proofs.test.mjs with an independent JavaScript verifier.
#include <charconv>
#include <nlohmann/json.hpp>

#include "routes.hpp"
#include "yishi/crypto.hpp"

namespace yishi::server {
namespace {

// A whole number query parameter; `fallback` if absent, nullopt if present but not a number.
std::optional<uint64_t> size_param(const httplib::Request& req, const char* name, uint64_t fallback) {
    if (!req.has_param(name)) return fallback;
    const std::string v = req.get_param_value(name);
    uint64_t out = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || p != v.data() + v.size()) return std::nullopt;
    return out;
}

nlohmann::json hex_list(const std::vector<core::Hash>& hashes) {
    auto out = nlohmann::json::array();
    for (const auto& h : hashes) out.push_back(core::to_hex(h));
    return out;
}

void send_bad_range(httplib::Response& res, uint64_t published) {
    send_error(res, 400, "bad_range",
               "sizes are whole numbers up to the latest signed head (" + std::to_string(published) +
                   " entries), index below size, from not above to");
}

}  // namespace

void install_proof_routes(httplib::Server& http, ServerContext& ctx) {
    http.Get("/api/proof/inclusion", [&ctx](const httplib::Request& req, httplib::Response& res) {
        const uint64_t published = ctx.ledger->published_size();
        auto size_arg = size_param(req, "size", published);
        auto index_arg = req.has_param("index") ? size_param(req, "index", 0) : std::nullopt;
        if (!size_arg || !index_arg) return send_bad_range(res, published);
        const uint64_t size = *size_arg, index = *index_arg;
        auto answer = ctx.ledger->inclusion_at(index, size);
        if (!answer && answer.error() == core::Error::MerkleRange) return send_bad_range(res, published);
        if (!answer) return send_core_error(res, answer.error());
        send_json(res, {{"index", index}, {"size", size}, {"leaf_hash", core::to_hex(answer->leaf_hash)},
                        {"proof", hex_list(answer->proof)}});
    });
    http.Get("/api/proof/consistency", [&ctx](const httplib::Request& req, httplib::Response& res) {
        const uint64_t published = ctx.ledger->published_size();
        auto to_arg = size_param(req, "to", published);
        auto from_arg = req.has_param("from") ? size_param(req, "from", 0) : std::nullopt;
        if (!from_arg || !to_arg) return send_bad_range(res, published);
        const uint64_t from = *from_arg, to = *to_arg;
        auto proof = ctx.ledger->consistency(from, to);
        if (!proof && proof.error() == core::Error::MerkleRange) return send_bad_range(res, published);
        if (!proof) return send_core_error(res, proof.error());
        send_json(res, {{"from", from}, {"to", to}, {"proof", hex_list(proof.value())}});
    });
}

}  // namespace yishi::server
