// Throughput of the date and quantity taggers on one core, text analysis excluded (it is measured
// with the text stage). The corpus is the sample articles in ../shared/seeds when present, else the
// TimeBank text, else a built-in paragraph, repeated to about 4 MB.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "mosaic/docgraph.h"
#include "tag/dates.h"
#include "tag/quantities.h"
#include "text/analyzed_text.h"

namespace mosaic::tag {
namespace {

std::string Corpus() {
  namespace fs = std::filesystem;
  std::string text;
  fs::path seeds = fs::path(MOSAIC_SOURCE_DIR) / ".." / "shared" / "seeds";
  std::error_code ec;
  if (fs::is_directory(seeds, ec)) {
    for (const auto& e : fs::directory_iterator(seeds, ec)) {
      if (e.path().extension() != ".txt") continue;
      std::ifstream in(e.path());
      std::stringstream ss;
      ss << in.rdbuf();
      text += ss.str() + "\n\n";
    }
  }
  if (text.empty()) {
    text =
        "Clashes started in the border district on Monday and continued on Tuesday afternoon. "
        "The governor ordered residents of at least 9 villages to evacuate after 12 civilians had "
        "been wounded, at least 2 seriously. The minister will visit Moscow on September 4, some "
        "200 fighters crossed in late June, and the brigade has fought since 2014.\n";
  }
  std::string out;
  while (out.size() < (4u << 20)) out += text;
  return out;
}

struct Fixture {
  std::string text = Corpus();
  text::AnalyzedText analyzed = text::Analyze(text);
};

const Fixture& Data() {
  static const Fixture f;
  return f;
}

void BM_TagDates(benchmark::State& state) {
  const Fixture& f = Data();
  for (auto _ : state) {
    DocGraph g;
    g.doc.published = "2023-05-23";
    TagDates(f.analyzed, &g);
    benchmark::DoNotOptimize(g.dates.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(f.text.size()));
}
BENCHMARK(BM_TagDates)->Unit(benchmark::kMillisecond);

void BM_TagDatesAndQuantities(benchmark::State& state) {
  const Fixture& f = Data();
  for (auto _ : state) {
    DocGraph g;
    g.doc.published = "2023-05-23";
    TagDates(f.analyzed, &g);
    TagQuantities(f.analyzed, &g);
    benchmark::DoNotOptimize(g.quantities.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(f.text.size()));
}
BENCHMARK(BM_TagDatesAndQuantities)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace mosaic::tag
