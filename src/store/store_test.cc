// The store's behaviour, run alike on SQLite and PostgreSQL (the latter when MOSAIC_TEST_PG is
// set).
#include "mosaic/store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "store/name_key.h"
#include "store/schema.h"
#include "store/sql.h"
#include "store/test_graphs.h"
#include "store/test_sql.h"
#include "util/geo.h"

namespace mosaic::store {
namespace {

using testing::GraphBuilder;
using testing::SampleWorld;
using testing::TestDb;

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDb>(GetParam());
    if (!db_->available()) GTEST_SKIP() << testing::PgSkipMessage();
    Reopen();
  }
  void Reopen() {
    store_.reset();
    auto s = Store::Open(db_->url(), {});
    ASSERT_TRUE(s.ok()) << s.status().message();
    store_ = std::move(s.value());
  }
  void PutAll(const std::vector<DocGraph>& graphs, std::vector<PutOutcome>* outcomes = nullptr) {
    ASSERT_TRUE(store_->Begin().ok());
    for (const auto& g : graphs) {
      auto r = store_->Put(g);
      ASSERT_TRUE(r.ok()) << r.status().message();
      if (outcomes) outcomes->push_back(*r);
    }
    ASSERT_TRUE(store_->Commit().ok());
  }
  EntitySummary One(const std::string& name) {
    auto v = store_->FindEntities(name);
    EXPECT_TRUE(v.ok()) << v.status().message();
    if (!v.ok() || v->empty()) {
      ADD_FAILURE() << "no entity for " << name;
      return {};
    }
    return (*v)[0];
  }
  std::unique_ptr<TestDb> db_;
  std::unique_ptr<Store> store_;
};

// One article per point, each with one event there; the places lie on both sides of quarter-degree
// band edges, at and near both poles, on both sides of the antimeridian and around (0, 0).
std::vector<DocGraph> EventsAround(const std::vector<std::pair<double, double>>& points) {
  std::vector<DocGraph> graphs;
  for (size_t i = 0; i < points.size(); ++i) {
    const std::string town = std::string("Town") + static_cast<char>('A' + i / 26) +
                             static_cast<char>('a' + i % 26) + "ville";
    GraphBuilder b("Artillery shelled " + town + " at dawn.", "https://news.example/pt" + town);
    auto place = b.Place(town, "city", points[i].first, points[i].second, "geonames:" + town);
    b.Event("attack", "shelled", {}, {}, {place});
    graphs.push_back(b.graph());
  }
  return graphs;
}

const std::vector<std::pair<double, double>> kPoints = {
    {48.5956, 38.0004}, {48.75, 38.0},   {48.7499, 38.2},   {48.25, 37.9},   {49.0, 38.5},
    {-33.9, 18.4},      {0.0, 0.0},      {0.1, -0.1},       {-0.2, 0.05},    {89.9, 10.0},
    {90.0, 0.0},        {-89.95, 120.0}, {-90.0, -45.0},    {10.0, 179.9},   {10.05, -179.95},
    {9.9, 179.5},       {35.0, 139.7},   {35.25, 139.75},   {34.999, 139.6}, {51.5, -0.12},
    {51.75, -0.5},      {-0.25, 0.0},    {-0.2500001, 0.0}, {0.2499999, 0.0}};

// (lat, lon, km) of each `events --near` the tests ask.
const std::vector<std::tuple<double, double, double>> kNearQueries = {
    {48.6, 38.0, 50}, {48.75, 38.0, 10}, {48.75, 38.0, 30}, {0, 0, 30},      {0, 0, 1},
    {90, 0, 50},      {-90, 0, 100},     {10, 180, 30},     {10, -180, 30},  {35.1, 139.7, 20},
    {51.6, -0.3, 40}, {0, 0, 20000},     {-0.25, 0, 0.1},   {-33.9, 18.4, 5}};

std::vector<int64_t> NearIds(Store& store, double lat, double lon, double km) {
  EventFilter f;
  f.near_lat = lat;
  f.near_lon = lon;
  f.near_km = km;
  f.limit = 0;
  auto events = store.Events(f);
  EXPECT_TRUE(events.ok()) << events.status().message();
  std::vector<int64_t> ids;
  if (events.ok()) {
    for (const auto& e : *events) ids.push_back(e.id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

// `events --near` answers exactly what measuring the distance to every event answers.
TEST_P(StoreTest, NearFindsWhatMeasuringEveryEventFinds) {
  PutAll(EventsAround(kPoints));
  EventFilter all;
  all.limit = 0;
  auto events = store_->Events(all);
  ASSERT_TRUE(events.ok()) << events.status().message();
  ASSERT_EQ(events->size(), kPoints.size());
  size_t found = 0;
  for (const auto& [lat, lon, km] : kNearQueries) {
    std::vector<int64_t> expected;
    for (const auto& e : *events) {
      ASSERT_TRUE(e.lat && e.lon);
      if (geo::HaversineKm(lat, lon, *e.lat, *e.lon) <= km) expected.push_back(e.id);
    }
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(NearIds(*store_, lat, lon, km), expected) << lat << "," << lon << "," << km;
    found += expected.size();
  }
  EXPECT_GT(found, kNearQueries.size());  // the queries do find events, most of them several
}

TEST_P(StoreTest, OpensAtCurrentSchemaVersion) {
  EXPECT_EQ(store_->schema_version(), kStoreSchemaVersion);
  EXPECT_EQ(store_->backend(), GetParam());
}

TEST_P(StoreTest, MergesEntitiesAcrossDocuments) {
  auto world = SampleWorld();
  PutAll(world);
  auto stats = store_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, 3);
  EXPECT_EQ(stats->events, 5);
  EXPECT_EQ(stats->relations, 2);
  // "Rusich" is in documents 1 and 2: one entity with both documents' mentions.
  auto rusich = One("rusich");
  EXPECT_EQ(rusich.name, "Rusich");
  EXPECT_EQ(rusich.documents, 2);
  EXPECT_EQ(rusich.mentions, 3);
  // Document 2 names him "Aleksey" but also writes "Alexei Milchakov": the multi-word alias joins.
  auto milchakov = One("Alexei Milchakov");
  EXPECT_EQ(milchakov.documents, 2);
  EXPECT_EQ(One("Aleksey Milchakov").id, milchakov.id);
  // Diacritics and case do not separate names.
  EXPECT_EQ(One("alexander lukasenka").name, "Alexander Lukašenka");
  // A one-word alias is not a key: "Prigozhin" alone finds him only through the name substring.
  EXPECT_EQ(One("Prigozhin").name, "Yevgeny Prigozhin");
  auto by_id = store_->FindEntities("#" + std::to_string(rusich.id));
  ASSERT_TRUE(by_id.ok());
  ASSERT_EQ(by_id->size(), 1u);
  EXPECT_EQ((*by_id)[0].name, "Rusich");
}

// A place whose point is borrowed from another place (the camp near a town, placed at the town)
// is keyed by its name alone; the same name with that id as its own is keyed by the id. The keys
// are remembered per name between documents, and what is remembered must tell the two apart:
// the borrowed one first, the gazetteer's own place after it stays a place of its own.
TEST_P(StoreTest, ABorrowedPointAndThePlaceItselfAreKeyedApartAcrossDocuments) {
  std::vector<DocGraph> batch;
  for (bool borrowed : {true, false}) {
    GraphBuilder b(std::string("Shelling hit Ber ") + (borrowed ? "camp" : "town") + " on Monday.",
                   std::string("https://news.example/ber-") + (borrowed ? "camp" : "town"));
    b.Place("Ber", "village", 15.26, -2.98, "geonames:2458334");
    b.graph().entities.back().geo->borrowed = borrowed;
    batch.push_back(b.graph());
  }
  PutAll(batch);
  auto stats = store_->Stats();
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  EXPECT_EQ(stats->entities, 2) << "the borrowed point's keys were used for the place itself";
}

// A name is looked up by its key in every type the store holds (SQLite seeks each type's keys),
// so an exact name finds its one entity, where the substring search it falls back to would find
// every entity whose name contains it.
TEST_P(StoreTest, FindsAnExactNameInEveryTypeBeforeSubstrings) {
  GraphBuilder b(
      "Ivan Petrov opened the Ivan Petrov Foundation in Kramatorsk. Kramatorsk Airfield was shut. "
      "Rusich and the Rusich Battalion were seen.",
      "https://news.example/find");
  b.Entity("person", "", "Ivan Petrov", {"Ivan Petrov"});
  b.Entity("organization", "ngo", "Ivan Petrov Foundation", {"Ivan Petrov Foundation"});
  b.Entity("place", "city", "Kramatorsk", {"Kramatorsk"});
  b.Entity("place", "facility", "Kramatorsk Airfield", {"Kramatorsk Airfield"});
  b.Entity("organization", "armed_group", "Rusich", {"Rusich"});
  b.Entity("organization", "armed_group", "Rusich Battalion", {"Rusich Battalion"});
  PutAll({b.graph()});
  for (const std::string name : {"Ivan Petrov", "Kramatorsk", "Rusich", "rusich battalion"}) {
    auto found = store_->FindEntities(name);
    ASSERT_TRUE(found.ok()) << found.status().message();
    ASSERT_EQ(found->size(), 1u) << name;
    EXPECT_EQ(NameKey((*found)[0].name), NameKey(name));
  }
  // No entity has the key "petrov" (one word is not a person's key): the substring search.
  auto petrov = store_->FindEntities("Petrov");
  ASSERT_TRUE(petrov.ok());
  EXPECT_EQ(petrov->size(), 2u);
  // A name with no letter or digit names nothing (it used to find the most mentioned entities,
  // so `mosaic entity ''` printed a profile of some entity nobody asked for).
  for (const std::string nothing : {"", "  ", " - ", "#"}) {
    auto found = store_->FindEntities(nothing);
    ASSERT_TRUE(found.ok()) << found.status().message();
    EXPECT_TRUE(found->empty()) << "'" << nothing << "' found " << found->size();
  }
}

TEST_P(StoreTest, ReingestingTheSameTextChangesNothing) {
  auto world = SampleWorld();
  PutAll(world);
  auto before = store_->Stats();
  auto ent_before = store_->Entities({});
  std::vector<PutOutcome> outcomes;
  PutAll(world, &outcomes);
  for (auto o : outcomes) EXPECT_EQ(o, PutOutcome::kUnchanged);
  auto after = store_->Stats();
  ASSERT_TRUE(before.ok() && after.ok());
  EXPECT_EQ(before->documents, after->documents);
  EXPECT_EQ(before->versions, after->versions);
  EXPECT_EQ(before->mentions, after->mentions);
  EXPECT_EQ(before->events, after->events);
  auto ent_after = store_->Entities({});
  ASSERT_TRUE(ent_before.ok() && ent_after.ok());
  ASSERT_EQ(ent_before->size(), ent_after->size());
  for (size_t i = 0; i < ent_before->size(); ++i) {
    EXPECT_EQ((*ent_before)[i].mentions, (*ent_after)[i].mentions);
  }
}

TEST_P(StoreTest, ChangedTextUnderSameUrlIsANewVersion) {
  auto world = SampleWorld();
  PutAll({world[0]});
  GraphBuilder b("Rusich fighters withdrew from Soledar. Rusich said nothing.", world[0].doc.url);
  auto rusich = b.Entity("organization", "armed_group", "Rusich", {"Rusich"});
  b.Event("withdraw", "withdrew", {rusich}, {}, {});
  std::vector<PutOutcome> outcomes;
  PutAll({b.graph()}, &outcomes);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0], PutOutcome::kNewVersion);
  auto stats = store_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, 1);
  EXPECT_EQ(stats->versions, 2);
  EXPECT_EQ(stats->events, 1);  // the old version's attack is gone
  EXPECT_EQ(stats->relations, 0);
  EXPECT_EQ(stats->mentions, 2);  // the new version's two mentions of Rusich, no old ones
  // The document view finds the new version's graph, not the old one's.
  auto old_graph = store_->DocGraphJson(world[0].doc.id, false);
  ASSERT_TRUE(old_graph.ok());
  EXPECT_FALSE(old_graph->has_value());
  auto new_graph = store_->DocGraphJson(b.graph().doc.id, false);
  ASSERT_TRUE(new_graph.ok());
  ASSERT_TRUE(new_graph->has_value());
  EXPECT_NE((*new_graph)->find("withdrew"), std::string::npos);
  auto r = One("Rusich");
  EXPECT_EQ(r.mentions, 2);  // only the new version's two mentions
  EXPECT_EQ(r.documents, 1);
  // People only the old version named leave the listings.
  auto people = store_->Entities({"person", "", "", 100});
  ASSERT_TRUE(people.ok());
  EXPECT_TRUE(people->empty());
  auto profile = store_->Profile(r.id, 10);
  ASSERT_TRUE(profile.ok());
  ASSERT_EQ(profile->documents.size(), 1u);
  EXPECT_EQ(profile->documents[0].version, 2);
  // Old text is not searchable any more; the new one is.
  auto old_hits = store_->Search("Bakhmut", 10);
  ASSERT_TRUE(old_hits.ok());
  EXPECT_TRUE(old_hits->empty());
  auto new_hits = store_->Search("Soledar", 10);
  ASSERT_TRUE(new_hits.ok());
  EXPECT_EQ(new_hits->size(), 1u);
}

