// Feed reader tests on feeds written for the project (tests/data/feeds): RSS 2.0, RSS 1.0, Atom,
// dates in every common form, and broken feeds (bad dates, an item without text, a truncated
// file, a non-feed XML, hostile entities).
#include "readers/feed_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "test_util.h"

namespace mosaic::readers {
namespace {

const std::string kDir = std::string(MOSAIC_SOURCE_DIR) + "/tests/data/feeds/";

std::vector<Result<Document>> Read(const std::string& file, ReaderOptions options = {}) {
  std::string bytes = testing::ReadFile(kDir + file);
  EXPECT_FALSE(bytes.empty()) << file;
  return ReadFeed(kDir + file, bytes, options);
}

bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(NormaliseDate, CommonFormsKeepTheirZone) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"Tue, 23 May 2023 10:00:00 +0300", "2023-05-23T10:00:00+03:00"},
      {"Tue, 23 May 2023 10:00:00 GMT", "2023-05-23T10:00:00+00:00"},
      {"23 May 2023 07:00 GMT", "2023-05-23T07:00:00+00:00"},
      {"Tue, 23 May 23 10:00:00 -0500", "2023-05-23T10:00:00-05:00"},
      {"Tuesday, 23-May-23 10:00:00 UTC", "2023-05-23T10:00:00+00:00"},
      {"Tue May 23 10:00:00 2023", "2023-05-23T10:00:00"},
      {"May 23, 2023 4:05 PM EDT", "2023-05-23T16:05:00-04:00"},
      {"May 23, 2023 12:30 am", "2023-05-23T00:30:00"},
      {"23rd May 2023", "2023-05-23"},
      {"September 1, 2022", "2022-09-01"},
      {"2023-05-23", "2023-05-23"},
      {"2023-05-23T10:00:00Z", "2023-05-23T10:00:00+00:00"},
      {"2023-05-23T10:00:00.250+03:00", "2023-05-23T10:00:00+03:00"},
      {"2023-05-23T10:00:00+0530", "2023-05-23T10:00:00+05:30"},
      {"2023-05-23 10:00", "2023-05-23T10:00:00"},
      {"  2023-05-23T10:00:00-04:00 \n", "2023-05-23T10:00:00-04:00"},
      {"2023/05/23 10:00 CEST", "2023-05-23T10:00:00+02:00"},
      {"Mon, 22 May 2023 09:00:00 IST", "2023-05-22T09:00:00"},  // ambiguous zone: no offset
      {"Thu, 29 Feb 2024 00:00:00 +0000", "2024-02-29T00:00:00+00:00"},
  };
  for (const Case& c : cases) EXPECT_EQ(NormaliseDate(c.in), c.out) << c.in;
}

TEST(NormaliseDate, RefusesWhatIsNotAValidDate) {
  for (const char* bad : {"", "sometime last week", "Wed, 31 Jun 2023 10:00:00 GMT",
                          "2023-13-01T10:00:00Z", "Tue, 23 May 2023 25:00:00 +0000", "05/06/2023",
                          "Thu, 29 Feb 2023 00:00:00 +0000", "2023-05-23T10:00:00+25:00",
                          "May 2023", "13:00 PM May 23, 2023", "1684836000", "2023-05-23Tfoo"}) {
    EXPECT_EQ(NormaliseDate(bad), "") << bad;
  }
}

TEST(FeedReader, Rss2ItemsWithContentAndDates) {
  auto items = Read("rss2.xml");
  ASSERT_EQ(items.size(), 3u);
  for (auto& i : items) ASSERT_TRUE(i.ok()) << i.status().message();
  const Document& a = items[0].value();
  EXPECT_EQ(a.title, "Drone strike hits fuel depot near Kozinka");
  EXPECT_EQ(a.url, "https://frontline.example.org/2023/05/23/drone-strike");
  EXPECT_EQ(a.published, "2023-05-23T10:00:00+03:00");
  EXPECT_EQ(a.external_id, "frontline-10231");
  EXPECT_EQ(a.source, kDir + "rss2.xml#1");
  // content:encoded wins over description; HTML stripped by the HTML reader's rules.
  EXPECT_TRUE(Contains(a.text, "near the village of Kozinka.")) << a.text;
  EXPECT_TRUE(Contains(a.text, "\n\nNobody was hurt")) << a.text;
  EXPECT_FALSE(Contains(a.text, "summary")) << a.text;
  EXPECT_FALSE(Contains(a.text, "Share on")) << a.text;
  EXPECT_FALSE(Contains(a.text, "<")) << a.text;
  EXPECT_EQ(a.id, ContentId(a.text));

  const Document& b = items[1].value();
  EXPECT_EQ(b.title, "Volunteer unit opens training camp");
  EXPECT_EQ(b.url, "https://frontline.example.org/2023/05/22/training-camp");  // permalink guid
  EXPECT_EQ(b.published, "2023-05-22T18:45:00+00:00");                         // dc:date
  EXPECT_TRUE(Contains(b.text, "training camp for recruits.\n\nIts commander")) << b.text;

  const Document& c = items[2].value();
  EXPECT_EQ(c.published, "2023-05-21T07:30:00+00:00");
  EXPECT_EQ(c.text, "The governor signed a decree creating a regional militia of volunteers.");
}

