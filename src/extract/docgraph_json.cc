// DocGraph -> JSON (schema mosaic.docgraph/1, docs/schema.md). Byte spans become code point
// offsets.
#include <nlohmann/json.hpp>

#include "mosaic/docgraph.h"
#include "util/json_writer.h"
#include "util/utf8.h"

namespace mosaic {
namespace {

class Writer {
 public:
  Writer(const DocGraph& g, std::string* out) : g_(g), map_(g.doc.text), w_(out) {}

  void Write(const JsonOptions& options) {
    w_.BeginObject();
    w_.Key("schema");
    w_.String(DocGraph::kSchema);
    WriteDoc();
    if (options.with_text) {
      w_.Key("text");
      w_.String(g_.doc.text);
    }
    w_.Key("sentences");
    w_.BeginArray();
    for (const auto& s : g_.sentences) SpanObject(s);
    w_.EndArray();
    w_.Key("entities");
    w_.BeginArray();
    for (const auto& e : g_.entities) WriteEntity(e);
    w_.EndArray();
    w_.Key("dates");
    w_.BeginArray();
    for (const auto& d : g_.dates) WriteDate(d);
    w_.EndArray();
    w_.Key("quantities");
    w_.BeginArray();
    for (const auto& q : g_.quantities) WriteQuantity(q);
    w_.EndArray();
    w_.Key("events");
    w_.BeginArray();
    for (const auto& ev : g_.events) WriteEvent(ev);
    w_.EndArray();
    w_.Key("relations");
    w_.BeginArray();
    for (const auto& r : g_.relations) {
      w_.BeginObject();
      Field("type", r.type);
      Field("subject", r.subject);
      Field("object", r.object);
      w_.Key("evidence");
      SpanObject(r.evidence);
      WriteAttribution(r.attribution);
      w_.EndObject();
    }
    w_.EndArray();
    w_.EndObject();
  }

 private:
  uint32_t Cp(uint32_t byte) const { return map_.ToCodePoint(byte); }
  void Field(std::string_view k, std::string_view v) {
    w_.Key(k);
    w_.String(v);
  }
  void FieldOrNull(std::string_view k, std::string_view v) {
    w_.Key(k);
    w_.StringOrNull(v);
  }
  void StartEnd(const Span& s) {
    w_.Key("start");
    w_.Int(Cp(s.start));
    w_.Key("end");
    w_.Int(Cp(s.end));
  }
  void SpanObject(const Span& s) {
    w_.BeginObject();
    StartEnd(s);
    w_.EndObject();
  }
  void WriteMention(const Mention& m) {
    w_.BeginObject();
    StartEnd(m.span);
    Field("text", m.text);
    if (m.sentence >= 0) {
      w_.Key("sentence");
      w_.Int(m.sentence);
    }
    w_.EndObject();
  }

  void WriteDoc() {
    const Document& d = g_.doc;
    w_.Key("doc");
    w_.BeginObject();
    Field("id", d.id);
    Field("url", d.url);
    FieldOrNull("title", d.title);
    FieldOrNull("published", d.published);
    FieldOrNull("reference_date", g_.reference_date);
    Field("reference_source", g_.reference_source.empty() ? "none" : g_.reference_source);
    if (!d.published_source.empty()) Field("published_source", d.published_source);
    if (!d.external_id.empty()) Field("external_id", d.external_id);
    w_.EndObject();
  }

  void WriteEntity(const Entity& e) {
    w_.BeginObject();
    Field("id", e.id);
    Field("type", e.type);
    FieldOrNull("kind", e.kind);
    Field("name", e.name);
    w_.Key("aliases");
    w_.BeginArray();
    for (const auto& a : e.aliases) w_.String(a);
    w_.EndArray();
    w_.Key("mentions");
    w_.BeginArray();
    for (const auto& m : e.mentions) WriteMention(m);
    w_.EndArray();
    w_.Key("geo");
    if (e.geo) {
      w_.BeginObject();
      w_.Key("lat");
      w_.Double(e.geo->lat);
      w_.Key("lon");
      w_.Double(e.geo->lon);
      Field("id", e.geo->id);
      Field("precision", e.geo->precision);
      FieldOrNull("country", e.geo->country);
      FieldOrNull("admin1", e.geo->admin1);
      if (e.geo->borrowed) {  // only when set: graphs without borrowed points stay as they were
        w_.Key("borrowed");
        w_.Bool(true);
      }
      w_.EndObject();
    } else {
      w_.Null();
    }
    w_.Key("roles");
    w_.BeginArray();
    for (const auto& r : e.roles) {
      w_.BeginObject();
      Field("title", r.title);
      w_.Key("evidence");
      SpanObject(r.evidence);
      if (!r.of.empty()) Field("of", r.of);
      w_.EndObject();
    }
    w_.EndArray();
    if (!e.linked_place.empty()) Field("linked_place", e.linked_place);
    w_.EndObject();
  }

