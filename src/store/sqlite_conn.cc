// SQLite implementation of store::Conn.
#include <sqlite3.h>

#include <cstdlib>
#include <unordered_map>

#include "store/sql.h"
#include "store/sql_profile.h"

namespace mosaic::store {
namespace {

// A failed statement's status. What the database refuses about the values it was given (a
// constraint or trigger, a value too big, a type it cannot take) concerns the document being
// merged: InvalidInput, so that an ingest reports that document and goes on (the store undoes
// it alone). Everything else (a full disk, a lock held too long, an I/O error, no memory) is
// the store failing: IoError, which stops an ingest; a damaged file is Corruption.
Status SqliteError(int rc, const std::string& msg) {
  switch (rc & 0xff) {  // the primary result code of an extended one
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::Corruption("sqlite: " + msg);
    case SQLITE_CONSTRAINT:
    case SQLITE_TOOBIG:
    case SQLITE_MISMATCH:
      return Status::InvalidInput("sqlite: " + msg);
    default:
      return Status::IoError("sqlite: " + msg);
  }
}

class SqliteStmt final : public Stmt {
 public:
  SqliteStmt(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStmt() override { sqlite3_finalize(stmt_); }
  SqliteStmt(const SqliteStmt&) = delete;  // owns the statement handle
  SqliteStmt& operator=(const SqliteStmt&) = delete;

  void BindSpan(std::span<const Value> params) override { BindWith(params, SQLITE_TRANSIENT); }
  void BindSpanInPlace(std::span<const Value> params) override { BindWith(params, SQLITE_STATIC); }

  Result<bool> Step() override {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
      sqlite3_reset(stmt_);
      return false;
    }
    std::string msg = sqlite3_errmsg(db_);
    sqlite3_reset(stmt_);
    return SqliteError(rc, msg);
  }
  void Reset() override { sqlite3_reset(stmt_); }
  bool IsNull(int col) override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int64_t Int(int col) override { return sqlite3_column_int64(stmt_, col); }
  double Real(int col) override { return sqlite3_column_double(stmt_, col); }
  std::string Text(int col) override {
    const unsigned char* p = sqlite3_column_text(stmt_, col);
    if (!p) return {};
    return std::string(reinterpret_cast<const char*>(p),
                       static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
  }

 private:
  // `keep`: SQLITE_TRANSIENT copies text and blobs, SQLITE_STATIC reads them in place.
  void BindWith(std::span<const Value> params, sqlite3_destructor_type keep) {
    sqlite3_reset(stmt_);
    // Parameters not given are NULL, as on a fresh statement. When every one is given (the merge's
    // statements), clearing them first only doubles the binding's work.
    if (static_cast<int>(params.size()) < sqlite3_bind_parameter_count(stmt_)) {
      sqlite3_clear_bindings(stmt_);
    }
    for (size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i) + 1;
      const Value& v = params[i];
      if (std::holds_alternative<int64_t>(v)) {
        sqlite3_bind_int64(stmt_, idx, std::get<int64_t>(v));
      } else if (std::holds_alternative<double>(v)) {
        sqlite3_bind_double(stmt_, idx, std::get<double>(v));
      } else if (std::holds_alternative<std::string>(v)) {
        const auto& s = std::get<std::string>(v);
        sqlite3_bind_text(stmt_, idx, s.data(), static_cast<int>(s.size()), keep);
      } else if (const auto* t = std::get_if<TextRef>(&v)) {
        // A default view's data() is null, which SQLite would bind as NULL: empty text is "".
        sqlite3_bind_text(stmt_, idx, t->text.data() ? t->text.data() : "",
                          static_cast<int>(t->text.size()), keep);
      } else if (const auto* r = std::get_if<BlobRef>(&v)) {
        sqlite3_bind_blob(stmt_, idx, r->bytes.data() ? r->bytes.data() : "",
                          static_cast<int>(r->bytes.size()), keep);
      } else {
        sqlite3_bind_null(stmt_, idx);
      }
    }
  }

  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

// MOSAIC_SQL_PROFILE (sql_profile.h): SQLite's own per-statement timer.
int ProfileCallback(unsigned type, void* profile, void* stmt, void* ns) {
  if (type != SQLITE_TRACE_PROFILE) return 0;
  const char* sql = sqlite3_sql(static_cast<sqlite3_stmt*>(stmt));
  static_cast<SqlProfile*>(profile)->Add(sql ? sql : "?", *static_cast<sqlite3_int64*>(ns));
  return 0;
}

class SqliteConn final : public Conn {
 public:
  explicit SqliteConn(sqlite3* db) : db_(db) {
    profile_ = SqlProfile::FromEnv("sqlite");
    if (profile_) sqlite3_trace_v2(db_, SQLITE_TRACE_PROFILE, &ProfileCallback, profile_.get());
  }
  ~SqliteConn() override { (void)Close(); }
  Status Close() override {
    if (!db_) return Status::Ok();
    cache_.clear();  // statements must be finalised before the connection closes
    const int rc = sqlite3_close(db_);
    if (rc != SQLITE_OK) {
      std::string msg = sqlite3_errmsg(db_);
      sqlite3_close_v2(db_);  // closes once the unfinalised statements are
      db_ = nullptr;
      return Status::IoError("sqlite: closing: " + msg);
    }
    db_ = nullptr;
    return Status::Ok();
  }
  SqliteConn(const SqliteConn&) = delete;  // owns the connection
  SqliteConn& operator=(const SqliteConn&) = delete;

