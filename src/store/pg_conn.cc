// PostgreSQL (libpq) implementation of store::Conn.
#include <libpq-fe.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/sql.h"
#include "store/sql_profile.h"

namespace mosaic::store {
namespace {

int64_t Nanos(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                              since)
      .count();
}

// libpq's and the server's messages can span lines (a failed connection adds a hint on a
// second, tab-indented line; the server adds DETAIL and HINT lines). Mosaic reports each problem
// on one line: the lines are trimmed and joined with "; ".
std::string OneLine(std::string_view s) {
  std::string out;
  while (!s.empty()) {
    const size_t nl = s.find('\n');
    std::string_view line = s.substr(0, nl);
    s = nl == std::string_view::npos ? std::string_view() : s.substr(nl + 1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
      line.remove_suffix(1);
    }
    if (line.empty()) continue;
    if (!out.empty()) out += "; ";
    out += line;
  }
  return out;
}

// A failed statement's status, by the class of its SQLSTATE. What the server refuses about the
// values it was given (a data exception, class 22: a value out of range, a bad encoding; an
// integrity constraint, 23; a program limit, 54: a text too long for full-text search) concerns
// the document being merged: InvalidInput, so that an ingest reports that document and goes on
// (the store undoes it alone). Anything else (a lost connection, no resources, a deadlock, a
// server shutting down) is the store failing: IoError, which stops an ingest.
Status PgError(const PGresult* res) {
  const std::string msg = "postgresql: " + OneLine(PQresultErrorMessage(res));
  const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
  const std::string_view cls = state && std::strlen(state) >= 2 ? std::string_view(state, 2) : "";
  if (cls == "22" || cls == "23" || cls == "54") return Status::InvalidInput(msg);
  return Status::IoError(msg);
}

// Rewrites `?` placeholders to $1, $2, ... outside quoted strings and identifiers.
std::string NumberPlaceholders(const std::string& sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 16);
  char quote = 0;
  int n = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$' + std::to_string(++n);
    } else {
      out += c;
    }
  }
  *count = n;
  return out;
}

// Statements sent without waiting for their results (Stmt::Send): the merge's inserts, whose
// results it never reads. Each was a round trip of its own; in libpq's pipeline mode they go out
// together and their results come back at the next Sync, which any statement that waits for its
// own result (or the store, at the end of a document) asks for first.
class PgPipeline {
 public:
  explicit PgPipeline(PGconn* conn) : conn_(conn) {}
  bool entered() const { return entered_; }

  // A prepared statement, sent.
  Status Send(const char* name, int nparams, const char* const* values) {
    MOSAIC_RETURN_IF_ERROR(Enter());
    if (PQsendQueryPrepared(conn_, name, nparams, values, nullptr, nullptr, 0) != 1) {
      return Status::IoError("postgresql: " + OneLine(PQerrorMessage(conn_)));
    }
    ++pending_;
    return Status::Ok();
  }
  // One statement without parameters (SAVEPOINT, RELEASE), sent.
  Status SendSql(const std::string& sql) {
    MOSAIC_RETURN_IF_ERROR(Enter());
    if (PQsendQueryParams(conn_, sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) != 1) {
      return Status::IoError("postgresql: " + OneLine(PQerrorMessage(conn_)));
    }
    ++pending_;
    return Status::Ok();
  }

  // Ends the pipeline: every sent statement's result is read; the first error is returned (the
  // server skips what follows an error until the sync, and the caller's transaction is then
  // aborted, as after any failed statement). With `last`, the last statement sent is one whose
  // rows the caller wants: its result is handed over in *last (null after an error) instead of
  // being cleared, so that a query goes out with what was sent before it, in one round trip.
  Status Sync(PGresult** last = nullptr) {
    if (last) *last = nullptr;
    if (!entered_) return TakeHeld();
    Status first = TakeHeld();
    auto note = [&](const std::string& msg) {
      if (first.ok()) first = Status::IoError("postgresql: " + msg);
    };
    auto note_result = [&](const PGresult* r) {
      if (first.ok()) first = PgError(r);
    };
    if (PQpipelineSync(conn_) != 1) note(OneLine(PQerrorMessage(conn_)));
    for (; pending_ > 0; --pending_) {
      // One result per statement (or an "aborted" one after an error), then a null.
      while (PGresult* r = PQgetResult(conn_)) {
        const ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_FATAL_ERROR || st == PGRES_BAD_RESPONSE || st == PGRES_NONFATAL_ERROR) {
          note_result(r);
        }
        if (last && pending_ == 1 && first.ok() && !*last &&
            (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)) {
          *last = r;  // the caller's query
        } else {
          PQclear(r);
        }
      }
    }
    // Then the sync point itself.
    while (PGresult* r = PQgetResult(conn_)) {
      const ExecStatusType st = PQresultStatus(r);
      PQclear(r);
      if (st == PGRES_PIPELINE_SYNC) break;
    }
    if (PQexitPipelineMode(conn_) != 1) note(OneLine(PQerrorMessage(conn_)));
    entered_ = false;
    if (!first.ok() && last && *last) {
      PQclear(*last);
      *last = nullptr;
    }
    return first;
  }

  // An error a sync found for a caller that could not return it (Conn::InTransaction): the next
  // Sync returns it, so that a COMMIT after it is refused as after any error it sent.
  void Hold(Status st) {
    if (held_.ok()) held_ = std::move(st);
  }

 private:
  Status TakeHeld() {
    Status h = std::move(held_);
    held_ = Status::Ok();
    return h;
  }
  Status Enter() {
    if (entered_) return Status::Ok();
    if (PQenterPipelineMode(conn_) != 1) {
      return Status::IoError("postgresql: " + OneLine(PQerrorMessage(conn_)));
    }
    entered_ = true;
    return Status::Ok();
  }

  PGconn* conn_;
  int pending_ = 0;
  bool entered_ = false;
  Status held_;
};

