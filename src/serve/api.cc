#include "serve/api.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <tuple>

#include "query/render.h"

namespace mosaic::serve {
namespace {

using json = nlohmann::json;
using Params = std::multimap<std::string, std::string>;

// A request error carried up to Handle, which turns it into a JSON error response.
struct HttpError {
  int status;
  std::string message;
};

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

int HttpStatusFor(const Status& s) {
  switch (s.code()) {
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kInvalidInput:
    case StatusCode::kLimitExceeded:
      return 400;
    default:
      return 500;
  }
}

template <typename T>
T Check(Result<T> r) {
  if (!r.ok()) throw HttpError{HttpStatusFor(r.status()), r.status().message()};
  return std::move(r.value());
}

void Check(const Status& s) {
  if (!s.ok()) throw HttpError{HttpStatusFor(s), s.message()};
}

class Query {
 public:
  Query(const Params& params, const ApiOptions& options) : params_(params), options_(options) {}

  std::string Get(const std::string& key) const {
    auto it = params_.find(key);
    if (it == params_.end()) return "";
    if (it->second.size() > options_.max_param_bytes) {
      throw HttpError{400, "parameter '" + key + "' is too long"};
    }
    return it->second;
  }

  int Limit(int fallback) const {
    std::string s = Get("limit");
    if (s.empty()) return fallback;
    int v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v < 1) {
      throw HttpError{400, "limit must be a positive integer"};
    }
    return std::min(v, options_.max_limit);
  }

  int Offset() const {
    std::string s = Get("offset");
    if (s.empty()) return 0;
    int v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v < 0) {
      throw HttpError{400, "offset must be a non-negative integer"};
    }
    return v;
  }

 private:
  const Params& params_;
  const ApiOptions& options_;
};

int64_t ParseId(const std::string& s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v < 1) {
    throw HttpError{400, "an entity id is a positive integer"};
  }
  return v;
}

// Entities a query names: first those the store resolves through its name keys (other spellings
// of the same name), then those whose name contains the text.
std::vector<EntitySummary> FindByText(Store& store, const std::string& q, const std::string& type,
                                      const std::string& kind, int limit) {
  Check(CheckEntityFilter(EntityFilter{type, kind, q, limit}, FilterNames::kParameters));
  std::vector<EntitySummary> out;
  std::set<int64_t> seen;
  auto add = [&](const EntitySummary& e) {
    if (static_cast<int>(out.size()) >= limit) return;
    if (!type.empty() && e.type != type) return;
    if (!kind.empty() && e.kind != kind) return;
    if (seen.insert(e.id).second) out.push_back(e);
  };
  if (!q.empty()) {
    for (const auto& e : Check(store.FindEntities(q))) add(e);
  }
  EntityFilter f;
  f.type = type;
  f.kind = kind;
  f.name = q;
  f.limit = limit;
  for (const auto& e : Check(store.Entities(f))) add(e);
  return out;
}

// What the store says about the facts (relations and events) around one entity, keyed by the
// GraphEdge's (via, fact_id), so graph edges carry their status, source and evidence.
struct Fact {
  std::string status, attribution;
  Evidence evidence;
  std::string date;
};
using FactKey = std::pair<std::string, int64_t>;

void CollectEventFacts(const std::vector<EventRecord>& events, std::map<int64_t, Fact>* by_event) {
  for (const auto& e : events) {
    (*by_event)[e.id] = {e.status, e.attribution, e.evidence, e.date};
  }
}

json DocumentJson(const DocumentRecord& d) {
  return {{"doc_id", d.doc_id},
          {"url", d.url},
          {"title", d.title},
          {"published", d.published.empty() ? json(nullptr) : json(d.published)},
          {"version", d.version}};
}

