// WARC reader tests on crawl files written for the project (tests/data/warc, re-created by
// make_test_warcs.py): plain and gzip-per-record files, every record kind, charsets, transfer and
// content codings, and broken files (truncated gzip, corrupt gzip, lying Content-Length, garbage
// where a header should be).
#include "readers/warc_reader.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <map>
#include <random>

#include "readers/format.h"
#include "test_util.h"

namespace mosaic::readers {
namespace {

const std::string kDir = std::string(MOSAIC_SOURCE_DIR) + "/tests/data/warc/";

struct ReadAll {
  std::vector<Document> docs;
  std::vector<std::string> errors;
  WarcCounts counts;
  std::string summary;
};

ReadAll Read(const std::string& file, ReaderOptions options = {}) {
  ReadAll r;
  auto reader = WarcReader::Open(kDir + file, options);
  EXPECT_TRUE(reader.ok()) << reader.status().message();
  if (!reader.ok()) return r;
  while (auto item = reader.value()->Next()) {
    if (item->ok()) {
      r.docs.push_back(std::move(item->value()));
    } else {
      r.errors.push_back(item->status().message());
    }
  }
  r.counts = reader.value()->counts();
  r.summary = reader.value()->Summary();
  return r;
}

bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

const Document* ByUrl(const ReadAll& r, const std::string& url) {
  for (const Document& d : r.docs) {
    if (d.url == url) return &d;
  }
  return nullptr;
}

// The record at `offset` (a gzip member for .gz files) must start with a WARC header (a damaged
// member only with the gzip magic).
void ExpectRecordStartsAt(const std::string& file, uint64_t offset, bool damaged = false) {
  std::string bytes = testing::ReadFile(kDir + file);
  ASSERT_LT(offset, bytes.size());
  std::string_view at = std::string_view(bytes).substr(offset);
  if (IsGzip(bytes)) {
    ASSERT_TRUE(IsGzip(at)) << file << "@" << offset;
    if (!damaged) {
      EXPECT_EQ(SniffFormat(at), InputFormat::kWarc) << file << "@" << offset;
    }
  } else {
    EXPECT_EQ(at.substr(0, 8), "WARC/1.0") << file << "@" << offset;
  }
}

uint64_t OffsetOf(const std::string& source) {
  return std::stoull(source.substr(source.rfind('@') + 1));
}

void ExpectNewsDocuments(const ReadAll& r, const std::string& file) {
  EXPECT_TRUE(r.errors.empty()) << r.errors[0];
  ASSERT_EQ(r.docs.size(), 6u) << r.summary;
  for (const Document& d : r.docs) {
    EXPECT_EQ(d.source.rfind(kDir + file + "@", 0), 0u) << d.source;
    ExpectRecordStartsAt(file, OffsetOf(d.source));
    EXPECT_EQ(d.id, ContentId(d.text));
    EXPECT_FALSE(Contains(d.text, "Contact us")) << d.text;  // the HTML reader's rules apply
  }
  const Document* a = ByUrl(r, "https://news.example.org/drone-strike");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->published, "2023-05-23T10:00:00+03:00");  // from the page's meta tag
  EXPECT_EQ(a->title, "Border guards report drone strike");
  EXPECT_TRUE(Contains(a->text, "a drone hit a fuel depot near the village of Kozinka."))
      << a->text;
  // No meta date: the crawl date (WARC-Date), target URI without angle brackets.
  const Document* b = ByUrl(r, "https://news.example.org/training-camp");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->published, "2023-05-24T09:00:00+00:00");
  // windows-1251 declared in the HTTP header.
  const Document* c = ByUrl(r, "https://ru.example.org/ucheniya");
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(Contains(c->text,
                       "\u041c\u0438\u043d\u0438\u0441\u0442\u0435\u0440\u0441\u0442\u0432"
                       "\u043e \u043e\u0431\u043e\u0440\u043e\u043d\u044b"))
      << c->text;
  EXPECT_EQ(c->published, "2023-05-22");
  // iso-8859-1 declared only in a <meta http-equiv>.
  const Document* d = ByUrl(r, "https://fr.example.org/cafe");
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(Contains(d->text, "Caf\u00e9 owners in the capital")) << d->text;
  // Chunked transfer coding; an RFC 822 meta date.
  const Document* e = ByUrl(r, "https://news.example.org/ministers");
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(Contains(e->text, "The foreign ministers met in Minsk")) << e->text;
  EXPECT_EQ(e->published, "2023-05-23T16:30:00+03:00");
  // gzip content coding.
  const Document* f = ByUrl(r, "https://news.example.org/militia");
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(Contains(f->text, "creating a regional militia")) << f->text;

