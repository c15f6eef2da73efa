// Finding Mosaic's resource files (models, compiled gazetteer) from any working directory.
//
// Search order for a relative resource name such as "models/ner.bin":
//   1. $MOSAIC_RESOURCES/NAME
//   2. next to the executable (build/NAME), then its parent (the source tree for build/mosaic)
//   3. the source tree the binary was built from (MOSAIC_SOURCE_DIR), and its build/ folder
// Returns "" when none exists.
#pragma once

#include <string>

namespace mosaic {

std::string FindResource(const std::string& name);

// Directory holding the running executable ("" if unknown).
std::string ExecutableDir();

}  // namespace mosaic
