#include "tag/name_context.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace mosaic::tag {
namespace {

// A text, its analysis and the spans the tagger would have produced, given as (words, type).
class Tagged {
 public:
  explicit Tagged(std::string text) : text_(std::move(text)), t_(text::Analyze(text_)) {}

  // Adds the first occurrence, from token `from` on, of `phrase` (tokens separated by spaces).
  Tagged& Span(const std::string& phrase, const std::string& type, size_t from = 0) {
    std::vector<std::string> words;
    for (size_t i = 0, j; i < phrase.size(); i = j + 1) {
      j = phrase.find(' ', i);
      if (j == std::string::npos) j = phrase.size();
      words.push_back(phrase.substr(i, j - i));
    }
    for (size_t i = from; i + words.size() <= t_.tokens.size(); ++i) {
      bool match = true;
      for (size_t k = 0; k < words.size() && match; ++k) match = t_.TokenText(i + k) == words[k];
      if (!match) continue;
      spans_.push_back({i, i + words.size(), SentenceOf(i), type});
      return *this;
    }
    ADD_FAILURE() << "phrase not found: " << phrase;
    return *this;
  }

  std::vector<std::pair<std::string, std::string>> Refined(IsDemonymFn demonym = nullptr) {
    std::sort(spans_.begin(), spans_.end(),
              [](const NameSpan& a, const NameSpan& b) { return a.first < b.first; });
    RefineByContext(t_, &spans_, demonym, nullptr);
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& s : spans_) {
      std::string words;
      for (size_t i = s.first; i < s.last; ++i) {
        if (i > s.first) words += ' ';
        words += t_.TokenText(i);
      }
      out.emplace_back(words, s.type);
    }
    return out;
  }

 private:
  int SentenceOf(size_t token) const {
    for (size_t s = 0; s < t_.sentences.size(); ++s) {
      if (token < t_.sentences[s].last_token) return static_cast<int>(s);
    }
    return 0;
  }
  std::string text_;
  text::AnalyzedText t_;
  std::vector<NameSpan> spans_;
};

using Spans = std::vector<std::pair<std::string, std::string>>;

bool TestDemonyms(std::string_view w, const void*) {
  return w == "Ukrainian" || w == "Russian" || w == "Syrian";
}

TEST(NameContext, NameBeforeACollectiveHeadIsAnOrganisation) {
  EXPECT_EQ(Tagged("Fighters of the private Sparta military company crossed the river.")
                .Span("Sparta", "PER")
                .Refined(),
            (Spans{{"Sparta", "ORG"}}));
  EXPECT_EQ(Tagged("He joined the Somalia battalion in 2015.").Span("Somalia", "PER").Refined(),
            (Spans{{"Somalia", "ORG"}}));
  // Every mention of the same words typed the same way follows, elsewhere in the document too.
  EXPECT_EQ(Tagged("Sparta is active in the east. The Sparta group recruits there.")
                .Span("Sparta", "PER")
                .Span("Sparta", "PER", 5)
                .Refined(),
            (Spans{{"Sparta", "ORG"}, {"Sparta", "ORG"}}));
  // A person's name before other nouns stays a person, and a place before a unit stays a place.
  EXPECT_EQ(Tagged("Sparta said the government would fall.").Span("Sparta", "PER").Refined(),
            (Spans{{"Sparta", "PER"}}));
  EXPECT_EQ(Tagged("Troops of the Kherson group advanced.").Span("Kherson", "LOC").Refined(),
            (Spans{{"Kherson", "LOC"}}));
}

