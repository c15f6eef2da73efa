#include "tag/quantities.h"

#include <gtest/gtest.h>

#include "tag/dates.h"
#include "text/analyzed_text.h"

namespace mosaic::tag {
namespace {

DocGraph Tag(const std::string& text, bool with_dates = true) {
  DocGraph g;
  g.doc.text = text;
  g.doc.published = "2023-05-23";
  text::AnalyzedText a = text::Analyze(g.doc.text);
  if (with_dates) TagDates(a, &g);
  TagQuantities(a, &g);
  for (const Quantity& q : g.quantities) {
    EXPECT_EQ(q.text, g.doc.text.substr(q.span.start, q.span.end - q.span.start));
  }
  return g;
}

const Quantity* FindValue(const DocGraph& g, double v) {
  for (const Quantity& q : g.quantities) {
    if (q.value == v) return &q;
  }
  return nullptr;
}

TEST(QuantitiesTest, WoundedWithAPartQualified) {
  DocGraph g = Tag("Officials said 12 civilians had been wounded, at least 2 seriously.");
  const Quantity* all = FindValue(g, 12);
  ASSERT_NE(all, nullptr);
  EXPECT_EQ(all->unit, "civilians");
  EXPECT_EQ(all->role, "wounded");
  ASSERT_TRUE(all->min.has_value());
  EXPECT_EQ(*all->min, 12);
  const Quantity* part = FindValue(g, 2);
  ASSERT_NE(part, nullptr);
  EXPECT_EQ(part->approx, "at_least");
  EXPECT_EQ(part->qualifier, "seriously");
  EXPECT_EQ(part->role, "wounded");
  ASSERT_GE(part->parent, 0);
  EXPECT_EQ(&g.quantities[part->parent], all);
}

TEST(QuantitiesTest, BoundsAndApproximations) {
  DocGraph g = Tag(
      "Moscow says some 200 \"extremists\" crossed the border. Nearly 1,800 people were evacuated "
      "and at least 12 soldiers were killed.");
  const Quantity* some = FindValue(g, 200);
  ASSERT_NE(some, nullptr);
  EXPECT_EQ(some->approx, "approx");
  EXPECT_EQ(some->unit, "extremists");
  const Quantity* nearly = FindValue(g, 1800);
  ASSERT_NE(nearly, nullptr);
  EXPECT_EQ(nearly->approx, "at_most");
  ASSERT_TRUE(nearly->max.has_value());
  EXPECT_EQ(*nearly->max, 1800);
  EXPECT_EQ(nearly->role, "evacuated");
  EXPECT_EQ(nearly->unit, "people");
  const Quantity* least = FindValue(g, 12);
  ASSERT_NE(least, nullptr);
  EXPECT_EQ(least->approx, "at_least");
  EXPECT_EQ(*least->min, 12);
  EXPECT_FALSE(least->max.has_value());
  EXPECT_EQ(least->role, "killed");
}

TEST(QuantitiesTest, VerbBeforeTheCount) {
  DocGraph g = Tag(
      "The fighting has wounded at least a dozen civilians. The attack reportedly killed at least "
      "2 Russian soldiers.");
  const Quantity* dozen = FindValue(g, 12);
  ASSERT_NE(dozen, nullptr);
  EXPECT_EQ(dozen->role, "wounded");
  EXPECT_EQ(dozen->unit, "civilians");
  EXPECT_EQ(dozen->approx, "at_least");
  const Quantity* two = FindValue(g, 2);
  ASSERT_NE(two, nullptr);
  EXPECT_EQ(two->role, "killed");
  EXPECT_EQ(two->unit, "soldiers");
  EXPECT_EQ(two->text, "at least 2 Russian soldiers");
}

TEST(QuantitiesTest, VagueWordsAndRanges) {
  DocGraph g = Tag(
      "Dozens of fighters attacked the post. Between 10 and 15 people were displaced, and three "
      "journalists were detained.");
  const Quantity* dozens = FindValue(g, 24);
  ASSERT_NE(dozens, nullptr);
  EXPECT_EQ(dozens->approx, "vague");
  EXPECT_EQ(dozens->unit, "fighters");
  const Quantity* range = FindValue(g, 10);
  ASSERT_NE(range, nullptr);
  EXPECT_EQ(range->approx, "range");
  EXPECT_EQ(*range->min, 10);
  EXPECT_EQ(*range->max, 15);
  EXPECT_EQ(range->role, "displaced");
  const Quantity* three = FindValue(g, 3);
  ASSERT_NE(three, nullptr);
  EXPECT_EQ(three->role, "detained");
  EXPECT_EQ(three->unit, "journalists");
}

TEST(QuantitiesTest, PartOfAWhole) {
  DocGraph g = Tag("Belarus sent 32 of 33 Russian mercenaries back on August 14.");
  const Quantity* part = FindValue(g, 32);
  const Quantity* whole = FindValue(g, 33);
  ASSERT_NE(part, nullptr);
  ASSERT_NE(whole, nullptr);
  EXPECT_EQ(whole->unit, "mercenaries");
  EXPECT_EQ(part->unit, "mercenaries");
  ASSERT_GE(part->parent, 0);
  EXPECT_EQ(&g.quantities[part->parent], whole);
  EXPECT_EQ(FindValue(g, 14), nullptr) << "a day of the month is not a count";
}

TEST(QuantitiesTest, YearsAndDatesAreNotCounts) {
  DocGraph g = Tag("In 2014, 5 soldiers went missing on May 3 and 6 disappearances followed.");
  EXPECT_EQ(FindValue(g, 2014), nullptr);
  EXPECT_EQ(FindValue(g, 3), nullptr);
  const Quantity* five = FindValue(g, 5);
  ASSERT_NE(five, nullptr);
  EXPECT_EQ(five->role, "missing");
  const Quantity* six = FindValue(g, 6);
  ASSERT_NE(six, nullptr);
  EXPECT_EQ(six->role, "missing");
  // Without the date tagger having run, the quantity tagger finds the dates itself.
  DocGraph alone = Tag("In 2014, 5 soldiers went missing on May 3.", /*with_dates=*/false);
  EXPECT_EQ(FindValue(alone, 2014), nullptr);
  EXPECT_EQ(FindValue(alone, 3), nullptr);
}

TEST(QuantitiesTest, PlacesAreNotCasualties) {
  DocGraph g = Tag("The governor ordered residents of at least 9 border villages to evacuate.");
  const Quantity* nine = FindValue(g, 9);
  ASSERT_NE(nine, nullptr);
  EXPECT_EQ(nine->unit, "villages");
  EXPECT_EQ(nine->approx, "at_least");
  EXPECT_EQ(nine->role, "");
}

TEST(QuantitiesTest, PercentAndMoneyAndPronouns) {
  DocGraph g = Tag("Turnout was 45 percent. The deal is worth $40 billion. One of them said no.");
  const Quantity* pct = FindValue(g, 45);
  ASSERT_NE(pct, nullptr);
  EXPECT_EQ(pct->unit, "percent");
  const Quantity* money = FindValue(g, 40e9);
  ASSERT_NE(money, nullptr);
  EXPECT_EQ(money->unit, "$");
  EXPECT_EQ(FindValue(g, 1), nullptr);
}

}  // namespace
}  // namespace mosaic::tag
