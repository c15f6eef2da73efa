// `mosaic search TEXT`: full-text search over the stored articles (all words must occur).
#include <iostream>

#include "cli/command.h"
#include "cli/store_cli.h"
#include "query/render.h"

namespace mosaic::cli {
namespace {

struct SearchArgs {
  std::string db;
  std::vector<std::string> words;
  int limit = 20;
  bool json = false;
};

int RunSearch(const SearchArgs& a) {
  auto store = OpenStoreOrReport(a.db, false);
  if (!store) return 1;
  std::string text;
  for (const auto& w : a.words) text += (text.empty() ? "" : " ") + w;
  auto hits = store->Search(text, a.limit);
  if (!hits.ok()) {
    PrintError("search: " + hits.status().message());
    return 1;
  }
  for (const auto& h : *hits) {
    if (a.json) {
      std::cout << query::ToJson(h).dump() << "\n";
    } else {
      query::PrintHit(h, std::cout);
    }
  }
  return 0;
}

Registrar reg("search", "Full-text search of the stored articles", [](CLI::App* app) {
  auto a = std::make_shared<SearchArgs>();
  app->add_option("text", a->words, "Words to find (all must occur)")->required();
  AddDbOption(app, &a->db);
  app->add_option("--limit", a->limit, "At most this many (default 20)")->check(WholeNumberFrom(1));
  app->add_flag("--json", a->json, "One JSON object per line");
  return [a] { return RunSearch(*a); };
});

}  // namespace
}  // namespace mosaic::cli