  EXPECT_EQ(r.counts.request, 1u);
  EXPECT_EQ(r.counts.metadata, 1u);
  EXPECT_EQ(r.counts.warcinfo, 1u);
  EXPECT_EQ(r.counts.not_html, 1u);
  EXPECT_EQ(r.counts.not_ok, 1u);
  EXPECT_EQ(r.counts.no_text, 1u);
  EXPECT_EQ(r.counts.records, 12u);
  EXPECT_EQ(r.summary, kDir + file +
                           ": WARC: 6 document(s); skipped 1 non-HTML responses, 1 non-2xx "
                           "responses, 1 pages without article text, 1 request records, 1 "
                           "metadata records, 1 warcinfo records");
}

TEST(WarcReader, PlainFile) { ExpectNewsDocuments(Read("news.warc"), "news.warc"); }

TEST(WarcReader, GzipPerRecord) {
  ReadAll gz = Read("news.warc.gz");
  ExpectNewsDocuments(gz, "news.warc.gz");
  ReadAll plain = Read("news.warc");
  ASSERT_EQ(gz.docs.size(), plain.docs.size());
  for (size_t i = 0; i < gz.docs.size(); ++i) {
    EXPECT_EQ(gz.docs[i].text, plain.docs[i].text);
    EXPECT_EQ(gz.docs[i].published, plain.docs[i].published);
  }
}

TEST(WarcReader, TruncatedGzipIsOneErrorNamingTheMember) {
  ReadAll r = Read("truncated.warc.gz");
  ASSERT_EQ(r.docs.size(), 1u) << r.summary;
  EXPECT_EQ(r.docs[0].url, "https://news.example.org/drone-strike");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_TRUE(Contains(r.errors[0], "truncated gzip member")) << r.errors[0];
  std::string prefix = kDir + "truncated.warc.gz: record at offset ";
  ASSERT_EQ(r.errors[0].rfind(prefix, 0), 0u) << r.errors[0];
  ExpectRecordStartsAt("truncated.warc.gz", std::stoull(r.errors[0].substr(prefix.size())));
}

TEST(WarcReader, CorruptGzipMemberIsSkipped) {
  ReadAll r = Read("corrupt.warc.gz");
  ASSERT_EQ(r.errors.size(), 1u) << r.summary;
  EXPECT_TRUE(Contains(r.errors[0], "corrupt gzip data")) << r.errors[0];
  std::string prefix = kDir + "corrupt.warc.gz: record at offset ";
  ASSERT_EQ(r.errors[0].rfind(prefix, 0), 0u) << r.errors[0];
  uint64_t at = std::stoull(r.errors[0].substr(prefix.size()));
  ExpectRecordStartsAt("corrupt.warc.gz", at, /*damaged=*/true);
  EXPECT_GT(at, 0u);
  // The damaged member held the drone-strike response; the other five documents come through.
  EXPECT_EQ(r.docs.size(), 5u);
  EXPECT_EQ(ByUrl(r, "https://news.example.org/drone-strike"), nullptr);
  EXPECT_NE(ByUrl(r, "https://news.example.org/militia"), nullptr);
}