// Both versions of a page in one transaction: the full-text and map indexes, written when the
// batch commits, must hold the second version only.
TEST_P(StoreTest, TwoVersionsInOneBatchIndexOnlyTheLatest) {
  GraphBuilder v1("Rusich shelled Bakhmut on Monday.", "https://news.example/page");
  auto r1 = v1.Entity("organization", "armed_group", "Rusich", {"Rusich"});
  auto b1 = v1.Place("Bakhmut", "city", 48.5956, 38.0004, "geonames:712165");
  v1.Event("attack", "shelled", {r1}, {}, {b1});
  GraphBuilder v2("Rusich withdrew from Soledar on Tuesday.", "https://news.example/page");
  auto r2 = v2.Entity("organization", "armed_group", "Rusich", {"Rusich"});
  auto s2 = v2.Place("Soledar", "city", 48.6833, 38.0667, "geonames:697058");
  v2.Event("withdraw", "withdrew", {r2}, {}, {s2});
  std::vector<PutOutcome> outcomes;
  PutAll({v1.graph(), v2.graph()}, &outcomes);
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes[1], PutOutcome::kNewVersion);
  auto old_hits = store_->Search("Bakhmut", 10);
  ASSERT_TRUE(old_hits.ok()) << old_hits.status().message();
  EXPECT_TRUE(old_hits->empty());
  auto new_hits = store_->Search("Soledar", 10);
  ASSERT_TRUE(new_hits.ok());
  EXPECT_EQ(new_hits->size(), 1u);
  EventFilter near;
  near.near_lat = 48.6;
  near.near_lon = 38.0;
  near.near_km = 50;
  auto events = store_->Events(near);
  ASSERT_TRUE(events.ok()) << events.status().message();
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].type, "withdraw");
  // The next batch's event ids continue after this one's.
  GraphBuilder other("Rusich attacked Bakhmut again.", "https://news.example/other");
  auto r3 = other.Entity("organization", "armed_group", "Rusich", {"Rusich"});
  auto b3 = other.Place("Bakhmut", "city", 48.5956, 38.0004, "geonames:712165");
  other.Event("attack", "attacked", {r3}, {}, {b3});
  PutAll({other.graph()});
  auto all = store_->Events(near);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_NE((*all)[0].id, (*all)[1].id);
}

// Crawled urls can be very long (tracking parameters); versions still work on both backends
// (PostgreSQL's b-tree refuses index entries over about 2.7 KB, so it indexes the url's md5).
TEST_P(StoreTest, VeryLongUrlsKeepTheirVersions) {
  std::string url = "https://news.example/a?utm=";
  uint32_t x = 12345;  // incompressible: PostgreSQL compresses long index entries
  for (int i = 0; i < 12000; ++i) {
    x = x * 1103515245u + 12345u;
    url += "0123456789abcdefghijklmnopqrstuvwxyz"[(x >> 16) % 36];
  }
  GraphBuilder v1("Rusich shelled Bakhmut.", url);
  v1.Entity("organization", "armed_group", "Rusich", {"Rusich"});
  GraphBuilder v2("Rusich withdrew from Soledar.", url);
  v2.Entity("organization", "armed_group", "Rusich", {"Rusich"});
  std::vector<PutOutcome> outcomes;
  PutAll({v1.graph()}, &outcomes);
  PutAll({v2.graph(), v1.graph()}, &outcomes);
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_EQ(outcomes[0], PutOutcome::kAdded);
  EXPECT_EQ(outcomes[1], PutOutcome::kNewVersion);
  EXPECT_EQ(outcomes[2], PutOutcome::kUnchanged);  // the old text again: known by its hash
  auto stats = store_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, 1);
  EXPECT_EQ(stats->versions, 2);
}

TEST_P(StoreTest, ProfileHasAliasesRolesRelationsEventsAndMarkedEvidence) {
  PutAll(SampleWorld());
  auto m = One("Alexei Milchakov");
  auto p = store_->Profile(m.id, 20);
  ASSERT_TRUE(p.ok()) << p.status().message();
  std::map<std::string, int64_t> aliases(p->aliases.begin(), p->aliases.end());
  EXPECT_EQ(aliases["Alexei Milchakov"], 2);
  EXPECT_EQ(aliases["Aleksey Milchakov"], 1);
  ASSERT_EQ(p->relations.size(), 1u);
  EXPECT_EQ(p->relations[0].type, "leads");
  EXPECT_EQ(p->relations[0].object.name, "Rusich");
  EXPECT_NE(p->relations[0].evidence.snippet.find("[[Alexei Milchakov leads the Rusich group]]"),
            std::string::npos);
  ASSERT_EQ(p->as_actor.size(), 1u);
  EXPECT_EQ(p->as_actor[0].type, "train");
  EXPECT_EQ(p->documents.size(), 2u);
  ASSERT_EQ(p->evidence.size(), 2u);
  for (const auto& ev : p->evidence) {
    EXPECT_TRUE(ev.snippet.find("[[Alexei Milchakov]]") != std::string::npos ||
                ev.snippet.find("[[Aleksey Milchakov]]") != std::string::npos)
        << ev.snippet;
    size_t open = ev.snippet.find("[["), close = ev.snippet.find("]]");
    ASSERT_NE(close, std::string::npos);
    EXPECT_EQ(ev.end - ev.start, close - open - 2);  // ASCII names: code points = bytes
  }
  auto luka = One("Lukasenka");
  auto lp = store_->Profile(luka.id, 20);
  ASSERT_TRUE(lp.ok());
  ASSERT_EQ(lp->roles.size(), 1u);
  EXPECT_EQ(lp->roles[0].first, "President");
  // Code point offsets: "Lukašenka" has a two-byte letter, so its evidence end is one less than
  // bytes.
  ASSERT_EQ(lp->evidence.size(), 1u);
  EXPECT_EQ(lp->evidence[0].start, 10u);
  EXPECT_EQ(lp->evidence[0].end, 10u + 19u);
}

TEST_P(StoreTest, EventFilters) {
  PutAll(SampleWorld());
  auto all = store_->Events({});
  ASSERT_TRUE(all.ok()) << all.status().message();
  EXPECT_EQ(all->size(), 5u);
  EventFilter f;
  f.type = "attack";
  auto attacks = store_->Events(f);
  ASSERT_TRUE(attacks.ok());
  EXPECT_EQ(attacks->size(), 2u);
  for (const auto& e : *attacks) {
    ASSERT_EQ(e.actors.size(), 1u);
    EXPECT_EQ(e.actors[0].name, "Rusich");
  }
  // The most recent first.
  EXPECT_EQ((*attacks)[0].date, "2023-06-02");

  EventFilter by_actor;
  by_actor.actor = "Yevgeny Prigozhin";
  auto pe = store_->Events(by_actor);
  ASSERT_TRUE(pe.ok());
  ASSERT_EQ(pe->size(), 1u);
  EXPECT_EQ(pe->front().type, "meet");

  EventFilter by_target;
  by_target.target = "Belarusian army";
  auto te = store_->Events(by_target);
  ASSERT_TRUE(te.ok());
  ASSERT_EQ(te->size(), 1u);
  EXPECT_EQ(te->front().status, "planned");
  EXPECT_EQ(te->front().attribution, "Prigozhin");

  // 20 km around Bakhmut: the shelling only; 100 km takes in Kramatorsk (about 45 km away).
  EventFilter near;
  near.near_lat = 48.5956;
  near.near_lon = 38.0004;
  near.near_km = 20;
  auto n20 = store_->Events(near);
  ASSERT_TRUE(n20.ok()) << n20.status().message();
  ASSERT_EQ(n20->size(), 1u);
  EXPECT_EQ(n20->front().type, "attack");
  EXPECT_EQ(n20->front().fatalities.value_or(-1), 3);
  EXPECT_EQ(n20->front().status, "claimed");
  EXPECT_EQ(n20->front().attribution, "the Ukrainian army");
  EXPECT_NE(n20->front().evidence.snippet.find("[[shelled]]"), std::string::npos);
  near.near_km = 100;
  auto n100 = store_->Events(near);
  ASSERT_TRUE(n100.ok());
  EXPECT_EQ(n100->size(), 3u);

  EventFilter dates;
  dates.from = "2023-06";
  auto june = store_->Events(dates);
  ASSERT_TRUE(june.ok());
  EXPECT_EQ(june->size(), 2u);
  dates.from = "2023-05-01";
  dates.to = "2023-05-31";
  auto may = store_->Events(dates);
  ASSERT_TRUE(may.ok());
  EXPECT_EQ(may->size(), 1u);

  EventFilter status;
  status.status = "planned";
  auto planned = store_->Events(status);
  ASSERT_TRUE(planned.ok());
  EXPECT_EQ(planned->size(), 1u);

  EventFilter no_such_status;
  no_such_status.status = "rumoured";
  auto refused = store_->Events(no_such_status);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(refused.status().message().find("'rumoured' is not a status"), std::string::npos);

  EventFilter unknown;
  unknown.actor = "Nobody Atall";
  auto none = store_->Events(unknown);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());

  EventFilter bad;
  bad.from = "May 2023";
  EXPECT_FALSE(store_->Events(bad).ok());
  // Bounds of the right shape that name no real month or day are refused too, not compared as
  // text (where 2023-13-45 would fall between 2023-12 and 2024), and so is a range that ends
  // before it begins; each error names the bound.
  for (const char* not_a_date : {"2023-13", "2023-00", "2023-02-29", "2023-04-31", "2023-05-01x"}) {
    EventFilter f;
    f.to = not_a_date;
    auto r = store_->Events(f);
    ASSERT_FALSE(r.ok()) << not_a_date;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
    EXPECT_NE(r.status().message().find(std::string("to: '") + not_a_date), std::string::npos)
        << r.status().message();
  }
  EventFilter leap;
  leap.from = "2024-02-29";
  leap.to = "2024-03-01T12:00";
  EXPECT_TRUE(store_->Events(leap).ok());
  EventFilter backwards;
  backwards.from = "2023-06";
  backwards.to = "2023-05-31";
  auto r = store_->Events(backwards);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "from 2023-06 is after to 2023-05-31");
  // A command names its own options; the check is the same.
  EXPECT_EQ(CheckEventFilter(backwards, FilterNames::kOptions).message(),
            "--from 2023-06 is after --to 2023-05-31");
  // The same month at both ends is a range of one month.
  EventFilter may_only;
  may_only.from = "2023-05";
  may_only.to = "2023-05";
  auto one = store_->Events(may_only);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->size(), 1u);
}

TEST_P(StoreTest, SearchFindsWordsAndTreatsQuerySyntaxAsText) {
  PutAll(SampleWorld());
  auto hits = store_->Search("Kramatorsk", 10);
  ASSERT_TRUE(hits.ok()) << hits.status().message();
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(hits->front().url, "https://news.example/a2");
  EXPECT_NE(hits->front().snippet.find("[[Kramatorsk]]"), std::string::npos);
  auto two = store_->Search("Rusich", 10);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two->size(), 2u);
  auto both_words = store_->Search("Rusich Bakhmut", 10);
  ASSERT_TRUE(both_words.ok());
  EXPECT_EQ(both_words->size(), 1u);
  for (const char* q :
       {"\"", "AND OR NOT", "a*b", "(Minsk", "NEAR(x y)", "Minsk\"; DROP TABLE x"}) {
    auto r = store_->Search(q, 10);
    EXPECT_TRUE(r.ok()) << q << ": " << r.status().message();
  }
  auto none = store_->Search("zebra", 10);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

// Superseded versions never come back from a search, even when more of them outrank every
// current document than a search looks at first (SQLite ranks the full-text index alone, then
// reads the documents of the best rows; here all of those are old versions).
TEST_P(StoreTest, SearchSkipsSupersededVersionsThatOutrankTheCurrentOnes) {
  const std::string url = "https://news.example/rewritten";
  for (int v = 0; v < 40; ++v) {
    // Each version in its own batch, so that each is indexed before the next replaces it. The
    // town's name fills the short early versions (a high rank); the last one drops it.
    std::string text = v < 39 ? "Avdiivka Avdiivka Avdiivka, update " + std::to_string(v) + "."
                              : "The page no longer names the town.";
    PutAll({GraphBuilder(text, url).graph()});
  }
  PutAll({GraphBuilder("A long report on the front line that names Avdiivka once among many other "
                       "words about shelling, supply roads and the weather.",
                       "https://news.example/other")
              .graph()});
  for (int limit : {1, 5, 30}) {
    auto hits = store_->Search("Avdiivka", limit);
    ASSERT_TRUE(hits.ok()) << hits.status().message();
    ASSERT_EQ(hits->size(), 1u) << "limit " << limit;
    EXPECT_EQ(hits->front().url, "https://news.example/other");
    EXPECT_NE(hits->front().snippet.find("[[Avdiivka]]"), std::string::npos);
  }
  auto current = store_->Search("town", 5);
  ASSERT_TRUE(current.ok());
  ASSERT_EQ(current->size(), 1u);
  EXPECT_EQ(current->front().url, url);
}

// The best-ranked documents come first, with their scores, whatever the number of matches.
TEST_P(StoreTest, SearchRanksDocumentsThatSayTheWordMoreFirst) {
  std::vector<DocGraph> graphs;
  for (int i = 0; i < 60; ++i) {
    std::string text = "Report " + std::to_string(i) + " on Vuhledar.";
    for (int k = 0; k < i % 7; ++k) text += " Vuhledar again, and more about the roads.";
    graphs.push_back(GraphBuilder(text, "https://news.example/r" + std::to_string(i)).graph());
  }
  PutAll(graphs);
  auto hits = store_->Search("Vuhledar", 10);
  ASSERT_TRUE(hits.ok()) << hits.status().message();
  ASSERT_EQ(hits->size(), 10u);
  for (size_t i = 1; i < hits->size(); ++i) {
    EXPECT_GE((*hits)[i - 1].score, (*hits)[i].score) << i;
  }
  EXPECT_GT(hits->front().score, hits->back().score);
}

