// consultation_routes.cpp — the read side of consultations, people and moderation (docs/api.md,
// "Reading consultations"); the contract is the one the browser was built against.
//
// Texts (titles, descriptions, comments, proposals, moderation reasons) live only in the signed
// envelopes (envelopes.wire) and are decoded here, one page at a time; what is filtered, counted and
// sorted on is the read model authorize.cpp keeps (comments, proposals, reactions, reports, ratings,
// consultation_orgs). Reads use a few read-only connections of their own, each query group inside one
// transaction, so a page never mixes two database states and never waits for the writer.
//
// Index of this file
//   [SECTION] Read connections and parameters
//   [SECTION] Consultations    list, detail, results
//   [SECTION] Proposals and comments
//   [SECTION] People           residents, an author's envelopes
//   [SECTION] Committee and moderators   participation, moderation queue
//   [SECTION] Organisations    the consultations an organisation delivers
//   [SECTION] Route table
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <map>
#include <memory>
#include <optional>

#include "database.hpp"
#include "ledger.hpp"
#include "routes.hpp"
#include "sql.hpp"
#include "authorize.hpp"
#include "export_check.hpp"
#include "tally_json.hpp"
#include "wire.hpp"
#include "yishi/consultation_tally.hpp"

namespace yishi::server {

using namespace yishi::core;
using nlohmann::json;

namespace {

// [SECTION] Read connections and parameters

// One read-only connection with its prepared statements; one request at a time.
struct ReadSlot {
    std::mutex mutex;
    std::optional<Store> store;
    std::unique_ptr<StatementCache> sql;
};

// kReadConnections connections, taken round-robin: a slow page blocks only a share of the readers.
class ReadPool {
public:
    explicit ReadPool(std::string path) : path_(std::move(path)) {}
    // Runs fn(sql) inside one read transaction; StoreOpen/StoreQuery if the database cannot be read.
    template <class Fn> Status with(Fn&& fn) {
        ReadSlot& s = slots_[next_.fetch_add(1) % slots_.size()];
        std::lock_guard lock(s.mutex);
        if (!s.store) {
            auto store = open_database(path_, {.read_only = true});
            if (!store) return store.error();
            s.store.emplace(std::move(store.value()));
            s.sql = std::make_unique<StatementCache>(s.store->handle());
        }
        if (!s.sql->exec("BEGIN")) return Error::StoreQuery;
        Status st = fn(*s.sql);
        (void)s.sql->exec("COMMIT");
        return st;
    }
private:
    std::string path_;
    std::array<ReadSlot, kReadConnections> slots_;
    std::atomic<size_t> next_{0};
};

struct Paging { int64_t limit = kDefaultPageLimit; int64_t offset = 0; };

bool int_param(const httplib::Request& req, const char* name, int64_t& out) {
    if (!req.has_param(name)) return true;
    const std::string v = req.get_param_value(name);
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    return ec == std::errc() && p == v.data() + v.size();
}

// limit 1..kMaxPageLimit (default kDefaultPageLimit), offset >= 0; false after sending 400 bad_paging.
bool paging(const httplib::Request& req, httplib::Response& res, Paging& p) {
    if (!int_param(req, "limit", p.limit) || !int_param(req, "offset", p.offset) || p.limit < 1 ||
        p.limit > int64_t(kMaxPageLimit) || p.offset < 0) {
        send_error(res, 400, "bad_paging",
                   "limit is a whole number from 1 to " + std::to_string(kMaxPageLimit) + ", offset 0 or more");
        return false;
    }
    return true;
}

// The {id} of a consultation path; false after sending 404 unknown_consultation if it cannot be one.
bool consultation_id(const httplib::Request& req, httplib::Response& res, int64_t& id) {
    const std::string v = req.matches[1].str();
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
    if (ec != std::errc() || p != v.data() + v.size() || id < 1) {
        send_error(res, 404, "unknown_consultation", "no consultation has this id");
        return false;
    }
    return true;
}

std::optional<Stage> parse_stage(const std::string& name) {
    for (uint8_t s = 1; s <= static_cast<uint8_t>(Stage::Closed); ++s)
        if (stage_name(static_cast<Stage>(s)) == name) return static_cast<Stage>(s);
    return std::nullopt;
}

// A key or id of exactly N bytes in hex into `out`; false (out untouched) otherwise.
template <size_t N> bool parse_hex(const std::string& hex, std::array<uint8_t, N>& out) {
    auto bytes = from_hex_array<N>(hex);
    if (bytes) out = *bytes;
    return bytes.ok();
}

// The decoded payload of a stored wire, or nullopt if the wire is not that kind (a corrupt row).
template <class P> std::optional<P> payload_of(ByteView wire) {
    auto s = decode_signed_envelope(wire);
    if (!s) return std::nullopt;
    if (auto* p = std::get_if<P>(&s->envelope.payload)) return std::move(*p);
    return std::nullopt;
}

// The region's name once the regions tree exists (regions work); "" until then, or for an unknown id.
std::string region_name(StatementCache& sql, int64_t region) {
    auto q = sql("SELECT name FROM regions WHERE id = ?");
    return q.valid() && q.bind(1, region).step() == SQLITE_ROW ? q.text(0) : std::string();
}

// Exactly one row of one integer (count(*) and friends).
Result<int64_t> scalar(Query&& q) {
    if (q.step() != SQLITE_ROW) return Error::StoreQuery;
    return q.int64(0);
}

void finish(httplib::Response& res, const Status& st, const json& body) {
    if (!st && st.error() == Error::UnknownConsultation)   // a missing resource here, not a bad reference (422)
        return send_error(res, 404, "unknown_consultation", "no consultation has this id");
    if (!st) return send_core_error(res, st.error());
    send_json(res, body);
}

// [SECTION] Consultations

// Columns every consultation query selects, in this order (item_summary reads them).
#define YISHI_CONSULTATION_COLUMNS                                                                     \
    "c.id, c.region, c.stage, c.method, c.method_param, c.committee, c.open_id, e.wire, e.received_ms, " \
    "(SELECT count(*) FROM comments WHERE consultation = c.id), "                                      \
    "(SELECT count(*) FROM proposals WHERE consultation = c.id), "                                     \
    "(SELECT count(*) FROM ballots WHERE consultation = c.id) "

// The stage in effect now: core::effective_stage over the schedule and the committee's advances, the
// rule the server applies to submissions. Before the first scheduled start: the first scheduled stage,
// not started. Results are visible by core::results_visible, for everyone alike.
struct StageNow { Stage stage = Stage::CollectNeeds; bool started = false; bool results_visible = false; };

Result<StageNow> stage_now(StatementCache& sql, int64_t id, int64_t now_ms) {
    auto state = load_consultation_state(sql, static_cast<uint64_t>(id));
    if (!state) return state.error();
    auto stage = effective_stage(state.value(), now_ms);
    if (!stage && stage.error() != Error::NotStarted) return stage.error();
    if (!stage) return StageNow{state->schedule.empty() ? Stage::CollectNeeds : state->schedule.front().stage, false, false};
    return StageNow{stage.value(), true, results_visible(state.value(), now_ms)};
}

// One list item (contract: id, region, region_name, title, stage, started, method, schedule, opened_ms, counts).
Result<wire::ConsultationSummary> item_summary(StatementCache& sql, const Query& q, const StageNow& now,
                                               ConsultationOpenPayload* open_out = nullptr) {
    auto open = payload_of<ConsultationOpenPayload>(q.blob(7));
    if (!open) return Error::StoreQuery;
    wire::ConsultationSummary c;
    c.id = static_cast<uint64_t>(q.int64(0));
    c.region = static_cast<uint32_t>(q.int64(1));
    c.region_name = region_name(sql, q.int64(1));
    c.title = open->title;
    c.stage = now.stage;
    c.started = now.started;
    c.method = static_cast<VotingMethod>(q.int64(3));
    c.schedule = open->schedule;
    c.opened_ms = q.int64(8);
    c.comments = q.int64(9), c.proposals = q.int64(10), c.ballots = q.int64(11);
    if (open_out) *open_out = std::move(*open);
    return c;
}

Result<json> item_json(StatementCache& sql, const Query& q, const StageNow& now) {
    auto c = item_summary(sql, q, now);
    if (!c) return c.error();
    return wire::consultation_summary_json(c.value());
}

// item_json for the row q is on, at the server clock.
Result<json> item_now(StatementCache& sql, const Query& q) {
    auto now = stage_now(sql, q.int64(0), system_clock_ms());
    if (!now) return now.error();
    return item_json(sql, q, now.value());
}

// Residents who may take part: enrolled in the consultation's region.
// TODO(regions): count the region and the regions below it once the tree exists.
Result<int64_t> enrolled_in(StatementCache& sql, int64_t region) {
    return scalar(std::move(sql("SELECT count(*) FROM residents WHERE region = ?").bind(1, region)));
}

// Results are published once the vote stage has ended (core::results_visible), to everyone alike.
Result<wire::Results> results_of(StatementCache& sql, int64_t id, bool visible, const ConsultationOpenPayload& open,
                                 int64_t enrolled) {
    wire::Results r;
    if (!visible) {
        r.reason = "hidden_until_vote_closes";
        return r;
    }
    auto votes = counted_ballots(sql, static_cast<uint64_t>(id));
    if (!votes) return votes.error();
    auto t = tally_consultation(open, votes.value(), static_cast<uint64_t>(enrolled));
    if (!t) return t.error();
    r.visible = true;
    r.ballots = votes->size();
    r.enrolled = enrolled;
    r.totals = t->totals;
    r.tally = tally_json(t.value());
    r.tally_hash = to_hex(tally_hash(t.value()));
    return r;
}

// GET /api/consultations?region=&stage=&limit=&offset= — newest first.
void handle_list(ReadPool& pool, const httplib::Request& req, httplib::Response& res) {
    Paging pg;
    if (!paging(req, res, pg)) return;
    int64_t region = 0;
    if (!int_param(req, "region", region) || region < 0)
        return send_error(res, 400, "bad_region", "region is a region id (a whole number)");
    std::optional<Stage> stage;
    if (req.has_param("stage") && !(stage = parse_stage(req.get_param_value("stage"))))
        return send_error(res, 400, "bad_stage", "stage is one of collect_needs, deliberate, vote, evaluate, closed");
    json body = {{"limit", pg.limit}, {"offset", pg.offset}, {"items", json::array()}};
    Status st = pool.with([&](StatementCache& sql) -> Status {
        // A region's residents take part in its consultations and in those of the areas above it
        // (core::check_scope), so the filter is the region and its ancestors in the tree. The stage
        // follows the clock (stage_now), so a stage filter is applied row by row, not in SQL.
        auto q = sql("WITH RECURSIVE up(id) AS (SELECT CAST(?1 AS INTEGER) UNION SELECT r.parent FROM regions r JOIN up ON r.id = up.id "
                     "WHERE r.parent != 0) "
                     "SELECT " YISHI_CONSULTATION_COLUMNS "FROM consultations c JOIN envelopes e ON e.id = c.open_id "
                     "WHERE (?1 IS NULL OR c.region IN (SELECT id FROM up)) ORDER BY e.log_index DESC");
        if (region > 0) q.bind(1, region); else q.bind_null(1);
        const int64_t now_ms = system_clock_ms();
        int64_t total = 0;
        int rc;
        while ((rc = q.step()) == SQLITE_ROW) {
            auto now = stage_now(sql, q.int64(0), now_ms);
            if (!now) return now.error();
            if (stage && now->stage != *stage) continue;
            if (total++ < pg.offset || total > pg.offset + pg.limit) continue;
            auto item = item_json(sql, q, now.value());
            if (!item) return item.error();
            body["items"].push_back(std::move(item.value()));
        }
        body["total"] = total;
        return rc == SQLITE_DONE ? Status(Ok{}) : Status(Error::StoreQuery);
    });
    finish(res, st, body);
}

// GET /api/consultations/{id}
void handle_detail(ReadPool& pool, const httplib::Request& req, httplib::Response& res) {
    int64_t id = 0;
    if (!consultation_id(req, res, id)) return;
    wire::ConsultationDetail d;
    Status st = pool.with([&](StatementCache& sql) -> Status {
        auto q = sql("SELECT " YISHI_CONSULTATION_COLUMNS "FROM consultations c JOIN envelopes e ON e.id = c.open_id "
                     "WHERE c.id = ?");
        const int rc = q.bind(1, id).step();
        if (rc == SQLITE_DONE) return Error::UnknownConsultation;
        if (rc != SQLITE_ROW) return Error::StoreQuery;
        ConsultationOpenPayload open;
        auto now = stage_now(sql, id, system_clock_ms());
        if (!now) return now.error();
        auto head = item_summary(sql, q, now.value(), &open);
        if (!head) return head.error();
        d.head = std::move(head.value());
        const int64_t region = q.int64(1);
        d.description = open.description;
        d.method_param = open.method_param;
        d.committee = to_hex(q.array<kPublicKeySize>(5));
        d.open_envelope = to_hex(q.array<kHashSize>(6));
        d.options = open.options;
        {
            auto oq = sql("SELECT co.org_id, o.name FROM consultation_orgs co LEFT JOIN orgs o ON o.id = co.org_id "
                          "WHERE co.consultation = ? ORDER BY co.org_id");
            oq.bind(1, id);
            int orc;
            while ((orc = oq.step()) == SQLITE_ROW)   // an id not (yet) in the directory keeps an empty name
                d.organizations.push_back({oq.int64(0), oq.text(1), !oq.is_null(1)});
            if (orc != SQLITE_DONE) return Error::StoreQuery;
        }
        auto enrolled = enrolled_in(sql, region);
        if (!enrolled) return enrolled.error();
        d.enrolled = enrolled.value();
        {
            auto rq = sql("SELECT count(*), coalesce(sum(score), 0) FROM ratings WHERE consultation = ?");
            if (rq.bind(1, id).step() != SQLITE_ROW) return Error::StoreQuery;
            d.rated_count = rq.int64(0);
            if (d.rated_count) d.rated_mean = double(rq.int64(1)) / double(d.rated_count);
        }
        auto results = results_of(sql, id, now->results_visible, open, enrolled.value());
        if (!results) return results.error();
        d.results = std::move(results.value());
        if (d.head.stage == Stage::Closed) {   // the committee's summary, once it has closed it
            // From the log's end: the close comes after every ballot, so a consultation of 100,000 ballots
            // is not walked on each page view (envelopes_consultation is ordered by log_index).
            auto cq = sql("SELECT wire FROM envelopes WHERE consultation = ? AND kind = ? ORDER BY log_index DESC LIMIT 1");
            const int crc = cq.bind(1, id).bind(2, int64_t{static_cast<uint8_t>(Kind::ConsultationClose)}).step();
            if (crc == SQLITE_ROW) {
                auto close = payload_of<ConsultationClosePayload>(cq.blob(0));
                if (!close) return Error::StoreQuery;
                d.close_summary = std::move(close->summary);
            } else if (crc != SQLITE_DONE) {
                return Error::StoreQuery;
            }
        }
        return Ok{};
    });
    finish(res, st, st ? wire::consultation_detail_json(d) : json());
}

// [SECTION] Proposals and comments

Status require_consultation(StatementCache& sql, int64_t id) {
    auto q = sql("SELECT 1 FROM consultations WHERE id = ?");
    const int rc = q.bind(1, id).step();
    if (rc == SQLITE_DONE) return Error::UnknownConsultation;
    return rc == SQLITE_ROW ? Status(Ok{}) : Status(Error::StoreQuery);
}

// The viewer's latest agree/disagree/pass on a target: "agree", "disagree", "pass" or "".
Result<std::string> viewer_reaction(StatementCache& sql, const Hash& target, const PublicKey& viewer) {
    auto q = sql("SELECT reaction FROM reactions WHERE target = ? AND author = ?");
    const int rc = q.bind(1, target).bind(2, viewer).step();
    if (rc == SQLITE_DONE) return std::string();
    if (rc != SQLITE_ROW) return Error::StoreQuery;
    const int64_t r = q.int64(0);
    return std::string(r == 1 ? "agree" : r == 2 ? "disagree" : "pass");
}

// GET /api/consultations/{id}/proposals?sort=newest|oldest|most_supported&limit=&offset=
void handle_proposals(ReadPool& pool, const httplib::Request& req, httplib::Response& res) {
    int64_t id = 0;
    Paging pg;
    if (!consultation_id(req, res, id) || !paging(req, res, pg)) return;
    const std::string sort = req.has_param("sort") ? req.get_param_value("sort") : "newest";
    if (sort != "newest" && sort != "oldest" && sort != "most_supported")
        return send_error(res, 400, "bad_sort", "sort is newest, oldest or most_supported");
    std::optional<PublicKey> viewer;
    if (!viewer_param(req, res, viewer)) return;
    wire::ProposalPage page;
    page.limit = pg.limit, page.offset = pg.offset;
    Status st = pool.with([&](StatementCache& sql) -> Status {
        if (Status s = require_consultation(sql, id); !s) return s;
        auto total = scalar(std::move(sql("SELECT count(*) FROM proposals WHERE consultation = ?").bind(1, id)));
        if (!total) return total.error();
        page.total = total.value();
// An author's display name as readers see it: "" once a moderator hid it (residents.hidden), as for a
// key that never enrolled, so the client shows its usual fallback.
#define YISHI_SHOWN_NAME(R) "CASE WHEN " R ".hidden = 1 THEN '' ELSE coalesce(" R ".display_name, '') END"
// The committee name the operator registered for an author key (roles), or NULL: the API's
// community-verified badge ("author_committee"), which no display name can imitate.
#define YISHI_COMMITTEE_NAME(AUTHOR) \
    "(SELECT g.name FROM roles g WHERE g.public_key = " AUTHOR " AND g.role = 'committee' ORDER BY g.region LIMIT 1)"
#define YISHI_PROPOSALS(ORDER)                                                                               \
    "SELECT p.id, e.wire, e.received_ms, " YISHI_SHOWN_NAME("r") ", "                                         \
    "(SELECT count(*) FROM reactions x WHERE x.target = p.id AND x.reaction = 1) AS support, "                \
    YISHI_COMMITTEE_NAME("p.author") ", p.hidden, m.wire "                                                      \
    "FROM proposals p JOIN envelopes e ON e.id = p.id LEFT JOIN residents r ON r.identity = p.author "        \
    "LEFT JOIN envelopes m ON m.id = p.moderation_id "                                                          \
    "WHERE p.consultation = ?1 ORDER BY " ORDER " LIMIT ?2 OFFSET ?3"
        auto q = sort == "oldest"           ? sql(YISHI_PROPOSALS("e.log_index"))
                 : sort == "most_supported" ? sql(YISHI_PROPOSALS("support DESC, e.log_index"))
                                            : sql(YISHI_PROPOSALS("e.log_index DESC"));
#undef YISHI_PROPOSALS
        q.bind(1, id).bind(2, pg.limit).bind(3, pg.offset);
        int rc;
        while ((rc = q.step()) == SQLITE_ROW) {
            auto p = payload_of<ProposePayload>(q.blob(1));
            if (!p) return Error::StoreQuery;
            wire::Proposal item;
            item.hidden = q.int64(6) != 0;   // as a hidden comment: in its place, no text, the reason
            item.id = to_hex(q.array<kHashSize>(0));
            item.title = item.hidden ? std::string() : p->title;
            item.text = item.hidden ? std::string() : p->text;
            item.author_name = q.text(3);
            item.created_ms = q.int64(2), item.support = q.int64(4);
            item.author_committee = q.is_null(5) ? std::string() : q.text(5);
            item.hidden_reason = item.hidden ? moderation_reason(q, 7) : std::string();
            if (viewer) {
                auto mine = viewer_reaction(sql, q.array<kHashSize>(0), *viewer);
                if (!mine) return mine.error();
                item.mine = mine.value();
            }
            page.items.push_back(std::move(item));
        }
        return rc == SQLITE_DONE ? Status(Ok{}) : Status(Error::StoreQuery);
    });
    finish(res, st, st ? wire::proposal_page_json(page) : json());
}

// What the comment list orders and pages on, read for every comment of the consultation (no texts).
struct CommentRow {
    Hash id{};
    Hash parent{};        // zero for top level
    int64_t log_index = 0;
    int64_t agree = 0, disagree = 0, pass = 0, replies = 0, depth = 1;
};

// Ordered depth-first: the top-level comments by `sort`, each followed by its replies (oldest first,
// recursively), so a reply always comes after its parent and a thread stays together across pages.
std::vector<const CommentRow*> thread_order(const std::vector<CommentRow>& rows, const std::string& sort) {
    std::map<Hash, std::vector<const CommentRow*>> children;
    std::vector<const CommentRow*> top;
    for (const CommentRow& r : rows) (r.parent == Hash{} ? top : children[r.parent]).push_back(&r);
    auto by_index = [](const CommentRow* a, const CommentRow* b) { return a->log_index < b->log_index; };
    for (auto& [k, v] : children) std::sort(v.begin(), v.end(), by_index);
    if (sort == "oldest") std::sort(top.begin(), top.end(), by_index);
    else if (sort == "most_agreed")
        std::sort(top.begin(), top.end(), [](const CommentRow* a, const CommentRow* b) {
            return a->agree != b->agree ? a->agree > b->agree : a->log_index > b->log_index;
        });
    else std::sort(top.begin(), top.end(), [](const CommentRow* a, const CommentRow* b) { return a->log_index > b->log_index; });
    std::vector<const CommentRow*> out;
    out.reserve(rows.size());
    auto visit = [&](auto&& self, const CommentRow* r) -> void {
        out.push_back(r);
        auto it = children.find(r->id);
        if (it != children.end()) for (const CommentRow* c : it->second) self(self, c);
    };
    for (const CommentRow* r : top) visit(visit, r);
    return out;
}

// One comment as the contract shows it; a hidden one keeps its place with an empty text and the reason.
// `viewer` (optional): the key whose own reaction and report are added as "mine" and "reported".
Result<wire::Comment> read_comment(StatementCache& sql, const Hash& id, const std::optional<PublicKey>& viewer = std::nullopt) {
    auto q = sql("SELECT c.parent, c.hidden, e.wire, e.received_ms, " YISHI_SHOWN_NAME("r") ", m.wire, c.depth, "
                 "(SELECT count(*) FROM reactions x WHERE x.target = e.id AND x.reaction = 1), "
                 "(SELECT count(*) FROM reactions x WHERE x.target = e.id AND x.reaction = 2), "
                 "(SELECT count(*) FROM reactions x WHERE x.target = e.id AND x.reaction = 3), "
                 "(SELECT count(*) FROM comments k WHERE k.parent = e.id), " YISHI_COMMITTEE_NAME("c.author") " "
                 "FROM envelopes e JOIN comments c ON c.log_index = e.log_index "
                 "LEFT JOIN residents r ON r.identity = c.author "
                 "LEFT JOIN envelopes m ON m.id = c.moderation_id WHERE e.id = ?");
    if (q.bind(1, id).step() != SQLITE_ROW) return Error::StoreQuery;
    auto p = payload_of<CommentPayload>(q.blob(2));
    if (!p) return Error::StoreQuery;
    wire::Comment c;
    c.id = to_hex(id);
    c.parent = q.is_null(0) ? std::string() : to_hex(q.array<kHashSize>(0));
    c.depth = q.int64(6);
    c.stance = p->stance;
    c.hidden = q.int64(1) != 0;
    c.text = c.hidden ? std::string() : p->text;
    c.author_name = q.text(4);
    c.created_ms = q.int64(3);
    c.agree = q.int64(7), c.disagree = q.int64(8), c.pass = q.int64(9), c.replies = q.int64(10);
    c.hidden_reason = c.hidden ? moderation_reason(q, 5) : std::string();
    c.author_committee = q.is_null(11) ? std::string() : q.text(11);
    if (viewer) {
        auto mine = viewer_reaction(sql, id, *viewer);
        if (!mine) return mine.error();
        c.mine = mine.value();
        auto r = sql("SELECT 1 FROM reports WHERE target = ? AND author = ?");
        const int rc = r.bind(1, id).bind(2, *viewer).step();
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error::StoreQuery;
        c.reported = rc == SQLITE_ROW;
    }
    return c;
}

// GET /api/consultations/{id}/comments?sort=newest|oldest|most_agreed&limit=&offset=
void handle_comments(ReadPool& pool, const httplib::Request& req, httplib::Response& res) {
    int64_t id = 0;
    Paging pg;
    if (!consultation_id(req, res, id) || !paging(req, res, pg)) return;
    const std::string sort = req.has_param("sort") ? req.get_param_value("sort") : "newest";
    if (sort != "newest" && sort != "oldest" && sort != "most_agreed")
        return send_error(res, 400, "bad_sort", "sort is newest, oldest or most_agreed");
    std::optional<PublicKey> viewer;
    if (!viewer_param(req, res, viewer)) return;
    wire::CommentPage page;
    page.limit = pg.limit, page.offset = pg.offset, page.sort = sort;
    Status st = pool.with([&](StatementCache& sql) -> Status {
        if (Status s = require_consultation(sql, id); !s) return s;
        std::vector<CommentRow> rows;
        auto q = sql("SELECT e.id, c.parent, e.log_index, "
                     "(SELECT count(*) FROM reactions x WHERE x.target = e.id AND x.reaction = 1) "
                     "FROM comments c JOIN envelopes e ON e.log_index = c.log_index WHERE c.consultation = ?");
        q.bind(1, id);
        int rc;
        while ((rc = q.step()) == SQLITE_ROW) {
            CommentRow r;
            r.id = q.array<kHashSize>(0);
            if (!q.is_null(1)) r.parent = q.array<kHashSize>(1);
            r.log_index = q.int64(2);
            r.agree = q.int64(3);
            rows.push_back(r);
        }
        if (rc != SQLITE_DONE) return Error::StoreQuery;
        page.total = static_cast<int64_t>(rows.size());
        const auto order = thread_order(rows, sort);
        const auto end = std::min<size_t>(order.size(), size_t(pg.offset) + size_t(pg.limit));
        for (size_t i = size_t(std::min<int64_t>(pg.offset, int64_t(order.size()))); i < end; ++i) {
            auto c = read_comment(sql, order[i]->id, viewer);
            if (!c) return c.error();
            page.items.push_back(std::move(c.value()));
        }
        return Ok{};
    });
    finish(res, st, st ? wire::comment_page_json(page) : json());
}

// [SECTION] People

// GET /api/residents/{hex} — enrolment and roles of any key.
void handle_resident(ReadPool& pool, const httplib::Request& req, httplib::Response& res) {
    PublicKey key{};
    if (!parse_hex(req.matches[1].str(), key))
        return send_error(res, 400, "bad_key", "a key is 64 hex digits (an Ed25519 public key)");
    json body;
    Status st = pool.with([&](StatementCache& sql) -> Status {
        auto q = sql("SELECT r.region, r.display_name, r.hidden, m.wire FROM residents r "
                     "LEFT JOIN envelopes m ON m.id = r.moderation_id WHERE r.identity = ?");
        const int rc = q.bind(1, key).step();
        if (rc == SQLITE_ROW) {
            const bool hidden = q.int64(2) != 0;   // a display name a moderator hid is served empty
            body = {{"enrolled", true}, {"region", q.int64(0)}, {"region_name", region_name(sql, q.int64(0))},
                    {"display_name", hidden ? std::string() : q.text(1)}, {"display_name_hidden", hidden},
                    {"hidden_reason", hidden ? moderation_reason(q, 3) : std::string()}};
        }
        else if (rc == SQLITE_DONE) body = {{"enrolled", false}};
        else return Error::StoreQuery;
        json roles = json::array();
        auto rq = sql("SELECT role, region, name FROM roles WHERE public_key = ? ORDER BY role, region");
        rq.bind(1, key);
        int rrc;
        while ((rrc = rq.step()) == SQLITE_ROW)
            roles.push_back({{"role", rq.text(0)}, {"region", rq.int64(1)}, {"region_name", region_name(sql, rq.int64(1))},
                             {"name", rq.text(2)}});
        if (rrc != SQLITE_DONE) return Error::StoreQuery;
        body["roles"] = roles;
        return Ok{};
    });
    finish(res, st, body);
}

// GET /api/authors/{hex}/envelopes?limit=&offset= — an author's accepted submissions, newest first,
// but for its ballot-key binds.
void handle_author_envelopes(ReadPool& pool, const httplib::Request& req, httplib::Response& res) {
    PublicKey key{};
    if (!parse_hex(req.matches[1].str(), key))
        return send_error(res, 400, "bad_key", "the author is 64 hex digits (an Ed25519 public key)");
    Paging pg;
    if (!paging(req, res, pg)) return;
    json body = {{"limit", pg.limit}, {"offset", pg.offset}, {"items", json::array()}};
    Status st = pool.with([&](StatementCache& sql) -> Status {
        // Never a ballot_key_bind: its log index and time would pair the identity with the vote that
        // follows it in the log (docs/protocol.md §9).
        const int64_t bind_kind = static_cast<uint8_t>(Kind::BallotKeyBind);
        auto total = scalar(std::move(sql("SELECT count(*) FROM envelopes WHERE author = ? AND kind != ?")
                                          .bind(1, key).bind(2, bind_kind)));
        if (!total) return total.error();
        body["total"] = total.value();
        auto q = sql("SELECT id, kind, consultation, log_index, received_ms, sequence, region FROM envelopes "
                     "WHERE author = ? AND kind != ? ORDER BY sequence DESC LIMIT ? OFFSET ?");
        q.bind(1, key).bind(2, bind_kind).bind(3, pg.limit).bind(4, pg.offset);
        int rc;
        while ((rc = q.step()) == SQLITE_ROW)
            body["items"].push_back({{"envelope_id", to_hex(q.array<kHashSize>(0))},
                                     {"kind", kind_name(static_cast<Kind>(q.int64(1)))},
                                     {"consultation", q.int64(2)}, {"log_index", q.int64(3)},
                                     {"received_ms", q.int64(4)}, {"sequence", q.int64(5)}, {"region", q.int64(6)}});
        return rc == SQLITE_DONE ? Status(Ok{}) : Status(Error::StoreQuery);
    });
    finish(res, st, body);
}

// [SECTION] Committee and moderators

// GET /api/consultations/{id}/participation — counts only; days in China Standard Time (UTC+8).
void handle_participation(ReadPool& pool, const httplib::Request& req, httplib::Response& res) {
    int64_t id = 0;
    if (!consultation_id(req, res, id)) return;
    json body;
    Status st = pool.with([&](StatementCache& sql) -> Status {
        auto q = sql("SELECT region, "
                     "(SELECT count(*) FROM ballots WHERE consultation = ?1), "
                     "(SELECT count(*) FROM comments WHERE consultation = ?1), "
                     "(SELECT count(*) FROM proposals WHERE consultation = ?1), "
                     "(SELECT count(*) FROM ratings WHERE consultation = ?1), "
                     "(SELECT count(*) FROM reactions WHERE consultation = ?1) "
                     "FROM consultations WHERE id = ?1");
        const int rc = q.bind(1, id).step();
        if (rc == SQLITE_DONE) return Error::UnknownConsultation;
        if (rc != SQLITE_ROW) return Error::StoreQuery;
        auto enrolled = enrolled_in(sql, q.int64(0));
        if (!enrolled) return enrolled.error();
        body = {{"consultation", id}, {"enrolled", enrolled.value()}, {"ballots", q.int64(1)}, {"comments", q.int64(2)},
                {"proposals", q.int64(3)}, {"ratings", q.int64(4)}, {"reactions", q.int64(5)}};
        json days = json::array();
        auto dq = sql("SELECT date((received_ms + ?2) / 1000, 'unixepoch') AS day, count(*) FROM envelopes "
                      "WHERE consultation = ?1 GROUP BY day ORDER BY day");
        dq.bind(1, id).bind(2, kReportDayOffsetMs);
        int drc;
        while ((drc = dq.step()) == SQLITE_ROW) days.push_back({{"day", dq.text(0)}, {"submissions", dq.int64(1)}});
        if (drc != SQLITE_DONE) return Error::StoreQuery;
        body["by_day"] = days;
        return Ok{};
    });
    finish(res, st, body);
}

// GET /api/moderation/queue?region=&limit=&offset= — reported comments no moderator acted on since their
// last report, most reports first.
void handle_queue(ReadPool& pool, const httplib::Request& req, httplib::Response& res) {
    Paging pg;
    if (!paging(req, res, pg)) return;
    int64_t region = 0;
    if (!int_param(req, "region", region) || region < 0)
        return send_error(res, 400, "bad_region", "region is a region id (a whole number)");
    json body = {{"limit", pg.limit}, {"offset", pg.offset}, {"items", json::array()}};
    Status st = pool.with([&](StatementCache& sql) -> Status {
        // TODO(regions): the region and the regions below it.
#define YISHI_QUEUE                                                                                           \
    "SELECT ce.id, c.consultation, count(*) AS reports, max(re.log_index) AS last_report, me.wire "            \
    "FROM reports rp JOIN envelopes ce ON ce.id = rp.target JOIN comments c ON c.log_index = ce.log_index "     \
    "JOIN envelopes re ON re.id = rp.envelope_id "                                                              \
    "LEFT JOIN envelopes me ON me.id = c.moderation_id WHERE (CAST(?1 AS INTEGER) IS NULL OR rp.region = ?1) "             \
    "GROUP BY c.log_index, ce.id, c.consultation, me.wire, me.log_index HAVING me.log_index IS NULL OR me.log_index < max(re.log_index) "
        auto count = sql("SELECT count(*) FROM (" YISHI_QUEUE ") AS queue");
        auto q = sql(YISHI_QUEUE "ORDER BY reports DESC, last_report DESC LIMIT ?2 OFFSET ?3");
#undef YISHI_QUEUE
        for (Query* x : {&count, &q}) {
            if (region > 0) x->bind(1, region); else x->bind_null(1);
        }
        auto total = scalar(std::move(count));
        if (!total) return total.error();
        body["total"] = total.value();
        q.bind(2, pg.limit).bind(3, pg.offset);
        int rc;
        while ((rc = q.step()) == SQLITE_ROW) {
            auto c = read_comment(sql, q.array<kHashSize>(0));
            if (!c) return c.error();
            json item = wire::comment_json(c.value());
            item["consultation"] = q.int64(1);
            item["reports"] = q.int64(2);
            std::string last;
            if (!q.is_null(4))
                if (auto m = payload_of<ModeratePayload>(q.blob(4)))
                    last = m->action == ModerationAction::Hide ? "hide" : "restore";
            item["last_action"] = last;
            body["items"].push_back(std::move(item));
        }
        return rc == SQLITE_DONE ? Status(Ok{}) : Status(Error::StoreQuery);
    });
    finish(res, st, body);
}

// GET /api/moderation/content?region=&kind=needs|feedback|names&limit=&offset= — what else a moderator
// may hide in a region (region exact, as the queue), newest first: needs (proposals, of a consultation
// or of the whole region), feedback texts, and display names (the enrol envelope is the target). Hidden
// ones as readers see them: no text, the moderator's reason, so that they can be restored.
void handle_content(ReadPool& pool, const httplib::Request& req, httplib::Response& res) {
    Paging pg;
    if (!paging(req, res, pg)) return;
    int64_t region = 0;
    if (!int_param(req, "region", region) || region < 1)
        return send_error(res, 400, "bad_region", "region is required: a region id (1 or more)");
    const std::string kind = req.get_param_value("kind");
    if (kind != "needs" && kind != "feedback" && kind != "names")
        return send_error(res, 400, "bad_kind", "kind is needs, feedback or names");
    json body = {{"kind", kind}, {"region", region}, {"limit", pg.limit}, {"offset", pg.offset}, {"items", json::array()}};
    Status st = pool.with([&](StatementCache& sql) -> Status {
        // Columns: target id, consultation, wire (NULL for a name), received_ms, author name, hidden,
        // the moderation's wire.
        const char* count_sql = kind == "needs"    ? "SELECT count(*) FROM proposals WHERE region = ?"
                                : kind == "feedback" ? "SELECT count(*) FROM feedback WHERE region = ?"
                                                     : "SELECT count(*) FROM residents WHERE region = ?";
        auto total = scalar(std::move(sql(count_sql).bind(1, region)));
        if (!total) return total.error();
        body["total"] = total.value();
        auto q = kind == "needs"
            ? sql("SELECT p.id, p.consultation, e.wire, e.received_ms, " YISHI_SHOWN_NAME("r") ", p.hidden, m.wire "
                  "FROM proposals p JOIN envelopes e ON e.id = p.id LEFT JOIN residents r ON r.identity = p.author "
                  "LEFT JOIN envelopes m ON m.id = p.moderation_id WHERE p.region = ?1 "
                  "ORDER BY e.log_index DESC LIMIT ?2 OFFSET ?3")
            : kind == "feedback"
            ? sql("SELECT f.id, 0, e.wire, e.received_ms, '', f.hidden, m.wire "
                  "FROM feedback f JOIN envelopes e ON e.id = f.id LEFT JOIN envelopes m ON m.id = f.moderation_id "
                  "WHERE f.region = ?1 ORDER BY e.log_index DESC LIMIT ?2 OFFSET ?3")
            : sql("SELECT r.enroll_id, 0, NULL, e.received_ms, r.display_name, r.hidden, m.wire "
                  "FROM residents r JOIN envelopes e ON e.id = r.enroll_id LEFT JOIN envelopes m ON m.id = r.moderation_id "
                  "WHERE r.region = ?1 ORDER BY e.log_index DESC LIMIT ?2 OFFSET ?3");
        q.bind(1, region).bind(2, pg.limit).bind(3, pg.offset);
        int rc;
        while ((rc = q.step()) == SQLITE_ROW) {
            const bool hidden = q.int64(5) != 0;
            std::string title, text;
            if (kind == "needs") {
                auto p = payload_of<ProposePayload>(q.blob(2));
                if (!p) return Error::StoreQuery;
                title = p->title, text = p->text;
            } else if (kind == "feedback") {
                auto f = payload_of<FeedbackPayload>(q.blob(2));
                if (!f) return Error::StoreQuery;
                text = f->text;
            } else {
                text = q.text(4);   // the name itself is the text
            }
            json item{{"id", to_hex(q.array<kHashSize>(0))}, {"consultation", q.int64(1)},
                      {"title", hidden ? std::string() : title}, {"text", hidden ? std::string() : text},
                      {"author_name", kind == "needs" ? q.text(4) : std::string()}, {"created_ms", q.int64(3)},
                      {"hidden", hidden}, {"hidden_reason", hidden ? moderation_reason(q, 6) : std::string()}};
            body["items"].push_back(std::move(item));
        }
        return rc == SQLITE_DONE ? Status(Ok{}) : Status(Error::StoreQuery);
    });
    finish(res, st, body);
}

// [SECTION] Organisations

// GET /api/orgs/{id}/consultations?limit=&offset= — the consultations an organisation delivers, newest first.
void handle_org_consultations(ReadPool& pool, const httplib::Request& req, httplib::Response& res) {
    Paging pg;
    if (!paging(req, res, pg)) return;
    const int64_t org = std::stoll(req.matches[1].str());
    json body = {{"org", org}, {"limit", pg.limit}, {"offset", pg.offset}, {"items", json::array()}};
    Status st = pool.with([&](StatementCache& sql) -> Status {
        auto total = scalar(std::move(sql("SELECT count(*) FROM consultation_orgs WHERE org_id = ?").bind(1, org)));
        if (!total) return total.error();
        body["total"] = total.value();
        auto q = sql("SELECT " YISHI_CONSULTATION_COLUMNS "FROM consultation_orgs co JOIN consultations c ON c.id = "
                     "co.consultation JOIN envelopes e ON e.id = c.open_id WHERE co.org_id = ? "
                     "ORDER BY e.log_index DESC LIMIT ? OFFSET ?");
        q.bind(1, org).bind(2, pg.limit).bind(3, pg.offset);
        int rc;
        while ((rc = q.step()) == SQLITE_ROW) {
            auto item = item_now(sql, q);
            if (!item) return item.error();
            body["items"].push_back(std::move(item.value()));
        }
        return rc == SQLITE_DONE ? Status(Ok{}) : Status(Error::StoreQuery);
    });
    finish(res, st, body);
}

}  // namespace

// [SECTION] Route table

void install_consultation_routes(httplib::Server& http, ServerContext& ctx) {
    auto pool = std::make_shared<ReadPool>(ctx.store.handle()->location());
    auto route = [&http, pool](const char* pattern, void (*fn)(ReadPool&, const httplib::Request&, httplib::Response&)) {
        http.Get(pattern, [pool, fn](const httplib::Request& req, httplib::Response& res) { fn(*pool, req, res); });
    };
    route("/api/consultations", handle_list);
    route(R"(/api/consultations/(\d{1,19}))", handle_detail);
    route(R"(/api/consultations/(\d{1,19})/proposals)", handle_proposals);
    route(R"(/api/consultations/(\d{1,19})/comments)", handle_comments);
    route(R"(/api/consultations/(\d{1,19})/participation)", handle_participation);
    route(R"(/api/residents/([0-9A-Fa-f]+))", handle_resident);
    route(R"(/api/authors/([0-9A-Fa-f]+)/envelopes)", handle_author_envelopes);
    route("/api/moderation/queue", handle_queue);
    route("/api/moderation/content", handle_content);
    route(R"(/api/orgs/(\d{1,18})/consultations)", handle_org_consultations);
}

}  // namespace yishi::server
