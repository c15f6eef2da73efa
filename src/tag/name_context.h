// Name types and extents from the words around a name: grammar the sequence tagger's three-word
// window does not see.
//
// The tagger decides each name from its own features and a few neighbours; news grammar often
// says more, further out:
//   - a name modifying an organisation head noun is an organisation ("the private Wagner military
//     company", "the Sparta battalion"), and a capitalised word the tagger missed there is one
//     too ("the “Rusich” brigade");
//   - the members of a list introduced by "groups such as ..." are groups (a Hearst pattern:
//     "parties such as Fidesz, PiS and the AfD");
//   - the employer after "an analyst for", "a correspondent at" is an organisation;
//   - an institution's name runs on over "and" into a title-case field ("Center for Strategic
//     and International Studies").
// A name retyped by this evidence is retyped wherever the same words are tagged in the document.
#pragma once

#include <string>
#include <vector>

#include "text/analyzed_text.h"

namespace mosaic::tag {

struct NameSpan {
  size_t first, last;  // token range [first, last)
  int sentence;
  std::string type;  // PER, ORG, LOC, MISC (model types) or "" (fallback finder)
};

// Optional knowledge: is this single capitalised word a nationality or demonym ("Ukrainian")?
// Such words modify head nouns as adjectives ("a Ukrainian brigade") and never become names here.
using IsDemonymFn = bool (*)(std::string_view word, const void* ctx);

// Applies the rules above to `spans` (in text order, non-overlapping): retypes, extends and adds
// spans. Keeps them in text order and non-overlapping.
void RefineByContext(const text::AnalyzedText& t, std::vector<NameSpan>* spans,
                     IsDemonymFn is_demonym = nullptr, const void* ctx = nullptr);

}  // namespace mosaic::tag