  Dialect dialect() const override { return Dialect::kSqlite; }
  bool InTransaction() override { return sqlite3_get_autocommit(db_) == 0; }
  std::optional<int64_t> LastInsertRowid() override { return sqlite3_last_insert_rowid(db_); }
  Status Exec(const std::string& sql) override {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (rc == SQLITE_OK) return Status::Ok();
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return SqliteError(rc, msg);
  }
  Result<Stmt*> Prepare(const std::string& sql) override {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return it->second.get();
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = sqlite3_errmsg(db_);
      sqlite3_finalize(stmt);
      if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) return Status::Corruption("sqlite: " + msg);
      return Status::Internal("sqlite: " + msg + " in: " + sql);
    }
    auto owned = std::make_unique<SqliteStmt>(db_, stmt);
    Stmt* raw = owned.get();
    cache_.emplace(sql, std::move(owned));
    return raw;
  }

 private:
  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<SqliteStmt>> cache_;
  std::unique_ptr<SqlProfile> profile_;  // destroyed after the connection closes
};

// MOSAIC_SQLITE_MAX_PAGES=N caps a writable database at N pages (PRAGMA max_page_count): a full
// disk, reproducible without root or a small file system (the store fault tests use it). A write
// past the cap fails with "database or disk is full" like a full disk does.
Status ApplyPageLimitFromEnv(Conn& conn) {
  const char* env = std::getenv("MOSAIC_SQLITE_MAX_PAGES");
  if (!env || !*env) return Status::Ok();
  char* end = nullptr;
  unsigned long long pages = std::strtoull(env, &end, 10);
  if (*end != '\0' || pages == 0) {
    return Status::InvalidInput(std::string("MOSAIC_SQLITE_MAX_PAGES is not a page count: ") + env);
  }
  return conn.Exec("PRAGMA max_page_count=" + std::to_string(pages));
}

}  // namespace

Result<std::unique_ptr<Conn>> OpenSqlite(const std::string& path, bool read_only,
                                         int busy_timeout_ms) {
  // Before SQLite's first use in the process: no global memory statistics. Mosaic never reads
  // them, and keeping them takes a global mutex on every allocation and free (about 900 per
  // merged article; 3% of the merge's instructions). sqlite3_config refuses once SQLite is in
  // use (another library opened a database first); it then only keeps its default.
  static const bool configured = [] {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  }();
  (void)configured;
  sqlite3* db = nullptr;
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    if (read_only && rc == SQLITE_CANTOPEN) return Status::NotFound(path + ": no such database");
    return Status::IoError(path + ": " + msg);
  }
  sqlite3_busy_timeout(db, busy_timeout_ms);
  auto conn = std::make_unique<SqliteConn>(db);
  // WAL: readers never block the writer and a killed writer loses only its open transaction.
  // synchronous=NORMAL is crash-safe in WAL mode (an OS crash may lose the last commits, never
  // corrupt). The file must be checked to be a database before any pragma writes it.
  Status st = conn->Exec("SELECT count(*) FROM sqlite_master");
  if (!st.ok()) return Status(st.code(), path + ": not a Mosaic database (" + st.message() + ")");
  if (!read_only) {
    MOSAIC_RETURN_IF_ERROR(conn->Exec("PRAGMA journal_mode=WAL"));
    MOSAIC_RETURN_IF_ERROR(conn->Exec("PRAGMA synchronous=NORMAL"));
    // Debian builds SQLite with secure_delete on: every freed cell and every page a b-tree takes
    // is overwritten with zeros first (1.1% of the merge's instructions). The store never deletes
    // a document (an old version stays, marked not current); what it deletes are counts and
    // rows it rewrites, so SQLite's own default is kept here.
    MOSAIC_RETURN_IF_ERROR(conn->Exec("PRAGMA secure_delete=OFF"));
    MOSAIC_RETURN_IF_ERROR(ApplyPageLimitFromEnv(*conn));
  }
  MOSAIC_RETURN_IF_ERROR(conn->Exec("PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY"));
  return std::unique_ptr<Conn>(std::move(conn));
}

Status Run(Conn& conn, const std::string& sql, const std::vector<Value>& params) {
  auto stmt = conn.Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  (*stmt)->BindSpanInPlace(params);  // `params` outlives the run
  while (true) {
    auto row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
  }
}

Result<std::optional<int64_t>> QueryInt(Conn& conn, const std::string& sql,
                                        const std::vector<Value>& params) {
  auto stmt = conn.Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  Stmt* s = *stmt;
  s->BindSpanInPlace(params);  // `params` outlives the query
  auto row = s->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<int64_t>();
  std::optional<int64_t> v;
  if (!s->IsNull(0)) v = s->Int(0);
  s->Reset();
  return v;
}

}  // namespace mosaic::store
