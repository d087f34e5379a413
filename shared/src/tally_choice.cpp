// tally_choice.cpp — methods where a ballot is a set of choices: plurality, approval, participatory
// budget, and yes/no/abstain with quorum and threshold.
//
// Tie-breaks: options with equal counts rank by declared order (lower id first). The budget is
// funded greedily down that ranking; a project that no longer fits is skipped and the next one is
// tried, so a cheaper, less supported project can still be funded (the usual PB counting rule).
#include <cmath>
#include "tally_internal.hpp"

namespace yishi::core {

using namespace tally_detail;

Result<ChoiceResult> tally_plurality(const BallotBox& ballots, const ChoiceSpec& spec) {
    if (auto st = check_option_count(spec.options); !st) return st.error();
    ChoiceResult r;
    r.summary = start_summary(ballots.size(), spec.enrolled);
    r.votes.assign(spec.options, 0);
    for (size_t i = 0; i < ballots.size(); ++i) {
        auto b = ballots[i];
        if (b.empty()) { reject(r.summary, i, BallotProblem::Empty); continue; }
        if (b.size() > 1) { reject(r.summary, i, BallotProblem::TooManyChoices); continue; }
        if (b[0] >= spec.options) { reject(r.summary, i, BallotProblem::UnknownOption); continue; }
        ++r.votes[b[0]];
    }
    finish_summary(r.summary);
    r.ranking = rank_by_count(r.votes);
    r.winner = winner_of(r.ranking, r.summary);
    return r;
}

Result<ChoiceResult> tally_approval(const BallotBox& ballots, const ApprovalSpec& spec) {
    if (auto st = check_option_count(spec.options); !st) return st.error();
    const uint32_t max = spec.max_selections == 0 ? spec.options : spec.max_selections;
    if (spec.min_selections > max || max > spec.options) return Error::TallyBadSpec;
    ChoiceResult r;
    r.summary = start_summary(ballots.size(), spec.enrolled);
    r.votes.assign(spec.options, 0);
    IdChecker ids(spec.options);
    for (size_t i = 0; i < ballots.size(); ++i) {
        auto b = ballots[i];
        if (b.empty() && spec.min_selections > 0) { reject(r.summary, i, BallotProblem::Empty); continue; }
        if (auto problem = ids.check(b)) { reject(r.summary, i, *problem); continue; }
        if (b.size() < spec.min_selections) { reject(r.summary, i, BallotProblem::TooFewChoices); continue; }
        if (b.size() > max) { reject(r.summary, i, BallotProblem::TooManyChoices); continue; }
        for (uint32_t id : b) ++r.votes[id];
    }
    finish_summary(r.summary);
    r.ranking = rank_by_count(r.votes);
    r.winner = winner_of(r.ranking, r.summary);
    return r;
}

Result<BudgetResult> tally_budget(const BallotBox& ballots, const BudgetSpec& spec) {
    if (auto st = check_option_count(spec.costs.size()); !st) return st.error();
    if (spec.budget == 0) return Error::TallyBadSpec;
    const auto projects = static_cast<uint32_t>(spec.costs.size());
    BudgetResult r;
    r.summary = start_summary(ballots.size(), spec.enrolled);
    r.approvals.assign(projects, 0);
    IdChecker ids(projects);
    for (size_t i = 0; i < ballots.size(); ++i) {
        auto b = ballots[i];
        if (b.empty()) { reject(r.summary, i, BallotProblem::Empty); continue; }
        if (auto problem = ids.check(b)) { reject(r.summary, i, *problem); continue; }
        uint64_t total = 0;
        bool over = false;
        for (uint32_t id : b) {   // written so that huge costs cannot overflow the sum
            if (spec.costs[id] > spec.budget - total) { over = true; break; }
            total += spec.costs[id];
        }
        if (over) { reject(r.summary, i, BallotProblem::OverBudget); continue; }
        for (uint32_t id : b) ++r.approvals[id];
    }
    finish_summary(r.summary);
    r.ranking = rank_by_count(r.approvals);
    uint64_t remaining = spec.budget;
    for (OptionId p : r.ranking) {
        if (r.approvals[p] == 0) break;           // nobody asked for it: never funded
        if (spec.costs[p] > remaining) continue;  // does not fit any more: try the next one
        r.funded.push_back(p);
        remaining -= spec.costs[p];
    }
    r.spent = spec.budget - remaining;
    r.budget = spec.budget;
    r.costs = spec.costs;
    if (!r.funded.empty()) r.winner = r.funded.front();
    return r;
}

Result<YesNoResult> tally_yesno(const BallotBox& ballots, const YesNoSpec& spec) {
    const bool quorum_ok = std::isfinite(spec.quorum) && spec.quorum >= 0.0 && spec.quorum <= 1.0;
    const bool threshold_ok = std::isfinite(spec.threshold) && spec.threshold >= 0.0 && spec.threshold <= 1.0;
    if (!quorum_ok || !threshold_ok) return Error::TallyBadSpec;
    if (spec.quorum > 0.0 && spec.enrolled == 0) return Error::TallyBadSpec;  // a quorum of what?
    YesNoResult r;
    r.summary = start_summary(ballots.size(), spec.enrolled);
    for (size_t i = 0; i < ballots.size(); ++i) {
        auto b = ballots[i];
        if (b.empty()) { reject(r.summary, i, BallotProblem::Empty); continue; }
        if (b.size() > 1) { reject(r.summary, i, BallotProblem::TooManyChoices); continue; }
        switch (b[0]) {
            case kYes: ++r.yes; break;
            case kNo: ++r.no; break;
            case kAbstain: ++r.abstain; break;
            default: reject(r.summary, i, BallotProblem::UnknownOption); break;
        }
    }
    finish_summary(r.summary);
    // Compare by multiplication, not division, so that yes+no == 0 needs no special case.
    const double participants = double(r.yes + r.no + r.abstain);
    r.quorum_met = participants >= spec.quorum * double(spec.enrolled);
    r.quorum = spec.quorum;
    r.threshold = spec.threshold;
    r.approved = r.quorum_met && r.yes > 0 && double(r.yes) >= spec.threshold * double(r.yes + r.no);
    return r;
}

}  // namespace yishi::core