bool ValidDocId(const std::string& id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

json Stats(Store& store) {
  auto s = Check(store.Stats());
  return {{"backend", store.backend()}, {"schema_version", store.schema_version()},
          {"documents", s.documents},   {"versions", s.versions},
          {"entities", s.entities},     {"mentions", s.mentions},
          {"events", s.events},         {"relations", s.relations}};
}

json Documents(Store& store, const Query& q, const ApiOptions& o) {
  int limit = q.Limit(o.default_limit), offset = q.Offset();
  json items = json::array();
  int64_t index = 0;
  bool full = false;
  Status st = store.ForEachDocument([&](const DocumentRecord& d) {
    if (index++ < offset) return Status::Ok();
    if (static_cast<int>(items.size()) >= limit) {
      full = true;
      return Status::LimitExceeded("page full");  // stops the scan
    }
    items.push_back(DocumentJson(d));
    return Status::Ok();
  });
  if (!full) Check(st);
  auto stats = Check(store.Stats());
  return {{"total", stats.documents}, {"offset", offset}, {"items", items}};
}

// One stored DocGraph with its text, read by its doc_id (an index lookup).
json Document(Store& store, const std::string& doc_id) {
  if (!ValidDocId(doc_id)) throw HttpError{400, "not a document id"};
  auto line = Check(store.DocGraphJson(doc_id, /*with_text=*/true));
  if (!line) throw HttpError{404, "no document " + doc_id};
  json graph = json::parse(*line, nullptr, false);
  if (!graph.is_object()) throw HttpError{500, "document " + doc_id + " does not read"};
  // Link each local entity to its store-wide entity (same type, resolved by name key) so the UI
  // can open its page from a highlighted mention.
  if (graph.contains("entities") && graph["entities"].is_array()) {
    for (auto& e : graph["entities"]) {
      std::string name = e.value("name", ""), type = e.value("type", "");
      if (name.empty()) continue;
      json store_id = nullptr;
      for (const auto& s : Check(store.FindEntities(name))) {
        if (s.type == type) {
          store_id = s.id;
          break;
        }
      }
      e["store_id"] = store_id;
    }
  }
  return graph;
}

json Entities(Store& store, const Query& q, const ApiOptions& o) {
  json items = json::array();
  for (const auto& e :
       FindByText(store, q.Get("q"), q.Get("type"), q.Get("kind"), q.Limit(o.default_limit))) {
    items.push_back(query::ToJson(e));
  }
  return {{"items", items}};
}

json Entity(Store& store, int64_t id, const ApiOptions& o) {
  return query::ToJson(Check(store.Profile(id, o.profile_items)));
}

json Events(Store& store, const Query& q, const ApiOptions& o) {
  EventFilter f;
  f.type = q.Get("type");
  f.actor = q.Get("actor");
  f.target = q.Get("target");
  f.place = q.Get("place");
  f.from = q.Get("from");
  f.to = q.Get("to");
  f.status = q.Get("status");
  f.limit = q.Limit(o.default_limit);
  std::string near = q.Get("near");
  if (!near.empty() && !ParseNear(near, &f)) {
    throw HttpError{400, "near expects LAT,LON,KM (e.g. 53.9,27.57,50)"};
  }
  json items = json::array();
  for (const auto& e : Check(store.Events(f))) items.push_back(query::ToJson(e));
  return {{"items", items}};
}

// The network around an entity: the centre, its neighbours (relations first, then shared events)
// and the edges among them, each with its type, status, source and evidence.
json Graph(Store& store, int64_t id, const Query& q, const ApiOptions& o) {
  int max_nodes = std::min(q.Limit(o.graph_max_nodes), o.graph_max_nodes);
  std::map<int64_t, EntitySummary> nodes;
  auto summary = [&](int64_t eid) -> const EntitySummary* {
    auto it = nodes.find(eid);
    if (it != nodes.end()) return &it->second;
    auto found = Check(store.FindEntities("#" + std::to_string(eid)));
    if (found.empty()) return nullptr;
    return &nodes.emplace(eid, found[0]).first->second;
  };
  if (!summary(id)) throw HttpError{404, "no entity #" + std::to_string(id)};

  // Facts around an entity, from its profile: events by id, relations by (type, other end).
  std::map<int64_t, Fact> event_facts;
  std::map<std::tuple<std::string, int64_t, int64_t>, Fact> relation_facts;
  std::set<int64_t> profiled;
  auto profile_facts = [&](int64_t eid) {
    if (!profiled.insert(eid).second) return;
    auto p = Check(store.Profile(eid, o.profile_items));
    CollectEventFacts(p.as_actor, &event_facts);
    CollectEventFacts(p.as_target, &event_facts);
    // A place takes part in events as their location, which the profile does not list.
    EventFilter at;
    at.place = "#" + std::to_string(eid);
    at.limit = o.profile_items;
    CollectEventFacts(Check(store.Events(at)), &event_facts);
    for (const auto& r : p.relations) {
      relation_facts[{"relation:" + r.type, r.subject.id, r.object.id}] = {r.status, r.attribution,
                                                                           r.evidence, ""};
    }
  };

  json edges = json::array();
  std::set<std::tuple<std::string, int64_t, int64_t, int64_t>> seen;
  std::set<int64_t> in_graph{id};
  auto add_edge = [&](const GraphEdge& e) {
    if (!seen.insert({e.via, e.fact_id, std::min(e.from, e.to), std::max(e.from, e.to)}).second) {
      return;
    }
    Fact fact;
    bool known = false;
    if (e.via.rfind("event:", 0) == 0) {
      auto it = event_facts.find(e.fact_id);
      if (it != event_facts.end()) fact = it->second, known = true;
    } else {
      auto it = relation_facts.find({e.via, e.from, e.to});
      if (it != relation_facts.end()) fact = it->second, known = true;
    }
    if (!known) fact.evidence = Check(store.EdgeEvidence(e));
    auto colon = e.via.find(':');
    edges.push_back(
        {{"source", e.from},
         {"target", e.to},
         {"via", e.via},
         {"kind", e.via.substr(0, colon)},
         {"type", colon == std::string::npos ? e.via : e.via.substr(colon + 1)},
         {"fact_id", e.fact_id},
         {"status", fact.status.empty() ? json(nullptr) : json(fact.status)},
         {"attribution", fact.attribution.empty() ? json(nullptr) : json(fact.attribution)},
         {"date", fact.date.empty() ? json(nullptr) : json(fact.date)},
         {"evidence", query::ToJson(fact.evidence)}});
  };

  profile_facts(id);
  auto around = Check(store.Neighbours(id, max_nodes * 4));
  std::vector<int64_t> neighbours;
  for (const auto& e : around) {
    int64_t other = e.from == id ? e.to : e.from;
    if (!in_graph.count(other)) {
      if (static_cast<int>(neighbours.size()) >= max_nodes || !summary(other)) continue;
      in_graph.insert(other);
      neighbours.push_back(other);
    }
    add_edge(e);
  }
  // Edges among the neighbours show how the people and groups around the centre connect.
  for (int64_t n : neighbours) {
    auto next = Check(store.Neighbours(n, max_nodes * 2));
    bool any = false;
    for (const auto& e : next) any = any || (in_graph.count(e.from) && in_graph.count(e.to));
    if (!any) continue;
    profile_facts(n);
    for (const auto& e : next) {
      if (in_graph.count(e.from) && in_graph.count(e.to)) add_edge(e);
    }
  }

  json jnodes = json::array();
  for (int64_t n : in_graph) {
    json j = query::ToJson(nodes.at(n));
    j["centre"] = n == id;
    jnodes.push_back(j);
  }
  return {{"centre", id}, {"nodes", jnodes}, {"edges", edges}};
}

json Search(Store& store, const Query& q, const ApiOptions& o) {
  std::string text = q.Get("q");
  if (text.empty()) throw HttpError{400, "q is required"};
  int limit = q.Limit(20);
  json hits = json::array();
  for (const auto& h : Check(store.Search(text, limit))) hits.push_back(query::ToJson(h));
  json entities = json::array();
  for (const auto& e : FindByText(store, text, "", "", limit)) {
    entities.push_back(query::ToJson(e));
  }
  return {{"q", text}, {"entities", entities}, {"documents", hits}};
}

}  // namespace