  void WriteDate(const DateExpr& d) {
    w_.BeginObject();
    StartEnd(d.span);
    Field("text", d.text);
    Field("type", d.type.empty() ? "date" : d.type);
    FieldOrNull("value", d.value);
    FieldOrNull("precision", d.precision);
    w_.Key("resolved");
    w_.Bool(d.resolved);
    if (!d.modifier.empty()) Field("modifier", d.modifier);
    w_.Key("interval");
    if (!d.interval_start.empty() || !d.interval_end.empty()) {
      w_.BeginObject();
      FieldOrNull("start", d.interval_start);
      FieldOrNull("end", d.interval_end);
      w_.EndObject();
    } else {
      w_.Null();
    }
    if (!d.note.empty()) Field("note", d.note);
    w_.EndObject();
  }

  void OptionalNumber(std::string_view k, const std::optional<double>& v) {
    w_.Key(k);
    if (v)
      w_.Double(*v);
    else
      w_.Null();
  }

  void WriteQuantity(const Quantity& q) {
    w_.BeginObject();
    StartEnd(q.span);
    Field("text", q.text);
    w_.Key("value");
    w_.Double(q.value);
    OptionalNumber("min", q.min);
    OptionalNumber("max", q.max);
    Field("approx", q.approx.empty() ? "exact" : q.approx);
    FieldOrNull("unit", q.unit);
    FieldOrNull("role", q.role);
    if (!q.of.empty()) Field("of", q.of);
    if (!q.qualifier.empty()) Field("qualifier", q.qualifier);
    if (q.parent >= 0) {
      w_.Key("parent");
      w_.Int(q.parent);
    }
    if (q.sentence >= 0) {
      w_.Key("sentence");
      w_.Int(q.sentence);
    }
    w_.EndObject();
  }

  void WriteAttribution(const Attribution& a) {
    w_.Key("attribution");
    w_.BeginObject();
    FieldOrNull("source", a.source);
    Field("status", a.status.empty() ? "asserted" : a.status);
    if (!a.source_text.empty()) Field("source_text", a.source_text);
    if (!a.cue.empty()) Field("cue", a.cue);
    w_.EndObject();
  }

  void IdArray(std::string_view k, const std::vector<std::string>& ids) {
    w_.Key(k);
    w_.BeginArray();
    for (const auto& id : ids) w_.String(id);
    w_.EndArray();
  }

  void WriteEvent(const Event& ev) {
    w_.BeginObject();
    Field("id", ev.id);
    Field("type", ev.type);
    FieldOrNull("subtype", ev.subtype);
    FieldOrNull("plover", ev.plover);
    w_.Key("trigger");
    WriteMention(ev.trigger);
    w_.Key("sentence");
    w_.Int(ev.sentence);
    IdArray("actors", ev.actors);
    IdArray("targets", ev.targets);
    IdArray("places", ev.places);
    w_.Key("date");
    if (ev.date)
      WriteDate(*ev.date);
    else
      w_.Null();
    w_.Key("casualties");
    w_.BeginArray();
    for (const auto& c : ev.casualties) {
      w_.BeginObject();
      Field("role", c.role);
      w_.Key("min");
      w_.Double(c.min);
      OptionalNumber("max", c.max);
      FieldOrNull("who", c.who);
      if (c.quantity >= 0) {
        w_.Key("quantity");
        w_.Int(c.quantity);
      }
      w_.EndObject();
    }
    w_.EndArray();
    WriteAttribution(ev.attribution);
    w_.EndObject();
  }

  const DocGraph& g_;
  utf8::OffsetMap map_;
  JsonWriter w_;
};

}  // namespace

std::string ToJson(const DocGraph& g, const JsonOptions& options) {
  std::string out;
  out.reserve(g.doc.text.size() * (options.with_text ? 2 : 1) + 1024);
  Writer(g, &out).Write(options);
  if (options.pretty) return nlohmann::json::parse(out).dump(2);
  return out;
}

}  // namespace mosaic
