#include "tag/timex.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <unordered_map>

namespace mosaic::tag::timex {
namespace {

// ---------------------------------------------------------------------------------------------
// The word lexicon. Every token is looked up once; tokens without an entry and without a leading
// digit cannot start an expression, which keeps the pass fast on ordinary prose.
// ---------------------------------------------------------------------------------------------

enum class Cat : uint8_t {
  kNone,
  kMonth,      // val 1..12; abbrev = 1 for short forms
  kWeekday,    // val 0..6
  kUnit,       // val = unit char; plural flag
  kPartOfDay,  // val index into kPartCodes
  kSeason,     // val 0 SP 1 SU 2 FA 3 WI
  kDayWord,    // today 0, yesterday -1, tomorrow +1, tonight 0 (+ night)
  kShifter,    // last/previous/past -1, this/current 0, next/coming/following/upcoming +1
  kAgo,        // ago/earlier/before -1, later/hence +1
  kMod,        // early 1, mid 2, late 3
  kModNoun,    // beginning/start 1, middle 2, end 3
  kApprox,     // about, around, nearly, ...
  kRefWord,    // now/currently 0 (present), recently/formerly 1 (past), soon 2 (future)
  kSetAdverb,  // daily, weekly, ... val = unit char
  kEvery,      // every, each, per
  kSince,      // since, until, before, after, by (modifier words outside the span)
  kHalf,       // half
  kFiscal,     // fiscal
};

struct Lex {
  Cat cat = Cat::kNone;
  int val = 0;
  bool plural = false;
  bool abbrev = false;
  bool start = false;  // may start an expression (set for every entry with a category)
};

struct LexEntry {
  std::string_view word;
  Lex lex;
};

const char* const kPartCodes[] = {"MO", "AF", "EV", "NI", "MI", "12:00", "24:00", "DT"};

class Lexicon {
 public:
  Lexicon() {
    auto add = [&](std::string_view w, Cat c, int v, bool plural = false, bool abbrev = false) {
      map_[w] = Lex{c, v, plural, abbrev};
    };
    static constexpr std::array<std::string_view, 12> kMonths = {
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december"};
    for (int i = 0; i < 12; ++i) add(kMonths[i], Cat::kMonth, i + 1);
    static constexpr std::array<std::pair<std::string_view, int>, 24> kMonthAbbrev = {{
        {"jan", 1},  {"jan.", 1},  {"feb", 2},  {"feb.", 2},  {"mar", 3},  {"mar.", 3},
        {"apr", 4},  {"apr.", 4},  {"jun", 6},  {"jun.", 6},  {"jul", 7},  {"jul.", 7},
        {"aug", 8},  {"aug.", 8},  {"sep", 9},  {"sep.", 9},  {"sept", 9}, {"sept.", 9},
        {"oct", 10}, {"oct.", 10}, {"nov", 11}, {"nov.", 11}, {"dec", 12}, {"dec.", 12},
    }};
    for (auto [w, v] : kMonthAbbrev) add(w, Cat::kMonth, v, false, true);
    static constexpr std::array<std::string_view, 7> kDays = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    static constexpr std::array<std::string_view, 7> kDaysPlural = {
        "mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays"};
    for (int i = 0; i < 7; ++i) {
      add(kDays[i], Cat::kWeekday, i);
      add(kDaysPlural[i], Cat::kWeekday, i, /*plural=*/true);  // "on Mondays": a set
    }
    struct U {
      std::string_view s, p;
      char u;
    };
    static constexpr std::array<U, 10> kUnits = {{{"day", "days", 'D'},
                                                  {"week", "weeks", 'W'},
                                                  {"month", "months", 'M'},
                                                  {"year", "years", 'Y'},
                                                  {"decade", "decades", 'E'},
                                                  {"century", "centuries", 'C'},
                                                  {"quarter", "quarters", 'Q'},
                                                  {"hour", "hours", 'h'},
                                                  {"minute", "minutes", 'm'},
                                                  {"weekend", "weekends", 'N'}}};
    for (const U& u : kUnits) {
      add(u.s, Cat::kUnit, u.u);
      add(u.p, Cat::kUnit, u.u, true);
    }
    add("seconds", Cat::kUnit, 's', true);
    add("fortnight", Cat::kUnit, 'F');
    add("morning", Cat::kPartOfDay, 0);
    add("mornings", Cat::kPartOfDay, 0, true);
    add("afternoon", Cat::kPartOfDay, 1);
    add("evening", Cat::kPartOfDay, 2);
    add("night", Cat::kPartOfDay, 3);
    add("overnight", Cat::kPartOfDay, 3);
    add("noon", Cat::kPartOfDay, 5);
    add("midday", Cat::kPartOfDay, 5);
    add("midnight", Cat::kPartOfDay, 6);
    add("spring", Cat::kSeason, 0);
    add("summer", Cat::kSeason, 1);
    add("fall", Cat::kSeason, 2);
    add("autumn", Cat::kSeason, 2);
    add("winter", Cat::kSeason, 3);
    add("today", Cat::kDayWord, 0);
    add("yesterday", Cat::kDayWord, -1);
    add("tomorrow", Cat::kDayWord, 1);
    add("tonight", Cat::kDayWord, 10);
    add("last", Cat::kShifter, -1);
    add("previous", Cat::kShifter, -1);
    add("past", Cat::kShifter, -1);
    add("preceding", Cat::kShifter, -1);
    add("this", Cat::kShifter, 0);
    add("current", Cat::kShifter, 0);
    add("next", Cat::kShifter, 1);
    add("coming", Cat::kShifter, 1);
    add("following", Cat::kShifter, 1);
    add("upcoming", Cat::kShifter, 1);
    add("ago", Cat::kAgo, -1);
    add("earlier", Cat::kAgo, -1);
    add("later", Cat::kAgo, 1);
    add("hence", Cat::kAgo, 1);
    add("early", Cat::kMod, 1);
    add("mid", Cat::kMod, 2);
    add("late", Cat::kMod, 3);
    add("beginning", Cat::kModNoun, 1);
    add("start", Cat::kModNoun, 1);
    add("middle", Cat::kModNoun, 2);
    add("end", Cat::kModNoun, 3);
    for (std::string_view w : {"about", "around", "nearly", "almost", "approximately", "roughly",
                               "some", "over", "under", "some", "only", "just"}) {
      add(w, Cat::kApprox, 1);
    }
    add("now", Cat::kRefWord, 0);
    add("currently", Cat::kRefWord, 0);
    add("nowadays", Cat::kRefWord, 0);
    add("recently", Cat::kRefWord, 1);
    // "previously", "formerly" and "soon" are left out: in news they more often qualify an action
    // than name a time, and TimeML gold rarely tags them.
    add("daily", Cat::kSetAdverb, 'D');
    add("weekly", Cat::kSetAdverb, 'W');
    add("monthly", Cat::kSetAdverb, 'M');
    add("hourly", Cat::kSetAdverb, 'h');
    add("every", Cat::kEvery, 0);
    add("each", Cat::kEvery, 0);
    add("per", Cat::kEvery, 0);
    add("since", Cat::kSince, 0);
    add("until", Cat::kSince, 1);
    add("till", Cat::kSince, 1);
    add("before", Cat::kSince, 1);
    add("after", Cat::kSince, 2);
    add("half", Cat::kHalf, 0);
    add("fiscal", Cat::kFiscal, 0);
    for (auto& [w, l] : map_) l.start = true;
    // Words without a category of their own that can still open an expression: articles and
    // bounds ("the third quarter", "a year ago", "at least 12 days") and number words.
    for (std::string_view w :
         {"the",         "a",          "an",           "at",         "more",      "less",
          "up",          "no",         "several",      "few",        "recent",    "these",
          "that",        "year-end",   "year-earlier", "year-ago",   "once",      "present",
          "future",      "right",      "one",          "two",        "three",     "four",
          "five",        "six",        "seven",        "eight",      "nine",      "ten",
          "eleven",      "twelve",     "thirteen",     "fourteen",   "fifteen",   "sixteen",
          "seventeen",   "eighteen",   "nineteen",     "twenty",     "thirty",    "forty",
          "fifty",       "sixty",      "seventy",      "eighty",     "ninety",    "hundred",
          "thousand",    "dozen",      "first",        "second",     "third",     "fourth",
          "fifth",       "sixth",      "seventh",      "eighth",     "ninth",     "tenth",
          "eleventh",    "twelfth",    "thirteenth",   "fourteenth", "fifteenth", "sixteenth",
          "seventeenth", "eighteenth", "nineteenth",   "twentieth",  "thirtieth", "zero"}) {
      Lex& l = map_[w];
      l.start = true;
    }
  }
  Lex Find(std::string_view w) const {
    auto it = map_.find(w);
    return it == map_.end() ? Lex{} : it->second;
  }

 private:
  std::unordered_map<std::string_view, Lex> map_;
};

const Lexicon& Lexi() {
  static const Lexicon lex;
  return lex;
}

// Tense cues, looked up around an expression.
struct TenseWords {
  std::unordered_map<std::string_view, int8_t> map;  // -1 past, +1 future
  TenseWords() {
    for (std::string_view w :
         {"will",      "'ll",        "shall", "wo",      "going",    "expected", "expects",
          "scheduled", "due",        "plans", "plan",    "planning", "intends",  "upcoming",
          "tomorrow",  "hopes",      "would", "planned", "aims",     "promised", "pledged",
          "vowed",     "threatened", "is to", "to be",   "await"}) {
      map[w] = 1;
    }
    for (std::string_view w :
         {"was",    "were",      "had",      "did",        "said",    "told",    "ago",
          "last",   "yesterday", "has",      "have",       "began",   "came",    "went",
          "took",   "made",      "met",      "left",       "fought",  "held",    "saw",
          "gave",   "got",       "ran",      "won",        "lost",    "sent",    "fell",
          "rose",   "struck",    "broke",    "brought",    "bought",  "built",   "caught",
          "chose",  "drove",     "fled",     "flew",       "forgot",  "found",   "froze",
          "grew",   "heard",     "hid",      "knew",       "led",     "meant",   "paid",
          "sold",   "shot",      "spoke",    "spent",      "stood",   "stole",   "swore",
          "taught", "thought",   "threw",    "understood", "woke",    "wore",    "wrote",
          "became", "began",     "beat",     "bit",        "blew",    "drew",    "drank",
          "ate",    "felt",      "kept",     "lay",        "lit",     "rode",    "rang",
          "sank",   "sat",       "slept",    "slid",       "spun",    "sprang",  "stuck",
          "stung",  "struck",    "swam",     "swung",      "tore",    "wept",    "wound",
          "arose",  "overthrew", "withdrew", "undertook",  "oversaw", "forbade", "seized"}) {
      map[w] = -1;
    }
  }
};

// Words ending in "-ed" that are rarely past-tense verbs in news.
bool IsFalseEd(std::string_view w) {
  static constexpr std::array<std::string_view, 16> kNot = {
      "need", "speed", "united", "armed", "based",   "red",    "bed",     "seed",
      "feed", "breed", "creed",  "weed",  "proceed", "exceed", "succeed", "indeed"};
  return std::find(kNot.begin(), kNot.end(), w) != kNot.end();
}

// Verbs that point ahead when followed by "to": "planned to leave on Thursday".
bool IsIntentVerb(std::string_view w) {
  static constexpr std::array<std::string_view, 30> kIntent = {
      "planned",    "plans",     "plan",      "planning", "expected", "expects",
      "expect",     "scheduled", "due",       "set",      "going",    "agreed",
      "decided",    "promised",  "pledged",   "vowed",    "intends",  "intended",
      "hoped",      "hopes",     "aims",      "aimed",    "wants",    "wanted",
      "threatened", "prepared",  "preparing", "ready",    "likely",   "about"};
  return std::find(kIntent.begin(), kIntent.end(), w) != kIntent.end();
}

int8_t TenseOfWord(std::string_view w) {
  static const TenseWords tw;
  auto it = tw.map.find(w);
  if (it != tw.map.end()) return it->second;
  if (w.size() >= 5 && w.substr(w.size() - 2) == "ed" && !IsFalseEd(w)) return -1;
  return 0;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!IsDigit(c)) return false;
  return true;
}

// Saturates instead of overflowing: a digit run of any length is a valid token (found by
// fuzz/dates_fuzzer), and no date field is near the cap.
int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) {
    if (v > 99999999) return 999999999;
    v = v * 10 + (c - '0');
  }
  return v;
}

