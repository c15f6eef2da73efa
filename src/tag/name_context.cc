#include "tag/name_context.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

namespace mosaic::tag {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool In(std::string_view word, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), word) != set.end();
}

bool IsQuote(std::string_view w) { return w == "\"" || w == "'" || w == "«" || w == "»"; }

// Starts with an ASCII capital or a non-ASCII byte followed by letters we cannot case-check
// cheaply; names in other scripts are the tagger's business, so only ASCII capitals count here.
bool IsCapitalised(std::string_view w) { return !w.empty() && w[0] >= 'A' && w[0] <= 'Z'; }
bool IsLowerWord(std::string_view w) { return !w.empty() && w[0] >= 'a' && w[0] <= 'z'; }

// Nouns that head the name of an armed or organised collective when a name modifies them.
bool IsCollectiveHead(std::string_view lower) {
  return In(lower, {"group", "company", "militia", "battalion", "regiment", "brigade", "movement",
                    "organisation", "organization", "network", "unit", "faction", "mercenaries",
                    "corps", "division", "detachment"});
}

// Plural nouns for a body of people that English names use in the possessive, inside the name:
// "Donetsk People's Republic", "Kurdistan Workers' Party", "Soldiers' Mothers Committee". A
// proper name before "'s" possesses the next one instead ("Ukraine's Army": two names).
bool IsCollectivePossessor(std::string_view lower) {
  return In(lower,
            {"people", "peoples", "workers", "women", "children", "veterans", "farmers", "patriots",
             "citizens", "martyrs", "mothers", "soldiers", "students", "toilers", "peasants"});
}

bool IsPossessiveMark(std::string_view w) {
  return w == "'s" || w == "\u2019s" || w == "'" || w == "\u2019";
}

// Last words of state and party names that may follow such a possessive when the tagger left
// them out ("Luhansk People" + "'s Republic").
bool IsPolityHead(std::string_view lower) {
  return In(lower, {"republic", "party", "army", "front", "movement", "council", "union",
                    "congress", "assembly", "militia", "committee", "alliance", "federation",
                    "commune", "guard", "militias", "forces"});
}

// Adjectives that may stand between such a name and its head ("Wagner private military company").
bool IsCollectiveModifier(std::string_view lower) {
  return In(lower, {"private",     "military",   "paramilitary",   "mercenary",  "armed",
                    "nationalist", "militant",   "security",       "special",    "volunteer",
                    "assault",     "sabotage",   "reconnaissance", "far-right",  "neo-nazi",
                    "extremist",   "terrorist",  "rebel",          "separatist", "pro-russian",
                    "pro-kremlin", "pro-moscow", "islamist",       "jihadist",   "criminal",
                    "youth",       "political"});
}

// Plural class nouns that introduce a list of organisations ("groups such as ...").
bool IsCollectiveClass(std::string_view lower) {
  return In(lower, {"groups",     "organisations", "organizations", "militias",  "movements",
                    "parties",    "companies",     "battalions",    "brigades",  "units",
                    "factions",   "outlets",       "agencies",      "networks",  "firms",
                    "newspapers", "broadcasters",  "ngos",          "charities", "associations"});
}

// People who work for an organisation named after "for", "at" or "with".
bool IsProfession(std::string_view lower) {
  return In(lower,
            {"analyst",     "analysts",      "researcher",     "researchers",  "reporter",
             "reporters",   "correspondent", "correspondents", "journalist",   "journalists",
             "editor",      "editors",       "spokesman",      "spokeswoman",  "spokesperson",
             "columnist",   "fellow",        "economist",      "investigator", "investigators",
             "contributor", "employee",      "employees",      "staffer",      "consultant"});
}

// First words of institutions whose names may run on over "and" ("Department of Health and
// Human Services").
bool IsInstitutionHead(std::string_view w) {
  return In(w,
            {"Center",     "Centre",       "Institute",    "Ministry",  "Department", "Council",
             "Committee",  "Agency",       "Foundation",   "Office",    "School",     "Society",
             "Union",      "Commission",   "Bureau",       "Academy",   "Fund",       "Association",
             "Federation", "Organisation", "Organization", "Programme", "Program"});
}