// HasDocument answers exactly when Put would find the text stored: the batch's own documents at
// once, nothing a rollback undid, and a superseded version still (its text is stored).
TEST_P(StoreTest, HasDocumentAgreesWithPut) {
  GraphBuilder v1("Rusich shelled Bakhmut on Monday.", "https://news.example/page");
  GraphBuilder v2("Rusich withdrew from Soledar on Tuesday.", "https://news.example/page");
  GraphBuilder other("Militia trained near Minsk.", "https://news.example/other");
  auto has = [&](GraphBuilder& b) {
    auto r = store_->HasDocument(b.graph().doc);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() && *r;
  };
  EXPECT_FALSE(has(v1));
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->Put(v1.graph()).ok());
  EXPECT_TRUE(has(v1));  // inside the open batch
  ASSERT_TRUE(store_->Rollback().ok());
  EXPECT_FALSE(has(v1));
  PutAll({v1.graph()});
  PutAll({v2.graph()});
  EXPECT_TRUE(has(v1));  // superseded, still stored: Put would answer unchanged
  EXPECT_TRUE(has(v2));
  EXPECT_FALSE(has(other));
  Document without_id = v2.graph().doc;  // keyed by its text's hash, as Put keys it
  without_id.id.clear();
  auto hashed = store_->HasDocument(without_id);
  ASSERT_TRUE(hashed.ok());
  EXPECT_TRUE(*hashed);
  std::vector<PutOutcome> outcomes;
  PutAll({v1.graph(), v2.graph(), other.graph()}, &outcomes);
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_EQ(outcomes[0], PutOutcome::kUnchanged);
  EXPECT_EQ(outcomes[1], PutOutcome::kUnchanged);
  EXPECT_EQ(outcomes[2], PutOutcome::kAdded);
  EXPECT_TRUE(has(other));
}

TEST_P(StoreTest, RollbackLeavesNothing) {
  ASSERT_TRUE(store_->Begin().ok());
  for (const auto& g : SampleWorld()) ASSERT_TRUE(store_->Put(g).ok());
  ASSERT_TRUE(store_->Rollback().ok());
  auto stats = store_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, 0);
  EXPECT_EQ(stats->entities, 0);
  // The key cache must not remember rolled-back entities.
  PutAll(SampleWorld());
  EXPECT_EQ(One("Rusich").documents, 2);
}

TEST_P(StoreTest, SurvivesReopen) {
  PutAll(SampleWorld());
  Reopen();
  auto stats = store_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, 3);
  // Incremental: a document ingested after reopening joins the existing entities.
  GraphBuilder b("Rusich fighters crossed the border near Belgorod.", "https://news.example/a4");
  b.Entity("organization", "armed_group", "Rusich", {"Rusich"});
  PutAll({b.graph()});
  EXPECT_EQ(One("Rusich").documents, 3);
}

TEST_P(StoreTest, NeighboursAndEvidence) {
  PutAll(SampleWorld());
  auto m = One("Alexei Milchakov");
  auto r = One("Rusich");
  auto edges = store_->Neighbours(m.id, 50);
  ASSERT_TRUE(edges.ok());
  auto it = std::find_if(edges->begin(), edges->end(), [&](const auto& e) { return e.to == r.id; });
  ASSERT_NE(it, edges->end());
  EXPECT_EQ(it->via, "relation:leads");
  auto ev = store_->EdgeEvidence(*it);
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev->url, "https://news.example/a1");
  // Co-participation: Lukashenka and Prigozhin met.
  auto luka = One("Lukasenka");
  auto le = store_->Neighbours(luka.id, 50);
  ASSERT_TRUE(le.ok());
  std::set<std::string> vias;
  for (const auto& e : *le) vias.insert(e.via);
  EXPECT_TRUE(vias.count("event:meet"));
}

TEST_P(StoreTest, ExportsStreamEverything) {
  auto world = SampleWorld();
  PutAll(world);
  int lines = 0;
  ASSERT_TRUE(store_
                  ->ForEachDocGraphJson(true,
                                        [&](const std::string& line) {
                                          ++lines;
                                          EXPECT_NE(line.find("\"text\""), std::string::npos);
                                          return Status::Ok();
                                        })
                  .ok());
  EXPECT_EQ(lines, 3);
  // One document's line by its id is the line the stream gives for it, with or without the text.
  for (bool with_text : {true, false}) {
    std::vector<std::string> streamed;
    ASSERT_TRUE(store_
                    ->ForEachDocGraphJson(with_text,
                                          [&](const std::string& line) {
                                            streamed.push_back(line);
                                            return Status::Ok();
                                          })
                    .ok());
    ASSERT_EQ(streamed.size(), world.size());
    for (size_t i = 0; i < world.size(); ++i) {
      auto one = store_->DocGraphJson(world[i].doc.id, with_text);
      ASSERT_TRUE(one.ok()) << one.status().message();
      ASSERT_TRUE(one->has_value()) << world[i].doc.id;
      EXPECT_EQ(**one, streamed[i]);
    }
  }
  auto none = store_->DocGraphJson("0123456789abcdef0123456789abcdef", true);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  int events = 0, relations = 0, entities = 0, docs = 0;
  ASSERT_TRUE(
      store_->ForEachEvent([&](const EventRecord&) { return ++events, Status::Ok(); }).ok());
  ASSERT_TRUE(
      store_->ForEachRelation([&](const RelationRecord&) { return ++relations, Status::Ok(); })
          .ok());
  ASSERT_TRUE(
      store_->ForEachEntity([&](const EntitySummary&) { return ++entities, Status::Ok(); }).ok());
  ASSERT_TRUE(
      store_->ForEachDocument([&](const DocumentRecord&) { return ++docs, Status::Ok(); }).ok());
  EXPECT_EQ(events, 5);
  EXPECT_EQ(relations, 2);
  EXPECT_EQ(docs, 3);
  auto listed = store_->Entities({"", "", "", 0});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(entities, static_cast<int>(listed->size()));
  // A callback error stops the stream and comes back.
  Status st = store_->ForEachEvent([](const EventRecord&) { return Status::IoError("disk full"); });
  EXPECT_EQ(st.code(), StatusCode::kIoError);
}

TEST_P(StoreTest, EntityFilters) {
  PutAll(SampleWorld());
  auto groups = store_->Entities({"organization", "armed_group", "", 100});
  ASSERT_TRUE(groups.ok());
  std::set<std::string> names;
  for (const auto& e : *groups) names.insert(e.name);
  EXPECT_EQ(names, (std::set<std::string>{"Rusich", "Wagner"}));
  auto byname = store_->Entities({"", "", "army", 100});
  ASSERT_TRUE(byname.ok());
  EXPECT_EQ(byname->size(), 2u);
  auto pct = store_->Entities({"", "", "%", 100});  // LIKE wildcards are literal
  ASSERT_TRUE(pct.ok());
  EXPECT_TRUE(pct->empty());
  // Most mentioned first.
  auto all = store_->Entities({"", "", "", 0});  // no limit
  ASSERT_TRUE(all.ok());
  for (size_t i = 1; i < all->size(); ++i) EXPECT_GE((*all)[i - 1].mentions, (*all)[i].mentions);
  // A limited listing is the unlimited one cut short, also where it passes from the entities
  // named more than once (read through the ranking index) to the ones named once (schema 10).
  size_t named_once = 0;
  for (const auto& e : *all) named_once += e.mentions <= 1;
  ASSERT_GT(named_once, 0u);
  ASSERT_LT(named_once, all->size());
  for (int limit = 1; limit <= static_cast<int>(all->size()) + 1; ++limit) {
    auto some = store_->Entities({"", "", "", limit});
    ASSERT_TRUE(some.ok()) << some.status().message();
    ASSERT_EQ(some->size(), std::min(all->size(), static_cast<size_t>(limit)));
    for (size_t i = 0; i < some->size(); ++i) {
      EXPECT_EQ((*some)[i].id, (*all)[i].id) << "limit " << limit << ", row " << i;
    }
  }
  auto places = store_->Entities({"place", "", "", 100});
  ASSERT_TRUE(places.ok());
  ASSERT_EQ(places->size(), 3u);
  // Every type of docs/schema.md answers; anything else ("places", a kind given as a type) is
  // refused, listing the types, instead of answering an empty list.
  for (auto type : kEntityTypes) EXPECT_TRUE(store_->Entities({std::string(type), "", "", 1}).ok());
  for (const char* wrong : {"places", "armed_group", "Person"}) {
    auto r = store_->Entities({wrong, "", "", 100});
    ASSERT_FALSE(r.ok()) << wrong;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
    EXPECT_EQ(r.status().message(), std::string("type: '") + wrong +
                                        "' is not an entity type; expected one of person, "
                                        "organization, place, group");
  }
  for (const auto& p : *places) EXPECT_TRUE(p.lat.has_value());
}

// A document's new entities are written after all of its entities are resolved (one INSERT per
// document): a later local entity that resolves to one of them still adds what the first lacked,
// and the next document finds them stored with every column.
TEST_P(StoreTest, ANewEntityTakesWhatItsLaterLocalEntitiesAdd) {
  GraphBuilder b("Wagner fighters left. The Wagner group said so. Wagner denied it.",
                 "https://news.example/w1");
  b.Entity("organization", "", "Wagner", {"Wagner fighters"});
  b.Entity("organization", "armed_group", "Wagner", {"The Wagner group"});
  GraphBuilder c("Wagner recruited in prisons.", "https://news.example/w2");
  c.Entity("organization", "armed_group", "Wagner", {"Wagner"});
  PutAll({b.graph()});
  const EntitySummary first = One("Wagner");
  EXPECT_EQ(first.kind, "armed_group");
  EXPECT_EQ(first.documents, 1);
  EXPECT_EQ(first.mentions, 2);
  PutAll({c.graph()});
  const EntitySummary again = One("Wagner");
  EXPECT_EQ(again.id, first.id);
  EXPECT_EQ(again.documents, 2);
  EXPECT_EQ(again.mentions, 3);
  auto all = store_->Entities({"organization", "", "", 0});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 1u);
}

// One article naming a person; `forms` are the surface forms, the first is the entity's name.
DocGraph PersonArticle(const std::string& text, const std::string& url,
                       const std::vector<std::string>& forms) {
  GraphBuilder b(text, url, "2024-03-01");
  b.Entity("person", "", forms[0], forms);
  return b.graph();
}

TEST_P(StoreTest, SplitAndMergeLastAcrossLaterIngests) {
  PutAll({PersonArticle("Alyaksandr Lukashenka met officials. Lukashenka said little.",
                        "https://news.example/s1", {"Alyaksandr Lukashenka", "Lukashenka"}),
          PersonArticle("Alexander Lukashenko spoke in Minsk.", "https://news.example/s2",
                        {"Alexander Lukashenko"}),
          PersonArticle("Alexander Lukashenko flew to Sochi.", "https://news.example/s3",
                        {"Alexander Lukashenko"})});
  const EntitySummary joined = One("Alexander Lukashenko");
  ASSERT_EQ(joined.documents, 3) << "the romanisation-proof key joins the two spellings";
  // The name shown is the form most documents use, not the first one seen.
  EXPECT_EQ(joined.name, "Alexander Lukashenko");
  ASSERT_EQ(One("Alyaksandr Lukashenka").id, joined.id);

  // The user splits the Belarusian spelling off (as if it were a namesake).
  auto split = store_->SplitEntity(joined.id, SplitSpec{{}, "Lukashenka"});
  ASSERT_TRUE(split.ok()) << split.status().message();
  EXPECT_EQ(split->moved_documents, 1);
  EXPECT_EQ(split->moved_mentions, 3);  // the builder also counts "Lukashenka" inside the full name
  const EntitySummary off = One("#" + std::to_string(split->created));
  EXPECT_EQ(off.name, "Alyaksandr Lukashenka");
  EXPECT_EQ(off.documents, 1);
  EXPECT_EQ(One("#" + std::to_string(joined.id)).documents, 2);

  // Later articles resolve as the user decided, and so does a new version of the split article.
  PutAll({PersonArticle("Alyaksandr Lukashenka visited a farm.", "https://news.example/s4",
                        {"Alyaksandr Lukashenka"}),
          PersonArticle("Alexander Lukashenko met a delegation.", "https://news.example/s5",
                        {"Alexander Lukashenko"}),
          PersonArticle("Alyaksandr Lukashenka met officials again. Lukashenka said more.",
                        "https://news.example/s1", {"Alyaksandr Lukashenka", "Lukashenka"})});
  EXPECT_EQ(One("#" + std::to_string(split->created)).documents, 2);
  EXPECT_EQ(One("#" + std::to_string(split->created)).mentions, 4);
  EXPECT_EQ(One("#" + std::to_string(joined.id)).documents, 3);

  // Reopening (another process) keeps to it too.
  Reopen();
  PutAll({PersonArticle("Alyaksandr Lukashenka gave a speech.", "https://news.example/s6",
                        {"Alyaksandr Lukashenka"})});
  EXPECT_EQ(One("#" + std::to_string(split->created)).documents, 3);

  // Merging undoes it: everything is one entity again, the old id leads to it, and later
  // articles follow.
  auto merged = store_->MergeEntities(split->created, joined.id);
  ASSERT_TRUE(merged.ok()) << merged.status().message();
  EXPECT_EQ(merged->documents, 6);
  EXPECT_EQ(One("#" + std::to_string(split->created)).id, joined.id);
  PutAll({PersonArticle("Alyaksandr Lukashenka opened a plant.", "https://news.example/s7",
                        {"Alyaksandr Lukashenka"})});
  const EntitySummary all = One("#" + std::to_string(joined.id));
  EXPECT_EQ(all.documents, 7);
  EXPECT_EQ(all.mentions, 9);
  auto profile = store_->Profile(joined.id, 10);
  ASSERT_TRUE(profile.ok());
  int64_t alias_total = 0;
  for (const auto& [text, n] : profile->aliases) alias_total += n;
  EXPECT_EQ(alias_total, all.mentions) << "aliases count every mention once";
  auto stats = store_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->entities, 1);
  EXPECT_EQ(stats->mentions, 9);  // the split-off entity's counts went back with its mentions
}

