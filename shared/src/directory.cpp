// directory.cpp — organisation model helpers and the in-memory name index (see directory.hpp).
//
// Ranking of a name match, best first: the name equals the query; the name starts with it; the
// match appears earlier; active before deregistered/revoked; shorter names; lower id. An empty
// query lists everything that passes the filters by district, then name (UTF-8 order).
// Credit-code queries (4+ ASCII letters/digits) match codes by prefix and rank before name hits.
#include "yishi/directory.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

#include "yishi/utf8.hpp"

namespace yishi::core {

// [SECTION] Enumerations and their names

namespace {

struct TypeName { OrgType type; std::string_view code, label; };
constexpr TypeName kTypes[] = {
    {OrgType::SocialGroup, "social_group", "社会团体"},
    {OrgType::SocialService, "social_service", "社会服务机构"},
    {OrgType::Foundation, "foundation", "基金会"},
    {OrgType::Community, "community", "社区社会组织"},
};
struct StatusName { OrgStatus status; std::string_view code, label; };
constexpr StatusName kStatuses[] = {
    {OrgStatus::Active, "active", "正常"},
    {OrgStatus::Deregistered, "deregistered", "注销"},
    {OrgStatus::Revoked, "revoked", "撤销"},
};

}  // namespace

std::string_view org_type_code(OrgType t) { return kTypes[static_cast<int>(t)].code; }
std::string_view org_type_label(OrgType t) { return kTypes[static_cast<int>(t)].label; }

std::optional<OrgType> parse_org_type(std::string_view s) {
    for (const auto& t : kTypes)
        if (s == t.code || s == t.label) return t.type;
    if (s == "民办非企业单位" || s == "社会服务机构（民办非企业单位）" || s == "社会服务机构(民办非企业单位)")
        return OrgType::SocialService;
    if (s == "社区社会组织（备案）" || s == "社区社会组织(备案)" || s == "备案") return OrgType::Community;
    return std::nullopt;
}

std::string_view org_status_code(OrgStatus s) { return kStatuses[static_cast<int>(s)].code; }
std::string_view org_status_label(OrgStatus s) { return kStatuses[static_cast<int>(s)].label; }

std::optional<OrgStatus> parse_org_status(std::string_view s) {
    for (const auto& st : kStatuses)
        if (s == st.code || s == st.label) return st.status;
    return std::nullopt;
}

const std::vector<std::string_view>& org_categories() {
    static const std::vector<std::string_view> kCategories = {
        "养老", "托幼", "助残", "医疗保健", "文体娱乐", "家政", "教育", "环保", "法律援助", "志愿服务",
        "社区治理", "心理咨询", "青少年服务", "慈善救助", "邻里互助"};
    return kCategories;
}

namespace {

char32_t fold(char32_t c) { return c < 0x80 ? static_cast<char32_t>(std::tolower(static_cast<int>(c))) : c; }

}  // namespace

// [SECTION] Index

namespace {

uint64_t pair_key(char32_t a, char32_t b) { return static_cast<uint64_t>(a) << 32 | b; }

bool looks_like_code_query(std::string_view q) {
    if (q.size() < 4 || q.size() > 18) return false;
    return std::all_of(q.begin(), q.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
}

// Smaller keys rank first.
struct Rank {
    uint32_t group;     // 0 code match, 1 exact name, 2 name prefix, 3 substring, 4 listing
    uint32_t position;  // where the match starts in the name
    uint32_t inactive;  // 0 for active organisations
    uint32_t length;    // name length in code points
    uint32_t index;     // position in orgs_ (stable tie-break; ids ascend with it)
    bool operator<(const Rank& o) const {
        return std::tie(group, position, inactive, length, index) <
               std::tie(o.group, o.position, o.inactive, o.length, o.index);
    }
};

}  // namespace

uint32_t DirectoryIndex::intern_district(const std::string& d) {
    return districts_.emplace(d, static_cast<uint32_t>(districts_.size())).first->second;
}

void DirectoryIndex::build(std::vector<Org> orgs) {
    std::sort(orgs.begin(), orgs.end(), [](const Org& a, const Org& b) { return a.id < b.id; });
    orgs_ = std::move(orgs);
    facts_.clear();
    names_.clear();
    districts_.clear();
    categories_.clear();
    unigrams_.clear();
    bigrams_.clear();
    by_id_.clear();
    names_.reserve(orgs_.size());
    facts_.reserve(orgs_.size());
    for (uint32_t i = 0; i < orgs_.size(); ++i) {
        const Org& o = orgs_[i];
        std::u32string name = to_code_points(o.name);
        for (char32_t& c : name) c = fold(c);
        for (uint32_t k = 0; k < name.size(); ++k) {
            auto& uni = unigrams_[name[k]];
            if (uni.empty() || uni.back().org != i) uni.push_back({i, k});
            if (k + 1 < name.size()) {
                auto& bi = bigrams_[pair_key(name[k], name[k + 1])];
                if (bi.empty() || bi.back().org != i) bi.push_back({i, k});
            }
        }
        Facts f{static_cast<uint32_t>(name.size()), intern_district(o.district), 0,
                static_cast<uint8_t>(o.type), static_cast<uint8_t>(o.status)};
        for (const auto& c : o.categories) {
            auto [it, fresh] = categories_.emplace(c, static_cast<uint32_t>(categories_.size()));
            if (it->second < 64) f.categories |= uint64_t{1} << it->second;
        }
        facts_.push_back(f);
        by_id_[o.id] = i;
        names_.push_back(std::move(name));
    }
}

const Org* DirectoryIndex::find(int64_t id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : &orgs_[it->second];
}

std::vector<std::string> DirectoryIndex::districts() const {
    std::vector<std::string> out;
    for (const auto& [name, id] : districts_) out.push_back(name);
    std::sort(out.begin(), out.end());
    return out;
}

OrgHits DirectoryIndex::search(const OrgQuery& query) const {
    std::u32string q = to_code_points(query.q);
    for (char32_t& c : q) c = fold(c);
    while (!q.empty() && q.back() == U' ') q.pop_back();
    while (!q.empty() && q.front() == U' ') q.erase(q.begin());

    // Filters, resolved once to the packed facts. An unknown district or category matches nothing;
    // a category beyond the first 64 interned falls back to the organisation's own list.
    std::optional<uint32_t> district;
    if (!query.district.empty()) {
        auto it = districts_.find(query.district);
        district = it == districts_.end() ? UINT32_MAX : it->second;
    }
    uint64_t category_bit = 0;
    bool category_slow = false, category_unknown = false;
    if (!query.category.empty()) {
        auto it = categories_.find(query.category);
        if (it == categories_.end()) category_unknown = true;
        else if (it->second < 64) category_bit = uint64_t{1} << it->second;
        else category_slow = true;
    }
    auto passes = [&](uint32_t i) {
        const Facts& f = facts_[i];
        if (district && f.district != *district) return false;
        if (query.type && f.type != static_cast<uint8_t>(*query.type)) return false;
        if (query.status && f.status != static_cast<uint8_t>(*query.status)) return false;
        if (category_unknown) return false;
        if (category_bit && !(f.categories & category_bit)) return false;
        if (category_slow) {
            const auto& cats = orgs_[i].categories;
            if (std::find(cats.begin(), cats.end(), query.category) == cats.end()) return false;
        }
        return true;
    };

    std::vector<Rank> ranked;
    auto consider = [&](uint32_t i, uint32_t group, uint32_t position) {
        if (!passes(i)) return;
        const Facts& f = facts_[i];
        ranked.push_back({group, position, f.status == static_cast<uint8_t>(OrgStatus::Active) ? 0u : 1u,
                          f.name_length, i});
    };

    std::vector<bool> code_hit;
    if (q.empty()) {
        for (uint32_t i = 0; i < orgs_.size(); ++i) consider(i, 4, 0);
    } else {
        if (looks_like_code_query(query.q)) {
            std::string prefix;
            for (char c : query.q) prefix += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            code_hit.assign(orgs_.size(), false);
            for (uint32_t i = 0; i < orgs_.size(); ++i)
                if (orgs_[i].credit_code.compare(0, prefix.size(), prefix) == 0) code_hit[i] = true, consider(i, 0, 0);
        }
        // Candidates: the postings of the character (one-character query) or of the rarest pair.
        // For one and two characters the posting already says where the first match is.
        const std::vector<Posting>* candidates = nullptr;
        static const std::vector<Posting> kNone;
        if (q.size() == 1) {
            auto it = unigrams_.find(q[0]);
            candidates = it == unigrams_.end() ? &kNone : &it->second;
        } else {
            for (size_t k = 0; k + 1 < q.size(); ++k) {
                auto it = bigrams_.find(pair_key(q[k], q[k + 1]));
                if (it == bigrams_.end()) { candidates = &kNone; break; }
                if (!candidates || it->second.size() < candidates->size()) candidates = &it->second;
            }
        }
        ranked.reserve(candidates->size());
        for (const Posting& p : *candidates) {
            if (!code_hit.empty() && code_hit[p.org]) continue;
            size_t at = p.position;
            if (q.size() > 2) {
                at = names_[p.org].find(q);
                if (at == std::u32string::npos) continue;  // the pairs occur, but not together
            }
            const uint32_t length = facts_[p.org].name_length;
            consider(p.org, length == q.size() ? 1 : at == 0 ? 2 : 3, static_cast<uint32_t>(at));
        }
    }

    OrgHits hits;
    hits.total = ranked.size();
    const size_t limit = std::min(query.limit, kOrgSearchMaxLimit);
    const size_t begin = std::min(query.offset, ranked.size());
    const size_t end = std::min(begin + limit, ranked.size());
    if (q.empty()) {
        // A listing: by district, then name.
        auto listing_less = [&](const Rank& a, const Rank& b) {
            const Org &x = orgs_[a.index], &y = orgs_[b.index];
            return std::tie(x.district, x.name, x.id) < std::tie(y.district, y.name, y.id);
        };
        std::partial_sort(ranked.begin(), ranked.begin() + end, ranked.end(), listing_less);
    } else {
        std::partial_sort(ranked.begin(), ranked.begin() + end, ranked.end());
    }
    for (size_t k = begin; k < end; ++k) hits.items.push_back(&orgs_[ranked[k].index]);
    return hits;
}

}  // namespace yishi::core
