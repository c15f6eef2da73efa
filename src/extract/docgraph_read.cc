// JSON -> DocGraph: reads back what ToJson writes with --with-text (schema mosaic.docgraph/1), so
// that `mosaic extract` output made elsewhere (a Spark or Hadoop mapper, docs/scale.md) can be
// merged with `mosaic ingest --docgraphs`. Code point offsets become byte spans again. A graph is
// checked before it is trusted: the schema, the text's hash against doc.id, every span inside the
// text, every mention's and trigger's text equal to the slice it names, and every entity id an
// event or relation refers to defined in the document.
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "mosaic/docgraph.h"
#include "util/utf8.h"

namespace mosaic {
namespace {

using Json = nlohmann::json;

// A parse error with the JSON path where it happened ("entities[3].mentions[0]: ...").
struct Bad {
  std::string message;
};

class Reader {
 public:
  explicit Reader(const std::string& text) : text_(text) {
    // Byte offset of every code point, plus one past the end.
    for (uint32_t i = 0; i < text.size(); ++i) {
      if ((static_cast<uint8_t>(text[i]) & 0xC0) != 0x80) starts_.push_back(i);
    }
    starts_.push_back(static_cast<uint32_t>(text.size()));
  }

  static const Json& Member(const Json& o, const char* key, const std::string& where) {
    if (!o.is_object()) throw Bad{where + ": not an object"};
    auto it = o.find(key);
    if (it == o.end()) throw Bad{where + ": no \"" + key + "\""};
    return *it;
  }
  // A string member; null or absent reads as "" when `optional`.
  static std::string Str(const Json& o, const char* key, const std::string& where,
                         bool optional = true) {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) {
      if (optional) return {};
      throw Bad{where + ": no \"" + key + "\""};
    }
    if (!it->is_string()) throw Bad{where + "." + key + ": not a string"};
    return it->get<std::string>();
  }
  static int Int(const Json& o, const char* key, const std::string& where, int fallback) {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return fallback;
    if (!it->is_number_integer()) throw Bad{where + "." + key + ": not an integer"};
    return it->get<int>();
  }
  static double Num(const Json& o, const char* key, const std::string& where) {
    const Json& v = Member(o, key, where);
    if (!v.is_number()) throw Bad{where + "." + key + ": not a number"};
    return v.get<double>();
  }
  static std::optional<double> OptNum(const Json& o, const char* key, const std::string& where) {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return std::nullopt;
    if (!it->is_number()) throw Bad{where + "." + key + ": not a number"};
    return it->get<double>();
  }
  static const Json& Arr(const Json& o, const char* key, const std::string& where) {
    static const Json kEmpty = Json::array();
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return kEmpty;
    if (!it->is_array()) throw Bad{where + "." + key + ": not an array"};
    return *it;
  }
  static std::vector<std::string> Strings(const Json& o, const char* key,
                                          const std::string& where) {
    std::vector<std::string> out;
    for (const auto& v : Arr(o, key, where)) {
      if (!v.is_string()) throw Bad{where + "." + key + ": not a list of strings"};
      out.push_back(v.get<std::string>());
    }
    return out;
  }

  // {start, end} in code points -> a byte span, checked against the text.
  Span SpanOf(const Json& o, const std::string& where) const {
    const Json& s = Member(o, "start", where);
    const Json& e = Member(o, "end", where);
    if (!s.is_number_unsigned() || !e.is_number_unsigned()) {
      throw Bad{where + ": start and end must be offsets (whole numbers >= 0)"};
    }
    uint64_t start = s.get<uint64_t>(), end = e.get<uint64_t>();
    const uint64_t n = starts_.size() - 1;
    const std::string span = "span " + std::to_string(start) + ".." + std::to_string(end);
    if (start > end) throw Bad{where + ": " + span + " ends before it starts"};
    if (end > n) {
      throw Bad{where + ": " + span + " is outside the text (" + std::to_string(n) +
                " code points)"};
    }
    return Span{starts_[start], starts_[end]};
  }
  // A mention-like object: its span must slice the text to its "text".
  Mention MentionOf(const Json& o, const std::string& where) const {
    Mention m;
    m.span = SpanOf(o, where);
    m.text = Str(o, "text", where, /*optional=*/false);
    if (text_.compare(m.span.start, m.span.end - m.span.start, m.text) != 0) {
      throw Bad{where + ": \"" + m.text + "\" is not the text at its offsets"};
    }
    m.sentence = Int(o, "sentence", where, -1);
    return m;
  }

  DateExpr DateOf(const Json& o, const std::string& where) const {
    DateExpr d;
    Mention m = MentionOf(o, where);
    d.span = m.span;
    d.text = m.text;
    d.type = Str(o, "type", where);
    d.value = Str(o, "value", where);
    d.precision = Str(o, "precision", where);
    d.modifier = Str(o, "modifier", where);
    d.note = Str(o, "note", where);
    if (auto it = o.find("resolved"); it != o.end() && it->is_boolean()) d.resolved = *it;
    if (auto it = o.find("interval"); it != o.end() && it->is_object()) {
      d.interval_start = Str(*it, "start", where + ".interval");
      d.interval_end = Str(*it, "end", where + ".interval");
    }
    return d;
  }

