#include "tag/quantities.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>

#include "tag/numbers.h"
#include "tag/timex.h"

namespace mosaic::tag {
namespace {

// What a nearby word says about the counted group.
enum class Role : uint8_t { kNone, kKilled, kWounded, kDetained, kEvacuated, kDisplaced, kMissing };

const char* RoleName(Role r) {
  switch (r) {
    case Role::kKilled:
      return "killed";
    case Role::kWounded:
      return "wounded";
    case Role::kDetained:
      return "detained";
    case Role::kEvacuated:
      return "evacuated";
    case Role::kDisplaced:
      return "displaced";
    case Role::kMissing:
      return "missing";
    default:
      return "";
  }
}

struct Lexicons {
  std::unordered_map<std::string_view, Role> roles;
  // Words that may open a quantity: bounds, number words, vague plurals. One lookup per token
  // keeps the pass fast on ordinary prose.
  std::unordered_set<std::string_view> starts;
  Lexicons() {
    for (std::string_view w : {"at",        "more",
                               "greater",   "less",
                               "fewer",     "no",
                               "as",        "up",
                               "upwards",   "an",
                               "a",         "over",
                               "above",     "exceeding",
                               "nearly",    "almost",
                               "under",     "below",
                               "some",      "about",
                               "around",    "approximately",
                               "roughly",   "estimated",
                               "approx.",   "circa",
                               "between",   "half",
                               "dozens",    "scores",
                               "hundreds",  "thousands",
                               "tens",      "millions",
                               "one",       "two",
                               "three",     "four",
                               "five",      "six",
                               "seven",     "eight",
                               "nine",      "ten",
                               "eleven",    "twelve",
                               "thirteen",  "fourteen",
                               "fifteen",   "sixteen",
                               "seventeen", "eighteen",
                               "nineteen",  "twenty",
                               "thirty",    "forty",
                               "fifty",     "sixty",
                               "seventy",   "eighty",
                               "ninety",    "hundred",
                               "thousand",  "million",
                               "billion",   "dozen",
                               "zero"}) {
      starts.insert(w);
    }
    for (std::string_view w :
         {"killed",   "kill",     "kills",     "killing", "dead",       "died",    "die",
          "dies",     "dying",    "deaths",    "death",   "fatalities", "slain",   "perished",
          "executed", "murdered", "massacred", "lives",   "bodies",     "corpses", "toll"}) {
      roles[w] = Role::kKilled;
    }
    for (std::string_view w : {"wounded", "wounding", "wounds", "injured", "injuring", "injuries",
                               "hurt", "maimed", "injures", "wound"}) {
      roles[w] = Role::kWounded;
    }
    for (std::string_view w :
         {"detained",  "detaining", "detains",   "detain",    "detentions", "arrested", "arresting",
          "arrests",   "arrest",    "captured",  "capturing", "imprisoned", "jailed",   "abducted",
          "kidnapped", "prisoner",  "prisoners", "hostage",   "hostages",   "custody",  "seized"}) {
      roles[w] = Role::kDetained;
    }
    for (std::string_view w : {"evacuated", "evacuate", "evacuating", "evacuation", "evacuees"}) {
      roles[w] = Role::kEvacuated;
    }
    for (std::string_view w : {"displaced", "fled", "flee", "fleeing", "uprooted", "homeless",
                               "refugees", "displacing"}) {
      roles[w] = Role::kDisplaced;
    }
    for (std::string_view w : {"missing", "disappeared", "disappearances", "unaccounted"}) {
      roles[w] = Role::kMissing;
    }
  }
};

const Lexicons& Lex() {
  static const Lexicons l;
  return l;
}

Role RoleOf(std::string_view w) {
  const auto& r = Lex().roles;
  auto it = r.find(w);
  return it == r.end() ? Role::kNone : it->second;
}

// Words that can stand between a count and its verb: "12 civilians had been wounded",
// "2 soldiers were reportedly killed".
bool IsAuxiliary(std::string_view w) {
  static constexpr std::array<std::string_view, 32> kAux = {
      "had",  "have",  "has",        "been",   "were",       "was",       "are",      "is",
      "be",   "being", "reportedly", "also",   "allegedly",  "later",     "all",      "both",
      "got",  "get",   "now",        "still",  "apparently", "confirmed", "reported", "believed",
      "went", "go",    "gone",       "remain", "remained",   "remains",   "feared",   "presumed"};
  return std::find(kAux.begin(), kAux.end(), w) != kAux.end();
}

// Words that end a counted noun phrase.
bool IsStopWord(std::string_view w) {
  static constexpr std::array<std::string_view, 58> kStop = {
      "of",    "in",    "at",        "on",    "to",     "from",  "by",   "with",  "and",
      "or",    "who",   "that",      "which", "were",   "was",   "had",  "have",  "has",
      "are",   "is",    "be",        "been",  "will",   "would", "said", "says",  "for",
      "as",    "after", "before",    "than",  "the",    "a",     "an",   "but",   "while",
      "when",  "into",  "across",    "near",  "during", "since", "per",  "each",  "over",
      "under", "among", "including", "out",   "more",   "less",  "this", "these", "those",
      "their", "his",   "her",       "its"};
  return std::find(kStop.begin(), kStop.end(), w) != kStop.end();
}

// Adverbs that qualify a part of a count: "at least 2 seriously".
bool IsQualifierAdverb(std::string_view w) {
  return w.size() > 4 && w.substr(w.size() - 2) == "ly";
}

// Nouns for people, so that a casualty role attaches to groups of people, not to villages.
bool IsPersonNoun(std::string_view w) {
  static constexpr std::array<std::string_view, 40> kPeople = {
      "people",      "persons",    "person",     "men",       "women",      "children",
      "civilians",   "soldiers",   "troops",     "residents", "fighters",   "militants",
      "mercenaries", "police",     "policemen",  "officers",  "servicemen", "personnel",
      "casualties",  "victims",    "hostages",   "prisoners", "refugees",   "migrants",
      "journalists", "students",   "insurgents", "rebels",    "guerrillas", "demonstrators",
      "protesters",  "protestors", "members",    "workers",   "citizens",   "villagers",
      "guards",      "extremists", "partisans",  "others"};
  if (std::find(kPeople.begin(), kPeople.end(), w) != kPeople.end()) return true;
  auto ends = [&](std::string_view s) { return w.size() > s.size() + 2 && w.ends_with(s); };
  return ends("ers") || ends("ists") || ends("ians") || ends("men") || ends("ants") ||
         ends("ents") || ends("ors");
}

// A bound or approximation before a number. Returns the tokens it takes (0 if none).
size_t BoundPrefix(const LoweredTokens& t, size_t i, std::string* approx) {
  std::string_view w = t[i], n = t[i + 1], n2 = t[i + 2];
  if (w == "at" && n == "least") return *approx = "at_least", 2;
  if (w == "at" && n == "most") return *approx = "at_most", 2;
  if ((w == "more" || w == "greater") && n == "than") return *approx = "at_least", 2;
  if ((w == "less" || w == "fewer") && n == "than") return *approx = "at_most", 2;
  if (w == "no" && (n == "fewer" || n == "less") && n2 == "than") return *approx = "at_least", 3;
  if (w == "no" && n == "more" && n2 == "than") return *approx = "at_most", 3;
  if (w == "as" && n == "many" && n2 == "as") return *approx = "at_most", 3;
  if (w == "up" && n == "to") return *approx = "at_most", 2;
  if (w == "upwards" && n == "of") return *approx = "at_least", 2;
  if (w == "an" && n == "estimated") return *approx = "approx", 2;
  if (w == "over" || w == "above" || w == "exceeding") return *approx = "at_least", 1;
  if (w == "nearly" || w == "almost" || w == "under" || w == "below") return *approx = "at_most", 1;
  if (w == "some" || w == "about" || w == "around" || w == "approximately" || w == "roughly" ||
      w == "estimated" || w == "approx." || w == "circa" || w == "~") {
    return *approx = "approx", 1;
  }
  return 0;
}

struct Found {
  Quantity q;
  uint32_t first = 0, last = 0;         // tokens of the whole quantity phrase
  uint32_t num_first = 0, num_end = 0;  // tokens of the number
  uint32_t np_end = 0;                  // one past the counted noun phrase
};

class Tagger {
 public:
  Tagger(const text::AnalyzedText& text, DocGraph* g) : text_(text), t_(text), g_(g) {
    // Tokens inside date expressions (years, days of the month, durations) are not counts.
    in_date_.assign(t_.size(), false);
    std::vector<Span> spans;
    if (!g->dates.empty()) {
      for (const DateExpr& d : g->dates) spans.push_back(d.span);
    } else {
      for (const timex::Timex& x : timex::Recognise(t_)) {
        for (uint32_t k = x.first; k < x.last; ++k) in_date_[k] = true;
      }
    }
    if (!spans.empty()) {
      size_t s = 0;
      for (size_t k = 0; k < t_.size(); ++k) {
        const text::Token& tok = text.tokens[k];
        while (s < spans.size() && spans[s].end <= tok.begin) ++s;
        if (s < spans.size() && spans[s].start < tok.end && spans[s].end > tok.begin)
          in_date_[k] = true;
      }
    }
  }

