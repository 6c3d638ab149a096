// Calendar lexicon and absolute-date finder: table tests with the expected
// dates as one canonical string ("text" → "date@surface|date@surface").
#include "text/calendar.h"

#include <gtest/gtest.h>

#include <string>

namespace marsad::text {
namespace {

std::string Describe(std::string_view s, bool need_day = true) {
  std::string out;
  for (const auto& m : FindAbsoluteDates(s, need_day)) {
    if (!out.empty()) out += "|";
    out += m.date.Iso();
    if (m.hijri) out += "H";
    if (m.has_time) out += "T";
    out += "@" + std::string(s.substr(m.begin, m.end - m.begin));
  }
  return out;
}

TEST(Calendar, MonthNames) {
  struct Case { const char* word; int month; };
  const Case cases[] = {
      {"يناير", 1}, {"فبراير", 2}, {"مارس", 3}, {"أبريل", 4}, {"ابريل", 4}, {"مايو", 5},
      {"يونيو", 6}, {"يونيه", 6}, {"يوليو", 7}, {"يوليه", 7}, {"أغسطس", 8}, {"اغسطس", 8},
      {"سبتمبر", 9}, {"أكتوبر", 10}, {"نوفمبر", 11}, {"ديسمبر", 12}, {"شباط", 2},
      {"آذار", 3}, {"نيسان", 4}, {"أيار", 5}, {"حزيران", 6}, {"تموز", 7}, {"آب", 8},
      {"أيلول", 9}, {"جانفي", 1}, {"فيفري", 2}, {"أفريل", 4}, {"ماي", 5}, {"جوان", 6},
      {"جويلية", 7}, {"أوت", 8}, {"يوليوز", 7}, {"غشت", 8}, {"شتنبر", 9}, {"نونبر", 11},
      {"دجنبر", 12}, {"September", 9}, {"Sep", 9}, {"dec", 12}, {"كانون", 0}, {"الأول", 0},
      {"الولايات", 0},
  };
  for (const auto& c : cases)
    EXPECT_EQ(GregorianMonth(NormalizeString(c.word)), c.month) << c.word;
  EXPECT_EQ(HijriMonth(NormalizeString("رمضان")), 9);
  EXPECT_EQ(HijriMonth(NormalizeString("ذو الحجة")), 12);
  EXPECT_EQ(HijriMonth(NormalizeString("ربيع الآخر")), 4);
  EXPECT_EQ(Weekday(NormalizeString("الثلاثاء")), 2);
  EXPECT_EQ(Weekday(NormalizeString("الأحد")), 7);
  EXPECT_EQ(Weekday(NormalizeString("جمعة")), 5);
  EXPECT_EQ(Weekday(NormalizeString("الجمعية")), 0);
}

TEST(Calendar, CivilArithmetic) {
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(CivilFromDays(DaysFromCivil({2024, 2, 29}) + 1), (CivilDate{2024, 3, 1}));
  EXPECT_EQ(WeekdayOf({2023, 9, 19}), 2);  // a Tuesday
  EXPECT_EQ(DaysInMonth(2023, 2), 28);
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
}

TEST(Calendar, HijriToGregorianWithinADay) {
  struct Case { int hy, hm, hd; CivilDate g; };
  const Case cases[] = {
      {1445, 3, 3, {2023, 9, 18}},   // 3 Rabi al-Awwal 1445
      {1445, 9, 1, {2024, 3, 11}},   // 1 Ramadan 1445
      {1444, 10, 1, {2023, 4, 21}},  // Eid al-Fitr 1444
      {1420, 1, 1, {1999, 4, 17}},
  };
  for (const auto& c : cases) {
    int diff = DaysFromCivil(HijriToGregorian(c.hy, c.hm, c.hd)) - DaysFromCivil(c.g);
    EXPECT_LE(std::abs(diff), 1) << c.hy << "/" << c.hm << "/" << c.hd << " → "
                                 << HijriToGregorian(c.hy, c.hm, c.hd).Iso();
  }
}

TEST(Calendar, FindAbsoluteDates) {
  struct Case { const char* text; const char* expected; };
  const Case cases[] = {
      {"وصل الوفد في 19 سبتمبر 2023 إلى جنيف", "2023-09-19@19 سبتمبر 2023"},
      {"الثلاثاء 19 سبتمبر/أيلول 2023", "2023-09-19@الثلاثاء 19 سبتمبر/أيلول 2023"},
      {"- 5 أكتوبر 2023, 9:32:00 ص", "2023-10-05T@5 أكتوبر 2023, 9:32:00 ص"},
      {"نشر في 19/09/2023", "2023-09-19@19/09/2023"},
      {"19-09-2023", "2023-09-19@19-09-2023"},
      {"2023/09/19", "2023-09-19@2023/09/19"},
      {"2023-09-19", "2023-09-19@2023-09-19"},
      {"2023-09-19T10:15:00Z", "2023-09-19T@2023-09-19T10:15:00Z"},
      {"تاريخ النشر: 19th, September 2023 GMT", "2023-09-19@19th, September 2023"},
      {"September 19, 2023", "2023-09-19@September 19, 2023"},
      {"19 September 2023", "2023-09-19@19 September 2023"},
      {"١٩ سبتمبر ٢٠٢٣", "2023-09-19@١٩ سبتمبر ٢٠٢٣"},
      {"3 ربيع الأول 1445 هـ", "2023-09-18H@3 ربيع الأول 1445 هـ"},
      {"الاثنين 3 ربيع الأول 1445 هـ الموافق 18 سبتمبر 2023",
       "2023-09-18H@الاثنين 3 ربيع الأول 1445 هـ|2023-09-18@18 سبتمبر 2023"},
      {"الأربعاء 4 أكتوبر /تشرين الأول 2023", "2023-10-04@الأربعاء 4 أكتوبر /تشرين الأول 2023"},
      {"8 تشرين الثاني 2020", "2020-11-08@8 تشرين الثاني 2020"},
      {"12 كانون الأول 2021", "2021-12-12@12 كانون الأول 2021"},
      {"19 سبتمبر (أيلول) 2023", "2023-09-19@19 سبتمبر (أيلول) 2023"},
      {"14 جوان 2022", "2022-06-14@14 جوان 2022"},
      {"3 شتنبر 2021", "2021-09-03@3 شتنبر 2021"},
      {"7 آب 2019", "2019-08-07@7 آب 2019"},
      {"19.09.2023", "2023-09-19@19.09.2023"},
      {"31 فبراير 2023", ""},
      {"12/13/2023", "2023-12-13@12/13/2023"},
      {"32/13/2023", ""},
      {"2023-13-01", ""},
      {"29 فبراير 2023", ""},
      {"29 فبراير 2024", "2024-02-29@29 فبراير 2024"},
      {"قتل 19 شخصا في 2023", ""},
      {"", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(Describe(c.text), c.expected) << c.text;
}

TEST(Calendar, MonthYearWhenDayNotNeeded) {
  EXPECT_EQ(Describe("في سبتمبر/أيلول 2023، قالت", false), "2023-09@سبتمبر/أيلول 2023");
  EXPECT_EQ(Describe("في سبتمبر/أيلول 2023، قالت", true), "");
  EXPECT_EQ(Describe("رمضان 1445 هـ", false), "2024-03H@رمضان 1445 هـ");
}

}  // namespace
}  // namespace marsad::text
