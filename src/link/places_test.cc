#include "link/places.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "link/gazetteer.h"
#include "link/gazetteer_test_data.h"
#include "util/resources.h"

namespace mosaic::link {
namespace {

// A graph whose place entities are every occurrence of each given form (one entity per form), as
// the names tagger would give them.
struct Doc {
  std::string text;
  text::AnalyzedText analyzed;
  DocGraph graph;
};

std::unique_ptr<Doc> MakeDoc(const std::string& text, const std::vector<std::string>& forms,
                             const std::string& type = "place") {
  auto d = std::make_unique<Doc>();
  d->graph.doc.text = text;
  d->analyzed = text::Analyze(d->graph.doc.text);
  int id = 0;
  for (const auto& f : forms) {
    Entity e;
    e.id = "e" + std::to_string(++id);
    e.type = type;
    e.name = f;
    for (size_t p = text.find(f); p != std::string::npos; p = text.find(f, p + 1)) {
      Mention m;
      m.span = Span{static_cast<uint32_t>(p), static_cast<uint32_t>(p + f.size())};
      m.text = f;
      for (size_t s = 0; s < d->analyzed.sentences.size(); ++s) {
        if (d->analyzed.sentences[s].begin <= p && p < d->analyzed.sentences[s].end) {
          m.sentence = static_cast<int>(s);
        }
      }
      e.mentions.push_back(m);
    }
    d->graph.entities.push_back(std::move(e));
  }
  return d;
}

const Entity* ByName(const DocGraph& g, const std::string& name, const std::string& type) {
  for (const auto& e : g.entities) {
    if (e.name == name && e.type == type) return &e;
  }
  return nullptr;
}

const Entity* ById(const DocGraph& g, const std::string& id) {
  for (const auto& e : g.entities) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

double Km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = M_PI / 180;
  double h = std::pow(std::sin((lat2 - lat1) * kRad / 2), 2) +
             std::cos(lat1 * kRad) * std::cos(lat2 * kRad) *
                 std::pow(std::sin((lon2 - lon1) * kRad / 2), 2);
  return 2 * 6371 * std::asin(std::sqrt(h));
}

class PlacesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    gz_ = testing::SmallGazetteer();
    ASSERT_NE(gz_, nullptr);
  }
  std::unique_ptr<Gazetteer> gz_;
};

