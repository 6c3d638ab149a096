// Arabic-script phonetic key and bounded edit distance. Pure; thread-safe.
#include "entities/phonetic.h"

#include <algorithm>
#include <vector>

#include "text/text.h"

namespace marsad::entities {
namespace {

// The class letter of one consonant, 0 for weak letters (vowels, hamza
// carriers, ه, ع), -1 for characters that are not letters of a name.
char ConsonantClass(char32_t c) {
  switch (c) {
    case U'ج': case U'غ': case U'ق': case U'ك': case U'گ': case U'ک': return 'G';
    case U'ف': case U'ڤ': return 'V';
    case U'ت': case U'ط': return 'T';
    case U'س': case U'ص': case U'ث': return 'S';
    case U'ز': case U'ذ': case U'ظ': return 'Z';
    case U'ح': case U'خ': return 'H';
    case U'د': case U'ض': return 'D';
    case U'ش': return 'X';
    case U'ب': case U'پ': return 'B';
    case U'چ': return 'C';
    case U'ر': return 'R';
    case U'ل': return 'L';
    case U'م': return 'M';
    case U'ن': return 'N';
    case U'ا': case U'أ': case U'إ': case U'آ': case U'ٱ': case U'ى': case U'ي': case U'ی':
    case U'و': case U'ع': case U'ء': case U'ؤ': case U'ئ': case U'ه': case U'ة': case U'ۀ':
      return 0;
    default:
      break;
  }
  if (c < 0x80 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
    return static_cast<char>(c >= 'a' ? c - 'a' + 'A' : c);
  if (c < 0x80 && c >= '0' && c <= '9') return static_cast<char>(c);
  return -1;
}

// Onset letter of a word that starts with a weak letter.
char Onset(char32_t c) {
  if (c == U'و') return 'V';
  if (c == U'ي' || c == U'ی') return 'Y';
  return 'A';
}

}  // namespace

std::string PhoneticKey(std::string_view s) {
  std::string key;
  bool word_start = true;
  for (size_t i = 0; i < s.size();) {
    const char32_t c = text::DecodeUtf8(s, i);
    const char k = ConsonantClass(c);
    if (k < 0) {
      // White space, hyphens and other separators start a new word; marks
      // the normalizer left in do not.
      if (c == U' ' || c == U'-' || c == U'\t' || c == U'\n' || c == U'_') word_start = true;
      continue;
    }
    char out = k != 0 ? k : (word_start ? Onset(c) : 0);
    word_start = false;
    if (out == 0) continue;
    if (!key.empty() && key.back() == out) continue;
    key.push_back(out);
  }
  return key;
}

int BoundedEditDistance(std::string_view a, std::string_view b, int max) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > max) return max + 1;
  std::vector<int> prev(m + 1), cur(m + 1);
  for (int j = 0; j <= m; ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    cur[0] = i;
    int row_min = cur[0];
    for (int j = 1; j <= m; ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > max) return max + 1;
    std::swap(prev, cur);
  }
  return std::min(prev[m], max + 1);
}

bool KeysMatch(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return false;
  if (a == b) return true;
  if (a.size() < kFuzzyKeyLength || b.size() < kFuzzyKeyLength) return false;
  return BoundedEditDistance(a, b, 1) <= 1;
}

std::string LastWordKey(std::string_view normalized) {
  while (!normalized.empty() && normalized.back() == ' ') normalized.remove_suffix(1);
  const size_t sp = normalized.rfind(' ');
  if (sp == std::string_view::npos) return "";
  return PhoneticKey(normalized.substr(sp + 1));
}

}  // namespace marsad::entities
