// Options and helpers shared by the commands that read articles (extract, ingest, ...).
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "mosaic/pipeline.h"
#include "readers/reader.h"

namespace mosaic::cli {

struct InputArgs {
  std::string format;             // --format text|html|jsonl
  uint64_t max_document_mb = 64;  // --max-document-mb
  uint64_t max_file_mb = 4096;    // --max-file-mb
  uint64_t max_feed_mb = 256;     // --max-feed-mb
  uint32_t max_html_depth = 2000;
  uint32_t max_gzip_ratio = 100;
  uint32_t max_sentence_tokens = 400;
  std::string ner_model, gazetteer;
  bool no_model = false;
  std::string stages = "all";  // --stages names,places,dates

  void Register(CLI::App* app);
  readers::ReaderOptions ReaderOpts() const;
  PipelineOptions PipelineOpts() const;
};

// Loads resources; on failure prints the error and returns nullptr.
std::shared_ptr<const Resources> LoadResourcesOrReport(const InputArgs& args);

// Keeps `object` alive until the process ends: a command that is done with its models or a closed
// store leaves their teardown (freeing hundreds of thousands of blocks, about 10 ms at the end of
// an ingest, with one core idle) to the operating system, which takes the memory back at exit,
// as compilers skip freeing their trees at exit. Only for objects that need no other cleanup:
// close a store first (Store::Close).
void KeepUntilExit(std::shared_ptr<const void> object);

// Counts of a batch: documents done and inputs that failed.
struct BatchCounters {
  uint64_t ok = 0;
  uint64_t failed = 0;
  // Prints a one-line summary to stderr when anything failed; returns the exit status (1 if any
  // input failed, else 0).
  int Report(const char* command) const;
};

// Pulls the next good document from the stream, printing each error as one line on stderr.
bool NextDocument(readers::DocumentStream& stream, Document* out, BatchCounters* counters);

}  // namespace mosaic::cli
