// libFuzzer target: the streamed readers, WARC crawls (plain or gzip) and RSS/Atom feeds, on
// arbitrary bytes. The first byte picks the reader. Every document that comes out must be valid
// UTF-8; crashes, hangs and sanitizer reports are bugs, errors are fine.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "readers/feed_reader.h"
#include "readers/warc_reader.h"
#include "util/utf8.h"

namespace {

void Check(const mosaic::Document& d) {
  if (d.text.empty()) std::abort();
  if (mosaic::utf8::FindInvalid(d.text) != std::string::npos) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  mosaic::readers::ReaderOptions options;
  options.max_document_bytes = 1 << 20;
  options.on_notice = [](const std::string&) {};
  std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    // No file: the bytes are the prefix the reader consumes first, then end of input.
    mosaic::readers::WarcReader reader("fuzz.warc", nullptr, false, bytes, options);
    while (auto item = reader.Next()) {
      if (item->ok()) Check(item->value());
    }
    (void)reader.Summary();
  } else {
    for (const auto& item : mosaic::readers::ReadFeed("fuzz.xml", bytes, options)) {
      if (item.ok()) Check(item.value());
    }
  }
  return 0;
}
