// committee.hpp — the neighbourhood committee's (居委会) journey in the browser app: its workspace
// (the consultations in its area with their stage, advance and close, participation numbers) and the
// wizard that opens a consultation, and the enrolment codes it hands out (codes.hpp).
//
// State only; the controller is committee.cpp (reads /api/regions, /api/consultations and
// …/participation; the key's roles are the account's; builds consultation_open / _advance / _close
// envelopes and signs them through the account's sign_and_queue (account.hpp), so one outbox and one
// sequence counter serve every screen) and the views are view_committee.cpp (workspace) and
// view_committee_open.cpp (wizard).
// Views edit the form buffers and fill CommitteeCommands; nothing else changes state outside the
// controller.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/codes.hpp"
#include "model/account.hpp"
#include "model/journeys.hpp"
#include "yishi/directory.hpp"
#include "yishi/envelope.hpp"
#include "yishi/i18n.hpp"

namespace yishi::client {

struct RegionRow { uint32_t id = 0, parent = 0; std::string level, name, code; };  // a row of /api/regions

struct Participation {                                   // GET /api/consultations/{id}/participation
    int64_t enrolled = 0, ballots = 0, comments = 0, proposals = 0, ratings = 0, reactions = 0;
};

inline constexpr size_t kWizardStages = 5;               // collect_needs .. closed, in schedule order

struct OpenForm {                                        // the wizard's fields (edited by the view)
    std::string title, description;
    int region_index = 0;                                // into CommitteeState::scope_regions
    std::array<bool, kWizardStages> stage_on{true, true, true, true, false};
    std::array<std::string, kWizardStages> stage_date;   // YYYY-MM-DD (China time, start of day)
    struct Option { std::string label, cost; };
    std::vector<Option> options;                         // rows; cost used by budget only
    int method = 0;                                      // core::VotingMethod - 1
    std::string method_max = "";                         // approval max, score max, budget cap
    int ranked_counting = 0;                             // 0 IRV (method_param 1), 1 Schulze (2)
    // The organisations that will deliver the outcome (三社联动), picked from the directory by name: a
    // search as the directory's (its local copy when complete, else the server), its first hits to tap.
    std::vector<core::Org> organizations;                // picked, in that order (≤ core::kMaxOrganizations)
    std::string org_query;                               // the search field (edited by the view)
    std::string org_sent;                                // the search the hits answer
    int org_serial = 0;                                  // newest search; older answers are dropped
    bool org_loading = false;
    std::string org_error;                               // the server's message when a search failed
    std::vector<core::Org> org_hits;
};

struct CommitteeState {
    int role_index = 0;                                  // which of the key's roles (Account::committee_roles) it acts as
    // /api/regions (for the scope filter and the wizard's area choice; may be empty)
    std::vector<RegionRow> regions;
    bool regions_asked = false, regions_loaded = false;
    std::vector<std::pair<uint32_t, std::string>> scope_regions;  // the role's region and those below it
    // /api/consultations (all areas; filtered to the role's area)
    std::vector<ConsultationSummary> list;
    bool list_loading = false, list_stale = true;
    std::string list_error;
    uint64_t max_id = 0;                                 // the largest consultation id the server listed
    std::map<uint64_t, std::string> summaries;           // close summary typed per consultation
    std::optional<uint64_t> closing;                     // whose export is being fetched and checked
    std::map<uint64_t, Participation> participation;     // numbers fetched per consultation
    std::optional<uint64_t> shown_participation;         // whose numbers are open
    // The wizard
    bool wizard = false;
    OpenForm form;
    std::optional<Note> form_error;                      // a check before signing failed (until the form changes)
    std::string form_error_for;                          // the form it was found in (form_key)
    std::optional<uint64_t> opening;                     // id of the consultation being opened (or last tried)
    size_t delivered = 0;                                // committee envelopes answered (a change reloads the list)
    CodesState codes;                                    // enrolment codes (codes.hpp)
};

struct CommitteeCommands {
    bool open_workspace = false, refresh = false;
    std::optional<int> role_index;                       // another of the key's committee roles was chosen
    std::optional<uint64_t> advance;                     // to the next stage
    std::optional<uint64_t> close;                       // with summaries[id]
    std::optional<uint64_t> participation;               // show (or hide) the numbers
    bool open_wizard = false, close_wizard = false, submit_open = false;
    bool add_option = false;
    std::optional<size_t> remove_option;
    std::optional<size_t> pick_org;                      // index into form.org_hits
    std::optional<size_t> unpick_org;                    // index into form.organizations
    CodesCommands codes;                                 // the enrolment-code panel
};

class DirectoryCache;
void apply_committee_commands(CommitteeState& c, const CommitteeCommands& cmd, Account& me, Net& net);
// Reads while the workspace is `shown` (the wizard's organisation search answered by `directory`'s
// local copy when it is complete); follows the committee's envelopes in the outbox.
bool tick_committee(CommitteeState& c, Account& me, const DirectoryCache& directory, bool shown, Net& net);
std::optional<core::Stage> next_stage(core::Stage s);    // the stage an advance moves to (none after evaluate)
std::optional<uint64_t> parse_count(const std::string& s);  // a whole number ≥ 0 typed in a field, else none
std::string advance_action(uint64_t id);                 // outbox action names, shown next to the buttons
std::string close_action(uint64_t id);
inline const std::string kOpenAction = "c-open";         // the wizard's action name

}  // namespace yishi::client
