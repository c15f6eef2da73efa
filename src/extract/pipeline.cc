#include "mosaic/pipeline.h"

#include "extract/events.h"
#include "link/coref.h"
#include "link/places.h"
#include "tag/dates.h"
#include "tag/names.h"
#include "tag/quantities.h"
#include "tag/sequence_model.h"
#include "text/analyzed_text.h"

namespace mosaic {

Pipeline::Pipeline(std::shared_ptr<const Resources> resources, PipelineOptions options)
    : resources_(std::move(resources)), options_(options) {
  // ICU builds its shared data (normaliser, case and property tables, the transliterator
  // registry) lazily, guarded by atomics inside the ICU library. Those are invisible to
  // ThreadSanitizer, and a first use racing in two workers is reported as a data race. Running
  // one small article here, on the thread that builds the pipeline and before any worker starts,
  // builds that data once with a happens-before edge to every worker.
  Document warm;
  warm.id = "warm-up";
  warm.published = "2024-01-15";
  warm.text =
      "On Monday, Cafe\u0301 owner \u0410\u043b\u0435\u043a\u0441\u0435\u0439 "
      "\u041d\u0430\u0432\u0430\u043b\u044c\u043d\u044b\u0439 (Alexei Navalny) told "
      "Reuters in Kyiv that 12 soldiers were killed near Bakhmut on 3 March 2023.";
  (void)Extract(warm);
}

DocGraph Pipeline::Extract(const Document& doc) const {
  DocGraph g;
  g.doc = doc;
  text::TextOptions topts;
  topts.max_sentence_tokens = options_.max_sentence_tokens;
  // Analyze keeps a view of the text; it must be the DocGraph's own copy, which outlives it here.
  text::AnalyzedText t = text::Analyze(g.doc.text, topts);
  g.sentences.reserve(t.sentences.size());
  for (const auto& s : t.sentences) g.sentences.push_back(Span{s.begin, s.end});

  // The name tagger's features, kept for the POS tagger of the events stage.
  tag::SharedFeatures features;
  if (options_.dates) tag::TagDates(t, &g);
  if (options_.names) tag::TagNames(t, *resources_, &g, options_.events ? &features : nullptr);
  if (options_.names && options_.coreference) link::ResolveCoreference(t, *resources_, &g);
  // After names and coreference, so that a count can point at the entity it counts.
  if (options_.quantities) tag::TagQuantities(t, &g);
  if (options_.names && options_.places) link::ResolvePlaces(t, *resources_, &g);
  if (options_.events) extract::ExtractEvents(t, *resources_, &g, &features);
  return g;
}

bool PipelineOptions::SetStages(const std::string& list) {
  if (list == "all") {
    dates = quantities = names = coreference = places = events = true;
    return true;
  }
  dates = quantities = names = coreference = places = events = false;
  size_t i = 0;
  while (i <= list.size()) {
    size_t comma = list.find(',', i);
    if (comma == std::string::npos) comma = list.size();
    std::string stage = list.substr(i, comma - i);
    if (stage == "dates")
      dates = true;
    else if (stage == "quantities")
      quantities = true;
    else if (stage == "names")
      names = true;
    else if (stage == "coreference")
      coreference = true;
    else if (stage == "places")
      places = true;
    else if (stage == "events")
      events = true;
    else if (!stage.empty())
      return false;
    i = comma + 1;
  }
  return true;
}

}  // namespace mosaic