TEST_F(PlacesTest, LatinSpellingOfACyrillicTownResolves) {
  auto d = MakeDoc("Fighters were seen around the village of Graivoron on Monday.", {"Graivoron"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  const Entity& e = d->graph.entities[0];
  ASSERT_TRUE(e.geo.has_value());
  EXPECT_EQ(e.geo->id, "geonames:559034");
  EXPECT_EQ(e.geo->country, "RU");
  EXPECT_EQ(e.geo->admin1, "Belgorod Oblast");
  EXPECT_EQ(e.geo->precision, "city");  // an administrative seat
  EXPECT_NEAR(e.geo->lat, 50.4767, 1e-3);
}

TEST_F(PlacesTest, RegionPhrasesResolveAtRegionLevel) {
  auto d = MakeDoc(
      "They entered the Belgorod region. Officials in the Volyn region said so. "
      "The Asipovichy district hosts a camp. Belgorod itself was calm.",
      {"Belgorod region", "Volyn", "Asipovichy", "Belgorod itself"});
  // The last form is a sentence-initial city mention: only "Belgorod" is looked up.
  d->graph.entities[3].name = "Belgorod";
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  const auto& ents = d->graph.entities;
  ASSERT_TRUE(ents[0].geo.has_value());
  EXPECT_EQ(ents[0].geo->id, "iso:RU-BEL");
  EXPECT_EQ(ents[0].geo->precision, "region");
  EXPECT_EQ(ents[0].kind, "region");
  // Its point is derived from the places filed under it (Grayvoron, Belgorod, Kozinka).
  EXPECT_LT(Km(ents[0].geo->lat, ents[0].geo->lon, 50.5, 35.9), 50);
  ASSERT_TRUE(ents[1].geo.has_value());
  EXPECT_EQ(ents[1].geo->id, "iso:UA-07");
  EXPECT_EQ(ents[1].kind, "region");
  ASSERT_TRUE(ents[2].geo.has_value());
  EXPECT_EQ(ents[2].geo->precision, "district");
  EXPECT_EQ(ents[2].geo->id, "geonames:624034");
  ASSERT_TRUE(ents[3].geo.has_value());
  EXPECT_EQ(ents[3].geo->id, "geonames:578072");  // without "region": the city
  EXPECT_EQ(ents[3].kind, "city");
}

TEST_F(PlacesTest, CapitalAsSubjectOfASpeechVerbIsTheGovernment) {
  auto d = MakeDoc(
      "In mid-July, Minsk announced that training had begun. Protests spread in Minsk.", {"Minsk"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  const Entity* place = ByName(d->graph, "Minsk", "place");
  const Entity* gov = ByName(d->graph, "Minsk", "organization");
  ASSERT_NE(place, nullptr);
  ASSERT_NE(gov, nullptr);
  EXPECT_EQ(gov->kind, "government");
  EXPECT_EQ(gov->linked_place, place->id);
  ASSERT_EQ(gov->mentions.size(), 1u);
  EXPECT_EQ(gov->mentions[0].span.start, d->graph.doc.text.find("Minsk announced"));
  ASSERT_EQ(place->mentions.size(), 1u);
  ASSERT_TRUE(place->geo.has_value());
  EXPECT_EQ(place->geo->id, "geonames:625144");
  EXPECT_FALSE(gov->geo.has_value());
}

TEST_F(PlacesTest, CapitalAsDestinationStaysAPlace) {
  auto d = MakeDoc("The fighters seized Rostov and advanced toward Moscow before turning back.",
                   {"Moscow"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  ASSERT_EQ(d->graph.entities.size(), 1u);
  const Entity& e = d->graph.entities[0];
  EXPECT_EQ(e.type, "place");
  ASSERT_TRUE(e.geo.has_value());
  EXPECT_EQ(e.geo->id, "geonames:524901");  // the capital, not Moscow, Idaho
  EXPECT_EQ(e.geo->precision, "city");
}

TEST_F(PlacesTest, EveryMentionGovernmentMakesAnOrganizationAndALinkedPlace) {
  auto d =
      MakeDoc("Moscow has issued an arrest warrant. According to Moscow, he fled.", {"Moscow"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  const Entity* gov = ByName(d->graph, "Moscow", "organization");
  ASSERT_NE(gov, nullptr);
  EXPECT_EQ(gov->kind, "government");
  EXPECT_EQ(gov->mentions.size(), 2u);
  const Entity* city = ById(d->graph, gov->linked_place);
  ASSERT_NE(city, nullptr);
  EXPECT_EQ(city->type, "place");
  ASSERT_TRUE(city->geo.has_value());
  EXPECT_EQ(city->geo->id, "geonames:524901");
}

TEST_F(PlacesTest, SeatOfGovernmentIsLinkedToItsCapital) {
  auto d = MakeDoc("Talks between the Kremlin and the group's leader went on.", {"Kremlin"},
                   "organization");
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  const Entity& k = d->graph.entities[0];
  EXPECT_EQ(k.type, "organization");
  EXPECT_EQ(k.kind, "government");
  const Entity* city = ById(d->graph, k.linked_place);
  ASSERT_NE(city, nullptr);
  EXPECT_EQ(city->type, "place");
  ASSERT_TRUE(city->geo.has_value());
  EXPECT_EQ(city->geo->id, "geonames:524901");
}

TEST_F(PlacesTest, DocumentCountriesChooseAmongNamesakes) {
  // Only the US Moscow is a non-capital; in a US-context document with Idaho's Moscow... the
  // capital still wins on size unless the context says otherwise: name the US as the country.
  auto d = MakeDoc("The United States town of Moscow held a fair. The United States fair was big.",
                   {"United States", "Moscow"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  ASSERT_TRUE(d->graph.entities[0].geo.has_value());
  EXPECT_EQ(d->graph.entities[0].geo->precision, "country");
  EXPECT_EQ(d->graph.entities[0].kind, "country");
  ASSERT_TRUE(d->graph.entities[1].geo.has_value());
  // Population still dominates (10M vs 25k); context adds evidence but does not override it.
  EXPECT_EQ(d->graph.entities[1].geo->country, "RU");
}

TEST_F(PlacesTest, CountyNamedInFullResolvesToTheCountyAtDistrictPrecision) {
  // The tagger may keep the whole "Laurel County" or only "Laurel" before the word "County".
  for (const char* form : {"Laurel County", "Laurel"}) {
    auto d = MakeDoc("Deputies from Laurel County searched the river banks on Tuesday.", {form});
    ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
    const Entity& e = d->graph.entities[0];
    ASSERT_TRUE(e.geo.has_value()) << form;
    EXPECT_EQ(e.geo->precision, "district") << form;
    EXPECT_EQ(e.geo->id, "fips:21125") << form;
    EXPECT_EQ(e.geo->admin1, "Kentucky") << form;
    EXPECT_EQ(e.kind, "region") << form;
    EXPECT_NEAR(e.geo->lat, 37.075, 0.02) << form;
  }
  // A county the gazetteer does not hold falls back to the town of that name.
  auto d = MakeDoc("Police in Kovel County said the road was closed.", {"Kovel"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  ASSERT_TRUE(d->graph.entities[0].geo.has_value());
  EXPECT_EQ(d->graph.entities[0].geo->id, "geonames:708380");
  EXPECT_EQ(d->graph.entities[0].geo->precision, "district");
}

TEST_F(PlacesTest, DottedStateAbbreviationIsTheUsState) {
  // The tagger may keep the dot or leave it after the span.
  for (const char* form : {"Ky.", "Ky"}) {
    auto d = MakeDoc("The sawmill near East Bernstadt, Ky., closed on Friday.", {form});
    ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
    const Entity& e = d->graph.entities[0];
    ASSERT_TRUE(e.geo.has_value()) << form;
    EXPECT_EQ(e.geo->id, "iso:US-KY") << form;
    EXPECT_EQ(e.geo->precision, "region") << form;
  }
  // An entity named otherwise that also has the abbreviation among its mentions (merged as its
  // initials) is not the state.
  auto d = MakeDoc("The sawmill near East Bernstadt, Ky., closed on Friday.", {"East Bernstadt"});
  Mention ky;
  size_t at = d->graph.doc.text.find("Ky");
  ky.span = Span{static_cast<uint32_t>(at), static_cast<uint32_t>(at + 3)};
  ky.text = "Ky.";
  d->graph.entities[0].mentions.push_back(ky);
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  ASSERT_TRUE(d->graph.entities[0].geo.has_value());
  EXPECT_EQ(d->graph.entities[0].geo->id, "geonames:4285970");
  // "D-W. Va." tagged as "Va": the first part of the abbreviation lies before the span.
  auto west = MakeDoc("Rep. Nick Rahall, D-W. Va., spoke.", {"Va"});
  ResolvePlaces(west->analyzed, gz_.get(), &west->graph);
  ASSERT_TRUE(west->graph.entities[0].geo.has_value());
  EXPECT_EQ(west->graph.entities[0].geo->id, "iso:US-WV");
  auto plain = MakeDoc("Rep. Jim Moran, D-Va., spoke.", {"Va"});
  ResolvePlaces(plain->analyzed, gz_.get(), &plain->graph);
  ASSERT_TRUE(plain->graph.entities[0].geo.has_value());
  EXPECT_EQ(plain->graph.entities[0].geo->id, "iso:US-VA");
}

TEST_F(PlacesTest, APlaceFollowedByACommaAndAnotherLiesInIt) {
  auto d =
      MakeDoc("The fair in Moscow, Idaho, drew farmers from three counties.", {"Moscow", "Idaho"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  ASSERT_TRUE(d->graph.entities[0].geo.has_value());
  EXPECT_EQ(d->graph.entities[0].geo->id, "geonames:5601538");
  ASSERT_TRUE(d->graph.entities[1].geo.has_value());
  EXPECT_EQ(d->graph.entities[1].geo->id, "iso:US-ID");
  // Without the pair, the capital's size wins.
  auto alone = MakeDoc("The fair in Moscow drew farmers. Idaho was far away.", {"Moscow", "Idaho"});
  ResolvePlaces(alone->analyzed, gz_.get(), &alone->graph);
  ASSERT_TRUE(alone->graph.entities[0].geo.has_value());
  EXPECT_EQ(alone->graph.entities[0].geo->country, "RU");
}

TEST_F(PlacesTest, AListOfPlacesIsNotAPlaceAndWhatHoldsIt) {
  // Three or more names joined by commas are a list: "Moscow, Idaho" inside it is no pair.
  auto d = MakeDoc("The tour visits Minsk, Moscow, Idaho and Mogilev.",
                   {"Minsk", "Moscow", "Idaho", "Mogilev"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  ASSERT_TRUE(d->graph.entities[1].geo.has_value());
  EXPECT_EQ(d->graph.entities[1].geo->id, "geonames:524901");
}

TEST_F(PlacesTest, ANameInAListOfRegionsIsTheRegion) {
  // Every name of a list of regions is a region.
  auto d = MakeDoc("Cases were reported in Kentucky, Idaho, Arizona and Volyn Oblast.",
                   {"Kentucky", "Idaho", "Arizona", "Volyn Oblast"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  for (const Entity& e : d->graph.entities) {
    ASSERT_TRUE(e.geo.has_value()) << e.name;
    EXPECT_EQ(e.geo->precision, "region") << e.name;
  }
  // Oregon, Ohio lies in Ohio beside Toledo, both of which the list also names; in a list of
  // mostly states Oregon is the state.
  auto list = MakeDoc("Cases were reported in Toledo, Kentucky, Ohio, Oregon and Idaho.",
                      {"Toledo", "Kentucky", "Ohio", "Oregon", "Idaho"});
  ResolvePlaces(list->analyzed, gz_.get(), &list->graph);
  ASSERT_TRUE(list->graph.entities[3].geo.has_value());
  EXPECT_EQ(list->graph.entities[3].geo->id, "iso:US-OR");
}

TEST_F(PlacesTest, ARegionFoundUnderAnotherOfItsNamesIsAWeakerReading) {
  // The District of Columbia is filed under "Columbia" too, and holds more people than Columbia,
  // South Carolina; the town's own name wins.
  auto d = MakeDoc("The council met in Columbia on Monday.", {"Columbia"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  ASSERT_TRUE(d->graph.entities[0].geo.has_value());
  EXPECT_EQ(d->graph.entities[0].geo->id, "geonames:4575352");
}

TEST_F(PlacesTest, SeveralNeighboursOutweighABigNamesake) {
  // Columbus, Ohio is 40 times Columbus, Nebraska; two Nebraska towns beside the name decide.
  auto d = MakeDoc("Crews from Schuyler and David City helped in Columbus after the storm.",
                   {"Schuyler", "David City", "Columbus"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  ASSERT_TRUE(d->graph.entities[2].geo.has_value());
  EXPECT_EQ(d->graph.entities[2].geo->id, "geonames:5066001");
  // One neighbour is not enough against that size.
  auto one =
      MakeDoc("Crews from Schuyler helped in Columbus after the storm.", {"Schuyler", "Columbus"});
  ResolvePlaces(one->analyzed, gz_.get(), &one->graph);
  ASSERT_TRUE(one->graph.entities[1].geo.has_value());
  EXPECT_EQ(one->graph.entities[1].geo->id, "geonames:4509177");
}

TEST_F(PlacesTest, TwoEntitiesOfOneNameAreNotTwoPlacesThatAgree) {
  // The names resolver may keep two entities of one name apart; the big namesake's reading of one
  // must not count as a neighbour that supports the same reading of the other.
  auto d = MakeDoc(
      "Crews from Schuyler and David City helped in Columbus after the storm. The Columbus mayor "
      "thanked them.",
      {"Schuyler", "David City", "Columbus"});
  Entity second = d->graph.entities[2];
  ASSERT_EQ(second.mentions.size(), 2u);
  second.id = "e4";
  second.mentions.erase(second.mentions.begin());
  d->graph.entities[2].mentions.pop_back();
  d->graph.entities.push_back(second);
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  for (size_t e : {2u, 3u}) {
    ASSERT_TRUE(d->graph.entities[e].geo.has_value());
    EXPECT_EQ(d->graph.entities[e].geo->id, "geonames:5066001");
  }
}

TEST_F(PlacesTest, TheRegionNamedInTheTextCountsAboveTheNeighboursCap) {
  // Toledo draws Columbus to Ohio; Schuyler and David City (capped together) and the state the text
  // names draw it to Nebraska, and the state counts apart from the neighbours.
  auto d =
      MakeDoc("Nebraska sent crews from Schuyler and David City to Columbus; Toledo sent none.",
              {"Nebraska", "Schuyler", "David City", "Columbus", "Toledo"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  ASSERT_TRUE(d->graph.entities[3].geo.has_value());
  EXPECT_EQ(d->graph.entities[3].geo->id, "geonames:5066001");
}

TEST_F(PlacesTest, OrganizationsNamedAfterTheirStateOrCountyPlaceALocalText) {
  // Columbus is Ohio's capital before the Nebraska town; the sheriff's office of the county it lies
  // in and the state's patrol place the text in Nebraska.
  auto d = MakeDoc(
      "Columbus police, the Platte County Sheriff's Office and the Nebraska State Patrol searched "
      "the area.",
      {"Columbus", "Platte County Sheriff's Office", "Nebraska State Patrol"});
  d->graph.entities[1].type = d->graph.entities[2].type = "organization";
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  ASSERT_TRUE(d->graph.entities[0].geo.has_value());
  EXPECT_EQ(d->graph.entities[0].geo->id, "geonames:5066001");
  // The organizations stay what they are, without a point.
  EXPECT_EQ(d->graph.entities[1].type, "organization");
  EXPECT_FALSE(d->graph.entities[2].geo.has_value());
  // A name the tagger typed as a place but the gazetteer does not hold reads the same way.
  auto tagged = MakeDoc(
      "Columbus police, the Platte County Sheriff and the Nebraska State Patrol searched the area.",
      {"Columbus", "Platte County Sheriff", "Nebraska State Patrol"});
  tagged->graph.entities[2].type = "organization";
  ResolvePlaces(tagged->analyzed, gz_.get(), &tagged->graph);
  ASSERT_TRUE(tagged->graph.entities[0].geo.has_value());
  EXPECT_EQ(tagged->graph.entities[0].geo->id, "geonames:5066001");
  // Without them, the capital.
  auto alone = MakeDoc("Columbus police searched the area.", {"Columbus"});
  ResolvePlaces(alone->analyzed, gz_.get(), &alone->graph);
  ASSERT_TRUE(alone->graph.entities[0].geo.has_value());
  EXPECT_EQ(alone->graph.entities[0].geo->id, "geonames:4509177");
}

TEST_F(PlacesTest, ANameInsideAnotherDoesNotVouchForIt) {
  // "North Columbus" lies beside Columbus wherever both exist: it is no second neighbour that
  // draws Columbus to Nebraska, and Schuyler alone is not enough against Ohio's capital.
  auto d = MakeDoc("Crews from Schuyler helped in Columbus and North Columbus after the storm.",
                   {"Schuyler", "North Columbus", "Columbus"});
  // MakeDoc also finds "Columbus" inside "North Columbus": keep the standalone mention only.
  auto& columbus = d->graph.entities[2].mentions;
  columbus.erase(std::remove_if(columbus.begin(), columbus.end(),
                                [&](const Mention& m) {
                                  return m.span.start ==
                                         d->graph.doc.text.find("North Columbus") + 6;
                                }),
                 columbus.end());
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  ASSERT_TRUE(d->graph.entities[2].geo.has_value());
  EXPECT_EQ(d->graph.entities[2].geo->id, "geonames:4509177");
}

TEST_F(PlacesTest, TownsOfOneRegionFarApartDoNotVouchForEachOther) {
  // Bristol lies in Virginia 530 km from Alexandria, Virginia: sharing the state says little, and
  // Evansville, whose Minnesota namesake lies 25 km from Alexandria, Minnesota, decides.
  auto d = MakeDoc("Crews from Bristol and Evansville helped in Alexandria after the storm.",
                   {"Bristol", "Evansville", "Alexandria"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  ASSERT_TRUE(d->graph.entities[2].geo.has_value());
  EXPECT_EQ(d->graph.entities[2].geo->id, "geonames:5016108");
}

TEST_F(PlacesTest, ACountrysNameBeforeANounOfLocalLifeIsATown) {
  // News writes "a Russian man"; "a Russia man" is a man from a town called Russia.
  auto d = MakeDoc("A Russia man was hurt when his tractor overturned near Toledo.",
                   {"Russia", "Toledo"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  ASSERT_TRUE(d->graph.entities[0].geo.has_value());
  EXPECT_EQ(d->graph.entities[0].geo->id, "geonames:9170691");
  // Elsewhere the name is the country.
  auto c = MakeDoc("Russia sent a tractor to Toledo.", {"Russia", "Toledo"});
  ResolvePlaces(c->analyzed, gz_.get(), &c->graph);
  ASSERT_TRUE(c->graph.entities[0].geo.has_value());
  EXPECT_EQ(c->graph.entities[0].geo->id, "iso:RU");
}

TEST_F(PlacesTest, ACountyNamedWithoutItsLevelWordIsAWeakReading) {
  // "Laurel" is only a county's name: it is the county.
  auto d =
      MakeDoc("Crews from Laurel and North Corbin cleared the roads.", {"Laurel", "North Corbin"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  ASSERT_TRUE(d->graph.entities[0].geo.has_value());
  EXPECT_EQ(d->graph.entities[0].geo->id, "fips:21125");
  EXPECT_EQ(d->graph.entities[0].geo->precision, "district");
  // "Columbus" is a town before it is Columbus County, North Carolina.
  auto town = MakeDoc("Crews cleared the roads in Columbus.", {"Columbus"});
  ResolvePlaces(town->analyzed, gz_.get(), &town->graph);
  ASSERT_TRUE(town->graph.entities[0].geo.has_value());
  EXPECT_EQ(town->graph.entities[0].geo->id, "geonames:4509177");
}

TEST_F(PlacesTest, SmallNamesakesThatLieTogetherOutweighBigOnesApart) {
  // Alexandria and Evansville are bigger in Virginia and Indiana, but both have small namesakes
  // 25 km apart in Minnesota; named together, they are those.
  auto d = MakeDoc("Crews from Evansville helped in Alexandria after the storm.",
                   {"Evansville", "Alexandria"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  ASSERT_TRUE(d->graph.entities[0].geo.has_value());
  ASSERT_TRUE(d->graph.entities[1].geo.has_value());
  EXPECT_EQ(d->graph.entities[0].geo->id, "geonames:5025965");
  EXPECT_EQ(d->graph.entities[1].geo->id, "geonames:5016108");
  // Alone, the bigger namesake wins.
  auto alone = MakeDoc("Crews helped in Alexandria after the storm.", {"Alexandria"});
  ResolvePlaces(alone->analyzed, gz_.get(), &alone->graph);
  ASSERT_TRUE(alone->graph.entities[0].geo.has_value());
  EXPECT_EQ(alone->graph.entities[0].geo->id, "geonames:4744091");
}

TEST_F(PlacesTest, ARegionKeepsItsNameAgainstATownFiledUnderItOnlyAsAnAlias) {
  // GeoNames lists "Arizona" among Yuma's alternate names; Yuma lies in Arizona.
  auto d = MakeDoc("Voters in Arizona go to the polls on Tuesday.", {"Arizona"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  ASSERT_TRUE(d->graph.entities[0].geo.has_value());
  EXPECT_EQ(d->graph.entities[0].geo->id, "iso:US-AZ");
}

TEST_F(PlacesTest, AFullCountryNameEndingInALevelWordIsTheCountry) {
  // "Republic" is also a level word ("the Komi Republic"); the country's own name comes first.
  auto d = MakeDoc("Flights to the Czech Republic resumed on Monday.", {"Czech Republic"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  ASSERT_TRUE(d->graph.entities[0].geo.has_value());
  EXPECT_EQ(d->graph.entities[0].geo->id, "iso:CZ");
  EXPECT_EQ(d->graph.entities[0].kind, "country");
}

TEST_F(PlacesTest, UnknownPlaceBorrowsANearbyPointAtCoarserPrecision) {
  auto d = MakeDoc(
      "They attacked a border post near the village of Zarechnoye. "
      "They were seen around Graivoron later.",
      {"Zarechnoye", "Graivoron", "Atlantis"});
  d->graph.entities[2].mentions.clear();  // named nowhere near a resolved place
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  const Entity& z = d->graph.entities[0];
  ASSERT_TRUE(z.geo.has_value());
  EXPECT_EQ(z.geo->id, "geonames:559034");
  EXPECT_EQ(z.geo->precision, "district");
  EXPECT_EQ(z.kind, "village");
  EXPECT_FALSE(d->graph.entities[2].geo.has_value());  // never invented
}

TEST_F(PlacesTest, AFormerStateTheGazetteerLacksBorrowsNoTownsPoint) {
  // "in the X" is a place cue, but a union or an empire is not a hamlet of the town named beside
  // it: without a gazetteer record it stays without a point; a village in the same text still
  // borrows one.
  auto d = MakeDoc(
      "Graivoron was shelled. Veterans recalled life in the Zaporozhian Union and in the Sarmatian "
      "Empire, near the village of Zarechnoye.",
      {"Graivoron", "Zaporozhian Union", "Sarmatian Empire", "Zarechnoye"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  ASSERT_TRUE(d->graph.entities[0].geo.has_value());
  EXPECT_FALSE(d->graph.entities[1].geo.has_value());
  EXPECT_FALSE(d->graph.entities[2].geo.has_value());
  ASSERT_TRUE(d->graph.entities[3].geo.has_value());
  EXPECT_TRUE(d->graph.entities[3].geo->borrowed);
}

TEST_F(PlacesTest, CountryNamedBeforeAnUnknownVillageKeepsTheBorrowedPointThere) {
  auto d = MakeDoc(
      "They seized Lutsk. Fighters attacked a post near the Russian village of Zarechnoye. "
      "Later they left Lutsk again, and Graivoron was quiet.",
      {"Lutsk", "Zarechnoye", "Graivoron"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  const Entity& z = d->graph.entities[1];
  ASSERT_TRUE(z.geo.has_value());
  EXPECT_EQ(z.geo->country, "RU");  // not Lutsk (UA), although it is nearer in the text
  EXPECT_EQ(z.geo->id, "geonames:559034");
}

TEST_F(PlacesTest, DemonymEntityTypedPlaceResolvesToItsCountry) {
  auto d = MakeDoc("Russian troops crossed the border.", {"Russian"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  ASSERT_TRUE(d->graph.entities[0].geo.has_value());
  EXPECT_EQ(d->graph.entities[0].geo->id, "iso:RU");
}

TEST_F(PlacesTest, FallbackNamesThatArePlacesAreRetyped) {
  auto d = MakeDoc(
      "Officials in Belarus met. Fighters reached the village of Grayvoron. The Lutsk Group "
      "said it would respond. Zarechnoye district was calm. Russian troops moved.",
      {"Belarus", "Grayvoron", "Lutsk Group", "Zarechnoye", "Russian"}, "organization");
  for (auto& e : d->graph.entities) e.kind = "other";
  d->graph.entities[0].kind = "armed_group";  // the fallback's guess from nearby words
  PlaceOptions options;
  options.retag = PlaceOptions::Retag::kBroad;
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph, options);
  const auto& ents = d->graph.entities;
  EXPECT_EQ(ents[0].type, "place");  // a country whatever the guessed kind
  ASSERT_TRUE(ents[0].geo.has_value());
  EXPECT_EQ(ents[1].type, "place");         // small, but "the village of"
  EXPECT_EQ(ents[2].type, "organization");  // not a gazetteer name
  EXPECT_EQ(ents[3].type, "place");         // unknown, but "district"
  EXPECT_EQ(ents[4].type, "organization");  // a demonym names people
  // Without the option nothing is retyped; with the narrow one (NER model) only uncued names.
  auto d2 = MakeDoc("Officials in Belarus met. The Moscow group met in Minsk.",
                    {"Belarus", "Minsk"}, "organization");
  d2->graph.entities[0].kind = "other";
  d2->graph.entities[1].kind = "armed_group";
  ResolvePlaces(d2->analyzed, gz_.get(), &d2->graph);
  EXPECT_EQ(d2->graph.entities[0].type, "organization");
  options.retag = PlaceOptions::Retag::kNarrow;
  ResolvePlaces(d2->analyzed, gz_.get(), &d2->graph, options);
  EXPECT_EQ(d2->graph.entities[0].type, "place");
  EXPECT_EQ(d2->graph.entities[1].type, "organization");
}

TEST_F(PlacesTest, DirectionWordsAndUncuedUnknownNamesGetNoPoint) {
  auto d = MakeDoc("Ties with the West grew. Graivoron was shelled, Bellingcat reported.",
                   {"West", "Graivoron", "Bellingcat"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  EXPECT_FALSE(d->graph.entities[0].geo.has_value());
  EXPECT_TRUE(d->graph.entities[1].geo.has_value());
  EXPECT_FALSE(d->graph.entities[2].geo.has_value());  // no place cue: nothing borrowed
}

TEST_F(PlacesTest, AnAliasOnlyTownAbroadInATextAboutElsewhereBorrowsALocalPoint) {
  // "Osipovichi" is only an alternate name of Asipovichy (Belarus); the text's places are all in
  // Ukraine, so the name is read as an unknown place there, not as the Belarusian town.
  auto d = MakeDoc(
      "Armed men attacked the camp at Osipovichi in Ukraine on Sunday. Officials in Lutsk said "
      "residents fled toward Kovel.",
      {"Osipovichi", "Ukraine", "Lutsk", "Kovel"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  const Entity& o = d->graph.entities[0];
  ASSERT_TRUE(o.geo.has_value());
  EXPECT_EQ(o.geo->country, "UA");
  EXPECT_EQ(o.geo->precision, "district");
  EXPECT_TRUE(o.geo->borrowed);  // another place's point and id: not an identity
  // Alone, or in a text about Belarus, the alternate name still finds the town.
  auto alone = MakeDoc("Armed men attacked the camp at Osipovichi on Sunday.", {"Osipovichi"});
  ResolvePlaces(alone->analyzed, gz_.get(), &alone->graph);
  ASSERT_TRUE(alone->graph.entities[0].geo.has_value());
  EXPECT_EQ(alone->graph.entities[0].geo->id, "geonames:624034");
  EXPECT_FALSE(alone->graph.entities[0].geo->borrowed);
}

TEST_F(PlacesTest, LowerCaseWordsBeforeAnUnknownPlaceAreNotCountryCodes) {
  // "us" is also the United States' code: it must not send the borrowed point abroad.
  auto d = MakeDoc("Guides showed us the village of Zarechnoye. They were seen around Graivoron.",
                   {"Zarechnoye", "Graivoron"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  ASSERT_TRUE(d->graph.entities[0].geo.has_value());
  EXPECT_EQ(d->graph.entities[0].geo->country, "RU");
}

TEST_F(PlacesTest, AVillageAbroadInATextAboutElsewhereStaysUnresolved) {
  auto d = MakeDoc("Belarus and Minsk officials met Kozinka.", {"Belarus", "Minsk", "Kozinka"});
  ResolvePlaces(d->analyzed, gz_.get(), &d->graph);
  EXPECT_TRUE(d->graph.entities[1].geo.has_value());
  EXPECT_FALSE(d->graph.entities[2].geo.has_value());  // a Russian hamlet; the text is about BY
  auto alone = MakeDoc("Kozinka was quiet.", {"Kozinka"});
  ResolvePlaces(alone->analyzed, gz_.get(), &alone->graph);
  ASSERT_TRUE(alone->graph.entities[0].geo.has_value());
  EXPECT_EQ(alone->graph.entities[0].geo->precision, "village");
}

TEST_F(PlacesTest, NoGazetteerLeavesPlacesAlone) {
  auto d = MakeDoc("Minsk announced it.", {"Minsk"});
  ResolvePlaces(d->analyzed, static_cast<const Gazetteer*>(nullptr), &d->graph);
  EXPECT_EQ(d->graph.entities.size(), 1u);
  EXPECT_FALSE(d->graph.entities[0].geo.has_value());
}

// The sample articles with the real gazetteer: every gold place form, tagged as a place, resolves
// within the gold distance (the tagger is not under test here).
TEST(PlacesOnSeeds, GoldFormsResolveWithinDistance) {
  std::string shared = std::string(MOSAIC_SOURCE_DIR) + "/../shared";
  std::string gz_path = std::string(MOSAIC_BINARY_DIR) + "/gazetteer.bin";
  if (!std::filesystem::exists(shared + "/gold/seeds.json")) {
    GTEST_SKIP() << "../shared/gold/seeds.json absent";
  }
  if (!std::filesystem::exists(gz_path)) GTEST_SKIP() << "gazetteer.bin not built";
  auto gz = Gazetteer::Load(gz_path);
  ASSERT_TRUE(gz.ok());
  std::ifstream gin(shared + "/gold/seeds.json");
  nlohmann::json gold = nlohmann::json::parse(gin);
  std::map<std::string, std::string> texts;
  for (const auto& entry : std::filesystem::directory_iterator(shared + "/seeds")) {
    std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".txt") continue;
    std::ifstream in(entry.path());
    std::stringstream ss;
    ss << in.rdbuf();
    texts[name.substr(0, 3)] = ss.str();
  }
  // One graph per article with every gold place form in it, as the tagger would give them.
  std::map<std::string, std::vector<std::string>> forms_by_doc;
  for (const auto& ge : gold["entities"]) {
    if (ge["type"] != "place") continue;
    for (const auto& doc : ge["docs"]) {
      for (const auto& f : ge["must_merge"]) {
        if (texts[doc.get<std::string>()].find(f.get<std::string>()) != std::string::npos) {
          forms_by_doc[doc.get<std::string>()].push_back(f.get<std::string>());
        }
      }
    }
  }
  std::map<std::string, std::unique_ptr<Doc>> docs;
  for (const auto& [doc, forms] : forms_by_doc) {
    docs[doc] = MakeDoc(texts[doc], forms);
    ResolvePlaces(docs[doc]->analyzed, gz->get(), &docs[doc]->graph);
  }
  int ok = 0, total = 0;
  std::string misses;
  for (const auto& ge : gold["entities"]) {
    if (ge["type"] != "place" || !ge.contains("geo")) continue;
    for (const auto& doc : ge["docs"]) {
      auto it = docs.find(doc.get<std::string>());
      std::string form = ge["must_merge"][0];
      if (it == docs.end() || texts[doc.get<std::string>()].find(form) == std::string::npos) {
        continue;
      }
      ++total;
      double best = 1e9;
      for (const auto& e : it->second->graph.entities) {
        if (e.type == "place" && e.geo && e.name == form) {
          best = std::min(best, Km(e.geo->lat, e.geo->lon, ge["geo"]["lat"], ge["geo"]["lon"]));
        }
      }
      if (best <= ge["geo"]["km"].get<double>()) {
        ++ok;
      } else {
        misses += " " + doc.get<std::string>() + ":" + ge["id"].get<std::string>() + "(" +
                  std::to_string(static_cast<int>(best)) + " km)";
      }
    }
  }
  std::printf("seed places within distance: %d/%d;%s\n", ok, total, misses.c_str());
  EXPECT_GE(ok, total - 2) << misses;
}

}  // namespace
}  // namespace mosaic::link
