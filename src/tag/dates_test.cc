#include "tag/dates.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tag/timex_eval.h"
#include "text/analyzed_text.h"

namespace mosaic::tag {
namespace {

DocGraph Tag(const std::string& text, const std::string& published) {
  DocGraph g;
  g.doc.text = text;
  g.doc.published = published;
  text::AnalyzedText a = text::Analyze(g.doc.text);
  TagDates(a, &g);
  return g;
}

const DateExpr* Find(const DocGraph& g, std::string_view text) {
  for (const DateExpr& d : g.dates) {
    if (d.text == text) return &d;
  }
  return nullptr;
}

// Every expression's text is exactly the slice of the document its span names.
void ExpectSpansSlice(const DocGraph& g) {
  for (const DateExpr& d : g.dates) {
    ASSERT_LE(d.span.end, g.doc.text.size());
    EXPECT_EQ(d.text, g.doc.text.substr(d.span.start, d.span.end - d.span.start));
  }
}

TEST(DatesTest, AbsoluteDatesInEveryOrder) {
  DocGraph g = Tag(
      "The agreement was signed on August 09, 2023 in Minsk. Talks had opened on 13 May 2021 and "
      "stalled in February 2022. The unit was formed in 2014.",
      "2023-08-10");
  ASSERT_NE(Find(g, "August 09, 2023"), nullptr);
  EXPECT_EQ(Find(g, "August 09, 2023")->value, "2023-08-09");
  EXPECT_EQ(Find(g, "August 09, 2023")->precision, "day");
  ASSERT_NE(Find(g, "13 May 2021"), nullptr);
  EXPECT_EQ(Find(g, "13 May 2021")->value, "2021-05-13");
  const DateExpr* feb = Find(g, "February 2022");
  ASSERT_NE(feb, nullptr);
  EXPECT_EQ(feb->value, "2022-02");
  EXPECT_EQ(feb->precision, "month");
  EXPECT_EQ(feb->interval_start, "2022-02-01");
  EXPECT_EQ(feb->interval_end, "2022-02-28");
  ASSERT_NE(Find(g, "2014"), nullptr);
  EXPECT_EQ(Find(g, "2014")->precision, "year");
  EXPECT_EQ(Find(g, "2014")->interval_end, "2014-12-31");
  ExpectSpansSlice(g);
}

TEST(DatesTest, NumericAndAbbreviatedDates) {
  DocGraph g = Tag("The report is dated 2022-03-04. Voting ended Sept. 30, 2020.", "");
  ASSERT_NE(Find(g, "2022-03-04"), nullptr);
  EXPECT_EQ(Find(g, "2022-03-04")->value, "2022-03-04");
  ASSERT_NE(Find(g, "Sept. 30, 2020"), nullptr);
  EXPECT_EQ(Find(g, "Sept. 30, 2020")->value, "2020-09-30");
}

TEST(DatesTest, DayListAndRangeKeepTheWholeInterval) {
  DocGraph g = Tag("Drones struck the depot on the 1st and 2nd of May. Exercises ran May 10-14.",
                   "2023-05-23");
  const DateExpr* both = nullptr;
  for (const DateExpr& d : g.dates) {
    if (d.text.find("1st and 2nd of May") != std::string::npos) both = &d;
  }
  ASSERT_NE(both, nullptr);
  EXPECT_EQ(both->value, "2023-05-01");
  EXPECT_EQ(both->interval_start, "2023-05-01");
  EXPECT_EQ(both->interval_end, "2023-05-02");
  const DateExpr* range = Find(g, "May 10-14");
  ASSERT_NE(range, nullptr);
  EXPECT_EQ(range->interval_start, "2023-05-10");
  EXPECT_EQ(range->interval_end, "2023-05-14");
  ExpectSpansSlice(g);
}

TEST(DatesTest, WeekdaysFollowTense) {
  // 2023-05-23 is a Tuesday.
  DocGraph g = Tag(
      "Shelling started in the border district on Monday. After clashes on Friday, the governor "
      "ordered an evacuation. The delegation will arrive in Geneva on Thursday.",
      "2023-05-23");
  ASSERT_NE(Find(g, "Monday"), nullptr);
  EXPECT_EQ(Find(g, "Monday")->value, "2023-05-22");
  ASSERT_NE(Find(g, "Friday"), nullptr);
  EXPECT_EQ(Find(g, "Friday")->value, "2023-05-19");
  ASSERT_NE(Find(g, "Thursday"), nullptr);
  EXPECT_EQ(Find(g, "Thursday")->value, "2023-05-25");
}

TEST(DatesTest, PartOfDayMakesATime) {
  DocGraph g = Tag("Officials had made little progress as of Tuesday afternoon.", "2023-05-23");
  const DateExpr* d = Find(g, "Tuesday afternoon");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->type, "time");
  EXPECT_EQ(d->value, "2023-05-23TAF");
}

TEST(DatesTest, MonthDayTakesTheYearTheTenseImplies) {
  // Published 2020-09-02.
  DocGraph g = Tag(
      "The defence minister will visit Moscow on September 4. The mercenaries were sent back on "
      "August 14. Protests have continued since August 9.",
      "2020-09-02");
  ASSERT_NE(Find(g, "September 4"), nullptr);
  EXPECT_EQ(Find(g, "September 4")->value, "2020-09-04");
  ASSERT_NE(Find(g, "August 14"), nullptr);
  EXPECT_EQ(Find(g, "August 14")->value, "2020-08-14");
  const DateExpr* since = Find(g, "August 9");
  ASSERT_NE(since, nullptr);
  EXPECT_EQ(since->value, "2020-08-09");
  EXPECT_EQ(since->modifier, "since");
  EXPECT_EQ(since->interval_start, "2020-08-09");
  EXPECT_EQ(since->interval_end, "2020-09-02");
}

TEST(DatesTest, MonthWithoutYearAcrossTheYearBoundary) {
  DocGraph future = Tag("New elections will be held in March.", "2020-11-20");
  ASSERT_NE(Find(future, "March"), nullptr);
  EXPECT_EQ(Find(future, "March")->value, "2021-03");
  DocGraph past = Tag("The protests began in March.", "2020-11-20");
  ASSERT_NE(Find(past, "March"), nullptr);
  EXPECT_EQ(Find(past, "March")->value, "2020-03");
  DocGraph early = Tag("The brigade was moved north in December.", "2021-01-15");
  ASSERT_NE(Find(early, "December"), nullptr);
  EXPECT_EQ(Find(early, "December")->value, "2020-12");
}

TEST(DatesTest, DeicticWords) {
  DocGraph g =
      Tag("The prime minister travels to Minsk tomorrow. Two soldiers were detained yesterday. "
          "Putin spoke to the governor last week and will meet him next month.",
          "2020-09-02");
  ASSERT_NE(Find(g, "tomorrow"), nullptr);
  EXPECT_EQ(Find(g, "tomorrow")->value, "2020-09-03");
  ASSERT_NE(Find(g, "yesterday"), nullptr);
  EXPECT_EQ(Find(g, "yesterday")->value, "2020-09-01");
  const DateExpr* lw = Find(g, "last week");
  ASSERT_NE(lw, nullptr);
  EXPECT_EQ(lw->value, "2020-W35");
  EXPECT_EQ(lw->precision, "week");
  EXPECT_EQ(lw->interval_start, "2020-08-24");
  EXPECT_EQ(lw->interval_end, "2020-08-30");
  ASSERT_NE(Find(g, "next month"), nullptr);
  EXPECT_EQ(Find(g, "next month")->value, "2020-10");
}

TEST(DatesTest, ModifiedMonthsKeepTheModifier) {
  DocGraph g =
      Tag("In late June, the rebellion ended. In mid-July, training began. Since this January the "
          "police have raided offices.",
          "2023-08-09");
  const DateExpr* late = Find(g, "late June");
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->value, "2023-06");
  EXPECT_EQ(late->modifier, "late");
  EXPECT_EQ(late->interval_start, "2023-06-21");
  EXPECT_EQ(late->interval_end, "2023-06-30");
  const DateExpr* mid = Find(g, "mid-July");
  ASSERT_NE(mid, nullptr);
  EXPECT_EQ(mid->value, "2023-07");
  EXPECT_EQ(mid->modifier, "mid");
  const DateExpr* jan = Find(g, "this January");
  ASSERT_NE(jan, nullptr);
  EXPECT_EQ(jan->value, "2023-01");
  EXPECT_EQ(jan->modifier, "since");
}

