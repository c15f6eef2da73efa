// `mosaic eval geo`: place resolution on the geoparsing development sets (LGL, GeoVirus).
//   (a) given the gold toponym strings: every gold span is a place entity (one per distinct phrase
//       per article, as the tagger would give it) and ResolvePlaces picks the coordinates;
//   (b) end to end: the full pipeline tags and resolves; a gold toponym counts as found when a
//   place
//       mention overlaps its span.
// Reports accuracy within 161 km (100 miles, the customary threshold) and the median error in km.
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.h"
#include "link/gazetteer.h"
#include "link/places.h"
#include "mosaic/pipeline.h"
#include "text/analyzed_text.h"
#include "util/geo.h"
#include "util/resources.h"

namespace {

struct Toponym {
  uint32_t start = 0, end = 0;  // bytes into the article text
  std::string phrase;
  double lat = 0, lon = 0;
};

struct Article {
  std::string text;
  std::vector<Toponym> toponyms;
};

std::string Content(xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  std::string s = c ? reinterpret_cast<const char*>(c) : "";
  xmlFree(c);
  return s;
}

xmlNode* Child(xmlNode* n, const char* name) {
  for (xmlNode* c = n ? n->children : nullptr; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && xmlStrcmp(c->name, BAD_CAST name) == 0) return c;
  }
  return nullptr;
}

// Code point offset -> byte offset in a UTF-8 string.
uint32_t ByteOfCodePoint(const std::string& s, uint32_t cp) {
  uint32_t count = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (count == cp) return static_cast<uint32_t>(i);
      ++count;
    }
  }
  return static_cast<uint32_t>(s.size());
}

// LGL: <article><text/><toponyms><toponym><start/><end/><phrase/><gaztag><lat/><lon/>.
// GeoVirus: <article><text/><locations><location><name/><start/><end/><lat/><lon/>.
// Offsets are in code points; toponyms without coordinates are skipped.
std::vector<Article> ReadGeoXml(const std::string& path, size_t* bad_spans) {
  std::vector<Article> out;
  xmlDoc* doc = xmlReadFile(path.c_str(), nullptr, XML_PARSE_NONET | XML_PARSE_HUGE);
  if (doc == nullptr) return out;
  for (xmlNode* a = xmlDocGetRootElement(doc)->children; a; a = a->next) {
    if (a->type != XML_ELEMENT_NODE || xmlStrcmp(a->name, BAD_CAST "article") != 0) continue;
    Article art;
    art.text = Content(Child(a, "text"));
    xmlNode* list = Child(a, "toponyms");
    const char* item = "toponym";
    if (list == nullptr) {
      list = Child(a, "locations");
      item = "location";
    }
    for (xmlNode* t = list ? list->children : nullptr; t; t = t->next) {
      if (t->type != XML_ELEMENT_NODE || xmlStrcmp(t->name, BAD_CAST item) != 0) continue;
      xmlNode* coords = Child(t, "gaztag") ? Child(t, "gaztag") : t;
      xmlNode* lat = Child(coords, "lat");
      xmlNode* lon = Child(coords, "lon");
      xmlNode* s = Child(t, "start");
      xmlNode* e = Child(t, "end");
      if (!lat || !lon || !s || !e) continue;
      Toponym tp;
      tp.phrase = Content(Child(t, "phrase") ? Child(t, "phrase") : Child(t, "name"));
      tp.lat = std::atof(Content(lat).c_str());
      tp.lon = std::atof(Content(lon).c_str());
      tp.start = ByteOfCodePoint(art.text, static_cast<uint32_t>(std::atol(Content(s).c_str())));
      tp.end = ByteOfCodePoint(art.text, static_cast<uint32_t>(std::atol(Content(e).c_str())));
      if (tp.end <= tp.start || art.text.compare(tp.start, tp.end - tp.start, tp.phrase) != 0) {
        // GeoVirus' offsets are often one character off: take the occurrence of the phrase
        // nearest to the stated offset, within a few characters.
        size_t from = tp.start > 8 ? tp.start - 8 : 0;
        size_t at = tp.phrase.empty() ? std::string::npos : art.text.find(tp.phrase, from);
        if (at == std::string::npos || at > tp.start + 8) {
          ++*bad_spans;
          continue;
        }
        tp.start = static_cast<uint32_t>(at);
        tp.end = static_cast<uint32_t>(at + tp.phrase.size());
      }
      art.toponyms.push_back(std::move(tp));
    }
    out.push_back(std::move(art));
  }
  xmlFreeDoc(doc);
  return out;
}

