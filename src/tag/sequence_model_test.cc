#include "tag/sequence_model.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace mosaic::tag {
namespace {

// A small synthetic task the tagger must learn: capitalised words after "Mr" are people, words
// after "in" are places, the rest O; "New York" is a two-word place.
std::vector<TrainDocument> SyntheticData() {
  static constexpr std::string_view kPeople[] = {"Smith", "Jones", "Brown", "Green"};
  static constexpr std::string_view kCities[] = {"Paris", "Berlin", "Rome"};
  std::vector<TrainDocument> docs;
  for (int d = 0; d < 20; ++d) {
    TrainDocument doc;
    for (int k = 0; k < 6; ++k) {
      std::string_view person = kPeople[(d + k) % 4];
      SentenceInput s;
      if ((d + k) % 3 == 0) {
        s.words = {"Mr", person, "lives", "in", "New", "York", "."};
        doc.tags.push_back({"O", "B-PER", "O", "O", "B-LOC", "I-LOC", "O"});
      } else {
        s.words = {"Mr", person, "lives", "in", kCities[(d + k) % 3], "."};
        doc.tags.push_back({"O", "B-PER", "O", "O", "B-LOC", "O"});
      }
      doc.sentences.push_back(std::move(s));
    }
    docs.push_back(std::move(doc));
  }
  return docs;
}

std::string TrainImage(int epochs = 5) {
  TrainOptions o;
  o.epochs = epochs;
  o.feature_flags = kFeatDocument;
  auto image = TrainSequenceModel(SyntheticData(), o);
  EXPECT_TRUE(image.ok()) << image.status().message();
  return image.ok() ? *image : std::string();
}

std::string TempPath(const char* name) {
  return (std::filesystem::temp_directory_path() / (std::string("mosaic_sm_") + name)).string();
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::vector<std::string> Tag(const SequenceModel& m, std::vector<std::string_view> words) {
  SentenceInput s;
  s.words = std::move(words);
  std::vector<std::vector<uint16_t>> ids;
  m.TagDocument(std::span<const SentenceInput>(&s, 1), &ids);
  std::vector<std::string> out;
  for (uint16_t id : ids[0]) out.emplace_back(m.tag_name(id));
  return out;
}

TEST(SequenceModelTest, LearnsAndRoundTripsThroughAFile) {
  std::string image = TrainImage();
  auto mem = SequenceModel::FromBytes(image);
  ASSERT_TRUE(mem.ok()) << mem.status().message();
  EXPECT_EQ((*mem)->task(), "ner");
  EXPECT_EQ((*mem)->tag_name(0), "O");
  auto tags = Tag(**mem, {"Mr", "Green", "lives", "in", "New", "York", "."});
  EXPECT_EQ(tags, (std::vector<std::string>{"O", "B-PER", "O", "O", "B-LOC", "I-LOC", "O"}));

  std::string path = TempPath("roundtrip.bin");
  WriteFile(path, image);
  auto mapped = SequenceModel::Load(path);
  ASSERT_TRUE(mapped.ok()) << mapped.status().message();
  EXPECT_EQ((*mapped)->num_tags(), (*mem)->num_tags());
  EXPECT_EQ((*mapped)->num_features(), (*mem)->num_features());
  for (auto words :
       std::vector<std::vector<std::string_view>>{{"Mr", "Jones", "works", "in", "Rome", "."},
                                                  {"Mr", "Brown", "and", "Mr", "Smith", "."}}) {
    EXPECT_EQ(Tag(**mapped, words), Tag(**mem, words));
  }
  std::remove(path.c_str());
}

TEST(SequenceModelTest, TwoStageModelEmbedsItsFirstStage) {
  TrainOptions o;
  o.epochs = 3;
  o.stages = 2;
  o.folds = 2;
  o.feature_flags = kFeatDocument;
  auto image = TrainSequenceModel(SyntheticData(), o);
  ASSERT_TRUE(image.ok()) << image.status().message();
  EXPECT_GT(image->size(), TrainImage(3).size());  // two weight sets
  std::string path = TempPath("two_stage.bin");
  WriteFile(path, *image);
  auto m = SequenceModel::Load(path);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_TRUE((*m)->feature_flags() & kFeatStage1);
  EXPECT_EQ(Tag(**m, {"Mr", "Brown", "lives", "in", "Berlin", "."}),
            (std::vector<std::string>{"O", "B-PER", "O", "O", "B-LOC", "O"}));
  // A damaged first stage is found at load time.
  std::string bad_magic = *image;
  size_t inner = bad_magic.rfind(std::string(kSequenceModelMagic, 8));
  ASSERT_NE(inner, std::string::npos);
  ASSERT_GT(inner, 0u);
  bad_magic[inner] = 'X';
  WriteFile(path, bad_magic);
  EXPECT_FALSE(SequenceModel::Load(path).ok());
  std::remove(path.c_str());
}

TEST(SequenceModelTest, TrainingIsDeterministic) { EXPECT_EQ(TrainImage(3), TrainImage(3)); }

TEST(SequenceModelTest, NeverPredictsInsideWithoutBegin) {
  auto m = SequenceModel::FromBytes(TrainImage());
  ASSERT_TRUE(m.ok());
  auto tags = Tag(**m, {"York", "York", "in", "York"});
  std::string prev = "O";
  for (const auto& t : tags) {
    if (t.rfind("I-", 0) == 0) {
      EXPECT_TRUE(prev.size() > 2 && prev.substr(2) == t.substr(2)) << t;
    }
    prev = t;
  }
}

// A model with the gazetteer keeps its features (SharedFeatures) for a model with the same flags
// without it, which tags exactly as it does on its own; a model with other flags ignores them.
TEST(SequenceModelTest, SharedFeaturesGiveTheSameTags) {
  FlatTableBuilder gaz;
  gaz.Add(HashPhraseNext(HashPhraseStart(), "paris"), kGazCity);
  gaz.Add(HashPhraseNext(HashPhraseStart(), "new"), kGazPrefix);
  gaz.Add(HashPhraseNext(HashPhraseNext(HashPhraseStart(), "new"), "york"), kGazCity);
  TrainOptions o;
  o.epochs = 3;
  o.feature_flags = kFeatGazetteer | kFeatDocument;
  o.gazetteer_slots = gaz.Build();
  auto with_gaz = TrainSequenceModel(SyntheticData(), o);
  o.feature_flags = kFeatDocument;
  o.gazetteer_slots.clear();
  auto without = TrainSequenceModel(SyntheticData(), o);
  o.feature_flags = kFeatDocument | kFeatClusters;
  auto other = TrainSequenceModel(SyntheticData(), o);
  ASSERT_TRUE(with_gaz.ok() && without.ok() && other.ok());
  auto a = SequenceModel::FromBytes(*with_gaz);
  auto b = SequenceModel::FromBytes(*without);
  auto c = SequenceModel::FromBytes(*other);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());

  std::vector<SentenceInput> doc(3);
  doc[0].words = {"Mr", "Smith", "lives", "in", "Paris", "."};
  doc[1].words = {"Mr", "Rome", "lives", "in", "New", "York", "."};
  doc[2].words = {"Paris", "Jones", "in", "Berlin", "Berlin", "York", "in", "Paris"};
  std::vector<std::vector<uint16_t>> alone_a, alone_b, alone_c, shared_a, shared_b, shared_c;
  (*a)->TagDocument(doc, &alone_a);
  (*b)->TagDocument(doc, &alone_b);
  (*c)->TagDocument(doc, &alone_c);
  SharedFeatures shared;
  (*a)->TagDocument(doc, &shared_a, &shared);
  EXPECT_TRUE(shared.filled());
  (*b)->TagDocument(doc, &shared_b, &shared);
  (*c)->TagDocument(doc, &shared_c, &shared);
  EXPECT_EQ(shared_a, alone_a);
  EXPECT_EQ(shared_b, alone_b);
  EXPECT_EQ(shared_c, alone_c);
  // Other sentences than the filler's: not reused.
  std::vector<SentenceInput> shorter(doc.begin(), doc.begin() + 2);
  std::vector<std::vector<uint16_t>> alone_short, shared_short;
  (*b)->TagDocument(shorter, &alone_short);
  (*b)->TagDocument(shorter, &shared_short, &shared);
  EXPECT_EQ(shared_short, alone_short);
}

TEST(SequenceModelTest, RejectsDamagedFiles) {
  std::string image = TrainImage(1);
  std::string path = TempPath("damaged.bin");

  std::string bad_magic = image;
  bad_magic[0] = 'X';
  WriteFile(path, bad_magic);
  auto a = SequenceModel::Load(path);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), StatusCode::kCorruption);

  std::string bad_version = image;
  bad_version[8] = 99;
  WriteFile(path, bad_version);
  auto b = SequenceModel::Load(path);
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("version"), std::string::npos);

  WriteFile(path, image.substr(0, image.size() - 8));
  auto c = SequenceModel::Load(path);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kCorruption);

  WriteFile(path, image.substr(0, 10));
  EXPECT_FALSE(SequenceModel::Load(path).ok());
  std::remove(path.c_str());

  auto missing = SequenceModel::Load("/nonexistent/model.bin");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

TEST(SequenceModelTest, EmptySentencesAndDocuments) {
  auto m = SequenceModel::FromBytes(TrainImage(1));
  ASSERT_TRUE(m.ok());
  std::vector<std::vector<uint16_t>> ids;
  (*m)->TagDocument({}, &ids);
  EXPECT_TRUE(ids.empty());
  std::vector<SentenceInput> two(2);
  (*m)->TagDocument(two, &ids);
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_TRUE(ids[0].empty());
}

}  // namespace
}  // namespace mosaic::tag
