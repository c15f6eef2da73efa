// Proleptic Gregorian calendar arithmetic for the date tagger: day numbers, weekdays, ISO weeks and
// TIMEX3-style value strings. Pure functions, no state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mosaic::tag::timex {

struct Ymd {
  int y = 0, m = 0, d = 0;
};

// Days since 1970-01-01 (negative before).
int64_t DaysFromCivil(int y, int m, int d);
Ymd CivilFromDays(int64_t z);
// 0 = Monday ... 6 = Sunday.
int WeekdayOf(int64_t days);
int DaysInMonth(int y, int m);
// ISO 8601 week of a day: the ISO year and week number (1..53).
void IsoWeek(int64_t days, int* iso_year, int* week);
// The Monday of ISO week `week` of `iso_year`.
int64_t IsoWeekMonday(int iso_year, int week);
// Adds months to a (y, m) pair, normalising the month to 1..12.
void AddMonths(int* y, int* m, int delta);

// Parses "yyyy-mm-dd" (optionally followed by a time, which is ignored). False if invalid.
bool ParseIsoDate(std::string_view s, Ymd* out);

std::string FormatYmd(int y, int m = 0, int d = 0);  // "2023", "2023-05", "2023-05-01"
std::string FormatDays(int64_t days);                // "2023-05-01"

}  // namespace mosaic::tag::timex
