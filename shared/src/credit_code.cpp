// credit_code.cpp — GB 32100-2015 and GB 11714-1997 check characters (see credit_code.hpp).
//
// Verified against real codes (e.g. 91350200776049653A, 91440101MA5CJQ4N59, 9135021359498494XQ)
// in tests/unit/test_credit_code.cpp.
#include "yishi/credit_code.hpp"

#include <cctype>

namespace yishi::core {

namespace {

constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";  // GB 32100 (31 characters)
constexpr int kWeights18[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
constexpr int kWeightsOrg[8] = {3, 7, 9, 10, 5, 8, 4, 2};  // GB 11714 over the identifier's first 8

int charset_value(char c) {
    size_t i = kCharset.find(c);
    return i == std::string_view::npos ? -1 : static_cast<int>(i);
}

// GB 11714 values: digits 0-9, letters A=10 .. Z=35 (its own, larger alphabet).
int org_value(char c) { return c >= '0' && c <= '9' ? c - '0' : c - 'A' + 10; }

char org_check_char(std::string_view first8) {
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += org_value(first8[i]) * kWeightsOrg[i];
    int c = 11 - sum % 11;
    return c == 11 ? '0' : c == 10 ? 'X' : static_cast<char>('0' + c);
}

char code_check_char(std::string_view first17) {
    int sum = 0;
    for (int i = 0; i < 17; ++i) sum += charset_value(first17[i]) * kWeights18[i];
    return kCharset[(31 - sum % 31) % 31];
}

}  // namespace

std::string normalize_credit_code(std::string_view input) {
    std::string out;
    for (char c : input) {
        if (c == ' ' || c == '\t' || c == '-') continue;
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

Status check_credit_code(std::string_view code) {
    if (code.size() != kCreditCodeLength) return Error::CreditCodeLength;
    for (char c : code)
        if (charset_value(c) < 0) return Error::CreditCodeCharset;
    for (size_t i = 2; i < 8; ++i)
        if (code[i] < '0' || code[i] > '9') return Error::CreditCodeDivision;
    if (org_check_char(code.substr(8, 8)) != code[16]) return Error::CreditCodeOrgCheck;
    if (code_check_char(code.substr(0, 17)) != code[17]) return Error::CreditCodeCheck;
    return Ok{};
}

Result<std::string> complete_credit_code(std::string_view first16) {
    if (first16.size() != 16) return Error::CreditCodeLength;
    for (char c : first16)
        if (charset_value(c) < 0) return Error::CreditCodeCharset;
    std::string code(first16);
    code += org_check_char(code.substr(8, 8));  // a digit or 'X', both in the code's character set
    code += code_check_char(code);
    return code;
}

}  // namespace yishi::core