// Fields that end such a name after "and".
bool IsFieldWord(std::string_view w) {
  return In(w, {"Research",   "Studies",     "Affairs",        "Services",       "Development",
                "Security",   "Policy",      "Trade",          "Technology",     "Sciences",
                "Science",    "Cooperation", "Defense",        "Defence",        "Justice",
                "Culture",    "Training",    "Analysis",       "Reconstruction", "Rights",
                "Relations",  "Economics",   "Planning",       "Innovation",     "Education",
                "Health",     "Welfare",     "Communications", "Information",    "Strategy",
                "Governance", "Peace",       "Environment",    "Energy",         "Industry",
                "Commerce",   "Finance",     "Forecasting"});
}

// Capitalised head nouns of street and square names: a name ending in one is a place ("Rustaveli
// Avenue", "Independence Square"), however personal its first word is. Words that are also common
// surnames (Park, Lane, Hill) are left out.
bool IsThoroughfareHead(std::string_view w) {
  return In(w, {"Street", "Avenue", "Boulevard", "Square", "Prospekt", "Prospect", "Highway",
                "Embankment", "Road", "Alley", "Plaza"});
}

class Refiner {
 public:
  Refiner(const text::AnalyzedText& t, std::vector<NameSpan>* spans, IsDemonymFn is_demonym,
          const void* ctx)
      : t_(t), spans_(*spans), is_demonym_(is_demonym), ctx_(ctx) {}

  void Run() {
    JoinCollectivePossessives();
    ExtendInstitutions();
    PlaceThoroughfares();
    for (size_t i = 0; i < spans_.size(); ++i) {
      NameSpan& s = spans_[i];
      if (s.type == "ORG") continue;
      if ((Retypable(s) && (ModifiesCollective(s.last) || InCollectiveList(s))) ||
          QuotedBeforeCollective(s) || EmployerOf(s)) {
        Retype(s);
      }
    }
    AddMissedCollectives();
    Propagate();
    std::sort(spans_.begin(), spans_.end(),
              [](const NameSpan& a, const NameSpan& b) { return a.first < b.first; });
  }

 private:
  std::string_view Tok(size_t i) const { return t_.TokenText(i); }
  const text::SentenceSpan& SentenceOf(const NameSpan& s) const { return t_.sentences[s.sentence]; }

  bool Demonym(const NameSpan& s) const {
    return is_demonym_ && s.last == s.first + 1 && is_demonym_(Tok(s.first), ctx_);
  }

  // People and untyped runs may turn out to be organisations. Places are left alone except as
  // employers ("the Kherson unit" is a unit in Kherson), and so are MISC names: adjectives and
  // events ("Hong Kong-based company", "World Cup group"), wrongly retyped on CoNLL development
  // data when they were included.
  bool Retypable(const NameSpan& s) const { return s.type == "PER" || s.type.empty(); }

  // The words after token `pos`: [closing quote] [up to two modifiers] collective head.
  bool ModifiesCollective(size_t pos) const {
    const size_t end = t_.tokens.size();
    if (pos < end && IsQuote(Tok(pos))) ++pos;
    for (int mods = 0; pos < end && mods <= 2; ++mods, ++pos) {
      std::string w = Lower(Tok(pos));
      if (!IsLowerWord(Tok(pos))) return false;
      if (IsCollectiveHead(w)) return true;
      if (!IsCollectiveModifier(w)) return false;
    }
    return false;
  }

  // A quoted name right before a collective head: the “Rusich” brigade. Adjectives are not
  // quoted, so this holds for MISC names too (not for demonyms).
  bool QuotedBeforeCollective(const NameSpan& s) const {
    if (s.type != "MISC" && s.type != "PER" && !s.type.empty()) return false;
    const auto& sent = SentenceOf(s);
    if (s.first == sent.first_token || s.last + 1 >= sent.last_token) return false;
    if (!IsQuote(Tok(s.first - 1)) || !IsQuote(Tok(s.last))) return false;
    return IsLowerWord(Tok(s.last + 1)) && IsCollectiveHead(Lower(Tok(s.last + 1))) && !Demonym(s);
  }

