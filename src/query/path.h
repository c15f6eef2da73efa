// How two entities connect: breadth-first search over the store's entity graph, whose edges are
// relations (leads, member_of, ...) and co-participation in an event (both named as actor, target
// or place of one event). Returns the hops of a shortest path with the evidence of each hop, or an
// empty vector when none exists within the limits.
#pragma once

#include <cstdint>
#include <vector>

#include "mosaic/store.h"

namespace mosaic::query {

struct PathOptions {
  int max_hops = 4;          // longer chains say little
  int max_neighbours = 200;  // edges followed per entity (hubs would explode the search)
  int max_visited = 20000;   // entities expanded in all, bounding the time on a large store
};

Result<std::vector<PathHop>> FindPath(Store& store, int64_t from, int64_t to,
                                      const PathOptions& options = {});

}  // namespace mosaic::query
