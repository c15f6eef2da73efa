// `mosaic ingest`: articles in, merged into the store (SQLite by default, or PostgreSQL).
//
// Extraction runs on --threads workers; the calling thread merges each DocGraph in input order
// while they extract the next ones (with --threads 1 too), one transaction per --batch documents,
// so a killed ingest leaves only whole committed documents and a re-run skips them (a document is
// keyed by its content hash). With --watch DIR it then keeps ingesting the files that arrive in
// DIR, each once, until stopped.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <future>
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "cli/common.h"
#include "cli/store_cli.h"
#include "mosaic/pipeline.h"
#include "mosaic/store.h"
#include "readers/line_stream.h"
#include "readers/reader.h"
#include "readers/watch.h"
#include "util/ordered_pool.h"

namespace mosaic::cli {
namespace {

struct IngestArgs {
  std::vector<std::string> inputs;
  std::string db;
  int threads = 1;
  int batch = 1024;
  bool quiet = false;
  std::string watch;       // --watch DIR
  std::string ledger;      // --watch-ledger FILE
  bool docgraphs = false;  // inputs are DocGraph JSONL (`extract --with-text` output)
  InputArgs input;
};

uint64_t InputBytes(const std::vector<std::string>& inputs) {
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& in : inputs) {
    if (in == "-") return 0;  // unknown: no ETA
    std::filesystem::path p(in);
    if (std::filesystem::is_directory(p, ec)) {
      for (auto it = std::filesystem::recursive_directory_iterator(p, ec);
           it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (it->is_regular_file(ec)) total += it->file_size(ec);
      }
    } else if (std::filesystem::is_regular_file(p, ec)) {
      total += std::filesystem::file_size(p, ec);
    }
  }
  return total;
}

// A one-line progress display on a terminal: documents, rate and (for files) an ETA from bytes.
class Progress {
 public:
  Progress(bool enabled, uint64_t total_bytes)
      : enabled_(enabled), total_(total_bytes), start_(Clock::now()), last_(start_) {}

