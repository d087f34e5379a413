// opinion.cpp — the controller of the opinion map (see opinion.hpp, docs/opinion-groups.md "In the app").
//
// The server sends the matrix, not a map (opinion.bin, ≤ 2 bytes per vote); the map is computed here
// with the shared core, from the fetched matrix plus this device's reactions in the outbox (queued or
// sent, not refused) as the viewer's latest, so a tap moves the map before the server has it. The
// matrix is fetched when the consultation page is (re)loaded — after each accepted reaction, since the
// journeys reload the page then — and every kRefetchSeconds for others' reactions; an identical answer
// costs nothing. The map is computed in one go between frames, only when its input changed: for a
// neighbourhood's consultation (hundreds of residents, tens of statements) that is well under a
// millisecond natively and a few in wasm (docs/opinion-groups.md "Speed"); the time of each run is
// printed to the console.
#include "model/opinion.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>

#include "model/net.hpp"
#include "wire.hpp"
#include "yishi/crypto.hpp"
#include "yishi/envelope.hpp"

namespace yishi::client {

namespace {

constexpr double kRefetchSeconds = 15.0;   // others' reactions reach an open page this often
constexpr const char* kMe = "me";          // the viewer's row name before the server has one of theirs

// The consultation page the map belongs to, when it is shown and in a stage that has one.
const ConsultationDetail* open_detail(const JourneyState& j) {
    if (!j.open || !j.detail || j.detail->s.id != *j.open || !opinion_stage(*j.detail)) return nullptr;
    return &*j.detail;
}

// Column of `id` in the computed matrix, or -1.
int64_t column_of(const OpinionState& o, const std::string& id) {
    const auto& s = o.matrix.statements;
    auto it = std::lower_bound(s.begin(), s.end(), id,
                               [](const std::string& a, const std::string& b) { return core::opinion_id_less(a, b); });
    return it != s.end() && *it == id ? it - s.begin() : -1;
}

// Pol.is's routing priority of a statement; an unseen one (no column yet) scores as Pol.is's new comments do.
double priority_of(const OpinionState& o, const std::string& id) {
    const int64_t col = column_of(o, id);
    if (col < 0 || static_cast<size_t>(col) >= o.map.priority.size()) return core::opinion_priority(0, 0, 0, 0.0);
    return o.map.priority[static_cast<size_t>(col)];
}

// This device's reactions on the consultation (agree / disagree / pass; reports are not opinions), in
// the order signed: queued or sent, not refused.
bool counts(const OutboxItem& item, uint64_t consultation) {
    return item.consultation == consultation && item.kind == "react" && item.state != OutboxState::Refused;
}

// What the map is computed from, cheaply (checked every tick): the fetched matrix and the outbox rows.
std::string merge_key(const OpinionState& o, const Account& me, uint64_t consultation) {
    std::string key = std::to_string(o.fetches) + ':';
    for (const OutboxItem& item : me.outbox) if (counts(item, consultation)) key += item.envelope_id;
    return key;
}

std::vector<core::OpinionReaction> my_reactions(const Account& me, uint64_t consultation, const std::string& name) {
    std::vector<core::OpinionReaction> out;
    for (const OutboxItem& item : me.outbox) {
        if (!counts(item, consultation)) continue;
        auto s = core::decode_signed_envelope(item.wire);
        if (!s) continue;
        const auto* r = std::get_if<core::ReactPayload>(&s->envelope.payload);
        if (!r || r->reaction == core::Reaction::Report) continue;
        const int8_t v = r->reaction == core::Reaction::Agree ? 1 : r->reaction == core::Reaction::Disagree ? -1 : 0;
        out.push_back({name, core::to_hex(r->target_id), v});
    }
    return out;
}

// Rebuilds the matrix (fetched rows, then this device's reactions as the viewer's latest) and the map,
// when anything they come from changed. Returns true if it computed.
bool recompute(OpinionState& o, const Account& account, uint64_t consultation) {
    const std::string me = o.viewer_row >= 0 ? std::to_string(o.viewer_row) : kMe;
    std::string key = merge_key(o, account, consultation);
    if (o.computed && key == o.merged_key) return false;
    std::vector<core::OpinionReaction> mine = my_reactions(account, consultation, me);
    std::vector<core::OpinionReaction> all;
    std::vector<std::string> moderated;
    const core::OpinionMatrix& f = o.fetched;
    for (size_t j = 0; j < f.statements.size(); ++j) if (f.moderated_out[j]) moderated.push_back(f.statements[j]);
    all.reserve(f.col.size() + mine.size());
    for (size_t i = 0; i + 1 < f.row_start.size(); ++i)
        for (uint32_t k = f.row_start[i]; k < f.row_start[i + 1]; ++k)
            all.push_back({f.participants[i], f.statements[f.col[k]], f.value[k]});
    all.insert(all.end(), mine.begin(), mine.end());
    auto m = core::build_opinion_matrix(all, moderated);
    if (!m) return false;   // (the server's rows and this device's own reactions are always well-formed)
    const auto t0 = std::chrono::steady_clock::now();
    o.map = core::compute_opinion_map(*m);
    o.compute_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    o.matrix = std::move(m.value());
    auto at = std::find(o.matrix.participants.begin(), o.matrix.participants.end(), me);
    o.me = at == o.matrix.participants.end() ? -1 : at - o.matrix.participants.begin();
    o.merged_key = std::move(key);
    o.computed = true;
    std::printf("opinion map: %zu participants x %zu statements, %zu votes, %d groups, %.2f ms\n",
                o.matrix.participants.size(), o.matrix.statements.size(), o.matrix.col.size(),
                static_cast<int>(o.map.groups.size()), o.compute_ms);
    return true;
}

void fetch(OpinionState& o, const JourneyState& j, const Account& me, double now, Net& net, uint64_t consultation) {
    o.loading = true;
    o.fetched_for_load = j.loads;
    o.next_fetch = now + kRefetchSeconds;
    // Signed by this device's key, the answer names its row (viewer_proof.hpp).
    const std::string path = "/api/consultations/" + std::to_string(consultation) + "/opinion.bin";
    const std::string proof = viewer_proof(me, path);
    net.get_bytes(proof.empty() ? path : path + "?" + proof.substr(1), [&o, consultation](const HttpResponse& r) {
        if (o.consultation != consultation) return;   // another page is open now
        o.loading = false;
        if (r.status != 200) return void(o.error = error_code_of(r));
        o.error.clear();
        if (o.computed && r.body.size() == o.wire.size() && std::equal(r.body.begin(), r.body.end(), o.wire.begin()))
            return;
        int64_t row = -1;
        std::string detail;
        auto m = core::decode_opinion_matrix(reinterpret_cast<const uint8_t*>(r.body.data()), r.body.size(), &row, &detail);
        if (!m) return void(o.error = "bad_matrix");
        o.wire.assign(r.body.begin(), r.body.end());
        o.fetched = std::move(m.value());
        o.viewer_row = row;
        ++o.fetches;
    });
}

bool answered(const OpinionState& o, const std::string& id) { return opinion_my_reaction(o, id).has_value(); }

// [SECTION] The committee's digest: one consultation's matrix, then its comments and proposals (their
// texts), then the map; the statements every group shares become sentences' parts.
constexpr size_t kDigestTexts = 100;   // comments read per consultation for the texts (the oldest first)

void read_digest(OpinionState& o, uint64_t id, Net& net) {
    o.digests[id].loading = true;
    const std::string base = "/api/consultations/" + std::to_string(id);
    auto fail = [&o, id](const HttpResponse& r) {
        OpinionDigest& d = o.digests[id];
        d.loading = false, d.done = true, d.error = error_code_of(r);
    };
    net.get_bytes(base + "/opinion.bin", [&o, &net, id, base, fail](const HttpResponse& r) {
        if (r.status != 200) return fail(r);
        int64_t row = -1;
        std::string detail;
        auto m = core::decode_opinion_matrix(reinterpret_cast<const uint8_t*>(r.body.data()), r.body.size(), &row, &detail);
        if (!m) return fail(HttpResponse{400, ""});
        auto matrix = std::make_shared<core::OpinionMatrix>(std::move(m.value()));
        net.get(base + "/comments?sort=oldest&limit=" + std::to_string(kDigestTexts),
                [&o, &net, id, base, matrix, fail](const HttpResponse& rc) {
            if (rc.status != 200) return fail(rc);
            net.get(base + "/proposals?limit=" + std::to_string(kDigestTexts), [&o, id, matrix, rc, fail](const HttpResponse& rp) {
                if (rp.status != 200) return fail(rp);
                std::map<std::string, std::string> texts;
                for (const auto* r : {&rc, &rp}) {
                    const auto b = wire::parse_json(r->body);
                    const auto& items = wire::json_field(b, "items");
                    if (!items.is_array()) continue;
                    for (const auto& x : items) {
                        const std::string title = wire::json_str(x, "title"), text = wire::json_str(x, "text");
                        texts[wire::json_str(x, "id")] = title.empty() ? text : text.empty() ? title : title + "：" + text;
                    }
                }
                const core::OpinionMap map = core::compute_opinion_map(*matrix);
                OpinionDigest& d = o.digests[id];
                d.loading = false, d.done = true, d.error.clear();
                d.participants = static_cast<uint32_t>(matrix->participants.size());
                d.groups = static_cast<uint32_t>(map.groups.size());
                d.shared.clear();
                auto add = [&](const core::OpinionConsensus& c, bool agree) {
                    const std::string& sid = matrix->statements[c.statement];
                    auto t = texts.find(sid);
                    d.shared.push_back({agree, t != texts.end() ? t->second : "#" + sid.substr(0, 8), c.n_success, c.n_trials});
                };
                if (map.groups.size() >= 2) {   // shared by groups only once there are groups
                    for (const auto& c : map.consensus_agree) add(c, true);
                    for (const auto& c : map.consensus_disagree) add(c, false);
                }
            });
        });
    });
}

bool tick_digests(OpinionState& o, const CommitteeState& c, Net& net) {
    if (!c.wizard) {
        const bool had = !o.digests.empty();
        o.digests.clear();   // read again the next time the wizard opens
        return had;
    }
    bool changed = false;
    for (const ConsultationSummary& s : c.list) {
        if (s.stage != core::Stage::CollectNeeds && s.stage != core::Stage::Deliberate) continue;
        if (o.digests.count(s.id)) continue;
        read_digest(o, s.id, net);
        changed = true;
    }
    return changed;
}

}  // namespace

bool opinion_stage(const ConsultationDetail& d) {
    return d.s.stage == core::Stage::CollectNeeds || d.s.stage == core::Stage::Deliberate;
}

std::vector<OpinionStatement> opinion_statements(const ConsultationDetail& d) {
    std::vector<OpinionStatement> out;
    for (const CommentInfo& c : d.comments) if (!c.hidden && !c.text.empty()) out.push_back({c.id, c.text, false});
    for (const ProposalInfo& p : d.proposals)
        out.push_back({p.id, p.text.empty() ? p.title : p.title + "：" + p.text, true});
    return out;
}

std::optional<int8_t> opinion_my_reaction(const OpinionState& o, const std::string& statement) {
    if (o.me < 0 || !o.computed) return std::nullopt;
    const int64_t col = column_of(o, statement);
    if (col < 0) return std::nullopt;
    const core::OpinionMatrix& m = o.matrix;
    const auto row = static_cast<size_t>(o.me);
    for (uint32_t k = m.row_start[row]; k < m.row_start[row + 1]; ++k)
        if (m.col[k] == static_cast<uint32_t>(col)) return m.value[k];
    return std::nullopt;
}

std::vector<OpinionStatement> opinion_unanswered(const OpinionState& o, const JourneyState& j) {
    const ConsultationDetail* d = open_detail(j);
    if (!d) return {};
    std::vector<std::pair<double, OpinionStatement>> ranked;   // stable: page order breaks ties
    for (OpinionStatement& s : opinion_statements(*d)) {
        if (answered(o, s.id)) continue;
        const double p = s.id == o.card ? 1e300 : priority_of(o, s.id);
        ranked.emplace_back(p, std::move(s));
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<OpinionStatement> out;
    for (auto& r : ranked) out.push_back(std::move(r.second));
    return out;
}

std::string opinion_statement_text(const OpinionState& o, const JourneyState& j, uint32_t column) {
    if (column >= o.matrix.statements.size()) return "";
    const std::string& id = o.matrix.statements[column];
    if (const ConsultationDetail* d = open_detail(j))
        for (const OpinionStatement& s : opinion_statements(*d)) if (s.id == id) return s.text;
    return "#" + id.substr(0, 8);
}

uint32_t opinion_votes_to_place(const OpinionState& o) {
    if (!o.computed || o.matrix.statements.empty()) return 0;
    if (o.me >= 0 && static_cast<size_t>(o.me) < o.map.clustered.size() && o.map.clustered[static_cast<size_t>(o.me)])
        return 0;
    const auto need = std::min<uint32_t>(core::kOpinionMinVotes, static_cast<uint32_t>(o.matrix.statements.size()));
    const uint32_t have = o.me < 0 ? 0 : o.matrix.row_start[static_cast<size_t>(o.me) + 1] - o.matrix.row_start[static_cast<size_t>(o.me)];
    return have >= need ? 1 : need - have;   // enough votes but not yet clustered: one more run places them
}

void apply_opinion_commands(OpinionState& o, const JourneyCommands& c) {
    if (!c.react || c.react->second == core::Reaction::Report) return;
    o.last = c.react->first;
    if (c.react->first == o.card) o.card.clear();   // the next card
}

bool tick_opinion(OpinionState& o, const JourneyState& j, const Account& me, const CommitteeState& c, double now, Net& net) {
    bool changed = tick_digests(o, c, net);
    const ConsultationDetail* d = open_detail(j);
    if (!d) {
        if (o.consultation != 0 && !(j.open && *j.open == o.consultation)) {
            auto digests = std::move(o.digests);
            o = OpinionState{};
            o.digests = std::move(digests);
        }
        return changed;
    }
    const uint64_t id = d->s.id;
    if (o.consultation != id) {
        auto digests = std::move(o.digests);
        o = OpinionState{}, o.consultation = id;
        o.digests = std::move(digests);
    }
    if (!o.loading && (o.fetched_for_load != j.loads || now >= o.next_fetch)) fetch(o, j, me, now, net, id);
    if (!o.loading || o.computed) changed |= recompute(o, me, id);
    // The card shown stays until answered (opinion_unanswered puts it first); then the highest priority.
    const auto next = opinion_unanswered(o, j);
    const std::string card = next.empty() ? "" : next.front().id;
    changed |= card != o.card;
    o.card = card;
    return changed;
}

}  // namespace yishi::client
