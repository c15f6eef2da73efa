// A compact binary form of a DocGraph, for the copy the SQLite store keeps of each document's graph
// (`export --format jsonl`, the UI's document view).
//
// Writing the graph as JSON and compressing it cost the merge about a third of its work; this form
// is written field by field with varints and no keys, so it costs a small fraction of that. A
// mention's, date's or quantity's text that is exactly the slice of the document text its span
// names (the DocGraph invariant) is not stored: the decoder takes it from the text, which the store
// keeps anyway. Any other text is stored as it is, so every graph decodes to what was encoded.
//
//   std::string bytes;
//   EncodeGraph(graph, &bytes);                       // starts with kGraphCodecMagic
//   auto again = DecodeGraph(bytes, graph.doc.text);  // Result<DocGraph>; ToJson(*again) ==
//                                                     // ToJson(graph)
//
// Not stored: doc.source (where this run read the document; the JSON has no field for it either).
// The layout is versioned by the magic's last byte; a new layout gets a new magic and the decoder
// keeps reading the old ones.
#pragma once

#include <string>
#include <string_view>

#include "mosaic/docgraph.h"
#include "mosaic/status.h"

namespace mosaic::store {

// The first four bytes of an encoded graph. Neither JSON text (which starts with '{') nor a zstd
// frame (0x28 0xB5 0x2F 0xFD) can start with them.
inline constexpr std::string_view kGraphCodecMagic{"\0MG\1", 4};

// Appends the encoding of `g` (without its text) to `*out`.
void EncodeGraph(const DocGraph& g, std::string* out);

// Whether `stored` starts with kGraphCodecMagic.
bool IsEncodedGraph(std::string_view stored);

// The graph `bytes` encodes; `text` becomes doc.text and gives the texts that were not stored.
// Truncated or inconsistent input is a Corruption error naming what was wrong.
Result<DocGraph> DecodeGraph(std::string_view bytes, std::string text);

}  // namespace mosaic::store
