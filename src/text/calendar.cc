// PLACEHOLDER calendar until the dates-and-numbers work lands: civil-date
// arithmetic is real (Howard Hinnant's days_from_civil), look-ups are empty.
#include "text/calendar.h"

#include <cstdio>

namespace marsad::text {

std::string CivilDate::Iso() const {
  char buf[16];
  if (month == 0) std::snprintf(buf, sizeof buf, "%04d", year);
  else if (day == 0) std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  else std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

int GregorianMonth(std::string_view) { return 0; }
int HijriMonth(std::string_view) { return 0; }
int Weekday(std::string_view) { return 0; }

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

CivilDate HijriToGregorian(int, int, int) { return {}; }

std::vector<DateMatch> FindAbsoluteDates(std::string_view, bool) { return {}; }

}  // namespace marsad::text
