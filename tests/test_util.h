// Helpers for tests that run the `mosaic` binary or read the shared sample data.
#pragma once

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace mosaic::testing {

struct RunResult {
  int exit_code = -1;
  std::string out, err;
  // Peak resident set size of the child in KiB (ru_maxrss from wait4). It includes the forked test
  // process's pages before exec, so tests keep big inputs on disk, not in memory, when they fork.
  long max_rss_kb = 0;
};

inline std::string MosaicBin() {
  const char* env = std::getenv("MOSAIC_BIN");
  if (env && *env) return env;
  return std::string(MOSAIC_BINARY_DIR) + "/mosaic";
}

// Starts args[0] with `args` in the background: stdout to `out`, stderr to `err` ("" = /dev/null;
// the same path for both interleaves them), appended when `append`, else truncated.
inline pid_t Spawn(const std::vector<std::string>& args, const std::string& out = "",
                   const std::string& err = "", bool append = false) {
  pid_t pid = fork();
  if (pid == 0) {
    const int mode = O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC);
    int o = open(out.empty() ? "/dev/null" : out.c_str(), mode, 0644);
    int e = err == out ? o : open(err.empty() ? "/dev/null" : err.c_str(), mode, 0644);
    dup2(o, 1);
    dup2(e, 2);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

// Waits for a child from Spawn: its exit code, or 128 + the signal that ended it.
inline int Wait(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

inline std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void WriteFile(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary);
  out << bytes;
}

// A fresh temporary directory, removed when the object goes out of scope.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "mosaic-test-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Runs `mosaic ARGS...` with stdin from `stdin_file` ("" = /dev/null); captures stdout and stderr.
// `timeout_s` > 0 ends a child still running after that many seconds with SIGALRM (exit code 142),
// for commands that would otherwise run until stopped (serve, ingest --watch).
inline RunResult RunMosaic(const std::vector<std::string>& args, const std::string& stdin_file = "",
                           unsigned timeout_s = 0) {
  TempDir tmp;
  auto out_path = tmp / "out", err_path = tmp / "err";
  pid_t pid = fork();
  if (pid == 0) {
    std::string in = stdin_file.empty() ? "/dev/null" : stdin_file;
    if (!freopen(in.c_str(), "rb", stdin) || !freopen(out_path.c_str(), "wb", stdout) ||
        !freopen(err_path.c_str(), "wb", stderr)) {
      _exit(127);
    }
    if (timeout_s > 0) alarm(timeout_s);  // survives exec
    std::vector<char*> argv;
    std::string bin = MosaicBin();
    argv.push_back(bin.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  struct rusage usage {};
  wait4(pid, &status, 0, &usage);
  RunResult r;
  r.max_rss_kb = usage.ru_maxrss;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadFile(out_path);
  r.err = ReadFile(err_path);
  return r;
}

inline std::filesystem::path SharedDir() {
  return std::filesystem::path(MOSAIC_SOURCE_DIR) / ".." / "shared";
}

inline std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> r;
  std::stringstream ss(s);
  std::string line;
  while (std::getline(ss, line)) {
    if (!line.empty()) r.push_back(line);
  }
  return r;
}

}  // namespace mosaic::testing
