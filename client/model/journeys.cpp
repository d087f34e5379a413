// journeys.cpp — the controller of the consultation journeys (see journeys.hpp).
//
// Every submission is built here as a core::Envelope and signed with the shared C++ (the identity
// seed, or the consultation's ballot key derived from it) through the account's sign_and_queue
// (account.hpp), which keeps it in the outbox until the server answers; a refusal is shown next to
// the action, and the typed text stays in its field until the server has it.
//
// Index of this file:
// [SECTION] Helpers: JSON, threads
// [SECTION] Reading: consultations, one consultation
// [SECTION] Commands
// [SECTION] Tick
#include "model/journeys.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>

#include "model/net.hpp"
#include "model/recount.hpp"
#include "yishi/consultation.hpp"
#include "yishi/enrollment.hpp"
#include "yishi/merkle.hpp"
#include "yishi/receipt.hpp"
#include "yishi/viewer_proof.hpp"

namespace yishi::client {

using core::Msg;
using core::tr;
using nlohmann::json;

namespace {

// [SECTION] Helpers

constexpr size_t kListLimit = 100;               // consultations of a community on the home screen
constexpr size_t kThreadLimit = 100;             // comments and proposals fetched per page

json parse(const HttpResponse& r) { return wire::parse_json(r.body); }
// The lenient readers of wire.hpp under short names (a missing or mistyped field reads as empty).
constexpr auto str = wire::json_str;
constexpr auto num = wire::json_int;

// Parents before their replies, replies in the server's order; orphans (parent not on this page) at top level.
std::vector<CommentInfo> thread(std::vector<CommentInfo> flat) {
    std::map<std::string, std::vector<size_t>> children;
    std::map<std::string, bool> present;
    for (const auto& c : flat) present[c.id] = true;
    std::vector<size_t> roots;
    for (size_t i = 0; i < flat.size(); ++i) {
        if (flat[i].parent.empty() || !present.count(flat[i].parent)) roots.push_back(i);
        else children[flat[i].parent].push_back(i);
    }
    std::vector<CommentInfo> out;
    std::function<void(size_t, int)> walk = [&](size_t i, int depth) {
        if (out.size() > flat.size()) return;  // a cycle in bad data: stop
        flat[i].depth = depth;
        out.push_back(flat[i]);
        const std::string id = flat[i].id;
        for (size_t k : children[id]) walk(k, depth + 1);
    };
    for (size_t r : roots) walk(r, 0);
    return out;
}

// A GET of the consultation reads through the device's cache: a 200 answer is kept (client_cache);
// when the request fails without an answer (offline), the kept answer is given instead and
// offline_copy tells the views to say so. Other answers (errors) pass through unchanged. `proof` (a
// viewer proof, new on every request) is sent but not part of the key the answer is kept under.
void cached_get(JourneyState& j, Account& me, Net& net, const std::string& path, Net::Callback done, const std::string& proof = "") {
    net.get(path + proof, [&j, &me, path, done = std::move(done)](const HttpResponse& r) {
        if (r.status == 200) {
            j.offline_copy = false;
            if (me.store.cached(path) != r.body && me.store.set_cached(path, r.body)) persist(me);
            return done(r);
        }
        if (r.status == 0)
            if (auto body = me.store.cached(path)) {
                j.offline_copy = true;
                return done(HttpResponse{200, std::move(*body)});
            }
        done(r);
    });
}

void load_list(JourneyState& j, Account& me, Net& net) {
    j.list_loading = true;
    j.list_stale = false;
    // Enrolled: the community's consultations and those of the areas above it; a visitor sees all.
    j.listed_region = me.enrolled ? me.region : 0;
    const std::string region = j.listed_region ? "region=" + std::to_string(j.listed_region) + "&" : "";
    cached_get(j, me, net, "/api/consultations?" + region + "limit=" + std::to_string(kListLimit),
            [&j](const HttpResponse& r) {
                j.list_loading = false;
                if (r.status != 200) {
                    j.list_error = error_code_of(r);
                    return;
                }
                auto list = wire::decode_consultation_list(r.body);
                if (!list) {
                    j.list_error = core::error_code(list.error());
                    return;
                }
                j.list_error.clear();
                j.list = std::move(list.value());
            });
}

void sync_ballot_sequence(Account& me, uint64_t consultation, Net& net) {
    if (!me.seed) return;
    auto key = core::derive_ballot_key(*me.seed, consultation);
    if (!key) return;
    const std::string hex = core::to_hex(key->public_key());
    net.get("/api/authors/" + hex + "/sequence", [&me, hex](const HttpResponse& r) {
        if (r.status == 200) me.store.set_last_sequence(hex, static_cast<uint64_t>(num(parse(r), "sequence")));
    });
}

// Comments, oldest thread first, in pages of kThreadLimit from `page` up to the pages asked for
// (JourneyState::comment_pages: 更多意见 adds one): appended flat to d->comments, then `then`. The
// server keeps a thread together and every reply after its parent, so the pages thread as one list.
void load_comment_pages(JourneyState& j, Account& me, Net& net, const std::string& base, int serial,
                        std::shared_ptr<ConsultationDetail> d, size_t page, std::function<void()> then,
                        bool signed_view = true) {
    // viewer: the server adds whether this key reported each comment (its 举报 stays 已举报 after a reload)
    // and its own reaction ("mine": the chosen 赞同 / 不赞同 / 跳过 is shown filled),
    // for a request this key signed. A device clock over 5 minutes off gets request_stale: the page is
    // then read without the marks.
    const CommentSort order = j.comment_sort;
    const char* sort = order == CommentSort::Newest ? "newest" : order == CommentSort::MostAgreed ? "most_agreed" : "oldest";
    const std::string path = base + "/comments?sort=" + sort + "&limit=" + std::to_string(kThreadLimit) +
                             "&offset=" + std::to_string(page * kThreadLimit);
    const std::string proof = signed_view ? viewer_proof(me, base + "/comments") : "";
    cached_get(j, me, net, path, [&j, &me, &net, base, serial, d, page, signed_view, then](const HttpResponse& r) mutable {
        if (serial != j.loads) return;
        if (signed_view && r.status == 400 && error_code_of(r) == "request_stale")
            return load_comment_pages(j, me, net, base, serial, d, page, std::move(then), false);
        // No answer (offline, no copy on the device): no comments, as before. An answer that is not a
        // comment page: said above the list (bad_answer).
        auto answer = r.status == 200 ? wire::decode_comment_page(r.body) : core::Result<wire::CommentPage>(core::Error::BadAnswer);
        if (!answer && r.status == 200) d->comments_error = std::string(core::error_code(answer.error()));
        const std::vector<wire::Comment> none;
        for (const wire::Comment& x : answer ? answer->items : none) {
            CommentInfo c;
            c.id = x.id, c.parent = x.parent, c.text = x.text, c.author = x.author_name, c.committee = x.author_committee;
            c.stance = x.stance;
            c.agree = x.agree, c.disagree = x.disagree, c.pass = x.pass;
            c.hidden = x.hidden, c.hidden_reason = x.hidden_reason;
            c.reported = x.reported.value_or(false);
            const std::string mine = x.mine.value_or("");
            if (mine == "agree") c.mine = core::Reaction::Agree;
            else if (mine == "disagree") c.mine = core::Reaction::Disagree;
            else if (mine == "pass") c.mine = core::Reaction::Pass;
            d->comments.push_back(std::move(c));
        }
        const bool more = answer && answer->items.size() == kThreadLimit && answer->total > static_cast<int64_t>(d->comments.size());
        if (more && page + 1 < j.comment_pages)
            return load_comment_pages(j, me, net, base, serial, d, page + 1, std::move(then), signed_view);
        then();
    }, proof);
}

// The consultation, then its comments, then its proposals; shown once all three answered.
core::Status bind_ballot_key(Account& me, const ConsultationDetail& d);   // below, with vote()

// The detail's answer (wire::decode_consultation_detail) as the page keeps it. The count behind the
// headline (docs/api.md, tally_json): instant runoff's rounds or Schulze's head-to-head counts (a ranked
// count has both; the one the consultation declared is kept), the score averages; a part whose shape
// does not fit the options (one number per option) is left out, the rest shown.
void read_detail(ConsultationDetail& d, wire::ConsultationDetail&& w) {
    d.s = std::move(w.head);
    d.description = std::move(w.description);
    d.method_param = w.method_param;
    d.options = std::move(w.options);
    for (wire::LinkedOrg& o : w.organizations) d.organizations.push_back(std::move(o.name));
    d.enrolled = w.enrolled;
    d.rated_count = w.rated_count;
    d.rated_mean = w.rated_mean.value_or(0.0);
    d.close_summary = std::move(w.close_summary);
    d.results_visible = w.results.visible;
    if (!d.results_visible) return;
    d.results_ballots = static_cast<int64_t>(w.results.ballots);
    d.totals = std::move(w.results.totals);
    wire::TallyCount& t = w.results.count;
    d.winner = t.winner;
    d.valid = t.valid;
    if (t.yes_no) d.has_yes_no = true, d.approved = t.yes_no->approved, d.quorum_met = t.yes_no->quorum_met,
                  d.quorum = t.yes_no->quorum;
    d.funded = std::move(t.funded);
    d.spent = t.spent, d.budget = t.budget;
    d.ranking = std::move(t.ranking);
    const size_t n = d.options.size();
    auto per_option = [n](const std::vector<uint64_t>& v) { return v.size() == n; };
    const bool ranked = d.s.method == core::VotingMethod::Ranked;
    if (ranked && d.method_param == 1 &&
        std::all_of(t.irv_rounds.begin(), t.irv_rounds.end(), [&](const auto& r) { return per_option(r.votes); })) {
        d.irv_rounds = std::move(t.irv_rounds);
        d.majority_round = t.majority_round;
    }
    if (ranked && d.method_param == 2 && t.pairwise.size() == n && std::all_of(t.pairwise.begin(), t.pairwise.end(), per_option))
        d.pairwise = std::move(t.pairwise);
    if (t.means.size() == n) d.means = std::move(t.means);
}

void load_detail(JourneyState& j, Account& me, Net& net) {
    const uint64_t id = *j.open;
    const int serial = ++j.loads;
    j.detail_loading = true;
    j.detail_stale = false;
    auto d = std::make_shared<ConsultationDetail>();
    const std::string base = "/api/consultations/" + std::to_string(id);
    auto fail = [&j](const HttpResponse& r) { j.detail_loading = false, j.detail_error = error_code_of(r); };
    cached_get(j, me, net, base, [&j, &me, &net, d, base, serial, id, fail](const HttpResponse& r) {
        if (serial != j.loads) return;
        if (r.status != 200) return fail(r);
        auto answer = wire::decode_consultation_detail(r.body);
        if (!answer) return j.detail_loading = false, void(j.detail_error = core::error_code(answer.error()));
        read_detail(*d, std::move(answer.value()));
        if (d->s.stage == core::Stage::Vote) sync_ballot_sequence(me, id, net);
        load_comment_pages(j, me, net, base, serial, d, 0, [&j, &me, &net, d, base, serial]() {
            d->comments = thread(std::move(d->comments));
            cached_get(j, me, net, base + "/proposals?limit=" + std::to_string(kThreadLimit), [&j, &me, d, serial](const HttpResponse& r) {
                if (serial != j.loads) return;
                // As for comments: no answer, no proposals; an answer that is not a proposal page is said.
                auto answer = r.status == 200 ? wire::decode_proposal_page(r.body)
                                              : core::Result<wire::ProposalPage>(core::Error::BadAnswer);
                if (!answer && r.status == 200) d->proposals_error = std::string(core::error_code(answer.error()));
                if (answer)
                    for (const wire::Proposal& x : answer->items)
                        d->proposals.push_back({x.id, x.title, x.text, x.author_name, x.support, x.hidden, x.hidden_reason,
                                                x.author_committee});
                j.detail_loading = false;
                j.detail_error.clear();
                j.detail = std::move(*d);
                j.comment_heights.clear();   // texts, hidden markers and counts may differ now
                if (j.detail->s.stage == core::Stage::Vote && me.enrolled)
                    (void)bind_ballot_key(me, *j.detail);   // now, not right before the vote (§9)
                BallotDraft& bd = j.ballot;
                const size_t n = j.detail->options.size();
                if (bd.consultation != j.detail->s.id || bd.chosen.size() != n) {
                    bd = BallotDraft{};
                    bd.consultation = j.detail->s.id;
                    bd.chosen.assign(n, false);
                    bd.scores.assign(n, 0);
                    for (size_t i = 0; i < n; ++i) bd.order.push_back(static_cast<int>(i));
                    // Coming back after voting: the ballot shows what was cast, not an empty form.
                    if (auto mine = sent_vote(me, j.detail->s.id)) draft_from_vote(*j.detail, mine->vote, bd);
                }
            });
        });
    });
}

// [SECTION] Commands

core::Scope scope_of(const ConsultationDetail& d) { return {d.s.region, d.s.id}; }

core::Result<core::Hash> hash_of(const std::string& hex) { return core::from_hex_array<core::kHashSize>(hex); }

void send_comment(JourneyState& j, Account& me) {
    const ConsultationDetail& d = *j.detail;
    const std::string action = "comment:" + std::to_string(d.s.id);
    if (j.comment_text.empty()) return;
    core::CommentPayload p;
    if (auto parent = hash_of(j.reply_to)) p.parent_id = *parent;  // none: top level
    p.stance = static_cast<core::Stance>(std::clamp(j.comment_stance, 0, 2));
    p.text = j.comment_text;
    core::Envelope e;
    e.scope = scope_of(d);
    e.payload = std::move(p);
    report_refusal(me, action, sign_and_queue(me, std::move(e), *me.seed, action));
}

void react(JourneyState& j, Account& me, const std::string& target, core::Reaction reaction) {
    auto h = hash_of(target);
    if (!h) return;
    core::Envelope e;
    e.scope = scope_of(*j.detail);
    e.payload = core::ReactPayload{*h, reaction};
    const std::string action = "react:" + target;
    report_refusal(me, action, sign_and_queue(me, std::move(e), *me.seed, action));
}

void propose(JourneyState& j, Account& me) {
    const std::string action = "propose:" + std::to_string(j.detail->s.id);
    if (j.proposal_title.empty()) return;
    core::Envelope e;
    e.scope = scope_of(*j.detail);
    e.payload = core::ProposePayload{j.proposal_title, j.proposal_text};
    report_refusal(me, action, sign_and_queue(me, std::move(e), *me.seed, action));
}

// The ballot draft as a vote payload (entries by option id).
core::VotePayload ballot_of(const ConsultationDetail& d, const BallotDraft& b) {
    core::VotePayload v;
    v.method = d.s.method;
    const size_t n = d.options.size();
    for (size_t i = 0; i < n; ++i) {
        const uint32_t id = d.options[i].option_id;
        switch (d.s.method) {
            case core::VotingMethod::Plurality:
            case core::VotingMethod::YesNo:
                if (b.single == static_cast<int>(i)) v.entries.push_back({id, 1});
                break;
            case core::VotingMethod::Approval:
            case core::VotingMethod::Budget:
                if (i < b.chosen.size() && b.chosen[i]) v.entries.push_back({id, 1});
                break;
            case core::VotingMethod::Score:
                v.entries.push_back({id, static_cast<uint64_t>(i < b.scores.size() ? b.scores[i] : 0)});
                break;
            case core::VotingMethod::Ranked: {
                auto at = std::find(b.order.begin(), b.order.end(), static_cast<int>(i));
                v.entries.push_back({id, static_cast<uint64_t>(at - b.order.begin() + 1)});
                break;
            }
        }
    }
    return v;
}

bool ballot_key_bound(const Account& me, uint64_t consultation) {
    const std::string action = "bind:" + std::to_string(consultation);
    for (const auto& o : me.outbox)
        if (o.action == action && (o.state != OutboxState::Refused || o.error_code == "already_bound")) return true;
    return false;
}

// The identity binds the consultation's ballot key (ballot_key_bind, signed by the identity key), once.
// Called when an enrolled resident opens a consultation in its vote stage (load_detail), so that the
// bind reaches the log when the page is opened, not right before the vote: otherwise the vote would sit
// at the bind's log index + 1 and anyone watching the log could pair them (docs/protocol.md §9). vote()
// calls it too, for a page opened before the vote stage began; then nothing was bound yet.
core::Status bind_ballot_key(Account& me, const ConsultationDetail& d) {
    if (!me.seed || ballot_key_bound(me, d.s.id)) return core::Ok{};
    auto ballot_seed = core::derive_ballot_seed(*me.seed, d.s.id);
    if (!ballot_seed) return ballot_seed.error();
    auto ballot_key = ballot_seed->signing_key();
    if (!ballot_key) return ballot_key.error();
    auto blinding = core::SecretSeed::generate();  // 32 random bytes
    if (!blinding) return blinding.error();
    core::BallotKeyBindPayload p;
    p.ballot_key = ballot_key->public_key();
    std::copy(blinding->bytes().begin(), blinding->bytes().end(), p.blinding.begin());
    core::Envelope bind;
    bind.scope = scope_of(d);
    bind.payload = p;
    return sign_and_queue(me, std::move(bind), *me.seed, "bind:" + std::to_string(d.s.id));
}

void vote(JourneyState& j, Account& me) {
    const ConsultationDetail& d = *j.detail;
    const std::string action = "vote:" + std::to_string(d.s.id);
    core::VotePayload ballot = ballot_of(d, j.ballot);
    const core::BallotRules rules{d.s.method, d.method_param, d.options};
    if (auto ok = core::check_ballot(ballot, rules); !ok) return report_refusal(me, action, ok);
    auto ballot_seed = core::derive_ballot_seed(*me.seed, d.s.id);
    if (!ballot_seed) return report_refusal(me, action, ballot_seed.error());
    if (auto s = bind_ballot_key(me, d); !s) return report_refusal(me, action, s);   // bound already when the page opened
    core::Envelope e;
    e.scope = scope_of(d);
    e.payload = std::move(ballot);
    report_refusal(me, action, sign_and_queue(me, std::move(e), *ballot_seed, action));
    j.receipt_message.clear();
}

void rate(JourneyState& j, Account& me) {
    const std::string action = "rate:" + std::to_string(j.detail->s.id);
    if (j.rate_score < 1 || j.rate_score > 5) return;
    core::Envelope e;
    e.scope = scope_of(*j.detail);
    e.payload = core::RatePayload{static_cast<uint8_t>(j.rate_score), j.rate_remark};
    report_refusal(me, action, sign_and_queue(me, std::move(e), *me.seed, action));
}

// The log must only grow: the head just verified has to extend the last head this device verified
// (RFC 9162 consistency proof from the server, checked here). A shorter log or a proof that fails
// means the operator rewrote history; the resident is told, and the device keeps its older head.
void check_log_grew(JourneyState& j, Account& me, Net& net, const core::Checkpoint& now) {
    const auto last = me.store.log_head();
    const LogHead next{now.origin, now.size, now.root};
    auto append = [&j](Msg m, long long a, long long b, bool ok) {
        j.receipt_message.push_back(Note{m, a, b, "", !ok});
        j.receipt_ok = j.receipt_ok && ok;
    };
    if (!last || last->origin != now.origin || last->size == 0) {
        if (me.store.set_log_head(next)) persist(me);
        return;
    }
    if (last->size > now.size || (last->size == now.size && last->root != now.root))
        return append(Msg::LogRewritten, static_cast<long long>(last->size), static_cast<long long>(now.size), false);
    if (last->size == now.size) return append(Msg::LogGrew, static_cast<long long>(last->size), static_cast<long long>(now.size), true);
    const std::string path = "/api/proof/consistency?from=" + std::to_string(last->size) + "&to=" + std::to_string(now.size);
    net.get(path, [&me, from = *last, next, append](const HttpResponse& r) {
        auto proof = wire::decode_hashes(wire::json_field(parse(r), "proof"));
        const auto a = static_cast<long long>(from.size), n = static_cast<long long>(next.size);
        if (r.status != 200 || !proof) return append(Msg::LogCheckFailed, a, n, false);
        if (!core::verify_consistency(from.size, next.size, *proof, from.root, next.root))
            return append(Msg::LogRewritten, a, n, false);
        if (me.store.set_log_head(next)) persist(me);
        append(Msg::LogGrew, a, n, true);
    });
}

// "Check my vote is counted": the receipt of my latest accepted ballot, verified here against the
// log key (signature, leaf, inclusion proof, signed checkpoint) with the shared receipt code, and the
// checkpoint's cosignatures against the witnesses the operator trusts (recount.hpp).
void check_vote(JourneyState& j, Account& me, WitnessTrust& trust, Net& net) {
    const std::string action = "vote:" + std::to_string(j.detail->s.id);
    const OutboxItem* item = nullptr;
    for (const auto& o : me.outbox) if (o.action == action && o.state == OutboxState::Sent) item = &o;
    if (!item) return;
    const OutboxItem sent = *item;
    net.get("/api/log-key", [&j, &me, &trust, &net, sent](const HttpResponse& r) {
        auto key = parse(r);
        j.receipt_ok = false;
        if (r.status != 200 || !key.is_object()) {
            j.receipt_message = {Note{Msg::VoteCheckFailed, 0, 0, error_code_of(r)}};
            return;
        }
        net.get("/api/envelopes/" + sent.envelope_id + "/receipt", [&j, &me, &trust, &net, key, sent](const HttpResponse& r) {
            auto failed = [](std::string code) { return std::vector<Note>{Note{Msg::VoteCheckFailed, 0, 0, std::move(code)}}; };
            if (r.status != 200) { j.receipt_message = failed(error_code_of(r)); return; }
            auto receipt = wire::decode_receipt(r.body);
            auto server_key = core::from_hex_array<core::kPublicKeySize>(str(key, "public_key"));
            if (!receipt || !server_key) {
                j.receipt_message = failed("bad_receipt");
                return;
            }
            auto cp = core::verify_receipt(sent.wire, *receipt, str(key, "origin"), *server_key);
            if (!cp) { j.receipt_message = failed(std::string(core::error_code(cp.error()))); return; }
            // 已核验 only with a cosignature by a witness the operator names (the same answer lists them):
            // otherwise it says what was checked, or that a witness's line is forged.
            read_trust(trust, key);
            const WitnessVerdict w = judge_checkpoint(receipt->checkpoint, trust.keys);
            const auto n = static_cast<long long>(receipt->log_index);
            j.receipt_ok = w.state != Witnessed::Forged;
            j.receipt_message = {w.state == Witnessed::Yes      ? Note{Msg::VoteCounted, n, 0, w.witness}
                                 : w.state == Witnessed::NotYet ? Note{Msg::VoteLoggedUnwitnessed, n}
                                                                : Note{Msg::WitnessForged, n, 0, w.witness}};
            check_log_grew(j, me, net, cp.value());
        });
    });
}

// [SECTION] Tick

// The server answered an outbox row: what it changed is read again; what was typed leaves its field
// only once the server has it.
void after_delivery(JourneyState& j, Account& me, const OutboxItem& item) {
    if (item.kind == "enroll" || item.consultation != 0) j.list_stale = true;
    if (item.consultation != 0 && j.open && *j.open == item.consultation) j.detail_stale = true;
    if (item.state != OutboxState::Sent) return;
    if (item.action.rfind("comment:", 0) == 0) {
        j.comment_text.clear(), j.saved_comment.clear(), j.reply_to.clear();
        me.store.set_draft("comment", "");
    } else if (item.action.rfind("propose:", 0) == 0) {
        j.proposal_title.clear(), j.proposal_text.clear(), j.saved_proposal.clear();
        me.store.set_draft("proposal_title", ""), me.store.set_draft("proposal_text", "");
    } else if (item.action.rfind("rate:", 0) == 0) {
        j.rate_remark.clear();
    }
}

// Drafts follow the fields: what is typed survives a reload or a refused submission.
void save_drafts(JourneyState& j, Account& me) {
    bool changed = false;
    if (j.comment_text != j.saved_comment) {
        me.store.set_draft("comment", j.comment_text), j.saved_comment = j.comment_text, changed = true;
    }
    if (j.proposal_text + '\x1f' + j.proposal_title != j.saved_proposal) {
        me.store.set_draft("proposal_title", j.proposal_title);
        me.store.set_draft("proposal_text", j.proposal_text);
        j.saved_proposal = j.proposal_text + '\x1f' + j.proposal_title;
        changed = true;
    }
    if (changed) persist(me);
}

}  // namespace

// The inverse of ballot_of: entries by option id back into the draft's per-option fields.
void draft_from_vote(const ConsultationDetail& d, const core::VotePayload& v, BallotDraft& b) {
    const size_t n = d.options.size();
    b.single = -1;
    b.chosen.assign(n, false);
    b.scores.assign(n, 0);
    std::vector<std::pair<uint64_t, int>> ranks;   // (rank, option index)
    for (size_t i = 0; i < n; ++i)
        for (const auto& entry : v.entries) {
            if (entry.option_id != d.options[i].option_id) continue;
            switch (d.s.method) {
                case core::VotingMethod::Plurality:
                case core::VotingMethod::YesNo: b.single = static_cast<int>(i); break;
                case core::VotingMethod::Approval:
                case core::VotingMethod::Budget: b.chosen[i] = true; break;
                case core::VotingMethod::Score: b.scores[i] = static_cast<int>(entry.value); break;
                case core::VotingMethod::Ranked: ranks.emplace_back(entry.value, static_cast<int>(i)); break;
            }
        }
    if (d.s.method == core::VotingMethod::Ranked && ranks.size() == n) {
        std::sort(ranks.begin(), ranks.end());
        b.order.clear();
        for (const auto& [rank, i] : ranks) b.order.push_back(i);
    }
}

void apply_journey_commands(JourneyState& j, const JourneyCommands& c, Account& me, WitnessTrust& trust, Net& net) {
    if (!me.seed) return;
    if (c.send_comment || c.react || c.propose || c.vote || c.rate) clear_form_error(me);
    if (c.open_consultation) {
        j.open = c.open_consultation;
        if (!j.detail || j.detail->s.id != *j.open) j.detail.reset(), j.comment_pages = 1;
        j.detail_stale = true;
        j.receipt_message.clear();
    }
    if (c.close_consultation) j.open.reset(), j.list_stale = true;
    if (c.reply_to) j.reply_to = *c.reply_to;
    if (j.detail && j.open && j.detail->s.id == *j.open) {
        if (c.send_comment) send_comment(j, me);
        if (c.react) react(j, me, c.react->first, c.react->second);
        if (c.propose) propose(j, me);
        if (c.vote) vote(j, me);
        if (c.rate) rate(j, me);
        if (c.check_vote) check_vote(j, me, trust, net);
        if (c.more_comments && !j.detail_loading) ++j.comment_pages, j.detail_stale = true;
        if (c.comment_sort && *c.comment_sort != j.comment_sort && !j.detail_loading)
            j.comment_sort = *c.comment_sort, j.comment_pages = 1, j.detail_stale = true;
    }
}

bool tick_journeys(JourneyState& j, Account& me, bool list_shown, Net& net) {
    if (!me.seed) return false;
    bool changed = false;
    if (!j.drafts_read) {   // what was typed on an earlier visit
        j.drafts_read = true;
        j.comment_text = j.saved_comment = me.store.draft("comment");
        j.proposal_title = me.store.draft("proposal_title");
        j.proposal_text = j.saved_proposal = me.store.draft("proposal_text");
        changed = true;
    }
    for (const OutboxItem& item : me.answered) after_delivery(j, me, item), changed = true;
    me.answered.clear();
    if (j.listed_region != (me.enrolled ? me.region : 0)) j.list_stale = true;   // joined, or the server said where
    save_drafts(j, me);
    if (list_shown && j.list_stale && !j.list_loading) load_list(j, me, net), changed = true;
    if (j.open && (j.detail_stale || !j.detail) && !j.detail_loading) load_detail(j, me, net), changed = true;
    return changed;
}

}  // namespace yishi::client