void ExpectLyingLengths(const std::string& file) {
  ReadAll r = Read(file);
  ASSERT_EQ(r.errors.size(), 2u) << r.summary;
  for (const std::string& e : r.errors) {
    EXPECT_TRUE(Contains(e, "does not match the record")) << e;
    std::string prefix = kDir + file + ": record at offset ";
    ASSERT_EQ(e.rfind(prefix, 0), 0u) << e;
    ExpectRecordStartsAt(file, std::stoull(e.substr(prefix.size())));
  }
  // The two lying records are lost; the record the long one swallowed the start of is found.
  EXPECT_EQ(ByUrl(r, "https://news.example.org/drone-strike"), nullptr);
  EXPECT_EQ(ByUrl(r, "https://news.example.org/training-camp"), nullptr);
  EXPECT_NE(ByUrl(r, "https://ru.example.org/ucheniya"), nullptr);
  EXPECT_EQ(r.docs.size(), 4u);
  EXPECT_EQ(r.counts.metadata, 1u);  // the record after the short one
}

TEST(WarcReader, LyingContentLengthPlain) { ExpectLyingLengths("lying_length.warc"); }
TEST(WarcReader, LyingContentLengthGzip) { ExpectLyingLengths("lying_length.warc.gz"); }

TEST(WarcReader, GarbageInsteadOfAHeader) {
  ReadAll r = Read("bad_header.warc");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_TRUE(Contains(r.errors[0], "not a WARC record header")) << r.errors[0];
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.counts.request, 1u);
  EXPECT_EQ(r.counts.metadata, 1u);
}

std::string Record(const std::string& type, const std::string& uri, const std::string& block) {
  return "WARC/1.0\r\nWARC-Type: " + type + "\r\nWARC-Target-URI: " + uri +
         "\r\nWARC-Date: 2023-05-24T08:00:00Z\r\nContent-Type: application/http; "
         "msgtype=response\r\nContent-Length: " +
         std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
}

std::string HtmlResponse(const std::string& text) {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>" + text +
         "</p></body></html>";
}

TEST(WarcReader, RecordsOverTheLimitAreStreamedPastAndCounted) {
  ReaderOptions small;
  small.max_document_bytes = 300;  // the HTML responses are larger than this
  ReadAll r = Read("news.warc.gz", small);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.counts.records, 12u);
  EXPECT_EQ(r.docs.size(), 0u);
  EXPECT_GE(r.counts.too_large, 5u) << r.summary;

  // A block larger than anything held (3 MiB with a 1 MiB limit) is streamed past, unread, and
  // the records around it are read.
  testing::TempDir tmp;
  std::string big(3u << 20, 'x');
  for (size_t i = 80; i < big.size(); i += 80) big[i] = ' ';
  std::string file = Record("response", "https://e.org/1", HtmlResponse("First report text.")) +
                     Record("response", "https://e.org/big", HtmlResponse(big)) +
                     Record("response", "https://e.org/2", HtmlResponse("Second report text."));
  testing::WriteFile(tmp / "big.warc", file);
  ReaderOptions one_mb;
  one_mb.max_document_bytes = 1u << 20;
  auto reader = WarcReader::Open((tmp / "big.warc").string(), one_mb);
  ASSERT_TRUE(reader.ok());
  std::vector<std::string> urls;
  while (auto item = reader.value()->Next()) {
    ASSERT_TRUE(item->ok()) << item->status().message();
    urls.push_back(item->value().url);
  }
  EXPECT_EQ(urls, (std::vector<std::string>{"https://e.org/1", "https://e.org/2"}))
      << reader.value()->Summary();
  EXPECT_EQ(reader.value()->counts().too_large, 1u);
}

TEST(WarcReader, TruncatedPlainRecordAndEmptyInput) {
  testing::TempDir tmp;
  std::string news = testing::ReadFile(kDir + "news.warc");
  testing::WriteFile(tmp / "cut.warc", news.substr(0, news.size() - 500));
  auto reader = WarcReader::Open((tmp / "cut.warc").string(), {});
  ASSERT_TRUE(reader.ok());
  size_t docs = 0;
  std::vector<std::string> errors;
  while (auto item = reader.value()->Next()) {
    if (item->ok()) {
      ++docs;
    } else {
      errors.push_back(item->status().message());
    }
  }
  EXPECT_EQ(docs, 5u);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(Contains(errors[0], "truncated record")) << errors[0];

  testing::WriteFile(tmp / "empty.warc", "");
  auto empty = WarcReader::Open((tmp / "empty.warc").string(), {});
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty.value()->Next().has_value());
  EXPECT_FALSE(WarcReader::Open((tmp / "missing.warc").string(), {}).ok());
}