class PgStmt final : public Stmt {
 public:
  PgStmt(PGconn* conn, PgPipeline* pipeline, std::string name, int nparams, std::string sql,
         SqlProfile* profile)
      : conn_(conn),
        pipeline_(pipeline),
        name_(std::move(name)),
        nparams_(nparams),
        sql_(std::move(sql)),
        profile_(profile) {}
  ~PgStmt() override { Clear(); }
  PgStmt(const PgStmt&) = delete;  // owns a PGresult
  PgStmt& operator=(const PgStmt&) = delete;

  void BindSpan(std::span<const Value> params) override {
    Clear();
    values_.assign(params.size(), std::string());
    is_null_.assign(params.size(), false);
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (std::holds_alternative<int64_t>(v)) {
        values_[i] = std::to_string(std::get<int64_t>(v));
      } else if (std::holds_alternative<double>(v)) {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.17g", std::get<double>(v));
        values_[i] = buf;
      } else if (std::holds_alternative<std::string>(v)) {
        values_[i] = std::get<std::string>(v);
      } else if (const auto* t = std::get_if<TextRef>(&v)) {
        values_[i] = t->text;
      } else if (const auto* r = std::get_if<BlobRef>(&v)) {
        values_[i] = r->bytes;  // the store sends blobs to SQLite only (sql.h)
      } else {
        is_null_[i] = true;
      }
    }
  }
  Status Send() override {
    Clear();
    MOSAIC_RETURN_IF_ERROR(CheckParams());
    std::vector<const char*> ptrs = Pointers();
    auto t0 = std::chrono::steady_clock::now();
    Status st = pipeline_->Send(name_.c_str(), nparams_, ptrs.data());
    if (profile_) profile_->Add(sql_, Nanos(t0));
    return st;
  }
  Result<bool> Step() override {
    if (!res_) {
      MOSAIC_RETURN_IF_ERROR(CheckParams());
      std::vector<const char*> ptrs = Pointers();
      auto t0 = std::chrono::steady_clock::now();
      if (pipeline_->entered()) {
        // What was sent before goes first, in the same round trip; an error among it is this
        // statement's too.
        Status st = pipeline_->Send(name_.c_str(), nparams_, ptrs.data());
        if (st.ok()) st = pipeline_->Sync(&res_);
        if (!st.ok()) {
          Clear();
          return st;
        }
        if (!res_) return Status::IoError("postgresql: no result for: " + sql_);
      } else {
        if (Status held = pipeline_->Sync(); !held.ok()) return held;  // an error held for us
        res_ = PQexecPrepared(conn_, name_.c_str(), nparams_, ptrs.data(), nullptr, nullptr, 0);
      }
      if (profile_) profile_->Add(sql_, Nanos(t0));
      ExecStatusType st = PQresultStatus(res_);
      if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        Status err = PgError(res_);
        Clear();
        return err;
      }
      row_ = -1;
    }
    ++row_;
    if (row_ < PQntuples(res_)) return true;
    Clear();
    return false;
  }
  void Reset() override { Clear(); }
  Status CheckParams() const {
    if (static_cast<int>(values_.size()) == nparams_) return Status::Ok();
    return Status::Internal("postgresql: statement expects " + std::to_string(nparams_) +
                            " parameters, got " + std::to_string(values_.size()));
  }
  std::vector<const char*> Pointers() const {
    std::vector<const char*> ptrs(values_.size());
    for (size_t i = 0; i < values_.size(); ++i)
      ptrs[i] = is_null_[i] ? nullptr : values_[i].c_str();
    return ptrs;
  }
  bool IsNull(int col) override { return PQgetisnull(res_, row_, col) != 0; }
  int64_t Int(int col) override { return std::strtoll(PQgetvalue(res_, row_, col), nullptr, 10); }
  double Real(int col) override { return std::strtod(PQgetvalue(res_, row_, col), nullptr); }
  std::string Text(int col) override {
    return std::string(PQgetvalue(res_, row_, col),
                       static_cast<size_t>(PQgetlength(res_, row_, col)));
  }

 private:
  void Clear() {
    if (res_) PQclear(res_);
    res_ = nullptr;
  }
  PGconn* conn_;
  PgPipeline* pipeline_;
  std::string name_;
  int nparams_;
  std::string sql_;
  SqlProfile* profile_;  // null unless MOSAIC_SQL_PROFILE is set
  std::vector<std::string> values_;
  std::vector<bool> is_null_;
  PGresult* res_ = nullptr;
  int row_ = -1;
};

