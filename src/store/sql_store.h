// SqlStore: the Store written once over store::Conn, for both SQLite and PostgreSQL.
//
// The dialects differ only where the databases do: full-text search (FTS5 vs tsvector), the spatial
// index (R*Tree vs a btree on (lat, lon)) and transaction start. Everything else is the same SQL.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "mosaic/store.h"
#include "store/sql.h"

namespace mosaic::store {

Result<std::unique_ptr<Store>> OpenSqlStore(std::unique_ptr<Conn> conn, const std::string& name,
                                            bool read_only);

}  // namespace mosaic::store
