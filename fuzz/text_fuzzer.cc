// libFuzzer target: the text layer (normalisation, tokens, sentences) on any valid UTF-8. Checks
// the invariants every later stage relies on: spans inside the text, ordered, non-empty.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "text/analyzed_text.h"
#include "util/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  if (mosaic::utf8::FindInvalid(s) != std::string_view::npos) return 0;  // readers reject these
  mosaic::text::TextOptions options;
  options.max_sentence_tokens = 64;
  auto t = mosaic::text::Analyze(s, options);
  uint32_t prev_end = 0;
  for (const auto& tok : t.tokens) {
    if (tok.begin > tok.end || tok.end > s.size() || tok.begin < prev_end) std::abort();
    if (tok.nbegin >= tok.nend || tok.nend > t.norm.size()) std::abort();
    prev_end = tok.end;
  }
  for (const auto& sent : t.sentences) {
    if (sent.first_token >= sent.last_token || sent.last_token > t.tokens.size()) std::abort();
    if (sent.last_token - sent.first_token > options.max_sentence_tokens) std::abort();
  }
  return 0;
}
