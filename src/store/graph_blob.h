// How a document's DocGraph is kept in the store for `export --format jsonl` and the UI.
//
// SQLite keeps the graph's binary form (graph_codec.h): writing it costs the merge a small part of
// what the JSON and its zstd frame did (they were about a third of the merge's work). PostgreSQL
// keeps the JSON text, which it compresses on its own (TOAST). Rows written by earlier versions
// hold a zstd frame of the JSON (schema versions 4 and 5) or the JSON text (3 and earlier), and
// every form reads back as the same JSON line: the header of each form tells them apart (a zstd
// frame and the binary form start with magic numbers no JSON text can start with).
//
//   std::string blob = PackGraph(graph);                          // SQLite's stored form
//   auto line = StoredGraphJson(blob, text, /*with_text=*/true);  // Result<std::string>
#pragma once

#include <string>
#include <string_view>

#include "mosaic/docgraph.h"
#include "mosaic/status.h"

namespace mosaic::store {

// The form SQLite stores `g` in: its binary form (graph_codec.h).
std::string PackGraph(const DocGraph& g);

// Writes the zstd frames of JSON that schema versions 4 and 5 stored. Nothing writes them any more;
// the tests make such rows with it, to check that they are still read.
class GraphPacker {
 public:
  GraphPacker();
  ~GraphPacker();
  GraphPacker(const GraphPacker&) = delete;  // owns a zstd context
  GraphPacker& operator=(const GraphPacker&) = delete;

  // A zstd frame holding `json`, at zstd's fastest standard level.
  std::string Pack(std::string_view json);

 private:
  void* cctx_;  // ZSTD_CCtx*, kept out of this header
};

// The JSON text of a stored graph: `stored` itself when it is JSON text, else its zstd frame
// decompressed. A damaged frame is a Corruption error.
Result<std::string> UnpackGraph(std::string stored);

// Whether `stored` is a zstd frame (rather than JSON text).
bool IsPackedGraph(std::string_view stored);

// The DocGraph JSON line (ToJson's) of a stored graph in any of its forms, `text` being the
// document's text (the binary form needs it, and `with_text` adds it to the line). A damaged row is
// a Corruption error.
Result<std::string> StoredGraphJson(std::string stored, std::string text, bool with_text);

}  // namespace mosaic::store
