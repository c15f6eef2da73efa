// FolderWatcher tests on a temporary folder: files present at start, files written, moved in and
// created in new subfolders while watching, temporary names ignored, Stop() from another thread,
// and restarts (a kill before MarkDone hands the file out again; done files never come back
// unless rewritten; a torn ledger line is tolerated).
#include "readers/watch.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <thread>

#include "test_util.h"

namespace mosaic::readers {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string NextOrEmpty(FolderWatcher& w, std::chrono::milliseconds timeout = 3000ms) {
  auto r = w.Next(timeout);
  EXPECT_TRUE(r.ok()) << r.status().message();
  if (!r.ok() || !r.value()) return "";
  return *r.value();
}

TEST(FolderWatcher, ExistingFilesThenNewOnesEachOnce) {
  testing::TempDir tmp;
  fs::create_directories(tmp / "in" / "old");
  const std::string dir = (tmp / "in").string();
  testing::WriteFile(tmp / "in" / "b.txt", "B");
  testing::WriteFile(tmp / "in" / "a.txt", "A");
  testing::WriteFile(tmp / "in" / "old" / "c.warc", "C");
  testing::WriteFile(tmp / "in" / ".hidden", "H");
  testing::WriteFile(tmp / "in" / "partial.part", "P");
  testing::WriteFile(tmp / "in" / "README.md", "R");
  WatchOptions o;
  o.ledger_path = (tmp / "seen.ledger").string();
  auto w = FolderWatcher::Open(dir, o);
  ASSERT_TRUE(w.ok()) << w.status().message();
  FolderWatcher& watcher = *w.value();
  EXPECT_EQ(NextOrEmpty(watcher), dir + "/a.txt");
  EXPECT_EQ(NextOrEmpty(watcher), dir + "/b.txt");
  EXPECT_EQ(NextOrEmpty(watcher), dir + "/old/c.warc");
  EXPECT_EQ(NextOrEmpty(watcher, 100ms), "");  // nothing else: ignored names stay ignored
  for (const char* f : {"a.txt", "b.txt", "old/c.warc"}) {
    ASSERT_TRUE(watcher.MarkDone(dir + "/" + f).ok());
  }

  // Written while watching: handed out once it is closed.
  testing::WriteFile(tmp / "in" / "new.jsonl", "{\"text\": \"x\"}\n");
  EXPECT_EQ(NextOrEmpty(watcher), dir + "/new.jsonl");
  // Moved in from elsewhere (how downloaders publish complete files).
  testing::WriteFile(tmp / "staging.xml", "<rss/>");
  fs::rename(tmp / "staging.xml", tmp / "in" / "feed.xml");
  EXPECT_EQ(NextOrEmpty(watcher), dir + "/feed.xml");
  // A subfolder created while watching, with a file inside.
  fs::create_directories(tmp / "in" / "2023" / "05");
  testing::WriteFile(tmp / "in" / "2023" / "05" / "crawl.warc.gz", "gz");
  EXPECT_EQ(NextOrEmpty(watcher), dir + "/2023/05/crawl.warc.gz");
  // Temporary names are ignored until renamed to their final name.
  testing::WriteFile(tmp / "in" / "dl.crdownload", "partial");
  EXPECT_EQ(NextOrEmpty(watcher, 200ms), "");
  fs::rename(tmp / "in" / "dl.crdownload", tmp / "in" / "dl.html");
  EXPECT_EQ(NextOrEmpty(watcher), dir + "/dl.html");
  EXPECT_EQ(NextOrEmpty(watcher, 100ms), "");
}

TEST(FolderWatcher, RestartHandsOutOnlyWhatWasNotDone) {
  testing::TempDir tmp;
  fs::create_directories(tmp / "in");
  const std::string dir = (tmp / "in").string();
  WatchOptions o;
  o.ledger_path = (tmp / "in" / ".mosaic-ledger").string();  // inside, hidden: never handed out
  for (const char* f : {"1.txt", "2.txt", "3.txt"}) testing::WriteFile(tmp / "in" / f, f);
  {
    auto w = FolderWatcher::Open(dir, o);
    ASSERT_TRUE(w.ok());
    EXPECT_EQ(NextOrEmpty(*w.value()), dir + "/1.txt");
    ASSERT_TRUE(w.value()->MarkDone(dir + "/1.txt").ok());
    EXPECT_EQ(NextOrEmpty(*w.value()), dir + "/2.txt");
    // "Killed" here: 2.txt was handed out but never marked done.
  }
  {
    auto w = FolderWatcher::Open(dir, o);
    ASSERT_TRUE(w.ok());
    EXPECT_EQ(w.value()->done_count(), 1u);
    EXPECT_EQ(NextOrEmpty(*w.value()), dir + "/2.txt");
    ASSERT_TRUE(w.value()->MarkDone(dir + "/2.txt").ok());
    EXPECT_EQ(NextOrEmpty(*w.value()), dir + "/3.txt");
    ASSERT_TRUE(w.value()->MarkDone(dir + "/3.txt").ok());
    EXPECT_EQ(NextOrEmpty(*w.value(), 100ms), "");
  }
  // A torn last line (killed mid-append) and a rewritten file.
  {
    std::FILE* f = std::fopen(o.ledger_path.c_str(), "ab");
    std::fputs("12\t345", f);
    std::fclose(f);
  }
  std::this_thread::sleep_for(20ms);  // a new mtime even on coarse clocks
  testing::WriteFile(tmp / "in" / "3.txt", "rewritten with more text");
  {
    auto w = FolderWatcher::Open(dir, o);
    ASSERT_TRUE(w.ok()) << w.status().message();
    EXPECT_EQ(NextOrEmpty(*w.value()), dir + "/3.txt");
    EXPECT_EQ(NextOrEmpty(*w.value(), 100ms), "");
  }
}

TEST(FolderWatcher, StopWakesABlockedNext) {
  testing::TempDir tmp;
  auto w = FolderWatcher::Open(tmp.path().string(), {});
  ASSERT_TRUE(w.ok());
  auto start = std::chrono::steady_clock::now();
  std::thread stopper([&] {
    std::this_thread::sleep_for(100ms);
    w.value()->Stop();
  });
  auto r = w.value()->Next(30s);
  stopper.join();
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.value().has_value());
  EXPECT_TRUE(w.value()->stopped());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
}

TEST(FolderWatcher, Errors) {
  testing::TempDir tmp;
  auto missing = FolderWatcher::Open((tmp / "nope").string(), {});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("not a directory"), std::string::npos);
  WatchOptions o;
  o.ledger_path = (tmp / "no" / "such" / "dir" / "ledger").string();
  auto bad_ledger = FolderWatcher::Open(tmp.path().string(), o);
  EXPECT_FALSE(bad_ledger.ok());
}

}  // namespace
}  // namespace mosaic::readers
