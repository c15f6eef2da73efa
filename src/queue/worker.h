// Worker: documents from a Redis stream (a consumer group) -> Pipeline -> Store, acknowledged only
// after the transaction that merged them committed.
//
// Delivery is at-least-once and the effect exactly-once: a message is acknowledged after its
// document is committed, so a worker killed in between leaves it pending, another worker claims it
// once it has been idle `min_idle_ms` (XAUTOCLAIM), and merging it again is a no-op because the
// store keys documents by content hash. A message no retry can fix (not JSON, no text) goes to the
// dead-letter stream STREAM:dead at once; one whose extraction or merge fails is retried until it
// has been delivered `max_attempts` times, then dead-lettered. Dead-lettering appends the message
// with its error, then acknowledges it, so a poison message never blocks the queue.
//
// A batch is: read up to `batch` messages, extract them (on `threads` threads), merge them in one
// transaction, commit, acknowledge. A broken Redis connection is reopened (for up to
// `redis_retry_seconds`); acknowledgements that failed are resent after the reconnect. A document
// whose merge fails is undone alone and counts as a failed attempt of its message; a failed BEGIN
// or COMMIT (the database itself failing) stops the worker, its messages pending for the others.
//
// Not thread-safe: Run() drives the queue, store and pipeline from the calling thread (plus the
// extraction threads it starts). `stop` may be set from a signal handler.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "mosaic/pipeline.h"
#include "mosaic/store.h"
#include "queue/redis_stream.h"

namespace mosaic::queue {

struct WorkerOptions {
  std::string group = "mosaic";  // consumer group
  std::string consumer;          // this worker's name in the group; "" = HOSTNAME-PID
  int batch = 64;                // messages per transaction
  int threads = 1;               // extraction threads
  int block_ms = 1000;           // longest wait for new messages (also how often `stop` is seen)
  // A message pending this long with another consumer is presumed lost with it and claimed.
  // Must exceed the longest batch (extraction + merge), else live workers' messages are taken
  // over and processed twice (harmless, but wasted). Default 60 s.
  int64_t min_idle_ms = 60000;
  int max_attempts = 5;               // deliveries before a failing message is dead-lettered
  int redis_retry_seconds = 60;       // how long a lost Redis connection is retried
  bool drain = false;                 // return once nothing is new or pending in the group
  bool keep = false;                  // keep acknowledged messages in the stream (else XDEL)
  std::string dead_suffix = ":dead";  // dead-letter stream = STREAM + this
};

struct WorkerCounters {
  uint64_t messages = 0;  // messages handled (merged, unchanged or dead-lettered)
  uint64_t added = 0, unchanged = 0, versions = 0;
  uint64_t known = 0;              // of `unchanged`: stored texts not extracted again
  uint64_t dead = 0;               // dead-lettered
  uint64_t retries = 0;            // failures left pending for another attempt
  uint64_t claimed = 0;            // messages taken over from other consumers
  uint64_t removed_consumers = 0;  // idle consumers with nothing pending, removed from the group
  uint64_t batches = 0;
};

class Worker {
 public:
  // All three must outlive the worker.
  Worker(RedisStream& queue, Store& store, const Pipeline& pipeline, WorkerOptions options);

  // Processes batches until `stop` is set (checked between batches: the current batch finishes
  // and is acknowledged) or, with `drain`, until the group has nothing new or pending. Returns OK,
  // or the error that stopped it (the store failed; Redis unreachable for redis_retry_seconds).
  Status Run(const std::atomic<bool>& stop);

  const WorkerCounters& counters() const { return counters_; }
  const std::string& consumer() const { return options_.consumer; }

 private:
  struct Item;
  Status ProcessBatch(std::vector<StreamMessage> messages);
  // Merges `items` (extracted; `graphs` are theirs) in one transaction and acknowledges them;
  // `failed` judges an item whose extraction or merge failed.
  Status MergeGroup(std::span<const Item> items, const std::vector<const DocGraph*>& graphs,
                    const std::function<void(const Item&, const std::string&)>& failed);
  Status Reconnect(const std::atomic<bool>& stop);
  Status AckPending();
  Status DeadLetter(const StreamMessage& m, const std::string& error);

  RedisStream& queue_;
  Store& store_;
  const Pipeline& pipeline_;
  WorkerOptions options_;
  WorkerCounters counters_;
  std::vector<std::string> unacked_;  // committed, acknowledgement not yet confirmed by Redis
};

}  // namespace mosaic::queue
