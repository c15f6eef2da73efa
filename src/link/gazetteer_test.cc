#include "link/gazetteer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "link/gazetteer_builder.h"
#include "link/gazetteer_test_data.h"
#include "util/resources.h"

namespace mosaic::link {
namespace {

const PlaceRecord* First(const Gazetteer& g, std::string_view name) {
  auto m = g.Lookup(name);
  return m.records.empty() ? nullptr : &g.record(m.records[0]);
}

TEST(Gazetteer, FindsLatinCyrillicAndVariantSpellings) {
  GazetteerStats st;
  auto g = testing::SmallGazetteer(&st);
  ASSERT_NE(g, nullptr);
  for (const char* name : {"Grayvoron", "GRAYVORON", "Грайворон", "Grajvoron", "Graivoron"}) {
    const PlaceRecord* r = First(*g, name);
    ASSERT_NE(r, nullptr) << name;
    EXPECT_EQ(r->geonames_id, 559034u) << name;
    EXPECT_EQ(g->IdOf(*r), "geonames:559034");
    EXPECT_EQ(g->str(r->admin1), "Belgorod Oblast");
  }
  EXPECT_TRUE(g->Lookup("Graivoron").loose);
  EXPECT_FALSE(g->Lookup("Grayvoron").loose);
  // Only a Cyrillic name in the data: found from English news through its BGN romanisation.
  const PlaceRecord* k = First(*g, "Kozinka");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->geonames_id, 900001u);
  EXPECT_EQ(k->kind, PlaceKind::kVillage);
  // Belarusian/Russian alternates.
  ASSERT_NE(First(*g, "Osipovichi"), nullptr);
  EXPECT_EQ(First(*g, "Osipovichi")->geonames_id, 624034u);
  EXPECT_EQ(First(*g, "Mahilyow")->geonames_id, 625665u);
  // Airport codes among alternates are not names.
  EXPECT_TRUE(g->Lookup("EGO").records.empty());
  EXPECT_EQ(st.countries, 5u);
  EXPECT_EQ(st.areas, 2u);  // Europe, Eastern Europe
  EXPECT_GT(st.exact_keys, 20u);
}

TEST(Gazetteer, CandidatesComeLargestFirst) {
  auto g = testing::SmallGazetteer();
  ASSERT_NE(g, nullptr);
  auto m = g->Lookup("Moscow");
  ASSERT_GE(m.records.size(), 3u);  // the city, the region (RU-MOW), Moscow, Idaho
  for (size_t i = 1; i < m.records.size(); ++i) {
    EXPECT_GE(g->record(m.records[i - 1]).population, g->record(m.records[i]).population);
  }
  bool idaho = false;
  for (uint32_t id : m.records) idaho = idaho || g->record(id).geonames_id == 5601538u;
  EXPECT_TRUE(idaho);
}

TEST(Gazetteer, RegionsFromAdmin1CodesWithDerivedPoints) {
  auto g = testing::SmallGazetteer();
  ASSERT_NE(g, nullptr);
  // "Volyn Oblast" is filed under "volyn" too; its point is the centroid of Lutsk and Kovel.
  for (const char* name : {"Volyn", "Volyn Oblast"}) {
    auto m = g->Lookup(name);
    ASSERT_EQ(m.records.size(), 1u) << name;
    const PlaceRecord& r = g->record(m.records[0]);
    EXPECT_EQ(r.kind, PlaceKind::kRegion);
    EXPECT_EQ(g->IdOf(r), "iso:UA-07");
    EXPECT_NEAR(r.lat, (50.75932 + 51.21526) / 2, 0.05);
    EXPECT_NEAR(r.lon, (25.34244 + 24.70867) / 2, 0.05);
    EXPECT_EQ(r.population, 217197u + 68597u);
  }
  // Regions reach their cities: Grayvoron's region is the Belgorod Oblast record.
  const PlaceRecord* gr = First(*g, "Grayvoron");
  ASSERT_NE(gr, nullptr);
  ASSERT_NE(gr->region, kNoRecord);
  EXPECT_EQ(g->IdOf(g->record(gr->region)), "iso:RU-BEL");
  // Belgorod is both a city and a region.
  auto m = g->Lookup("Belgorod");
  bool city = false, region = false;
  for (uint32_t id : m.records) {
    city = city || g->record(id).kind == PlaceKind::kCity;
    region = region || g->record(id).kind == PlaceKind::kRegion;
  }
  EXPECT_TRUE(city && region);
  // A region with no GeoNames place under its admin1 code has no point, so it is left out.
  EXPECT_TRUE(g->Lookup("Khabarovsk Krai").records.empty());
  // Countries by official and alternative names.
  ASSERT_NE(First(*g, "Republic of Belarus"), nullptr);
  EXPECT_EQ(First(*g, "Belorussia")->kind, PlaceKind::kCountry);
  EXPECT_EQ(g->IdOf(*First(*g, "Belarus")), "iso:BY");
  EXPECT_EQ(First(*g, "U.S.A.")->kind, PlaceKind::kCountry);
  // Demonyms are filed apart from names.
  EXPECT_TRUE(g->Lookup("Russian").records.empty());
  ASSERT_EQ(g->LookupDemonym("Russian").size(), 1u);
  EXPECT_EQ(g->IdOf(g->record(g->LookupDemonym("Russian")[0])), "iso:RU");
  // World regions from the countries' region/subregion: "Eastern Europe" is also "East Europe";
  // continents take GeoNames' ids.
  const PlaceRecord* east = First(*g, "East Europe");
  ASSERT_NE(east, nullptr);
  EXPECT_EQ(east->kind, PlaceKind::kArea);
  // The great-circle midpoint of Belarus (53, 28) and Russia (60, 100) lies north of both.
  EXPECT_NEAR(east->lat, 61.8, 0.5);
  EXPECT_NEAR(east->lon, 60.2, 1.0);
  const PlaceRecord* europe = First(*g, "Europe");
  ASSERT_NE(europe, nullptr);
  EXPECT_EQ(g->IdOf(*europe), "geonames:6255148");
}

TEST(Gazetteer, ARegionsPointMovesHalfwayToANearbySeat) {
  // Two made-up regions of five places each, with the same box (36..40 N, 83..75 W, middle 38 N,
  // 79 W): one's seat lies 190 km east of the middle, the other's 400 km north-west of it.
  using testing::Row;
  std::string rows;
  for (const char* a : {"VA", "ID"}) {
    std::string seat_lat = std::string(a) == "VA" ? "37.5" : "40";
    std::string seat_lon = std::string(a) == "VA" ? "-77" : "-83";
    rows += Row(std::string("91") + a, std::string("Seat") + a, "", "", seat_lat, seat_lon, "PPLA",
                "US", a, "200000") +
            Row(std::string("92") + a, "North", "", "", "40", "-79", "PPL", "US", a, "900") +
            Row(std::string("93") + a, "South", "", "", "36", "-79", "PPL", "US", a, "900") +
            Row(std::string("94") + a, "East", "", "", "38", "-75", "PPL", "US", a, "900") +
            Row(std::string("95") + a, "West", "", "", "38", "-83", "PPL", "US", a, "900");
  }
  GazetteerBuilder b;
  std::istringstream cities(rows);
  ASSERT_TRUE(b.AddGeoNames(cities).ok());
  ASSERT_TRUE(b.AddSubdivisions(R"({"US": {"regions": [
      {"iso": "VA", "admin": "VA", "name": "Near Seat", "names": {"en": "Near Seat"}},
      {"iso": "ID", "admin": "ID", "name": "Far Seat", "names": {"en": "Far Seat"}}]}})")
                  .ok());
  auto g = Gazetteer::FromBytes(b.Build());
  ASSERT_TRUE(g.ok());
  const PlaceRecord* near = First(**g, "Near Seat");
  ASSERT_NE(near, nullptr);
  EXPECT_NEAR(near->lat, (38 + 37.5) / 2, 0.01);
  EXPECT_NEAR(near->lon, (-79 + -77) / 2.0, 0.01);
  const PlaceRecord* far = First(**g, "Far Seat");
  ASSERT_NE(far, nullptr);
  EXPECT_NEAR(far->lat, 38, 0.01);
  EXPECT_NEAR(far->lon, -79, 0.01);
}

