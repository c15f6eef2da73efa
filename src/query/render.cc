#include "query/render.h"

#include <cstdio>

namespace mosaic::query {
namespace {

using nlohmann::json;

json OrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }
json OrNull(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json Refs(const std::vector<EntitySummary>& v) {
  json a = json::array();
  for (const auto& e : v) a.push_back({{"id", e.id}, {"name", e.name}, {"type", e.type}});
  return a;
}

std::string Coord(const std::optional<double>& lat, const std::optional<double>& lon) {
  if (!lat || !lon) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4f,%.4f", *lat, *lon);
  return buf;
}

}  // namespace

std::string JoinNames(const std::vector<EntitySummary>& entities) {
  std::string out;
  for (const auto& e : entities) out += (out.empty() ? "" : "; ") + e.name;
  return out;
}

json ToJson(const EntitySummary& e) {
  json j{{"id", e.id},     {"type", e.type},         {"kind", OrNull(e.kind)},
         {"name", e.name}, {"mentions", e.mentions}, {"documents", e.documents}};
  if (e.lat && e.lon) {
    j["geo"] = {{"lat", *e.lat},
                {"lon", *e.lon},
                {"id", OrNull(e.geo_id)},
                {"precision", OrNull(e.geo_precision)},
                {"country", OrNull(e.country)}};
  }
  return j;
}

json ToJson(const Evidence& e) {
  return {{"doc_id", e.doc_id},
          {"url", e.url},
          {"start", e.start},
          {"end", e.end},
          {"snippet", e.snippet}};
}

json ToJson(const EventRecord& e) {
  json date = nullptr;
  if (!e.date.empty() || !e.date_start.empty()) {
    date = {{"value", OrNull(e.date)},
            {"precision", OrNull(e.date_precision)},
            {"start", OrNull(e.date_start)},
            {"end", OrNull(e.date_end)}};
  }
  return {{"id", e.id},
          {"type", e.type},
          {"subtype", OrNull(e.subtype)},
          {"plover", OrNull(e.plover)},
          {"status", e.status},
          {"attribution", {{"source", OrNull(e.attribution)}, {"cue", OrNull(e.cue)}}},
          {"date", date},
          {"actors", Refs(e.actors)},
          {"targets", Refs(e.targets)},
          {"places", Refs(e.places)},
          {"lat", OrNull(e.lat)},
          {"lon", OrNull(e.lon)},
          {"geo_precision", OrNull(e.geo_precision)},
          {"fatalities", OrNull(e.fatalities)},
          {"casualties", OrNull(e.casualties)},
          {"doc_id", e.doc_id},
          {"url", e.url},
          {"published", OrNull(e.published)},
          {"evidence", ToJson(e.evidence)}};
}

json ToJson(const RelationRecord& r) {
  return {{"type", r.type},
          {"subject", {{"id", r.subject.id}, {"name", r.subject.name}}},
          {"object", {{"id", r.object.id}, {"name", r.object.name}}},
          {"status", r.status},
          {"attribution", OrNull(r.attribution)},
          {"evidence", ToJson(r.evidence)}};
}

json ToJson(const EntityProfile& p) {
  json j = ToJson(p.entity);
  j["aliases"] = json::array();
  for (const auto& [text, n] : p.aliases) j["aliases"].push_back({{"text", text}, {"mentions", n}});
  j["roles"] = json::array();
  for (const auto& [title, n] : p.roles) j["roles"].push_back({{"title", title}, {"documents", n}});
  j["relations"] = json::array();
  for (const auto& r : p.relations) j["relations"].push_back(ToJson(r));
  j["events_as_actor"] = json::array();
  for (const auto& e : p.as_actor) j["events_as_actor"].push_back(ToJson(e));
  j["events_as_target"] = json::array();
  for (const auto& e : p.as_target) j["events_as_target"].push_back(ToJson(e));
  j["documents_list"] = json::array();
  for (const auto& d : p.documents) {
    j["documents_list"].push_back({{"doc_id", d.doc_id},
                                   {"url", d.url},
                                   {"title", OrNull(d.title)},
                                   {"published", OrNull(d.published)},
                                   {"version", d.version},
                                   {"mentions", d.mentions}});
  }
  j["evidence"] = json::array();
  for (const auto& e : p.evidence) j["evidence"].push_back(ToJson(e));
  return j;
}

json ToJson(const PathHop& h) {
  return {{"from", {{"id", h.from.id}, {"name", h.from.name}}},
          {"to", {{"id", h.to.id}, {"name", h.to.name}}},
          {"via", h.via},
          {"evidence", ToJson(h.evidence)}};
}

json ToJson(const SearchHit& h) {
  return {{"doc_id", h.doc_id},       {"url", h.url},
          {"title", OrNull(h.title)}, {"published", OrNull(h.published)},
          {"snippet", h.snippet},     {"score", h.score}};
}

void PrintEntityTable(const std::vector<EntitySummary>& entities, std::ostream& out) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%8s %-13s %-12s %8s %5s  ", "id", "type", "kind", "mentions",
                "docs");
  out << buf << "name\n";
  for (const auto& e : entities) {
    std::snprintf(buf, sizeof buf, "%8lld %-13s %-12s %8lld %5lld  ", static_cast<long long>(e.id),
                  e.type.c_str(), e.kind.empty() ? "-" : e.kind.c_str(),
                  static_cast<long long>(e.mentions), static_cast<long long>(e.documents));
    out << buf << e.name;
    if (auto c = Coord(e.lat, e.lon); !c.empty()) out << "  @" << c;
    out << "\n";
  }
}

