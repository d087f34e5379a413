// tally_command.cpp — `yishi tally`: read one ballot per line (JSON) from stdin, count them with the
// chosen method of yishi/tally.hpp, print one JSON object with the winner, the ranking and the
// method's detail.
//
// Input: ranked ballots are arrays of option names, best first; plurality, approval and budget
// ballots are arrays of the chosen names; yes/no ballots are ["yes"], ["no"] or ["abstain"] (or the
// three names given with --options); score ballots are objects name → integer score (an option left
// out scores 0). Blank lines are skipped. A line that is not such a ballot (bad JSON, unknown
// option, wrong type) is a bad line: every bad line is reported on stderr as "line N: …" and the
// count stops with exit code 2. A well-formed ballot that breaks the counting rules (duplicate,
// too many choices, over budget, …) is an invalid ballot: it is counted as such and listed in the
// output with its line number.
//
// A line may also wrap its ballot with the voter's slot and sequence, as exports carry them:
// {"slot":"ab12…","sequence":3,"ballot":[…]} (an object with both "slot" and "ballot" keys). Only the
// latest sequence per slot counts (core::keep_latest_per_slot: a later ballot replaces the earlier);
// two ballots of one slot with the same sequence are a bad line. A bare ballot line is its own voter.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "yishi/tally.hpp"

