// Test support: hand-built DocGraphs and a store per backend (SQLite in a temp dir, PostgreSQL in a
// fresh schema of $MOSAIC_TEST_PG). Used only by src/store and src/query tests.
#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "mosaic/docgraph.h"
#include "mosaic/store.h"

namespace mosaic::store::testing {

// Builds a DocGraph over a text; spans are found by searching the text, so they always slice it.
class GraphBuilder {
 public:
  GraphBuilder(const std::string& text, const std::string& url, const std::string& published = "") {
    g_.doc.text = text;
    g_.doc.id = ContentId(text);
    g_.doc.url = url;
    g_.doc.source = url;
    g_.doc.published = published;
    g_.doc.title = text.substr(0, text.find('.'));
    // Sentences end at ". ".
    uint32_t start = 0;
    for (size_t p = text.find(". "); p != std::string::npos; p = text.find(". ", p + 1)) {
      g_.sentences.push_back({start, static_cast<uint32_t>(p + 1)});
      start = static_cast<uint32_t>(p + 2);
    }
    if (start < text.size()) g_.sentences.push_back({start, static_cast<uint32_t>(text.size())});
  }

  Span Find(const std::string& s, size_t nth = 0) const {
    size_t p = g_.doc.text.find(s);
    for (size_t i = 0; i < nth && p != std::string::npos; ++i) p = g_.doc.text.find(s, p + 1);
    if (p == std::string::npos) std::abort();  // a test bug: the surface is not in the text
    return {static_cast<uint32_t>(p), static_cast<uint32_t>(p + s.size())};
  }

  // Adds an entity whose mentions are every occurrence of each surface form.
  std::string Entity(const std::string& type, const std::string& kind, const std::string& name,
                     const std::vector<std::string>& surfaces) {
    mosaic::Entity e;
    e.id = "e" + std::to_string(g_.entities.size() + 1);
    e.type = type;
    e.kind = kind;
    e.name = name;
    for (const auto& s : surfaces) {
      if (s != name) e.aliases.push_back(s);
      for (size_t p = g_.doc.text.find(s); p != std::string::npos; p = g_.doc.text.find(s, p + 1)) {
        Mention m;
        m.span = {static_cast<uint32_t>(p), static_cast<uint32_t>(p + s.size())};
        m.text = s;
        e.mentions.push_back(m);
      }
    }
    g_.entities.push_back(e);
    return e.id;
  }

  std::string Place(const std::string& name, const std::string& kind, double lat, double lon,
                    const std::string& geo_id) {
    std::string id = Entity("place", kind, name, {name});
    Geo geo;
    geo.lat = lat;
    geo.lon = lon;
    geo.id = geo_id;
    geo.precision = kind;
    geo.country = "UA";
    g_.entities.back().geo = geo;
    return id;
  }

  mosaic::Event& Event(const std::string& type, const std::string& trigger,
                       std::vector<std::string> actors, std::vector<std::string> targets,
                       std::vector<std::string> places) {
    mosaic::Event ev;
    ev.id = "v" + std::to_string(g_.events.size() + 1);
    ev.type = type;
    ev.trigger.span = Find(trigger);
    ev.trigger.text = trigger;
    ev.actors = std::move(actors);
    ev.targets = std::move(targets);
    ev.places = std::move(places);
    ev.attribution.status = "asserted";
    g_.events.push_back(ev);
    return g_.events.back();
  }

  void Relation(const std::string& type, const std::string& subject, const std::string& object,
                const std::string& evidence) {
    mosaic::Relation r;
    r.type = type;
    r.subject = subject;
    r.object = object;
    r.evidence = Find(evidence);
    r.attribution.status = "asserted";
    g_.relations.push_back(r);
  }

  static DateExpr Day(const std::string& text, const std::string& iso) {
    DateExpr d;
    d.text = text;
    d.value = iso;
    d.precision = "day";
    d.resolved = true;
    d.interval_start = d.interval_end = iso;
    return d;
  }

