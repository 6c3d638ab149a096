// Fuzz target for the date parser and the time/number tagger: arbitrary bytes
// through FindAbsoluteDates, Tag (with a fixed publication date and without),
// InferPublished and PlausibleDateline. Must never crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "text/calendar.h"
#include "time/time.h"

namespace {
// fuzz/CMakeLists.txt defines no data directory: find data/ beside this file.
std::string DataDir() {
#ifdef MARSAD_DATA_DIR
  return MARSAD_DATA_DIR;
#else
  std::string f = __FILE__;
  return f.substr(0, f.rfind("/fuzz/")) + "/data";
#endif
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto tagger = marsad::time::Tagger::Create(DataDir());
  const std::string body(reinterpret_cast<const char*>(data), size);
  for (const auto& m : marsad::text::FindAbsoluteDates(body, false))
    if (m.begin > m.end || m.end > body.size()) __builtin_trap();
  if (!tagger.ok()) return 0;
  const marsad::text::CivilDate pub{2023, 9, 19};
  std::vector<marsad::TimeExpr> times;
  std::vector<marsad::Number> numbers;
  (*tagger)->Tag(body, &pub, &times, &numbers);
  (*tagger)->Tag(body, nullptr, &times, &numbers);
  for (const auto& t : times)
    if (t.start > t.end || t.start < 0) __builtin_trap();
  (void)(*tagger)->InferPublished(body);
  (void)marsad::time::PlausibleDateline(pub, body);
  return 0;
}
