#include "util/utf8.h"

#include <unicode/utf8.h>

namespace mosaic::utf8 {

size_t FindInvalid(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int64_t n = static_cast<int64_t>(s.size());
  int64_t i = 0;
  while (i < n) {
    // ASCII fast path, 8 bytes at a time.
    while (i + 8 <= n) {
      uint64_t w;
      __builtin_memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    // ICU's U8_NEXT rejects overlong forms, surrogates and values above U+10FFFF (c < 0).
    int32_t j = 0;
    int32_t len = static_cast<int32_t>(std::min<int64_t>(n - i, 4));
    UChar32 c;
    U8_NEXT(p + i, j, len, c);
    if (c < 0) return static_cast<size_t>(i);
    i += j;
  }
  return std::string::npos;
}

OffsetMap::OffsetMap(std::string_view s) {
  cp_.resize(s.size() + 1);
  uint32_t cp = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    cp_[i] = cp;
    // A byte that is not a continuation byte starts a new code point.
    if ((static_cast<uint8_t>(s[i]) & 0xC0) != 0x80) {
      cp_[i] = cp++;
    } else {
      cp_[i] = cp - 1;
    }
  }
  cp_[s.size()] = cp;
  total_ = cp;
}

}  // namespace mosaic::utf8
