// End-to-end tests of `mosaic extract` on real and malformed input: the DocGraph contract (schema,
// offsets that slice the text exactly, input order, threads) and the bad-input rules (one line on
// stderr naming the file and the problem, the batch goes on, exit status 1).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "docgraph_check.h"
#include "test_util.h"

namespace mosaic {
namespace {

using nlohmann::json;
using testing::ExpectValidDocGraph;
using testing::Lines;
using testing::RunMosaic;
using testing::TempDir;
using testing::WriteFile;

std::vector<std::string> SeedFiles() {
  std::vector<std::string> files;
  auto dir = testing::SharedDir() / "seeds";
  if (!std::filesystem::exists(dir)) return files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".txt") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(Extract, SeedsGiveFiveValidDocGraphsWithExactOffsets) {
  auto files = SeedFiles();
  if (files.empty()) GTEST_SKIP() << "../shared/seeds is absent";
  std::vector<std::string> args{"extract", "--with-text"};
  args.insert(args.end(), files.begin(), files.end());
  auto r = RunMosaic(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 5u);
  for (size_t i = 0; i < lines.size(); ++i) {
    json g = json::parse(lines[i]);
    ExpectValidDocGraph(g);
    // Input order is kept, and the url names the file.
    EXPECT_NE(g["doc"]["url"].get<std::string>().find(
                  std::filesystem::path(files[i]).filename().string()),
              std::string::npos);
    EXPECT_FALSE(g["entities"].empty());
  }
}

TEST(Extract, ThreadsKeepInputOrderAndOutput) {
  auto files = SeedFiles();
  if (files.empty()) GTEST_SKIP() << "../shared/seeds is absent";
  std::vector<std::string> args{"extract"};
  for (int k = 0; k < 4; ++k) args.insert(args.end(), files.begin(), files.end());
  auto one = RunMosaic(args);
  args.insert(args.begin() + 1, {"--threads", "2"});
  auto two = RunMosaic(args);
  ASSERT_EQ(one.exit_code, 0);
  ASSERT_EQ(two.exit_code, 0);
  EXPECT_EQ(one.out, two.out);
  EXPECT_EQ(Lines(one.out).size(), 20u);
}

TEST(Extract, SameTextSameIdAndJsonlMetadataKept) {
  TempDir tmp;
  WriteFile(
      tmp / "a.jsonl",
      R"({"id":"x1","url":"https://example.org/a","title":"T","published":"2023-05-23","text":"Militias attacked Kozinka on Monday."})"
      "\n");
  WriteFile(tmp / "a.txt", "Militias attacked Kozinka on Monday.");
  auto r = RunMosaic({"extract", (tmp / "a.jsonl").string(), (tmp / "a.txt").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  json a = json::parse(lines[0]), b = json::parse(lines[1]);
  EXPECT_EQ(a["doc"]["id"], b["doc"]["id"]);
  EXPECT_EQ(a["doc"]["url"], "https://example.org/a");
  EXPECT_EQ(a["doc"]["published"], "2023-05-23");
  EXPECT_EQ(a["doc"]["title"], "T");
  EXPECT_EQ(a["doc"]["external_id"], "x1");
  EXPECT_EQ(b["doc"]["url"], "file:" + (tmp / "a.txt").string());
  EXPECT_TRUE(b["doc"]["published"].is_null());
}

TEST(Extract, StandardInputJsonlAndText) {
  TempDir tmp;
  WriteFile(tmp / "in.jsonl", "{\"text\":\"One.\"}\n\n{\"text\":\"Two.\"}\n");
  auto r = RunMosaic({"extract", "-"}, (tmp / "in.jsonl").string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(r.out).size(), 2u);
  WriteFile(tmp / "in.txt", "Lavrov spoke in Minsk.\n");
  r = RunMosaic({"extract", "--with-text", "-"}, (tmp / "in.txt").string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(Lines(r.out).size(), 1u);
  EXPECT_EQ(json::parse(r.out)["text"], "Lavrov spoke in Minsk.\n");
}

TEST(Extract, HtmlKeepsArticleDropsBoilerplateAndReadsMetaDate) {
  TempDir tmp;
  WriteFile(tmp / "page.html", R"(<!DOCTYPE html><html><head><title>Site | Raid</title>
<meta property="article:published_time" content="2023-05-23T10:00:00Z">
<script>var x = "Minsk";</script><style>p{color:red}</style></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<div class="share-bar">Share on Facebook</div>
<article><h1>Raid on a border post</h1>
<p>Fighters attacked a border post near Kozinka on Monday.</p>
<p>Advertisement</p>
<p>The governor ordered an evacuation.</p>
<div class="newsletter">Sign up for our newsletter</div></article>
<footer>All rights reserved</footer></body></html>)");
  auto r = RunMosaic({"extract", "--with-text", (tmp / "page.html").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json g = json::parse(r.out);
  std::string text = g["text"];
  EXPECT_NE(text.find("Fighters attacked a border post near Kozinka on Monday."),
            std::string::npos);
  EXPECT_NE(text.find("The governor ordered an evacuation."), std::string::npos);
  for (const char* junk : {"var x", "color:red", "Home", "Share on Facebook", "Advertisement",
                           "newsletter", "All rights reserved"}) {
    EXPECT_EQ(text.find(junk), std::string::npos) << junk;
  }
  EXPECT_EQ(g["doc"]["published"], "2023-05-23T10:00:00Z");
  EXPECT_EQ(g["doc"]["title"], "Raid on a border post");
  ExpectValidDocGraph(g);
}

// ---- bad input: one clear line per problem, the batch goes on, exit status 1 ----

struct BadCase {
  std::string name;     // file name in the temp dir
  std::string content;  // bytes
  std::string expect;   // a phrase the error line must contain
};

void ExpectOneErrorLineNaming(const testing::RunResult& r, const std::string& file,
                              const std::string& phrase) {
  auto errs = Lines(r.err);
  int matching = 0;
  for (const auto& l : errs) {
    if (l.find(file) != std::string::npos && l.find(phrase) != std::string::npos) ++matching;
  }
  EXPECT_EQ(matching, 1) << "stderr was:\n" << r.err;
}

TEST(BadInput, EachProblemIsOneLineAndTheBatchGoesOn) {
  TempDir tmp;
  std::string big(50u << 20, 'a');  // a 50 MB single line with no newline
  for (size_t i = 100; i < big.size(); i += 100) big[i] = ' ';
  std::vector<BadCase> cases = {
      {"binary.txt",
       std::string("\x7f"
                   "ELF\x02\x01\x01\0\0\0\0\0",
                   12) +
           std::string(100, '\0'),
       "binary"},
      {"latin1.txt", "Lukashenka visited Brest. Caf\xe9 closed.", "invalid UTF-8"},
      {"overlong.txt", "An overlong slash \xc0\xaf here.", "invalid UTF-8"},
      {"surrogate.txt", "A surrogate \xed\xa0\x80 here.", "invalid UTF-8"},
      {"empty.txt", "", "empty"},
      {"blank.txt", "  \n\n \t\n", "empty"},
  };
  std::vector<std::string> args{"extract", "--max-document-mb", "40"};
  WriteFile(tmp / "good1.txt", "Lavrov met Makei in Moscow on Monday.");
  args.push_back((tmp / "good1.txt").string());
  for (const auto& c : cases) {
    WriteFile(tmp / c.name, c.content);
    args.push_back((tmp / c.name).string());
  }
  WriteFile(tmp / "huge.txt", big);
  args.push_back((tmp / "huge.txt").string());
  args.push_back((tmp / "missing.txt").string());
  std::filesystem::create_directory(tmp / "emptydir");
  args.push_back((tmp / "emptydir").string());
  WriteFile(tmp / "good2.txt", "Prigozhin's fighters seized Rostov-on-Don in June.");
  args.push_back((tmp / "good2.txt").string());

  auto r = RunMosaic(args);
  EXPECT_EQ(r.exit_code, 1);
  auto out = Lines(r.out);
  ASSERT_EQ(out.size(), 2u) << r.err;  // both good files, in order
  EXPECT_NE(out[0].find("good1.txt"), std::string::npos);
  EXPECT_NE(out[1].find("good2.txt"), std::string::npos);
  for (const auto& c : cases) ExpectOneErrorLineNaming(r, c.name, c.expect);
  ExpectOneErrorLineNaming(r, "huge.txt", "exceeds the limit");
  ExpectOneErrorLineNaming(r, "missing.txt", "no such file");
  ExpectOneErrorLineNaming(r, "emptydir", "no articles");
  // Every stderr line but the summary names one input (notes about missing optional resources,
  // "mosaic: note: ...", are not errors and are not counted).
  size_t error_lines = 0;
  for (const auto& l : Lines(r.err)) {
    if (l.find("mosaic: note:") != 0) ++error_lines;
  }
  EXPECT_EQ(error_lines, cases.size() + 3 + 1);
}

TEST(BadInput, MalformedJsonlLinesAreNamedByLine) {
  TempDir tmp;
  std::string nested(100000, '[');
  std::string jsonl =
      "{\"text\":\"Good one.\"}\n"                  // 1
      "{\"text\": \"unterminated\n"                 // 2 malformed
      "{\"title\":\"no text here\"}\n"              // 3 no text
      "[1,2,3]\n"                                   // 4 not an object
      "{\"text\": 42}\n"                            // 5 text not a string
      "{\"text\":\"x\",\"published\":\"May 5\"}\n"  // 6 bad date
      + nested +
      "\n"                           // 7 nested arrays
      "{\"text\":\"Good two.\"}\n";  // 8
  WriteFile(tmp / "mixed.jsonl", jsonl);
  auto r = RunMosaic({"extract", (tmp / "mixed.jsonl").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Lines(r.out).size(), 2u);
  ExpectOneErrorLineNaming(r, "mixed.jsonl:2:", "malformed JSON");
  ExpectOneErrorLineNaming(r, "mixed.jsonl:3:", "no \"text\" field");
  ExpectOneErrorLineNaming(r, "mixed.jsonl:4:", "JSON object expected");
  ExpectOneErrorLineNaming(r, "mixed.jsonl:5:", "not a string");
  ExpectOneErrorLineNaming(r, "mixed.jsonl:6:", "not an ISO date");
  ExpectOneErrorLineNaming(r, "mixed.jsonl:7:", "nested");
}

TEST(BadInput, OverlongJsonlLineIsSkippedWithoutHoldingIt) {
  TempDir tmp;
  std::string line = "{\"text\":\"" + std::string(3u << 20, 'x') + "\"}\n";
  WriteFile(tmp / "long.jsonl", line + "{\"text\":\"After.\"}\n");
  auto r = RunMosaic({"extract", "--max-document-mb", "1", (tmp / "long.jsonl").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Lines(r.out).size(), 1u);
  ExpectOneErrorLineNaming(r, "long.jsonl:1:", "exceeds the limit");
}

TEST(BadInput, DeeplyNestedHtmlIsRefusedNotCrashed) {
  TempDir tmp;
  std::string html = "<html><body>";
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "deep text";
  WriteFile(tmp / "deep.html", html);
  WriteFile(tmp / "ok.txt", "Fine.");
  auto r = RunMosaic({"extract", (tmp / "deep.html").string(), (tmp / "ok.txt").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Lines(r.out).size(), 1u);
  ExpectOneErrorLineNaming(r, "deep.html", "nested");
}

TEST(BadInput, NoInputsIsAUsageError) {
  auto r = RunMosaic({"extract"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_FALSE(r.err.empty());
}

}  // namespace
}  // namespace mosaic
