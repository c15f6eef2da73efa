#include "link/roles.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace mosaic::link {
namespace {

// Nouns that head a title or an office (singular and plural).
constexpr std::string_view kRoleNouns[] = {
    "president",      "minister",
    "premier",        "chancellor",
    "governor",       "mayor",
    "spokesperson",   "spokesman",
    "spokeswoman",    "spokespeople",
    "spokesmen",      "commander",
    "commandant",     "chief",
    "head",           "chairman",
    "chairwoman",     "chair",
    "leader",         "leaders",
    "founder",        "co-founder",
    "director",       "secretary",
    "ambassador",     "envoy",
    "general",        "colonel",
    "captain",        "major",
    "lieutenant",     "admiral",
    "marshal",        "sergeant",
    "official",       "officials",
    "journalist",     "analyst",
    "researcher",     "expert",
    "teacher",        "author",
    "editor",         "correspondent",
    "reporter",       "adviser",
    "advisor",        "aide",
    "deputy",         "lawmaker",
    "senator",        "mp",
    "speaker",        "prosecutor",
    "judge",          "king",
    "queen",          "prince",
    "emperor",        "dictator",
    "mercenary",      "activist",
    "blogger",        "commissioner",
    "counterpart",    "ceo",
    "troubleshooter", "owner",
    "financier",      "ombudsman",
    "representative", "member",
    "prime",          "vice-president",
};

constexpr std::string_view kReportingVerbs[] = {
    "said",   "says",      "told",      "tells",     "added",   "stated",   "states",   "wrote",
    "writes", "announced", "claimed",   "claims",    "noted",   "notes",    "believes", "believed",
    "argued", "argues",    "explained", "confirmed", "denied",  "warned",   "insisted", "reported",
    "issued", "has",       "had",       "was",       "is",      "will",     "would",    "who",
    "which",  "and",       "points",    "according", "pointed", "stressed", "recalled"};

constexpr std::string_view kPrepositions[] = {"of", "for", "in", "at", "to", "on", "from"};

// Words that may modify a title before a name ("Duma defense committee chairman", "Russian
// Foreign Minister", "former", "deputy"); capitalised words are accepted as modifiers too.
constexpr std::string_view kTitleModifiers[] = {
    "defense",  "defence", "foreign",  "interior",  "prime",        "deputy",     "vice",
    "former",   "acting",  "first",    "committee", "energy",       "economy",    "finance",
    "justice",  "health",  "security", "military",  "intelligence", "opposition", "regional",
    "state",    "group",   "army",     "field",     "general",      "executive",  "chief",
    "national", "senior",  "top",      "press",     "presidential",
};

// Lower(w) == "the", without building the string (asked of every token of a text with roles).
bool IsThe(std::string_view w) {
  return w.size() == 3 && (w[0] | 0x20) == 't' && (w[1] | 0x20) == 'h' && (w[2] | 0x20) == 'e';
}

std::string Lower(std::string_view s) {
  std::string out(s);
  // ASCII only, as std::tolower in the "C" locale the program runs in, without a call per byte.
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

template <size_t N>
bool In(const std::string_view (&list)[N], std::string_view w) {
  return std::find(std::begin(list), std::end(list), w) != std::end(list);
}

bool StartsUpper(std::string_view w) {
  unsigned char c = w.empty() ? 0 : static_cast<unsigned char>(w[0]);
  return c >= 0x80 ? true : std::isupper(c) != 0;  // non-ASCII initials: treat as name-like
}

bool IsDelimiter(std::string_view w) {
  return w == "," || w == "." || w == ";" || w == ":" || w == "\"" || w == "(" || w == ")" ||
         w == "!" || w == "?" || w == "-" || w == "--";
}

std::string Singular(const std::string& w) {
  if (w.size() > 4 && w.back() == 's' && w[w.size() - 2] != 's') return w.substr(0, w.size() - 1);
  return w;
}

struct Ctx {
  const text::AnalyzedText& t;
  DocGraph* g;
  std::vector<std::pair<Span, size_t>> mention_entity;  // every mention, by start
};

// Token index whose begin is `byte`, or -1.
long TokenAt(const text::AnalyzedText& t, uint32_t byte) {
  auto it = std::lower_bound(t.tokens.begin(), t.tokens.end(), byte,
                             [](const text::Token& tok, uint32_t b) { return tok.begin < b; });
  if (it == t.tokens.end() || it->begin != byte) return -1;
  return it - t.tokens.begin();
}

// Token index whose end is `byte`, or -1.
long TokenEndingAt(const text::AnalyzedText& t, uint32_t byte) {
  auto it = std::lower_bound(t.tokens.begin(), t.tokens.end(), byte,
                             [](const text::Token& tok, uint32_t b) { return tok.end < b; });
  if (it == t.tokens.end() || it->end != byte) return -1;
  return it - t.tokens.begin();
}

// The entity (not `self`) with a mention inside [begin, end), place or organisation first.
std::string EntityWithin(const Ctx& c, uint32_t begin, uint32_t end, size_t self) {
  std::string best;
  for (const auto& [span, e] : c.mention_entity) {
    if (span.start < begin || span.end > end || e == self) continue;
    const Entity& ent = c.g->entities[e];
    if (ent.type == "place" || ent.type == "organization") return ent.id;
    if (best.empty() && ent.type != "person") best = ent.id;
  }
  return best;
}

bool Overlaps(const Ctx& c, uint32_t begin, uint32_t end, size_t self) {
  for (const auto& [span, e] : c.mention_entity) {
    if (e == self && span.start < end && span.end > begin) return true;
  }
  return false;
}

void AddRole(Ctx& c, size_t ent, uint32_t tb, uint32_t te, Span evidence) {
  std::string title(c.t.OriginalText(tb, te));
  Entity& e = c.g->entities[ent];
  for (const Role& r : e.roles) {
    if (r.title == title) return;
  }
  Role r;
  r.title = title;
  r.evidence = evidence;
  r.of = EntityWithin(c, tb, te, ent);
  e.roles.push_back(std::move(r));
}

// "Foreign Minister Sergei Lavrov": a title run right before the mention starting at token `first`.
void TitleBefore(Ctx& c, size_t ent, long first, const Mention& m) {
  const auto& t = c.t;
  long sent_first = t.sentences[t.SentenceOfToken(first)].first_token;
  long k = first - 1;
  if (k < sent_first || !IsRoleNoun(Lower(t.TokenText(k)))) return;
  long start = k;
  for (long j = k - 1; j >= sent_first && k - j < 6; --j) {
    std::string_view w = t.TokenText(j);
    std::string lw = Lower(w);
    if (IsDelimiter(w) || lw == "the" || lw == "a" || lw == "an" || lw == "and" || lw == "of" ||
        lw == "by" || lw == "with" || lw == "between" || lw == "both") {
      break;
    }
    if (In(kTitleModifiers, lw) || IsRoleNoun(lw) || StartsUpper(w)) {
      start = j;
    } else {
      break;
    }
  }
  // Skip a leading possessive owner ("Wagner Group leader" keeps "Wagner Group"; fine as a title).
  AddRole(c, ent, t.tokens[start].begin, t.tokens[k].end, Span{t.tokens[start].begin, m.span.end});
}

// "NAME, the governor of Belgorod," - an apposition after the mention ending at token `last`.
void AppositionAfter(Ctx& c, size_t ent, long last, const Mention& m) {
  const auto& t = c.t;
  long sent_last = t.sentences[t.SentenceOfToken(last)].last_token;
  long k = last + 1;
  if (k >= sent_last || t.TokenText(k) != ",") return;
  ++k;
  long begin = k;
  if (k < sent_last) {
    std::string lw = Lower(t.TokenText(k));
    if (lw == "the" || lw == "a" || lw == "an") begin = ++k;
  }
  if (begin >= sent_last) return;
  {
    // The apposition must open like a noun phrase: an article, "one of", a title word, a
    // capitalised word or a possessive; "according to author X" is not an apposition.
    std::string_view w0 = t.TokenText(begin);
    std::string l0 = Lower(w0);
    bool np = begin != last + 2 || StartsUpper(w0) || In(kTitleModifiers, l0) || IsRoleNoun(l0) ||
              l0 == "one" || l0 == "his" || l0 == "her" || l0 == "their" || l0 == "its";
    if (!np) return;
  }
  long end = k, head = -1;
  for (; k < sent_last && k - begin < 14; ++k) {
    std::string_view w = t.TokenText(k);
    std::string lw = Lower(w);
    if (IsDelimiter(w) || w == "\xE2\x80\x9C" || w == "\xE2\x80\x9D" || In(kReportingVerbs, lw))
      break;
    if (IsRoleNoun(lw)) head = k;
    end = k + 1;
  }
  if (head < 0 || head < begin) return;
  // Keep the role noun's prepositional phrase ("of Belgorod", "for Ukraine's military
  // intelligence"); cut anything else after the head ("journalist points out").
  long cut = head + 1;
  if (cut < end && In(kPrepositions, Lower(t.TokenText(cut)))) cut = end;
  if (Overlaps(c, t.tokens[begin].begin, t.tokens[cut - 1].end, ent)) return;
  AddRole(c, ent, t.tokens[begin].begin, t.tokens[cut - 1].end,
          Span{m.span.start, t.tokens[cut - 1].end});
}

// "The commandant of the camp, Aleksey Milchakov": a "the ... ROLE ..." phrase and a comma right
// before the mention, starting the sentence or a clause.
void AppositionBefore(Ctx& c, size_t ent, long first, const Mention& m) {
  const auto& t = c.t;
  long sent_first = t.sentences[t.SentenceOfToken(first)].first_token;
  long k = first - 1;
  if (k <= sent_first || t.TokenText(k) != ",") return;
  long j = k - 1, head = -1, the = -1;
  for (; j >= sent_first && k - j < 10; --j) {
    std::string_view w = t.TokenText(j);
    std::string lw = Lower(w);
    if (IsDelimiter(w)) break;
    if (IsRoleNoun(lw) && head < 0) head = j;
    if (lw == "the") the = j;
    if (In(kReportingVerbs, lw)) break;
  }
  long begin = j + 1;
  // The phrase must start at the sentence start or after a delimiter, with "the" first.
  if (head < 0 || the != begin) return;
  if (begin != sent_first && !IsDelimiter(t.TokenText(begin - 1))) return;
  long tb = begin + 1;
  if (Overlaps(c, t.tokens[tb].begin, t.tokens[k - 1].end, ent)) return;
  AddRole(c, ent, t.tokens[tb].begin, t.tokens[k - 1].end, Span{t.tokens[begin].begin, m.span.end});
}

// "russian", "belarusian", "british", "chinese": a nationality modifier, which a later role mention
// may add or drop ("the Russian Foreign Minister" after "Foreign Minister Sergei Lavrov").
bool DemonymLike(const std::string& w) {
  for (std::string_view end : {"an", "ish", "ese", "ian"}) {
    if (w.size() > end.size() + 3 && w.compare(w.size() - end.size(), end.size(), end) == 0)
      return true;
  }
  return false;
}

// Head noun and lower-case words of a title.
struct TitleWords {
  std::string head;
  std::set<std::string> words;
};

TitleWords Analyse(const std::string& title) {
  TitleWords tw;
  std::string cur;
  std::vector<std::string> ws;
  for (char ch : title + " ") {
    if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' ||
        static_cast<unsigned char>(ch) >= 0x80) {
      cur.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
    } else if (!cur.empty()) {
      ws.push_back(cur);
      cur.clear();
    }
  }
  for (const auto& w : ws) {
    if (In(kPrepositions, w)) break;  // "governor of Belgorod": the head is before "of"
    tw.words.insert(w);
    if (IsRoleNoun(w) && w != "prime") tw.head = Singular(w);
  }
  return tw;
}

// Later "the [modifiers] ROLE" mentions: attach to the one person whose earlier role has that head
// and includes the modifiers.
void ResolveRoleMentions(Ctx& c) {
  const auto& t = c.t;
  struct Holder {
    size_t entity;
    TitleWords words;
    uint32_t stated;  // where the role was stated
  };
  std::vector<Holder> holders;
  for (size_t i = 0; i < c.g->entities.size(); ++i) {
    for (const Role& r : c.g->entities[i].roles) {
      TitleWords tw = Analyse(r.title);
      if (!tw.head.empty()) holders.push_back({i, tw, r.evidence.end});
    }
  }
  if (holders.empty()) return;
  std::vector<std::pair<size_t, Mention>> added;
  for (size_t s = 0; s < t.sentences.size(); ++s) {
    const auto& sent = t.sentences[s];
    for (size_t k = sent.first_token; k < sent.last_token; ++k) {
      if (!IsThe(t.TokenText(k))) continue;
      size_t j = k + 1;
      std::set<std::string> mods;
      while (j < sent.last_token && j - k <= 4 && !IsRoleNoun(Lower(t.TokenText(j)))) {
        std::string lw = Lower(t.TokenText(j));
        if (IsDelimiter(t.TokenText(j)) ||
            !(In(kTitleModifiers, lw) || StartsUpper(t.TokenText(j))))
          break;
        mods.insert(lw);
        ++j;
      }
      if (j >= sent.last_token || !IsRoleNoun(Lower(t.TokenText(j)))) continue;
      // "the foreign minister": "prime" alone is a modifier of "minister".
      if (Lower(t.TokenText(j)) == "prime" && j + 1 < sent.last_token &&
          IsRoleNoun(Lower(t.TokenText(j + 1)))) {
        mods.insert("prime");
        ++j;
      }
      std::string head = Lower(t.TokenText(j));
      if (head != Singular(head)) continue;  // plurals name groups, not one holder
      // "the governor of X" states a new role rather than referring back; so does a following name.
      if (j + 1 < sent.last_token) {
        std::string_view nx = t.TokenText(j + 1);
        if (In(kPrepositions, Lower(nx)) || StartsUpper(nx)) continue;
      }
      uint32_t b = t.tokens[k].begin, e = t.tokens[j].end;
      std::set<size_t> who;
      for (const Holder& h : holders) {
        if (h.stated > b || h.words.head != head) continue;
        bool holder_demonym = false;
        for (const auto& w : h.words.words) holder_demonym = holder_demonym || DemonymLike(w);
        bool all = true;
        for (const auto& m : mods) {
          all = all && (h.words.words.count(m) > 0 || (DemonymLike(m) && !holder_demonym));
        }
        if (all) who.insert(h.entity);
      }
      if (who.size() != 1) continue;
      // A demonym inside the phrase ("the Belarusian president") may be a group mention; a person
      // or organisation mention there means the phrase is something else.
      bool taken = false;
      for (const auto& [span, ent] : c.mention_entity) {
        const std::string& type = c.g->entities[ent].type;
        if (span.start < e && span.end > b && (type == "person" || type == "organization"))
          taken = true;
      }
      if (taken) continue;
      Mention m;
      m.span = Span{b, e};
      m.text = std::string(t.OriginalText(b, e));
      m.sentence = static_cast<int>(s);
      added.emplace_back(*who.begin(), std::move(m));
    }
  }
  for (auto& [ent, m] : added) {
    auto& ms = c.g->entities[ent].mentions;
    ms.push_back(std::move(m));
    std::sort(ms.begin(), ms.end(),
              [](const Mention& a, const Mention& b) { return a.span.start < b.span.start; });
  }
}

}  // namespace

bool IsRoleNoun(std::string_view lower_word) { return In(kRoleNouns, lower_word); }

void AttachRoles(const text::AnalyzedText& text, DocGraph* graph) {
  if (text.tokens.empty()) return;
  Ctx c{text, graph, {}};
  for (size_t i = 0; i < graph->entities.size(); ++i) {
    for (const auto& m : graph->entities[i].mentions) c.mention_entity.emplace_back(m.span, i);
  }
  std::sort(c.mention_entity.begin(), c.mention_entity.end(),
            [](const auto& a, const auto& b) { return a.first.start < b.first.start; });
  for (size_t i = 0; i < graph->entities.size(); ++i) {
    if (graph->entities[i].type != "person") continue;
    // Copy: AddRole appends to roles, not mentions, but keep the loop independent of it.
    std::vector<Mention> mentions = graph->entities[i].mentions;
    for (const Mention& m : mentions) {
      long first = TokenAt(text, m.span.start);
      long last = TokenEndingAt(text, m.span.end);
      if (first < 0 || last < 0) continue;
      TitleBefore(c, i, first, m);
      AppositionAfter(c, i, last, m);
      AppositionBefore(c, i, first, m);
    }
  }
  ResolveRoleMentions(c);
}

}  // namespace mosaic::link