TEST(DatesTest, ShiftsDecadesAndDurations) {
  DocGraph g = Tag(
      "About a month ago, he left Russia. The camps date back to the 1950s. He has held power for "
      "27 years and was jailed for 10 days under a two-year rule.",
      "2021-05-13");
  const DateExpr* ago = Find(g, "About a month ago");
  ASSERT_NE(ago, nullptr);
  EXPECT_EQ(ago->value, "2021-04");
  EXPECT_EQ(ago->modifier, "approx");
  const DateExpr* dec = Find(g, "1950s");
  ASSERT_NE(dec, nullptr);
  EXPECT_EQ(dec->precision, "decade");
  EXPECT_EQ(dec->interval_start, "1950-01-01");
  EXPECT_EQ(dec->interval_end, "1959-12-31");
  ASSERT_NE(Find(g, "27 years"), nullptr);
  EXPECT_EQ(Find(g, "27 years")->type, "duration");
  EXPECT_EQ(Find(g, "27 years")->value, "P27Y");
  ASSERT_NE(Find(g, "10 days"), nullptr);
  EXPECT_EQ(Find(g, "10 days")->value, "P10D");
  ASSERT_NE(Find(g, "two-year"), nullptr);
  EXPECT_EQ(Find(g, "two-year")->value, "P2Y");
}