// A person with a role, among places of one country and other named people.
DocGraph NamesakeArticle(const std::string& text, const std::string& url, const std::string& person,
                         const std::string& role, const std::string& place,
                         const std::string& country, const std::string& other) {
  GraphBuilder b(text, url, "2024-04-02");
  auto id = b.Entity("person", "", person, {person});
  if (!role.empty()) {
    mosaic::Role r;
    r.title = role;
    r.evidence = b.Find(role);
    b.graph().entities.back().roles.push_back(r);
  }
  (void)id;
  b.Place(place, "city", 50.0, 30.0, "geonames:" + place);
  b.graph().entities.back().geo->country = country;
  if (!other.empty()) b.Entity("person", "", other, {other});
  return b.graph();
}

TEST_P(StoreTest, NamesakesWhoseContextContradictsStayApart) {
  // A striker in Ukraine and a mayor in Russia share a name: every kind of evidence disagrees.
  PutAll({NamesakeArticle("Oleg Kovalenko, a striker for the club, scored twice in Lviv on Sunday, "
                          "coach Ivan Petrenko said.",
                          "https://news.example/k1", "Oleg Kovalenko", "striker", "Lviv", "UA",
                          "Ivan Petrenko"),
          NamesakeArticle("Oleg Kovalenko, the mayor of Tomsk, opened a bridge in Tomsk with "
                          "governor Pavel Sidorov.",
                          "https://news.example/k2", "Oleg Kovalenko", "mayor of Tomsk", "Tomsk",
                          "RU", "Pavel Sidorov")});
  auto both = store_->Entities({"person", "", "Kovalenko", 10});
  ASSERT_TRUE(both.ok());
  ASSERT_EQ(both->size(), 2u) << "two namesakes, two entities";
  // A later article about the mayor joins the mayor (the second namesake), not the striker;
  // one about the striker joins the striker; one with no role joins by name as usual.
  PutAll({NamesakeArticle("Oleg Kovalenko, the mayor of Tomsk, closed a school in Tomsk.",
                          "https://news.example/k3", "Oleg Kovalenko", "mayor of Tomsk", "Tomsk",
                          "RU", ""),
          NamesakeArticle("Oleg Kovalenko, the striker, was injured in Lviv, said Ivan Petrenko.",
                          "https://news.example/k4", "Oleg Kovalenko", "striker", "Lviv", "UA",
                          "Ivan Petrenko"),
          NamesakeArticle("Oleg Kovalenko was seen in Lviv.", "https://news.example/k5",
                          "Oleg Kovalenko", "", "Lviv", "UA", "")});
  both = store_->Entities({"person", "", "Kovalenko", 10});
  ASSERT_TRUE(both.ok());
  ASSERT_EQ(both->size(), 2u);
  std::vector<int64_t> docs;
  for (const auto& e : *both) docs.push_back(e.documents);
  std::sort(docs.begin(), docs.end());
  EXPECT_EQ(docs, (std::vector<int64_t>{2, 3}));
  // Agreeing evidence of any kind joins: a new role in the same country is the same man.
  PutAll({NamesakeArticle("Oleg Kovalenko, now a coach, trained juniors in Lviv.",
                          "https://news.example/k6", "Oleg Kovalenko", "coach", "Lviv", "UA", "")});
  both = store_->Entities({"person", "", "Kovalenko", 10});
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->size(), 2u);
}

