// Place resolution: gives every place entity `geo` (coordinates, gazetteer id, precision, country,
// admin1) from the gazetteer, choosing among candidates by population, feature class and the
// document's other places; turns a capital used for its government ("Minsk announced") into an
// organization of kind government linked to the place.
#pragma once

#include "mosaic/docgraph.h"
#include "mosaic/pipeline.h"
#include "text/analyzed_text.h"

namespace mosaic::link {

void ResolvePlaces(const text::AnalyzedText& text, const Resources& resources, DocGraph* graph);

}  // namespace mosaic::link