double Median(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int SentenceOf(const mosaic::text::AnalyzedText& t, uint32_t byte) {
  for (size_t s = 0; s < t.sentences.size(); ++s) {
    if (t.sentences[s].begin <= byte && byte < t.sentences[s].end) return static_cast<int>(s);
  }
  return -1;
}

// The geo of the place entity (or of the place linked to a government) with a mention on [s, e).
const mosaic::Geo* GeoAt(const mosaic::DocGraph& g, uint32_t s, uint32_t e) {
  for (const auto& ent : g.entities) {
    for (const auto& m : ent.mentions) {
      if (m.span.start >= e || m.span.end <= s) continue;
      if (ent.type == "place") return ent.geo ? &*ent.geo : nullptr;
      if (!ent.linked_place.empty()) {
        for (const auto& o : g.entities) {
          if (o.id == ent.linked_place && o.geo) return &*o.geo;
        }
      }
    }
  }
  return nullptr;
}

struct Scores {
  size_t gold = 0, resolved = 0, within = 0;
  std::vector<double> errors;
  size_t found = 0, found_within = 0, predicted_places = 0;
  std::vector<double> found_errors;
};

struct Args {
  std::string data = std::string(MOSAIC_SOURCE_DIR) + "/../shared/data/geoparsing";
  std::string gazetteer;
  size_t limit = 0;
  bool end_to_end = true;
  bool verbose = false;
};

int Run(const Args& a) {
  std::string gz_path = a.gazetteer.empty() ? mosaic::FindResource("gazetteer.bin") : a.gazetteer;
  if (gz_path.empty()) {
    mosaic::cli::PrintError("gazetteer.bin not found: build it or pass --gazetteer");
    return 1;
  }
  auto gz = mosaic::link::Gazetteer::Load(gz_path);
  if (!gz.ok()) {
    mosaic::cli::PrintError(gz.status().message());
    return 1;
  }
  std::shared_ptr<const mosaic::Resources> resources;
  if (a.end_to_end) {
    mosaic::ResourceOptions ro;
    ro.gazetteer = gz_path;
    auto r = mosaic::Resources::Load(ro);
    if (!r.ok()) {
      mosaic::cli::PrintError(r.status().message());
      return 1;
    }
    resources = *r;
  }
  std::printf("%-10s %6s %8s | %-28s | %-52s\n", "set", "docs", "toponyms",
              "(a) gold names: acc@161 median",
              "(b) end to end: found  acc@161(found)  median  all");
  for (const char* set : {"lgl.xml", "GeoVirus.xml"}) {
    std::string path = a.data + "/" + set;
    if (!std::filesystem::exists(path)) {
      std::printf("%-10s missing (%s)\n", set, path.c_str());
      continue;
    }
    size_t bad = 0;
    std::vector<Article> arts = ReadGeoXml(path, &bad);
    if (a.limit && arts.size() > a.limit) arts.resize(a.limit);
    Scores sc;
    auto t0 = std::chrono::steady_clock::now();
    for (const Article& art : arts) {
      // (a) gold toponym strings.
      mosaic::DocGraph g;
      g.doc.text = art.text;
      mosaic::text::AnalyzedText t = mosaic::text::Analyze(g.doc.text);
      std::map<std::string, size_t> by_phrase;
      for (const Toponym& tp : art.toponyms) {
        auto [it, fresh] = by_phrase.emplace(tp.phrase, g.entities.size());
        if (fresh) {
          mosaic::Entity e;
          e.id = "e" + std::to_string(g.entities.size() + 1);
          e.type = "place";
          e.name = tp.phrase;
          g.entities.push_back(std::move(e));
        }
        mosaic::Mention m;
        m.span = {tp.start, tp.end};
        m.text = tp.phrase;
        m.sentence = SentenceOf(t, tp.start);
        g.entities[it->second].mentions.push_back(m);
      }
      mosaic::link::ResolvePlaces(t, gz->get(), &g);
      for (const Toponym& tp : art.toponyms) {
        ++sc.gold;
        const mosaic::Geo* geo = GeoAt(g, tp.start, tp.end);
        if (geo == nullptr) {
          if (a.verbose) std::printf("  (a) unresolved: %s\n", tp.phrase.c_str());
          continue;
        }
        ++sc.resolved;
        double km = mosaic::geo::HaversineKm(geo->lat, geo->lon, tp.lat, tp.lon);
        sc.errors.push_back(km);
        if (km <= 161)
          ++sc.within;
        else if (a.verbose) {
          std::printf("  (a) %s -> %s %s (%.0f km)\n", tp.phrase.c_str(), geo->id.c_str(),
                      geo->precision.c_str(), km);
        }
      }
      // (b) end to end.
      if (!resources) continue;
      mosaic::Pipeline pipeline(resources);
      mosaic::Document doc;
      doc.id = "geo";
      doc.text = art.text;
      mosaic::DocGraph out = pipeline.Extract(doc);
      if (resources->gazetteer() == nullptr) {
        // Resources do not load the gazetteer yet: resolve with ours.
        mosaic::text::AnalyzedText t2 = mosaic::text::Analyze(out.doc.text);
        mosaic::link::ResolvePlaces(t2, gz->get(), &out);
      }
      for (const auto& e : out.entities) {
        if (e.type == "place") sc.predicted_places += e.mentions.size();
      }
      for (const Toponym& tp : art.toponyms) {
        const mosaic::Geo* geo = GeoAt(out, tp.start, tp.end);
        if (geo == nullptr) continue;
        ++sc.found;
        double km = mosaic::geo::HaversineKm(geo->lat, geo->lon, tp.lat, tp.lon);
        sc.found_errors.push_back(km);
        if (km <= 161)
          ++sc.found_within;
        else if (a.verbose) {
          std::printf("  (b) %s -> %s %s (%.0f km; ours %.2f,%.2f gold %.2f,%.2f; article %zu)\n",
                      tp.phrase.c_str(), geo->id.c_str(), geo->precision.c_str(), km, geo->lat,
                      geo->lon, tp.lat, tp.lon, static_cast<size_t>(&art - arts.data()));
        }
      }
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    auto frac = [](size_t a, size_t b) { return b ? static_cast<double>(a) / b : 0.0; };
    std::printf("%-10s %6zu %8zu | %.3f (%zu/%zu) %7.1f km | ", set, arts.size(), sc.gold,
                frac(sc.within, sc.gold), sc.within, sc.gold, Median(sc.errors));
    if (resources) {
      std::printf("%.3f (%zu)  %.3f (%zu/%zu)  %7.1f km  %.3f\n", frac(sc.found, sc.gold), sc.found,
                  frac(sc.found_within, sc.found), sc.found_within, sc.found,
                  Median(sc.found_errors), frac(sc.found_within, sc.gold));
    } else {
      std::printf("skipped\n");
    }
    std::printf(
        "%-10s (a) resolved %zu/%zu; (b) %zu place mentions predicted; %zu bad spans; "
        "%.2f s\n",
        "", sc.resolved, sc.gold, sc.predicted_places, bad, secs);
  }
  return 0;
}

mosaic::cli::Registrar reg("eval geo", "Place resolution on the LGL and GeoVirus geoparsing sets",
                           [](CLI::App* app) {
                             auto a = std::make_shared<Args>();
                             app->add_option("--data", a->data, "Folder with lgl.xml, GeoVirus.xml")
                                 ->capture_default_str();
                             app->add_option("--gazetteer", a->gazetteer, "gazetteer.bin");
                             app->add_option("--limit", a->limit, "Articles per set (0 = all)");
                             app->add_flag("--verbose", a->verbose,
                                           "Print every miss ((a) and (b): found but far)");
                             app->add_flag("!--no-end-to-end", a->end_to_end,
                                           "Only (a): resolve the gold toponym strings");
                             return [a] { return Run(*a); };
                           });

}  // namespace
