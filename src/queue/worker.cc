#include "queue/worker.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <functional>
#include <iostream>
#include <optional>
#include <span>
#include <thread>

#include "mosaic/document.h"
#include "queue/doc_message.h"
#include "util/ordered_pool.h"

namespace mosaic::queue {

namespace {

using Clock = std::chrono::steady_clock;

std::string DefaultConsumer() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0 || !host[0]) std::snprintf(host, sizeof host, "host");
  return std::string(host) + "-" + std::to_string(getpid());
}

void Log(const std::string& line) { std::cerr << "mosaic: worker: " << line << "\n"; }

// Errors a Redis server answers while it cannot serve yet (loading its data after a restart,
// busy with a script, a replica without its primary): wait and retry, as for a lost connection.
bool IsTransient(const Status& st) {
  for (const char* code : {"LOADING", "BUSY", "TRYAGAIN", "MASTERDOWN", "CLUSTERDOWN"}) {
    if (st.message().find(std::string(": ") + code) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

struct Worker::Item {
  StreamMessage message;
  Document doc;
  std::optional<DocGraph> graph;
  std::string error;   // extraction failure
  bool known = false;  // the store holds this text already: unchanged, not extracted
};

Worker::Worker(RedisStream& queue, Store& store, const Pipeline& pipeline, WorkerOptions options)
    : queue_(queue), store_(store), pipeline_(pipeline), options_(std::move(options)) {
  if (options_.consumer.empty()) options_.consumer = DefaultConsumer();
}

Status Worker::Reconnect(const std::atomic<bool>& stop) {
  auto deadline = Clock::now() + std::chrono::seconds(options_.redis_retry_seconds);
  auto wait = std::chrono::milliseconds(100);
  Status last = Status::IoError("redis " + queue_.url().Shown() + ": not connected");
  while (!stop) {
    if (queue_.connected() || (last = queue_.Reconnect()).ok()) {
      last = queue_.EnsureGroup(options_.group);
      if (last.ok()) return last;
      if (queue_.connected() && !IsTransient(last)) return last;  // an error no wait will fix
    }
    if (Clock::now() >= deadline) break;
    std::this_thread::sleep_for(wait);
    wait = std::min(wait * 2, std::chrono::milliseconds(2000));
  }
  return last;
}

Status Worker::AckPending() {
  if (unacked_.empty()) return Status::Ok();
  Status st = queue_.Ack(options_.group, unacked_, options_.keep);
  if (st.ok()) unacked_.clear();
  return st;
}

Status Worker::DeadLetter(const StreamMessage& m, const std::string& error) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"id", m.id},
      {"error", error},
      {"deliveries", std::to_string(m.deliveries)},
      {"consumer", options_.consumer}};
  for (const auto& f : m.fields) fields.emplace_back(f);
  Status st = queue_.DeadLetter(options_.group, m.id, fields,
                                queue_.stream() + options_.dead_suffix, options_.keep);
  if (st.ok()) {
    ++counters_.dead;
    ++counters_.messages;
    Log("message " + m.id + " dead-lettered to " + queue_.stream() + options_.dead_suffix + ": " +
        error);
  }
  return st;
}

