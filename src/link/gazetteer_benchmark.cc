// Gazetteer load time and name lookup speed (docs/BENCHMARKS.md, Places).
//   build/mosaic_bench --benchmark_filter=Gazetteer
#include <benchmark/benchmark.h>

#include "link/gazetteer.h"
#include "util/resources.h"

namespace mosaic::link {
namespace {

void BM_GazetteerLoad(benchmark::State& state) {
  std::string path = FindResource("gazetteer.bin");
  if (path.empty()) {
    state.SkipWithError("gazetteer.bin not built");
    return;
  }
  for (auto _ : state) {
    auto g = Gazetteer::Load(path);
    benchmark::DoNotOptimize(g.ok());
  }
}
BENCHMARK(BM_GazetteerLoad)->Unit(benchmark::kMillisecond);

void BM_GazetteerLookup(benchmark::State& state) {
  std::string path = FindResource("gazetteer.bin");
  if (path.empty()) {
    state.SkipWithError("gazetteer.bin not built");
    return;
  }
  auto g = Gazetteer::Load(path);
  if (!g.ok()) {
    state.SkipWithError("gazetteer.bin failed to load");
    return;
  }
  const char* names[] = {"Moscow", "Graivoron", "Belgorod",     "Kharkiv",       "Springfield",
                         "Paris",  "Donetsk",   "Nowhereville", "Rostov-on-Don", "Minsk"};
  size_t found = 0;
  for (auto _ : state) {
    for (const char* name : names) found += (*g)->Lookup(name).records.size() > 0;
  }
  benchmark::DoNotOptimize(found);
  state.SetItemsProcessed(state.iterations() * 10);  // names looked up
}
BENCHMARK(BM_GazetteerLookup);

}  // namespace
}  // namespace mosaic::link