TEST(WarcReader, StandardInputWithSniffedPrefix) {
  // The stream sniffs stdin's first bytes and hands them over as a prefix.
  std::string gz = testing::ReadFile(kDir + "news.warc.gz");
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  std::fwrite(gz.data() + 100, 1, gz.size() - 100, f);
  std::rewind(f);
  WarcReader reader("stdin", f, true, gz.substr(0, 100), {});
  size_t docs = 0;
  while (auto item = reader.Next()) {
    ASSERT_TRUE(item->ok()) << item->status().message();
    ++docs;
  }
  EXPECT_EQ(docs, 6u);
  EXPECT_EQ(reader.bytes_read(), gz.size());
}

TEST(WarcReader, DocumentStreamDetectsWarcAndReportsCounts) {
  testing::TempDir tmp;
  testing::WriteFile(tmp / "crawl.bin", testing::ReadFile(kDir + "news.warc.gz"));
  std::vector<std::string> notices;
  ReaderOptions options;
  options.on_notice = [&](const std::string& s) { notices.push_back(s); };
  DocumentStream in({(tmp / "crawl.bin").string(), kDir + "lying_length.warc"}, options);
  size_t docs = 0, errors = 0;
  while (auto item = in.Next()) {
    item->ok() ? ++docs : ++errors;
  }
  EXPECT_EQ(docs, 10u);
  EXPECT_EQ(errors, 2u);
  ASSERT_EQ(notices.size(), 2u);
  EXPECT_TRUE(Contains(notices[0], "crawl.bin: WARC: 6 document(s)")) << notices[0];
  EXPECT_TRUE(Contains(notices[1], "lying_length.warc: WARC: 4 document(s)")) << notices[1];
  EXPECT_TRUE(Contains(notices[1], "; 2 error(s)")) << notices[1];
}

// Damaged copies of the test crawls (cut at many lengths, bytes flipped at random places) are read
// to the end without crashing or hanging, and every error names the file and a record offset.
TEST(WarcReader, MutatedFilesNeverCrashOrHang) {
  testing::TempDir tmp;
  std::mt19937 rng(12);
  for (const char* name : {"news.warc", "news.warc.gz"}) {
    const std::string orig = testing::ReadFile(kDir + name);
    for (int variant = 0; variant < 120; ++variant) {
      std::string bytes = orig;
      if (variant < 40) {
        bytes.resize(orig.size() * variant / 40);
      } else {
        for (int k = 0; k < 1 + variant % 5; ++k) {
          bytes[rng() % bytes.size()] = static_cast<char>(rng());
        }
      }
      const std::string path = (tmp / "m.warc").string();
      testing::WriteFile(path, bytes);
      auto reader = WarcReader::Open(path, {});
      ASSERT_TRUE(reader.ok());
      size_t items = 0;
      while (auto item = reader.value()->Next()) {
        ASSERT_LT(++items, 100u) << name << " variant " << variant;
        if (!item->ok()) {
          EXPECT_EQ(item->status().message().rfind(path + ": record at offset ", 0), 0u)
              << item->status().message();
        }
      }
    }
  }
}

TEST(WarcReader, ExtractCommandEndToEnd) {
  auto r = testing::RunMosaic({"extract", "--no-model", kDir + "lying_length.warc.gz"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(testing::Lines(r.out).size(), 4u) << r.err;
  auto err = testing::Lines(r.err);
  size_t error_lines = 0, summary_lines = 0;
  for (const std::string& l : err) {
    error_lines += Contains(l, "does not match the record");
    summary_lines += Contains(l, "WARC: 4 document(s)");
  }
  EXPECT_EQ(error_lines, 2u) << r.err;
  EXPECT_EQ(summary_lines, 1u) << r.err;
}

}  // namespace
}  // namespace mosaic::readers
