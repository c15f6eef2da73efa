// Readers: files, directories and standard input -> a stream of Documents, in input order.
//
// Formats: plain text (.txt and anything that looks like text), HTML (.html/.htm or content that
// starts like HTML), JSONL (.jsonl/.ndjson: one article per line with `text` required and optional
// `id`, `url`, `title`, `published`), RSS 2.0 / RSS 1.0 / Atom feeds (one document per item, see
// feed_reader.h) and WARC crawls (.warc, .warc.gz: one document per HTML response record, streamed;
// see warc_reader.h). Feeds and WARC are recognised by content whatever the extension (format.h).
// A directory is read recursively in name order. "-" is standard input (JSONL if its first
// non-space byte is '{', a feed or WARC if it looks like one, else one text document).
//
// Errors never stop the stream: each bad input (missing file, binary or invalid UTF-8 content, an
// empty file, a malformed JSONL line, a document over the size limit) comes out as one error Status
// whose message names the file (and line) and the problem, and the stream goes on.
//
//   DocumentStream in({"a.txt", "feeds/"}, {});
//   while (auto item = in.Next()) {
//     if (!item->ok()) { report(item->status()); continue; }
//     use(item->value());
//   }
//
// Not thread-safe: one consumer pulls documents; hand them to workers from there.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mosaic/document.h"
#include "mosaic/status.h"

namespace mosaic::readers {

struct ReaderOptions {
  uint64_t max_document_bytes = 64ull << 20;  // a larger text (or JSONL line) is refused
  uint64_t max_file_bytes = 4ull << 30;       // a larger non-JSONL file is refused
  uint32_t max_html_depth = 2000;             // deeper HTML elements are flattened, not recursed
  uint64_t max_feed_bytes = 256ull << 20;     // a larger feed file is refused (feeds parse whole)
  // Gzip bomb guard for compressed WARC: a gzip member that has inflated past max_document_bytes
  // and to more than this many times the compressed bytes it has used is refused (the rest of the
  // member is skipped with one error). Real crawls compress about 5:1; deflate allows at most
  // 1032:1. 0 = no limit.
  uint32_t max_gzip_ratio = 100;
  // "" = decide by extension and content; else text | html | jsonl | rss | atom | feed | warc
  // (rss, atom and feed all mean "a feed": the reader accepts RSS 2.0, RSS 1.0 and Atom).
  std::string format;
  // Receives one-line notices that are not errors (e.g. the per-file count of skipped WARC
  // records). Null = print them to stderr prefixed with "mosaic: ".
  std::function<void(const std::string&)> on_notice;
};

// What the HTML reader finds in a page: the article text (boilerplate removed), the title, and the
// publication date exactly as the page's meta tags (or first <time datetime>) state it.
struct HtmlContent {
  std::string text;
  std::string title;
  std::string published_raw;
};
// `html` must be UTF-8. Errors: invalid UTF-8, NUL bytes, nesting over the limit, no text.
Result<HtmlContent> ExtractHtml(std::string_view html, const ReaderOptions& options);
// The text of an HTML page or fragment (feed item HTML) by the HTML reader's rules.
Result<std::string> HtmlToText(std::string_view html, const ReaderOptions& options);

// Reads one whole file as a document (text or HTML); used by the stream and by tests.
Result<Document> ReadTextDocument(const std::string& name, std::string bytes);
Result<Document> ReadHtmlDocument(const std::string& name, std::string bytes,
                                  const ReaderOptions& options);
// Parses one JSONL line (1-based `line_no` for messages).
Result<Document> ParseJsonlLine(const std::string& name, uint64_t line_no, std::string_view line,
                                const ReaderOptions& options);

class WarcReader;  // warc_reader.h

class DocumentStream {
 public:
  DocumentStream(std::vector<std::string> inputs, ReaderOptions options);
  ~DocumentStream();
  DocumentStream(const DocumentStream&) = delete;  // owns open files
  DocumentStream& operator=(const DocumentStream&) = delete;

  // The next document or error; std::nullopt at the end of all inputs.
  std::optional<Result<Document>> Next();

 private:
  struct JsonlState;
  bool OpenNextInput();
  void OpenFeed(const std::string& name, std::string bytes);
  std::deque<std::string> pending_;
  ReaderOptions options_;
  std::unique_ptr<JsonlState> jsonl_;
  std::unique_ptr<WarcReader> warc_;  // the open WARC input, if any
  std::deque<Result<Document>> ready_;
};

}  // namespace mosaic::readers
