// Internal to the text layer: code point classes shared by the tokenizer and
// the sentence splitter, and a buffer-reusing form of Normalize.
// Pure functions over constant tables; thread-safe.
#pragma once

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
// Decodes the code point at s[i] (i < s.size()), advancing i.
CodePoint NextCodePoint(std::string_view s, size_t& i);

// Zero-width and bidi control characters that never change what a word is.
bool IsFormatChar(char32_t c);

// Normalize into caller-owned buffers (cleared first) so that the tokenizer
// can reuse their capacity; to_orig gets out.size() + 1 entries.
void NormalizeInto(std::string_view in, const NormalizeOptions& opts, std::string& out,
                   std::vector<uint32_t>& to_orig);

}  // namespace marsad::text::internal
