// `mosaic eval timex [DIR|FILE...]`: scores the date tagger on TimeML gold (TimeBank / AQUAINT .tml
// files, MEANTIME NAF-style .xml files): strict and relaxed span P/R/F1, value and type accuracy
// over relaxed matches, per directory and in total. The creation time is the reference date and is
// not scored. --errors prints every miss, false alarm and wrong value (tab-separated) for tuning.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "tag/timex_eval.h"

namespace mosaic::cli {
namespace {

namespace fs = std::filesystem;
using tag::timex::EvalDoc;
using tag::timex::TimexScores;

struct EvalTimexArgs {
  std::vector<std::string> inputs;
  bool errors = false;
};

void PrintScores(const std::string& name, const TimexScores& s) {
  std::printf(
      "%-28s docs %4d  gold %5d  sys %5d  strict P %.3f R %.3f F1 %.3f  relaxed P %.3f R %.3f "
      "F1 %.3f  value %.3f  type %.3f\n",
      name.c_str(), s.docs, s.gold, s.system, s.StrictP(), s.StrictR(), s.StrictF(), s.RelaxedP(),
      s.RelaxedR(), s.RelaxedF(), s.ValueAccuracy(), s.TypeAccuracy());
}

std::vector<std::string> DefaultInputs() {
  std::string base = std::string(MOSAIC_SOURCE_DIR) + "/../shared/data/timeml/";
  return {base + "TimeBank", base + "AQUAINT", base + "meantime/intra-doc_annotation"};
}

int RunEvalTimex(const EvalTimexArgs& a) {
  std::vector<std::string> inputs = a.inputs.empty() ? DefaultInputs() : a.inputs;
  TimexScores total, tml_total;
  bool any_tml = false;
  int failed = 0;
  for (const std::string& input : inputs) {
    std::vector<std::string> files;
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      for (auto it = fs::recursive_directory_iterator(input, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        std::string ext = it->path().extension().string();
        if (it->is_regular_file() && (ext == ".tml" || ext == ".xml")) files.push_back(it->path());
      }
    } else if (fs::is_regular_file(input, ec)) {
      files.push_back(input);
    } else {
      PrintError(input + ": no such file or directory");
      ++failed;
      continue;
    }
    std::sort(files.begin(), files.end());
    TimexScores dir;
    for (const std::string& f : files) {
      bool tml = f.ends_with(".tml");
      Result<EvalDoc> doc = tml ? tag::timex::ReadTimeMl(f) : tag::timex::ReadMeantime(f);
      if (!doc.ok()) {
        PrintError(doc.status().message());
        ++failed;
        continue;
      }
      std::vector<std::string> errors;
      TimexScores s = tag::timex::ScoreDocument(doc.value(), a.errors ? &errors : nullptr);
      for (const std::string& e : errors) std::cout << e << "\n";
      dir.Add(s);
      if (tml) {
        tml_total.Add(s);
        any_tml = true;
      }
    }
    PrintScores(fs::path(input).filename().string(), dir);
    total.Add(dir);
  }
  if (any_tml) PrintScores("TimeML (.tml) total", tml_total);
  PrintScores("all", total);
  return failed ? 1 : 0;
}

Registrar reg("eval timex", "Score the date tagger on TimeML gold (TimeBank, AQUAINT, MEANTIME)",
              [](CLI::App* app) {
                auto args = std::make_shared<EvalTimexArgs>();
                app->add_option("inputs", args->inputs,
                                "directories or files (.tml TimeML, .xml MEANTIME); default: "
                                "../shared/data/timeml/{TimeBank,AQUAINT,meantime}");
                app->add_flag("--errors", args->errors,
                              "print every miss, false alarm, span and value error");
                return [args] { return RunEvalTimex(*args); };
              });

}  // namespace
}  // namespace mosaic::cli
