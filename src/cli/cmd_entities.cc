// `mosaic entities`: the store's entities, most mentioned first, with type/kind/name filters.
#include <iostream>

#include "cli/command.h"
#include "cli/store_cli.h"
#include "query/render.h"

namespace mosaic::cli {
namespace {

struct EntitiesArgs {
  std::string db;
  EntityFilter filter;
  bool json = false;
};

int RunEntities(const EntitiesArgs& a) {
  if (Status st = CheckEntityFilter(a.filter, FilterNames::kOptions); !st.ok()) {
    PrintError("entities: " + st.message());
    return 2;
  }
  auto store = OpenStoreOrReport(a.db, false);
  if (!store) return 1;
  auto v = store->Entities(a.filter);
  if (!v.ok()) {
    PrintError("entities: " + v.status().message());
    return v.status().code() == StatusCode::kInvalidInput ? 2 : 1;
  }
  if (a.json) {
    for (const auto& e : *v) std::cout << query::ToJson(e).dump() << "\n";
  } else {
    query::PrintEntityTable(*v, std::cout);
  }
  return 0;
}

Registrar reg("entities", "List entities in the store with mention and document counts",
              [](CLI::App* app) {
                auto a = std::make_shared<EntitiesArgs>();
                AddDbOption(app, &a->db);
                app->add_option("--type", a->filter.type, "person | organization | place | group");
                app->add_option("--kind", a->filter.kind, "e.g. armed_group, government, city");
                app->add_option("--name", a->filter.name, "Case-insensitive part of the name");
                app->add_option("--limit", a->filter.limit, "At most this many (0 = all)")
                    ->check(WholeNumberFrom(0));
                app->add_flag("--json", a->json, "One JSON object per line");
                return [a] { return RunEntities(*a); };
              });

}  // namespace
}  // namespace mosaic::cli