TEST(Gazetteer, SecondLevelSubdivisionsStandAtTheirParentsPoint) {
  // iso-codes lists second-level subdivisions (English counties, French departments) with their
  // parent; made-up ones here, under Belgorod Oblast (which has places) and Khabarovsk Krai (none).
  GazetteerBuilder b;
  std::istringstream cities(testing::SmallCities());
  ASSERT_TRUE(b.AddGeoNames(cities).ok());
  ASSERT_TRUE(b.AddSubdivisions(testing::SmallSubdivisions()).ok());
  ASSERT_TRUE(b.AddIsoCodes(R"({"3166-2": [
      {"code": "RU-BEL", "name": "Belgorodskaya oblast'"},
      {"code": "RU-ZZA", "name": "Upper Testshire", "parent": "BEL"},
      {"code": "RU-ZZB", "name": "Lower Testshire", "parent": "RU-KHA"}]})")
                  .ok());
  auto g = Gazetteer::FromBytes(b.Build());
  ASSERT_TRUE(g.ok());
  const PlaceRecord* oblast = First(**g, "Belgorodskaya oblast'");
  const PlaceRecord* shire = First(**g, "Upper Testshire");
  ASSERT_NE(oblast, nullptr);
  ASSERT_NE(shire, nullptr);
  EXPECT_EQ(shire->kind, PlaceKind::kRegion);
  EXPECT_EQ((*g)->IdOf(*shire), "iso:RU-ZZA");
  EXPECT_EQ(shire->lat, oblast->lat);
  EXPECT_EQ(shire->lon, oblast->lon);
  ASSERT_NE(shire->region, kNoRecord);
  EXPECT_EQ((*g)->IdOf((*g)->record(shire->region)), "iso:RU-BEL");
  EXPECT_EQ((*g)->str(shire->admin1), "Belgorod Oblast");
  // A parent without a point leaves its subdivision out.
  EXPECT_EQ(First(**g, "Lower Testshire"), nullptr);
}

