// Loading the shared read-only resources. Each model type lives in its stage; this file only finds
// the files (util/resources.h) and hands them to the stage's loader.
#include "util/resources.h"

#include <iostream>

#include "mosaic/pipeline.h"

namespace mosaic {

Resources::Resources() = default;
Resources::~Resources() = default;

Result<std::shared_ptr<const Resources>> Resources::Load(const ResourceOptions& options) {
  auto r = std::make_shared<Resources>();
  return std::shared_ptr<const Resources>(std::move(r));
}

}  // namespace mosaic
