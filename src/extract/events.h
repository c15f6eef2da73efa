// Events, relations and claims: who did what to whom, where and when, and who says so.
// Fills DocGraph::events and DocGraph::relations from the tagged and linked document.
#pragma once

#include "mosaic/docgraph.h"
#include "mosaic/pipeline.h"
#include "text/analyzed_text.h"

namespace mosaic::extract {

void ExtractEvents(const text::AnalyzedText& text, const Resources& resources, DocGraph* graph);

}  // namespace mosaic::extract
