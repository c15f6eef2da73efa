// Subcommand registry: each src/cli/cmd_*.cc registers its subcommands with a static Registrar, so
// a new command is a new file and main.cc never changes. A path with a space ("eval ner") nests the
// command under its parent ("eval"), which is created on first use.
//
//   static int RunHello(const HelloArgs& a);
//   static mosaic::cli::Registrar reg("hello", "Say hello", [](CLI::App* app) {
//     auto args = std::make_shared<HelloArgs>();
//     app->add_option("--name", args->name);
//     return [args] { return RunHello(*args); };   // called after parsing; returns the exit code
//   });
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace mosaic::cli {

using Runner = std::function<int()>;
using Setup = std::function<Runner(CLI::App*)>;

struct CommandSpec {
  std::string path;         // "extract", "eval ner"
  std::string description;  // one line for --help
  Setup setup;
};

std::vector<CommandSpec>& Registry();

struct Registrar {
  Registrar(std::string path, std::string description, Setup setup) {
    Registry().push_back({std::move(path), std::move(description), std::move(setup)});
  }
};

// Prints "mosaic: MESSAGE" to stderr; every user-facing error goes through it so errors are one
// line.
void PrintError(const std::string& message);

}  // namespace mosaic::cli
