// End-to-end tests of `mosaic ingest` and the query commands, run as a child process ($MOSAIC_BIN):
//   - a SIGKILL in the middle of an ingest leaves a database that opens, holds only whole
//   documents,
//     and a re-run completes it with no duplicates (and ends equal to an uninterrupted ingest);
//   - ingesting the sample articles twice adds nothing the second time, and the query commands
//   answer.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "mosaic/store.h"
#include "store/test_graphs.h"
#include "store/test_sql.h"
#include "test_util.h"

namespace mosaic::store {
namespace {

namespace fs = std::filesystem;

std::string Bin() {
  const char* b = std::getenv("MOSAIC_BIN");
  if (b && *b && access(b, X_OK) == 0) return b;
  std::string built = std::string(MOSAIC_BINARY_DIR) + "/mosaic";
  return access(built.c_str(), X_OK) == 0 ? built : "";
}

// stdout to `out_path` (or /dev/null), stderr to /dev/null.
pid_t Spawn(const std::vector<std::string>& args, const std::string& out_path = "/dev/null") {
  return mosaic::testing::Spawn(args, out_path);
}
using mosaic::testing::Wait;

int RunBin(const std::vector<std::string>& args, std::string* out = nullptr) {
  std::string path = fs::temp_directory_path() / ("mosaic-out-" + std::to_string(getpid()));
  int rc = Wait(Spawn(args, path));
  if (out) {
    std::ifstream in(path);
    out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  fs::remove(path);
  return rc;
}

using mosaic::testing::SqlInt;

// Generated articles: varied people, groups, places and dates, so the pipeline finds entities and
// events in them. Deterministic (fixed seed); every text is distinct.
void WriteCorpus(const fs::path& path, int n) {
  const char* first[] = {"Ivan", "Oleksandr", "Mariam", "Yusuf", "Anna", "Pavel", "Dmitri", "Olga"};
  const char* last[] = {"Petrenko", "Karimov", "Sokolova", "Haddad", "Moroz", "Levchenko", "Bakr"};
  const char* groups[] = {"the Rusich group", "the Azov regiment", "the Wagner Group",
                          "the Freedom of Russia Legion", "the 93rd Brigade"};
  const char* places[] = {"Bakhmut", "Kramatorsk", "Belgorod", "Kherson", "Minsk", "Donetsk"};
  const char* verbs[] = {"shelled", "attacked", "raided", "trained recruits in", "withdrew from"};
  const char* months[] = {"January", "March", "May", "July", "September", "November"};
  std::mt19937 rng(42);
  std::ofstream out(path);
  for (int i = 0; i < n; ++i) {
    auto pick = [&](auto& arr) { return arr[rng() % (sizeof(arr) / sizeof(arr[0]))]; };
    std::string person = std::string(pick(first)) + " " + pick(last);
    std::string text = std::string("On ") + std::to_string(1 + rng() % 28) + " " + pick(months) +
                       " 2023, " + pick(groups) + " " + pick(verbs) + " " + pick(places) +
                       ", local officials said. Commander " + person + " told reporters that " +
                       std::to_string(2 + rng() % 40) + " fighters were killed near " +
                       pick(places) + ". Report number " + std::to_string(i) + ".";
    nlohmann::json j{{"id", "gen-" + std::to_string(i)},
                     {"url", "https://gen.example/" + std::to_string(i)},
                     {"published", "2023-12-01"},
                     {"text", text}};
    out << j.dump() << "\n";
  }
}

// Counts documents whose facts do not match the counts recorded with them: must be zero.
int64_t PartialDocuments(const std::string& db) {
  return SqlInt(db,
                "SELECT COUNT(*) FROM documents d WHERE d.is_current = 1 AND ("
                "d.n_mentions <> (SELECT COUNT(*) FROM mentions m WHERE m.doc = d.id) OR "
                "d.n_events <> (SELECT COUNT(*) FROM events e WHERE e.doc = d.id) OR "
                "d.n_relations <> (SELECT COUNT(*) FROM relations r WHERE r.doc = d.id) OR "
                "d.n_entities <> (SELECT COUNT(*) FROM entity_docs x WHERE x.doc = d.id))");
}

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    bin_ = Bin();
    if (bin_.empty()) GTEST_SKIP() << "MOSAIC_BIN is not set and build/mosaic is absent";
    dir_ = fs::temp_directory_path() /
           ("mosaic-ingest-test-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  std::string bin_;
  fs::path dir_;
};

TEST_F(IngestTest, SigkillMidBatchLeavesWholeDocumentsAndRerunCompletes) {
  // Enough that the kill lands long before the input ends: ingest commits the open batch at the
  // end of input, and a kill after that commit would find a partial batch's worth of documents
  // (800 documents left about 0.2 s between the first commits and that one).
  const int kDocs = 2400;
  fs::path corpus = dir_ / "corpus.jsonl";
  WriteCorpus(corpus, kDocs);
  std::string db = (dir_ / "killed.db").string();
  pid_t pid = Spawn({bin_, "ingest", "--db", db, "--batch", "40", "--quiet", corpus.string()});
  // Wait until some batches are committed, then kill without warning.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  int64_t seen = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (fs::exists(db)) seen = SqlInt(db, "SELECT COUNT(*) FROM documents");
    if (seen >= 80) break;
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      pid = -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (pid > 0) {
    kill(pid, SIGKILL);
    EXPECT_EQ(Wait(pid), 128 + SIGKILL);
  }
  ASSERT_GE(seen, 80) << "ingest committed nothing within the deadline";

  {
    auto s = Store::Open(db, {});
    ASSERT_TRUE(s.ok()) << s.status().message();
  }
  int64_t after_kill = SqlInt(db, "SELECT COUNT(*) FROM documents");
  EXPECT_GE(after_kill, 80);
  EXPECT_LT(after_kill, kDocs) << "the ingest finished before the kill; the test proved little";
  EXPECT_EQ(after_kill % 40, 0) << "only whole batches are committed";
  EXPECT_EQ(PartialDocuments(db), 0);

  ASSERT_EQ(RunBin({bin_, "ingest", "--db", db, "--batch", "40", "--quiet", corpus.string()}), 0);
  EXPECT_EQ(SqlInt(db, "SELECT COUNT(*) FROM documents"), kDocs);
  EXPECT_EQ(SqlInt(db, "SELECT COUNT(DISTINCT doc_id) FROM documents"), kDocs);
  EXPECT_EQ(PartialDocuments(db), 0);
  // Counters kept on entities agree with the rows they count.
  EXPECT_EQ(SqlInt(db, "SELECT SUM(mention_count) FROM entities"),
            SqlInt(db, "SELECT COUNT(*) FROM mentions"));
  EXPECT_EQ(SqlInt(db, "SELECT SUM(doc_count) FROM entities"),
            SqlInt(db, "SELECT COUNT(*) FROM (SELECT DISTINCT entity_id, doc FROM entity_docs)"));

  // The interrupted-and-resumed store equals one ingested in a single run.
  std::string clean = (dir_ / "clean.db").string();
  ASSERT_EQ(RunBin({bin_, "ingest", "--db", clean, "--quiet", corpus.string()}), 0);
  for (const char* q : {"SELECT COUNT(*) FROM mentions", "SELECT COUNT(*) FROM events",
                        "SELECT COUNT(*) FROM relations", "SELECT COUNT(*) FROM entities",
                        "SELECT COUNT(*) FROM event_args", "SELECT SUM(n) FROM aliases"}) {
    EXPECT_EQ(SqlInt(db, q), SqlInt(clean, q)) << q;
  }
}

TEST_F(IngestTest, SeedsIngestOnceAndQueriesAnswer) {
  fs::path seeds = fs::path(MOSAIC_SOURCE_DIR) / ".." / "shared" / "seeds";
  if (!fs::exists(seeds)) GTEST_SKIP() << "../shared/seeds is absent";
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(seeds)) {
    if (e.path().extension() == ".txt") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  std::string db = (dir_ / "seeds.db").string();
  std::vector<std::string> args = {bin_, "ingest", "--db", db, "--quiet"};
  args.insert(args.end(), files.begin(), files.end());
  ASSERT_EQ(RunBin(args), 0);
  int64_t docs = SqlInt(db, "SELECT COUNT(*) FROM documents");
  EXPECT_EQ(docs, static_cast<int64_t>(files.size()));
  int64_t mentions = SqlInt(db, "SELECT COUNT(*) FROM mentions");
  EXPECT_GT(mentions, 0);
  // Again: nothing changes.
  ASSERT_EQ(RunBin(args), 0);
  EXPECT_EQ(SqlInt(db, "SELECT COUNT(*) FROM documents"), docs);
  EXPECT_EQ(SqlInt(db, "SELECT COUNT(*) FROM mentions"), mentions);

  // Every stored mention slices its document's text exactly (byte offsets in the store).
  EXPECT_EQ(SqlInt(db,
                   "SELECT COUNT(*) FROM mentions m JOIN documents d ON d.id = m.doc WHERE "
                   "CAST(substr(CAST(d.text AS BLOB), m.start_pos + 1, m.end_pos - m.start_pos) AS "
                   "TEXT) <> m.text"),
            0);

  std::string out;
  ASSERT_EQ(RunBin({bin_, "entities", "--db", db, "--json", "--limit", "5"}, &out), 0);
  std::istringstream lines(out);
  std::string top;
  ASSERT_TRUE(std::getline(lines, top));
  auto j = nlohmann::json::parse(top);
  ASSERT_TRUE(j.contains("name"));
  std::string name = j["name"];
  ASSERT_EQ(RunBin({bin_, "entity", "--db", db, "--json", name}, &out), 0);
  auto profile = nlohmann::json::parse(out);
  EXPECT_EQ(profile["name"], name);
  ASSERT_FALSE(profile["evidence"].empty());
  EXPECT_NE(profile["evidence"][0]["snippet"].get<std::string>().find("[["), std::string::npos);
  ASSERT_EQ(RunBin({bin_, "export", "--db", db, "--format", "csv"}, &out), 0);
  EXPECT_EQ(out.rfind("event_id,event_date,", 0), 0u);
  ASSERT_EQ(RunBin({bin_, "export", "--db", db, "--format", "jsonl"}, &out), 0);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), docs);
  // A query on a database that does not exist fails and creates nothing.
  std::string absent = (dir_ / "absent.db").string();
  EXPECT_NE(RunBin({bin_, "entities", "--db", absent}), 0);
  EXPECT_FALSE(fs::exists(absent));
}

// Polls `pred` every 50 ms until it holds or `seconds` pass; false on timeout.
template <class Pred>
bool WaitUntil(Pred pred, int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return pred();
}

// Writes `n` generated articles to `path` the way a downloader publishes a file: under a
// temporary name, then renamed into place.
void Publish(const fs::path& path, int n, int first_id) {
  fs::path tmp = path.string() + ".part";
  WriteCorpus(tmp, first_id + n);
  // Keep only the last n lines, so that ids (and texts) differ between files.
  std::ifstream in(tmp);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  in.close();
  {
    std::ofstream out(tmp, std::ios::trunc);
    for (size_t i = lines.size() - n; i < lines.size(); ++i) out << lines[i] << "\n";
  }
  fs::rename(tmp, path);
}

// Texts the store holds already count as unchanged without being extracted again; the new texts
// of the same input merge as usual, and the store ends equal to one ingest of the whole input. A
// changed text under a stored url is new, so it is extracted and becomes a new version.
TEST_F(IngestTest, StoredTextsAreNotExtractedAgain) {
  fs::path all = dir_ / "all.jsonl", head = dir_ / "head.jsonl", changed = dir_ / "changed.jsonl";
  WriteCorpus(all, 30);
  {
    std::ifstream in(all);
    std::ofstream out(head);
    std::string line;
    for (int i = 0; i < 20 && std::getline(in, line); ++i) out << line << "\n";
  }
  std::string db = (dir_ / "s.db").string(), once = (dir_ / "once.db").string();
  ASSERT_EQ(RunBin({bin_, "ingest", "--db", db, "--quiet", head.string()}), 0);
  auto ingest_saying = [&](const fs::path& input) {
    fs::path err = dir_ / "err.txt";
    EXPECT_EQ(
        Wait(mosaic::testing::Spawn({bin_, "ingest", "--db", db, "--threads", "2", input.string()},
                                    "", err.string())),
        0);
    return mosaic::testing::ReadFile(err);
  };
  std::string said = ingest_saying(all);
  EXPECT_NE(said.find("30 documents (10 added, 20 unchanged, 0 new versions)"), std::string::npos)
      << said;
  EXPECT_NE(said.find("20 texts already in the store were not extracted again"), std::string::npos)
      << said;
  ASSERT_EQ(RunBin({bin_, "ingest", "--db", once, "--quiet", all.string()}), 0);
  for (const char* q :
       {"SELECT COUNT(*) FROM documents", "SELECT COUNT(*) FROM mentions",
        "SELECT COUNT(*) FROM events", "SELECT COUNT(*) FROM entities",
        "SELECT COUNT(*) FROM relations", "SELECT SUM(mention_count) FROM entities"}) {
    EXPECT_EQ(SqlInt(db, q), SqlInt(once, q)) << q;
  }
  EXPECT_EQ(PartialDocuments(db), 0);

  nlohmann::json first;
  {
    std::ifstream in(all);
    std::string line;
    std::getline(in, line);
    first = nlohmann::json::parse(line);
  }
  first["text"] = first["text"].get<std::string>() + " The report was updated on Friday.";
  mosaic::testing::WriteFile(changed, first.dump() + "\n");
  said = ingest_saying(changed);
  EXPECT_NE(said.find("1 documents (0 added, 0 unchanged, 1 new versions)"), std::string::npos)
      << said;
  EXPECT_EQ(said.find("not extracted again"), std::string::npos) << said;
  EXPECT_EQ(SqlInt(db, "SELECT COUNT(*) FROM documents"), 31);
  EXPECT_EQ(SqlInt(db, "SELECT COUNT(*) FROM documents WHERE is_current = 1"), 30);
}

// A document the database refuses (here a trigger; in life a value past one of its limits) is
// that document's error: one line naming its file, and the ingest goes on with the batch's
// others, on both backends. A re-run after the cause is gone adds just that document.
TEST_F(IngestTest, ADocumentTheDatabaseRefusesIsReportedAndTheRestAreStored) {
  fs::path input = dir_ / "refusals.jsonl";
  {
    std::ofstream out(input);
    for (int i = 1; i <= 4; ++i) {
      const std::string host = i == 2 ? "refused.example" : "ok.example";
      nlohmann::json j{{"url", "https://" + host + "/" + std::to_string(i)},
                       {"published", "2024-05-10"},
                       {"text", "Drones struck depot number " + std::to_string(i) +
                                    " near Kupiansk overnight, officials in Kharkiv said."}};
      out << j.dump() << "\n";
    }
  }
  for (const std::string backend : {"sqlite", "postgresql"}) {
    SCOPED_TRACE(backend);
    testing::TestDb db(backend);
    if (!db.available()) continue;                // PostgreSQL's run needs MOSAIC_TEST_PG
    ASSERT_TRUE(Store::Open(db.url(), {}).ok());  // the tables, before the trigger goes on them
    std::string error;
    if (backend == "sqlite") {
      ASSERT_TRUE(mosaic::testing::SqlExec(
          db.url(),
          "CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN NEW.url LIKE "
          "'https://refused.example/%' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"));
    } else {
      ASSERT_TRUE(db.Exec(
          "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.url LIKE "
          "'https://refused.example/%' THEN RAISE EXCEPTION 'refused by the test' USING ERRCODE "
          "= 'check_violation'; END IF; RETURN NEW; END $$; CREATE TRIGGER refuse BEFORE INSERT "
          "ON documents FOR EACH ROW EXECUTE FUNCTION refuse()",
          &error))
          << error;
    }
    fs::path err = dir_ / "err.txt";
    const int rc = Wait(mosaic::testing::Spawn(
        {bin_, "ingest", "--db", db.url(), "--threads", "2", input.string()}, "", err.string()));
    const std::string said = mosaic::testing::ReadFile(err);
    EXPECT_EQ(rc, 1) << "one input failed: " << said;
    std::vector<std::string> refusals;
    std::istringstream lines(said);
    for (std::string line; std::getline(lines, line);) {
      if (line.find("refused by the test") != std::string::npos) refusals.push_back(line);
    }
    ASSERT_EQ(refusals.size(), 1u) << said;
    EXPECT_NE(refusals[0].find(input.filename().string()), std::string::npos) << refusals[0];
    EXPECT_NE(said.find("3 documents (3 added, 0 unchanged, 0 new versions)"), std::string::npos)
        << said;
    auto stats = [&] {
      auto store = Store::Open(db.url(), {});
      EXPECT_TRUE(store.ok());
      auto s = (*store)->Stats();
      EXPECT_TRUE(s.ok());
      return *s;
    };
    EXPECT_EQ(stats().documents, 3);
    // The cause gone, a re-run adds the refused document alone.
    if (backend == "sqlite") {
      ASSERT_TRUE(mosaic::testing::SqlExec(db.url(), "DROP TRIGGER refuse"));
    } else {
      ASSERT_TRUE(db.Exec("DROP TRIGGER refuse ON documents", &error)) << error;
    }
    EXPECT_EQ(Wait(mosaic::testing::Spawn({bin_, "ingest", "--db", db.url(), input.string()}, "",
                                          err.string())),
              0);
    const std::string again = mosaic::testing::ReadFile(err);
    EXPECT_NE(again.find("4 documents (1 added, 3 unchanged"), std::string::npos) << again;
    EXPECT_EQ(stats().documents, 4);
  }
}

// Two ingests into one PostgreSQL store at once, whose articles name the same places in opposite
// orders: each batch holds the locks of every name it has merged until it commits, so without
// care each ends up waiting for a name the other holds (PostgreSQL aborts one of them after its
// deadlock timeout, and that ingest stops with its batch rolled back). A document whose names
// another writer holds now ends the batch first (Store::LockOrYield): both complete, and the
// store equals the two files ingested one after the other.
TEST_F(IngestTest, TwoIngestsIntoOnePostgresStoreNeverWaitForEachOther) {
  testing::TestDb db("postgresql"), sequential("postgresql");
  if (!db.available()) GTEST_SKIP() << testing::PgSkipMessage();
  const std::vector<std::string> places = {"Kyiv",    "Kharkiv", "Odesa",    "Lviv", "Dnipro",
                                           "Poltava", "Kherson", "Mykolaiv", "Sumy", "Chernihiv"};
  const int n = 300;
  auto write = [&](const fs::path& path, const std::string& tag, bool reversed) {
    std::ofstream out(path);
    for (int i = 0; i < n; ++i) {
      auto place = [&](int k) {
        const size_t j = static_cast<size_t>(k % 10);
        return places[reversed ? 9 - j : j];
      };
      nlohmann::json j{{"url", "https://" + tag + ".example/" + std::to_string(i)},
                       {"published", "2024-03-01"},
                       {"text", "Drones struck " + place(i) + " and " + place(i + 1) +
                                    " overnight, officials said. Report " + tag + "-" +
                                    std::to_string(i) + "."}};
      out << j.dump() << "\n";
    }
  };
  const fs::path a = dir_ / "a.jsonl", b = dir_ / "b.jsonl";
  write(a, "forward", false);
  write(b, "backward", true);
  for (auto* t : {&db, &sequential}) ASSERT_TRUE(Store::Open(t->url(), {}).ok());
  const fs::path err_a = dir_ / "a.err", err_b = dir_ / "b.err";
  const pid_t pa = mosaic::testing::Spawn(
      {bin_, "ingest", "--quiet", "--threads", "1", "--db", db.url(), a.string()}, "",
      err_a.string());
  const pid_t pb = mosaic::testing::Spawn(
      {bin_, "ingest", "--quiet", "--threads", "1", "--db", db.url(), b.string()}, "",
      err_b.string());
  EXPECT_EQ(Wait(pa), 0) << mosaic::testing::ReadFile(err_a);
  EXPECT_EQ(Wait(pb), 0) << mosaic::testing::ReadFile(err_b);
  for (const auto& f : {a, b}) {
    EXPECT_EQ(RunBin({bin_, "ingest", "--quiet", "--db", sequential.url(), f.string()}), 0);
  }
  auto stats = [](const std::string& url) {
    auto store = Store::Open(url, {});
    EXPECT_TRUE(store.ok());
    auto s = (*store)->Stats();
    EXPECT_TRUE(s.ok());
    return *s;
  };
  const StoreStats together = stats(db.url()), apart = stats(sequential.url());
  EXPECT_EQ(together.documents, 2 * n);
  EXPECT_EQ(together.documents, apart.documents);
  EXPECT_EQ(together.entities, apart.entities) << "an entity created twice, or a lost one";
  EXPECT_EQ(together.mentions, apart.mentions);
  EXPECT_EQ(together.events, apart.events);
}

TEST_F(IngestTest, WatchIngestsEachArrivingFileOnceAcrossRestarts) {
  fs::path inbox = dir_ / "inbox";
  fs::create_directories(inbox);
  std::string db = (dir_ / "watch.db").string();
  auto docs = [&] {
    return fs::exists(db) ? SqlInt(db, "SELECT COUNT(*) FROM documents") : int64_t{0};
  };
  Publish(inbox / "a.jsonl", 3, 0);  // present before the watch starts
  pid_t pid = Spawn({bin_, "ingest", "--db", db, "--quiet", "--watch", inbox.string()});
  ASSERT_TRUE(WaitUntil([&] { return docs() == 3; }, 180)) << docs();
  Publish(inbox / "b.jsonl", 2, 3);  // arrives while watching
  {
    std::ofstream bad(inbox / "c.txt", std::ios::binary);  // unreadable: binary
    const char kBinary[] = "\x00\x01\x02 not an article";
    bad.write(kBinary, sizeof kBinary - 1);
  }
  ASSERT_TRUE(WaitUntil([&] { return docs() == 5; }, 120)) << docs();
  // The bad file does not stop the watch: a later good file still goes in.
  Publish(inbox / "d.jsonl", 1, 5);
  ASSERT_TRUE(WaitUntil([&] { return docs() == 6; }, 120)) << docs();
  kill(pid, SIGTERM);
  EXPECT_EQ(Wait(pid), 0) << "SIGTERM stops a watch cleanly";

  // Restarted: nothing already ingested is read again; new files are.
  Publish(inbox / "e.jsonl", 2, 6);
  pid = Spawn({bin_, "ingest", "--db", db, "--quiet", "--watch", inbox.string()});
  ASSERT_TRUE(WaitUntil([&] { return docs() == 8; }, 180)) << docs();
  fs::create_directories(inbox / "later");  // subfolders made while watching are watched
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  Publish(inbox / "later" / "f.jsonl", 1, 8);
  ASSERT_TRUE(WaitUntil([&] { return docs() == 9; }, 120)) << docs();
  kill(pid, SIGINT);
  EXPECT_EQ(Wait(pid), 0);
  EXPECT_EQ(SqlInt(db, "SELECT COUNT(DISTINCT doc_id) FROM documents"), 9);
  EXPECT_EQ(SqlInt(db, "SELECT COUNT(*) FROM documents WHERE version > 1"), 0);
  EXPECT_EQ(PartialDocuments(db), 0);
  // The ledger names every file handled (the unreadable one too: it is reported once, not retried).
  std::ifstream ledger(inbox / ".mosaic-watch-ledger");
  int lines = 0;
  for (std::string line; std::getline(ledger, line);) ++lines;
  EXPECT_EQ(lines, 6);
}

TEST_F(IngestTest, WatchKilledMidFileLosesAndDuplicatesNothing) {
  fs::path inbox = dir_ / "inbox";
  fs::create_directories(inbox);
  std::string db = (dir_ / "watch.db").string();
  // Enough articles that the watch cannot finish them between two looks at the store (every
  // 50 ms): 360 of them once took less than that, and the kill then came after the last commit.
  const int kFiles = 6, kPerFile = 400;
  for (int f = 0; f < kFiles; ++f) {
    Publish(inbox / ("batch" + std::to_string(f) + ".jsonl"), kPerFile, f * kPerFile);
  }
  auto docs = [&] {
    return fs::exists(db) ? SqlInt(db, "SELECT COUNT(*) FROM documents") : int64_t{0};
  };
  pid_t pid =
      Spawn({bin_, "ingest", "--db", db, "--quiet", "--batch", "16", "--watch", inbox.string()});
  ASSERT_TRUE(WaitUntil([&] { return docs() >= 20; }, 180)) << docs();
  kill(pid, SIGKILL);
  EXPECT_EQ(Wait(pid), 128 + SIGKILL);
  EXPECT_LT(docs(), kFiles * kPerFile)
      << "the watch finished before the kill; the test proved little";
  EXPECT_EQ(PartialDocuments(db), 0);

  pid = Spawn({bin_, "ingest", "--db", db, "--quiet", "--batch", "16", "--watch", inbox.string()});
  ASSERT_TRUE(WaitUntil([&] { return docs() == kFiles * kPerFile; }, 300)) << docs();
  kill(pid, SIGTERM);
  EXPECT_EQ(Wait(pid), 0);
  EXPECT_EQ(SqlInt(db, "SELECT COUNT(DISTINCT doc_id) FROM documents"), kFiles * kPerFile);
  EXPECT_EQ(PartialDocuments(db), 0);
}

// `mosaic split` and `mosaic merge` on the sample articles: the user's decision outlives a
// re-ingest of the same files and an ingest of a new article.
TEST_F(IngestTest, SplitAndMergeCommandsOutliveReingest) {
  fs::path seeds = fs::path(MOSAIC_SOURCE_DIR) / ".." / "shared" / "seeds";
  if (!fs::exists(seeds)) GTEST_SKIP() << "../shared/seeds is absent";
  std::vector<std::string> args = {bin_, "ingest", "--db", (dir_ / "s.db").string(), "--quiet"};
  for (const auto& e : fs::directory_iterator(seeds)) {
    if (e.path().extension() == ".txt") args.push_back(e.path().string());
  }
  std::sort(args.begin() + 5, args.end());
  const std::string db = (dir_ / "s.db").string();
  ASSERT_EQ(RunBin(args), 0);
  auto entity = [&](const std::string& name) {
    std::string out;
    EXPECT_EQ(RunBin({bin_, "entity", "--db", db, "--json", name}, &out), 0) << name;
    return out.empty() ? nlohmann::json() : nlohmann::json::parse(out);
  };
  const auto joined = entity("Lukashenko");
  ASSERT_GE(joined["documents"].get<size_t>(), 3u)
      << "Lukashenko/Lukashenka is one entity across 002-004";
  const int64_t id = joined["id"];
  // People who share only a given name stay apart.
  std::set<int64_t> vladimirs;
  for (const char* name : {"Vladimir Putin", "Vladimir Milov", "Vladimir Makei"})
    vladimirs.insert(entity(name)["id"].get<int64_t>());
  EXPECT_EQ(vladimirs.size(), 3u);

  std::string out;
  ASSERT_EQ(
      RunBin({bin_, "split", "--db", db, "#" + std::to_string(id), "--alias", "Lukashenka"}, &out),
      0);
  auto hash = out.rfind('#');
  ASSERT_NE(hash, std::string::npos) << out;
  const int64_t created = std::stoll(out.substr(hash + 1));
  auto count_docs = [&](int64_t e) {
    return entity("#" + std::to_string(e))["documents"].get<size_t>();
  };
  const size_t split_docs = count_docs(created);
  EXPECT_GE(split_docs, 1u);
  EXPECT_EQ(count_docs(id) + split_docs, joined["documents"].get<size_t>());

  // Re-ingesting the same files changes nothing; a new article with the Belarusian spelling
  // goes to the split-off entity.
  ASSERT_EQ(RunBin(args), 0);
  EXPECT_EQ(count_docs(created), split_docs);
  fs::path extra = dir_ / "extra.txt";
  {
    std::ofstream f(extra);
    f << "MINSK, March 3 - Alyaksandr Lukashenka met factory workers on Friday, state media said. "
         "Lukashenka promised higher wages.\n";
  }
  ASSERT_EQ(RunBin({bin_, "ingest", "--db", db, "--quiet", extra.string()}), 0);
  EXPECT_EQ(count_docs(created), split_docs + 1);

  // Merging back joins everything; the old id leads to the merged entity.
  ASSERT_EQ(
      RunBin({bin_, "merge", "--db", db, "#" + std::to_string(created), "#" + std::to_string(id)}),
      0);
  EXPECT_EQ(count_docs(id), joined["documents"].get<size_t>() + 1);
  EXPECT_EQ(entity("#" + std::to_string(created))["id"], id);
  // Bad requests are one-line errors and change nothing.
  EXPECT_NE(RunBin({bin_, "merge", "--db", db, "#" + std::to_string(id), "#" + std::to_string(id)}),
            0);
  EXPECT_NE(RunBin({bin_, "split", "--db", db, "#" + std::to_string(id)}), 0);
  EXPECT_NE(RunBin({bin_, "merge", "--db", db, "No Such Person", "#" + std::to_string(id)}), 0);
  EXPECT_EQ(count_docs(id), joined["documents"].get<size_t>() + 1);
}

// The query commands on a store of generated articles: what names nothing, or no real date or
// status, is a one-line error on stderr and an exit code, never an answer to another question.
TEST_F(IngestTest, QueryCommandsRefuseWhatNamesNothing) {
  const fs::path corpus = dir_ / "corpus.jsonl";
  WriteCorpus(corpus, 40);
  const std::string db = (dir_ / "q.db").string();
  ASSERT_EQ(RunBin({bin_, "ingest", "--db", db, "--quiet", corpus.string()}), 0);
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin() + 1, {"--db", db});
    return mosaic::testing::RunMosaic(args);
  };
  auto one_line = [](const std::string& err) {
    return std::count(err.begin(), err.end(), '\n') == 1 && err.rfind("mosaic: ", 0) == 0;
  };
  // An empty name used to show the most mentioned entity's profile.
  for (const std::string nothing : {"", "  ", "-"}) {
    auto r = run({"entity", nothing});
    EXPECT_EQ(r.exit_code, 1) << "'" << nothing << "'";
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_TRUE(one_line(r.err)) << r.err;
    EXPECT_NE(r.err.find("no entity named '" + nothing + "'"), std::string::npos) << r.err;
    auto p = run({"path", nothing, "Bakhmut"});
    EXPECT_EQ(p.exit_code, 1);
    EXPECT_TRUE(one_line(p.err)) << p.err;
  }
  // Dates of the right shape that are not dates, a backwards range, an unknown status: exit 2.
  for (const auto& bad :
       std::vector<std::vector<std::string>>{{"--from", "2023-13-45"},
                                             {"--to", "2023-02-30"},
                                             {"--from", "2023-07", "--to", "2023-06"},
                                             {"--status", "rumoured"}}) {
    std::vector<std::string> args = {"events"};
    args.insert(args.end(), bad.begin(), bad.end());
    auto r = run(args);
    EXPECT_EQ(r.exit_code, 2) << bad[1];
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_TRUE(one_line(r.err)) << r.err;
    const std::string named = "mosaic: events: " + bad[0];  // the option the user typed
    EXPECT_TRUE(r.err.rfind(named + ":", 0) == 0 || r.err.rfind(named + " ", 0) == 0) << r.err;
  }
  // A type that is not an entity type is refused too, where it used to list nothing.
  auto types = run({"entities", "--type", "persons"});
  EXPECT_EQ(types.exit_code, 2);
  EXPECT_TRUE(types.out.empty()) << types.out;
  EXPECT_EQ(types.err,
            "mosaic: entities: --type: 'persons' is not an entity type; expected one of person, "
            "organization, place, group\n");
  // The real ones still answer: the dated events, every one of them in 2023 in these articles.
  auto in_2023 = run({"events", "--json", "--limit", "0", "--from", "2023-01", "--to", "2023-12"});
  ASSERT_EQ(in_2023.exit_code, 0) << in_2023.err;
  auto all = run({"events", "--json", "--limit", "0"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  size_t dated = 0;
  for (const auto& line : mosaic::testing::Lines(all.out)) {
    auto e = nlohmann::json::parse(line);
    if (e["date"].is_null()) continue;
    ++dated;
    EXPECT_EQ(e["date"]["start"].get<std::string>().substr(0, 4), "2023") << line;
  }
  EXPECT_GT(dated, 0u);
  EXPECT_EQ(mosaic::testing::Lines(in_2023.out).size(), dated);
  // A count that is not a whole number in range names its bound plainly.
  for (const auto& bad :
       std::vector<std::vector<std::string>>{{"search", "Bakhmut", "--limit", "0"},
                                             {"events", "--limit", "-1"},
                                             {"entities", "--limit", "99999999999"}}) {
    auto r = run(bad);
    EXPECT_EQ(r.exit_code, 2) << bad[0];
    EXPECT_NE(r.err.find("--limit: expected a whole number from "), std::string::npos) << r.err;
    EXPECT_LT(r.err.size(), 200u) << r.err;
  }
  // export takes the events filters for its event formats, refuses them for the others, and
  // writes nothing when the store refuses one.
  for (const auto& bad : std::vector<std::vector<std::string>>{
           {"export", "--format", "graphml", "--from", "2023"},
           {"export", "--format", "csv", "--from", "2023-13"},
           {"export", "--format", "geojson", "--near", "91,0,10"}}) {
    auto r = run(bad);
    EXPECT_EQ(r.exit_code, 2) << bad[2] << " " << bad[4];
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_TRUE(one_line(r.err)) << r.err;
  }
  auto csv_2023 = run({"export", "--format", "csv", "--from", "2023-01", "--to", "2023-12"});
  ASSERT_EQ(csv_2023.exit_code, 0) << csv_2023.err;
  // The header and the dated events.
  EXPECT_EQ(mosaic::testing::Lines(csv_2023.out).size(), dated + 1);
  // -o FILE: a refused export leaves an earlier file as it was; a whole one replaces it; no
  // partial file is left beside it either way.
  const fs::path file = dir_ / "events.csv";
  { std::ofstream(file) << "last week's export\n"; }
  auto refused = run({"export", "--format", "csv", "--from", "2023-13", "-o", file.string()});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(mosaic::testing::ReadFile(file), "last week's export\n");
  auto whole = run({"export", "--format", "csv", "--from", "2023", "-o", file.string()});
  EXPECT_EQ(whole.exit_code, 0) << whole.err;
  EXPECT_EQ(mosaic::testing::ReadFile(file), csv_2023.out);
  for (const auto& e : fs::directory_iterator(dir_)) {
    EXPECT_EQ(e.path().filename().string().find(".part"), std::string::npos) << e.path();
  }
  // One entity at both ends of a path is said to be one, not "no connection".
  auto same = run({"path", "Bakhmut", "bakhmut"});
  EXPECT_EQ(same.exit_code, 0) << same.err;
  EXPECT_NE(same.out.find("name the same entity"), std::string::npos) << same.out;
}

// Extraction elsewhere, merge here: `extract --with-text` output ingested with --docgraphs gives
// the same graph as ingesting the articles. Damaged lines are refused one by one, by file and line.
TEST_F(IngestTest, DocGraphsFromExtractMergeLikeTheArticles) {
  WriteCorpus(dir_ / "corpus.jsonl", 120);
  auto ex = mosaic::testing::RunMosaic(
      {"extract", "--with-text", "--threads", "2", (dir_ / "corpus.jsonl").string()});
  ASSERT_EQ(ex.exit_code, 0) << ex.err;
  auto lines = mosaic::testing::Lines(ex.out);
  ASSERT_EQ(lines.size(), 120u);
  // Line 41 is cut short, line 82 names a mention that is not in its text.
  std::string damaged = lines[80];
  auto at = damaged.find("\"mentions\":[{\"start\":");
  ASSERT_NE(at, std::string::npos);
  damaged.insert(at + 22, "9");  // start 12 -> 912...: past the text or not its slice
  std::ofstream out(dir_ / "graphs.jsonl");
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i == 40) out << lines[i].substr(0, lines[i].size() / 2) << "\n";
    if (i == 80) out << damaged << "\n";
    out << lines[i] << "\n";
  }
  out.close();

  const std::string a = (dir_ / "articles.db").string(), b = (dir_ / "graphs.db").string();
  ASSERT_EQ(RunBin({bin_, "ingest", "--quiet", "--db", a, (dir_ / "corpus.jsonl").string()}), 0);
  auto r = mosaic::testing::RunMosaic({"ingest", "--quiet", "--docgraphs", "--threads", "2", "--db",
                                       b, (dir_ / "graphs.jsonl").string()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto errors = mosaic::testing::Lines(r.err);
  ASSERT_EQ(errors.size(), 3u) << r.err;  // two lines, then the failure count
  EXPECT_NE(errors[0].find("graphs.jsonl:41: not valid JSON"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("graphs.jsonl:82: entities[0].mentions[0]"), std::string::npos)
      << errors[1];
  for (const char* format : {"csv", "graphml", "ftm", "geojson"}) {
    std::string from_articles, from_graphs;
    ASSERT_EQ(RunBin({bin_, "export", "--db", a, "--format", format}, &from_articles), 0);
    ASSERT_EQ(RunBin({bin_, "export", "--db", b, "--format", format}, &from_graphs), 0);
    EXPECT_FALSE(from_articles.empty());
    EXPECT_EQ(from_articles, from_graphs) << format;
  }
  EXPECT_EQ(SqlInt(b, "SELECT COUNT(*) FROM documents"), 120);
  EXPECT_EQ(PartialDocuments(b), 0);
  // The stored graphs give back what `extract` wrote, byte for byte, with and without the text.
  auto bare = mosaic::testing::RunMosaic({"extract", (dir_ / "corpus.jsonl").string()});
  ASSERT_EQ(bare.exit_code, 0) << bare.err;
  for (const std::string& db : {a, b}) {
    std::string with_text, without;
    ASSERT_EQ(RunBin({bin_, "export", "--db", db, "--format", "jsonl", "--with-text"}, &with_text),
              0);
    ASSERT_EQ(RunBin({bin_, "export", "--db", db, "--format", "jsonl"}, &without), 0);
    EXPECT_EQ(with_text, ex.out) << db;
    EXPECT_EQ(without, bare.out) << db;
  }
  // Re-ingesting the graphs changes nothing.
  ASSERT_EQ(RunBin({bin_, "ingest", "--quiet", "--docgraphs", "--db", b,
                    (dir_ / "graphs.jsonl").string()}),
            1);
  EXPECT_EQ(SqlInt(b, "SELECT COUNT(*) FROM documents"), 120);
}

}  // namespace
}  // namespace mosaic::store
