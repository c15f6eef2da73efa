// Shallow syntax for the events stage: word classes, noun phrases, clauses, subjects and objects.
//
// This is not a full parser. It tags each token with a coarse word class (from the POS model when
// Resources has one, otherwise from closed-class lists and a verb lexicon with inflections), marks
// the tokens covered by names, dates and quantities in the DocGraph, and answers the questions the
// event extractor asks of one sentence: where is the noun phrase that ends (or starts) here, is
// this verb passive, what is its subject (across appositions, relative clauses, participle
// modifiers and coordinated verbs), what follows it (object, prepositional phrases), and where does
// its clause begin and end.
//
// Indices are token indices of text::AnalyzedText; every function stays inside one sentence.
// Thread safety: a Syntax is immutable after construction.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mosaic/docgraph.h"
#include "text/analyzed_text.h"

namespace mosaic::tag {
class SequenceModel;
class SharedFeatures;
}  // namespace mosaic::tag

namespace mosaic::extract {

enum class WordClass : uint8_t {
  kOther,
  kNoun,
  kProper,  // capitalised word or part of a name
  kVerb,
  kAux,    // forms of be / have / do
  kModal,  // will, would, could, might, may, must, shall, should, can
  kAdj,
  kAdv,
  kDet,   // the, a, this, some, ...
  kPoss,  // his, her, its, their, our, my, your
  kPron,  // he, she, they, it, we, I, you, him, them, ...
  kPrep,
  kCoord,  // and, or, but, nor
  kSub,    // subordinators: because, while, after (as conjunction), although, if, ...
  kRel,    // who, whom, whose, which; "that" after a noun
  kComp,   // "that" after a verb or adjective (complementiser)
  kNum,
  kPunct,
  kTo,   // infinitive "to"
  kNeg,  // not, never, no
  kQuote,
  kPart,  // verb particles: back, up, out, off, down, over, away
};

enum class VerbForm : uint8_t { kNone, kBase, kPres3, kPast, kPastPart, kPastOrPart, kGerund };

struct Word {
  std::string low;    // lower-cased normalised form
  std::string lemma;  // verbs: base form ("seized" -> "seize"); otherwise == low
  WordClass cls = WordClass::kOther;
  VerbForm form = VerbForm::kNone;
  bool cap = false;   // starts with an upper-case letter
  int entity = -1;    // index into DocGraph::entities of a name mention covering the token
  int date = -1;      // index into DocGraph::dates
  int quantity = -1;  // index into DocGraph::quantities
  int sentence = -1;
};

// A noun phrase [first, last) with its head token. `entities` are the named entities inside it
// (premodifiers, head, possessors, "of" complements), in order, without duplicates.
struct NounPhrase {
  size_t first = 0, last = 0, head = 0;
  std::vector<int> entities;
  bool pronoun = false;   // a personal pronoun ("they", "he")
  bool definite = false;  // starts with the/this/that/these/those or a possessive
  bool valid() const { return last > first; }
};

class Syntax {
 public:
  // `pos` may be null: the lexicon tagger is used then. `shared`: features the names stage kept
  // for the POS tagger (optional; tag/sequence_model.h).
  Syntax(const text::AnalyzedText& text, const DocGraph& graph, const tag::SequenceModel* pos,
         tag::SharedFeatures* shared = nullptr);

  const Word& word(size_t i) const { return words_[i]; }
  size_t size() const { return words_.size(); }
  const text::AnalyzedText& text() const { return text_; }
  size_t SentenceBegin(int s) const { return text_.sentences[s].first_token; }
  size_t SentenceEnd(int s) const { return text_.sentences[s].last_token; }

  bool IsNounish(size_t i) const;  // may be part of a noun phrase
  bool IsFiniteVerb(size_t i) const;
  // A verb token used as a verb here (not a participle adjective in "armoured vehicles").
  bool IsVerbUse(size_t i) const;

  // The noun phrase whose last token is `last` (inclusive), not extending before `begin`.
  // Includes "of" complements and possessors ("the headquarters of the FSB", "the group's
  // fighters"). Coordination is not included (see Coordinated).
  NounPhrase PhraseEndingAt(size_t last, size_t begin) const;
  // The noun phrase starting at `first` (after optional determiners), not reaching `end`.
  NounPhrase PhraseStartingAt(size_t first, size_t end) const;
  // "A, B and C": the phrases coordinated with `np` to its right (np first), up to `end`.
  std::vector<NounPhrase> CoordinatedRight(const NounPhrase& np, size_t end) const;
  // The same to the left of `np`, down to `begin` (np first).
  std::vector<NounPhrase> CoordinatedLeft(const NounPhrase& np, size_t begin) const;

  // True if the verb at `v` is passive: a be-form (possibly with adverbs or "being"/"been") before
  // a past participle, or a reduced passive participle right after a noun phrase followed by "by".
  bool IsPassive(size_t v) const;
  // A past participle or gerund directly after a noun phrase, modifying it ("people detained",
  // "drones striking"): returns true and the modified phrase.
  bool IsReducedRelative(size_t v, NounPhrase* modified) const;

  // The subject phrase(s) of the verb at `v` (the grammatical subject; for passives the patient).
  // Walks left over adverbs, auxiliaries, parenthetical commas and dashes, prepositional phrases
  // and participle modifiers; a relative pronoun yields its antecedent; a verb coordinated with an
  // earlier one shares its subject. Empty if none is found.
  std::vector<NounPhrase> Subject(size_t v) const;
  // The direct object phrase(s) after the verb at `v` (skipping particles and adverbs), or empty.
  std::vector<NounPhrase> Object(size_t v) const;

  // The clause around token i: [begin, end). Ends at subordinators, relative pronouns,
  // complementisers, semicolons, quotes and clause commas.
  void ClauseBounds(size_t i, size_t* begin, size_t* end) const;

  // The verb a "to"-infinitive or gerund at `v` depends on ("began training", "ordered X to
  // evacuate"), or SIZE_MAX.
  size_t GoverningVerb(size_t v) const;

  static bool IsLocativePrep(std::string_view p);

 private:
  void TagWithLexicon();
  void TagWithModel(const tag::SequenceModel& pos, tag::SharedFeatures* shared);
  void MarkSpans(const DocGraph& g);
  size_t SkipLeftParenthetical(size_t close, size_t begin) const;  // SIZE_MAX if not one
  std::vector<NounPhrase> SubjectAt(size_t v, int depth) const;

  const text::AnalyzedText& text_;
  std::vector<Word> words_;
};

// Verb morphology: the base form and form of an inflected word if its base is in the verb lexicon.
bool AnalyzeVerb(std::string_view low, std::string* lemma, VerbForm* form);

}  // namespace mosaic::extract
