// The JSON API over a store built in the test from the project's example articles (examples/), plus
// one hostile article; and the HTTP server itself (headers, limits, read-only) on a loopback port.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "mosaic/pipeline.h"
#include "mosaic/store.h"
#include "readers/reader.h"
#include "serve/api.h"
#include "serve/http.h"
#include "serve/server.h"
#include "test_util.h"

namespace mosaic::serve {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

const char* kHostile =
    R"({"id":"hostile01","url":"https://example.org/news/hostile","title":"<script>alert('t')</script> Minsk report","published":"2023-07-20","text":"Officials in Minsk said on Tuesday that <script>alert('x')</script> was posted on the ministry site. A second post read <img src=x onerror=alert(1)> and linked to <a href=\"javascript:alert(2)\">javascript:alert(2)</a>, according to Alexander Lukashenko's office."})";

// One store for the whole suite: ingesting the examples is the slow part.
class ServeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    db_ = (dir_->path() / "ui.db").string();
    fs::path examples = fs::path(MOSAIC_SOURCE_DIR) / "examples";
    testing::WriteFile(dir_->path() / "hostile.jsonl", std::string(kHostile) + "\n");
    auto r = testing::RunMosaic({"ingest", "--quiet", "--db", db_, examples.string(),
                                 (dir_->path() / "hostile.jsonl").string()});
    ingest_ok_ = r.exit_code == 0;
    ingest_err_ = r.err;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(ingest_ok_) << "mosaic ingest failed: " << ingest_err_;
    StoreOptions o;
    o.read_only = true;
    o.create = false;
    auto s = Store::Open(db_, o);
    ASSERT_TRUE(s.ok()) << s.status().message();
    api_ = std::make_unique<Api>(std::move(s.value()));
  }

  json Get(const std::string& path, std::multimap<std::string, std::string> params = {},
           int want_status = 200) {
    ApiResponse r = api_->Handle(path, params);
    EXPECT_EQ(r.status, want_status) << path << ": " << r.body;
    auto j = json::parse(r.body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.body;
    return j;
  }

  // The entity the store knows by a name (through its name keys), or 0.
  int64_t IdOf(const std::string& name) {
    json j = Get("/api/entities", {{"q", name}});
    if (j["items"].empty()) return 0;
    return j["items"][0]["id"].get<int64_t>();
  }

  static testing::TempDir* dir_;
  static std::string db_;
  static bool ingest_ok_;
  static std::string ingest_err_;
  std::unique_ptr<Api> api_;
};

testing::TempDir* ServeTest::dir_ = nullptr;
std::string ServeTest::db_;
bool ServeTest::ingest_ok_ = false;
std::string ServeTest::ingest_err_;

TEST_F(ServeTest, StatsCountTheExamples) {
  json j = Get("/api/stats");
  // 12 JSONL articles + 2 HTML pages + the hostile one.
  EXPECT_EQ(j["documents"], 15);
  EXPECT_GT(j["entities"].get<int>(), 20);
  EXPECT_GT(j["mentions"].get<int>(), j["entities"].get<int>());
  EXPECT_EQ(j["backend"], "sqlite");
}

