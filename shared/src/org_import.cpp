// org_import.cpp — CSV import of the organisation directory (see org_import.hpp).
//
// [SECTION] Encoding: UTF-8 or GB18030 (iconv; glibc natively, musl in the wasm build)
// [SECTION] Header mapping and row validation (CSV records from csv.hpp)
// [SECTION] Export
#include "yishi/org_import.hpp"

#include <iconv.h>

#include <array>
#include <charconv>
#include <map>

#include "yishi/credit_code.hpp"
#include "yishi/csv.hpp"
#include "yishi/utf8.hpp"

namespace yishi::core {

namespace {

// [SECTION] Encoding

bool gb18030_to_utf8(std::string_view in, std::string& out) {
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == reinterpret_cast<iconv_t>(-1)) return false;
    out.assign(in.size() * 2 + 16, '\0');
    char* src = const_cast<char*>(in.data());
    size_t src_left = in.size();
    char* dst = out.data();
    size_t dst_left = out.size();
    const size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
    iconv_close(cd);
    if (rc == static_cast<size_t>(-1) || src_left != 0) return false;
    out.resize(out.size() - dst_left);
    return true;
}

// [SECTION] Header mapping and row validation

enum Col { Name, Code, Type, Authority, Level, District, Community, Categories, Address, Contact, Status,
           RegisteredOn, Volunteers, Description, Rating, Charity, Supervisor, Representative, Abnormal, ColCount };

struct ColumnName { Col col; const char* zh; const char* en; bool required; };
constexpr ColumnName kColumns[] = {
    {Name, "名称", "name", true},
    {Code, "统一社会信用代码", "credit_code", false},
    {Type, "类型", "type", true},
    {Authority, "登记管理机关", "authority", false},
    {Level, "级别", "level", false},
    {District, "区", "district", true},
    {Community, "社区", "community", false},
    {Categories, "服务类别", "categories", false},
    {Address, "地址", "address", false},
    {Contact, "联系方式", "contact", false},
    {Status, "状态", "status", true},
    {RegisteredOn, "登记日期", "registered_on", false},
    {Volunteers, "志愿者人数", "volunteers", false},
    {Description, "简介", "description", false},
    {Rating, "评估等级", "rating", false},
    {Charity, "慈善组织", "charity", false},
    {Supervisor, "业务主管单位", "supervisor", false},
    {Representative, "法定代表人", "representative", false},
    {Abnormal, "活动异常名录", "abnormal", false},
};

// 是/否 columns: empty, 否, no, false or 0 is no; 是, yes, true, 1 (and 列入 for the abnormal list) is yes.
std::optional<bool> parse_yes_no(std::string_view s) {
    for (std::string_view no : {"", "否", "no", "false", "0", "未列入"})
        if (s == no) return false;
    for (std::string_view yes : {"是", "yes", "true", "1", "列入", "已认定"})
        if (s == yes) return true;
    return std::nullopt;
}

std::string trim(std::string s) {
    const char* ws = " \t\r\n";
    size_t a = s.find_first_not_of(ws);
    if (a == std::string::npos) return {};
    size_t b = s.find_last_not_of(ws);
    // Full-width spaces (U+3000) pasted from documents are trimmed too.
    std::string t = s.substr(a, b - a + 1);
    while (t.rfind("\xE3\x80\x80", 0) == 0) t.erase(0, 3);
    while (t.size() >= 3 && t.compare(t.size() - 3, 3, "\xE3\x80\x80") == 0) t.erase(t.size() - 3);
    return t;
}

size_t char_count(std::string_view s) { return utf8_code_points(s).value_or(0); }  // input is valid UTF-8 here

bool valid_date(std::string_view d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
    int y = 0, m = 0, day = 0;
    auto num = [&](size_t at, size_t n, int& v) { return std::from_chars(d.data() + at, d.data() + at + n, v).ec == std::errc{}; };
    if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, day)) return false;
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1949 || y > 2100 || m < 1 || m > 12 || day < 1 || day > kDays[m - 1]) return false;
    return !(m == 2 && day == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
}

// Categories may be separated by 、，, ; ； | or spaces.
std::vector<std::string> split_categories(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] { if (!(cur = trim(cur)).empty()) out.push_back(cur); cur.clear(); };
    for (size_t i = 0; i < s.size();) {
        static const std::array<std::string_view, 4> kWide = {"、", "，", "；", "　"};
        bool sep = false;
        for (auto w : kWide)
            if (s.compare(i, w.size(), w) == 0) { flush(); i += w.size(); sep = true; break; }
        if (sep) continue;
        if (s[i] == ',' || s[i] == ';' || s[i] == '|' || s[i] == ' ') { flush(); ++i; continue; }
        cur += s[i++];
    }
    flush();
    return out;
}