  void Run() {
    const size_t n = t_.size();
    for (size_t i = 0; i < n;) {
      Found f;
      if (MayStart(i) && Match(i, &f)) {
        Emit(std::move(f));
        i = std::max<size_t>(found_.back().last, i + 1);
      } else {
        ++i;
      }
    }
    LinkParts();
    LinkEntities();
    for (Found& f : found_) g_->quantities.push_back(std::move(f.q));
  }

 private:
  bool MayStart(size_t i) const {
    std::string_view w = t_[i];
    if (w.empty() || InDate(i)) return false;
    char c = w[0];
    if (c >= '0' && c <= '9') return true;
    if (c < 'a' || c > 'z') return c == '~' || c == '$';
    return Lex().starts.contains(w) ||
           (w.size() > 4 && w.find('-') != std::string_view::npos && NumberWordValue(w) >= 0);
  }

  // The number at i, with range forms: "10-15", "10 to 15", "between 10 and 15".
  bool Number(size_t i, Found* f) {
    std::string_view w = t_[i];
    if (InDate(i)) return false;
    // "10-15" as one token.
    if (!w.empty() && w[0] >= '0' && w[0] <= '9') {
      if (size_t dash = w.find('-'); dash != std::string_view::npos) {
        double a, b;
        if (ParseDigits(w.substr(0, dash), &a) && ParseDigits(w.substr(dash + 1), &b) && b > a) {
          f->q.value = a;
          f->q.min = a;
          f->q.max = b;
          f->q.approx = "range";
          f->num_first = static_cast<uint32_t>(i);
          f->num_end = static_cast<uint32_t>(i + 1);
          return true;
        }
        return false;
      }
    }
    auto num = ParseNumber(t_, i);
    if (!num || num->ordinal) return false;
    for (size_t k = i; k < num->end; ++k) {
      if (InDate(k)) return false;
    }
    // "one" is mostly a pronoun ("one of the leaders said"); count it only before a noun.
    if (w == "one" && num->end == i + 1 &&
        (t_[i + 1] == "of" || IsStopWord(t_[i + 1]) || t_[i + 1].empty() ||
         !IsWordStart(t_[i + 1]) || t_[i + 1].ends_with("ed") || t_[i + 1].ends_with("ing"))) {
      return false;
    }
    if (i > 0) {
      std::string_view p = t_[i - 1];
      if (p == "no." || p == "number" || p == "#" || p == "nos." || p == "article" ||
          p == "resolution" || p == "paragraph" || p == "chapter" || p == "page" || p == "-" ||
          p == "rossia" || p == "channel") {
        return false;
      }
    }
    f->num_first = static_cast<uint32_t>(i);
    f->num_end = static_cast<uint32_t>(num->end);
    f->q.value = num->value;
    if (num->vague) {
      f->q.approx = "vague";
      f->q.min = num->value;
    } else {
      f->q.approx = "exact";
    }
    // "10 to 15", "10 or 12"
    size_t j = num->end;
    if ((t_[j] == "to" || t_[j] == "or" || t_[j] == "-") && !num->vague) {
      auto hi = ParseNumber(t_, j + 1);
      if (hi && !hi->ordinal && hi->value > num->value && !InDate(j + 1)) {
        f->q.min = num->value;
        f->q.max = hi->value;
        f->q.approx = "range";
        f->num_end = static_cast<uint32_t>(hi->end);
      }
    }
    return true;
  }

