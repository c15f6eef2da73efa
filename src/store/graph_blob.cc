#include "store/graph_blob.h"

#include <zstd.h>

#include <nlohmann/json.hpp>
#include <utility>

#include "store/graph_codec.h"
#include "util/json_writer.h"

namespace mosaic::store {
namespace {

// Level 1, the level schema versions 4 and 5 wrote their frames at (about 6x on DocGraph JSON).
constexpr int kLevel = 1;
// A stored graph larger than this when unpacked is refused as damaged (the JSON of a very long
// article is a few MB).
constexpr unsigned long long kMaxUnpacked = 1ull << 30;

}  // namespace

GraphPacker::GraphPacker() : cctx_(ZSTD_createCCtx()) {}
GraphPacker::~GraphPacker() { ZSTD_freeCCtx(static_cast<ZSTD_CCtx*>(cctx_)); }

std::string GraphPacker::Pack(std::string_view json) {
  std::string out(ZSTD_compressBound(json.size()), '\0');
  size_t n = ZSTD_compressCCtx(static_cast<ZSTD_CCtx*>(cctx_), out.data(), out.size(), json.data(),
                               json.size(), kLevel);
  // Compressing into a buffer of ZSTD_compressBound bytes cannot run out of room; an error here
  // means the context could not be allocated, and the JSON is kept as it is.
  if (ZSTD_isError(n)) return std::string(json);
  out.resize(n);
  return out;
}

std::string PackGraph(const DocGraph& g) {
  std::string out;
  out.reserve(g.doc.text.size() * 2 + 256);
  EncodeGraph(g, &out);
  return out;
}

bool IsPackedGraph(std::string_view stored) {
  if (stored.size() < 4) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(stored.data());
  const unsigned magic = p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<unsigned>(p[3]) << 24);
  return magic == ZSTD_MAGICNUMBER;
}

Result<std::string> UnpackGraph(std::string stored) {
  if (!IsPackedGraph(stored)) return stored;
  unsigned long long size = ZSTD_getFrameContentSize(stored.data(), stored.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxUnpacked) {
    return Status::Corruption("a stored DocGraph is not a readable zstd frame");
  }
  std::string out(size, '\0');
  size_t n = ZSTD_decompress(out.data(), out.size(), stored.data(), stored.size());
  if (ZSTD_isError(n) || n != size) {
    return Status::Corruption(std::string("a stored DocGraph does not decompress: ") +
                              (ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short frame"));
  }
  return out;
}

Result<std::string> StoredGraphJson(std::string stored, std::string text, bool with_text) {
  if (IsEncodedGraph(stored)) {
    auto g = DecodeGraph(stored, std::move(text));
    if (!g.ok()) return g.status();
    JsonOptions options;
    options.with_text = with_text;
    return ToJson(*g, options);
  }
  auto json = UnpackGraph(std::move(stored));
  if (!json.ok() || !with_text) return json;
  // JSON without its text, as ToJson wrote it: the text goes where ToJson puts it, before the
  // sentences, so the line is the one the binary form gives (and `extract --with-text` writes).
  // Quotes inside JSON strings are escaped, so the first `,"sentences":` is the key itself.
  std::string line = std::move(*json);
  const size_t at = line.find(",\"sentences\":");
  if (line.rfind("{\"schema\":", 0) == 0 && at != std::string::npos) {
    std::string quoted = ",\"text\":";
    JsonWriter(&quoted).String(text);
    line.insert(at, quoted);
    return line;
  }
  // Any other shape (not written by Mosaic): the text is added as a last key.
  auto j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::Corruption("a stored DocGraph is not valid JSON");
  }
  j["text"] = std::move(text);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace mosaic::store