TEST(DatesTest, QuartersAndYearsRelativeToTheReference) {
  DocGraph g = Tag("Profit rose in the third quarter. Output fell last year.", "1989-11-02");
  ASSERT_NE(Find(g, "the third quarter"), nullptr);
  EXPECT_EQ(Find(g, "the third quarter")->value, "1989-Q3");
  ASSERT_NE(Find(g, "last year"), nullptr);
  EXPECT_EQ(Find(g, "last year")->value, "1988");
}

TEST(DatesTest, NoReferenceDateLeavesRelativeDatesUnresolved) {
  DocGraph g = Tag("The raid happened on Monday, weeks after the treaty of June 5, 2019.", "");
  EXPECT_EQ(g.reference_source, "none");
  EXPECT_EQ(g.reference_date, "");
  const DateExpr* monday = Find(g, "Monday");
  ASSERT_NE(monday, nullptr);
  EXPECT_FALSE(monday->resolved);
  EXPECT_EQ(monday->value, "");
  EXPECT_NE(monday->note.find("no reference date"), std::string::npos);
  const DateExpr* abs = Find(g, "June 5, 2019");
  ASSERT_NE(abs, nullptr);
  EXPECT_TRUE(abs->resolved);
  EXPECT_EQ(abs->value, "2019-06-05");
}

TEST(DatesTest, ReferenceFromARecordingStatement) {
  DocGraph g = Tag(
      "Before the elections last year, we discussed it for months.\n\nThe interview was recorded "
      "on May 13, 2021 for a weekly show.",
      "");
  EXPECT_EQ(g.reference_source, "text");
  EXPECT_EQ(g.reference_date, "2021-05-13");
  ASSERT_NE(Find(g, "last year"), nullptr);
  EXPECT_EQ(Find(g, "last year")->value, "2020");
}

TEST(DatesTest, ReferenceFromADateline) {
  DocGraph g = Tag("Militia drills expand\nKYIV, March 3, 2022\nRecruits arrived on Tuesday.", "");
  EXPECT_EQ(g.reference_source, "text");
  EXPECT_EQ(g.reference_date, "2022-03-03");
  ASSERT_NE(Find(g, "Tuesday"), nullptr);
  EXPECT_EQ(Find(g, "Tuesday")->value, "2022-03-01");
}

