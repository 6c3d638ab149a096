// Calendar lexicon and absolute-date finder shared by the cleaner (datelines)
// and the time stage: month names in every variant (Egyptian, Levantine/Iraqi,
// Maghrebi, English, Hijri), weekdays, digits in both scripts, Hijri→Gregorian.
// Pure functions over immutable tables; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/text.h"

namespace marsad::text {

struct CivilDate {
  int year = 0, month = 0, day = 0;  // month/day 0 = unknown (coarser precision)
  bool operator==(const CivilDate&) const = default;
  std::string Iso() const;  // "2023-09-19", "2023-09", "2023"
};

// Gregorian month (1-12) for a normalized word (سبتمبر، أيلول، شتنبر، September, Sep), 0 if none.
// Words that are also common nouns (آب، الأول، الثاني) are only months in context: this
// function accepts single-word names; "كانون الأول" style names are matched by FindAbsoluteDates.
int GregorianMonth(std::string_view normalized_word);
// Hijri month (1-12) for a normalized word (محرم، رمضان، ذو الحجة ...), 0 if none.
int HijriMonth(std::string_view normalized_word);
// ISO weekday (1 = Monday … 7 = Sunday) for a normalized word (الثلاثاء، الجمعة), 0 if none.
int Weekday(std::string_view normalized_word);

// True when a month name or weekday may start with this normalized word (a
// cheap filter before the look-ups above).
bool IsCalendarWord(std::string_view normalized_word);
// Every word IsCalendarWord accepts, for callers that fold it into their own table.
std::vector<std::string> CalendarWords();

CivilDate HijriToGregorian(int hy, int hm, int hd);
int DaysFromCivil(const CivilDate& d);   // days since 1970-01-01 (day and month must be set)
CivilDate CivilFromDays(int days);
int WeekdayOf(const CivilDate& d);       // ISO weekday

struct DateMatch {
  uint32_t begin = 0, end = 0;  // byte offsets in the searched text
  CivilDate date;               // Gregorian (Hijri converted)
  bool hijri = false;
  bool has_time = false;        // "9:32:00 ص" followed
};

// Absolute calendar dates in `text`: "19 سبتمبر 2023", "الثلاثاء 19 سبتمبر/أيلول 2023",
// "5 أكتوبر 2023, 9:32:00 ص", "19/09/2023", "2023-09-19", "19th, September 2023",
// "September 19, 2023", Arabic-Indic digits, "3 ربيع الأول 1445 هـ". Only complete
// day-month-year dates when `need_day` is true, else month-year too.
std::vector<DateMatch> FindAbsoluteDates(std::string_view text, bool need_day = true);
// The same over tokens already made by Tokenize(text) (the time stage shares them).
std::vector<DateMatch> FindAbsoluteDates(std::string_view text, const std::vector<Token>& tokens,
                                         bool need_day);

// A month name (one or two words, with an optional paired name of the same month
// "سبتمبر/أيلول", "سبتمبر (أيلول)") starting at tokens[i]: returns the month (0 if
// none) and sets *end to the token after it and *hijri for Hijri months.
int MonthNameAt(const std::vector<Token>& tokens, size_t i, size_t* end, bool* hijri);
int DaysInMonth(int year, int month);  // 0 for an invalid month

}  // namespace marsad::text
