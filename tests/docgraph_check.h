// Checks shared by the end-to-end tests: a DocGraph's shape, and that every span's code point
// offsets slice the emitted text to exactly the span's stated text.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mosaic::testing {

// Slices UTF-8 text by code point offsets; the index of code point starts is built once, so a
// long text with many spans is checked in linear time.
class CodePointSlicer {
 public:
  explicit CodePointSlicer(const std::string& text) : text_(text) {
    for (size_t i = 0; i < text.size(); ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts_.push_back(i);
    }
    starts_.push_back(text.size());
  }
  int64_t size() const { return static_cast<int64_t>(starts_.size()) - 1; }
  // Code points [start, end) of the text; "<out of range>" when the span is not inside it.
  std::string Slice(int64_t start, int64_t end) const {
    if (start < 0 || end < start || end > size()) return "<out of range>";
    return text_.substr(starts_[start], starts_[end] - starts_[start]);
  }

 private:
  const std::string& text_;
  std::vector<size_t> starts_;
};

// Checks the DocGraph shape and that every span slices `text` to its stated text.
inline void ExpectValidDocGraph(const nlohmann::json& g) {
  ASSERT_EQ(g.at("schema"), "mosaic.docgraph/1");
  const nlohmann::json& doc = g.at("doc");
  for (const char* k : {"id", "url", "title", "published", "reference_date"}) {
    EXPECT_TRUE(doc.contains(k)) << k;
  }
  for (const char* k : {"sentences", "entities", "dates", "events", "relations", "quantities"}) {
    ASSERT_TRUE(g.at(k).is_array()) << k;
  }
  const std::string text = g.at("text");
  const CodePointSlicer slicer(text);
  auto slice = [&](const nlohmann::json& span) {
    return slicer.Slice(span.at("start").get<int64_t>(), span.at("end").get<int64_t>());
  };
  for (const auto& e : g["entities"]) {
    for (const char* k : {"id", "type", "kind", "name", "aliases", "mentions", "geo", "roles"}) {
      ASSERT_TRUE(e.contains(k)) << k;
    }
    EXPECT_TRUE(e["type"] == "person" || e["type"] == "organization" || e["type"] == "place" ||
                e["type"] == "group")
        << e["type"];
    ASSERT_FALSE(e["mentions"].empty());
    for (const auto& m : e["mentions"]) {
      EXPECT_EQ(slice(m), m["text"].get<std::string>());
    }
  }
  for (const auto& d : g["dates"]) {
    EXPECT_EQ(slice(d), d["text"].get<std::string>());
  }
  for (const auto& q : g["quantities"]) {
    EXPECT_EQ(slice(q), q["text"].get<std::string>());
  }
  for (const auto& ev : g["events"]) {
    const auto& t = ev["trigger"];
    EXPECT_EQ(slice(t), t["text"].get<std::string>());
  }
  int64_t prev_end = 0;
  for (const auto& s : g["sentences"]) {
    EXPECT_LE(prev_end, s["start"].get<int64_t>());
    EXPECT_LT(s["start"].get<int64_t>(), s["end"].get<int64_t>());
    EXPECT_LE(s["end"].get<int64_t>(), slicer.size());
    prev_end = s["end"];
  }
}

}  // namespace mosaic::testing
