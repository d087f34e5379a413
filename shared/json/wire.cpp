// wire.cpp — the API's JSON codecs (see wire.hpp). No exceptions: every read is type-checked.
#include "wire.hpp"

#include "yishi/canonical_json.hpp"
#include "yishi/consultation_tally.hpp"
#include "yishi/crypto.hpp"

namespace yishi::wire {

using core::Error;
using core::Result;

// [SECTION] Reading JSON

json parse_json(std::string_view text) { return json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false); }

const json& json_field(const json& j, const char* key) {
    static const json kNull;
    if (!j.is_object()) return kNull;
    auto it = j.find(key);
    return it == j.end() ? kNull : *it;
}

std::string json_str(const json& j, const char* key) {
    const json& f = json_field(j, key);
    return f.is_string() ? f.get<std::string>() : std::string();
}

int64_t json_int(const json& j, const char* key) {
    const json& f = json_field(j, key);
    if (f.is_number_unsigned()) return static_cast<int64_t>(f.get<uint64_t>());
    return f.is_number_integer() ? f.get<int64_t>() : 0;
}

bool json_bool(const json& j, const char* key) {
    const json& f = json_field(j, key);
    return f.is_boolean() && f.get<bool>();
}

const json* FieldReader::field(const char* key) {
    if (!ok_) return nullptr;
    auto it = j_.find(key);
    if (it == j_.end()) ok_ = false;
    return ok_ ? &*it : nullptr;
}

std::string FieldReader::str(const char* key) {
    const json* f = field(key);
    if (f && f->is_string()) return f->get<std::string>();
    ok_ = false;
    return {};
}

std::string FieldReader::opt_str(const char* key) {
    if (!ok_) return {};
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    ok_ = false;
    return {};
}

std::optional<std::string> FieldReader::maybe_str(const char* key) {
    if (!ok_) return std::nullopt;
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return std::nullopt;
    if (it->is_string()) return it->get<std::string>();
    ok_ = false;
    return std::nullopt;
}

std::optional<bool> FieldReader::maybe_bool(const char* key) {
    if (!ok_) return std::nullopt;
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return std::nullopt;
    if (it->is_boolean()) return it->get<bool>();
    ok_ = false;
    return std::nullopt;
}

int64_t FieldReader::i64(const char* key) {
    const json* f = field(key);
    if (f && f->is_number_integer() && !(f->is_number_unsigned() && f->get<uint64_t>() > uint64_t(INT64_MAX)))
        return f->get<int64_t>();
    ok_ = false;
    return 0;
}

uint64_t FieldReader::u64(const char* key) {
    const json* f = field(key);
    if (f && f->is_number_unsigned()) return f->get<uint64_t>();
    ok_ = false;
    return 0;
}

bool FieldReader::boolean(const char* key) {
    const json* f = field(key);
    if (f && f->is_boolean()) return f->get<bool>();
    ok_ = false;
    return false;
}

double FieldReader::number(const char* key) {
    const json* f = field(key);
    if (f && f->is_number()) return f->get<double>();
    ok_ = false;
    return 0;
}

std::optional<uint64_t> FieldReader::nullable_u64(const char* key) {
    const json* f = field(key);
    if (f && f->is_number_unsigned()) return f->get<uint64_t>();
    if (!f || !f->is_null()) ok_ = false;
    return std::nullopt;
}

std::optional<double> FieldReader::nullable_number(const char* key) {
    const json* f = field(key);
    if (f && f->is_number()) return f->get<double>();
    if (!f || !f->is_null()) ok_ = false;
    return std::nullopt;
}

const json& FieldReader::object(const char* key) {
    static const json kEmpty = json::object();
    const json* f = field(key);
    if (f && f->is_object()) return *f;
    ok_ = false;
    return kEmpty;
}

std::optional<std::string> FieldReader::nullable_str(const char* key) {
    const json& f = nullable(key);
    if (f.is_string()) return f.get<std::string>();
    if (!f.is_null()) ok_ = false;
    return std::nullopt;
}

const json& FieldReader::nullable(const char* key) {
    static const json kNull;
    const json* f = field(key);
    return f ? *f : kNull;
}

