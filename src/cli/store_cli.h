// The --db option shared by the store commands (ingest, entities, entity, events, path, search,
// export), and opening the store it names with a one-line error.
#pragma once

#include <CLI/CLI.hpp>
#include <charconv>
#include <climits>
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

// A count option (--limit): a whole number from `min` up. CLI11's own number checks name their
// bound as a 300-digit double ("not in range 0.000000 to 17976931348...").
inline CLI::Validator WholeNumberFrom(int min) {
  return CLI::Validator(
      [min](std::string& text) -> std::string {
        long long v = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec == std::errc() && end == text.data() + text.size() && v >= min && v <= INT_MAX) {
          return "";
        }
        return "expected a whole number from " + std::to_string(min) + " to " +
               std::to_string(INT_MAX) + ", got '" + text + "'";
      },
      "INT>=" + std::to_string(min));
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