TEST_P(StoreTest, MergeAndSplitRefuseWhatMakesNoSense) {
  PutAll(
      {PersonArticle("Vladimir Milov wrote a post.", "https://news.example/m1", {"Vladimir Milov"}),
       PersonArticle("Vladimir Makei met envoys.", "https://news.example/m2", {"Vladimir Makei"})});
  const EntitySummary milov = One("Vladimir Milov"), makei = One("Vladimir Makei");
  ASSERT_NE(milov.id, makei.id) << "a shared given name does not join two people";
  EXPECT_FALSE(store_->MergeEntities(milov.id, milov.id).ok());
  EXPECT_FALSE(store_->MergeEntities(milov.id, 999999).ok());
  // Splitting off every document would leave nothing behind; an unknown alias or document
  // moves nothing.
  EXPECT_FALSE(store_->SplitEntity(milov.id, SplitSpec{{}, "Milov"}).ok());
  EXPECT_FALSE(store_->SplitEntity(milov.id, SplitSpec{{}, "Navalny"}).ok());
  EXPECT_FALSE(store_->SplitEntity(milov.id, SplitSpec{{"https://nowhere.example/"}, ""}).ok());
  EXPECT_FALSE(store_->SplitEntity(milov.id, SplitSpec{}).ok());
  // Nothing changed, and the store still takes documents.
  EXPECT_EQ(One("#" + std::to_string(milov.id)).documents, 1);
  auto merged = store_->MergeEntities(milov.id, makei.id);
  ASSERT_TRUE(merged.ok()) << merged.status().message();
  EXPECT_EQ(merged->documents, 2);
  // Merging twice is refused: they are one entity already.
  EXPECT_FALSE(store_->MergeEntities(milov.id, makei.id).ok());
  PutAll({PersonArticle("Vladimir Milov wrote again.", "https://news.example/m3",
                        {"Vladimir Milov"})});
  EXPECT_EQ(One("#" + std::to_string(makei.id)).documents, 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

// ---- SQLite-only: the file itself ----

TEST(SqliteStoreTest, RefusesANewerSchema) {
  TestDb db("sqlite");
  {
    auto s = Store::Open(db.url(), {});
    ASSERT_TRUE(s.ok());
  }
  ASSERT_TRUE(
      mosaic::testing::SqlExec(db.url(), "INSERT INTO schema_version VALUES (99, 'future')"));
  auto s = Store::Open(db.url(), {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kCorruption);
  EXPECT_NE(s.status().message().find("newer"), std::string::npos) << s.status().message();
}

TEST(SqliteStoreTest, UsesWalAndRejectsNonDatabases) {
  TestDb db("sqlite");
  {
    auto s = Store::Open(db.url(), {});
    ASSERT_TRUE(s.ok());
  }
  EXPECT_EQ(mosaic::testing::SqlText(db.url(), "PRAGMA journal_mode"), "wal");

  auto junk = db.dir() / "junk.db";
  FILE* f = fopen(junk.c_str(), "w");
  ASSERT_NE(f, nullptr);
  fputs("this is not a database, just some text that is long enough to look like a header....", f);
  fclose(f);
  auto s = Store::Open(junk.string(), {});
  EXPECT_FALSE(s.ok());
  auto missing =
      Store::Open((db.dir() / "absent.db").string(), {/*busy*/ 1000, /*read_only*/ true});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  // A directory given as the database (a common slip: --db data/) is said to be one, for
  // writing and reading alike, and nothing is created inside it.
  for (bool read_only : {false, true}) {
    StoreOptions o;
    o.read_only = read_only;
    auto dir = Store::Open(db.dir().string(), o);
    ASSERT_FALSE(dir.ok());
    EXPECT_EQ(dir.status().code(), StatusCode::kInvalidInput);
    EXPECT_NE(dir.status().message().find("a directory, not a database file"), std::string::npos)
        << dir.status().message();
  }
  EXPECT_FALSE(std::filesystem::exists(db.dir() / "mosaic.db"));
}

// A document that fails after its row was written is undone by its savepoint, and the next
// document takes its row id. The batch's full-text rows are written at commit from the rows that
// are left: the index must hold exactly the stored documents, the failed one's words nowhere.
// Makes the SQLite store at `url` refuse any document with an entity named `name`, at that
// entity's `entity_docs` row: after the document's own row and the resolution of all its entities.
bool RefuseDocumentsNaming(const std::string& url, const std::string& name) {
  return mosaic::testing::SqlExec(
      url, "CREATE TRIGGER fail_one BEFORE INSERT ON entity_docs WHEN NEW.local_name = '" + name +
               "' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
}

TEST(SqliteStoreTest, ADocumentUndoneMidBatchLeavesTheFullTextIndexExact) {
  TestDb db("sqlite");
  auto opened = Store::Open(db.url(), {});
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  auto& store = **opened;
  ASSERT_TRUE(RefuseDocumentsNaming(db.url(), "Vovchansk"));
  auto article = [](const std::string& text, const std::string& url, const std::string& place) {
    GraphBuilder b(text, url, "2024-05-10");
    b.Place(place, "city", 50.0, 36.9, "geonames:" + place);
    return b.graph();
  };
  std::vector<DocGraph> batch = {article("Drones struck Kupiansk overnight. Power was cut.",
                                         "https://fts.example/1", "Kupiansk"),
                                 article("Shelling hit Vovchansk again. Residents sheltered.",
                                         "https://fts.example/2", "Vovchansk"),
                                 article("Artillery pounded Lyptsi at dawn. Two were hurt.",
                                         "https://fts.example/3", "Lyptsi"),
                                 article("Sirens sounded over Zolochiv. No damage was reported.",
                                         "https://fts.example/4", "Zolochiv")};
  ASSERT_TRUE(store.Begin().ok());
  for (const auto& g : batch) {
    auto r = store.Put(g);
    EXPECT_EQ(r.ok(), g.doc.url != "https://fts.example/2") << g.doc.url;
  }
  ASSERT_TRUE(store.Commit().ok());
  for (const char* word : {"Kupiansk", "Lyptsi", "Zolochiv"}) {
    auto hits = store.Search(word, 10);
    ASSERT_TRUE(hits.ok()) << hits.status().message();
    EXPECT_EQ(hits->size(), 1u) << word;
  }
  for (const char* word : {"Vovchansk", "Residents"}) {
    auto hits = store.Search(word, 10);
    ASSERT_TRUE(hits.ok()) << hits.status().message();
    EXPECT_TRUE(hits->empty()) << word;
  }
  // One full-text row per stored document, with the document's own row id, and FTS5 agrees that
  // its index matches the documents' text.
  EXPECT_EQ(mosaic::testing::SqlRows(db.url(), "SELECT id FROM doc_fts_docsize ORDER BY id"),
            mosaic::testing::SqlRows(db.url(), "SELECT id FROM documents ORDER BY id"));
  EXPECT_EQ(mosaic::testing::SqlInt(db.url(), "SELECT COUNT(*) FROM documents"), 3);
  EXPECT_TRUE(mosaic::testing::SqlExec(
      db.url(), "INSERT INTO doc_fts (doc_fts, rank) VALUES ('integrity-check', 1)"));
}

// Four articles for a batch in which the second fails (RefuseDocumentsNaming "Vovchansk", or its
// PostgreSQL trigger): the third shares both people with the first two, the fourth is a new
// version of the first. Urls are `base` + 1..3.
std::vector<DocGraph> BatchWithARefusedDocument(const std::string& base) {
  auto article = [](const std::string& text, const std::string& url,
                    const std::vector<std::string>& people, const std::string& place) {
    GraphBuilder b(text, url, "2024-05-10");
    std::vector<std::string> ids;
    for (const auto& p : people) ids.push_back(b.Entity("person", "", p, {p}));
    auto where = b.Place(place, "city", 50.0, 36.9, "geonames:" + place);
    b.Event("attack", "shelled", {ids[0]}, {}, {where});
    return b.graph();
  };
  return {article("Oleksandr Syrskyi said troops shelled Kupiansk. Power was cut.", base + "1",
                  {"Oleksandr Syrskyi"}, "Kupiansk"),
          article("Ivan Petrenko said troops shelled Vovchansk. Residents sheltered.", base + "2",
                  {"Ivan Petrenko"}, "Vovchansk"),
          article("Ivan Petrenko and Oleksandr Syrskyi said drones shelled Lyptsi. Two were hurt.",
                  base + "3", {"Ivan Petrenko", "Oleksandr Syrskyi"}, "Lyptsi"),
          article("Oleksandr Syrskyi said artillery shelled Kupiansk twice. Power was cut again.",
                  base + "1", {"Oleksandr Syrskyi"}, "Kupiansk")};
}

// A document that fails part-way through a SQLite batch is undone by merging the batch's earlier
// documents again without it (SqlStore::RedoBatch): the store must end exactly as if the failed
// document had never come, a later new version and shared names included.
TEST(SqliteStoreTest, AFailedDocumentLeavesTheStoreAsIfItNeverCame) {
  const std::vector<DocGraph> batch = BatchWithARefusedDocument("https://redo.example/");
  TestDb with_failure("sqlite"), without("sqlite");
  for (TestDb* db : {&with_failure, &without}) {
    auto opened = Store::Open(db->url(), {});
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    auto& store = **opened;
    if (db == &with_failure) {
      ASSERT_TRUE(RefuseDocumentsNaming(db->url(), "Vovchansk"));
    }
    ASSERT_TRUE(store.Begin().ok());
    std::vector<std::string> outcomes;
    for (const auto& g : batch) {
      if (db == &without && g.doc.url == "https://redo.example/2") continue;
      auto r = store.Put(g);
      outcomes.push_back(!r.ok() ? "failed" : *r == PutOutcome::kNewVersion ? "version" : "added");
    }
    ASSERT_TRUE(store.Commit().ok());
    const std::vector<std::string> expected =
        db == &with_failure ? std::vector<std::string>{"added", "failed", "added", "version"}
                            : std::vector<std::string>{"added", "added", "version"};
    EXPECT_EQ(outcomes, expected);
  }
  for (const char* q :
       {"SELECT id, doc_id, url, version, is_current, n_entities, n_events FROM documents "
        "ORDER BY id",
        "SELECT id, type, name, key, mention_count, doc_count, lat, geo_id FROM entities "
        "ORDER BY id",
        "SELECT type, key, entity_id FROM entity_keys ORDER BY 1, 2",
        "SELECT * FROM aliases ORDER BY 1, 2", "SELECT * FROM entity_names ORDER BY 1, 2",
        "SELECT * FROM entity_docs ORDER BY 1, 2, 3",
        "SELECT id, doc, type, lat, lon FROM events ORDER BY id",
        "SELECT * FROM event_args ORDER BY 1, 2", "SELECT id, geo_cell FROM events ORDER BY id",
        "SELECT rowid FROM doc_fts WHERE doc_fts MATCH 'shelled' ORDER BY rowid",
        "SELECT id FROM doc_fts_docsize ORDER BY id"}) {
    EXPECT_EQ(mosaic::testing::SqlRows(with_failure.url(), q),
              mosaic::testing::SqlRows(without.url(), q))
        << q;
  }
  EXPECT_EQ(mosaic::testing::SqlInt(with_failure.url(), "SELECT COUNT(*) FROM documents"), 3);
  EXPECT_TRUE(mosaic::testing::SqlExec(
      with_failure.url(), "INSERT INTO doc_fts (doc_fts, rank) VALUES ('integrity-check', 1)"));
}

// An insert sent without waiting (libpq's pipeline) that the server refuses aborts the
// transaction; whoever syncs the pipeline first must not drop that error. Asking whether a
// transaction is open syncs it: the COMMIT after that must still fail (a COMMIT of an aborted
// transaction reports no error of its own and rolls back), and nothing is stored.
TEST(PostgresStoreTest, AnErrorSentWithoutWaitingOutlivesTheQuestionIsATransactionOpen) {
  TestDb db("postgresql");
  if (!db.available()) GTEST_SKIP() << testing::PgSkipMessage();
  auto conn = OpenPostgres(db.url());
  ASSERT_TRUE(conn.ok()) << conn.status().message();
  Conn& c = **conn;
  ASSERT_TRUE(c.Exec("CREATE TABLE pipeline_probe (n INTEGER NOT NULL CHECK (n > 0))").ok());
  ASSERT_TRUE(c.Exec("BEGIN").ok());
  auto insert = c.Prepare("INSERT INTO pipeline_probe (n) VALUES (?)");
  ASSERT_TRUE(insert.ok()) << insert.status().message();
  for (int64_t n : {1, -1, 2}) {  // the second breaks the check
    (*insert)->Bind({n});
    ASSERT_TRUE((*insert)->Send().ok());
  }
  EXPECT_TRUE(c.InTransaction());
  Status committed = c.Exec("COMMIT");
  EXPECT_FALSE(committed.ok()) << "the refused insert's error was lost";
  EXPECT_NE(committed.message().find("pipeline_probe"), std::string::npos) << committed.message();
  EXPECT_EQ(committed.code(), StatusCode::kInvalidInput) << committed.message();  // class 23
  ASSERT_TRUE(c.Exec("ROLLBACK").ok());
  auto count = c.Prepare("SELECT COUNT(*) FROM pipeline_probe");
  ASSERT_TRUE(count.ok());
  (*count)->Bind({});
  auto row = (*count)->Step();
  ASSERT_TRUE(row.ok() && *row) << (row.ok() ? "no row" : row.status().message());
  EXPECT_EQ((*count)->Int(0), 0);
  (*count)->Reset();
}

// On PostgreSQL a document that fails part-way through a batch is rolled back to its own
// savepoint; the documents before it (whose savepoints the next document releases) and after it
// stay. The store must end as if the failed document had never come.
TEST(PostgresStoreTest, AFailedDocumentMidBatchLeavesTheOthersWhole) {
  TestDb with_failure("postgresql"), without("postgresql");
  if (!with_failure.available()) GTEST_SKIP() << testing::PgSkipMessage();
  const std::vector<DocGraph> batch = BatchWithARefusedDocument("https://pgfail.example/");
  struct Seen {
    std::vector<std::string> outcomes, entities, search;
    int64_t documents = 0, versions = 0, events = 0, mentions = 0;
  };
  auto run = [&](TestDb& db, bool fail) {
    Seen seen;
    auto opened = Store::Open(db.url(), {});
    EXPECT_TRUE(opened.ok()) << opened.status().message();
    if (!opened.ok()) return seen;
    auto& store = **opened;
    if (fail) {
      std::string error;
      EXPECT_TRUE(
          db.Exec("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                  "IF NEW.local_name = 'Vovchansk' THEN RAISE EXCEPTION 'refused by the "
                  "test'; END IF; RETURN NEW; END $$; CREATE TRIGGER fail_one BEFORE "
                  "INSERT ON entity_docs FOR EACH ROW EXECUTE FUNCTION refuse()",
                  &error))
          << error;
    }
    EXPECT_TRUE(store.Begin().ok());
    for (const auto& g : batch) {
      if (!fail && g.doc.url == "https://pgfail.example/2") continue;
      auto r = store.Put(g);
      seen.outcomes.push_back(!r.ok()                         ? "failed"
                              : *r == PutOutcome::kNewVersion ? "version"
                                                              : "added");
    }
    Status committed = store.Commit();
    EXPECT_TRUE(committed.ok()) << committed.message();
    auto stats = store.Stats();
    EXPECT_TRUE(stats.ok());
    if (stats.ok()) {
      seen.documents = stats->documents;
      seen.versions = stats->versions;
      seen.events = stats->events;
      seen.mentions = stats->mentions;
    }
    auto entities = store.Entities(EntityFilter{});
    EXPECT_TRUE(entities.ok());
    if (entities.ok()) {
      for (const auto& e : *entities) {
        seen.entities.push_back(e.type + "|" + e.name + "|" + e.key + "|" +
                                std::to_string(e.mentions) + "|" + std::to_string(e.documents));
      }
    }
    std::sort(seen.entities.begin(), seen.entities.end());
    auto hits = store.Search("shelled", 10);
    EXPECT_TRUE(hits.ok());
    if (hits.ok()) {
      for (const auto& h : *hits) seen.search.push_back(h.url);
    }
    std::sort(seen.search.begin(), seen.search.end());
    return seen;
  };
  const Seen failed = run(with_failure, true), clean = run(without, false);
  EXPECT_EQ(failed.outcomes, (std::vector<std::string>{"added", "failed", "added", "version"}));
  EXPECT_EQ(clean.outcomes, (std::vector<std::string>{"added", "added", "version"}));
  EXPECT_EQ(failed.entities, clean.entities);
  EXPECT_FALSE(failed.entities.empty());
  EXPECT_EQ(failed.search, clean.search);
  EXPECT_EQ(failed.search.size(), 2u);  // the current version of /1, and /3
  EXPECT_EQ(failed.documents, clean.documents);
  EXPECT_EQ(failed.versions, clean.versions);
  EXPECT_EQ(failed.events, clean.events);
  EXPECT_EQ(failed.mentions, clean.mentions);
  EXPECT_EQ(failed.documents, 2);
}

// What the database refuses about a document's own values (a constraint or trigger, a value out
// of range) is that document's error, InvalidInput, which an ingest reports and goes past; what
// else fails (here PostgreSQL's generic raise_exception, as from a site's own trigger) is the
// store's, IoError, which stops an ingest. Either way the batch's other documents stay.
TEST(StoreErrorTest, WhatTheDatabaseRefusesAboutADocumentIsThatDocumentsError) {
  struct Case {
    std::string backend, errcode;  // errcode: PostgreSQL's for the trigger's exception
    StatusCode expected;
  };
  const std::vector<Case> cases = {
      {"sqlite", "", StatusCode::kInvalidInput},
      {"postgresql", "check_violation", StatusCode::kInvalidInput},
      {"postgresql", "numeric_value_out_of_range", StatusCode::kInvalidInput},
      {"postgresql", "raise_exception", StatusCode::kIoError}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.backend + " " + c.errcode);
    TestDb db(c.backend);
    if (!db.available()) continue;  // PostgreSQL's cases need MOSAIC_TEST_PG
    auto opened = Store::Open(db.url(), {});
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    auto& store = **opened;
    if (c.backend == "sqlite") {
      ASSERT_TRUE(RefuseDocumentsNaming(db.url(), "Vovchansk"));
    } else {
      std::string error;
      ASSERT_TRUE(
          db.Exec("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                  "IF NEW.local_name = 'Vovchansk' THEN RAISE EXCEPTION 'refused by the "
                  "test' USING ERRCODE = '" +
                      c.errcode +
                      "'; END IF; RETURN NEW; END $$; CREATE TRIGGER fail_one BEFORE "
                      "INSERT ON entity_docs FOR EACH ROW EXECUTE FUNCTION refuse()",
                  &error))
          << error;
    }
    const std::vector<DocGraph> batch = BatchWithARefusedDocument("https://codes.example/");
    ASSERT_TRUE(store.Begin().ok());
    std::vector<StatusCode> codes;
    for (const auto& g : batch) {
      auto r = store.Put(g);
      codes.push_back(r.ok() ? StatusCode::kOk : r.status().code());
      if (!r.ok()) {
        EXPECT_NE(r.status().message().find("refused by the test"), std::string::npos)
            << r.status().message();
        EXPECT_EQ(r.status().message().rfind("https://codes.example/2", 0), 0u)
            << "the error names the document: " << r.status().message();
      }
    }
    Status committed = store.Commit();
    ASSERT_TRUE(committed.ok()) << committed.message();
    EXPECT_EQ(codes, (std::vector<StatusCode>{StatusCode::kOk, c.expected, StatusCode::kOk,
                                              StatusCode::kOk}));
    auto stats = store.Stats();
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->documents, 2);  // the current version of /1, and /3
  }
}

// Document `d` of a run whose documents each name `per_doc` places no other document names (each
// place two names to lock: its GeoNames id and its name).
DocGraph PlacesOnlyItNames(int d, int per_doc) {
  std::string text;
  std::vector<std::string> names;
  for (int i = 0; i < per_doc; ++i) {
    names.push_back("Village " + std::to_string(d * per_doc + i));
    text += "Shells fell on " + names.back() + " again. ";
  }
  GraphBuilder b(text, "https://locks.example/" + std::to_string(d));
  for (size_t i = 0; i < names.size(); ++i) {
    b.Place(names[i], "village", 48.0 + 0.001 * static_cast<double>(i), 37.0,
            "geonames:" + std::to_string(900000 + d * per_doc + static_cast<int>(i)));
  }
  return b.graph();
}

// Every name a PostgreSQL writer resolves is an advisory lock held to the commit (docs/scale.md),
// and the server's shared lock table holds max_locks_per_transaction x max_connections of them
// (6,400 by default). A batch of many documents with many names used to fill it: "out of shared
// memory", and the ingest stopped. The store now says when a batch should end (BatchFull); a
// caller that commits then merges any number of such documents.
TEST(PostgresStoreTest, ABatchEndsBeforeItsNameLocksFillTheServersLockTable) {
  TestDb db("postgresql");
  if (!db.available()) GTEST_SKIP() << testing::PgSkipMessage();
  auto opened = Store::Open(db.url(), {});
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  auto& store = **opened;
  const int64_t table = testing::PgLockTable(db.url());
  ASSERT_GT(table, 0);
  // Documents of 40 places each, none shared (each place two names: its GeoNames id and its
  // name): enough of them in one transaction would need twice the whole lock table.
  const int per_doc = 40;
  const int docs = static_cast<int>(2 * table / per_doc) + 1;
  int batches = 0, in_batch = 0, largest = 0;
  ASSERT_TRUE(store.Begin().ok());
  for (int d = 0; d < docs; ++d) {
    auto r = store.Put(PlacesOnlyItNames(d, per_doc));
    ASSERT_TRUE(r.ok()) << "document " << d << " of a batch of " << in_batch << ": "
                        << r.status().message();
    ++in_batch;
    if (store.BatchFull()) {
      ASSERT_TRUE(store.Commit().ok());
      largest = std::max(largest, in_batch);
      in_batch = 0;
      ++batches;
      ASSERT_TRUE(store.Begin().ok());
    }
  }
  ASSERT_TRUE(store.Commit().ok());
  EXPECT_GE(batches, 2);
  // A batch holds at most an eighth of the table, and one document's locks more (its doc id,
  // its url, and two names per place).
  const int locks_per_doc = 2 * per_doc + 2;
  EXPECT_LE(largest * locks_per_doc, table / 8 + locks_per_doc) << largest;
  auto stats = store.Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, docs);
  EXPECT_EQ(stats->entities, static_cast<int64_t>(docs) * per_doc);
}

// A writer that locks a whole batch up front (mosaic worker) asks the store how many documents
// one transaction can lock together (MergeGroupSize): here documents that in one transaction
// would need twice the server's whole lock table go in groups of at most an eighth of it, and
// every group locks and merges. On SQLite the whole batch is one group.
TEST(PostgresStoreTest, AWholeBatchLockedUpFrontIsMergedInGroupsTheLockTableHolds) {
  TestDb db("postgresql");
  if (!db.available()) GTEST_SKIP() << testing::PgSkipMessage();
  const int64_t table = testing::PgLockTable(db.url());
  ASSERT_GT(table, 0);
  const int per_doc = 40;  // places, none shared, two names each
  const int locks_per_doc = 2 * per_doc + 2;
  const int docs = static_cast<int>(2 * table / per_doc) + 1;
  std::vector<DocGraph> graphs;
  for (int d = 0; d < docs; ++d) graphs.push_back(PlacesOnlyItNames(d, per_doc));
  for (const std::string backend : {"sqlite", "postgresql"}) {
    SCOPED_TRACE(backend);
    TestDb target(backend);
    auto opened = Store::Open(target.url(), {});
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    auto& store = **opened;
    std::vector<const DocGraph*> rest;
    for (const auto& g : graphs) rest.push_back(&g);
    int groups = 0;
    while (!rest.empty()) {
      auto n = store.MergeGroupSize(rest);
      ASSERT_TRUE(n.ok()) << n.status().message();
      ASSERT_GE(*n, 1u);
      ASSERT_LE(*n, rest.size());
      if (backend == "postgresql") {
        EXPECT_LE(static_cast<int64_t>(*n) * locks_per_doc, table / 8) << "group " << groups;
      }
      std::vector<const DocGraph*> group(rest.begin(), rest.begin() + static_cast<ptrdiff_t>(*n));
      rest.erase(rest.begin(), rest.begin() + static_cast<ptrdiff_t>(*n));
      ASSERT_TRUE(store.Begin().ok());
      Status locked = store.LockForMerge(group);
      ASSERT_TRUE(locked.ok()) << "group " << groups << ": " << locked.message();
      for (const DocGraph* g : group) {
        auto r = store.Put(*g);
        ASSERT_TRUE(r.ok()) << "group " << groups << ": " << r.status().message();
      }
      ASSERT_TRUE(store.Commit().ok());
      ++groups;
    }
    if (backend == "sqlite") {
      EXPECT_EQ(groups, 1);
    } else {
      EXPECT_GE(groups, 16);  // twice the table, an eighth per group
    }
    auto stats = store.Stats();
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->documents, docs);
    EXPECT_EQ(stats->entities, static_cast<int64_t>(docs) * per_doc);
  }
}

