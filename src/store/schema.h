// The store's database schema and its migrations (docs/store.md describes every table).
//
// Version N of the schema is the result of applying migrations 1..N in order. Migrate() brings a
// database up to kStoreSchemaVersion inside one transaction (PostgreSQL: under an advisory lock, so
// two processes opening a fresh database at once do not race), records each step in
// `schema_version`, and refuses a database whose version is newer than this binary's.
#pragma once

#include <string>

#include "store/sql.h"

namespace mosaic::store {

// The current UTC time as ISO 8601 ("2026-11-24T05:10:00Z"): when a migration, a document or a
// correction was recorded.
std::string NowIso();

// Applies pending migrations (none when read_only) and returns the database's schema version. A
// new SQLite database gets the latest schema in one script (the same tables, indexes and views as
// the migrations make, recorded as versions 1..N) unless `replay` asks for the migrations one by
// one, as an older store would go through them.
Result<int> Migrate(Conn& conn, const std::string& name, bool read_only, bool replay = false);

}  // namespace mosaic::store
