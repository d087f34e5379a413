// directory.hpp — the directory of social organisations (社会组织) and its search index.
//
// A city has ~21,000 of them (8,100 registered, 13,520 filed community organisations in the seed's
// Suzhou), a province ten times as many. Residents search the way they think: by any Chinese
// substring of the name (one- and two-character queries included, which a trigram index cannot
// answer), by the service they need (养老, or its everyday words 助老, 老年人…, see
// org_category_words), by community or district, by a word of the description, by pinyin or its
// initials (yanglao, ylfw, 养lao; see pinyin.hpp), or by credit code, with filters. Every hit says
// why it matched (OrgMatch). DirectoryIndex keeps its postings in memory (built from the store in
// well under a second) and answers in well under a millisecond natively; the same code runs in the
// browser over its local copy. Its only input is build(orgs), whatever way the records arrived.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "yishi/pinyin.hpp"
#include "yishi/result.hpp"

namespace yishi::core {

inline constexpr size_t kOrgNameMaxChars = 100;         // longest accepted organisation name
inline constexpr size_t kOrgTextMaxChars = 2000;        // description and other free text
inline constexpr size_t kOrgSearchMaxLimit = 100;       // page size cap for searches

enum class OrgType { SocialGroup, SocialService, Foundation, Community };  // 社会团体 / 社会服务机构 / 基金会 / 社区社会组织(备案)
enum class OrgStatus { Active, Deregistered, Revoked };                   // 正常 / 注销 / 撤销

// One organisation as civil-affairs registers publish it.
struct Org {
    int64_t id = 0;                      // database id (0 before it is stored)
    std::string credit_code;             // unified social credit code; empty for filed community orgs
    std::string name;                    // 名称
    OrgType type = OrgType::Community;   // 类型
    std::string authority;               // 登记管理机关, e.g. 苏州市姑苏区民政局
    std::string level;                   // 级别: 市级 / 区级 / 街道
    std::string district;                // 区/县级市, e.g. 姑苏区
    std::string community;               // 社区/村 (may be empty)
    std::vector<std::string> categories; // 服务类别, e.g. 养老, 助残
    std::string address;                 // 地址
    std::string contact;                 // 联系方式
    OrgStatus status = OrgStatus::Active;// 状态
    std::string registered_on;           // 登记日期, YYYY-MM-DD
    int64_t volunteers = 0;              // 志愿者人数
    std::string description;             // 简介
    std::string rating;                  // 评估等级: empty (not assessed) or 1A, 2A, 3A, 4A, 5A
    bool charity = false;                // 慈善组织认定: recognised as a charitable organisation
    std::string supervisor;              // 业务主管单位 (无（直接登记） for the kinds registered directly)
    std::string representative;          // 法定代表人 (负责人 of a filed organisation)
    bool abnormal = false;               // 活动异常名录: listed for abnormal activity
    int64_t updated_seq = 0;             // the store's change sequence of this record (delta sync)
};

std::string_view org_type_code(OrgType t);            // "social_group", "social_service", "foundation", "community"
std::string_view org_type_label(OrgType t);           // 社会团体, 社会服务机构, 基金会, 社区社会组织
std::optional<OrgType> parse_org_type(std::string_view s);      // accepts code or Chinese label (and 民办非企业单位)
std::string_view org_status_code(OrgStatus s);        // "active", "deregistered", "revoked"
std::string_view org_status_label(OrgStatus s);       // 正常, 注销, 撤销
std::optional<OrgStatus> parse_org_status(std::string_view s);  // accepts code or Chinese label
bool is_org_rating(std::string_view s);               // "" or 1A..5A (评估等级)
const std::vector<std::string_view>& org_categories(); // the service categories a record may name
// The everyday words residents use for a category (养老 → 为老, 助老, 敬老, 老年, 老人, 长者…), the
// curated table of docs/directory.md; empty for a category not in org_categories().
const std::vector<std::string_view>& org_category_words(std::string_view category);

struct OrgQuery {
    std::string q;                       // what the resident typed: words, pinyin, or a credit code (prefix of 4+)
    std::string district;                // exact district, or empty for all
    std::optional<OrgType> type;
    std::string category;                // one service category, or empty
    std::optional<OrgStatus> status;
    size_t limit = 20;                   // at most kOrgSearchMaxLimit
    size_t offset = 0;
};

// Which part of a record a query matched, in ranking order (name before category before the rest).
enum class OrgMatchField : uint8_t { None, CreditCode, Name, Category, Community, District, Description };
std::string_view org_match_field_code(OrgMatchField f);  // "none", "credit_code", "name", "category", ...

// Why a hit matched: the field, its text, and the span of that text to highlight.
struct OrgMatch {
    OrgMatchField field = OrgMatchField::None;  // None for a listing (empty query)
    std::string_view text;               // the matched field's value (for Category the category's label)
    TextSpan span;                       // code points of `text` that matched
    bool pinyin = false;                 // matched by pinyin or initials rather than by characters
};

struct OrgHits {
    std::vector<const Org*> items;       // this page, best first (pointers into the index)
    std::vector<OrgMatch> matches;       // parallel to items (views into the index)
    size_t total = 0;                    // all matches, for paging
};

// An in-memory search index over a set of organisations (copies them).
class DirectoryIndex {
public:
    void build(std::vector<Org> orgs);               // replaces the contents
    OrgHits search(const OrgQuery& query) const;     // relevance order; see directory.cpp for the ranking
    const Org* find(int64_t id) const;               // by database id, or nullptr
    std::vector<std::string> districts() const;      // every district named by a record, sorted
    size_t size() const { return orgs_.size(); }
private:
    // Where a character or pair first occurs in an organisation's name.
    struct Posting {
        uint32_t org;        // index into orgs_
        uint32_t position;   // code point offset of the first occurrence
    };
    // What ranking and filtering read, packed so that a search never touches the Org records
    // (a one-character query can have 15,000 candidates; cache misses would dominate).
    struct Facts {
        uint32_t name_length;    // code points
        uint32_t district;       // interned id
        uint32_t community;      // interned id
        uint64_t categories;     // bit per interned category (the first 64 seen)
        uint8_t type, status;
    };
    // A distinct value of a short field (district, community, category): its lower-cased code
    // points and the organisations that carry it (category: top bit set when it is not their first).
    struct Term {
        std::string label;
        std::u32string folded;
        std::vector<uint32_t> initials;  // pinyin_initials of each code point of folded (matcher shortcut)
        std::vector<uint32_t> orgs;
    };
    struct Rank;
    static uint32_t intern(std::unordered_map<std::string, uint32_t>& ids, std::vector<Term>& terms,
                           const std::string& value);
    OrgMatch explain(const Rank& r, std::u32string_view q, std::string_view q_utf8) const;
    std::vector<Org> orgs_;
    std::vector<Facts> facts_;                       // parallel to orgs_
    // The names, lower-cased code points end to end (read in organisation order when candidates are
    // verified, so one buffer rather than a heap block per name), with each name's pinyin_initials.
    std::u32string name_points_;
    std::vector<std::string> descriptions_;          // lower-cased (ASCII) UTF-8, parallel to orgs_
    std::unordered_map<std::string, uint32_t> district_ids_, community_ids_, category_ids_;
    std::vector<Term> districts_, communities_, categories_;
    std::unordered_map<uint32_t, std::vector<Posting>> unigrams_;  // code point → first occurrences
    std::unordered_map<uint64_t, std::vector<Posting>> bigrams_;   // pair → first occurrences
    std::unordered_map<uint64_t, std::vector<uint32_t>> description_bigrams_;  // pair → organisations
    std::vector<std::vector<uint32_t>> initials_;    // pinyin initials of 1-3 adjacent characters → organisations
    std::vector<uint32_t> name_initials_;            // parallel to name_points_
    std::vector<uint32_t> name_at_;                  // where each name starts in both, parallel to orgs_
    std::u32string_view name_of(uint32_t i) const;   // lower-cased code points of orgs_[i].name
    std::vector<uint32_t> by_code_;                  // orgs_ positions with a credit code, by code
    std::unordered_map<int64_t, uint32_t> by_id_;
};

}  // namespace yishi::core
