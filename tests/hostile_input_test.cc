// Hostile input through the `mosaic` binary (issue #11): a 200 MB single line, a sentence of
// 100,000 tokens, right-to-left and zero-width characters and mixed scripts in one word, NUL
// characters in JSONL strings, and a gzip bomb in a WARC crawl. Each input either comes out as a
// valid DocGraph whose offsets slice the text exactly or is refused with one line naming the file
// and the limit; never a crash. The child's peak memory (ru_maxrss) must stay within 1 GiB.
// Big inputs are written to a temporary directory at run time, chunk by chunk: the test process
// never holds them (its pages count in the child's ru_maxrss until exec).
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "docgraph_check.h"
#include "test_util.h"

namespace mosaic {
namespace {

using nlohmann::json;
using testing::ExpectValidDocGraph;
using testing::Lines;
using testing::RunMosaic;
using testing::RunResult;
using testing::TempDir;
using testing::WriteFile;

constexpr long kMaxRssKb = 1L << 20;  // 1 GiB

// Writes `prefix`, then `size` bytes of `unit` repeated (whole copies), then `suffix`.
void WriteRepeated(const std::filesystem::path& path, const std::string& prefix,
                   const std::string& unit, uint64_t size, const std::string& suffix) {
  std::ofstream out(path, std::ios::binary);
  out << prefix;
  std::string block;
  for (size_t i = 0; i < (1u << 20) / unit.size(); ++i) block += unit;
  for (uint64_t left = size; left > 0;) {
    size_t n = static_cast<size_t>(std::min<uint64_t>(left, block.size()));
    out.write(block.data(), static_cast<std::streamsize>(n));
    left -= n;
  }
  out << suffix;
  ASSERT_TRUE(out.good()) << path;
}

// Error lines on stderr (notes about optional resources and the batch summary are not counted).
std::vector<std::string> ErrorLines(const RunResult& r) {
  std::vector<std::string> errs;
  for (const auto& l : Lines(r.err)) {
    if (l.rfind("mosaic: note:", 0) == 0 || l.rfind("mosaic extract:", 0) == 0) continue;
    errs.push_back(l);
  }
  return errs;
}

// Exactly one stderr line names `where` and says `phrase`.
void ExpectOneErrorLine(const RunResult& r, const std::string& where, const std::string& phrase) {
  int n = 0;
  for (const auto& l : ErrorLines(r)) {
    n += l.find(where) != std::string::npos && l.find(phrase) != std::string::npos;
  }
  EXPECT_EQ(n, 1) << "no single line naming " << where << " with \"" << phrase << "\"; stderr:\n"
                  << r.err.substr(0, 4000);
}

// The graph is valid, its spans slice its text, and that text is `text` unchanged.
void ExpectValidGraphOver(const json& g, const std::string& text) {
  ExpectValidDocGraph(g);
  EXPECT_EQ(g.at("text").get<std::string>(), text);
}

// ---- a 200 MB single line ----

TEST(HostileInput, TwoHundredMegabyteLinesAreRefusedInBoundedMemory) {
  TempDir tmp;
  const uint64_t size = 200ull << 20;
  const std::string unit = "Militias shelled the town again and ";
  WriteRepeated(tmp / "line.txt", "", unit, size, "");
  WriteRepeated(tmp / "line.jsonl", "{\"text\":\"", unit, size,
                "\"}\n{\"text\":\"Lavrov spoke in Minsk.\"}\n");
  WriteFile(tmp / "ok.txt", "Makei met Lavrov in Moscow.");
  auto r = RunMosaic({"extract", (tmp / "line.txt").string(), (tmp / "line.jsonl").string(),
                      (tmp / "ok.txt").string()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(Lines(r.out).size(), 2u);  // the JSONL's second line and ok.txt
  ExpectOneErrorLine(r, "line.txt", "exceeds the limit");
  ExpectOneErrorLine(r, "line.jsonl:1:", "exceeds the limit");
  EXPECT_EQ(ErrorLines(r).size(), 2u) << r.err;
  EXPECT_LE(r.max_rss_kb, kMaxRssKb);

  // Through standard input, which is held whole: reading stops at the document limit.
  auto s = RunMosaic({"extract", "-"}, (tmp / "line.txt").string());
  EXPECT_EQ(s.exit_code, 1) << s.err;
  EXPECT_TRUE(s.out.empty());
  ExpectOneErrorLine(s, "stdin", "exceeds the limit");
  EXPECT_LE(s.max_rss_kb, kMaxRssKb);

  // The limit is an option: the same lines under a lower one, and the JSONL's next line is read.
  auto t = RunMosaic({"extract", "--max-document-mb", "8", "-"}, (tmp / "line.jsonl").string());
  EXPECT_EQ(t.exit_code, 1) << t.err;
  EXPECT_EQ(Lines(t.out).size(), 1u);
  ExpectOneErrorLine(t, "stdin:1:", "exceeds the limit of 8388608 bytes");
  EXPECT_LE(t.max_rss_kb, kMaxRssKb);
}

// ---- a sentence of 100,000 tokens ----

TEST(HostileInput, SentenceOfOneHundredThousandTokensThroughFullExtract) {
  TempDir tmp;
  // Names, places, dates, numbers and verbs, and not one sentence-ending mark.
  const size_t tokens = 100000;
  const std::vector<std::string> words = {
      "Lukashenka", "met",    "Putin",     "in",      "Minsk", "and",     "Wagner",
      "fighters",   "moved",  "towards",   "Bakhmut", "on",    "Monday",  ",",
      "while",      "troops", "shelled",   "Kozinka", "for",   "3",       "days",
      "killing",    "12",     "civilians", "said",    "the",   "governor"};
  std::string text;
  for (size_t i = 0; i < tokens; ++i) {
    const std::string& w = words[i % words.size()];
    if (i > 0 && w != ",") text += ' ';
    text += w;
  }
  WriteFile(tmp / "long.txt", text);
  auto r = RunMosaic({"extract", "--with-text", (tmp / "long.txt").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  json g = json::parse(lines[0]);
  ExpectValidGraphOver(g, text);
  // Cut at the default of 400 tokens per sentence.
  EXPECT_GE(g["sentences"].size(), tokens / 400);
  EXPECT_FALSE(g["entities"].empty());
  EXPECT_FALSE(g["events"].empty());
  EXPECT_LE(r.max_rss_kb, kMaxRssKb);

  // The cut is an option: sentences of at most 50 tokens make more sentences, still valid.
  auto c = RunMosaic(
      {"extract", "--with-text", "--max-sentence-tokens", "50", (tmp / "long.txt").string()});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  json h = json::parse(c.out);
  ExpectValidGraphOver(h, text);
  EXPECT_GE(h["sentences"].size(), tokens / 50);
  EXPECT_LE(c.max_rss_kb, kMaxRssKb);
}

// ---- right-to-left, zero-width and mixed scripts ----

TEST(HostileInput, BidiZeroWidthAndMixedScriptsKeepExactOffsets) {
  TempDir tmp;
  const std::string text =
      // Cyrillic Р (U+0420) + Latin "utin"; Cyrillic о and с inside "Moscow"; Greek Κ in "Kyiv".
      "\xD0\xA0utin met Lukashenka in M\xD0\xBEs\xD1\x81ow on Monday. "
      // Zero-width space, joiner and non-joiner inside and between names.
      "Zelen\xE2\x80\x8Bskyy spoke in \xCE\x9Ayiv\xE2\x80\x8D on 5 June 2023.\xE2\x80\x8B "
      "Prigozhin\xE2\x80\x8D's Wagner\xE2\x80\x8C fighters attacked Bakhmut. "
      // Right-to-left override (U+202E ... U+202C) and isolate (U+2067 ... U+2069).
      "\xE2\x80\xAEThe governor of Belgorod\xE2\x80\xAC said 12 people died. "
      "\xE2\x81\xA7Shoigu visited Rostov-on-Don\xE2\x81\xA9 on Tuesday. "
      // Arabic (with Arabic-Indic digits) and Hebrew, alone and next to Latin names.
      "\xD9\x82\xD8\xA7\xD9\x84 \xD8\xA7\xD9\x84\xD9\x85\xD8\xAA\xD8\xAD\xD8\xAF\xD8\xAB "
      "\xD9\xA3 \xD9\x85\xD8\xA7\xD9\x8A\xD9\x88 Hamas\xD8\x8C Gaza. "
      "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D Netanyahu visited \xD7\x99\xD7\xA8\xD7\x95\xD7\xA9\xD7\x9C"
      "\xD7\x99\xD7\x9D Jerusalem. "
      // A byte order mark mid-text, a variation selector, and an emoji ZWJ sequence (code points
      // above U+FFFF, two UTF-16 units each).
      "Kadyrov\xEF\xBB\xBF said \xE2\x9D\xA4\xEF\xB8\x8F in Grozny "
      "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 on 6 June.\n";
  WriteFile(tmp / "bidi.txt", text);
  WriteFile(tmp / "bidi.jsonl", json{{"text", text}}.dump() + "\n");
  WriteFile(tmp / "bidi.html", "<html><head><meta charset=\"utf-8\"></head><body><article><p>" +
                                   text + "</p></article></body></html>");
  auto r = RunMosaic({"extract", "--with-text", (tmp / "bidi.txt").string(),
                      (tmp / "bidi.jsonl").string(), (tmp / "bidi.html").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3u);
  for (size_t i = 0; i < 2; ++i) {
    json g = json::parse(lines[i]);
    ExpectValidGraphOver(g, text);
    EXPECT_FALSE(g["entities"].empty());
  }
  // HTML text is re-flowed by the HTML reader's rules: valid, with the names still found.
  json h = json::parse(lines[2]);
  ExpectValidDocGraph(h);
  EXPECT_NE(h["text"].get<std::string>().find("Netanyahu"), std::string::npos);
  EXPECT_LE(r.max_rss_kb, kMaxRssKb);
}

// ---- NUL characters in JSONL strings ----

TEST(HostileInput, NulInJsonlStringsIsOneErrorPerLine) {
  TempDir tmp;
  std::string jsonl =
      "{\"text\":\"Lavrov\\u0000 spoke in Minsk on Monday.\"}\n"    // 1: escaped NUL in text
      "{\"title\":\"A\\u0000B\",\"text\":\"Makei met Lavrov.\"}\n"  // 2: in the title
      "{\"url\":\"https://x.example/\\u0000\",\"text\":\"Ok.\"}\n"  // 3: in the url
      + std::string("{\"text\":\"raw ") + '\0' + " byte\"}\n" +     // 4: raw NUL: not JSON
      "{\"text\":\"Fine after the NULs.\"}\n";                      // 5
  WriteFile(tmp / "nul.jsonl", jsonl);
  for (const std::string& in : {std::string("file"), std::string("stdin")}) {
    SCOPED_TRACE(in);
    auto r = in == "file"
                 ? RunMosaic({"extract", "--with-text", (tmp / "nul.jsonl").string()})
                 : RunMosaic({"extract", "--with-text", "-"}, (tmp / "nul.jsonl").string());
    const std::string name = in == "file" ? "nul.jsonl" : "stdin";
    EXPECT_EQ(r.exit_code, 1);
    auto lines = Lines(r.out);
    ASSERT_EQ(lines.size(), 1u) << r.err;
    json g = json::parse(lines[0]);
    ExpectValidGraphOver(g, "Fine after the NULs.");
    ExpectOneErrorLine(r, name + ":1:", "NUL character");
    ExpectOneErrorLine(r, name + ":2:", "NUL character");
    ExpectOneErrorLine(r, name + ":3:", "NUL character");
    ExpectOneErrorLine(r, name + ":4:", "malformed JSON");
    EXPECT_EQ(ErrorLines(r).size(), 4u) << r.err;
  }
}

// ---- documents that are not articles, in a folder of articles ----

// A folder handed to extract (or ingest) may hold reports as PDF, Word files, scans: each is one
// line naming the file and what it is, never its bytes read as an article's text (a PDF whose
// bytes happen to be valid UTF-8 used to come out as a DocGraph of PDF syntax). The articles
// beside them are extracted as usual.
TEST(HostileInput, DocumentsThatAreNotArticlesAreNamedAndSkipped) {
  TempDir tmp;
  std::filesystem::create_directories(tmp / "in");
  WriteFile(tmp / "in" / "a.txt", "Lavrov spoke in Minsk on Monday.");
  WriteFile(tmp / "in" / "report.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n");
  WriteFile(tmp / "in" / "notes.docx", std::string("PK\x03\x04\x14\x00\x06\x00", 8) + "word/");
  WriteFile(tmp / "in" / "photo.html", "\x89PNG\r\n\x1A\n");
  auto r = RunMosaic({"extract", "--with-text", (tmp / "in").string()});
  EXPECT_EQ(r.exit_code, 1);
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.err;
  ExpectValidGraphOver(json::parse(lines[0]), "Lavrov spoke in Minsk on Monday.");
  ExpectOneErrorLine(r, "report.pdf:", "a PDF document, not an article");
  ExpectOneErrorLine(r, "notes.docx:", "a ZIP archive");
  ExpectOneErrorLine(r, "photo.html:", "a PNG image");
  EXPECT_EQ(ErrorLines(r).size(), 3u) << r.err;
}

// ---- a gzip bomb in a WARC crawl ----

void PutLe32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

// Raw deflate of `in`, ending with `flush` (Z_FULL_FLUSH: byte-aligned, no back references past
// it, so the output can be repeated; Z_FINISH: the final block).
std::string Deflate(z_stream* z, const std::string& in, int flush) {
  std::string out;
  z->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z->avail_in = static_cast<uInt>(in.size());
  char buf[1 << 16];
  do {
    z->next_out = reinterpret_cast<Bytef*>(buf);
    z->avail_out = sizeof buf;
    EXPECT_NE(deflate(z, flush), Z_STREAM_ERROR);
    out.append(buf, sizeof buf - z->avail_out);
  } while (z->avail_out == 0);
  return out;
}

// One gzip member holding `data`.
std::string GzipMember(const std::string& data) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out = Deflate(&z, data, Z_FINISH);
  deflateEnd(&z);
  return out;
}

std::string WarcResponse(const std::string& uri, const std::string& http_head,
                         uint64_t payload_size) {
  return "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri +
         "\r\nWARC-Date: 2023-05-23T10:00:00Z\r\nContent-Type: application/http; "
         "msgtype=response\r\nContent-Length: " +
         std::to_string(http_head.size() + payload_size) + "\r\n\r\n" + http_head;
}

std::string HtmlRecord(const std::string& uri, const std::string& body) {
  std::string html = "<html><head><title>T</title></head><body><article><p>" + body +
                     "</p></article></body></html>";
  std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n";
  return WarcResponse(uri, head, html.size()) + html + "\r\n\r\n";
}

// Writes a .warc.gz: a good record, then one gzip member of `mib` MiB (an HTML response of
// zeros, about 1 KiB compressed per MiB), then another good record. Written as it is made.
void WriteWarcBomb(const std::filesystem::path& path, uint64_t mib) {
  std::ofstream out(path, std::ios::binary);
  out << GzipMember(HtmlRecord("https://a.example/1", "Lavrov met Makei in Minsk on Monday."));
  const std::string head = WarcResponse(
      "https://bomb.example/", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", mib << 20);
  const std::string zeros(1u << 20, '\0'), tail = "\r\n\r\n";
  z_stream z{};
  ASSERT_EQ(deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
  out << std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);  // gzip header
  out << Deflate(&z, head, Z_FULL_FLUSH);
  const std::string chunk = Deflate(&z, zeros, Z_FULL_FLUSH);
  for (uint64_t i = 0; i < mib; ++i) out << chunk;
  out << Deflate(&z, tail, Z_FINISH);
  deflateEnd(&z);
  uLong crc = crc32(0, reinterpret_cast<const Bytef*>(head.data()), head.size());
  const uLong zero_crc = crc32(0, reinterpret_cast<const Bytef*>(zeros.data()), zeros.size());
  for (uint64_t i = 0; i < mib; ++i) crc = crc32_combine(crc, zero_crc, zeros.size());
  crc = crc32(crc, reinterpret_cast<const Bytef*>(tail.data()), tail.size());
  std::string trailer;
  PutLe32(&trailer, static_cast<uint32_t>(crc));
  PutLe32(&trailer, static_cast<uint32_t>(head.size() + (mib << 20) + tail.size()));
  out << trailer;
  out << GzipMember(HtmlRecord("https://a.example/2", "Shoigu visited Rostov-on-Don in June."));
  ASSERT_TRUE(out.good());
}

TEST(HostileInput, WarcGzipBombIsStoppedWithOneLineInFlatMemory) {
  TempDir tmp;
  // 8 GiB inflated from about 8 MB: without the limit, minutes of inflating.
  WriteWarcBomb(tmp / "bomb.warc.gz", 8192);
  ASSERT_LT(std::filesystem::file_size(tmp / "bomb.warc.gz"), 64u << 20);
  auto r = RunMosaic({"extract", (tmp / "bomb.warc.gz").string()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.err;  // the good records on both sides
  EXPECT_NE(lines[0].find("a.example/1"), std::string::npos);
  EXPECT_NE(lines[1].find("a.example/2"), std::string::npos);
  ExpectOneErrorLine(r, "bomb.warc.gz", "gzip bomb");
  EXPECT_LE(r.max_rss_kb, kMaxRssKb);

  // The limit is an option: a ratio over deflate's maximum (1032) turns it off, and a smaller
  // bomb is then inflated to its end and skipped as an over-size response, not an error.
  WriteWarcBomb(tmp / "small.warc.gz", 256);
  auto off = RunMosaic({"extract", "--max-document-mb", "1", "--max-gzip-ratio", "2000",
                        (tmp / "small.warc.gz").string()});
  EXPECT_EQ(off.exit_code, 0) << off.err;
  EXPECT_EQ(Lines(off.out).size(), 2u);
  EXPECT_LE(off.max_rss_kb, kMaxRssKb);
  auto on = RunMosaic({"extract", "--max-document-mb", "1", "--max-gzip-ratio", "50",
                       (tmp / "small.warc.gz").string()});
  EXPECT_EQ(on.exit_code, 1) << on.err;
  EXPECT_EQ(Lines(on.out).size(), 2u);
  ExpectOneErrorLine(on, "small.warc.gz: record at offset", "more than 50 times");
}

}  // namespace
}  // namespace mosaic
