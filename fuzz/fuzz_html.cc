// Fuzz target for ExtractHtml: arbitrary bytes as an HTML page (gumbo, JSON-LD,
// block classification). Must never crash, hang or throw.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "reader/html.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  marsad::RawArticle a;
  marsad::reader::ExtractHtml(std::string_view(reinterpret_cast<const char*>(data), size), &a);
  return 0;
}
