// Relations between entities, with the words that state them and their attribution:
//   leads, spokesperson_for, member_of, holds_role   from appositions and titles
//                                                    ("Vyacheslav Gladkov, the governor of
//                                                    Belgorod", "the Wagner Group leader Yevgeny
//                                                    Prigozhin")
//   part_of        "X, part of Y", "Y's X" for organisations, "the armed wing of Y"
//   allied_with    "aligned with", "allied with", "fought alongside"
//   opposes        "fought against", "war against"
//   trains, arms_or_funds                            from train / arm events
//   located_in     "ORG in PLACE", "PLACE's ORG", "PLACE in PLACE"
// Runs after the events (it reads DocGraph::events for trains and arms_or_funds).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "extract/attribution.h"
#include "extract/syntax.h"
#include "mosaic/docgraph.h"

namespace mosaic::extract {

struct RoleFact {
  int holder = -1;    // entity index of the person (or group) holding the role
  std::string title;  // the role noun ("governor", "leader", "spokesperson")
  int of = -1;        // entity index the role is held in, -1 if none is named
  Span evidence;      // the words that state it
  size_t token = 0;   // a token inside the evidence (for attribution)
};

// Roles stated by appositions and title premodifiers.
std::vector<RoleFact> FindRoles(const Syntax& syn, const DocGraph& graph);

// (entity index, title noun) pairs: the titles each entity is given in the document.
std::vector<std::pair<int, std::string>> RoleTitles(const Syntax& syn, const DocGraph& graph);

// Appends to graph->relations.
void ExtractRelations(const Syntax& syn, const std::vector<AttributionScope>& scopes,
                      DocGraph* graph);

}  // namespace mosaic::extract