  DocGraph& graph() { return g_; }

 private:
  DocGraph g_;
};

// A small world of three articles that share people, groups and places.
inline std::vector<DocGraph> SampleWorld() {
  std::vector<DocGraph> out;
  {
    GraphBuilder b(
        "Alexei Milchakov leads the Rusich group. On 22 May Rusich fighters shelled Bakhmut, "
        "killing 3 civilians, the Ukrainian army said. The attack could not be confirmed.",
        "https://news.example/a1", "2023-05-23");
    auto milchakov = b.Entity("person", "", "Alexei Milchakov", {"Alexei Milchakov"});
    auto rusich = b.Entity("organization", "armed_group", "Rusich", {"Rusich"});
    auto bakhmut = b.Place("Bakhmut", "city", 48.5956, 38.0004, "geonames:712165");
    auto army = b.Entity("organization", "government", "Ukrainian army", {"Ukrainian army"});
    b.Relation("leads", milchakov, rusich, "Alexei Milchakov leads the Rusich group");
    auto& ev = b.Event("attack", "shelled", {rusich}, {}, {bakhmut});
    ev.date = GraphBuilder::Day("22 May", "2023-05-22");
    ev.attribution = {army, "the Ukrainian army", "claimed", "said"};
    ev.casualties.push_back({"killed", 3, std::nullopt, "civilians", -1});
    out.push_back(b.graph());
  }
  {
    GraphBuilder b(
        "Aleksey Milchakov, also spelled Alexei Milchakov, trained recruits near Kramatorsk. "
        "Later the Rusich unit attacked positions in Kramatorsk on 2 June.",
        "https://news.example/a2", "2023-06-03");
    auto milchakov =
        b.Entity("person", "", "Aleksey Milchakov", {"Aleksey Milchakov", "Alexei Milchakov"});
    auto rusich = b.Entity("organization", "armed_group", "Rusich", {"Rusich"});
    auto kram = b.Place("Kramatorsk", "city", 48.7230, 37.5563, "geonames:704508");
    auto& t = b.Event("train", "trained", {milchakov}, {}, {kram});
    t.date = GraphBuilder::Day("2 June", "2023-06-02");
    auto& a = b.Event("attack", "attacked", {rusich}, {}, {kram});
    a.date = GraphBuilder::Day("2 June", "2023-06-02");
    out.push_back(b.graph());
  }
  {
    GraphBuilder b(
        "President Alexander Lukašenka met Yevgeny Prigozhin in Minsk. Prigozhin said Wagner "
        "would train the Belarusian army.",
        "https://news.example/a3", "2023-07-01");
    auto luka = b.Entity("person", "", "Alexander Lukašenka", {"Alexander Lukašenka"});
    b.graph().entities.back().roles.push_back({"President", b.Find("President"), ""});
    auto prig = b.Entity("person", "", "Yevgeny Prigozhin", {"Yevgeny Prigozhin"});
    {
      // The surname alone, after the full name: a second surface form of the same person.
      Mention m;
      m.span = b.Find("Prigozhin said");
      m.span.end = m.span.start + 9;
      m.text = "Prigozhin";
      b.graph().entities.back().mentions.push_back(m);
      b.graph().entities.back().aliases.push_back("Prigozhin");
    }
    auto wagner = b.Entity("organization", "armed_group", "Wagner", {"Wagner"});
    auto army = b.Entity("organization", "government", "Belarusian army", {"Belarusian army"});
    auto minsk = b.Place("Minsk", "city", 53.9, 27.5667, "geonames:625144");
    b.Event("meet", "met", {luka, prig}, {}, {minsk});
    auto& tr = b.Event("train", "train", {wagner}, {army}, {});
    tr.attribution = {prig, "Prigozhin", "planned", "would"};
    b.Relation("leads", prig, wagner, "Prigozhin said Wagner");
    out.push_back(b.graph());
  }
  return out;
}

// Opens a fresh store on the named backend; sets *skip when the backend is unavailable.
class TestDb {
 public:
  explicit TestDb(const std::string& backend) : backend_(backend) {
    static std::atomic<int> counter{0};
    int n = counter++;
    if (backend == "sqlite") {
      dir_ = std::filesystem::temp_directory_path() /
             ("mosaic-store-test-" + std::to_string(getpid()) + "-" + std::to_string(n));
      std::filesystem::remove_all(dir_);
      std::filesystem::create_directories(dir_);
      url_ = (dir_ / "test.db").string();
      return;
    }
    const char* base = std::getenv("MOSAIC_TEST_PG");
    if (!base || !*base) return;
    schema_ = "mosaic_t" + std::to_string(getpid()) + "_" + std::to_string(n);
    admin_ = PQconnectdb(base);
    if (PQstatus(admin_) != CONNECTION_OK) return;
    PQsetNoticeProcessor(
        admin_, [](void*, const char*) {}, nullptr);
    PQclear(PQexec(admin_, "SET client_min_messages = warning"));
    PQclear(PQexec(admin_, ("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE").c_str()));
    PQclear(PQexec(admin_, ("CREATE SCHEMA " + schema_).c_str()));
    std::string b = base;
    url_ =
        b + (b.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
  }
  ~TestDb() {
    if (admin_) {
      if (!schema_.empty())
        PQclear(PQexec(admin_, ("DROP SCHEMA " + schema_ + " CASCADE").c_str()));
      PQfinish(admin_);
    }
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  TestDb(const TestDb&) = delete;  // owns a temp dir / schema
  TestDb& operator=(const TestDb&) = delete;

  bool available() const { return !url_.empty(); }
  // PostgreSQL only: runs `sql` with the test schema first on the search path (for fault
  // injection such as a trigger). False, with the server's message in `error`, when it failed.
  bool Exec(const std::string& sql, std::string* error = nullptr) {
    if (!admin_) return false;
    PGresult* r = PQexec(admin_, ("SET search_path TO " + schema_ + "; " + sql).c_str());
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    if (!ok && error) *error = PQresultErrorMessage(r);
    PQclear(r);
    PQclear(PQexec(admin_, "SET search_path TO DEFAULT"));
    return ok;
  }
  const std::string& url() const { return url_; }
  const std::filesystem::path& dir() const { return dir_; }
  // Runs raw SQL as the administrator (PostgreSQL only), in the test's schema.
  bool AdminExec(const std::string& sql) {
    if (!admin_) return false;
    PGresult* r = PQexec(admin_, ("SET search_path TO " + schema_ + "; " + sql).c_str());
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    PQclear(r);
    return ok;
  }

 private:
  std::string backend_, url_, schema_;
  std::filesystem::path dir_;
  PGconn* admin_ = nullptr;
};

// The PostgreSQL server's shared lock table: max_locks_per_transaction x max_connections (the
// store lets one writer hold an eighth of it, Store::BatchFull). 0 when it cannot be read.
inline int64_t PgLockTable(const std::string& url) {
  int64_t table = 0;
  PGconn* c = PQconnectdb(url.c_str());
  PGresult* r = PQexec(c,
                       "SELECT CAST(current_setting('max_locks_per_transaction') AS BIGINT) * "
                       "CAST(current_setting('max_connections') AS BIGINT)");
  if (PQresultStatus(r) == PGRES_TUPLES_OK) table = std::strtoll(PQgetvalue(r, 0, 0), nullptr, 10);
  PQclear(r);
  PQfinish(c);
  return table;
}

inline std::string PgSkipMessage() {
  return "MOSAIC_TEST_PG is not set: PostgreSQL tests skipped (start one with "
         "scripts/pg_test_server.sh and export MOSAIC_TEST_PG=URL)";
}

}  // namespace mosaic::store::testing
