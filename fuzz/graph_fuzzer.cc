// libFuzzer target: the store's binary DocGraph form (store/graph_codec.h) read from any bytes.
// Input: two bytes giving the text's length, the text, then the encoding after its magic. A graph
// that decodes must serialise, and encode and decode again to the same JSON line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "mosaic/docgraph.h"
#include "store/graph_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  size_t n = data[0] | (static_cast<size_t>(data[1]) << 8);
  if (n > size - 2) n = size - 2;
  std::string text(reinterpret_cast<const char*>(data) + 2, n);
  std::string bytes(mosaic::store::kGraphCodecMagic);
  bytes.append(reinterpret_cast<const char*>(data) + 2 + n, size - 2 - n);
  auto g = mosaic::store::DecodeGraph(bytes, text);
  if (!g.ok()) {
    if (g.status().code() != mosaic::StatusCode::kCorruption) std::abort();
    return 0;
  }
  mosaic::JsonOptions with_text;
  with_text.with_text = true;
  const std::string json = mosaic::ToJson(*g, with_text);
  std::string again;
  mosaic::store::EncodeGraph(*g, &again);
  auto back = mosaic::store::DecodeGraph(again, text);
  if (!back.ok() || mosaic::ToJson(*back, with_text) != json) std::abort();
  return 0;
}
