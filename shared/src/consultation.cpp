// consultation.cpp — stage rules and ballot fit (see consultation.hpp).
#include "yishi/consultation.hpp"

#include <sqlite3.h>

#include <algorithm>

#include "yishi/tally.hpp"

namespace yishi::core {

Status check_stage(Kind kind, Stage stage) {
    bool allowed = false;
    switch (kind) {
        case Kind::Propose: allowed = stage == Stage::CollectNeeds; break;         // needs are collected first
        case Kind::Comment:
        case Kind::React: allowed = stage != Stage::Closed; break;                  // discussion runs until closing
        case Kind::BallotKeyBind:
        case Kind::Vote: allowed = stage == Stage::Vote; break;                     // 项目决策 only
        case Kind::Rate: allowed = stage == Stage::Evaluate; break;                 // 绩效评估 only
        case Kind::ConsultationAdvance:
        case Kind::ConsultationClose: allowed = stage != Stage::Closed; break;      // a closed one stays closed
        case Kind::Moderate: allowed = true; break;                                 // moderation never stops
        default: allowed = false; break;  // enroll, feedback, keys: not tied to a consultation
    }
    return allowed ? Status(Ok{}) : Status(Error::WrongStage);
}

Status check_advance(Stage from, Stage to) {
    // Stages may be skipped (a small consultation may go straight to the vote) but never revisited.
    if (from == Stage::Closed || static_cast<uint8_t>(to) <= static_cast<uint8_t>(from)) return Error::WrongStage;
    return Ok{};
}

Status check_ballot(const VotePayload& vote, const BallotRules& rules) {
    if (vote.method != rules.method) return Error::BallotInvalid;
    uint64_t cost = 0;
    for (const BallotEntry& e : vote.entries) {
        auto it = std::lower_bound(rules.options.begin(), rules.options.end(), e.option_id,
                                   [](const ConsultationOption& o, uint32_t id) { return o.option_id < id; });
        if (it == rules.options.end() || it->option_id != e.option_id) return Error::BallotInvalid;
        if (rules.method == VotingMethod::Score && e.value > rules.method_param) return Error::BallotInvalid;
        cost += it->cost;
    }
    // The codec already checked the shape (one entry for plurality/yes_no, ranks a permutation, ...).
    if (rules.method == VotingMethod::Approval && vote.entries.size() > rules.method_param) return Error::BallotInvalid;
    if (rules.method == VotingMethod::Ranked && vote.entries.size() > rules.options.size()) return Error::BallotInvalid;
    if (rules.method == VotingMethod::Budget && cost > rules.method_param) return Error::BallotInvalid;
    return Ok{};
}

// [SECTION] Lifecycle in time

Result<Stage> effective_stage(const ConsultationState& s, int64_t now_ms) {
    std::optional<Stage> scheduled;
    for (const StageStart& st : s.schedule)
        if (st.starts_ms <= now_ms) scheduled = st.stage;   // the schedule ascends: the last one started wins
    if (!scheduled && !s.advanced) return Error::NotStarted;
    if (!scheduled) return *s.advanced;
    if (!s.advanced) return *scheduled;
    return static_cast<uint8_t>(*s.advanced) > static_cast<uint8_t>(*scheduled) ? *s.advanced : *scheduled;
}

Status check_submission(Kind kind, const ConsultationState& s, int64_t now_ms) {
    if (kind == Kind::Moderate) return Ok{};   // moderation never stops, not even before the start
    auto stage = effective_stage(s, now_ms);
    if (!stage) return stage.error();
    if (*stage == Stage::Closed) return Error::ConsultationClosed;
    if (check_stage(kind, *stage)) return Ok{};
    // Refused: say whether the kind's stage is still to come or already over.
    for (uint8_t later = static_cast<uint8_t>(*stage) + 1; later < static_cast<uint8_t>(Stage::Closed); ++later)
        if (check_stage(kind, static_cast<Stage>(later))) return Error::WrongStage;
    for (uint8_t earlier = static_cast<uint8_t>(Stage::CollectNeeds); earlier < static_cast<uint8_t>(*stage); ++earlier)
        if (check_stage(kind, static_cast<Stage>(earlier))) return Error::StageOver;
    return Error::WrongStage;   // a kind no stage allows (enroll, keys, ...)
}

Status check_advance_at(const ConsultationState& s, Stage to, int64_t now_ms) {
    auto stage = effective_stage(s, now_ms);
    if (!stage) return stage.error() == Error::NotStarted ? Status(Ok{}) : Status(stage.error());
    if (*stage == Stage::Closed) return Error::ConsultationClosed;
    return check_advance(*stage, to);
}

std::optional<Msg> refusal_msg(Error e) {
    switch (e) {
        case Error::NotStarted: return Msg::RefusedNotStarted;
        case Error::StageOver: return Msg::RefusedStageOver;
        case Error::WrongStage: return Msg::RefusedNotYet;
        case Error::ConsultationClosed: return Msg::RefusedClosed;
        case Error::WrongRegion: return Msg::RefusedWrongRegion;
        default: return std::nullopt;
    }
}

bool results_visible(const ConsultationState& s, int64_t now_ms) {
    auto stage = effective_stage(s, now_ms);
    return stage && static_cast<uint8_t>(*stage) > static_cast<uint8_t>(Stage::Vote);
}

Result<ConsultationState> load_consultation_state(StatementCache& sql, uint64_t id) {
    ConsultationState s;
    {
        auto q = sql("SELECT advanced FROM consultations WHERE id = ?");
        const int rc = q.bind(1, static_cast<int64_t>(id)).step();
        if (rc == SQLITE_DONE) return Error::UnknownConsultation;
        if (rc != SQLITE_ROW) return Error::StoreQuery;
        if (q.int64(0) != 0) s.advanced = static_cast<Stage>(q.int64(0));
    }
    auto q = sql("SELECT stage, starts_ms FROM consultation_schedule WHERE consultation = ? ORDER BY stage");
    q.bind(1, static_cast<int64_t>(id));
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) s.schedule.push_back({static_cast<Stage>(q.int64(0)), q.int64(1)});
    if (rc != SQLITE_DONE) return Error::StoreQuery;
    return s;
}

