// directory.cpp — organisation model helpers, the category words, and the in-memory index (see
// directory.hpp).
//
// Index of this file
//   [SECTION] Enumerations and their names
//   [SECTION] Category words (the curated synonym table)
//   [SECTION] Index: build
//   [SECTION] Index: search
//
// Ranking, best first, in groups: credit-code prefix (4+ ASCII letters/digits); the name (as
// characters or as pinyin); a service category (the query is, is part of, or contains the category
// or one of its everyday words, or spells one in pinyin); the community; the district; a word of the
// description (2+ characters, characters only). Each organisation counts once, in its best group.
// Inside the name group: the name equals the query, starts with it, the match starts earlier;
// inside the category group: it is the organisation's first category. Then, in every group: active
// before deregistered/revoked, shorter names, lower id. An empty query lists everything that
// passes the filters by district, then name (UTF-8 order).
#include "yishi/directory.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>
#include <utility>

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

bool is_org_rating(std::string_view s) {
    return s.empty() || (s.size() == 2 && s[0] >= '1' && s[0] <= '5' && s[1] == 'A');
}

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

// [SECTION] Category words (the curated synonym table)

namespace {

// What residents type for each service category: documented in docs/directory.md; keep both in step.
struct CategoryWords { std::string_view category; std::vector<std::string_view> words; };
const std::vector<CategoryWords>& category_words() {
    static const std::vector<CategoryWords> kWords = {
        {"养老", {"为老", "助老", "敬老", "爱老", "老年", "老人", "长者", "老龄", "乐龄", "银发", "夕阳红",
                  "居家养老", "日间照料", "助餐", "长者食堂", "颐养"}},
        {"托幼", {"托育", "幼儿", "婴幼儿", "儿童", "早教", "看护"}},
        {"助残", {"残疾", "残障", "扶残", "助残", "康复", "残疾人"}},
        {"医疗保健", {"医疗", "保健", "健康", "义诊", "卫生", "康养", "家庭医生"}},
        {"文体娱乐", {"文化", "体育", "文艺", "健身", "书画", "太极", "合唱", "舞蹈", "戏曲", "运动"}},
        {"家政", {"家务", "保洁", "维修", "便民"}},
        {"教育", {"学习", "读书", "课堂", "培训", "辅导", "四点半"}},
        {"环保", {"环境", "垃圾分类", "绿色", "节能", "低碳", "河长"}},
        {"法律援助", {"法律", "普法", "调解", "律师", "维权"}},
        {"志愿服务", {"志愿", "志愿者", "义工", "公益"}},
        {"社区治理", {"治理", "议事", "自治", "协商", "共建"}},
        {"心理咨询", {"心理", "心灵", "情绪", "倾听", "疏导"}},
        {"青少年服务", {"青少年", "青年", "少年", "未成年人", "学生"}},
        {"慈善救助", {"慈善", "救助", "帮扶", "扶贫", "济困", "困难群众"}},
        {"邻里互助", {"邻里", "互助", "睦邻"}},
    };
    return kWords;
}

}  // namespace

const std::vector<std::string_view>& org_category_words(std::string_view category) {
    static const std::vector<std::string_view> kNone;
    for (const auto& c : category_words())
        if (c.category == category) return c.words;
    return kNone;
}

std::string_view org_match_field_code(OrgMatchField f) {
    constexpr std::string_view kCodes[] = {"none", "credit_code", "name", "category", "community", "district",
                                           "description"};
    return kCodes[static_cast<int>(f)];
}

// [SECTION] Index: build

