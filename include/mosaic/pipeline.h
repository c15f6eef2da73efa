// Pipeline: Document -> DocGraph, a pure function of (document, resources).
//
// Resources (tagger models, gazetteer) are loaded once, by memory-mapping, and shared read-only by
// all threads. A Pipeline is immutable after construction and Extract() is safe to call
// concurrently.
//
//   auto res = mosaic::Resources::Load({});          // finds models/ and the gazetteer
//   if (!res.ok()) { ...res.status().message()... }
//   mosaic::Pipeline pipeline(*res);
//   mosaic::DocGraph g = pipeline.Extract(doc);
#pragma once

#include <memory>
#include <string>

#include "mosaic/docgraph.h"
#include "mosaic/document.h"
#include "mosaic/status.h"

namespace mosaic {

namespace tag {
class NerModel;
class SequenceModel;
}  // namespace tag
namespace link {
class Gazetteer;
}  // namespace link

struct ResourceOptions {
  // Explicit paths override the search in util/resources.h; "" means search.
  std::string ner_model;
  std::string pos_model;
  std::string chunk_model;
  std::string gazetteer;
  // When true, a missing resource is an error; otherwise the stage falls back (e.g. the simple
  // capitalisation name finder when there is no NER model) and says so once on stderr.
  bool require_all = false;
};

// Read-only resources shared by every document. Holds shared owning pointers to memory-mapped
// models (shared_ptr so that this header needs only forward declarations of the model types).
class Resources {
 public:
  static Result<std::shared_ptr<const Resources>> Load(const ResourceOptions& options);
  Resources();
  ~Resources();
  Resources(const Resources&) = delete;  // owns mappings; share through shared_ptr instead
  Resources& operator=(const Resources&) = delete;

  const tag::SequenceModel* ner() const { return ner_.get(); }
  const tag::SequenceModel* pos() const { return pos_.get(); }
  const tag::SequenceModel* chunk() const { return chunk_.get(); }
  const link::Gazetteer* gazetteer() const { return gazetteer_.get(); }

 private:
  std::shared_ptr<const tag::SequenceModel> ner_, pos_, chunk_;
  std::shared_ptr<const link::Gazetteer> gazetteer_;
};

struct PipelineOptions {
  uint32_t max_sentence_tokens = 400;  // longer sentences are cut (bounds later stages)
  bool use_ner_model = true;           // false: the simple capitalisation name finder
  // Stages to run after the text layer (benchmarks compare like with like; users want all).
  bool dates = true, quantities = true, names = true, coreference = true, places = true,
       events = true;
  // Parses "names,places,dates" (or "all"); returns false on an unknown stage name.
  bool SetStages(const std::string& list);
};

class Pipeline {
 public:
  Pipeline(std::shared_ptr<const Resources> resources, PipelineOptions options = {});
  DocGraph Extract(const Document& doc) const;
  const Resources& resources() const { return *resources_; }

 private:
  std::shared_ptr<const Resources> resources_;
  PipelineOptions options_;
};

}  // namespace mosaic
