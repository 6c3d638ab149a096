// Tests of ExtractHtml: metadata from JSON-LD, OpenGraph, <title>/<h1>; main
// text without navigation, lists of links, footers, scripts and comments.
// The pages and sentences are our own.
#include "reader/html.h"

#include <gtest/gtest.h>

#include "reader/internal.h"
#include "reader/reader.h"

namespace marsad::reader {
namespace {

const std::string kP1 =
    "قال وزير الاقتصاد في مؤتمر صحفي عقده اليوم في العاصمة إن الحكومة ستبدأ خلال الأسابيع المقبلة "
    "في تنفيذ خطة جديدة لدعم المزارعين الذين تضرروا من موجة الجفاف التي ضربت البلاد في الصيف "
    "الماضي، وأضاف أن هذه الخطة ستشمل كل المناطق الريفية.";
const std::string kP2 =
    "وأوضح الوزير أن الدعم سيصل إلى أكثر من عشرة آلاف أسرة في المرحلة الأولى، وأن الوزارة ستعمل مع "
    "البنوك المحلية على تقديم قروض ميسرة لهم من دون فوائد، كما أشار إلى أن لجنة خاصة ستتابع التنفيذ "
    "في كل محافظة وترفع تقاريرها إلى مجلس الوزراء.";
const std::string kP3 =
    "ومن جهتهم رحب ممثلو المزارعين بهذه الخطوة التي قالوا إنها جاءت بعد انتظار طويل، لكنهم طالبوا "
    "بأن يكون التوزيع عادلا وأن تصل المساعدات إلى من يستحقها في القرى البعيدة عن المدن قبل بداية "
    "موسم الزراعة المقبل.";
const std::string kBody = "<p>" + kP1 + "</p>\n<p>" + kP2 + "</p>\n<p>" + kP3 + "</p>";
const std::string kText = kP1 + "\n" + kP2 + "\n" + kP3;

std::string Page(const std::string& head, const std::string& body, const std::string& html_attrs = "") {
  return "<!DOCTYPE html><html lang=\"ar\"" + html_attrs + "><head><meta charset=\"utf-8\">" + head +
         "</head><body>" + body + "</body></html>";
}

// Metadata as one canonical line.
std::string Fields(const RawArticle& a) {
  std::string out = "title=" + a.title.value_or("-") + " | published=" + a.published.value_or("-") +
                    " | source=" + a.source.value_or("-") + " | url=" + a.url.value_or("-") + " | tags=";
  for (size_t i = 0; i < a.tags.size(); ++i) out += (i ? "," : "") + a.tags[i];
  return out;
}

RawArticle Extract(const std::string& html) {
  RawArticle a;
  ExtractHtml(html, &a);
  return a;
}

TEST(ExtractHtml, JsonLdMetadataWins) {
  const std::string head = R"(
    <title>عنوان الصفحة | موقع آخر</title>
    <meta property="og:title" content="عنوان أوبن غراف">
    <meta property="og:site_name" content="اسم من أوبن غراف">
    <script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "NewsArticle",
     "headline": "الحكومة تطلق خطة لدعم المزارعين",
     "datePublished": "2023-09-19T08:30:00+03:00",
     "publisher": {"@type": "Organization", "name": "صحيفة الحقول"},
     "author": {"@type": "Person", "name": "كاتب"},
     "keywords": "زراعة, جفاف، دعم",
     "url": "https://example.org/news/42"}
    </script>)";
  RawArticle a = Extract(Page(head, "<article><h1>الحكومة تطلق خطة لدعم المزارعين</h1>" + kBody + "</article>"));
  EXPECT_EQ(a.error, "");
  EXPECT_EQ(Fields(a),
            "title=الحكومة تطلق خطة لدعم المزارعين | published=2023-09-19 | source=صحيفة الحقول"
            " | url=https://example.org/news/42 | tags=زراعة,جفاف,دعم");
  EXPECT_EQ(a.text, kText);
  EXPECT_TRUE(a.from_html);
}

