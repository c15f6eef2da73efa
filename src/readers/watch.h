// FolderWatcher: the files that arrive in a folder (and its subfolders), each handed out once,
// across restarts. Linux inotify.
//
// A file is handed out when it is complete: closed after writing (IN_CLOSE_WRITE) or moved in
// (IN_MOVED_TO: the safe way for a downloader to publish a file). Files already present at start
// are handed out first (in path order), then new ones as they come. Subfolders created later are
// watched too. Hidden files (".name"), temporary names (~, .tmp, .part, .partial, .crdownload,
// .swp) and .md files are ignored, as the directory reader ignores them.
//
// "Once" is kept by a ledger: a text file of (size, mtime, path relative to the folder) lines,
// appended and fsync'd by MarkDone(). Call MarkDone only after the file's documents are committed:
// if the process is killed in between, the file is handed out again after the restart, and the
// store's content-hash ids make that second ingest a no-op. A file rewritten later (new size or
// mtime) is handed out again. A torn last line (killed mid-append) is ignored.
//
//   auto w = FolderWatcher::Open("inbox", {.ledger_path = "inbox.seen"});
//   while (!w.value()->stopped()) {
//     auto next = w.value()->Next(std::chrono::seconds(1));
//     if (!next.ok()) return fail(next.status());      // inotify broke: fatal
//     if (!next.value()) continue;                      // timeout or Stop()
//     Ingest(*next.value());
//     w.value()->MarkDone(*next.value());
//   }
//
// One thread calls Next/MarkDone; Stop() may be called from any thread or a signal handler.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "mosaic/status.h"

namespace mosaic::readers {

struct WatchOptions {
  // Where the ledger lives; "" = no ledger (every file present at start is handed out again).
  // Keep it outside the folder or give it a hidden name: it is never handed out.
  std::string ledger_path;
  bool scan_existing = true;  // hand out files present at start (those not in the ledger)
};

class FolderWatcher {
 public:
  // Errors: the folder does not exist, inotify is unavailable, the ledger cannot be opened.
  static Result<std::unique_ptr<FolderWatcher>> Open(const std::string& dir, WatchOptions options);
  ~FolderWatcher();
  FolderWatcher(const FolderWatcher&) = delete;  // owns file descriptors
  FolderWatcher& operator=(const FolderWatcher&) = delete;

  // Waits up to `timeout` for the next complete file not yet done; returns its path (the folder
  // path joined with the relative path). std::nullopt on timeout or once stopped. An error means
  // the watch itself failed.
  Result<std::optional<std::string>> Next(std::chrono::milliseconds timeout);

  // Records `path` (as returned by Next) as ingested, durably.
  Status MarkDone(const std::string& path);

  void Stop();  // thread-safe and async-signal-safe: wakes a blocked Next()
  bool stopped() const { return stop_.load(); }

  size_t done_count() const { return ledger_.size(); }  // files in the ledger

 private:
  struct Key {
    uint64_t size = 0;
    int64_t mtime_ns = 0;
    bool operator==(const Key& o) const { return size == o.size && mtime_ns == o.mtime_ns; }
  };
  FolderWatcher(std::string dir, WatchOptions options);
  Status LoadLedger();
  void WatchTree(const std::string& rel);  // adds watches and queues the files below `rel`
  void Consider(const std::string& rel);   // queues a file if it is new
  Status ReadEvents();
  std::optional<Key> Stat(const std::string& rel) const;

  std::string dir_;
  WatchOptions options_;
  int inotify_fd_ = -1;
  int stop_fd_ = -1;
  std::atomic<bool> stop_{false};
  std::FILE* ledger_file_ = nullptr;
  std::unordered_map<std::string, Key> ledger_;   // relative path -> key when done
  std::unordered_map<std::string, Key> queued_;   // waiting in queue_, as seen when queued
  std::unordered_map<std::string, Key> out_;      // handed out, not yet done: as handed out
  std::unordered_map<int, std::string> watches_;  // watch descriptor -> relative folder ("" = root)
  std::deque<std::string> queue_;                 // relative paths
};

}  // namespace mosaic::readers
