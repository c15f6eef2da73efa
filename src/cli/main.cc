// The `mosaic` executable: builds the CLI11 tree from the command registry and runs one command.
#include <algorithm>
#include <iostream>
#include <map>

#include "cli/command.h"

namespace mosaic::cli {

std::vector<CommandSpec>& Registry() {
  static std::vector<CommandSpec> registry;
  return registry;
}

void PrintError(const std::string& message) { std::cerr << "mosaic: " << message << "\n"; }

}  // namespace mosaic::cli

int main(int argc, char** argv) {
  using mosaic::cli::Registry;
  CLI::App app{"Mosaic: news reports on armed conflict and politics -> an evidence-linked graph"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("mosaic ") + MOSAIC_VERSION);

  auto specs = Registry();
  // Parents before children, so "eval" exists before "eval ner"; then alphabetical for --help.
  std::sort(specs.begin(), specs.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
  std::map<std::string, CLI::App*> apps;
  std::map<CLI::App*, mosaic::cli::Runner> runners;
  for (const auto& spec : specs) {
    CLI::App* parent = &app;
    std::string name = spec.path;
    if (auto sp = spec.path.rfind(' '); sp != std::string::npos) {
      std::string parent_path = spec.path.substr(0, sp);
      name = spec.path.substr(sp + 1);
      auto it = apps.find(parent_path);
      if (it == apps.end()) {
        CLI::App* p = app.add_subcommand(parent_path, parent_path + " subcommands");
        p->require_subcommand(1);
        it = apps.emplace(parent_path, p).first;
      }
      parent = it->second;
    }
    CLI::App* sub = parent->add_subcommand(name, spec.description);
    apps[spec.path] = sub;
    runners[sub] = spec.setup(sub);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  for (auto& [sub, run] : runners) {
    if (sub->parsed() && sub->get_subcommands().empty()) return run ? run() : 0;
  }
  return 2;
}