TEST(DatesTest, PublishedWinsOverTheText) {
  DocGraph g = Tag("KYIV, March 3, 2022\nRecruits arrived on Tuesday.", "2022-03-05T10:00:00Z");
  EXPECT_EQ(g.reference_source, "published");
  EXPECT_EQ(g.reference_date, "2022-03-05");
}

TEST(DatesTest, WordsThatOnlyLookLikeDates) {
  DocGraph g =
      Tag("They may march on the capital. Some 2000 people joined. The fall of the government in "
          "Kyiv surprised August observers. He said it would spring a trap.",
          "2020-09-02");
  for (const DateExpr& d : g.dates) {
    ADD_FAILURE() << "unexpected date: " << d.text;
  }
}

// The seeds' gold dates, found by TagDates directly (the extract command is checked by seedeval).
TEST(DatesTest, SeedGoldDates) {
  namespace fs = std::filesystem;
  fs::path shared = fs::path(MOSAIC_SOURCE_DIR) / ".." / "shared";
  if (!fs::exists(shared / "gold" / "seeds.json")) GTEST_SKIP() << "../shared is absent";
  std::map<std::string, std::pair<std::string, std::string>> docs;  // "001" -> (text, published)
  std::ifstream index(shared / "seeds" / "index.jsonl");
  for (std::string line; std::getline(index, line);) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line);
    std::string file = j["file"];
    std::ifstream in(shared / "seeds" / file);
    std::stringstream ss;
    ss << in.rdbuf();
    docs[file.substr(0, 3)] = {ss.str(),
                               j["published"].is_null() ? "" : j["published"].get<std::string>()};
  }
  std::ifstream gold_in(shared / "gold" / "seeds.json");
  auto gold = nlohmann::json::parse(gold_in);
  int total = 0, ok = 0;
  for (const auto& gd : gold["dates"]) {
    auto it = docs.find(gd["doc"].get<std::string>());
    ASSERT_NE(it, docs.end());
    DocGraph g = Tag(it->second.first, it->second.second);
    ExpectSpansSlice(g);
    std::string want_text = gd["text"], want_value = gd["value"];
    ++total;
    bool hit = false;
    for (const DateExpr& d : g.dates) {
      bool span = d.text.find(want_text) != std::string::npos ||
                  want_text.find(d.text) != std::string::npos;
      if (span && d.value.rfind(want_value, 0) == 0) hit = true;
    }
    if (hit) {
      ++ok;
    } else {
      ADD_FAILURE() << gd.dump();
    }
  }
  EXPECT_EQ(ok, total);
  EXPECT_EQ(total, 13);
}

TEST(DatesTest, TimeMlReaderStripsTagsAndKeepsOffsets) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(MOSAIC_SOURCE_DIR) / ".." / "shared" / "data" / "timeml" / "TimeBank";
  if (!fs::exists(dir)) GTEST_SKIP() << "../shared/data/timeml is absent";
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (++files > 20) break;
    auto doc = timex::ReadTimeMl(e.path().string());
    ASSERT_TRUE(doc.ok()) << doc.status().message();
    EXPECT_FALSE(doc->published.empty());
    for (const auto& g : doc->gold) {
      ASSERT_LE(g.end, doc->text.size());
      EXPECT_EQ(doc->text.substr(g.begin, g.end - g.begin).find('<'), std::string::npos);
    }
  }
  EXPECT_FALSE(timex::ReadTimeMl("/nonexistent.tml").ok());
}

TEST(DatesTest, EmptyAndHostileInput) {
  DocGraph g = Tag("", "");
  EXPECT_TRUE(g.dates.empty());
  std::string noise;
  for (int i = 0; i < 2000; ++i) noise += "May 31- - the of 9999 last the end of ' ";
  DocGraph h = Tag(noise, "not a date");
  EXPECT_EQ(h.reference_source, "none");
  ExpectSpansSlice(h);
}

}  // namespace
}  // namespace mosaic::tag
