#include "link/places.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <string_view>

#include "link/gazetteer.h"
#include "link/translit.h"
#include "util/geo.h"

namespace mosaic::link {
namespace {

enum class Level { kNone, kRegion, kDistrict };

bool In(std::string_view w, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

// Generic words that, after a name, say which level of place is meant (folded, lower case).
Level LevelWord(std::string_view w) {
  if (In(w, {"region", "regions", "oblast", "oblasts", "territory", "krai", "kray", "province",
             "governorate", "voblast", "state", "republic", "prefecture", "autonomous"})) {
    return Level::kRegion;
  }
  if (In(w, {"district", "districts", "raion", "rayon", "county", "parish", "municipality",
             "borough", "township"})) {
    return Level::kDistrict;
  }
  return Level::kNone;
}

// Verbs whose subject, when it is a capital, is the capital's government.
bool IsSpeechOrDecisionVerb(std::string_view w) {
  static const std::set<std::string_view> kVerbs = {
      "said",        "says",         "say",          "claims",     "claimed",    "claim",
      "announced",   "announces",    "announce",     "denied",     "denies",     "deny",
      "accused",     "accuses",      "accuse",       "warned",     "warns",      "warn",
      "insisted",    "insists",      "insist",       "stated",     "responded",  "responds",
      "demanded",    "demands",      "demand",       "decided",    "decides",    "decide",
      "rejected",    "rejects",      "reject",       "condemned",  "condemns",   "condemn",
      "urged",       "urges",        "urge",         "blamed",     "blames",     "blame",
      "ordered",     "orders",       "threatened",   "threatens",  "threaten",   "issued",
      "issues",      "signed",       "signs",        "agreed",     "agrees",     "approved",
      "approves",    "refused",      "refuses",      "sanctioned", "recognized", "recognised",
      "recognizes",  "recognises",   "declared",     "declares",   "vowed",      "vows",
      "pledged",     "pledges",      "promised",     "promises",   "expelled",   "expels",
      "summoned",    "protested",    "imposed",      "imposes",    "retaliated", "alleged",
      "alleges",     "maintains",    "maintained",   "argued",     "argues",     "asserted",
      "asserts",     "confirmed",    "confirms",     "called",     "calls",      "wants",
      "wanted",      "sought",       "seeks",        "backed",     "backs",      "supported",
      "supports",    "opposed",      "opposes",      "welcomed",   "welcomes",   "criticized",
      "criticised",  "criticizes",   "criticises",   "dismissed",  "dismisses",  "retorted",
      "replied",     "acknowledged", "acknowledges", "admitted",   "admits",     "insisting",
      "claiming",    "accusing",     "demanding",    "announcing", "denying",    "warning",
      "threatening", "recalled",     "recalls",      "hopes",      "negotiated", "negotiates",
      "offered",     "offers",       "suspended",    "suspends",   "banned",     "bans",
      "released",    "deployed",     "deploys",      "sent",       "sends",      "exploit",
      "use",         "do",           "respond",      "retaliate",  "block",      "intervene",
      "seek",        "try",          "tried",        "tries",      "consider",   "considers"};
  return kVerbs.count(w) > 0;
}

// Words between a subject and its verb that do not change who acts ("Moscow has also said").
bool IsAuxiliary(std::string_view w) {
  return In(w, {"has",      "have",       "had",        "also",     "now",       "reportedly",
                "then",     "again",      "officially", "later",    "quickly",   "swiftly",
                "already",  "repeatedly", "itself",     "has",      "would",     "will",
                "might",    "may",        "could",      "can",      "must",      "should",
                "did",      "does",       "not",        "never",    "allegedly", "immediately",
                "publicly", "formally",   "previously", "recently", "since",     "long"});
}

// Nouns after "CAPITAL's" that make it the government ("Moscow's decision").
bool IsGovernmentNoun(std::string_view w) {
  return In(w, {"decision",    "position",  "claim",     "claims",   "demands",    "demand",
                "accusations", "support",   "approval",  "backing",  "response",   "statement",
                "policy",      "refusal",   "officials", "envoy",    "ambassador", "government",
                "leadership",  "stance",    "request",   "proposal", "sanctions",  "ultimatum",
                "allegations", "insistence"});
}

// Seats of government that stand for it ("the Kremlin said"): folded name -> the capital's name
// and country, looked up in the gazetteer for the linked place.
struct Seat {
  std::string_view name;  // a view, so that FindSeat compares lengths before bytes
  const char* city;
  const char* country;
};
constexpr Seat kSeats[] = {
    {"kremlin", "Moscow", "RU"},        {"white house", "Washington", "US"},
    {"downing street", "London", "GB"}, {"whitehall", "London", "GB"},
    {"elysee", "Paris", "FR"},          {"elysee palace", "Paris", "FR"},
    {"quai d orsay", "Paris", "FR"},    {"bankova", "Kyiv", "UA"},
    {"zhongnanhai", "Beijing", "CN"},   {"blue house", "Seoul", "KR"},
    {"pentagon", "Washington", "US"},   {"foggy bottom", "Washington", "US"},
    {"chancellery", "Berlin", "DE"},    {"kantei", "Tokyo", "JP"},
};

// Words that name a direction or a political camp far more often than the gazetteer's regions and
// villages of that name ("the West" is not Cameroon's West Region).
bool IsStopName(std::string_view key) {
  return In(key, {"west",      "east",       "north",     "south",    "northwest",
                  "northeast", "southwest",  "southeast", "center",   "centre",
                  "central",   "midwest",    "middle",    "interior", "capital",
                  "homeland",  "motherland", "republic",  "union",    "federation"});
}

// A name of two or more words ending in the word for a state or an empire ("Soviet Union",
// "Ottoman Empire", "Islamic Caliphate") names a polity, not a spot: when the gazetteer does not
// hold it, borrowing a nearby town's point would place it in that town.
bool IsPolityName(std::string_view name) {
  size_t space = name.find_last_of(' ');
  if (space == std::string_view::npos) return false;
  std::string last;
  for (char c : name.substr(space + 1)) {
    last += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return In(last, {"union", "empire", "kingdom", "caliphate", "federation", "confederation",
                   "commonwealth", "sultanate", "emirate", "khanate", "republic", "reich"});
}

// AP-style abbreviations of US states, as US news writes them after a town ("Corbin, Ky."). Only
// the dotted form counts: the bare letters are often another place ("KY" is the Cayman Islands).
constexpr std::pair<const char*, const char*> kUsStateAbbreviations[] = {
    {"Ala.", "Alabama"},        {"Ariz.", "Arizona"},
    {"Ark.", "Arkansas"},       {"Calif.", "California"},
    {"Colo.", "Colorado"},      {"Conn.", "Connecticut"},
    {"Del.", "Delaware"},       {"D.C.", "District of Columbia"},
    {"Fla.", "Florida"},        {"Ga.", "Georgia"},
    {"Ill.", "Illinois"},       {"Ind.", "Indiana"},
    {"Kan.", "Kansas"},         {"Kans.", "Kansas"},
    {"Ky.", "Kentucky"},        {"La.", "Louisiana"},
    {"Md.", "Maryland"},        {"Mass.", "Massachusetts"},
    {"Mich.", "Michigan"},      {"Minn.", "Minnesota"},
    {"Miss.", "Mississippi"},   {"Mo.", "Missouri"},
    {"Mont.", "Montana"},       {"Neb.", "Nebraska"},
    {"Nev.", "Nevada"},         {"N.H.", "New Hampshire"},
    {"N.J.", "New Jersey"},     {"N.M.", "New Mexico"},
    {"N.Y.", "New York"},       {"N.C.", "North Carolina"},
    {"N.D.", "North Dakota"},   {"Okla.", "Oklahoma"},
    {"Ore.", "Oregon"},         {"Pa.", "Pennsylvania"},
    {"R.I.", "Rhode Island"},   {"S.C.", "South Carolina"},
    {"S.D.", "South Dakota"},   {"Tenn.", "Tennessee"},
    {"Tex.", "Texas"},          {"Vt.", "Vermont"},
    {"Va.", "Virginia"},        {"Wash.", "Washington"},
    {"W.Va.", "West Virginia"}, {"Wis.", "Wisconsin"},
    {"Wyo.", "Wyoming"},
};

// The state a mention abbreviates ("Ky.", "W. Va."; the dot may follow the tagged span), or null.
// `cut` is set when the tagger left the first part of a two-part abbreviation outside the span
// ("D-W. Va." tagged as "Va").
const char* UsStateOf(const text::AnalyzedText& t, const Mention& m, bool* cut = nullptr) {
  std::string w;
  for (char c : m.text) {
    if (c != ' ') w.push_back(c);
  }
  if (w.empty() || w.size() > 6) return nullptr;
  if (w.back() != '.' && m.span.end < t.original.size() && t.original[m.span.end] == '.') {
    w.push_back('.');
  }
  std::string_view before = t.original.substr(0, m.span.start);
  while (!before.empty() && before.back() == ' ') before.remove_suffix(1);
  if (before.size() >= 2 && before.substr(before.size() - 2) == "W." &&
      (before.size() == 2 ||
       !std::isalpha(static_cast<unsigned char>(before[before.size() - 3])))) {
    std::string west = "W." + w;
    for (auto [abbr, state] : kUsStateAbbreviations) {
      if (west == abbr) {
        if (cut != nullptr) *cut = true;
        return state;
      }
    }
  }
  for (auto [abbr, state] : kUsStateAbbreviations) {
    if (w == abbr) return state;
  }
  return nullptr;
}

// The state an entity name abbreviates, the final dot optional ("Ky", "W. Va."), or null.
const char* StateOfName(std::string_view name) {
  std::string w;
  for (char c : name) {
    if (c != ' ') w.push_back(c);
  }
  if (w.empty() || w.size() > 6) return nullptr;
  if (w.back() != '.') w.push_back('.');
  for (auto [abbr, state] : kUsStateAbbreviations) {
    if (w == abbr) return state;
  }
  return nullptr;
}

std::string StripArticle(std::string folded) {
  if (folded.rfind("the ", 0) == 0) folded.erase(0, 4);
  return folded;
}

const Seat* FindSeat(std::string_view name) {
  std::string k = StripArticle(FoldKey(name));
  for (const Seat& s : kSeats) {
    if (k == s.name) return &s;
  }
  return nullptr;
}

// Token range [first, last) covering a byte span.
std::pair<size_t, size_t> TokensOf(const text::AnalyzedText& t, const Span& s) {
  auto first = std::lower_bound(t.tokens.begin(), t.tokens.end(), s.start,
                                [](const text::Token& tok, uint32_t b) { return tok.begin < b; });
  size_t i = static_cast<size_t>(first - t.tokens.begin());
  size_t j = i;
  while (j < t.tokens.size() && t.tokens[j].end <= s.end) ++j;
  return {i, j};
}

std::string Lower(std::string_view w) {
  std::string out(w);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

struct MentionInfo {
  Level level = Level::kNone;
  bool government = false;  // used for the government if the place is a capital
  std::string settlement;   // "village", "town", "city" when the text says "the village of X"
  bool locative = false;    // after a preposition of place ("near X", "in X", "outside X")
};

MentionInfo Analyze(const text::AnalyzedText& t, const Mention& m) {
  MentionInfo info;
  auto [i, j] = TokensOf(t, m.span);
  // Level word inside the mention ("Belgorod region") or right after it ("Belgorod region" when the
  // tagger kept only "Belgorod").
  std::string folded = FoldKey(m.text);
  if (auto sp = folded.rfind(' '); sp != std::string::npos) {
    info.level = LevelWord(std::string_view(folded).substr(sp + 1));
  }
  if (info.level == Level::kNone && j < t.tokens.size()) {
    info.level = LevelWord(Lower(t.TokenText(j)));
  }
  // "the village of X", "the town of X".
  if (i >= 2 && Lower(t.TokenText(i - 1)) == "of") {
    std::string w = Lower(t.TokenText(i - 2));
    if (In(w, {"village", "town", "city", "settlement", "hamlet"})) info.settlement = w;
  }
  if (i >= 1) {
    std::string w = Lower(t.TokenText(i - 1));
    if (w == "the" && i >= 2) w = Lower(t.TokenText(i - 2));
    info.locative = In(w, {"near", "in", "around", "outside", "toward", "towards", "into", "at",
                           "across", "inside"});
  }
  // Subject of a speech or decision verb.
  size_t k = j;
  bool possessive = false;
  if (k < t.tokens.size() && (t.TokenText(k) == "'s" || t.TokenText(k) == "'")) {
    possessive = true;
    ++k;
  }
  if (possessive) {
    if (k < t.tokens.size() && IsGovernmentNoun(Lower(t.TokenText(k)))) info.government = true;
  } else if (info.level == Level::kNone) {
    size_t steps = 0;
    while (k < t.tokens.size() && steps < 3 && IsAuxiliary(Lower(t.TokenText(k)))) {
      ++k;
      ++steps;
    }
    if (k < t.tokens.size()) {
      std::string w = Lower(t.TokenText(k));
      if (IsSpeechOrDecisionVerb(w)) info.government = true;
    }
  }
  // "according to Moscow".
  if (i >= 2 && Lower(t.TokenText(i - 2)) == "according" && Lower(t.TokenText(i - 1)) == "to") {
    info.government = true;
  }
  return info;
}

struct Item {
  size_t entity = 0;
  std::string key;  // the folded name the candidates were found under
  Level level = Level::kNone;
  std::string settlement;
  std::vector<uint32_t> cands;
  std::vector<bool> as_region;  // the candidate stands for its region (a "X region" via the city X)
  int best = -1;
  bool confident = false;
  bool county = false;       // the candidates are counties (GeoNames ADM2) named in full
  bool direct = false;       // the candidates were chosen without a name lookup (a county, "Ky.")
  bool context = false;      // read off an organization's name: context for the places, no entity
  bool loose = false;        // the candidates were found under a loose spelling of the name
  bool attributive = false;  // a mention stands before a noun of local life ("Jordan resident")
};

const char* PrecisionOf(const PlaceRecord& r, Level level) {
  if (std::string_view(r.feature_code) == "ADM2") return "district";
  if (level == Level::kDistrict && (r.kind == PlaceKind::kCity || r.kind == PlaceKind::kVillage)) {
    return "district";
  }
  switch (r.kind) {
    case PlaceKind::kCountry:
      return "country";
    case PlaceKind::kRegion:
    case PlaceKind::kArea:
      return "region";
    case PlaceKind::kCity:
      return "city";
    case PlaceKind::kVillage:
      return "village";
  }
  return "village";
}

const char* EntityKindOf(const PlaceRecord& r, Level level) {
  if (level == Level::kDistrict) return "region";
  switch (r.kind) {
    case PlaceKind::kCountry:
      return "country";
    case PlaceKind::kRegion:
      return "region";
    case PlaceKind::kArea:
      return r.country[0] == 0 ? "area" : "region";  // continents and world regions: "area"
    case PlaceKind::kCity:
      return "city";
    case PlaceKind::kVillage:
      return "village";
  }
  return "city";
}

Geo MakeGeo(const Gazetteer& gz, const PlaceRecord& r, const char* precision) {
  Geo g;
  g.lat = std::round(static_cast<double>(r.lat) * 1e5) / 1e5;
  g.lon = std::round(static_cast<double>(r.lon) * 1e5) / 1e5;
  g.id = gz.IdOf(r);
  g.precision = precision;
  if (r.country[0] != 0) g.country = std::string(r.country, 2);
  g.admin1 = std::string(gz.str(r.admin1));
  return g;
}

long MaxId(const DocGraph& g) {
  long max_id = 0;
  for (const auto& e : g.entities) {
    if (e.id.size() > 1 && e.id[0] == 'e') max_id = std::max(max_id, std::atol(e.id.c_str() + 1));
  }
  return max_id;
}

// Name without article and level word: "the Belgorod region" -> "belgorod".
std::string BaseKey(std::string_view name) {
  std::string k = StripArticle(FoldKey(name));
  auto sp = k.rfind(' ');
  if (sp != std::string::npos && LevelWord(std::string_view(k).substr(sp + 1)) != Level::kNone) {
    k.erase(sp);
  }
  return k;
}

bool IsSettlement(const PlaceRecord& r) {
  return r.kind == PlaceKind::kCity || r.kind == PlaceKind::kVillage;
}

// Two names of the text that are one name, or one inside the other as whole words ("Richmond" and
// "North Richmond"): such pairs lie together wherever either exists, so one does not say where the
// other is.
bool Related(const std::string& a, const std::string& b) {
  if (a == b) return true;
  const std::string& s = a.size() < b.size() ? a : b;
  const std::string& l = a.size() < b.size() ? b : a;
  if (s.empty()) return false;
  for (size_t p = l.find(s); p != std::string::npos; p = l.find(s, p + 1)) {
    bool left = p == 0 || l[p - 1] == ' ';
    bool right = p + s.size() == l.size() || l[p + s.size()] == ' ';
    if (left && right) return true;
  }
  return false;
}

// Nouns of a town's life that news puts after a town's name, and after a country's demonym rather
// than its name ("a Lebanese woman", "a Lebanon woman" is from Lebanon, Indiana).
bool IsLocalLifeNoun(std::string_view w) {
  return In(w, {"man",      "woman",        "men",     "women",    "resident", "residents",
                "native",   "couple",       "teen",    "teenager", "boy",      "girl",
                "motorist", "motorcyclist", "city",    "council",  "mayor",    "school",
                "schools",  "elementary",   "library", "township", "village"});
}

constexpr double kBareCountyPenalty = 3.0;
// More than a country's own bonus (3): before a noun of local life the name is a town's (3, 5 and 8
// gave the same figures).
constexpr double kAttributiveCountryPenalty = 5.0;

double PriorScore(const PlaceRecord& r, const Item& item, const Gazetteer& gz) {
  double s = std::log10(static_cast<double>(r.population) + 10);
  std::string_view fc(r.feature_code);
  if (r.kind == PlaceKind::kCountry) s += 3.0;
  if (r.kind == PlaceKind::kRegion || r.kind == PlaceKind::kArea) s += 0.5;
  if (fc == "PPLC") s += 1.5;
  if (fc == "PPLA") s += 1.0;
  if (fc == "PPLA2") s += 0.3;
  if (item.level == Level::kNone && !IsSettlement(r) && r.kind != PlaceKind::kCountry) {
    // Without "region" after it, a name shared by a region and a sizeable town in it means the
    // town ("Donetsk", "Minsk"); a namesake town elsewhere in the country does not ("Indiana" is
    // the state, not Indiana, Pennsylvania), nor a town that only has the name as an alternate one
    // (GeoNames files Yuma under "Arizona").
    uint32_t self = static_cast<uint32_t>(&r - &gz.record(0));
    for (uint32_t c : item.cands) {
      const PlaceRecord& o = gz.record(c);
      if (IsSettlement(o) && o.population >= 5000 && o.region == self &&
          FoldKey(gz.name(o)) == item.key) {
        s -= 4.0;
        break;
      }
    }
  }
  if (!item.settlement.empty() && IsSettlement(r)) s += 1.0;
  // News puts a country's demonym before such nouns ("a Jordanian resident", "a Lebanese woman");
  // the bare name there is a town's ("a Jordan resident", "the Palestine city council").
  if (item.attributive && r.kind == PlaceKind::kCountry) s -= kAttributiveCountryPenalty;
  // A county named without its level word ("Walton" for Walton County) is a weak reading: it wins
  // against a town elsewhere only with support from the text's other places.
  if (fc == "ADM2" && !item.county && FoldKey(gz.name(r)) != item.key) s -= kBareCountyPenalty;
  // A town found only under one of its alternate names ("Mexico" for Mexico City, an old name) is
  // a weaker reading than a place whose own name it is.
  if (IsSettlement(r) && FoldKey(gz.name(r)) != item.key) s -= 0.5;
  // So is a region found only under one of its other names ("Columbia" for the District of
  // Columbia, against Columbia, South Carolina).
  if (r.kind == PlaceKind::kRegion && fc != "ADM2" && FoldKey(gz.name(r)) != item.key &&
      BaseKey(gz.name(r)) != item.key) {
    s -= 1.0;
  }
  return s;
}

}  // namespace

void ResolvePlaces(const text::AnalyzedText& text, const Resources& resources, DocGraph* graph) {
  PlaceOptions options;
  options.retag = resources.ner() ? PlaceOptions::Retag::kNarrow : PlaceOptions::Retag::kBroad;
  ResolvePlaces(text, resources.gazetteer(), graph, options);
}

void ResolvePlaces(const text::AnalyzedText& text, const Gazetteer* gazetteer, DocGraph* graph,
                   const PlaceOptions& options) {
  if (gazetteer == nullptr || graph == nullptr) return;
  const Gazetteer& gz = *gazetteer;
  auto& ents = graph->entities;
  constexpr size_t kMaxCandidates = 64;

  // 0. Names typed "organization" that are places (see PlaceOptions::Retag).
  if (options.retag != PlaceOptions::Retag::kNone) {
    bool broad = options.retag == PlaceOptions::Retag::kBroad;
    for (Entity& e : ents) {
      if (e.type != "organization" || e.kind == "government" || FindSeat(e.name) != nullptr) {
        continue;
      }
      bool uncued = e.kind == "other" || e.kind.empty();
      if (!broad && !uncued) continue;
      bool cued = false;
      for (const Mention& m : e.mentions) {
        MentionInfo info = Analyze(text, m);
        cued = cued || info.level != Level::kNone || !info.settlement.empty();
      }
      std::string key = BaseKey(e.name);
      if (IsStopName(key)) continue;
      Gazetteer::Matches m = gz.LookupFolded(key);
      bool place = false;
      if (!m.loose && !m.records.empty()) {
        const PlaceRecord& r = gz.record(m.records[0]);
        place = (!IsSettlement(r) && (broad || uncued)) ||
                (uncued && (r.population >= kRetagPopulation || (broad && cued)));
      } else {
        place = broad && cued && uncued;
      }
      if (place) {
        e.type = "place";
        e.kind.clear();
      }
    }
  }

  // 1. Candidates for every place entity, with the level its mentions ask for.
  std::vector<Item> items;
  std::map<size_t, std::vector<MentionInfo>> infos;
  for (size_t e = 0; e < ents.size(); ++e) {
    if (ents[e].type != "place") continue;
    if (FindSeat(ents[e].name) != nullptr) continue;  // handled with the seats of government below
    Item item;
    item.entity = e;
    auto& mi = infos[e];
    int region_votes = 0, district_votes = 0;
    for (const Mention& m : ents[e].mentions) {
      auto [first, last] = TokensOf(text, m.span);
      if (last < text.tokens.size() && last > first &&
          IsLocalLifeNoun(Lower(text.TokenText(last)))) {
        item.attributive = true;
      }
      mi.push_back(Analyze(text, m));
      if (mi.back().level == Level::kRegion) ++region_votes;
      if (mi.back().level == Level::kDistrict) ++district_votes;
      if (item.settlement.empty()) item.settlement = mi.back().settlement;
    }
    if (auto sp = FoldKey(ents[e].name).rfind(' '); sp != std::string::npos) {
      Level l = LevelWord(FoldKey(ents[e].name).substr(sp + 1));
      if (l == Level::kRegion) ++region_votes;
      if (l == Level::kDistrict) ++district_votes;
    }
    if (region_votes > 0 || district_votes > 0) {
      item.level = region_votes >= district_votes ? Level::kRegion : Level::kDistrict;
    }
    // "Ky.", "S.C.": the US state, when the entity is named by the abbreviation (the name resolver
    // may have merged "S.C." into "South Charleston" as its initials).
    for (const Mention& m : ents[e].mentions) {
      bool cut = false;
      const char* state = UsStateOf(text, m, &cut);
      const char* named = StateOfName(ents[e].name);
      if (state == nullptr || named == nullptr || (named != state && !cut)) continue;
      for (uint32_t r : gz.Lookup(state).records) {
        const PlaceRecord& rec = gz.record(r);
        if (rec.kind == PlaceKind::kRegion && rec.country[0] == 'U' && rec.country[1] == 'S') {
          item.cands = {r};
          item.key = FoldKey(state);
          item.level = Level::kNone;
          item.direct = true;
          break;
        }
      }
      if (item.direct) break;
    }
    // "Laurel County", "Rapides Parish": a county of that full name when the gazetteer has one
    // (a US county is filed only under its full name), else the town X at district precision.
    if (item.level == Level::kDistrict && !item.direct) {
      std::vector<std::string> full = {StripArticle(FoldKey(ents[e].name))};
      for (const Mention& m : ents[e].mentions) {
        full.push_back(StripArticle(FoldKey(m.text)));
        auto [first, last] = TokensOf(text, m.span);
        if (last < text.tokens.size() &&
            LevelWord(Lower(text.TokenText(last))) == Level::kDistrict) {
          full.push_back(full.back() + " " + Lower(text.TokenText(last)));
        }
      }
      for (const std::string& k : full) {
        for (uint32_t r : gz.LookupFolded(k).records) {
          if (std::string_view(gz.record(r).feature_code) == "ADM2" &&
              item.cands.size() < kMaxCandidates) {
            item.cands.push_back(r);
          }
        }
        if (!item.cands.empty()) {
          item.key = k;
          item.county = true;
          item.direct = true;
          break;
        }
      }
    }
    // A full name that is a country's or region's own ("the Czech Republic", "Belgorod Oblast") is
    // that place before any level word is read off it: "republic" would otherwise ask for a region
    // called "Czech" and drop the country.
    if (item.level != Level::kNone && !item.direct) {
      std::vector<std::string> full = {StripArticle(FoldKey(ents[e].name))};
      for (const Mention& m : ents[e].mentions) full.push_back(StripArticle(FoldKey(m.text)));
      for (const std::string& k : full) {
        Gazetteer::Matches found = gz.LookupFolded(k);
        if (found.loose) continue;
        for (uint32_t r : found.records) {
          if (!IsSettlement(gz.record(r)) && item.cands.size() < kMaxCandidates) {
            item.cands.push_back(r);
          }
        }
        if (!item.cands.empty()) {
          item.key = k;
          item.level = Level::kNone;
          item.direct = true;
          break;
        }
      }
    }
    if (item.direct) {
      item.as_region.assign(item.cands.size(), false);
      items.push_back(std::move(item));
      continue;
    }
    // Names to try: the canonical name, then each distinct mention form.
    std::vector<std::string> keys = {BaseKey(ents[e].name)};
    for (const auto& a : ents[e].aliases) keys.push_back(BaseKey(a));
    for (const Mention& m : ents[e].mentions) keys.push_back(BaseKey(m.text));
    keys.erase(std::remove_if(keys.begin(), keys.end(),
                              [](const std::string& k) { return IsStopName(k); }),
               keys.end());
    // Exact names first, then demonyms ("American", in corpora that count it as a toponym), then
    // loose spellings (long names only: short loose matches are noise).
    Gazetteer::Matches found;
    for (int pass = 0; pass < 3 && found.records.empty(); ++pass) {
      for (const auto& k : keys) {
        if (k.empty()) continue;
        if (pass == 1) {
          found.records = gz.LookupDemonym(k);
        } else {
          found = gz.LookupFolded(k);
          if (found.loose != (pass == 2) || (found.loose && k.size() < 5)) found = {};
        }
        if (!found.records.empty()) {
          item.key = k;
          item.loose = pass == 2;
          break;
        }
      }
    }
    for (uint32_t r : found.records) {
      if (item.cands.size() >= kMaxCandidates) break;
      item.cands.push_back(r);
    }
    // Local news names a US county without its level word ("Walton and Barrow", "in Navarro"):
    // the counties called "X County" or "X Parish" are weak readings of X (see PriorScore), which
    // the text's other places in the same state can make win.
    if (item.level == Level::kNone) {
      std::string bare = item.key.empty() && !keys.empty() ? keys.front() : item.key;
      for (const char* word : {" county", " parish"}) {
        if (bare.empty()) break;
        for (uint32_t r : gz.LookupFolded(bare + word).records) {
          if (std::string_view(gz.record(r).feature_code) == "ADM2" &&
              item.cands.size() < kMaxCandidates) {
            item.cands.push_back(r);
          }
        }
      }
      if (item.key.empty() && !item.cands.empty()) item.key = bare;
    }
    // Apply the level: regions for "X region" (through the town X when no region is called X),
    // settlements for "X district".
    if (item.level != Level::kNone && !item.cands.empty()) {
      std::vector<uint32_t> keep;
      std::vector<bool> via;
      for (uint32_t c : item.cands) {
        const PlaceRecord& r = gz.record(c);
        bool settlement = IsSettlement(r);
        if (item.level == Level::kRegion && !settlement && r.kind != PlaceKind::kCountry) {
          keep.push_back(c);
          via.push_back(false);
        }
        if (item.level == Level::kDistrict && settlement) {
          keep.push_back(c);
          via.push_back(false);
        }
      }
      if (keep.empty() && item.level == Level::kRegion) {
        for (uint32_t c : item.cands) {
          const PlaceRecord& r = gz.record(c);
          if (!IsSettlement(r)) continue;
          keep.push_back(r.region != kNoRecord ? r.region : c);
          via.push_back(r.region == kNoRecord);
        }
      }
      if (keep.empty() && item.level == Level::kDistrict) {
        keep = item.cands;  // a region called "X district" in its own language
        via.assign(keep.size(), false);
      }
      item.cands = keep;
      item.as_region = via;
    }
    item.as_region.resize(item.cands.size(), false);
    items.push_back(std::move(item));
  }

  // Organizations named after the state or county they serve ("Georgia Bureau of Investigation",
  // "Anderson County Sheriff's Office", "Rapides Parish Fire District") say where a local text is,
  // and so do such names the tagger typed as places but the gazetteer does not hold ("Douglas
  // County Hospital", "Guernsey County Sheriff"):
  // their region or county joins the places as context (it chooses among namesakes like a place
  // the text names, and is not itself an entity's reading). Only regions (the name's first reading,
  // of its own name) and counties named in full count: a town in a firm's name says little about
  // where the text is ("Boston Scientific" is not read; a firm named after a state still is).
  {
    std::set<std::string> seen;
    std::set<size_t> placed;  // place entities the gazetteer holds under their own names
    for (const Item& it : items) {
      if (!it.cands.empty() && !it.loose) placed.insert(it.entity);
    }
    for (size_t oe = 0; oe < ents.size(); ++oe) {
      const Entity& org = ents[oe];
      bool scan = org.type == "organization" || (org.type == "place" && placed.count(oe) == 0);
      if (!scan) continue;
      std::vector<std::string> words;
      for (size_t p = 0; p < org.name.size();) {
        size_t q = org.name.find(' ', p);
        if (q == std::string::npos) q = org.name.size();
        if (q > p) words.push_back(org.name.substr(p, q - p));
        p = q + 1;
      }
      auto capital = [&](size_t k) {
        return !words[k].empty() && words[k][0] >= 'A' && words[k][0] <= 'Z';
      };
      for (size_t a = 0; a < words.size(); ++a) {
        for (size_t len = 3; len >= 1; --len) {
          if (a + len > words.size()) continue;
          bool caps = true;
          std::string name;
          for (size_t k = a; k < a + len; ++k) {
            caps = caps && capital(k);
            name += (k > a ? " " : "") + words[k];
          }
          if (!caps) continue;
          std::string key = FoldKey(name);
          Item item;
          item.context = true;
          item.key = key;
          bool county =
              a + len < words.size() && LevelWord(Lower(words[a + len])) == Level::kDistrict;
          if (county) {
            std::string full = key + " " + Lower(words[a + len]);
            for (uint32_t r : gz.LookupFolded(full).records) {
              if (std::string_view(gz.record(r).feature_code) == "ADM2" &&
                  item.cands.size() < kMaxCandidates) {
                item.cands.push_back(r);
              }
            }
            item.key = full;
            item.county = true;
            item.direct = true;
          } else {
            if (IsStopName(key)) continue;
            Gazetteer::Matches found = gz.LookupFolded(key);
            if (found.loose || found.records.empty()) continue;
            for (uint32_t r : found.records) {
              if (item.cands.size() < kMaxCandidates) item.cands.push_back(r);
            }
            // The name's first reading must be a region of that very name.
            double top = -1e9;
            int best = -1;
            for (size_t c = 0; c < item.cands.size(); ++c) {
              double sc = PriorScore(gz.record(item.cands[c]), item, gz);
              if (sc > top) {
                top = sc;
                best = static_cast<int>(c);
              }
            }
            const PlaceRecord& r = gz.record(item.cands[best]);
            if (r.kind != PlaceKind::kRegion || std::string_view(r.feature_code) == "ADM2" ||
                FoldKey(gz.name(r)) != key) {
              item.cands.clear();
            }
          }
          if (item.cands.empty()) continue;
          if (seen.insert(item.key).second) {
            item.as_region.assign(item.cands.size(), false);
            items.push_back(std::move(item));
          }
          a += len - 1;
          break;
        }
      }
    }
  }

  // "Gainesville, Ga.", "Paris, Texas", "Lutsk, Ukraine": a place followed by a comma and another
  // place lies in it. Each reading of the pair where one contains the other gets kInBonus, on both
  // sides, so the pair decides itself (Georgia the state, not the country, beside a Georgia town).
  constexpr double kInBonus = 4.0;
  std::vector<std::vector<double>> in_bonus(items.size());
  struct At {
    uint32_t start, end;
    size_t item;
  };
  std::vector<At> at;  // every mention of the items, in text order
  for (size_t n = 0; n < items.size(); ++n) {
    in_bonus[n].assign(items[n].cands.size(), 0.0);
    if (items[n].context) continue;
    for (const Mention& m : ents[items[n].entity].mentions) {
      at.push_back({m.span.start, m.span.end, n});
    }
  }
  std::sort(at.begin(), at.end(), [](const At& a, const At& b) { return a.start < b.start; });
  {
    auto contains = [&](uint32_t outer, uint32_t inner) {
      const PlaceRecord& o = gz.record(outer);
      const PlaceRecord& i = gz.record(inner);
      if (outer == inner || !(IsSettlement(i) || i.kind == PlaceKind::kRegion)) return false;
      if (o.kind == PlaceKind::kCountry) {
        return i.country[0] == o.country[0] && i.country[1] == o.country[1];
      }
      return o.kind == PlaceKind::kRegion && i.region == outer;
    };
    // Only a comma between them: "X, Y".
    auto comma = [&](const At& a, const At& b) {
      if (b.start < a.end || b.start - a.end > 3) return false;
      std::string_view gap = text.original.substr(a.end, b.start - a.end);
      return !gap.empty() && gap[0] == ',' && gap.find_first_not_of(", ") == std::string_view::npos;
    };
    for (size_t k = 0; k + 1 < at.size(); ++k) {
      const At& a = at[k];
      const At& b = at[k + 1];
      if (a.item == b.item || !comma(a, b)) continue;
      // Three or more places in a row are a list ("Ohio, Oregon, Wyoming"), not a place and what
      // holds it.
      if ((k > 0 && comma(at[k - 1], a)) || (k + 2 < at.size() && comma(b, at[k + 2]))) continue;
      const Item& inner = items[a.item];
      const Item& outer = items[b.item];
      for (size_t i = 0; i < inner.cands.size(); ++i) {
        for (size_t o = 0; o < outer.cands.size(); ++o) {
          if (!contains(outer.cands[o], inner.cands[i])) continue;
          in_bonus[a.item][i] = kInBonus;
          in_bonus[b.item][o] = kInBonus;
        }
      }
    }
  }

  // 2. Prior choice; then again with the document's context (countries named, regions and points of
  // the other places).
  // A reading's prior depends on nothing the rounds below change: computed once here.
  std::vector<std::vector<double>> prior(items.size());
  for (size_t n = 0; n < items.size(); ++n) {
    Item& it = items[n];
    prior[n].resize(it.cands.size());
    double top = -1e9, second = -1e9;
    for (size_t c = 0; c < it.cands.size(); ++c) {
      prior[n][c] = PriorScore(gz.record(it.cands[c]), it, gz);
      double s = prior[n][c] + in_bonus[n][c];
      if (s > top) {
        second = top;
        top = s;
        it.best = static_cast<int>(c);
      } else if (s > second) {
        second = s;
      }
    }
    it.confident = it.best >= 0 && (it.cands.size() == 1 || top - second >= 1.0);
  }
  // A list of places ("Alaska, Alabama, Arizona and Arkansas") names places of one kind: when most
  // of its names read first as regions (or countries), a name in it that is also a region (or
  // country) of its own name gets kListBonus, against namesake towns that context would favour.
  constexpr double kListBonus = 4.0;
  std::vector<std::vector<double>> list_bonus(items.size());
  for (size_t n = 0; n < items.size(); ++n) list_bonus[n].assign(items[n].cands.size(), 0.0);
  {
    auto joined = [&](const At& a, const At& b) {
      if (b.start < a.end || b.start - a.end > 6) return false;
      std::string w;
      for (char ch : text.original.substr(a.end, b.start - a.end)) {
        if (ch != ',' && ch != ' ') w += ch;
      }
      return w.empty() || w == "and" || w == "or";
    };
    for (size_t k = 0; k < at.size();) {
      size_t end = k + 1;
      while (end < at.size() && joined(at[end - 1], at[end])) ++end;
      std::set<size_t> members;
      for (size_t j = k; j < end; ++j) members.insert(at[j].item);
      if (members.size() >= 3) {
        for (PlaceKind kind : {PlaceKind::kRegion, PlaceKind::kCountry}) {
          size_t of_kind = 0;
          for (size_t n : members) {
            const Item& it = items[n];
            if (it.best >= 0 && gz.record(it.cands[it.best]).kind == kind) ++of_kind;
          }
          if (of_kind * 2 <= members.size()) continue;
          for (size_t n : members) {
            for (size_t c = 0; c < items[n].cands.size(); ++c) {
              const PlaceRecord& r = gz.record(items[n].cands[c]);
              if (r.kind == kind && FoldKey(gz.name(r)) == items[n].key) {
                list_bonus[n][c] = kListBonus;
              }
            }
          }
        }
      }
      k = end;
    }
  }
  // Local places named together lie together: a reading of a town (or county) gets kCohereBonus
  // for each other name of the text that has some reading within kCohereKm of it, whichever reading
  // that name ends up with (Alexandria, Brandon and Kensington all have namesakes in one corner of
  // Minnesota). Capped so that a big city keeps its name against a cluster of small namesakes.
  constexpr double kCohereKm = 40, kCohereBonus = 1.5, kCohereCap = 3.0;
  std::vector<std::vector<double>> cohere(items.size());
  // related[n * items.size() + m]: Related(items[m].key, items[n].key), asked in the loops below
  // for every reading, once per pair here.
  std::vector<char> related(items.size() * items.size());
  for (size_t n = 0; n < items.size(); ++n) {
    for (size_t m = 0; m < items.size(); ++m) {
      related[n * items.size() + m] = m != n && Related(items[m].key, items[n].key);
    }
  }
  {
    auto local = [&](const PlaceRecord& r) {
      return IsSettlement(r) || std::string_view(r.feature_code) == "ADM2";
    };
    for (size_t n = 0; n < items.size(); ++n) {
      cohere[n].assign(items[n].cands.size(), 0.0);
      if (items[n].cands.size() < 2) continue;
      for (size_t c = 0; c < items[n].cands.size(); ++c) {
        const PlaceRecord& r = gz.record(items[n].cands[c]);
        if (!local(r)) continue;
        for (size_t m = 0; m < items.size() && cohere[n][c] < kCohereCap; ++m) {
          if (m == n || related[n * items.size() + m]) continue;
          // A name sure of its reading supports its neighbours below (`near`), not twice.
          if (items[m].confident && items[m].cands.size() == 1) continue;
          for (uint32_t oc : items[m].cands) {
            const PlaceRecord& o = gz.record(oc);
            if (oc != items[n].cands[c] && local(o) &&
                geo::CloserThanKm(r.lat, r.lon, o.lat, o.lon, kCohereKm)) {
              cohere[n][c] += kCohereBonus;
              break;
            }
          }
        }
      }
    }
  }
  // Support from the other places adds up to kNearCap: several neighbours outweigh one. (With only
  // the strongest neighbour counted, a big namesake chosen first drew one other name to itself and
  // that name then kept it against a small town that all the others surround.)
  constexpr double kNearCap = 3.0;
  // The region a reading lies in, named in the text ("Nebraska" beside Lincoln County, against a
  // cluster of Kentucky namesakes of the text's other names), counts on its own, above the cap.
  constexpr double kNamedRegionBonus = 2.0;
  // Two towns of one region support each other within kSameRegionKm: sharing a state says less
  // across New York or California than in Rhode Island (a village of Boston in western New York
  // had beaten Boston, Massachusetts for a text that names New York City).
  constexpr double kSameRegionKm = 300;
  std::map<std::string, int> countries;  // country -> weight of evidence from the places
  for (int round = 0; round < 2; ++round) {
    countries.clear();
    // What each name says, once per name: two entities of one name (the resolver kept "Dublin"
    // and "The Dublin" apart) are one place named twice, not two places that agree.
    std::map<std::string, std::map<std::string, int>> by_key;  // name -> country -> weight
    for (const Item& it : items) {
      if (it.best < 0 || !it.confident) continue;
      const PlaceRecord& r = gz.record(it.cands[it.best]);
      if (r.country[0] == 0) continue;  // continents and world regions
      int w = r.kind == PlaceKind::kCountry ? 2 : 1;
      int& have = by_key[it.key][std::string(r.country, 2)];
      if (w > have) {
        countries[std::string(r.country, 2)] += w - have;
        have = w;
      }
    }
    std::vector<int> next(items.size(), -1);
    for (size_t n = 0; n < items.size(); ++n) {
      Item& it = items[n];
      double top = -1e9;
      const auto said = by_key.find(it.key);  // what this name said, the same for every reading
      for (size_t c = 0; c < it.cands.size(); ++c) {
        const PlaceRecord& r = gz.record(it.cands[c]);
        double s = prior[n][c] + in_bonus[n][c] + cohere[n][c] + list_bonus[n][c];
        std::string cc(r.country, 2);
        int own = 0;  // what this name itself (under any of its entities) said for the country
        if (said != by_key.end()) {
          if (auto f = said->second.find(cc); f != said->second.end()) own = f->second;
        }
        if (auto f = countries.find(cc); f != countries.end() && f->second - own > 0) {
          s += std::min(3.0, 1.5 * (f->second - own));
        }
        double near = 0;
        bool named_region = false;
        for (size_t m = 0; m < items.size(); ++m) {
          if (m == n || items[m].best < 0 || !items[m].confident) continue;
          if (related[n * items.size() + m]) continue;  // the same name again, not another place
          uint32_t other_id = items[m].cands[items[m].best];
          const PlaceRecord& o = gz.record(other_id);
          if (o.kind == PlaceKind::kCountry) continue;
          // The text names the reading's own region: counted apart, below. Else a country or
          // region holds the other place; a town shares its region, or lies within 250 km of
          // another town (a region's point says little about what is near it).
          bool holds = (r.kind == PlaceKind::kCountry && o.country[0] == r.country[0] &&
                        o.country[1] == r.country[1]) ||
                       (r.kind == PlaceKind::kRegion && o.region == it.cands[c]);
          if (r.region != kNoRecord && r.region == other_id) {
            named_region = true;
          } else if (holds || (r.region != kNoRecord && r.region == o.region &&
                               (!IsSettlement(o) || !IsSettlement(r) ||
                                geo::CloserThanKm(r.lat, r.lon, o.lat, o.lon, kSameRegionKm)))) {
            near += 2.0;
          } else if (IsSettlement(o) && geo::CloserThanKm(r.lat, r.lon, o.lat, o.lon, 250)) {
            near += 1.5;
          }
        }
        near = std::min(near, kNearCap);
        s += near;
        if (named_region) s += kNamedRegionBonus;
        if (s > top) {
          top = s;
          next[n] = static_cast<int>(c);
        }
      }
    }
    for (size_t n = 0; n < items.size(); ++n) {
      items[n].best = next[n];
      if (next[n] >= 0) items[n].confident = true;
    }
  }

  // 3. Geo and kind.
  for (const Item& it : items) {
    if (it.best < 0 || it.context) continue;
    Entity& e = ents[it.entity];
    const PlaceRecord& r = gz.record(it.cands[it.best]);
    // A village abroad, in a text whose places are elsewhere, is more likely a misread name (a
    // person, a historical region) than a hamlet in another country: leave it unresolved. So is a
    // town of under kRetagPopulation found only under one of its alternate names (a camp called
    // "Ber" in a text about Mali is not Veria, Greece, whose Turkish name is Ber).
    std::string own_key = FoldKey(gz.name(r));
    bool alias_only = IsSettlement(r) && r.population < kRetagPopulation && own_key != it.key &&
                      !it.county &&
                      (it.key.size() <= 4 || own_key.empty() || own_key[0] != it.key[0]);
    if (r.kind == PlaceKind::kVillage || alias_only) {
      int total = 0;
      for (const auto& [cc, w] : countries) total += w;
      auto own = countries.find(std::string(r.country, 2));
      int here = own == countries.end() ? 0 : own->second - 1;  // less the village itself
      if (total - 1 > 0 && here <= 0) continue;
    }
    const char* precision = it.as_region[it.best] ? "region" : PrecisionOf(r, it.level);
    e.geo = MakeGeo(gz, r, precision);
    e.kind = it.as_region[it.best] ? "region" : EntityKindOf(r, it.level);
  }

  // 4. Names the gazetteer does not hold borrow the point of the finest resolved place of the text
  // (a town before a region before a country), the nearest in the text among equals: news names a
  // hamlet beside the town or region it belongs to, not beside a country's centre.
  for (size_t e = 0; e < ents.size(); ++e) {
    if (ents[e].type != "place" || ents[e].geo || FindSeat(ents[e].name) != nullptr ||
        IsPolityName(ents[e].name)) {
      continue;
    }
    // Only a name the text itself places ("the village of X", "near X", "X district"): a tagger's
    // stray name (a website, a hyphenated pair of people) must not borrow a point.
    bool cued = false;
    for (const Mention& m : ents[e].mentions) {
      MentionInfo info = Analyze(text, m);
      cued = cued || info.locative || info.level != Level::kNone || !info.settlement.empty();
    }
    if (!cued) continue;
    const Entity* best = nullptr;
    int best_rank = 99;
    uint32_t best_dist = 0xffffffffu;
    for (const Mention& m : ents[e].mentions) {
      // "the Russian village of Kozinka": a country named just before keeps the borrowed point in
      // that country.
      std::string country;
      auto [first, last] = TokensOf(text, m.span);
      for (size_t k = first, steps = 0; k > 0 && steps < 4 && country.empty(); --k, ++steps) {
        std::string w(text.TokenText(k - 1));
        // Capitalised words only: "at" and "in" are also Austria's and India's codes.
        if (w.empty() || !(w[0] >= 'A' && w[0] <= 'Z')) continue;
        std::span<const uint32_t> c = gz.LookupDemonym(w);
        if (c.empty()) {
          auto named = gz.LookupFolded(FoldKey(w));
          if (!named.loose && !named.records.empty() &&
              gz.record(named.records[0]).kind == PlaceKind::kCountry) {
            c = named.records;
          }
        }
        if (!c.empty() && gz.record(c[0]).kind == PlaceKind::kCountry) {
          country = std::string(gz.record(c[0]).country, 2);
        }
      }
      for (const Entity& o : ents) {
        if (&o == &ents[e] || o.type != "place" || !o.geo) continue;
        if (!country.empty() && o.geo->country != country) continue;
        const std::string& p = o.geo->precision;
        int rank = p == "village" || p == "city" || p == "district" ? 0 : p == "region" ? 1 : 2;
        for (const Mention& om : o.mentions) {
          uint32_t d = om.span.start > m.span.start ? om.span.start - m.span.start
                                                    : m.span.start - om.span.start;
          if (rank < best_rank || (rank == best_rank && d < best_dist)) {
            best = &o;
            best_rank = rank;
            best_dist = d;
          }
        }
      }
    }
    if (best == nullptr) continue;
    Geo g = *best->geo;
    // A coarser precision than the borrowed point: somewhere in its district, region or country.
    if (best_rank == 0) g.precision = "district";
    g.borrowed = true;
    ents[e].geo = g;
    std::string settlement;
    for (const Mention& m : ents[e].mentions) {
      MentionInfo info = Analyze(text, m);
      if (!info.settlement.empty()) settlement = info.settlement;
    }
    ents[e].kind = settlement == "village" || settlement == "hamlet" || settlement == "settlement"
                       ? "village"
                   : settlement.empty() ? "area"
                                        : "city";
  }

  // 5. Capitals used for their government.
  std::vector<Entity> added;
  long next_id = MaxId(*graph) + 1;
  for (const Item& it : items) {
    if (it.best < 0 || it.context) continue;
    const PlaceRecord& r = gz.record(it.cands[it.best]);
    if (std::string_view(r.feature_code) != "PPLC" || it.level != Level::kNone) continue;
    Entity& e = ents[it.entity];
    const auto& mi = infos[it.entity];
    std::vector<Mention> gov, place;
    for (size_t m = 0; m < e.mentions.size(); ++m) {
      (m < mi.size() && mi[m].government ? gov : place).push_back(e.mentions[m]);
    }
    if (gov.empty()) continue;
    Entity org;
    org.type = "organization";
    org.kind = "government";
    org.name = e.name;
    if (place.empty()) {
      // Every mention is the government: the entity becomes it, and a place entity carries the
      // city's point for the link. Its evidence is the same words (the capital is named there):
      // every entity keeps the spans that support it.
      Entity city;
      city.id = "e" + std::to_string(next_id++);
      city.type = "place";
      city.kind = e.kind;
      city.name = e.name;
      city.geo = e.geo;
      city.mentions = e.mentions;
      e.type = "organization";
      e.kind = "government";
      e.geo.reset();
      e.linked_place = city.id;
      added.push_back(std::move(city));
    } else {
      org.mentions = std::move(gov);
      e.mentions = std::move(place);
      org.linked_place = e.id;
      org.id = "e" + std::to_string(next_id++);
      added.push_back(std::move(org));
    }
  }
  for (auto& a : added) ents.push_back(std::move(a));

  // 6. Seats of government ("the Kremlin"): organizations of kind government linked to their city.
  for (size_t e = 0; e < ents.size(); ++e) {
    const Seat* seat = FindSeat(ents[e].name);
    if (seat == nullptr || (ents[e].type != "place" && ents[e].type != "organization")) continue;
    ents[e].type = "organization";
    ents[e].kind = "government";
    ents[e].geo.reset();
    // The capital's record: the named city of that country.
    const PlaceRecord* city = nullptr;
    for (uint32_t id : gz.Lookup(seat->city).records) {
      const PlaceRecord& r = gz.record(id);
      if (IsSettlement(r) && r.country[0] == seat->country[0] && r.country[1] == seat->country[1]) {
        city = &r;
        break;
      }
    }
    if (city == nullptr) continue;
    std::string id = gz.IdOf(*city);
    std::string linked;
    for (const Entity& o : ents) {
      if (o.type == "place" && o.geo && o.geo->id == id) linked = o.id;
    }
    if (linked.empty()) {
      Entity c;
      c.id = "e" + std::to_string(MaxId(*graph) + 1);
      c.type = "place";
      c.kind = "city";
      c.name = std::string(gz.name(*city));
      c.geo = MakeGeo(gz, *city, "city");
      c.mentions = ents[e].mentions;  // the seat's name is the evidence for its city
      linked = c.id;
      ents.push_back(std::move(c));
    }
    ents[e].linked_place = linked;
  }
}

}  // namespace mosaic::link
