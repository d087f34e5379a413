// consultation_tally.cpp — a consultation's ballots through its method's tally (see consultation_tally.hpp).
#include "yishi/consultation_tally.hpp"

#include <algorithm>

namespace yishi::core {

namespace {

// Index of option_id among the declared options (they are ascending), or n if unknown.
uint32_t index_of(const std::vector<ConsultationOption>& options, uint32_t option_id) {
    auto it = std::lower_bound(options.begin(), options.end(), option_id,
                               [](const ConsultationOption& o, uint32_t id) { return o.option_id < id; });
    if (it == options.end() || it->option_id != option_id) return static_cast<uint32_t>(options.size());
    return static_cast<uint32_t>(it - options.begin());
}

// The ballot in the counting core's form: indices of the chosen options (ranked: best first), or for
// score one score per option (unscored = kScoreMin), or for yes/no kYes / kNo.
void to_core_ballot(const VotePayload& v, const ConsultationOpenPayload& open, std::vector<uint32_t>& out) {
    out.clear();
    const auto n = static_cast<uint32_t>(open.options.size());
    switch (open.method) {
        case VotingMethod::Score:
            out.assign(n, kScoreMin);
            for (const BallotEntry& e : v.entries) {
                const uint32_t i = index_of(open.options, e.option_id);
                if (i < n) out[i] = static_cast<uint32_t>(std::min<uint64_t>(e.value, UINT32_MAX));
            }
            return;
        case VotingMethod::Ranked: {
            std::vector<BallotEntry> by_rank(v.entries);
            std::sort(by_rank.begin(), by_rank.end(),
                      [](const BallotEntry& a, const BallotEntry& b) { return a.value < b.value; });
            for (const BallotEntry& e : by_rank) out.push_back(index_of(open.options, e.option_id));
            return;
        }
        case VotingMethod::YesNo:
            // consultation_open of yes_no has exactly two options: the first is yes, the second no.
            for (const BallotEntry& e : v.entries) out.push_back(index_of(open.options, e.option_id) == 0 ? kYes : kNo);
            return;
        default:
            for (const BallotEntry& e : v.entries) out.push_back(index_of(open.options, e.option_id));
            return;
    }
}

}  // namespace

std::string_view method_name(VotingMethod m) {
    switch (m) {
        case VotingMethod::Plurality: return "plurality";
        case VotingMethod::Approval: return "approval";
        case VotingMethod::Ranked: return "ranked";
        case VotingMethod::Score: return "score";
        case VotingMethod::Budget: return "budget";
        case VotingMethod::YesNo: return "yes_no";
    }
    return "unknown";
}

std::string_view stage_name(Stage s) {
    switch (s) {
        case Stage::CollectNeeds: return "collect_needs";
        case Stage::Deliberate: return "deliberate";
        case Stage::Vote: return "vote";
        case Stage::Evaluate: return "evaluate";
        case Stage::Closed: return "closed";
    }
    return "unknown";
}

Result<ConsultationTally> tally_consultation(const ConsultationOpenPayload& open, std::span<const VotePayload> ballots,
                                             uint64_t enrolled) {
    ConsultationTally t;
    t.method = open.method;
    t.method_param = open.method_param;
    t.options = open.options;
    t.enrolled = enrolled;
    const BallotRules rules{open.method, open.method_param, open.options};
    t.totals = option_totals(rules, ballots);

    BallotBox box;
    std::vector<uint32_t> ballot;
    for (const VotePayload& v : ballots) {
        to_core_ballot(v, open, ballot);
        box.add(ballot);
    }
    const auto n = static_cast<uint32_t>(open.options.size());
    const ChoiceSpec choice{.options = n, .enrolled = enrolled,
                            .max_score = open.method == VotingMethod::Score ? static_cast<uint32_t>(open.method_param) : kScoreMax};
    switch (open.method) {
        case VotingMethod::Plurality:
        case VotingMethod::Approval: {
            auto r = open.method == VotingMethod::Plurality
                         ? tally_plurality(box, choice)
                         : tally_approval(box, {.options = n, .min_selections = 1,
                                                .max_selections = static_cast<uint32_t>(open.method_param),
                                                .enrolled = enrolled});
            if (!r) return r.error();
            t.winner = r->winner;
            t.ranking = r->ranking;
            t.choice = std::move(r.value());
            break;
        }
        case VotingMethod::Ranked: {
            // Both countings are published (each recomputable); the one the committee declared before
            // voting (method_param: kRankedInstantRunoff or kRankedSchulze) gives the winner and ranking.
            auto irv = tally_irv(box, choice);
            if (!irv) return irv.error();
            auto schulze = tally_schulze(box, choice);
            if (!schulze) return schulze.error();
            const bool schulze_declared = open.method_param == kRankedSchulze;
            t.winner = schulze_declared ? schulze->winner : irv->winner;
            t.ranking = schulze_declared ? schulze->ranking : irv->ranking;
            t.irv = std::move(irv.value());
            t.schulze = std::move(schulze.value());
            break;
        }
        case VotingMethod::Score: {
            // Scores 0..method_param, the maximum the consultation declared.
            auto r = tally_score(box, choice);
            if (!r) return r.error();
            t.winner = r->winner;
            t.ranking = r->ranking;
            t.score = std::move(r.value());
            break;
        }
        case VotingMethod::Budget: {
            BudgetSpec spec{.costs = {}, .budget = open.method_param, .enrolled = enrolled};
            for (const ConsultationOption& o : open.options) spec.costs.push_back(o.cost);
            auto r = tally_budget(box, spec);
            if (!r) return r.error();
            t.winner = r->winner;
            t.ranking = r->ranking;
            t.budget = std::move(r.value());
            break;
        }
        case VotingMethod::YesNo: {
            auto r = tally_yesno(box, {.enrolled = enrolled, .quorum = 0.0, .threshold = 0.5});
            if (!r) return r.error();
            if (r->summary.valid > 0) t.winner = r->approved ? OptionId{0} : OptionId{1};
            t.ranking = r->approved ? std::vector<OptionId>{0, 1} : std::vector<OptionId>{1, 0};
            t.yes_no = std::move(r.value());
            break;
        }
    }
    return t;
}

}  // namespace yishi::core
