// Format recognition by content (format.h).
#include "readers/format.h"

#include <gtest/gtest.h>
#include <zlib.h>

namespace mosaic::readers {
namespace {

std::string Gzip(const std::string& s) {
  std::string out(compressBound(s.size()) + 64, '\0');
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
  z.avail_in = static_cast<uInt>(s.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

TEST(Format, SniffsByContent) {
  EXPECT_EQ(SniffFormat("WARC/1.0\r\nWARC-Type: warcinfo\r\n"), InputFormat::kWarc);
  EXPECT_EQ(SniffFormat("\r\nWARC/1.1\r\n"), InputFormat::kWarc);
  EXPECT_EQ(SniffFormat(Gzip("WARC/1.0\r\nWARC-Type: response\r\n")), InputFormat::kWarc);
  EXPECT_EQ(SniffFormat(Gzip("just some text")), InputFormat::kUnknownGzip);
  EXPECT_EQ(SniffFormat("<?xml version=\"1.0\"?>\n<!-- c -->\n<rss version=\"2.0\">"),
            InputFormat::kFeed);
  EXPECT_EQ(SniffFormat("<rss version=\"2.0\"><channel>"), InputFormat::kFeed);
  EXPECT_EQ(SniffFormat("\xEF\xBB\xBF<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            InputFormat::kFeed);
  EXPECT_EQ(SniffFormat("<?xml version=\"1.0\"?><?xml-stylesheet href=\"a.xsl\"?>"
                        "<!DOCTYPE x [<!ENTITY a \"<b>\">]><rdf:RDF>"),
            InputFormat::kFeed);
  EXPECT_EQ(SniffFormat("<?xml version=\"1.0\"?><catalog/>"), InputFormat::kUnknownXml);
  EXPECT_EQ(SniffFormat("<?xml version=\"1.0\"?><!DOCTYPE html><html>"), InputFormat::kHtml);
  EXPECT_EQ(SniffFormat("  <!DOCTYPE HTML><html>"), InputFormat::kHtml);
  EXPECT_EQ(SniffFormat("<p>hi</p><html>"), InputFormat::kHtml);
  EXPECT_EQ(SniffFormat("{\"text\": \"x\"}\n"), InputFormat::kJsonl);
  EXPECT_EQ(SniffFormat("Lavrov spoke in Minsk."), InputFormat::kText);
  EXPECT_EQ(SniffFormat("<b>bold</b> claim"), InputFormat::kText);
  EXPECT_EQ(SniffFormat(""), InputFormat::kText);
}

// Documents, archives and images are named, so that ingest can refuse them instead of reading
// their bytes as an article; text that merely starts with similar letters is not.
TEST(Format, NamesCommonBinaryFormats) {
  EXPECT_EQ(BinaryKind("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj"), "a PDF document");
  EXPECT_EQ(BinaryKind(std::string("PK\x03\x04\x14\x00\x06\x00", 8)),
            "a ZIP archive (.zip, .docx, .xlsx, .odt, .epub)");
  EXPECT_EQ(BinaryKind("\x89PNG\r\n\x1A\n\x00\x00"), "a PNG image");
  EXPECT_EQ(BinaryKind("\xFF\xD8\xFF\xE0"), "a JPEG image");
  EXPECT_EQ(BinaryKind("BZh91AY&SY"), "a bzip2-compressed file");
  EXPECT_EQ(BinaryKind("{\\rtf1\\ansi"), "an RTF document");
  EXPECT_FALSE(BinaryKind("PDF files were leaked, officials said."));
  EXPECT_FALSE(BinaryKind("BZ: the border zone was shelled."));
  EXPECT_FALSE(BinaryKind("{\"text\": \"x\"}"));
  EXPECT_FALSE(BinaryKind(""));
}

TEST(Format, Names) {
  for (const char* n : {"rss", "atom", "feed"}) EXPECT_EQ(ParseFormatName(n), InputFormat::kFeed);
  EXPECT_EQ(ParseFormatName("warc"), InputFormat::kWarc);
  EXPECT_EQ(ParseFormatName("jsonl"), InputFormat::kJsonl);
  EXPECT_FALSE(ParseFormatName("pdf").has_value());
  EXPECT_EQ(FormatName(InputFormat::kWarc), "warc");
}

}  // namespace
}  // namespace mosaic::readers
