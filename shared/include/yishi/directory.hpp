// directory.hpp — the directory of social organisations (社会组织) and its search index.
//
// A city has ~21,000 of them (8,100 registered, 13,520 filed community organisations in the seed's
// Suzhou). Residents search by any Chinese substring of the name — including one- and two-character
// queries, which a trigram index cannot answer — or by credit code, with filters. DirectoryIndex
// keeps unigram and bigram postings over names in memory (built from the store in tens of ms) and
// answers in well under a millisecond natively; the same code runs in the browser over its local copy.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

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
    int64_t updated_seq = 0;             // the store's change sequence of this record (delta sync)
};

std::string_view org_type_code(OrgType t);            // "social_group", "social_service", "foundation", "community"
std::string_view org_type_label(OrgType t);           // 社会团体, 社会服务机构, 基金会, 社区社会组织
std::optional<OrgType> parse_org_type(std::string_view s);      // accepts code or Chinese label (and 民办非企业单位)
std::string_view org_status_code(OrgStatus s);        // "active", "deregistered", "revoked"
std::string_view org_status_label(OrgStatus s);       // 正常, 注销, 撤销
std::optional<OrgStatus> parse_org_status(std::string_view s);  // accepts code or Chinese label
const std::vector<std::string_view>& org_categories(); // the service categories a record may name

struct OrgQuery {
    std::string q;                       // name substring (any length) or credit code (prefix of 4+)
    std::string district;                // exact district, or empty for all
    std::optional<OrgType> type;
    std::string category;                // one service category, or empty
    std::optional<OrgStatus> status;
    size_t limit = 20;                   // at most kOrgSearchMaxLimit
    size_t offset = 0;
};

struct OrgHits {
    std::vector<const Org*> items;       // this page, best first (pointers into the index)
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
        uint64_t categories;     // bit per interned category (the first 64 seen)
        uint8_t type, status;
    };
    uint32_t intern_district(const std::string& d);
    std::vector<Org> orgs_;
    std::vector<Facts> facts_;                       // parallel to orgs_
    std::vector<std::u32string> names_;              // lower-cased code points, parallel to orgs_
    std::unordered_map<std::string, uint32_t> districts_, categories_;
    std::unordered_map<uint32_t, std::vector<Posting>> unigrams_;  // code point → first occurrences
    std::unordered_map<uint64_t, std::vector<Posting>> bigrams_;   // pair → first occurrences
    std::unordered_map<int64_t, uint32_t> by_id_;
};

}  // namespace yishi::core
