// Fuzz target for the HTTP API's routing and parameter validation: the first
// line is the path after /api/, each further line a key=value parameter. Every
// answer must be JSON with a status in 200..599 and never a crash; errors must
// carry their status in the body.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "corpus/ingest.h"
#include "server/api.h"

namespace {

// One in-memory corpus with an article, an entity and an event to find.
marsad::Result<std::unique_ptr<marsad::corpus::Store>> Corpus() {
  auto s = marsad::corpus::OpenSqliteStore(":memory:", {});
  if (!s.ok()) return s;
  marsad::Document d;
  d.id = "a1";
  d.title = "عنوان";
  d.body = "قصف جيش الشمال بلدة الشجرة أمس.";
  d.published = {"2024-03-10", "day", "field"};
  d.source = "وكالة";
  marsad::Entity e;
  e.id = "place:x";
  e.type = "GPE";
  e.name = "الشجرة";
  e.geo = marsad::Geo{33, 36, "SY"};
  e.mentions = {{20, 26, "الشجرة"}};
  d.entities.push_back(e);
  marsad::Event ev;
  ev.type = "ASSAULT";
  ev.location = "place:x";
  ev.evidence_end = 10;
  d.events.push_back(ev);
  auto in = marsad::corpus::Ingester::Create(**s);
  if (in.ok()) {
    (void)(*in)->Add(d);
    (void)(*in)->Flush();
  }
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static marsad::server::StorePool pool(Corpus);
  static marsad::server::Api api(pool, {});
  const std::string in(reinterpret_cast<const char*>(data), size);
  marsad::server::Request req;
  size_t nl = in.find('\n');
  req.path = "/api/" + in.substr(0, nl);
  while (nl != std::string::npos) {
    size_t next = in.find('\n', nl + 1);
    std::string line = in.substr(nl + 1, next == std::string::npos ? next : next - nl - 1);
    size_t eq = line.find('=');
    req.params.emplace(line.substr(0, eq), eq == std::string::npos ? "" : line.substr(eq + 1));
    nl = next;
  }
  marsad::server::Response r = api.Handle(req);
  if (r.status < 200 || r.status > 599) __builtin_trap();
  if (r.content_type.rfind("application/json", 0) == 0) {
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (j.is_discarded()) __builtin_trap();
    if (r.status >= 400 && (!j.is_object() || j.value("status", 0) != r.status)) __builtin_trap();
  }
  return 0;
}
