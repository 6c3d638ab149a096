// UTF-8 decoding, encoding and byte→code point offset maps.
#include "text/text.h"

#include <algorithm>
#include <cstring>

#include "base/bits.h"

namespace marsad::text {

char32_t DecodeUtf8Slow(std::string_view s, size_t& i) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  unsigned char c = p[i];
  if (c < 0x80) { ++i; return c; }
  int len; char32_t cp;
  if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
  else { ++i; return 0xFFFD; }
  if (i + len > n) { ++i; return 0xFFFD; }
  for (int k = 1; k < len; ++k) {
    unsigned char cc = p[i + k];
    if ((cc & 0xC0) != 0x80) { ++i; return 0xFFFD; }
    cp = (cp << 6) | (cc & 0x3F);
  }
  // Overlong forms, surrogates and out-of-range values are invalid.
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    ++i;
    return 0xFFFD;
  }
  i += len;
  return cp;
}

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

size_t CodepointCount(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    size_t before = i;
    char32_t c = DecodeUtf8(s, i);
    // A real U+FFFD in the text is 3 bytes; a decoding failure advances by one.
    if (c == 0xFFFD && i - before == 1) return false;
  }
  return true;
}

namespace {
// Code points starting in p[0, n): bytes that are not UTF-8 continuation
// bytes (10xxxxxx), eight at a time.
int LeadBytes(const char* p, size_t n) {
  int c = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    c += 8 - base::Popcount64(w & ~(w << 1) & 0x8080808080808080ull);
  }
  for (; i < n; ++i) c += (static_cast<unsigned char>(p[i]) & 0xC0) != 0x80;
  return c;
}
}  // namespace

CodepointIndex::CodepointIndex(std::string_view s) : s_(s) {
  before_block_.resize(s.size() / kBlock + 1);
  int cp = 0;
  for (size_t b = 0; b < before_block_.size(); ++b) {
    before_block_[b] = cp;
    const size_t start = b * kBlock;
    cp += LeadBytes(s.data() + start, std::min(kBlock, s.size() - start));
  }
  total_ = cp;
}

int CodepointIndex::ToCodepoint(size_t byte_offset) const {
  if (byte_offset >= s_.size()) return total_;
  const size_t b = byte_offset / kBlock;
  // Code points starting at or before the byte, minus one: the one holding it
  // (0 for stray continuation bytes at the very start).
  const int n = before_block_[b] + LeadBytes(s_.data() + b * kBlock, byte_offset - b * kBlock + 1);
  return n > 0 ? n - 1 : 0;
}

int CodepointCursor::ToCodepoint(size_t byte_offset) {
  const size_t off = std::min(byte_offset, s_.size());
  if (off < pos_) pos_ = 0, leads_ = 0;  // asked out of order: count again from the start
  leads_ += LeadBytes(s_.data() + pos_, off - pos_);
  pos_ = off;
  if (off == s_.size()) return leads_;
  const int n = leads_ + ((static_cast<unsigned char>(s_[off]) & 0xC0) != 0x80);
  return n > 0 ? n - 1 : 0;
}

}  // namespace marsad::text
