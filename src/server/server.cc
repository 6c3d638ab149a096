// The socket side of `marsad serve`: cpp-httplib routes /api/* to Api and
// everything else to the static page folder, adds the security headers (a
// Content-Security-Policy that forbids inline script, so even an escaping slip
// in the page could not run article text), and turns every error into JSON.
#include "server/server.h"

#include <httplib.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

namespace marsad::server {
namespace {

bool IsDir(const std::string& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool IsFile(const std::string& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// "https://{s}.tile.example.org/{z}/{x}/{y}.png" → "https://*.tile.example.org"
std::string TileOrigin(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  auto end = url.find('/', scheme + 3);
  std::string origin = url.substr(0, end);
  for (size_t at; (at = origin.find("{s}")) != std::string::npos;) origin.replace(at, 3, "*");
  if (origin.find_first_of(" ;'\"{}") != std::string::npos) return "";
  return origin;
}

std::string Csp(const std::string& tiles) {
  std::string tile = TileOrigin(tiles);
  return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
         "img-src 'self' data:" + (tile.empty() ? "" : " " + tile) +
         "; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
         "frame-ancestors 'none'";
}

}  // namespace

std::string DefaultWebDir() {
  if (const char* env = std::getenv("MARSAD_WEB"); env && *env) return env;
#ifdef MARSAD_WEB_DIR
  return MARSAD_WEB_DIR;
#else
  return "web";
#endif
}

struct Server::Impl {
  ServerOptions opts;
  std::unique_ptr<StorePool> pool;
  std::unique_ptr<Api> api;
  httplib::Server http;
  bool bound = false;
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { Stop(); }

Result<std::unique_ptr<Server>> Server::Create(const ServerOptions& opts) {
  if (opts.threads < 1 || opts.threads > 1024) return Status::Error("--threads wants 1 to 1024");
  if (!opts.web_dir.empty() && !IsFile(opts.web_dir + "/index.html"))
    return Status::Error("no web page at " + opts.web_dir +
                         " (build it: cmake --build build --target web, or set --web-dir)");
  auto impl = std::make_unique<Impl>();
  impl->opts = opts;
  impl->pool = StorePool::Sqlite(opts.db);
  {
    auto probe = impl->pool->Acquire();  // a bad database fails here, not per request
    if (!probe.ok()) return probe.status();
  }
  impl->api = std::make_unique<Api>(*impl->pool, ApiOptions{opts.tiles, opts.tiles_attribution});

  httplib::Server& http = impl->http;
  const int threads = opts.threads;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(opts.max_body);
  http.set_read_timeout(5, 0);
  http.set_write_timeout(5, 0);
  http.set_keep_alive_max_count(1000);
  http.set_keep_alive_timeout(5);
  http.set_default_headers({{"Content-Security-Policy", Csp(opts.tiles)},
                            {"X-Content-Type-Options", "nosniff"},
                            {"X-Frame-Options", "DENY"},
                            {"Referrer-Policy", "no-referrer"},
                            {"Cache-Control", "no-cache"}});

  Api* api = impl->api.get();
  auto handle = [api](const httplib::Request& req, httplib::Response& res) {
    Request r;
    r.method = req.method;
    r.path = req.path;
    for (const auto& [k, v] : req.params) r.params.emplace(k, v);
    Response out = api->Handle(r);
    res.status = out.status;
    for (const auto& [k, v] : out.headers) res.set_header(k, v);
    res.set_content(std::move(out.body), out.content_type.c_str());
  };
  const char* kApi = R"(/api/.*)";
  http.Get(kApi, handle);
  http.Post(kApi, handle);
  http.Put(kApi, handle);
  http.Patch(kApi, handle);
  http.Delete(kApi, handle);
  http.Options(kApi, handle);
  if (!opts.web_dir.empty() && IsDir(opts.web_dir)) {
    http.set_mount_point("/", opts.web_dir);
    http.set_file_extension_and_mimetype_mapping("json", "application/json");
    http.set_file_extension_and_mimetype_mapping("geojson", "application/geo+json");
    http.set_file_extension_and_mimetype_mapping("mjs", "text/javascript");
  }
  // Errors httplib produces itself (404 of a file, 413, 414, 400) get a JSON body too.
  http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    const char* reason = res.status == 413   ? "request too large"
                         : res.status == 414 ? "request URI too long"
                         : res.status == 404 ? "not found"
                                             : res.status >= 500 ? "internal error" : "bad request";
    res.set_content(nlohmann::json{{"status", res.status}, {"error", reason}}.dump(),
                    "application/json; charset=utf-8");
  });
  http.set_exception_handler([](const httplib::Request&, httplib::Response& res,
                                std::exception_ptr) {
    res.status = 500;
    res.set_content(R"({"status":500,"error":"internal error"})", "application/json");
  });
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Result<int> Server::Bind() {
  int port = impl_->opts.port;
  if (port == 0) {
    port = impl_->http.bind_to_any_port(impl_->opts.host);
    if (port <= 0) return Status::Error("cannot bind " + impl_->opts.host);
  } else if (!impl_->http.bind_to_port(impl_->opts.host, port)) {
    return Status::Error("cannot bind " + impl_->opts.host + ":" + std::to_string(port) +
                         " (in use, or not an address of this machine)");
  }
  impl_->bound = true;
  return port;
}

bool Server::Run() { return impl_->bound && impl_->http.listen_after_bind(); }

void Server::Stop() {
  if (impl_ && impl_->http.is_running()) impl_->http.stop();
}

}  // namespace marsad::server