  // "NOUNS [up to five words] such as A, B (C) and the D": is `s` inside that list?
  bool InCollectiveList(const NameSpan& s) const {
    const auto& sent = SentenceOf(s);
    // Walk left from the span over list material to "such as".
    size_t i = s.first;
    while (i > sent.first_token + 1) {
      std::string_view w = Tok(i - 1);
      if (w == "as" && Tok(i - 2) == "such") {
        size_t such = i - 2;
        for (size_t k = such; k > sent.first_token && such - k < 6; --k) {
          if (IsCollectiveClass(Lower(Tok(k - 1)))) return true;
        }
        return false;
      }
      bool list_word = IsCapitalised(w) || w == "," || w == "(" || w == ")" || w == "and" ||
                       w == "or" || w == "the" || IsQuote(w) ||
                       (!w.empty() && w[0] >= '0' && w[0] <= '9');
      if (!list_word) return false;
      --i;
    }
    return false;
  }

  // "an analyst for X", "a correspondent at X": X employs them (not "for X's ...").
  bool EmployerOf(const NameSpan& s) const {
    if (s.type != "LOC" && s.type != "PER" && !s.type.empty()) return false;
    const auto& sent = SentenceOf(s);
    if (s.first < sent.first_token + 2) return false;
    std::string_view prep = Tok(s.first - 1);
    if (prep != "for" && prep != "at" && prep != "with") return false;
    if (!IsProfession(Lower(Tok(s.first - 2)))) return false;
    if (s.last < sent.last_token) {
      if (IsPossessiveMark(Tok(s.last))) return false;
    }
    return true;
  }

  void Retype(NameSpan& s) {
    retyped_[{Key(s), s.type}] = true;
    s.type = "ORG";
  }

  std::string Key(const NameSpan& s) const {
    std::string k;
    for (size_t i = s.first; i < s.last; ++i) {
      if (i > s.first) k += ' ';
      k += Tok(i);
    }
    return k;
  }

  // The same words, tagged with the same type elsewhere in the document, name the same thing.
  void Propagate() {
    if (retyped_.empty() && retyped_loc_.empty()) return;
    for (NameSpan& s : spans_) {
      if (s.type != "ORG" && retyped_.count({Key(s), s.type})) s.type = "ORG";
      if (s.type != "LOC" && retyped_loc_.count({Key(s), s.type})) s.type = "LOC";
    }
  }

  // A capitalised run the tagger left out, in quotes or after "the", before a collective head:
  // "the “Rusich” brigade", "the Sparta battalion".
  void AddMissedCollectives() {
    std::vector<bool> covered(t_.tokens.size(), false);
    for (const NameSpan& s : spans_) {
      for (size_t i = s.first; i < s.last; ++i) covered[i] = true;
    }
    std::vector<NameSpan> added;
    for (size_t si = 0; si < t_.sentences.size(); ++si) {
      const auto& sent = t_.sentences[si];
      for (size_t i = sent.first_token + 1; i < sent.last_token; ++i) {
        if (covered[i] || !IsCapitalised(Tok(i))) continue;
        size_t j = i;
        while (j < sent.last_token && j - i < 3 && !covered[j] && IsCapitalised(Tok(j))) ++j;
        std::string_view before = Tok(i - 1);
        bool quoted = IsQuote(before) && j < sent.last_token && IsQuote(Tok(j));
        bool after_the = Lower(before) == "the";
        size_t head = quoted ? j + 1 : j;
        NameSpan cand{i, j, static_cast<int>(si), ""};
        if ((quoted || after_the) && head < sent.last_token && IsCollectiveHead(Lower(Tok(head))) &&
            IsLowerWord(Tok(head)) && !Demonym(cand)) {
          cand.type = "ORG";
          added.push_back(cand);
          for (size_t k = i; k < j; ++k) covered[k] = true;
        }
        i = j;
      }
    }
    spans_.insert(spans_.end(), added.begin(), added.end());
  }

  // A person's name heading a street or square is the street's: "Rustaveli Avenue", also when the
  // tagger stopped before the head ("Rustaveli" + "Avenue").
  void PlaceThoroughfares() {
    for (NameSpan& s : spans_) {
      if (!Retypable(s)) continue;
      const auto& sent = SentenceOf(s);
      bool head_inside = s.last - s.first >= 2 && IsThoroughfareHead(Tok(s.last - 1));
      bool head_after =
          s.last < sent.last_token && IsThoroughfareHead(Tok(s.last)) && !Covered(s.last);
      if (!head_inside && !head_after) continue;
      retyped_loc_[{Key(s), s.type}] = true;
      if (head_after) ++s.last;
      s.type = "LOC";
    }
  }

