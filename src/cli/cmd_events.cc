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
  if (!ReadEventFilter("events", a.near, &a.filter)) return 2;
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
  AddEventFilterOptions(app, &a->filter, &a->near);
  app->add_option("--limit", a->filter.limit, "At most this many (default 100, 0 = all)")
      ->check(WholeNumberFrom(0));
  app->add_flag("--json", a->json, "One JSON object per line");
  return [a] { return RunEvents(*a); };
});

}  // namespace
}  // namespace mosaic::cli