const json& FieldReader::array(const char* key) {
    static const json kEmpty = json::array();
    const json* f = field(key);
    if (f && f->is_array()) return *f;
    ok_ = false;
    return kEmpty;
}

namespace {

// Each item of a list answer's "items" decoded by `decode`; the first that fails spoils the answer.
template <class T>
Result<std::vector<T>> decode_items(const json& items, Result<T> (*decode)(const json&)) {
    std::vector<T> out;
    out.reserve(items.size());
    for (const auto& x : items) {
        auto item = decode(x);
        if (!item) return item.error();
        out.push_back(std::move(item.value()));
    }
    return out;
}

// A paged list answer: its paging fields, `extra` for the page's own (FieldReader&, Page&), then each
// item decoded by `decode`; BadAnswer when the body is not one.
template <class PageT, class T, class Extra>
Result<PageT> decode_page(std::string_view body, Result<T> (*decode)(const json&), Extra extra) {
    const json b = parse_json(body);
    FieldReader f(b);
    PageT page;
    page.limit = f.i64("limit"), page.offset = f.i64("offset"), page.total = f.i64("total");
    extra(f, page);
    const json& items = f.array("items");
    if (!f.ok()) return Error::BadAnswer;
    auto decoded = decode_items(items, decode);
    if (!decoded) return decoded.error();
    page.items = std::move(decoded.value());
    return page;
}

}  // namespace

// [SECTION] Error body

json error_json(std::string_view code, std::string_view message) {
    return {{"error", {{"code", code}, {"message", message}}}};
}

std::string error_code_of(int status, std::string_view body) {
    const std::string code = json_str(json_field(parse_json(body), "error"), "code");
    if (!code.empty()) return code;
    return status == 0 ? "offline" : "http_" + std::to_string(status);
}

std::string error_message_of(std::string_view body) { return json_str(json_field(parse_json(body), "error"), "message"); }

// [SECTION] Organisation

json org_json(const core::Org& o) {
    return {{"id", o.id},
            {"name", o.name},
            {"credit_code", o.credit_code},
            {"type", core::org_type_code(o.type)},
            {"type_label", core::org_type_label(o.type)},
            {"authority", o.authority},
            {"level", o.level},
            {"district", o.district},
            {"community", o.community},
            {"categories", o.categories},
            {"address", o.address},
            {"contact", o.contact},
            {"status", core::org_status_code(o.status)},
            {"status_label", core::org_status_label(o.status)},
            {"registered_on", o.registered_on},
            {"volunteers", o.volunteers},
            {"description", o.description},
            {"rating", o.rating},
            {"charity", o.charity},
            {"supervisor", o.supervisor},
            {"representative", o.representative},
            {"abnormal", o.abnormal},
            {"seq", o.updated_seq}};
}

Result<core::Org> decode_org(const json& j) {
    FieldReader f(j);
    core::Org o;
    o.id = f.i64("id");
    for (auto [field, key] : {std::pair{&o.name, "name"}, {&o.credit_code, "credit_code"}, {&o.authority, "authority"},
                              {&o.level, "level"}, {&o.district, "district"}, {&o.community, "community"},
                              {&o.address, "address"}, {&o.contact, "contact"}, {&o.registered_on, "registered_on"},
                              {&o.description, "description"}, {&o.rating, "rating"}, {&o.supervisor, "supervisor"},
                              {&o.representative, "representative"}})
        *field = f.str(key);
    o.charity = f.boolean("charity");
    o.abnormal = f.boolean("abnormal");
    auto type = core::parse_org_type(f.str("type"));
    auto status = core::parse_org_status(f.str("status"));
    for (const auto& c : f.array("categories")) {
        if (!c.is_string()) return Error::BadAnswer;
        o.categories.push_back(c.get<std::string>());
    }
    o.volunteers = f.i64("volunteers");
    o.updated_seq = f.i64("seq");
    if (!f.ok() || !type || !status) return Error::BadAnswer;
    o.type = *type;
    o.status = *status;
    return o;
}

