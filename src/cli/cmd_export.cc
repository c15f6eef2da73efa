// `mosaic export --format F`: the store in a format other tools read (see src/query/export.h).
#include <fstream>
#include <iostream>

#include "cli/command.h"
#include "cli/store_cli.h"
#include "query/export.h"

namespace mosaic::cli {
namespace {

struct ExportArgs {
  std::string db;
  std::string format = "jsonl";
  std::string output;
  query::ExportOptions options;
};

int RunExport(const ExportArgs& a) {
  auto store = OpenStoreOrReport(a.db, false);
  if (!store) return 1;
  std::ios::sync_with_stdio(false);
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (!a.output.empty() && a.output != "-") {
    file.open(a.output, std::ios::binary);
    if (!file) {
      PrintError("export: cannot write " + a.output);
      return 1;
    }
    out = &file;
  }
  Status st = query::Export(*store, a.format, *out, a.options);
  out->flush();
  if (!*out) {  // the output refused a write (a full disk, a closed pipe)
    PrintError("export: " + (file.is_open() ? a.output : std::string("standard output")) +
               ": write failed");
    return 1;
  }
  if (!st.ok()) {  // the store's error (a damaged row names its document)
    PrintError("export: " + a.db + ": " + st.message());
    return 1;
  }
  return 0;
}

Registrar reg("export", "Export the store: jsonl | csv (ACLED-like) | geojson | graphml | ftm",
              [](CLI::App* app) {
                auto a = std::make_shared<ExportArgs>();
                AddDbOption(app, &a->db);
                app->add_option("--format", a->format,
                                "jsonl (default), csv, geojson, graphml, ftm")
                    ->check(CLI::IsMember(query::ExportFormats()));
                app->add_option("-o,--output", a->output, "Output file (default standard output)");
                app->add_flag("--with-text", a->options.with_text, "jsonl: include article texts");
                return [a] { return RunExport(*a); };
              });

}  // namespace
}  // namespace mosaic::cli
