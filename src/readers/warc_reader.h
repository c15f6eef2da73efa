// WARC reader: web crawls (WARC/1.0 and 1.1, plain or gzip-compressed member by member, as Common
// Crawl and its News crawl write them) -> one Document per HTML `response` record.
//
// Streamed: the file is read and inflated in 256 KiB steps into one reusable window that holds
// at most one record (records over `max_document_bytes` are skipped without being held), so memory
// stays flat however large the file. Works on pipes too (stdin): it never seeks.
//
// Per document: `url` = WARC-Target-URI; `title` and `text` by the HTML reader's rules;
// `published` from the page's meta tags (<meta property="article:published_time">, <time>, ...),
// else the WARC-Date, i.e. the crawl time: the article existed by then, so it bounds the true
// date (and if Document has a `published_source` field, it is set to "meta" or "crawl");
// `source` = "FILE@OFFSET" with OFFSET the record's byte offset in the file (for .warc.gz the
// offset of its gzip member, the number CDX indexes use). The payload's charset comes from the
// HTTP Content-Type, else a BOM or <meta charset>, else UTF-8 if valid, else windows-1252;
// non-UTF-8 payloads are converted with ICU. Chunked transfer and gzip/deflate content encodings
// are undone.
//
// Skipped and counted (never errors): request, metadata, warcinfo, revisit, resource records;
// responses that are not HTML, not 2xx, or whose page has no article text. Summary() gives the
// counts as one line. Errors, each one line "FILE: record at offset N: ..." after which reading
// goes on with the next record when the data allows: a Content-Length that lies (the record
// does not end where it says: the reader re-synchronises on the next "WARC/1." header), a
// truncated or corrupt gzip member (reading resumes at the next gzip member), a gzip member that
// inflates past the document limit to more than ReaderOptions::max_gzip_ratio times its
// compressed size (a gzip bomb: the rest of the member is skipped), a malformed header.
//
//   auto r = WarcReader::Open("CC-NEWS-20230523.warc.gz", options);
//   while (auto item = r.value()->Next()) { ... }
//   std::cerr << r.value()->Summary() << "\n";
//
// Not thread-safe; one reader per file.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "mosaic/document.h"
#include "mosaic/status.h"
#include "readers/reader.h"

namespace mosaic::readers {

// One record as the low-level reader sees it; views are valid until the next NextRecord().
struct WarcRecord {
  uint64_t offset = 0;          // see the header comment
  std::string_view type;        // WARC-Type, e.g. "response"
  std::string_view target_uri;  // WARC-Target-URI (angle brackets removed)
  std::string_view date;        // WARC-Date
  std::string_view content_type;
  uint64_t length = 0;     // Content-Length of the block
  bool has_block = false;  // false when the block was over the limit and skipped unread
  std::string_view block;  // the record block (for a response: HTTP headers and payload)
};

struct WarcCounts {
  uint64_t records = 0;    // well-formed records
  uint64_t documents = 0;  // documents returned
  uint64_t errors = 0;     // error lines returned
  uint64_t request = 0, metadata = 0, warcinfo = 0, revisit = 0, other_type = 0;
  uint64_t not_html = 0, not_ok = 0, no_text = 0, too_large = 0;
};

class WarcReader {
 public:
  // Reads from `file` (closed on destruction if `owns`); `prefix` holds bytes already read from
  // it (e.g. while sniffing standard input), which come first.
  WarcReader(std::string name, std::FILE* file, bool owns, std::string prefix,
             ReaderOptions options);
  static Result<std::unique_ptr<WarcReader>> Open(const std::string& path,
                                                  const ReaderOptions& options);
  ~WarcReader();
  WarcReader(const WarcReader&) = delete;  // owns the file and the inflate state
  WarcReader& operator=(const WarcReader&) = delete;

  // The next document or error; std::nullopt at the end of the file.
  std::optional<Result<Document>> Next();

  // Lower level: the next well-formed record, or an error about one; std::nullopt at the end.
  std::optional<Result<WarcRecord>> NextRecord();

  const WarcCounts& counts() const { return counts_; }
  uint64_t bytes_read() const;  // input (compressed) bytes consumed so far
  // "FILE: WARC: 118 documents; skipped 2 non-HTML responses, 120 requests, ...; 1 error".
  std::string Summary() const;

 private:
  class Input;
  std::optional<Result<WarcRecord>> Fail(uint64_t offset, std::string message);
  void Resync(size_t from);

  std::string name_;
  ReaderOptions options_;
  std::unique_ptr<Input> in_;
  WarcCounts counts_;
  size_t pending_consume_ = 0;  // bytes of the last returned record still in the window
  std::string scratch_;         // decoded payload (reused)
};

}  // namespace mosaic::readers