// The entity keys a batch claims are written at its commit. A document undone mid-batch takes
// its own claims with it, and leaves those of the batch's earlier documents in force.
TEST(SqliteStoreTest, KeysClaimedInABatchOutliveAFailedDocumentButNotItsOwn) {
  TestDb db("sqlite");
  auto opened = Store::Open(db.url(), {});
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  auto& store = **opened;
  ASSERT_TRUE(RefuseDocumentsNaming(db.url(), "Vovchansk"));
  auto article = [](const std::string& text, const std::string& url,
                    const std::vector<std::string>& people, const std::string& place) {
    GraphBuilder b(text, url, "2024-05-10");
    for (const auto& p : people) b.Entity("person", "", p, {p});
    if (!place.empty()) b.Place(place, "city", 50.0, 36.9, "geonames:" + place);
    return b.graph();
  };
  std::vector<DocGraph> batch = {
      article("Oleksandr Syrskyi visited Kupiansk. He met soldiers.", "https://keys.example/1",
              {"Oleksandr Syrskyi"}, "Kupiansk"),
      article("Oleksandr Syrskyi and Ivan Petrenko spoke in Vovchansk. Shelling went on.",
              "https://keys.example/2", {"Oleksandr Syrskyi", "Ivan Petrenko"}, "Vovchansk"),
      article("Ivan Petrenko and Oleksandr Syrskyi met again. Nothing was said.",
              "https://keys.example/3", {"Ivan Petrenko", "Oleksandr Syrskyi"}, "")};
  ASSERT_TRUE(store.Begin().ok());
  for (const auto& g : batch) {
    auto r = store.Put(g);
    EXPECT_EQ(r.ok(), g.doc.url != "https://keys.example/2") << g.doc.url;
  }
  ASSERT_TRUE(store.Commit().ok());
  // The first document's claim held for the third: one Syrskyi, in two documents.
  EXPECT_EQ(mosaic::testing::SqlRows(db.url(),
                                     "SELECT name, doc_count FROM entities WHERE type = 'person' "
                                     "ORDER BY name"),
            "Ivan Petrenko|1\nOleksandr Syrskyi|2\n");
  // The failed document's claim for Petrenko went with it: the third document made him anew, and
  // every stored key names an entity that exists.
  EXPECT_EQ(mosaic::testing::SqlInt(db.url(),
                                    "SELECT COUNT(*) FROM entity_keys k LEFT JOIN entities e ON "
                                    "e.id = k.entity_id WHERE e.id IS NULL"),
            0);
  EXPECT_EQ(mosaic::testing::SqlInt(db.url(),
                                    "SELECT COUNT(*) FROM entity_docs d LEFT JOIN entities e ON "
                                    "e.id = d.entity_id WHERE e.id IS NULL"),
            0);
  EXPECT_EQ(mosaic::testing::SqlInt(db.url(),
                                    "SELECT COUNT(*) FROM entities WHERE name = "
                                    "'Vovchansk'"),
            0);
  // A later batch finds both people by their stored keys.
  ASSERT_TRUE(store.Begin().ok());
  ASSERT_TRUE(
      store
          .Put(article("Ivan Petrenko praised Oleksandr Syrskyi. The talks ended.",
                       "https://keys.example/4", {"Ivan Petrenko", "Oleksandr Syrskyi"}, ""))
          .ok());
  ASSERT_TRUE(store.Commit().ok());
  EXPECT_EQ(mosaic::testing::SqlRows(db.url(),
                                     "SELECT name, doc_count FROM entities WHERE type = 'person' "
                                     "ORDER BY name"),
            "Ivan Petrenko|2\nOleksandr Syrskyi|3\n");
}

// Two writers on one SQLite file take turns, a batch each (two ingests, or an ingest and a user's
// merge): each sees the other's events and people, and neither reuses the other's ids.
TEST(SqliteStoreTest, WritersTakingTurnsSeeEachOthersBatches) {
  TestDb db("sqlite");
  auto a = Store::Open(db.url(), {});
  ASSERT_TRUE(a.ok()) << a.status().message();
  auto b = Store::Open(db.url(), {});
  ASSERT_TRUE(b.ok()) << b.status().message();
  auto article = [](int n, const std::string& person) {
    const std::string place = "Town" + std::to_string(n);
    GraphBuilder g(person + " said troops shelled " + place + ". Homes burned.",
                   "https://turns.example/" + std::to_string(n), "2024-05-10");
    auto who = g.Entity("person", "", person, {person});
    auto where = g.Place(place, "city", 50.0 + n, 36.9, "geonames:" + place);
    g.Event("attack", "shelled", {}, {}, {where});
    g.Relation("located_in", who, where, "said");
    return g.graph();
  };
  for (int n = 1; n <= 6; ++n) {
    Store& w = n % 2 ? **a : **b;
    ASSERT_TRUE(w.Begin().ok());
    auto r = w.Put(article(n, n <= 3 ? "Ivan Petrenko" : "Oleksandr Syrskyi"));
    ASSERT_TRUE(r.ok()) << n << ": " << r.status().message();
    ASSERT_TRUE(w.Commit().ok()) << n;
  }
  EXPECT_EQ(mosaic::testing::SqlInt(db.url(), "SELECT COUNT(*) FROM events"), 6);
  EXPECT_EQ(mosaic::testing::SqlRows(db.url(),
                                     "SELECT name, doc_count FROM entities WHERE type = 'person' "
                                     "ORDER BY name"),
            "Ivan Petrenko|3\nOleksandr Syrskyi|3\n");
}

// SQLite keeps each document's graph in its binary form (graph_blob.h); rows of older stores hold
// JSON text. Both export alike, and a damaged graph is reported, not exported as garbage.
TEST(SqliteStoreTest, KeepsGraphsCompressedAndReadsOlderJsonRows) {
  TestDb db("sqlite");
  std::vector<std::string> exported;
  {
    auto s = Store::Open(db.url(), {});
    ASSERT_TRUE(s.ok());
    auto& store = **s;
    ASSERT_TRUE(store.Begin().ok());
    for (const auto& g : SampleWorld()) ASSERT_TRUE(store.Put(g).ok());
    ASSERT_TRUE(store.Commit().ok());
    ASSERT_TRUE(store
                    .ForEachDocGraphJson(false,
                                         [&](const std::string& line) {
                                           exported.push_back(line);
                                           return Status::Ok();
                                         })
                    .ok());
  }
  ASSERT_EQ(exported.size(), 3u);
  for (const auto& line : exported) EXPECT_EQ(line.front(), '{') << line.substr(0, 40);

  auto scalar = [&](const char* sql) { return mosaic::testing::SqlText(db.url(), sql); };
  EXPECT_EQ(scalar("SELECT group_concat(DISTINCT typeof(graph)) FROM documents"), "blob");
  // Smaller than the JSON it holds.
  size_t json_bytes = 0;
  for (const auto& line : exported) json_bytes += line.size();
  EXPECT_LT(std::stoul(scalar("SELECT SUM(length(graph)) FROM documents")), json_bytes);

  // The first document as an older store kept it (JSON text): exported the same.
  std::string quoted = "'";
  for (char c : exported[0]) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  quoted += "'";
  ASSERT_TRUE(mosaic::testing::SqlExec(db.url(), "UPDATE documents SET graph = " + quoted +
                                                     " WHERE id = (SELECT MIN(id) FROM documents "
                                                     "WHERE is_current = 1)"));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM documents WHERE typeof(graph) = 'text'"), "1");
  {
    auto s = Store::Open(db.url(), {});
    ASSERT_TRUE(s.ok());
    std::vector<std::string> again;
    ASSERT_TRUE((*s)->ForEachDocGraphJson(false,
                                          [&](const std::string& line) {
                                            again.push_back(line);
                                            return Status::Ok();
                                          })
                    .ok());
    EXPECT_EQ(again, exported);
  }

  // A damaged graph: the export stops with a Corruption error.
  ASSERT_TRUE(mosaic::testing::SqlExec(
      db.url(),
      "UPDATE documents SET graph = substr(graph, 1, length(graph) / 2) WHERE id = (SELECT "
      "MAX(id) FROM documents)"));
  auto s = Store::Open(db.url(), {});
  ASSERT_TRUE(s.ok());
  Status st = (*s)->ForEachDocGraphJson(false, [](const std::string&) { return Status::Ok(); });
  EXPECT_EQ(st.code(), StatusCode::kCorruption) << st.message();
  const std::string damaged =
      scalar("SELECT doc_id FROM documents WHERE id = (SELECT MAX(id) FROM documents)");
  EXPECT_NE(st.message().find("document " + damaged), std::string::npos) << st.message();
  auto one = (*s)->DocGraphJson(damaged, true);
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.status().code(), StatusCode::kCorruption);
  EXPECT_NE(one.status().message().find("document " + damaged), std::string::npos);
}

TEST(PostgresStoreTest, RefusesANewerSchemaAndBadUrls) {
  auto bad = Store::Open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", {});
  ASSERT_FALSE(bad.ok());
  // libpq says it on two lines (the refusal, then a hint); the user gets one.
  EXPECT_NE(bad.status().message().find("cannot connect"), std::string::npos);
  EXPECT_EQ(bad.status().message().find('\n'), std::string::npos) << bad.status().message();
  EXPECT_EQ(bad.status().message().find('\t'), std::string::npos) << bad.status().message();
  TestDb db("postgresql");
  if (!db.available()) GTEST_SKIP() << testing::PgSkipMessage();
  {
    auto s = Store::Open(db.url(), {});
    ASSERT_TRUE(s.ok()) << s.status().message();
  }
  ASSERT_TRUE(db.AdminExec("INSERT INTO schema_version VALUES (99, 'future')"));
  auto s = Store::Open(db.url(), {});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("newer"), std::string::npos) << s.status().message();
}

// Differential: both backends give the same answers to the same queries.
TEST(DifferentialStoreTest, SqliteAndPostgresAgree) {
  TestDb lite("sqlite"), pg("postgresql");
  if (!pg.available()) GTEST_SKIP() << testing::PgSkipMessage();
  auto a = Store::Open(lite.url(), {});
  auto b = Store::Open(pg.url(), {});
  ASSERT_TRUE(a.ok() && b.ok());
  for (auto* s : {&a.value(), &b.value()}) {
    ASSERT_TRUE((*s)->Begin().ok());
    for (const auto& g : SampleWorld()) ASSERT_TRUE((*s)->Put(g).ok());
    ASSERT_TRUE((*s)->Commit().ok());
  }
  auto ea = (*a)->Entities({}), eb = (*b)->Entities({});
  ASSERT_TRUE(ea.ok() && eb.ok());
  ASSERT_EQ(ea->size(), eb->size());
  for (size_t i = 0; i < ea->size(); ++i) {
    EXPECT_EQ((*ea)[i].name, (*eb)[i].name);
    EXPECT_EQ((*ea)[i].mentions, (*eb)[i].mentions);
    EXPECT_EQ((*ea)[i].documents, (*eb)[i].documents);
  }
  auto va = (*a)->Events({}), vb = (*b)->Events({});
  ASSERT_TRUE(va.ok() && vb.ok());
  ASSERT_EQ(va->size(), vb->size());
  for (size_t i = 0; i < va->size(); ++i) {
    EXPECT_EQ((*va)[i].type, (*vb)[i].type);
    EXPECT_EQ((*va)[i].date, (*vb)[i].date);
    EXPECT_EQ((*va)[i].evidence.snippet, (*vb)[i].evidence.snippet);
  }
  for (const char* q : {"Rusich", "Minsk", "army"}) {
    auto sa = (*a)->Search(q, 10), sb = (*b)->Search(q, 10);
    ASSERT_TRUE(sa.ok() && sb.ok());
    std::set<std::string> da, db2;
    for (const auto& h : *sa) da.insert(h.doc_id);
    for (const auto& h : *sb) db2.insert(h.doc_id);
    EXPECT_EQ(da, db2) << q;
  }
}

