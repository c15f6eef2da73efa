// Rendering store query results as JSON (the --json output of the CLI, and the HTTP API's bodies)
// and as plain text for a terminal. Offsets in JSON are code points, like the DocGraph contract.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "mosaic/store.h"

namespace mosaic::query {

nlohmann::json ToJson(const EntitySummary& e);
nlohmann::json ToJson(const Evidence& e);
nlohmann::json ToJson(const EventRecord& e);
nlohmann::json ToJson(const RelationRecord& r);
nlohmann::json ToJson(const EntityProfile& p);
nlohmann::json ToJson(const PathHop& h);
nlohmann::json ToJson(const SearchHit& h);

// One line per item, for people.
void PrintEntityTable(const std::vector<EntitySummary>& entities, std::ostream& out);
void PrintProfile(const EntityProfile& p, std::ostream& out);
void PrintEvent(const EventRecord& e, std::ostream& out);
void PrintPath(const std::vector<PathHop>& hops, std::ostream& out);
void PrintHit(const SearchHit& h, std::ostream& out);

// "Rusich", or "Rusich; Wagner" for several.
std::string JoinNames(const std::vector<EntitySummary>& entities);

}  // namespace mosaic::query
