#include "extract/relations.h"

#include <algorithm>
#include <set>
#include <unordered_set>

#include "extract/event_lexicon.h"

namespace mosaic::extract {

// Words are compared with literals as string_views ("x"sv): libstdc++ 12's std::string == "x"
// calls memcmp before it compares the lengths, and these rules make millions of such comparisons.
using namespace std::string_view_literals;
namespace {

bool IsLeadTitle(std::string_view t) {
  static const std::unordered_set<std::string_view> k = {
      "leader", "founder", "commander", "head", "chief", "commandant", "boss"};
  return k.count(t) > 0;
}
bool IsSpokesTitle(std::string_view t) {
  return t == "spokesperson"sv || t == "spokesman"sv || t == "spokeswoman"sv;
}
bool IsMemberTitle(std::string_view t) {
  static const std::unordered_set<std::string_view> k = {
      "member",  "fighter", "officer",    "official", "analyst", "researcher", "journalist",
      "adviser", "advisor", "instructor", "teacher",  "soldier", "activist",   "deputy"};
  return k.count(t) > 0;
}

// The first entity of a phrase other than `not`.
int FirstEntity(const NounPhrase& np, int not_e) {
  for (int e : np.entities) {
    if (e != not_e) return e;
  }
  return -1;
}

// Entity mentions as token ranges: [first, last) of each maximal run with one entity.
struct Run {
  size_t first, last;
  int entity;
};
std::vector<Run> Runs(const Syntax& syn) {
  std::vector<Run> out;
  for (size_t i = 0; i < syn.size();) {
    const int e = syn.word(i).entity;
    if (e < 0) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < syn.size() && syn.word(j).entity == e &&
           syn.word(j).sentence == syn.word(i).sentence)
      ++j;
    out.push_back({i, j, e});
    i = j;
  }
  return out;
}

Span SpanOf(const Syntax& syn, size_t first, size_t last) {
  return Span{syn.text().tokens[first].begin, syn.text().tokens[last - 1].end};
}

}  // namespace

std::vector<RoleFact> FindRoles(const Syntax& syn, const DocGraph& g) {
  std::vector<RoleFact> out;
  for (const Run& r : Runs(syn)) {
    const int s = syn.word(r.first).sentence;
    const size_t sb = syn.SentenceBegin(s), se = syn.SentenceEnd(s);
    // Title inside the name (fallback names) or just before it: "Foreign Minister Sergei Lavrov",
    // "the Wagner Group leader Yevgeny Prigozhin", "Duma defense committee chairman Andrey K.".
    {
      size_t k = r.first;
      std::string title;
      size_t title_at = 0;
      for (size_t q = r.first; q + 1 < r.last; ++q) {
        std::string l = syn.word(q).low;
        if (IsLeaderNoun(l)) {
          title = l;
          title_at = q;
        }
      }
      size_t left = k;
      while (left > sb &&
             (syn.word(left - 1).cls == WordClass::kNoun ||
              syn.word(left - 1).cls == WordClass::kProper ||
              syn.word(left - 1).cls == WordClass::kAdj) &&
             left + 6 > k)
        --left;
      if (title.empty() && k > sb && IsLeaderNoun(syn.word(k - 1).low) &&
          syn.word(k - 1).entity < 0) {
        title = syn.word(k - 1).low;
        title_at = k - 1;
      }
      if (!title.empty()) {
        RoleFact f;
        f.holder = r.entity;
        f.title = title;
        for (size_t q = left; q < title_at; ++q) {
          if (syn.word(q).entity >= 0 && syn.word(q).entity != r.entity) f.of = syn.word(q).entity;
        }
        f.evidence = SpanOf(syn, std::min(left, title_at), r.last);
        f.token = r.first;
        out.push_back(f);
      }
    }
    // Apposition after the name: "Vyacheslav Gladkov, the governor of Belgorod,".
    if (r.last + 1 < se && syn.word(r.last).low == ","sv) {
      NounPhrase np = syn.PhraseStartingAt(r.last + 1, se);
      if (np.valid() && syn.word(np.head).entity < 0 && IsLeaderNoun(syn.word(np.head).low) &&
          (syn.word(r.last + 1).cls == WordClass::kDet ||
           syn.word(r.last + 1).cls == WordClass::kAdj ||
           syn.word(r.last + 1).cls == WordClass::kNoun)) {
        RoleFact f;
        f.holder = r.entity;
        f.title = syn.word(np.head).low;
        size_t end = np.last;
        // "a spokesperson for Ukraine's military intelligence": the "for" complement.
        if (end + 1 < se && (syn.word(end).low == "for"sv || syn.word(end).low == "of"sv)) {
          NounPhrase more = syn.PhraseStartingAt(end + 1, se);
          if (more.valid()) {
            np.entities.insert(np.entities.end(), more.entities.begin(), more.entities.end());
            end = more.last;
          }
        }
        f.of = FirstEntity(np, r.entity);
        f.evidence = SpanOf(syn, r.first, end);
        f.token = r.first;
        out.push_back(f);
      }
    }
    // Apposition before the name: "The Russian Volunteer Corps' leader and founder, Denis
    // Nikitin,", "The commandant of the camp, Aleksey Milchakov,".
    if (r.first > sb + 1 && syn.word(r.first - 1).low == ","sv) {
      NounPhrase np = syn.PhraseEndingAt(r.first - 2, sb);
      if (np.valid()) {
        std::vector<NounPhrase> list = syn.CoordinatedLeft(np, sb);
        for (const auto& x : list) {
          const std::string& h = syn.word(x.head).low;
          if (!IsLeaderNoun(h) || syn.word(x.head).entity >= 0) continue;
          RoleFact f;
          f.holder = r.entity;
          f.title = h;
          f.of = FirstEntity(x, r.entity);
          if (f.of < 0) f.of = FirstEntity(list.back(), r.entity);
          f.evidence = SpanOf(syn, list.back().first, r.last);
          f.token = r.first;
          out.push_back(f);
        }
      }
    }
    // "NAME of ORG": "Yury Tsarik of Minsk's Center for Strategic ... Research".
    if (r.last + 1 < se && syn.word(r.last).low == "of"sv && !syn.word(r.first).low.empty()) {
      NounPhrase np = syn.PhraseStartingAt(r.last + 1, se);
      if (np.valid() && syn.word(np.head).entity >= 0 && syn.word(np.head).entity != r.entity) {
        const Entity& holder = g.entities[r.entity];
        const Entity& org = g.entities[syn.word(np.head).entity];
        if (holder.type != "place"sv && org.type != "place"sv && org.type != "group"sv &&
            holder.type != "organization"sv) {
          RoleFact f;
          f.holder = r.entity;
          f.title = "member";
          f.of = syn.word(np.head).entity;
          f.evidence = SpanOf(syn, r.first, np.last);
          f.token = r.first;
          out.push_back(f);
        }
      }
    }
  }
  return out;
}