  static bool IsWordStart(std::string_view w) {
    char c = w.empty() ? ' ' : w[0];
    return (c >= 'a' && c <= 'z') || c == '"' || c == '\'';
  }

  bool Match(size_t i, Found* f) {
    size_t start = i;
    std::string approx;
    size_t skip = BoundPrefix(t_, i, &approx);
    // "between 10 and 15"
    if (t_[i] == "between") {
      Found lo, hi;
      if (Number(i + 1, &lo) && t_[lo.num_end] == "and" && Number(lo.num_end + 1, &hi) &&
          hi.q.value > lo.q.value) {
        *f = lo;
        f->q.min = lo.q.value;
        f->q.max = hi.q.value;
        f->q.approx = "range";
        f->num_first = static_cast<uint32_t>(i + 1);
        f->num_end = hi.num_end;
        f->first = static_cast<uint32_t>(i);
        return CountedNoun(f);
      }
      return false;
    }
    if (skip && t_[i + skip] == "of") return false;
    if (!Number(i + skip, f)) return false;
    f->first = static_cast<uint32_t>(start);
    if (skip) {
      if (f->q.approx == "range" || f->q.approx == "vague") {
        // "at least dozens": keep the stronger statement of the number itself
      } else {
        f->q.approx = approx;
      }
      if (approx == "at_least") {
        f->q.min = f->q.value;
        f->q.max.reset();
      } else if (approx == "at_most") {
        f->q.max = f->q.value;
        f->q.min.reset();
      }
    } else if (f->q.approx == "exact") {
      f->q.min = f->q.value;
      f->q.max = f->q.value;
    }
    return CountedNoun(f);
  }

