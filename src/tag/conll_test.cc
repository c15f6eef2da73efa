#include "tag/conll.h"

#include <gtest/gtest.h>

#include <sstream>

namespace mosaic::tag {
namespace {

// A hand-made file: gold in the second-to-last column, prediction last. Known counts:
// gold phrases: [EU ORG] [German MISC] [Peter Blackburn PER] [Brussels LOC] [Werner PER] = 5
// guessed: [EU ORG] [German MISC] [Peter PER] [Blackburn PER] [Brussels LOC] [Werner ORG] = 6
// correct: EU, German, Brussels = 3.
constexpr const char* kTagged =
    "-DOCSTART- -X- O O O\n"
    "\n"
    "EU NNP I-ORG I-ORG\n"
    "rejects VBZ O O\n"
    "German JJ I-MISC I-MISC\n"
    "call NN O O\n"
    "\n"
    "Peter NNP I-PER I-PER\n"
    "Blackburn NNP I-PER B-PER\n"
    "\n"
    "-DOCSTART- -X- O O O\n"
    "\n"
    "BRUSSELS NNP I-LOC I-LOC\n"
    "Werner NNP I-PER I-ORG\n"
    "said VBD O O\n";

TEST(ConllTest, ReadsDocumentsAndSentences) {
  std::istringstream in(kTagged);
  auto f = ReadConll(in, "t");
  ASSERT_TRUE(f.ok()) << f.status().message();
  ASSERT_EQ(f->documents.size(), 2u);
  EXPECT_EQ(f->documents[0].docstart, "-DOCSTART- -X- O O O");
  ASSERT_EQ(f->documents[0].sentences.size(), 2u);
  EXPECT_EQ(f->documents[0].sentences[1].rows[1][0], "Blackburn");
  EXPECT_EQ(f->documents[1].sentences[0].rows.size(), 3u);
  EXPECT_EQ(f->num_tokens(), 9u);
}

TEST(ConllTest, EvalCountsAsConlleval) {
  std::istringstream in(kTagged);
  auto f = ReadConll(in, "t");
  ASSERT_TRUE(f.ok());
  ConllEval e = EvaluateConll(*f);
  EXPECT_EQ(e.tokens, 11u);  // conlleval counts the two -DOCSTART- lines as tokens
  EXPECT_EQ(e.overall.found_correct, 5u);
  EXPECT_EQ(e.overall.found_guessed, 6u);
  EXPECT_EQ(e.overall.correct, 3u);
  EXPECT_EQ(e.correct_tags, 9u);  // Blackburn (B-PER vs I-PER) and Werner are wrong
  EXPECT_EQ(e.by_type["PER"].found_correct, 2u);
  EXPECT_EQ(e.by_type["PER"].found_guessed, 2u);
  EXPECT_EQ(e.by_type["PER"].correct, 0u);
  EXPECT_EQ(e.by_type["ORG"].found_guessed, 2u);
  EXPECT_EQ(e.by_type["ORG"].correct, 1u);
  EXPECT_NEAR(e.overall.precision(), 50.0, 1e-9);
  EXPECT_NEAR(e.overall.recall(), 60.0, 1e-9);
  std::ostringstream out;
  PrintConllEval(e, out);
  EXPECT_NE(out.str().find("processed 11 tokens with 5 phrases; found: 6 phrases; correct: 3."),
            std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("PER: precision:   0.00%"), std::string::npos) << out.str();
}

TEST(ConllTest, WriteAppendsAColumnAndRereads) {
  std::istringstream in(kTagged);
  auto f = ReadConll(in, "t");
  ASSERT_TRUE(f.ok());
  std::vector<std::vector<std::vector<std::string>>> tags(2);
  tags[0] = {{"X1", "X2", "X3", "X4"}, {"X5", "X6"}};
  tags[1] = {{"X7", "X8", "X9"}};
  std::ostringstream out;
  WriteConll(*f, tags, out);
  std::istringstream back(out.str());
  auto g = ReadConll(back, "back");
  ASSERT_TRUE(g.ok()) << g.status().message();
  ASSERT_EQ(g->documents.size(), 2u);
  EXPECT_EQ(g->documents[0].sentences[0].rows[0].back(), "X1");
  EXPECT_EQ(g->documents[1].sentences[0].rows[2].back(), "X9");
  EXPECT_EQ(g->documents[1].sentences[0].rows[2].size(), 5u);
  EXPECT_EQ(g->documents[1].docstart, "-DOCSTART- -X- O O O O");
}

TEST(ConllTest, IobConversionsRoundTrip) {
  std::vector<std::string> iob1 = {"I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-ORG", "I-ORG"};
  std::vector<std::string> bio = Iob1ToBio(iob1);
  EXPECT_EQ(bio,
            (std::vector<std::string>{"B-PER", "I-PER", "B-PER", "O", "B-LOC", "B-ORG", "I-ORG"}));
  EXPECT_EQ(BioToIob1(bio), iob1);
}

TEST(ConllTest, RejectsRaggedColumns) {
  std::istringstream in("EU NNP I-ORG\nrejects VBZ\n");
  auto f = ReadConll(in, "bad.conll");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(f.status().message().find("bad.conll:2"), std::string::npos);
}

TEST(ConllTest, MissingFileIsNotFound) {
  auto f = ReadConllFile("/nonexistent/file.conll");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace mosaic::tag
