#include "tag/quantities.h"

namespace mosaic::tag {

// Placeholder until the time-and-numbers stage lands.
void TagQuantities(const text::AnalyzedText& text, DocGraph* graph) {}

}  // namespace mosaic::tag