// Turns a current store back into version 5's layout: entity_docs clustered on the entity.
// Turns a current store back into version 6's layout, as an older mosaic left it: entity_keys,
// aliases and entity_names as rowid tables, entity_keys indexed by key too, and every entity in
// the (type, key) index.
// Turns a current store back into version 8's layout, as an older mosaic left it: the events'
// points in an R*Tree, no latitude bands.
constexpr const char* kBackToVersion8 = R"sql(
  DROP INDEX events_cell;
  ALTER TABLE events DROP COLUMN geo_cell;
  CREATE VIRTUAL TABLE event_geo USING rtree(id, min_lat, max_lat, min_lon, max_lon);
  INSERT INTO event_geo SELECT id, lat, lat, lon, lon FROM events
    WHERE lat IS NOT NULL AND lon IS NOT NULL;
  DELETE FROM schema_version WHERE version >= 9;)sql";

constexpr const char* kBackToVersion6 = R"sql(
  CREATE TABLE k6 (type TEXT NOT NULL, key TEXT NOT NULL, entity_id INTEGER NOT NULL,
    PRIMARY KEY (type, key));
  INSERT INTO k6 SELECT type, key, entity_id FROM entity_keys;
  DROP TABLE entity_keys;
  ALTER TABLE k6 RENAME TO entity_keys;
  CREATE INDEX entity_keys_key ON entity_keys(key);
  CREATE INDEX entity_keys_entity ON entity_keys(entity_id);
  CREATE TABLE a6 (entity_id INTEGER NOT NULL, text TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (entity_id, text));
  INSERT INTO a6 SELECT entity_id, text, n FROM aliases;
  DROP TABLE aliases;
  ALTER TABLE a6 RENAME TO aliases;
  CREATE TABLE n6 (entity_id INTEGER NOT NULL, name TEXT NOT NULL, docs INTEGER NOT NULL,
    PRIMARY KEY (entity_id, name));
  INSERT INTO n6 SELECT entity_id, name, docs FROM entity_names;
  DROP TABLE entity_names;
  ALTER TABLE n6 RENAME TO entity_names;
  DROP INDEX entities_person_key;
  CREATE INDEX entities_key ON entities(type, key);
  DELETE FROM schema_version WHERE version >= 7;)sql";

constexpr const char* kBackToVersion5 = R"sql(
  DROP VIEW mentions;
  CREATE TABLE ed5 (entity_id INTEGER NOT NULL, doc INTEGER NOT NULL, local_id TEXT NOT NULL,
    local_name TEXT NOT NULL, matched_key TEXT NOT NULL, mentions INTEGER NOT NULL,
    spans TEXT NOT NULL DEFAULT '[]', PRIMARY KEY (entity_id, doc, local_id)) WITHOUT ROWID;
  INSERT INTO ed5 SELECT entity_id, doc, local_id, local_name, matched_key, mentions, spans
    FROM entity_docs;
  DROP TABLE entity_docs;
  ALTER TABLE ed5 RENAME TO entity_docs; CREATE INDEX entity_docs_doc ON entity_docs(doc);
  CREATE VIEW mentions AS SELECT ed.entity_id AS entity_id, ed.doc AS doc,
    json_extract(m.value, '$[0]') AS start_pos, json_extract(m.value, '$[1]') AS end_pos,
    json_extract(m.value, '$[4]') AS text, json_extract(m.value, '$[2]') AS sent_start,
    json_extract(m.value, '$[3]') AS sent_end
    FROM entity_docs ed, json_each(ed.spans) m;
  DELETE FROM schema_version WHERE version >= 6;)sql";

// Turns a current store back into version 4's layout, as an older mosaic left it: one row per
// mention in a `mentions` table, no packed spans in entity_docs.
constexpr const char* kBackToVersion4 = R"sql(
  CREATE TABLE m4 (entity_id INTEGER NOT NULL, doc INTEGER NOT NULL, start_pos INTEGER NOT NULL,
    end_pos INTEGER NOT NULL, text TEXT NOT NULL, sent_start INTEGER NOT NULL,
    sent_end INTEGER NOT NULL);
  INSERT INTO m4 SELECT entity_id, doc, start_pos, end_pos, text, sent_start, sent_end
    FROM mentions;
  DROP VIEW mentions;
  ALTER TABLE m4 RENAME TO mentions;
  CREATE INDEX mentions_entity ON mentions(entity_id, doc);
  CREATE TABLE ed4 (entity_id INTEGER NOT NULL, doc INTEGER NOT NULL, local_id TEXT NOT NULL,
    local_name TEXT NOT NULL, matched_key TEXT NOT NULL, mentions INTEGER NOT NULL,
    PRIMARY KEY (entity_id, doc, local_id)) WITHOUT ROWID;
  INSERT INTO ed4 SELECT entity_id, doc, local_id, local_name, matched_key, mentions
    FROM entity_docs;
  DROP TABLE entity_docs;
  ALTER TABLE ed4 RENAME TO entity_docs; CREATE INDEX entity_docs_doc ON entity_docs(doc);
  DELETE FROM schema_version WHERE version >= 5;)sql";

// And from version 4 to version 3's: entity_docs and event_args as rowid tables.
constexpr const char* kBackToVersion3 = R"sql(
  CREATE TABLE ed3 (entity_id INTEGER NOT NULL, doc INTEGER NOT NULL, local_id TEXT NOT NULL,
    local_name TEXT NOT NULL, matched_key TEXT NOT NULL, mentions INTEGER NOT NULL,
    PRIMARY KEY (entity_id, doc, local_id));
  INSERT INTO ed3 SELECT entity_id, doc, local_id, local_name, matched_key, mentions
    FROM entity_docs;
  DROP TABLE entity_docs;
  ALTER TABLE ed3 RENAME TO entity_docs; CREATE INDEX entity_docs_doc ON entity_docs(doc);
  CREATE TABLE ea3 (event_id INTEGER NOT NULL, entity_id INTEGER NOT NULL, role TEXT NOT NULL,
    ord INTEGER NOT NULL);
  INSERT INTO ea3 SELECT event_id, entity_id, role, ord FROM event_args; DROP TABLE event_args;
  ALTER TABLE ea3 RENAME TO event_args;
  CREATE INDEX event_args_entity ON event_args(entity_id, role, event_id);
  CREATE INDEX event_args_event ON event_args(event_id);
  DELETE FROM schema_version WHERE version >= 4;)sql";

// A store written by an older mosaic (version 3: rowid tables; version 4: a row per mention;
// version 5: entity_docs clustered on the entity; version 6: entity keys, aliases and names in
// rowid tables) is readable as it is, and the first writer migrates it without losing or
// changing anything: the same profile, events, mention rows, aliases and keys before and after.
TEST(SqliteStoreTest, MigratesVersions3To6AndReadsThemMeanwhile) {
  TestDb db("sqlite");
  auto summary = [](Store& store) {
    std::string out;
    auto m = store.FindEntities("Alexei Milchakov");
    EXPECT_TRUE(m.ok() && !m->empty());
    if (!m.ok() || m->empty()) return out;
    auto p = store.Profile((*m)[0].id, 20);
    EXPECT_TRUE(p.ok());
    if (!p.ok()) return out;
    out += std::to_string(p->documents.size()) + " docs, " + std::to_string(p->as_actor.size()) +
           " as actor, " + std::to_string(p->evidence.size()) + " snippets:";
    for (const auto& e : p->evidence) out += " " + e.snippet;
    out += ";";
    EventFilter f;
    f.limit = 0;
    auto evs = store.Events(f);
    EXPECT_TRUE(evs.ok());
    if (evs.ok()) {
      for (const auto& e : *evs) {
        out += " " + e.type + ":";
        for (const auto& a : e.actors) out += a.name + ",";
      }
    }
    auto st = store.Stats();
    EXPECT_TRUE(st.ok());
    if (st.ok()) out += " mentions " + std::to_string(st->mentions);
    return out;
  };
  std::string before;
  {
    auto s = Store::Open(db.url(), {});
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE((*s)->Begin().ok());
    for (const auto& g : SampleWorld()) ASSERT_TRUE((*s)->Put(g).ok());
    ASSERT_TRUE((*s)->Commit().ok());
    before = summary(**s);
  }
  ASSERT_NE(before.find("as actor"), std::string::npos);
  auto text = [&](const std::string& sql) { return mosaic::testing::SqlRows(db.url(), sql); };
  auto layout = [&](const char* table) {
    return text(std::string("SELECT sql FROM sqlite_master WHERE name = '") + table + "'");
  };
  const std::string kMentions =
      "SELECT entity_id, doc, start_pos, end_pos, text, sent_start, sent_end FROM mentions "
      "ORDER BY entity_id, doc, start_pos";
  const std::string kAliases = "SELECT entity_id, text, n FROM aliases ORDER BY entity_id, text";
  const std::string kKeys = "SELECT type, key, entity_id FROM entity_keys ORDER BY type, key";
  const std::string kNames = "SELECT entity_id, name, docs FROM entity_names ORDER BY 1, 2";
  const std::string mentions = text(kMentions), aliases = text(kAliases), keys = text(kKeys),
                    names = text(kNames);
  ASSERT_GT(std::count(keys.begin(), keys.end(), '\n'), 10);
  ASSERT_GT(std::count(mentions.begin(), mentions.end(), '\n'), 10);
  EXPECT_NE(layout("entity_docs").find("WITHOUT ROWID"), std::string::npos);
  EXPECT_NE(layout("event_args").find("WITHOUT ROWID"), std::string::npos);
  EXPECT_NE(layout("mentions").find("CREATE VIEW"), std::string::npos);

  const std::string kClustered = "PRIMARY KEY (doc, entity_id, local_id)";
  EXPECT_NE(layout("entity_docs").find(kClustered), std::string::npos);
  EXPECT_NE(layout("entity_keys").find("WITHOUT ROWID"), std::string::npos);
  for (int version : {6, 5, 4, 3}) {
    SCOPED_TRACE("from version " + std::to_string(version));
    ASSERT_TRUE(mosaic::testing::SqlExec(db.url(), kBackToVersion8));
    ASSERT_TRUE(mosaic::testing::SqlExec(db.url(), kBackToVersion6));
    EXPECT_EQ(layout("entity_keys").find("WITHOUT ROWID"), std::string::npos);
    if (version <= 5) {
      ASSERT_TRUE(
          mosaic::testing::SqlExec(db.url(), version == 5 ? kBackToVersion5 : kBackToVersion4));
      EXPECT_EQ(layout("entity_docs").find(kClustered), std::string::npos);
    }
    if (version == 3) {
      ASSERT_TRUE(mosaic::testing::SqlExec(db.url(), kBackToVersion3));
      EXPECT_EQ(layout("entity_docs").find("WITHOUT ROWID"), std::string::npos);
    }
    EXPECT_NE(layout("mentions").find(version >= 5 ? "CREATE VIEW" : "CREATE TABLE"),
              std::string::npos);
    EXPECT_EQ(text(kMentions), mentions);
    {
      StoreOptions ro;
      ro.read_only = true;
      auto s = Store::Open(db.url(), ro);
      ASSERT_TRUE(s.ok()) << s.status().message();
      EXPECT_EQ((*s)->schema_version(), version);
      EXPECT_EQ(summary(**s), before);
    }
    {
      auto s = Store::Open(db.url(), {});
      ASSERT_TRUE(s.ok()) << s.status().message();
      EXPECT_EQ((*s)->schema_version(), kStoreSchemaVersion);
      EXPECT_EQ(summary(**s), before);
    }
    EXPECT_NE(layout("entity_docs").find(kClustered), std::string::npos);
    EXPECT_NE(layout("event_args").find("WITHOUT ROWID"), std::string::npos);
    EXPECT_NE(layout("mentions").find("CREATE VIEW"), std::string::npos);
    EXPECT_EQ(text(kMentions), mentions);
    EXPECT_EQ(text(kAliases), aliases);
    EXPECT_EQ(text(kKeys), keys);
    EXPECT_EQ(text(kNames), names);
    for (const char* table : {"entity_keys", "aliases", "entity_names"}) {
      EXPECT_NE(layout(table).find("WITHOUT ROWID"), std::string::npos) << table;
    }
    EXPECT_EQ(layout("entity_keys_key"), "");
    EXPECT_NE(layout("entities_person_key").find("WHERE type = 'person'"), std::string::npos);
    EXPECT_EQ(text("SELECT COUNT(*) FROM entity_docs WHERE spans = '[]' AND mentions > 0"), "0\n");
    EXPECT_EQ(text("PRAGMA integrity_check"), "ok\n");
  }
}

