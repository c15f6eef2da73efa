// Paths and exports over a store, on SQLite and (when MOSAIC_TEST_PG is set) PostgreSQL.
#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "query/export.h"
#include "query/path.h"
#include "query/render.h"
#include "store/test_graphs.h"

namespace mosaic::query {
namespace {

using nlohmann::json;
using store::testing::SampleWorld;
using store::testing::TestDb;

class QueryTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDb>(GetParam());
    if (!db_->available()) GTEST_SKIP() << store::testing::PgSkipMessage();
    auto s = Store::Open(db_->url(), {});
    ASSERT_TRUE(s.ok()) << s.status().message();
    store_ = std::move(s.value());
    ASSERT_TRUE(store_->Begin().ok());
    for (const auto& g : SampleWorld()) ASSERT_TRUE(store_->Put(g).ok());
    ASSERT_TRUE(store_->Commit().ok());
  }
  int64_t Id(const std::string& name) {
    auto v = store_->FindEntities(name);
    EXPECT_TRUE(v.ok() && !v->empty()) << name;
    return v.ok() && !v->empty() ? (*v)[0].id : -1;
  }
  std::string Run(const std::string& format, ExportOptions o = {}) {
    std::ostringstream out;
    Status st = Export(*store_, format, out, o);
    EXPECT_TRUE(st.ok()) << st.message();
    return out.str();
  }
  std::unique_ptr<TestDb> db_;
  std::unique_ptr<Store> store_;
};

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Splits one CSV record (RFC 4180, no embedded newlines in these fixtures).
std::vector<std::string> CsvSplit(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

TEST_P(QueryTest, PathFollowsRelationsAndEventsWithEvidence) {
  auto hops = FindPath(*store_, Id("Alexei Milchakov"), Id("Bakhmut"));
  ASSERT_TRUE(hops.ok()) << hops.status().message();
  ASSERT_EQ(hops->size(), 2u);
  EXPECT_EQ((*hops)[0].via, "relation:leads");
  EXPECT_EQ((*hops)[0].to.name, "Rusich");
  EXPECT_EQ((*hops)[1].via, "event:attack");
  EXPECT_EQ((*hops)[1].to.name, "Bakhmut");
  EXPECT_NE((*hops)[1].evidence.snippet.find("[[shelled]]"), std::string::npos);

  auto two = FindPath(*store_, Id("Lukasenka"), Id("Wagner"));
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[0].to.name, "Yevgeny Prigozhin");
  EXPECT_EQ((*two)[0].via, "event:meet");

  // The two halves of the sample world do not touch.
  auto none = FindPath(*store_, Id("Alexei Milchakov"), Id("Wagner"));
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  // Hop limit.
  PathOptions one_hop;
  one_hop.max_hops = 1;
  auto cut = FindPath(*store_, Id("Alexei Milchakov"), Id("Bakhmut"), one_hop);
  ASSERT_TRUE(cut.ok());
  EXPECT_TRUE(cut->empty());
}

TEST_P(QueryTest, CsvHasAcledColumnsAndOneRowPerEvent) {
  auto lines = Lines(Run("csv"));
  ASSERT_EQ(lines.size(), 6u);  // header + 5 events
  auto header = CsvSplit(lines[0]);
  for (const char* col : {"event_date", "time_precision", "event_type", "sub_event_type", "actor1",
                          "actor2", "location", "latitude", "longitude", "geo_precision",
                          "fatalities", "source", "notes", "status", "attribution"}) {
    EXPECT_NE(std::find(header.begin(), header.end(), col), header.end()) << col;
  }
  auto col = [&](const std::vector<std::string>& row, const std::string& name) {
    return row[std::find(header.begin(), header.end(), name) - header.begin()];
  };
  int shelling = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    auto row = CsvSplit(lines[i]);
    ASSERT_EQ(row.size(), header.size()) << lines[i];
    if (col(row, "location") == "Bakhmut") {
      ++shelling;
      EXPECT_EQ(col(row, "event_date"), "2023-05-22");
      EXPECT_EQ(col(row, "time_precision"), "1");
      EXPECT_EQ(col(row, "actor1"), "Rusich");
      EXPECT_EQ(col(row, "fatalities"), "3");
      EXPECT_EQ(col(row, "geo_precision"), "1");
      EXPECT_EQ(col(row, "status"), "claimed");
      EXPECT_EQ(col(row, "attribution"), "the Ukrainian army");
      EXPECT_EQ(col(row, "source"), "https://news.example/a1");
      // The note is the sentence, which has commas: quoting kept it one field.
      EXPECT_NE(col(row, "notes").find("shelled Bakhmut, killing 3"), std::string::npos);
      EXPECT_NEAR(std::stod(col(row, "latitude")), 48.5956, 1e-4);
    }
  }
  EXPECT_EQ(shelling, 1);
}