Result<std::vector<core::Org>> decode_org_list(const json& body) {
    FieldReader f(body);
    const json& items = f.array("items");
    if (!f.ok()) return Error::BadAnswer;
    return decode_items(items, decode_org);
}

// [SECTION] Consultation summary

std::optional<core::Stage> parse_stage(std::string_view name) {
    for (auto s : {core::Stage::CollectNeeds, core::Stage::Deliberate, core::Stage::Vote, core::Stage::Evaluate,
                   core::Stage::Closed})
        if (core::stage_name(s) == name) return s;
    return std::nullopt;
}

std::optional<core::VotingMethod> parse_method(std::string_view name) {
    for (auto m : {core::VotingMethod::Plurality, core::VotingMethod::Approval, core::VotingMethod::Ranked,
                   core::VotingMethod::Score, core::VotingMethod::Budget, core::VotingMethod::YesNo})
        if (core::method_name(m) == name) return m;
    return std::nullopt;
}

json consultation_summary_json(const ConsultationSummary& c) {
    json schedule = json::array();
    for (const core::StageStart& s : c.schedule)
        schedule.push_back({{"stage", core::stage_name(s.stage)}, {"starts_ms", s.starts_ms}});
    return {{"id", c.id}, {"region", c.region}, {"region_name", c.region_name},
            {"title", c.title}, {"stage", core::stage_name(c.stage)}, {"started", c.started},
            {"method", core::method_name(c.method)}, {"schedule", std::move(schedule)},
            {"opened_ms", c.opened_ms}, {"comments", c.comments}, {"proposals", c.proposals},
            {"ballots", c.ballots}};
}

Result<ConsultationSummary> decode_consultation_summary(const json& j) {
    FieldReader f(j);
    ConsultationSummary c;
    c.id = f.u64("id");
    const uint64_t region = f.u64("region");
    c.region_name = f.str("region_name");
    c.title = f.str("title");
    auto stage = parse_stage(f.str("stage"));
    c.started = f.boolean("started");
    auto method = parse_method(f.str("method"));
    for (const auto& s : f.array("schedule")) {
        FieldReader fs(s);
        auto at = parse_stage(fs.str("stage"));
        const int64_t starts = fs.i64("starts_ms");
        if (!fs.ok() || !at) return Error::BadAnswer;
        c.schedule.push_back({*at, starts});
    }
    c.opened_ms = f.i64("opened_ms");
    c.comments = f.i64("comments"), c.proposals = f.i64("proposals"), c.ballots = f.i64("ballots");
    if (!f.ok() || !stage || !method || region > UINT32_MAX) return Error::BadAnswer;
    c.region = static_cast<uint32_t>(region);
    c.stage = *stage;
    c.method = *method;
    return c;
}

Result<std::vector<ConsultationSummary>> decode_consultation_list(std::string_view body) {
    const json b = parse_json(body);
    FieldReader f(b);
    const json& items = f.array("items");
    if (!f.ok()) return Error::BadAnswer;
    return decode_items(items, decode_consultation_summary);
}

// [SECTION] Comment page

std::string_view stance_name(core::Stance s) {
    return s == core::Stance::For ? "for" : s == core::Stance::Against ? "against" : "neutral";
}

std::optional<core::Stance> parse_stance(std::string_view name) {
    for (core::Stance s : {core::Stance::Neutral, core::Stance::For, core::Stance::Against})
        if (name == stance_name(s)) return s;
    return std::nullopt;
}

json comment_json(const Comment& c) {
    json out{{"id", c.id}, {"parent", c.parent}, {"depth", c.depth}, {"stance", stance_name(c.stance)},
             {"text", c.text}, {"author_name", c.author_name}, {"created_ms", c.created_ms}, {"agree", c.agree},
             {"disagree", c.disagree}, {"pass", c.pass}, {"replies", c.replies}, {"hidden", c.hidden},
             {"hidden_reason", c.hidden_reason},
             {"author_committee", c.author_committee.empty() ? json(nullptr) : json(c.author_committee)}};
    if (c.mine) out["mine"] = *c.mine;
    if (c.reported) out["reported"] = *c.reported;
    return out;
}