class PgConn final : public Conn {
 public:
  explicit PgConn(PGconn* conn)
      : conn_(conn), pipeline_(conn), profile_(SqlProfile::FromEnv("postgresql")) {}
  ~PgConn() override { (void)Close(); }
  Status Close() override {
    if (!conn_) return Status::Ok();
    (void)pipeline_.Sync();
    cache_.clear();
    PQfinish(conn_);
    conn_ = nullptr;
    return Status::Ok();
  }
  PgConn(const PgConn&) = delete;  // owns the connection
  PgConn& operator=(const PgConn&) = delete;

  Dialect dialect() const override { return Dialect::kPostgres; }
  bool InTransaction() override {
    // What was sent is synced first, so that the answer is the server's; an error found there is
    // held for the next Sync, Exec or query to return.
    if (Status st = pipeline_.Sync(); !st.ok()) pipeline_.Hold(std::move(st));
    return PQtransactionStatus(conn_) != PQTRANS_IDLE;
  }
  Status Sync() override { return pipeline_.Sync(); }
  Status ExecLater(const std::string& sql) override { return pipeline_.SendSql(sql); }
  Status Exec(const std::string& sql) override {
    // What was sent before is done first. Its error is returned instead of running `sql` (a
    // COMMIT of a transaction the error aborted would report success and roll back), except
    // for a ROLLBACK, which is what the caller does about such an error.
    if (Status sent = pipeline_.Sync(); !sent.ok() && sql.rfind("ROLLBACK", 0) != 0) return sent;
    auto t0 = std::chrono::steady_clock::now();
    PGresult* res = PQexec(conn_, sql.c_str());
    if (profile_) profile_->Add(sql, Nanos(t0));
    ExecStatusType st = PQresultStatus(res);
    Status out;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      out = PgError(res);
    }
    PQclear(res);
    return out;
  }
  Result<Stmt*> Prepare(const std::string& sql) override {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return it->second.get();
    MOSAIC_RETURN_IF_ERROR(pipeline_.Sync());  // PQprepare waits for its result
    int n = 0;
    std::string numbered = NumberPlaceholders(sql, &n);
    std::string name = "m" + std::to_string(cache_.size() + 1);
    PGresult* res = PQprepare(conn_, name.c_str(), numbered.c_str(), n, nullptr);
    ExecStatusType st = PQresultStatus(res);
    std::string msg = OneLine(PQresultErrorMessage(res));
    PQclear(res);
    if (st != PGRES_COMMAND_OK) return Status::Internal("postgresql: " + msg + " in: " + sql);
    auto owned = std::make_unique<PgStmt>(conn_, &pipeline_, name, n, sql, profile_.get());
    Stmt* raw = owned.get();
    cache_.emplace(sql, std::move(owned));
    return raw;
  }

 private:
  PGconn* conn_;
  PgPipeline pipeline_;
  std::unique_ptr<SqlProfile> profile_;  // outlives the statements (declared before cache_)
  std::unordered_map<std::string, std::unique_ptr<PgStmt>> cache_;
};

}  // namespace

Result<std::unique_ptr<Conn>> OpenPostgres(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = OneLine(PQerrorMessage(conn));
    PQfinish(conn);
    return Status::IoError("postgresql: cannot connect: " + msg);
  }
  auto out = std::make_unique<PgConn>(conn);
  // Notices ("relation already exists, skipping") are not errors; keep them off stderr.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  MOSAIC_RETURN_IF_ERROR(out->Exec("SET client_min_messages = warning"));
  return std::unique_ptr<Conn>(std::move(out));
}

}  // namespace mosaic::store