TEST(NameContext, APossessiveAfterACollectiveNounIsInsideTheName) {
  // The tagger's split at "'s" is mended: one organisation.
  EXPECT_EQ(Tagged("Officials of the Donetsk People's Republic said two people died.")
                .Span("Donetsk People", "ORG")
                .Span("Republic", "LOC")
                .Refined(),
            (Spans{{"Donetsk People 's Republic", "ORG"}}));
  // The head left untagged is taken in when it names a polity.
  EXPECT_EQ(Tagged("Forces of the Luhansk People's Republic shelled the village.")
                .Span("Luhansk People", "ORG")
                .Refined(),
            (Spans{{"Luhansk People 's Republic", "ORG"}}));
  // A proper name's possessive still separates two names, and a person is never absorbed.
  EXPECT_EQ(Tagged("Ukraine's Army said the attack failed.")
                .Span("Ukraine", "LOC")
                .Span("Army", "ORG")
                .Refined(),
            (Spans{{"Ukraine", "LOC"}, {"Army", "ORG"}}));
  EXPECT_EQ(
      Tagged("The People's Choice award went to Maria Ivanova.").Span("People", "ORG").Refined(),
      (Spans{{"People", "ORG"}}));
  EXPECT_EQ(Tagged("The workers' Ivan Petrov spoke.").Span("Ivan Petrov", "PER").Refined(),
            (Spans{{"Ivan Petrov", "PER"}}));
}

TEST(NameContext, QuotedNameBeforeACollectiveHead) {
  // Tagged as MISC, or missed altogether: the quotes and the head noun decide.
  EXPECT_EQ(Tagged("He led the \xE2\x80\x9CVostok\xE2\x80\x9D battalion for a year.")
                .Span("Vostok", "MISC")
                .Refined(),
            (Spans{{"Vostok", "ORG"}}));
  EXPECT_EQ(Tagged("He led the \xE2\x80\x9CVostok\xE2\x80\x9D battalion for a year.").Refined(),
            (Spans{{"Vostok", "ORG"}}));
  EXPECT_EQ(Tagged("Later the Aidar regiment was disbanded.").Refined(TestDemonyms),
            (Spans{{"Aidar", "ORG"}}));
  // Demonyms are adjectives, not names: "a Ukrainian brigade", "the \"Russian\" unit".
  EXPECT_EQ(Tagged("Later the Ukrainian brigade was disbanded.").Refined(TestDemonyms), Spans{});
  EXPECT_EQ(Tagged("He led the \"Russian\" unit.").Span("Russian", "MISC").Refined(TestDemonyms),
            (Spans{{"Russian", "MISC"}}));
  // Unquoted MISC names before a head noun are mostly adjectives and events: left alone.
  EXPECT_EQ(Tagged("The Hong Kong-based company fell.").Span("Hong Kong-based", "MISC").Refined(),
            (Spans{{"Hong Kong-based", "MISC"}}));
}

TEST(NameContext, ListAfterGroupsSuchAs) {
  EXPECT_EQ(Tagged("Officials named militant groups such as Jaish Hurras, Liwa Fatah (Conquest) "
                   "and the Hamza Division that operate nearby.")
                .Span("Jaish Hurras", "PER")
                .Span("Liwa Fatah", "LOC")
                .Span("Conquest", "PER")
                .Span("Hamza Division", "ORG")
                .Refined(),
            (Spans{{"Jaish Hurras", "ORG"},
                   {"Liwa Fatah", "LOC"},
                   {"Conquest", "ORG"},
                   {"Hamza Division", "ORG"}}));
  // The list ends at the first ordinary word; other classes of things are not organisations.
  EXPECT_EQ(Tagged("Groups such as Amnesty met Karim Haddad yesterday.")
                .Span("Amnesty", "PER")
                .Span("Karim Haddad", "PER")
                .Refined(),
            (Spans{{"Amnesty", "ORG"}, {"Karim Haddad", "PER"}}));
  EXPECT_EQ(Tagged("Leaders such as Karim Haddad spoke.").Span("Karim Haddad", "PER").Refined(),
            (Spans{{"Karim Haddad", "PER"}}));
}