TEST(FeedReader, AtomEntries) {
  auto items = Read("atom.xml");
  ASSERT_EQ(items.size(), 3u);
  for (auto& i : items) ASSERT_TRUE(i.ok()) << i.status().message();
  const Document& a = items[0].value();
  EXPECT_EQ(a.title, "Ministers meet in Minsk");
  EXPECT_EQ(a.url, "https://review.example.net/ministers-minsk");
  EXPECT_EQ(a.published, "2023-05-23T16:30:00+03:00");  // published, not updated
  EXPECT_EQ(a.external_id, "tag:review.example.net,2023:ministers-minsk");
  EXPECT_EQ(a.text, "The foreign ministers met in Minsk and discussed the border.");
  const Document& b = items[1].value();
  EXPECT_EQ(b.published, "2023-05-22T12:00:00+00:00");  // only <updated>
  EXPECT_TRUE(Contains(b.text, "Troops & armour")) << b.text;
  const Document& c = items[2].value();
  EXPECT_EQ(c.published, "2023-05-20");
  EXPECT_TRUE(Contains(c.text, "created new militias this spring.")) << c.text;
  EXPECT_TRUE(Contains(c.text, "recruit veterans.")) << c.text;
}

TEST(FeedReader, Rss1) {
  auto items = Read("rss1.rdf");
  ASSERT_EQ(items.size(), 1u);
  ASSERT_TRUE(items[0].ok()) << items[0].status().message();
  EXPECT_EQ(items[0]->url, "https://old.example.com/story1");
  EXPECT_EQ(items[0]->published, "2023-05-19T21:00:00+02:00");
  EXPECT_EQ(items[0]->text, "The city council extended the curfew by two weeks.");
}

TEST(FeedReader, BadDatesLeavePublishedEmptyAndKeepTheItem) {
  auto items = Read("bad_dates.xml");
  ASSERT_EQ(items.size(), 7u);
  for (size_t i = 0; i < items.size(); ++i) {
    ASSERT_TRUE(items[i].ok()) << items[i].status().message();
    if (i + 1 < items.size()) {
      EXPECT_EQ(items[i]->published, "") << items[i]->title;
    }
  }
  EXPECT_EQ(items[6]->published, "2023-05-22T23:59:59-04:00");
}

TEST(FeedReader, ItemWithoutTextIsOneErrorAndTheRestGoesOn) {
  auto items = Read("no_text.xml");
  ASSERT_EQ(items.size(), 4u);
  EXPECT_TRUE(items[0].ok());
  ASSERT_FALSE(items[1].ok());
  EXPECT_EQ(items[1].status().message().rfind(kDir + "no_text.xml: item 2: no text", 0), 0u)
      << items[1].status().message();
  ASSERT_FALSE(items[2].ok());  // only an image
  EXPECT_TRUE(Contains(items[2].status().message(), "no_text.xml: item 3:"));
  ASSERT_TRUE(items[3].ok());
  EXPECT_EQ(items[3]->text, "The fourth report has text too.");
  for (auto& i : items) {
    if (!i.ok()) {
      EXPECT_EQ(i.status().message().find('\n'), std::string::npos);
    }
  }
}

TEST(FeedReader, ExternalEntitiesAreNeverFetched) {
  auto items = Read("xxe.xml");
  ASSERT_EQ(items.size(), 1u);
  ASSERT_TRUE(items[0].ok()) << items[0].status().message();
  const std::string& t = items[0]->text;
  EXPECT_FALSE(Contains(t, "root:")) << t;
  EXPECT_TRUE(Contains(t, "Before")) << t;
  EXPECT_TRUE(Contains(t, "middle, and ha once.")) << t;  // an internal entity, once
}

TEST(FeedReader, EntityAmplificationStaysSmall) {
  auto items = Read("laughs.xml");
  // libxml2 refuses the amplification; whatever remains of the item is small.
  for (auto& i : items) {
    if (i.ok()) {
      EXPECT_LT(i->text.size(), 1000u);
    }
  }
}

TEST(FeedReader, DeclaredEncodingIsConvertedToUtf8) {
  auto items = Read("latin1.xml");
  ASSERT_EQ(items.size(), 1u);
  ASSERT_TRUE(items[0].ok()) << items[0].status().message();
  EXPECT_EQ(items[0]->title, "Caf\u00e9 owners protest");
  EXPECT_EQ(items[0]->published, "2023-05-22T09:00:00+02:00");
  EXPECT_TRUE(Contains(items[0]->text, "Caf\u00e9 owners protested"));
}

