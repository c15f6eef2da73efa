// `mosaic serve`: the JSON API and the analyst's web UI over a store, read-only, on loopback by
// default. Stops cleanly on SIGINT/SIGTERM.
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

#include "cli/command.h"
#include "cli/store_cli.h"
#include "serve/server.h"
#include "util/resources.h"

namespace mosaic::cli {
namespace {

struct ServeArgs {
  std::string db;
  serve::ServerOptions options;
  std::string ui;
  bool no_ui = false;
};

serve::Server* g_server = nullptr;

void OnSignal(int) {
  // httplib's stop() only shuts the listening socket and sets a flag: safe enough from a handler
  // for a process that is about to exit.
  if (g_server) g_server->Stop();
}

int RunServe(ServeArgs a) {
  a.options.db = a.db;
  if (!a.no_ui) {
    // FindResource finds files: locate the built UI by its index.html.
    std::string index = a.ui.empty() ? FindResource("ui/dist/index.html") : "";
    a.options.ui_dir =
        a.ui.empty() ? (index.empty() ? "" : std::filesystem::path(index).parent_path().string())
                     : a.ui;
    if (a.options.ui_dir.empty()) {
      PrintError("serve: no built UI found (run ui/build.sh, pass --ui DIR, or --no-ui)");
      return 1;
    }
  }
  auto server = serve::Server::Create(a.options);
  if (!server.ok()) {
    PrintError("serve: " + server.status().message());
    return 1;
  }
  g_server = server->get();
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::string host =
      a.options.host.find(':') != std::string::npos ? "[" + a.options.host + "]" : a.options.host;
  std::cout << "mosaic: serving " << a.db << " at http://" << host << ":" << (*server)->port()
            << "/" << (a.no_ui ? " (API only)" : "") << "  (Ctrl-C stops)" << std::endl;
  Status st = (*server)->Run();
  g_server = nullptr;
  if (!st.ok()) {
    PrintError("serve: " + st.message());
    return 1;
  }
  return 0;
}

Registrar reg("serve", "Serve the JSON API and the web UI over a store (read-only, loopback)",
              [](CLI::App* app) {
                auto a = std::make_shared<ServeArgs>();
                AddDbOption(app, &a->db);
                app->add_option("--host", a->options.host,
                                "Address to listen on (default 127.0.0.1: this machine only)");
                app->add_option("--port", a->options.port, "Port (default 8080; 0 = any free)")
                    ->check(CLI::Range(0, 65535));
                app->add_option("--ui", a->ui,
                                "Built UI directory (default: ui/dist found "
                                "beside the binary or in the source tree)");
                app->add_flag("--no-ui", a->no_ui, "Serve the JSON API only");
                app->add_option("--threads", a->options.threads, "Worker threads (default 16)")
                    ->check(CLI::Range(1, 64));
                return [a] { return RunServe(*a); };
              });

}  // namespace
}  // namespace mosaic::cli