void PrintEvent(const EventRecord& e, std::ostream& out) {
  out << "#" << e.id << " " << (e.date.empty() ? "(undated)" : e.date) << " " << e.type;
  if (!e.subtype.empty()) out << "/" << e.subtype;
  out << " [" << e.status;
  if (!e.attribution.empty()) out << ", per " << e.attribution;
  out << "]";
  if (!e.actors.empty()) out << " actor: " << JoinNames(e.actors);
  if (!e.targets.empty()) out << " target: " << JoinNames(e.targets);
  if (!e.places.empty()) out << " place: " << JoinNames(e.places);
  if (auto c = Coord(e.lat, e.lon); !c.empty()) out << " @" << c;
  if (!e.casualties.empty()) out << " (" << e.casualties << ")";
  out << "\n    " << e.evidence.snippet << "\n    " << e.url << "\n";
}

void PrintProfile(const EntityProfile& p, std::ostream& out) {
  const auto& e = p.entity;
  out << e.name << "  (#" << e.id << ", " << e.type << (e.kind.empty() ? "" : "/" + e.kind) << ", "
      << e.mentions << " mentions in " << e.documents << " documents)";
  if (auto c = Coord(e.lat, e.lon); !c.empty()) out << " @" << c;
  out << "\n";
  if (!p.aliases.empty()) {
    out << "aliases:";
    for (const auto& [t, n] : p.aliases) out << " " << t << " (" << n << ")";
    out << "\n";
  }
  if (!p.roles.empty()) {
    out << "roles:";
    for (const auto& [t, n] : p.roles) out << " " << t << " (" << n << ")";
    out << "\n";
  }
  if (!p.relations.empty()) out << "relations:\n";
  for (const auto& r : p.relations) {
    out << "  " << r.subject.name << " -" << r.type << "-> " << r.object.name << " [" << r.status
        << (r.attribution.empty() ? "" : ", per " + r.attribution) << "]\n    "
        << r.evidence.snippet << "\n";
  }
  if (!p.as_actor.empty()) out << "events as actor:\n";
  for (const auto& ev : p.as_actor) {
    out << "  ";
    PrintEvent(ev, out);
  }
  if (!p.as_target.empty()) out << "events as target:\n";
  for (const auto& ev : p.as_target) {
    out << "  ";
    PrintEvent(ev, out);
  }
  if (!p.documents.empty()) out << "documents:\n";
  for (const auto& d : p.documents) {
    out << "  " << (d.published.empty() ? "----------" : d.published.substr(0, 10)) << " " << d.url
        << (d.title.empty() ? "" : "  " + d.title) << " (" << d.mentions << ")\n";
  }
  if (!p.evidence.empty()) out << "evidence:\n";
  for (const auto& ev : p.evidence) out << "  " << ev.snippet << "\n    " << ev.url << "\n";
}

void PrintPath(const std::vector<PathHop>& hops, std::ostream& out) {
  for (size_t i = 0; i < hops.size(); ++i) {
    const auto& h = hops[i];
    out << i + 1 << ". " << h.from.name << " --" << h.via << "--> " << h.to.name << "\n    "
        << h.evidence.snippet << "\n    " << h.evidence.url << "\n";
  }
}

void PrintHit(const SearchHit& h, std::ostream& out) {
  out << (h.published.empty() ? "" : h.published.substr(0, 10) + " ") << h.url
      << (h.title.empty() ? "" : "  " + h.title) << "\n    " << h.snippet << "\n";
}

}  // namespace mosaic::query
