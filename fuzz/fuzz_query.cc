// Fuzz target: the search-query parser (src/corpus/query.h) must never crash
// and must give either an error or a non-empty expression with balanced quotes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "corpus/query.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view q(reinterpret_cast<const char*>(data), size);
  auto got = marsad::corpus::ParseSearchQuery(q);
  if (got.ok()) {
    size_t quotes = 0;
    for (char c : *got) quotes += c == '"';
    if (got->empty() || quotes % 2 != 0) std::abort();
  }
  return 0;
}