  void Update(uint64_t docs, uint64_t bytes, bool force = false) {
    if (!enabled_) return;
    auto now = Clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    double secs = std::chrono::duration<double>(now - start_).count();
    double rate = secs > 0 ? docs / secs : 0;
    char buf[160];
    int n = std::snprintf(buf, sizeof buf, "\r  %llu docs  %.1f docs/s",
                          static_cast<unsigned long long>(docs), rate);
    if (total_ > 0 && bytes > 0 && bytes <= total_) {
      double frac = static_cast<double>(bytes) / static_cast<double>(total_);
      double eta = secs / frac - secs;
      n += std::snprintf(buf + n, sizeof buf - n, "  %3.0f%%  ETA %02d:%02d", frac * 100,
                         static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
    }
    std::snprintf(buf + n, sizeof buf - n, "   ");
    std::cerr << buf << std::flush;
  }
  void Finish() {
    if (enabled_) std::cerr << "\r" << std::string(70, ' ') << "\r" << std::flush;
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  uint64_t total_;
  Clock::time_point start_, last_;
};

// Totals over everything ingested by one command (one input set, or every file of a watch).
struct IngestTotals {
  BatchCounters counters;
  uint64_t added = 0, unchanged = 0, versions = 0;
  uint64_t known = 0;  // of `unchanged`: stored texts skipped before extraction
};

// The extraction workers run this many nice steps below the merging thread: the merge is the
// serial stage, and with fewer cores than threads an equal share let it fall behind, leaving a
// backlog to merge with a core idle at the end. With the commit at the end of input below, on 2
// cores and 2 threads: 2,235 news articles 0.96 -> 0.93 s, 10,000 short fact-dense ones (where
// the merge is the bottleneck) 1.96 -> 1.36 s (docs/BENCHMARKS.md, ninth round). 10 steps rather
// than 5 give the merge about 90% of a shared core instead of 75% while it has work, so it
// finishes each burst sooner: 2,235 news articles, three rounds of perf stat -r 8, wall 1.102 /
// 1.115 / 1.141 s at 5 and 1.070 / 1.116 / 1.100 s at 10 (15 and 19 are no better).
constexpr int kWorkerNice = 10;

// Extracts `inputs` on a.threads workers and merges them into `store` in input order, one
// transaction per a.batch documents. Returns false when ingesting must stop (the store failed:
// a commit, a begin, or a fatal/IO error on a put); bad documents only count as failed.
bool IngestInputs(const IngestArgs& a, const std::vector<std::string>& inputs, Store& store,
                  Pipeline* pipeline, IngestTotals& totals, Progress& progress) {
  // Articles are read and extracted; with --docgraphs each line is a finished DocGraph, which the
  // workers only parse and check.
  std::optional<readers::DocumentStream> stream;
  std::optional<readers::LineStream> lines;
  if (a.docgraphs) {
    lines.emplace(inputs, a.input.ReaderOpts().max_document_bytes);
  } else {
    stream.emplace(inputs, a.input.ReaderOpts());
  }
  // Texts the store holds already (their content hash is a stored doc_id) would merge as
  // unchanged: they are counted so when read, and never extracted. Kept apart from `totals`
  // until the end, so that rolling a failed batch's counts back does not take them too.
  uint64_t known = 0, known_bytes = 0;
  uint64_t in_batch = 0, bytes = 0;
  auto next = [&](Document* d) {
    if (stream) {
      while (NextDocument(*stream, d, &totals.counters)) {
        auto stored = store.HasDocument(*d);
        if (!stored.ok() || !*stored) return true;  // a failed look-up: Put decides, and says
        ++known;
        known_bytes += d->text.size();
        progress.Update(totals.counters.ok + known, bytes + known_bytes);
      }
      return false;
    }
    while (auto item = lines->Next()) {
      if (!item->ok()) {
        PrintError(item->status().message());
        ++totals.counters.failed;
        continue;
      }
      d->source = std::move(item->value().source);
      d->text = std::move(item->value().text);  // the JSON line, parsed by a worker
      return true;
    }
    return false;
  };
  bool in_txn = false, stop = false;
  uint64_t unmerged = 0;      // documents read, then dropped because ingesting stopped
  std::string store_failure;  // the store's own fatal error (a full disk, a lost server)
  IngestTotals at_batch_start = totals;

  // Opens a batch; on failure says so and stops ingesting.
  auto begin = [&] {
    Status st = store.Begin();
    if (!st.ok()) {
      PrintError("ingest: " + a.db + ": " + st.message());
      stop = true;
      return false;
    }
    in_txn = true;
    at_batch_start = totals;
    return true;
  };
  // Commits the open batch; on failure rolls it back and returns the error.
  auto commit_batch = [&]() -> Status {
    if (!in_txn) return Status::Ok();
    in_txn = false;
    in_batch = 0;
    Status st = store.Commit();
    if (!st.ok()) (void)store.Rollback();
    return st;
  };
  // After a batch was rolled back, the counts say what the store holds: its merged documents
  // count as failed.
  auto undo_batch_counts = [&](uint64_t pending) {
    totals.counters.ok = at_batch_start.counters.ok;
    totals.counters.failed += pending;
    totals.added = at_batch_start.added;
    totals.unchanged = at_batch_start.unchanged;
    totals.versions = at_batch_start.versions;
  };
  auto commit = [&]() {
    const uint64_t pending = in_batch;
    Status st = commit_batch();
    if (st.ok()) return true;
    undo_batch_counts(pending);
    PrintError("ingest: " + a.db + ": commit failed (" + st.message() + "), the batch's " +
               std::to_string(pending) + " document(s) were rolled back");
    return false;
  };
  // Stored texts skipped before extraction, counted once nothing can be rolled back any more.
  auto add_known = [&] {
    totals.counters.ok += known;
    totals.unchanged += known;
    totals.known += known;
  };

  OrderedMap<Document, Result<DocGraph>>(
      // The window covers a batch's commit (FTS5 and write-ahead log writes, tens of ms): the
      // workers keep extracting the next documents meanwhile. In-flight documents and graphs cost
      // a few MB (peak RSS 115 -> 118 MB for 2,000 news articles, 2 threads).
      a.threads, static_cast<size_t>(std::max(a.threads * 8, 256)),
      [&](Document* d) {
        if (!stop && next(d)) return true;
        // The input has ended: the open batch is committed now, while the workers still extract
        // the last window's documents (a batch's commit, its full-text insert and write-ahead log
        // writes, is tens of ms), instead of after them with a core idle. The last window's
        // documents then make one small batch of their own.
        if (!stop && in_txn && !commit()) stop = true;
        return false;
      },
      [&](Document& d) -> Result<DocGraph> {
        if (!a.docgraphs) return pipeline->Extract(d);
        auto g = DocGraphFromJson(d.text);
        if (!g.ok()) return g.status().WithContext(d.source);
        g.value().doc.source = d.source;
        return g;
      },
      [&](Document& d, Result<DocGraph>& parsed) {
        if (stop) {  // read before the stop, in flight since: not merged
          ++unmerged;
          return;
        }
        if (!parsed.ok()) {
          PrintError(parsed.status().message());
          ++totals.counters.failed;
          return;
        }
        const DocGraph& g = parsed.value();
        if (!in_txn && !begin()) return;
        // PostgreSQL, with other writers: a document whose names another writer holds ends the
        // batch first (Store::LockOrYield), so that this one never waits holding locks.
        auto may_put = store.LockOrYield(g);
        if (!may_put.ok()) {
          ++totals.counters.failed;
          store_failure = may_put.status().WithContext(d.source).message();
          stop = true;
          return;
        }
        if (!*may_put && (!commit() || !begin())) {
          stop = true;
          return;
        }
        auto r = store.Put(g);
        bytes += d.text.size();
        if (!r.ok()) {
          ++totals.counters.failed;
          if (r.status().is_fatal() || r.status().code() == StatusCode::kIoError) {
            // The store failed (a full disk, a lost server), not the document: said once the
            // batch merged before it is committed or lost (below), naming the store.
            store_failure = r.status().message();
            stop = true;
          } else {
            PrintError(r.status().message());
          }
          return;
        }
        ++totals.counters.ok;
        switch (*r) {
          case PutOutcome::kAdded:
            ++totals.added;
            break;
          case PutOutcome::kUnchanged:
            ++totals.unchanged;
            break;
          case PutOutcome::kNewVersion:
            ++totals.versions;
            break;
        }
        // A batch ends at --batch documents, or sooner when the store says so (PostgreSQL, when
        // its name locks near the server's lock table: Store::BatchFull).
        if ((++in_batch >= static_cast<uint64_t>(a.batch) || store.BatchFull()) && !commit())
          stop = true;
        progress.Update(totals.counters.ok + known, bytes + known_bytes);
      },
      /*overlap=*/true, kWorkerNice);
  if (stop) {
    // Documents already read when ingesting stopped count as failed, and the line says so.
    totals.counters.failed += unmerged;
    const std::string dropped = unmerged == 0 ? std::string()
                                              : "; the " + std::to_string(unmerged) +
                                                    " document(s) read after it were not merged";
    if (store_failure.empty()) {
      if (in_txn) (void)commit();  // keep the whole documents merged before the stop
      add_known();
      // The cause was said on its own line (a failed begin or commit).
      if (unmerged > 0) {
        PrintError("ingest: " + a.db + ": stopped; the " + std::to_string(unmerged) +
                   " document(s) already read were not merged");
      }
      return false;
    }
    // Keep the whole documents merged before the store's failure, when the store lets us; one
    // line either way. A full database may refuse the commit too: the open batch is then rolled
    // back, and what earlier batches committed stays.
    const uint64_t pending = in_batch;
    Status st = commit_batch();
    if (!st.ok()) undo_batch_counts(pending);
    add_known();
    PrintError("ingest: " + a.db + ": " + store_failure +
               (st.ok() ? std::string("; stopped, the documents before it are kept")
                        : "; stopped, the " + std::to_string(pending) +
                              " document(s) of the unfinished batch were rolled back (" +
                              st.message() + "), the batches before it are kept") +
               dropped);
    return false;
  }
  const bool committed = commit();
  add_known();
  return committed;
}

void PrintSummary(const IngestTotals& t, double secs, Store& store) {
  char buf[200];
  std::snprintf(
      buf, sizeof buf,
      "ingest: %llu documents (%llu added, %llu unchanged, %llu new versions) in "
      "%.1f s, %.1f docs/s, into %s\n",
      static_cast<unsigned long long>(t.counters.ok), static_cast<unsigned long long>(t.added),
      static_cast<unsigned long long>(t.unchanged), static_cast<unsigned long long>(t.versions),
      secs, secs > 0 ? t.counters.ok / secs : 0.0, store.backend().c_str());
  std::cerr << buf;
  if (t.known > 0) {
    std::cerr << "ingest: " << t.known << " texts already in the store were not extracted again\n";
  }
  if (auto stats = store.Stats(); stats.ok()) {
    std::snprintf(buf, sizeof buf,
                  "store: %lld documents (%lld versions), %lld entities, %lld mentions, %lld "
                  "events, %lld relations\n",
                  static_cast<long long>(stats->documents), static_cast<long long>(stats->versions),
                  static_cast<long long>(stats->entities), static_cast<long long>(stats->mentions),
                  static_cast<long long>(stats->events), static_cast<long long>(stats->relations));
    std::cerr << buf;
  }
}

// True when `path` is the SQLite store or one of its side files (-journal, -wal, -shm).
bool IsStoreFile(const std::string& path, const std::string& db) {
  std::error_code ec;
  auto canon = [&](const std::string& p) {
    auto c = std::filesystem::weakly_canonical(p, ec);
    return ec ? std::filesystem::path(p).lexically_normal().string() : c.string();
  };
  std::string file = canon(path), store = canon(db);
  return file == store || (file.size() > store.size() &&
                           file.compare(0, store.size(), store) == 0 && file[store.size()] == '-');
}

// The watcher a SIGINT/SIGTERM stops (FolderWatcher::Stop is async-signal-safe).
std::atomic<readers::FolderWatcher*> g_watcher{nullptr};

extern "C" void StopWatching(int) {
  if (auto* w = g_watcher.load()) w->Stop();
}

// `ingest --watch DIR`: every complete file that is or arrives in DIR, ingested once. A file is
// recorded in the ledger only after its documents are committed, so a kill between the two
// re-ingests that file after the restart, which the store's content-hash ids make a no-op.
int RunWatch(const IngestArgs& a, Store& store, Pipeline& pipeline) {
  readers::WatchOptions wo;
  wo.ledger_path = a.ledger.empty()
                       ? (std::filesystem::path(a.watch) / ".mosaic-watch-ledger").string()
                       : a.ledger;
  auto opened = readers::FolderWatcher::Open(a.watch, wo);
  if (!opened.ok()) {
    PrintError("ingest --watch: " + opened.status().message());
    return 1;
  }
  auto& watcher = *opened.value();
  g_watcher.store(&watcher);
  struct sigaction sa {};
  sa.sa_handler = StopWatching;
  sigemptyset(&sa.sa_mask);
  struct sigaction old_int {
  }, old_term{};
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);
  if (!a.quiet) {
    std::cerr << "ingest: watching " << a.watch << " (" << watcher.done_count()
              << " file(s) already done; Ctrl-C stops)\n";
  }

  IngestTotals totals;
  Progress no_progress(false, 0);
  int exit_code = 0;
  auto t0 = std::chrono::steady_clock::now();
  while (!watcher.stopped()) {
    auto next = watcher.Next(std::chrono::seconds(1));
    if (!next.ok()) {
      PrintError("ingest --watch: " + next.status().message());
      exit_code = 1;
      break;
    }
    if (!next.value()) continue;
    const std::string& path = *next.value();
    if (IsStoreFile(path, a.db)) continue;  // the store itself lives in the watched folder
    IngestTotals file;
    bool store_ok = IngestInputs(a, {path}, store, &pipeline, file, no_progress);
    if (!store_ok) {  // the store failed: leave the file out of the ledger and stop
      exit_code = 1;
      break;
    }
    // A file whose documents were all bad is still done: it is reported once, not retried until
    // it changes.
    Status st = watcher.MarkDone(path);
    if (!st.ok()) {
      PrintError("ingest --watch: " + st.message());
      exit_code = 1;
      break;
    }
    if (!a.quiet) {
      std::cerr << "ingest: " << path << ": " << file.counters.ok << " document(s), " << file.added
                << " added, " << file.unchanged << " unchanged, " << file.versions
                << " new version(s)";
      if (file.counters.failed) std::cerr << ", " << file.counters.failed << " failed";
      std::cerr << "\n";
    }
    totals.counters.ok += file.counters.ok;
    totals.counters.failed += file.counters.failed;
    totals.added += file.added;
    totals.unchanged += file.unchanged;
    totals.versions += file.versions;
  }
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  g_watcher.store(nullptr);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!a.quiet) PrintSummary(totals, secs, store);
  // Bad input files were reported as they came; a watch that stopped on request exits 0.
  return exit_code;
}

int RunIngest(const IngestArgs& a) {
  if (a.watch.empty() && a.inputs.empty()) {
    PrintError("ingest: give files, directories or - for standard input, or --watch DIR");
    return 2;
  }
  if (a.docgraphs && !a.watch.empty()) {
    PrintError("ingest: --docgraphs and --watch cannot be combined");
    return 2;
  }
  // The store opens (on a new file: creates its schema, about 8 ms) on a second thread while the
  // extraction models load on this one; both come before the first document, when the workers
  // have not started and a core is free.
  StoreOptions store_options;
  store_options.create = true;
  auto opening = std::async(std::launch::async,
                            [&a, store_options] { return Store::Open(a.db, store_options); });
  std::shared_ptr<const Resources> resources;
  if (!a.docgraphs) resources = LoadResourcesOrReport(a.input);
  auto opened = opening.get();
  if (!opened.ok()) {
    PrintError(opened.status().message());
    return 1;
  }
  std::unique_ptr<Store> store = std::move(opened.value());
  std::optional<Pipeline> pipeline;  // none with --docgraphs: the graphs are made already
  if (!a.docgraphs) {
    if (!resources) return 1;  // said by LoadResourcesOrReport
    pipeline.emplace(resources, a.input.PipelineOpts());
  }

  IngestTotals totals;
  int exit_code = 0;
  if (!a.inputs.empty()) {
    Progress progress(!a.quiet && isatty(STDERR_FILENO), InputBytes(a.inputs));
    auto t0 = std::chrono::steady_clock::now();
    if (!IngestInputs(a, a.inputs, *store, pipeline ? &*pipeline : nullptr, totals, progress))
      exit_code = 1;
    progress.Finish();
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!a.quiet) PrintSummary(totals, secs, *store);
  }
  int report = totals.counters.Report("ingest");
  if (exit_code == 0 && !a.watch.empty()) exit_code = RunWatch(a, *store, *pipeline);
  // Closing moves SQLite's write-ahead log into the database file; the store's caches and the
  // models are left for the process's exit.
  if (Status st = store->Close(); !st.ok()) {
    PrintError("ingest: " + a.db + ": " + st.message());
    exit_code = 1;
  }
  KeepUntilExit(std::shared_ptr<Store>(std::move(store)));
  KeepUntilExit(resources);
  return exit_code ? exit_code : report;
}

