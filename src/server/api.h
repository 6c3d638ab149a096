// The HTTP API of `marsad serve` (docs/api.md) as a function from a request to a
// response: routing, parameter validation and the JSON bodies, with no sockets,
// so that it is tested directly. Thread-safe: Handle takes a Store from the
// pool for the duration of one call (a Store itself is not thread-safe).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "corpus/store.h"
#include "marsad/status.h"

namespace marsad::server {

struct Request {
  std::string method = "GET";
  std::string path;                                 // decoded, without the query
  std::multimap<std::string, std::string> params;  // decoded query parameters
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra ones
};

// {"status":N,"error":"reason"}, the body of every error response.
Response Error(int status, const std::string& reason);

// Read-only stores opened on demand, one per concurrent caller, kept for reuse.
class StorePool {
 public:
  using Factory = std::function<Result<std::unique_ptr<corpus::Store>>()>;
  explicit StorePool(Factory open) : open_(std::move(open)) {}
  // Opens a read-only SQLite store of `db` per caller.
  static std::unique_ptr<StorePool> Sqlite(const std::string& db);

  // Returns a store to the pool when it goes out of scope.
  class Lease {
   public:
    Lease(StorePool* pool, std::unique_ptr<corpus::Store> s) : pool_(pool), store_(std::move(s)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (store_) pool_->Release(std::move(store_));
    }
    corpus::Store& operator*() const { return *store_; }
    corpus::Store* operator->() const { return store_.get(); }

   private:
    StorePool* pool_;
    std::unique_ptr<corpus::Store> store_;
  };
  Result<Lease> Acquire();

 private:
  void Release(std::unique_ptr<corpus::Store> s);
  Factory open_;
  std::mutex mu_;
  std::vector<std::unique_ptr<corpus::Store>> idle_;
};

struct ApiOptions {
  std::string tiles;              // tile URL template for the page, "" = country outlines only
  std::string tiles_attribution;  // shown under the map when tiles are used
  int max_limit = 10000;          // largest page of events a client may ask for
};

class Api {
 public:
  Api(StorePool& pool, ApiOptions opts) : pool_(pool), opts_(std::move(opts)) {}
  // Any request whose path starts with /api/.
  Response Handle(const Request& req) const;

 private:
  StorePool& pool_;
  ApiOptions opts_;
};

}  // namespace marsad::server