json comment_page_json(const CommentPage& page) {
    json items = json::array();
    for (const Comment& c : page.items) items.push_back(comment_json(c));
    return {{"limit", page.limit}, {"offset", page.offset}, {"sort", page.sort}, {"total", page.total},
            {"items", std::move(items)}};
}

Result<Comment> decode_comment(const json& j) {
    FieldReader f(j);
    Comment c;
    c.id = f.str("id"), c.parent = f.str("parent");
    c.depth = f.i64("depth");
    auto stance = parse_stance(f.str("stance"));
    c.text = f.str("text"), c.author_name = f.str("author_name");
    c.created_ms = f.i64("created_ms");
    c.agree = f.i64("agree"), c.disagree = f.i64("disagree"), c.pass = f.i64("pass"), c.replies = f.i64("replies");
    c.hidden = f.boolean("hidden");
    c.hidden_reason = f.str("hidden_reason");
    c.author_committee = f.opt_str("author_committee");
    c.mine = f.maybe_str("mine"), c.reported = f.maybe_bool("reported");
    if (!f.ok() || !stance) return Error::BadAnswer;
    c.stance = *stance;
    return c;
}

Result<CommentPage> decode_comment_page(std::string_view body) {
    return decode_page<CommentPage>(body, decode_comment, [](FieldReader& f, CommentPage& p) { p.sort = f.str("sort"); });
}

// [SECTION] Proposal page

json proposal_json(const Proposal& p) {
    json out{{"id", p.id}, {"title", p.title}, {"text", p.text}, {"author_name", p.author_name},
             {"created_ms", p.created_ms}, {"support", p.support},
             {"author_committee", p.author_committee.empty() ? json(nullptr) : json(p.author_committee)},
             {"hidden", p.hidden}, {"hidden_reason", p.hidden_reason}};
    if (p.mine) out["mine"] = *p.mine;
    return out;
}

json proposal_page_json(const ProposalPage& page) {
    json items = json::array();
    for (const Proposal& p : page.items) items.push_back(proposal_json(p));
    return {{"limit", page.limit}, {"offset", page.offset}, {"total", page.total}, {"items", std::move(items)}};
}

Result<Proposal> decode_proposal(const json& j) {
    FieldReader f(j);
    Proposal p;
    p.id = f.str("id"), p.title = f.str("title"), p.text = f.str("text"), p.author_name = f.str("author_name");
    p.created_ms = f.i64("created_ms"), p.support = f.i64("support");
    p.author_committee = f.opt_str("author_committee");
    p.hidden = f.boolean("hidden");
    p.hidden_reason = f.str("hidden_reason");
    p.mine = f.maybe_str("mine");
    if (!f.ok()) return Error::BadAnswer;
    return p;
}

Result<ProposalPage> decode_proposal_page(std::string_view body) {
    return decode_page<ProposalPage>(body, decode_proposal, [](FieldReader&, ProposalPage&) {});
}

// [SECTION] Feedback

json feedback_item_json(const FeedbackItem& f) {
    json history = json::array();
    for (const FeedbackStep& h : f.history)
        history.push_back({{"status", core::feedback_status_code(h.status)}, {"text", h.text}, {"at_ms", h.at_ms}});
    return {{"id", f.id}, {"category", core::feedback_category_code(f.category)}, {"text", f.text},
            {"hidden", f.hidden}, {"hidden_reason", f.hidden_reason}, {"region", f.region},
            {"status", core::feedback_status_code(f.status)}, {"created_ms", f.created_ms},
            {"updated_ms", f.updated_ms},
            {"rating", f.rating ? json{{"score", f.rating->score}, {"remark", f.rating->remark}, {"at_ms", f.rating->at_ms}}
                                : json(nullptr)},
            {"history", std::move(history)}};
}

json feedback_page_json(const FeedbackPage& page) {
    json items = json::array();
    for (const FeedbackItem& f : page.items) items.push_back(feedback_item_json(f));
    json out{{"total", page.total}, {"limit", page.limit}, {"offset", page.offset}, {"items", std::move(items)}};
    if (page.author) out["author"] = *page.author;
    return out;
}

