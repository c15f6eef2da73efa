// Every input a fuzzer crashed on (tests/data/fuzz-regressions/TARGET/NAME) replayed through the
// same code and checks as its fuzz target (fuzz/*_fuzzer.cc), under the sanitizers in CI.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "mosaic/docgraph.h"
#include "readers/feed_reader.h"
#include "readers/warc_reader.h"
#include "store/graph_codec.h"
#include "tag/dates.h"
#include "tag/quantities.h"
#include "test_util.h"
#include "text/analyzed_text.h"
#include "util/utf8.h"

namespace mosaic {
namespace {

std::vector<std::filesystem::path> Cases(const std::string& target) {
  std::vector<std::filesystem::path> r;
  auto dir = std::filesystem::path(MOSAIC_SOURCE_DIR) / "tests/data/fuzz-regressions" / target;
  for (const auto& e : std::filesystem::directory_iterator(dir)) r.push_back(e.path());
  return r;
}

TEST(FuzzRegressions, Text) {
  auto cases = Cases("text");
  ASSERT_FALSE(cases.empty());
  for (const auto& p : cases) {
    std::string s = testing::ReadFile(p);
    text::TextOptions o;
    o.max_sentence_tokens = 64;
    auto t = text::Analyze(s, o);
    uint32_t prev_end = 0;
    for (const auto& tok : t.tokens) {
      EXPECT_LE(prev_end, tok.begin) << p;  // tokens in order, never overlapping
      EXPECT_LT(tok.begin, tok.end) << p;
      EXPECT_LT(tok.nbegin, tok.nend) << p;
      prev_end = tok.end;
    }
    for (const auto& sent : t.sentences) {
      EXPECT_LE(sent.last_token - sent.first_token, 64u) << p;
    }
  }
}

TEST(FuzzRegressions, DatesAndQuantities) {
  auto cases = Cases("dates");
  ASSERT_FALSE(cases.empty());
  for (const auto& p : cases) {
    std::string bytes = testing::ReadFile(p);
    ASSERT_FALSE(bytes.empty());
    DocGraph g;
    g.doc.text = bytes.substr(1);
    if (bytes[0] & 1) g.doc.published = "2023-05-23";
    auto t = text::Analyze(g.doc.text);
    tag::TagDates(t, &g);
    tag::TagQuantities(t, &g);
    for (const auto& d : g.dates) {
      EXPECT_EQ(g.doc.text.substr(d.span.start, d.span.end - d.span.start), d.text) << p;
    }
  }
}

TEST(FuzzRegressions, CrawlAndFeedReaders) {
  auto cases = Cases("crawl");
  ASSERT_FALSE(cases.empty());
  for (const auto& p : cases) {
    std::string bytes = testing::ReadFile(p);
    ASSERT_FALSE(bytes.empty());
    readers::ReaderOptions options;
    options.max_document_bytes = 1 << 20;
    options.on_notice = [](const std::string&) {};
    std::vector<Document> docs;
    if (bytes[0] % 2 == 0) {
      readers::WarcReader reader("fuzz.warc", nullptr, false, bytes.substr(1), options);
      while (auto item = reader.Next()) {
        if (item->ok()) docs.push_back(item->value());
      }
    } else {
      for (auto& item : readers::ReadFeed("fuzz.xml", bytes.substr(1), options)) {
        if (item.ok()) docs.push_back(item.value());
      }
    }
    for (const auto& d : docs) {
      EXPECT_FALSE(d.text.empty()) << p;
      EXPECT_EQ(utf8::FindInvalid(d.text), std::string::npos) << p;
      // A date field of 13 digits is no date (it overflowed an int before).
      EXPECT_EQ(d.published.find("3000000000000"), std::string::npos) << p;
    }
  }
}

// Inputs laid out as fuzz/graph_fuzzer.cc reads them: two bytes giving the text's length, the
// text, then a stored graph's encoding after its magic. Damaged ones are corruption, never a
// crash or undefined behaviour; one that decodes encodes and decodes again to the same JSON.
TEST(FuzzRegressions, StoredGraphs) {
  auto cases = Cases("graph");
  ASSERT_FALSE(cases.empty());
  for (const auto& p : cases) {
    std::string bytes = testing::ReadFile(p);
    ASSERT_GE(bytes.size(), 2u) << p;
    size_t n = static_cast<unsigned char>(bytes[0]) |
               (static_cast<size_t>(static_cast<unsigned char>(bytes[1])) << 8);
    n = std::min(n, bytes.size() - 2);
    const std::string text = bytes.substr(2, n);
    const std::string encoded = std::string(store::kGraphCodecMagic) + bytes.substr(2 + n);
    auto g = store::DecodeGraph(encoded, text);
    if (!g.ok()) {
      EXPECT_EQ(g.status().code(), StatusCode::kCorruption) << p;
      continue;
    }
    JsonOptions with_text;
    with_text.with_text = true;
    std::string again;
    store::EncodeGraph(*g, &again);
    auto back = store::DecodeGraph(again, text);
    ASSERT_TRUE(back.ok()) << p;
    EXPECT_EQ(ToJson(*back, with_text), ToJson(*g, with_text)) << p;
  }
}

}  // namespace
}  // namespace mosaic
