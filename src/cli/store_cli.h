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

// The event filters of `mosaic events`, which `mosaic export` takes too (on `app` or an option
// group of it). `near` receives --near's text, for ReadEventFilter.
template <typename Parent>
void AddEventFilterOptions(Parent* app, EventFilter* f, std::string* near) {
  app->add_option("--type", f->type, "Event type or subtype (attack, drone_strike, ...)");
  app->add_option("--actor", f->actor, "Actor name (any known spelling) or #ID");
  app->add_option("--target", f->target, "Target name or #ID");
  app->add_option("--place", f->place, "Place name or #ID");
  app->add_option("--near", *near, "LAT,LON,KM: events within KM km of a point");
  app->add_option("--from", f->from, "Events on or after YYYY[-MM[-DD]]");
  app->add_option("--to", f->to, "Events on or before YYYY[-MM[-DD]]");
  app->add_option("--status", f->status,
                  "asserted | claimed | denied | unconfirmed | speculative | planned");
}

// Reads --near's text into `f`, then checks the whole filter (CheckEventFilter, naming the
// options); false, having said why in one line naming `command`, when --near is not LAT,LON,KM in
// range or the filter is refused. Empty --near text is no point.
inline bool ReadEventFilter(const std::string& command, const std::string& near, EventFilter* f) {
  if (!near.empty() && !ParseNear(near, f)) {
    PrintError(command +
               ": --near expects LAT,LON,KM with LAT in [-90, 90], LON in [-180, 180] and KM > 0 "
               "(e.g. 48.59,38.00,25)");
    return false;
  }
  if (Status st = CheckEventFilter(*f, FilterNames::kOptions); !st.ok()) {
    PrintError(command + ": " + st.message());
    return false;
  }
  return true;
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