// Version 8 kept the events' points in an R*Tree. A reader of such a store finds events near a
// point through it; migrating the store fills the latitude bands, drops the R*Tree, and the same
// questions get the same answers.
TEST(SqliteStoreTest, MigratesVersion8EventsToLatitudeBands) {
  TestDb db("sqlite");
  std::vector<std::vector<int64_t>> answers;
  {
    auto s = Store::Open(db.url(), {});
    ASSERT_TRUE(s.ok()) << s.status().message();
    ASSERT_TRUE((*s)->Begin().ok());
    for (const auto& g : SampleWorld()) ASSERT_TRUE((*s)->Put(g).ok());
    for (const auto& g : EventsAround(kPoints)) ASSERT_TRUE((*s)->Put(g).ok());
    ASSERT_TRUE((*s)->Commit().ok());
    for (const auto& [lat, lon, km] : kNearQueries) answers.push_back(NearIds(**s, lat, lon, km));
  }
  auto text = [&](const std::string& sql) { return mosaic::testing::SqlRows(db.url(), sql); };
  const std::string bands = text("SELECT id, geo_cell FROM events ORDER BY id");
  ASSERT_TRUE(mosaic::testing::SqlExec(db.url(), kBackToVersion8));
  const std::string located = text("SELECT COUNT(*) FROM events WHERE lat IS NOT NULL");
  ASSERT_GT(std::stoi(located), static_cast<int>(kPoints.size()));
  ASSERT_EQ(text("SELECT COUNT(*) FROM event_geo"), located);
  {
    StoreOptions ro;
    ro.read_only = true;
    auto s = Store::Open(db.url(), ro);
    ASSERT_TRUE(s.ok()) << s.status().message();
    EXPECT_EQ((*s)->schema_version(), 8);
    for (size_t i = 0; i < kNearQueries.size(); ++i) {
      const auto& [lat, lon, km] = kNearQueries[i];
      EXPECT_EQ(NearIds(**s, lat, lon, km), answers[i]) << "R*Tree, query " << i;
    }
  }
  {
    auto s = Store::Open(db.url(), {});
    ASSERT_TRUE(s.ok()) << s.status().message();
    EXPECT_EQ((*s)->schema_version(), kStoreSchemaVersion);
    for (size_t i = 0; i < kNearQueries.size(); ++i) {
      const auto& [lat, lon, km] = kNearQueries[i];
      EXPECT_EQ(NearIds(**s, lat, lon, km), answers[i]) << "bands, query " << i;
    }
  }
  // The migration's bands are the ones a new store computes.
  EXPECT_EQ(text("SELECT id, geo_cell FROM events ORDER BY id"), bands);
  EXPECT_EQ(text("SELECT COUNT(*) FROM events WHERE (lat IS NULL) != (geo_cell IS NULL)"), "0\n");
  EXPECT_EQ(text("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'event_geo%'"), "0\n");
  EXPECT_EQ(text("PRAGMA integrity_check"), "ok\n");
}

// A new SQLite store is made from one script of the latest schema (schema.cc); it must be the
// very schema that replaying every migration makes: the same tables, indexes and views, statement
// for statement, the same versions recorded, and both stores must take the same documents alike.
TEST(SqliteStoreTest, NewStoreHasTheMigratedSchema) {
  TestDb fresh("sqlite"), replayed("sqlite");
  {
    auto conn = OpenSqlite(replayed.url(), false, 1000);
    ASSERT_TRUE(conn.ok()) << conn.status().message();
    auto v = Migrate(**conn, replayed.url(), false, /*replay=*/true);
    ASSERT_TRUE(v.ok()) << v.status().message();
    EXPECT_EQ(*v, kStoreSchemaVersion);
  }
  for (const TestDb* db : {&fresh, &replayed}) {
    auto s = Store::Open(db->url(), {});
    ASSERT_TRUE(s.ok()) << s.status().message();
    EXPECT_EQ((*s)->schema_version(), kStoreSchemaVersion);
    ASSERT_TRUE((*s)->Begin().ok());
    for (const auto& g : SampleWorld()) ASSERT_TRUE((*s)->Put(g).ok());
    ASSERT_TRUE((*s)->Commit().ok());
  }
  auto rows = [](const TestDb& db, const std::string& sql) {
    return mosaic::testing::SqlRows(db.url(), sql);
  };
  const std::string kSchema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY 1, 2";
  EXPECT_EQ(rows(fresh, kSchema), rows(replayed, kSchema));
  const std::string schema = rows(fresh, kSchema);
  EXPECT_GT(std::count(schema.begin(), schema.end(), '\n'), 40);  // tables, indexes, shadows
  EXPECT_EQ(rows(fresh, "SELECT group_concat(version) FROM schema_version"),
            rows(replayed, "SELECT group_concat(version) FROM schema_version"));
  // The full-text index's settings live in rows, not in sqlite_master: a store made in one script
  // at version 7 merged its segments 4 at a time, not the 8 that version 5 set.
  const std::string kFtsConfig = "SELECT k, v FROM doc_fts_config ORDER BY k";
  EXPECT_EQ(rows(fresh, kFtsConfig), rows(replayed, kFtsConfig));
  EXPECT_EQ(rows(fresh, kFtsConfig), "automerge|8\nhashsize|33554432\nversion|4\n");
  for (const char* q :
       {"SELECT type, name, key, mention_count, doc_count FROM entities ORDER BY id",
        "SELECT type, key, entity_id FROM entity_keys ORDER BY 1, 2",
        "SELECT entity_id, doc, start_pos, end_pos, text FROM mentions ORDER BY 1, 2, 3",
        "SELECT id, type, status, lat, lon FROM events ORDER BY id",
        "SELECT rowid FROM doc_fts WHERE doc_fts MATCH 'said' ORDER BY rowid",
        "PRAGMA integrity_check"}) {
    EXPECT_EQ(rows(fresh, q), rows(replayed, q)) << q;
  }
  EXPECT_EQ(rows(fresh, "PRAGMA integrity_check"), "ok\n");
}

// A batch's full-text terms stay in memory until its commit, which writes them as one segment:
// with FTS5's default of 1 MiB of pending terms, a batch of a thousand news articles wrote three
// or four, and merged them again soon after. 200 documents of 1,000 distinct words each hold
// several MiB of terms.
TEST(SqliteStoreTest, ABatchWritesOneFullTextSegment) {
  TestDb db("sqlite");
  auto opened = Store::Open(db.url(), {});
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  auto& store = **opened;
  ASSERT_TRUE(store.Begin().ok());
  for (int d = 0; d < 200; ++d) {
    // Each document also names a commander, a unit and a town, and reports an attack: the merge
    // writes every kind of row, and none of those writes may make FTS5 write a segment early.
    const std::string n = std::to_string(d);
    std::string text = "Commander Ivan Petrenko" + n + " said unit Rusich" + n + " shelled Town" +
                       n + " again. Report " + n + ".";
    for (int w = 0; w < 1000; ++w) text += " w" + n + "x" + std::to_string(w);
    text += ".";
    GraphBuilder b(text, "https://segments.example/" + n, "2024-05-10");
    auto who = b.Entity("person", "", "Ivan Petrenko" + n, {"Ivan Petrenko" + n});
    auto unit = b.Entity("organization", "armed_group", "Rusich" + n, {"Rusich" + n});
    auto town = b.Place("Town" + n, "city", 48.0 + d / 1000.0, 37.0, "geonames:9" + n);
    b.Event("attack", "shelled", {unit}, {}, {town});
    b.Relation("leads", who, unit, "Ivan Petrenko" + n + " said unit Rusich" + n);
    auto r = store.Put(b.graph());
    ASSERT_TRUE(r.ok()) << r.status().message();
  }
  ASSERT_TRUE(store.Commit().ok());
  EXPECT_EQ(mosaic::testing::SqlInt(db.url(), "SELECT COUNT(DISTINCT segid) FROM doc_fts_idx"), 1);
  auto hits = store.Search("w199x999", 10);
  ASSERT_TRUE(hits.ok()) << hits.status().message();
  EXPECT_EQ(hits->size(), 1u);
  EXPECT_TRUE(mosaic::testing::SqlExec(
      db.url(), "INSERT INTO doc_fts (doc_fts, rank) VALUES ('integrity-check', 1)"));
}

// Close ends the connection: a batch still open is rolled back, and the write-ahead log is moved
// into the database file and removed, so the file alone holds every committed document.
TEST(SqliteStoreTest, CloseRollsBackAnOpenBatchAndLeavesNoLog) {
  TestDb db("sqlite");
  auto opened = Store::Open(db.url(), {});
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  auto& store = **opened;
  const auto world = SampleWorld();
  ASSERT_TRUE(store.Begin().ok());
  ASSERT_TRUE(store.Put(world[0]).ok());
  ASSERT_TRUE(store.Commit().ok());
  ASSERT_TRUE(store.Begin().ok());
  ASSERT_TRUE(store.Put(world[1]).ok());
  EXPECT_TRUE(std::filesystem::exists(db.url() + "-wal"));
  Status closed = store.Close();
  EXPECT_TRUE(closed.ok()) << closed.message();
  EXPECT_FALSE(std::filesystem::exists(db.url() + "-wal"));
  EXPECT_EQ(mosaic::testing::SqlInt(db.url(), "SELECT COUNT(*) FROM documents"), 1);
  EXPECT_EQ(mosaic::testing::SqlRows(db.url(), "SELECT url FROM documents"),
            world[0].doc.url + "\n");
}

TEST(ParseNearTest, ReadsLatLonKmAndRefusesTheRest) {
  EventFilter f;
  ASSERT_TRUE(ParseNear("48.59,38.00,25", &f));
  EXPECT_DOUBLE_EQ(*f.near_lat, 48.59);
  EXPECT_DOUBLE_EQ(*f.near_lon, 38.0);
  EXPECT_DOUBLE_EQ(*f.near_km, 25);
  EXPECT_TRUE(ParseNear(" -33.9 , 151.2 , 0.5 ", &f));
  EXPECT_DOUBLE_EQ(*f.near_lat, -33.9);
  for (const char* bad : {"", "48.59,38.00", "48.59;38.00;25", "48.59,38.00,25,1", "91,0,10",
                          "0,181,10", "0,0,0", "0,0,-5", "nan,0,10", "0,0,10km", "a,b,c"}) {
    EventFilter g;
    EXPECT_FALSE(ParseNear(bad, &g)) << bad;
    EXPECT_FALSE(g.near_lat.has_value()) << bad;
  }
}

TEST(NameKeyTest, FoldsCaseDiacriticsPunctuationAndArticles) {
  EXPECT_EQ(NameKey("Lukašenka"), NameKey("LUKASENKA"));
  EXPECT_EQ(NameKey("al-Qaeda"), NameKey("Al Qaeda"));
  EXPECT_EQ(NameKey("the Wagner Group"), NameKey("Wagner  Group"));
  EXPECT_EQ(NameKey("O'Brien"), "obrien");
  EXPECT_EQ(NameKey("ＷＡＧＮＥＲ"), "wagner");  // full-width forms
  EXPECT_EQ(NameKey("Лукашенко"), "лукашенко");
  EXPECT_NE(NameKey("Aleksey"), NameKey("Alexei"));  // spelling variants are issue 6's job
  EXPECT_EQ(NameKey("..."), "");
  EXPECT_EQ(NameKey("The"), "the");
}

// NameKey's ASCII shortcut gives the key ICU's path gives, for every ASCII character in every
// position (random strings over all 128 codes, seeded) and for the shapes names take.
TEST(NameKeyTest, AsciiShortcutAgreesWithTheUnicodePath) {
  for (const char* name : {"",
                           " ",
                           "'",
                           "''",
                           "The",
                           "the",
                           "THE ",
                           "the  Wagner",
                           "The-Wagner Group",
                           "O'Brien",
                           "o' brien",
                           "Jean-Luc",
                           "Hezbollah's",
                           "  al-Qaeda  ",
                           "UN",
                           "M23",
                           "9/11",
                           "A.B.C.",
                           "the the",
                           "them",
                           "theatre",
                           "Tab\there",
                           "x_y",
                           "#1",
                           "~a~"}) {
    EXPECT_EQ(NameKey(name), NameKeyUnicode(name)) << name;
  }
  std::mt19937 rng(20261124);
  std::uniform_int_distribution<int> code(0, 127), length(0, 24);
  for (int i = 0; i < 20000; ++i) {
    std::string s(static_cast<size_t>(length(rng)), ' ');
    for (char& c : s) c = static_cast<char>(code(rng));
    if (i % 4 == 0) s = "the " + s;
    ASSERT_EQ(NameKey(s), NameKeyUnicode(s)) << ::testing::PrintToString(s);
  }
}

TEST(NameKeyTest, GeocodedPlacesAreKeyedByGazetteerIdFirst) {
  Entity e;
  e.type = "place";
  e.name = "Kyiv";
  e.aliases = {"Kiev", "the Ukrainian capital"};
  Geo g;
  g.id = "geonames:703448";
  e.geo = g;
  auto keys = EntityKeys(e);
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys[0], "geo:geonames:703448");
  EXPECT_EQ(keys[1], "kyiv");
  EXPECT_EQ(keys[2], "ukrainian capital");  // one-word "Kiev" is not a key
  // A point borrowed from a place the text names ("the camp at Ber", near Douentza) carries that
  // place's id: the name keys the entity, so Ber does not become Douentza in the store.
  Entity ber;
  ber.type = "place";
  ber.name = "Ber";
  Geo lent;
  lent.id = "geonames:2458334";
  lent.borrowed = true;
  ber.geo = lent;
  EXPECT_EQ(EntityKeys(ber), std::vector<std::string>{"ber"});
}

}  // namespace
}  // namespace mosaic::store
