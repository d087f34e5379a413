// credit_code.hpp — China's unified social credit code (统一社会信用代码, GB 32100-2015).
//
// 18 characters: registration authority (1), organisation category (1), administrative division
// of the registering authority (6 digits, GB/T 2260), subject identifier (9: the GB 11714
// organisation code, whose 9th character is its own check digit), and a check character over the
// first 17 (mod 31). Characters come from "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I O S V Z).
// Social organisations registered by civil affairs start with '5' and a category:
// '1' 社会团体, '2' 民办非企业单位 (社会服务机构), '3' 基金会, '9' other.
#pragma once
#include <string>
#include <string_view>

#include "yishi/result.hpp"

namespace yishi::core {

inline constexpr size_t kCreditCodeLength = 18;  // characters in a unified social credit code

// Ok, or CreditCodeLength / CreditCodeCharset / CreditCodeDivision / CreditCodeOrgCheck /
// CreditCodeCheck. Upper case only: callers normalise user input with normalize_credit_code().
Status check_credit_code(std::string_view code);

std::string normalize_credit_code(std::string_view input);  // trims spaces and upper-cases ASCII

// Completes 16 leading characters with both check characters (for generators and tests).
// The 16 characters must already be from the code's character set.
Result<std::string> complete_credit_code(std::string_view first16);

}  // namespace yishi::core