// Validates one data row; returns an empty string and fills org, or the reason it is rejected.
std::string validate_row(const std::array<std::string, ColCount>& v, Org& org) {
    org.name = v[Name];
    if (org.name.empty()) return "名称 (name) is empty";
    if (char_count(org.name) > kOrgNameMaxChars) return "名称 (name) is longer than " + std::to_string(kOrgNameMaxChars) + " characters";
    auto type = parse_org_type(v[Type]);
    if (!type) return "类型 (type) '" + v[Type] + "' is not one of 社会团体, 社会服务机构, 基金会, 社区社会组织";
    org.type = *type;
    org.credit_code = normalize_credit_code(v[Code]);
    if (org.credit_code.empty()) {
        if (org.type != OrgType::Community) return "统一社会信用代码 (credit_code) is required for a registered organisation";
    } else if (auto st = check_credit_code(org.credit_code); !st) {
        return "统一社会信用代码 (credit_code) '" + v[Code] + "': " + std::string(error_message(st.error()));
    }
    org.district = v[District];
    if (org.district.empty()) return "区 (district) is empty";
    auto status = parse_org_status(v[Status]);
    if (!status) return "状态 (status) '" + v[Status] + "' is not one of 正常, 注销, 撤销";
    org.status = *status;
    org.registered_on = v[RegisteredOn];
    if (!org.registered_on.empty()) {
        for (char& c : org.registered_on) if (c == '/' || c == '.') c = '-';
        if (!valid_date(org.registered_on)) return "登记日期 (registered_on) '" + v[RegisteredOn] + "' is not a date like 2016-05-31";
    }
    if (!v[Volunteers].empty()) {
        auto r = std::from_chars(v[Volunteers].data(), v[Volunteers].data() + v[Volunteers].size(), org.volunteers);
        if (r.ec != std::errc{} || r.ptr != v[Volunteers].data() + v[Volunteers].size() || org.volunteers < 0)
            return "志愿者人数 (volunteers) '" + v[Volunteers] + "' is not a whole number of 0 or more";
    }
    std::string rating = v[Rating];
    if (rating.size() == 2 && rating[1] == 'a') rating[1] = 'A';
    if (rating == "未评估" || rating == "无") rating.clear();
    if (!is_org_rating(rating)) return "评估等级 (rating) '" + v[Rating] + "' is not one of 1A, 2A, 3A, 4A, 5A (or empty)";
    org.rating = rating;
    for (auto [col, flag] : {std::pair{Charity, &org.charity}, std::pair{Abnormal, &org.abnormal}}) {
        auto yes = parse_yes_no(v[col]);
        if (!yes) return std::string(kColumns[col].zh) + " (" + kColumns[col].en + ") '" + v[col] + "' is not 是 or 否";
        *flag = *yes;
    }
    for (Col c : {Authority, Level, Community, Address, Contact, Description, Supervisor, Representative})
        if (char_count(v[c]) > kOrgTextMaxChars) return std::string(kColumns[c].zh) + " is longer than " + std::to_string(kOrgTextMaxChars) + " characters";
    org.authority = v[Authority];
    org.level = v[Level];
    org.community = v[Community];
    org.categories = split_categories(v[Categories]);
    org.address = v[Address];
    org.contact = v[Contact];
    org.description = v[Description];
    org.supervisor = v[Supervisor];
    org.representative = v[Representative];
    return {};
}

}  // namespace

