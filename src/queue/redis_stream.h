// A Redis stream used as a work queue with one consumer group: the few stream commands `mosaic
// enqueue` and `mosaic worker` need, over hiredis (blocking API).
//
// Delivery is at-least-once: a message read by a consumer stays in the group's pending entries list
// (PEL) until it is acknowledged; a consumer that dies holding messages loses nothing, since others
// claim them once idle long enough (AutoClaim). Acknowledgement and deletion of a handled message
// are atomic (MULTI/EXEC); a dead letter is written before its message is acknowledged.
//
// Errors: a failed command returns a Status; when the connection itself broke (server restarted,
// network) `connected()` turns false and Reconnect() opens a fresh one. The stream, its group and
// its PEL live in the server, so a reconnect resumes where the last acknowledged message left off.
//
//   auto url = ParseQueueUrl("redis://127.0.0.1:6379/articles");
//   auto q = RedisStream::Connect(*url, {});
//   (*q)->EnsureGroup("mosaic");
//   auto batch = (*q)->ReadGroup("mosaic", "worker-1", 64, 1000);
//
// Not thread-safe: one RedisStream per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "mosaic/status.h"

struct redisContext;
struct redisReply;

namespace mosaic::queue {

// redis://[[USER]:PASSWORD@]HOST[:PORT]/STREAM. The path is the stream's key (not a database number
// as in other Redis URLs); the port defaults to 6379.
struct QueueUrl {
  std::string host;
  int port = 6379;
  std::string user, password;
  std::string stream;
  // The URL without its password, for messages.
  std::string Shown() const;
};

Result<QueueUrl> ParseQueueUrl(const std::string& url);

struct StreamMessage {
  std::string id;                                           // "1700000000000-0"
  std::vector<std::pair<std::string, std::string>> fields;  // in the order they were added
  int64_t deliveries = 1;  // how many times the group has delivered it (XPENDING's count)
  // The value of `name`, or nullptr.
  const std::string* Field(const std::string& name) const;
};

struct RedisOptions {
  int connect_timeout_ms = 5000;
  // Socket timeout for every command; must exceed the longest BLOCK of a read.
  int command_timeout_ms = 30000;
};

class RedisStream {
 public:
  static Result<std::unique_ptr<RedisStream>> Connect(const QueueUrl& url,
                                                      const RedisOptions& options);
  ~RedisStream();
  RedisStream(const RedisStream&) = delete;  // owns a connection
  RedisStream& operator=(const RedisStream&) = delete;

  const QueueUrl& url() const { return url_; }
  const std::string& stream() const { return url_.stream; }
  // False once a command found the connection broken; Reconnect() then opens a new one.
  bool connected() const { return ctx_ != nullptr; }
  Status Reconnect();

  // Creates `group` (reading from the start of the stream, creating the stream if absent); a
  // group that exists already is fine.
  Status EnsureGroup(const std::string& group);

  // Appends messages (each a list of field/value pairs) in one round trip; returns their ids.
  Result<std::vector<std::string>> Add(
      const std::vector<std::vector<std::pair<std::string, std::string>>>& messages);
  Result<std::string> AddTo(const std::string& stream,
                            const std::vector<std::pair<std::string, std::string>>& fields);

  // XREADGROUP: up to `count` messages never delivered to the group (`history` = false) or this
  // consumer's own pending ones (`history` = true, no blocking), waiting up to `block_ms` for new
  // ones. Empty when there are none.
  Result<std::vector<StreamMessage>> ReadGroup(const std::string& group,
                                               const std::string& consumer, int count, int block_ms,
                                               bool history = false);
  // XAUTOCLAIM: takes over up to `count` messages pending for at least `min_idle_ms` (with any
  // consumer) and returns them with their delivery counts. Pending entries whose message was
  // deleted are dropped from the PEL by the server.
  Result<std::vector<StreamMessage>> AutoClaim(const std::string& group,
                                               const std::string& consumer, int64_t min_idle_ms,
                                               int count);
  // Fills `deliveries` of each message from the PEL (XPENDING), in one round trip.
  Status LoadDeliveries(const std::string& group, std::vector<StreamMessage>* messages);
  // XACK (and XDEL unless `keep`) of the given ids, atomically.
  Status Ack(const std::string& group, const std::vector<std::string>& ids, bool keep);
  // Appends `fields` to `dead_stream`, then acknowledges (and deletes unless `keep`) `id`.
  Status DeadLetter(const std::string& group, const std::string& id,
                    const std::vector<std::pair<std::string, std::string>>& fields,
                    const std::string& dead_stream, bool keep);
  // Messages delivered to the group and not yet acknowledged (XPENDING summary).
  Result<int64_t> PendingCount(const std::string& group);
  // Removes (XGROUP DELCONSUMER) the group's consumers other than `keep` that hold no pending
  // message and have been idle at least `min_idle_ms`: workers that died or were stopped for good,
  // whose messages were already claimed. Harmless for a live one (a consumer is re-created by its
  // next read). Returns the names removed.
  Result<std::vector<std::string>> RemoveIdleConsumers(const std::string& group,
                                                       const std::string& keep,
                                                       int64_t min_idle_ms);
  // XLEN of any stream.
  Result<int64_t> Length(const std::string& stream);

  // Runs one command (binary-safe arguments); the reply is freed by the caller with FreeReply.
  // nullptr with a Status when the command failed or the server answered with an error.
  Result<redisReply*> Command(const std::vector<std::string>& args);

 private:
  RedisStream(QueueUrl url, RedisOptions options) : url_(std::move(url)), options_(options) {}
  Status Open();
  Status Broken(const std::string& what);

  QueueUrl url_;
  RedisOptions options_;
  redisContext* ctx_ = nullptr;
};

void FreeReply(redisReply* reply);

}  // namespace mosaic::queue
