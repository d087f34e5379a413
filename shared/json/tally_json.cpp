// tally_json.cpp — ConsultationTally → JSON (see tally_json.hpp).
#include "tally_json.hpp"

namespace yishi::core {

using nlohmann::json;

namespace {

json ids_of(const ConsultationTally& t, const std::vector<OptionId>& ids) {
    json a = json::array();
    for (OptionId i : ids) a.push_back(i < t.options.size() ? t.options[i].option_id : 0);
    return a;
}

json id_or_null(const ConsultationTally& t, std::optional<OptionId> i) {
    return i && *i < t.options.size() ? json(t.options[*i].option_id) : json(nullptr);
}

json matrix(const std::vector<uint64_t>& flat, uint32_t n) {
    json rows = json::array();
    for (uint32_t i = 0; i < n; ++i)
        rows.push_back(std::vector<uint64_t>(flat.begin() + size_t(i) * n, flat.begin() + size_t(i + 1) * n));
    return rows;
}

void summary(json& out, const TallySummary& s) {
    out["ballots"] = s.ballots;
    out["valid"] = s.valid;
    out["invalid"] = s.invalid;
    json bad = json::array();
    for (const auto& b : s.invalid_ballots) bad.push_back({{"index", b.index}, {"problem", ballot_problem_code(b.problem)}});
    out["invalid_ballots"] = bad;
    out["enrolled"] = s.enrolled ? json(s.enrolled) : json(nullptr);
    out["turnout"] = s.enrolled ? json(s.turnout()) : json(nullptr);
}

}  // namespace

json tally_json(const ConsultationTally& t) {
    json out;
    out["method"] = method_name(t.method);
    out["method_param"] = t.method_param;
    json options = json::array();
    for (const auto& o : t.options) options.push_back({{"id", o.option_id}, {"label", o.label}, {"cost", o.cost}});
    out["options"] = options;
    out["winner"] = id_or_null(t, t.winner);
    out["ranking"] = ids_of(t, t.ranking);
    out["totals"] = t.totals;
    if (t.choice) {
        summary(out, t.choice->summary);
        out["votes"] = t.choice->votes;
    }
    if (t.irv) {
        summary(out, t.irv->summary);
        json rounds = json::array();
        for (size_t k = 0; k < t.irv->rounds.size(); ++k) {
            const IrvRound& r = t.irv->rounds[k];
            rounds.push_back({{"round", k + 1}, {"votes", r.votes}, {"continuing", r.continuing},
                              {"exhausted", r.exhausted}, {"eliminated", id_or_null(t, r.eliminated)}});
        }
        out["irv"] = {{"winner", id_or_null(t, t.irv->winner)}, {"ranking", ids_of(t, t.irv->ranking)},
                      {"rounds", rounds},
                      {"majority_round", t.irv->winner ? json(t.irv->majority_round + 1) : json(nullptr)}};
    }
    if (t.schulze) {
        out["schulze"] = {{"winner", id_or_null(t, t.schulze->winner)}, {"ranking", ids_of(t, t.schulze->ranking)},
                          {"pairwise", matrix(t.schulze->pairwise, t.schulze->options)},
                          {"strongest_paths", matrix(t.schulze->strongest, t.schulze->options)}};
    }
    if (t.score) {
        summary(out, t.score->summary);
        out["sums"] = t.score->sums;
        out["means"] = t.score->means;
        out["medians"] = t.score->medians;
    }
    if (t.budget) {
        summary(out, t.budget->summary);
        out["approvals"] = t.budget->approvals;
        out["budget"] = t.budget->budget;
        out["funded"] = ids_of(t, t.budget->funded);
        out["spent"] = t.budget->spent;
        out["remaining"] = t.budget->budget - t.budget->spent;
    }
    if (t.yes_no) {
        summary(out, t.yes_no->summary);
        out["yes"] = t.yes_no->yes;
        out["no"] = t.yes_no->no;
        out["abstain"] = t.yes_no->abstain;
        out["quorum"] = t.yes_no->quorum;
        out["threshold"] = t.yes_no->threshold;
        out["quorum_met"] = t.yes_no->quorum_met;
        out["approved"] = t.yes_no->approved;
    }
    return out;
}

}  // namespace yishi::core
