// Throughput of the text layer on one core: UTF-8 validation, NFC normalisation with the offset map
// back to the original, sentence splitting and tokenisation (text::Analyze). The corpus is the
// project's own example articles (examples/articles.jsonl, always present), repeated to 4 MB.
#include <benchmark/benchmark.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "text/analyzed_text.h"

namespace mosaic::text {
namespace {

const std::string& Corpus() {
  static const std::string corpus = [] {
    std::string text;
    std::ifstream in(std::string(MOSAIC_SOURCE_DIR) + "/examples/articles.jsonl");
    for (std::string line; std::getline(in, line);) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_object() && j.contains("text")) text += j["text"].get<std::string>() + "\n\n";
    }
    if (text.empty()) text = "The governor said on Monday that 12 civilians had been wounded.\n";
    std::string out;
    while (out.size() < (4u << 20)) out += text;
    return out;
  }();
  return corpus;
}

void BM_Analyze(benchmark::State& state) {
  const std::string& text = Corpus();
  size_t tokens = 0;
  for (auto _ : state) {
    AnalyzedText t = Analyze(text);
    tokens = t.tokens.size();
    benchmark::DoNotOptimize(t.tokens.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
  state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(tokens) * state.iterations(),
                                                  benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Analyze)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace mosaic::text
