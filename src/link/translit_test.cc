#include "link/translit.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

namespace mosaic::link {
namespace {

TEST(FoldKey, CaseDiacriticsAndPunctuation) {
  EXPECT_EQ(FoldKey("Sant Julià de Lòria"), "sant julia de loria");
  EXPECT_EQ(FoldKey("Rostov-on-Don"), "rostov on don");
  EXPECT_EQ(FoldKey("  ŁÓDŹ  "), "lodz");
  EXPECT_EQ(FoldKey("Straße"), "strasse");
  EXPECT_EQ(FoldKey("Vinnyts'ka"), "vinnytska");
  EXPECT_EQ(FoldKey("Vinnyts’ka"), "vinnytska");
  EXPECT_EQ(FoldKey("U.S."), "us");
  EXPECT_EQ(FoldKey("J. Smith"), "j smith");     // only all-initial names join
  EXPECT_EQ(FoldKey("Грайворон"), "граиворон");  // stays Cyrillic; й folds like и
  EXPECT_EQ(FoldKey("ГРАЙВОРОН"), FoldKey("грайворон"));
  EXPECT_EQ(FoldKey(""), "");
  EXPECT_EQ(FoldKey("--"), "");
}

TEST(LooseKey, MergesRomanisationVariants) {
  EXPECT_EQ(LooseKey("graivoron"), LooseKey("grayvoron"));
  EXPECT_EQ(LooseKey("grajvoron"), LooseKey("grayvoron"));
  EXPECT_EQ(LooseKey("odessa"), LooseKey("odesa"));
  EXPECT_EQ(LooseKey("kharkiv"), LooseKey("harkiv"));
  EXPECT_EQ(LooseKey("yekaterinburg"), LooseKey("ekaterinburg"));
  EXPECT_EQ(LooseKey("asipovichy"), LooseKey("asipovichi"));
  EXPECT_NE(LooseKey("minsk"), LooseKey("pinsk"));
}

TEST(Romanizations, CyrillicAndGreekToLatin) {
  auto r = Romanizations("Грайворон");
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r[0], "Grayvoron");                                    // BGN/PCGN
  EXPECT_NE(std::find(r.begin(), r.end(), "Grajvoron"), r.end());  // ISO 9
  auto uk = Romanizations("Харків", {"uk"});
  ASSERT_FALSE(uk.empty());
  EXPECT_EQ(FoldKey(uk[0]), "kharkiv");
  EXPECT_FALSE(Romanizations("Αθήνα").empty());
  EXPECT_TRUE(Romanizations("Moscow").empty());
  EXPECT_TRUE(Romanizations("北京").empty());  // no romanisation that would invent spellings
  EXPECT_TRUE(IsLatinScript("Sant Julià"));
  EXPECT_FALSE(IsLatinScript("Москва"));
}

TEST(Romanizations, SafeAcrossThreads) {
  std::vector<std::thread> threads;
  std::vector<std::string> out(4);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&out, i] {
      for (int k = 0; k < 50; ++k) out[i] = FoldKey(Romanizations("Белгород")[0]);
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& s : out) EXPECT_EQ(s, "belgorod");
}

}  // namespace
}  // namespace mosaic::link
