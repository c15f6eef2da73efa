// `mosaic summary`: reads articles, runs the pipeline and prints a human-readable overview:
// documents, the most mentioned entities per type, and dates. For a quick look in the terminal.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <map>

#include "cli/command.h"
#include "cli/common.h"
#include "mosaic/pipeline.h"
#include "readers/reader.h"
#include "util/ordered_pool.h"

namespace mosaic::cli {
namespace {

struct SummaryArgs {
  std::vector<std::string> inputs;
  int threads = 1;
  int top = 8;
  InputArgs input;
};

int RunSummary(const SummaryArgs& a) {
  auto resources = LoadResourcesOrReport(a.input);
  if (!resources) return 1;
  Pipeline pipeline(resources, a.input.PipelineOpts());
  readers::DocumentStream stream(a.inputs, a.input.ReaderOpts());
  BatchCounters counters;
  struct Tally {
    int mentions = 0;
    int docs = 0;
  };
  std::map<std::string, std::map<std::string, Tally>> by_type;  // type -> name -> tally
  uint64_t sentences = 0, dates = 0, resolved = 0, events = 0, bytes = 0;
  std::cout << "Documents\n";
  OrderedMap<Document, DocGraph>(
      a.threads, static_cast<size_t>(a.threads) * 8,
      [&](Document* d) { return NextDocument(stream, d, &counters); },
      [&](Document& d) { return pipeline.Extract(d); },
      [&](Document& d, DocGraph& g) {
        ++counters.ok;
        bytes += d.text.size();
        sentences += g.sentences.size();
        events += g.events.size();
        for (const auto& e : g.entities) {
          auto& t = by_type[e.type][e.name];
          t.mentions += static_cast<int>(e.mentions.size());
          t.docs += 1;
        }
        std::string title = d.title.size() > 70 ? d.title.substr(0, 67) + "..." : d.title;
        std::cout << "  " << std::left << std::setw(12)
                  << (d.published.empty() ? "(no date)" : d.published.substr(0, 10)) << " "
                  << std::setw(72) << title << " " << g.entities.size() << " entities, "
                  << g.dates.size() << " dates\n";
        for (const auto& dt : g.dates) {
          ++dates;
          if (dt.resolved) ++resolved;
        }
      });
  std::cout << "\n"
            << counters.ok << " documents, " << bytes << " bytes, " << sentences << " sentences, "
            << dates << " dates (" << resolved << " resolved), " << events << " events\n";
  for (const auto& [type, names] : by_type) {
    std::vector<std::pair<std::string, Tally>> v(names.begin(), names.end());
    std::sort(v.begin(), v.end(), [](const auto& x, const auto& y) {
      return x.second.mentions != y.second.mentions ? x.second.mentions > y.second.mentions
                                                    : x.first < y.first;
    });
    std::cout << "\n" << type << " (" << v.size() << ")\n";
    for (int i = 0; i < a.top && i < static_cast<int>(v.size()); ++i) {
      std::cout << "  " << std::left << std::setw(44) << v[i].first << " " << v[i].second.mentions
                << " mentions in " << v[i].second.docs << " documents\n";
    }
  }
  return counters.Report("summary");
}

Registrar reg(
    "summary", "Read articles and print an overview of what was found", [](CLI::App* app) {
      auto a = std::make_shared<SummaryArgs>();
      app->add_option("inputs", a->inputs, "Files, directories or - for standard input")
          ->required();
      app->add_option("--threads", a->threads, "Worker threads")->check(CLI::Range(1, 256));
      app->add_option("--top", a->top, "Entities shown per type")->check(CLI::Range(1, 1000));
      a->input.Register(app);
      return [a] { return RunSummary(*a); };
    });

}  // namespace
}  // namespace mosaic::cli
