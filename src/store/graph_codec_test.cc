// The stored binary form of a DocGraph (graph_codec.h): every graph decodes to what was encoded
// (its JSON, with and without the text, is byte-identical), texts that are not their span's slice
// survive, and damaged input is a Corruption error, never a crash or a wrong graph.
#include "store/graph_codec.h"

#include <gtest/gtest.h>

#include <cmath>

#include "store/graph_blob.h"
#include "store/test_graphs.h"

namespace mosaic::store {
namespace {

using testing::GraphBuilder;
using testing::SampleWorld;

std::string Encoded(const DocGraph& g) {
  std::string out;
  EncodeGraph(g, &out);
  return out;
}

void ExpectRoundTrip(const DocGraph& g) {
  const std::string bytes = Encoded(g);
  ASSERT_TRUE(IsEncodedGraph(bytes));
  auto back = DecodeGraph(bytes, g.doc.text);
  ASSERT_TRUE(back.ok()) << back.status().message();
  JsonOptions with_text;
  with_text.with_text = true;
  EXPECT_EQ(ToJson(*back, with_text), ToJson(g, with_text));
  EXPECT_EQ(ToJson(*back), ToJson(g));
  EXPECT_EQ(back->doc.published_source, g.doc.published_source);
}

// A graph with what the sample world lacks: quantities with bounds and parents, a borrowed point,
// roles held in another entity, a linked place, an unresolved date with a note, non-ASCII text,
// a casualty without a quantity, a relation with a quoted source.
DocGraph Unusual() {
  GraphBuilder b(
      "Le maire de Kharkiv, Ihor Terekhov, a dit qu'au moins 12 personnes, dont 3 enfants, ont été "
      "blessées. Kyiv a répondu « plus tard ». Des frappes ont touché Izioum.",
      "https://news.example/fr", "2024-05-10T08:00:00Z");
  auto kharkiv = b.Place("Kharkiv", "city", 49.9935, 36.2304, "geonames:706483");
  auto mayor = b.Entity("person", "", "Ihor Terekhov", {"Ihor Terekhov"});
  auto kyiv = b.Entity("place", "", "Kyiv", {"Kyiv"});
  auto izium = b.Place("Izioum", "city", 49.2128, 37.2569, "geonames:707292");
  DocGraph& g = b.graph();
  g.doc.published_source = "jsonl:published";
  g.doc.external_id = "ext-17";
  g.reference_date = "2024-05-10";
  g.reference_source = "published";
  g.entities[1].roles.push_back({"maire", b.Find("Le maire de Kharkiv"), kharkiv});
  g.entities[2].linked_place = kharkiv;
  g.entities[3].geo->borrowed = true;
  g.entities[3].geo->admin1 = "Kharkivska";
  g.entities[0].mentions[0].sentence = 0;
  Quantity q;
  q.span = b.Find("au moins 12");
  q.text = "au moins 12";
  q.value = 12;
  q.min = 12;
  q.approx = "at_least";
  q.unit = "personnes";
  q.role = "wounded";
  q.sentence = 0;
  g.quantities.push_back(q);
  Quantity part = q;
  part.span = b.Find("3 enfants");
  part.text = "3 enfants";
  part.value = 3;
  part.min.reset();
  part.max = 3.5;
  part.approx = "exact";
  part.parent = 0;
  part.qualifier = "dont";
  g.quantities.push_back(part);
  DateExpr later;
  later.span = b.Find("plus tard");
  later.text = "plus tard";
  later.type = "date";
  later.note = "relative, no anchor";
  g.dates.push_back(later);
  auto& ev = b.Event("attack", "frappes", {}, {}, {izium});
  ev.sentence = 2;
  ev.trigger.sentence = 2;
  ev.date = later;
  ev.casualties.push_back({"wounded", 12, std::nullopt, "personnes", 0});
  ev.casualties.push_back({"wounded", 3, 4.0, "enfants", -1});
  ev.attribution = {mayor, "Ihor Terekhov", "claimed", "a dit"};
  b.Relation("located_in", kyiv, kharkiv, "Kyiv a répondu");
  g.relations.back().attribution = {"", "", "asserted", ""};
  return g;
}

TEST(GraphCodecTest, EveryGraphDecodesToItsOwnJson) {
  for (const auto& g : SampleWorld()) ExpectRoundTrip(g);
  ExpectRoundTrip(Unusual());
  DocGraph empty;
  ExpectRoundTrip(empty);
}

TEST(GraphCodecTest, TextsThatAreTheirSlicesAreNotStoredAndOthersAre) {
  DocGraph g = Unusual();
  const size_t slices = Encoded(g).size();
  // A mention whose text is not its slice (a producer's bug or a hand-made graph) keeps its text.
  g.entities[1].mentions[0].text = "Ihor TEREKHOV";
  // A date whose span lies beyond the text keeps both.
  g.dates[0].span = {100000, 100009};
  const std::string bytes = Encoded(g);
  EXPECT_GT(bytes.size(), slices);
  auto back = DecodeGraph(bytes, g.doc.text);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->entities[1].mentions[0].text, "Ihor TEREKHOV");
  EXPECT_EQ(back->dates[0].span, (Span{100000, 100009}));
  EXPECT_EQ(back->dates[0].text, "plus tard");
  // The slices themselves come from the text given to the decoder.
  auto plain = DecodeGraph(Encoded(Unusual()), Unusual().doc.text);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->quantities[1].text, "3 enfants");
  EXPECT_EQ(plain->quantities[1].max, 3.5);
  EXPECT_FALSE(plain->quantities[1].min.has_value());
  EXPECT_TRUE(plain->entities[3].geo->borrowed);
}