bool IsUpperAscii(char c) { return c >= 'A' && c <= 'Z'; }

// A plausible year written as digits: 4 digits in 1000..2199.
bool YearToken(std::string_view w, int* y) {
  if (w.size() != 4 || !AllDigits(w)) return false;
  int v = ToInt(w);
  if (v < 1000 || v > 2199) return false;
  *y = v;
  return true;
}

// A day-of-month token: "9", "09", "1st", "22nd".
bool DayToken(std::string_view w, int* d) {
  int v = 0;
  if (AllDigits(w) && w.size() <= 2) {
    v = ToInt(w);
  } else if (w.size() >= 3 && w.size() <= 4 && IsDigit(w[0])) {
    v = OrdinalValue(w);
  } else {
    v = OrdinalValue(w);  // "first".."thirty-first"
  }
  if (v < 1 || v > 31) return false;
  *d = v;
  return true;
}

// Nouns that a 4-digit number counts, so that "2000 people" is not a year.
bool IsCountNoun(std::string_view w) {
  static constexpr std::array<std::string_view, 40> kNouns = {
      "people",   "persons",    "troops",     "soldiers", "civilians", "residents", "families",
      "children", "men",        "women",      "fighters", "members",   "workers",   "employees",
      "jobs",     "shares",     "dollars",    "euros",    "tons",      "tonnes",    "barrels",
      "km",       "kilometers", "kilometres", "miles",    "meters",    "metres",    "feet",
      "acres",    "hectares",   "cases",      "deaths",   "refugees",  "votes",     "units",
      "cars",     "homes",      "houses",     "points",   "rounds"};
  return std::find(kNouns.begin(), kNouns.end(), w) != kNouns.end();
}

// ---------------------------------------------------------------------------------------------
// The recogniser.
// ---------------------------------------------------------------------------------------------

class Recogniser {
 public:
  explicit Recogniser(const LoweredTokens& tok) : t_(tok), lex_(Lexi()) {
    // One lexicon lookup per token; everything later reads these.
    lexes_.resize(tok.size());
    for (size_t i = 0; i < tok.size(); ++i) lexes_[i] = lex_.Find(tok[i]);
  }

  std::vector<Timex> Run() {
    std::vector<Timex> out;
    const size_t n = t_.size();
    for (size_t i = 0; i < n;) {
      Timex x;
      if (CanStart(i) && MatchAt(i, &x) && x.last > i) {
        FinishModifierBefore(&x);
        x.tense = TenseAround(x.first, x.last);
        if (x.kind == Kind::kShift && x.unit == 'Y' && x.amount == 1 && x.offset < 0) {
          x.quarter_context = SentenceMentionsQuarter(x.first);
        }
        out.push_back(std::move(x));
        i = out.back().last;
      } else {
        ++i;
      }
    }
    return out;
  }

 private:
  std::string_view W(size_t i) const { return t_[i]; }
  Lex L(size_t i) const { return i < lexes_.size() ? lexes_[i] : Lex{}; }
  bool Cap(size_t i) const {
    std::string_view c = t_.Cased(i);
    return !c.empty() && IsUpperAscii(c[0]);
  }
  bool NoSpaceBefore(size_t i) const { return i < t_.size() && !t_.text().tokens[i].space_before; }

  bool CanStart(size_t i) const {
    std::string_view w = W(i);
    if (w.empty()) return false;
    if (IsDigit(w[0]) || w[0] == '\'' || lexes_[i].start) return true;
    return w.size() > 2 && w.find('-') != std::string_view::npos;
  }

  // "since August 9", "until June": the word stays outside the span, the meaning is kept.
  void FinishModifierBefore(Timex* x) const {
    if (x->first == 0 || !x->modifier.empty()) return;
    Lex l = L(x->first - 1);
    if (l.cat != Cat::kSince) return;
    if (x->kind == Kind::kDuration || x->kind == Kind::kSet || x->kind == Kind::kRef) return;
    x->modifier = l.val == 0 ? "since" : l.val == 1 ? "before" : "after";
    if (W(x->first - 1) == "until" || W(x->first - 1) == "till") x->modifier = "until";
  }

  bool SentenceMentionsQuarter(uint32_t at) const {
    const auto& text = t_.text();
    int s = text.SentenceOfToken(at);
    if (s < 0) return false;
    // This sentence or the one before it ("Net income fell 5% in the quarter. A year earlier ...").
    uint32_t from = text.sentences[s > 0 ? s - 1 : s].first_token;
    for (uint32_t k = from; k < text.sentences[s].last_token; ++k) {
      if (W(k).find("quarter") != std::string_view::npos) return true;
    }
    return false;
  }

  int8_t TenseAt(size_t k) const {
    std::string_view w = W(k);
    if (W(k + 1) == "to" && IsIntentVerb(w)) return 1;
    int8_t v = TenseOfWord(w);
    if (v < 0 && k >= 1) {
      // A participle after a future auxiliary: "will be held", "is to be signed", "will have met".
      std::string_view p1 = W(k - 1), p2 = k >= 2 ? W(k - 2) : std::string_view();
      auto future_aux = [](std::string_view a) {
        return a == "will" || a == "'ll" || a == "shall";
      };
      if (future_aux(p1) || ((p1 == "be" || p1 == "have") && (future_aux(p2) || p2 == "to"))) {
        return 1;
      }
    }
    return v;
  }

  // Tense: the nearest cue word in the same sentence, looking left (closer cues first) and right.
  Tense TenseAround(uint32_t first, uint32_t last) const {
    const auto& text = t_.text();
    int s = text.SentenceOfToken(first);
    uint32_t sb = s >= 0 ? text.sentences[s].first_token : 0;
    uint32_t se = s >= 0 ? text.sentences[s].last_token : static_cast<uint32_t>(t_.size());
    int best = 0, best_dist = 1 << 20;
    for (uint32_t k = first, dist = 0; k > sb && dist < 14; ++dist) {
      --k;
      std::string_view w = W(k);
      if (w == "," || w == ";") continue;
      int8_t v = TenseAt(k);
      if (v != 0) {
        best = v, best_dist = static_cast<int>(dist);
        break;
      }
    }
    for (uint32_t k = last, dist = 0; k < se && dist < 10; ++k, ++dist) {
      int8_t v = TenseAt(k);
      if (v != 0) {
        // A cue on the left at the same distance wins: it usually governs the phrase.
        if (static_cast<int>(dist) + 1 < best_dist) best = v;
        break;
      }
    }
    return best < 0 ? Tense::kPast : best > 0 ? Tense::kFuture : Tense::kNone;
  }

  // Approximation and bound prefixes that belong to the span: "about a month ago", "at least 12
  // days", "more than four hours". Returns the token after the prefix.
  size_t ApproxPrefix(size_t i, std::string* mod) const {
    std::string_view w = W(i);
    if ((w == "at" && (W(i + 1) == "least" || W(i + 1) == "most")) ||
        ((w == "more" || w == "less" || w == "fewer") && W(i + 1) == "than") ||
        (w == "up" && W(i + 1) == "to")) {
      *mod = w == "at" && W(i + 1) == "least" ? "at_least"
             : w == "more"                    ? "more_than"
             : w == "at"                      ? "at_most"
                                              : "at_most";
      return i + 2;
    }
    if (w == "no" && W(i + 1) == "more" && W(i + 2) == "than") {
      *mod = "at_most";
      return i + 3;
    }
    if (L(i).cat == Cat::kApprox) {
      *mod = "approx";
      return i + 1;
    }
    return i;
  }

  bool MatchAt(size_t i, Timex* x) {
    std::string mod;
    size_t j = ApproxPrefix(i, &mod);
    if (j != i) {
      // The prefix only belongs to durations, shifts ("about a month ago") and dates.
      if (!MatchCore(j, x)) return false;
      if (x->kind == Kind::kRef || x->kind == Kind::kSet) return false;
      x->first = static_cast<uint32_t>(i);
      if (mod == "approx" && (W(i) == "some" || W(i) == "over" || W(i) == "under" ||
                              W(i) == "only" || W(i) == "just")) {
        // "some", "over", "only" qualify amounts, not dates: keep them out of a date's span.
        if (x->kind != Kind::kDuration && x->kind != Kind::kShift) {
          x->first = static_cast<uint32_t>(j);
          return true;
        }
        if (W(i) == "only" || W(i) == "just") {
          x->first = static_cast<uint32_t>(j);
          return true;
        }
      }
      if (x->modifier.empty()) x->modifier = mod == "approx" ? "approx" : mod;
      return true;
    }
    return MatchCore(i, x);
  }