TEST_F(ServeTest, DocumentsListPagesAndEachDocumentSlicesItsText) {
  json page = Get("/api/documents", {{"limit", "5"}});
  EXPECT_EQ(page["total"], 15);
  ASSERT_EQ(page["items"].size(), 5u);
  json rest = Get("/api/documents", {{"limit", "100"}, {"offset", "5"}});
  EXPECT_EQ(rest["items"].size(), 10u);
  EXPECT_NE(page["items"][0]["doc_id"], rest["items"][0]["doc_id"]);

  // Every mention, date and trigger offset (code points) slices the text it claims to cover.
  size_t checked = 0;
  for (const auto& d : page["items"]) {
    json g = Get("/api/documents/" + d["doc_id"].get<std::string>());
    ASSERT_TRUE(g["text"].is_string());
    std::u32string text;
    {
      // Decode UTF-8 into code points the simple way: offsets are code points.
      const std::string& s = g["text"].get_ref<const std::string&>();
      for (size_t i = 0; i < s.size();) {
        unsigned char c = s[i];
        int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        char32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
        for (int k = 1; k < n; ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
        text.push_back(cp);
        i += n;
      }
    }
    auto slice = [&](const json& m) {
      std::u32string u =
          text.substr(m["start"].get<size_t>(), m["end"].get<size_t>() - m["start"].get<size_t>());
      std::string out;
      for (char32_t cp : u) {
        if (cp < 0x80) {
          out += static_cast<char>(cp);
        } else if (cp < 0x800) {
          out += static_cast<char>(0xC0 | (cp >> 6));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
          out += static_cast<char>(0xE0 | (cp >> 12));
          out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
          out += static_cast<char>(0xF0 | (cp >> 18));
          out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
          out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        }
      }
      return out;
    };
    for (const auto& e : g["entities"]) {
      EXPECT_TRUE(e.contains("store_id"));
      for (const auto& m : e["mentions"]) {
        EXPECT_EQ(slice(m), m["text"].get<std::string>());
        ++checked;
      }
    }
    for (const auto& dt : g["dates"]) EXPECT_EQ(slice(dt), dt["text"].get<std::string>());
  }
  EXPECT_GT(checked, 10u);
}

TEST_F(ServeTest, DocumentErrors) {
  json j = Get("/api/documents/0123456789abcdef0123456789abcdef", {}, 404);
  EXPECT_EQ(j["error"]["status"], 404);
  Get("/api/documents/..%2f..%2fetc", {}, 400);
  Get("/api/documents/a'b", {}, 400);
}

TEST_F(ServeTest, EntitySearchMatchesNamesAndFilters) {
  json j = Get("/api/entities", {{"q", "Lukash"}});
  ASSERT_FALSE(j["items"].empty());
  for (const auto& e : j["items"]) {
    EXPECT_NE(e["name"].get<std::string>().find("Lukash"), std::string::npos) << e.dump();
  }
  json people = Get("/api/entities", {{"type", "person"}, {"limit", "500"}});
  for (const auto& e : people["items"]) EXPECT_EQ(e["type"], "person");
  // A type that is not one of the four is refused, naming the parameter, not answered empty.
  json refused = Get("/api/entities", {{"type", "no-such-type"}}, 400);
  EXPECT_NE(refused["error"]["message"].get<std::string>().find(
                "type: 'no-such-type' is not an entity type"),
            std::string::npos)
      << refused.dump();
  Get("/api/entities", {{"limit", "-3"}}, 400);
  Get("/api/entities", {{"limit", "ten"}}, 400);
  Get("/api/entities", {{"q", std::string(5000, 'x')}}, 400);
}

TEST_F(ServeTest, EntityProfileHasAliasesDocumentsAndEvidence) {
  int64_t id = IdOf("Minsk");
  ASSERT_GT(id, 0);
  json p = Get("/api/entity/" + std::to_string(id));
  EXPECT_EQ(p["id"], id);
  EXPECT_EQ(p["name"], "Minsk");
  EXPECT_FALSE(p["aliases"].empty());
  ASSERT_FALSE(p["documents_list"].empty());
  EXPECT_GE(p["documents_list"].size(), 2u);  // Minsk is reported in several examples
  ASSERT_FALSE(p["evidence"].empty());
  EXPECT_NE(p["evidence"][0]["snippet"].get<std::string>().find("[[Minsk]]"), std::string::npos);
  Get("/api/entity/99999999", {}, 404);
  Get("/api/entity/abc", {}, 400);
  Get("/api/entity/-1", {}, 400);
}

// The examples spell him Lukashenko and Lukashenka; the store's name keys must join them. Disabled
// until cross-document resolution joins the two spellings (store name keys / coreference): then
// remove DISABLED_. ui/e2e/ui.test.mjs asserts the same through the UI and fails until then.
TEST_F(ServeTest, LukashenkoSpellingsAreOneEntity) {
  int64_t a = IdOf("Lukashenka"), b = IdOf("Lukashenko");
  ASSERT_GT(a, 0);
  EXPECT_EQ(a, b) << "Lukashenka and Lukashenko are separate entities";
  json p = Get("/api/entity/" + std::to_string(a));
  std::set<std::string> spellings;
  for (const auto& al : p["aliases"]) {
    std::string t = al["text"];
    if (t.find("Lukashenk") != std::string::npos) spellings.insert(t.substr(t.find("Lukashenk")));
  }
  EXPECT_TRUE(spellings.count("Lukashenko") && spellings.count("Lukashenka"))
      << p["aliases"].dump();
}

TEST_F(ServeTest, EventsFilterLikeTheCli) {
  json all = Get("/api/events", {{"limit", "1000"}});
  for (const auto& e : all["items"]) {
    if (e["status"].is_string()) {
      std::string status = e["status"];
      json same = Get("/api/events", {{"status", status}, {"limit", "1000"}});
      EXPECT_FALSE(same["items"].empty());
      for (const auto& s : same["items"]) EXPECT_EQ(s["status"], status);
      break;
    }
  }
  json early = Get("/api/events", {{"to", "1900-01-01"}});
  EXPECT_TRUE(early["items"].empty());
  Get("/api/events", {{"near", "53.9,27.5"}}, 400);
  Get("/api/events", {{"near", "91,27.5,10"}}, 400);
  Get("/api/events", {{"near", "53.9,27.56,50"}});
  // The store's refusals name the API's parameters, not the command line's options.
  for (const auto& [param, value] :
       {std::pair{"from", "2023-13"}, std::pair{"status", "rumoured"}}) {
    json r = Get("/api/events", {{param, value}}, 400);
    const std::string message = r["error"]["message"];
    EXPECT_EQ(message.rfind(std::string(param) + ": '" + value + "'", 0), 0u) << message;
  }
}

TEST_F(ServeTest, GraphHasTheCentreAndTypedEdges) {
  json ents = Get("/api/entities", {{"limit", "1"}});  // the most mentioned entity
  ASSERT_FALSE(ents["items"].empty());
  int64_t id = ents["items"][0]["id"];
  json g = Get("/api/graph/" + std::to_string(id));
  EXPECT_EQ(g["centre"], id);
  std::set<int64_t> ids;
  bool centre_seen = false;
  for (const auto& n : g["nodes"]) {
    ids.insert(n["id"].get<int64_t>());
    if (n["centre"].get<bool>()) centre_seen = n["id"] == id;
  }
  EXPECT_TRUE(centre_seen);
  for (const auto& e : g["edges"]) {
    EXPECT_TRUE(ids.count(e["source"].get<int64_t>()) && ids.count(e["target"].get<int64_t>()));
    EXPECT_TRUE(e["kind"] == "relation" || e["kind"] == "event") << e.dump();
    EXPECT_FALSE(e["type"].get<std::string>().empty());
    EXPECT_TRUE(e["evidence"]["doc_id"].is_string());
  }
  Get("/api/graph/99999999", {}, 404);
}

TEST_F(ServeTest, SearchFindsTextAndEntities) {
  json j = Get("/api/search", {{"q", "Minsk"}});
  ASSERT_FALSE(j["documents"].empty());
  EXPECT_NE(j["documents"][0]["snippet"].get<std::string>().find("[["), std::string::npos);
  ASSERT_FALSE(j["entities"].empty());
  Get("/api/search", {}, 400);
  // Query syntax characters are data, not SQL or FTS syntax that breaks the server.
  for (const char* q : {"\"unbalanced", "a' OR 1=1 --", "NEAR(", "*", ")(", "x AND"}) {
    ApiResponse r = api_->Handle("/api/search", {{"q", q}});
    EXPECT_TRUE(r.status == 200 || r.status == 400) << q << ": " << r.status << " " << r.body;
  }
}

TEST_F(ServeTest, UnknownEndpointIsAJson404) {
  json j = Get("/api/nothing", {}, 404);
  EXPECT_EQ(j["error"]["status"], 404);
}

TEST_F(ServeTest, HostileArticleIsStoredAsText) {
  json s = Get("/api/search", {{"q", "onerror"}});
  ASSERT_FALSE(s["documents"].empty());
  std::string id = s["documents"][0]["doc_id"];
  json g = Get("/api/documents/" + id);
  EXPECT_NE(g["text"].get<std::string>().find("<script>alert('x')</script>"), std::string::npos);
  EXPECT_NE(g["text"].get<std::string>().find("<img src=x onerror=alert(1)>"), std::string::npos);
}

#ifdef MOSAIC_HAVE_HTTPLIB
// The real server on a free loopback port: headers, read-only, limits, static files.
TEST_F(ServeTest, HttpServerIsReadOnlyBoundedAndSendsCsp) {
  testing::TempDir ui;
  testing::WriteFile(ui.path() / "index.html", "<!doctype html><title>t</title>");
  ServerOptions o;
  o.db = db_;
  o.port = 0;
  o.ui_dir = ui.path().string();
  o.payload_max_bytes = 1024;
  auto server = Server::Create(o);
  ASSERT_TRUE(server.ok()) << server.status().message();
  EXPECT_EQ(o.host, "127.0.0.1");
  std::thread t([&] { (void)(*server)->Run(); });
  httplib::Client cli("127.0.0.1", (*server)->port());
  cli.set_connection_timeout(5);
  // Run may not be listening yet: the socket is bound, so the request waits in the backlog.
  auto r = cli.Get("/api/stats");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Security-Policy"), kContentSecurityPolicy);
  EXPECT_NE(std::string(kContentSecurityPolicy).find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(std::string(kContentSecurityPolicy).find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_NE(r->get_header_value("Content-Type").find("application/json"), std::string::npos);

  auto page = cli.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<title>t</title>"), std::string::npos);
  EXPECT_FALSE(page->get_header_value("Content-Security-Policy").empty());

  auto missing = cli.Get("/no-such-file.js");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  auto traversal = cli.Get("/../../etc/passwd");
  ASSERT_TRUE(traversal);
  EXPECT_NE(traversal->status, 200);

  auto post = cli.Post("/api/stats", "x", "text/plain");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  auto big = cli.Post("/api/stats", std::string(4096, 'x'), "text/plain");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);

  auto bad = cli.Get("/api/entity/xyz");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(json::parse(bad->body)["error"]["status"], 400);

  // Several clients at once: the store is shared behind a lock, answers stay whole.
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&] {
      httplib::Client cc("127.0.0.1", (*server)->port());
      for (int i = 0; i < 10; ++i) {
        auto x = cc.Get("/api/entities?q=Minsk");
        if (x && x->status == 200 && !json::parse(x->body)["items"].empty()) ++ok;
      }
    });
  }
  for (auto& c : clients) c.join();
  EXPECT_EQ(ok.load(), 40);
  (*server)->Stop();
  t.join();
}

TEST(ServeServer, MissingDatabaseOrUiIsAnError) {
  testing::TempDir dir;
  ServerOptions o;
  o.db = (dir.path() / "absent.db").string();
  o.port = 0;
  auto s = Server::Create(o);
  EXPECT_FALSE(s.ok());
  EXPECT_FALSE(fs::exists(o.db)) << "serve must not create a database";
  o.ui_dir = (dir.path() / "no-ui").string();
  EXPECT_FALSE(Server::Create(o).ok());
}
#endif

}  // namespace
}  // namespace mosaic::serve
