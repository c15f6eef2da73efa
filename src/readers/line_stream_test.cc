// LineStream: lines of files and directories named FILE:LINE, with bad inputs reported one by one.
#include "readers/line_stream.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_util.h"

namespace mosaic::readers {
namespace {

using mosaic::testing::TempDir;
using mosaic::testing::WriteFile;

// Every item as "SOURCE TEXT" or "error: MESSAGE".
std::vector<std::string> All(LineStream& s) {
  std::vector<std::string> out;
  while (auto item = s.Next()) {
    out.push_back(item->ok() ? item->value().source + " " + item->value().text
                             : "error: " + item->status().message());
  }
  return out;
}

TEST(LineStream, NamesLinesAndGoesOnPastBadInputs) {
  TempDir tmp;
  const std::string dir = (tmp / "d").string();
  std::filesystem::create_directories(tmp / "d" / "sub");
  WriteFile(tmp / "d" / "b.jsonl", "{\"b\":1}\r\n\n   \n{\"b\":2}");  // CRLF, blanks, no final \n
  WriteFile(tmp / "d" / "sub" / "c.jsonl", "{\"c\":1}\n");
  WriteFile(tmp / "d" / "a.jsonl", std::string("{\"a\":\"x\0y\"}\n{\"a\":2}\n", 20));
  std::string longer = "{\"big\":\"" + std::string(3000, 'x') + "\"}";
  WriteFile(tmp / "long.jsonl", "{\"ok\":1}\n" + longer + "\n{\"ok\":3}\n");
  LineStream s({dir, (tmp / "missing.jsonl").string(), (tmp / "long.jsonl").string()}, 1000);
  auto got = All(s);
  ASSERT_EQ(got.size(), 9u);
  // A directory: its files recursively, in name order.
  EXPECT_EQ(got[0], dir + "/a.jsonl:1 " + std::string("{\"a\":\"x\0y\"}", 11));  // NUL kept
  EXPECT_EQ(got[1], dir + "/a.jsonl:2 {\"a\":2}");
  EXPECT_EQ(got[2], dir + "/b.jsonl:1 {\"b\":1}");
  EXPECT_EQ(got[3], dir + "/b.jsonl:4 {\"b\":2}");
  EXPECT_EQ(got[4], dir + "/sub/c.jsonl:1 {\"c\":1}");
  EXPECT_NE(got[5].find("error: " + (tmp / "missing.jsonl").string() + ": "), std::string::npos)
      << got[5];
  EXPECT_EQ(got[6], (tmp / "long.jsonl").string() + ":1 {\"ok\":1}");
  EXPECT_NE(got[7].find((tmp / "long.jsonl").string() + ":2: line longer than"), std::string::npos)
      << got[7];
  EXPECT_EQ(got[8], (tmp / "long.jsonl").string() + ":3 {\"ok\":3}");
}

TEST(LineStream, AnEmptyDirectoryIsAnError) {
  TempDir tmp;
  std::filesystem::create_directories(tmp / "empty");
  LineStream s({(tmp / "empty").string()}, 1000);
  auto got = All(s);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_NE(got[0].find("no files"), std::string::npos);
}

}  // namespace
}  // namespace mosaic::readers
