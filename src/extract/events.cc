// Events: triggers from the event lexicon, arguments from the shallow syntax, attribution from the
// reported-speech scopes. See docs/events.md for the types and the rules.
#include "extract/events.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

#include "extract/attribution.h"
#include "extract/event_lexicon.h"
#include "extract/relations.h"
#include "extract/syntax.h"

namespace mosaic::extract {

// Words are compared with literals as string_views ("x"sv): libstdc++ 12's std::string == "x"
// calls memcmp before it compares the lengths, and these rules make millions of such comparisons.
using namespace std::string_view_literals;
namespace {

constexpr int kRefWindow = 3;  // sentences a pronoun or "the group" may reach back

bool IsPlaceNoun(std::string_view w) {
  static const std::unordered_set<std::string_view> k = {
      "village",  "town",     "city",   "region",    "district", "area",   "country",
      "capital",  "province", "oblast", "territory", "republic", "county", "settlement",
      "villages", "towns",    "cities", "regions",   "districts"};
  return k.count(w) > 0;
}

bool IsGroupNoun(std::string_view w) {
  static const std::unordered_set<std::string_view> k = {
      "group", "organisation", "organization", "militia",  "company",  "corps",      "legion",
      "unit",  "brigade",      "battalion",    "movement", "party",    "network",    "regiment",
      "force", "army",         "service",      "agency",   "ministry", "government", "wing"};
  return k.count(w) > 0;
}

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}
void AddUnique(std::vector<std::string>* v, const std::string& x) {
  if (!x.empty() && !Contains(*v, x)) v->push_back(x);
}

struct Draft {
  Event ev;
  size_t trigger_first = 0, trigger_last = 0;  // tokens [first, last)
  bool nominal = false;
  bool definite = false;
  bool drop = false;
  std::string pejorative;  // a pejorative label among the arguments ("extremists")
  NounPhrase object_np;
  size_t subject_event = SIZE_MAX;  // head token of a subject that names an event ("the fighting")
  int merged_into = -1;             // index of the antecedent this nominal was merged into
};

// One-word names shaped like nationality adjectives or demonyms ("Russian", "Belarusians").
bool LooksDemonym(const std::string& name) {
  if (name.find(' ') != std::string::npos) return false;
  for (std::string_view suf : {"ian", "ians", "ean", "eans", "ese", "ish", "an", "ans"}) {
    if (name.size() > suf.size() + 2 &&
        name.compare(name.size() - suf.size(), suf.size(), suf) == 0) {
      return true;
    }
  }
  return false;
}

class Extractor {
 public:
  Extractor(const text::AnalyzedText& t, const Resources& res, DocGraph* g,
            tag::SharedFeatures* shared)
      : t_(t), g_(g), syn_(t, *g, res.pos(), shared), fallback_(res.ner() == nullptr) {}

  void Run();

 private:
  // --- entities and references
  void ComputePlaceLike();
  bool PlaceLike(int e) const { return e >= 0 && place_like_[e]; }
  std::string Id(int e) const { return g_->entities[e].id; }
  std::string PlaceId(int e) const {
    const Entity& en = g_->entities[e];
    return en.linked_place.empty() ? en.id : en.linked_place;
  }
  bool PersonLike(int e) const;
  std::vector<int> Resolve(const NounPhrase& np, size_t at) const;
  int LastEntity(size_t before, int max_back, bool (Extractor::*pred)(int) const) const;
  bool OrgLike(int e) const {
    return !PlaceLike(e) && g_->entities[e].type != "person"sv && g_->entities[e].type != "group"sv;
  }
  int ByTitle(std::string_view title, size_t at) const;
  std::string PhraseText(const NounPhrase& np) const {
    return std::string(t_.OriginalText(t_.tokens[np.first].begin, t_.tokens[np.last - 1].end));
  }

  // --- events
  void VerbEvents(int s);
  void NominalEvents(int s);
  void ResponsibilityEvents(int s);
  void AddPrepArguments(size_t from, size_t to, const EventTypeInfo& info, bool passive, Draft* d);
  void AddPlaceFromPhrase(const NounPhrase& np, size_t at, Draft* d);
  void AddDate(size_t trigger, Draft* d);
  void AddCasualties(size_t trigger, Draft* d);
  void Attribute(Draft* d);
  void Finish();
  Draft* Antecedent(const Draft& d);
  Event MakeEvent(std::string_view type, std::string_view subtype, size_t first, size_t last);

