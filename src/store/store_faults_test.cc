// Store faults through the `mosaic` binary (issue #11):
//   - a full disk (the SQLite file capped with MOSAIC_SQLITE_MAX_PAGES, which fails writes the way
//     a full file system does): ingest stops with one clear line and a non-zero exit, the database
//     opens afterwards holding only whole documents, and a re-run with room completes it;
//   - a database written by a newer schema version is refused by every command that opens one,
//     with one line naming both versions, and is left as it was.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mosaic/store.h"
#include "store/test_sql.h"
#include "test_util.h"

namespace mosaic::store {
namespace {

namespace fs = std::filesystem;
using testing::Lines;
using testing::RunMosaic;
using testing::RunResult;
using testing::TempDir;

using testing::SqlInt;
using testing::SqlText;

// Current documents whose stored facts disagree with the counts stored with them.
int64_t BrokenDocuments(const std::string& db) {
  return SqlInt(db,
                "SELECT COUNT(*) FROM documents d WHERE d.is_current = 1 AND ("
                "(SELECT COUNT(*) FROM mentions WHERE doc = d.id) <> d.n_mentions OR "
                "(SELECT COUNT(*) FROM events WHERE doc = d.id) <> d.n_events OR "
                "(SELECT COUNT(*) FROM relations WHERE doc = d.id) <> d.n_relations OR "
                "(SELECT COUNT(*) FROM entity_docs WHERE doc = d.id) <> d.n_entities)");
}

// Sets an environment variable for the children started while it lives.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() { unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;  // restores on destruction
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
};

// Stderr lines that are not notes.
std::vector<std::string> ErrorLines(const RunResult& r) {
  std::vector<std::string> out;
  for (const auto& l : Lines(r.err)) {
    if (l.rfind("mosaic: note:", 0) != 0) out.push_back(l);
  }
  return out;
}

// `copies` variants of each example article (a numbered dateline makes every text distinct).
int WriteArticles(const fs::path& path, int copies) {
  std::ifstream in(fs::path(MOSAIC_SOURCE_DIR) / "examples" / "articles.jsonl");
  std::vector<std::string> texts;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) texts.push_back(nlohmann::json::parse(line).at("text"));
  }
  std::ofstream out(path);
  int n = 0;
  for (int c = 0; c < copies; ++c) {
    for (const auto& t : texts) {
      nlohmann::json j{{"url", "https://faults.example/" + std::to_string(n)},
                       {"published", "2023-06-01"},
                       {"text", "Dispatch " + std::to_string(n) + ". " + t}};
      out << j.dump() << "\n";
      ++n;
    }
  }
  return n;
}

