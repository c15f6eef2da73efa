// Attribution: who asserts what, and with which status.
//
// FindAttributionScopes marks the token ranges that are reported speech: the complement of a
// reporting verb ("Lavrov said [200 extremists ... are in Belarus]"), quotations with their
// speaker ('"...," said Gladkov', '"...," he added', a quote paragraph continued by the next),
// and "according to X". Each scope carries the source phrase and the status the cue implies:
// claimed (say, claim, tell, allege), asserted with a named source (confirm, announce, according
// to), denied (deny). ClauseStatus then reads the hedges in the trigger's own clause: planned
// (will, is expected to, plans to), speculative (might, could, appeared to, fears that),
// unconfirmed (reportedly; "could not be confirmed" in the sentence or the one after), and
// negation.
//
// Pure functions of a Syntax; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "extract/syntax.h"

namespace mosaic::extract {

struct AttributionScope {
  size_t begin = 0, end = 0;  // tokens [begin, end) reported by the source
  size_t cue = 0;             // the cue token (verb, "according", closing quote)
  NounPhrase source;          // the source phrase (may be a pronoun: resolve it), may be invalid
  std::string status;         // claimed | asserted | denied
  std::string cue_text;       // "said", "according to", "confirmed"
  bool quote = false;         // a quotation
};

// All scopes in the document, in token order of their cue. Nested scopes are possible; callers
// use the innermost (smallest) scope containing a trigger.
std::vector<AttributionScope> FindAttributionScopes(const Syntax& syn);

struct ClauseStatus {
  std::string status;  // "" (no hedge) | planned | speculative | unconfirmed | negated
  std::string cue;
};
// Hedges, modality and negation in the clause of the trigger at `trigger`.
ClauseStatus HedgeOfClause(const Syntax& syn, size_t trigger);

// "could not be confirmed", "could not be independently verified", "unverified": true if sentence
// `s` says so. `about_entity` is set to the entity whose claims are meant ("Nikitin's claims"), or
// -1.
bool UnconfirmedSentence(const Syntax& syn, int s, std::string* cue, int* about_entity);

// Reporting verb lexicon: the status a reporting verb gives its complement, or "" if `lemma` is
// not a reporting verb.
std::string_view ReportingStatus(std::string_view lemma);

}  // namespace mosaic::extract