namespace yishi::tool {
namespace {

using core::BallotBox;
using core::OptionId;
using nlohmann::json;

constexpr size_t kMaxReportedBadLines = 20;   // more than this are summarised in one line
const std::vector<std::string> kMethods = {"plurality", "approval", "irv", "schulze", "score", "budget", "yesno"};
const std::vector<std::string> kYesNoNames = {"yes", "no", "abstain"};   // default names, ids kYes, kNo, kAbstain

// Every flag of `yishi tally`.
struct TallyArgs {
    std::string method;                   // one of kMethods
    std::vector<std::string> options;     // option names in declared order (the tie-break order)
    uint32_t min_selections = 1;          // approval
    uint32_t max_selections = 0;          // approval; 0 = all
    uint32_t max_score = core::kScoreMax; // score: highest score
    std::vector<uint64_t> costs;          // budget: cost per option
    uint64_t budget = 0;                  // budget: the cap
    double quorum = 0.0;                  // yesno
    double threshold = 0.5;               // yesno
    uint64_t enrolled = 0;                // all methods: eligible voters, for turnout
    bool compact = false;                 // one-line JSON
};

// The ballots read from stdin and the line each one came from.
struct Input {
    BallotBox box;
    std::vector<uint64_t> lines;   // lines[i]: 1-based input line of ballot i
    size_t bad_lines = 0;          // lines that are not ballots
    std::vector<core::BallotStamp> stamps;   // stamps[i]: slot and sequence of ballot i
    size_t superseded = 0;         // ballots replaced by a later one of the same slot
    bool stamped = false;          // some line carried a slot
};

// Prints "line N: message" for the first kMaxReportedBadLines bad lines.
void report_bad_line(Input& in, uint64_t line, const std::string& message) {
    if (in.bad_lines++ < kMaxReportedBadLines) std::fprintf(stderr, "line %llu: %s\n", (unsigned long long)line, message.c_str());
}

// Parses one ballot line into `out`; returns the problem text, or empty when fine.
std::string parse_ballot_json(const json& j, const TallyArgs& args, const std::map<std::string, OptionId>& ids,
                              std::vector<uint32_t>& out);

// A stamped line's slot and sequence, filled when the line is {"slot","sequence","ballot"}.
struct LineStamp { bool present = false; std::string slot; uint64_t sequence = 0; };

std::string parse_ballot(const std::string& text, const TallyArgs& args, const std::map<std::string, OptionId>& ids,
                         std::vector<uint32_t>& out, LineStamp& stamp) {
    json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return "not valid JSON";
    stamp = {};
    if (j.is_object() && j.contains("slot") && j.contains("ballot")) {
        if (!j["slot"].is_string() || j["slot"].get<std::string>().empty()) return "\"slot\" must be a non-empty string";
        if (!j.contains("sequence") || !j["sequence"].is_number_unsigned()) return "\"sequence\" must be a non-negative integer";
        for (const auto& [key, value] : j.items())
            if (key != "slot" && key != "sequence" && key != "ballot") return "unknown field '" + key + "'";
        stamp = {true, j["slot"].get<std::string>(), j["sequence"].get<uint64_t>()};
        return parse_ballot_json(j["ballot"], args, ids, out);
    }
    return parse_ballot_json(j, args, ids, out);
}

std::string parse_ballot_json(const json& j, const TallyArgs& args, const std::map<std::string, OptionId>& ids,
                              std::vector<uint32_t>& out) {
    out.clear();
    if (args.method == "score") {
        if (!j.is_object()) return "expected a JSON object of option -> score";
        out.assign(args.options.size(), core::kScoreMin);
        for (const auto& [name, score] : j.items()) {
            auto it = ids.find(name);
            if (it == ids.end()) return "unknown option '" + name + "'";
            if (!score.is_number_unsigned()) return "score of '" + name + "' is not a non-negative integer";
            const uint64_t s = score.get<uint64_t>();
            out[it->second] = static_cast<uint32_t>(std::min<uint64_t>(s, std::numeric_limits<uint32_t>::max()));
        }
        return {};
    }
    if (!j.is_array()) return "expected a JSON array of option names";
    for (const auto& v : j) {
        if (!v.is_string()) return "expected option names (strings), got " + v.dump();
        auto it = ids.find(v.get<std::string>());
        if (it == ids.end()) return "unknown option '" + v.get<std::string>() + "'";
        out.push_back(it->second);
    }
    return {};
}

// Reads every line of stdin; bad lines are reported and counted.
Input read_ballots(const TallyArgs& args) {
    std::map<std::string, OptionId> ids;
    for (size_t i = 0; i < args.options.size(); ++i) ids.emplace(args.options[i], static_cast<OptionId>(i));
    Input in;
    std::string text;
    std::vector<uint32_t> ballot;
    std::map<std::string, uint64_t> slots;                       // slot text -> slot number
    std::map<std::pair<uint64_t, uint64_t>, uint64_t> seen;      // (slot, sequence) -> line, for duplicates
    uint64_t next_slot = 0;
    LineStamp stamp;
    for (uint64_t line = 1; std::getline(std::cin, text); ++line) {
        if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
        std::string problem = parse_ballot(text, args, ids, ballot, stamp);
        if (!problem.empty()) { report_bad_line(in, line, problem); continue; }
        uint64_t slot = next_slot++;   // a bare ballot is its own voter
        if (stamp.present) {
            in.stamped = true;
            slot = slots.emplace(stamp.slot, slot).first->second;
            auto [it, fresh] = seen.emplace(std::make_pair(slot, stamp.sequence), line);
            if (!fresh) {
                report_bad_line(in, line, "slot " + stamp.slot + " already has sequence " + std::to_string(stamp.sequence) +
                                              " (line " + std::to_string(it->second) + ")");
                continue;
            }
        }
        in.box.add(ballot);
        in.lines.push_back(line);
        in.stamps.push_back({slot, stamp.sequence});
    }
    if (in.bad_lines > kMaxReportedBadLines)
        std::fprintf(stderr, "… and %zu more bad lines\n", in.bad_lines - kMaxReportedBadLines);
    return in;
}

// Keeps each slot's latest ballot with core::keep_latest_per_slot, run on a box of ballot indices
// so that every kept ballot keeps its line number; the kept ones stay in input order.
core::Status keep_latest(Input& in) {
    if (!in.stamped) return core::Ok{};
    BallotBox indices;
    for (uint32_t i = 0; i < in.box.size(); ++i) indices.add({i});
    auto kept = core::keep_latest_per_slot(indices, in.stamps);
    if (!kept) return kept.error();
    std::vector<uint32_t> order;
    for (size_t k = 0; k < kept->size(); ++k) order.push_back((*kept)[k][0]);
    std::sort(order.begin(), order.end());
    Input out;
    for (uint32_t i : order) {
        out.box.add(in.box[i]);
        out.lines.push_back(in.lines[i]);
        out.stamps.push_back(in.stamps[i]);
    }
    out.superseded = in.box.size() - order.size();
    out.stamped = true;
    in = std::move(out);
    return core::Ok{};
}

// [SECTION] JSON output

json names_of(const std::vector<OptionId>& ids, const TallyArgs& args) {
    json a = json::array();
    for (OptionId id : ids) a.push_back(args.options[id]);
    return a;
}

json per_option(const std::vector<uint64_t>& values, const TallyArgs& args) {
    json o = json::object();
    for (size_t i = 0; i < values.size(); ++i) o[args.options[i]] = values[i];
    return o;
}

json per_option(const std::vector<double>& values, const TallyArgs& args) {
    json o = json::object();
    for (size_t i = 0; i < values.size(); ++i) o[args.options[i]] = values[i];
    return o;
}

json matrix(const std::vector<uint64_t>& flat, uint32_t n) {
    json rows = json::array();
    for (uint32_t i = 0; i < n; ++i) rows.push_back(std::vector<uint64_t>(flat.begin() + size_t(i) * n, flat.begin() + size_t(i + 1) * n));
    return rows;
}

// The fields every method prints: method, options, winner, ranking, ballot counts, turnout.
json common(const TallyArgs& args, const Input& in, const core::TallySummary& s, std::optional<OptionId> winner,
            const std::vector<OptionId>& ranking) {
    json out;
    out["method"] = args.method;
    out["options"] = args.options;
    out["winner"] = winner ? json(args.options[*winner]) : json(nullptr);
    out["ranking"] = names_of(ranking, args);
    out["ballots"] = s.ballots;
    out["valid"] = s.valid;
    out["invalid"] = s.invalid;
    json bad = json::array();
    for (const auto& b : s.invalid_ballots)
        bad.push_back({{"line", in.lines[b.index]}, {"problem", core::ballot_problem_code(b.problem)}});
    out["invalid_ballots"] = bad;
    out["enrolled"] = s.enrolled ? json(s.enrolled) : json(nullptr);
    out["turnout"] = s.enrolled ? json(s.turnout()) : json(nullptr);
    out["superseded"] = in.superseded;   // earlier ballots replaced by a later one of the same slot
    return out;
}

// Runs the chosen method; the JSON result, or the core's error.
core::Result<json> count(const TallyArgs& args, const Input& in) {
    const auto n = static_cast<uint32_t>(args.options.size());
    const core::ChoiceSpec choice{.options = n, .enrolled = args.enrolled, .max_score = args.max_score};
    if (args.method == "plurality" || args.method == "approval") {
        auto r = args.method == "plurality"
                     ? core::tally_plurality(in.box, choice)
                     : core::tally_approval(in.box, {.options = n, .min_selections = args.min_selections,
                                                     .max_selections = args.max_selections, .enrolled = args.enrolled});
        if (!r) return r.error();
        json out = common(args, in, r->summary, r->winner, r->ranking);
        out["votes"] = per_option(r->votes, args);
        return out;
    }
    if (args.method == "irv") {
        auto r = core::tally_irv(in.box, choice);
        if (!r) return r.error();
        json out = common(args, in, r->summary, r->winner, r->ranking);
        json rounds = json::array();
        std::vector<char> out_of_race(n, 0);
        for (size_t k = 0; k < r->rounds.size(); ++k) {
            const auto& round = r->rounds[k];
            json votes = json::object();
            for (OptionId o = 0; o < n; ++o) if (!out_of_race[o]) votes[args.options[o]] = round.votes[o];
            rounds.push_back({{"round", k + 1}, {"votes", votes}, {"continuing", round.continuing},
                              {"exhausted", round.exhausted},
                              {"eliminated", round.eliminated ? json(args.options[*round.eliminated]) : json(nullptr)}});
            if (round.eliminated) out_of_race[*round.eliminated] = 1;
        }
        out["rounds"] = rounds;
        out["majority_round"] = r->winner ? json(r->majority_round + 1) : json(nullptr);
        return out;
    }
    if (args.method == "schulze") {
        auto r = core::tally_schulze(in.box, choice);
        if (!r) return r.error();
        json out = common(args, in, r->summary, r->winner, r->ranking);
        out["pairwise"] = matrix(r->pairwise, n);
        out["strongest_paths"] = matrix(r->strongest, n);
        return out;
    }
    if (args.method == "score") {
        auto r = core::tally_score(in.box, choice);
        if (!r) return r.error();
        json out = common(args, in, r->summary, r->winner, r->ranking);
        out["sums"] = per_option(r->sums, args);
        out["means"] = per_option(r->means, args);
        out["medians"] = per_option(r->medians, args);
        return out;
    }
    if (args.method == "budget") {
        auto r = core::tally_budget(in.box, {.costs = args.costs, .budget = args.budget, .enrolled = args.enrolled});
        if (!r) return r.error();
        json out = common(args, in, r->summary, r->winner, r->ranking);
        out["approvals"] = per_option(r->approvals, args);
        out["costs"] = per_option(args.costs, args);
        out["budget"] = args.budget;
        out["funded"] = names_of(r->funded, args);
        out["spent"] = r->spent;
        out["remaining"] = args.budget - r->spent;
        return out;
    }
    // yesno: the winner is "yes" when approved, otherwise "no" (the proposal falls).
    auto r = core::tally_yesno(in.box, {.enrolled = args.enrolled, .quorum = args.quorum, .threshold = args.threshold});
    if (!r) return r.error();
    std::optional<OptionId> winner;
    if (r->summary.valid > 0) winner = r->approved ? core::kYes : core::kNo;
    const std::vector<OptionId> ranking = r->approved ? std::vector<OptionId>{core::kYes, core::kNo, core::kAbstain}
                                                      : std::vector<OptionId>{core::kNo, core::kYes, core::kAbstain};
    json out = common(args, in, r->summary, winner, ranking);
    out["yes"] = r->yes;
    out["no"] = r->no;
    out["abstain"] = r->abstain;
    out["quorum"] = args.quorum;
    out["threshold"] = args.threshold;
    out["quorum_met"] = r->quorum_met;
    out["approved"] = r->approved;
    return out;
}

// Checks the flags that CLI11 cannot check alone; prints why and returns false if they are wrong.
bool check_args(TallyArgs& args) {
    if (args.method == "yesno" && args.options.empty()) args.options = kYesNoNames;
    if (args.options.empty()) { std::fprintf(stderr, "yishi tally: --options is required for %s\n", args.method.c_str()); return false; }
    if (args.method == "yesno" && args.options.size() != core::kYesNoOptions) {
        std::fprintf(stderr, "yishi tally: yesno takes exactly three --options names: yes,no,abstain\n");
        return false;
    }
    std::map<std::string, int> seen;
    for (const auto& name : args.options)
        if (seen[name]++) { std::fprintf(stderr, "yishi tally: option '%s' is listed twice\n", name.c_str()); return false; }
    if (args.method == "budget" && args.costs.size() != args.options.size()) {
        std::fprintf(stderr, "yishi tally: --costs needs one cost per option (%zu options, %zu costs)\n",
                     args.options.size(), args.costs.size());
        return false;
    }
    if (args.method == "budget" && args.budget == 0) { std::fprintf(stderr, "yishi tally: budget needs --budget > 0\n"); return false; }
    return true;
}

int run_tally(TallyArgs& args) {
    if (!check_args(args)) return 1;
    Input in = read_ballots(args);
    if (in.bad_lines > 0) {
        std::fprintf(stderr, "yishi tally: %zu bad line(s); nothing counted\n", in.bad_lines);
        return 2;
    }
    if (auto st = keep_latest(in); !st) {
        std::fprintf(stderr, "yishi tally: %s\n", std::string(core::error_message(st.error())).c_str());
        return 1;
    }
    auto result = count(args, in);
    if (!result) {
        std::fprintf(stderr, "yishi tally: %s (%s)\n", std::string(core::error_message(result.error())).c_str(),
                     std::string(core::error_code(result.error())).c_str());
        return 1;
    }
    std::cout << result.value().dump(args.compact ? -1 : 2) << "\n";
    return 0;
}

}  // namespace

void add_tally_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<TallyArgs>();
    CLI::App* cmd = app.add_subcommand("tally", "Count ballots read from stdin (one JSON ballot per line) and print the result as JSON");
    cmd->footer(
        "Ballot lines: irv/schulze [\"B\",\"A\"] best first; plurality [\"A\"]; approval/budget [\"A\",\"C\"];\n"
        "yesno [\"yes\"] | [\"no\"] | [\"abstain\"]; score {\"A\":5,\"B\":2} (0 to --max-score, default 5; missing = 0).\n"
        "Any line may be {\"slot\":\"…\",\"sequence\":N,\"ballot\":…}: only each slot's latest sequence counts.\n"
        "Ties go to the option listed first in --options. Exit: 0 counted, 1 bad arguments, 2 bad input line(s).\n"
        "Methods, tie-breaks and examples: docs/consultations.md");
    cmd->add_option("--method,-m", args->method, "Counting method")->required()->check(CLI::IsMember(kMethods));
    cmd->add_option("--options,-o", args->options, "Option names in declared order, comma-separated (yesno default: yes,no,abstain)")
        ->delimiter(',');
    cmd->add_option("--min", args->min_selections, "approval: fewest options a ballot must choose")->capture_default_str();
    cmd->add_option("--max", args->max_selections, "approval: most options a ballot may choose (0 = all)")->capture_default_str();
    cmd->add_option("--max-score", args->max_score, "score: the highest score a ballot may give (1-100)")
        ->capture_default_str()->check(CLI::Range(1u, 100u));
    cmd->add_option("--costs", args->costs, "budget: cost of each option, comma-separated, in --options order")->delimiter(',');
    cmd->add_option("--budget", args->budget, "budget: the amount available; funded projects never exceed it");
    cmd->add_option("--quorum", args->quorum, "yesno: minimum participation (yes+no+abstain)/enrolled, 0-1")
        ->check(CLI::Range(0.0, 1.0))->capture_default_str();
    cmd->add_option("--threshold", args->threshold, "yesno: approved when yes >= threshold*(yes+no), 0-1")
        ->check(CLI::Range(0.0, 1.0))->capture_default_str();
    cmd->add_option("--enrolled", args->enrolled, "Eligible voters, for turnout (and the yesno quorum)");
    cmd->add_flag("--compact", args->compact, "Print the JSON on one line");
    cmd->callback([args, &exit_code] { exit_code = run_tally(*args); });
}

}  // namespace yishi::tool
