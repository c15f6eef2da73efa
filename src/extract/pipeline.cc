#include "mosaic/pipeline.h"

#include "extract/events.h"
#include "link/coref.h"
#include "link/places.h"
#include "tag/dates.h"
#include "tag/names.h"
#include "tag/quantities.h"
#include "text/analyzed_text.h"

namespace mosaic {

Pipeline::Pipeline(std::shared_ptr<const Resources> resources, PipelineOptions options)
    : resources_(std::move(resources)), options_(options) {}

DocGraph Pipeline::Extract(const Document& doc) const {
  DocGraph g;
  g.doc = doc;
  text::TextOptions topts;
  topts.max_sentence_tokens = options_.max_sentence_tokens;
  // Analyze keeps a view of the text; it must be the DocGraph's own copy, which outlives it here.
  text::AnalyzedText t = text::Analyze(g.doc.text, topts);
  g.sentences.reserve(t.sentences.size());
  for (const auto& s : t.sentences) g.sentences.push_back(Span{s.begin, s.end});

  tag::TagDates(t, &g);
  tag::TagQuantities(t, &g);
  tag::TagNames(t, *resources_, &g);
  link::ResolveCoreference(t, *resources_, &g);
  link::ResolvePlaces(t, *resources_, &g);
  extract::ExtractEvents(t, *resources_, &g);
  return g;
}

}  // namespace mosaic
