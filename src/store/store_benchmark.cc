// Store micro-benchmarks (docs/BENCHMARKS.md, "Store").
//
//   BM_PutSynthetic          merging generated DocGraphs into a fresh SQLite store (docs/s)
//   BM_Profile, BM_EventsNear, BM_SearchRare   queries on an ingested store named by
//                            $MOSAIC_BENCH_DB (skipped when unset), in-process: no process start
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "mosaic/store.h"
#include "store/test_graphs.h"

namespace mosaic::store {
namespace {

std::unique_ptr<Store> OpenBenchDb(benchmark::State& state) {
  const char* path = std::getenv("MOSAIC_BENCH_DB");
  if (!path || !*path) {
    state.SkipWithError("set MOSAIC_BENCH_DB to an ingested database");
    return nullptr;
  }
  StoreOptions o;
  o.create = false;
  auto s = Store::Open(path, o);
  if (!s.ok()) {
    state.SkipWithError(s.status().message().c_str());
    return nullptr;
  }
  return std::move(s.value());
}

// The 10 most mentioned entities of each type, then 20 at random (as scripts/bench_store.py).
std::vector<EntitySummary> Picks(Store& store) {
  auto all = store.Entities({"", "", "", 0});
  std::vector<EntitySummary> out;
  if (!all.ok()) return out;
  std::map<std::string, int> per_type;
  for (const auto& e : *all) {
    if (per_type[e.type]++ < 10) out.push_back(e);
  }
  std::mt19937 rng(7);
  for (int i = 0; i < 20 && !all->empty(); ++i) out.push_back((*all)[rng() % all->size()]);
  return out;
}

void BM_Profile(benchmark::State& state) {
  auto store = OpenBenchDb(state);
  if (!store) return;
  auto picks = Picks(*store);
  size_t i = 0;
  for (auto _ : state) {
    auto p = store->Profile(picks[i++ % picks.size()].id, 20);
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_Profile)->Unit(benchmark::kMillisecond);

void BM_EventsNear(benchmark::State& state) {
  auto store = OpenBenchDb(state);
  if (!store) return;
  std::vector<EntitySummary> places;
  auto all = store->Entities({"place", "", "", 0});
  if (all.ok()) {
    for (const auto& e : *all) {
      if (e.lat) places.push_back(e);
    }
  }
  if (places.empty()) {
    state.SkipWithError("no geocoded places");
    return;
  }
  std::mt19937 rng(7);
  int64_t found = 0;
  for (auto _ : state) {
    const auto& p = places[rng() % places.size()];
    EventFilter f;
    f.near_lat = *p.lat;
    f.near_lon = *p.lon;
    f.near_km = 50;
    auto v = store->Events(f);
    if (v.ok()) found += static_cast<int64_t>(v->size());
  }
  state.counters["events_per_query"] =
      benchmark::Counter(static_cast<double>(found), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_EventsNear)->Unit(benchmark::kMillisecond);

void BM_SearchRare(benchmark::State& state) {
  auto store = OpenBenchDb(state);
  if (!store) return;
  auto places = store->Entities({"place", "", "", 200});
  if (!places.ok() || places->empty()) {
    state.SkipWithError("no places");
    return;
  }
  size_t i = 0;
  for (auto _ : state) {
    auto v = store->Search((*places)[i++ % places->size()].name, 20);
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_SearchRare)->Unit(benchmark::kMillisecond);

// Merge cost alone: generated graphs (three shapes from SampleWorld, renamed per document so that
// entities both repeat and grow), 256 per transaction.
void BM_PutSynthetic(benchmark::State& state) {
  auto dir = std::filesystem::temp_directory_path() / "mosaic-put-bench";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto s = Store::Open((dir / "b.db").string(), {});
  if (!s.ok()) {
    state.SkipWithError(s.status().message().c_str());
    return;
  }
  auto& store = *s;
  auto world = testing::SampleWorld();
  int64_t n = 0;
  (void)store->Begin();
  for (auto _ : state) {
    state.PauseTiming();
    DocGraph g = world[static_cast<size_t>(n % 3)];
    g.doc.text += " #" + std::to_string(n);
    g.doc.id = ContentId(g.doc.text);
    g.doc.url = "https://bench.example/" + std::to_string(n);
    for (auto& e : g.entities) {
      if (e.type == "person") e.name += " " + std::to_string(n % 500);
    }
    state.ResumeTiming();
    auto r = store->Put(g);
    benchmark::DoNotOptimize(r);
    if (++n % 256 == 0) {
      (void)store->Commit();
      (void)store->Begin();
    }
  }
  (void)store->Commit();
  state.SetItemsProcessed(n);
  store.reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_PutSynthetic)->Unit(benchmark::kMicrosecond)->Iterations(20000);

}  // namespace
}  // namespace mosaic::store
