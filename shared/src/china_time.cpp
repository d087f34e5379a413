// china_time.cpp — civil dates in China Standard Time (see china_time.hpp). The day arithmetic is
// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
#include "yishi/china_time.hpp"

#include <cstdio>

namespace yishi::core {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::string civil_from_days(int64_t z) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    char buf[24];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y + (m <= 2)), m, d);
    return buf;
}

int64_t china_day(int64_t unix_ms) {
    const int64_t local = unix_ms + kChinaOffsetMs;
    return (local - ((local % kDayMs) + kDayMs) % kDayMs) / kDayMs;  // floor, also before 1970
}

std::string china_date(int64_t unix_ms) { return civil_from_days(china_day(unix_ms)); }

std::string china_date_time(int64_t unix_ms) {
    const int64_t in_day = unix_ms + kChinaOffsetMs - china_day(unix_ms) * kDayMs;  // 0 .. kDayMs-1
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(in_day / 3'600'000),
                  static_cast<int>(in_day / 60'000 % 60));
    return china_date(unix_ms) + " " + buf;
}

std::optional<int64_t> parse_china_date(const std::string& s) {
    unsigned y = 0, m = 0, d = 0;
    char tail = 0;
    if (s.size() != 10 || std::sscanf(s.c_str(), "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3) return std::nullopt;
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
    const int64_t days = days_from_civil(y, m, d);
    if (civil_from_days(days) != s) return std::nullopt;  // 2026-02-30 and the like
    return days * kDayMs - kChinaOffsetMs;
}

int64_t china_days_until(int64_t now_ms, int64_t then_ms) { return china_day(then_ms) - china_day(now_ms); }

bool device_in_china_time(int device_offset_minutes) { return device_offset_minutes == kChinaOffsetMinutes; }

}  // namespace yishi::core