TEST(Gazetteer, CountiesUnderTheirFullNamesAtTheMiddleOfTheirPlaces) {
  auto g = testing::SmallGazetteer();
  ASSERT_NE(g, nullptr);
  auto m = g->Lookup("Laurel County");
  ASSERT_EQ(m.records.size(), 1u);
  const PlaceRecord& r = g->record(m.records[0]);
  EXPECT_EQ(r.kind, PlaceKind::kRegion);
  EXPECT_STREQ(r.feature_code, "ADM2");
  EXPECT_EQ(g->IdOf(r), "fips:21125");
  EXPECT_EQ(std::string(r.country, 2), "US");
  EXPECT_EQ(g->str(r.admin1), "Kentucky");  // the county lies in its state
  ASSERT_NE(r.region, kNoRecord);
  EXPECT_EQ(g->IdOf(g->record(r.region)), "iso:US-KY");
  EXPECT_NEAR(r.lat, (37.18953 + 36.96064) / 2, 0.01);
  EXPECT_NEAR(r.lon, (-84.11771 + -84.09326) / 2, 0.01);
  // Never under the bare name (that is a town's), and not without a place to put it at.
  EXPECT_TRUE(g->Lookup("Laurel").records.empty());
  EXPECT_TRUE(g->Lookup("Nowhere County").records.empty());
  GazetteerBuilder b;
  EXPECT_TRUE(b.AddCounties("state,statefp,countyfp,countyname,classfp\nbroken\n").ok());
  EXPECT_EQ(b.skipped_lines(), 1u);
}

