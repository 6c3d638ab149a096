// ToUtf8: raw bytes → UTF-8 with LF line ends. Windows-1256 and UTF-16 (with
// BOM) are converted with ICU; other invalid UTF-8 is repaired with U+FFFD.
// Pure function; thread-safe (each call opens its own converter).
#include <simdjson.h>
#include <unicode/ucnv.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "reader/internal.h"
#include "reader/reader.h"

namespace marsad::reader {
namespace {

// Length of the well-formed UTF-8 sequence at p[i] (Unicode Table 3-7), or 0
// when ill-formed; then *bad is the length of its maximal subpart (>= 1), which
// is replaced by one U+FFFD as the WHATWG decoder does.
size_t SeqLen(const unsigned char* p, size_t i, size_t n, size_t* bad) {
  const unsigned char c = p[i];
  if (c < 0x80) return 1;
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
  if (c >= 0xC2 && c <= 0xDF) len = 2;
  else if (c == 0xE0) len = 3, lo = 0xA0;
  else if (c == 0xED) len = 3, hi = 0x9F;
  else if (c >= 0xE1 && c <= 0xEF) len = 3;
  else if (c == 0xF0) len = 4, lo = 0x90;
  else if (c == 0xF4) len = 4, hi = 0x8F;
  else if (c >= 0xF1 && c <= 0xF3) len = 4;
  else return *bad = 1, 0;
  if (i + 1 >= n || p[i + 1] < lo || p[i + 1] > hi) return *bad = 1, 0;
  for (size_t k = 2; k < len; ++k)
    if (i + k >= n || (p[i + k] & 0xC0) != 0x80) return *bad = k, 0;
  return len;
}

// Index of the first ill-formed byte, or n when all is valid. ASCII runs are
// skipped eight bytes at a time: most of a JSON file's markup is ASCII.
size_t FirstInvalid(const unsigned char* p, size_t n) {
  // simdjson's SIMD validator (the same Table 3-7 rules) answers the common
  // case, valid text, an order of magnitude faster than the loop below.
  if (simdjson::validate_utf8(reinterpret_cast<const char*>(p), n)) return n;
  size_t i = 0, bad;
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if ((w & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    size_t len = SeqLen(p, i, n, &bad);
    if (len == 0) return i;
    i += len;
  }
  return n;
}

// NUL bytes or more than 10% control characters in the first 8 KB.
bool LooksBinary(std::string_view s) {
  const size_t n = std::min<size_t>(s.size(), 8192);
  size_t controls = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = s[i];
    if (c == 0) return true;
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F) ++controls;
  }
  return n > 0 && controls * 10 > n;
}

// Bytes that are Arabic letters, harakat or Arabic punctuation in Windows-1256.
bool Cp1256Arabic(unsigned char c) {
  return (c >= 0xC1 && c <= 0xD6) || (c >= 0xD8 && c <= 0xDF) || c == 0xE1 ||
         (c >= 0xE3 && c <= 0xE6) || (c >= 0xEC && c <= 0xED) || (c >= 0xF0 && c <= 0xF3) ||
         c == 0xF5 || c == 0xF6 || c == 0xF8 || c == 0xFA || c == 0xA1 || c == 0xBA ||
         c == 0xBF || c == 0xDC;
}

// Windows-1256 Arabic is almost never valid UTF-8 (letters are C1..FF, which
// would need continuation bytes 80..BF after them), so: most multi-byte
// sequences are ill-formed and most high bytes are Arabic letters in 1256.
bool LooksWindows1256(const unsigned char* p, size_t n) {
  size_t high = 0, arabic = 0, valid_multi = 0, invalid = 0, bad;
  for (size_t i = 0; i < n;) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    size_t len = SeqLen(p, i, n, &bad);
    if (len > 0) {
      ++valid_multi;
      for (size_t k = 0; k < len; ++k) high++, arabic += Cp1256Arabic(p[i + k]);
      i += len;
    } else {
      ++invalid;
      high++, arabic += Cp1256Arabic(p[i]);
      ++i;
    }
  }
  return invalid > 2 * valid_multi && arabic * 10 >= high * 6;
}

bool IcuConvert(const char* from, std::string_view in, std::string* out) {
  UErrorCode err = U_ZERO_ERROR;
  int32_t need = ucnv_convert("UTF-8", from, nullptr, 0, in.data(),
                              static_cast<int32_t>(in.size()), &err);
  if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) return false;
  out->resize(static_cast<size_t>(need));
  err = U_ZERO_ERROR;
  ucnv_convert("UTF-8", from, out->data(), need, in.data(), static_cast<int32_t>(in.size()), &err);
  // need == 0 leaves a terminator warning, not an error.
  return U_SUCCESS(err);
}

// Replaces each ill-formed subsequence with U+FFFD; returns the bytes replaced.
size_t RepairUtf8(const unsigned char* p, size_t n, std::string* out) {
  out->clear();
  out->reserve(n + n / 8);
  size_t replaced = 0, bad, i = 0;
  while (i < n) {
    size_t start = i;
    i += FirstInvalid(p + i, n - i);
    out->append(reinterpret_cast<const char*>(p + start), i - start);
    if (i >= n) break;
    SeqLen(p, i, n, &bad);
    out->append("\xEF\xBF\xBD");
    replaced += bad;
    i += bad;
  }
  return replaced;
}

}  // namespace

namespace internal {

std::string NormalizeNewlines(std::string_view s) {
  std::string out;
  if (s.find('\r') == std::string_view::npos) return std::string(s);
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\r') {
      out.push_back(s[i]);
    } else {
      out.push_back('\n');
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    }
  }
  return out;
}

}  // namespace internal

bool ToUtf8(std::string_view bytes, std::string* out, std::vector<std::string>* warnings) {
  out->clear();
  const bool le = bytes.starts_with("\xFF\xFE"), be = bytes.starts_with("\xFE\xFF");
  if (le || be) {
    std::string converted;
    if (!IcuConvert(le ? "UTF-16LE" : "UTF-16BE", bytes.substr(2), &converted)) return false;
    if (LooksBinary(converted)) return false;
    *out = internal::NormalizeNewlines(converted);
    warnings->push_back(le ? "converted from UTF-16LE" : "converted from UTF-16BE");
    return true;
  }
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (LooksBinary(bytes)) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  if (FirstInvalid(p, n) == n) {
    *out = internal::NormalizeNewlines(bytes);
    return true;
  }
  std::string fixed;
  if (LooksWindows1256(p, n) && IcuConvert("windows-1256", bytes, &fixed)) {
    warnings->push_back("converted from windows-1256");
  } else {
    size_t replaced = RepairUtf8(p, n, &fixed);
    warnings->push_back("invalid UTF-8 repaired (" + std::to_string(replaced) + " bytes replaced)");
  }
  *out = internal::NormalizeNewlines(fixed);
  return true;
}

}  // namespace marsad::reader
