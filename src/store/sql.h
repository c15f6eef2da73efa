// A minimal SQL connection interface over SQLite and libpq, so that the store's logic (schema,
// merge, queries) is written once. Internal to src/store.
//
// SQL is written with `?` placeholders; the PostgreSQL connection rewrites them to $1, $2, ... when
// it prepares the statement. Every value reaches the server as a bound parameter, never spliced
// into SQL. Prepared statements are cached per connection by their SQL text and stay owned by the
// connection.
//
//   Stmt* s = conn.Prepare("SELECT id FROM documents WHERE doc_id = ?");
//   s->Bind({doc_id});
//   while (true) { auto row = s->Step(); if (!row.ok()) ...; if (!*row) break; use(s->Int(0)); }
//
// Not thread-safe: one connection per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "mosaic/status.h"

namespace mosaic::store {

enum class Dialect { kSqlite, kPostgres };

struct Null {};
// Text and bytes the value does not own: whoever builds the value keeps them alive and unchanged
// until the statement it is bound to has run. The merge builds thousands of rows per document from
// strings its DocGraph already holds; owning copies were a twentieth of the merging thread
// (allocating, copying and freeing each name, type and span list twice: into the value, then from
// the initializer list into the row vector).
struct TextRef {
  std::string_view text;
};
// Bytes that are not text (SQLite binds them as a BLOB). Only SQLite columns receive them; the
// PostgreSQL connection passes them on as text.
struct BlobRef {
  std::string_view bytes;
};
using Value = std::variant<Null, int64_t, double, std::string, TextRef, BlobRef>;

inline Value OptReal(const std::optional<double>& v) { return v ? Value(*v) : Value(Null{}); }
inline Value TextOrNull(const std::string& s) { return s.empty() ? Value(Null{}) : Value(s); }
// Borrowed forms (TextRef): `s` must outlive the statement the value is bound to.
inline Value Borrow(const std::string& s) { return TextRef{s}; }
inline Value BorrowOrNull(const std::string& s) {
  return s.empty() ? Value(Null{}) : Value(TextRef{s});
}
// Appends one row's values to a flat row vector, each built in place: an initializer list
// would build every value twice (its elements are const, so the vector copies them) and insert
// through the library's out-of-line range insert.
template <typename... Args>
void AppendRow(std::vector<Value>* rows, Args&&... values) {
  (rows->emplace_back(std::forward<Args>(values)), ...);
}

class Stmt {
 public:
  virtual ~Stmt() = default;
  // Resets the statement and binds all parameters (1..n in order).
  void Bind(const std::vector<Value>& params) { BindSpan(params); }
  virtual void BindSpan(std::span<const Value> params) = 0;
  // Like BindSpan, but text and blob values may be read in place rather than copied: the caller
  // keeps `params` alive and unchanged until Step has returned false (or an error) or the
  // statement is bound again. For the merge's many-row inserts.
  virtual void BindSpanInPlace(std::span<const Value> params) { BindSpan(params); }
  // Runs the statement on first call; returns true while a row is available.
  virtual Result<bool> Step() = 0;
  // Runs a statement whose rows (if any) are not wanted. PostgreSQL sends it without waiting
  // for its result (libpq's pipeline mode): the result, and any error, arrive with the
  // connection's next Sync, or before the next statement that waits for its own result. SQLite
  // runs it now. The bound values may be rebound as soon as this returns.
  virtual Status Send() {
    while (true) {
      auto row = Step();
      if (!row.ok()) return row.status();
      if (!*row) return Status::Ok();
    }
  }
  // Releases the current result early (a query not stepped to its end holds a read snapshot).
  virtual void Reset() = 0;
  virtual bool IsNull(int col) = 0;
  virtual int64_t Int(int col) = 0;
  virtual double Real(int col) = 0;
  virtual std::string Text(int col) = 0;
  std::optional<double> OptReal(int col) {
    if (IsNull(col)) return std::nullopt;
    return Real(col);
  }
};

class Conn {
 public:
  virtual ~Conn() = default;
  virtual Dialect dialect() const = 0;
  // Runs one or more statements without parameters (schema, BEGIN/COMMIT).
  virtual Status Exec(const std::string& sql) = 0;
  // A cached prepared statement, or an error for invalid SQL.
  virtual Result<Stmt*> Prepare(const std::string& sql) = 0;
  // Whether a transaction is open. SQLite may roll a whole transaction back by itself after an
  // error such as a full disk; PostgreSQL aborts it after any error.
  virtual bool InTransaction() = 0;
  // Waits for the statements sent (Stmt::Send) and returns the first error among them.
  virtual Status Sync() { return Status::Ok(); }
  // One statement without parameters whose result is not wanted (SAVEPOINT): PostgreSQL sends
  // it as Stmt::Send does, SQLite runs it now.
  virtual Status ExecLater(const std::string& sql) { return Exec(sql); }
  // The rowid the connection's last successful INSERT set (SQLite), or nullopt where the dialect
  // has none (PostgreSQL: use RETURNING).
  virtual std::optional<int64_t> LastInsertRowid() { return std::nullopt; }
  // Finalises the cached statements and closes the connection (the destructor does the same,
  // silently). Nothing else may be called afterwards.
  virtual Status Close() = 0;
};

Result<std::unique_ptr<Conn>> OpenSqlite(const std::string& path, bool read_only,
                                         int busy_timeout_ms);
Result<std::unique_ptr<Conn>> OpenPostgres(const std::string& url);

// Convenience: prepare, bind, run to completion (no rows expected or wanted).
Status Run(Conn& conn, const std::string& sql, const std::vector<Value>& params);
// Prepare, bind, and return the first row's integer column 0 (nullopt when no row).
Result<std::optional<int64_t>> QueryInt(Conn& conn, const std::string& sql,
                                        const std::vector<Value>& params);

}  // namespace mosaic::store
