// committee.cpp — the controller of the committee's journey (see committee.hpp).
//
// Reads: the key's roles come with /api/residents/{hex} (the account reads them: Account::committee_roles);
// the workspace asks /api/regions once (to know which regions lie below the committee's, through the
// shared core::RegionTree and core::check_scope — the same rule the server applies), the whole
// consultation list (filtered here to the committee's area) and, on demand, one consultation's
// participation numbers. Writes: consultation_open / _advance / _close envelopes, checked with the
// shared validate_consultation_open before signing, signed and queued by the account's sign_and_queue.
//
// Index of this file:
// [SECTION] Helpers: JSON, dates
// [SECTION] The wizard's form → consultation_open
// [SECTION] Reading
// [SECTION] Commands and tick
#include "model/committee.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <variant>

#include "model/directory_cache.hpp"
#include "model/net.hpp"
#include "wire.hpp"
#include "export_check.hpp"
#include "yishi/china_time.hpp"
#include "yishi/consultation.hpp"
#include "yishi/region.hpp"

namespace yishi::client {

using core::Msg;
using core::tr;
using nlohmann::json;

namespace {

// [SECTION] Helpers

constexpr size_t kCommitteeListLimit = 100;           // consultations read for the workspace (newest first)
using core::civil_from_days;   // dates typed in the wizard are China Standard Time (yishi/china_time.hpp)
constexpr int kDefaultStageGapDays = 7;               // default dates: today, then a stage a week

json parse(const HttpResponse& r) { return wire::parse_json(r.body); }
// The lenient readers of wire.hpp under short names (a missing or mistyped field reads as empty).
constexpr auto str = wire::json_str;
constexpr auto num = wire::json_int;



const CommitteeRole* role_of(const CommitteeState& c, const Account& me) {
    const std::vector<CommitteeRole>& roles = me.committee_roles;
    if (roles.empty()) return nullptr;
    return &roles[static_cast<size_t>(std::clamp(c.role_index, 0, static_cast<int>(roles.size()) - 1))];
}

// The role's region and every region below it (from /api/regions, shared RegionTree); just the
// role's region when the server has no tree or the region is not in it.
void compute_scope_regions(CommitteeState& c, const Account& me) {
    c.scope_regions.clear();
    const CommitteeRole* role = role_of(c, me);
    if (!role) return;
    c.scope_regions.emplace_back(role->region, role->region_name.empty() ? std::to_string(role->region) : role->region_name);
    std::vector<core::Region> rows;
    for (const RegionRow& r : c.regions) {
        auto level = core::parse_region_level(r.level);
        if (!level) return;
        rows.push_back({r.id, r.parent, *level, r.code, r.name});
    }
    auto tree = core::RegionTree::build(std::move(rows));
    if (!tree || !tree->find(role->region)) return;
    c.scope_regions.front().second = tree->find(role->region)->name;
    for (const core::Region& r : tree->regions())
        if (r.id != role->region && core::check_scope(core::ScopeAction::Manage, role->region, r.id, *tree).ok())
            c.scope_regions.emplace_back(r.id, r.name);
}

bool in_scope(const CommitteeState& c, uint32_t region) {
    return std::any_of(c.scope_regions.begin(), c.scope_regions.end(), [&](const auto& r) { return r.first == region; });
}

// [SECTION] The wizard's form → consultation_open

void default_dates(OpenForm& f) {
    const int64_t today = core::china_day(wall_ms());
    for (size_t i = 0; i < kWizardStages; ++i)
        if (f.stage_date[i].empty()) f.stage_date[i] = civil_from_days(today + static_cast<int64_t>(i) * kDefaultStageGapDays);
    if (f.options.empty()) f.options.resize(2);
}

Msg problem_msg(core::OpenProblem p) {
    using P = core::OpenProblem;
    switch (p) {
        case P::Title: return Msg::WizErrTitle;
        case P::Description: return Msg::WizErrDescription;
        case P::NoOptions: return Msg::WizErrNoOptions;
        case P::TooManyOptions: return Msg::WizErrTooManyOptions;
        case P::OptionLabel: case P::OptionIds: return Msg::WizErrOptionLabel;
        case P::CostWithoutBudget: return Msg::WizErrOptionCost;
        case P::ApprovalMax: return Msg::WizErrApprovalMax;
        case P::ScoreMax: return Msg::WizErrScoreMax;
        case P::BudgetCap: return Msg::WizErrBudgetCap;
        case P::YesNoOptions: return Msg::WizErrYesNo;
        case P::NoSchedule: case P::TooManyStages: return Msg::WizErrNoStages;
        case P::ScheduleStages: case P::ScheduleTimes: return Msg::WizErrStageOrder;
        case P::TooManyOrganizations: case P::OrganizationIds: return Msg::WizErrOrgs;
        case P::RankedCounting: case P::ParamNotZero: case P::None: break;
    }
    return Msg::WizErrOther;
}

// The payload the form describes, or the first problem (the view words it). Blank option rows are
// dropped (a form starts with two); option ids are 1..n in the order shown.
std::variant<core::ConsultationOpenPayload, Note> payload_of(const OpenForm& f) {
    core::ConsultationOpenPayload p;
    if (f.title.empty()) return Note{Msg::WizErrTitleEmpty};
    p.title = f.title;
    p.description = f.description;
    p.method = static_cast<core::VotingMethod>(std::clamp(f.method, 0, 5) + 1);
    size_t row = 0;
    for (const auto& o : f.options) {
        ++row;
        if (o.label.empty() && o.cost.empty()) continue;
        if (o.label.empty()) return Note{Msg::WizErrOptionLabel, static_cast<long long>(row)};
        core::ConsultationOption opt{static_cast<uint32_t>(p.options.size() + 1), o.label, 0};
        if (p.method == core::VotingMethod::Budget) {
            auto cost = parse_count(o.cost);
            if (!cost) return Note{Msg::WizErrOptionCost, static_cast<long long>(row)};
            opt.cost = *cost;
        }
        p.options.push_back(std::move(opt));
    }
    switch (p.method) {
        case core::VotingMethod::Approval: case core::VotingMethod::Score: case core::VotingMethod::Budget: {
            const Msg m = p.method == core::VotingMethod::Approval ? Msg::WizErrApprovalMax
                          : p.method == core::VotingMethod::Score  ? Msg::WizErrScoreMax
                                                                    : Msg::WizErrBudgetCap;
            auto n = parse_count(f.method_max);
            if (!n) return Note{m};
            p.method_param = *n;
            break;
        }
        case core::VotingMethod::Ranked:
            p.method_param = f.ranked_counting == 1 ? core::kRankedSchulze : core::kRankedInstantRunoff;
            break;
        default: break;
    }
    static constexpr core::Stage kStages[kWizardStages] = {core::Stage::CollectNeeds, core::Stage::Deliberate,
                                                           core::Stage::Vote, core::Stage::Evaluate, core::Stage::Closed};
    for (size_t i = 0; i < kWizardStages; ++i) {
        if (!f.stage_on[i]) continue;
        auto t = core::parse_china_date(f.stage_date[i]);
        if (!t) return Note{Msg::WizErrStageDate, static_cast<long long>(i + 1)};
        p.schedule.push_back({kStages[i], *t});
    }
    for (const core::Org& o : f.organizations) p.organization_ids.push_back(static_cast<uint32_t>(o.id));
    std::sort(p.organization_ids.begin(), p.organization_ids.end());
    // The shared rule the server's decoder applies (shared/src/envelope.cpp).
    const core::OpenCheck check = core::validate_consultation_open(p);
    if (check.problem == core::OpenProblem::None) return p;
    const Msg m = problem_msg(check.problem);
    if (m == Msg::WizErrOptionLabel || m == Msg::WizErrOptionCost) return Note{m, static_cast<long long>(check.index + 1)};
    return Note{m, 0, 0, m == Msg::WizErrOther ? std::string(core::error_code(check.error)) : ""};
}

// What the clerk typed and chose, as one string: a refusal stays shown until it changes.
std::string form_key(const OpenForm& f) {
    std::string key;
    auto add = [&key](const std::string& part) { key.append(part).push_back('\x1f'); };
    for (const std::string& part : {f.title, f.description, f.method_max}) add(part);
    for (int n : {f.region_index, f.method, f.ranked_counting}) add(std::to_string(n));
    for (size_t i = 0; i < kWizardStages; ++i) add(std::to_string(f.stage_on[i])), add(f.stage_date[i]);
    for (const auto& o : f.options) add(o.label), add(o.cost);
    for (const core::Org& o : f.organizations) add(std::to_string(o.id));
    return key;
}

void submit_open(CommitteeState& c, Account& me) {
    c.form_error.reset();
    auto made = payload_of(c.form);
    if (auto* problem = std::get_if<Note>(&made)) {
        c.form_error = *problem;
        c.form_error_for = form_key(c.form);
        return;
    }
    if (c.scope_regions.empty()) return;
    const uint32_t region =
        c.scope_regions[static_cast<size_t>(std::clamp(c.form.region_index, 0, static_cast<int>(c.scope_regions.size()) - 1))].first;
    // The consultation id: one above the largest id the server listed (and above any id tried from
    // this device), so ids stay small and readable. Two committees opening at the same moment may pick
    // the same id; the server then refuses the second with consultation_exists (nothing stored), the
    // form keeps everything typed, and pressing again uses the next id.
    const uint64_t id = std::max(c.max_id, c.opening.value_or(0)) + 1;
    core::Envelope e;
    e.scope = {region, id};
    e.payload = std::get<core::ConsultationOpenPayload>(std::move(made));
    auto s = sign_and_queue(me, std::move(e), *me.seed, kOpenAction);
    if (!s) return report_refusal(me, kOpenAction, s);
    c.opening = id;
}

// [SECTION] Reading

constexpr size_t kOrgHits = 6;   // the picker's hits: enough to choose from, few enough to see at once

// The wizard's organisation search: the local copy of the directory answers at once when complete,
// else the server's search (the directory screen's, its first page).
void search_orgs(OpenForm& f, const DirectoryCache& directory, Net& net) {
    f.org_sent = f.org_query;
    const int serial = ++f.org_serial;
    f.org_error.clear();
    f.org_hits.clear();
    f.org_loading = false;
    core::OrgQuery q;
    q.q = f.org_query;
    q.limit = kOrgHits;
    if (q.q.find_first_not_of(' ') == std::string::npos) return;
    if (directory.ready()) {
        for (const core::Org* o : directory.index().search(q).items) f.org_hits.push_back(*o);
        return;
    }
    f.org_loading = true;
    net.get(orgs_search_path(q), [&f, serial](const HttpResponse& r) {
        if (serial != f.org_serial) return;
        f.org_loading = false;
        if (r.status != 200) {
            f.org_error = error_code_of(r);
            return;
        }
        auto orgs = wire::decode_org_list(wire::parse_json(r.body));
        if (!orgs) f.org_error = core::error_code(orgs.error());
        else f.org_hits = std::move(orgs.value());
    });
}

void pick_org(OpenForm& f, size_t hit) {
    if (hit >= f.org_hits.size() || f.organizations.size() >= core::kMaxOrganizations) return;
    const core::Org& o = f.org_hits[hit];
    for (const core::Org& x : f.organizations) if (x.id == o.id) return;   // picked already
    f.organizations.push_back(o);
}

void load_list(CommitteeState& c, Net& net) {
    c.list_loading = true;
    c.list_stale = false;
    net.get("/api/consultations?limit=" + std::to_string(kCommitteeListLimit), [&c](const HttpResponse& r) {
        c.list_loading = false;
        if (r.status != 200) {
            c.list_error = r.status == 0 ? "offline" : "http_" + std::to_string(r.status);
            return;
        }
        auto list = wire::decode_consultation_list(r.body);
        if (!list) {
            c.list_error = core::error_code(list.error());
            return;
        }
        c.list_error.clear();
        c.list.clear();
        for (ConsultationSummary& s : list.value()) {
            c.max_id = std::max(c.max_id, s.id);
            if (in_scope(c, s.region)) c.list.push_back(std::move(s));
        }
    });
}

void load_participation(CommitteeState& c, uint64_t id, Net& net) {
    net.get("/api/consultations/" + std::to_string(id) + "/participation", [&c, id](const HttpResponse& r) {
        auto b = parse(r);
        if (r.status != 200 || !b.is_object()) return;
        Participation p;
        p.enrolled = num(b, "enrolled"), p.ballots = num(b, "ballots"), p.comments = num(b, "comments");
        p.proposals = num(b, "proposals"), p.ratings = num(b, "ratings"), p.reactions = num(b, "reactions");
        c.participation[id] = p;
    });
}

const ConsultationSummary* find(const CommitteeState& c, uint64_t id) {
    for (const auto& s : c.list) if (s.id == id) return &s;
    return nullptr;
}

}  // namespace

// [SECTION] Commands and tick

std::optional<uint64_t> parse_count(const std::string& s) {
    if (s.empty() || s.size() > 15 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return std::strtoull(s.c_str(), nullptr, 10);
}

std::optional<core::Stage> next_stage(core::Stage s) {
    switch (s) {
        case core::Stage::CollectNeeds: return core::Stage::Deliberate;
        case core::Stage::Deliberate: return core::Stage::Vote;
        case core::Stage::Vote: return core::Stage::Evaluate;
        default: return std::nullopt;
    }
}

std::string advance_action(uint64_t id) { return "c-advance:" + std::to_string(id); }
std::string close_action(uint64_t id) { return "c-close:" + std::to_string(id); }

namespace {

// A close states the count: fetch the published export, recheck it here with the same
// core::check_bundle that `yishi verify` runs, and sign consultation_close with the tally_hash of that
// count. The server refuses a close whose hash is not that of the ballots it holds (tally_mismatch), so
// the export is public before a consultation can be closed (results_hidden until the vote has ended).
void close_checked(CommitteeState& c, Account& me, const ConsultationSummary& s, Net& net) {
    const std::string action = close_action(s.id);
    c.closing = s.id;
    set_form_error(me, action, Note{Msg::CloseCounting});
    const std::string path = "/api/consultations/" + std::to_string(s.id) + "/export.json";
    net.get(path, [&c, &me, id = s.id, region = s.region, action](const HttpResponse& r) {
        c.closing.reset();
        const json b = parse(r);
        auto failed = [](std::string why) { return Note{Msg::CloseExportBad, 0, 0, std::move(why)}; };
        if (r.status != 200) {
            const std::string code = error_code_of(r);
            if (code == "results_hidden") return set_form_error(me, action, Note{Msg::CloseNeedsResults});
            return set_form_error(me, action, failed(code));
        }
        const core::BundleCheck counted = core::check_bundle(b);
        if (!counted.failure.empty()) return set_form_error(me, action, failed(counted.failure));
        if (counted.consultation != id) return set_form_error(me, action, failed("another consultation"));
        if (!me.seed) return;
        clear_form_error(me);
        core::Envelope e;
        e.scope = {region, id};
        e.payload = core::ConsultationClosePayload{counted.tally_hash, c.summaries[id]};
        report_refusal(me, action, sign_and_queue(me, std::move(e), *me.seed, action));
    });
}

}  // namespace

void apply_committee_commands(CommitteeState& c, const CommitteeCommands& cmd, Account& me, Net& net) {
    if (!me.seed) return;
    if (cmd.advance || cmd.close || cmd.submit_open) clear_form_error(me);
    if (cmd.open_workspace) c.list_stale = true;
    if (cmd.refresh) c.list_stale = true, c.participation.clear();
    if (cmd.role_index && *cmd.role_index != c.role_index)   // another area: its regions and consultations
        c.role_index = *cmd.role_index, c.scope_regions.clear(), c.list_stale = true;
    if (cmd.open_wizard) c.wizard = true, c.form_error.reset(), default_dates(c.form);
    if (cmd.close_wizard) c.wizard = false;
    if (cmd.add_option && c.form.options.size() < core::kMaxOptions) c.form.options.emplace_back();
    if (cmd.remove_option && *cmd.remove_option < c.form.options.size())
        c.form.options.erase(c.form.options.begin() + static_cast<std::ptrdiff_t>(*cmd.remove_option));
    if (cmd.pick_org) pick_org(c.form, *cmd.pick_org);
    if (cmd.unpick_org && *cmd.unpick_org < c.form.organizations.size())
        c.form.organizations.erase(c.form.organizations.begin() + static_cast<std::ptrdiff_t>(*cmd.unpick_org));
    if (cmd.submit_open) submit_open(c, me);
    if (cmd.participation) {
        if (c.shown_participation == cmd.participation) c.shown_participation.reset();
        else c.shown_participation = cmd.participation, load_participation(c, *cmd.participation, net);
    }
    if (cmd.advance) {
        const ConsultationSummary* s = find(c, *cmd.advance);
        auto to = s ? next_stage(s->stage) : std::nullopt;
        if (s && to) {
            core::Envelope e;
            e.scope = {s->region, s->id};
            e.payload = core::ConsultationAdvancePayload{*to};
            report_refusal(me, advance_action(s->id), sign_and_queue(me, std::move(e), *me.seed, advance_action(s->id)));
        }
    }
    apply_codes_commands(c.codes, cmd.codes, c.scope_regions, me, net);
    if (cmd.close && !c.closing) {
        if (const ConsultationSummary* s = find(c, *cmd.close)) close_checked(c, me, *s, net);
    }
}

bool tick_committee(CommitteeState& c, Account& me, const DirectoryCache& directory, bool shown, Net& net) {
    if (!shown) return false;
    bool changed = false;
    if (!c.regions_asked) {
        c.regions_asked = true;
        net.get("/api/regions", [&c, &me](const HttpResponse& r) {
            auto b = parse(r);
            c.regions_loaded = true;
            c.regions.clear();
            if (r.status == 200 && b.is_object() && b["regions"].is_array())
                for (const auto& x : b["regions"])
                    c.regions.push_back({static_cast<uint32_t>(num(x, "id")), static_cast<uint32_t>(num(x, "parent")),
                                         str(x, "level"), str(x, "name"), str(x, "code")});
            compute_scope_regions(c, me);
            c.list_stale = true;
        });
        changed = true;
    }
    const bool committee = !me.committee_roles.empty();
    if (c.regions_loaded && c.scope_regions.empty() && committee) compute_scope_regions(c, me);
    if (c.wizard && c.form.org_query != c.form.org_sent) search_orgs(c.form, directory, net), changed = true;
    if (c.form_error && form_key(c.form) != c.form_error_for) c.form_error.reset(), changed = true;   // being mended
    if (c.regions_loaded && c.list_stale && !c.list_loading && committee) load_list(c, net), changed = true;
    // Outcomes in the outbox: a delivered envelope refreshes the list; an accepted opening clears the form.
    const size_t delivered = static_cast<size_t>(std::count_if(me.outbox.begin(), me.outbox.end(), [](const OutboxItem& o) {
        return o.action.rfind("c-", 0) == 0 && o.state != OutboxState::Pending;
    }));
    if (delivered != c.delivered) c.delivered = delivered, c.list_stale = true, changed = true;
    if (c.opening) {
        const OutboxItem* it = latest_outbox_item(me, kOpenAction);
        if (it && it->consultation == *c.opening && it->state == OutboxState::Sent) {
            c.form = OpenForm{};
            c.wizard = false;
            c.max_id = std::max(c.max_id, *c.opening);
            c.opening.reset();
            c.list_stale = true;
            persist(me);
            changed = true;
        }
    }
    return changed;
}

}  // namespace yishi::client