// A TopoJSON topology (no transform): a country with id 840 made of a 10 x 10 degree mainland, an
// island 2 degrees off its coast and a remote island far out in the ocean; a square country (112);
// a tall northern one (124).
const char* kShapes = R"({"type": "Topology",
  "objects": {"countries": {"type": "GeometryCollection", "geometries": [
    {"type": "MultiPolygon", "id": "840", "arcs": [[[0]], [[1]], [[2]]]},
    {"type": "Polygon", "id": "112", "arcs": [[3]]},
    {"type": "Polygon", "id": "124", "arcs": [[4]]},
    {"type": "MultiPolygon", "id": "360", "arcs": [[[5]], [[6]], [[7]]]}]}},
  "arcs": [
    [[-100, 35], [-90, 35], [-90, 40], [-90, 45], [-100, 45], [-100, 35]],
    [[-88, 40], [-87, 40], [-87, 41], [-88, 41], [-88, 40]],
    [[-160, 19], [-155, 19], [-155, 22], [-160, 22], [-160, 19]],
    [[24, 51], [32, 51], [32, 56], [24, 56], [24, 51]],
    [[-120, 45], [-110, 45], [-100, 45], [-90, 45], [-80, 45], [-80, 55], [-80, 65], [-80, 80],
     [-90, 80], [-100, 80], [-110, 80], [-120, 80], [-120, 65], [-120, 55], [-120, 45]],
    [[100, 0], [104, 0], [104, 3], [100, 3], [100, 0]],
    [[110, -2], [113, -2], [113, 1], [110, 1], [110, -2]],
    [[120, -6], [123, -6], [123, -3], [120, -3], [120, -6]]]})";

TEST(Gazetteer, ARegionsBoxSpansTheCountrysLandNearestItsPlaces) {
  // The tall northern country (45-80 N, 120-80 W) with a southern region whose places lie at
  // 45-50 N and a northern one whose places lie at 70-78 N: the land between is the nearer
  // region's, so the southern region's box reaches about 60 N and its point moves north of its
  // places' middle (47.5 N) to about 52.5 N.
  using testing::Row;
  std::string rows;
  int id = 100;
  for (auto [lat, lon] : std::vector<std::pair<const char*, const char*>>{
           {"45", "-95"}, {"50", "-95"}, {"47", "-90"}, {"46", "-85"}, {"48", "-92"}}) {
    ++id;  // before the row: its arguments are evaluated in no set order
    rows += Row(std::to_string(id), "S" + std::to_string(id), "", "", lat, lon, "PPL", "CA", "08",
                "900");
  }
  for (auto [lat, lon] : std::vector<std::pair<const char*, const char*>>{
           {"70", "-100"}, {"78", "-100"}, {"74", "-90"}, {"72", "-110"}, {"75", "-95"}}) {
    ++id;  // before the row: its arguments are evaluated in no set order
    rows += Row(std::to_string(id), "N" + std::to_string(id), "", "", lat, lon, "PPL", "CA", "14",
                "900");
  }
  auto build = [&](bool shapes) {
    GazetteerBuilder b;
    std::istringstream cities(rows);
    EXPECT_TRUE(b.AddGeoNames(cities).ok());
    EXPECT_TRUE(b.AddSubdivisions(R"({"CA": {"regions": [
        {"iso": "ON", "admin": "08", "name": "Southland", "names": {"en": "Southland"}},
        {"iso": "NU", "admin": "14", "name": "Northland", "names": {"en": "Northland"}}]}})")
                    .ok());
    if (shapes) {
      EXPECT_TRUE(b.AddCountryShapes(kShapes).ok());
    }
    EXPECT_TRUE(b.AddCountries(R"([{"cca2": "CA", "ccn3": "124", "name": {"common": "Canada"},
                                    "latlng": [60, -100]}])")
                    .ok());
    return Gazetteer::FromBytes(b.Build());
  };
  auto with = build(true);
  ASSERT_TRUE(with.ok());
  const PlaceRecord* south = First(**with, "Southland");
  ASSERT_NE(south, nullptr);
  EXPECT_NEAR(south->lat, 52.5, 1.0);
  // West and east, the land within reach of its places (8 degrees: 103 W) and the coast (80 W).
  EXPECT_NEAR(south->lon, -91.5, 1.0);
  // Without shapes, the middle of the places' box.
  auto without = build(false);
  ASSERT_TRUE(without.ok());
  const PlaceRecord* bare = First(**without, "Southland");
  ASSERT_NE(bare, nullptr);
  EXPECT_NEAR(bare->lat, 47.5, 0.01);
  EXPECT_NEAR(bare->lon, -90, 0.01);
}

