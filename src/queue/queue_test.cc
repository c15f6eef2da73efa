// The queue's pieces: URL parsing, the message format, and the stream commands against a real
// redis-server ($MOSAIC_TEST_REDIS, started by scripts/redis_test_server.sh; skipped when unset).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "queue/doc_message.h"
#include "queue/redis_stream.h"

namespace mosaic::queue {
namespace {

// The value of a count, or -1 (and a failure) when the command failed.
int64_t Num(const Result<int64_t>& r) {
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? r.value() : -1;
}

TEST(QueueUrlTest, ParsesHostPortStreamAndPassword) {
  auto u = ParseQueueUrl("redis://127.0.0.1:6380/articles");
  ASSERT_TRUE(u.ok()) << u.status().message();
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 6380);
  EXPECT_EQ(u->stream, "articles");
  auto p = ParseQueueUrl("redis://:secret@queue.local/news:in");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->port, 6379);
  EXPECT_EQ(p->password, "secret");
  EXPECT_EQ(p->stream, "news:in");
  EXPECT_EQ(p->Shown().find("secret"), std::string::npos);
}

TEST(QueueUrlTest, RefusesBadUrlsWithOneLine) {
  for (const char* bad : {"http://h:1/s", "redis://h:1", "redis://h:1/", "redis://:1/s",
                          "redis://h:x/s", "redis://h:70000/s", "redis://h/a b"}) {
    auto u = ParseQueueUrl(bad);
    ASSERT_FALSE(u.ok()) << bad;
    EXPECT_NE(u.status().message().find(bad), std::string::npos) << u.status().message();
    EXPECT_EQ(u.status().message().find('\n'), std::string::npos);
  }
}

TEST(QueueMessageTest, RoundTripsEveryField) {
  Document d;
  d.text = "Fighters of the Northern Legion shelled Kupiansk. «Quoted» text.";
  d.id = ContentId(d.text);
  d.url = "https://example.org/a";
  d.title = "A title";
  d.published = "2023-06-01";
  d.published_source = "meta";
  d.source = "feed.jsonl:3";
  d.external_id = "x-1";
  auto back = DecodeDocument(EncodeDocument(d));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->id, d.id);
  EXPECT_EQ(back->text, d.text);
  EXPECT_EQ(back->url, d.url);
  EXPECT_EQ(back->title, d.title);
  EXPECT_EQ(back->published, d.published);
  EXPECT_EQ(back->published_source, d.published_source);
  EXPECT_EQ(back->source, d.source);
  EXPECT_EQ(back->external_id, d.external_id);
}

TEST(QueueMessageTest, RefusesWhatNoRetryCanFix) {
  for (const char* bad : {"not json", "[1]", "{}", R"({"text": ""})", R"({"text": 5})",
                          R"({"text": "a", "url": 3})", "{\"text\": \"\xff\"}"}) {
    auto d = DecodeDocument(bad);
    EXPECT_FALSE(d.ok()) << bad;
    EXPECT_EQ(d.status().code(), StatusCode::kInvalidInput);
  }
}

class QueueRedisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* base = std::getenv("MOSAIC_TEST_REDIS");
    if (!base || !*base) {
      GTEST_SKIP() << "MOSAIC_TEST_REDIS is not set: Redis tests skipped (start one with "
                      "scripts/redis_test_server.sh and export MOSAIC_TEST_REDIS=URL)";
    }
    static int n = 0;
    auto url = ParseQueueUrl(std::string(base) + "/mosaic-unit-" + std::to_string(getpid()) + "-" +
                             std::to_string(n++));
    ASSERT_TRUE(url.ok()) << url.status().message();
    auto q = RedisStream::Connect(*url, {});
    ASSERT_TRUE(q.ok()) << q.status().message();
    q_ = std::move(q.value());
    auto r = q_->Command({"DEL", q_->stream(), q_->stream() + ":dead"});
    ASSERT_TRUE(r.ok());
    FreeReply(*r);
  }
  void TearDown() override {
    if (!q_) return;
    auto r = q_->Command({"DEL", q_->stream(), q_->stream() + ":dead"});
    if (r.ok()) FreeReply(*r);
  }
  std::unique_ptr<RedisStream> q_;
};

TEST_F(QueueRedisTest, DeliversAcksClaimsAndDeadLetters) {
  ASSERT_TRUE(q_->EnsureGroup("g").ok());
  ASSERT_TRUE(q_->EnsureGroup("g").ok()) << "an existing group is fine";
  auto ids = q_->Add({{{"doc", "a"}}, {{"doc", "b"}}, {{"doc", "c"}}});
  ASSERT_TRUE(ids.ok()) << ids.status().message();
  ASSERT_EQ(ids->size(), 3u);

  auto first = q_->ReadGroup("g", "w1", 10, 10);
  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_EQ(first->size(), 3u);
  EXPECT_EQ(*(*first)[1].Field("doc"), "b");
  auto none = q_->ReadGroup("g", "w2", 10, 10);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty()) << "delivered messages are not delivered again as new";
  EXPECT_EQ(Num(q_->PendingCount("g")), 3);

  // w1 acknowledges one and "dies" holding two: w2 claims them, each now delivered twice.
  ASSERT_TRUE(q_->Ack("g", {(*first)[0].id}, /*keep=*/false).ok());
  EXPECT_EQ(Num(q_->Length(q_->stream())), 2) << "acknowledged messages are deleted";
  auto claimed = q_->AutoClaim("g", "w2", 0, 10);
  ASSERT_TRUE(claimed.ok()) << claimed.status().message();
  ASSERT_EQ(claimed->size(), 2u);
  EXPECT_EQ((*claimed)[0].deliveries, 2);

  // w2 dead-letters one with its error and acknowledges the other.
  ASSERT_TRUE(q_->DeadLetter("g", (*claimed)[0].id, {{"error", "bad"}, {"doc", "b"}},
                             q_->stream() + ":dead", false)
                  .ok());
  ASSERT_TRUE(q_->Ack("g", {(*claimed)[1].id}, false).ok());
  EXPECT_EQ(Num(q_->PendingCount("g")), 0);
  EXPECT_EQ(Num(q_->Length(q_->stream())), 0);
  EXPECT_EQ(Num(q_->Length(q_->stream() + ":dead")), 1);
}

TEST_F(QueueRedisTest, ConsumerReadsItsOwnPendingHistoryAfterARestart) {
  ASSERT_TRUE(q_->EnsureGroup("g").ok());
  ASSERT_TRUE(q_->Add({{{"doc", "a"}}}).ok());
  ASSERT_EQ(q_->ReadGroup("g", "w1", 10, 10)->size(), 1u);
  auto again = q_->ReadGroup("g", "w1", 10, 0, /*history=*/true);
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ(*(*again)[0].Field("doc"), "a");
}

TEST(QueueRedisConnectTest, UnreachableServerIsOneLineError) {
  auto url = ParseQueueUrl("redis://127.0.0.1:1/s");
  ASSERT_TRUE(url.ok());
  auto q = RedisStream::Connect(*url, {});
  ASSERT_FALSE(q.ok());
  EXPECT_NE(q.status().message().find("cannot connect"), std::string::npos);
  EXPECT_EQ(q.status().message().find('\n'), std::string::npos);
}

}  // namespace
}  // namespace mosaic::queue