TEST(ExtractHtml, JsonLdGraphWithPublisherReference) {
  const std::string head = R"(<script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [
      {"@type": "Organization", "@id": "https://example.org/#org", "name": "وكالة السهل"},
      {"@type": "WebPage", "@id": "https://example.org/a", "name": "صفحة"},
      {"@type": ["ReportageNewsArticle"], "headline": "تقرير عن الجفاف",
       "dateCreated": "2021-03-04", "publisher": {"@id": "https://example.org/#org"},
       "mainEntityOfPage": {"@id": "https://example.org/a"}, "keywords": ["مطر", "زرع"]}]}
    </script>)";
  RawArticle a = Extract(Page(head, kBody));
  EXPECT_EQ(Fields(a),
            "title=تقرير عن الجفاف | published=2021-03-04 | source=وكالة السهل"
            " | url=https://example.org/a | tags=مطر,زرع");
  EXPECT_EQ(a.text, kText);
}

TEST(ExtractHtml, OpenGraphOnly) {
  const std::string head = R"(
    <title>خطة لدعم المزارعين - جريدة الوادي</title>
    <meta property="og:title" content="خطة لدعم المزارعين">
    <meta property="og:site_name" content="جريدة الوادي">
    <meta property="og:url" content="https://example.com/agri/7">
    <meta property="article:published_time" content="2022-11-05T17:45:00Z">
    <meta property="article:tag" content="زراعة">
    <meta property="article:tag" content="اقتصاد">
    <meta name="keywords" content="كلمة، أخرى">)";
  RawArticle a = Extract(Page(head, kBody));
  EXPECT_EQ(Fields(a),
            "title=خطة لدعم المزارعين | published=2022-11-05 | source=جريدة الوادي"
            " | url=https://example.com/agri/7 | tags=زراعة,اقتصاد");
  EXPECT_EQ(a.text, kText);
}

TEST(ExtractHtml, TitleTagStrippedOfSiteName) {
  const std::string head = R"(<title>جريدة الوادي | خطة لدعم المزارعين</title>
    <meta property="og:site_name" content="جريدة الوادي">
    <meta name="pubdate" content="2020/01/02">
    <meta name="news_keywords" content="مطر,  ,زرع">)";
  RawArticle a = Extract(Page(head, kBody));
  EXPECT_EQ(Fields(a), "title=خطة لدعم المزارعين | published=2020-01-02 | source=جريدة الوادي | url=- | tags=مطر,زرع");
}

TEST(ExtractHtml, NoMetadataTitleFromH1AndDateFromTime) {
  const std::string body = "<div class=\"story\"><h1>المزارعون ينتظرون الدعم</h1>"
                           "<time datetime=\"2019-06-30T09:00\">قبل أسبوع</time>" + kBody + "</div>";
  RawArticle a = Extract(Page("", body));
  EXPECT_EQ(Fields(a), "title=المزارعون ينتظرون الدعم | published=2019-06-30 | source=- | url=- | tags=");
  EXPECT_EQ(a.text, kText);  // the h1 is the title, not a body line
}

TEST(ExtractHtml, BoilerplateDropped) {
  const std::string body = R"(
    <header><div class="logo">جريدة الوادي</div><div>الثلاثاء ١٩ أيلول</div></header>
    <nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/p">سياسة</a></li><li><a href="/e">اقتصاد</a></li></ul></nav>
    <div class="main">
      <!-- إعلان: هذا النص في تعليق ولا يظهر في المقال أبدا لأنه تعليق داخل الصفحة فقط -->
      <h1>المزارعون ينتظرون الدعم</h1>
      <div class="share"><a href="#">شارك</a> <a href="#">غرد</a></div>
      )" + kBody + R"(
      <script>var note = "نص داخل برنامج لا يجوز أن يظهر في المقال مهما كان طوله في الصفحة";</script>
      <style>.x { content: "نص في التنسيق"; }</style>
      <figure><img src="a.jpg"><figcaption>مزارع في حقله قرب القرية التي ضربها الجفاف في الصيف الماضي</figcaption></figure>
      <div class="related"><h3>اقرأ أيضا</h3><ul>
        <li><a href="/1">الحكومة تناقش خطة جديدة لدعم المزارعين في الأرياف البعيدة عن المدن</a></li>
        <li><a href="/2">وزير الاقتصاد يعلن عن قروض ميسرة للأسر التي تضررت من الجفاف هذا العام</a></li>
        <li><a href="/3">البنوك المحلية تبدأ في تقديم القروض للمزارعين في كل المحافظات</a></li>
      </ul></div>
    </div>
    <aside><p>الأكثر قراءة: هذا نص جانبي طويل بما يكفي ليكون فقرة لكنه في عنصر جانبي لا يدخل في المقال نفسه</p></aside>
    <form><label>البريد</label><input name="e"><button>اشترك</button></form>
    <footer><p>© جميع الحقوق محفوظة لجريدة الوادي ٢٠٢٣</p></footer>)";
  RawArticle a = Extract(Page("", body));
  EXPECT_EQ(a.error, "");
  EXPECT_EQ(a.text, kText);
  EXPECT_EQ(a.title.value_or(""), "المزارعون ينتظرون الدعم");
}

