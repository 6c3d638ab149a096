// `marsad serve`: the HTTP server around Api (src/server/api.h) and the static
// web page, on cpp-httplib with a fixed pool of worker threads, each borrowing
// a read-only Store per request. Start/Stop may be called from any thread.
#pragma once

#include <memory>
#include <string>

#include "marsad/status.h"
#include "server/api.h"

namespace marsad::server {

struct ServerOptions {
  std::string db;                  // database built by marsad ingest
  std::string host = "127.0.0.1";  // loopback unless asked otherwise
  int port = 8080;                 // 0 = any free port (tests)
  std::string web_dir;             // the built page (index.html ...); "" = API only
  std::string tiles, tiles_attribution;
  int threads = 64;                // worker threads = connections served at once
  size_t max_body = 16 * 1024;     // requests with a larger body get 413
};

// The page's folder compiled in (build/web), or $MARSAD_WEB when set.
std::string DefaultWebDir();

class Server {
 public:
  // Checks the database and the web folder; binds nothing yet.
  static Result<std::unique_ptr<Server>> Create(const ServerOptions& opts);
  ~Server();
  // Binds host:port; returns the port bound (the chosen one for port 0).
  Result<int> Bind();
  // Serves until Stop(); returns false when it could not run.
  bool Run();
  void Stop();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace marsad::server
