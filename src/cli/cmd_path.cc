// `mosaic path A B`: how two entities connect, hop by hop, with the evidence of each hop.
#include <iostream>

#include "cli/command.h"
#include "cli/store_cli.h"
#include "query/path.h"
#include "query/render.h"

namespace mosaic::cli {
namespace {

struct PathArgs {
  std::string db;
  std::string from, to;
  query::PathOptions options;
  bool json = false;
};

int RunPath(const PathArgs& a) {
  auto store = OpenStoreOrReport(a.db, false);
  if (!store) return 1;
  int64_t ends[2];
  const std::string* names[2] = {&a.from, &a.to};
  for (int i = 0; i < 2; ++i) {
    auto v = store->FindEntities(*names[i]);
    if (!v.ok()) {
      PrintError("path: " + v.status().message());
      return 1;
    }
    if (v->empty()) {
      PrintError("path: no entity named '" + *names[i] + "'");
      return 1;
    }
    ends[i] = (*v)[0].id;
  }
  if (ends[0] == ends[1] && !a.json) {
    std::cout << "'" << a.from << "' and '" << a.to << "' name the same entity, #" << ends[0]
              << "\n";
    return 0;
  }
  auto hops = query::FindPath(*store, ends[0], ends[1], a.options);
  if (!hops.ok()) {
    PrintError("path: " + hops.status().message());
    return 1;
  }
  if (a.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& h : *hops) j.push_back(query::ToJson(h));
    std::cout << nlohmann::json{{"from", ends[0]}, {"to", ends[1]}, {"hops", j}}.dump() << "\n";
  } else if (hops->empty()) {
    std::cout << "no connection within " << a.options.max_hops << " hops\n";
  } else {
    query::PrintPath(*hops, std::cout);
  }
  return 0;
}

Registrar reg("path", "How two entities connect, with evidence for each hop", [](CLI::App* app) {
  auto a = std::make_shared<PathArgs>();
  app->add_option("from", a->from, "First entity (name or #ID)")->required();
  app->add_option("to", a->to, "Second entity (name or #ID)")->required();
  AddDbOption(app, &a->db);
  app->add_option("--max-hops", a->options.max_hops, "Longest chain searched (default 4)")
      ->check(CLI::Range(1, 8));
  app->add_flag("--json", a->json, "One JSON object");
  return [a] { return RunPath(*a); };
});

}  // namespace
}  // namespace mosaic::cli
