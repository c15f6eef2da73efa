// `mosaic export --format F`: the store in a format other tools read (see src/query/export.h).
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
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
  EventFilter filter;  // as `mosaic events` takes it; used when any of its options is given
  std::string near;
};

int RunExport(ExportArgs a) {
  const EventFilter& f = a.filter;
  if (!ReadEventFilter("export", a.near, &a.filter)) return 2;
  if (!f.type.empty() || !f.actor.empty() || !f.target.empty() || !f.place.empty() || f.near_km ||
      !f.from.empty() || !f.to.empty() || !f.status.empty()) {
    a.options.events = a.filter;  // query::Export refuses it for the formats other than events'
  }
  auto store = OpenStoreOrReport(a.db, false);
  if (!store) return 1;
  std::ios::sync_with_stdio(false);
  // A regular file is written beside its destination and renamed into place once the export is
  // whole: a refused filter or a store error part-way leaves an earlier file of that name as it
  // was, and never a truncated one. Anything else that exists (a device, a pipe, /dev/stdout, a
  // symbolic link) is written in place: renaming over it would replace it.
  std::ofstream file;
  std::ostream* out = &std::cout;
  const bool to_file = !a.output.empty() && a.output != "-";
  bool in_place = false;
  std::string part;
  if (to_file) {
    std::error_code ec;
    const auto status = std::filesystem::symlink_status(a.output, ec);
    if (std::filesystem::is_directory(a.output, ec)) {
      PrintError("export: cannot write " + a.output + ": a directory");
      return 1;
    }
    in_place = std::filesystem::exists(status) && !std::filesystem::is_regular_file(status);
    part = in_place ? a.output : a.output + ".part-" + std::to_string(getpid());
    file.open(part, std::ios::binary);
    if (!file) {
      PrintError("export: cannot write " + a.output + ": " + std::strerror(errno));
      return 1;
    }
    out = &file;
  }
  auto discard = [&] {
    if (!to_file || in_place) return;
    file.close();
    std::error_code ec;
    std::filesystem::remove(part, ec);
  };
  Status st = query::Export(*store, a.format, *out, a.options);
  out->flush();
  if (!*out) {  // the output refused a write (a full disk, a closed pipe)
    discard();
    PrintError("export: " + (to_file ? a.output : std::string("standard output")) +
               ": write failed");
    return 1;
  }
  if (!st.ok()) {  // a filter the store refused, or the store's error (a damaged row names its
                   // document)
    discard();
    if (st.code() == StatusCode::kInvalidInput) {
      PrintError("export: " + st.message());
      return 2;
    }
    PrintError("export: " + a.db + ": " + st.message());
    return 1;
  }
  if (to_file) {
    file.close();
    std::error_code ec;
    if (!file || (!in_place && (std::filesystem::rename(part, a.output, ec), ec))) {
      discard();
      PrintError("export: cannot write " + a.output + (ec ? ": " + ec.message() : std::string()));
      return 1;
    }
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
                // The filters of `mosaic events`, for the event formats.
                auto* g =
                    app->add_option_group("event filters", "csv and geojson: only these events");
                AddEventFilterOptions(g, &a->filter, &a->near);
                return [a] { return RunExport(*a); };
              });

}  // namespace
}  // namespace mosaic::cli
