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

void TagNames(const text::AnalyzedText& text, const Resources& resources, DocGraph* graph);

}  // namespace mosaic::tag