  bool MatchCore(size_t i, Timex* x) {
    x->first = static_cast<uint32_t>(i);
    std::string_view w = W(i);
    if (w.empty()) return false;
    Lex l = L(i);
    if (w == "the") {
      return MatchThe(i, x);
    }
    if (IsDigit(w[0]) || w[0] == '\'') {
      if (MatchNumericDate(i, x)) return true;
      if (MatchDayFirst(i, x)) return true;
      if (MatchClock(i, x)) return true;
      if (MatchYear(i, x)) return true;
      if (MatchAmount(i, x)) return true;
      if (w.find('-') != std::string_view::npos && MatchHyphenated(i, x)) return true;
      return false;
    }
    switch (l.cat) {
      case Cat::kMonth:
        return MatchMonthFirst(i, x);
      case Cat::kWeekday:
        return MatchWeekday(i, x);
      case Cat::kDayWord:
        return MatchDayWord(i, x);
      case Cat::kShifter:
        return MatchShifter(i, x);
      case Cat::kMod:
        return MatchMod(i, x);
      case Cat::kRefWord:
        return MatchRefWord(i, x);
      case Cat::kSetAdverb:
        if (W(i) == "quarterly" || !NoSpaceBefore(i)) {
          x->kind = Kind::kSet;
          x->type = 'S';
          x->unit = static_cast<char>(l.val);
          x->amount = 1;
          x->last = static_cast<uint32_t>(i + 1);
          return true;
        }
        return false;
      case Cat::kEvery:
        return MatchEvery(i, x);
      case Cat::kSeason:
        return MatchSeason(i, x, /*guarded=*/true);
      case Cat::kPartOfDay: {
        // "noon Saturday", "midnight Friday": a clock time before its day.
        if (l.val < 5) return false;
        size_t k = i + 1;
        if (W(k) == "on") ++k;
        Timex day;
        if ((L(k).cat == Cat::kWeekday || L(k).cat == Cat::kDayWord) && MatchCore(k, &day) &&
            day.type != 'T') {
          *x = day;
          x->first = static_cast<uint32_t>(i);
          x->time = kPartCodes[l.val];
          x->type = 'T';
          return true;
        }
        return false;
      }
      case Cat::kFiscal: {
        int y;
        if (YearToken(W(i + 1), &y)) {
          SetYear(x, y);
          x->last = static_cast<uint32_t>(i + 2);
          return true;
        }
        return MatchOrdinalPart(i + 1, x, i);
      }
      default:
        break;
    }
    if (w.find('-') != std::string_view::npos && MatchHyphenated(i, x)) return true;
    if (w == "recent" || w == "several" || w == "few" || w == "a" || w == "an") {
      return MatchAmount(i, x);
    }
    if (w == "these" && W(i + 1) == "days") {
      SetRef(x, "PRESENT_REF", i + 2);
      return true;
    }
    if (w == "right" && W(i + 1) == "now") {
      SetRef(x, "PRESENT_REF", i + 2);
      return true;
    }
    if (w == "once" && i > 0 && W(i - 1) != "at" && TenseOfWord(W(i + 1)) < 0) {
      SetRef(x, "PAST_REF", i + 1);
      return true;
    }
    if (w == "that" && (L(i + 1).cat == Cat::kUnit) && !L(i + 1).plural &&
        (L(i + 1).val == 'Y' || L(i + 1).val == 'D')) {
      // "that year", "that day": anaphoric; kept as an unresolved mention of a date.
      return false;
    }
    if (NumberWordValue(w) >= 0 || OrdinalValue(w) > 0) {
      if (MatchDayFirst(i, x)) return true;
      if (MatchOrdinalPart(i, x, i)) return true;
      if (MatchYearWords(i, x)) return true;
      return MatchAmount(i, x);
    }
    return false;
  }

  void SetYear(Timex* x, int y) {
    x->kind = Kind::kAbsolute;
    x->year = y;
    x->year_explicit = true;
  }
  void SetRef(Timex* x, const char* ref, size_t end) {
    x->kind = Kind::kRef;
    x->ref = ref;
    x->last = static_cast<uint32_t>(end);
  }