TEST_P(QueryTest, GeoJsonIsAFeatureCollectionOfEventsAndPlaces) {
  auto j = json::parse(Run("geojson"));
  EXPECT_EQ(j["type"], "FeatureCollection");
  int events = 0, places = 0;
  for (const auto& f : j["features"]) {
    const auto& c = f["geometry"]["coordinates"];
    ASSERT_EQ(c.size(), 2u);
    EXPECT_GE(c[1].get<double>(), -90);
    EXPECT_LE(c[1].get<double>(), 90);
    if (f["properties"]["feature"] == "event") ++events;
    if (f["properties"]["feature"] == "place") ++places;
  }
  EXPECT_EQ(events, 4);  // the planned training in Belarus names no place
  EXPECT_EQ(places, 3);
}

// With the filters of `mosaic events`, the event exports hold exactly the events those answer
// (and GeoJSON only the places they name); a filter the store refuses writes nothing.
TEST_P(QueryTest, EventExportsTakeTheEventsFilters) {
  EventFilter claimed;
  claimed.status = "claimed";
  claimed.limit = 0;
  auto expected = store_->Events(claimed);
  ASSERT_TRUE(expected.ok());
  ASSERT_FALSE(expected->empty());
  ExportOptions o;
  o.events = claimed;
  auto lines = Lines(Run("csv", o));
  ASSERT_EQ(lines.size(), expected->size() + 1) << Run("csv", o);
  std::set<std::string> want, got;
  for (const auto& e : *expected) want.insert(std::to_string(e.id));
  for (size_t i = 1; i < lines.size(); ++i) got.insert(CsvSplit(lines[i])[0]);
  EXPECT_EQ(got, want);
  EXPECT_LT(lines.size(), Lines(Run("csv")).size());  // the filter left some out

  EventFilter near;
  near.near_lat = 48.5956;  // Bakhmut
  near.near_lon = 38.0;
  near.near_km = 30;
  near.limit = 0;
  auto close = store_->Events(near);
  ASSERT_TRUE(close.ok());
  ASSERT_FALSE(close->empty());
  std::set<int64_t> close_ids, their_places;
  for (const auto& e : *close) {
    close_ids.insert(e.id);
    for (const auto& p : e.places) their_places.insert(p.id);
  }
  o.events = near;
  auto j = json::parse(Run("geojson", o));
  size_t events = 0, places = 0;
  for (const auto& f : j["features"]) {
    const auto& p = f["properties"];
    if (p["feature"] == "event") {
      ++events;
      EXPECT_TRUE(close_ids.count(p["id"].get<int64_t>())) << p.dump();
    } else {
      ++places;
      EXPECT_TRUE(their_places.count(p["id"].get<int64_t>())) << p.dump();
    }
  }
  EXPECT_EQ(events, close_ids.size());
  EXPECT_GE(places, 1u);
  EXPECT_LT(places, 3u);  // not every geocoded place of the store

  for (const char* format : {"graphml", "ftm", "jsonl"}) {
    std::ostringstream out;
    Status st = Export(*store_, format, out, o);
    EXPECT_EQ(st.code(), StatusCode::kInvalidInput) << format;
    EXPECT_TRUE(out.str().empty()) << format;
  }
  EventFilter not_a_date;
  not_a_date.from = "2023-13";
  o.events = not_a_date;
  std::ostringstream out;
  EXPECT_EQ(Export(*store_, "csv", out, o).code(), StatusCode::kInvalidInput);
  EXPECT_TRUE(out.str().empty()) << out.str();
}

