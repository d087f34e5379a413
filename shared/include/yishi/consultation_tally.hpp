// consultation_tally.hpp — the full count of one consultation's ballots with its own method.
//
// Bridges the wire (VotePayload: option ids from consultation_open, values) and the counting core
// (tally.hpp: option indices 0..n-1 in declared order). The server's results, the export bundle and
// `yishi verify` all call tally_consultation on the same ballots, so the three agree byte for byte once
// serialised (shared/json/tally_json.hpp). Ballots that fail check_ballot are counted as invalid by the
// method's own rules; the submit path never stores one.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "yishi/consultation.hpp"
#include "yishi/tally.hpp"

namespace yishi::core {

// What a consultation's count produced; exactly the members of its method are set.
struct ConsultationTally {
    VotingMethod method = VotingMethod::Plurality;   // from consultation_open
    uint64_t method_param = 0;                       // from consultation_open
    std::vector<ConsultationOption> options;         // declared order: index i is OptionId i
    uint64_t enrolled = 0;                           // eligible residents (for turnout; 0 = unknown)
    std::vector<uint64_t> totals;                    // option_totals(), as published in exports
    std::optional<ChoiceResult> choice;              // plurality, approval
    std::optional<IrvResult> irv;                    // ranked
    std::optional<SchulzeResult> schulze;            // ranked
    std::optional<ScoreResult> score;                // score
    std::optional<BudgetResult> budget;              // budget
    std::optional<YesNoResult> yes_no;               // yes_no (option 1 = yes, option 2 = no)
    std::optional<OptionId> winner;                  // the method's winner (ranked: IRV's, see below)
    std::vector<OptionId> ranking;                   // the method's ranking, best first
};

std::string_view method_name(VotingMethod m);        // "plurality", "approval", "ranked", "score", "budget", "yes_no"
std::string_view stage_name(Stage s);                // "collect_needs", "deliberate", "vote", "evaluate", "closed"

// Counts `ballots` (the latest per ballot key) of a consultation opened with `open`.
Result<ConsultationTally> tally_consultation(const ConsultationOpenPayload& open, std::span<const VotePayload> ballots,
                                             uint64_t enrolled);

}  // namespace yishi::core
