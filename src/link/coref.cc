#include "link/coref.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "link/name_keys.h"
#include "link/roles.h"

namespace mosaic::link {
namespace {

// Words that may follow an organisation's core name without changing what it names ("Wagner" =
// "Wagner Group" = "Wagner PMC", "Belsat" = "Belsat TV").
constexpr std::string_view kOrgGenericWords[] = {
    "group",        "pmc",          "corps",      "party",   "movement", "company",
    "co",           "inc",          "ltd",        "tv",      "channel",  "agency",
    "service",      "news",         "foundation", "army",    "brigade",  "battalion",
    "regiment",     "legion",       "front",      "network", "media",    "radio",
    "organization", "organisation", "forces",     "militia", "unit",     "newspaper",
};

bool IsGenericOrgWord(std::string_view w) {
  return std::find(std::begin(kOrgGenericWords), std::end(kOrgGenericWords), w) !=
         std::end(kOrgGenericWords);
}

// A surface form without a possessive ("Putin's", "Corps'") or a leading "the".
std::string CleanForm(std::string_view form) {
  std::string s(form);
  for (std::string_view suffix : {"'s", "\xE2\x80\x99s", "'", "\xE2\x80\x99"}) {
    if (s.size() > suffix.size() + 1 &&
        s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0) {
      s.erase(s.size() - suffix.size());
      break;
    }
  }
  for (std::string_view article : {"the ", "The "}) {
    if (s.size() > article.size() + 1 && s.compare(0, article.size(), article) == 0)
      s.erase(0, article.size());
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == ',' || s.back() == '.')) s.pop_back();
  return s;
}

struct Form {
  size_t entity = 0;  // index into the graph's entities
  std::string type;
  std::string clean;   // CleanForm(name)
  std::string folded;  // LatinFold(clean)
  PersonName person;   // for people
  size_t words = 0;    // words in the person name (given + surname) or the folded form
  uint32_t first = 0;  // first mention's byte offset
};

struct UnionFind {
  std::vector<size_t> parent;
  explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  size_t Find(size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  // The earlier-mentioned root stays the root, so ids follow first mentions.
  void Union(size_t a, size_t b, const std::vector<Form>& forms) {
    a = Find(a);
    b = Find(b);
    if (a == b) return;
    if (forms[b].first < forms[a].first) std::swap(a, b);
    parent[b] = a;
  }
};

bool Actor(const std::string& t) { return t == "organization" || t == "group"; }

// Types two forms may merge across: a surname the tagger typed as an organisation or group still
// belongs to the person ("Milchakov" tagged ORG next to "Alexei Milchakov" tagged PER).
bool TypesCompatible(const Form& a, const Form& b) {
  if (a.type == b.type) return true;
  if (Actor(a.type) && Actor(b.type)) return true;
  return false;
}

// Misspelling tolerance inside one article, by surname skeleton length.
int InDocEdits(size_t length) {
  if (length >= 7) return 2;
  if (length >= 5) return 1;
  return 0;
}

}  // namespace

void ResolveCoreference(const text::AnalyzedText& text, const Resources& resources,
                        DocGraph* graph) {
  (void)resources;
  std::vector<Entity>& ents = graph->entities;
  if (ents.empty()) return;
  std::vector<Form> forms(ents.size());
  for (size_t i = 0; i < ents.size(); ++i) {
    Form& f = forms[i];
    f.entity = i;
    f.type = ents[i].type;
    f.clean = CleanForm(ents[i].name);
    f.folded = LatinFold(f.clean);
    f.first = UINT32_MAX;
    for (const auto& m : ents[i].mentions) f.first = std::min(f.first, m.span.start);
    if (f.type == "person") {
      f.person = ParsePersonName(f.clean);
      f.words = f.person.given.size() + (f.person.surname.empty() ? 0 : 1);
    } else {
      f.words = SplitWords(f.folded).size();
    }
  }
  UnionFind uf(ents.size());

  // 1. Same cleaned form, compatible types ("Putin" / "Putin's", "Wagner" ORG / "Wagner" group).
  std::map<std::string, size_t> by_folded;
  for (size_t i = 0; i < forms.size(); ++i) {
    if (forms[i].folded.empty()) continue;
    std::string key = (forms[i].type == "person"  ? "p\t"
                       : forms[i].type == "place" ? "l\t"
                                                  : "o\t") +
                      forms[i].folded;
    auto [it, fresh] = by_folded.emplace(key, i);
    if (!fresh) uf.Union(it->second, i, forms);
  }

  // 2. Full person names that are spelling variants of one another ("Alexei/Aleksey/Alexey
  //    Milchakov", "Alexander Lukashenko"/"Alyaksandr Lukashenka").
  std::vector<size_t> full, single;
  for (size_t i = 0; i < forms.size(); ++i) {
    if (forms[i].type != "person" || forms[i].person.empty()) continue;
    (forms[i].person.given.empty() ? single : full).push_back(i);
  }
  for (size_t x = 0; x < full.size(); ++x) {
    for (size_t y = x + 1; y < full.size(); ++y) {
      const Form& a = forms[full[x]];
      const Form& b = forms[full[y]];
      NameMatch m = ComparePersonNames(a.person, a.clean, b.person, b.clean);
      if (m.relation == NameRelation::kSame) uf.Union(full[x], full[y], forms);
    }
  }

  // Distinct people known by full name, one representative per cluster.
  auto full_clusters = [&]() {
    std::map<size_t, std::vector<size_t>> by_root;
    for (size_t i : full) by_root[uf.Find(i)].push_back(i);
    return by_root;
  };

  // 3. A one-word person mention (or a one-word organisation/group the tagger mistyped) joins the
  //    one person cluster whose surname it spells, exactly or with small residual edits; several
  //    clusters competing leave it alone.
  auto surname_candidates = [&](const Form& s, int edits) {
    std::set<size_t> roots;
    for (auto& [root, members] : full_clusters()) {
      for (size_t i : members) {
        const PersonName& p = forms[i].person;
        int d = EditDistance(s.person.surname_skeleton, p.surname_skeleton, edits);
        if (d <= edits && !(d > 0 && s.person.feminine != p.feminine)) {
          roots.insert(root);
          break;
        }
      }
    }
    return roots;
  };
  std::vector<size_t> singles = single;
  for (size_t i = 0; i < forms.size(); ++i) {
    // A capitalised one-word organisation or group that is also a person's surname.
    if (Actor(forms[i].type) && forms[i].words == 1 && !LooksLikeAcronym(forms[i].clean)) {
      forms[i].person = ParsePersonName(forms[i].clean);
      singles.push_back(i);
    }
  }
  std::vector<size_t> unresolved;
  for (size_t i : singles) {
    const Form& s = forms[i];
    if (s.person.empty()) continue;
    std::set<size_t> exact =
        surname_candidates(s, AllowedSurnameEdits(s.person.surname_skeleton.size()));
    if (exact.size() == 1) {
      // A mistyped organisation joins a person only on the exact surname skeleton.
      if (s.type != "person" && surname_candidates(s, 0).size() != 1) {
        continue;
      }
      uf.Union(*exact.begin(), i, forms);
    } else if (exact.empty() && s.type == "person") {
      unresolved.push_back(i);
    }
  }

  // 4. Misspellings: a person form whose surname is 1-2 edits (transpositions included) from
  //    exactly one person cluster, when no cluster matches it exactly, joins that cluster. Full
  //    names must agree on the given name.
  for (size_t i : unresolved) {
    const Form& s = forms[i];
    std::set<size_t> near = surname_candidates(s, InDocEdits(s.person.surname_skeleton.size()));
    near.erase(uf.Find(i));
    if (near.size() == 1) uf.Union(*near.begin(), i, forms);
  }
  for (size_t x = 0; x < full.size(); ++x) {
    // Full names with a misspelt surname and the same given name ("Alexey Milchakov"/"Alexey
    // Michalkov"), when no other full name competes.
    const Form& a = forms[full[x]];
    std::vector<size_t> near;
    for (size_t y = 0; y < full.size(); ++y) {
      if (y == x || uf.Find(full[y]) == uf.Find(full[x])) continue;
      const Form& b = forms[full[y]];
      NameMatch m = ComparePersonNames(a.person, a.clean, b.person, b.clean,
                                       InDocEdits(a.person.surname_skeleton.size()));
      if (m.relation == NameRelation::kSame) near.push_back(full[y]);
    }
    if (near.size() == 1) uf.Union(full[x], near[0], forms);
  }

  // 5. Acronym <-> long form, and "Long Form (LF)" in the text.
  for (size_t i = 0; i < forms.size(); ++i) {
    if (forms[i].type == "person" || !LooksLikeAcronym(forms[i].clean)) continue;
    std::string acr;
    for (char c : forms[i].clean) {
      if (c >= 'A' && c <= 'Z') acr.push_back(c);
    }
    std::vector<size_t> longs;
    for (size_t j = 0; j < forms.size(); ++j) {
      if (j == i || forms[j].words < 2 || !TypesCompatible(forms[i], forms[j])) continue;
      if (Acronym(forms[j].clean) == acr) longs.push_back(j);
    }
    std::set<size_t> roots;
    for (size_t j : longs) roots.insert(uf.Find(j));
    if (roots.size() == 1) uf.Union(longs[0], i, forms);
  }
  {
    // Mentions by start offset, to find "(X)" right after a long form.
    std::map<uint32_t, size_t> by_start;
    for (size_t i = 0; i < ents.size(); ++i) {
      for (const auto& m : ents[i].mentions) by_start.emplace(m.span.start, i);
    }
    const std::string& t = graph->doc.text;
    for (size_t i = 0; i < ents.size(); ++i) {
      if (forms[i].type == "person" || forms[i].words < 2) continue;
      for (const auto& m : ents[i].mentions) {
        size_t p = m.span.end;
        while (p < t.size() && t[p] == ' ') ++p;
        if (p >= t.size() || t[p] != '(') continue;
        auto it = by_start.find(static_cast<uint32_t>(p + 1));
        if (it == by_start.end() || it->second == i) continue;
        const Form& inner = forms[it->second];
        // Only when the parenthesis holds exactly that name.
        size_t close = p + 1 + ents[it->second].name.size();
        if (close >= t.size() || t[close] != ')') continue;
        if (!TypesCompatible(forms[i], inner)) continue;
        bool acronym = LooksLikeAcronym(inner.clean) && !inner.clean.empty() &&
                       !forms[i].clean.empty() && inner.clean[0] == forms[i].clean[0];
        bool gloss = inner.type != "place" && inner.words >= 2;  // "Pravy Sektor (Right Sector)"
        if (acronym || gloss) uf.Union(i, it->second, forms);
      }
    }
  }

  // 6. Organisation short form <-> the same name with a generic head ("Wagner" / "Wagner Group").
  for (size_t i = 0; i < forms.size(); ++i) {
    if (!Actor(forms[i].type)) continue;
    std::vector<std::string> wi = SplitWords(forms[i].folded);
    if (wi.size() < 2 || !IsGenericOrgWord(wi.back())) continue;
    std::string core;
    for (size_t k = 0; k + 1 < wi.size(); ++k) core += (k ? " " : "") + wi[k];
    std::vector<size_t> matches;
    for (size_t j = 0; j < forms.size(); ++j) {
      // Organisations only: "Belarusian" (a demonym group) is not "Belarusian Service".
      if (j != i && forms[j].type == "organization" && forms[i].type == "organization" &&
          forms[j].folded == core) {
        matches.push_back(j);
      }
    }
    for (size_t j : matches) uf.Union(i, j, forms);
  }

  // Build the merged entities.
  std::map<size_t, std::vector<size_t>> clusters;
  for (size_t i = 0; i < forms.size(); ++i) clusters[uf.Find(i)].push_back(i);
  std::vector<Entity> merged;
  merged.reserve(clusters.size());
  for (auto& [root, members] : clusters) {
    Entity e;
    // Type: a person if any member is a person known by a full name or the majority is; otherwise
    // the type of the most mentioned form.
    std::map<std::string, size_t> type_votes;
    bool full_person = false;
    for (size_t i : members) {
      type_votes[forms[i].type] += ents[i].mentions.size();
      if (forms[i].type == "person" && forms[i].words >= 2) full_person = true;
    }
    e.type = full_person
                 ? "person"
                 : std::max_element(type_votes.begin(), type_votes.end(), [](auto& a, auto& b) {
                     return a.second < b.second;
                   })->first;
    // Canonical name: the most complete form (most words), then the most frequent, then the first.
    size_t best = members[0];
    auto better = [&](size_t a, size_t b) {
      if (forms[a].type == e.type && forms[b].type != e.type) return true;
      if (forms[a].type != e.type && forms[b].type == e.type) return false;
      if (forms[a].words != forms[b].words) return forms[a].words > forms[b].words;
      if (ents[a].mentions.size() != ents[b].mentions.size())
        return ents[a].mentions.size() > ents[b].mentions.size();
      return forms[a].first < forms[b].first;
    };
    for (size_t i : members) {
      if (better(i, best)) best = i;
    }
    e.name = forms[best].clean.empty() ? ents[best].name : forms[best].clean;
    for (size_t i : members) {
      if (e.kind.empty() || (e.kind == "other" && !ents[i].kind.empty())) {
        if (forms[i].type == e.type) e.kind = ents[i].kind;
      }
      for (auto& m : ents[i].mentions) e.mentions.push_back(std::move(m));
      for (auto& r : ents[i].roles) e.roles.push_back(std::move(r));
      if (!e.geo && ents[i].geo) e.geo = ents[i].geo;
      if (e.linked_place.empty()) e.linked_place = ents[i].linked_place;
    }
    if (e.type != "organization" && e.type != "place") e.kind.clear();
    std::sort(e.mentions.begin(), e.mentions.end(),
              [](const Mention& a, const Mention& b) { return a.span.start < b.span.start; });
    std::set<std::string> seen{e.name};
    for (const auto& m : e.mentions) {
      for (const std::string& alias : {CleanForm(m.text), m.text}) {
        if (!alias.empty() && seen.insert(alias).second && alias == CleanForm(m.text))
          e.aliases.push_back(alias);
      }
    }
    merged.push_back(std::move(e));
  }
  std::sort(merged.begin(), merged.end(), [](const Entity& a, const Entity& b) {
    uint32_t fa = a.mentions.empty() ? UINT32_MAX : a.mentions[0].span.start;
    uint32_t fb = b.mentions.empty() ? UINT32_MAX : b.mentions[0].span.start;
    return fa < fb;
  });
  // Ids are renumbered in order of first mention. Nothing refers to the tagger's ids yet: events,
  // relations and quantities' `of` are filled later in the pipeline.
  for (size_t i = 0; i < merged.size(); ++i) merged[i].id = "e" + std::to_string(i + 1);
  ents = std::move(merged);

  AttachRoles(text, graph);
}

}  // namespace mosaic::link
