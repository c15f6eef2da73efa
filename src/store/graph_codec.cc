// Layout (version 1), after the magic; every count and length is an unsigned LEB128 varint, every
// signed integer a zigzag varint, every double its 8 IEEE bytes little-endian, every bool a byte:
//
//   doc: id url title published published_source external_id   (strings)
//   reference_date reference_source
//   sentences: n, then start (delta from the previous sentence's end) and length
//   entities, dates, quantities, events, relations: n, then each as Put* below writes it
//
// A span is its start and its length. A text that goes with a span is a varint: 0 when it is the
// span's slice of the document text, else its length + 1 followed by its bytes.
//
// Written by hand rather than with a serialisation library: none of the Debian-packaged ones
// (protobuf, flatbuffers, msgpack) would spare the field-by-field code, and each would add a
// schema compiler or a dependency for one table column.
#include "store/graph_codec.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>

namespace mosaic::store {
namespace {

class Writer {
 public:
  Writer(std::string* out, std::string_view text) : out_(out), text_(text) {}

  void U(uint64_t v) {
    // Most values are counts, deltas and short lengths: one byte, written by the inlined
    // push_back rather than by append, a call into the library.
    if (v < 0x80) {
      out_->push_back(static_cast<char>(v));
      return;
    }
    char buf[10];
    int n = 0;
    while (v >= 0x80) {
      buf[n++] = static_cast<char>(v | 0x80);
      v >>= 7;
    }
    buf[n++] = static_cast<char>(v);
    out_->append(buf, n);
  }
  void I(int64_t v) { U((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void B(bool v) { out_->push_back(v ? 1 : 0); }
  void D(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    char buf[8];
    for (int i = 0; i < 8; ++i) buf[i] = static_cast<char>(bits >> (8 * i));
    out_->append(buf, 8);
  }
  void S(std::string_view s) {
    U(s.size());
    out_->append(s);
  }
  void OptD(const std::optional<double>& v) {
    B(v.has_value());
    if (v) D(*v);
  }
  void SpanOf(const Span& s) {
    U(s.start);
    U(static_cast<uint64_t>(s.end) - s.start);
  }
  // A span and the text that goes with it.
  void SpanText(const Span& s, std::string_view t) {
    SpanOf(s);
    if (s.end >= s.start && s.end <= text_.size() && text_.substr(s.start, s.end - s.start) == t) {
      U(0);
    } else {
      U(t.size() + 1);
      out_->append(t);
    }
  }
  void Strings(const std::vector<std::string>& v) {
    U(v.size());
    for (const auto& s : v) S(s);
  }

  void PutMention(const Mention& m) {
    SpanText(m.span, m.text);
    I(m.sentence);
  }
  void PutAttribution(const Attribution& a) {
    S(a.source);
    S(a.source_text);
    S(a.status);
    S(a.cue);
  }
  void PutEntity(const Entity& e) {
    S(e.id);
    S(e.type);
    S(e.kind);
    S(e.name);
    Strings(e.aliases);
    U(e.mentions.size());
    for (const auto& m : e.mentions) PutMention(m);
    B(e.geo.has_value());
    if (e.geo) {
      D(e.geo->lat);
      D(e.geo->lon);
      S(e.geo->id);
      S(e.geo->precision);
      S(e.geo->country);
      S(e.geo->admin1);
      B(e.geo->borrowed);
    }
    U(e.roles.size());
    for (const auto& r : e.roles) {
      S(r.title);
      SpanOf(r.evidence);
      S(r.of);
    }
    S(e.linked_place);
  }
  void PutDate(const DateExpr& d) {
    SpanText(d.span, d.text);
    S(d.type);
    S(d.value);
    S(d.precision);
    S(d.modifier);
    S(d.interval_start);
    S(d.interval_end);
    B(d.resolved);
    S(d.note);
  }
  void PutQuantity(const Quantity& q) {
    SpanText(q.span, q.text);
    D(q.value);
    OptD(q.min);
    OptD(q.max);
    S(q.approx);
    S(q.unit);
    S(q.role);
    S(q.of);
    S(q.qualifier);
    I(q.parent);
    I(q.sentence);
  }
  void PutEvent(const Event& ev) {
    S(ev.id);
    S(ev.type);
    S(ev.subtype);
    S(ev.plover);
    PutMention(ev.trigger);
    I(ev.sentence);
    Strings(ev.actors);
    Strings(ev.targets);
    Strings(ev.places);
    B(ev.date.has_value());
    if (ev.date) PutDate(*ev.date);
    U(ev.casualties.size());
    for (const auto& c : ev.casualties) {
      S(c.role);
      D(c.min);
      OptD(c.max);
      S(c.who);
      I(c.quantity);
    }
    PutAttribution(ev.attribution);
  }
  void PutRelation(const Relation& r) {
    S(r.type);
    S(r.subject);
    S(r.object);
    SpanOf(r.evidence);
    PutAttribution(r.attribution);
  }

 private:
  std::string* out_;
  std::string_view text_;
};

class Reader {
 public:
  Reader(std::string_view in, std::string_view text) : in_(in), text_(text) {}

  bool ok() const { return error_.empty(); }
  bool at_end() const { return pos_ == in_.size(); }
  const std::string& error() const { return error_; }
  void Fail(std::string what) {
    if (error_.empty()) error_ = std::move(what) + " at byte " + std::to_string(pos_);
    pos_ = in_.size();
  }

  uint64_t U() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) {
        Fail("truncated number");
        return 0;
      }
      const auto b = static_cast<unsigned char>(in_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    Fail("number too long");
    return 0;
  }
  int64_t I() {
    const uint64_t v = U();
    return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1));
  }
  int Int() {
    const int64_t v = I();
    if (v < INT32_MIN || v > INT32_MAX) Fail("index out of range");
    return static_cast<int>(v);
  }
  bool B() {
    if (pos_ >= in_.size()) {
      Fail("truncated flag");
      return false;
    }
    const char c = in_[pos_++];
    if (c != 0 && c != 1) Fail("bad flag");
    return c == 1;
  }
  double D() {
    if (in_.size() - pos_ < 8) {
      Fail("truncated number");
      return 0;
    }
    uint64_t bits = 0;
    for (int i = 0; i < 8; ++i)
      bits |= static_cast<uint64_t>(static_cast<unsigned char>(in_[pos_ + i])) << (8 * i);
    pos_ += 8;
    double v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  }
  // `n` bytes as a string.
  std::string Bytes(uint64_t n) {
    if (n > in_.size() - pos_) {
      Fail("truncated text");
      return {};
    }
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  std::string S() { return Bytes(U()); }
  // A count of items that take at least one byte each: never more than the bytes left, so a
  // damaged count cannot make the decoder reserve memory for it.
  size_t Count() {
    const uint64_t n = U();
    if (n > in_.size() - pos_) {
      Fail("count larger than the input");
      return 0;
    }
    return static_cast<size_t>(n);
  }
  std::optional<double> OptD() {
    if (!B()) return std::nullopt;
    return D();
  }
  Span SpanOf() {
    const uint64_t start = U(), len = U();
    if (start > UINT32_MAX || len > UINT32_MAX - start) {
      Fail("span out of range");
      return {};
    }
    return {static_cast<uint32_t>(start), static_cast<uint32_t>(start + len)};
  }
  std::string TextOf(const Span& s) {
    const uint64_t n = U();
    if (n > 0) return Bytes(n - 1);
    if (s.end > text_.size()) {
      Fail("span beyond the text");
      return {};
    }
    return std::string(text_.substr(s.start, s.end - s.start));
  }
  // A counted list, read item by item: a damaged count ends in an error once the input runs out,
  // with no more memory taken than the items actually read.
  template <typename T, typename Read>
  std::vector<T> List(Read read) {
    const size_t n = Count();
    std::vector<T> v;
    v.reserve(std::min<size_t>(n, 64));
    for (size_t i = 0; i < n && ok(); ++i) v.push_back(read());
    return v;
  }
  std::vector<std::string> Strings() {
    return List<std::string>([this] { return S(); });
  }

  Mention GetMention() {
    Mention m;
    m.span = SpanOf();
    m.text = TextOf(m.span);
    m.sentence = Int();
    return m;
  }
  Attribution GetAttribution() {
    Attribution a;
    a.source = S();
    a.source_text = S();
    a.status = S();
    a.cue = S();
    return a;
  }
  Entity GetEntity() {
    Entity e;
    e.id = S();
    e.type = S();
    e.kind = S();
    e.name = S();
    e.aliases = Strings();
    e.mentions = List<Mention>([this] { return GetMention(); });
    if (B()) {
      Geo g;
      g.lat = D();
      g.lon = D();
      g.id = S();
      g.precision = S();
      g.country = S();
      g.admin1 = S();
      g.borrowed = B();
      e.geo = std::move(g);
    }
    e.roles = List<Role>([this] {
      Role r;
      r.title = S();
      r.evidence = SpanOf();
      r.of = S();
      return r;
    });
    e.linked_place = S();
    return e;
  }
  DateExpr GetDate() {
    DateExpr d;
    d.span = SpanOf();
    d.text = TextOf(d.span);
    d.type = S();
    d.value = S();
    d.precision = S();
    d.modifier = S();
    d.interval_start = S();
    d.interval_end = S();
    d.resolved = B();
    d.note = S();
    return d;
  }
  Quantity GetQuantity() {
    Quantity q;
    q.span = SpanOf();
    q.text = TextOf(q.span);
    q.value = D();
    q.min = OptD();
    q.max = OptD();
    q.approx = S();
    q.unit = S();
    q.role = S();
    q.of = S();
    q.qualifier = S();
    q.parent = Int();
    q.sentence = Int();
    return q;
  }
  Event GetEvent() {
    Event ev;
    ev.id = S();
    ev.type = S();
    ev.subtype = S();
    ev.plover = S();
    ev.trigger = GetMention();
    ev.sentence = Int();
    ev.actors = Strings();
    ev.targets = Strings();
    ev.places = Strings();
    if (B()) ev.date = GetDate();
    ev.casualties = List<Casualty>([this] {
      Casualty c;
      c.role = S();
      c.min = D();
      c.max = OptD();
      c.who = S();
      c.quantity = Int();
      return c;
    });
    ev.attribution = GetAttribution();
    return ev;
  }
  Relation GetRelation() {
    Relation r;
    r.type = S();
    r.subject = S();
    r.object = S();
    r.evidence = SpanOf();
    r.attribution = GetAttribution();
    return r;
  }

 private:
  std::string_view in_;
  std::string_view text_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace

void EncodeGraph(const DocGraph& g, std::string* out) {
  out->append(kGraphCodecMagic);
  Writer w(out, g.doc.text);
  const Document& d = g.doc;
  for (const std::string* s :
       {&d.id, &d.url, &d.title, &d.published, &d.published_source, &d.external_id}) {
    w.S(*s);
  }
  w.S(g.reference_date);
  w.S(g.reference_source);
  w.U(g.sentences.size());
  uint32_t prev_end = 0;
  for (const Span& s : g.sentences) {
    // Sentences follow each other: the gap before each is small, where its start is not.
    w.I(static_cast<int64_t>(s.start) - prev_end);
    w.U(static_cast<uint64_t>(s.end) - s.start);
    prev_end = s.end;
  }
  w.U(g.entities.size());
  for (const auto& e : g.entities) w.PutEntity(e);
  w.U(g.dates.size());
  for (const auto& dt : g.dates) w.PutDate(dt);
  w.U(g.quantities.size());
  for (const auto& q : g.quantities) w.PutQuantity(q);
  w.U(g.events.size());
  for (const auto& ev : g.events) w.PutEvent(ev);
  w.U(g.relations.size());
  for (const auto& r : g.relations) w.PutRelation(r);
}

bool IsEncodedGraph(std::string_view stored) { return stored.substr(0, 4) == kGraphCodecMagic; }

Result<DocGraph> DecodeGraph(std::string_view bytes, std::string text) {
  if (!IsEncodedGraph(bytes)) return Status::Corruption("a stored DocGraph has no known header");
  DocGraph g;
  g.doc.text = std::move(text);
  Reader r(bytes.substr(kGraphCodecMagic.size()), g.doc.text);
  Document& d = g.doc;
  for (std::string* s :
       {&d.id, &d.url, &d.title, &d.published, &d.published_source, &d.external_id}) {
    *s = r.S();
  }
  g.reference_date = r.S();
  g.reference_source = r.S();
  int64_t prev_end = 0;
  g.sentences = r.List<Span>([&r, &prev_end] {
    // The gap from the previous sentence's end is checked before it is added: a corrupt one can
    // be any 64-bit number, and the sum must not overflow.
    const int64_t gap = r.I();
    const uint64_t len = r.U();
    if (gap < -prev_end || gap > static_cast<int64_t>(UINT32_MAX) - prev_end) {
      r.Fail("sentence out of range");
      return Span{};
    }
    const int64_t start = prev_end + gap;
    if (len > UINT32_MAX - static_cast<uint64_t>(start)) {
      r.Fail("sentence out of range");
      return Span{};
    }
    const Span s{static_cast<uint32_t>(start), static_cast<uint32_t>(start + len)};
    prev_end = s.end;
    return s;
  });
  g.entities = r.List<Entity>([&r] { return r.GetEntity(); });
  g.dates = r.List<DateExpr>([&r] { return r.GetDate(); });
  g.quantities = r.List<Quantity>([&r] { return r.GetQuantity(); });
  g.events = r.List<Event>([&r] { return r.GetEvent(); });
  g.relations = r.List<Relation>([&r] { return r.GetRelation(); });
  if (r.ok() && !r.at_end()) r.Fail("bytes after the graph");
  if (!r.ok()) return Status::Corruption("a stored DocGraph is damaged: " + r.error());
  return g;
}

}  // namespace mosaic::store