  // The counted noun phrase after the number ("civilians", "Russian soldiers", "of Russian
  // fighters"), the role words around it, and the whole span.
  bool CountedNoun(Found* f) {
    size_t j = f->num_end;
    // "32 of 33 Russian mercenaries": the part of a whole, linked in LinkParts.
    if (t_[j] == "of" && ParseNumber(t_, j + 1) && !InDate(j + 1)) {
      part_of_next_.push_back(found_.size());
      f->last = static_cast<uint32_t>(j);
      f->np_end = static_cast<uint32_t>(j);
      f->q.sentence = text_.SentenceOfToken(f->first);
      return true;
    }
    if (f->q.approx == "vague" && t_[j] == "of") ++j;  // "dozens of people"
    if (t_[j] == "%" || t_[j] == "percent" || t_[j] == "per") {
      if (t_[j] == "per" && t_[j + 1] != "cent") return Finish(f, f->num_end);
      f->q.unit = "percent";
      return Finish(f, j + (t_[j] == "per" ? 2 : 1));
    }
    if (f->num_first > 0 && (t_[f->num_first - 1] == "$" || t_[f->num_first - 1] == "€" ||
                             t_[f->num_first - 1] == "£")) {
      f->q.unit = std::string(t_.Cased(f->num_first - 1));
      f->first = std::min<uint32_t>(f->first, f->num_first - 1);
      return Finish(f, f->num_end);
    }
    size_t k = j;
    size_t head = SIZE_MAX;
    // Up to four words; quotes are skipped ("some 200 "extremists"").
    for (size_t n = 0; k < t_.size() && n < 5; ++k, ++n) {
      std::string_view w = t_[k];
      if (w == "\"" || w == "'") continue;
      if (w.empty() || IsStopWord(w) || !IsWordLike(w)) break;
      if (text_.tokens[k].newline_before) break;
      if (n == 0 && IsQualifierAdverb(w) && RoleOf(w) == Role::kNone) {
        f->q.qualifier = std::string(w);
        ++k;
        break;
      }
      if (RoleOf(w) != Role::kNone && head != SIZE_MAX) break;  // "5 people killed"
      // A past participle after the noun starts a clause ("200 extremists trained in Ukraine").
      if (head != SIZE_MAX && w.size() > 4 && w.ends_with("ed")) break;
      if (head != SIZE_MAX && (w.ends_with("ing") && w.size() > 5)) break;
      head = k;
      if (LooksPlural(w)) {  // a plural noun ends the phrase: "5 soldiers went missing"
        ++k;
        break;
      }
    }
    if (head != SIZE_MAX && f->q.qualifier.empty()) {
      // The noun phrase runs from j to head; its head word is the unit.
      f->q.unit = std::string(t_.Cased(head));
      while (k > head + 1 && (t_[k - 1] == "\"" || t_[k - 1] == "'")) --k;
      if (k > head + 1) k = head + 1;
      // A closing quote right after the head belongs to the phrase.
      if (t_[k] == "\"" && !text_.tokens[k].space_before) ++k;
    } else if (f->q.qualifier.empty()) {
      k = f->num_end;
    }
    return Finish(f, k);
  }

