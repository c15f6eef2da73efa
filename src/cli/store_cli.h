// The --db option shared by the store commands (ingest, entities, entity, events, path, search,
// export), and opening the store it names with a one-line error.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "cli/command.h"
#include "mosaic/store.h"

namespace mosaic::cli {

inline void AddDbOption(CLI::App* app, std::string* db) {
  *db = kDefaultDbPath;
  app->add_option("--db", *db,
                  "SQLite file (default ./mosaic.db) or postgresql://USER@HOST:PORT/DB URL")
      ->envname("MOSAIC_DB");
}

// Queries never create a database: an absent SQLite file is an error.
inline std::unique_ptr<Store> OpenStoreOrReport(const std::string& db, bool create) {
  StoreOptions o;
  o.create = create;
  auto s = Store::Open(db, o);
  if (!s.ok()) {
    PrintError(s.status().message());
    return nullptr;
  }
  return std::move(s.value());
}

}  // namespace mosaic::cli
