// `mosaic ingest`: articles in, merged into the store (SQLite by default, or PostgreSQL).
//
// Extraction runs on --threads workers; the calling thread merges each DocGraph in input order, one
// transaction per --batch documents, so a killed ingest leaves only whole committed documents and a
// re-run skips them (a document is keyed by its content hash).
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "cli/common.h"
#include "cli/store_cli.h"
#include "mosaic/pipeline.h"
#include "mosaic/store.h"
#include "readers/reader.h"
#include "util/ordered_pool.h"

namespace mosaic::cli {
namespace {

struct IngestArgs {
  std::vector<std::string> inputs;
  std::string db;
  int threads = 1;
  int batch = 256;
  bool quiet = false;
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

int RunIngest(const IngestArgs& a) {
  auto store = OpenStoreOrReport(a.db, /*create=*/true);
  if (!store) return 1;
  auto resources = LoadResourcesOrReport(a.input);
  if (!resources) return 1;
  Pipeline pipeline(resources, a.input.PipelineOpts());
  readers::DocumentStream stream(a.inputs, a.input.ReaderOpts());

  BatchCounters counters;
  uint64_t added = 0, unchanged = 0, versions = 0, in_batch = 0, bytes = 0;
  bool in_txn = false, stop = false;
  int exit_code = 0;
  Progress progress(!a.quiet && isatty(STDERR_FILENO), InputBytes(a.inputs));
  auto t0 = std::chrono::steady_clock::now();

  auto commit = [&]() {
    if (!in_txn) return true;
    in_txn = false;
    in_batch = 0;
    Status st = store->Commit();
    if (!st.ok()) {
      PrintError("ingest: commit failed: " + st.message());
      (void)store->Rollback();
      return false;
    }
    return true;
  };

  OrderedMap<Document, DocGraph>(
      a.threads, static_cast<size_t>(a.threads) * 8,
      [&](Document* d) { return !stop && NextDocument(stream, d, &counters); },
      [&](Document& d) { return pipeline.Extract(d); },
      [&](Document& d, DocGraph& g) {
        if (stop) return;
        if (!in_txn) {
          Status st = store->Begin();
          if (!st.ok()) {
            PrintError("ingest: " + st.message());
            stop = true;
            exit_code = 1;
            return;
          }
          in_txn = true;
        }
        auto r = store->Put(g);
        bytes += d.text.size();
        if (!r.ok()) {
          PrintError(r.status().message());
          ++counters.failed;
          if (r.status().is_fatal() || r.status().code() == StatusCode::kIoError) {
            stop = true;
            exit_code = 1;
          }
          return;
        }
        ++counters.ok;
        switch (*r) {
          case PutOutcome::kAdded:
            ++added;
            break;
          case PutOutcome::kUnchanged:
            ++unchanged;
            break;
          case PutOutcome::kNewVersion:
            ++versions;
            break;
        }
        if (++in_batch >= static_cast<uint64_t>(a.batch) && !commit()) {
          stop = true;
          exit_code = 1;
        }
        progress.Update(counters.ok, bytes);
      });
  if (!stop && !commit()) exit_code = 1;
  if (stop && in_txn) (void)commit();  // keep the whole documents merged before a fatal error
  progress.Finish();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!a.quiet) {
    char buf[200];
    std::snprintf(
        buf, sizeof buf,
        "ingest: %llu documents (%llu added, %llu unchanged, %llu new versions) in "
        "%.1f s, %.1f docs/s, into %s\n",
        static_cast<unsigned long long>(counters.ok), static_cast<unsigned long long>(added),
        static_cast<unsigned long long>(unchanged), static_cast<unsigned long long>(versions), secs,
        secs > 0 ? counters.ok / secs : 0.0, store->backend().c_str());
    std::cerr << buf;
    if (auto stats = store->Stats(); stats.ok()) {
      std::snprintf(
          buf, sizeof buf,
          "store: %lld documents (%lld versions), %lld entities, %lld mentions, %lld "
          "events, %lld relations\n",
          static_cast<long long>(stats->documents), static_cast<long long>(stats->versions),
          static_cast<long long>(stats->entities), static_cast<long long>(stats->mentions),
          static_cast<long long>(stats->events), static_cast<long long>(stats->relations));
      std::cerr << buf;
    }
  }
  int report = counters.Report("ingest");
  return exit_code ? exit_code : report;
}

Registrar reg("ingest", "Extract articles and merge them into the store (default ./mosaic.db)",
              [](CLI::App* app) {
                auto a = std::make_shared<IngestArgs>();
                app->add_option("inputs", a->inputs, "Files, directories or - for standard input")
                    ->required();
                AddDbOption(app, &a->db);
                app->add_option("--threads", a->threads,
                                "Extraction threads (documents are merged in input order)")
                    ->check(CLI::Range(1, 256));
                app->add_option("--batch", a->batch, "Documents per transaction (default 256)")
                    ->check(CLI::Range(1, 1000000));
                app->add_flag("--quiet", a->quiet, "No progress line and no summary");
                a->input.Register(app);
                return [a] { return RunIngest(*a); };
              });

}  // namespace
}  // namespace mosaic::cli
