// opinion_routes.cpp — the opinion matrix of a consultation (see opinion.hpp, docs/api.md):
//
// GET /api/consultations/{id}/opinion.bin?viewer=<key hex>
//     the reactions as core::encode_opinion_matrix's YOM1 bytes (application/octet-stream, ≤ 2 bytes
//     per cast vote); rows are unnamed, in the canonical order of the authors' keys; the header names
//     the viewer's row when the viewer has reacted. 404 unknown_consultation, 400 bad_key.
// and the "opinion" section of the export (export.cpp calls opinion_export_json).
#include <algorithm>

#include "opinion.hpp"
#include "opinion_json.hpp"
#include "routes.hpp"
#include "yishi/crypto.hpp"

namespace yishi::server {

using namespace yishi::core;
using nlohmann::json;

Result<OpinionMatrix> load_opinion_matrix(StatementCache& sql, uint64_t consultation) {
    std::vector<OpinionReaction> reactions;
    auto q = sql("SELECT author, target, reaction FROM reactions WHERE consultation = ? AND reaction IN (1, 2, 3)");
    q.bind(1, static_cast<int64_t>(consultation));
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        const int64_t r = q.int64(2);   // envelope.hpp Reaction: 1 agree, 2 disagree, 3 pass
        reactions.push_back({to_hex(q.blob(0)), to_hex(q.blob(1)), static_cast<int8_t>(r == 1 ? 1 : r == 2 ? -1 : 0)});
    }
    if (rc != SQLITE_DONE) return Error::StoreQuery;
    std::vector<std::string> hidden;
    auto h = sql("SELECT e.id FROM comments c JOIN envelopes e ON e.log_index = c.log_index "
                 "WHERE c.consultation = ?1 AND c.hidden = 1 "   // (comments are keyed by log index: migration 10)
                 "UNION ALL SELECT id FROM proposals WHERE consultation = ?1 AND hidden = 1");
    h.bind(1, static_cast<int64_t>(consultation));
    while ((rc = h.step()) == SQLITE_ROW) hidden.push_back(to_hex(h.blob(0)));
    if (rc != SQLITE_DONE) return Error::StoreQuery;
    // One reaction per (author, target) in the table, so the order given does not matter.
    return build_opinion_matrix(reactions, hidden);
}

json opinion_export_json(const OpinionMatrix& m) {
    json reactions = json::array(), moderated = json::array();
    for (size_t i = 0; i < m.participants.size(); ++i)
        for (uint32_t k = m.row_start[i]; k < m.row_start[i + 1]; ++k)
            reactions.push_back({i, m.col[k], m.value[k]});
    for (size_t j = 0; j < m.statements.size(); ++j)
        if (m.moderated_out[j]) moderated.push_back(m.statements[j]);
    return {{"authors", m.participants}, {"statements", m.statements}, {"moderated_out", std::move(moderated)},
            {"reactions", std::move(reactions)}, {"map", opinion_map_json(m, compute_opinion_map(m))}};
}

namespace {

// GET /api/consultations/{id}/opinion.bin
void handle_opinion_bin(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const std::string digits = req.matches[1].str();
    const uint64_t id = std::stoull(digits);   // the route allows 1 to 19 digits
    std::optional<PublicKey> viewer_key;
    if (!viewer_param(req, res, viewer_key)) return;
    const std::string viewer = viewer_key ? to_hex(*viewer_key) : std::string();
    Result<OpinionMatrix> m = Error::StoreQuery;
    {
        std::lock_guard lock(ctx.store_mutex);
        StatementCache sql(ctx.store.handle());
        auto q = sql("SELECT 1 FROM consultations WHERE id = ?");
        const int rc = q.bind(1, static_cast<int64_t>(id)).step();
        if (rc == SQLITE_DONE) return send_error(res, 404, "unknown_consultation", "no consultation has this id");
        if (rc != SQLITE_ROW) return send_core_error(res, Error::StoreQuery);
        m = load_opinion_matrix(sql, id);
    }
    if (!m) return send_core_error(res, m.error());
    int64_t row = -1;
    auto it = std::lower_bound(m->participants.begin(), m->participants.end(), viewer,
                               [](const std::string& a, const std::string& b) { return opinion_id_less(a, b); });
    if (!viewer.empty() && it != m->participants.end() && *it == viewer) row = it - m->participants.begin();
    auto wire = encode_opinion_matrix(*m, row);
    if (!wire) return send_core_error(res, wire.error());
    res.set_header("Cache-Control", "no-store");
    res.set_content(std::string(wire->begin(), wire->end()), "application/octet-stream");
}

}  // namespace

void install_opinion_routes(httplib::Server& http, ServerContext& ctx) {
    http.Get(R"(/api/consultations/(\d{1,19})/opinion\.bin)",
             [&ctx](const httplib::Request& req, httplib::Response& res) { handle_opinion_bin(ctx, req, res); });
}

}  // namespace yishi::server
