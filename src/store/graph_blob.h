// How a document's DocGraph JSON is kept in the store for `export --format jsonl`.
//
// The graph without its text is about five times the size of the text (mentions, dates, events and
// their spans), so on SQLite it is the largest thing a merge writes: every byte goes through the
// page cache, the write-ahead log and the checkpoint. SQLite therefore keeps it as a zstd frame
// (a BLOB, about a sixth of the JSON); PostgreSQL keeps the JSON text, which it compresses on its
// own (TOAST). Rows written before this (schema version 3 and earlier) hold plain JSON text, and
// UnpackGraph reads both: a zstd frame starts with a magic number no JSON text can start with.
//
//   GraphPacker packer;                       // one per writer: it reuses its zstd context
//   std::string blob = packer.Pack(json);
//   auto json_again = UnpackGraph(blob);      // Result<std::string>
#pragma once

#include <string>
#include <string_view>

#include "mosaic/status.h"

namespace mosaic::store {

class GraphPacker {
 public:
  GraphPacker();
  ~GraphPacker();
  GraphPacker(const GraphPacker&) = delete;  // owns a zstd context
  GraphPacker& operator=(const GraphPacker&) = delete;

  // A zstd frame holding `json` (at zstd's fastest standard level: the merge is the hot path).
  std::string Pack(std::string_view json);

 private:
  void* cctx_;  // ZSTD_CCtx*, kept out of this header
};

// The JSON text of a stored graph: `stored` itself when it is JSON text, else its zstd frame
// decompressed. A damaged frame is a Corruption error.
Result<std::string> UnpackGraph(std::string stored);

// Whether `stored` is a zstd frame (rather than JSON text).
bool IsPackedGraph(std::string_view stored);

}  // namespace mosaic::store
