#include "link/places.h"

namespace mosaic::link {

// Placeholder until the gazetteer stage lands: places stay without geo.
void ResolvePlaces(const text::AnalyzedText& text, const Resources& resources, DocGraph* graph) {}

}  // namespace mosaic::link