TEST(GraphCodecTest, DamagedInputIsCorruptionNeverACrash) {
  const DocGraph g = Unusual();
  const std::string bytes = Encoded(g);
  // Every truncation.
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto r = DecodeGraph(bytes.substr(0, n), g.doc.text);
    ASSERT_FALSE(r.ok()) << "cut at " << n;
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  }
  // Trailing bytes.
  auto longer = DecodeGraph(bytes + "x", g.doc.text);
  ASSERT_FALSE(longer.ok());
  EXPECT_NE(longer.status().message().find("bytes after the graph"), std::string::npos);
  // Every byte changed: either an error or a graph (a changed letter is still a graph), and
  // sliced texts are never read from outside the text.
  int errors = 0;
  for (size_t i = kGraphCodecMagic.size(); i < bytes.size(); ++i) {
    for (unsigned char x : {0x01, 0x80, 0xff}) {
      std::string bad = bytes;
      bad[i] = static_cast<char>(static_cast<unsigned char>(bad[i]) ^ x);
      auto r = DecodeGraph(bad, g.doc.text);
      if (!r.ok()) {
        ++errors;
        EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
      }
    }
  }
  EXPECT_GT(errors, 0);
  // The decoder needs the text the slices were taken from.
  auto short_text = DecodeGraph(bytes, "Le maire");
  ASSERT_FALSE(short_text.ok());
  EXPECT_NE(short_text.status().message().find("span beyond the text"), std::string::npos);
  // Not an encoded graph at all.
  EXPECT_FALSE(DecodeGraph("{\"schema\":\"mosaic.docgraph/1\"}", g.doc.text).ok());
}

// A sentence is stored as its gap from the previous sentence's end (a signed varint) and its
// length. A corrupt gap can be any 64-bit number; it is refused before it is added, so no
// addition overflows (the fuzzer found one: UBSan's signed-overflow report, before the fix).
TEST(GraphCodecTest, SentenceGapsOutOfRangeAreCorruptionNotOverflow) {
  auto varint = [](uint64_t v) {
    std::string out;
    while (v >= 0x80) {
      out += static_cast<char>((v & 0x7f) | 0x80);
      v >>= 7;
    }
    out += static_cast<char>(v);
    return out;
  };
  auto zigzag = [](int64_t v) {
    return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  };
  const std::string text = "Drones hit Kyiv on Monday.";
  for (int64_t gap :
       {INT64_MAX - 3, INT64_MAX, INT64_MIN, INT64_MIN + 2, int64_t{-6}, int64_t{UINT32_MAX}}) {
    std::string bytes(kGraphCodecMagic);
    bytes += std::string(8, '\0');           // id, url, title, dates, sources: all empty
    bytes += varint(2);                      // two sentences
    bytes += varint(zigzag(0)) + varint(5);  // [0, 5)
    bytes += varint(zigzag(gap)) + varint(1);
    auto r = DecodeGraph(bytes, text);
    ASSERT_FALSE(r.ok()) << "gap " << gap;
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
    EXPECT_NE(r.status().message().find("sentence out of range"), std::string::npos)
        << r.status().message();
  }
}

TEST(GraphCodecTest, StoredFormsAreToldApartAndReadAlike) {
  const DocGraph g = Unusual();
  const std::string json = ToJson(g);
  GraphPacker packer;
  const std::string zstd = packer.Pack(json), binary = PackGraph(g);
  EXPECT_FALSE(IsEncodedGraph(json));
  EXPECT_FALSE(IsEncodedGraph(zstd));
  EXPECT_TRUE(IsPackedGraph(zstd));
  EXPECT_FALSE(IsPackedGraph(binary));
  JsonOptions with_text;
  with_text.with_text = true;
  for (const std::string& stored : {json, zstd, binary}) {
    auto bare = StoredGraphJson(stored, g.doc.text, false);
    ASSERT_TRUE(bare.ok()) << bare.status().message();
    EXPECT_EQ(*bare, json);
    auto full = StoredGraphJson(stored, g.doc.text, true);
    ASSERT_TRUE(full.ok()) << full.status().message();
    EXPECT_EQ(*full, ToJson(g, with_text));
  }
  // A JSON row of another shape (not ToJson's) gets the text as a last key.
  auto other = StoredGraphJson("{\"doc\":{\"id\":\"x\"},\"entities\":[]}", "Some text.", true);
  ASSERT_TRUE(other.ok()) << other.status().message();
  EXPECT_EQ(*other, "{\"doc\":{\"id\":\"x\"},\"entities\":[],\"text\":\"Some text.\"}");
  EXPECT_FALSE(StoredGraphJson("{\"doc\":", "Some text.", true).ok());
}

}  // namespace
}  // namespace mosaic::store