  static bool IsWordLike(std::string_view w) {
    char c = w[0];
    return (c >= 'a' && c <= 'z') || (static_cast<unsigned char>(c) >= 0x80);
  }
  static bool LooksPlural(std::string_view w) {
    return w.size() > 3 && w.back() == 's' && !w.ends_with("ss");
  }

  bool Finish(Found* f, size_t end) {
    f->np_end = static_cast<uint32_t>(end);
    f->last = static_cast<uint32_t>(std::max<size_t>(end, f->num_end));
    f->q.sentence = text_.SentenceOfToken(f->first);
    // A bare number with nothing counted and no role nearby is noise (scores, ids, ages).
    f->q.role = RoleName(FindRole(*f));
    if (f->q.unit.empty() && f->q.qualifier.empty() && f->q.role.empty()) {
      // Keep bare numbers only when they are large enough to be counts in prose ("killed 12").
      if (f->q.value < 2 || t_[f->num_first].find('.') != std::string_view::npos) return false;
    }
    return true;
  }

  // The casualty role: a verb after the noun phrase ("had been wounded"), a verb before the number
  // ("killed at least 2", "has wounded at least a dozen"), or the noun itself ("12 dead").
  Role FindRole(const Found& f) const {
    const auto& toks = text_.tokens;
    int s = f.q.sentence;
    uint32_t se = s >= 0 ? text_.sentences[s].last_token : static_cast<uint32_t>(t_.size());
    uint32_t sb = s >= 0 ? text_.sentences[s].first_token : 0;
    bool people = f.q.unit.empty() || IsPersonNoun(Lower(f.q.unit));
    if (!f.q.unit.empty()) {
      if (Role r = RoleOf(Lower(f.q.unit)); r != Role::kNone)
        return r;  // "12 dead", "6 disappearances"
    }
    if (!people) return Role::kNone;
    // After: skip auxiliaries and adverbs.
    for (uint32_t k = f.np_end, n = 0; k < se && n < 6; ++k, ++n) {
      std::string_view w = t_[k];
      if (Role r = RoleOf(w); r != Role::kNone) return r;
      if (w == "," && n == 0) continue;
      if (!IsAuxiliary(w) && !IsQualifierAdverb(w) && w != "to" && w != "not") break;
    }
    // Before: skip bounds, articles and auxiliaries back to a verb.
    for (uint32_t k = f.first, n = 0; k > sb && n < 5; ++n) {
      --k;
      std::string_view w = t_[k];
      if (Role r = RoleOf(w); r != Role::kNone) {
        // "the dead included 5 children" is fine; "killed" before the count is the verb.
        return r;
      }
      if (w == "a" || w == "the" || w == "another" || w == "further" || w == "additional" ||
          w == "least" || w == "at" || w == "some" || w == "about" || w == "nearly" ||
          w == "than" || w == "more" || w == "up" || w == "to" || IsAuxiliary(w)) {
        continue;
      }
      break;
    }
    (void)toks;
    return Role::kNone;
  }

