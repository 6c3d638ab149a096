// Fuzz target for the reader: arbitrary bytes through ReadBuffer with format
// detection (text, HTML, JSON, JSON Lines, encodings). Must never crash or throw.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "reader/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  marsad::reader::Options opts;
  for (auto& a : marsad::reader::ReadBuffer(bytes, "fuzz", opts)) {
    // Whatever comes out is an error or text; both are fine, a crash is not.
    if (a.error.empty() && a.input.empty()) __builtin_trap();
  }
  return 0;
}
