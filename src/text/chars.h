// Internal to the text layer: code point classes shared by the tokenizer and
// the sentence splitter, and a buffer-reusing form of Normalize.
// Pure functions over constant tables; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/text.h"

namespace marsad::text::internal {

enum class CharClass : uint8_t {
  kSpace,         // white space, controls, ZWSP: separates tokens
  kFormat,        // ZWNJ ZWJ LRM RLM bidi controls, soft hyphen, BOM: invisible
  kArabicLetter,  // incl. presentation-form letters and ligatures
  kArabicMark,    // harakat, Quranic marks, tatweel
  kDigit,         // 0-9, Arabic-Indic and Persian digits
  kLetter,        // Latin and every other script's letters
  kMark,          // combining marks outside the Arabic block
  kPunct,         // everything else: punctuation and symbols
  kInvalid,       // a byte that is not valid UTF-8
};

CharClass Classify(char32_t c);

struct CodePoint {
  char32_t c;
  CharClass cls;
};
// Class tables for ASCII and the Arabic block U+0600-06FF.
constexpr std::array<CharClass, 128> BuildAscii() {
  std::array<CharClass, 128> t{};
  for (int c = 0; c < 128; ++c) {
    if (c <= ' ' || c == 0x7F) t[c] = CharClass::kSpace;  // controls count as separators
    else if (c >= '0' && c <= '9') t[c] = CharClass::kDigit;
    else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) t[c] = CharClass::kLetter;
    else t[c] = CharClass::kPunct;
  }
  return t;
}


constexpr std::array<CharClass, 256> BuildArabic() {
  std::array<CharClass, 256> t{};
  for (auto& c : t) c = CharClass::kArabicLetter;
  auto range = [&t](char32_t lo, char32_t hi, CharClass cls) {
    for (char32_t c = lo; c <= hi; ++c) t[c - 0x600] = cls;
  };
  range(0x600, 0x60F, CharClass::kPunct);  // number signs, ؆ ؇ ؈ ، ؍ ...
  range(0x610, 0x61A, CharClass::kArabicMark);
  range(0x61B, 0x620, CharClass::kPunct);  // ؛ ؝ ؞ ؟ (0x620 is a letter, reset below)
  t[0x620 - 0x600] = CharClass::kArabicLetter;
  t[0x61C - 0x600] = CharClass::kFormat;
  range(0x640, 0x640, CharClass::kArabicMark);  // tatweel stretches a word
  range(0x64B, 0x65F, CharClass::kArabicMark);
  range(0x660, 0x669, CharClass::kDigit);
  range(0x66A, 0x66D, CharClass::kPunct);  // ٪ ٫ ٬ ٭
  range(0x670, 0x670, CharClass::kArabicMark);
  range(0x6D4, 0x6D4, CharClass::kPunct);  // ۔
  range(0x6D6, 0x6ED, CharClass::kArabicMark);
  range(0x6F0, 0x6F9, CharClass::kDigit);
  range(0x6FD, 0x6FE, CharClass::kPunct);
  return t;
}

inline constexpr std::array<CharClass, 128> kAsciiClass = BuildAscii();
inline constexpr std::array<CharClass, 256> kArabicBlockClass = BuildArabic();

CodePoint NextCodePointSlow(std::string_view s, size_t& i);
// Decodes the code point at s[i] (i < s.size()), advancing i. Inline for ASCII
// and the Arabic block, the bulk of the text.
inline CodePoint NextCodePoint(std::string_view s, size_t& i) {
  const auto c0 = static_cast<unsigned char>(s[i]);
  if (c0 < 0x80) {
    ++i;
    return {c0, kAsciiClass[c0]};
  }
  if (c0 >= 0xD8 && c0 <= 0xDB && i + 1 < s.size()) {
    const auto c1 = static_cast<unsigned char>(s[i + 1]);
    if ((c1 & 0xC0) == 0x80) {
      i += 2;
      const unsigned low = ((c0 & 0x03u) << 6) | (c1 & 0x3Fu);
      return {static_cast<char32_t>(0x600 | low), kArabicBlockClass[low]};
    }
  }
  return NextCodePointSlow(s, i);
}

// Zero-width and bidi control characters that never change what a word is.
bool IsFormatChar(char32_t c);

// Normalize into caller-owned buffers (cleared first) so that the tokenizer
// can reuse their capacity; to_orig gets out.size() + 1 entries.
void NormalizeInto(std::string_view in, const NormalizeOptions& opts, std::string& out,
                   std::vector<uint32_t>& to_orig);

// The default normalization of a word made only of Arabic letters that keep
// their byte length (the common case), into `out`; offsets are unchanged, so
// no map is needed. False (out unspecified) when the word needs the general
// normalizer.
bool NormalizeSimpleArabic(std::string_view in, std::string& out);

}  // namespace marsad::text::internal
