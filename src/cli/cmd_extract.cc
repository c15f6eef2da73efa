// `mosaic extract`: articles in, one DocGraph JSON line per document out, in input order.
#include <unistd.h>

#include <iostream>
#include <memory>

#include "cli/command.h"
#include "cli/common.h"
#include "mosaic/pipeline.h"
#include "readers/reader.h"
#include "util/ordered_pool.h"

namespace mosaic::cli {
namespace {

struct ExtractArgs {
  std::vector<std::string> inputs;
  bool with_text = false;
  bool pretty = false;
  int threads = 1;
  InputArgs input;
};

int RunExtract(const ExtractArgs& a) {
  auto resources = LoadResourcesOrReport(a.input);
  if (!resources) return 1;
  Pipeline pipeline(resources, a.input.PipelineOpts());
  readers::DocumentStream stream(a.inputs, a.input.ReaderOpts());
  JsonOptions jopts;
  jopts.with_text = a.with_text;
  jopts.pretty = a.pretty;
  BatchCounters counters;
  std::ios::sync_with_stdio(false);
  OrderedMap<Document, std::string>(
      a.threads, static_cast<size_t>(a.threads) * 8,
      [&](Document* d) { return NextDocument(stream, d, &counters); },
      [&](Document& d) { return ToJson(pipeline.Extract(d), jopts); },
      [&](Document&, std::string& line) {
        std::cout << line << '\n';
        ++counters.ok;
      });
  std::cout.flush();
  KeepUntilExit(resources);  // the models' teardown is left for the process's exit
  if (!std::cout) {
    PrintError("extract: write to standard output failed");
    return 1;
  }
  return counters.Report("extract");
}

Registrar reg("extract", "Extract a DocGraph (JSON line) from each article", [](CLI::App* app) {
  auto a = std::make_shared<ExtractArgs>();
  app->add_option("inputs", a->inputs, "Files, directories or - for standard input")->required();
  app->add_flag("--with-text", a->with_text, "Include the document text in each DocGraph");
  app->add_flag("--pretty", a->pretty, "Indent the JSON (one object spans several lines)");
  app->add_option("--threads", a->threads, "Worker threads (output order is unchanged)")
      ->check(CLI::Range(1, 256));
  a->input.Register(app);
  return [a] { return RunExtract(*a); };
});

}  // namespace
}  // namespace mosaic::cli
