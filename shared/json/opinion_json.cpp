// opinion_json.cpp — OpinionMap → JSON (see opinion_json.hpp).
#include "opinion_json.hpp"

#include <algorithm>

namespace yishi::core {

using nlohmann::json;

namespace {

// Rounded to 6 decimals with + * / and a cast only (no printf, no libm): the same bits everywhere.
double round6(double v) {
    if (!(v == v)) return 0;  // NaN cannot occur in a map; never print it
    const double scaled = v * 1e6;
    if (scaled > 9e15 || scaled < -9e15) return v;
    const int64_t r = static_cast<int64_t>(scaled < 0 ? scaled - 0.5 : scaled + 0.5);
    return r == 0 ? 0.0 : double(r) / 1e6;
}

json id_json(const std::string& id) {
    const bool digits = !id.empty() && id.size() <= 15 &&
                        std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits && (id.size() == 1 || id[0] != '0')) return json(std::stoll(id));
    return json(id);
}

}  // namespace

json opinion_map_json(const OpinionMatrix& m, const OpinionMap& map) {
    json out = json::object();
    uint32_t clustered = 0;
    for (uint8_t c : map.clustered) clustered += c;
    out["participants"] = m.participants.size();
    out["statements"] = m.statements.size();
    out["clustered"] = clustered;
    out["k"] = map.groups.size();
    out["silhouette"] = round6(map.silhouette);
    json groups = json::array();
    for (size_t g = 0; g < map.groups.size(); ++g) {
        const OpinionGroup& group = map.groups[g];
        json members = json::array();
        for (uint32_t r : group.members) members.push_back(id_json(m.participants[r]));
        json rep = json::array();
        for (const OpinionRepness& r : group.repness) {
            json e = {{"statement", id_json(m.statements[r.statement])},
                      {"direction", r.agree ? "agree" : "disagree"},
                      {"n_success", r.n_success},
                      {"n_trials", r.n_trials},
                      {"p_success", round6(r.p_success)},
                      {"p_test", round6(r.p_test)},
                      {"repness", round6(r.repness)},
                      {"repness_test", round6(r.repness_test)}};
            if (r.best_agree) e["best_agree"] = true;
            rep.push_back(std::move(e));
        }
        groups.push_back({{"id", g},
                          {"size", group.members.size()},
                          {"center", {round6(group.center[0]), round6(group.center[1])}},
                          {"members", std::move(members)},
                          {"repness", std::move(rep)}});
    }
    out["groups"] = std::move(groups);
    const auto consensus = [&](const std::vector<OpinionConsensus>& list) {
        json a = json::array();
        for (const OpinionConsensus& c : list)
            a.push_back({{"statement", id_json(m.statements[c.statement])},
                         {"n_success", c.n_success},
                         {"n_trials", c.n_trials},
                         {"p_success", round6(c.p_success)},
                         {"p_test", round6(c.p_test)}});
        return a;
    };
    json informed = json::object(), priority = json::object();
    for (size_t j = 0; j < m.statements.size(); ++j) {
        if (m.moderated_out[j]) continue;
        informed[m.statements[j]] = round6(map.group_consensus[j]);
        priority[m.statements[j]] = round6(map.priority[j]);
    }
    out["consensus"] = {{"agree", consensus(map.consensus_agree)},
                        {"disagree", consensus(map.consensus_disagree)},
                        {"group_informed", std::move(informed)}};
    out["priority"] = std::move(priority);
    json positions = json::object();
    for (size_t i = 0; i < m.participants.size(); ++i)
        positions[m.participants[i]] = {round6(map.x[i]), round6(map.y[i])};
    out["positions"] = std::move(positions);
    return out;
}

}  // namespace yishi::core
