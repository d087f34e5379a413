// enrollment.hpp — the enrolment code as residents type it, and the hash an `enroll` envelope carries.
//
// Codes are issued as XXXX-XXXX-XXXX over kEnrollmentAlphabet (no 0 O 1 I L 5 S 2 Z: they are read
// aloud and typed on phones). The server stores only SHA-256 of that canonical form, so every client
// normalises what was typed the same way before hashing: spaces and dashes dropped, ASCII upper-cased,
// dashes put back after every 4 characters.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include "yishi/hash.hpp"

namespace yishi::core {

inline constexpr std::string_view kEnrollmentAlphabet = "346789ABCDEFGHJKMNPQRTUVWXY";  // code characters
inline constexpr size_t kEnrollmentCodeLength = 12;                                      // without dashes

std::optional<std::string> normalize_enrollment_code(std::string_view typed);  // canonical form, or nullopt
Hash enrollment_code_hash(std::string_view canonical);                          // SHA-256 of the canonical form

}  // namespace yishi::core
