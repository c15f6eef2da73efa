#include "text/analyzed_text.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace mosaic::text {
namespace {

std::vector<std::string> Tokens(const AnalyzedText& t) {
  std::vector<std::string> r;
  for (size_t i = 0; i < t.tokens.size(); ++i) r.emplace_back(t.TokenText(i));
  return r;
}

std::vector<std::string> Sentences(const AnalyzedText& t) {
  std::vector<std::string> r;
  for (const auto& s : t.sentences) r.emplace_back(t.OriginalText(s.begin, s.end));
  return r;
}

// Every token's original span must hold the original characters the token came from.
void ExpectAligned(const AnalyzedText& t) {
  for (size_t i = 0; i < t.tokens.size(); ++i) {
    const Token& tok = t.tokens[i];
    ASSERT_LE(tok.begin, tok.end);
    ASSERT_LE(tok.end, t.original.size());
    ASSERT_LT(tok.begin, tok.end) << "empty original span for token " << t.TokenText(i);
    if (i > 0) {
      ASSERT_LE(t.tokens[i - 1].end, tok.begin);
    }
  }
}

TEST(Tokenize, ClitcsAndPunctuationAsInCoNLL) {
  auto t = Analyze("Putin's men don't stop. The U.S. said so.");
  EXPECT_EQ(Tokens(t), (std::vector<std::string>{"Putin", "'s", "men", "do", "n't", "stop", ".",
                                                 "The", "U.S.", "said", "so", "."}));
  ExpectAligned(t);
}

TEST(Tokenize, HyphensNumbersAndSlashes) {
  auto t = Analyze("Rostov-on-Don saw nearly 1,800 arrests, 3.5 km from RFE/RL offices.");
  EXPECT_EQ(Tokens(t),
            (std::vector<std::string>{"Rostov-on-Don", "saw", "nearly", "1,800", "arrests", ",",
                                      "3.5", "km", "from", "RFE/RL", "offices", "."}));
}

TEST(Tokenize, TypographicQuotesFoldButOffsetsStayOriginal) {
  std::string s = "Milchakov\u2019s \u201cRusich\u201d brigade";
  auto t = Analyze(s);
  EXPECT_EQ(Tokens(t),
            (std::vector<std::string>{"Milchakov", "'s", "\"", "Rusich", "\"", "brigade"}));
  // The apostrophe token maps back to the three-byte U+2019 plus "s".
  EXPECT_EQ(t.OriginalText(t.tokens[1].begin, t.tokens[1].end), "\u2019s");
  EXPECT_EQ(t.OriginalText(t.tokens[2].begin, t.tokens[2].end), "\u201c");
  ExpectAligned(t);
}

TEST(Normalize, DecomposedAccentsComposeAndMapBack) {
  std::string s = "Cafe\u0301 in Lo\u0301dz\u0301";  // combining acute accents
  auto t = Analyze(s);
  ASSERT_EQ(t.tokens.size(), 3u);
  EXPECT_EQ(t.TokenText(0), "Caf\u00e9");
  EXPECT_EQ(t.OriginalText(t.tokens[0].begin, t.tokens[0].end), "Cafe\u0301");
  EXPECT_EQ(t.OriginalText(t.tokens[2].begin, t.tokens[2].end), "Lo\u0301dz\u0301");
  ExpectAligned(t);
}

TEST(Normalize, ZeroWidthAndBidiControlsDoNotSplitWords) {
  std::string s = "Mins\u200bk and \u202eKyiv\u202c";
  auto t = Analyze(s);
  ASSERT_EQ(t.tokens.size(), 3u);
  EXPECT_EQ(t.TokenText(0), "Minsk");
  EXPECT_EQ(t.OriginalText(t.tokens[0].begin, t.tokens[0].end), "Mins\u200bk");
  EXPECT_EQ(t.TokenText(2), "Kyiv");
}

TEST(Sentences, AbbreviationsInitialsDecimalsAndQuotes) {
  auto t = Analyze(
      "Gen. Valery Gerasimov met Mr. Smith in the U.S. Army base. Growth was 3.5 percent. "
      "\"We are ready,\" he said. J. R. Tolkien wrote it! Then it ended.");
  EXPECT_EQ(Sentences(t),
            (std::vector<std::string>{"Gen. Valery Gerasimov met Mr. Smith in the U.S. Army base.",
                                      "Growth was 3.5 percent.", "\"We are ready,\" he said.",
                                      "J. R. Tolkien wrote it!", "Then it ended."}));
}

TEST(Sentences, AbbreviationEndsSentenceBeforeAnOpener) {
  auto t = Analyze("Troops came from the U.S. The talks failed.");
  EXPECT_EQ(t.sentences.size(), 2u);
}

TEST(Sentences, HeadlineLinesAndWrappedLines) {
  auto t = Analyze(
      "Militias attack border villages\n\nClashes started on Monday and\ncontinued on Tuesday.");
  EXPECT_EQ(Sentences(t),
            (std::vector<std::string>{"Militias attack border villages",
                                      "Clashes started on Monday and\ncontinued on Tuesday."}));
}

TEST(Sentences, VeryLongSentencesAreCut) {
  std::string s;
  for (int i = 0; i < 1000; ++i) s += "word ";
  TextOptions o;
  o.max_sentence_tokens = 100;
  auto t = Analyze(s, o);
  EXPECT_EQ(t.sentences.size(), 10u);
  for (const auto& sent : t.sentences) EXPECT_LE(sent.last_token - sent.first_token, 100u);
}

// Found by fuzz/text_fuzzer: closing quotes after a full stop were taken into the sentence
// without the length limit.
TEST(Sentences, ClosingQuoteRunsRespectTheLimit) {
  std::string s = "Word.";
  for (int i = 0; i < 500; ++i) s += "\"";
  s += " Next one.";
  TextOptions o;
  o.max_sentence_tokens = 64;
  auto t = Analyze(s, o);
  for (const auto& sent : t.sentences) EXPECT_LE(sent.last_token - sent.first_token, 64u);
}

TEST(Tokenize, EmptyAndWhitespaceOnly) {
  EXPECT_TRUE(Analyze("").tokens.empty());
  EXPECT_TRUE(Analyze(" \n\t ").sentences.empty());
}

// The seeds: every token and sentence maps back into the original text, in order, on real articles.
TEST(Seeds, AllSpansAlignWithOriginal) {
  std::filesystem::path dir = std::filesystem::path(MOSAIC_SOURCE_DIR) / ".." / "shared" / "seeds";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "../shared/seeds is absent";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".txt") continue;
    std::ifstream in(entry.path());
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    auto t = Analyze(text);
    ExpectAligned(t);
    EXPECT_GT(t.sentences.size(), 5u) << entry.path();
    for (size_t i = 0; i + 1 < t.sentences.size(); ++i) {
      EXPECT_LE(t.sentences[i].end, t.sentences[i + 1].begin);
    }
    ++files;
  }
  EXPECT_EQ(files, 5);
}

}  // namespace
}  // namespace mosaic::text
