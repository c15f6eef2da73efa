#include "serve/server.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "serve/http.h"

namespace mosaic::serve {

// Scripts, styles, images and fetches only from this origin; nothing inline, no plugins, no
// framing, no forms. Article text is shown through textContent, and this is the second wall.
const char* const kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'; object-src 'none'";

#ifdef MOSAIC_HAVE_HTTPLIB

struct Server::Impl {
  ServerOptions options;
  std::unique_ptr<Api> api;
  httplib::Server http;
};

namespace {

void SetJson(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body, "application/json; charset=utf-8");
}

void Routes(const ServerOptions& options, Api* api, httplib::Server& http) {
  size_t threads = static_cast<size_t>(std::max(1, options.threads));
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(options.payload_max_bytes);
  http.set_read_timeout(options.read_timeout_s, 0);
  http.set_write_timeout(options.write_timeout_s, 0);
  http.set_keep_alive_max_count(1000);
  // Headers and body go out in separate writes: without TCP_NODELAY, Nagle plus delayed ACK add
  // ~40 ms to every keep-alive response.
  http.set_tcp_nodelay(true);
  http.set_keep_alive_timeout(options.keep_alive_s);
  http.set_default_headers({{"Content-Security-Policy", kContentSecurityPolicy},
                            {"X-Content-Type-Options", "nosniff"},
                            {"X-Frame-Options", "DENY"},
                            {"Referrer-Policy", "no-referrer"},
                            {"Cross-Origin-Resource-Policy", "same-origin"}});

  http.Get("/api/.*", [api](const httplib::Request& req, httplib::Response& res) {
    auto t0 = std::chrono::steady_clock::now();
    ApiResponse r = api->Handle(req.path, req.params);
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    SetJson(res, r.status, r.body);
    // Time spent answering (store lock wait + queries + JSON), for the benchmarks and devtools.
    char timing[48];
    std::snprintf(timing, sizeof timing, "api;dur=%.2f", ms);
    res.set_header("Server-Timing", timing);
  });
  // Read-only: anything but GET/HEAD is refused with a JSON error.
  auto refuse = [](const httplib::Request&, httplib::Response& res) {
    SetJson(res, 405, ErrorResponse(405, "read-only server: only GET").body);
    res.set_header("Allow", "GET, HEAD");
  };
  http.Post(".*", refuse);
  http.Put(".*", refuse);
  http.Patch(".*", refuse);
  http.Delete(".*", refuse);
  http.Options(".*", refuse);

  if (!options.ui_dir.empty()) {
    http.set_mount_point("/", options.ui_dir);
    // cpp-httplib compresses exactly "application/json", "application/javascript" and "text/*"
    // bodies, with Brotli at its slowest setting when the browser accepts it: seconds for the
    // map shapes and the network library on every load. The big static files are sent as they are
    // (the server is on loopback): a parameter in the type opts them out.
    http.set_file_extension_and_mimetype_mapping("js", "application/javascript; charset=utf-8");
    http.set_file_extension_and_mimetype_mapping("mjs", "application/javascript; charset=utf-8");
    http.set_file_extension_and_mimetype_mapping("json", "application/json; charset=utf-8");
  }
  // Errors httplib raises itself (404 for an unknown file, 413 for a large body, 400 for a bad
  // request line) get a JSON body too; errors the API already described keep theirs.
  http.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        std::string message = res.status == 404   ? "not found"
                              : res.status == 413 ? "request too large"
                                                  : "bad request";
        SetJson(res, res.status, ErrorResponse(res.status, message).body);
        return httplib::Server::HandlerResponse::Handled;
      }));
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        SetJson(res, 500, ErrorResponse(500, "internal error").body);
      });
}

}  // namespace

Result<std::unique_ptr<Server>> Server::Create(const ServerOptions& options) {
  if (!options.ui_dir.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(std::filesystem::path(options.ui_dir) / "index.html",
                                          ec)) {
      return Status::NotFound("no built UI in " + options.ui_dir +
                              " (index.html missing: build it with ui/build.sh)");
    }
  }
  StoreOptions so;
  so.read_only = true;
  so.create = false;
  auto store = Store::Open(options.db, so);
  if (!store.ok()) return store.status();
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->api = std::make_unique<Api>(std::move(store.value()), options.api);
  Routes(impl->options, impl->api.get(), impl->http);
  int port = options.port == 0 ? impl->http.bind_to_any_port(options.host)
             : impl->http.bind_to_port(options.host, options.port) ? options.port
                                                                   : -1;
  if (port <= 0) {
    return Status::IoError("cannot listen on " + options.host + ":" + std::to_string(options.port) +
                           " (in use, or not a local address)");
  }
  std::unique_ptr<Server> server(new Server(std::move(impl)));
  server->port_ = port;
  return server;
}

Status Server::Run() {
  if (!impl_->http.listen_after_bind()) {
    return Status::IoError("the server stopped listening on " + impl_->options.host + ":" +
                           std::to_string(port_));
  }
  return Status::Ok();
}

// Also before Run: closes the bound socket so that Run returns at once.
void Server::Stop() { impl_->http.stop(); }

#else  // built without cpp-httplib: the API still builds and is tested; serving says why not.

struct Server::Impl {};

Result<std::unique_ptr<Server>> Server::Create(const ServerOptions&) {
  return Status::Internal("this mosaic was built without cpp-httplib: no HTTP server");
}
Status Server::Run() { return Status::Internal("no HTTP server"); }
void Server::Stop() {}

#endif

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { Stop(); }

}  // namespace mosaic::serve
