// `mosaic ner --conll FILE|-`: tags a CoNLL file with the name tagger and writes every line with
// the predicted tag appended (IOB1, the scheme of CoNLL-2003, so `mosaic eval ner` and conlleval
// score the output directly against the file's own gold column).
#include <time.h>

#include <chrono>
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "tag/conll.h"
#include "tag/names.h"
#include "tag/sequence_model.h"
#include "util/resources.h"

namespace mosaic::cli {
namespace {

// CPU time of this thread: on a shared machine wall time measures the neighbours too.
double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct NerArgs {
  std::string conll;
  std::string model;
  bool bio = false;
  bool timing = false;
  bool no_context = false;
};

int RunNer(const NerArgs& a) {
  std::string path = a.model.empty() ? FindResource("models/ner.bin") : a.model;
  if (path.empty()) return PrintError("models/ner.bin not found (use --model)"), 1;
  auto t0 = std::chrono::steady_clock::now();
  auto model = tag::SequenceModel::Load(path);
  if (!model.ok()) return PrintError(model.status().message()), 1;
  auto t1 = std::chrono::steady_clock::now();
  Result<tag::ConllFile> file =
      a.conll == "-" ? tag::ReadConll(std::cin, "stdin") : tag::ReadConllFile(a.conll);
  if (!file.ok()) return PrintError(file.status().message()), 1;
  auto t2 = std::chrono::steady_clock::now();
  double cpu0 = ThreadCpuSeconds(), tag_cpu = 0;
  std::vector<std::vector<std::vector<std::string>>> out(file->documents.size());
  std::vector<tag::SentenceInput> inputs;
  std::vector<std::vector<uint16_t>> ids;
  for (size_t d = 0; d < file->documents.size(); ++d) {
    const auto& doc = file->documents[d];
    inputs.assign(doc.sentences.size(), {});
    for (size_t s = 0; s < doc.sentences.size(); ++s) {
      for (const auto& row : doc.sentences[s].rows) inputs[s].words.emplace_back(row[0]);
    }
    double c0 = ThreadCpuSeconds();
    (*model)->TagDocument(inputs, &ids);
    tag_cpu += ThreadCpuSeconds() - c0;
    std::vector<std::vector<std::string>> words(doc.sentences.size()), bio(doc.sentences.size());
    for (size_t s = 0; s < doc.sentences.size(); ++s) {
      for (uint16_t id : ids[s]) bio[s].emplace_back((*model)->tag_name(id));
      for (const auto& w : inputs[s].words) words[s].emplace_back(w);
    }
    if (!a.no_context) tag::RefineTagsByContext(words, &bio, model->get());
    out[d].resize(doc.sentences.size());
    for (size_t s = 0; s < doc.sentences.size(); ++s)
      out[d][s] = a.bio ? std::move(bio[s]) : tag::BioToIob1(bio[s]);
  }
  auto t3 = std::chrono::steady_clock::now();
  tag::WriteConll(*file, out, std::cout);
  if (a.timing) {
    auto ms = [](auto x, auto y) {
      return std::chrono::duration<double, std::milli>(y - x).count();
    };
    (void)cpu0;
    std::cerr << "load " << ms(t0, t1) << " ms; read " << ms(t1, t2) << " ms; tag " << ms(t2, t3)
              << " ms wall, " << tag_cpu * 1000 << " ms CPU in the tagger ("
              << static_cast<uint64_t>(file->num_tokens() / tag_cpu) << " tokens per CPU second)\n";
  }
  return std::cout.good() ? 0 : 1;
}

Registrar reg("ner", "Tag a CoNLL file with the name tagger (appends a column)", [](CLI::App* app) {
  auto a = std::make_shared<NerArgs>();
  app->add_option("--conll", a->conll, "CoNLL file, or - for stdin")->required();
  app->add_option("--model", a->model, "model file (default: models/ner.bin)");
  app->add_flag("--bio", a->bio, "write BIO (IOB2) tags instead of IOB1");
  app->add_flag("--timing", a->timing, "print load and tagging times to stderr");
  app->add_flag("--no-context", a->no_context,
                "the tagger's tags only, without the document-context rules (tag/name_context.h)");
  return [a] { return RunNer(*a); };
});

}  // namespace
}  // namespace mosaic::cli
