// The JSON API behind `mosaic serve`, independent of HTTP so that tests call it directly.
//
// Routes (GET only; every body is JSON; offsets are Unicode code points like the DocGraph
// contract):
//   /api/stats                      counts, backend and schema version
//   /api/documents?limit=&offset=   current documents (id, url, title, published, version)
//   /api/documents/{id}             one DocGraph with its text; each entity carries `store_id`
//   /api/entities?q=&type=&kind=&limit=
//                                   entities whose name contains q, plus those q names through the
//                                   store's name keys ("Lukashenka" finds "Lukashenko")
//   /api/entity/{id}                the entity profile (aliases, roles, relations, events,
//   documents) /api/events?type=&actor=&target=&place=&near=LAT,LON,KM&from=&to=&status=&limit=
//                                   the filters of `mosaic events`
//   /api/graph/{id}?limit=          the network around an entity: nodes + typed, attributed edges
//   /api/search?q=&limit=           full-text hits and matching entities
// Errors are {"error": {"status": N, "message": "..."}} with that HTTP status.
//
// Thread safety: Handle may be called from many threads; the Store (one thread at a time) is
// guarded by a mutex, so requests are answered one after another. Every value from the request
// reaches SQL only as a bound parameter (the Store binds all of them).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "mosaic/store.h"

namespace mosaic::serve {

struct ApiResponse {
  int status = 200;
  std::string body;  // JSON
};

// Limits on what one request may ask for (a `limit` parameter is clamped to these).
struct ApiOptions {
  int default_limit = 100;
  int max_limit = 1000;
  int graph_max_nodes = 60;       // nodes in /api/graph beyond the centre
  int profile_items = 50;         // items per section of /api/entity
  size_t max_param_bytes = 1024;  // a longer query parameter is a 400
};

class Api {
 public:
  Api(std::unique_ptr<Store> store, ApiOptions options = {});
  Api(const Api&) = delete;  // owns the store and its lock
  Api& operator=(const Api&) = delete;

  // Answers GET `path` (without the query string) with decoded query `params`.
  ApiResponse Handle(const std::string& path,
                     const std::multimap<std::string, std::string>& params);

 private:
  ApiResponse Route(const std::string& path, const std::multimap<std::string, std::string>& params);

  ApiOptions options_;
  std::mutex mu_;
  std::unique_ptr<Store> store_;  // guarded by mu_
};

// {"error": {"status": status, "message": message}}.
ApiResponse ErrorResponse(int status, const std::string& message);

}  // namespace mosaic::serve
