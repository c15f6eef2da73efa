// Events, relations and claims: who did what to whom, where and when, and who says so.
// Fills DocGraph::events and DocGraph::relations from the tagged and linked document.
#pragma once

#include "mosaic/docgraph.h"
#include "mosaic/pipeline.h"
#include "text/analyzed_text.h"

namespace mosaic::tag {
class SharedFeatures;
}  // namespace mosaic::tag

namespace mosaic::extract {

// `shared` (optional): features the names stage kept for the POS tagger (tag::TagNames); the
// output is the same with or without it.
void ExtractEvents(const text::AnalyzedText& text, const Resources& resources, DocGraph* graph,
                   tag::SharedFeatures* shared = nullptr);

}  // namespace mosaic::extract
