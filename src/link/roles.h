// Titles and appositions of people, as Entity::roles with evidence spans, and later role mentions
// resolved to the person holding the role.
//
//   "Foreign Minister Sergei Lavrov"                -> Lavrov: {title "Foreign Minister"}
//   "Russian President Vladimir Putin"              -> Putin:  {title "Russian President"}
//   "Vyacheslav Gladkov, the governor of Belgorod," -> Gladkov: {title "governor of Belgorod",
//                                                               of: Belgorod's entity id}
//   "The commandant of the camp, Aleksey Milchakov" -> Milchakov: {title "commandant of the camp"}
//   later "the governor" / "the Russian Foreign Minister" -> a Mention of the one person whose role
//   has that head noun (and whose role words include the phrase's modifiers), when exactly one does
//   and the role was stated earlier in the article. The mention's text is the role phrase itself.
//
// Rules, not a model: a title is a run of modifiers ending in a role noun from a lexicon
// (minister, president, governor, spokesperson, commander, ...) right before a person mention; an
// apposition is ", [the|a|an] ... ROLE-NOUN [of|for|in ... ]" right after one (cut at the next
// comma, full stop, quote or reporting verb), or "The ROLE-NOUN of ..., NAME" right before one.
//
// Thread safety: pure function of its arguments.
#pragma once

#include "mosaic/docgraph.h"
#include "text/analyzed_text.h"

namespace mosaic::link {

// Adds roles to the person entities of `graph` (ids already final) and role mentions.
void AttachRoles(const text::AnalyzedText& text, DocGraph* graph);

// True when `lower_word` is a role noun of the lexicon ("minister", "governor", "leaders").
bool IsRoleNoun(std::string_view lower_word);

}  // namespace mosaic::link
