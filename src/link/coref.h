// In-document coreference: merges the per-form entities the name tagger made into one entity per
// actor (full name <-> surname, acronym <-> long form, transliteration variants, misspellings),
// attaches titles and appositions as roles, and resolves later role mentions ("the governor").
#pragma once

#include "mosaic/docgraph.h"
#include "mosaic/pipeline.h"
#include "text/analyzed_text.h"

namespace mosaic::link {

void ResolveCoreference(const text::AnalyzedText& text, const Resources& resources,
                        DocGraph* graph);

}  // namespace mosaic::link
