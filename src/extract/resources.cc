// Loading the shared read-only resources. Each model type lives in its stage; this file only finds
// the files (util/resources.h) and hands them to the stage's loader. A missing resource is not an
// error unless ResourceOptions::require_all: the stage falls back and this says so once on stderr.
#include "util/resources.h"

#include <iostream>

#include "link/gazetteer.h"
#include "mosaic/pipeline.h"
#include "tag/sequence_model.h"

namespace mosaic {
namespace {

// Resolves an explicit path or searches for `name`. "none" disables the resource.
template <typename T>
Status LoadOne(const std::string& explicit_path, const std::string& name, const char* what,
               const char* fallback, bool required, std::shared_ptr<const T>* out) {
  if (explicit_path == "none") return Status::Ok();
  std::string path = explicit_path.empty() ? FindResource(name) : explicit_path;
  if (path.empty()) {
    if (required) return Status::NotFound(std::string(what) + " not found (" + name + ")");
    std::cerr << "mosaic: note: no " << what << " (" << name << "); " << fallback << "\n";
    return Status::Ok();
  }
  auto loaded = T::Load(path);
  if (!loaded.ok()) return loaded.status().WithContext(path);
  *out = std::shared_ptr<const T>(std::move(loaded.value()));
  return Status::Ok();
}

}  // namespace

Resources::Resources() = default;
Resources::~Resources() = default;

Result<std::shared_ptr<const Resources>> Resources::Load(const ResourceOptions& o) {
  auto r = std::make_shared<Resources>();
  MOSAIC_RETURN_IF_ERROR(LoadOne(o.ner_model, "models/ner.bin", "NER model",
                                 "names come from the simple capitalisation finder", o.require_all,
                                 &r->ner_));
  MOSAIC_RETURN_IF_ERROR(LoadOne(o.pos_model, "models/pos.bin", "POS model",
                                 "events use the lexicon fallback", o.require_all, &r->pos_));
  MOSAIC_RETURN_IF_ERROR(LoadOne(o.chunk_model, "models/chunk.bin", "chunk model",
                                 "events use the lexicon fallback", o.require_all, &r->chunk_));
  MOSAIC_RETURN_IF_ERROR(LoadOne(o.gazetteer, "gazetteer.bin", "gazetteer",
                                 "places stay without coordinates (build it: cmake --build build)",
                                 o.require_all, &r->gazetteer_));
  return std::shared_ptr<const Resources>(std::move(r));
}

}  // namespace mosaic
