#include "cli/common.h"

#include <iostream>

#include "cli/command.h"

namespace mosaic::cli {

void InputArgs::Register(CLI::App* app) {
  app->add_option("--format", format, "Force the input format instead of detecting it")
      ->check(CLI::IsMember({"text", "html", "jsonl", "rss", "atom", "feed", "warc"}));
  app->add_option("--max-document-mb", max_document_mb,
                  "Refuse documents (or JSONL lines) larger than this many MiB")
      ->check(CLI::Range(1, 4096));
  app->add_option("--max-file-mb", max_file_mb,
                  "Refuse input files (other than JSONL and WARC, which stream) larger than this")
      ->check(CLI::Range(1, 1 << 20));
  app->add_option("--max-feed-mb", max_feed_mb, "Refuse RSS/Atom feed files larger than this")
      ->check(CLI::Range(1, 1 << 16));
  // The parser's tree is freed recursively: the cap keeps a refused page's depth (4 times this)
  // within the stack.
  app->add_option("--max-html-depth", max_html_depth,
                  "Flatten HTML elements nested deeper than this; refuse pages nested over 4 "
                  "times this")
      ->check(CLI::Range(16, 5000));
  app->add_option("--max-gzip-ratio", max_gzip_ratio,
                  "Refuse a WARC gzip member inflating past --max-document-mb to more than this "
                  "many times its compressed size (gzip bombs); 0 = no limit")
      ->check(CLI::Range(0, 1 << 20));
  app->add_option("--max-sentence-tokens", max_sentence_tokens,
                  "Cut sentences longer than this many tokens")
      ->check(CLI::Range(8, 100000));
  app->add_option("--ner-model", ner_model, "Path of the NER model (default: models/ner.bin)");
  app->add_option("--gazetteer", gazetteer,
                  "Path of the compiled gazetteer (default: gazetteer.bin)");
  app->add_flag("--no-model", no_model, "Use the simple name finder instead of the NER model");
  app->add_option(
         "--stages", stages,
         "Stages to run: all, or a list of dates,quantities,names,coreference,places,events")
      ->check([](const std::string& v) {
        PipelineOptions o;
        return o.SetStages(v) ? std::string() : std::string("unknown stage in '" + v + "'");
      });
}

readers::ReaderOptions InputArgs::ReaderOpts() const {
  readers::ReaderOptions o;
  o.format = format;
  o.max_document_bytes = max_document_mb << 20;
  o.max_file_bytes = max_file_mb << 20;
  o.max_feed_bytes = max_feed_mb << 20;
  o.max_html_depth = max_html_depth;
  o.max_gzip_ratio = max_gzip_ratio;
  return o;
}

PipelineOptions InputArgs::PipelineOpts() const {
  PipelineOptions o;
  o.max_sentence_tokens = max_sentence_tokens;
  o.use_ner_model = !no_model;
  o.SetStages(stages);
  return o;
}

void KeepUntilExit(std::shared_ptr<const void> object) {
  // Never freed, on purpose; reachable from this static, so leak checkers do not report it.
  static auto* kept = new std::vector<std::shared_ptr<const void>>();
  kept->push_back(std::move(object));
}

std::shared_ptr<const Resources> LoadResourcesOrReport(const InputArgs& args) {
  ResourceOptions ro;
  ro.ner_model = args.no_model ? "none" : args.ner_model;
  ro.gazetteer = args.gazetteer;
  auto r = Resources::Load(ro);
  if (!r.ok()) {
    PrintError(r.status().message());
    return nullptr;
  }
  return r.value();
}

int BatchCounters::Report(const char* command) const {
  if (failed > 0) {
    std::cerr << "mosaic " << command << ": " << ok << " document(s) done, " << failed
              << " input(s) failed\n";
    return 1;
  }
  return 0;
}

bool NextDocument(readers::DocumentStream& stream, Document* out, BatchCounters* counters) {
  while (auto item = stream.Next()) {
    if (item->ok()) {
      *out = std::move(item->value());
      return true;
    }
    PrintError(item->status().message());
    ++counters->failed;
  }
  return false;
}

}  // namespace mosaic::cli
