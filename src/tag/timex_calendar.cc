#include "tag/timex_calendar.h"

#include <cstdio>

namespace mosaic::tag::timex {

// Howard Hinnant's days-from-civil algorithm (public domain description of the Gregorian calendar).
int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Ymd CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {static_cast<int>(y + (m <= 2)), m, d};
}

int WeekdayOf(int64_t days) {
  // 1970-01-01 was a Thursday (3 with Monday = 0).
  int64_t w = (days + 3) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 30;
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

int64_t IsoWeekMonday(int iso_year, int week) {
  // Week 1 contains January 4th.
  int64_t jan4 = DaysFromCivil(iso_year, 1, 4);
  int64_t monday1 = jan4 - WeekdayOf(jan4);
  return monday1 + 7 * (week - 1);
}

void IsoWeek(int64_t days, int* iso_year, int* week) {
  int64_t thursday = days - WeekdayOf(days) + 3;  // the ISO year is the year of the week's Thursday
  int y = CivilFromDays(thursday).y;
  *iso_year = y;
  *week = static_cast<int>((days - IsoWeekMonday(y, 1)) / 7) + 1;
}

void AddMonths(int* y, int* m, int delta) {
  int idx = *y * 12 + (*m - 1) + delta;
  *y = idx >= 0 ? idx / 12 : -((-idx + 11) / 12);
  *m = idx - *y * 12 + 1;
}

bool ParseIsoDate(std::string_view s, Ymd* out) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return false;
  auto num = [&](size_t b, size_t n, int* v) {
    *v = 0;
    for (size_t i = b; i < b + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      *v = *v * 10 + (s[i] - '0');
    }
    return true;
  };
  Ymd r;
  if (!num(0, 4, &r.y) || !num(5, 2, &r.m) || !num(8, 2, &r.d)) return false;
  if (r.m < 1 || r.m > 12 || r.d < 1 || r.d > DaysInMonth(r.y, r.m)) return false;
  *out = r;
  return true;
}

std::string FormatYmd(int y, int m, int d) {
  char buf[32];
  if (m == 0) {
    std::snprintf(buf, sizeof buf, "%04d", y);
  } else if (d == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  }
  return buf;
}

std::string FormatDays(int64_t days) {
  Ymd c = CivilFromDays(days);
  return FormatYmd(c.y, c.m, c.d);
}

}  // namespace mosaic::tag::timex
