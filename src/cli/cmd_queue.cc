// `mosaic enqueue` and `mosaic worker`: articles onto a Redis stream, and workers that take them
// off in a consumer group, extract and merge them into the store (docs/scale.md).
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "cli/common.h"
#include "cli/store_cli.h"
#include "mosaic/pipeline.h"
#include "mosaic/store.h"
#include "queue/doc_message.h"
#include "queue/redis_stream.h"
#include "queue/worker.h"
#include "readers/reader.h"

namespace mosaic::cli {
namespace {

std::unique_ptr<queue::RedisStream> ConnectOrReport(const std::string& url, const char* command) {
  auto parsed = queue::ParseQueueUrl(url);
  if (!parsed.ok()) {
    PrintError(std::string(command) + ": " + parsed.status().message());
    return nullptr;
  }
  auto q = queue::RedisStream::Connect(*parsed, {});
  if (!q.ok()) {
    PrintError(std::string(command) + ": " + q.status().message());
    return nullptr;
  }
  return std::move(q.value());
}

void AddQueueOptions(CLI::App* app, std::string* queue, std::string* group) {
  app->add_option("--queue", *queue, "Redis stream: redis://HOST:PORT/STREAM")
      ->envname("MOSAIC_QUEUE")
      ->required();
  app->add_option("--group", *group, "Consumer group (default mosaic)");
}

// ---- enqueue ----

struct EnqueueArgs {
  std::vector<std::string> inputs;
  std::string queue, group = "mosaic";
  int chunk = 256;
  bool quiet = false;
  InputArgs input;
};

int RunEnqueue(const EnqueueArgs& a) {
  auto q = ConnectOrReport(a.queue, "enqueue");
  if (!q) return 1;
  // The group exists before the first message, so no message is missed by a worker that starts
  // later.
  if (Status st = q->EnsureGroup(a.group); !st.ok()) {
    PrintError("enqueue: " + st.message());
    return 1;
  }
  readers::DocumentStream stream(a.inputs, a.input.ReaderOpts());
  BatchCounters counters;
  uint64_t sent = 0;
  std::vector<std::vector<std::pair<std::string, std::string>>> chunk;
  auto flush = [&]() {
    if (chunk.empty()) return true;
    auto ids = q->Add(chunk);
    if (!ids.ok()) {
      PrintError("enqueue: " + ids.status().message());
      return false;
    }
    sent += ids->size();
    chunk.clear();
    return true;
  };
  auto t0 = std::chrono::steady_clock::now();
  Document d;
  while (NextDocument(stream, &d, &counters)) {
    chunk.push_back({{queue::kDocField, queue::EncodeDocument(d)}});
    ++counters.ok;
    if (static_cast<int>(chunk.size()) >= a.chunk && !flush()) return 1;
  }
  if (!flush()) return 1;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!a.quiet) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "enqueue: %llu documents onto %s in %.1f s\n",
                  static_cast<unsigned long long>(sent), q->url().Shown().c_str(), secs);
    std::cerr << buf;
  }
  return counters.Report("enqueue");
}

Registrar enqueue_reg(
    "enqueue", "Put articles on a Redis stream for `mosaic worker` (one message per document)",
    [](CLI::App* app) {
      auto a = std::make_shared<EnqueueArgs>();
      app->add_option("inputs", a->inputs, "Files, directories or - for standard input")
          ->required();
      AddQueueOptions(app, &a->queue, &a->group);
      app->add_option("--chunk", a->chunk, "Messages sent per round trip (default 256)")
          ->check(CLI::Range(1, 100000));
      app->add_flag("--quiet", a->quiet, "No summary line");
      a->input.Register(app);
      return [a] { return RunEnqueue(*a); };
    });

// ---- worker ----

struct WorkerArgs {
  std::string queue, group = "mosaic";
  std::string db;
  queue::WorkerOptions options;
  double min_idle_s = 60;
  bool quiet = false;
  InputArgs input;
};

std::atomic<bool> g_stop{false};

