// The HTTP server of `mosaic serve`: the JSON API (serve/api.h) under /api/ and the built web UI
// (ui/ -> ui/dist) as static files, from one process.
//
// Safety, because the server shows text it did not write (news articles):
//   - loopback (127.0.0.1) by default; another host only when asked;
//   - read-only: the store is opened with read_only and create=false;
//   - GET and HEAD only; request bodies are capped (payload_max_bytes) and every connection has
//   read
//     and write timeouts, so a slow or large client cannot hold a worker;
//   - every response carries a strict Content-Security-Policy (scripts only from this origin, no
//     inline script, no plugins, no framing) so that even a mistake in the UI cannot run a script
//     that came in an article.
//
// Thread safety: Run blocks and answers on `threads` workers; Stop may be called from any thread.
//
//   ServerOptions o; o.db = "mosaic.db"; o.port = 0;  // 0 = any free port
//   auto server = Server::Create(o);
//   std::thread t([&] { (void)(*server)->Run(); });
//   ... (*server)->port() ...; (*server)->Stop(); t.join();
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "mosaic/status.h"
#include "serve/api.h"

namespace mosaic::serve {

struct ServerOptions {
  std::string db = "mosaic.db";
  std::string host = "127.0.0.1";  // loopback unless asked
  int port = 8080;                 // 0 = any free port (tests)
  std::string ui_dir;              // built UI; "" = no static files (API only)
  // Worker threads. cpp-httplib holds a worker for each open keep-alive connection, and a browser
  // opens six, so fewer workers than that stall page loads; the store itself answers one at a time.
  int threads = 16;
  int keep_alive_s = 2;                  // an idle connection gives its worker back after this
  size_t payload_max_bytes = 64 * 1024;  // request bodies larger than this are refused (413)
  int read_timeout_s = 5;
  int write_timeout_s = 5;
  ApiOptions api;
};

// The Content-Security-Policy header every response carries.
extern const char* const kContentSecurityPolicy;

class Server {
 public:
  // Opens the store read-only and binds the port; errors are kNotFound (no database, no UI dir),
  // kIoError (the port is taken) and kInternal (a binary built without cpp-httplib).
  static Result<std::unique_ptr<Server>> Create(const ServerOptions& options);
  ~Server();
  Server(const Server&) = delete;  // owns a listening socket
  Server& operator=(const Server&) = delete;

  int port() const { return port_; }
  // Answers requests until Stop. Returns an error if listening fails.
  Status Run();
  void Stop();

 private:
  struct Impl;  // the cpp-httplib server, kept out of this header
  explicit Server(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace mosaic::serve