TEST(NameContext, EmployerAfterAProfession) {
  EXPECT_EQ(Tagged("said Anna Berg, an analyst for Stratfor, on Monday.")
                .Span("Anna Berg", "PER")
                .Span("Stratfor", "LOC")
                .Refined(),
            (Spans{{"Anna Berg", "PER"}, {"Stratfor", "ORG"}}));
  EXPECT_EQ(Tagged("a correspondent at Meduza wrote.").Span("Meduza", "PER").Refined(),
            (Spans{{"Meduza", "ORG"}}));
  // "for Ukraine's ..." names the employer's country, not the employer.
  EXPECT_EQ(
      Tagged("a correspondent for Ukraine's public broadcaster").Span("Ukraine", "LOC").Refined(),
      (Spans{{"Ukraine", "LOC"}}));
  EXPECT_EQ(Tagged("a correspondent for Ukraine\u2019s public broadcaster")
                .Span("Ukraine", "LOC")
                .Refined(),
            (Spans{{"Ukraine", "LOC"}}));
  EXPECT_EQ(Tagged("a correspondent in Kyiv wrote.").Span("Kyiv", "LOC").Refined(),
            (Spans{{"Kyiv", "LOC"}}));
}

TEST(NameContext, InstitutionNamesRunOnOverAnd) {
  EXPECT_EQ(Tagged("the Institute for Peace and Conflict Studies in Delhi said.")
                .Span("Institute for Peace", "ORG")
                .Span("Delhi", "LOC")
                .Refined(),
            (Spans{{"Institute for Peace and Conflict Studies", "ORG"}, {"Delhi", "LOC"}}));
  EXPECT_EQ(Tagged("the Department of Health and Human Services said.")
                .Span("Department of Health", "ORG")
                .Span("Human Services", "ORG")
                .Refined(),
            (Spans{{"Department of Health and Human Services", "ORG"}}));
  // Not over a person or a place, and not unless the run ends in a field of work.
  EXPECT_EQ(Tagged("the Ministry of Defence and Karim Haddad said.")
                .Span("Ministry of Defence", "ORG")
                .Span("Karim Haddad", "PER")
                .Refined(),
            (Spans{{"Ministry of Defence", "ORG"}, {"Karim Haddad", "PER"}}));
  EXPECT_EQ(Tagged("the Ministry of Defence and Reuters said.")
                .Span("Ministry of Defence", "ORG")
                .Span("Reuters", "ORG")
                .Refined(),
            (Spans{{"Ministry of Defence", "ORG"}, {"Reuters", "ORG"}}));
}

TEST(NameContext, StreetsAndSquaresAreThePlacesNamedAfterPeople) {
  EXPECT_EQ(Tagged("Protesters marched down Shevchenko Boulevard on Sunday.")
                .Span("Shevchenko Boulevard", "PER")
                .Refined(),
            (Spans{{"Shevchenko Boulevard", "LOC"}}));
  // The tagger stopped before the head noun; the same words elsewhere follow.
  EXPECT_EQ(Tagged("Police closed Pushkin Street. Pushkin Street stayed shut.")
                .Span("Pushkin", "PER")
                .Span("Pushkin Street", "PER", 3)
                .Refined(),
            (Spans{{"Pushkin Street", "LOC"}, {"Pushkin Street", "LOC"}}));
  // A person is left alone: no head noun, a lower-case "street", or a surname-like head.
  EXPECT_EQ(
      Tagged("Taras Shevchenko wrote in the street.").Span("Taras Shevchenko", "PER").Refined(),
      (Spans{{"Taras Shevchenko", "PER"}}));
  EXPECT_EQ(Tagged("Lois Lane and Chan-wook Park spoke.")
                .Span("Lois Lane", "PER")
                .Span("Chan-wook Park", "PER")
                .Refined(),
            (Spans{{"Lois Lane", "PER"}, {"Chan-wook Park", "PER"}}));
  // Places and organisations keep their type.
  EXPECT_EQ(Tagged("They met on Wall Street.").Span("Wall Street", "ORG").Refined(),
            (Spans{{"Wall Street", "ORG"}}));
}

}  // namespace
}  // namespace mosaic::tag