Result<OrgImport> parse_orgs_csv(std::string_view bytes, std::string* detail) {
    std::string scratch;
    std::string& why = detail ? *detail : scratch;
    if (bytes.size() > kImportMaxBytes) {
        why = "the file has " + std::to_string(bytes.size()) + " bytes; the limit is " + std::to_string(kImportMaxBytes);
        return Error::ImportTooLarge;
    }
    OrgImport result;
    std::string text;
    if (bytes.rfind("\xEF\xBB\xBF", 0) == 0) bytes.remove_prefix(3);
    if (is_valid_utf8(bytes)) {
        text.assign(bytes);
        result.encoding = "UTF-8";
    } else if (gb18030_to_utf8(bytes, text) && is_valid_utf8(text)) {
        result.encoding = "GB18030";
    } else {
        why = "the bytes are neither valid UTF-8 nor GB18030; save the file as CSV UTF-8 or CSV (GB18030)";
        return Error::ImportEncoding;
    }

    std::vector<CsvRecord> records;
    size_t bad_line = 0;
    if (!parse_csv(text, records, bad_line)) {
        why = "a quoted field opened on line " + std::to_string(bad_line) + " is never closed";
        return Error::ImportMalformed;
    }
    if (records.empty()) {
        why = "the file is empty: the first row must name the columns";
        return Error::ImportMalformed;
    }
    if (records.size() - 1 > kImportMaxRows) {
        why = std::to_string(records.size() - 1) + " rows; the limit is " + std::to_string(kImportMaxRows);
        return Error::ImportTooLarge;
    }

    // Header: which field index holds which column.
    std::array<int, ColCount> where;
    where.fill(-1);
    const auto& header = records[0].fields;
    for (size_t i = 0; i < header.size(); ++i) {
        const std::string h = trim(header[i]);
        bool known = false;
        for (const auto& c : kColumns) {
            if (h != c.zh && h != c.en) continue;
            if (where[c.col] >= 0) {
                why = "the column " + std::string(c.zh) + " (" + c.en + ") appears twice in the header";
                return Error::ImportDuplicateColumn;
            }
            where[c.col] = static_cast<int>(i);
            known = true;
        }
        if (!known && !h.empty()) result.ignored_columns.push_back(h);
    }
    for (const auto& c : kColumns) {
        if (c.required && where[c.col] < 0) {
            why = "the header has no column " + std::string(c.zh) + " (" + c.en + ")";
            return Error::ImportMissingColumn;
        }
    }

    std::map<std::string, size_t> first_line_of;  // natural key → line, to catch duplicates in the file
    for (size_t r = 1; r < records.size(); ++r) {
        const CsvRecord& rec = records[r];
        ++result.rows;
        if (rec.fields.size() > header.size()) {
            result.rejected.push_back({rec.line, "the row has " + std::to_string(rec.fields.size()) +
                                                     " fields but the header has " + std::to_string(header.size())});
            continue;
        }
        std::array<std::string, ColCount> v;
        for (int c = 0; c < ColCount; ++c)
            if (where[c] >= 0 && static_cast<size_t>(where[c]) < rec.fields.size()) v[c] = trim(rec.fields[where[c]]);
        Org org;
        if (std::string reason = validate_row(v, org); !reason.empty()) {
            result.rejected.push_back({rec.line, std::move(reason)});
            continue;
        }
        const std::string key = org.credit_code.empty() ? "filed:" + org.district + "|" + org.community + "|" + org.name
                                                        : org.credit_code;
        auto [it, fresh] = first_line_of.emplace(key, rec.line);
        if (!fresh) {
            result.rejected.push_back({rec.line, "duplicate of the organisation on line " + std::to_string(it->second)});
            continue;
        }
        result.orgs.push_back(std::move(org));
    }
    return result;
}

Result<ImportReport> import_orgs_csv(Store& store, std::string_view bytes, std::string* detail) {
    auto parsed = parse_orgs_csv(bytes, detail);
    if (!parsed) return parsed.error();
    auto counts = upsert_orgs(store, parsed->orgs);
    if (!counts) return counts.error();
    return ImportReport{std::move(parsed.value()), counts.value()};
}

// [SECTION] Export

std::string orgs_to_csv(const std::vector<Org>& orgs) {
    auto cell = [](std::string_view s) {
        if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
        std::string q = "\"";
        for (char c : s) {
            if (c == '"') q += '"';
            q += c;
        }
        q += '"';
        return q;
    };
    std::string out = "\xEF\xBB\xBF";
    for (int c = 0; c < ColCount; ++c) {
        if (c) out += ',';
        out += kColumns[c].zh;
    }
    out += "\r\n";
    for (const Org& o : orgs) {
        std::string cats;
        for (const auto& c : o.categories) {
            if (!cats.empty()) cats += "、";
            cats += c;
        }
        const std::string fields[ColCount] = {
            o.name, o.credit_code, std::string(org_type_label(o.type)), o.authority, o.level, o.district,
            o.community, cats, o.address, o.contact, std::string(org_status_label(o.status)), o.registered_on,
            std::to_string(o.volunteers), o.description, o.rating, o.charity ? "是" : "否", o.supervisor,
            o.representative, o.abnormal ? "是" : "否"};
        for (int c = 0; c < ColCount; ++c) {
            if (c) out += ',';
            out += cell(fields[c]);
        }
        out += "\r\n";
    }
    return out;
}

}  // namespace yishi::core
