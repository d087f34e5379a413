// china_time.hpp — dates and countdowns in China Standard Time (Asia/Shanghai, UTC+8, no daylight
// saving since 1991), whatever the time zone of the device or server that shows them.
//
// Consultations are scheduled by a committee in China; a stage that starts on 12-04 China time must
// read 12-04 in a browser set to UTC or in Europe. Every date the portal shows goes through here;
// when the device's own offset differs, the views add a label (china_time_label).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace yishi::core {

inline constexpr int64_t kChinaOffsetMs = 8 * 3600 * 1000;  // UTC+8
inline constexpr int64_t kDayMs = 86'400'000;
inline constexpr int kChinaOffsetMinutes = 8 * 60;

int64_t days_from_civil(int64_t y, unsigned m, unsigned d);  // days since 1970-01-01 of a civil date
std::string civil_from_days(int64_t days);                   // "YYYY-MM-DD" of days since 1970-01-01
int64_t china_day(int64_t unix_ms);                          // days since 1970-01-01 of that instant's China date
std::string china_date(int64_t unix_ms);                     // "YYYY-MM-DD" in China Standard Time
std::string china_date_time(int64_t unix_ms);                // "YYYY-MM-DD HH:MM" in China Standard Time
// "YYYY-MM-DD" → the start of that day in China, in Unix ms; nullopt if not a real date.
std::optional<int64_t> parse_china_date(const std::string& s);
// Calendar days from `now_ms` to `then_ms` in China: 0 = the same China date, 1 = tomorrow, -1 = yesterday.
int64_t china_days_until(int64_t now_ms, int64_t then_ms);
// True when a device whose clock is `device_offset_minutes` east of UTC (JavaScript's
// -getTimezoneOffset()) reads China time anyway, so dates need no label.
bool device_in_china_time(int device_offset_minutes);

}  // namespace yishi::core