  static Attribution AttributionOf(const Json& o, const std::string& where) {
    Attribution a;
    auto it = o.find("attribution");
    if (it == o.end() || it->is_null()) return a;
    const std::string w = where + ".attribution";
    a.source = Str(*it, "source", w);
    a.source_text = Str(*it, "source_text", w);
    a.status = Str(*it, "status", w);
    a.cue = Str(*it, "cue", w);
    return a;
  }

 private:
  const std::string& text_;
  std::vector<uint32_t> starts_;
};

std::string At(const char* array, size_t i) {
  return std::string(array) + "[" + std::to_string(i) + "]";
}

DocGraph Read(const Json& j) {
  if (!j.is_object()) throw Bad{"not a JSON object"};
  const std::string schema = Reader::Str(j, "schema", "graph");
  if (schema != DocGraph::kSchema) {
    throw Bad{schema.empty() ? std::string("no \"schema\": not a DocGraph")
                             : "schema \"" + schema + "\" is not " + DocGraph::kSchema};
  }
  DocGraph g;
  auto text = j.find("text");
  if (text == j.end() || !text->is_string()) {
    throw Bad{"no \"text\": write the DocGraphs with `mosaic extract --with-text`"};
  }
  g.doc.text = text->get<std::string>();
  if (size_t bad = utf8::FindInvalid(g.doc.text); bad != std::string::npos) {
    throw Bad{"text: invalid UTF-8 at byte " + std::to_string(bad)};
  }
  if (g.doc.text.find('\0') != std::string::npos) throw Bad{"text: contains a NUL character"};
  const Json& doc = Reader::Member(j, "doc", "graph");
  g.doc.id = Reader::Str(doc, "id", "doc");
  const std::string hash = ContentId(g.doc.text);
  if (g.doc.id.empty()) g.doc.id = hash;
  if (g.doc.id != hash) throw Bad{"doc.id " + g.doc.id + " is not the hash of the text"};
  g.doc.url = Reader::Str(doc, "url", "doc");
  g.doc.title = Reader::Str(doc, "title", "doc");
  g.doc.published = Reader::Str(doc, "published", "doc");
  g.doc.published_source = Reader::Str(doc, "published_source", "doc");
  g.doc.external_id = Reader::Str(doc, "external_id", "doc");
  g.reference_date = Reader::Str(doc, "reference_date", "doc");
  g.reference_source = Reader::Str(doc, "reference_source", "doc");
  if (g.reference_source == "none") g.reference_source.clear();

  Reader r(g.doc.text);
  const Json& sentences = Reader::Arr(j, "sentences", "graph");
  for (size_t i = 0; i < sentences.size(); ++i) {
    g.sentences.push_back(r.SpanOf(sentences[i], At("sentences", i)));
  }
  std::set<std::string> ids;
  const Json& entities = Reader::Arr(j, "entities", "graph");
  for (size_t i = 0; i < entities.size(); ++i) {
    const std::string w = At("entities", i);
    const Json& o = entities[i];
    Entity e;
    e.id = Reader::Str(o, "id", w, /*optional=*/false);
    if (!ids.insert(e.id).second) throw Bad{w + ": entity id " + e.id + " is used twice"};
    e.type = Reader::Str(o, "type", w, /*optional=*/false);
    e.kind = Reader::Str(o, "kind", w);
    e.name = Reader::Str(o, "name", w, /*optional=*/false);
    e.aliases = Reader::Strings(o, "aliases", w);
    const Json& mentions = Reader::Arr(o, "mentions", w);
    for (size_t k = 0; k < mentions.size(); ++k) {
      e.mentions.push_back(r.MentionOf(mentions[k], w + "." + At("mentions", k)));
    }
    if (auto geo = o.find("geo"); geo != o.end() && !geo->is_null()) {
      Geo x;
      x.lat = Reader::Num(*geo, "lat", w + ".geo");
      x.lon = Reader::Num(*geo, "lon", w + ".geo");
      x.id = Reader::Str(*geo, "id", w + ".geo");
      x.precision = Reader::Str(*geo, "precision", w + ".geo");
      x.country = Reader::Str(*geo, "country", w + ".geo");
      x.admin1 = Reader::Str(*geo, "admin1", w + ".geo");
      if (auto b = geo->find("borrowed"); b != geo->end()) {
        if (!b->is_boolean()) throw Bad{w + ".geo.borrowed: not true or false"};
        x.borrowed = b->get<bool>();
      }
      e.geo = x;
    }
    const Json& roles = Reader::Arr(o, "roles", w);
    for (size_t k = 0; k < roles.size(); ++k) {
      const std::string rw = w + "." + At("roles", k);
      Role role;
      role.title = Reader::Str(roles[k], "title", rw, /*optional=*/false);
      role.evidence = r.SpanOf(Reader::Member(roles[k], "evidence", rw), rw + ".evidence");
      role.of = Reader::Str(roles[k], "of", rw);
      e.roles.push_back(std::move(role));
    }
    e.linked_place = Reader::Str(o, "linked_place", w);
    g.entities.push_back(std::move(e));
  }
  auto known = [&](const std::string& id, const std::string& where) {
    if (!id.empty() && !ids.count(id)) throw Bad{where + ": no entity " + id + " in the document"};
  };
  const Json& dates = Reader::Arr(j, "dates", "graph");
  for (size_t i = 0; i < dates.size(); ++i) g.dates.push_back(r.DateOf(dates[i], At("dates", i)));
  const Json& quantities = Reader::Arr(j, "quantities", "graph");
  for (size_t i = 0; i < quantities.size(); ++i) {
    const std::string w = At("quantities", i);
    const Json& o = quantities[i];
    Quantity q;
    Mention m = r.MentionOf(o, w);
    q.span = m.span;
    q.text = m.text;
    q.sentence = m.sentence;
    q.value = Reader::Num(o, "value", w);
    q.min = Reader::OptNum(o, "min", w);
    q.max = Reader::OptNum(o, "max", w);
    q.approx = Reader::Str(o, "approx", w);
    q.unit = Reader::Str(o, "unit", w);
    q.role = Reader::Str(o, "role", w);
    q.of = Reader::Str(o, "of", w);
    known(q.of, w + ".of");
    q.qualifier = Reader::Str(o, "qualifier", w);
    q.parent = Reader::Int(o, "parent", w, -1);
    g.quantities.push_back(std::move(q));
  }
  const Json& events = Reader::Arr(j, "events", "graph");
  for (size_t i = 0; i < events.size(); ++i) {
    const std::string w = At("events", i);
    const Json& o = events[i];
    Event ev;
    ev.id = Reader::Str(o, "id", w, /*optional=*/false);
    ev.type = Reader::Str(o, "type", w, /*optional=*/false);
    ev.subtype = Reader::Str(o, "subtype", w);
    ev.plover = Reader::Str(o, "plover", w);
    ev.trigger = r.MentionOf(Reader::Member(o, "trigger", w), w + ".trigger");
    ev.sentence = Reader::Int(o, "sentence", w, -1);
    ev.actors = Reader::Strings(o, "actors", w);
    ev.targets = Reader::Strings(o, "targets", w);
    ev.places = Reader::Strings(o, "places", w);
    for (const auto* list : {&ev.actors, &ev.targets, &ev.places}) {
      for (const auto& id : *list) known(id, w);
    }
    if (auto d = o.find("date"); d != o.end() && !d->is_null()) ev.date = r.DateOf(*d, w + ".date");
    const Json& casualties = Reader::Arr(o, "casualties", w);
    for (size_t k = 0; k < casualties.size(); ++k) {
      const std::string cw = w + "." + At("casualties", k);
      Casualty c;
      c.role = Reader::Str(casualties[k], "role", cw, /*optional=*/false);
      c.min = Reader::Num(casualties[k], "min", cw);
      c.max = Reader::OptNum(casualties[k], "max", cw);
      c.who = Reader::Str(casualties[k], "who", cw);
      c.quantity = Reader::Int(casualties[k], "quantity", cw, -1);
      ev.casualties.push_back(std::move(c));
    }
    ev.attribution = Reader::AttributionOf(o, w);
    known(ev.attribution.source, w + ".attribution.source");
    g.events.push_back(std::move(ev));
  }
  const Json& relations = Reader::Arr(j, "relations", "graph");
  for (size_t i = 0; i < relations.size(); ++i) {
    const std::string w = At("relations", i);
    const Json& o = relations[i];
    Relation rel;
    rel.type = Reader::Str(o, "type", w, /*optional=*/false);
    rel.subject = Reader::Str(o, "subject", w, /*optional=*/false);
    rel.object = Reader::Str(o, "object", w, /*optional=*/false);
    known(rel.subject, w + ".subject");
    known(rel.object, w + ".object");
    rel.evidence = r.SpanOf(Reader::Member(o, "evidence", w), w + ".evidence");
    rel.attribution = Reader::AttributionOf(o, w);
    known(rel.attribution.source, w + ".attribution.source");
    g.relations.push_back(std::move(rel));
  }
  return g;
}

}  // namespace

Result<DocGraph> DocGraphFromJson(std::string_view json) {
  Json j = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidInput("not valid JSON");
  try {
    return Read(j);
  } catch (const Bad& b) {
    return Status::InvalidInput(b.message);
  } catch (const nlohmann::json::exception& e) {  // a value of the wrong type or range
    return Status::InvalidInput(std::string("malformed DocGraph: ") + e.what());
  }
}

}  // namespace mosaic
