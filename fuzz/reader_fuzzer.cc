// libFuzzer target: the readers (text, HTML, JSONL) on arbitrary bytes. The first byte picks the
// format. Crashes, hangs and sanitizer reports are bugs; error Statuses are fine.
#include <cstddef>
#include <cstdint>
#include <string>

#include "readers/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  mosaic::readers::ReaderOptions options;
  options.max_document_bytes = 1 << 20;
  std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: {
      auto r = mosaic::readers::ReadTextDocument("fuzz.txt", bytes);
      (void)r;
      break;
    }
    case 1: {
      auto r = mosaic::readers::ReadHtmlDocument("fuzz.html", bytes, options);
      (void)r;
      break;
    }
    default: {
      auto r = mosaic::readers::ParseJsonlLine("fuzz.jsonl", 1, bytes, options);
      (void)r;
      break;
    }
  }
  return 0;
}
