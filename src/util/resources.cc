#include "util/resources.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace mosaic {

std::string ExecutableDir() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  return p.parent_path().string();
}

std::string FindResource(const std::string& name) {
  std::vector<std::filesystem::path> dirs;
  if (const char* env = std::getenv("MOSAIC_RESOURCES"); env && *env) dirs.emplace_back(env);
  if (std::string exe = ExecutableDir(); !exe.empty()) {
    dirs.emplace_back(exe);
    dirs.emplace_back(std::filesystem::path(exe).parent_path());
  }
  dirs.emplace_back(MOSAIC_SOURCE_DIR);
  dirs.emplace_back(std::filesystem::path(MOSAIC_SOURCE_DIR) / "build");
  for (const auto& d : dirs) {
    std::error_code ec;
    auto p = d / name;
    if (std::filesystem::is_regular_file(p, ec)) return p.string();
  }
  return "";
}

}  // namespace mosaic
