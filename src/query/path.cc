#include "query/path.h"

#include <deque>
#include <unordered_map>

namespace mosaic::query {

Result<std::vector<PathHop>> FindPath(Store& store, int64_t from, int64_t to,
                                      const PathOptions& options) {
  std::vector<PathHop> hops;
  if (from == to) return hops;
  struct Seen {
    GraphEdge via;  // the edge that reached this entity (unused for the start)
    int depth = 0;
  };
  std::unordered_map<int64_t, Seen> seen;
  seen[from] = Seen{};
  std::deque<int64_t> queue{from};
  int expanded = 0;
  bool found = false;
  while (!queue.empty() && !found && expanded < options.max_visited) {
    int64_t cur = queue.front();
    queue.pop_front();
    int depth = seen[cur].depth;
    if (depth >= options.max_hops) continue;
    ++expanded;
    auto edges = store.Neighbours(cur, options.max_neighbours);
    if (!edges.ok()) return edges.status();
    for (const auto& e : *edges) {
      if (seen.count(e.to)) continue;
      seen[e.to] = Seen{e, depth + 1};
      if (e.to == to) {
        found = true;
        break;
      }
      queue.push_back(e.to);
    }
  }
  if (!found) return hops;
  std::vector<GraphEdge> chain;
  for (int64_t n = to; n != from; n = seen[n].via.from) chain.push_back(seen[n].via);
  auto summary = [&](int64_t id) -> Result<EntitySummary> {
    auto v = store.FindEntities("#" + std::to_string(id));
    if (!v.ok()) return v.status();
    if (v->empty()) return Status::NotFound("no entity #" + std::to_string(id));
    return (*v)[0];
  };
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    PathHop h;
    auto a = summary(it->from);
    if (!a.ok()) return a.status();
    auto b = summary(it->to);
    if (!b.ok()) return b.status();
    auto ev = store.EdgeEvidence(*it);
    if (!ev.ok()) return ev.status();
    h.from = std::move(*a);
    h.to = std::move(*b);
    h.via = it->via;
    h.evidence = std::move(*ev);
    hops.push_back(std::move(h));
  }
  return hops;
}

}  // namespace mosaic::query
