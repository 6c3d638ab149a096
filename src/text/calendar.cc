// Calendar lexicon (month and weekday names in every regional variant, compiled
// in so the cleaner needs no data directory) and the absolute-date grammar over
// tokens. Tables are function-local statics built once; everything is thread-safe.
#include "text/calendar.h"

#include <cstdio>
#include <string>
#include "base/lookup.h"

namespace marsad::text {

using namespace std::string_view_literals;
namespace {

struct NameValue {
  const char* name;
  int value;
};

// Single-word Gregorian month names, written as people write them; folded through
// NormalizeString when the table is built so that أ/ا, ة/ه, ى/ي variants agree.
constexpr NameValue kGregorian[] = {
    // Egyptian / Gulf (and the common spelling variants).
    {"يناير", 1}, {"فبراير", 2}, {"مارس", 3}, {"أبريل", 4}, {"ابريل", 4}, {"إبريل", 4},
    {"مايو", 5}, {"يونيو", 6}, {"يونيه", 6}, {"يوليو", 7}, {"يوليه", 7}, {"أغسطس", 8},
    {"اغسطس", 8}, {"آغسطس", 8}, {"سبتمبر", 9}, {"أكتوبر", 10}, {"اكتوبر", 10}, {"نوفمبر", 11},
    {"ديسمبر", 12},
    // Levantine / Iraqi (the two-word ones are handled by MonthAt).
    {"شباط", 2}, {"آذار", 3}, {"نيسان", 4}, {"أيار", 5}, {"حزيران", 6}, {"تموز", 7},
    {"آب", 8}, {"أيلول", 9},
    // Maghrebi (Algeria/Tunisia) and Moroccan.
    {"جانفي", 1}, {"فيفري", 2}, {"أفريل", 4}, {"افريل", 4}, {"ماي", 5}, {"جوان", 6},
    {"جويلية", 7}, {"جويلة", 7}, {"أوت", 8}, {"اوت", 8}, {"يوليوز", 7}, {"غشت", 8},
    {"شتنبر", 9}, {"نونبر", 11}, {"دجنبر", 12},
    // English names and abbreviations (NormalizeString lower-cases Latin).
    {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5}, {"june", 6},
    {"july", 7}, {"august", 8}, {"september", 9}, {"october", 10}, {"november", 11},
    {"december", 12}, {"jan", 1}, {"feb", 2}, {"mar", 3}, {"apr", 4}, {"jun", 6}, {"jul", 7},
    {"aug", 8}, {"sep", 9}, {"sept", 9}, {"oct", 10}, {"nov", 11}, {"dec", 12},
};

// Levantine months of two words: first word, second word, month.
struct TwoWord {
  const char* first;
  const char* second;
  int month;
};
constexpr TwoWord kGregorianTwoWord[] = {
    {"كانون", "الثاني", 1}, {"كانون", "ثاني", 1}, {"تشرين", "الأول", 10},
    {"تشرين", "أول", 10},   {"تشرين", "الثاني", 11}, {"تشرين", "ثاني", 11},
    {"كانون", "الأول", 12}, {"كانون", "أول", 12},
};
constexpr TwoWord kHijriTwoWord[] = {
    {"ربيع", "الأول", 3},    {"ربيع", "الاول", 3},     {"ربيع", "الآخر", 4},
    {"ربيع", "الثاني", 4},   {"ربيع", "الأخير", 4},    {"جمادى", "الأولى", 5},
    {"جمادى", "الأول", 5},   {"جمادى", "الآخرة", 6},   {"جمادى", "الثانية", 6},
    {"جمادى", "الآخر", 6},   {"جمادى", "الثاني", 6},   {"ذو", "القعدة", 11},
    {"ذي", "القعدة", 11},    {"ذو", "الحجة", 12},      {"ذي", "الحجة", 12},
};
constexpr NameValue kHijri[] = {
    {"محرم", 1}, {"صفر", 2}, {"رجب", 7}, {"شعبان", 8}, {"رمضان", 9}, {"شوال", 10},
};
constexpr NameValue kWeekdays[] = {
    {"الاثنين", 1}, {"الإثنين", 1}, {"اثنين", 1}, {"الثلاثاء", 2}, {"ثلاثاء", 2},
    {"الأربعاء", 3}, {"أربعاء", 3}, {"الخميس", 4}, {"خميس", 4}, {"الجمعة", 5},
    {"جمعة", 5}, {"السبت", 6}, {"سبت", 6}, {"الأحد", 7}, {"أحد", 7},
    {"monday", 1}, {"tuesday", 2}, {"wednesday", 3}, {"thursday", 4}, {"friday", 5},
    {"saturday", 6}, {"sunday", 7}, {"mon", 1}, {"tue", 2}, {"wed", 3}, {"thu", 4},
    {"fri", 5}, {"sat", 6}, {"sun", 7},
};

using Map = base::StringMap<int>;

template <size_t N>
Map Build(const NameValue (&list)[N]) {
  Map m;
  for (const auto& nv : list) m.emplace(NormalizeString(nv.name), nv.value);
  return m;
}

template <size_t N>
Map BuildTwo(const TwoWord (&list)[N]) {
  Map m;
  for (const auto& t : list)
    m.emplace(NormalizeString(t.first) + " " + NormalizeString(t.second), t.month);
  return m;
}

const Map& GregorianMap() { static const Map m = Build(kGregorian); return m; }
const Map& GregorianTwoMap() { static const Map m = BuildTwo(kGregorianTwoWord); return m; }
const Map& HijriMap() {
  static const Map m = [] {
    Map h = Build(kHijri);
    for (auto& [k, v] : BuildTwo(kHijriTwoWord)) h.emplace(k, v);
    return h;
  }();
  return m;
}
const Map& WeekdayMap() { static const Map m = Build(kWeekdays); return m; }
// Every word a month name or weekday may start with: one look-up rejects the
// vast majority of words before any month look-up is tried.
const Map& FirstWords() {
  static const Map m = [] {
    Map f;
    for (const Map* src : {&GregorianMap(), &HijriMap(), &WeekdayMap(), &GregorianTwoMap()})
      for (const auto& [k, v] : *src) f.emplace(k.substr(0, k.find(' ')), 1);
    return f;
  }();
  return m;
}
// In front of FirstWords: nearly every word of a text is rejected without a
// hash look-up (dates are looked for at every token).
const base::WordFilter& FirstFilter() {
  static const base::WordFilter f = base::WordFilter::Of(FirstWords());
  return f;
}
bool MayStartDateWord(std::string_view w) { return FirstFilter().MayContain(w) && FirstWords().count(w); }

int Lookup(const Map& m, std::string_view w) {
  auto it = m.find(w);
  return it == m.end() ? 0 : it->second;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// ---- Token helpers -----------------------------------------------------------------

bool IsNum(const Token& t) { return t.kind == TokenKind::kNumber; }
bool IsPunct(const Token& t, std::string_view p) { return t.kind == TokenKind::kPunct && t.norm == p; }

// Value of a plain digit token (no separators), -1 otherwise.
int IntValue(const Token& t, size_t max_digits = 4) {
  if (!IsNum(t) || t.norm.empty() || t.norm.size() > max_digits) return -1;
  int v = 0;
  for (char c : t.norm) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

int YearValue(const Token& t) {
  if (!IsNum(t) || t.norm.size() != 4) return -1;
  return IntValue(t);
}

// The word of a token for month look-ups: the whole normalized token or, when it
// carries proclitics, the bare form ("وسبتمبر").
template <typename F>
int WordLookup(const Token& t, F f) {
  if (t.kind != TokenKind::kWord && t.kind != TokenKind::kLatin) return 0;
  if (int v = f(t.norm)) return v;
  if (!t.prefix.empty()) return f(t.bare);
  return 0;
}

struct MonthHit {
  int month = 0;
  bool hijri = false;
  size_t end = 0;  // token index after the month name(s)
};

// One month name (one or two words) at token i.
MonthHit OneMonthAt(const std::vector<Token>& t, size_t i) {
  MonthHit h;
  if (i >= t.size()) return h;
  const Token& a = t[i];
  if (a.kind != TokenKind::kWord && a.kind != TokenKind::kLatin) return h;
  if (!MayStartDateWord(a.norm) && (a.prefix.empty() || !MayStartDateWord(a.bare))) return h;
  if (i + 1 < t.size() && t[i + 1].kind == TokenKind::kWord) {
    for (std::string_view first : {std::string_view(a.norm), std::string_view(a.bare)}) {
      std::string key = std::string(first) + " " + t[i + 1].norm;
      if (int m = Lookup(GregorianTwoMap(), key)) return {m, false, i + 2};
      if (int m = Lookup(HijriMap(), key)) return {m, true, i + 2};
    }
  }
  if (int m = WordLookup(a, GregorianMonth)) return {m, false, i + 1};
  if (int m = WordLookup(a, HijriMonth)) return {m, true, i + 1};
  return h;
}

// A month name with an optional paired name of the same month: "سبتمبر/أيلول",
// "سبتمبر (أيلول)", "أكتوبر /تشرين الأول", "سبتمبر - أيلول".
MonthHit MonthAt(const std::vector<Token>& t, size_t i) {
  MonthHit h = OneMonthAt(t, i);
  if (!h.month || h.hijri) return h;
  size_t j = h.end;
  if (j < t.size() && (IsPunct(t[j], "/") || IsPunct(t[j], "(") || IsPunct(t[j], "-") ||
                       IsPunct(t[j], "\\") || IsPunct(t[j], "|"))) {
    MonthHit p = OneMonthAt(t, j + 1);
    if (p.month == h.month && !p.hijri) {
      h.end = p.end;
      if (IsPunct(t[j], "(") && h.end < t.size() && IsPunct(t[h.end], ")")) ++h.end;
    }
  }
  return h;
}

bool ValidDay(int y, int m, int d) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= kDays[m - 1] + (m == 2 && IsLeap(y) ? 1 : 0);
}

bool ValidHijriDay(int hy, int hm, int hd) {
  return hy >= 1 && hm >= 1 && hm <= 12 && hd >= 1 && hd <= 30;
}

bool IsOrdinalSuffix(const Token& t) {
  return t.kind == TokenKind::kLatin && (t.norm == "st"sv || t.norm == "nd"sv || t.norm == "rd"sv || t.norm == "th"sv);
}

size_t SkipComma(const std::vector<Token>& t, size_t j) {
  if (j < t.size() && (IsPunct(t[j], ",") || IsPunct(t[j], "،"))) return j + 1;
  return j;
}

// A year marker after the year: "هـ" (Hijri), "م" / "ميلادي" (Gregorian).
size_t YearMarker(const std::vector<Token>& t, size_t j, bool* hijri_marker) {
  if (j >= t.size() || t[j].kind != TokenKind::kWord) return j;
  const std::string& w = t[j].norm;
  if (w == "ه"sv || w == "هجري"sv || w == "هجريه"sv || w == "للهجره"sv) {
    *hijri_marker = true;
    if (j + 1 < t.size() && IsPunct(t[j + 1], ".")) return j + 2;
    return j + 1;
  }
  if (w == "م"sv || w == "ميلادي"sv || w == "ميلاديه"sv || w == "للميلاد"sv) return j + 1;
  return j;
}

// A clock time after a date: "9:32:00 ص", "الساعة 10:15", "T10:00:00Z".
size_t ClockAfter(const std::vector<Token>& t, size_t j, bool* has_time) {
  size_t k = SkipComma(t, j);
  if (k < t.size() && t[k].kind == TokenKind::kWord && (t[k].norm == "الساعه"sv || t[k].norm == "ساعه"sv)) ++k;
  if (k < t.size() && t[k].kind == TokenKind::kLatin && t[k].norm.size() >= 2 && t[k].norm[0] == 't') {
    // ISO "T10" tokenizes as one Latin token.
    k++;
  } else {
    if (k >= t.size() || IntValue(t[k], 2) < 0 || IntValue(t[k], 2) > 24) return j;
    k++;
  }
  if (k + 1 >= t.size() || !IsPunct(t[k], ":") || IntValue(t[k + 1], 2) < 0) return j;
  k += 2;
  if (k + 1 < t.size() && IsPunct(t[k], ":") && IntValue(t[k + 1], 2) >= 0) k += 2;
  if (k < t.size() && IsPunct(t[k], ".") && k + 1 < t.size() && IsNum(t[k + 1])) k += 2;
  if (k < t.size() && (t[k].kind == TokenKind::kWord || t[k].kind == TokenKind::kLatin)) {
    const std::string& w = t[k].norm;
    if (w == "ص"sv || w == "م"sv || w == "am"sv || w == "pm"sv || w == "صباحا"sv || w == "مساء"sv || w == "z"sv ||
        w == "gmt"sv || w == "utc"sv)
      ++k;
  }
  *has_time = true;
  return k;
}

struct Found {
  bool ok = false;
  size_t end = 0;  // token index after the date
  CivilDate date;
  bool hijri = false;
};

// day [th] [,] [من] month [,] year ["هـ"]
Found DayMonthYear(const std::vector<Token>& t, size_t i, bool need_year) {
  Found f;
  int d = IntValue(t[i], 2);
  if (d < 1 || d > 31) return f;
  size_t j = i + 1;
  if (j < t.size() && IsOrdinalSuffix(t[j])) ++j;
  j = SkipComma(t, j);
  if (j < t.size() && t[j].kind == TokenKind::kWord && (t[j].norm == "من"sv || t[j].norm == "of"sv)) ++j;
  if (j < t.size() && t[j].kind == TokenKind::kLatin && t[j].norm == "of"sv) ++j;
  MonthHit m = MonthAt(t, j);
  if (!m.month) return f;
  j = SkipComma(t, m.end);
  int y = j < t.size() ? YearValue(t[j]) : -1;
  if (y < 0) {
    if (need_year) return f;
    f = {true, m.end, {0, m.month, d}, m.hijri};
    return f;
  }
  bool hijri_marker = false;
  size_t end = YearMarker(t, j + 1, &hijri_marker);
  if (m.hijri || hijri_marker) {
    if (!m.hijri || !ValidHijriDay(y, m.month, d) || y < 1300 || y > 1600) return f;
    return {true, end, HijriToGregorian(y, m.month, d), true};
  }
  if (y < 1800 || y > 2200 || !ValidDay(y, m.month, d)) return f;
  return {true, end, {y, m.month, d}, false};
}

// month day [,] year  ("September 19, 2023")
Found MonthDayYear(const std::vector<Token>& t, size_t i) {
  Found f;
  MonthHit m = MonthAt(t, i);
  if (!m.month || m.hijri || m.end >= t.size()) return f;
  int d = IntValue(t[m.end], 2);
  if (d < 1 || d > 31) return f;
  size_t j = m.end + 1;
  if (j < t.size() && IsOrdinalSuffix(t[j])) ++j;
  j = SkipComma(t, j);
  int y = j < t.size() ? YearValue(t[j]) : -1;
  if (y < 1800 || y > 2200 || !ValidDay(y, m.month, d)) return f;
  bool hm = false;
  return {true, YearMarker(t, j + 1, &hm), {y, m.month, d}, false};
}

// month [/month] year  (only when a day is not needed)
Found MonthYear(const std::vector<Token>& t, size_t i) {
  Found f;
  MonthHit m = MonthAt(t, i);
  if (!m.month) return f;
  size_t j = SkipComma(t, m.end);
  int y = j < t.size() ? YearValue(t[j]) : -1;
  if (y < 0) return f;
  bool hijri_marker = false;
  size_t end = YearMarker(t, j + 1, &hijri_marker);
  if (m.hijri) {
    if (y < 1300 || y > 1600) return f;
    CivilDate g = HijriToGregorian(y, m.month, 1);
    return {true, end, {g.year, g.month, 0}, true};
  }
  if (hijri_marker || y < 1800 || y > 2200) return f;
  return {true, end, {y, m.month, 0}, false};
}

// Numeric dates: 19/09/2023, 19-09-2023, 19.09.2023, 2023/09/19, 2023-09-19.
Found Numeric(const std::vector<Token>& t, size_t i) {
  Found f;
  int a = -1, b = -1, c = -1;
  size_t end = i;
  int a_digits = 0;
  if (IsNum(t[i]) && t[i].norm.find('.') != std::string::npos) {
    // The tokenizer keeps "19.09.2023" as one number.
    int parts[3] = {-1, -1, -1}, n = 0, digits0 = 0;
    std::string_view s = t[i].norm;
    int cur = -1, len = 0;
    for (size_t k = 0; k <= s.size(); ++k) {
      if (k == s.size() || s[k] == '.') {
        if (cur < 0 || n >= 3) return f;
        if (n == 0) digits0 = len;
        parts[n++] = cur;
        cur = -1, len = 0;
      } else if (s[k] >= '0' && s[k] <= '9') {
        cur = (cur < 0 ? 0 : cur * 10) + (s[k] - '0');
        if (++len > 4) return f;
      } else {
        return f;
      }
    }
    if (n != 3) return f;
    a = parts[0], b = parts[1], c = parts[2], a_digits = digits0, end = i + 1;
  } else {
    if (i + 4 >= t.size()) return f;
    const Token& s1 = t[i + 1];
    const Token& s2 = t[i + 3];
    if (s1.kind != TokenKind::kPunct || s1.norm != s2.norm) return f;
    if (s1.norm != "/"sv && s1.norm != "-"sv && s1.norm != "."sv) return f;
    a = IntValue(t[i]), b = IntValue(t[i + 2], 2), c = IntValue(t[i + 4]);
    if (a < 0 || b < 0 || c < 0) return f;
    a_digits = static_cast<int>(t[i].norm.size());
    end = i + 5;
  }
  int y, m, d;
  if (a_digits == 4) {
    y = a, m = b, d = c;
  } else if (c >= 1000) {
    y = c;
    if (a > 12 || b <= 12) d = a, m = b;
    else d = b, m = a;  // US order when only it is valid
  } else {
    return f;
  }
  if (y < 1800 || y > 2200 || !ValidDay(y, m, d)) return f;
  return {true, end, {y, m, d}, false};
}

}  // namespace

std::string CivilDate::Iso() const {
  char buf[32];
  if (month == 0) std::snprintf(buf, sizeof buf, "%04d", year);
  else if (day == 0) std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  else std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

bool IsCalendarWord(std::string_view w) { return MayStartDateWord(w); }

std::vector<std::string> CalendarWords() {
  std::vector<std::string> out;
  for (const auto& [k, v] : FirstWords()) out.push_back(k);
  return out;
}

int GregorianMonth(std::string_view w) { return Lookup(GregorianMap(), w); }
int HijriMonth(std::string_view w) { return Lookup(HijriMap(), w); }
int Weekday(std::string_view w) { return FirstFilter().MayContain(w) ? Lookup(WeekdayMap(), w) : 0; }

int MonthNameAt(const std::vector<Token>& tokens, size_t i, size_t* end, bool* hijri) {
  MonthHit h = MonthAt(tokens, i);
  if (h.month) {
    if (end) *end = h.end;
    if (hijri) *hijri = h.hijri;
  }
  return h.month;
}

int DaysFromCivil(const CivilDate& d) {
  int y = d.year - (d.month <= 2);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned mp = (d.month + 9) % 12;
  const unsigned doy = (153 * mp + 2) / 5 + d.day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

CivilDate CivilFromDays(int z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), static_cast<int>(m), static_cast<int>(d)};
}

int WeekdayOf(const CivilDate& d) {
  int z = DaysFromCivil(d);  // 1970-01-01 was a Thursday (ISO 4)
  return ((z % 7 + 7) % 7 + 3) % 7 + 1;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return kDays[month - 1] + (month == 2 && IsLeap(year) ? 1 : 0);
}

// The tabular (arithmetical) Islamic calendar, epoch 16 July 622 (Julian); it
// agrees with observed calendars to within a day or two, which is all a news
// date needs.
CivilDate HijriToGregorian(int hy, int hm, int hd) {
  if (!ValidHijriDay(hy, hm, hd)) return {};
  const long jd = (11L * hy + 3) / 30 + 354L * hy + 30L * hm - (hm - 1) / 2 + hd + 1948440 - 385;
  return CivilFromDays(static_cast<int>(jd - 2440588));
}

std::vector<DateMatch> FindAbsoluteDates(std::string_view text, const std::vector<Token>& t,
                                         bool need_day) {
  std::vector<DateMatch> out;
  for (size_t i = 0; i < t.size();) {
    Found f;
    if (IsNum(t[i])) {
      f = Numeric(t, i);
      if (!f.ok) f = DayMonthYear(t, i, true);
    } else if (t[i].kind == TokenKind::kWord || t[i].kind == TokenKind::kLatin) {
      f = MonthDayYear(t, i);
      if (!f.ok && !need_day) f = MonthYear(t, i);
    }
    if (!f.ok) {
      ++i;
      continue;
    }
    DateMatch m;
    m.begin = t[i].begin;
    m.date = f.date;
    m.hijri = f.hijri;
    // A weekday right before the date belongs to it ("الثلاثاء 19 سبتمبر").
    size_t k = i;
    if (k > 0 && (IsPunct(t[k - 1], "،") || IsPunct(t[k - 1], ","))) --k;
    if (k > 0 && Weekday(t[k - 1].norm) && (out.empty() || out.back().end <= t[k - 1].begin))
      m.begin = t[k - 1].begin;
    size_t end = ClockAfter(t, f.end, &m.has_time);
    m.end = t[end - 1].end;
    out.push_back(m);
    i = end;
  }
  (void)text;
  return out;
}

std::vector<DateMatch> FindAbsoluteDates(std::string_view text, bool need_day) {
  return FindAbsoluteDates(text, Tokenize(text), need_day);
}

}  // namespace marsad::text
