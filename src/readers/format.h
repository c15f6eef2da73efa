// Input formats and their recognition by content (magic bytes and first markup), not only by
// file extension: a crawl saved as .txt is still read as WARC, a feed saved as .xml as a feed.
//
//   gzip magic 1f 8b + "WARC/1." inside   -> kWarc  (gzip that is not WARC: kUnknownGzip)
//   "WARC/1." / "WARC/0."                 -> kWarc
//   <?xml ... <rss | <rdf:RDF | <feed     -> kFeed (RSS 2.0, RSS 1.0, Atom)
//   <!doctype html | <html | <head | <body -> kHtml
//   '{'                                   -> kJsonl (the caller confirms the first line parses)
//   anything else                         -> kText
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mosaic::readers {

enum class InputFormat { kText, kHtml, kJsonl, kFeed, kWarc, kUnknownGzip, kUnknownXml };

// "text", "html", "jsonl", "feed", "warc", ...
std::string_view FormatName(InputFormat f);

// The --format values: text | html | jsonl | rss | atom | feed | warc (rss and atom mean kFeed).
std::optional<InputFormat> ParseFormatName(std::string_view name);

// Decides from the first bytes of an input (a few KiB are plenty; 64 KiB is what callers read).
// For gzip input, `head` is the compressed bytes: the first member is inflated here to look inside.
InputFormat SniffFormat(std::string_view head);

// Reads up to `max_bytes` from the start of a file (for SniffFormat). Empty on error.
std::string ReadHead(const std::string& path, size_t max_bytes = 64 << 10);

bool IsGzip(std::string_view head);

// What a file that is none of the formats above is, when its first bytes are the signature of a
// common document, archive, image or compressed format ("a PDF document", "a ZIP archive (.zip,
// .docx, .xlsx, .epub)"); nullopt otherwise. Ingest refuses such a file by name instead of
// reading its bytes as an article's text.
std::optional<std::string_view> BinaryKind(std::string_view head);

}  // namespace mosaic::readers
