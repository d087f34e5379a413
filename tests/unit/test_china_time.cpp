// test_china_time.cpp — dates in China Standard Time whatever the device's zone (shared/china_time).
#include <doctest/doctest.h>

#include "yishi/china_time.hpp"

using namespace yishi::core;

namespace {
constexpr int64_t kHourMs = 3'600'000;
// 2026-12-04 00:00 China time = 2026-12-03 16:00 UTC.
constexpr int64_t kDec4China = 1'796'342'400'000 - 8 * kHourMs;
}  // namespace

TEST_CASE("a stage on 12-04 China time reads 12-04 even when it is still 12-03 in UTC") {
    CHECK(china_date(kDec4China) == "2026-12-04");
    CHECK(china_date(kDec4China - 1) == "2026-12-03");
    CHECK(china_date_time(kDec4China + 9 * kHourMs + 30 * 60'000) == "2026-12-04 09:30");
    CHECK(china_date_time(kDec4China - 60'000) == "2026-12-03 23:59");
}

TEST_CASE("typed dates are the start of that day in China, and only real dates are taken") {
    REQUIRE(parse_china_date("2026-12-04").has_value());
    CHECK(*parse_china_date("2026-12-04") == kDec4China);
    CHECK_FALSE(parse_china_date("2026-02-30").has_value());
    CHECK_FALSE(parse_china_date("2026-12-4").has_value());
    CHECK_FALSE(parse_china_date("2026-12-04x").has_value());
    CHECK(civil_from_days(days_from_civil(2024, 2, 29)) == "2024-02-29");
    CHECK(china_date(0) == "1970-01-01");
    CHECK(china_date(-9 * kHourMs) == "1969-12-31");  // floor, not truncation, before 1970
}

TEST_CASE("countdowns count China calendar days") {
    const int64_t evening = kDec4China + 23 * kHourMs;      // 12-04 23:00
    CHECK(china_days_until(evening, kDec4China + 24 * kHourMs) == 1);   // ends 12-05 00:00: tomorrow
    CHECK(china_days_until(kDec4China + kHourMs, evening) == 0);        // later the same day
    CHECK(china_days_until(kDec4China, kDec4China + 10 * 24 * kHourMs) == 10);
    CHECK(china_days_until(kDec4China, kDec4China - 1) == -1);
}

TEST_CASE("a device already on China time needs no label") {
    CHECK(device_in_china_time(480));
    CHECK_FALSE(device_in_china_time(0));
    CHECK_FALSE(device_in_china_time(-300));
}
