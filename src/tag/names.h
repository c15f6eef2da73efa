// Name tagging: finds names of people, organisations, places and groups and adds one Entity per
// distinct surface form to the DocGraph (the link stage merges forms that refer to one actor).
//
// With an NER model in Resources it uses the statistical tagger; without one it falls back to a
// simple capitalisation-based finder so the pipeline still runs end to end.
#pragma once

#include "mosaic/docgraph.h"
#include "mosaic/pipeline.h"
#include "text/analyzed_text.h"

namespace mosaic::tag {

class SequenceModel;
class SharedFeatures;

// `shared` (optional): the tagger's features are kept there for the POS tagger of the events stage
// (tag/sequence_model.h); the names are the same with or without it.
void TagNames(const text::AnalyzedText& text, const Resources& resources, DocGraph* graph,
              SharedFeatures* shared = nullptr);

// The same with an explicit model (nullptr: the capitalisation fallback). Types: PER -> person,
// ORG -> organization (kind from tag/org_kind.h), LOC -> place, MISC -> group when it is a
// nationality or demonym (the model's gazetteer), other MISC names (events, products) are dropped.
// One Entity per distinct (type, surface form), ids "e1".. in order of first mention; mention spans
// are byte offsets into the original text and mention text is the exact original slice.
void TagNames(const text::AnalyzedText& text, const SequenceModel* model, DocGraph* graph,
              SharedFeatures* shared = nullptr);

// The context rules of tag/name_context.h applied to tagged pre-tokenised sentences (a CoNLL
// document): `words[s][w]` with BIO tags `tags[s][w]` (B-PER, I-ORG, O, ...), changed in place.
// The words are joined into a text and analysed; a refined name whose ends do not fall on word
// boundaries is left as the tagger had it.
void RefineTagsByContext(const std::vector<std::vector<std::string>>& words,
                         std::vector<std::vector<std::string>>* tags, const SequenceModel* model);

}  // namespace mosaic::tag