TEST(StoreFaults, FullDatabaseStopsIngestCleanlyAndARerunWithRoomCompletes) {
  TempDir tmp;
  const fs::path corpus = tmp / "articles.jsonl";
  const int docs = WriteArticles(corpus, 10);
  ASSERT_GE(docs, 50);
  const std::string ref = (tmp / "reference.db").string();
  const std::string db = (tmp / "full.db").string();

  // The same articles without a cap: how many pages they take, and what the store should hold.
  auto r = RunMosaic({"ingest", "--db", ref, "--quiet", "--batch", "8", corpus.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const int64_t full_pages = SqlInt(ref, "PRAGMA page_count");
  ASSERT_GT(full_pages, 20);

  // Room for about half of them.
  {
    ScopedEnv cap("MOSAIC_SQLITE_MAX_PAGES", std::to_string(full_pages / 2));
    r = RunMosaic({"ingest", "--db", db, "--quiet", "--batch", "8", corpus.string()});
  }
  EXPECT_NE(r.exit_code, 0);
  auto errs = ErrorLines(r);
  int full_lines = 0;
  for (const auto& l : errs) full_lines += l.find("full") != std::string::npos;
  EXPECT_EQ(full_lines, 1) << r.err;
  EXPECT_LE(errs.size(), 2u) << r.err;  // the error, and at most the batch summary
  ASSERT_FALSE(errs.empty());
  EXPECT_NE(errs.front().find("full.db"), std::string::npos) << "the line names the database";

  // The database opens, is intact and holds only whole documents.
  EXPECT_EQ(SqlText(db, "PRAGMA integrity_check"), "ok");
  const int64_t kept = SqlInt(db, "SELECT COUNT(*) FROM documents");
  // Every article read is accounted for: the ones stored are the ones counted done, and the rest
  // (the rolled-back batch's, and those read after the failure) count as failed.
  const std::string& last = errs.back();
  long done = -1, failed = -1;
  ASSERT_EQ(std::sscanf(last.c_str(), "mosaic ingest: %ld document(s) done, %ld input(s) failed",
                        &done, &failed),
            2)
      << last;
  EXPECT_EQ(done, kept) << r.err;
  EXPECT_EQ(done + failed, docs) << r.err;
  EXPECT_GT(kept, 0);
  EXPECT_LT(kept, docs);
  EXPECT_EQ(BrokenDocuments(db), 0);
  auto q = RunMosaic({"entities", "--db", db});
  EXPECT_EQ(q.exit_code, 0) << q.err;
  EXPECT_FALSE(q.out.empty());

  // Room again (no cap): a re-run completes and equals the uncapped store.
  r = RunMosaic({"ingest", "--db", db, "--quiet", "--batch", "8", corpus.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(SqlInt(db, "SELECT COUNT(*) FROM documents"), docs);
  EXPECT_EQ(BrokenDocuments(db), 0);
  for (const char* sql : {"SELECT COUNT(*) FROM mentions", "SELECT COUNT(*) FROM events",
                          "SELECT COUNT(*) FROM entities", "SELECT COUNT(*) FROM relations"}) {
    EXPECT_EQ(SqlInt(db, sql), SqlInt(ref, sql)) << sql;
  }
}

// When the database itself rolls the open batch back (SQLite does on a full disk), the batch is
// gone as a whole: the store takes no more documents into it and its Commit fails, so that no
// caller counts or acknowledges what the batch had merged (a queue worker acknowledges its
// messages after a successful Commit; before, the next Puts autocommitted one by one and the
// Commit said nothing was wrong).
TEST(StoreFaults, ABatchTheDatabaseRolledBackTakesNoMoreDocumentsAndDoesNotCommit) {
  TempDir tmp;
  const std::string db = (tmp / "capped.db").string();
  StoreOptions create;
  create.create = true;
  {
    auto s = Store::Open(db, create);
    ASSERT_TRUE(s.ok()) << s.status().message();
  }
  const int64_t empty_pages = SqlInt(db, "PRAGMA page_count");
  auto graph = [](int i) {
    DocGraph g;
    g.doc.id = "capped-" + std::to_string(i);
    g.doc.url = "https://capped.example/" + std::to_string(i);
    for (int w = 0; w < 2000; ++w) g.doc.text += "word" + std::to_string(i * 2000 + w) + " ";
    return g;
  };
  ScopedEnv cap("MOSAIC_SQLITE_MAX_PAGES", std::to_string(empty_pages + 40));
  auto s = Store::Open(db, create);
  ASSERT_TRUE(s.ok()) << s.status().message();
  Store& store = **s;
  ASSERT_TRUE(store.Begin().ok());
  int merged = 0;
  std::string error;
  for (int i = 0; i < 200 && error.empty(); ++i) {
    auto r = store.Put(graph(i));
    if (r.ok()) {
      ++merged;
    } else {
      error = r.status().message();
    }
  }
  ASSERT_NE(error.find("rolled back this batch"), std::string::npos) << error;
  EXPECT_GT(merged, 0);
  auto after = store.Put(graph(1000));
  ASSERT_FALSE(after.ok()) << "a Put after the batch was lost must not store on its own";
  EXPECT_NE(after.status().message().find("not merged"), std::string::npos)
      << after.status().message();
  EXPECT_FALSE(store.Commit().ok()) << "the lost batch's Commit must not report success";
  EXPECT_EQ(SqlInt(db, "SELECT COUNT(*) FROM documents"), 0);
  // The store goes on: a new batch with room for a document commits it.
  EXPECT_TRUE(store.Rollback().ok());
  ASSERT_TRUE(store.Begin().ok());
  DocGraph small;
  small.doc.id = "small";
  small.doc.text = "A short text.";
  EXPECT_TRUE(store.Put(small).ok());
  EXPECT_TRUE(store.Commit().ok());
  EXPECT_EQ(SqlInt(db, "SELECT COUNT(*) FROM documents"), 1);
}

// A damaged stored graph stops `export --format jsonl` with one line naming the database and the
// document, and the store is left as it was; an output that refuses writes is named instead.
TEST(StoreFaults, ExportNamesADamagedGraphsDocumentAndARefusingOutput) {
  TempDir tmp;
  const fs::path corpus = tmp / "articles.jsonl";
  WriteArticles(corpus, 1);
  const std::string db = (tmp / "damaged.db").string();
  auto r = RunMosaic({"ingest", "--db", db, "--quiet", corpus.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string doc = SqlText(db, "SELECT doc_id FROM documents ORDER BY id LIMIT 1 OFFSET 2");
  ASSERT_FALSE(doc.empty());
  ASSERT_TRUE(mosaic::testing::SqlExec(
      db, "UPDATE documents SET graph = substr(graph, 1, length(graph) / 2) WHERE doc_id = '" +
              doc + "'"));
  const std::string before = SqlText(db, "SELECT COUNT(*) FROM documents");
  r = RunMosaic({"export", "--db", db, "--format", "jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  auto errs = ErrorLines(r);
  ASSERT_EQ(errs.size(), 1u) << r.err;
  EXPECT_NE(errs[0].find("damaged.db"), std::string::npos) << errs[0];
  EXPECT_NE(errs[0].find("document " + doc), std::string::npos) << errs[0];
  EXPECT_NE(errs[0].find("damaged"), std::string::npos) << errs[0];
  EXPECT_EQ(Lines(r.out).size(), 2u);  // the documents before it were written
  EXPECT_EQ(SqlText(db, "SELECT COUNT(*) FROM documents"), before);
  // Exports that do not read the graphs are unaffected.
  r = RunMosaic({"export", "--db", db, "--format", "csv"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  if (fs::exists("/dev/full")) {
    r = RunMosaic({"export", "--db", db, "--format", "csv", "-o", "/dev/full"});
    EXPECT_EQ(r.exit_code, 1);
    errs = ErrorLines(r);
    ASSERT_EQ(errs.size(), 1u) << r.err;
    EXPECT_NE(errs[0].find("/dev/full: write failed"), std::string::npos) << errs[0];
  }
}

TEST(StoreFaults, EveryCommandRefusesADatabaseFromANewerSchema) {
  TempDir tmp;
  const std::string db = (tmp / "future.db").string();
  testing::WriteFile(tmp / "a.txt", "Lavrov met Makei in Minsk on Monday.");
  auto r = RunMosaic({"ingest", "--db", db, "--quiet", (tmp / "a.txt").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(testing::SqlExec(db, "INSERT INTO schema_version VALUES (99, 'a newer mosaic')"));
  fs::create_directory(tmp / "inbox");
  testing::WriteFile(tmp / "inbox" / "b.txt", "Shoigu visited Rostov-on-Don in June.");
  const std::vector<std::vector<std::string>> commands = {
      {"ingest", (tmp / "a.txt").string()},
      {"ingest", "--watch", (tmp / "inbox").string()},
      {"entities"},
      {"entity", "Lavrov"},
      {"events"},
      {"path", "Lavrov", "Makei"},
      {"search", "Minsk"},
      {"export", "--format", "csv"},
      {"serve", "--port", "0", "--no-ui"},
  };
  const std::string versions = "schema version 99 is newer than this mosaic supports (" +
                               std::to_string(kStoreSchemaVersion) + ")";
  for (auto args : commands) {
    SCOPED_TRACE(args[0] + (args.size() > 1 ? " " + args[1] : ""));
    args.insert(args.begin() + 1, {"--db", db});
    auto c = RunMosaic(args, "", 60);  // serve and --watch would run on if they opened it
    EXPECT_NE(c.exit_code, 0);
    EXPECT_NE(c.exit_code, 128 + SIGALRM) << "still running: the database was not refused";
    auto errs = ErrorLines(c);
    ASSERT_EQ(errs.size(), 1u) << c.err;
    EXPECT_NE(errs[0].find(versions), std::string::npos) << errs[0];
    EXPECT_NE(errs[0].find("future.db"), std::string::npos) << errs[0];
    EXPECT_TRUE(c.out.empty()) << c.out.substr(0, 200);
  }
  // Left as it was: still version 99, still one document.
  EXPECT_EQ(SqlInt(db, "SELECT MAX(version) FROM schema_version"), 99);
  EXPECT_EQ(SqlInt(db, "SELECT COUNT(*) FROM documents"), 1);
}

}  // namespace
}  // namespace mosaic::store
