// enrollment.cpp — see enrollment.hpp.
#include "yishi/enrollment.hpp"

namespace yishi::core {

std::optional<std::string> normalize_enrollment_code(std::string_view typed) {
    std::string bare;
    for (char c : typed) {
        if (c == ' ' || c == '-' || c == '\t') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (kEnrollmentAlphabet.find(c) == std::string_view::npos) return std::nullopt;
        bare += c;
    }
    if (bare.size() != kEnrollmentCodeLength) return std::nullopt;
    std::string out;
    for (size_t i = 0; i < bare.size(); ++i) {
        if (i > 0 && i % 4 == 0) out += '-';
        out += bare[i];
    }
    return out;
}

Hash enrollment_code_hash(std::string_view canonical) { return sha256(as_bytes(canonical)); }

}  // namespace yishi::core
