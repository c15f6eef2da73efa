#include "link/name_keys.h"

#include <gtest/gtest.h>

namespace mosaic::link {
namespace {

std::string Sk(std::string_view name) { return WordSkeleton(LatinFold(name)); }

TEST(NameKeysTest, LatinFoldRomanisesCyrillicAndDiacritics) {
  EXPECT_EQ(LatinFold("Лукашенко"), "lukashenko");
  EXPECT_EQ(LatinFold("Lukašenka"), "lukashenka");
  EXPECT_EQ(LatinFold("Wałęsa"), "walesa");
  EXPECT_EQ(Sk("Зеленский"), Sk("Zelensky"));
  EXPECT_EQ(Sk("Навальный"), Sk("Navalny"));
}

TEST(NameKeysTest, SurnameRomanisationRules) {
  // -sky/-skiy/-skyi/-skyy/-ski
  EXPECT_EQ(Sk("Zelensky"), Sk("Zelenskyy"));
  EXPECT_EQ(Sk("Zelenskiy"), Sk("Zelenskyi"));
  EXPECT_EQ(Sk("Zelenski"), Sk("Zelensky"));
  // ks/x, kh/h, ts/tz, ye/e, doubled letters
  EXPECT_EQ(Sk("Aksyonov"), Sk("Axyonov"));
  EXPECT_EQ(Sk("Khodorkovsky"), Sk("Hodorkovskiy"));
  EXPECT_EQ(Sk("Tsarik"), Sk("Tzarik"));
  EXPECT_EQ(Sk("Yeltsin"), Sk("Eltsin"));
  EXPECT_EQ(Sk("Alekseyev"), Sk("Alekseev"));
  EXPECT_EQ(Sk("Gennadiy"), Sk("Genadii"));
  // Polish/German spellings
  EXPECT_EQ(Sk("Kaczyński"), Sk("Kachinsky"));
  // Belarusian -ka / Russian -ko, Belarusian -ou- before -sk- / Russian -ov-
  EXPECT_EQ(Sk("Lukashenka"), Sk("Lukashenko"));
  EXPECT_EQ(Sk("Tsikhanouskaya"), Sk("Tsikhanovskaya"));
  EXPECT_EQ(Sk("Tsikhanouskaya"), Sk("Tsikhanovskaia"));
  // different names stay different
  EXPECT_NE(Sk("Milov"), Sk("Makei"));
  EXPECT_NE(Sk("Levin"), Sk("Levkin"));
}

TEST(NameKeysTest, GivenNameClasses) {
  auto cls = [](std::string_view n) { return GivenNameClass(LatinFold(n)); };
  for (auto n : {"Alexei", "Aleksey", "Alexey", "Aleksei", "Oleksiy", "Aliaksei"}) {
    EXPECT_EQ(cls(n), "aleksei") << n;
  }
  for (auto n : {"Yury", "Yuri", "Iurii", "Yuriy", "Jurij"}) EXPECT_EQ(cls(n), "yuri") << n;
  for (auto n : {"Sergei", "Sergey", "Serhiy", "Serhii", "Siarhei"})
    EXPECT_EQ(cls(n), "sergei") << n;
  for (auto n : {"Alexander", "Alyaksandr", "Oleksandr", "Aleksandr", "Aliaksandr"}) {
    EXPECT_EQ(cls(n), "aleksandr") << n;
  }
  for (auto n : {"Vladimir", "Volodymyr", "Volodimir", "Uladzimir"})
    EXPECT_EQ(cls(n), "vladimir") << n;
  for (auto n : {"Dmitry", "Dmitri", "Dmytro", "Dzmitry"}) EXPECT_EQ(cls(n), "dmitry") << n;
  for (auto n : {"Mikhail", "Mykhailo"}) EXPECT_EQ(cls(n), "mikhail") << n;
  for (auto n : {"Yevgeny", "Evgeny", "Yevhen", "Evgeniy"}) EXPECT_EQ(cls(n), "evgeny") << n;
  for (auto n : {"Svyatlana", "Sviatlana", "Svetlana", "Svitlana"})
    EXPECT_EQ(cls(n), "svetlana") << n;
  EXPECT_NE(cls("Alexei"), cls("Alexander"));
  EXPECT_NE(cls("Aleksandr"), cls("Aleksandra"));
  EXPECT_NE(cls("Yuri"), cls("Yulia"));
}

TEST(NameKeysTest, ComparePersonNames) {
  EXPECT_EQ(ComparePersonNames("Alexander Lukashenko", "Alyaksandr Lukashenka").relation,
            NameRelation::kSame);
  EXPECT_EQ(ComparePersonNames("Svyatlana Tsikhanouskaya", "Svetlana Tikhanovskaya").relation,
            NameRelation::kSame);
  EXPECT_EQ(ComparePersonNames("Volodimir Zelensky", "Volodymyr Zelenskyy").relation,
            NameRelation::kSame);
  EXPECT_EQ(ComparePersonNames("Putin's", "Vladimir Putin").relation, NameRelation::kSurnameMatch);
  EXPECT_EQ(ComparePersonNames("President Vladimir Putin", "Vladimir Putin").relation,
            NameRelation::kSame);
  EXPECT_EQ(ComparePersonNames("A. Lukashenko", "Alexander Lukashenko").relation,
            NameRelation::kSame);
  EXPECT_EQ(ComparePersonNames("Vladimir Putin", "Vladimir Milov").relation,
            NameRelation::kGivenOnly);
  EXPECT_EQ(ComparePersonNames("Vladimir Putin", "Vladimir Makei").relation,
            NameRelation::kGivenOnly);
  EXPECT_EQ(ComparePersonNames("Sviatlana Tsikhanouskaya", "Siarhei Tsikhanouski").relation,
            NameRelation::kConflict);
  EXPECT_EQ(ComparePersonNames("Ivan Ivanov", "Anna Ivanova").relation, NameRelation::kConflict);
  EXPECT_EQ(ComparePersonNames("Alexey Levin", "Alexey Levkin").relation, NameRelation::kGivenOnly);
  EXPECT_EQ(ComparePersonNames("Levin", "Levkin").relation, NameRelation::kDifferent);
  // In-document misspelling tolerance is the caller's choice.
  EXPECT_EQ(ComparePersonNames("Milchakov", "Michalkov", 2).relation, NameRelation::kSurnameMatch);
  EXPECT_EQ(ComparePersonNames("Vladimir Ivanovich Petrov", "Vladimir Petrov").relation,
            NameRelation::kSame);
}

TEST(NameKeysTest, PersonNameKeys) {
  auto a = PersonNameKeys("Alyaksandr Lukashenka");
  auto b = PersonNameKeys("Alexander Lukashenko");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a[0].rfind("p:", 0), 0u);
  EXPECT_NE(PersonNameKeys("Vladimir Putin")[0], PersonNameKeys("Vladimir Milov")[0]);
  EXPECT_EQ(PersonNameKeys("Lukashenko").size(), 1u);
}

TEST(NameKeysTest, Acronyms) {
  EXPECT_EQ(Acronym("Collective Security Treaty Organization"), "CSTO");
  EXPECT_EQ(Acronym("Financial Times"), "FT");
  EXPECT_EQ(Acronym("Organization for Security and Co-operation in Europe"), "OSCE");
  EXPECT_TRUE(LooksLikeAcronym("NATO"));
  EXPECT_TRUE(LooksLikeAcronym("RFE/RL"));
  EXPECT_FALSE(LooksLikeAcronym("Putin"));
  auto k = OrgNameKeys("the Collective Security Treaty Organization");
  EXPECT_NE(std::find(k.begin(), k.end(), "a:csto"), k.end());
  auto c = OrgNameKeys("CSTO");
  EXPECT_NE(std::find(c.begin(), c.end(), "a:csto"), c.end());
}

TEST(NameKeysTest, SameActor) {
  Entity a, b, c, d;
  a.type = b.type = c.type = d.type = "person";
  a.name = "Alexander Lukashenko";
  b.name = "Alyaksandr Lukashenka";
  b.aliases = {"Lukashenka"};
  c.name = "Vladimir Putin";
  d.name = "Vladimir Milov";
  EXPECT_TRUE(SameActor(a, b).same);
  EXPECT_FALSE(SameActor(c, d).same);
  EXPECT_FALSE(SameActor(a, c).same);
  Entity o1, o2;
  o1.type = o2.type = "organization";
  o1.name = "Collective Security Treaty Organization";
  o2.name = "CSTO";
  EXPECT_TRUE(SameActor(o1, o2).same);
  o2.type = "place";
  EXPECT_FALSE(SameActor(o1, o2).same);
}

TEST(NameKeysTest, EditDistance) {
  EXPECT_EQ(EditDistance("milchakov", "michalkov", 3),
            2);  // the l moved: a deletion and an insertion
  EXPECT_EQ(EditDistance("abcd", "abdc", 3), 1);
  EXPECT_EQ(EditDistance("levin", "levkin", 3), 1);
  EXPECT_EQ(EditDistance("abc", "xyzuvw", 2), 3);
}

}  // namespace
}  // namespace mosaic::link
