// UTF-8 validation and byte <-> code point offset conversion.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mosaic::utf8 {

// Returns the byte offset of the first invalid sequence (overlong forms, surrogates, code points
// above U+10FFFF and truncated sequences are all invalid), or std::string::npos if `s` is valid.
size_t FindInvalid(std::string_view s);

// Maps byte offsets of a valid UTF-8 string to code point offsets. Built once per document in O(n);
// each lookup is O(1). Offsets inside a multi-byte sequence map to the code point that contains
// them.
class OffsetMap {
 public:
  explicit OffsetMap(std::string_view s);
  uint32_t ToCodePoint(uint32_t byte) const { return byte < cp_.size() ? cp_[byte] : total_; }
  uint32_t size() const { return total_; }

 private:
  std::vector<uint32_t> cp_;
  uint32_t total_ = 0;
};

}  // namespace mosaic::utf8
