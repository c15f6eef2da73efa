// Micro-benchmarks of the name tagger: tagging throughput (tokens/s on one core) on the CoNLL-2003
// development file, and model load time. Skips when the data or the model is absent.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "tag/conll.h"
#include "tag/sequence_model.h"
#include "util/resources.h"

namespace mosaic::tag {
namespace {

const char* kDev = MOSAIC_SOURCE_DIR "/../shared/data/conll2003/eng.testa";

void BM_TagConllDev(benchmark::State& state) {
  std::string model_path = FindResource("models/ner.bin");
  auto file = ReadConllFile(kDev);
  if (model_path.empty() || !file.ok()) {
    state.SkipWithError("models/ner.bin or ../shared/data/conll2003/eng.testa missing");
    return;
  }
  auto model = SequenceModel::Load(model_path);
  if (!model.ok()) {
    state.SkipWithError(model.status().message().c_str());
    return;
  }
  std::vector<std::vector<SentenceInput>> docs;
  for (const auto& d : file->documents) {
    auto& doc = docs.emplace_back(d.sentences.size());
    for (size_t s = 0; s < d.sentences.size(); ++s) {
      for (const auto& row : d.sentences[s].rows) doc[s].words.emplace_back(row[0]);
    }
  }
  std::vector<std::vector<uint16_t>> tags;
  for (auto _ : state) {
    for (const auto& doc : docs) {
      (*model)->TagDocument(doc, &tags);
      benchmark::DoNotOptimize(tags.data());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * file->num_tokens()));
  state.counters["tokens/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * file->num_tokens()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TagConllDev)->Unit(benchmark::kMillisecond);

void BM_LoadModel(benchmark::State& state) {
  std::string model_path = FindResource("models/ner.bin");
  if (model_path.empty()) {
    state.SkipWithError("models/ner.bin missing");
    return;
  }
  for (auto _ : state) {
    auto model = SequenceModel::Load(model_path);
    benchmark::DoNotOptimize(model.ok());
  }
}
BENCHMARK(BM_LoadModel)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace mosaic::tag
