#include "readers/watch.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

namespace mosaic::readers {
namespace fs = std::filesystem;
namespace {

constexpr uint32_t kDirMask =
    IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Names a downloader or editor uses while a file is incomplete, and files that are not articles.
bool Ignored(std::string_view name) {
  if (name.empty() || name[0] == '.' || name.find('\n') != std::string_view::npos) return true;
  for (std::string_view s : {"~", ".tmp", ".part", ".partial", ".crdownload", ".swp", ".md"}) {
    if (EndsWith(name, s)) return true;
  }
  return false;
}

std::string Join(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return a + "/" + b;
}

}  // namespace

FolderWatcher::FolderWatcher(std::string dir, WatchOptions options)
    : dir_(std::move(dir)), options_(std::move(options)) {}

FolderWatcher::~FolderWatcher() {
  if (inotify_fd_ >= 0) close(inotify_fd_);
  if (stop_fd_ >= 0) close(stop_fd_);
  if (ledger_file_) std::fclose(ledger_file_);
}

Result<std::unique_ptr<FolderWatcher>> FolderWatcher::Open(const std::string& dir,
                                                           WatchOptions options) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound("not a directory").WithContext(dir);
  std::string clean = dir;
  while (clean.size() > 1 && clean.back() == '/') clean.pop_back();
  std::unique_ptr<FolderWatcher> w(new FolderWatcher(clean, std::move(options)));
  w->inotify_fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (w->inotify_fd_ < 0) {
    return Status::IoError(std::string("inotify: ") + std::strerror(errno)).WithContext(dir);
  }
  w->stop_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (w->stop_fd_ < 0) {
    return Status::IoError(std::string("eventfd: ") + std::strerror(errno)).WithContext(dir);
  }
  MOSAIC_RETURN_IF_ERROR(w->LoadLedger());
  // Watches first, then the scan: a file written in between is seen by one or the other (or
  // both: the handed-out set removes the duplicate).
  w->WatchTree("");
  if (w->watches_.empty()) {
    return Status::IoError(std::string("cannot watch: ") + std::strerror(errno)).WithContext(dir);
  }
  if (!w->options_.scan_existing) {
    w->queue_.clear();
    w->queued_.clear();
  }
  return w;
}

Status FolderWatcher::LoadLedger() {
  if (options_.ledger_path.empty()) return Status::Ok();
  if (std::FILE* in = std::fopen(options_.ledger_path.c_str(), "rb")) {
    // Lines "size<TAB>mtime_ns<TAB>relative path\n"; a line without its newline is torn.
    std::string content;
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, in)) > 0) content.append(buf, n);
    std::fclose(in);
    size_t i = 0;
    while (i < content.size()) {
      size_t nl = content.find('\n', i);
      if (nl == std::string::npos) break;
      std::string_view line(content.data() + i, nl - i);
      i = nl + 1;
      size_t t1 = line.find('\t'), t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
      if (t2 == std::string_view::npos || t2 + 1 >= line.size()) continue;
      Key k;
      try {
        k.size = std::stoull(std::string(line.substr(0, t1)));
        k.mtime_ns = std::stoll(std::string(line.substr(t1 + 1, t2 - t1 - 1)));
      } catch (...) {
        continue;  // a damaged line: that file is simply seen again
      }
      ledger_[std::string(line.substr(t2 + 1))] = k;
    }
  }
  ledger_file_ = std::fopen(options_.ledger_path.c_str(), "ab");
  if (!ledger_file_) {
    return Status::IoError(std::string("ledger: ") + std::strerror(errno))
        .WithContext(options_.ledger_path);
  }
  return Status::Ok();
}

