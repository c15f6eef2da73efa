#include "tag/dates.h"

namespace mosaic::tag {

// Placeholder until the time-and-numbers stage lands: records the reference date only.
void TagDates(const text::AnalyzedText& text, DocGraph* graph) {
  if (!graph->doc.published.empty()) {
    graph->reference_date = graph->doc.published.substr(0, 10);
    graph->reference_source = "published";
  } else {
    graph->reference_source = "none";
  }
}

}  // namespace mosaic::tag