TEST(Gazetteer, CountryPointIsTheCentreOfItsMainlandWhenLatlngIsFarFromIt) {
  GazetteerBuilder b;
  std::istringstream cities(testing::SmallCities());
  ASSERT_TRUE(b.AddGeoNames(cities).ok());
  ASSERT_TRUE(b.AddCountryShapes(kShapes).ok());
  ASSERT_TRUE(b.AddCountries(R"([
    {"cca2": "US", "ccn3": "840", "name": {"common": "United States"}, "latlng": [30, -80]},
    {"cca2": "BY", "ccn3": "112", "name": {"common": "Belarus"}, "latlng": [53, 28]},
    {"cca2": "CA", "ccn3": "124", "name": {"common": "Canada"}, "latlng": [60, -100]},
    {"cca2": "ID", "ccn3": "360", "name": {"common": "Indonesia"}, "latlng": [-5, 120]}])")
                  .ok());
  auto g = Gazetteer::FromBytes(b.Build());
  ASSERT_TRUE(g.ok());
  // The remote island is left out; the near one pulls the point a little east of the square's
  // middle (40, -95).
  const PlaceRecord* us = First(**g, "United States");
  ASSERT_NE(us, nullptr);
  EXPECT_NEAR(us->lat, 40.0, 0.3);
  EXPECT_NEAR(us->lon, -94.9, 0.15);
  EXPECT_LT(us->lon, -94.8);
  // A `latlng` within 100 km of the mainland's centre (53.5, 28) is kept.
  const PlaceRecord* by = First(**g, "Belarus");
  ASSERT_NE(by, nullptr);
  EXPECT_FLOAT_EQ(by->lat, 53);
  EXPECT_FLOAT_EQ(by->lon, 28);
  // A country spanning lat 45-80: the projected centroid lies at 57.8, the spherical one near
  // 59.6; a latlng of (60, -100) agrees with the latter and is kept.
  const PlaceRecord* ca = First(**g, "Canada");
  ASSERT_NE(ca, nullptr);
  EXPECT_FLOAT_EQ(ca->lat, 60);
  EXPECT_FLOAT_EQ(ca->lon, -100);
  // An archipelago whose largest island is under half its land has no mainland: latlng stays.
  const PlaceRecord* id = First(**g, "Indonesia");
  ASSERT_NE(id, nullptr);
  EXPECT_FLOAT_EQ(id->lat, -5);
  EXPECT_FLOAT_EQ(id->lon, 120);
  EXPECT_FALSE(b.AddCountryShapes("{\"type\": \"Topology\"}").ok());
}