  // "2023-05-22", "2023/05/22", "22.05.2023", "05/22/2023", "2014-2016", "1990s", "'90s".
  bool MatchNumericDate(size_t i, Timex* x) {
    std::string_view w = W(i);
    // Decades: "1950s", "1950's" (tokenised "1950" "'s"), "'90s".
    if (w.size() == 5 && w[4] == 's' && AllDigits(w.substr(0, 4)) && w[3] == '0') {
      int y = ToInt(w.substr(0, 4));
      if (y >= 1000 && y < 2200) {
        x->kind = Kind::kDecade;
        x->year = y;
        x->last = static_cast<uint32_t>(i + 1);
        return true;
      }
    }
    if (w.size() == 4 && w[0] == '\'' && AllDigits(w.substr(1, 2)) && w[3] == 's' && w[2] == '0') {
      x->kind = Kind::kDecade;
      int yy = ToInt(w.substr(1, 2));
      x->year = (yy >= 30 ? 1900 : 2000) + yy;
      x->last = static_cast<uint32_t>(i + 1);
      return true;
    }
    if (w == "'" && W(i + 1).size() == 3 && AllDigits(W(i + 1).substr(0, 2)) &&
        W(i + 1)[2] == 's' && W(i + 1)[1] == '0') {
      x->kind = Kind::kDecade;
      int yy = ToInt(W(i + 1).substr(0, 2));
      x->year = (yy >= 30 ? 1900 : 2000) + yy;
      x->last = static_cast<uint32_t>(i + 2);
      return true;
    }
    // Split on one separator kind.
    char sep = 0;
    for (char c : w) {
      if (c == '-' || c == '/' || c == '.') {
        if (sep && c != sep) return false;
        sep = c;
      } else if (!IsDigit(c)) {
        return false;
      }
    }
    if (!sep) return false;
    std::array<std::string_view, 3> parts;
    size_t np = 0, start = 0;
    for (size_t k = 0; k <= w.size(); ++k) {
      if (k == w.size() || w[k] == sep) {
        if (np == 3) return false;
        parts[np++] = w.substr(start, k - start);
        start = k + 1;
      }
    }
    if (np == 2 && sep == '-') {
      int a, b;
      if (YearToken(parts[0], &a) && (YearToken(parts[1], &b) || parts[1].size() == 2)) {
        if (parts[1].size() == 2) b = a / 100 * 100 + ToInt(parts[1]);
        if (b <= a || b - a > 100) return false;
        SetYear(x, a);
        x->range = true;
        x->year2 = b;
        x->last = static_cast<uint32_t>(i + 1);
        return true;
      }
      return false;
    }
    if (np != 3) return false;
    int y, m, d;
    if (parts[0].size() == 4) {  // ISO order
      y = ToInt(parts[0]);
      m = ToInt(parts[1]);
      d = ToInt(parts[2]);
    } else if (parts[2].size() == 4) {
      y = ToInt(parts[2]);
      int a = ToInt(parts[0]), b = ToInt(parts[1]);
      // Day first unless that is impossible (news outside the US writes day first; "05/22/2023"
      // can only be month first).
      if (sep == '/' && b > 12) {
        m = a, d = b;
      } else if (a > 12) {
        d = a, m = b;
      } else if (sep == '/') {
        m = a, d = b;  // ambiguous slash dates: the US order most English news wires use
      } else {
        d = a, m = b;
      }
    } else {
      return false;
    }
    if (y < 1000 || y > 2199 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return false;
    x->kind = Kind::kAbsolute;
    x->year = y, x->month = m, x->day = d;
    x->year_explicit = true;
    x->last = static_cast<uint32_t>(i + 1);
    return true;
  }

  // A year (and what may follow it: a season or quarter, "2014 and beyond").
  bool MatchYear(size_t i, Timex* x) {
    int y;
    if (!YearToken(W(i), &y)) return false;
    if (i > 0) {
      std::string_view p = W(i - 1);
      if (p == "$" || p == "#" || p == "no." || p == "number" || p == "-" || p == "+" ||
          p == "about" || p == "some" || p == "nearly" || p == "almost" || p == "over") {
        return false;
      }
    }
    std::string_view nx = W(i + 1);
    if (nx == "%" || nx == "percent" || IsCountNoun(nx) || nx == "-" || nx == ":") return false;
    if (L(i + 1).cat == Cat::kUnit && !(L(i + 1).val == 'Q')) return false;  // "2000 years"
    SetYear(x, y);
    x->last = static_cast<uint32_t>(i + 1);
    // "1998 third quarter", "2014 summer"
    if (L(i + 1).cat == Cat::kSeason) {
      x->part = 'S';
      x->part_index = L(i + 1).val;
      x->last = static_cast<uint32_t>(i + 2);
    } else if (int o = OrdinalValue(W(i + 1)); o >= 1 && o <= 4 && W(i + 2) == "quarter") {
      x->part = 'Q', x->part_index = o, x->last = static_cast<uint32_t>(i + 3);
    }
    return true;
  }

  // Number words for years in transcripts: "nineteen ninety-six".
  bool MatchYearWords(size_t i, Timex* x) {
    double a = NumberWordValue(W(i));
    if (a < 10 || a > 20) return false;
    double b = NumberWordValue(W(i + 1));
    if (b < 10 || b >= 100) {
      if (W(i + 1) == "hundred") {
        SetYear(x, static_cast<int>(a) * 100);
        x->last = static_cast<uint32_t>(i + 2);
        return true;
      }
      return false;
    }
    SetYear(x, static_cast<int>(a) * 100 + static_cast<int>(b));
    x->last = static_cast<uint32_t>(i + 2);
    return true;
  }

  // Whether the token starts a noun phrase a number could count ("May 3 and 6 disappearances"):
  // a lowercase word that is not a function word.
  bool StartsNounPhrase(size_t k) const {
    std::string_view w = W(k);
    if (w.empty() || w[0] < 'a' || w[0] > 'z' || Cap(k)) return false;
    static constexpr std::array<std::string_view, 24> kFunction = {
        "in",     "at",    "on",     "to",           "of",  "and", "or",   "when",
        "while",  "after", "before", "but",          "as",  "for", "with", "by",
        "during", "this",  "that",   "respectively", "the", "a",   "will", "is"};
    return std::find(kFunction.begin(), kFunction.end(), w) == kFunction.end() &&
           L(k).cat == Cat::kNone;
  }

  // Optional ", 2023" / " 2023" after a month (and day).
  size_t OptionalYear(size_t j, int* y) {
    size_t k = j;
    if (W(k) == ",") ++k;
    if (YearToken(W(k), y)) {
      // "May 5, 2000 people" is not a year.
      if (IsCountNoun(W(k + 1))) return j;
      return k + 1;
    }
    // "of 2014", "of last year" after a month: "the end of May of 2014".
    if (W(j) == "of" && YearToken(W(j + 1), y)) return j + 2;
    return j;
  }

  // "Month last/this/next year" -> year offset.
  size_t OptionalYearShift(size_t j, int* shift) {
    if (L(j).cat == Cat::kShifter && W(j) != "past" && W(j + 1) == "year") {
      *shift = L(j).val;
      return j + 2;
    }
    return j;
  }

  // A month name as a date only when its context says so (May / March / August are words too).
  bool MonthContextOK(size_t i, bool followed_by_number) const {
    Lex l = L(i);
    if (!Cap(i)) return false;
    if (followed_by_number) return true;
    if (l.abbrev) return false;
    std::string_view w = W(i);
    if (w != "may" && w != "march" && w != "august") return true;
    if (i == 0) return false;
    std::string_view p = W(i - 1);
    static constexpr std::array<std::string_view, 20> kPrep = {
        "in",     "of",    "since",   "until", "till",    "by",        "from",
        "early",  "late",  "mid",     "last",  "next",    "this",      "during",
        "before", "after", "through", "to",    "between", "throughout"};
    return std::find(kPrep.begin(), kPrep.end(), p) != kPrep.end();
  }

  // Month-first dates: "August 09, 2023", "Aug. 9", "May 1-5", "May 1 and 2", "February 2022",
  // "June", "June last year".
  bool MatchMonthFirst(size_t i, Timex* x) {
    int m = L(i).val;
    size_t j = i + 1;
    if (L(i).abbrev && W(j) == "." && NoSpaceBefore(j)) ++j;  // "Jun." tokenised apart
    int d = 0, y = 0;
    std::string_view dw = W(j);
    bool has_day = false;
    // "May 1-5": one token with a hyphen.
    if (auto dash = dw.find('-'); dash != std::string_view::npos && dash > 0 && dash <= 2) {
      int d1, d2;
      if (DayToken(dw.substr(0, dash), &d1) && DayToken(dw.substr(dash + 1), &d2) && d2 > d1 &&
          AllDigits(dw.substr(dash + 1))) {
        if (!MonthContextOK(i, true)) return false;
        x->range = true;
        x->day2 = d2;
        x->month2 = m;
        d = d1;
        has_day = true;
        ++j;
      }
    }
    if (!has_day && DayToken(dw, &d) && (IsDigit(dw[0])) && !YearToken(dw, &y)) {
      // "May 5 people" is not a date; "March 2 4" neither.
      if (IsCountNoun(W(j + 1))) return false;
      has_day = true;
      ++j;
      // "May 1 and 2", "May 1 to 5", "May 1-May 5" handled lightly: a second day number.
      if ((W(j) == "and" || W(j) == "to" || W(j) == "through" || W(j) == "-") &&
          j + 1 < t_.size()) {
        int d2;
        std::string_view w2 = W(j + 1);
        if (IsDigit(w2.empty() ? 'x' : w2[0]) && DayToken(w2, &d2) && d2 > d && w2.size() <= 4 &&
            !StartsNounPhrase(j + 2) && L(j + 2).cat != Cat::kUnit) {
          x->range = true;
          x->day2 = d2;
          x->month2 = m;
          j += 2;
        }
      }
    } else {
      y = 0;
    }
    if (!MonthContextOK(i, has_day || YearToken(W(j), &y))) return false;
    x->month = m;
    size_t k = OptionalYear(j, &y);
    if (k != j) {
      x->kind = Kind::kAbsolute;
      x->year = y;
      x->year_explicit = true;
      j = k;
    } else {
      int shift = 0;
      size_t k2 = OptionalYearShift(j, &shift);
      if (k2 != j) {
        x->kind = Kind::kDeictic;
        x->unit = 'Y';
        x->offset = shift;
        j = k2;
      } else {
        x->kind = has_day ? Kind::kMonthDay : Kind::kMonth;
      }
    }
    if (has_day) {
      x->day = d;
      if (x->range) x->year2 = x->year;
    }
    if (x->kind == Kind::kDeictic) {
      // Month of a shifted year: keep month/day, resolve the year by the shifter.
      x->kind = has_day ? Kind::kMonthDay : Kind::kMonth;
      x->unit = 'y';  // marker: the year comes from the shifter ("June last year")
    }
    x->last = static_cast<uint32_t>(j);
    AttachClockAfter(x);
    return true;
  }

  // Day-first dates: "13 May 2021", "1st of May", "1st and 2nd of May", "the 2nd of May".
  bool MatchDayFirst(size_t i, Timex* x) {
    int d;
    std::string_view w = W(i);
    if (!DayToken(w, &d)) return false;
    if (IsDigit(w[0]) && w.size() > 2 && OrdinalValue(w) == 0) return false;
    size_t j = i + 1;
    int d2 = 0;
    if ((W(j) == "and" || W(j) == "to" || W(j) == "-" || W(j) == "or") && DayToken(W(j + 1), &d2) &&
        d2 > d) {
      j += 2;
    } else {
      d2 = 0;
    }
    if (W(j) == "of") ++j;
    if (L(j).cat != Cat::kMonth || !Cap(j)) return false;
    if (!IsDigit(w[0]) && W(i + 1) != "of" && d2 == 0) return false;  // "first May" is not a date
    int m = L(j).val;
    bool abbrev = L(j).abbrev;
    ++j;
    if (abbrev && W(j) == "." && NoSpaceBefore(j)) ++j;
    x->month = m;
    x->day = d;
    if (d2) {
      x->range = true;
      x->day2 = d2;
      x->month2 = m;
    }
    int y;
    size_t k = OptionalYear(j, &y);
    if (k != j) {
      x->kind = Kind::kAbsolute;
      x->year = y;
      x->year_explicit = true;
      if (x->range) x->year2 = y;
      j = k;
    } else {
      x->kind = Kind::kMonthDay;
    }
    x->last = static_cast<uint32_t>(j);
    return true;
  }

  // Clock times: "3 p.m.", "10:30", "10:30 a.m.", "3pm"; optionally followed by a zone and a day.
  bool MatchClock(size_t i, Timex* x) {
    std::string_view w = W(i);
    int h = -1, mi = 0;
    size_t j = i + 1;
    auto ampm = [&](std::string_view s) {
      return s == "a.m." || s == "p.m." || s == "am" || s == "pm" || s == "a.m" || s == "p.m";
    };
    if (w.size() >= 4 && w.size() <= 5 && w[w.size() - 3] == ':' &&
        AllDigits(w.substr(w.size() - 2))) {
      std::string_view hh = w.substr(0, w.size() - 3);
      if (!AllDigits(hh)) return false;
      h = ToInt(hh);
      mi = ToInt(w.substr(w.size() - 2));
      if (h > 24 || mi > 59) return false;
    } else if (AllDigits(w) && w.size() <= 2 && ampm(W(j))) {
      h = ToInt(w);
    } else if (w.size() >= 3 && w.size() <= 4 && (w.ends_with("am") || w.ends_with("pm")) &&
               AllDigits(w.substr(0, w.size() - 2))) {
      h = ToInt(w.substr(0, w.size() - 2));
      if (w.ends_with("pm") && h < 12) h += 12;
      if (h > 24) return false;
    } else {
      return false;
    }
    if (ampm(W(j))) {
      if (W(j)[0] == 'p' && h < 12) h += 12;
      if (W(j)[0] == 'a' && h == 12) h = 0;
      ++j;
      if (W(j) == "." && NoSpaceBefore(j)) ++j;
    }
    if (h > 24) return false;
    // Time zones: "EST", "GMT", "local time".
    std::string_view z = W(j);
    if (z == "est" || z == "edt" || z == "gmt" || z == "utc" || z == "pst" || z == "cst" ||
        z == "et" || z == "bst" || z == "cet" || z == "msk") {
      ++j;
    } else if (z == "local" && W(j + 1) == "time") {
      j += 2;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02d:%02d", h, mi);
    x->time = buf;
    x->type = 'T';
    x->kind = Kind::kDeictic;
    x->unit = 'D';
    x->offset = 0;
    x->last = static_cast<uint32_t>(j);
    // "3 p.m. EST Nov. 5", "10 p.m. Wednesday", "noon Saturday"
    size_t k = j;
    if (W(k) == "," || W(k) == "on") ++k;
    Timex day;
    if (k < t_.size() &&
        (L(k).cat == Cat::kWeekday || L(k).cat == Cat::kMonth || L(k).cat == Cat::kDayWord)) {
      if (MatchCore(k, &day) &&
          (day.kind == Kind::kWeekday || day.kind == Kind::kMonthDay ||
           day.kind == Kind::kAbsolute || day.kind == Kind::kDeictic) &&
          day.type != 'T') {
        std::string keep = x->time;
        uint32_t first = x->first;
        *x = day;
        x->first = first;
        x->time = keep;
        x->type = 'T';
      }
    }
    return true;
  }

  // "Monday 10 a.m." / "August 14 at 3 p.m.": a clock time after a day joins it.
  void AttachClockAfter(Timex* x) {
    size_t k = x->last;
    if (W(k) == "at") ++k;
    Timex c;
    if (k < t_.size() && IsDigit(W(k).empty() ? 'x' : W(k)[0]) && MatchClockOnly(k, &c)) {
      x->time = c.time;
      x->type = 'T';
      x->last = c.last;
    }
  }
  bool MatchClockOnly(size_t k, Timex* c) {
    std::string_view w = W(k);
    bool colon = w.find(':') != std::string_view::npos;
    std::string_view nx = W(k + 1);
    bool ap = nx == "a.m." || nx == "p.m." || nx == "am" || nx == "pm" || w.ends_with("am") ||
              w.ends_with("pm");
    if (!colon && !ap) return false;
    size_t save = t_.size();
    (void)save;
    // Reuse MatchClock without its day attachment.
    Timex tmp;
    tmp.first = static_cast<uint32_t>(k);
    if (!MatchClockBare(k, &tmp)) return false;
    *c = tmp;
    return true;
  }
  bool MatchClockBare(size_t i, Timex* x) {
    // Same as MatchClock but never attaches a following day (avoids recursion).
    std::string_view w = W(i);
    int h = -1, mi = 0;
    size_t j = i + 1;
    if (w.size() >= 4 && w.size() <= 5 && w[w.size() - 3] == ':' &&
        AllDigits(w.substr(w.size() - 2)) && AllDigits(w.substr(0, w.size() - 3))) {
      h = ToInt(w.substr(0, w.size() - 3));
      mi = ToInt(w.substr(w.size() - 2));
    } else if (AllDigits(w) && w.size() <= 2) {
      h = ToInt(w);
    } else if (w.ends_with("am") || w.ends_with("pm")) {
      h = ToInt(w.substr(0, w.size() - 2));
      if (w.ends_with("pm") && h < 12) h += 12;
    } else {
      return false;
    }
    std::string_view a = W(j);
    if (a == "a.m." || a == "p.m." || a == "am" || a == "pm") {
      if (a[0] == 'p' && h < 12) h += 12;
      if (a[0] == 'a' && h == 12) h = 0;
      ++j;
    }
    if (h > 24 || mi > 59) return false;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", h, mi);
    x->time = buf;
    x->last = static_cast<uint32_t>(j);
    return true;
  }

  // "Monday", "Tuesday afternoon", "Saturday, April 15", "Mondays" (a set).
  bool MatchWeekday(size_t i, Timex* x) {
    if (!Cap(i)) return false;
    Lex l = L(i);
    if (l.plural) {
      x->kind = Kind::kSet;
      x->type = 'S';
      x->weekday = l.val;
      x->unit = 'W';
      x->amount = 1;
      x->last = static_cast<uint32_t>(i + 1);
      return true;
    }
    x->kind = Kind::kWeekday;
    x->weekday = l.val;
    x->last = static_cast<uint32_t>(i + 1);
    size_t j = i + 1;
    // "Saturday, April 15(, 1998)" / "Saturday 15 April": the date decides.
    size_t k = W(j) == "," ? j + 1 : j;
    Timex date;
    if (k < t_.size() && (L(k).cat == Cat::kMonth || IsDigit(W(k).empty() ? 'x' : W(k)[0]))) {
      bool ok = L(k).cat == Cat::kMonth ? MatchMonthFirst(k, &date) : MatchDayFirst(k, &date);
      if (ok && (date.kind == Kind::kMonthDay || date.kind == Kind::kAbsolute) && date.day > 0) {
        uint32_t first = x->first;
        *x = date;
        x->first = first;
        x->weekday = l.val;
        return true;
      }
    }
    AttachPartOfDay(x, j);
    return true;
  }

  void AttachPartOfDay(Timex* x, size_t j) {
    Lex p = L(j);
    if (p.cat == Cat::kPartOfDay && !p.plural) {
      x->time = kPartCodes[p.val];
      x->type = 'T';
      x->last = static_cast<uint32_t>(j + 1);
      return;
    }
    AttachClockAfter(x);
  }

  // today / yesterday / tomorrow / tonight, with a part of day.
  bool MatchDayWord(size_t i, Timex* x) {
    Lex l = L(i);
    x->kind = Kind::kDeictic;
    x->unit = 'D';
    x->last = static_cast<uint32_t>(i + 1);
    if (l.val == 10) {
      x->offset = 0;
      x->time = "NI";
      x->type = 'T';
      return true;
    }
    x->offset = l.val;
    // "today's" and "tomorrow's" stay dates.
    AttachPartOfDay(x, i + 1);
    return true;
  }

  // last/next/this/past/coming + unit | month | weekday | season | part of day | weekend.
  bool MatchShifter(size_t i, Timex* x) {
    Lex l = L(i);
    std::string_view w = W(i);
    size_t j = i + 1;
    Lex n = L(j);
    int off = l.val;
    // "the past two months" / "the next few years": durations.
    if (w == "past" || w == "last" || w == "next" || w == "coming" || w == "previous" ||
        w == "following" || w == "first") {
      Timex d;
      if (j < t_.size() && MatchAmount(j, &d) && d.kind == Kind::kDuration) {
        *x = d;
        x->first = static_cast<uint32_t>(i);
        return true;
      }
    }
    switch (n.cat) {
      case Cat::kUnit: {
        if (n.plural) {
          // "coming weeks", "past years": vague durations.
          x->kind = Kind::kDuration;
          x->type = 'U';
          x->unit = static_cast<char>(n.val);
          x->vague = true;
          x->last = static_cast<uint32_t>(j + 1);
          return true;
        }
        if (w == "past" || w == "following" || w == "preceding") {
          // "the past year" is a duration in TimeML; "the following day" is anaphoric.
          if (w == "past") {
            x->kind = Kind::kDuration;
            x->type = 'U';
            x->unit = static_cast<char>(n.val);
            x->amount = 1;
            x->last = static_cast<uint32_t>(j + 1);
            return true;
          }
          return false;
        }
        x->kind = Kind::kDeictic;
        x->unit = static_cast<char>(n.val);
        x->offset = off;
        x->last = static_cast<uint32_t>(j + 1);
        if (x->unit == 'D' && off == 0) return false;  // "this day"
        // "this year's third quarter", "next year's first half"
        if (x->unit == 'Y' && W(j + 1) == "'s") {
          Timex part;
          if (MatchOrdinalPart(j + 2, &part, i) && part.kind == Kind::kPartOfYear) {
            *x = part;
            x->unit = 'y';
            x->offset = off;
          }
        }
        return true;
      }
      case Cat::kMonth:
        if (!Cap(j) || w == "past" || w == "current") return false;
        x->kind = Kind::kMonth;
        x->month = n.val;
        x->unit = 'm';  // marker: month with a shifter
        x->offset = off;
        x->last = static_cast<uint32_t>(j + 1);
        return true;
      case Cat::kWeekday:
        if (!Cap(j) || n.plural || w == "past" || w == "current") return false;
        x->kind = Kind::kWeekday;
        x->weekday = n.val;
        x->unit = 'w';  // marker: weekday with a shifter
        x->offset = off;
        x->last = static_cast<uint32_t>(j + 1);
        AttachPartOfDay(x, j + 1);
        return true;
      case Cat::kSeason:
        x->kind = Kind::kPartOfYear;
        x->part = 'S';
        x->part_index = n.val;
        x->unit = 'S';
        x->offset = off;
        x->last = static_cast<uint32_t>(j + 1);
        return true;
      case Cat::kPartOfDay:
        if (w == "this" || w == "last") {
          x->kind = Kind::kDeictic;
          x->unit = 'D';
          x->offset = (w == "last" && n.val == 3) ? -1 : 0;
          x->time = kPartCodes[n.val];
          x->type = 'T';
          x->last = static_cast<uint32_t>(j + 1);
          return true;
        }
        return false;
      default:
        break;
    }
    if (w == "this" && W(j) == "time") return false;
    return false;
  }

  // early / mid / late + month | year | decade | season | "next year"; "mid-July" is hyphenated.
  bool MatchMod(size_t i, Timex* x) {
    static const char* kMods[] = {"", "early", "mid", "late"};
    int mv = L(i).val;
    size_t j = i + 1;
    if (W(j) == "in" || W(j) == "-") ++j;  // "early in the year" is rare; "mid - July" spacing
    Timex inner;
    if (j >= t_.size() || !MatchCoreNoMod(j, &inner)) {
      if (W(i) == "late" && (W(i + 1) == "yesterday" || W(i + 1) == "today")) {
        // handled by MatchCoreNoMod
      }
      return false;
    }
    // Only calendar units take the modifier: not durations ("late 20 years").
    if (inner.kind == Kind::kDuration || inner.kind == Kind::kSet || inner.kind == Kind::kRef ||
        inner.kind == Kind::kShift)
      return false;
    *x = inner;
    x->first = static_cast<uint32_t>(i);
    x->modifier = kMods[mv];
    return true;
  }

  bool MatchCoreNoMod(size_t j, Timex* x) {
    if (L(j).cat == Cat::kMod) return false;
    return MatchCore(j, x);
  }

  bool MatchRefWord(size_t i, Timex* x) {
    int v = L(i).val;
    if (W(i) == "now" && i > 0 && (W(i - 1) == "until" || W(i - 1) == "from" || W(i - 1) == "by"))
      return false;  // "until now" is a range end; TimeML still tags it, keep it simple
    SetRef(x, v == 0 ? "PRESENT_REF" : v == 1 ? "PAST_REF" : "FUTURE_REF", i + 1);
    return true;
  }

  // every / each / per + unit or weekday: sets.
  bool MatchEvery(size_t i, Timex* x) {
    size_t j = i + 1;
    double amount = 1;
    if (auto n = ParseNumber(t_, j); n && !n->ordinal && n->value > 1) {
      amount = n->value;
      j = n->end;
    }
    Lex l = L(j);
    if (l.cat == Cat::kUnit) {
      x->kind = Kind::kSet;
      x->type = 'S';
      x->unit = static_cast<char>(l.val);
      x->amount = amount;
      x->last = static_cast<uint32_t>(j + 1);
      return true;
    }
    if (l.cat == Cat::kWeekday && Cap(j)) {
      x->kind = Kind::kSet;
      x->type = 'S';
      x->weekday = l.val;
      x->unit = 'W';
      x->amount = 1;
      x->last = static_cast<uint32_t>(j + 1);
      return true;
    }
    return false;
  }

  // "summer", "the winter of 1994", "summer 2014": a season needs a year or a context word.
  bool MatchSeason(size_t i, Timex* x, bool guarded) {
    Lex l = L(i);
    int y;
    size_t j = i + 1;
    if (W(j) == "of" && YearToken(W(j + 1), &y)) {
      j += 2;
    } else if (YearToken(W(j), &y)) {
      j += 1;
    } else {
      y = 0;
    }
    if (y == 0 && guarded) {
      if (W(i) == "fall" && i > 0 && W(i - 1) != "the" && W(i - 1) != "in" && W(i - 1) != "this" &&
          W(i - 1) != "last")
        return false;                                        // the verb
      if (W(i) == "fall" && W(i + 1) == "of") return false;  // "the fall of the government"
      if (i == 0) return false;
      std::string_view p = W(i - 1);
      if (p != "in" && p != "the" && p != "this" && p != "last" && p != "next" && p != "during" &&
          p != "by" && p != "since" && p != "until" && p != "early" && p != "late" && p != "mid" &&
          p != "through" && p != "over")
        return false;
      // "the spring offensive" is fine; "Arab Spring" is capitalised after a name.
      if (Cap(i) && i > 0 && Cap(i - 1)) return false;
    }
    if (y) {
      SetYear(x, y);
    } else {
      x->kind = Kind::kPartOfYear;
      x->offset = 0;
      x->unit = 0;
    }
    x->part = 'S';
    x->part_index = l.val;
    x->last = static_cast<uint32_t>(j);
    return true;
  }

  // "third quarter [of 1998]", "the first half", "fourth-quarter" (hyphenated elsewhere).
  bool MatchOrdinalPart(size_t j, Timex* x, size_t first) {
    int o = OrdinalValue(W(j));
    size_t k = j + 1;
    if (W(k) == "fiscal") ++k;
    char part = 0;
    if (W(k) == "quarter" && o >= 1 && o <= 4) part = 'Q';
    if (W(k) == "half" && o >= 1 && o <= 2) part = 'H';
    if (!part) return false;
    x->first = static_cast<uint32_t>(first);
    x->part = part;
    x->part_index = o;
    ++k;
    int y;
    if (W(k) == "of" && YearToken(W(k + 1), &y)) {
      SetYear(x, y);
      k += 2;
    } else if (W(k) == "of" && (W(k + 1) == "this" || W(k + 1) == "next" || W(k + 1) == "last") &&
               W(k + 2) == "year") {
      x->kind = Kind::kPartOfYear;
      x->unit = 'y';
      x->offset = L(k + 1).val;
      k += 3;
    } else {
      x->kind = Kind::kPartOfYear;
      x->unit = 0;
    }
    x->last = static_cast<uint32_t>(k);
    return true;
  }

  // Hyphenated tokens: "mid-July", "mid-1990s", "two-year", "24-hour", "third-quarter",
  // "year-earlier", "year-end", "twenty-six years", "first-half".
  bool MatchHyphenated(size_t i, Timex* x) {
    std::string_view w = W(i);
    size_t dash = w.find('-');
    std::string_view a = w.substr(0, dash), b = w.substr(dash + 1);
    Lex la = lex_.Find(a), lb = lex_.Find(b);
    if (la.cat == Cat::kMod || a == "mid") {
      static const char* kMods[] = {"", "early", "mid", "late"};
      const char* mod = kMods[a == "mid" ? 2 : la.val];
      if (lb.cat == Cat::kMonth) {
        x->month = lb.val;
        int y;
        size_t k = OptionalYear(i + 1, &y);
        if (k != i + 1) {
          SetYear(x, y);
          x->month = lb.val;
        } else {
          x->kind = Kind::kMonth;
        }
        x->modifier = mod;
        x->last = static_cast<uint32_t>(k);
        return true;
      }
      int y;
      if (YearToken(b, &y)) {
        SetYear(x, y);
        x->modifier = mod;
        x->last = static_cast<uint32_t>(i + 1);
        return true;
      }
      if (b.size() == 5 && b[4] == 's' && AllDigits(b.substr(0, 4))) {
        x->kind = Kind::kDecade;
        x->year = ToInt(b.substr(0, 4));
        x->modifier = mod;
        x->last = static_cast<uint32_t>(i + 1);
        return true;
      }
      if (lb.cat == Cat::kPartOfDay) {
        x->kind = Kind::kDeictic;
        x->unit = 'D';
        x->time = kPartCodes[lb.val];
        x->type = 'T';
        x->modifier = mod;
        x->last = static_cast<uint32_t>(i + 1);
        // "mid-afternoon yesterday"
        if (L(i + 1).cat == Cat::kDayWord) {
          x->offset = L(i + 1).val == 10 ? 0 : L(i + 1).val;
          x->last = static_cast<uint32_t>(i + 2);
        }
        return true;
      }
      if (lb.cat == Cat::kSeason) {
        x->kind = Kind::kPartOfYear;
        x->part = 'S';
        x->part_index = lb.val;
        x->modifier = mod;
        x->last = static_cast<uint32_t>(i + 1);
        return true;
      }
      return false;
    }
    if (w == "year-earlier" || w == "year-ago") {
      x->kind = Kind::kShift;
      x->unit = 'Y';
      x->offset = -1;
      x->amount = 1;
      x->last = static_cast<uint32_t>(i + 1);
      // "the year-earlier quarter", "the year-ago period", "year-earlier third quarter"
      size_t k = i + 1;
      if (OrdinalValue(W(k)) > 0 && OrdinalValue(W(k)) <= 4 && W(k + 1) == "quarter") {
        x->kind = Kind::kAbsolute;  // resolved below from the reference year
        x->part = 'Q';
        x->part_index = OrdinalValue(W(k));
        x->unit = 'y';
        x->year_explicit = false;
        x->last = static_cast<uint32_t>(k + 2);
        x->kind = Kind::kPartOfYear;
        return true;
      }
      if (W(k) == "quarter" || W(k) == "period") x->last = static_cast<uint32_t>(k + 1);
      return true;
    }
    if (w == "year-end" || w == "year-end.") {
      x->kind = Kind::kDeictic;
      x->unit = 'Y';
      x->offset = 0;
      x->modifier = "late";
      x->last = static_cast<uint32_t>(i + 1);
      return true;
    }
    // "third-quarter", "first-half"
    if (int o = OrdinalValue(a); o > 0 && (b == "quarter" || b == "half")) {
      if ((b == "quarter" && o > 4) || (b == "half" && o > 2)) return false;
      x->kind = Kind::kPartOfYear;
      x->part = b == "quarter" ? 'Q' : 'H';
      x->part_index = o;
      x->last = static_cast<uint32_t>(i + 1);
      return true;
    }
    // "two-year", "24-hour", "10-day" adjectives; "27-year-old" is an age, not a time.
    if (lb.cat == Cat::kUnit && !lb.plural) {
      double v = -1;
      if (!ParseDigits(a, &v)) v = NumberWordValue(a);
      if (a == "several" || a == "multi") v = 0;
      if (v < 0) return false;
      x->kind = Kind::kDuration;
      x->type = 'U';
      x->unit = static_cast<char>(lb.val);
      x->amount = v;
      x->vague = v == 0;
      x->last = static_cast<uint32_t>(i + 1);
      return true;
    }
    // "twenty-six years": a hyphenated number word.
    if (NumberWordValue(w) >= 0) return MatchAmount(i, x);
    return false;
  }

  // Amount + unit: durations ("27 years", "a few days", "several months", "recent years") and
  // shifts ("three weeks ago", "a year earlier", "two days later", "a week or so ago").
  bool MatchAmount(size_t i, Timex* x) {
    std::string_view w = W(i);
    size_t j = i;
    double amount = 0;
    bool vague = false;
    if (w == "recent" || w == "several" || w == "few" || w == "many") {
      vague = true;
      j = i + 1;
    } else if ((w == "a" || w == "an") && (W(i + 1) == "few" || W(i + 1) == "couple")) {
      vague = W(i + 1) == "few";
      amount = vague ? 0 : 2;
      j = i + 2;
      if (W(j) == "of") ++j;
    } else {
      auto n = ParseNumber(t_, i, /*allow_article=*/true);
      if (!n || n->ordinal || n->vague) return false;
      amount = n->value;
      j = n->end;
      // "a year or two", "two or three weeks": keep the first number.
      if (W(j) == "or" && ParseNumber(t_, j + 1)) j = ParseNumber(t_, j + 1)->end;
      if ((W(j) == "to" || W(j) == "-") && ParseNumber(t_, j + 1) &&
          L(ParseNumber(t_, j + 1)->end).cat == Cat::kUnit)
        j = ParseNumber(t_, j + 1)->end;
      // "one and a half years"
      if (W(j) == "and" && W(j + 1) == "a" && W(j + 2) == "half") {
        amount += 0.5;
        j += 3;
      }
      if (W(j) == "more" || W(j) == "additional" || W(j) == "straight" || W(j) == "consecutive" ||
          W(j) == "full" || W(j) == "trading" || W(j) == "long")
        ++j;
    }
    Lex u = L(j);
    if (u.cat != Cat::kUnit) return false;
    if (!vague && w != "a" && w != "an" && amount != 1 && !u.plural && u.val != 'N') {
      // "five year" without a plural is an adjective in TimeML too ("a five year low").
    }
    if (vague && !u.plural) return false;
    if (w == "recent" && u.val != 'Y' && u.val != 'M' && u.val != 'W' && u.val != 'D') return false;
    size_t end = j + 1;
    x->unit = static_cast<char>(u.val);
    x->amount = amount;
    x->vague = vague;
    // Shifts: "ago", "earlier", "later", "from now", "before"? (anaphoric, not resolved here)
    std::string_view nx = W(end);
    size_t k = end;
    if (nx == "or" && W(end + 1) == "so") {
      k = end + 2;
      nx = W(k);
    }
    if (nx == "ago" || nx == "earlier" || nx == "later" || nx == "hence" ||
        (nx == "from" && W(k + 1) == "now")) {
      x->kind = Kind::kShift;
      x->offset = (nx == "ago" || nx == "earlier") ? -1 : 1;
      x->last = static_cast<uint32_t>(nx == "from" ? k + 2 : k + 1);
      if (w == "recent") return false;
      return true;
    }
    if (w == "recent") {
      // "recent years": a duration of unknown length reaching up to now.
      x->kind = Kind::kDuration;
      x->type = 'U';
      x->vague = true;
      x->last = static_cast<uint32_t>(end);
      return true;
    }
    // "a day" / "a month" right after a noun or a number is a rate ("$5 a day", "one cup of
    // coffee a month"): a set. After a preposition or a verb of duration it is a duration.
    if ((w == "a" || w == "an") && i > 0 && !u.plural && end == j + 1) {
      std::string_view p = W(i - 1);
      static constexpr std::array<std::string_view, 34> kDurationBefore = {
          "for",    "in",    "within", "over",  "after", "than",  "about",  "nearly",  "almost",
          "around", "least", "most",   "only",  "just",  "under", "of",     "lasted",  "last",
          "took",   "take",  "takes",  "spent", "spend", "half",  "barely", "roughly", "some",
          "during", "and",   "or",     "than",  "to",    "up",    "by"};
      bool duration =
          std::find(kDurationBefore.begin(), kDurationBefore.end(), p) != kDurationBefore.end() ||
          !std::isalnum(static_cast<unsigned char>(p.empty() ? ' ' : p[0]));
      if (!duration) {
        x->kind = Kind::kSet;
        x->type = 'S';
        x->amount = 1;
        x->last = static_cast<uint32_t>(end);
        return true;
      }
    }
    x->kind = Kind::kDuration;
    x->type = 'U';
    x->last = static_cast<uint32_t>(end);
    if (W(end) == "old" || W(end) == "-old") return false;  // ages
    return true;
  }

  // "the ..." expressions: "the third quarter", "the past two months", "the 1950s", "the future",
  // "the end of 2014", "the weekend", "the 20th century", "the 2nd of May".
  bool MatchThe(size_t i, Timex* x) {
    size_t j = i + 1;
    std::string_view w = W(j);
    Lex l = L(j);
    if (w == "future") {
      SetRef(x, "FUTURE_REF", j + 1);
      return true;
    }
    if (w == "past" && L(j + 1).cat != Cat::kUnit && !ParseNumber(t_, j + 1) && W(j + 1) != "few" &&
        W(j + 1) != "several" && W(j + 1) != "couple") {
      SetRef(x, "PAST_REF", j + 1);
      return true;
    }
    if (w == "present" && L(j + 1).cat == Cat::kNone && W(j + 1) != "day") {
      SetRef(x, "PRESENT_REF", j + 1);
      return true;
    }
    if (w == "near" && W(j + 1) == "future") {
      SetRef(x, "FUTURE_REF", j + 2);
      return true;
    }
    if (l.cat == Cat::kModNoun && W(j + 1) == "of") {
      static const char* kMods[] = {"", "early", "mid", "late"};
      size_t k = j + 2;
      bool the = W(k) == "the";
      Timex inner;
      if (MatchCore(k, &inner) && inner.kind != Kind::kDuration && inner.kind != Kind::kRef &&
          inner.kind != Kind::kSet) {
        *x = inner;
        x->first = static_cast<uint32_t>(i);
        x->modifier = kMods[l.val];
        return true;
      }
      // "the end of the month/year/week"
      if (the && L(k + 1).cat == Cat::kUnit && !L(k + 1).plural) {
        x->kind = Kind::kDeictic;
        x->unit = static_cast<char>(L(k + 1).val);
        x->offset = 0;
        x->modifier = kMods[l.val];
        x->first = static_cast<uint32_t>(i);
        x->last = static_cast<uint32_t>(k + 2);
        return true;
      }
      return false;
    }
    if (l.cat == Cat::kUnit && l.val == 'N' && !l.plural) {
      x->kind = Kind::kDeictic;
      x->unit = 'N';
      x->offset = 0;
      x->last = static_cast<uint32_t>(j + 1);
      return true;
    }
    // "the 20th century", "the nineteenth century"
    if (int o = OrdinalValue(w); o > 0 && o <= 21 && W(j + 1) == "century") {
      x->kind = Kind::kCentury;
      x->year = (o - 1) * 100;
      x->last = static_cast<uint32_t>(j + 2);
      return true;
    }
    Timex inner;
    if (MatchCore(j, &inner)) {
      // Keep "the" for parts of years, durations and decades: TimeML spans include it there.
      bool keep = inner.kind == Kind::kPartOfYear || inner.kind == Kind::kDuration ||
                  (inner.kind == Kind::kAbsolute && inner.part != 0) ||
                  (inner.kind == Kind::kDeictic && inner.unit != 'D') ||
                  inner.kind == Kind::kMonthDay || inner.kind == Kind::kCentury;
      *x = inner;
      if (keep) x->first = static_cast<uint32_t>(i);
      return true;
    }
    // "the latest quarter", "the current quarter", "the quarter": the last complete quarter.
    if ((w == "latest" || w == "recent" || w == "most") && W(j + 1) == "recent") ++j;
    if ((W(j) == "latest" || W(j) == "recent" || W(j) == "quarter") &&
        (W(j) == "quarter" || W(j + 1) == "quarter")) {
      size_t k = W(j) == "quarter" ? j : j + 1;
      x->kind = Kind::kDeictic;
      x->unit = 'Q';
      x->offset = -1;
      x->last = static_cast<uint32_t>(k + 1);
      return true;
    }
    if (W(j) == "current" && W(j + 1) == "quarter") {
      x->kind = Kind::kDeictic;
      x->unit = 'Q';
      x->offset = 0;
      x->last = static_cast<uint32_t>(j + 2);
      return true;
    }
    return false;
  }

  const LoweredTokens& t_;
  const Lexicon& lex_;
  std::vector<Lex> lexes_;
};

// ---------------------------------------------------------------------------------------------
// Resolution.
// ---------------------------------------------------------------------------------------------

// How many days of distance a reading against the tense costs when choosing a year.
constexpr int64_t kAgainstTenseDays = 200;

struct Interval {
  int64_t a = 0, b = -1;  // inclusive day numbers; b < a = none
};

Interval MonthInterval(int y, int m) {
  return {DaysFromCivil(y, m, 1), DaysFromCivil(y, m, DaysInMonth(y, m))};
}
Interval YearInterval(int y) { return {DaysFromCivil(y, 1, 1), DaysFromCivil(y, 12, 31)}; }
Interval PartInterval(int y, char part, int idx) {
  switch (part) {
    case 'Q':
      return {DaysFromCivil(y, 3 * idx - 2, 1), MonthInterval(y, 3 * idx).b};
    case 'H':
      return {DaysFromCivil(y, 6 * idx - 5, 1), MonthInterval(y, 6 * idx).b};
    case 'S': {
      static constexpr int kStart[] = {3, 6, 9, 12};
      int m = kStart[idx];
      int y2 = y, m2 = m;
      AddMonths(&y2, &m2, 2);
      return {DaysFromCivil(y, m, 1), MonthInterval(y2, m2).b};
    }
    default:
      return YearInterval(y);
  }
}

std::string PartValue(int y, char part, int idx) {
  static const char* kSeasons[] = {"SP", "SU", "FA", "WI"};
  char buf[24];
  if (part == 'S') {
    std::snprintf(buf, sizeof buf, "%04d-%s", y, kSeasons[idx]);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%c%d", y, part, idx);
  }
  return buf;
}

std::string WeekValue(int64_t days) {
  int iy, wk;
  IsoWeek(days, &iy, &wk);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", iy, wk);
  return buf;
}

Interval NarrowByModifier(Interval iv, const std::string& mod) {
  if (iv.b < iv.a) return iv;
  int64_t n = iv.b - iv.a + 1;
  if (mod == "early") return {iv.a, iv.a + n / 3 - 1 >= iv.a ? iv.a + n / 3 - 1 : iv.a};
  if (mod == "mid")
    return {iv.a + n / 3,
            iv.a + 2 * n / 3 - 1 >= iv.a + n / 3 ? iv.a + 2 * n / 3 - 1 : iv.a + n / 3};
  if (mod == "late") return {iv.a + 2 * n / 3, iv.b};
  return iv;
}

// Picks the year for a (month, day) or a month without a year: the candidate that suits the tense.
// `key(y)` gives the candidate's interval.
template <typename F>
int ChooseYear(int ref_year, int64_t ref_day, Tense tense, F interval_of,
               int64_t against_tense = 100000) {
  int best = ref_year;
  int64_t best_dist = INT64_MAX;
  for (int y = ref_year - 1; y <= ref_year + 1; ++y) {
    Interval iv = interval_of(y);
    int64_t dist;
    if (ref_day >= iv.a && ref_day <= iv.b) {
      dist = 0;
    } else if (iv.b < ref_day) {
      dist = ref_day - iv.b;
      if (tense == Tense::kFuture) dist += against_tense;
    } else {
      dist = iv.a - ref_day;
      // Tense is a strong hint, not a rule: the cue may belong to another clause ("declared a
      // dividend payable Dec. 15"). With no tense a past reading wins a near tie.
      if (tense == Tense::kPast) dist += against_tense;
      if (tense == Tense::kNone) dist += 15;
    }
    if (dist < best_dist) best_dist = dist, best = y;
  }
  return best;
}

char UnitLetter(char u) {
  switch (u) {
    case 'E':
      return 'E';
    case 'C':
      return 'C';
    default:
      return u;
  }
}

std::string DurationValue(const Timex& t) {
  std::string amount;
  if (t.vague || (t.amount == 0 && t.vague)) {
    amount = "X";
  } else if (t.amount == std::floor(t.amount) && std::fabs(t.amount) < 1e15) {
    amount = std::to_string(static_cast<long long>(t.amount));
  } else {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", t.amount);
    amount = buf;
  }
  switch (t.unit) {
    case 'D':
      return "P" + amount + "D";
    case 'W':
      return "P" + amount + "W";
    case 'F':
      return t.vague ? "PXW" : "P" + std::to_string(static_cast<long long>(t.amount * 2)) + "W";
    case 'M':
      return "P" + amount + "M";
    case 'Y':
      return "P" + amount + "Y";
    // Decades, centuries and quarters as the TimeML guidelines write them: in years and months.
    case 'E':
      return t.vague ? "PXDE" : "P" + std::to_string(std::lround(t.amount * 10)) + "Y";
    case 'C':
      return t.vague ? "PXCE" : "P" + std::to_string(std::lround(t.amount * 100)) + "Y";
    case 'Q':
      return t.vague || t.amount == 1 ? "P" + amount + "Q"
                                      : "P" + std::to_string(std::lround(t.amount * 3)) + "M";
    case 'h':
      return "PT" + amount + "H";
    case 'm':
      return "PT" + amount + "M";
    case 's':
      return "PT" + amount + "S";
    case 'N':
      return "P" + amount + "WE";
    default:
      return "P" + amount + std::string(1, UnitLetter(t.unit));
  }
}

void SetDay(DateExpr* e, int64_t day) {
  e->value = FormatDays(day);
  e->precision = "day";
  e->interval_start = e->interval_end = e->value;
}
void SetInterval(DateExpr* e, Interval iv) {
  if (iv.b < iv.a) return;
  e->interval_start = FormatDays(iv.a);
  e->interval_end = FormatDays(iv.b);
}

}  // namespace

std::vector<Timex> Recognise(const LoweredTokens& tokens) { return Recogniser(tokens).Run(); }

int SelfDateStrength(const LoweredTokens& tok, const Timex& t) {
  if (t.kind != Kind::kAbsolute || t.day == 0 || t.month == 0 || !t.year_explicit || t.range)
    return 0;
  // "The interview was recorded on May 13, 2021"; "Published: 9 August 2023"; "Updated ...".
  for (uint32_t k = t.first, n = 0; k > 0 && n < 6; ++n) {
    --k;
    std::string_view w = tok[k];
    if (w == "recorded" || w == "published" || w == "posted" || w == "updated" || w == "dated" ||
        w == "written" || w == "filed" || w == "filmed" || w == "conducted" || w == "released") {
      return 3;
    }
    if (w == "." || w == "\n") break;
  }
  // A dateline: a date in the first lines that starts its line or follows a short place prefix
  // ("MINSK, Aug. 9, 2023 -").
  const auto& toks = tok.text().tokens;
  if (t.first < 80) {
    uint32_t line_start = t.first;
    while (line_start > 0 && !toks[line_start].newline_before) --line_start;
    if (t.first - line_start <= 6) return 2;
  }
  return 0;
}

DateExpr Resolve(const LoweredTokens& tok, const Timex& t, const Ymd* ref) {
  DateExpr e;
  const auto& toks = tok.text().tokens;
  e.span = {toks[t.first].begin, toks[t.last - 1].end};
  e.text = std::string(tok.text().OriginalText(e.span.start, e.span.end));
  e.type = t.type == 'T' ? "time" : t.type == 'U' ? "duration" : t.type == 'S' ? "set" : "date";
  e.modifier = t.modifier;
  const int64_t ref_day = ref ? DaysFromCivil(ref->y, ref->m, ref->d) : 0;
  auto unresolved = [&](const std::string& what) {
    e.resolved = false;
    e.value.clear();
    e.note = "relative date (" + what + ") and no reference date: left unresolved";
  };
  auto tense_note = [&]() -> std::string {
    return t.tense == Tense::kPast     ? "past tense"
           : t.tense == Tense::kFuture ? "future tense"
                                       : "no tense cue";
  };
  Interval iv;
  std::string time_suffix = t.time.empty() ? "" : "T" + t.time;
  switch (t.kind) {
    case Kind::kDuration: {
      e.value = DurationValue(t);
      e.resolved = true;
      return e;
    }
    case Kind::kSet: {
      if (t.weekday >= 0) {
        e.value = "XXXX-WXX-" + std::to_string(t.weekday + 1);
      } else {
        Timex d = t;
        d.vague = false;
        if (d.amount == 0) d.amount = 1;
        e.value = DurationValue(d);
      }
      e.resolved = true;
      return e;
    }
    case Kind::kRef: {
      e.value = t.ref;
      e.resolved = true;
      if (ref) {
        if (t.ref == "PRESENT_REF") {
          e.interval_start = e.interval_end = FormatDays(ref_day);
        } else if (t.ref == "PAST_REF") {
          e.interval_end = FormatDays(ref_day);
        } else {
          e.interval_start = FormatDays(ref_day);
        }
        e.note = "resolved against the reference date";
      }
      return e;
    }
    case Kind::kDecade: {
      int y = t.year / 10 * 10;
      e.value = std::to_string(y / 10);  // TIMEX3 (TimeML 1.2.1): "199" for the 1990s
      e.precision = "decade";
      iv = {DaysFromCivil(y, 1, 1), DaysFromCivil(y + 9, 12, 31)};
      e.resolved = true;
      break;
    }
    case Kind::kCentury: {
      int y = t.year;
      char buf[16];
      std::snprintf(buf, sizeof buf, "%02d", (y / 100) % 100);  // TIMEX3: "19" = 1900-1999
      e.value = buf;
      e.precision = "century";
      iv = {DaysFromCivil(y, 1, 1), DaysFromCivil(y + 99, 12, 31)};
      e.resolved = true;
      break;
    }
    case Kind::kAbsolute: {
      e.resolved = true;
      if (t.part) {
        e.value = PartValue(t.year, t.part, t.part_index);
        e.precision = t.part == 'Q' ? "quarter" : t.part == 'H' ? "half" : "season";
        iv = PartInterval(t.year, t.part, t.part_index);
        // The schema's precision vocabulary is day|week|month|year|decade|century.
        e.precision = "month";
      } else if (t.day) {
        e.value = FormatYmd(t.year, t.month, t.day);
        e.precision = "day";
        iv = {DaysFromCivil(t.year, t.month, t.day), DaysFromCivil(t.year, t.month, t.day)};
        if (t.range) {
          int y2 = t.year2 ? t.year2 : t.year;
          int m2 = t.month2 ? t.month2 : t.month;
          if (t.day2 <= DaysInMonth(y2, m2)) {
            iv.b = DaysFromCivil(y2, m2, t.day2);  // the value stays the first day, as in TIMEX3
          }
        }
      } else if (t.month) {
        e.value = FormatYmd(t.year, t.month);
        e.precision = "month";
        iv = MonthInterval(t.year, t.month);
      } else {
        e.value = FormatYmd(t.year);
        e.precision = "year";
        iv = YearInterval(t.year);
        if (t.range && t.year2 > t.year) {
          iv.b = YearInterval(t.year2).b;
        }
      }
      if (t.day && t.month && t.day > DaysInMonth(t.year, t.month)) {
        e.value.clear();
        e.resolved = false;
        e.note = "no such day";
        return e;
      }
      break;
    }
    case Kind::kMonthDay: {
      if (!ref) {
        unresolved("day and month without a year");
        return e;
      }
      int y;
      if (t.unit == 'y') {
        y = ref->y + t.offset;  // "June 5 last year"
      } else {
        int64_t span_days = 0;
        if (t.range && t.day2 > t.day) span_days = t.day2 - t.day;
        y = ChooseYear(
            ref->y, ref_day, t.tense,
            [&](int yy) {
              int d = std::min(t.day, DaysInMonth(yy, t.month));
              int64_t a = DaysFromCivil(yy, t.month, d);
              return Interval{a, a + span_days};
            },
            kAgainstTenseDays);
      }
      if (t.day > DaysInMonth(y, t.month)) {
        e.note = "no such day";
        return e;
      }
      int64_t day = DaysFromCivil(y, t.month, t.day);
      e.value = FormatDays(day);
      e.precision = "day";
      iv = {day, day};
      if (t.range && t.day2 > t.day && t.day2 <= DaysInMonth(y, t.month2 ? t.month2 : t.month)) {
        iv.b = DaysFromCivil(y, t.month2 ? t.month2 : t.month, t.day2);
      }
      e.resolved = true;
      e.note = "year from the reference date (" + tense_note() + ")";
      break;
    }
    case Kind::kMonth: {
      if (!ref) {
        unresolved("month without a year");
        return e;
      }
      int y;
      if (t.unit == 'y') {
        y = ref->y + t.offset;
      } else if (t.unit == 'm') {
        // last April: the latest April before this month; next April: the first after; this April:
        // the one in the reference year.
        if (t.offset < 0) {
          y = t.month < ref->m ? ref->y : ref->y - 1;
        } else if (t.offset > 0) {
          y = t.month > ref->m ? ref->y : ref->y + 1;
        } else {
          y = ref->y;
        }
      } else {
        y = ChooseYear(
            ref->y, ref_day, t.tense, [&](int yy) { return MonthInterval(yy, t.month); },
            kAgainstTenseDays);
      }
      e.value = FormatYmd(y, t.month);
      e.precision = "month";
      iv = MonthInterval(y, t.month);
      e.resolved = true;
      e.note = "year from the reference date";
      break;
    }
    case Kind::kWeekday: {
      if (!ref) {
        unresolved("weekday");
        return e;
      }
      int rw = WeekdayOf(ref_day);
      int64_t back = ref_day - ((rw - t.weekday + 7) % 7);  // latest such day <= ref
      int64_t fwd = ref_day + ((t.weekday - rw + 7) % 7);   // earliest such day >= ref
      int64_t day;
      if (t.unit == 'w') {
        // "last Friday": strictly before; "next Friday": strictly after; "this Friday": the week's.
        if (t.offset < 0) {
          day = back == ref_day ? back - 7 : back;
        } else if (t.offset > 0) {
          day = fwd == ref_day ? fwd + 7 : fwd;
        } else {
          day = ref_day - rw + t.weekday;
        }
      } else if (t.tense == Tense::kPast) {
        day = back;
      } else if (t.tense == Tense::kFuture) {
        day = fwd;
      } else {
        // No tense cue: news mostly reports what has happened, so the past day wins unless it is
        // most of a week away.
        day = (ref_day - back) <= 4 ? back : fwd;
      }
      SetDay(&e, day);
      iv = {day, day};
      e.resolved = true;
      e.note = "weekday resolved by " + tense_note();
      break;
    }
    case Kind::kDeictic: {
      if (!ref) {
        unresolved("relative to the time of writing");
        return e;
      }
      e.resolved = true;
      e.note = "resolved against the reference date";
      switch (t.unit) {
        case 'D': {
          int64_t day = ref_day + t.offset;
          SetDay(&e, day);
          iv = {day, day};
          break;
        }
        case 'W':
        case 'F': {
          int64_t day = ref_day + 7 * t.offset;
          e.value = WeekValue(day);
          e.precision = "week";
          int64_t mon = day - WeekdayOf(day);
          iv = {mon, mon + 6};
          break;
        }
        case 'N': {
          // The weekend of the reference week (past tense: the one before).
          int64_t mon = ref_day - WeekdayOf(ref_day);
          if (t.tense == Tense::kPast && WeekdayOf(ref_day) < 5) mon -= 7;
          mon += 7 * t.offset;
          e.value = WeekValue(mon) + "-WE";
          e.precision = "week";
          iv = {mon + 5, mon + 6};
          break;
        }
        case 'M': {
          int y = ref->y, m = ref->m;
          AddMonths(&y, &m, t.offset);
          e.value = FormatYmd(y, m);
          e.precision = "month";
          iv = MonthInterval(y, m);
          break;
        }
        case 'Q': {
          int q = (ref->m - 1) / 3 + 1 + t.offset;
          int y = ref->y;
          while (q < 1) q += 4, --y;
          while (q > 4) q -= 4, ++y;
          e.value = PartValue(y, 'Q', q);
          e.precision = "month";
          iv = PartInterval(y, 'Q', q);
          break;
        }
        case 'Y': {
          int y = ref->y + t.offset;
          e.value = FormatYmd(y);
          e.precision = "year";
          iv = YearInterval(y);
          break;
        }
        case 'E': {
          int y = (ref->y / 10 + t.offset) * 10;
          e.value = std::to_string(y / 10);
          e.precision = "decade";
          iv = {DaysFromCivil(y, 1, 1), DaysFromCivil(y + 9, 12, 31)};
          break;
        }
        case 'C': {
          int y = (ref->y / 100 + t.offset) * 100;
          e.value = std::to_string(y / 100);
          e.precision = "century";
          iv = {DaysFromCivil(y, 1, 1), DaysFromCivil(y + 99, 12, 31)};
          break;
        }
        default: {
          int64_t day = ref_day;
          SetDay(&e, day);
          iv = {day, day};
        }
      }
      break;
    }
    case Kind::kShift: {
      if (!ref) {
        unresolved("counted from the time of writing");
        return e;
      }
      e.resolved = true;
      e.note = "counted from the reference date";
      if (t.vague) {
        e.value = t.offset < 0 ? "PAST_REF" : "FUTURE_REF";
        if (t.offset < 0) {
          e.interval_end = FormatDays(ref_day);
        } else {
          e.interval_start = FormatDays(ref_day);
        }
        return e;
      }
      // Clamped: "100000000000 years ago" must not overflow the calendar arithmetic below.
      double n = std::clamp(t.amount, -100000.0, 100000.0) * (t.offset < 0 ? -1 : 1);
      if (t.quarter_context) {
        // Earnings-report usage: "net income rose 5% from a year earlier" compares the latest
        // completed quarter with the same quarter a year before.
        int q = (ref->m - 1) / 3, y = ref->y - 1;
        if (q == 0) q = 4, --y;
        e.value = PartValue(y, 'Q', q);
        e.precision = "month";
        iv = PartInterval(y, 'Q', q);
        break;
      }
      switch (t.unit) {
        case 'D':
        case 'h':
        case 'm':
        case 's': {
          int64_t day = ref_day + (t.unit == 'D' ? static_cast<int64_t>(std::lround(n)) : 0);
          SetDay(&e, day);
          iv = {day, day};
          break;
        }
        case 'W':
        case 'F':
        case 'N': {
          int64_t day = ref_day + static_cast<int64_t>(std::lround(n * (t.unit == 'F' ? 14 : 7)));
          e.value = WeekValue(day);
          e.precision = "week";
          int64_t mon = day - WeekdayOf(day);
          iv = {mon, mon + 6};
          break;
        }
        case 'M':
        case 'Q': {
          int y = ref->y, m = ref->m;
          AddMonths(&y, &m, static_cast<int>(std::lround(n * (t.unit == 'Q' ? 3 : 1))));
          e.value = FormatYmd(y, m);
          e.precision = "month";
          iv = MonthInterval(y, m);
          break;
        }
        case 'Y': {
          int y = ref->y + static_cast<int>(std::lround(n));
          e.value = FormatYmd(y);
          e.precision = "year";
          iv = YearInterval(y);
          break;
        }
        case 'E': {
          // "a decade ago" names a year, ten years back, not the decade before this one.
          int y = ref->y + static_cast<int>(std::lround(n * 10));
          e.value = FormatYmd(y);
          e.precision = "year";
          iv = YearInterval(y);
          break;
        }
        case 'C': {
          int y = ref->y + static_cast<int>(std::lround(n * 100));
          e.value = std::to_string(y / 100);
          e.precision = "century";
          iv = {DaysFromCivil(y / 100 * 100, 1, 1), DaysFromCivil(y / 100 * 100 + 99, 12, 31)};
          break;
        }
        default:
          SetDay(&e, ref_day);
          iv = {ref_day, ref_day};
      }
      if (e.modifier.empty() && t.modifier.empty()) {
        // "about a month ago" keeps approx from the prefix; a plain shift is as precise as its
        // unit.
      }
      break;
    }
    case Kind::kPartOfYear: {
      if (!ref) {
        unresolved("part of a year without the year");
        return e;
      }
      int y;
      if (t.unit == 'y') {
        y = ref->y + t.offset;
      } else if (t.unit == 'S') {
        // last summer: the latest summer that ended before the reference; next: the first to start
        // after it; this: the reference year's.
        if (t.offset < 0) {
          y = ref->y;
          if (PartInterval(y, 'S', t.part_index).b >= ref_day) --y;
        } else if (t.offset > 0) {
          y = ref->y;
          if (PartInterval(y, 'S', t.part_index).a <= ref_day) ++y;
        } else {
          y = ref->y;
        }
      } else {
        // "the third quarter" in a report: the latest such part that has begun (past or present
        // tense), or the next one (future tense).
        // Quarters and halves are reported once they have begun: take the latest that has.
        Tense tense = t.part == 'S' && t.tense == Tense::kFuture ? Tense::kFuture : Tense::kPast;
        y = ChooseYear(ref->y, ref_day, tense,
                       [&](int yy) { return PartInterval(yy, t.part, t.part_index); });
      }
      e.value = PartValue(y, t.part, t.part_index);
      e.precision = "month";
      iv = PartInterval(y, t.part, t.part_index);
      e.resolved = true;
      e.note = "year from the reference date";
      break;
    }
  }
  if (!time_suffix.empty() && e.precision == "day" && e.value.size() == 10) {
    e.value += time_suffix;
  }
  iv = NarrowByModifier(iv, t.modifier);
  if (t.modifier == "since" && ref && iv.b >= iv.a) {
    iv.b = std::max(iv.a, ref_day);
  }
  SetInterval(&e, iv);
  return e;
}

}  // namespace mosaic::tag::timex
