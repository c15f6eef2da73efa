// libFuzzer target: the whole extraction of one document (all stages, with the resources that are
// installed) and the DocGraph JSON writer. Every mention must slice the text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "mosaic/pipeline.h"
#include "util/utf8.h"

namespace {
const mosaic::Pipeline& GetPipeline() {
  static const mosaic::Pipeline* pipeline = [] {
    auto r = mosaic::Resources::Load({});
    if (!r.ok()) std::abort();
    return new mosaic::Pipeline(r.value());
  }();
  return *pipeline;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mosaic::Document doc;
  doc.text.assign(reinterpret_cast<const char*>(data), size);
  if (mosaic::utf8::FindInvalid(doc.text) != std::string::npos) return 0;
  doc.id = mosaic::ContentId(doc.text);
  doc.url = "file:fuzz";
  doc.published = size % 2 ? "2020-09-02" : "";
  mosaic::DocGraph g = GetPipeline().Extract(doc);
  for (const auto& e : g.entities) {
    for (const auto& m : e.mentions) {
      if (m.span.end > doc.text.size() || m.span.start > m.span.end) std::abort();
      if (doc.text.compare(m.span.start, m.span.end - m.span.start, m.text) != 0) std::abort();
    }
  }
  std::string json = mosaic::ToJson(g, {});
  if (json.empty() || json.front() != '{' || json.back() != '}') std::abort();
  return 0;
}