TEST_P(QueryTest, GraphMlParsesAndHoldsTheActorNetwork) {
  std::string xml = Run("graphml");
  xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "g.graphml", nullptr,
                                XML_PARSE_NONET);
  ASSERT_NE(doc, nullptr) << xml;
  int nodes = 0, edges = 0;
  std::set<std::string> ids;
  xmlNodePtr graph = nullptr;
  for (xmlNodePtr n = xmlDocGetRootElement(doc)->children; n; n = n->next) {
    if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "graph")) graph = n;
  }
  ASSERT_NE(graph, nullptr);
  for (xmlNodePtr n = graph->children; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (xmlStrEqual(n->name, BAD_CAST "node")) {
      ++nodes;
      xmlChar* id = xmlGetProp(n, BAD_CAST "id");
      ids.insert(reinterpret_cast<const char*>(id));
      xmlFree(id);
    } else if (xmlStrEqual(n->name, BAD_CAST "edge")) {
      ++edges;
      for (const char* end : {"source", "target"}) {
        xmlChar* v = xmlGetProp(n, BAD_CAST end);
        EXPECT_TRUE(ids.count(reinterpret_cast<const char*>(v))) << "dangling edge end";
        xmlFree(v);
      }
    }
  }
  xmlFreeDoc(doc);
  // leads x2, Wagner -> Belarusian army (train), Lukashenka with Prigozhin (meet).
  EXPECT_EQ(edges, 4);
  EXPECT_EQ(nodes, 6);
}

TEST_P(QueryTest, FtmLinesAreEntitiesWithListValuedProperties) {
  auto lines = Lines(Run("ftm"));
  std::map<std::string, int> schemas;
  std::set<std::string> ids;
  for (const auto& l : lines) {
    auto j = json::parse(l);
    ASSERT_TRUE(j["id"].is_string());
    EXPECT_TRUE(ids.insert(j["id"]).second) << "duplicate id " << j["id"];
    ++schemas[j["schema"]];
    for (const auto& [k, v] : j["properties"].items()) EXPECT_TRUE(v.is_array()) << k;
  }
  EXPECT_EQ(schemas["Article"], 3);
  EXPECT_EQ(schemas["Event"], 5);
  EXPECT_EQ(schemas["Directorship"], 2);
  EXPECT_EQ(schemas["Address"], 3);
  EXPECT_GE(schemas["Person"], 3);
  // Every entity an event involves is in the export.
  for (const auto& l : lines) {
    auto j = json::parse(l);
    if (j["schema"] != "Event" || !j["properties"].contains("involved")) continue;
    for (const auto& id : j["properties"]["involved"]) EXPECT_TRUE(ids.count(id)) << id;
  }
}

TEST_P(QueryTest, JsonlIsTheStoredDocGraphs) {
  auto lines = Lines(Run("jsonl"));
  ASSERT_EQ(lines.size(), 3u);
  for (const auto& l : lines) {
    auto j = json::parse(l);
    EXPECT_EQ(j["schema"], DocGraph::kSchema);
    EXPECT_FALSE(j.contains("text"));
  }
  ExportOptions with_text;
  with_text.with_text = true;
  auto full = Lines(Run("jsonl", with_text));
  ASSERT_EQ(full.size(), 3u);
  EXPECT_NE(json::parse(full[0])["text"].get<std::string>().find("Milchakov"), std::string::npos);
  std::ostringstream sink;
  EXPECT_EQ(Export(*store_, "xlsx", sink).code(), StatusCode::kInvalidInput);
}

TEST_P(QueryTest, RenderedJsonCarriesEvidence) {
  auto p = store_->Profile(Id("Rusich"), 10);
  ASSERT_TRUE(p.ok());
  json j = ToJson(*p);
  EXPECT_EQ(j["name"], "Rusich");
  EXPECT_EQ(j["events_as_actor"].size(), 2u);
  EXPECT_EQ(j["evidence"].size(), 2u);
  std::ostringstream text;
  PrintProfile(*p, text);
  EXPECT_NE(text.str().find("events as actor"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, QueryTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST(CsvFieldTest, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"no\""), "\"say \"\"no\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
}

}  // namespace
}  // namespace mosaic::query
