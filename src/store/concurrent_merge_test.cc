// Two writers merging the same names into one PostgreSQL graph at once (mosaic worker): the second
// waits for the first's locks, then joins its entities and documents instead of creating them
// again. Needs MOSAIC_TEST_PG (skipped otherwise). No timing is asserted: the check that the
// second writer is still waiting holds whatever the machine's speed, since it cannot finish before
// the first commits.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "mosaic/store.h"
#include "store/test_graphs.h"

namespace mosaic::store {
namespace {

using testing::GraphBuilder;
using testing::TestDb;

std::unique_ptr<Store> OpenOrDie(const std::string& url) {
  auto s = Store::Open(url, {});
  EXPECT_TRUE(s.ok()) << s.status().message();
  return s.ok() ? std::move(s.value()) : nullptr;
}

DocGraph Report(const std::string& text, const std::string& url) {
  GraphBuilder b(text, url);
  b.Entity("person", "", "Alexei Milchakov", {"Alexei Milchakov"});
  b.Entity("organization", "armed_group", "Rusich", {"Rusich"});
  return b.graph();
}

// `upfront`: the writers call LockForMerge after Begin (as the worker does); else Put locks alone.
void MergeAtOnce(bool upfront, bool same_text) {
  TestDb db("postgresql");
  if (!db.available()) GTEST_SKIP() << testing::PgSkipMessage();
  auto first = OpenOrDie(db.url());
  auto second = OpenOrDie(db.url());
  ASSERT_TRUE(first && second);
  DocGraph g1 = Report("Alexei Milchakov of Rusich trained volunteers.", "https://a.example/1");
  DocGraph g2 = same_text
                    ? g1
                    : Report("Rusich, led by Alexei Milchakov, moved east.", "https://a.example/2");

  ASSERT_TRUE(first->Begin().ok());
  if (upfront) {
    ASSERT_TRUE(first->LockForMerge({&g1}).ok());
  }
  auto r1 = first->Put(g1);
  ASSERT_TRUE(r1.ok()) << r1.status().message();

  std::atomic<bool> done{false};
  Result<PutOutcome> r2 = Status::Internal("not run");
  Status commit2 = Status::Internal("not run");
  std::thread other([&] {
    Status st = second->Begin();
    if (st.ok() && upfront) st = second->LockForMerge({&g2});
    if (st.ok()) {
      r2 = second->Put(g2);
      commit2 = second->Commit();
    }
    done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(done) << "the second writer did not wait for the first one's names";
  ASSERT_TRUE(first->Commit().ok());
  other.join();
  ASSERT_TRUE(r2.ok()) << r2.status().message();
  ASSERT_TRUE(commit2.ok()) << commit2.message();
  EXPECT_EQ(*r2, same_text ? PutOutcome::kUnchanged : PutOutcome::kAdded);

  auto people = first->FindEntities("Alexei Milchakov");
  ASSERT_TRUE(people.ok());
  ASSERT_EQ(people->size(), 1u) << "one person, not one per writer";
  EXPECT_EQ((*people)[0].documents, same_text ? 1 : 2);
  auto stats = first->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->entities, 2);
  EXPECT_EQ(stats->documents, same_text ? 1 : 2);
}

TEST(StoreConcurrencyTest, PutLocksTheNamesItResolves) { MergeAtOnce(false, false); }
TEST(StoreConcurrencyTest, LockForMergeUpFrontLikeTheWorker) { MergeAtOnce(true, false); }
TEST(StoreConcurrencyTest, SameDocumentTwiceAtOnceIsMergedOnce) { MergeAtOnce(true, true); }

}  // namespace
}  // namespace mosaic::store
