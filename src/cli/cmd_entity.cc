// `mosaic entity NAME`: one entity's profile with the evidence for everything it states.
#include <iostream>

#include "cli/command.h"
#include "cli/store_cli.h"
#include "query/render.h"

namespace mosaic::cli {
namespace {

struct EntityArgs {
  std::string db;
  std::string name;
  std::string type;
  int limit = 20;
  bool json = false;
};

int RunEntity(const EntityArgs& a) {
  auto store = OpenStoreOrReport(a.db, false);
  if (!store) return 1;
  auto found = store->FindEntities(a.name);
  if (!found.ok()) {
    PrintError("entity: " + found.status().message());
    return 1;
  }
  std::vector<EntitySummary> matches;
  for (const auto& e : *found) {
    if (a.type.empty() || e.type == a.type) matches.push_back(e);
  }
  if (matches.empty()) {
    PrintError("entity: no entity named '" + a.name + "' (try: mosaic entities --name ...)");
    return 1;
  }
  auto p = store->Profile(matches[0].id, a.limit);
  if (!p.ok()) {
    PrintError("entity: " + p.status().message());
    return 1;
  }
  if (a.json) {
    auto j = query::ToJson(*p);
    j["other_matches"] = nlohmann::json::array();
    for (size_t i = 1; i < matches.size(); ++i)
      j["other_matches"].push_back(query::ToJson(matches[i]));
    std::cout << j.dump() << "\n";
  } else {
    query::PrintProfile(*p, std::cout);
    if (matches.size() > 1) {
      std::cout << "also matching:";
      for (size_t i = 1; i < matches.size(); ++i) {
        std::cout << " " << matches[i].name << " (#" << matches[i].id << ", " << matches[i].type
                  << ")";
      }
      std::cout << "\n";
    }
  }
  return 0;
}

Registrar reg("entity", "Profile of one entity: aliases, roles, relations, events, evidence",
              [](CLI::App* app) {
                auto a = std::make_shared<EntityArgs>();
                app->add_option("name", a->name, "A name in any spelling the store knows, or #ID")
                    ->required();
                AddDbOption(app, &a->db);
                app->add_option("--type", a->type, "Only an entity of this type");
                app->add_option("--limit", a->limit, "Items per section (default 20)")
                    ->check(WholeNumberFrom(1));
                app->add_flag("--json", a->json, "One JSON object");
                return [a] { return RunEntity(*a); };
              });

}  // namespace
}  // namespace mosaic::cli
