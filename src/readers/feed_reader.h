// Feed reader: RSS 2.0, RSS 1.0 (RDF) and Atom files -> one Document per item (entry).
//
// Per item: `title`; `url` from <link> (Atom: rel="alternate" or no rel), else a permalink <guid>;
// `published` from <published>, <pubDate>, <dc:date>, else <updated>, normalised by NormaliseDate
// (an unreadable date leaves `published` empty: unknown stays unknown, the item is still read);
// `external_id` from <guid> / <id>; `text` from <content:encoded> / <content>, else <description> /
// <summary>, HTML stripped by the HTML reader's rules (HtmlToText). `source` is "FILE#N" with N the
// 1-based item index.
//
// Parsing is libxml2 with network access off and external entities never loaded or expanded
// (XML_PARSE_NONET, no XML_PARSE_NOENT / DTDLOAD); libxml2's own nesting limit (256) applies and
// the text walk is iterative. Recover mode reads the many real feeds that are not well-formed.
//
// Errors: a file that is not a feed, or holds no items, gives one error; an item without text (or
// over the size limit) gives one error "FILE: item N: ..." and the other items are still returned.
//
//   for (Result<Document>& item : ReadFeed("news.rss", bytes, options)) ...
//
// Thread-safe (no shared state besides libxml2's, which is initialised once).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mosaic/document.h"
#include "mosaic/status.h"
#include "readers/reader.h"

namespace mosaic::readers {

// Items of one feed file, in document order; file-level problems come back as a single error.
std::vector<Result<Document>> ReadFeed(const std::string& name, std::string_view bytes,
                                       const ReaderOptions& options);

// A date as feeds and pages write it -> ISO 8601, keeping the time zone:
//   "Tue, 23 May 2023 10:00:00 +0300"  -> "2023-05-23T10:00:00+03:00"
//   "23 May 2023 07:00 GMT"            -> "2023-05-23T07:00:00+00:00"
//   "2023-05-23T10:00:00.250Z"         -> "2023-05-23T10:00:00+00:00"
//   "May 23, 2023 4:05 PM EDT"         -> "2023-05-23T16:05:00-04:00"
//   "2023-05-23"                       -> "2023-05-23"
// A time without a zone stays without an offset (its zone is unknown). Returns "" when the text is
// not a complete, valid calendar date (numeric d/m/y orders other than y-m-d are ambiguous and
// refused).
std::string NormaliseDate(std::string_view raw);

}  // namespace mosaic::readers
