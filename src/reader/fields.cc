// Small field helpers of the reader: dates as metadata gives them → YYYY-MM-DD,
// tag lists, trimming. Pure functions; thread-safe.
#include <cctype>
#include <cstdio>
#include <cstring>

#include "reader/internal.h"

namespace marsad::reader::internal {
namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool ValidDay(int y, int m, int d) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1000 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
  return d <= kDays[m - 1] + (m == 2 && IsLeap(y));
}

bool Format(int y, int m, int d, std::string* out) {
  if (!ValidDay(y, m, d)) return false;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  *out = buf;
  return true;
}

// Arabic-Indic and Persian digits → ASCII, so "٢٠١٥-٠٧-٢١" is read too.
std::string AsciiDigits(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = s[i];
    if (i + 1 < s.size() && c == 0xD9 && (unsigned char)s[i + 1] >= 0xA0 && (unsigned char)s[i + 1] <= 0xA9) {
      out.push_back(static_cast<char>('0' + (unsigned char)s[++i] - 0xA0));
    } else if (i + 1 < s.size() && c == 0xDB && (unsigned char)s[i + 1] >= 0xB0 && (unsigned char)s[i + 1] <= 0xB9) {
      out.push_back(static_cast<char>('0' + (unsigned char)s[++i] - 0xB0));
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

struct Token {
  bool number;
  std::string text;  // digits, or lower-case letters
};

std::vector<Token> Tokens(std::string_view s) {
  std::vector<Token> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    size_t j = i;
    if (std::isdigit(c)) {
      while (j < s.size() && std::isdigit((unsigned char)s[j])) ++j;
      out.push_back({true, std::string(s.substr(i, j - i))});
    } else if (std::isalpha(c)) {
      std::string w;
      while (j < s.size() && std::isalpha((unsigned char)s[j])) w.push_back(std::tolower((unsigned char)s[j++]));
      out.push_back({false, w});
    } else {
      j = i + 1;
    }
    i = j;
  }
  return out;
}

int MonthNumber(const std::string& w) {
  static const char* const kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
  static const char* const kFull[] = {"january", "february", "march", "april", "may", "june", "july",
                                      "august", "september", "october", "november", "december"};
  for (int m = 0; m < 12; ++m)
    if (w == kMonths[m] || w == kFull[m] || (m == 8 && w == "sept")) return m + 1;
  return 0;
}

// Numeric forms: Y-M-D (with -, / or .) and day-first D-M-Y, as news sites in
// Arabic countries write them; a time may follow.
bool NumericDate(std::string_view s, std::string* out) {
  int a, b, c, n = 0;
  char s1, s2;
  std::string z(s);
  if (std::sscanf(z.c_str(), "%d%c%d%c%d%n", &a, &s1, &b, &s2, &c, &n) != 5) return false;
  if (s1 != s2 || std::strchr("-/.", s1) == nullptr) return false;
  if (n < static_cast<int>(z.size()) && std::isdigit((unsigned char)z[n])) return false;
  if (z[0] == '-' || z[0] == '+') return false;
  const size_t first_len = std::strspn(z.c_str(), "0123456789");
  if (first_len == 4) return Format(a, b, c, out);
  if (first_len <= 2 && c >= 1000) return Format(c, b, a, out);
  return false;
}

// "Tue, 21 Jul 2015 10:00:00 +0300", "21 July 2015", "July 21, 2015".
bool NamedMonthDate(std::string_view s, std::string* out) {
  auto t = Tokens(s);
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].number) continue;
    int m = MonthNumber(t[i].text);
    if (m == 0) continue;
    auto num = [&](size_t k) { return k < t.size() && t[k].number && t[k].text.size() <= 4 ? std::stoi(t[k].text) : -1; };
    if (i > 0 && t[i - 1].number && t[i - 1].text.size() <= 2 && num(i + 1) >= 1000)
      return Format(num(i + 1), m, num(i - 1), out);
    if (num(i + 1) >= 1 && t[i + 1].text.size() <= 2 && num(i + 2) >= 1000)
      return Format(num(i + 2), m, num(i + 1), out);
    return false;
  }
  return false;
}

}  // namespace

std::string_view Trim(std::string_view s) {
  auto space_at_front = [&] {
    if (s.empty()) return size_t{0};
    if (std::strchr(" \t\n\r\f\v", s.front()) && s.front() != '\0') return size_t{1};
    return s.starts_with("\xC2\xA0") ? size_t{2} : size_t{0};
  };
  auto space_at_back = [&] {
    if (s.empty()) return size_t{0};
    if (std::strchr(" \t\n\r\f\v", s.back()) && s.back() != '\0') return size_t{1};
    return s.ends_with("\xC2\xA0") ? size_t{2} : size_t{0};
  };
  for (size_t k; (k = space_at_front()) > 0;) s.remove_prefix(k);
  for (size_t k; (k = space_at_back()) > 0;) s.remove_suffix(k);
  return s;
}

bool NormalizeDate(std::string_view in, std::string* out) {
  const std::string s = AsciiDigits(Trim(in));
  if (s.empty()) return false;
  if (std::isdigit((unsigned char)s[0]) && NumericDate(s, out)) return true;
  return NamedMonthDate(s, out);
}

void SetPublished(std::string_view raw, RawArticle* a) {
  std::string_view t = Trim(raw);
  if (t.empty()) return;
  std::string day;
  if (NormalizeDate(t, &day)) {
    a->published = day;
  } else {
    a->published = std::string(t);
    a->warnings.push_back("date not understood, kept as given: " + std::string(t));
  }
}

void AppendTags(std::string_view list, std::vector<std::string>* tags) {
  constexpr std::string_view kArabicComma = "\xD8\x8C";
  while (!list.empty()) {
    size_t comma = list.find(','), arabic = list.find(kArabicComma);
    size_t cut = std::min(comma, arabic);
    std::string_view tag = Trim(list.substr(0, cut));
    if (!tag.empty()) tags->emplace_back(tag);
    if (cut == std::string_view::npos) break;
    list.remove_prefix(cut + (cut == arabic ? kArabicComma.size() : 1));
  }
}

}  // namespace marsad::reader::internal
