#include "extract/events.h"

namespace mosaic::extract {

// Placeholder until the events stage lands.
void ExtractEvents(const text::AnalyzedText& text, const Resources& resources, DocGraph* graph) {}

}  // namespace mosaic::extract
