// `mosaic events`: events in the store by type, actor, target, place, distance, date and status.
#include <iostream>

#include "cli/command.h"
#include "cli/store_cli.h"
#include "query/render.h"

namespace mosaic::cli {
namespace {

struct EventsArgs {
  std::string db;
  EventFilter filter;
  std::string near;
  bool json = false;
};

int RunEvents(EventsArgs a) {
  if (!a.near.empty() && !ParseNear(a.near, &a.filter)) {
    PrintError(
        "events: --near expects LAT,LON,KM with LAT in [-90, 90], LON in [-180, 180] and KM > 0 "
        "(e.g. 48.59,38.00,25)");
    return 2;
  }
  auto store = OpenStoreOrReport(a.db, false);
  if (!store) return 1;
  auto v = store->Events(a.filter);
  if (!v.ok()) {
    PrintError("events: " + v.status().message());
    return v.status().code() == StatusCode::kInvalidInput ? 2 : 1;
  }
  for (const auto& e : *v) {
    if (a.json) {
      std::cout << query::ToJson(e).dump() << "\n";
    } else {
      query::PrintEvent(e, std::cout);
    }
  }
  return 0;
}

Registrar reg("events", "List events with their evidence, newest first", [](CLI::App* app) {
  auto a = std::make_shared<EventsArgs>();
  AddDbOption(app, &a->db);
  app->add_option("--type", a->filter.type, "Event type or subtype (attack, drone_strike, ...)");
  app->add_option("--actor", a->filter.actor, "Actor name (any known spelling) or #ID");
  app->add_option("--target", a->filter.target, "Target name or #ID");
  app->add_option("--place", a->filter.place, "Place name or #ID");
  app->add_option("--near", a->near, "LAT,LON,KM: events within KM km of a point");
  app->add_option("--from", a->filter.from, "Events on or after YYYY[-MM[-DD]]");
  app->add_option("--to", a->filter.to, "Events on or before YYYY[-MM[-DD]]");
  app->add_option("--status", a->filter.status,
                  "asserted | claimed | denied | unconfirmed | speculative | planned");
  app->add_option("--limit", a->filter.limit, "At most this many (default 100, 0 = all)")
      ->check(WholeNumberFrom(0));
  app->add_flag("--json", a->json, "One JSON object per line");
  return [a] { return RunEvents(*a); };
});

}  // namespace
}  // namespace mosaic::cli