ApiResponse ErrorResponse(int status, const std::string& message) {
  return {status, Dump({{"error", {{"status", status}, {"message", message}}}})};
}

Api::Api(std::unique_ptr<Store> store, ApiOptions options)
    : options_(options), store_(std::move(store)) {}

ApiResponse Api::Handle(const std::string& path, const Params& params) {
  try {
    std::lock_guard<std::mutex> lock(mu_);
    return Route(path, params);
  } catch (const HttpError& e) {
    return ErrorResponse(e.status, e.message);
  } catch (const std::exception& e) {
    // nlohmann::json or the standard library on data it refused: never a crash of the server.
    return ErrorResponse(500, std::string("internal error: ") + e.what());
  }
}

ApiResponse Api::Route(const std::string& path, const Params& params) {
  Query q(params, options_);
  Store& s = *store_;
  auto tail = [&](const std::string& prefix) -> std::optional<std::string> {
    if (path.size() <= prefix.size() || path.compare(0, prefix.size(), prefix) != 0) {
      return std::nullopt;
    }
    std::string rest = path.substr(prefix.size());
    if (rest.find('/') != std::string::npos) return std::nullopt;
    return rest;
  };
  if (path == "/api/stats") return {200, Dump(Stats(s))};
  if (path == "/api/documents") return {200, Dump(Documents(s, q, options_))};
  if (path == "/api/entities") return {200, Dump(Entities(s, q, options_))};
  if (path == "/api/events") return {200, Dump(Events(s, q, options_))};
  if (path == "/api/search") return {200, Dump(Search(s, q, options_))};
  if (auto id = tail("/api/documents/")) return {200, Dump(Document(s, *id))};
  if (auto id = tail("/api/entity/")) return {200, Dump(Entity(s, ParseId(*id), options_))};
  if (auto id = tail("/api/graph/")) return {200, Dump(Graph(s, ParseId(*id), q, options_))};
  return ErrorResponse(404, "no such endpoint: " + path);
}

}  // namespace mosaic::serve