  static std::string Lower(std::string_view w) {
    std::string s(w);
    for (char& c : s)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return s;
  }

  void Emit(Found f) {
    const auto& toks = text_.tokens;
    f.q.span = {toks[f.first].begin, toks[f.last - 1].end};
    f.q.text = std::string(text_.OriginalText(f.q.span.start, f.q.span.end));
    found_.push_back(std::move(f));
  }

  // Parts of counts: "32 of 33 mercenaries" (the 32 is part of the 33) and ", at least 2
  // seriously" / ", including 5 children" after a count with a role.
  void LinkParts() {
    for (size_t idx : part_of_next_) {
      if (idx + 1 >= found_.size()) continue;
      Found& part = found_[idx];
      Found& whole = found_[idx + 1];
      if (whole.first != part.num_end + 1) continue;
      part.q.parent = static_cast<int>(idx + 1);
      part.q.unit = whole.q.unit;
      part.q.role = whole.q.role;
      // The part's span covers "32 of 33 Russian mercenaries"; the whole keeps its own.
      part.last = whole.last;
      const auto& toks = text_.tokens;
      part.q.span.end = toks[part.last - 1].end;
      part.q.text = std::string(text_.OriginalText(part.q.span.start, part.q.span.end));
    }
    for (size_t k = 1; k < found_.size(); ++k) {
      Found& cur = found_[k];
      if (cur.q.parent >= 0) continue;
      // The nearest earlier count in the same sentence that has a role.
      for (size_t p = k; p-- > 0;) {
        Found& prev = found_[p];
        if (prev.q.sentence != cur.q.sentence) break;
        if (prev.q.role.empty() || prev.q.parent >= 0) continue;
        uint32_t gap_first = prev.last, gap_last = cur.first;
        if (gap_last < gap_first || gap_last - gap_first > 4) break;
        bool joined = false;
        for (uint32_t g = gap_first; g < gap_last; ++g) {
          std::string_view w = t_[g];
          if (w == "," || w == "including" || w == "whom" || w == "which" || w == "among" ||
              w == "them" || w == "of" || w == "with" || w == "-" || w == "(")
            joined = true;
        }
        bool part_like = cur.q.unit.empty() || !cur.q.qualifier.empty() ||
                         (cur.q.value <= prev.q.value && IsPersonNoun(Lower(cur.q.unit)));
        if (joined && part_like && cur.q.value <= prev.q.value) {
          cur.q.parent = static_cast<int>(p);
          if (cur.q.role.empty()) cur.q.role = prev.q.role;
          if (cur.q.unit.empty()) cur.q.unit = prev.q.unit;
        }
        break;
      }
    }
  }

  // The counted group as a named entity, when the names stage has run.
  void LinkEntities() {
    if (g_->entities.empty()) return;
    for (Found& f : found_) {
      if (f.np_end <= f.num_end) continue;
      uint32_t b = text_.tokens[f.num_end].begin, e = text_.tokens[f.np_end - 1].end;
      for (const Entity& ent : g_->entities) {
        for (const Mention& m : ent.mentions) {
          if (m.span.start < e && m.span.end > b) {
            f.q.of = ent.id;
            break;
          }
        }
        if (!f.q.of.empty()) break;
      }
    }
  }

  const text::AnalyzedText& text_;
  LoweredTokens t_;
  DocGraph* g_;
  // Reads past the last token (lookahead at the end of a text) are "not in a date".
  bool InDate(size_t k) const { return k < in_date_.size() && in_date_[k]; }
  std::vector<bool> in_date_;
  std::vector<Found> found_;
  std::vector<size_t> part_of_next_;
};

}  // namespace

void TagQuantities(const text::AnalyzedText& text, DocGraph* graph) {
  graph->quantities.clear();
  Tagger(text, graph).Run();
}

}  // namespace mosaic::tag
