// libFuzzer target: date and number recognition on any valid UTF-8, with and without a reference
// date. Every emitted span must slice the text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "mosaic/docgraph.h"
#include "tag/dates.h"
#include "tag/quantities.h"
#include "text/analyzed_text.h"
#include "util/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  mosaic::DocGraph g;
  g.doc.text.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (mosaic::utf8::FindInvalid(g.doc.text) != std::string::npos) return 0;
  if (data[0] & 1) g.doc.published = "2023-05-23";
  auto t = mosaic::text::Analyze(g.doc.text);
  mosaic::tag::TagDates(t, &g);
  mosaic::tag::TagQuantities(t, &g);
  for (const auto& d : g.dates) {
    if (d.span.start > d.span.end || d.span.end > g.doc.text.size()) std::abort();
    if (g.doc.text.compare(d.span.start, d.span.end - d.span.start, d.text) != 0) std::abort();
  }
  for (const auto& q : g.quantities) {
    if (q.span.start > q.span.end || q.span.end > g.doc.text.size()) std::abort();
    if (g.doc.text.compare(q.span.start, q.span.end - q.span.start, q.text) != 0) std::abort();
  }
  return 0;
}
