// opinion.hpp (server) — a consultation's reactions as the opinion matrix (core/opinion.hpp): served
// compactly to the browser, which computes the map itself, and put with its map into the export so
// anyone can recompute the numbers (`yishi groups export.json`). Routes in opinion_routes.cpp.
#pragma once
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "yishi/opinion.hpp"
#include "yishi/sql.hpp"

namespace yishi::server {

struct ServerContext;

// The latest agree / disagree / pass of every author on every comment and proposal of the consultation
// (the reactions table); hidden comments and proposals are moderated out. Ids are lowercase hex.
core::Result<core::OpinionMatrix> load_opinion_matrix(core::StatementCache& sql, uint64_t consultation);

// The export's "opinion" section: {"authors", "statements", "moderated_out", "reactions": [[a, s, v]],
// "map": opinion_map_json}; docs/opinion-groups.md, "In the export".
nlohmann::json opinion_export_json(const core::OpinionMatrix& m);

// GET /api/consultations/{id}/opinion.bin?viewer=<key hex> (the YOM1 wire form).
void install_opinion_routes(httplib::Server& http, ServerContext& ctx);

}  // namespace yishi::server