  const text::AnalyzedText& t_;
  DocGraph* g_;
  Syntax syn_;
  bool fallback_;
  std::vector<bool> place_like_;
  // Each entity's distinct mention texts, lower-cased, computed once: a name repeated thousands of
  // times must not be re-scanned for every event (hostile input made that quadratic).
  std::vector<std::vector<std::string>> lower_mentions_;
  std::vector<AttributionScope> scopes_;
  std::vector<Draft> drafts_;
  std::vector<int> actor_count_;  // how often an entity was an actor so far ("the group")
  std::vector<std::pair<int, std::string>> titles_;  // roles stated by appositions
  std::vector<RoleFact> roles_;
  std::vector<int> scope_source_;  // resolved source entity of each scope, -1 if none
  void InheritPlaces(size_t trigger, Draft* d);
};

void Extractor::ComputePlaceLike() {
  const size_t n = g_->entities.size();
  lower_mentions_.assign(n, {});
  for (size_t e = 0; e < n; ++e) {
    std::set<std::string> distinct;
    for (const Mention& m : g_->entities[e].mentions) {
      std::string low = m.text;
      for (char& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      distinct.insert(std::move(low));
    }
    lower_mentions_[e].assign(distinct.begin(), distinct.end());
  }
  place_like_.assign(n, false);
  for (size_t e = 0; e < n; ++e) {
    const Entity& en = g_->entities[e];
    static const std::unordered_set<std::string_view> kinds = {"country", "region",   "city",
                                                               "village", "facility", "area"};
    if (en.type == "place"sv || kinds.count(en.kind)) place_like_[e] = true;
  }
  // Without the statistical tagger every name is an "organization" (and the tagger itself calls
  // some towns organisations): a name after a locative preposition or "village of" is a place,
  // unless it is known to be a government, armed group, party or medium.
  for (size_t i = 1; i < syn_.size(); ++i) {
    const int e = syn_.word(i).entity;
    if (e < 0 || (i > 0 && syn_.word(i - 1).entity == e)) continue;
    if (!fallback_ && !(g_->entities[e].type == "organization"sv &&
                        (g_->entities[e].kind == "other"sv || g_->entities[e].kind.empty())))
      continue;
    size_t k = i;
    const size_t sb = syn_.SentenceBegin(syn_.word(i).sentence);
    while (k > sb &&
           (syn_.word(k - 1).cls == WordClass::kDet || syn_.word(k - 1).cls == WordClass::kAdj))
      --k;
    if (k == sb) continue;
    const Word& p = syn_.word(k - 1);
    static const std::unordered_set<std::string_view> loc = {
        "in",     "near",    "at",     "toward", "towards", "into",
        "inside", "outside", "around", "across", "from",    "to"};
    size_t after = i;
    while (after < syn_.size() && syn_.word(after).entity == e) ++after;
    if (after < syn_.size() && (syn_.word(after).low == "'s"sv || syn_.word(after).low == "'"sv))
      continue;
    // A name used as a modifier ("the Russian village", "to international Nazi organisations") or
    // shaped like a demonym is not a place.
    if (after < syn_.size() && syn_.word(after).sentence == syn_.word(i).sentence &&
        (syn_.word(after).cls == WordClass::kNoun || syn_.word(after).cls == WordClass::kAdj) &&
        !syn_.word(after).cap)
      continue;
    if (LooksDemonym(g_->entities[e].name)) continue;
    if (loc.count(p.low) || (p.low == "of"sv && k >= 2 && IsPlaceNoun(syn_.word(k - 2).low))) {
      place_like_[e] = true;
    }
  }
}

bool Extractor::PersonLike(int e) const {
  const Entity& en = g_->entities[e];
  if (en.type == "person"sv) return true;
  if (!fallback_ || PlaceLike(e) || (!en.kind.empty() && en.kind != "other"sv)) return false;
  // Fallback names: a multi-word name whose words are all capitalised and not an organisation
  // word is likely a person.
  for (const std::string& low : lower_mentions_[e]) {
    int words = 1;
    for (char c : low) words += c == ' ';
    if (words >= 2 && words <= 4) {
      static const char* kOrg[] = {"corps",    "legion",    "group",   "ministry", "service",
                                   "union",    "center",    "centre",  "party",    "army",
                                   "times",    "force",     "unit",    "brigade",  "battalion",
                                   "regiment", "militia",   "company", "guard",    "front",
                                   "movement", "committee", "council", "agency",   "office",
                                   "command",  "police",    "news",    "media",    "bank"};
      bool org = false;
      for (const char* o : kOrg) org |= low.find(o) != std::string::npos;
      if (!org) return true;
    }
  }
  return false;
}

int Extractor::LastEntity(size_t before, int max_back, bool (Extractor::*pred)(int) const) const {
  if (before == 0) return -1;
  const int s0 = syn_.word(before - 1).sentence;
  for (size_t i = before; i > 0; --i) {
    const Word& w = syn_.word(i - 1);
    if (s0 - w.sentence > max_back) break;
    if (w.entity >= 0 && (this->*pred)(w.entity)) return w.entity;
  }
  return -1;
}

int Extractor::ByTitle(std::string_view title, size_t at) const {
  // An entity whose name or role carries the title ("Foreign Minister Sergei Lavrov"; a role from
  // coreference or an apposition), preferring the latest one before `at`, else the first after.
  int best = -1;
  for (size_t e = 0; e < g_->entities.size(); ++e) {
    const Entity& en = g_->entities[e];
    bool has = false;
    for (const Role& r : en.roles) {
      std::string l = r.title;
      for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      has |= l.find(title) != std::string::npos;
    }
    for (const std::string& l : lower_mentions_[e]) {
      has |= l.find(std::string(title) + " ") != std::string::npos;
    }
    for (const auto& [who, t] : titles_) {
      if (who == static_cast<int>(e) && t == title) has = true;
    }
    if (has) {
      if (best >= 0) return -1;  // ambiguous
      best = static_cast<int>(e);
    }
  }
  (void)at;
  return best;
}

std::vector<int> Extractor::Resolve(const NounPhrase& np, size_t at) const {
  std::vector<int> out;
  if (!np.valid()) return out;
  const Word& head = syn_.word(np.head);
  if (np.pronoun) {
    const std::string& p = head.low;
    if (p == "he"sv || p == "she"sv || p == "him"sv || p == "her"sv || p == "himself"sv) {
      int e = LastEntity(np.first, kRefWindow, &Extractor::PersonLike);
      if (e >= 0) out.push_back(e);
    } else if (p == "they"sv || p == "them"sv || p == "themselves"sv) {
      // A plural phrase with a name earlier in the sentence ("to host Wagner fighters so they
      // could train").
      const size_t sb0 = syn_.SentenceBegin(syn_.word(np.first).sentence);
      for (size_t t = np.first; t > sb0; --t) {
        const Word& x = syn_.word(t - 1);
        if (x.cls != WordClass::kNoun || x.low.size() < 4 || x.low.back() != 's') continue;
        NounPhrase cand = syn_.PhraseEndingAt(t - 1, sb0);
        if (cand.valid() && cand.head == t - 1 && !cand.entities.empty()) {
          bool named_group = false;
          for (int e : cand.entities) named_group |= !PlaceLike(e) && !PersonLike(e);
          if (named_group) return cand.entities;
        }
        break;
      }
      // The subject of the previous clause ("fighters ... as they seized").
      for (auto it = drafts_.rbegin(); it != drafts_.rend(); ++it) {
        if (syn_.word(np.first).sentence - it->ev.sentence > 1) break;
        if (!it->ev.actors.empty() && it->trigger_first < np.first) {
          for (const auto& id : it->ev.actors) {
            for (size_t e = 0; e < g_->entities.size(); ++e) {
              if (g_->entities[e].id == id) out.push_back(static_cast<int>(e));
            }
          }
          return out;
        }
      }
      const size_t sb = syn_.SentenceBegin(syn_.word(np.first).sentence);
      for (size_t v = np.first; v > sb; --v) {
        if (syn_.IsFiniteVerb(v - 1) && syn_.word(v - 1).cls == WordClass::kVerb) {
          auto subj = syn_.Subject(v - 1);
          if (!subj.empty() && subj.front().first < np.first && !subj.front().pronoun) {
            for (const auto& s : subj) {
              for (int e : Resolve(s, at)) out.push_back(e);
            }
            return out;
          }
        }
      }
    }
    return out;
  }
  // Entities in the phrase. A role phrase ("the governor of Belgorod") names its holder, not the
  // place or group in its complement.
  std::string head_low = head.low;
  if (head_low.size() > 3 && head_low.back() == 's') head_low.pop_back();  // "officials"
  const bool head_is_role = IsLeaderNoun(head_low) && head.entity < 0;
  if (head_is_role) {
    const int e = ByTitle(head_low, at);
    if (e >= 0) return {e};
    // "Russian officials", "Ukrainian forces' commander": the nationality or country speaks; an
    // organisation in the complement ("the governor of Belgorod") is not the referent.
    for (size_t k = np.first; k < np.head; ++k) {
      const int x = syn_.word(k).entity;
      if (x >= 0 && (g_->entities[x].type == "group"sv || PlaceLike(x)) &&
          std::find(out.begin(), out.end(), x) == out.end()) {
        out.push_back(x);
      }
    }
    return out;
  }
  if (!np.entities.empty()) return np.entities;
  // "the group", "his group", "the group's fighters": the latest organisation named before.
  for (size_t k = np.first; k < np.last; ++k) {
    if (!IsGroupNoun(syn_.word(k).low)) continue;
    const bool both = k > np.first && syn_.word(k - 1).low == "both"sv;
    const bool def =
        k > np.first && (syn_.word(k - 1).low == "the"sv || syn_.word(k - 1).low == "this"sv ||
                         syn_.word(k - 1).cls == WordClass::kPoss || both);
    if (!def) continue;
    if (both) {
      // "Both groups": the last two organisations named.
      const int s0 = syn_.word(np.first).sentence;
      for (size_t i = np.first; i > 0 && out.size() < 2; --i) {
        const Word& w = syn_.word(i - 1);
        if (s0 - w.sentence > kRefWindow) break;
        if (w.entity >= 0 && OrgLike(w.entity) && !PersonLike(w.entity) &&
            std::find(out.begin(), out.end(), w.entity) == out.end() &&
            (g_->entities[w.entity].kind == "armed_group"sv || actor_count_[w.entity] > 0)) {
          out.push_back(w.entity);
        }
      }
      return out;
    }
    // Prefer an entity that was already an actor, then any organisation.
    int best = -1;
    const int s0 = syn_.word(np.first).sentence;
    for (size_t i = np.first; i > 0; --i) {
      const Word& w = syn_.word(i - 1);
      if (s0 - w.sentence > kRefWindow) break;
      if (w.entity < 0 || !OrgLike(w.entity) || PersonLike(w.entity)) continue;
      if (g_->entities[w.entity].kind == "armed_group"sv || actor_count_[w.entity] > 0) {
        best = w.entity;
        break;
      }
      if (best < 0) best = w.entity;
    }
    if (best >= 0) out.push_back(best);
    break;
  }
  return out;
}

Event Extractor::MakeEvent(std::string_view type, std::string_view subtype, size_t first,
                           size_t last) {
  Event ev;
  ev.type = std::string(type);
  ev.subtype = std::string(subtype);
  const EventTypeInfo* info = FindEventType(type);
  ev.plover = info ? std::string(info->plover) : "OTHER";
  ev.trigger.span = Span{t_.tokens[first].begin, t_.tokens[last - 1].end};
  ev.trigger.text = std::string(t_.OriginalText(ev.trigger.span.start, ev.trigger.span.end));
  ev.sentence = syn_.word(first).sentence;
  ev.trigger.sentence = ev.sentence;
  return ev;
}

void Extractor::AddPlaceFromPhrase(const NounPhrase& np, size_t at, Draft* d) {
  bool any = false;
  for (int e : np.entities) {
    if (PlaceLike(e)) {
      AddUnique(&d->ev.places, PlaceId(e));
      any = true;
    }
  }
  if (any || !np.entities.empty()) return;
  // "in the village", "in the region": the latest place of that kind named before.
  const Word& head = syn_.word(np.head);
  if (!IsPlaceNoun(head.low) || !np.definite) return;
  const int s0 = syn_.word(at).sentence;
  for (size_t i = np.first; i > 0; --i) {
    const Word& w = syn_.word(i - 1);
    if (s0 - w.sentence > kRefWindow) break;
    if (w.entity >= 0 && PlaceLike(w.entity)) {
      AddUnique(&d->ev.places, PlaceId(w.entity));
      return;
    }
  }
}

void Extractor::AddPrepArguments(size_t from, size_t to, const EventTypeInfo& info, bool passive,
                                 Draft* d) {
  for (size_t p = from; p < to; ++p) {
    const Word& w = syn_.word(p);
    if (w.cls != WordClass::kPrep && w.cls != WordClass::kPart) continue;
    if (w.low == "of"sv || w.low == "according"sv) continue;
    size_t q = p + 1;
    if (q < to && syn_.word(q).low == "both"sv) ++q;
    NounPhrase np = syn_.PhraseStartingAt(q, to);
    if (!np.valid()) continue;
    std::vector<NounPhrase> list = syn_.CoordinatedRight(np, to);
    std::vector<int> ents;
    for (const auto& x : list) {
      for (int e : Resolve(x, p)) ents.push_back(e);
    }
    const std::string& pr = w.low;
    const std::string_view type = info.type;
    if (pr == "by"sv) {
      if (passive) {
        for (int e : ents) AddUnique(&d->ev.actors, Id(e));
      }
    } else if (pr == "between"sv || (pr == "with"sv && (info.symmetric || type == "mediate"sv))) {
      for (int e : ents) {
        if (!PlaceLike(e) || !g_->entities[e].linked_place.empty() || type != "clash"sv) {
          AddUnique(&d->ev.targets, Id(e));
        }
      }
    } else if (pr == "with"sv &&
               (syn_.word(np.head).low == "drones"sv || syn_.word(np.head).low == "drone"sv) &&
               type == "attack"sv) {
      d->ev.subtype = "drone_strike";
    } else if (pr == "on"sv || pr == "against"sv || pr == "at"sv) {
      // "on Russian territory", "on Russian soil": a place, not a target.
      if (IsPlaceNoun(syn_.word(np.head).low) || syn_.word(np.head).low == "soil"sv) {
        p = list.back().last - 1;
        continue;
      }
      for (int e : ents) {
        if (PlaceLike(e) && (pr != "against"sv || g_->entities[e].kind != "country"sv)) {
          AddUnique(&d->ev.places, PlaceId(e));
        } else if (type == "attack"sv || type == "sanction"sv || type == "accuse"sv ||
                   type == "threaten"sv || type == "clash"sv || type == "sabotage"sv ||
                   type == "investigate"sv) {
          AddUnique(&d->ev.targets, Id(e));
        }
      }
      for (const auto& x : list) AddPlaceFromPhrase(x, p, d);
    } else if (pr == "from"sv && type == "reward"sv) {
      for (int e : ents) AddUnique(&d->ev.actors, Id(e));
    } else if (pr == "to"sv && !info.motion) {
      if (type == "request"sv || type == "support"sv || type == "threaten"sv) {
        for (int e : ents) AddUnique(&d->ev.targets, Id(e));
      }
    } else if (Syntax::IsLocativePrep(pr)) {
      for (const auto& x : list) AddPlaceFromPhrase(x, p, d);
      if (pr == "to"sv && info.motion) {
        for (int e : ents) {
          if (!PlaceLike(e)) AddUnique(&d->ev.targets, Id(e));
        }
      }
      if (pr == "from"sv && type == "deport"sv) {
        for (int e : ents) {
          if (!PlaceLike(e)) AddUnique(&d->ev.targets, Id(e));
        }
      }
    }
    p = list.back().last - 1;
  }
}

void Extractor::AddDate(size_t trigger, Draft* d) {
  size_t b, e;
  syn_.ClauseBounds(trigger, &b, &e);
  auto usable = [&](int di) {
    const DateExpr& de = g_->dates[di];
    return (de.type == "date"sv || de.type == "time"sv || de.type.empty()) && !de.value.empty() &&
           std::isdigit(static_cast<unsigned char>(de.value[0]));
  };
  int best = -1;
  // Right of the trigger first (English puts the time after the verb), then left.
  for (size_t k = trigger; k < e && best < 0; ++k) {
    if (syn_.word(k).date >= 0 && usable(syn_.word(k).date)) best = syn_.word(k).date;
  }
  for (size_t k = trigger; k > b && best < 0; --k) {
    if (syn_.word(k - 1).date >= 0 && usable(syn_.word(k - 1).date)) best = syn_.word(k - 1).date;
  }
  if (best < 0 && b > syn_.SentenceBegin(syn_.word(trigger).sentence) &&
      (syn_.word(b - 1).cls == WordClass::kComp ||
       (syn_.word(b - 1).cls == WordClass::kSub &&
        (syn_.word(b - 1).low == "as"sv || syn_.word(b - 1).low == "when"sv ||
         syn_.word(b - 1).low == "while"sv || syn_.word(b - 1).low == "so"sv)))) {
    // A complement clause without its own date takes the date of the clause that reports it
    // ("In mid-July, Minsk announced that Wagner had begun training ...").
    AddDate(b - 1, d);
    return;
  }
  if (best >= 0 && !d->ev.date) d->ev.date = g_->dates[best];
}

void Extractor::AddCasualties(size_t trigger, Draft* d) {
  size_t b, e;
  syn_.ClauseBounds(trigger, &b, &e);
  const int s = syn_.word(trigger).sentence;
  const size_t sb = syn_.SentenceBegin(s), se = syn_.SentenceEnd(s);
  (void)sb;
  (void)se;
  std::set<int> seen;
  for (size_t k = b; k < e; ++k) {
    const int qi = syn_.word(k).quantity;
    if (qi < 0 || seen.count(qi)) continue;
    seen.insert(qi);
    const Quantity& q = g_->quantities[qi];
    std::string role = q.role;
    if (role.empty()) {
      if (d->ev.type == "wound"sv) role = "wounded";
      if (d->ev.type == "kill"sv) role = "killed";
      if (d->ev.type == "arrest"sv) role = "detained";
      if (d->ev.type == "evacuate"sv) role = "evacuated";
    }
    if (role.empty()) continue;
    Casualty c;
    c.role = role;
    c.min = q.min ? *q.min : q.value;
    c.max = q.max;
    c.who = q.unit;
    c.quantity = qi;
    d->ev.casualties.push_back(std::move(c));
  }
}

// Object-control verbs: "ordered residents to evacuate" (the residents evacuate).
bool IsObjectControl(std::string_view lemma) {
  static const std::unordered_set<std::string_view> k = {"order",  "ask",  "urge",     "force",
                                                         "allow",  "help", "tell",     "instruct",
                                                         "invite", "call", "encourage"};
  return k.count(lemma) > 0;
}

void Extractor::VerbEvents(int s) {
  const size_t sb = syn_.SentenceBegin(s), se = syn_.SentenceEnd(s);
  for (size_t i = sb; i < se; ++i) {
    const Word& w = syn_.word(i);
    if (!syn_.IsVerbUse(i) || w.cls != WordClass::kVerb) continue;
    const bool passive = syn_.IsPassive(i);
    std::vector<NounPhrase> obj = passive ? std::vector<NounPhrase>{} : syn_.Object(i);
    // "denied the facilities were ...": a phrase followed by a finite verb starts a clause.
    if (!obj.empty()) {
      size_t after = obj.back().last;
      while (after < se && syn_.word(after).cls == WordClass::kAdv) ++after;
      if (after < se && (syn_.word(after).cls == WordClass::kAux ||
                         (syn_.IsFiniteVerb(after) && syn_.word(after).cls == WordClass::kVerb))) {
        obj.clear();
      }
    }
    std::string next = i + 1 < se ? syn_.word(i + 1).low : "";
    const std::string obj_head = obj.empty() ? "" : syn_.word(obj.front().head).low;
    if (!obj.empty() && (w.lemma == "send"sv || w.lemma == "bring"sv || w.lemma == "hand"sv ||
                         w.lemma == "blow"sv || w.lemma == "take"sv)) {
      // "sent 32 mercenaries from the Wagner company back": the particle after the object.
      size_t cb, ce;
      syn_.ClauseBounds(i, &cb, &ce);
      for (size_t k = obj.back().last; k < ce && k < obj.back().last + 10; ++k) {
        const std::string& l = syn_.word(k).low;
        if (l == "back"sv || l == "home"sv || l == "over"sv || l == "up"sv) {
          next = l;
          break;
        }
      }
    }
    Trigger tr = VerbTrigger(w.lemma, next, obj_head);
    size_t last = i + 1;
    if (w.lemma == "expect"sv && passive && (next == "in"sv || next == "at"sv))
      tr = {"visit", "travel"};
    if (w.lemma == "take"sv && next == "part"sv) tr = {"", ""};
    if (tr.type.empty()) continue;
    if ((tr.type == "deport"sv && tr.subtype == "return"sv) || tr.subtype == "travel"sv) {
      if (next == "back"sv || next == "over"sv || next == "up"sv || next == "to"sv ||
          next == "in"sv) {
        // keep the particle out of the trigger for "to"/"in": they introduce the place
        if ((next == "back"sv || next == "over"sv || next == "up"sv) && i + 1 < se &&
            syn_.word(i + 1).low == next)
          last = i + 2;
      }
    }
    // "claimed the attack" / "claimed responsibility": a claim of responsibility.
    if (w.lemma == "claim"sv) {
      bool event_obj = false;
      for (size_t k = i + 1; k < se && k < i + 6; ++k) {
        if (syn_.word(k).low == "responsibility"sv ||
            !NounTrigger(syn_.word(k).low, syn_.word(k - 1).low).type.empty()) {
          event_obj = true;
          break;
        }
        if (syn_.word(k).cls != WordClass::kDet && syn_.word(k).cls != WordClass::kAdj &&
            !syn_.IsNounish(k))
          break;
      }
      if (!event_obj) continue;
      tr = {"claim_responsibility", ""};
    }
    const EventTypeInfo* info = FindEventType(tr.type);
    if (!info) continue;
    Draft d;
    d.ev = MakeEvent(tr.type, tr.subtype, i, last);
    d.trigger_first = i;
    d.trigger_last = last;
    // Subject and object.
    std::vector<NounPhrase> subj = syn_.Subject(i);
    std::vector<int> subj_e, obj_e;
    for (const auto& np : subj) {
      for (int e : Resolve(np, i)) subj_e.push_back(e);
      if (IsPejorativeLabel(syn_.word(np.head).low)) d.pejorative = syn_.word(np.head).low;
    }
    for (const auto& np : obj) {
      for (int e : Resolve(np, i)) obj_e.push_back(e);
      if (IsPejorativeLabel(syn_.word(np.head).low)) d.pejorative = syn_.word(np.head).low;
      d.object_np = np;
    }
    if (!subj.empty() && tr.type == "attack"sv && tr.subtype.empty()) {
      const std::string& h = syn_.word(subj.front().head).low;
      if (h == "drones"sv || h == "drone"sv) d.ev.subtype = "drone_strike";
      if (h == "missiles"sv || h == "missile"sv || h == "rockets"sv)
        d.ev.subtype = "missile_strike";
      if (h == "aircraft"sv || h == "jets"sv || h == "planes"sv) d.ev.subtype = "air_strike";
    }
    // Infinitive under an object-control verb: "the governor ordered residents to evacuate".
    size_t gov =
        (i > sb && syn_.word(i - 1).cls == WordClass::kTo) ? syn_.GoverningVerb(i) : SIZE_MAX;
    if (gov != SIZE_MAX && IsObjectControl(syn_.word(gov).lemma)) {
      std::vector<NounPhrase> gobj = syn_.Object(gov);
      std::vector<int> ge;
      for (const auto& np : gobj) {
        for (int e : Resolve(np, gov)) ge.push_back(e);
      }
      if (tr.type == "evacuate"sv || tr.type == "deport"sv || tr.type == "arrest"sv) {
        // The order is the act: the one who orders is the actor, the ordered are the targets.
        obj_e = ge;
      } else if (!gobj.empty()) {
        subj_e = ge;
      }
    }
    // Gerund after "accuse X of / for": X is the doer.
    if (w.form == VerbForm::kGerund && i > sb && syn_.word(i - 1).cls == WordClass::kPrep) {
      size_t g = syn_.GoverningVerb(i);
      if (g != SIZE_MAX && (syn_.word(g).lemma == "accuse"sv || syn_.word(g).lemma == "blame"sv ||
                            syn_.word(g).lemma == "charge"sv || syn_.word(g).lemma == "suspect"sv ||
                            syn_.word(g).lemma == "condemn"sv)) {
        subj_e.clear();
        for (const auto& np : syn_.Object(g)) {
          for (int e : Resolve(np, g)) subj_e.push_back(e);
        }
      }
    }
    const bool as_passive = passive && w.lemma != "expect"sv;  // "X is expected in Moscow"
    std::vector<int>& doers = as_passive ? obj_e : subj_e;
    std::vector<int>& patients = as_passive ? subj_e : obj_e;
    for (int e : doers) AddUnique(&d.ev.actors, Id(e));
    if (!subj.empty() && !NounTrigger(syn_.word(subj.front().head).low, "").type.empty()) {
      d.subject_event = subj.front().head;
    }
    for (int e : patients) {
      const std::string& kind = g_->entities[e].kind;
      if (tr.type == "seize"sv && !PersonLike(e) && g_->entities[e].type != "person"sv &&
          (fallback_ || PlaceLike(e) || kind == "other"sv || kind.empty())) {
        AddUnique(&d.ev.places, PlaceId(e));
      } else if (PlaceLike(e) && (info->motion || tr.type == "seize"sv || tr.type == "attack"sv ||
                                  tr.type == "visit"sv)) {
        AddUnique(&d.ev.places, PlaceId(e));
        if (tr.type == "visit"sv && !g_->entities[e].linked_place.empty()) {
          // a capital visited is a place, not its government
        }
      } else {
        AddUnique(&d.ev.targets, Id(e));
      }
    }
    // The events of the nominal type in the object ("requested the extradition") are not
    // facts; neither is anything under a request. Prepositional phrases of the clause.
    size_t b, e;
    syn_.ClauseBounds(i, &b, &e);
    size_t pp_from = i + 1;
    AddPrepArguments(pp_from, e, *info, passive, &d);
    // Preposed phrases: "In Minsk, police ..." (from the clause start to the subject).
    size_t subj_first = subj.empty() ? i : std::min(subj.back().first, subj.front().first);
    if (subj_first > b) AddPrepArguments(b, subj_first, *info, passive, &d);
    // Aspectual "began training": the preposition phrases of the governing verb too.
    if (w.form == VerbForm::kGerund) {
      size_t g = syn_.GoverningVerb(i);
      if (g != SIZE_MAX && IsAspectualVerb(syn_.word(g).lemma))
        AddPrepArguments(g + 1, i, *info, false, &d);
    }
    AddDate(i, &d);
    InheritPlaces(i, &d);
    AddCasualties(i, &d);
    drafts_.push_back(std::move(d));
  }
}

void Extractor::InheritPlaces(size_t trigger, Draft* d) {
  // A purpose or time clause without a place of its own happens where its main clause does
  // ("a camp in the Asipovichy district was offered ... so they could train ...").
  if (!d->ev.places.empty()) return;
  size_t b, e;
  syn_.ClauseBounds(trigger, &b, &e);
  const size_t sb = syn_.SentenceBegin(syn_.word(trigger).sentence);
  if (b <= sb || syn_.word(b - 1).cls != WordClass::kSub) return;
  const std::string& sub = syn_.word(b - 1).low;
  if (sub != "so"sv && sub != "as"sv && sub != "when"sv && sub != "while"sv) return;
  size_t b2, e2;
  syn_.ClauseBounds(b - 2 >= sb ? b - 2 : sb, &b2, &e2);
  for (size_t p = b2; p + 1 < b - 1; ++p) {
    if (syn_.word(p).cls != WordClass::kPrep || !Syntax::IsLocativePrep(syn_.word(p).low)) continue;
    NounPhrase np = syn_.PhraseStartingAt(p + 1, b - 1);
    if (np.valid()) AddPlaceFromPhrase(np, p, d);
  }
}

void Extractor::NominalEvents(int s) {
  const size_t sb = syn_.SentenceBegin(s), se = syn_.SentenceEnd(s);
  for (size_t i = sb; i < se; ++i) {
    const Word& w = syn_.word(i);
    if (w.entity >= 0 || w.date >= 0) continue;
    if (!(w.cls == WordClass::kNoun || (w.cls == WordClass::kProper && i == sb) ||
          (w.cls == WordClass::kVerb && w.form == VerbForm::kGerund && i > sb &&
           syn_.word(i - 1).cls == WordClass::kDet)))
      continue;
    const std::string prev = i > sb ? syn_.word(i - 1).low : "";
    Trigger tr = NounTrigger(w.low, prev);
    if (tr.type.empty()) continue;
    // A noun modifying another noun is not an event ("attack helicopters", "training camp").
    if (i + 1 < se && (syn_.word(i + 1).cls == WordClass::kNoun) &&
        NounTrigger(syn_.word(i + 1).low, w.low).type.empty() && syn_.word(i + 1).quantity < 0)
      continue;
    const EventTypeInfo* info = FindEventType(tr.type);
    if (!info) continue;
    Draft d;
    size_t first = i;
    if (prev == "drone"sv || prev == "air"sv || prev == "missile"sv || prev == "artillery"sv ||
        prev == "rocket"sv || prev == "train"sv)
      first = i - 1;
    d.ev = MakeEvent(tr.type, tr.subtype, first, i + 1);
    if (prev == "train"sv && tr.type == "sabotage"sv) d.ev.subtype = "derailment";
    d.nominal = true;
    d.trigger_first = first;
    d.trigger_last = i + 1;
    NounPhrase np = syn_.PhraseEndingAt(i, sb);
    {
      // Anaphoric only with an article or demonstrative right before ("the attack", "this
      // move"), not with a possessive ("its invasion").
      size_t k0 = first;
      while (k0 > sb &&
             (syn_.word(k0 - 1).cls == WordClass::kAdj ||
              (syn_.word(k0 - 1).cls == WordClass::kNoun && syn_.word(k0 - 1).entity < 0)))
        --k0;
      const std::string& det = k0 > sb ? syn_.word(k0 - 1).low : "";
      d.definite = det == "the"sv || det == "this"sv || det == "that"sv || det == "these"sv ||
                   det == "those"sv;
    }
    // Premodifiers and possessors: "the Wagner mutiny", "Ukrainian drone strikes", "Navalny's
    // arrest".
    const bool patient_type = tr.type == "arrest"sv || tr.type == "sentence"sv ||
                              tr.type == "deport"sv || tr.type == "evacuate"sv ||
                              tr.type == "kill"sv || tr.type == "wound"sv;
    if (np.valid()) {
      for (size_t k = np.first; k < i; ++k) {
        const int e = syn_.word(k).entity;
        if (e < 0) continue;
        if (PlaceLike(e) && g_->entities[e].type == "place"sv) {
          AddUnique(&d.ev.places, PlaceId(e));
        } else if (patient_type) {
          AddUnique(&d.ev.targets, Id(e));
        } else {
          AddUnique(&d.ev.actors, Id(e));
        }
      }
      if (np.first < i && syn_.word(np.first).cls == WordClass::kPoss &&
          syn_.word(np.first).low != "'s"sv) {
        NounPhrase pr;
        pr.first = np.first;
        pr.last = np.first + 1;
        pr.head = np.first;
        pr.pronoun = true;
        // "his group" etc. are handled by Resolve; a bare possessive pronoun names a person.
        std::string l = syn_.word(np.first).low;
        if (l == "his"sv || l == "her"sv) {
          int e = LastEntity(np.first, kRefWindow, &Extractor::PersonLike);
          if (e >= 0) AddUnique(patient_type ? &d.ev.targets : &d.ev.actors, Id(e));
        }
      }
    }
    if (i > sb && syn_.word(i - 1).cls == WordClass::kPrep && syn_.word(i - 1).low != "of"sv &&
        w.low.size() > 3 && w.low.substr(w.low.size() - 3) == "ing"sv) {
      size_t g = syn_.GoverningVerb(i);
      if (g != SIZE_MAX) {
        for (const auto& x : syn_.Subject(g)) {
          for (int e : Resolve(x, g)) AddUnique(&d.ev.actors, Id(e));
        }
      }
    }
    // "Minsk and other cities, which are the scene of protests": the scene is the place.
    if (i >= sb + 4 && syn_.word(i - 1).low == "of"sv && syn_.word(i - 2).low == "scene"sv) {
      // The subject of "is / are the scene of": the names before the verb (and its relative
      // pronoun), back to the preposition or verb that governs them.
      size_t v = i - 2;
      while (v > sb && syn_.word(v - 1).cls != WordClass::kAux) --v;
      size_t t = v > sb ? v - 1 : sb;
      for (size_t steps = 0; t > sb && steps < 14; ++steps) {
        const Word& x = syn_.word(t - 1);
        if (syn_.IsVerbUse(t - 1) || x.cls == WordClass::kSub || x.cls == WordClass::kComp) break;
        if (x.entity >= 0 && PlaceLike(x.entity)) AddUnique(&d.ev.places, PlaceId(x.entity));
        --t;
      }
    }
    // The prepositional chain after the noun: "the attack on the border post", "negotiations
    // between the Kremlin and Prigozhin", "the extradition of the mercenaries", "protests in
    // Minsk".
    size_t k = i + 1;
    while (k < se) {
      const Word& p = syn_.word(k);
      if (p.low == "."sv && k + 1 < se && !syn_.word(k + 1).cap &&
          syn_.word(k + 1).cls == WordClass::kPrep) {
        ++k;  // a stray full stop before a lower-case continuation ("protests. since August 9")
        continue;
      }
      if (syn_.word(k).date >= 0) {
        if (!d.ev.date) {
          const DateExpr& de = g_->dates[syn_.word(k).date];
          if ((de.type == "date"sv || de.type == "time"sv) && !de.value.empty() &&
              std::isdigit(static_cast<unsigned char>(de.value[0])))
            d.ev.date = de;
        }
        ++k;
        continue;
      }
      if (p.cls != WordClass::kPrep) break;
      size_t q = k + 1;
      if (q < se && syn_.word(q).low == "both"sv) ++q;
      if (q < se && syn_.word(q).date >= 0) {
        k = q;
        continue;
      }
      NounPhrase arg = syn_.PhraseStartingAt(q, se);
      if (!arg.valid()) break;
      std::vector<NounPhrase> list = syn_.CoordinatedRight(arg, se);
      std::vector<int> ents;
      for (const auto& x : list) {
        for (int e : Resolve(x, k)) ents.push_back(e);
        if (IsPejorativeLabel(syn_.word(x.head).low)) d.pejorative = syn_.word(x.head).low;
      }
      const std::string& pr = p.low;
      if (pr == "by"sv) {
        for (int e : ents) AddUnique(&d.ev.actors, Id(e));
      } else if (pr == "of"sv) {
        for (int e : ents) {
          if (PlaceLike(e) && (tr.type == "seize"sv || tr.type == "attack"sv)) {
            AddUnique(&d.ev.places, PlaceId(e));
          } else if (patient_type || tr.type == "seize"sv) {
            AddUnique(&d.ev.targets, Id(e));
          } else {
            AddUnique(&d.ev.actors, Id(e));
          }
        }
      } else if (pr == "between"sv || pr == "with"sv) {
        for (int e : ents) AddUnique(&d.ev.targets, Id(e));
      } else if (pr == "from"sv && tr.type == "reward"sv) {
        for (int e : ents) AddUnique(&d.ev.actors, Id(e));
      } else if ((pr == "on"sv || pr == "against"sv) &&
                 (IsPlaceNoun(syn_.word(arg.head).low) || syn_.word(arg.head).low == "soil"sv)) {
        // "clashes on Russian territory": the territory is a place, its adjective no target
      } else if (pr == "on"sv || pr == "against"sv) {
        for (int e : ents) {
          if (PlaceLike(e)) {
            AddUnique(&d.ev.places, PlaceId(e));
          } else {
            AddUnique(&d.ev.targets, Id(e));
          }
        }
        for (const auto& x : list) AddPlaceFromPhrase(x, k, &d);
      } else if (Syntax::IsLocativePrep(pr)) {
        for (const auto& x : list) AddPlaceFromPhrase(x, k, &d);
      } else if (pr != "for"sv && pr != "to"sv && pr != "since"sv && pr != "after"sv &&
                 pr != "during"sv) {
        break;
      }
      k = list.back().last;
    }
    // The noun's place in the clause: object of a support verb ("took part in a meeting",
    // "launched an attack", "received a reward"), subject of an aspectual or passive claim verb.
    size_t left = np.valid() ? np.first : i;
    size_t v = SIZE_MAX;
    if (left > sb && syn_.IsVerbUse(left - 1)) v = left - 1;
    if (left > sb + 1 && syn_.word(left - 1).cls == WordClass::kPrep &&
        syn_.word(left - 1).low == "in"sv && syn_.word(left - 2).low == "part"sv && left > sb + 2 &&
        syn_.IsVerbUse(left - 3)) {
      v = left - 3;  // "took part in"
    }
    if (v != SIZE_MAX && (IsSupportVerb(syn_.word(v).lemma) || syn_.word(v).lemma == "take"sv)) {
      std::vector<int> se_;
      for (const auto& x : syn_.Subject(v)) {
        for (int e : Resolve(x, v)) se_.push_back(e);
      }
      for (int e : se_) {
        AddUnique(syn_.word(v).lemma == "receive"sv ? &d.ev.targets : &d.ev.actors, Id(e));
      }
      AddDate(v, &d);
      size_t b, e;
      syn_.ClauseBounds(v, &b, &e);
      AddPrepArguments(k, e, *info, false, &d);
    }
    // Subject of a verb: "Clashes started in Belgorod on Monday", "The attack ... was claimed by".
    size_t after = np.valid() ? std::max(k, np.last) : k;
    while (after < se &&
           (syn_.word(after).cls == WordClass::kAdv || syn_.word(after).cls == WordClass::kAux))
      ++after;
    if (np.valid() && after < se && syn_.IsVerbUse(after)) {
      const Word& verb = syn_.word(after);
      if (IsAspectualVerb(verb.lemma)) {
        size_t b, e;
        syn_.ClauseBounds(after, &b, &e);
        AddPrepArguments(after + 1, e, *info, false, &d);
        AddDate(after, &d);
      }
    }
    if (!d.ev.date) {
      // A nominal's own clause date only if the noun is the clause's topic (subject position).
      size_t b, e;
      syn_.ClauseBounds(i, &b, &e);
      if (b + 3 >= np.first) AddDate(i, &d);
    }
    AddCasualties(i, &d);
    drafts_.push_back(std::move(d));
  }
}

void Extractor::ResponsibilityEvents(int s) {
  // "The attack on the border post was claimed by X and Y": X and Y claim responsibility, and the
  // attack's actors are X and Y according to them. "his group was responsible for X".
  const size_t sb = syn_.SentenceBegin(s), se = syn_.SentenceEnd(s);
  for (size_t i = sb; i < se; ++i) {
    const Word& w = syn_.word(i);
    const bool claimed_passive = w.lemma == "claim"sv && syn_.IsPassive(i);
    const bool responsible =
        w.low == "responsible"sv && i + 1 < se && syn_.word(i + 1).low == "for"sv;
    if (!claimed_passive && !responsible) continue;
    std::vector<int> claimers;
    Draft* claimed = nullptr;
    if (claimed_passive) {
      size_t b, e;
      syn_.ClauseBounds(i, &b, &e);
      for (size_t p = i + 1; p < e; ++p) {
        if (syn_.word(p).low != "by"sv) continue;
        NounPhrase np = syn_.PhraseStartingAt(p + 1, se);
        if (!np.valid()) break;
        for (const auto& x : syn_.CoordinatedRight(np, se)) {
          for (int en : Resolve(x, p)) claimers.push_back(en);
        }
        break;
      }
      // The subject is the claimed event.
      for (auto& d : drafts_) {
        if (d.nominal && d.ev.sentence == s && d.trigger_first < i) claimed = &d;
      }
    } else {
      size_t k = i;
      while (k > sb &&
             (syn_.word(k - 1).cls == WordClass::kAux || syn_.word(k - 1).cls == WordClass::kAdv))
        --k;
      if (k > sb) {
        NounPhrase np = syn_.PhraseEndingAt(k - 1, sb);
        if (np.valid()) {
          for (int en : Resolve(np, k - 1)) claimers.push_back(en);
        }
      }
      for (auto& d : drafts_) {
        if (d.nominal && d.ev.sentence == s && d.trigger_first > i && !claimed) claimed = &d;
      }
    }
    if (claimers.empty()) continue;
    Draft c;
    c.ev = MakeEvent("claim_responsibility", "", i, i + 1);
    c.trigger_first = i;
    c.trigger_last = i + 1;
    for (int en : claimers) AddUnique(&c.ev.actors, Id(en));
    if (claimed) {
      claimed->ev.actors.clear();
      for (int en : claimers) AddUnique(&claimed->ev.actors, Id(en));
      claimed->ev.attribution.source = Id(claimers.front());
      claimed->ev.attribution.source_text = g_->entities[claimers.front()].name;
      claimed->ev.attribution.status = "claimed";
      claimed->ev.attribution.cue = w.low;
      c.ev.places = claimed->ev.places;
      c.ev.date = claimed->ev.date;
    }
    drafts_.push_back(std::move(c));
  }
}

Draft* Extractor::Antecedent(const Draft& d) {
  auto compatible = [&](const std::string& a, const std::string& b) {
    if (a == b) return true;
    static const std::set<std::string> violent = {"attack", "clash", "sabotage"};
    return violent.count(a) && violent.count(b);
  };
  for (auto it = drafts_.rbegin(); it != drafts_.rend(); ++it) {
    if (&*it == &d || it->drop) continue;
    if (d.ev.sentence - it->ev.sentence > kRefWindow) break;
    if (it->ev.sentence >= d.ev.sentence) continue;
    if (!compatible(it->ev.type, d.ev.type)) continue;
    if (d.ev.date && it->ev.date && d.ev.date->value != it->ev.date->value) continue;
    bool conflict = false;
    for (const auto& a : d.ev.actors) {
      if (!it->ev.actors.empty() && !Contains(it->ev.actors, a) && d.ev.attribution.status.empty())
        conflict = true;
    }
    if (conflict) continue;
    return &*it;
  }
  return nullptr;
}

void Extractor::Attribute(Draft* d) {
  Attribution& a = d->ev.attribution;
  if (a.status.empty()) {
    const AttributionScope* best = nullptr;
    for (const auto& sc : scopes_) {
      if (d->trigger_first >= sc.begin && d->trigger_first < sc.end) {
        if (!best || sc.end - sc.begin < best->end - best->begin) best = &sc;
      }
    }
    a.status = "asserted";
    if (best) {
      a.status = best->status;
      a.cue = best->cue_text;
      if (best->source.valid()) {
        const int src = scope_source_[best - scopes_.data()];
        a.source_text = PhraseText(best->source);
        if (src >= 0) {
          a.source = Id(src);
          a.source_text = g_->entities[src].name;
        }
      }
      if (a.source.empty() && a.source_text.empty()) a.source_text = "unnamed source";
    }
  }
  {
    // A question in the article's own voice asserts nothing ("Have you had a chance to meet X?").
    const int s = d->ev.sentence;
    const size_t last = syn_.SentenceEnd(s);
    if (a.source.empty() && a.source_text.empty() && last > syn_.SentenceBegin(s) &&
        syn_.word(last - 1).low == "?"sv) {
      d->drop = true;
      return;
    }
  }
  ClauseStatus cs = HedgeOfClause(syn_, d->trigger_first);
  if (cs.status == "negated"sv) {
    if (a.source.empty() && a.source_text.empty()) {
      d->drop = true;  // the article says it did not happen: no event
      return;
    }
    a.status = "denied";
    a.cue = cs.cue;
  } else if (!cs.status.empty() && a.status != "denied"sv) {
    a.status = cs.status;
    a.cue = cs.cue;
  }
  if (a.status == "asserted"sv || a.status == "claimed"sv) {
    const int s = d->ev.sentence;
    for (int k = s; k <= s + 1 && k < static_cast<int>(t_.sentences.size()); ++k) {
      std::string cue;
      int about = -1;
      if (UnconfirmedSentence(syn_, k, &cue, &about) && about < 0 &&
          (k == s || t_.sentences[k].begin - t_.sentences[s].end < 400)) {
        a.status = "unconfirmed";
        a.cue = cue;
      }
    }
  }
  if (d->ev.date && d->ev.date->resolved && !g_->reference_date.empty() &&
      !d->ev.date->interval_start.empty() && d->ev.date->interval_start > g_->reference_date &&
      (a.status == "asserted"sv || a.status == "claimed"sv)) {
    a.status = "planned";
    a.cue = d->ev.date->text;
  }
}

void Extractor::Finish() {
  // Definite nominal events that refer back to an earlier event of the same kind add their
  // arguments to it instead of being a second event ("the attack on the border post").
  for (auto& d : drafts_) {
    if (!d.nominal || !d.definite) continue;
    Draft* ant = Antecedent(d);
    if (!ant) continue;
    d.merged_into = static_cast<int>(ant - drafts_.data());
    for (const auto& x : d.ev.actors) AddUnique(&ant->ev.actors, x);
    for (const auto& x : d.ev.targets) AddUnique(&ant->ev.targets, x);
    for (const auto& x : d.ev.places) AddUnique(&ant->ev.places, x);
    if (!ant->ev.date && d.ev.date) ant->ev.date = d.ev.date;
    if (!d.ev.attribution.status.empty() && ant->ev.attribution.status.empty()) {
      ant->ev.attribution = d.ev.attribution;
    }
    if (!d.ev.actors.empty() && d.ev.attribution.status == "claimed"sv) {
      ant->ev.attribution = d.ev.attribution;
    }
    // A claim of responsibility for the nominal now points at the antecedent's time and place.
    for (auto& c : drafts_) {
      if (c.ev.type == "claim_responsibility"sv && c.ev.sentence == d.ev.sentence) {
        if (c.ev.places.empty()) c.ev.places = ant->ev.places;
        if (!c.ev.date) c.ev.date = ant->ev.date;
      }
    }
    d.drop = true;
  }
  // An event whose subject names another event ("the fighting that has wounded civilians")
  // happens where and when that event does.
  for (auto& d : drafts_) {
    if (d.drop || d.subject_event == SIZE_MAX) continue;
    for (const auto& x : drafts_) {
      if (x.nominal && x.trigger_last == d.subject_event + 1) {
        const Draft& src = x.merged_into >= 0 ? drafts_[x.merged_into] : x;
        if (d.ev.places.empty()) d.ev.places = src.ev.places;
        if (!d.ev.date) d.ev.date = src.ev.date;
        break;
      }
    }
  }
  // An administrative act without a place applies where its author governs ("the governor of
  // Belgorod ordered residents to evacuate").
  for (auto& d : drafts_) {
    if (d.drop || !d.ev.places.empty() || (d.ev.type != "evacuate"sv && d.ev.type != "legislate"sv))
      continue;
    for (const RoleFact& r : roles_) {
      if (r.of >= 0 && PlaceLike(r.of) && Contains(d.ev.actors, Id(r.holder))) {
        AddUnique(&d.ev.places, PlaceId(r.of));
      }
    }
  }
  // The same kind of event told again a sentence or two later without its place keeps the place
  // ("... so they could train Belarus's armed forces. Wagner had begun training ...").
  for (size_t k = 0; k < drafts_.size(); ++k) {
    Draft& d = drafts_[k];
    if (d.drop || !d.ev.places.empty()) continue;
    for (size_t j = k; j > 0; --j) {
      const Draft& p = drafts_[j - 1];
      if (d.ev.sentence - p.ev.sentence > 2) break;
      if (p.drop || p.ev.type != d.ev.type || p.ev.sentence == d.ev.sentence) continue;
      bool shared = false;
      for (const auto& x : d.ev.actors) shared |= Contains(p.ev.actors, x);
      for (const auto& x : d.ev.targets) shared |= Contains(p.ev.targets, x);
      if (shared) d.ev.places = p.ev.places;
      break;
    }
  }
  for (auto& d : drafts_) {
    if (d.drop) continue;
    Attribute(&d);
  }
  // "The FT could not confirm Nikitin's claims": the claims of that source nearby.
  for (size_t s = 0; s < t_.sentences.size(); ++s) {
    std::string cue;
    int about = -1;
    if (!UnconfirmedSentence(syn_, static_cast<int>(s), &cue, &about) || about < 0) continue;
    for (auto& d : drafts_) {
      if (d.drop || d.ev.attribution.source != Id(about)) continue;
      if (static_cast<int>(s) - d.ev.sentence < 0 || static_cast<int>(s) - d.ev.sentence > 4)
        continue;
      d.ev.attribution.status = "unconfirmed";
      d.ev.attribution.cue = cue;
    }
  }
  // A named source's claim that someone else did something hostile, or that involves people it
  // labels "extremists", is an accusation by that source.
  std::vector<Draft> extra;
  static const std::set<std::string> hostile = {"attack", "sabotage", "clash", "kill",    "wound",
                                                "seize",  "mutiny",   "arm",   "recruit", "deploy"};
  for (auto& d : drafts_) {
    if (d.drop || d.ev.attribution.status != "claimed"sv || d.ev.attribution.source.empty())
      continue;
    if (d.ev.type == "accuse"sv || d.ev.type == "deny"sv || d.ev.type == "claim_responsibility"sv)
      continue;
    if (Contains(d.ev.actors, d.ev.attribution.source)) continue;
    if (!d.pejorative.empty()) {
      // labelling people "extremists" is an accusation whoever is named
    } else if (!hostile.count(d.ev.type) || d.ev.actors.empty()) {
      continue;
    }
    // A leader or spokesperson speaking of their own group's deeds is claiming, not accusing.
    bool own = false;
    for (const RoleFact& r : roles_) {
      if (r.of >= 0 && Id(r.holder) == d.ev.attribution.source && Contains(d.ev.actors, Id(r.of)))
        own = true;
    }
    if (own) continue;
    // An explicit accusation by the same source in the sentence already says it.
    bool explicit_accuse = false;
    for (const auto& x : drafts_) {
      explicit_accuse |= !x.drop && x.ev.type == "accuse"sv && x.ev.sentence == d.ev.sentence &&
                         Contains(x.ev.actors, d.ev.attribution.source);
    }
    if (explicit_accuse) continue;
    Draft a;
    a.ev = d.ev;
    a.ev.type = "accuse";
    a.ev.subtype = "allegation";
    a.ev.plover = "ACCUSE";
    a.ev.actors = {d.ev.attribution.source};
    a.ev.targets = d.ev.actors;
    a.ev.casualties.clear();
    // Places named anywhere in the claimed statement.
    for (const auto& sc : scopes_) {
      if (d.trigger_first < sc.begin || d.trigger_first >= sc.end) continue;
      for (size_t k = sc.begin; k < sc.end; ++k) {
        if (syn_.word(k).sentence != d.ev.sentence) continue;
        if (syn_.word(k).entity >= 0 && PlaceLike(syn_.word(k).entity)) {
          AddUnique(&a.ev.places, PlaceId(syn_.word(k).entity));
        }
      }
    }
    a.trigger_first = d.trigger_first;
    a.trigger_last = d.trigger_last;
    extra.push_back(std::move(a));
  }
  for (auto& x : extra) drafts_.push_back(std::move(x));

  int n = 0;
  std::set<std::tuple<std::string, uint32_t>> seen;
  std::map<std::string, int> seen_text;
  for (auto& d : drafts_) {
    if (d.drop) continue;
    Event& ev = d.ev;
    // No event whose actor is its own target; a place that is a participant is not its place.
    std::vector<std::string> targets;
    for (const auto& x : ev.targets) {
      if (!Contains(ev.actors, x)) targets.push_back(x);
    }
    ev.targets = std::move(targets);
    std::vector<std::string> places;
    for (const auto& x : ev.places) {
      if (!Contains(ev.actors, x) && !Contains(ev.targets, x)) places.push_back(x);
    }
    ev.places = std::move(places);
    const bool has_args =
        !ev.actors.empty() || !ev.targets.empty() || !ev.places.empty() || !ev.casualties.empty();
    if (!has_args && !(ev.date && !d.nominal)) continue;
    // Statements need their speaker.
    if ((ev.type == "accuse"sv || ev.type == "deny"sv || ev.type == "request"sv ||
         ev.type == "threaten"sv || ev.type == "support"sv || ev.type == "claim_responsibility"sv ||
         ev.type == "legislate"sv || ev.type == "reward"sv) &&
        ev.actors.empty() && ev.targets.empty())
      continue;
    if (!seen.insert({ev.type, ev.trigger.span.start}).second) continue;
    {
      // The same sentence repeated (photo captions) gives the same event once.
      std::string key = ev.type + "\t" + ev.trigger.text;
      for (const auto* v : {&ev.actors, &ev.targets, &ev.places}) {
        key += "\t";
        for (const auto& x : *v) key += x + ",";
      }
      const int sent = ev.sentence;
      auto it = seen_text.find(key);
      if (it != seen_text.end() && sent - it->second <= 2) continue;
      seen_text[key] = sent;
    }
    ev.id = "v" + std::to_string(++n);
    for (const auto& id : ev.actors) {
      for (size_t e = 0; e < g_->entities.size(); ++e) {
        if (g_->entities[e].id == id) ++actor_count_[e];
      }
    }
    g_->events.push_back(std::move(ev));
  }
}

void Extractor::Run() {
  ComputePlaceLike();
  titles_ = RoleTitles(syn_, *g_);
  actor_count_.assign(g_->entities.size(), 0);
  scopes_ = FindAttributionScopes(syn_);
  roles_ = FindRoles(syn_, *g_);
  // Speakers in order; "he added" continues the last named speaker.
  int last_speaker = -1, last_speaker_sentence = -100;
  for (const auto& sc : scopes_) {
    int src = -1;
    if (sc.source.valid()) {
      const int sent = syn_.word(sc.cue).sentence;
      if (sc.source.pronoun && last_speaker >= 0 && sent - last_speaker_sentence <= 8 &&
          syn_.word(sc.source.head).low != "they"sv && syn_.word(sc.source.head).low != "we"sv &&
          syn_.word(sc.source.head).low != "i"sv) {
        src = last_speaker;
      } else {
        std::vector<int> r = Resolve(sc.source, sc.cue);
        if (!r.empty()) src = r.front();
      }
      if (src >= 0) {
        last_speaker = src;
        last_speaker_sentence = sent;
      }
    }
    scope_source_.push_back(src);
  }
  for (size_t s = 0; s < t_.sentences.size(); ++s) {
    const size_t before = drafts_.size();
    VerbEvents(static_cast<int>(s));
    NominalEvents(static_cast<int>(s));
    ResponsibilityEvents(static_cast<int>(s));
    // Keep document order inside the sentence.
    std::sort(drafts_.begin() + before, drafts_.end(),
              [](const Draft& a, const Draft& b) { return a.trigger_first < b.trigger_first; });
    for (size_t k = before; k < drafts_.size(); ++k) {
      for (const auto& id : drafts_[k].ev.actors) {
        for (size_t e = 0; e < g_->entities.size(); ++e) {
          if (g_->entities[e].id == id) ++actor_count_[e];
        }
      }
    }
  }
  Finish();
  ExtractRelations(syn_, scopes_, g_);
}

}  // namespace

void ExtractEvents(const text::AnalyzedText& text, const Resources& resources, DocGraph* graph,
                   tag::SharedFeatures* shared) {
  if (text.tokens.empty() || text.sentences.empty()) return;
  Extractor x(text, resources, graph, shared);
  x.Run();
}

}  // namespace mosaic::extract