Result<FeedbackItem> decode_feedback_item(const json& j) {
    FieldReader f(j);
    FeedbackItem it;
    it.id = f.str("id");
    auto category = core::parse_feedback_category(f.str("category"));
    it.text = f.str("text");
    it.hidden = f.boolean("hidden");
    it.hidden_reason = f.str("hidden_reason");
    const uint64_t region = f.u64("region");
    auto status = core::parse_feedback_status(f.str("status"));
    it.created_ms = f.i64("created_ms"), it.updated_ms = f.i64("updated_ms");
    if (const json& rating = f.nullable("rating"); !rating.is_null()) {
        FieldReader fr(rating);
        it.rating = FeedbackRating{fr.i64("score"), fr.str("remark"), fr.i64("at_ms")};
        if (!fr.ok()) return Error::BadAnswer;
    }
    for (const json& h : f.array("history")) {
        FieldReader fh(h);
        auto at = core::parse_feedback_status(fh.str("status"));
        it.history.push_back({at.value_or(core::FeedbackStatus::Received), fh.str("text"), fh.i64("at_ms")});
        if (!fh.ok() || !at) return Error::BadAnswer;
    }
    if (!f.ok() || !category || !status || region > UINT32_MAX) return Error::BadAnswer;
    it.category = *category;
    it.status = *status;
    it.region = static_cast<uint32_t>(region);
    return it;
}

Result<FeedbackPage> decode_feedback_page(std::string_view body) {
    return decode_page<FeedbackPage>(body, decode_feedback_item,
                                     [](FieldReader& f, FeedbackPage& p) { p.author = f.maybe_str("author"); });
}

// [SECTION] Receipt

namespace {

void append_hex(std::string& out, const core::Hash& h) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    for (const uint8_t b : h) {
        out += kHex[b >> 4];
        out += kHex[b & 15];
    }
    out += '"';
}

}  // namespace

// Written straight into one string (it answers every submission: no JSON tree). Keys in the order
// nlohmann's std::map gives them (alphabetical), so the bytes are those json::dump() would produce.
// `duplicate`: included only for /api/submit answers.
std::string receipt_body(const core::Receipt& r, const core::Hash& envelope_id, std::optional<bool> duplicate) {
    std::string out;
    out.reserve(256 + r.checkpoint.size() + r.inclusion_proof.size() * 67);
    out += "{\"checkpoint\":";
    core::append_canonical_string(out, r.checkpoint);   // as nlohmann's dump() writes it (protocol §4a)
    if (duplicate) out += *duplicate ? ",\"duplicate\":true" : ",\"duplicate\":false";
    out += ",\"envelope_id\":";
    append_hex(out, envelope_id);
    out += ",\"inclusion_proof\":[";
    for (size_t i = 0; i < r.inclusion_proof.size(); ++i) {
        if (i) out += ',';
        append_hex(out, r.inclusion_proof[i]);
    }
    out += "],\"leaf_hash\":";
    append_hex(out, r.leaf_hash);
    out += ",\"log_index\":";
    out += std::to_string(r.log_index);
    out += '}';
    return out;
}

Result<std::vector<core::Hash>> decode_hashes(const json& j) {
    if (!j.is_array()) return Error::BadAnswer;
    std::vector<core::Hash> out;
    out.reserve(j.size());
    for (const auto& h : j) {
        auto x = core::from_hex_array<core::kHashSize>(h.is_string() ? h.get<std::string>() : std::string());
        if (!x) return Error::BadAnswer;
        out.push_back(*x);
    }
    return out;
}

Result<core::Receipt> decode_receipt(std::string_view body) {
    const json b = parse_json(body);
    FieldReader f(b);
    core::Receipt r;
    r.checkpoint = f.str("checkpoint");
    r.log_index = f.u64("log_index");
    auto leaf = core::from_hex_array<core::kHashSize>(f.str("leaf_hash"));
    auto proof = decode_hashes(f.array("inclusion_proof"));
    if (!f.ok() || !leaf || !proof) return Error::BadAnswer;
    r.leaf_hash = *leaf;
    r.inclusion_proof = std::move(proof.value());
    return r;
}

}  // namespace yishi::wire
