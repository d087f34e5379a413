// wire_detail.cpp — the codecs of one consultation's page (see wire.hpp): its results and its detail.
// Apart from wire.cpp only for length; the same rules: no exceptions, every read type-checked, and a
// field the server always writes missing or mistyped makes the whole answer Error::BadAnswer.
//
// Index: [SECTION] Results · Consultation detail
#include "wire.hpp"

namespace yishi::wire {

using core::Error;
using core::Result;

namespace {

// One unsigned integer per element of `a`, or nullopt when `a` is not an array of them.
std::optional<std::vector<uint64_t>> u64s(const json& a) {
    if (!a.is_array()) return std::nullopt;
    std::vector<uint64_t> out;
    out.reserve(a.size());
    for (const json& v : a) {
        if (!v.is_number_unsigned()) return std::nullopt;
        out.push_back(v.get<uint64_t>());
    }
    return out;
}

// Option ids (32 bits) of `a`, or nullopt when `a` is not an array of them.
std::optional<std::vector<uint32_t>> ids(const json& a) {
    auto wide = u64s(a);
    if (!wide) return std::nullopt;
    std::vector<uint32_t> out;
    for (uint64_t v : *wide) {
        if (v > UINT32_MAX) return std::nullopt;
        out.push_back(static_cast<uint32_t>(v));
    }
    return out;
}

// An option id that may be null (winner, eliminated): false when it is neither.
bool nullable_id(FieldReader& f, const char* key, std::optional<uint32_t>& out) {
    auto v = f.nullable_u64(key);
    if (v && *v > UINT32_MAX) return false;
    if (v) out = static_cast<uint32_t>(*v);
    return true;
}

json options_json(const std::vector<core::ConsultationOption>& options) {
    json out = json::array();
    for (const auto& o : options) out.push_back({{"id", o.option_id}, {"label", o.label}, {"cost", o.cost}});
    return out;
}

// Instant runoff's part of a ranked tally: its rounds and the round that decided.
bool read_irv(const json& irv, TallyCount& c) {
    FieldReader f(irv);
    for (const json& r : f.array("rounds")) {
        FieldReader fr(r);
        IrvRound round;
        auto votes = u64s(fr.array("votes"));
        (void)fr.u64("round"), (void)fr.u64("continuing"), (void)fr.u64("exhausted");
        if (!nullable_id(fr, "eliminated", round.eliminated) || !fr.ok() || !votes) return false;
        round.votes = std::move(*votes);
        c.irv_rounds.push_back(std::move(round));
    }
    const auto majority = f.nullable_u64("majority_round");   // 1-based on the wire
    if (majority && *majority == 0) return false;
    if (majority) c.majority_round = static_cast<size_t>(*majority - 1);
    std::optional<uint32_t> winner;
    return nullable_id(f, "winner", winner) && ids(f.array("ranking")) && f.ok();
}

// Schulze's part of a ranked tally: the head-to-head counts (and the strongest paths, checked).
bool read_schulze(const json& schulze, TallyCount& c) {
    FieldReader f(schulze);
    for (const json& row : f.array("pairwise")) {
        auto counts = u64s(row);
        if (!counts) return false;
        c.pairwise.push_back(std::move(*counts));
    }
    for (const json& row : f.array("strongest_paths"))
        if (!u64s(row)) return false;
    std::optional<uint32_t> winner;
    return nullable_id(f, "winner", winner) && ids(f.array("ranking")) && f.ok();
}

}  // namespace

// [SECTION] Results

json results_json(const Results& r) {
    if (!r.visible) return {{"visible", false}, {"reason", r.reason}};
    return {{"visible", true}, {"ballots", r.ballots}, {"enrolled", r.enrolled}, {"totals", r.totals},
            {"tally", r.tally}, {"tally_hash", r.tally_hash}};
}

// Reads every field tally_json writes for every method (TallySummary's among them) and those of the
// tally's own method; what the app does not show is type-checked and left.
Result<TallyCount> decode_tally_count(const json& tally) {
    FieldReader f(tally);
    TallyCount c;
    auto method = parse_method(f.str("method"));
    c.method_param = f.u64("method_param");
    for (const json& o : f.array("options")) {
        FieldReader fo(o);
        (void)fo.u64("id"), (void)fo.str("label"), (void)fo.u64("cost");
        if (!fo.ok()) return Error::BadAnswer;
    }
    if (!nullable_id(f, "winner", c.winner)) return Error::BadAnswer;
    auto ranking = ids(f.array("ranking"));
    auto totals = u64s(f.array("totals"));
    (void)f.u64("ballots"), (void)f.u64("invalid"), (void)f.nullable_u64("enrolled"), (void)f.nullable_number("turnout");
    c.valid = f.u64("valid");
    for (const json& b : f.array("invalid_ballots")) {
        FieldReader fb(b);
        (void)fb.u64("index"), (void)fb.str("problem");
        if (!fb.ok()) return Error::BadAnswer;
    }
    if (!f.ok() || !method || !ranking || !totals) return Error::BadAnswer;
    c.method = *method;
    c.ranking = std::move(*ranking);
    bool ok = true;
    switch (c.method) {
        case core::VotingMethod::Plurality:
        case core::VotingMethod::Approval: ok = u64s(f.array("votes")).has_value(); break;
        case core::VotingMethod::Ranked: ok = read_irv(f.object("irv"), c) && read_schulze(f.object("schulze"), c); break;
        case core::VotingMethod::Score:
            ok = u64s(f.array("sums")).has_value();
            for (const json& m : f.array("medians")) ok = ok && m.is_number();
            for (const json& m : f.array("means")) {
                ok = ok && m.is_number();
                c.means.push_back(m.is_number() ? m.get<double>() : 0.0);
            }
            break;
        case core::VotingMethod::Budget: {
            auto funded = ids(f.array("funded"));
            ok = u64s(f.array("approvals")) && funded;
            c.budget = f.u64("budget"), c.spent = f.u64("spent");
            (void)f.u64("remaining");
            if (funded) c.funded = std::move(*funded);
            break;
        }
        case core::VotingMethod::YesNo: {
            YesNoCount y;
            (void)f.u64("yes"), (void)f.u64("no"), (void)f.u64("abstain"), (void)f.number("threshold");
            y.quorum = f.number("quorum");
            y.quorum_met = f.boolean("quorum_met");
            y.approved = f.boolean("approved");
            c.yes_no = y;
            break;
        }
    }
    if (!ok || !f.ok()) return Error::BadAnswer;
    return c;
}

Result<Results> decode_results(const json& j) {
    FieldReader f(j);
    Results r;
    r.visible = f.boolean("visible");
    if (!r.visible) {
        r.reason = f.str("reason");
        if (!f.ok()) return Error::BadAnswer;
        return r;
    }
    r.ballots = f.u64("ballots");
    r.enrolled = f.i64("enrolled");
    auto totals = u64s(f.array("totals"));
    r.tally = f.object("tally");
    r.tally_hash = f.str("tally_hash");
    if (!f.ok() || !totals) return Error::BadAnswer;
    r.totals = std::move(*totals);
    auto count = decode_tally_count(r.tally);
    if (!count) return count.error();
    r.count = std::move(count.value());
    return r;
}

// [SECTION] Consultation detail

json consultation_detail_json(const ConsultationDetail& d) {
    json out = consultation_summary_json(d.head);
    out["description"] = d.description;
    out["method_param"] = d.method_param;
    out["committee"] = d.committee;
    out["open_envelope"] = d.open_envelope;
    out["options"] = options_json(d.options);
    json orgs = json::array();
    for (const LinkedOrg& o : d.organizations)
        orgs.push_back({{"id", o.id}, {"name", o.name}, {"in_directory", o.in_directory}});
    out["organizations"] = std::move(orgs);
    out["enrolled"] = d.enrolled;
    out["rated"] = {{"count", d.rated_count}, {"mean", d.rated_mean ? json(*d.rated_mean) : json(nullptr)}};
    out["results"] = results_json(d.results);
    out["close_summary"] = d.close_summary ? json(*d.close_summary) : json(nullptr);
    return out;
}

Result<ConsultationDetail> decode_consultation_detail(std::string_view body) {
    const json b = parse_json(body);
    auto head = decode_consultation_summary(b);
    if (!head) return head.error();
    FieldReader f(b);
    ConsultationDetail d;
    d.head = std::move(head.value());
    d.description = f.str("description");
    d.method_param = f.u64("method_param");
    d.committee = f.str("committee");
    d.open_envelope = f.str("open_envelope");
    for (const json& o : f.array("options")) {
        FieldReader fo(o);
        const uint64_t id = fo.u64("id");
        d.options.push_back({static_cast<uint32_t>(id), fo.str("label"), fo.u64("cost")});
        if (!fo.ok() || id > UINT32_MAX) return Error::BadAnswer;
    }
    for (const json& o : f.array("organizations")) {
        FieldReader fo(o);
        d.organizations.push_back({fo.i64("id"), fo.str("name"), fo.boolean("in_directory")});
        if (!fo.ok()) return Error::BadAnswer;
    }
    d.enrolled = f.i64("enrolled");
    FieldReader fr(f.object("rated"));
    d.rated_count = fr.i64("count");
    d.rated_mean = fr.nullable_number("mean");
    d.close_summary = f.nullable_str("close_summary");
    auto results = decode_results(f.object("results"));
    if (!f.ok() || !fr.ok() || !results) return Error::BadAnswer;
    d.results = std::move(results.value());
    return d;
}

}  // namespace yishi::wire