TEST(Gazetteer, RejectsDamagedFiles) {
  GazetteerBuilder b;
  std::istringstream cities(testing::SmallCities());
  ASSERT_TRUE(b.AddGeoNames(cities).ok());
  EXPECT_EQ(b.skipped_lines(), 1u);
  std::string bytes = b.Build();
  ASSERT_TRUE(Gazetteer::FromBytes(bytes).ok());

  std::string bad_magic = bytes;
  bad_magic[0] = 'X';
  EXPECT_EQ(Gazetteer::FromBytes(bad_magic).status().code(), StatusCode::kCorruption);
  std::string bad_version = bytes;
  bad_version[8] = 99;
  auto v = Gazetteer::FromBytes(bad_version);
  EXPECT_EQ(v.status().code(), StatusCode::kCorruption);
  EXPECT_NE(v.status().message().find("version"), std::string::npos);
  EXPECT_EQ(Gazetteer::FromBytes(bytes.substr(0, bytes.size() / 2)).status().code(),
            StatusCode::kCorruption);
  EXPECT_EQ(Gazetteer::FromBytes("short").status().code(), StatusCode::kCorruption);
  EXPECT_EQ(Gazetteer::Load("/nonexistent/gazetteer.bin").status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(b.AddSubdivisions("[1,2").ok());
  EXPECT_FALSE(b.AddCountries("{}").ok());
}

TEST(Gazetteer, CompilesToAFileThatLoadsByMapping) {
  auto dir = std::filesystem::temp_directory_path() / ("mosaic_gz_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "cities.txt") << testing::SmallCities();
  std::ofstream(dir / "subdivisions.json") << testing::SmallSubdivisions();
  std::ofstream(dir / "countries.json") << testing::SmallCountries();
  GazetteerSources src;
  src.cities = (dir / "cities.txt").string();
  src.subdivisions = (dir / "subdivisions.json").string();
  src.countries = (dir / "countries.json").string();
  GazetteerStats st;
  std::string out = (dir / "gazetteer.bin").string();
  ASSERT_TRUE(CompileGazetteer(src, out, &st).ok());
  auto g = Gazetteer::Load(out);
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ((*g)->size(), st.places + st.regions + st.areas + st.countries);
  ASSERT_NE(First(**g, "Graivoron"), nullptr);
  src.cities = (dir / "missing.txt").string();
  EXPECT_EQ(CompileGazetteer(src, out, &st).code(), StatusCode::kNotFound);
  std::filesystem::remove_all(dir);
}

// The real gazetteer, when the build has compiled it.
std::string RealGazetteer() {
  std::string p = std::string(MOSAIC_BINARY_DIR) + "/gazetteer.bin";
  if (std::filesystem::exists(p)) return p;
  return FindResource("gazetteer.bin");
}

// Load time and lookup speed are measured in src/link/gazetteer_benchmark.cc, never asserted here.
TEST(RealGazetteer, FindsNewsSpellings) {
  std::string path = RealGazetteer();
  if (path.empty()) GTEST_SKIP() << "gazetteer.bin not built (needs scripts/setup.sh data)";
  auto g = Gazetteer::Load(path);
  ASSERT_TRUE(g.ok()) << g.status().message();
  const Gazetteer& gz = **g;
  struct Want {
    const char* name;
    double lat, lon, km;
  } wants[] = {{"Graivoron", 50.48, 35.68, 5},      {"Грайворон", 50.48, 35.68, 5},
               {"Rostov-on-Don", 47.23, 39.72, 10}, {"Vilnius", 54.69, 25.28, 10},
               {"Asipovichy", 53.30, 28.64, 5},     {"Kyiv", 50.45, 30.52, 10},
               {"Kiev", 50.45, 30.52, 10}};
  for (const auto& w : wants) {
    auto m = gz.Lookup(w.name);
    ASSERT_FALSE(m.records.empty()) << w.name;
    const PlaceRecord& r = gz.record(m.records[0]);
    double dlat = r.lat - w.lat, dlon = (r.lon - w.lon) * std::cos(w.lat * M_PI / 180);
    EXPECT_LT(111.2 * std::sqrt(dlat * dlat + dlon * dlon), w.km) << w.name;
  }
  // Regions named as the news names them.
  for (const char* name :
       {"Volyn", "Crimea", "Khabarovsk", "Dnipropetrovsk", "Donbas", "Nagorno-Karabakh"}) {
    bool region = false;
    for (uint32_t id : gz.Lookup(name).records) {
      region = region || gz.record(id).kind == PlaceKind::kRegion ||
               gz.record(id).kind == PlaceKind::kArea;
    }
    EXPECT_TRUE(region) << name;
  }
  // An area lies where its subdivisions do: Nagorno-Karabakh in Azerbaijan, not at a capital
  // of the conflict's other side.
  {
    auto m = gz.Lookup("Nagorno-Karabakh");
    ASSERT_FALSE(m.records.empty());
    const PlaceRecord& r = gz.record(m.records[0]);
    EXPECT_EQ(std::string(r.country, 2), "AZ");
    double dlat = r.lat - 39.82, dlon = (r.lon - 46.75) * std::cos(39.82 * M_PI / 180);
    EXPECT_LT(111.2 * std::sqrt(dlat * dlat + dlon * dlon), 60);
  }
  // Former names of countries.
  for (auto [name, id] :
       {std::pair{"Zaire", "iso:CD"}, {"Ceylon", "iso:LK"}, {"Persia", "iso:IR"}}) {
    bool country = false;
    for (uint32_t r : gz.Lookup(name).records) country = country || gz.IdOf(gz.record(r)) == id;
    EXPECT_TRUE(country) << name;
  }
}

}  // namespace
}  // namespace mosaic::link
