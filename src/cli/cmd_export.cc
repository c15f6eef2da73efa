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
  EventFilter filter;  // as `mosaic events` takes it; used when any of its options is given
  std::string near;
};

int RunExport(ExportArgs a) {
  const EventFilter& f = a.filter;
  if (!a.near.empty() && !ParseNear(a.near, &a.filter)) {
    PrintError(
        "export: --near expects LAT,LON,KM with LAT in [-90, 90], LON in [-180, 180] and KM > 0 "
        "(e.g. 48.59,38.00,25)");
    return 2;
  }
  if (!f.type.empty() || !f.actor.empty() || !f.target.empty() || !f.place.empty() || f.near_km ||
      !f.from.empty() || !f.to.empty() || !f.status.empty()) {
    if (a.format != "csv" && a.format != "geojson") {
      PrintError(
          "export: event filters (--type, --actor, --from, --near, ...) apply to --format "
          "csv and geojson, not " +
          a.format);
      return 2;
    }
    a.options.events = a.filter;
  }
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
  if (!st.ok()) {  // a filter the store refused, or the store's error (a damaged row names its
                   // document)
    if (st.code() == StatusCode::kInvalidInput) {
      PrintError("export: " + st.message());
      return 2;
    }
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
                // The filters of `mosaic events`, for the event formats.
                auto* g =
                    app->add_option_group("event filters", "csv and geojson: only these events");
                g->add_option("--type", a->filter.type, "Event type or subtype");
                g->add_option("--actor", a->filter.actor, "Actor name (any known spelling) or #ID");
                g->add_option("--target", a->filter.target, "Target name or #ID");
                g->add_option("--place", a->filter.place, "Place name or #ID");
                g->add_option("--near", a->near, "LAT,LON,KM: events within KM km of a point");
                g->add_option("--from", a->filter.from, "Events on or after YYYY[-MM[-DD]]");
                g->add_option("--to", a->filter.to, "Events on or before YYYY[-MM[-DD]]");
                g->add_option("--status", a->filter.status,
                              "asserted | claimed | denied | unconfirmed | speculative | planned");
                return [a] { return RunExport(*a); };
              });

}  // namespace
}  // namespace mosaic::cli
