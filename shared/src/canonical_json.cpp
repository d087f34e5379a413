// canonical_json.cpp — canonical JSON scalars (see canonical_json.hpp). Only the C library's correctly
// rounded printf("%.*e") and strtod are used, which glibc and Emscripten's musl both provide, so the
// native and wasm builds write the same bytes (tests/unit/test_canonical_json.cpp).
#include "yishi/canonical_json.hpp"

#include <cassert>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace yishi::core {

void append_canonical_string(std::string& out, std::string_view utf8) {
    static const char* const kHex = "0123456789abcdef";
    out.push_back('"');
    for (char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out.push_back(kHex[c >> 4]);
                    out.push_back(kHex[c & 15]);
                } else {
                    out.push_back(ch);
                }
        }
    }
    out.push_back('"');
}

void append_canonical_whole(std::string& out, uint64_t v) { out += std::to_string(v); }

void append_canonical_whole(std::string& out, int64_t v) { out += std::to_string(v); }

int shortest_round_trip_digits(double v, char digits[18], int& exponent) {
    assert(std::isfinite(v) && v > 0 && "shortest_round_trip_digits: finite positive values only");
    char buf[40];
    for (int p = 1; p <= 17; ++p) {
        // "%.*e" is correctly rounded (ties to even on the exact binary value) in glibc and musl.
        std::snprintf(buf, sizeof buf, "%.*e", p - 1, v);
        if (std::strtod(buf, nullptr) != v && p < 17) continue;
        int n = 0;
        const char* s = buf;
        for (; *s && *s != 'e'; ++s)
            if (*s >= '0' && *s <= '9') digits[n++] = *s;
        exponent = std::atoi(s + 1);
        while (n > 1 && digits[n - 1] == '0') --n;   // p-digit forms never end in 0 unless p == 1
        digits[n] = '\0';
        return n;
    }
    return 0;   // unreachable: 17 significant digits always round-trip a double
}

void append_canonical_real(std::string& out, double v) {
    if (!std::isfinite(v)) {
        out += "null";
        return;
    }
    if (v == 0) {
        out += "0.0";
        return;
    }
    if (v < 0) {
        out.push_back('-');
        v = -v;
    }
    char d[18];
    int e = 0;
    const int n = shortest_round_trip_digits(v, d, e);
    if (e >= 0 && e < 15) {              // ddd[.ddd]: the point falls after digit e+1
        for (int i = 0; i <= e; ++i) out.push_back(i < n ? d[i] : '0');
        out.push_back('.');
        if (n > e + 1) out.append(d + e + 1, d + n);
        else out.push_back('0');
    } else if (e < 0 && e > -5) {        // 0.000ddd
        out += "0.";
        out.append(static_cast<size_t>(-e - 1), '0');
        out.append(d, d + n);
    } else {                             // d[.ddd]e±XX
        out.push_back(d[0]);
        if (n > 1) {
            out.push_back('.');
            out.append(d + 1, d + n);
        }
        char exp[8];
        std::snprintf(exp, sizeof exp, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
        out += exp;
    }
}

}  // namespace yishi::core
