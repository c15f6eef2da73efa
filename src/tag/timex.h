// Temporal expressions, in two steps so that the reference date can itself come from the text:
//   1. Recognise: a left-to-right pass over the tokens with a word lexicon and hand-written
//      patterns (no regular expressions) that yields `Timex` records: what was said ("the Monday",
//      "late June", "27 years", "three weeks ago") and the tense around it, not yet what it means.
//   2. Resolve: turns one record into a DateExpr against a reference date (or none: relative
//      expressions then stay unresolved and say so).
// TagDates (tag/dates.h) chains them; tests and `mosaic eval timex` use them directly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mosaic/docgraph.h"
#include "tag/numbers.h"
#include "tag/timex_calendar.h"

namespace mosaic::tag::timex {

enum class Kind : uint8_t {
  kAbsolute,    // year known (+ month, day, or a quarter / half / season of the year)
  kMonthDay,    // month and day, year from context
  kMonth,       // month, year from context
  kWeekday,     // "Monday": the date from tense
  kDeictic,     // unit + offset from the reference: today, last week, next year, this month
  kShift,       // n units before/after the reference: "three weeks ago", "a year earlier"
  kPartOfYear,  // quarter / half / season without a year ("the third quarter", "this summer")
  kDecade,      // "the 1950s"
  kCentury,     // "the 20th century"
  kRef,         // PRESENT_REF / PAST_REF / FUTURE_REF
  kDuration,    // "27 years", "the past two months"
  kSet,         // "daily", "every week"
};

enum class Tense : int8_t { kNone = 0, kPast = -1, kFuture = 1 };

struct Timex {
  uint32_t first = 0, last = 0;  // token range [first, last)
  Kind kind = Kind::kAbsolute;
  char type = 'D';  // D date, T time, U duration, S set
  int year = 0, month = 0, day = 0;
  int weekday = -1;    // 0 Monday .. 6 Sunday
  char part = 0;       // Q quarter, H half, S season (kAbsolute / kPartOfYear)
  int part_index = 0;  // quarter 1-4, half 1-2, season 0 SP 1 SU 2 FA 3 WI
  char unit = 0;       // D W M Y Q E(decade) C(century) h m s; N weekend
  int offset = 0;      // kDeictic: -1 last, 0 this, +1 next; kShift: signed amount
  double amount = 0;   // kDuration / kShift amount; 0 with vague = "X"
  bool vague = false;  // "several years", "months": amount unknown
  bool year_explicit = false;
  std::string time;      // "MO" "AF" "EV" "NI" or a clock time "15:00"
  std::string modifier;  // early | mid | late | approx | since | before | after | ""
  std::string ref;       // kRef: PRESENT_REF | PAST_REF | FUTURE_REF
  // A range within one expression ("1st and 2nd of May", "May 1-5", "2014-2016").
  bool range = false;
  int year2 = 0, month2 = 0, day2 = 0;
  Tense tense = Tense::kNone;
  // The sentence speaks of fiscal quarters: "a year earlier" then means that quarter a year before.
  bool quarter_context = false;
};

// Finds the temporal expressions of a text, in order, non-overlapping.
std::vector<Timex> Recognise(const LoweredTokens& tokens);

// Whether the expression at index `k` is stated as the date of the text itself: a full date on a
// dateline at the top, or after "recorded/published/posted/updated/dated/written on". Returns a
// priority (higher is stronger) or 0.
int SelfDateStrength(const LoweredTokens& tokens, const Timex& t);

// Resolves against `ref` (nullptr when there is no reference date). Sets every DateExpr field.
DateExpr Resolve(const LoweredTokens& tokens, const Timex& t, const Ymd* ref);

}  // namespace mosaic::tag::timex