namespace {

char32_t fold(char32_t c) { return c >= U'A' && c <= U'Z' ? c - U'A' + U'a' : c; }

std::u32string folded(std::string_view s) {
    std::u32string out = to_code_points(s);
    for (char32_t& c : out) c = fold(c);
    return out;
}

std::string fold_utf8(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | c >> 6);
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | c >> 12);
        out += static_cast<char>(0x80 | (c >> 6 & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | c >> 18);
        out += static_cast<char>(0x80 | (c >> 12 & 0x3F));
        out += static_cast<char>(0x80 | (c >> 6 & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

uint64_t pair_key(char32_t a, char32_t b) { return static_cast<uint64_t>(a) << 32 | b; }

constexpr uint32_t kLetters = 26;
// Keys of initials_: a single initial, a pair, a triple of adjacent characters' initials.
constexpr uint32_t kPairKeys = kLetters, kTripleKeys = kLetters + kLetters * kLetters;
constexpr uint32_t kInitialKeys = kTripleKeys + kLetters * kLetters * kLetters;
uint32_t initials_key(const uint8_t* letters, size_t n) {
    return n == 1 ? letters[0]
         : n == 2 ? kPairKeys + letters[0] * kLetters + letters[1]
                  : kTripleKeys + (letters[0] * kLetters + letters[1]) * kLetters + letters[2];
}
constexpr uint32_t kSecondary = 0x80000000u;  // category posting: not the organisation's first category

// Adds org to the posting unless it is already the last entry (postings ascend by org).
void post(std::vector<uint32_t>& list, uint32_t org) {
    if (list.empty() || (list.back() & ~kSecondary) != org) list.push_back(org);
}

bool looks_like_code_query(std::string_view q) {
    if (q.size() < 4 || q.size() > 18) return false;
    return std::all_of(q.begin(), q.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
}

}  // namespace

// Smaller keys rank first.
struct DirectoryIndex::Rank {
    uint32_t group;     // 0 code, 1 name, 2 category, 3 community, 4 district, 5 description, 6 listing
    uint32_t sub;       // name: 0 equal, 1 prefix, 2 inside; category: 0 first category, 1 another
    uint32_t position;  // where the match starts in the name
    uint32_t inactive;  // 0 for active organisations
    uint32_t length;    // name length in code points
    uint32_t index;     // position in orgs_ (stable tie-break; ids ascend with it)
    uint32_t detail;    // name: matched length; category/community/district: term id
    bool pinyin;        // matched as pinyin
    bool operator<(const Rank& o) const {
        return std::tie(group, sub, position, inactive, length, index) <
               std::tie(o.group, o.sub, o.position, o.inactive, o.length, o.index);
    }
};

uint32_t DirectoryIndex::intern(std::unordered_map<std::string, uint32_t>& ids, std::vector<Term>& terms,
                                const std::string& value) {
    auto [it, fresh] = ids.emplace(value, static_cast<uint32_t>(terms.size()));
    if (fresh) {
        std::u32string f = folded(value);
        std::vector<uint32_t> initials(f.size());
        std::transform(f.begin(), f.end(), initials.begin(), pinyin_initials);
        terms.push_back({value, std::move(f), std::move(initials), {}});
    }
    return it->second;
}

void DirectoryIndex::build(std::vector<Org> orgs) {
    std::sort(orgs.begin(), orgs.end(), [](const Org& a, const Org& b) { return a.id < b.id; });
    orgs_ = std::move(orgs);
    facts_.clear();
    name_points_.clear();
    descriptions_.clear();
    district_ids_.clear();
    community_ids_.clear();
    category_ids_.clear();
    districts_.clear();
    communities_.clear();
    categories_.clear();
    unigrams_.clear();
    bigrams_.clear();
    description_bigrams_.clear();
    initials_.assign(kInitialKeys, {});
    name_initials_.clear();
    name_at_.clear();
    by_id_.clear();
    by_code_.clear();
    facts_.reserve(orgs_.size());
    descriptions_.reserve(orgs_.size());
    std::vector<uint32_t> initials;
    for (uint32_t i = 0; i < orgs_.size(); ++i) {
        const Org& o = orgs_[i];
        std::u32string name = folded(o.name);
        initials.resize(name.size());
        for (uint32_t k = 0; k < name.size(); ++k) {
            auto& uni = unigrams_[name[k]];
            if (uni.empty() || uni.back().org != i) uni.push_back({i, k});
            if (k + 1 < name.size()) {
                auto& bi = bigrams_[pair_key(name[k], name[k + 1])];
                if (bi.empty() || bi.back().org != i) bi.push_back({i, k});
            }
            initials[k] = pinyin_initials(name[k]);
        }
        // Pinyin candidates: the initials of every run of one, two and three adjacent characters.
        name_at_.push_back(static_cast<uint32_t>(name_points_.size()));
        name_points_ += name;
        name_initials_.insert(name_initials_.end(), initials.begin(), initials.end());
        uint8_t run[3];
        for (uint32_t k = 0; k < name.size(); ++k)
            for (uint8_t a = 0; a < kLetters; ++a) {
                if (!(initials[k] >> a & 1)) continue;
                run[0] = a;
                post(initials_[initials_key(run, 1)], i);
                for (uint8_t b = 0; k + 1 < name.size() && b < kLetters; ++b) {
                    if (!(initials[k + 1] >> b & 1)) continue;
                    run[1] = b;
                    post(initials_[initials_key(run, 2)], i);
                    for (uint8_t c = 0; k + 2 < name.size() && c < kLetters; ++c)
                        if (initials[k + 2] >> c & 1) run[2] = c, post(initials_[initials_key(run, 3)], i);
                }
            }
        std::string description = fold_utf8(o.description);
        const std::u32string desc = to_code_points(description);
        for (size_t k = 0; k + 1 < desc.size(); ++k) {
            auto& list = description_bigrams_[pair_key(desc[k], desc[k + 1])];
            if (list.empty() || list.back() != i) list.push_back(i);
        }
        Facts f{static_cast<uint32_t>(name.size()), intern(district_ids_, districts_, o.district),
                intern(community_ids_, communities_, o.community), 0, static_cast<uint8_t>(o.type),
                static_cast<uint8_t>(o.status)};
        districts_[f.district].orgs.push_back(i);
        if (!o.community.empty()) communities_[f.community].orgs.push_back(i);
        for (size_t c = 0; c < o.categories.size(); ++c) {
            const uint32_t id = intern(category_ids_, categories_, o.categories[c]);
            if (id < 64) f.categories |= uint64_t{1} << id;
            post(categories_[id].orgs, c == 0 ? i : i | kSecondary);
        }
        facts_.push_back(f);
        by_id_[o.id] = i;
        descriptions_.push_back(std::move(description));
        if (!o.credit_code.empty()) by_code_.push_back(i);
    }
    std::sort(by_code_.begin(), by_code_.end(),
              [&](uint32_t a, uint32_t b) { return orgs_[a].credit_code < orgs_[b].credit_code; });
}

std::u32string_view DirectoryIndex::name_of(uint32_t i) const {
    return std::u32string_view(name_points_).substr(name_at_[i], facts_[i].name_length);
}

const Org* DirectoryIndex::find(int64_t id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : &orgs_[it->second];
}

std::vector<std::string> DirectoryIndex::districts() const {
    std::vector<std::string> out;
    for (const Term& t : districts_) out.push_back(t.label);
    std::sort(out.begin(), out.end());
    return out;
}

// [SECTION] Index: search

namespace {

// How a short field's value (category word, community, district) matches the query, if it does:
// the query is part of it, or spells part of it in pinyin. `whole` also accepts a value that is part
// of the query (居家养老服务 names the category 养老). `initials`: pinyin_initials of term's code points.
std::optional<std::pair<TextSpan, bool>> match_term(std::u32string_view term, const uint32_t* initials,
                                                    std::u32string_view q, bool pinyin, bool whole) {
    if (term.empty()) return std::nullopt;
    if (size_t at = term.find(q); at != std::u32string_view::npos)
        return std::pair{TextSpan{static_cast<uint32_t>(at), static_cast<uint32_t>(q.size())}, false};
    if (whole && term.size() >= 2 && q.find(term) != std::u32string_view::npos)
        return std::pair{TextSpan{0, static_cast<uint32_t>(term.size())}, false};
    if (pinyin)
        if (auto span = match_pinyin(term, q, initials)) return std::pair{*span, true};
    return std::nullopt;
}

// A category's everyday words, lower-cased, with their initials: prepared once, not per search.
struct PreparedWord { std::u32string folded; std::vector<uint32_t> initials; };
const std::vector<PreparedWord>& prepared_category_words(std::string_view category) {
    static const auto kPrepared = [] {
        std::unordered_map<std::string_view, std::vector<PreparedWord>> out;
        for (const auto& c : category_words())
            for (std::string_view w : c.words) {
                PreparedWord p{folded(w), {}};
                p.initials.resize(p.folded.size());
                std::transform(p.folded.begin(), p.folded.end(), p.initials.begin(), pinyin_initials);
                out[c.category].push_back(std::move(p));
            }
        return out;
    }();
    static const std::vector<PreparedWord> kNone;
    auto it = kPrepared.find(category);
    return it == kPrepared.end() ? kNone : it->second;
}

}  // namespace

OrgHits DirectoryIndex::search(const OrgQuery& query) const {
    std::u32string q = folded(query.q);
    while (!q.empty() && q.back() == U' ') q.pop_back();
    while (!q.empty() && q.front() == U' ') q.erase(q.begin());
    std::string q_utf8;
    for (char32_t c : q) append_utf8(q_utf8, c);
    // Pinyin needs a letter, and two characters at least: one letter alone would match most names.
    const bool pinyin = q.size() >= 2 && is_pinyin_query(q);

    // Filters, resolved once to the packed facts. An unknown district or category matches nothing;
    // a category beyond the first 64 interned falls back to the organisation's own list.
    std::optional<uint32_t> district;
    if (!query.district.empty()) {
        auto it = district_ids_.find(query.district);
        district = it == district_ids_.end() ? UINT32_MAX : it->second;
    }
    uint64_t category_bit = 0;
    bool category_slow = false, category_unknown = false;
    if (!query.category.empty()) {
        auto it = category_ids_.find(query.category);
        if (it == category_ids_.end()) category_unknown = true;
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

    // Top-k: only the best offset + limit ranks are kept (a max-heap, the worst kept on top), the rest
    // are counted, so a query matching most of a province costs a comparison per match, not a sort.
    const size_t limit = std::min(query.limit, kOrgSearchMaxLimit);
    const size_t keep = std::min(query.offset, orgs_.size()) + limit;
    const bool listing = q.empty();
    auto better = [&](const Rank& a, const Rank& b) {
        if (!listing) return a < b;
        // A listing: by district, then name.
        const Org &x = orgs_[a.index], &y = orgs_[b.index];
        return std::tie(x.district, x.name, x.id) < std::tie(y.district, y.name, y.id);
    };
    std::vector<Rank> best;
    best.reserve(std::min<size_t>(keep, 1024));
    size_t total = 0;
    // Per organisation: kSeen once it counted (each counts once, in the best group it reaches),
    // kTried once the pinyin matcher ran on its name.
    constexpr uint8_t kSeen = 1, kTried = 2;
    std::vector<uint8_t> seen;
    auto consider = [&](uint32_t i, uint32_t group, uint32_t sub, uint32_t position, uint32_t detail, bool by_pinyin) {
        if (!seen.empty()) {
            if (seen[i] & kSeen) return;
            seen[i] |= kSeen;
        }
        if (!passes(i)) return;
        ++total;
        const Facts& f = facts_[i];
        const Rank r{group, sub, position, f.status == static_cast<uint8_t>(OrgStatus::Active) ? 0u : 1u,
                     f.name_length, i, detail, by_pinyin};
        if (best.size() < keep) {
            best.push_back(r);
            std::push_heap(best.begin(), best.end(), better);
        } else if (keep > 0 && better(r, best.front())) {
            std::pop_heap(best.begin(), best.end(), better);
            best.back() = r;
            std::push_heap(best.begin(), best.end(), better);
        }
    };

    if (q.empty()) {
        for (uint32_t i = 0; i < orgs_.size(); ++i) consider(i, 6, 0, 0, 0, false);
    } else {
        seen.assign(orgs_.size(), 0);
        if (looks_like_code_query(query.q)) {
            std::string prefix;
            for (char c : query.q) prefix += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            // The codes with this prefix are one run of by_code_: two binary searches, no record read per hit.
            auto first = std::lower_bound(by_code_.begin(), by_code_.end(), prefix, [&](uint32_t i, const std::string& p) {
                return orgs_[i].credit_code.compare(0, p.size(), p) < 0;
            });
            auto last = std::upper_bound(first, by_code_.end(), prefix, [&](const std::string& p, uint32_t i) {
                return orgs_[i].credit_code.compare(0, p.size(), p) > 0;
            });
            for (auto it = first; it != last; ++it) consider(*it, 0, 0, 0, 0, false);
        }
        auto name_hit = [&](uint32_t i, size_t at, size_t length, bool by_pinyin) {
            const uint32_t name_length = facts_[i].name_length;
            const uint32_t sub = at == 0 && length == name_length ? 0 : at == 0 ? 1 : 2;
            consider(i, 1, sub, static_cast<uint32_t>(at), static_cast<uint32_t>(length), by_pinyin);
        };
        // The name, as characters. Candidates: the postings of the character (one-character query)
        // or of the rarest pair; for one and two characters the posting already says where.
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
        for (const Posting& p : *candidates) {
            if (seen[p.org] & kSeen) continue;
            size_t at = p.position;
            if (q.size() > 2) {
                at = name_of(p.org).find(q);
                if (at == std::u32string::npos) continue;  // the pairs occur, but not together
            }
            name_hit(p.org, at, q.size(), false);
        }
        // The name, as pinyin. Candidates: the rarest hanzi the query holds, else the organisations
        // whose names have a run of adjacent initials that one reading of the query starts with
        // (pinyin_initial_sequences); the matcher confirms each, skipping characters by their initials.
        if (pinyin) {
            auto verify = [&](uint32_t i) {
                if (seen[i]) return;  // counted already, or tried
                seen[i] = kTried;
                if (auto span = match_pinyin(name_of(i), q, name_initials_.data() + name_at_[i]))
                    name_hit(i, span->start, span->length, true);
            };
            const std::vector<Posting>* rarest = nullptr;
            bool missing = false;
            for (char32_t c : q) {
                if (c < 0x80) continue;
                auto it = unigrams_.find(c);
                if (it == unigrams_.end()) { missing = true; break; }
                if (!rarest || it->second.size() < rarest->size()) rarest = &it->second;
            }
            if (missing) {
            } else if (rarest) {
                for (const Posting& p : *rarest) verify(p.org);
            } else {
                // Sorted, so a sequence's prefixes come before it; a sequence with a prefix in the set
                // adds nobody (the prefix's posting holds its organisations) and is skipped.
                const auto sequences = pinyin_initial_sequences(q);
                std::vector<const std::vector<uint8_t>*> needed;
                for (const auto& seq : sequences) {
                    const bool covered = std::any_of(needed.begin(), needed.end(), [&](const auto* p) {
                        return p->size() < seq.size() && std::equal(p->begin(), p->end(), seq.begin());
                    });
                    if (!covered) needed.push_back(&seq);
                }
                for (const auto* seq : needed)
                    for (uint32_t i : initials_[initials_key(seq->data(), seq->size())]) verify(i);
            }
        }
        // Categories, by their label or everyday words.
        for (uint32_t c = 0; c < categories_.size(); ++c) {
            const Term& t = categories_[c];
            bool hit = match_term(t.folded, t.initials.data(), q, pinyin, true).has_value();
            for (const PreparedWord& w : prepared_category_words(t.label)) {
                if (hit) break;
                hit = match_term(w.folded, w.initials.data(), q, pinyin, true).has_value();
            }
            if (!hit) continue;
            for (uint32_t e : t.orgs) consider(e & ~kSecondary, 2, e & kSecondary ? 1 : 0, 0, c, false);
        }
        // Communities, then districts.
        for (auto [terms, group] : {std::pair{&communities_, 3u}, std::pair{&districts_, 4u}})
            for (uint32_t c = 0; c < terms->size(); ++c) {
                const Term& t = (*terms)[c];
                auto m = match_term(t.folded, t.initials.data(), q, pinyin, false);
                if (!m) continue;
                for (uint32_t i : t.orgs) consider(i, group, 0, 0, c, m->second);
            }
        // The description: two characters at least (one would match nearly every text).
        if (q.size() >= 2) {
            const std::vector<uint32_t>* rarest = nullptr;
            for (size_t k = 0; k + 1 < q.size(); ++k) {
                auto it = description_bigrams_.find(pair_key(q[k], q[k + 1]));
                if (it == description_bigrams_.end()) { rarest = nullptr; break; }
                if (!rarest || it->second.size() < rarest->size()) rarest = &it->second;
            }
            if (rarest)
                for (uint32_t i : *rarest)
                    if (!(seen[i] & kSeen) && descriptions_[i].find(q_utf8) != std::string::npos) consider(i, 5, 0, 0, 0, false);
        }
    }

    OrgHits hits;
    hits.total = total;
    std::sort(best.begin(), best.end(), better);
    for (size_t k = std::min(query.offset, best.size()); k < best.size(); ++k) {
        hits.items.push_back(&orgs_[best[k].index]);
        hits.matches.push_back(explain(best[k], q, q_utf8));
    }
    return hits;
}

// The highlight for one hit of the page (recomputed here rather than kept for every candidate).
OrgMatch DirectoryIndex::explain(const Rank& r, std::u32string_view q, std::string_view q_utf8) const {
    const Org& o = orgs_[r.index];
    OrgMatch m;
    m.pinyin = r.pinyin;
    switch (r.group) {
    case 0:
        m.field = OrgMatchField::CreditCode;
        m.text = o.credit_code;
        m.span = {0, static_cast<uint32_t>(q.size())};
        break;
    case 1:
        m.field = OrgMatchField::Name;
        m.text = o.name;
        m.span = {r.position, r.detail};
        break;
    case 2:
        m.field = OrgMatchField::Category;
        m.text = categories_[r.detail].label;
        m.span = {0, static_cast<uint32_t>(categories_[r.detail].folded.size())};
        break;
    case 3:
    case 4: {
        const Term& t = (r.group == 3 ? communities_ : districts_)[r.detail];
        m.field = r.group == 3 ? OrgMatchField::Community : OrgMatchField::District;
        m.text = t.label;
        if (auto hit = match_term(t.folded, t.initials.data(), q, r.pinyin, false)) m.span = hit->first;
        break;
    }
    case 5: {
        m.field = OrgMatchField::Description;
        m.text = o.description;
        const size_t at = descriptions_[r.index].find(q_utf8);
        m.span = {static_cast<uint32_t>(to_code_points(std::string_view(o.description).substr(0, at)).size()),
                  static_cast<uint32_t>(q.size())};
        break;
    }
    default:
        break;
    }
    return m;
}

}  // namespace yishi::core
