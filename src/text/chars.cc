// Code point classes for tokenizing and sentence splitting: tables for ASCII
// and the Arabic blocks, ICU's character properties for everything else.
// Pure functions; thread-safe.
#include "text/chars.h"

#include <array>

#include <unicode/uchar.h>

namespace marsad::text::internal {
namespace {

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
constexpr std::array<CharClass, 128> kAscii = BuildAscii();

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
constexpr std::array<CharClass, 256> kArabicBlock = BuildArabic();

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
  if (c < 0x80) return kAscii[c];
  if (c >= 0x600 && c < 0x700) return kArabicBlock[c - 0x600];
  return ClassifyOther(c);
}

CodePoint NextCodePoint(std::string_view s, size_t& i) {
  const auto c0 = static_cast<unsigned char>(s[i]);
  if (c0 < 0x80) {
    ++i;
    return {c0, kAscii[c0]};
  }
  const size_t start = i;
  const char32_t c = DecodeUtf8(s, i);
  if (c == 0xFFFD && i - start == 1) return {c, CharClass::kInvalid};
  return {c, Classify(c)};
}

}  // namespace marsad::text::internal
