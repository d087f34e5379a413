// opinion_json.hpp — the opinion map as JSON, the one form `yishi groups`, the server's export and the
// browser app print, so a map recomputed anywhere compares byte for byte (see docs/opinion-groups.md).
#pragma once
#include <nlohmann/json.hpp>

#include "yishi/opinion.hpp"

namespace yishi::core {

// {"participants", "statements", "clustered", "k", "silhouette", "groups": [{"id", "size", "center",
// "members", "repness": [...]}], "consensus": {"agree", "disagree", "group_informed"}, "priority",
// "positions"}. Ids print as numbers when all digits (Pol.is), else as strings; every real number is
// rounded to 6 decimals by integer arithmetic, so the text is the same on every machine.
nlohmann::json opinion_map_json(const OpinionMatrix& m, const OpinionMap& map);

}  // namespace yishi::core
