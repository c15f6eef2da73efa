#include "link/coref.h"

namespace mosaic::link {

// Placeholder until in-document coreference lands: entities stay one per surface form.
void ResolveCoreference(const text::AnalyzedText& text, const Resources& resources,
                        DocGraph* graph) {}

}  // namespace mosaic::link
