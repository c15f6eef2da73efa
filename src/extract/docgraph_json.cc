// DocGraph -> JSON (schema mosaic.docgraph/1, docs/schema.md). Byte spans become code point
// offsets.
#include <nlohmann/json.hpp>

#include "mosaic/docgraph.h"
#include "util/utf8.h"

namespace mosaic {
namespace {

using nlohmann::json;

json OrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

struct Writer {
  const DocGraph& g;
  utf8::OffsetMap map;
  explicit Writer(const DocGraph& graph) : g(graph), map(graph.doc.text) {}

  uint32_t Cp(uint32_t byte) const { return map.ToCodePoint(byte); }

  json SpanJson(const Span& s) const { return json{{"start", Cp(s.start)}, {"end", Cp(s.end)}}; }

  json MentionJson(const Mention& m) const {
    json j{{"start", Cp(m.span.start)}, {"end", Cp(m.span.end)}, {"text", m.text}};
    if (m.sentence >= 0) j["sentence"] = m.sentence;
    return j;
  }

  json DateJson(const DateExpr& d) const {
    json j{{"start", Cp(d.span.start)},
           {"end", Cp(d.span.end)},
           {"text", d.text},
           {"type", d.type.empty() ? "date" : d.type},
           {"value", OrNull(d.value)},
           {"precision", OrNull(d.precision)},
           {"resolved", d.resolved}};
    if (!d.modifier.empty()) j["modifier"] = d.modifier;
    if (!d.interval_start.empty() || !d.interval_end.empty()) {
      j["interval"] = {{"start", OrNull(d.interval_start)}, {"end", OrNull(d.interval_end)}};
    } else {
      j["interval"] = nullptr;
    }
    if (!d.note.empty()) j["note"] = d.note;
    return j;
  }

  json AttributionJson(const Attribution& a) const {
    json j{{"source", OrNull(a.source)}, {"status", a.status.empty() ? "asserted" : a.status}};
    if (!a.source_text.empty()) j["source_text"] = a.source_text;
    if (!a.cue.empty()) j["cue"] = a.cue;
    return j;
  }

  json Build(const JsonOptions& options) const {
    json doc{{"id", g.doc.id},
             {"url", g.doc.url},
             {"title", OrNull(g.doc.title)},
             {"published", OrNull(g.doc.published)},
             {"reference_date", OrNull(g.reference_date)},
             {"reference_source", g.reference_source.empty() ? "none" : g.reference_source}};
    if (!g.doc.external_id.empty()) doc["external_id"] = g.doc.external_id;
    json out{{"schema", DocGraph::kSchema}, {"doc", doc}};
    if (options.with_text) out["text"] = g.doc.text;

    json sentences = json::array();
    for (const auto& s : g.sentences) sentences.push_back(SpanJson(s));
    out["sentences"] = std::move(sentences);

    json entities = json::array();
    for (const auto& e : g.entities) {
      json mentions = json::array();
      for (const auto& m : e.mentions) mentions.push_back(MentionJson(m));
      json roles = json::array();
      for (const auto& r : e.roles) {
        json rj{{"title", r.title}, {"evidence", SpanJson(r.evidence)}};
        if (!r.of.empty()) rj["of"] = r.of;
        roles.push_back(std::move(rj));
      }
      json ej{{"id", e.id},     {"type", e.type},           {"kind", OrNull(e.kind)},
              {"name", e.name}, {"aliases", e.aliases},     {"mentions", std::move(mentions)},
              {"geo", nullptr}, {"roles", std::move(roles)}};
      if (e.geo) {
        ej["geo"] = {{"lat", e.geo->lat},
                     {"lon", e.geo->lon},
                     {"id", e.geo->id},
                     {"precision", e.geo->precision},
                     {"country", OrNull(e.geo->country)},
                     {"admin1", OrNull(e.geo->admin1)}};
      }
      if (!e.linked_place.empty()) ej["linked_place"] = e.linked_place;
      entities.push_back(std::move(ej));
    }
    out["entities"] = std::move(entities);

    json dates = json::array();
    for (const auto& d : g.dates) dates.push_back(DateJson(d));
    out["dates"] = std::move(dates);

    json quantities = json::array();
    for (const auto& q : g.quantities) {
      json qj{{"start", Cp(q.span.start)},
              {"end", Cp(q.span.end)},
              {"text", q.text},
              {"value", q.value},
              {"approx", q.approx.empty() ? "exact" : q.approx},
              {"unit", OrNull(q.unit)},
              {"role", OrNull(q.role)}};
      qj["min"] = q.min ? json(*q.min) : json(nullptr);
      qj["max"] = q.max ? json(*q.max) : json(nullptr);
      if (!q.of.empty()) qj["of"] = q.of;
      if (!q.qualifier.empty()) qj["qualifier"] = q.qualifier;
      if (q.parent >= 0) qj["parent"] = q.parent;
      if (q.sentence >= 0) qj["sentence"] = q.sentence;
      quantities.push_back(std::move(qj));
    }
    out["quantities"] = std::move(quantities);

    json events = json::array();
    for (const auto& ev : g.events) {
      json cas = json::array();
      for (const auto& c : ev.casualties) {
        json cj{{"role", c.role}, {"min", c.min}, {"who", OrNull(c.who)}};
        cj["max"] = c.max ? json(*c.max) : json(nullptr);
        if (c.quantity >= 0) cj["quantity"] = c.quantity;
        cas.push_back(std::move(cj));
      }
      json ej{{"id", ev.id},
              {"type", ev.type},
              {"subtype", OrNull(ev.subtype)},
              {"plover", OrNull(ev.plover)},
              {"trigger", MentionJson(ev.trigger)},
              {"sentence", ev.sentence},
              {"actors", ev.actors},
              {"targets", ev.targets},
              {"places", ev.places},
              {"date", ev.date ? DateJson(*ev.date) : json(nullptr)},
              {"casualties", std::move(cas)},
              {"attribution", AttributionJson(ev.attribution)}};
      events.push_back(std::move(ej));
    }
    out["events"] = std::move(events);

    json relations = json::array();
    for (const auto& r : g.relations) {
      relations.push_back({{"type", r.type},
                           {"subject", r.subject},
                           {"object", r.object},
                           {"evidence", SpanJson(r.evidence)},
                           {"attribution", AttributionJson(r.attribution)}});
    }
    out["relations"] = std::move(relations);
    return out;
  }
};

}  // namespace

std::string ToJson(const DocGraph& g, const JsonOptions& options) {
  Writer w(g);
  // Invalid UTF-8 cannot reach here (readers reject it); replace rather than throw regardless.
  return w.Build(options).dump(options.pretty ? 2 : -1, ' ', false,
                               nlohmann::json::error_handler_t::replace);
}

}  // namespace mosaic