std::vector<std::pair<int, std::string>> RoleTitles(const Syntax& syn, const DocGraph& g) {
  std::vector<std::pair<int, std::string>> out;
  for (const RoleFact& f : FindRoles(syn, g)) out.push_back({f.holder, f.title});
  return out;
}

void ExtractRelations(const Syntax& syn, const std::vector<AttributionScope>& scopes, DocGraph* g) {
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  auto attribution = [&](size_t token) {
    Attribution a;
    a.status = "asserted";
    const AttributionScope* best = nullptr;
    for (const auto& sc : scopes) {
      if (token >= sc.begin && token < sc.end &&
          (!best || sc.end - sc.begin < best->end - best->begin)) {
        best = &sc;
      }
    }
    if (best) {
      a.status = best->status;
      a.cue = best->cue_text;
      if (best->source.valid()) {
        int e = FirstEntity(best->source, -1);
        if (e >= 0) {
          a.source = g->entities[e].id;
          a.source_text = g->entities[e].name;
        } else {
          a.source_text =
              std::string(syn.text().OriginalText(syn.text().tokens[best->source.first].begin,
                                                  syn.text().tokens[best->source.last - 1].end));
        }
      }
    }
    return a;
  };
  auto add = [&](const std::string& type, int subj, int obj, Span ev, Attribution a) {
    if (subj < 0 || obj < 0 || subj == obj) return;
    const std::string& s = g->entities[subj].id;
    const std::string& o = g->entities[obj].id;
    if (!seen.insert({type, s, o}).second) return;
    Relation r;
    r.type = type;
    r.subject = s;
    r.object = o;
    r.evidence = ev;
    r.attribution = std::move(a);
    g->relations.push_back(std::move(r));
  };
  auto is_place = [&](int e) {
    const Entity& en = g->entities[e];
    return en.type == "place"sv || en.kind == "country"sv || en.kind == "city"sv ||
           en.kind == "region"sv || en.kind == "village"sv || en.kind == "area"sv;
  };

  for (const RoleFact& f : FindRoles(syn, *g)) {
    if (f.of < 0) continue;
    std::string type;
    if (IsSpokesTitle(f.title)) {
      type = "spokesperson_for";
    } else if (IsLeadTitle(f.title) && !is_place(f.of) && g->entities[f.of].type != "group"sv) {
      type = "leads";
    } else if (IsMemberTitle(f.title) && !is_place(f.of)) {
      type = "member_of";
    } else {
      type = "holds_role";
    }
    add(type, f.holder, f.of, f.evidence, attribution(f.token));
  }

  // Verb and preposition patterns.
  for (size_t i = 0; i < syn.size(); ++i) {
    const Word& w = syn.word(i);
    const int s = w.sentence;
    const size_t se = syn.SentenceEnd(s), sb = syn.SentenceBegin(s);
    std::string type;
    size_t obj_at = SIZE_MAX;
    if ((w.low == "alongside"sv ||
         (w.low == "with"sv && i > sb &&
          (syn.word(i - 1).lemma == "align"sv || syn.word(i - 1).low == "allied"sv ||
           syn.word(i - 1).low == "aligned"sv)))) {
      type = w.low == "alongside"sv ? "fights_alongside" : "allied_with";
      obj_at = i + 1;
    } else if (w.low == "against"sv && i > sb) {
      // "fought ... against Russia": the nearest verb to the left must be a fighting verb.
      for (size_t k = i; k > sb && k + 12 > i; --k) {
        if (syn.IsVerbUse(k - 1)) {
          const std::string& l = syn.word(k - 1).lemma;
          if (l == "fight"sv || l == "battle"sv || l == "struggle"sv || l == "wage"sv ||
              l == "rebel"sv || l == "clash"sv)
            type = "opposes";
          break;
        }
      }
      obj_at = i + 1;
    }
    if (type.empty() || obj_at >= se) continue;
    NounPhrase obj = syn.PhraseStartingAt(obj_at, se);
    if (!obj.valid()) continue;
    // The subject: the verb's subject, or the phrase modified by a participle ("fighters aligned
    // with Ukraine").
    std::vector<NounPhrase> subj;
    for (size_t k = i; k > sb && k + 12 > i; --k) {
      if (syn.word(k - 1).cls == WordClass::kVerb && syn.IsVerbUse(k - 1)) {
        NounPhrase mod;
        if (syn.IsReducedRelative(k - 1, &mod)) {
          subj = {mod};
        } else {
          subj = syn.Subject(k - 1);
        }
        break;
      }
    }
    if (subj.empty()) continue;
    for (const auto& sp : subj) {
      std::vector<int> ses = sp.entities;
      if (ses.empty() && sp.pronoun) continue;
      for (int se_ : ses) {
        for (const auto& op : syn.CoordinatedRight(obj, se)) {
          for (int oe : op.entities) {
            add(type, se_, oe, SpanOf(syn, std::min(sp.first, i), op.last), attribution(i));
          }
        }
      }
    }
  }

  // part_of and located_in from possessives and "in": "RFE/RL's Belarusian Service",
  // "Minsk's Center for ...", "the FSB ... in the village".
  for (size_t i = 1; i + 1 < syn.size(); ++i) {
    const Word& w = syn.word(i);
    if (!(w.low == "'s"sv || w.low == "'"sv)) continue;
    const int a = syn.word(i - 1).entity;
    const int b = syn.word(i + 1).entity;
    if (a < 0 || b < 0 || a == b || syn.word(i + 1).sentence != w.sentence) continue;
    const Entity& ea = g->entities[a];
    const Entity& eb = g->entities[b];
    if (is_place(b) || eb.type == "person"sv) continue;
    if (is_place(a)) {
      add("located_in", b, a, SpanOf(syn, i - 1, i + 2), attribution(i));
    } else if (ea.type == "organization"sv && eb.type == "organization"sv) {
      add("part_of", b, a, SpanOf(syn, i - 1, i + 2), attribution(i));
    }
  }

  // trains / arms_or_funds from events.
  for (const Event& ev : g->events) {
    std::string type;
    if (ev.type == "train"sv) type = "trains";
    if (ev.type == "arm"sv) type = "arms_or_funds";
    if (type.empty()) continue;
    for (const auto& a : ev.actors) {
      for (const auto& t : ev.targets) {
        int ai = -1, ti = -1;
        for (size_t e = 0; e < g->entities.size(); ++e) {
          if (g->entities[e].id == a) ai = static_cast<int>(e);
          if (g->entities[e].id == t) ti = static_cast<int>(e);
        }
        add(type, ai, ti, ev.trigger.span, ev.attribution);
      }
    }
  }
}

}  // namespace mosaic::extract
