// `mosaic eval ner FILE`: scores a CoNLL file whose last two columns are the gold and the predicted
// tag, exactly as the conlleval script does (exact spans; per type and overall P/R/F1).
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "tag/conll.h"

namespace mosaic::cli {
namespace {

struct EvalNerArgs {
  std::string file;
};

int RunEvalNer(const EvalNerArgs& a) {
  Result<tag::ConllFile> file =
      a.file == "-" ? tag::ReadConll(std::cin, "stdin") : tag::ReadConllFile(a.file);
  if (!file.ok()) return PrintError(file.status().message()), 1;
  tag::PrintConllEval(tag::EvaluateConll(*file), std::cout);
  return 0;
}

Registrar reg("eval ner",
              "Score a tagged CoNLL file (gold, then predicted tag last) like conlleval",
              [](CLI::App* app) {
                auto a = std::make_shared<EvalNerArgs>();
                app->add_option("file", a->file, "CoNLL file, or - for stdin")->required();
                return [a] { return RunEvalNer(*a); };
              });

}  // namespace
}  // namespace mosaic::cli