TEST(ExtractHtml, SubheadingBeforeGoodParagraphKept) {
  const std::string body = "<p>" + kP1 + "</p><h2>تفاصيل الخطة</h2><p>" + kP2 + "</p><p>" + kP3 + "</p>";
  RawArticle a = Extract(Page("", body));
  EXPECT_EQ(a.text, kP1 + "\nتفاصيل الخطة\n" + kP2 + "\n" + kP3);
}

TEST(ExtractHtml, EntitiesDecoded) {
  const std::string body = "<p>" + kP1 + " الزراعة &amp; المياه، &#1575;لمطر &quot;غزير&quot;&nbsp;جدا.</p>"
                           "<p>" + kP2 + "</p>";
  RawArticle a = Extract(Page("<title>المطر &amp; الزرع</title>", body));
  EXPECT_EQ(a.text, kP1 + " الزراعة & المياه، المطر \"غزير\" جدا.\n" + kP2);
  EXPECT_EQ(a.title.value_or(""), "المطر & الزرع");
}

TEST(ExtractHtml, DirectionDoesNotChangeText) {
  RawArticle rtl = Extract(Page("", "<div dir=\"rtl\">" + kBody + "</div>", " dir=\"rtl\""));
  RawArticle plain = Extract(Page("", "<div>" + kBody + "</div>"));
  EXPECT_EQ(rtl.text, kText);
  EXPECT_EQ(plain.text, kText);
}

TEST(ExtractHtml, BreaksSeparateParagraphsInOneDiv) {
  RawArticle a = Extract(Page("", "<div>" + kP1 + "<br><br>" + kP2 + "<br>\n<br>" + kP3 + "</div>"));
  EXPECT_EQ(a.text, kText);
}

TEST(ExtractHtml, NoArticleText) {
  const std::string body = "<nav><a href=\"/\">الرئيسية</a></nav><ul><li><a href=\"/a\">رابط</a></li></ul>"
                           "<p>قصير</p>";
  RawArticle a = Extract(Page("<title>صفحة</title>", body));
  EXPECT_EQ(a.error, "no article text found in HTML page");
}

// Regression: gumbo took minutes and gigabytes on 100k nested <div>s.
TEST(ExtractHtml, DeepNestingRefusedQuickly) {
  std::string html;
  for (int i = 0; i < 100000; ++i) html += "<div>";
  RawArticle a = Extract(html + kP1);
  EXPECT_EQ(a.error, "HTML nested too deeply (over 1500 levels)");
  EXPECT_LT(internal::HtmlDepthEstimate(Page("", kBody), 1500), 10u);
}

TEST(ExtractHtml, ThroughReadBufferAutoDetected) {
  auto as = ReadBuffer(Page("<meta property=\"og:title\" content=\"عنوان\">", kBody), "page.html", {});
  ASSERT_EQ(as.size(), 1u);
  EXPECT_EQ(as[0].input, "page.html");
  EXPECT_EQ(as[0].text, kText);
  EXPECT_EQ(as[0].title.value_or(""), "عنوان");
}

TEST(StopwordDensity, CliticsSplitOff) {
  const std::vector<std::pair<std::string, double>> cases = {
      {"وقال الوزير في المؤتمر إن الحكومة", 3.0 / 6},
      {"والحكومة", 1.0 / 2},   // و + الحكومة
      {"بالمدينة للمزارعين", 2.0 / 4},  // ب + المدينة, ل + (ا)لمزارعين
      {"وزارة واشنطن", 0.0 / 2},  // initial و of a noun is not split
      {"وفي", 2.0 / 2},
      {"فِي مِنْ عَلَى", 3.0 / 3},  // harakat and alef maqsura folded
      {"", 0.0},
  };
  for (const auto& [in, want] : cases) EXPECT_DOUBLE_EQ(internal::StopwordDensity(in), want) << in;
}

}  // namespace
}  // namespace marsad::reader