TEST(FeedReader, NotAFeedAndTruncatedFeed) {
  auto items = Read("not_a_feed.xml");
  ASSERT_EQ(items.size(), 1u);
  ASSERT_FALSE(items[0].ok());
  EXPECT_TRUE(Contains(items[0].status().message(), "<catalog> is not an RSS or Atom feed"));

  items = Read("truncated.xml");  // recover mode keeps what arrived
  ASSERT_GE(items.size(), 1u);
  ASSERT_TRUE(items[0].ok()) << items[0].status().message();
  EXPECT_EQ(items[0]->url, "https://cut.example.org/1");

  auto garbage = ReadFeed("g.xml", "\x01\x02 not xml at all", {});
  ASSERT_EQ(garbage.size(), 1u);
  EXPECT_FALSE(garbage[0].ok());
  auto empty = ReadFeed("e.xml", "  \n", {});
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_TRUE(Contains(empty[0].status().message(), "e.xml: empty feed"));
}

TEST(FeedReader, HostileNestingAndSizeLimits) {
  std::string deep = "<rss><channel><item><title>t</title><description>";
  for (int i = 0; i < 100000; ++i) deep += "<x>";
  deep += "text</description></item></channel></rss>";
  auto items = ReadFeed("deep.xml", deep, {});  // must return, whatever it decides
  EXPECT_FALSE(items.empty());

  std::string big = "<rss><channel><item><description>" + std::string(5000, 'a') +
                    "</description></item></channel></rss>";
  ReaderOptions small;
  small.max_document_bytes = 1000;
  items = ReadFeed("big.xml", big, small);
  ASSERT_EQ(items.size(), 1u);
  ASSERT_FALSE(items[0].ok());
  EXPECT_EQ(items[0].status().code(), StatusCode::kLimitExceeded);
  small.max_feed_bytes = 100;
  items = ReadFeed("big.xml", big, small);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_TRUE(Contains(items[0].status().message(), "exceeds the limit"));
}

TEST(FeedReader, MutatedFeedsNeverCrash) {
  std::mt19937 rng(5);
  for (const char* name : {"rss2.xml", "atom.xml"}) {
    const std::string orig = testing::ReadFile(kDir + name);
    for (int variant = 0; variant < 100; ++variant) {
      std::string bytes = orig;
      if (variant < 30) {
        bytes.resize(orig.size() * variant / 30);
      } else {
        for (int k = 0; k < 1 + variant % 6; ++k)
          bytes[rng() % bytes.size()] = static_cast<char>(rng());
      }
      for (auto& item : ReadFeed(name, bytes, {})) {
        if (item.ok()) {
          EXPECT_FALSE(item->text.empty());
        } else {
          EXPECT_EQ(item.status().message().rfind(std::string(name) + ": ", 0), 0u)
              << item.status().message();
        }
      }
    }
  }
}

TEST(FeedReader, DocumentStreamReadsFeedsByContentWhateverTheName) {
  testing::TempDir tmp;
  testing::WriteFile(tmp / "saved.txt", testing::ReadFile(kDir + "rss2.xml"));
  testing::WriteFile(tmp / "entries.html", testing::ReadFile(kDir + "atom.xml"));
  DocumentStream in({(tmp / "saved.txt").string(), (tmp / "entries.html").string()}, {});
  std::vector<std::string> urls;
  while (auto item = in.Next()) {
    ASSERT_TRUE(item->ok()) << item->status().message();
    urls.push_back(item->value().url);
  }
  ASSERT_EQ(urls.size(), 6u);
  EXPECT_EQ(urls[0], "https://frontline.example.org/2023/05/23/drone-strike");
  EXPECT_EQ(urls[3], "https://review.example.net/ministers-minsk");
}

TEST(FeedReader, DirectoryOfSavedFeeds) {
  DocumentStream in({kDir}, {});
  size_t docs = 0;
  std::vector<std::string> errors;
  while (auto item = in.Next()) {
    if (item->ok()) {
      ++docs;
    } else {
      errors.push_back(item->status().message());
    }
  }
  // 3 atom + 7 bad_dates + 1 latin1 + 2 no_text + 1 rss1 + 3 rss2 + >=1 truncated + 1 xxe,
  // and whatever laughs.xml keeps.
  EXPECT_GE(docs, 19u);
  size_t not_feed = 0, no_text = 0;
  for (auto& e : errors) {
    not_feed += Contains(e, "not_a_feed.xml: ");
    no_text += Contains(e, "no_text.xml: item ");
  }
  EXPECT_EQ(not_feed, 1u);
  EXPECT_EQ(no_text, 2u);
}

}  // namespace
}  // namespace mosaic::readers