Registrar reg("ingest", "Extract articles and merge them into the store (default ./mosaic.db)",
              [](CLI::App* app) {
                auto a = std::make_shared<IngestArgs>();
                app->add_option("inputs", a->inputs,
                                "Files, directories or - for standard input (ingested before "
                                "--watch starts)");
                AddDbOption(app, &a->db);
                app->add_option("--threads", a->threads,
                                "Extraction threads; one more thread merges, in input order")
                    ->check(CLI::Range(1, 256));
                app->add_option("--batch", a->batch, "Documents per transaction (default 1024)")
                    ->check(CLI::Range(1, 1000000));
                app->add_flag("--quiet", a->quiet, "No progress line and no summary");
                app->add_flag("--docgraphs", a->docgraphs,
                              "The inputs are DocGraph JSON lines written by `mosaic extract "
                              "--with-text` (e.g. on other machines): merge them without "
                              "extracting again");
                app->add_option("--watch", a->watch,
                                "Keep ingesting the files that arrive in DIR (inotify), each "
                                "once, across restarts, until SIGINT/SIGTERM")
                    ->check(CLI::ExistingDirectory);
                app->add_option("--watch-ledger", a->ledger,
                                "Where --watch records the files it has ingested (default "
                                "DIR/.mosaic-watch-ledger)");
                a->input.Register(app);
                return [a] { return RunIngest(*a); };
              });

}  // namespace
}  // namespace mosaic::cli