std::optional<FolderWatcher::Key> FolderWatcher::Stat(const std::string& rel) const {
  struct stat st;
  if (::stat(Join(dir_, rel).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  Key k;
  k.size = static_cast<uint64_t>(st.st_size);
  k.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return k;
}

void FolderWatcher::Consider(const std::string& rel) {
  std::string_view name = rel;
  if (size_t slash = name.rfind('/'); slash != std::string_view::npos)
    name.remove_prefix(slash + 1);
  if (Ignored(name)) return;
  // The ledger's own file, when it lives inside the folder under a visible name.
  if (!options_.ledger_path.empty()) {
    std::error_code ec;
    if (fs::equivalent(Join(dir_, rel), options_.ledger_path, ec)) return;
  }
  auto key = Stat(rel);
  if (!key) return;
  if (auto it = ledger_.find(rel); it != ledger_.end() && it->second == *key) return;
  if (auto it = out_.find(rel); it != out_.end() && it->second == *key) return;
  auto [it, added] = queued_.insert_or_assign(rel, *key);
  if (added) queue_.push_back(rel);
}

void FolderWatcher::WatchTree(const std::string& rel) {
  std::vector<std::string> dirs{rel};
  while (!dirs.empty()) {
    std::string d = dirs.back();
    dirs.pop_back();
    int wd = inotify_add_watch(inotify_fd_, Join(dir_, d).c_str(), kDirMask);
    if (wd < 0) continue;  // vanished or unreadable: skipped
    watches_[wd] = d;
    std::vector<std::pair<std::string, bool>> entries;
    std::error_code ec;
    for (auto it = fs::directory_iterator(Join(dir_, d), ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (name.empty() || name[0] == '.') continue;
      bool is_dir = it->is_directory(ec) && !it->is_symlink(ec);
      entries.push_back({name, is_dir});
    }
    std::sort(entries.begin(), entries.end());
    // Files of this folder in name order, then its subfolders (depth first, in name order).
    for (auto& [name, is_dir] : entries) {
      if (!is_dir) Consider(Join(d, name));
    }
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
      if (it->second) dirs.push_back(Join(d, it->first));
    }
  }
}

Status FolderWatcher::ReadEvents() {
  alignas(struct inotify_event) char buf[64 << 10];
  while (true) {
    ssize_t n = read(inotify_fd_, buf, sizeof buf);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return Status::Ok();
      if (errno == EINTR) continue;
      return Status::IoError(std::string("inotify read: ") + std::strerror(errno))
          .WithContext(dir_);
    }
    if (n == 0) return Status::Ok();
    for (char* p = buf; p < buf + n;) {
      auto* ev = reinterpret_cast<struct inotify_event*>(p);
      p += sizeof(struct inotify_event) + ev->len;
      if (ev->mask & IN_Q_OVERFLOW) {
        // Events were lost: look at everything again (the ledger filters what is done).
        WatchTree("");
        continue;
      }
      auto w = watches_.find(ev->wd);
      if (w == watches_.end()) continue;
      if (ev->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)) {
        if (ev->mask & IN_IGNORED) watches_.erase(w);
        continue;
      }
      std::string name = ev->len ? std::string(ev->name) : std::string();
      if (name.empty()) continue;
      std::string rel = Join(w->second, name);
      if (ev->mask & IN_ISDIR) {
        if ((ev->mask & (IN_CREATE | IN_MOVED_TO)) && name[0] != '.') WatchTree(rel);
      } else if (ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) {
        Consider(rel);
      }
    }
  }
}

Result<std::optional<std::string>> FolderWatcher::Next(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!stopped()) {
    // Drain what is already known before waiting.
    MOSAIC_RETURN_IF_ERROR(ReadEvents());
    while (!queue_.empty()) {
      std::string rel = std::move(queue_.front());
      queue_.pop_front();
      queued_.erase(rel);
      auto key = Stat(rel);
      if (!key) continue;  // gone before its turn
      out_[rel] = *key;
      return std::optional<std::string>(Join(dir_, rel));
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    struct pollfd fds[2] = {{inotify_fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    int r = poll(fds, 2, static_cast<int>(std::min<int64_t>(left.count(), 1 << 30)));
    if (r < 0 && errno != EINTR) {
      return Status::IoError(std::string("poll: ") + std::strerror(errno)).WithContext(dir_);
    }
  }
  return std::optional<std::string>();
}

Status FolderWatcher::MarkDone(const std::string& path) {
  std::string rel = path;
  if (rel.size() > dir_.size() && rel.compare(0, dir_.size(), dir_) == 0 &&
      rel[dir_.size()] == '/') {
    rel.erase(0, dir_.size() + 1);
  }
  Key key;
  if (auto it = out_.find(rel); it != out_.end()) {
    // The version that was handed out: if the file changed since, the new version is queued
    // and will be handed out (and recorded) on its own.
    key = it->second;
    out_.erase(it);
  } else if (auto k = Stat(rel)) {
    key = *k;
  } else {
    return Status::NotFound("not a file").WithContext(path);
  }
  ledger_[rel] = key;
  if (!ledger_file_) return Status::Ok();
  std::string line =
      std::to_string(key.size) + "\t" + std::to_string(key.mtime_ns) + "\t" + rel + "\n";
  if (std::fwrite(line.data(), 1, line.size(), ledger_file_) != line.size() ||
      std::fflush(ledger_file_) != 0 || fsync(fileno(ledger_file_)) != 0) {
    return Status::IoError(std::string("ledger write: ") + std::strerror(errno))
        .WithContext(options_.ledger_path);
  }
  return Status::Ok();
}

void FolderWatcher::Stop() {
  stop_.store(true);
  uint64_t one = 1;
  // write() is async-signal-safe; a full counter (impossible here) would only mean "already woken".
  [[maybe_unused]] ssize_t n = write(stop_fd_, &one, sizeof one);
}

}  // namespace mosaic::readers
