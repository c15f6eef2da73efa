// `mosaic merge A B` and `mosaic split ENTITY --alias NAME | --doc DOC...`: the user's corrections
// of cross-article entity resolution. Both are recorded in the store and last (see
// Store::MergeEntities and Store::SplitEntity): documents ingested later resolve as the user
// decided.
#include <iostream>

#include "cli/command.h"
#include "cli/store_cli.h"

namespace mosaic::cli {
namespace {

// The one entity NAME (or #ID) means; an error naming the candidates when it is ambiguous.
Result<EntitySummary> PickEntity(Store& store, const std::string& name, const std::string& type,
                                 const char* command) {
  auto found = store.FindEntities(name);
  if (!found.ok()) return found.status();
  std::vector<EntitySummary> matches;
  for (const auto& e : *found) {
    if (type.empty() || e.type == type) matches.push_back(e);
  }
  if (matches.empty()) {
    return Status::NotFound(std::string(command) + ": no entity named '" + name +
                            "' (try: mosaic entities --name ...)");
  }
  if (matches.size() > 1 && name[0] != '#') {
    std::string list;
    for (size_t i = 0; i < matches.size() && i < 5; ++i) {
      list += (i ? ", #" : "#") + std::to_string(matches[i].id) + " " + matches[i].name + " (" +
              matches[i].type + ", " + std::to_string(matches[i].mentions) + " mentions)";
    }
    return Status::InvalidInput(std::string(command) + ": '" + name +
                                "' names several entities: " + list + "; give one as #ID");
  }
  return matches[0];
}

std::string Describe(const EntitySummary& e) {
  return "#" + std::to_string(e.id) + " " + e.name + " (" + e.type + ")";
}

struct MergeArgs {
  std::string db, from, into, type;
};

int RunMerge(const MergeArgs& a) {
  auto store = OpenStoreOrReport(a.db, false);
  if (!store) return 1;
  auto from = PickEntity(*store, a.from, a.type, "merge");
  if (!from.ok()) return PrintError(from.status().message()), 1;
  auto into = PickEntity(*store, a.into, a.type, "merge");
  if (!into.ok()) return PrintError(into.status().message()), 1;
  auto r = store->MergeEntities(from->id, into->id);
  if (!r.ok()) return PrintError(r.status().message()), 1;
  std::cout << "merged " << Describe(*from) << " into " << Describe(*into) << ": now "
            << r->mentions << " mentions in " << r->documents << " documents\n";
  return 0;
}

struct SplitArgs {
  std::string db, entity, alias, type;
  std::vector<std::string> docs;
};

int RunSplit(const SplitArgs& a) {
  if (a.alias.empty() == a.docs.empty()) {
    PrintError("split: give --alias NAME or --doc DOC (one or more)");
    return 2;
  }
  auto store = OpenStoreOrReport(a.db, false);
  if (!store) return 1;
  auto e = PickEntity(*store, a.entity, a.type, "split");
  if (!e.ok()) return PrintError(e.status().message()), 1;
  SplitSpec spec;
  spec.alias = a.alias;
  spec.documents = a.docs;
  auto r = store->SplitEntity(e->id, spec);
  if (!r.ok()) return PrintError(r.status().message()), 1;
  std::cout << "split " << Describe(*e) << ": " << r->moved_mentions << " mentions in "
            << r->moved_documents << " documents are now #" << r->created << "\n";
  return 0;
}

Registrar merge(
    "merge", "Merge entity A into entity B (names or #IDs); lasts across ingests",
    [](CLI::App* app) {
      auto a = std::make_shared<MergeArgs>();
      app->add_option("from", a->from, "The entity that goes (name or #ID)")->required();
      app->add_option("into", a->into, "The entity that stays (name or #ID)")->required();
      app->add_option("--type", a->type, "Only entities of this type");
      AddDbOption(app, &a->db);
      return [a] { return RunMerge(*a); };
    });

Registrar split("split",
                "Move an entity's mentions in some documents to a new entity; lasts across ingests",
                [](CLI::App* app) {
                  auto a = std::make_shared<SplitArgs>();
                  app->add_option("entity", a->entity, "The entity (name or #ID)")->required();
                  app->add_option("--alias", a->alias,
                                  "Move the documents where it is called this (e.g. a namesake)");
                  app->add_option("--doc", a->docs, "Move these documents (doc id or url)");
                  app->add_option("--type", a->type, "Only entities of this type");
                  AddDbOption(app, &a->db);
                  return [a] { return RunSplit(*a); };
                });

}  // namespace
}  // namespace mosaic::cli
