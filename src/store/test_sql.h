// Raw SQLite reads and writes for the store tests: what a test checks in the database file itself,
// below the Store interface (integrity, layout, row counts).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>

namespace mosaic::testing {

// Runs `sql` on the database file `db`, opened read-only, and calls `row(stmt)` for each row.
template <typename Row>
void SqlForEach(const std::string& db, const std::string& sql, Row row) {
  sqlite3* h = nullptr;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(h, 5000);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK) {
      while (sqlite3_step(st) == SQLITE_ROW && row(st)) {
      }
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(h);
}

inline std::string ColumnText(sqlite3_stmt* st, int c) {
  const unsigned char* v = sqlite3_column_text(st, c);
  return v ? reinterpret_cast<const char*>(v) : "NULL";
}

// Every row: columns joined by '|', rows ended by '\n', NULL as "NULL". Empty when the database
// or the statement fails.
inline std::string SqlRows(const std::string& db, const std::string& sql) {
  std::string out;
  SqlForEach(db, sql, [&](sqlite3_stmt* st) {
    const int n = sqlite3_column_count(st);
    for (int c = 0; c < n; ++c) out += ColumnText(st, c) + (c + 1 < n ? "|" : "\n");
    return true;
  });
  return out;
}

// The first column of the first row ("" when there is none).
inline std::string SqlText(const std::string& db, const std::string& sql) {
  std::string out;
  SqlForEach(db, sql, [&](sqlite3_stmt* st) {
    out = ColumnText(st, 0);
    return false;
  });
  return out;
}

// The first column of the first row as an integer; -1 when there is none.
inline int64_t SqlInt(const std::string& db, const std::string& sql) {
  std::string v = SqlText(db, sql);
  return v.empty() || v == "NULL" ? -1 : std::stoll(v);
}

// Runs `sql` (any number of statements) on `db` opened for writing; true when all succeed.
inline bool SqlExec(const std::string& db, const std::string& sql) {
  sqlite3* h = nullptr;
  bool ok = sqlite3_open(db.c_str(), &h) == SQLITE_OK &&
            sqlite3_exec(h, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  sqlite3_close(h);
  return ok;
}

}  // namespace mosaic::testing
