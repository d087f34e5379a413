// org_import.hpp — importing the organisation directory from CSV (as exported from registers or Excel).
//
// Input: UTF-8 (with or without BOM) or GB18030 (what Chinese Excel writes), RFC 4180 quoting.
// The header row names the columns, in Chinese or English, in any order (docs/directory.md):
//   名称 name*, 统一社会信用代码 credit_code (* except 社区社会组织), 类型 type*, 登记管理机关 authority,
//   级别 level, 区 district*, 社区 community, 服务类别 categories, 地址 address, 联系方式 contact,
//   状态 status*, 登记日期 registered_on, 志愿者人数 volunteers, 简介 description, 评估等级 rating,
//   慈善组织 charity (是/否), 业务主管单位 supervisor, 法定代表人 representative, 活动异常名录 abnormal (是/否)
// Unknown columns (序号, ...) are ignored and listed. Each bad row is rejected with its line number
// and reason; good rows are imported. A file-level problem (encoding, missing column, broken
// quoting, size) rejects the whole file. The upsert is one transaction: nothing is half-written.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "yishi/directory.hpp"
#include "yishi/directory_store.hpp"

namespace yishi::core {

inline constexpr size_t kImportMaxBytes = 64u << 20;   // largest CSV accepted (64 MiB)
inline constexpr size_t kImportMaxRows = 200000;       // largest number of data rows

struct RowRejection {
    size_t line = 0;        // 1-based physical line where the row starts
    std::string reason;     // what is wrong, naming the column
};

struct OrgImport {
    std::vector<Org> orgs;                     // the rows that passed
    std::vector<RowRejection> rejected;        // the rows that did not
    std::vector<std::string> ignored_columns;  // header names we do not use
    std::string encoding;                      // "UTF-8" or "GB18030"
    size_t rows = 0;                           // data rows read
};

struct ImportReport {
    OrgImport parsed;          // what was read and rejected
    UpsertCounts counts;       // what the upsert did
};

// Parses and validates; on a file-level error returns it and puts the details in *detail.
Result<OrgImport> parse_orgs_csv(std::string_view bytes, std::string* detail);
// Parses, then upserts the good rows in one transaction.
Result<ImportReport> import_orgs_csv(Store& store, std::string_view bytes, std::string* detail);
// Writes organisations as CSV with the Chinese header, UTF-8 with BOM (Excel-friendly).
std::string orgs_to_csv(const std::vector<Org>& orgs);

}  // namespace yishi::core