  bool Covered(size_t token) const {
    for (const NameSpan& x : spans_) {
      if (x.first <= token && token < x.last) return true;
    }
    return false;
  }

  // "Donetsk People" + 's + "Republic": the tagger reads the possessive as a boundary between two
  // names, but after a collective noun it is inside one (IsCollectivePossessor). The two spans
  // become one, an organisation when either was one (a self-declared republic or a party is an
  // actor); a polity head the tagger left out ("'s Republic" untagged) is taken in too.
  void JoinCollectivePossessives() {
    for (size_t i = 0; i < spans_.size(); ++i) {
      NameSpan& a = spans_[i];
      const auto& sent = SentenceOf(a);
      const size_t mark = a.last;
      if (mark + 1 >= sent.last_token || !IsPossessiveMark(Tok(mark)) ||
          !IsCollectivePossessor(Lower(Tok(mark - 1)))) {
        continue;
      }
      if (i + 1 < spans_.size() && spans_[i + 1].first == mark + 1) {
        const NameSpan& b = spans_[i + 1];
        if (a.type == "MISC" || b.type == "MISC" || b.type == "PER") continue;
        a.type = a.type == "ORG" || b.type == "ORG" ? "ORG" : b.type;
        a.last = b.last;
        spans_.erase(spans_.begin() + static_cast<std::ptrdiff_t>(i + 1));
        continue;
      }
      // Untagged: a capitalised run of up to four words after the mark, ending in a polity head.
      size_t j = mark + 1;
      while (j < sent.last_token && j - mark <= 4 && IsCapitalised(Tok(j)) && !Covered(j)) ++j;
      if (j == mark + 1 || !IsPolityHead(Lower(Tok(j - 1)))) continue;
      if (a.type != "LOC") a.type = "ORG";
      a.last = j;
    }
  }

  // "Center for Strategic" + "and Foreign Policy Research": one name.
  void ExtendInstitutions() {
    for (size_t i = 0; i < spans_.size(); ++i) {
      NameSpan& s = spans_[i];
      if (s.type != "ORG" || !IsInstitutionHead(Tok(s.first))) continue;
      bool has_prep = false;
      for (size_t k = s.first; k < s.last; ++k)
        has_prep = has_prep || Tok(k) == "for" || Tok(k) == "of";
      const auto& sent = SentenceOf(s);
      if (!has_prep || s.last + 1 >= sent.last_token || Tok(s.last) != "and") continue;
      size_t j = s.last + 1;
      while (j < sent.last_token && j - s.last <= 4 && IsCapitalised(Tok(j))) ++j;
      if (j == s.last + 1 || !IsFieldWord(Tok(j - 1))) continue;
      // The run after "and" must not be (part of) a person or a place the tagger found.
      bool clash = false;
      size_t absorbed_until = i + 1;
      for (size_t k = i + 1; k < spans_.size() && spans_[k].first < j; ++k) {
        if (spans_[k].type == "PER" || spans_[k].type == "LOC" || spans_[k].last > j) clash = true;
        absorbed_until = k + 1;
      }
      if (clash) continue;
      s.last = j;
      spans_.erase(spans_.begin() + static_cast<std::ptrdiff_t>(i + 1),
                   spans_.begin() + static_cast<std::ptrdiff_t>(absorbed_until));
    }
  }

  const text::AnalyzedText& t_;
  std::vector<NameSpan>& spans_;
  IsDemonymFn is_demonym_;
  const void* ctx_;
  std::map<std::pair<std::string, std::string>, bool> retyped_;      // (words, old type)
  std::map<std::pair<std::string, std::string>, bool> retyped_loc_;  // the same, to places
};

}  // namespace

void RefineByContext(const text::AnalyzedText& t, std::vector<NameSpan>* spans,
                     IsDemonymFn is_demonym, const void* ctx) {
  Refiner(t, spans, is_demonym, ctx).Run();
}

}  // namespace mosaic::tag
