#include "query/export.h"

#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "query/render.h"

namespace mosaic::query {
namespace {

using nlohmann::json;

std::string Num(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// The evidence sentence without the [[ ]] marks.
std::string Plain(std::string s) {
  for (const char* mark : {"[[", "]]"}) {
    for (size_t p = s.find(mark); p != std::string::npos; p = s.find(mark, p)) s.erase(p, 2);
  }
  return s;
}

// ACLED's codes: time 1 = day, 2 = week or a few days, 3 = month or coarser; geo 1 = the town
// itself, 2 = a part of a region near it, 3 = a region or larger.
std::string TimePrecision(const std::string& p) {
  if (p.empty()) return "";
  if (p == "day") return "1";
  if (p == "week") return "2";
  return "3";
}
std::string GeoPrecision(const std::string& p) {
  if (p.empty()) return "";
  if (p == "facility" || p == "village" || p == "city") return "1";
  if (p == "district" || p == "area") return "2";
  return "3";
}

Status Check(std::ostream& out) {
  return out ? Status::Ok() : Status::IoError("export: write failed");
}

Status ExportJsonl(Store& store, std::ostream& out, const ExportOptions& o) {
  return store.ForEachDocGraphJson(o.with_text, [&](const std::string& line) {
    out << line << '\n';
    return Check(out);
  });
}

// The events an export holds: all of them, streamed, or those its filter matched (`selected`,
// read before anything is written, so that a filter the store refuses leaves no partial output).
Status ForEachSelectedEvent(Store& store, const std::vector<EventRecord>* selected,
                            const std::function<Status(const EventRecord&)>& fn) {
  if (!selected) return store.ForEachEvent(fn);
  for (const auto& e : *selected) MOSAIC_RETURN_IF_ERROR(fn(e));
  return Status::Ok();
}

Status ExportCsv(Store& store, std::ostream& out, const std::vector<EventRecord>* selected) {
  out << "event_id,event_date,time_precision,event_type,sub_event_type,actor1,actor2,location,"
         "latitude,longitude,geo_precision,fatalities,source,notes,status,attribution\n";
  return ForEachSelectedEvent(store, selected, [&](const EventRecord& e) {
    const std::string fields[] = {
        std::to_string(e.id),
        e.date_start.empty() ? e.date : e.date_start,
        TimePrecision(e.date_precision),
        e.type,
        e.subtype,
        JoinNames(e.actors),
        JoinNames(e.targets),
        JoinNames(e.places),
        e.lat ? Num(*e.lat) : "",
        e.lon ? Num(*e.lon) : "",
        GeoPrecision(e.geo_precision),
        e.fatalities ? Num(*e.fatalities) : "",
        e.url,
        Plain(e.evidence.snippet),
        e.status,
        e.attribution,
    };
    bool first = true;
    for (const auto& f : fields) {
      if (!first) out << ',';
      first = false;
      out << CsvField(f);
    }
    out << '\n';
    return Check(out);
  });
}

Status ExportGeoJson(Store& store, std::ostream& out, const std::vector<EventRecord>* selected) {
  out << "{\"type\":\"FeatureCollection\",\"features\":[\n";
  bool first = true;
  auto feature = [&](double lat, double lon, json props) {
    json f{{"type", "Feature"},
           {"geometry", {{"type", "Point"}, {"coordinates", {lon, lat}}}},
           {"properties", std::move(props)}};
    out << (first ? "" : ",\n") << Dump(f);
    first = false;
    return Check(out);
  };
  std::set<int64_t> named_places;  // with a filter: the places of the events it matches
  MOSAIC_RETURN_IF_ERROR(ForEachSelectedEvent(store, selected, [&](const EventRecord& e) {
    for (const auto& p : e.places) named_places.insert(p.id);
    if (!e.lat || !e.lon) return Status::Ok();
    json p = ToJson(e);
    p["feature"] = "event";
    p.erase("lat");
    p.erase("lon");
    return feature(*e.lat, *e.lon, std::move(p));
  }));
  MOSAIC_RETURN_IF_ERROR(store.ForEachEntity([&](const EntitySummary& e) {
    if (!e.lat || !e.lon) return Status::Ok();
    if (selected && !named_places.count(e.id)) return Status::Ok();
    json p = ToJson(e);
    p["feature"] = "place";
    p.erase("geo");
    p["geo_id"] = e.geo_id;
    p["geo_precision"] = e.geo_precision;
    p["country"] = e.country;
    return feature(*e.lat, *e.lon, std::move(p));
  }));
  out << "\n]}\n";
  return Check(out);
}

std::string Xml(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        // XML 1.0 forbids most control characters even when escaped.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

Status ExportGraphMl(Store& store, std::ostream& out) {
  // (from, to, label) -> weight. Relations are directed subject -> object; an event links each
  // actor to each target (directed), and actors of one event to each other.
  std::map<std::tuple<int64_t, int64_t, std::string>, int64_t> edges;
  std::set<int64_t> nodes;
  MOSAIC_RETURN_IF_ERROR(store.ForEachRelation([&](const RelationRecord& r) {
    ++edges[{r.subject.id, r.object.id, r.type}];
    nodes.insert(r.subject.id);
    nodes.insert(r.object.id);
    return Status::Ok();
  }));
  MOSAIC_RETURN_IF_ERROR(store.ForEachEvent([&](const EventRecord& e) {
    for (const auto& a : e.actors) {
      for (const auto& t : e.targets) {
        if (a.id == t.id) continue;
        ++edges[{a.id, t.id, e.type}];
        nodes.insert(a.id);
        nodes.insert(t.id);
      }
      for (const auto& b : e.actors) {
        if (a.id < b.id) {
          ++edges[{a.id, b.id, "with:" + e.type}];
          nodes.insert(a.id);
          nodes.insert(b.id);
        }
      }
    }
    return Status::Ok();
  }));
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
         "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
         "  <key id=\"type\" for=\"node\" attr.name=\"type\" attr.type=\"string\"/>\n"
         "  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
         "  <key id=\"mentions\" for=\"node\" attr.name=\"mentions\" attr.type=\"long\"/>\n"
         "  <key id=\"documents\" for=\"node\" attr.name=\"documents\" attr.type=\"long\"/>\n"
         "  <key id=\"elabel\" for=\"edge\" attr.name=\"label\" attr.type=\"string\"/>\n"
         "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
         "  <graph id=\"mosaic\" edgedefault=\"directed\">\n";
  MOSAIC_RETURN_IF_ERROR(store.ForEachEntity([&](const EntitySummary& e) {
    if (!nodes.count(e.id)) return Status::Ok();
    out << "    <node id=\"n" << e.id << "\"><data key=\"label\">" << Xml(e.name)
        << "</data><data key=\"type\">" << Xml(e.type) << "</data><data key=\"kind\">"
        << Xml(e.kind) << "</data><data key=\"mentions\">" << e.mentions
        << "</data><data key=\"documents\">" << e.documents << "</data></node>\n";
    return Check(out);
  }));
  int64_t n = 0;
  for (const auto& [k, w] : edges) {
    const auto& [a, b, label] = k;
    out << "    <edge id=\"e" << ++n << "\" source=\"n" << a << "\" target=\"n" << b
        << "\"><data key=\"elabel\">" << Xml(label) << "</data><data key=\"weight\">" << w
        << "</data></edge>\n";
  }
  out << "  </graph>\n</graphml>\n";
  return Check(out);
}

std::string Hash(const std::string& s) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx",
                static_cast<unsigned long long>(XXH3_64bits(s.data(), s.size())));
  return buf;
}

// Stable across databases: derived from what identifies the thing, not from row ids.
std::string FtmEntityId(const EntitySummary& e) {
  return "mosaic-" + Hash("entity\x1f" + e.type + "\x1f" + e.key);
}

std::string FtmSchema(const EntitySummary& e) {
  if (e.type == "person") return "Person";
  if (e.type == "place") return "Address";
  if (e.kind == "government") return "PublicBody";
  return "Organization";
}

bool IsLegalEntity(const EntitySummary& e) { return e.type != "place"; }

Status ExportFtm(Store& store, std::ostream& out) {
  auto line = [&](const std::string& id, const char* schema, json props) {
    // FtM property values are always lists of strings.
    for (auto& [k, v] : props.items()) {
      if (!v.is_array()) v = json::array({v});
    }
    out << Dump(json{{"id", id}, {"schema", schema}, {"properties", std::move(props)}}) << '\n';
    return Check(out);
  };
  MOSAIC_RETURN_IF_ERROR(store.ForEachDocument([&](const DocumentRecord& d) {
    json p{{"sourceUrl", d.url}};
    if (!d.title.empty()) p["title"] = d.title;
    if (!d.published.empty()) p["publishedAt"] = d.published;
    p["name"] = d.title.empty() ? d.url : d.title;
    return line("mosaic-doc-" + d.doc_id, "Article", std::move(p));
  }));
  MOSAIC_RETURN_IF_ERROR(store.ForEachEntity([&](const EntitySummary& e) {
    std::string schema = FtmSchema(e);
    json p;
    if (schema == "Address") {
      p["full"] = e.name;
      if (e.lat && e.lon) {
        p["latitude"] = Num(*e.lat);
        p["longitude"] = Num(*e.lon);
      }
    } else {
      p["name"] = e.name;
    }
    if (!e.country.empty()) p["country"] = e.country;
    return line(FtmEntityId(e), schema.c_str(), std::move(p));
  }));
  MOSAIC_RETURN_IF_ERROR(store.ForEachEvent([&](const EventRecord& e) {
    json p{{"name", e.type + (e.date.empty() ? "" : " " + e.date)},
           {"summary", Plain(e.evidence.snippet)},
           {"sourceUrl", e.url}};
    if (!e.date_start.empty()) p["startDate"] = e.date_start;
    if (!e.date_end.empty()) p["endDate"] = e.date_end;
    if (!e.date.empty()) p["date"] = e.date;
    json involved = json::array(), organizer = json::array(), location = json::array();
    for (const auto& a : e.actors) {
      if (IsLegalEntity(a)) organizer.push_back(FtmEntityId(a));
    }
    for (const auto& v : {&e.actors, &e.targets}) {
      for (const auto& a : *v) {
        if (IsLegalEntity(a)) involved.push_back(FtmEntityId(a));
      }
    }
    for (const auto& pl : e.places) location.push_back(pl.name);
    if (!involved.empty()) p["involved"] = involved;
    if (!organizer.empty()) p["organizer"] = organizer;
    if (!location.empty()) p["location"] = location;
    if (!e.places.empty() && !e.places[0].country.empty()) p["country"] = e.places[0].country;
    p["notes"] =
        "status: " + e.status + (e.attribution.empty() ? "" : "; according to " + e.attribution);
    return line("mosaic-event-" +
                    Hash(e.doc_id + "\x1f" + std::to_string(e.evidence.start) + "\x1f" + e.type),
                "Event", std::move(p));
  }));
  return store.ForEachRelation([&](const RelationRecord& r) {
    if (!IsLegalEntity(r.subject) || !IsLegalEntity(r.object)) return Status::Ok();
    std::string id =
        "mosaic-rel-" + Hash(r.evidence.doc_id + "\x1f" + std::to_string(r.evidence.start) +
                             "\x1f" + r.type + "\x1f" + r.subject.key + "\x1f" + r.object.key);
    json p{{"summary", Plain(r.evidence.snippet)}, {"sourceUrl", r.evidence.url}};
    const char* schema = "UnknownLink";
    if (r.type == "leads" && r.object.type != "person") {
      schema = "Directorship";
      p["director"] = FtmEntityId(r.subject);
      p["organization"] = FtmEntityId(r.object);
      p["role"] = "leads";
    } else if (r.type == "member_of" && r.object.type != "person") {
      schema = "Membership";
      p["member"] = FtmEntityId(r.subject);
      p["organization"] = FtmEntityId(r.object);
    } else {
      p["subject"] = FtmEntityId(r.subject);
      p["object"] = FtmEntityId(r.object);
      p["role"] = r.type;
    }
    return line(id, schema, std::move(p));
  });
}

}  // namespace

const std::vector<std::string>& ExportFormats() {
  static const std::vector<std::string> kFormats = {"jsonl", "csv", "geojson", "graphml", "ftm"};
  return kFormats;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

Status Export(Store& store, const std::string& format, std::ostream& out,
              const ExportOptions& options) {
  if (options.events && format != "csv" && format != "geojson") {
    return Status::InvalidInput("event filters (--type, --actor, --from, --near, ...) apply to " +
                                std::string("--format csv and geojson, not ") + format);
  }
  std::vector<EventRecord> selected;  // with a filter: its events, read before any output
  if (options.events) {
    EventFilter all = *options.events;
    all.limit = 0;
    auto events = store.Events(all);
    if (!events.ok()) return events.status();
    selected = std::move(*events);
    std::sort(selected.begin(), selected.end(),
              [](const EventRecord& a, const EventRecord& b) { return a.id < b.id; });
  }
  const std::vector<EventRecord>* chosen = options.events ? &selected : nullptr;
  if (format == "jsonl") return ExportJsonl(store, out, options);
  if (format == "csv") return ExportCsv(store, out, chosen);
  if (format == "geojson") return ExportGeoJson(store, out, chosen);
  if (format == "graphml") return ExportGraphMl(store, out);
  if (format == "ftm") return ExportFtm(store, out);
  return Status::InvalidInput("export: unknown format '" + format +
                              "' (jsonl, csv, geojson, graphml, ftm)");
}

}  // namespace mosaic::query
