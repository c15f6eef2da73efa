#include "readers/format.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace mosaic::readers {
namespace {

size_t SkipSpaceAndBom(std::string_view s) {
  size_t i = 0;
  if (s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xEF &&
      static_cast<unsigned char>(s[1]) == 0xBB && static_cast<unsigned char>(s[2]) == 0xBF) {
    i = 3;
  }
  while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i;
  return i;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

// The name of the first element after an XML prolog (declaration, comments, processing
// instructions, doctype), lower-cased; "" if there is none within `s`.
std::string FirstElement(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    i = s.find('<', i);
    if (i == std::string_view::npos || i + 1 >= s.size()) return "";
    std::string_view rest = s.substr(i);
    size_t end;
    if (rest.substr(0, 4) == "<!--") {
      end = rest.find("-->");
    } else if (rest[1] == '?') {
      end = rest.find("?>");
    } else if (rest[1] == '!') {
      // <!DOCTYPE x [ ... ]>: the internal subset may contain '>'.
      size_t bracket = rest.find('['), close = rest.find('>');
      end = bracket != std::string_view::npos && bracket < close ? rest.find("]>", bracket) : close;
    } else {
      std::string name;
      for (size_t k = 1; k < rest.size() && name.size() < 32; ++k) {
        char c = rest[k];
        if (std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '-' || c == '_') {
          name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        } else {
          break;
        }
      }
      return name;
    }
    if (end == std::string_view::npos) return "";
    i += end + 1;
  }
  return "";
}

InputFormat SniffPlain(std::string_view head) {
  size_t i = SkipSpaceAndBom(head);
  std::string_view s = head.substr(i);
  if (s.substr(0, 6) == "WARC/1" || s.substr(0, 6) == "WARC/0") return InputFormat::kWarc;
  if (s.empty()) return InputFormat::kText;
  if (s[0] == '{') return InputFormat::kJsonl;
  if (s[0] != '<') return InputFormat::kText;
  if (StartsWithNoCase(s, "<!doctype html") || StartsWithNoCase(s, "<html") ||
      StartsWithNoCase(s, "<head") || StartsWithNoCase(s, "<body")) {
    return InputFormat::kHtml;
  }
  std::string root = FirstElement(s);
  if (root == "rss" || root == "feed" || root == "rdf:rdf") return InputFormat::kFeed;
  if (root == "html") return InputFormat::kHtml;
  if (StartsWithNoCase(s, "<?xml")) {
    // An XML prolog longer than the head: decide later by the parser (feed reader errors out on
    // non-feeds). A known other root is not an article format Mosaic reads.
    return root.empty() ? InputFormat::kFeed : InputFormat::kUnknownXml;
  }
  // Markup that is neither: the HTML reader's old rule (a fragment mentioning <html) else text.
  std::string lower(s.substr(0, 256));
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find("<html") != std::string::npos ? InputFormat::kHtml : InputFormat::kText;
}

}  // namespace

bool IsGzip(std::string_view head) {
  return head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
         static_cast<unsigned char>(head[1]) == 0x8b;
}

std::optional<std::string_view> BinaryKind(std::string_view head) {
  // File signatures, as each format's specification gives them.
  static constexpr std::pair<std::string_view, std::string_view> kSignatures[] = {
      {"%PDF-", "a PDF document"},
      {std::string_view("PK\x03\x04", 4), "a ZIP archive (.zip, .docx, .xlsx, .odt, .epub)"},
      {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "an OLE2 document (.doc, .xls, .msg)"},
      {"{\\rtf", "an RTF document"},
      {"\x89PNG\r\n\x1A\n", "a PNG image"},
      {"\xFF\xD8\xFF", "a JPEG image"},
      {"GIF87a", "a GIF image"},
      {"GIF89a", "a GIF image"},
      {"\xFD"
       "7zXZ",
       "an xz-compressed file"},
      {"\x28\xB5\x2F\xFD", "a zstd-compressed file"},
      {"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"},
      {"\x7F"
       "ELF",
       "an executable"},
  };
  for (const auto& [magic, kind] : kSignatures) {
    if (head.substr(0, magic.size()) == magic) return kind;
  }
  // bzip2: "BZh", the block size digit, then the first block's magic (the digits of pi in BCD).
  if (head.size() >= 10 && head.substr(0, 3) == "BZh" && head[3] >= '1' && head[3] <= '9' &&
      head.substr(4, 6) == "1AY&SY") {
    return "a bzip2-compressed file";
  }
  return std::nullopt;
}

std::string_view FormatName(InputFormat f) {
  switch (f) {
    case InputFormat::kText:
      return "text";
    case InputFormat::kHtml:
      return "html";
    case InputFormat::kJsonl:
      return "jsonl";
    case InputFormat::kFeed:
      return "feed";
    case InputFormat::kWarc:
      return "warc";
    case InputFormat::kUnknownGzip:
      return "gzip";
    case InputFormat::kUnknownXml:
      return "xml";
  }
  return "unknown";
}

std::optional<InputFormat> ParseFormatName(std::string_view name) {
  if (name == "text") return InputFormat::kText;
  if (name == "html") return InputFormat::kHtml;
  if (name == "jsonl") return InputFormat::kJsonl;
  if (name == "rss" || name == "atom" || name == "feed") return InputFormat::kFeed;
  if (name == "warc") return InputFormat::kWarc;
  return std::nullopt;
}

InputFormat SniffFormat(std::string_view head) {
  if (!IsGzip(head)) return SniffPlain(head);
  // Inflate the start of the first member: enough to see a WARC version line.
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return InputFormat::kUnknownGzip;
  char out[512];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(head.data()));
  z.avail_in = static_cast<uInt>(head.size());
  z.next_out = reinterpret_cast<Bytef*>(out);
  z.avail_out = sizeof out;
  int rc = inflate(&z, Z_SYNC_FLUSH);
  size_t got = sizeof out - z.avail_out;
  inflateEnd(&z);
  if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) return InputFormat::kUnknownGzip;
  std::string_view inner(out, got);
  return SniffPlain(inner) == InputFormat::kWarc ? InputFormat::kWarc : InputFormat::kUnknownGzip;
}

std::string ReadHead(const std::string& path, size_t max_bytes) {
  std::string head;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return head;
  head.resize(max_bytes);
  head.resize(std::fread(head.data(), 1, max_bytes, f));
  std::fclose(f);
  return head;
}

}  // namespace mosaic::readers
