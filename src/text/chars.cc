// Code point classes for tokenizing and sentence splitting: tables for ASCII
// and the Arabic blocks, ICU's character properties for everything else.
// Pure functions; thread-safe.
#include "text/chars.h"

#include <array>

#include <unicode/uchar.h>

namespace marsad::text::internal {
namespace {


CharClass ClassifyOther(char32_t c) {
  if (c >= 0x750 && c <= 0x77F) return CharClass::kArabicLetter;  // Arabic Supplement
  if (c >= 0x870 && c <= 0x8FF) {                                  // Arabic Extended-A/B
    return c >= 0x8CA && c != 0x8E2 ? CharClass::kArabicMark : CharClass::kArabicLetter;
  }
  if (c >= 0xFB50 && c <= 0xFDFF) {
    // Ornate parentheses, honorific symbols and the multi-word ligatures
    // (ﷺ ﷻ ﷽ expand to phrases) are symbols, not letters of one word.
    if (c == 0xFD3E || c == 0xFD3F || (c >= 0xFD40 && c <= 0xFD4F) || c == 0xFDCF ||
        c >= 0xFDFA) {
      return CharClass::kPunct;
    }
    return CharClass::kArabicLetter;
  }
  if (c >= 0xFE70 && c <= 0xFE7F) return CharClass::kArabicMark;  // isolated harakat forms
  if (c >= 0xFE80 && c <= 0xFEFC) return CharClass::kArabicLetter;
  if (IsFormatChar(c)) return CharClass::kFormat;
  if (c == 0x200B || u_isUWhiteSpace(static_cast<UChar32>(c)) || u_iscntrl(static_cast<UChar32>(c))) {
    return CharClass::kSpace;
  }
  switch (u_charType(static_cast<UChar32>(c))) {
    case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER: case U_OTHER_LETTER: case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
      return CharClass::kLetter;  // other scripts' digits stay inside their words
    case U_NON_SPACING_MARK: case U_COMBINING_SPACING_MARK: case U_ENCLOSING_MARK:
      return CharClass::kMark;
    default:
      return CharClass::kPunct;
  }
}

}  // namespace

CharClass Classify(char32_t c) {
  if (c < 0x80) return kAsciiClass[c];
  if (c >= 0x600 && c < 0x700) return kArabicBlockClass[c - 0x600];
  return ClassifyOther(c);
}

CodePoint NextCodePointSlow(std::string_view s, size_t& i) {
  const auto c0 = static_cast<unsigned char>(s[i]);
  if (c0 < 0x80) {
    ++i;
    return {c0, kAsciiClass[c0]};
  }
  const size_t start = i;
  const char32_t c = DecodeUtf8(s, i);
  if (c == 0xFFFD && i - start == 1) return {c, CharClass::kInvalid};
  return {c, Classify(c)};
}

}  // namespace marsad::text::internal
