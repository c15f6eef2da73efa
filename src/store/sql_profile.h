// MOSAIC_SQL_PROFILE=1: time per statement, summed per statement text and printed to stderr when
// the connection closes, most costly first: where a merge spends its time in the database.
// SQLite reports its own execution time (sqlite3_trace_v2); PostgreSQL's figure is the round trip
// seen by the client (execution, network and waiting for locks). A PostgreSQL statement sent
// without waiting (Stmt::Send, pipeline mode) counts only its sending: the server's work on it is
// in the figure of the next statement that reads rows, and in the end-of-document sync, which is
// not a statement and is not listed.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace mosaic::store {

class SqlProfile {
 public:
  // A profile when MOSAIC_SQL_PROFILE is set (and not "0"), else null: no cost when off.
  static std::unique_ptr<SqlProfile> FromEnv(const char* backend) {
    const char* env = std::getenv("MOSAIC_SQL_PROFILE");
    if (!env || !*env || (env[0] == '0' && env[1] == '\0')) return nullptr;
    return std::make_unique<SqlProfile>(backend);
  }
  explicit SqlProfile(std::string backend) : backend_(std::move(backend)) {}
  SqlProfile(const SqlProfile&) = delete;  // prints once, at destruction
  SqlProfile& operator=(const SqlProfile&) = delete;

  void Add(const std::string& sql, int64_t ns) {
    auto& e = totals_[sql];
    e.first += ns;
    ++e.second;
  }

  ~SqlProfile() {
    std::vector<std::pair<std::string, std::pair<int64_t, int64_t>>> rows(totals_.begin(),
                                                                          totals_.end());
    std::sort(rows.begin(), rows.end(),
              [](const auto& a, const auto& b) { return a.second.first > b.second.first; });
    int64_t all = 0, runs = 0;
    for (const auto& r : rows) all += r.second.first, runs += r.second.second;
    std::fprintf(stderr, "sql profile (%s): %.1f ms in %lld runs of %zu statements\n",
                 backend_.c_str(), all / 1e6, static_cast<long long>(runs), rows.size());
    for (const auto& [sql, t] : rows) {
      std::fprintf(stderr, "%9.1f ms %8lld x  %.110s\n", t.first / 1e6,
                   static_cast<long long>(t.second), sql.c_str());
    }
  }

 private:
  std::string backend_;
  std::map<std::string, std::pair<int64_t, int64_t>> totals_;  // sql -> (ns, runs)
};

}  // namespace mosaic::store
