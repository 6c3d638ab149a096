// Table-driven tests of the cleaner on short pages written for these tests.
// Each case checks one canonical string: title | published/origin | source |
// tags | appended count | body, with removed kinds listed separately.
#include "clean/clean.h"

#include <gtest/gtest.h>

namespace marsad::clean {
namespace {

const Cleaner& TheCleaner() {
  static auto c = [] {
    auto r = Cleaner::Create(MARSAD_DATA_DIR);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return *r;
  }();
  return *c;
}

Document CleanText(const std::string& text) {
  RawArticle raw;
  raw.input = "test";
  raw.text = text;
  return TheCleaner().Clean(raw, {});
}

std::string Removed(const Document& d) {
  std::string s;
  for (const auto& r : d.removed) s += (s.empty() ? "" : ",") + r.kind;
  return s;
}

const std::string kPara1 =
    "قالت وزارة الصحة في غزة، اليوم الأربعاء، إن ثلاثة مدنيين قتلوا في قصف استهدف منزلاً في مخيم جباليا شمالي القطاع.";
const std::string kPara2 =
    "وأضافت الوزارة في بيان أن فرق الإسعاف نقلت خمسة جرحى إلى المستشفى الإندونيسي، بينهم طفلان.";

TEST(Clean, TitleDatelineBodyAndTrailer) {
  Document d = CleanText(
      "قصف على مخيم جباليا يوقع ثلاثة قتلى\n"
      "تاريخ النشر: 3rd, April 2024 GMT\n" + kPara1 + "\n" + kPara2 + "\n"
      "لمزيد من الأخبار العربية اضغط هنا:\n"
      "المصدر: بوابة الشروق\n"
      "كلمات دلالية: غزة، جباليا، وزارة الصحة\n");
  EXPECT_EQ(d.title, "قصف على مخيم جباليا يوقع ثلاثة قتلى");
  EXPECT_EQ(d.published.value + "/" + d.published.origin, "2024-04-03/dateline");
  EXPECT_EQ(d.source.value_or("null"), "بوابة الشروق");
  ASSERT_EQ(d.tags.size(), 3u);
  EXPECT_EQ(d.tags[1], "جباليا");
  EXPECT_EQ(d.body, kPara1 + "\n" + kPara2);
  EXPECT_EQ(Removed(d), "dateline,boilerplate,source,tags");
}

TEST(Clean, WidgetDateAboveTitleIsNotTheDateline) {
  Document d = CleanText(
      "- ℃ 24 بيروت\n- 14 يناير 2026\n"
      "الجيش اللبناني ينتشر في بلدات حدودية جنوب الليطاني\n"
      "الجيش اللبناني ينتشر في بلدات حدودية جنوب الليطاني\n"
      "- 12 نوفمبر 2025, 10:15:00 ص\n"
      "- تم نسخ عنوان المقال إلى الحافظة\n" + kPara1 + "\n");
  EXPECT_EQ(d.title, "الجيش اللبناني ينتشر في بلدات حدودية جنوب الليطاني");
  EXPECT_EQ(d.published.value, "2025-11-12");
  EXPECT_EQ(d.body, kPara1);
  EXPECT_EQ(Removed(d), "widget,widget,duplicate-title,dateline,share");
}

TEST(Clean, SectionLabelAndNoDate) {
  Document d = CleanText("أخبار محلية\n\nافتتاح معبر جديد بين الأردن وسوريا\n\u00a0\n" + kPara1 +
                         "\nمقالات ذات صلة\n\nزر الذهاب إلى الأعلى\n");
  EXPECT_EQ(d.title, "افتتاح معبر جديد بين الأردن وسوريا");
  EXPECT_EQ(d.published.origin, "none");
  EXPECT_EQ(d.appended.size(), 0u);
  EXPECT_EQ(d.body, kPara1);
  EXPECT_EQ(Removed(d), "section,related,boilerplate");
}

TEST(Clean, GluedRelatedHeadlinesAreRemovedSubheadingsKept) {
  const std::string related =
      "الأمم المتحدة تحذر من مجاعة وشيكة في شمال دارفور الجيش السوداني يعلن استعادة مواقع قرب مدينة الفاشر";
  Document d = CleanText("مقتل عشرة مدنيين في هجوم على سوق بالفاشر\n" + kPara1 + "\n" + related +
                         "\nمعارك قرب المطار\n" + kPara2 + "\n");
  EXPECT_EQ(d.body, kPara1 + "\nمعارك قرب المطار\n" + kPara2);
  EXPECT_EQ(Removed(d), "related");
}

TEST(Clean, GluedSubheadingIsSplitFromTheNextSentence) {
  Document d = CleanText("اشتباكات في طرابلس\n" + kPara1 +
                         "\nهدوء حذر في العاصمةمن جهتها، أعلنت حكومة الوحدة الوطنية وقف إطلاق النار في الأحياء الجنوبية.\n");
  EXPECT_EQ(d.body, kPara1 + "\nهدوء حذر في العاصمة\nمن جهتها، أعلنت حكومة الوحدة الوطنية وقف إطلاق النار في الأحياء الجنوبية.");
}

TEST(Clean, WordsThatMerelyContainAnOpenerAreNotSplit) {
  // "ضمن جهتها": the opener "من جهتها" follows a single glued letter only.
  const std::string line = "وتعمل الفرق ضمن جهتها المختصة على إحصاء الأضرار في الأحياء المتضررة من القصف.";
  Document d = CleanText("أضرار واسعة بعد القصف\n" + line + "\n");
  EXPECT_EQ(d.body, line);
}

TEST(Clean, AppendedArticleAfterReadAlso) {
  Document d = CleanText("عنوان الخبر الرئيسي عن مفاوضات جنيف\n" + kPara1 +
                         "\nإقرأ أيضاً:\nصندوق النقد يتوقع نمواً أبطأ في المنطقة\n"
                         "توقع صندوق النقد الدولي أن يتباطأ نمو اقتصادات الشرق الأوسط خلال العام الحالي، مشيراً إلى تراجع أسعار النفط.\n"
                         "Tags: اقتصادنفطصندوق النقد\n");
  EXPECT_EQ(d.body, kPara1);
  ASSERT_EQ(d.appended.size(), 1u);
  EXPECT_EQ(d.appended[0].title, "صندوق النقد يتوقع نمواً أبطأ في المنطقة");
  EXPECT_EQ(d.appended[0].published.origin, "none");
  EXPECT_EQ(d.appended[0].removed.size(), 1u);
  EXPECT_EQ(Removed(d), "related");
}

TEST(Clean, GluedSourceAfterAdLine) {
  Document d = CleanText("عنوان عن الانتخابات العراقية المقبلة\n" + kPara1 +
                         "\nمادة إعلانية تابعوا آخر أخبار الموقع عبر Google News العراق انتخاباتالمصدر: الشرق نيوز\n");
  EXPECT_EQ(d.source.value_or("null"), "الشرق نيوز");
  EXPECT_EQ(d.body, kPara1);
}

TEST(Clean, AgencyCreditsNameTheSource) {
  EXPECT_EQ(CleanText("عنوان الخبر هنا للاختبار\nدمشق - رويترز - " + kPara1 + "\n").source.value_or("null"), "رويترز");
  EXPECT_EQ(CleanText("عنوان الخبر هنا للاختبار\n" + kPara1 + "\n(أ ف ب)\n").source.value_or("null"), "أ ف ب");
  EXPECT_EQ(CleanText("عنوان الخبر هنا للاختبار\n" + kPara1 + "\nوأكد المتحدث أن التحقيق مستمر، وفق فرانس برس.\n")
                .source.value_or("null"),
            "فرانس برس");
  // "المصدر:" wins over an agency credit.
  EXPECT_EQ(CleanText("عنوان الخبر هنا للاختبار\n" + kPara1 + "\nوأكد المتحدث أن التحقيق مستمر، وفق فرانس برس.\nالمصدر: صحيفة الغد\n")
                .source.value_or("null"),
            "صحيفة الغد");
  // A city that speaks for its government is not an outlet.
  EXPECT_EQ(CleanText("عنوان الخبر هنا للاختبار\n" + kPara1 + "\nوأكد المتحدث أن التحقيق مستمر، وفق باكو.\n").source.value_or("null"),
            "null");
}

TEST(Clean, ImageCaptionWithPhotoCredit) {
  Document d = CleanText("عنوان عن زيارة الوفد الأوروبي\n" + kPara1 + "\nوزير الخارجية خلال المؤتمر الصحفي/رويترز\n" + kPara2 + "\n");
  EXPECT_EQ(d.body, kPara1 + "\n" + kPara2);
  EXPECT_EQ(Removed(d), "caption");
}

TEST(Clean, FieldsFromTheContainerWin) {
  RawArticle raw;
  raw.text = "عنوان مكرر في النص\n" + kPara1;
  raw.title = "عنوان مكرر في النص";
  raw.published = "2024-05-06";
  raw.source = "وكالة الأنباء";
  Document d = TheCleaner().Clean(raw, {});
  EXPECT_EQ(d.title, "عنوان مكرر في النص");
  EXPECT_EQ(d.published.value + "/" + d.published.origin, "2024-05-06/field");
  EXPECT_EQ(d.source.value_or("null"), "وكالة الأنباء");
  EXPECT_EQ(d.body, kPara1);
  EXPECT_EQ(Removed(d), "duplicate-title");
}

TEST(Clean, RawKeepsTheInputVerbatim) {
  RawArticle raw;
  raw.text = "  سطر أول\nإقرأ أيضاً:\nالمصدر: س  ";
  Options o;
  o.raw = true;
  Document d = TheCleaner().Clean(raw, o);
  EXPECT_EQ(d.body, raw.text);
  EXPECT_TRUE(d.removed.empty());
}

TEST(Clean, EmptyAndErrorInputs) {
  EXPECT_EQ(CleanText("").body, "");
  RawArticle raw;
  raw.error = "binary file, not an article";
  EXPECT_EQ(TheCleaner().Clean(raw, {}).error, "binary file, not an article");
}

}  // namespace
}  // namespace marsad::clean
