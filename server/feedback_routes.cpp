// feedback_routes.cpp — the read side of resident feedback (docs/api.md, "Feedback").
//
// GET /api/feedback?region=&status=&limit=&offset=   a committee's queue, oldest first
// GET /api/feedback/stats?region=                      public counts by status and median time to resolve
// GET /api/feedback/{id}                               one item with its history and rating
// GET /api/authors/{hex}/feedback?limit=&offset=       a resident's own feedback, newest first
// Writes never come here: feedback, answers and ratings are signed envelopes (POST /api/submit), applied
// by authorize.cpp. The author's key is shown only on the author's own list, never in the queue.
#include <nlohmann/json.hpp>

#include <charconv>
#include <map>
#include <vector>

#include "routes.hpp"
#include "wire.hpp"
#include "yishi/feedback.hpp"
#include "yishi/sql.hpp"

namespace yishi::server {

using nlohmann::json;
using core::FeedbackStatus;

namespace {

bool u64_param(const httplib::Request& req, const char* name, uint64_t& out) {
    if (!req.has_param(name)) return true;
    const std::string v = req.get_param_value(name);
    auto r = std::from_chars(v.data(), v.data() + v.size(), out);
    return !v.empty() && r.ec == std::errc{} && r.ptr == v.data() + v.size();
}

// The columns read_item reads, from `feedback f` and the moderate envelope `m` of its moderation_id.
#define YISHI_FEEDBACK_ITEM                                                                                   \
    "SELECT f.id, f.category, f.text, f.region, f.status, f.created_ms, f.updated_ms, f.rating, "            \
    "f.rating_remark, f.rated_ms, f.hidden, m.wire FROM feedback f LEFT JOIN envelopes m ON m.id = f.moderation_id "

// Reads a row of YISHI_FEEDBACK_ITEM, plus its history. A text a moderator hid is served as a hidden
// comment is: "" with "hidden" and the moderator's "hidden_reason"; the item keeps its place and status.
wire::FeedbackItem read_item(core::StatementCache& sql, core::Query& q) {
    const core::Hash id = q.array<32>(0);
    wire::FeedbackItem item;
    item.id = core::to_hex(id);
    item.category = static_cast<core::FeedbackCategory>(q.int64(1));
    item.hidden = q.int64(10) != 0;
    item.text = item.hidden ? std::string() : q.text(2);
    item.hidden_reason = item.hidden ? moderation_reason(q, 11) : std::string();
    item.region = static_cast<uint32_t>(q.int64(3));
    item.status = static_cast<FeedbackStatus>(q.int64(4));
    item.created_ms = q.int64(5);
    item.updated_ms = q.int64(6);
    if (!q.is_null(7)) item.rating = wire::FeedbackRating{q.int64(7), q.text(8), q.int64(9)};
    auto h = sql("SELECT status, text, at_ms FROM feedback_history WHERE feedback = ? ORDER BY step");
    h.bind(1, id);
    while (h.step() == SQLITE_ROW)
        item.history.push_back({static_cast<FeedbackStatus>(h.int64(0)), h.text(1), h.int64(2)});
    return item;
}

// A page of the rows of q (YISHI_FEEDBACK_ITEM), each with its history.
wire::FeedbackPage page_of(core::StatementCache& sql, core::Query& q, int64_t total, uint64_t limit, uint64_t offset) {
    wire::FeedbackPage page;
    page.total = total, page.limit = static_cast<int64_t>(limit), page.offset = static_cast<int64_t>(offset);
    while (q.step() == SQLITE_ROW) page.items.push_back(read_item(sql, q));
    return page;
}

bool paging(const httplib::Request& req, httplib::Response& res, uint64_t& limit, uint64_t& offset) {
    if (!u64_param(req, "limit", limit) || !u64_param(req, "offset", offset) || limit == 0 ||
        limit > kFeedbackMaxLimit) {
        send_error(res, 400, "bad_paging", "limit is 1 to " + std::to_string(kFeedbackMaxLimit) +
                                               " and offset a whole number");
        return false;
    }
    return true;
}

void handle_queue(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
    uint64_t region = 0, limit = kFeedbackDefaultLimit, offset = 0;
    if (!req.has_param("region") || !u64_param(req, "region", region) || region == 0 || region > 0xFFFFFFFFu)
        return send_error(res, 400, "bad_region", "region is required: the community's region id (1 or more)");
    int64_t status = 0;   // 0 = every status
    if (req.has_param("status")) {
        auto s = core::parse_feedback_status(req.get_param_value("status"));
        if (!s)
            return send_error(res, 400, "bad_status",
                              "status must be received, accepted, in_progress, resolved or declined");
        status = static_cast<uint8_t>(*s);
    }
    if (!paging(req, res, limit, offset)) return;
    std::lock_guard lock(ctx.store_mutex);
    core::StatementCache sql(ctx.store.handle());
    auto count = sql("SELECT count(*) FROM feedback WHERE region = ?1 AND (?2 = 0 OR status = ?2)");
    if (count.bind(1, static_cast<int64_t>(region)).bind(2, status).step() != SQLITE_ROW)
        return send_core_error(res, core::Error::StoreQuery);
    const int64_t total = count.int64(0);
    auto q = sql(YISHI_FEEDBACK_ITEM "WHERE f.region = ?1 AND (?2 = 0 OR f.status = ?2) "
                 "ORDER BY f.created_ms, f.id LIMIT ?3 OFFSET ?4");
    q.bind(1, static_cast<int64_t>(region)).bind(2, status).bind(3, static_cast<int64_t>(limit))
        .bind(4, static_cast<int64_t>(offset));
    send_json(res, wire::feedback_page_json(page_of(sql, q, total, limit, offset)));
}

void handle_one(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
    auto bytes = core::from_hex(req.matches[1].str());
    if (!bytes || bytes->size() != 32) return send_error(res, 400, "bad_id", "a feedback id is 64 hex digits");
    std::lock_guard lock(ctx.store_mutex);
    core::StatementCache sql(ctx.store.handle());
    auto q = sql(YISHI_FEEDBACK_ITEM "WHERE f.id = ?");
    const int rc = q.bind(1, core::ByteView(*bytes)).step();
    if (rc == SQLITE_DONE) return send_error(res, 404, "feedback_not_found", "no feedback has this id");
    if (rc != SQLITE_ROW) return send_core_error(res, core::Error::StoreQuery);
    send_json(res, wire::feedback_item_json(read_item(sql, q)));
}

void handle_author(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
    auto key = core::from_hex(req.matches[1].str());
    if (!key || key->size() != core::kPublicKeySize)
        return send_error(res, 400, "bad_key", "the author is 64 hex digits (an Ed25519 public key)");
    uint64_t limit = kFeedbackDefaultLimit, offset = 0;
    if (!paging(req, res, limit, offset)) return;
    std::lock_guard lock(ctx.store_mutex);
    core::StatementCache sql(ctx.store.handle());
    auto count = sql("SELECT count(*) FROM feedback WHERE author = ?");
    if (count.bind(1, core::ByteView(*key)).step() != SQLITE_ROW) return send_core_error(res, core::Error::StoreQuery);
    const int64_t total = count.int64(0);
    auto q = sql(YISHI_FEEDBACK_ITEM "WHERE f.author = ?1 ORDER BY f.created_ms DESC, f.id LIMIT ?2 OFFSET ?3");
    q.bind(1, core::ByteView(*key)).bind(2, static_cast<int64_t>(limit)).bind(3, static_cast<int64_t>(offset));
    wire::FeedbackPage page = page_of(sql, q, total, limit, offset);
    page.author = core::to_hex(*key);
    send_json(res, wire::feedback_page_json(page));
}

// Per community (region): counts by status, ratings, and the median time from received to resolved.
void handle_stats(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
    uint64_t region = 0;
    if (!u64_param(req, "region", region) || region > 0xFFFFFFFFu)
        return send_error(res, 400, "bad_region", "region is a region id (1 or more); leave it out for every community");
    std::lock_guard lock(ctx.store_mutex);
    core::StatementCache sql(ctx.store.handle());
    std::map<int64_t, json> communities;
    std::map<int64_t, std::vector<int64_t>> durations;
    auto fresh = [](int64_t r) {
        json counts = json::object();
        for (FeedbackStatus s : core::kFeedbackStatuses) counts[std::string(core::feedback_status_code(s))] = 0;
        return json{{"region", r}, {"total", 0}, {"counts", counts}, {"rated", 0}, {"mean_rating", nullptr},
                    {"median_resolve_ms", nullptr}};
    };
    if (region != 0) {
        communities.emplace(static_cast<int64_t>(region), fresh(static_cast<int64_t>(region)));
    } else {   // every community with a committee appears, with zeros if nobody has written yet
        auto c = sql("SELECT DISTINCT region FROM roles WHERE role = 'committee'");
        while (c.step() == SQLITE_ROW) communities.emplace(c.int64(0), fresh(c.int64(0)));
    }
    auto q = sql("SELECT region, status, count(*) FROM feedback WHERE ?1 = 0 OR region = ?1 GROUP BY region, status");
    q.bind(1, static_cast<int64_t>(region));
    while (q.step() == SQLITE_ROW) {
        auto [it, _] = communities.try_emplace(q.int64(0), fresh(q.int64(0)));
        it->second["counts"][std::string(core::feedback_status_code(static_cast<FeedbackStatus>(q.int64(1))))] = q.int64(2);
        it->second["total"] = it->second["total"].get<int64_t>() + q.int64(2);
    }
    auto r = sql("SELECT region, count(rating), sum(rating) FROM feedback WHERE (?1 = 0 OR region = ?1) "
                 "AND rating IS NOT NULL GROUP BY region");
    r.bind(1, static_cast<int64_t>(region));
    while (r.step() == SQLITE_ROW) {
        auto it = communities.find(r.int64(0));
        if (it == communities.end()) continue;
        it->second["rated"] = r.int64(1);
        it->second["mean_rating"] = static_cast<double>(r.int64(2)) / static_cast<double>(r.int64(1));
    }
    auto d = sql("SELECT region, resolved_ms - created_ms FROM feedback WHERE (?1 = 0 OR region = ?1) "
                 "AND status = 3 AND resolved_ms IS NOT NULL");
    d.bind(1, static_cast<int64_t>(region));
    while (d.step() == SQLITE_ROW) durations[d.int64(0)].push_back(d.int64(1));
    json out = json::array();
    for (auto& [reg, c] : communities) {
        if (auto m = core::median_ms(std::move(durations[reg]))) c["median_resolve_ms"] = *m;
        out.push_back(std::move(c));
    }
    send_json(res, {{"communities", std::move(out)}});
}

}  // namespace

void install_feedback_routes(httplib::Server& http, ServerContext& ctx) {
    http.Get("/api/feedback", [&ctx](const httplib::Request& req, httplib::Response& res) { handle_queue(ctx, req, res); });
    http.Get("/api/feedback/stats", [&ctx](const httplib::Request& req, httplib::Response& res) {
        handle_stats(ctx, req, res);
    });
    http.Get(R"(/api/feedback/([0-9A-Fa-f]+))", [&ctx](const httplib::Request& req, httplib::Response& res) {
        handle_one(ctx, req, res);
    });
    http.Get(R"(/api/authors/([0-9A-Fa-f]+)/feedback)", [&ctx](const httplib::Request& req, httplib::Response& res) {
        handle_author(ctx, req, res);
    });
}

}  // namespace yishi::server