extern "C" void StopWorker(int) { g_stop.store(true); }

int RunWorker(WorkerArgs& a) {
  auto q = ConnectOrReport(a.queue, "worker");
  if (!q) return 1;
  auto store = OpenStoreOrReport(a.db, /*create=*/true);
  if (!store) return 1;
  auto resources = LoadResourcesOrReport(a.input);
  if (!resources) return 1;
  Pipeline pipeline(resources, a.input.PipelineOpts());

  a.options.group = a.group;
  a.options.min_idle_ms = static_cast<int64_t>(a.min_idle_s * 1000);
  queue::Worker worker(*q, *store, pipeline, a.options);

  struct sigaction sa {};
  sa.sa_handler = StopWorker;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  if (!a.quiet) {
    std::cerr << "worker: " << worker.consumer() << " reading " << q->url().Shown() << " (group "
              << a.group << ") into " << store->backend() << "\n";
  }
  auto t0 = std::chrono::steady_clock::now();
  Status st = worker.Run(g_stop);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto& c = worker.counters();
  if (!a.quiet) {
    char buf[300];
    std::snprintf(
        buf, sizeof buf,
        "worker: %llu messages (%llu added, %llu unchanged, %llu new versions, %llu "
        "dead-lettered, %llu claimed from others) in %.1f s, %.1f docs/s\n",
        static_cast<unsigned long long>(c.messages), static_cast<unsigned long long>(c.added),
        static_cast<unsigned long long>(c.unchanged), static_cast<unsigned long long>(c.versions),
        static_cast<unsigned long long>(c.dead), static_cast<unsigned long long>(c.claimed), secs,
        secs > 0 ? c.messages / secs : 0.0);
    std::cerr << buf;
    if (c.known > 0) {
      std::cerr << "worker: " << c.known
                << " texts already in the store were not extracted again\n";
    }
  }
  if (!st.ok()) {
    PrintError(st.message());
    return 1;
  }
  return 0;
}

Registrar worker_reg(
    "worker",
    "Take articles off a Redis stream (consumer group), extract and merge them into the store",
    [](CLI::App* app) {
      auto a = std::make_shared<WorkerArgs>();
      AddQueueOptions(app, &a->queue, &a->group);
      AddDbOption(app, &a->db);
      app->add_option("--consumer", a->options.consumer,
                      "This worker's name in the group (default HOSTNAME-PID)");
      app->add_option(
             "--batch", a->options.batch,
             "Messages read and merged together (default 64; one transaction, or several when "
             "their names would take more locks than one may hold on the server)")
          ->check(CLI::Range(1, 100000));
      app->add_option("--threads", a->options.threads, "Extraction threads (default 1)")
          ->check(CLI::Range(1, 256));
      app->add_option("--min-idle", a->min_idle_s,
                      "Seconds a message stays pending with another worker before it is claimed "
                      "(default 60; must exceed the longest batch)")
          ->check(CLI::Range(0.01, 86400.0));
      app->add_option("--max-attempts", a->options.max_attempts,
                      "Deliveries of a failing message before it goes to STREAM:dead (default 5)")
          ->check(CLI::Range(1, 1000));
      app->add_option("--block-ms", a->options.block_ms,
                      "Longest wait for new messages, in ms (default 1000)")
          ->check(CLI::Range(1, 60000));
      app->add_option("--redis-retry", a->options.redis_retry_seconds,
                      "Seconds to keep reconnecting to a lost Redis before giving up (default 60)")
          ->check(CLI::Range(0, 86400));
      app->add_flag("--drain", a->options.drain,
                    "Exit once the group has nothing new and nothing pending");
      app->add_flag("--keep", a->options.keep,
                    "Keep handled messages in the stream (default: delete them once acknowledged)");
      app->add_flag("--quiet", a->quiet, "No start and summary lines");
      a->input.Register(app);
      return [a] { return RunWorker(*a); };
    });

}  // namespace
}  // namespace mosaic::cli