Status store_consultation_schedule(StatementCache& sql, uint64_t id, std::span<const StageStart> schedule) {
    for (const StageStart& st : schedule)
        if (!sql("INSERT INTO consultation_schedule(consultation, stage, starts_ms) VALUES (?,?,?)")
                 .bind(1, static_cast<int64_t>(id)).bind(2, int64_t{static_cast<uint8_t>(st.stage)})
                 .bind(3, st.starts_ms).run())
            return Error::StoreQuery;
    return Ok{};
}

// [SECTION] Counting as declared

Result<ConsultationCount> count_consultation(const BallotRules& rules, std::span<const VotePayload> ballots) {
    const auto n = static_cast<uint32_t>(rules.options.size());
    auto index_of = [&](uint32_t option_id) {
        auto it = std::lower_bound(rules.options.begin(), rules.options.end(), option_id,
                                   [](const ConsultationOption& o, uint32_t id) { return o.option_id < id; });
        return static_cast<uint32_t>(it - rules.options.begin());
    };
    // Each valid ballot becomes the tally module's form: option indices (ranked: best first), or one
    // score per option (score). Ballots that do not fit the consultation are counted as invalid.
    BallotBox box;
    uint64_t unfit = 0;
    std::vector<uint32_t> b;
    for (const VotePayload& v : ballots) {
        if (!check_ballot(v, rules)) { ++unfit; continue; }
        b.clear();
        if (rules.method == VotingMethod::Score) {
            b.assign(n, kScoreMin);
            for (const BallotEntry& e : v.entries) b[index_of(e.option_id)] = static_cast<uint32_t>(e.value);
        } else if (rules.method == VotingMethod::Ranked) {
            std::vector<BallotEntry> by_rank = v.entries;
            std::sort(by_rank.begin(), by_rank.end(), [](const BallotEntry& x, const BallotEntry& y) { return x.value < y.value; });
            for (const BallotEntry& e : by_rank) b.push_back(index_of(e.option_id));
        } else {
            for (const BallotEntry& e : v.entries) b.push_back(index_of(e.option_id));
        }
        box.add(b);
    }
    ConsultationCount out;
    auto finish = [&](std::string_view name, const TallySummary& s, std::optional<OptionId> winner,
                      const std::vector<OptionId>& ranking) {
        out.counting = name;
        if (winner) out.winner = rules.options[*winner].option_id;
        for (OptionId o : ranking) out.ranking.push_back(rules.options[o].option_id);
        out.valid = s.valid;
        out.invalid = s.invalid + unfit;
        return out;
    };
    const ChoiceSpec choice{.options = n, .enrolled = 0,
                            .max_score = rules.method == VotingMethod::Score ? static_cast<uint32_t>(rules.method_param) : kScoreMax};
    switch (rules.method) {
        case VotingMethod::Plurality: {
            auto r = tally_plurality(box, choice);
            if (!r) return r.error();
            return finish("plurality", r->summary, r->winner, r->ranking);
        }
        case VotingMethod::Approval: {
            auto r = tally_approval(box, {.options = n, .min_selections = 1,
                                          .max_selections = static_cast<uint32_t>(rules.method_param), .enrolled = 0});
            if (!r) return r.error();
            return finish("approval", r->summary, r->winner, r->ranking);
        }
        case VotingMethod::Ranked: {
            if (rules.method_param == kRankedSchulze) {
                auto r = tally_schulze(box, choice);
                if (!r) return r.error();
                return finish("schulze", r->summary, r->winner, r->ranking);
            }
            if (rules.method_param != kRankedInstantRunoff) return Error::TallyBadSpec;
            auto r = tally_irv(box, choice);
            if (!r) return r.error();
            return finish("irv", r->summary, r->winner, r->ranking);
        }
        case VotingMethod::Score: {
            auto r = tally_score(box, choice);
            if (!r) return r.error();
            return finish("score", r->summary, r->winner, r->ranking);
        }
        case VotingMethod::Budget: {
            BudgetSpec spec{.costs = {}, .budget = rules.method_param, .enrolled = 0};
            for (const ConsultationOption& o : rules.options) spec.costs.push_back(o.cost);
            auto r = tally_budget(box, spec);
            if (!r) return r.error();
            return finish("budget", r->summary, r->winner, r->ranking);
        }
        case VotingMethod::YesNo: {
            if (n != 2) return Error::TallyBadSpec;   // first option = yes (kYes), second = no (kNo)
            auto r = tally_yesno(box, {.enrolled = 0, .quorum = 0.0, .threshold = 0.5});
            if (!r) return r.error();
            std::optional<OptionId> winner;
            if (r->summary.valid > 0) winner = r->approved ? kYes : kNo;
            return finish("yesno", r->summary, winner, r->approved ? std::vector<OptionId>{kYes, kNo}
                                                                   : std::vector<OptionId>{kNo, kYes});
        }
    }
    return Error::TallyBadSpec;
}

std::vector<uint64_t> option_totals(const BallotRules& rules, std::span<const VotePayload> ballots) {
    std::vector<uint64_t> totals(rules.options.size(), 0);
    for (const VotePayload& v : ballots) {
        if (!check_ballot(v, rules)) continue;
        for (const BallotEntry& e : v.entries) {
            auto it = std::lower_bound(rules.options.begin(), rules.options.end(), e.option_id,
                                       [](const ConsultationOption& o, uint32_t id) { return o.option_id < id; });
            const size_t i = static_cast<size_t>(it - rules.options.begin());
            if (rules.method == VotingMethod::Score) totals[i] += e.value;
            else if (rules.method == VotingMethod::Ranked) totals[i] += e.value == 1 ? 1 : 0;
            else totals[i] += 1;
        }
    }
    return totals;
}

}  // namespace yishi::core
