// DocGraphFromJson: what `extract --with-text` writes reads back to the same graph, and a
// damaged line is refused with one message naming where it is damaged.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>

#include "mosaic/docgraph.h"
#include "test_util.h"

namespace mosaic {
namespace {

using mosaic::testing::Lines;
using mosaic::testing::RunMosaic;

// The example articles, extracted by the real pipeline, one DocGraph line each.
const std::vector<std::string>& ExampleGraphs() {
  static const std::vector<std::string> lines = [] {
    auto r = RunMosaic(
        {"extract", "--with-text", std::string(MOSAIC_SOURCE_DIR) + "/examples/articles.jsonl"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Lines(r.out);
  }();
  return lines;
}

TEST(DocGraphRead, ExtractOutputRoundTripsExactly) {
  const auto& lines = ExampleGraphs();
  ASSERT_GE(lines.size(), 10u);
  size_t events = 0, relations = 0, geo = 0, borrowed = 0, multibyte = 0;
  for (const auto& line : lines) {
    auto g = DocGraphFromJson(line);
    ASSERT_TRUE(g.ok()) << g.status().message();
    JsonOptions with_text;
    with_text.with_text = true;
    EXPECT_EQ(ToJson(*g, with_text), line);
    events += g->events.size();
    relations += g->relations.size();
    for (const auto& e : g->entities) {
      geo += e.geo.has_value();
      borrowed += e.geo && e.geo->borrowed;
    }
    multibyte += std::any_of(g->doc.text.begin(), g->doc.text.end(),
                             [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    // Byte spans again: every mention is its own slice of the text.
    for (const auto& e : g->entities) {
      for (const auto& m : e.mentions) {
        EXPECT_EQ(g->doc.text.substr(m.span.start, m.span.end - m.span.start), m.text);
      }
    }
  }
  // The examples exercise every part of the graph, non-ASCII text included.
  EXPECT_GT(events, 20u);
  EXPECT_GT(relations, 5u);
  EXPECT_GT(geo, 10u);
  EXPECT_GT(borrowed, 0u);  // "the camp at Ber": a point borrowed from a place the text names
  EXPECT_GT(multibyte, 0u);
}

// Applies `edit` to the first example graph and returns the parse error.
std::string ErrorAfter(const std::function<void(nlohmann::json&)>& edit) {
  nlohmann::json j = nlohmann::json::parse(ExampleGraphs().at(0));
  edit(j);
  auto g = DocGraphFromJson(j.dump());
  if (g.ok()) return "(accepted)";
  EXPECT_EQ(g.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(g.status().message().find('\n'), std::string::npos);
  return g.status().message();
}

TEST(DocGraphRead, RefusesDamagedGraphsNamingThePlace) {
  EXPECT_EQ(DocGraphFromJson("{\"schema\": ").status().message(), "not valid JSON");
  EXPECT_NE(DocGraphFromJson("{\"text\": \"hello\"}").status().message().find("not a DocGraph"),
            std::string::npos);
  EXPECT_NE(ErrorAfter([](auto& j) { j["schema"] = "mosaic.docgraph/9"; }).find("docgraph/9"),
            std::string::npos);
  EXPECT_NE(ErrorAfter([](auto& j) { j.erase("text"); }).find("--with-text"), std::string::npos);
  // The text was edited after extraction: its hash no longer matches.
  EXPECT_NE(ErrorAfter([](auto& j) {
              j["text"] = j["text"].template get<std::string>() + " ";
            }).find("is not the hash of the text"),
            std::string::npos);
  EXPECT_NE(ErrorAfter([](auto& j) {
              j["entities"][0]["mentions"][0]["end"] = 100000000;
            }).find("entities[0].mentions[0]: span"),
            std::string::npos);
  EXPECT_NE(ErrorAfter([](auto& j) {
              j["entities"][0]["mentions"][0]["text"] = "Zzyzx";
            }).find("\"Zzyzx\" is not the text at its offsets"),
            std::string::npos);
  EXPECT_NE(ErrorAfter([](auto& j) {
              j["entities"][0]["mentions"][0]["start"] = -1;
            }).find("whole numbers"),
            std::string::npos);
  EXPECT_NE(ErrorAfter([](auto& j) {
              j["events"][0]["actors"] = nlohmann::json::array({"e999"});
            }).find("events[0]: no entity e999"),
            std::string::npos);
  EXPECT_NE(ErrorAfter([](auto& j) {
              j["entities"][1]["id"] = j["entities"][0]["id"];
            }).find("is used twice"),
            std::string::npos);
  EXPECT_NE(ErrorAfter([](auto& j) { j["entities"][0]["name"] = 42; }).find("not a string"),
            std::string::npos);
  EXPECT_NE(ErrorAfter([](auto& j) {
              j["entities"][0]["geo"] = {{"lat", 1.0},         {"lon", 2.0},
                                         {"id", "geonames:1"}, {"precision", "city"},
                                         {"country", "XX"},    {"admin1", nullptr},
                                         {"borrowed", "yes"}};
            }).find("entities[0].geo.borrowed: not true or false"),
            std::string::npos);
  EXPECT_NE(ErrorAfter([](auto& j) {
              j["events"][0]["trigger"].erase("start");
            }).find("events[0].trigger: no \"start\""),
            std::string::npos);
}

}  // namespace
}  // namespace mosaic
