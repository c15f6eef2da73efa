// Numbers and counts: digits and number words with approximations and bounds, attached to what they
// count, with casualty roles (killed, wounded, detained, evacuated, displaced, missing).
// Fills DocGraph::quantities.
#pragma once

#include "mosaic/docgraph.h"
#include "text/analyzed_text.h"

namespace mosaic::tag {

void TagQuantities(const text::AnalyzedText& text, DocGraph* graph);

}  // namespace mosaic::tag
