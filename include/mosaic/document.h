// Document: one article as the readers give it to the pipeline.
//
// `text` is valid UTF-8 (the readers reject anything else); every offset Mosaic emits refers to it.
// `id` is a content hash of `text` (see ContentId), so the same text read twice has the same id.
#pragma once

#include <optional>
#include <string>

namespace mosaic {

struct Document {
  std::string id;         // hex content hash of `text`
  std::string source;     // where it came from: a file path, "stdin", "FILE:LINE" for JSONL
  std::string url;        // the article's url, else "file:NAME"
  std::string title;      // may be empty
  std::string published;  // ISO 8601 date or date-time as given (may be empty)
  // Where `published` came from when a reader inferred it: "meta" (page meta tags), "crawl" (a WARC
  // record's crawl date: the page existed by then, so it bounds publication from above), or "".
  std::string published_source;
  std::string external_id;  // the `id` a JSONL line carried, if any
  std::string text;         // UTF-8 article text
};

// 128-bit content hash of `text` as 32 lowercase hex digits (XXH3-128: fast, stable across
// platforms and versions; not cryptographic, which an id for de-duplication does not need).
std::string ContentId(std::string_view text);

}  // namespace mosaic