Status Worker::Run(const std::atomic<bool>& stop) {
  MOSAIC_RETURN_IF_ERROR(Reconnect(stop));
  bool history = true;  // first this consumer's own pending messages (a restart under one name)
  auto last_claim = Clock::now() - std::chrono::hours(1);
  const auto claim_every =
      std::chrono::milliseconds(std::clamp<int64_t>(options_.min_idle_ms / 4, 100, 5000));
  while (!stop) {
    if (!queue_.connected()) {
      Log("lost the connection to " + queue_.url().Shown() + "; reconnecting");
      Status st = Reconnect(stop);
      if (!st.ok()) return stop ? Status::Ok() : st;  // asked to stop while reconnecting
      Log("reconnected");
      history = true;
    }
    if (Status st = AckPending(); !st.ok()) {  // resent after a reconnect or a wait
      if (queue_.connected() && !IsTransient(st)) return st;
      if (queue_.connected()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    Result<std::vector<StreamMessage>> got = std::vector<StreamMessage>();
    bool read_new = false;
    if (history) {
      got = queue_.ReadGroup(options_.group, options_.consumer, options_.batch, 0, true);
      if (got.ok()) {
        Status st = queue_.LoadDeliveries(options_.group, &*got);
        if (!st.ok()) got = st;
      }
      if (got.ok() && got->empty()) history = false;
    } else if (Clock::now() - last_claim >= claim_every) {
      got =
          queue_.AutoClaim(options_.group, options_.consumer, options_.min_idle_ms, options_.batch);
      if (got.ok()) {
        if (got->empty()) {
          last_claim = Clock::now();  // nothing idle: look again later
          // Nothing left to claim from anyone: consumers gone that long can leave the group.
          auto gone =
              queue_.RemoveIdleConsumers(options_.group, options_.consumer, options_.min_idle_ms);
          if (gone.ok()) {
            for (const auto& name : *gone)
              Log("removed consumer " + name + " (idle, nothing pending)");
            counters_.removed_consumers += gone->size();
          }
        }
        counters_.claimed += got->size();
      }
    }
    if (!history && got.ok() && got->empty()) {
      read_new = true;
      got = queue_.ReadGroup(options_.group, options_.consumer, options_.batch, options_.block_ms);
    }
    if (!got.ok()) {
      if (!queue_.connected()) continue;
      if (IsTransient(got.status())) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        continue;
      }
      if (got.status().message().find("NOGROUP") != std::string::npos) {
        MOSAIC_RETURN_IF_ERROR(queue_.EnsureGroup(options_.group));
        continue;
      }
      return got.status();
    }
    if (got->empty()) {
      if (read_new && options_.drain) {
        auto pending = queue_.PendingCount(options_.group);
        if (!pending.ok()) {
          if (!queue_.connected() || IsTransient(pending.status())) continue;
          return pending.status();
        }
        if (*pending == 0) return Status::Ok();
        last_claim = Clock::now() - std::chrono::hours(1);  // others' messages: claim when idle
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      continue;
    }
    MOSAIC_RETURN_IF_ERROR(ProcessBatch(std::move(*got)));
  }
  (void)AckPending();
  return Status::Ok();
}

Status Worker::ProcessBatch(std::vector<StreamMessage> messages) {
  ++counters_.batches;
  std::vector<Item> items;
  for (auto& m : messages) {
    if (m.fields.empty()) {  // pending, but the message was deleted: nothing to do
      unacked_.push_back(m.id);
      continue;
    }
    const std::string* payload = m.Field(kDocField);
    if (!payload) {
      (void)DeadLetter(m, "message has no `doc` field");
      continue;
    }
    auto doc = DecodeDocument(*payload);
    if (!doc.ok()) {
      (void)DeadLetter(m, doc.status().message());
      continue;
    }
    Item it;
    it.message = std::move(m);
    it.doc = std::move(*doc);
    items.push_back(std::move(it));
  }

  // A text the store holds already (a re-delivery after a lost acknowledgement, a duplicate)
  // would merge as unchanged: it is not extracted. A failed look-up leaves the answer to Put.
  for (auto& it : items) {
    auto stored = store_.HasDocument(it.doc);
    it.known = stored.ok() && *stored;
  }

  // Extraction, in parallel: each thread fills its own items.
  size_t next = 0;
  OrderedMap<size_t, int>(
      options_.threads, static_cast<size_t>(options_.threads) * 4,
      [&](size_t* i) {
        if (next >= items.size()) return false;
        *i = next++;
        return true;
      },
      [&](size_t& i) {
        if (items[i].known) return 0;
        try {
          items[i].graph = pipeline_.Extract(items[i].doc);
        } catch (const std::exception& e) {
          items[i].error = std::string("extraction failed: ") + e.what();
        }
        return 0;
      },
      [](size_t&, int&) {});

  // A failure that may pass on another attempt stays pending until its last delivery.
  auto failed = [&](const Item& it, const std::string& error) {
    if (it.message.deliveries >= options_.max_attempts) {
      (void)DeadLetter(it.message,
                       error + " (after " + std::to_string(it.message.deliveries) + " deliveries)");
    } else {
      ++counters_.retries;
      Log("message " + it.message.id + " (delivery " + std::to_string(it.message.deliveries) +
          "): " + error + "; left pending for a retry");
    }
  };

  // The items are merged in groups, each one transaction: all of them, unless their names would
  // take more locks than one transaction may hold on the server (Store::MergeGroupSize; a large
  // --batch of long articles). A group's messages are acknowledged once it is committed.
  size_t first = 0, groups = 0;
  while (first < items.size()) {
    std::vector<const DocGraph*> graphs;
    for (size_t i = first; i < items.size(); ++i) {
      if (items[i].graph) graphs.push_back(&*items[i].graph);
    }
    size_t end = items.size();
    if (!graphs.empty()) {
      auto fits = store_.MergeGroupSize(graphs);
      if (!fits.ok()) return fits.status().WithContext("worker: store");
      if (*fits < graphs.size()) {
        // The group ends before the item holding the first graph that does not fit.
        const DocGraph* next_graph = graphs[*fits];
        end = first;
        while (!items[end].graph || &*items[end].graph != next_graph) ++end;
        graphs.resize(*fits);
      }
    }
    MOSAIC_RETURN_IF_ERROR(
        MergeGroup(std::span<const Item>(items).subspan(first, end - first), graphs, failed));
    first = end;
    ++groups;
  }
  if (groups > 1) {
    Log("a batch of " + std::to_string(items.size()) + " messages was merged in " +
        std::to_string(groups) +
        " transactions: its names would take more locks than one may hold on the server "
        "(max_locks_per_transaction)");
  }
  return Status::Ok();
}

Status Worker::MergeGroup(std::span<const Item> items, const std::vector<const DocGraph*>& graphs,
                          const std::function<void(const Item&, const std::string&)>& failed) {
  std::vector<std::string> merged;
  uint64_t added = 0, unchanged = 0, versions = 0;
  const bool in_txn = !graphs.empty();
  if (in_txn) {
    // Every name the group resolves is locked up front, in one fixed order: two workers merging
    // the same person wait for each other instead of creating it twice, and never deadlock.
    Status st = store_.Begin();
    if (st.ok()) st = store_.LockForMerge(graphs);
    if (!st.ok()) {
      (void)store_.Rollback();
      return st.WithContext("worker: store");
    }
  }
  // A document whose merge fails is undone alone (Put's savepoint) and the group goes on. What
  // the database refuses about the document's own values (InvalidInput: a constraint, a value
  // out of range, a text past a limit) would be refused again: its message is dead-lettered at
  // once. Any other error (a deadlock victim, a lost connection) counts as that message's failed
  // attempt, judged only once the commit shows the database itself is fine. A fatal error stops
  // the worker.
  std::vector<std::pair<const Item*, Status>> put_failures;
  uint64_t known = 0;
  for (const auto& it : items) {
    if (it.known) {
      merged.push_back(it.message.id);
      ++unchanged;
      ++known;
      continue;
    }
    if (!it.graph) {
      failed(it, it.error);
      continue;
    }
    auto r = store_.Put(*it.graph);
    if (!r.ok()) {
      if (r.status().is_fatal()) {
        (void)store_.Rollback();
        return r.status().WithContext("worker: store");
      }
      put_failures.emplace_back(&it, r.status());
      continue;
    }
    merged.push_back(it.message.id);
    added += *r == PutOutcome::kAdded;
    unchanged += *r == PutOutcome::kUnchanged;
    versions += *r == PutOutcome::kNewVersion;
  }
  if (in_txn) {
    Status st = store_.Commit();
    if (!st.ok()) {
      (void)store_.Rollback();
      return st.WithContext("worker: commit");
    }
  }
  for (const auto& [it, error] : put_failures) {
    if (error.code() == StatusCode::kInvalidInput) {
      (void)DeadLetter(it->message, error.message() + " (refused by the database; not retried)");
    } else {
      failed(*it, error.message());
    }
  }
  counters_.added += added;
  counters_.unchanged += unchanged;
  counters_.known += known;
  counters_.versions += versions;
  counters_.messages += merged.size();
  // Committed: from here on a lost acknowledgement only means a harmless re-delivery.
  unacked_.insert(unacked_.end(), merged.begin(), merged.end());
  (void)AckPending();
  return Status::Ok();
}

}  // namespace mosaic::queue
