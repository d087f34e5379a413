// tally_json.hpp — a consultation's full tally as JSON, one form for the server's results, the export
// bundle and `yishi verify`.
//
// Kept out of yishi_core (which depends on nothing but libsodium and SQLite) in its own small native
// library, yishi::tally_json. Options are referred to by their option_id from consultation_open (labels
// may repeat); per-option lists follow the declared option order. Field names follow `yishi tally`.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "yishi/consultation_tally.hpp"

namespace yishi::core {

nlohmann::json tally_json(const ConsultationTally& t);   // {"method", "options", "winner", "ranking", ...}
std::string canonical_json(const nlohmann::json& j);      // docs/protocol.md §4a; what tally_hash hashes

}  // namespace yishi::core
