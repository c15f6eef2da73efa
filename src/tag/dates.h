// Dates and times: recognises temporal expressions and normalises them against the reference date.
//
// Sets DocGraph::reference_date/reference_source (the document's `published`, else a date the text
// states for itself, else none) and fills DocGraph::dates. Unresolvable relative dates keep
// resolved=false and say why in `note`.
#pragma once

#include "mosaic/docgraph.h"
#include "text/analyzed_text.h"

namespace mosaic::tag {

void TagDates(const text::AnalyzedText& text, DocGraph* graph);

}  // namespace mosaic::tag
