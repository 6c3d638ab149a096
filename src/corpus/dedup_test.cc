// Near-duplicates: a lightly edited republication is found, distinct articles
// of the same day are not, exact copies differ only in spelling.
#include <gtest/gtest.h>

#include "corpus/minhash.h"
#include "corpus/terms.h"
#include "corpus/test_util.h"

namespace marsad::corpus {
namespace {

using testing::Doc;

// Written for this test: a fictional flood report, a lightly edited
// republication by another outlet, and two unrelated reports of the same day.
const char kFlood[] =
    "غمرت السيول التي اجتاحت مدينة وادي النخيل مساء الثلاثاء عشرات المنازل في الأحياء الشرقية، "
    "وقال مدير الدفاع المدني في المحافظة إن فرق الإنقاذ أجلت أكثر من مئتي أسرة إلى مدارس حكومية "
    "تحولت إلى مراكز إيواء مؤقتة. وأضاف أن الأمطار الغزيرة استمرت ست ساعات متواصلة وأدت إلى "
    "انهيار جسر صغير يربط المدينة بالقرى المجاورة، مؤكداً عدم تسجيل إصابات خطيرة حتى الآن. "
    "وأعلنت البلدية تعليق الدراسة يومين، ودعت السكان إلى تجنب الاقتراب من مجاري الأودية، فيما "
    "توقعت هيئة الأرصاد استمرار الهطول على المرتفعات الغربية حتى نهاية الأسبوع.";
const char kFloodEdited[] =
    "غمرت السيول التي اجتاحت مدينة وادي النخيل مساء الثلاثاء عشرات المنازل في الأحياء الشرقية، "
    "وقال مدير الدفاع المدني بالمحافظة إن فرق الإنقاذ أجلت أكثر من مئتي أسرة إلى مدارس حكومية "
    "تحولت إلى مراكز إيواء مؤقتة. وأضاف أن الأمطار الغزيرة استمرت ست ساعات متواصلة وأدت إلى "
    "انهيار جسر صغير يربط المدينة بالقرى المجاورة، مؤكداً عدم تسجيل إصابات خطيرة حتى الآن. "
    "وأعلنت البلدية تعليق الدراسة يومين، ودعت السكان إلى تجنب الاقتراب من مجاري الأودية، فيما "
    "توقعت هيئة الأرصاد استمرار الهطول على المرتفعات الغربية حتى نهاية الأسبوع. "
    "(وكالة الأنباء المحلية)";
const char kFloodOther[] =
    "قالت هيئة الأرصاد إن منخفضاً جوياً سيؤثر على المناطق الغربية خلال الأيام المقبلة، وإن "
    "فرص هطول الأمطار الرعدية ترتفع على المرتفعات، داعية المزارعين إلى تأمين محاصيلهم وتجنب "
    "السفر ليلاً. وأوضحت الهيئة أن درجات الحرارة ستنخفض بشكل ملحوظ مع نشاط الرياح.";
const char kMarket[] =
    "افتتح محافظ المدينة صباح الثلاثاء سوقاً شعبية جديدة للخضار والفواكه في الحي الشمالي، "
    "تضم أكثر من مئة محل، وقال إن السوق ستوفر فرص عمل للشباب وتخفف الازدحام عن وسط المدينة.";

TEST(MinHash, EstimateTracksTrueJaccard) {
  auto a = Shingles(NormalizedWords(kFlood), 5), b = Shingles(NormalizedWords(kFloodEdited), 5);
  double truth = Jaccard(a, b);
  double est = EstimateJaccard(Signature(a, 128), Signature(b, 128));
  EXPECT_GT(truth, 0.7);
  EXPECT_NEAR(est, truth, 0.15);
  auto c = Shingles(NormalizedWords(kMarket), 5);
  EXPECT_LT(Jaccard(a, c), 0.05);
}

TEST(MinHash, SignatureBlobRoundTrips) {
  auto sig = Signature(Shingles(NormalizedWords(kMarket), 5), 128);
  EXPECT_EQ(SignatureFromBlob(SignatureToBlob(sig)), sig);
  EXPECT_TRUE(SignatureFromBlob("abc").empty());  // a damaged blob is short, not a crash
}

TEST(Dedup, EditedCopyFoundDistinctSameDayArticlesNot) {
  testing::TempDir dir;
  auto store = testing::OpenOrDie(dir.File("d.db"));
  ASSERT_TRUE(store);
  // An exact copy that differs only in harakat and hamza spelling.
  std::string respelled = kFlood;
  respelled.replace(respelled.find("أجلت"), std::string("أجلت").size(), "اَجلت");
  std::vector<Document> docs = {
      Doc("flood-1", "2024-03-05", "صحيفة الوادي", "سيول في وادي النخيل", kFlood),
      Doc("market", "2024-03-05", "صحيفة الوادي", "سوق جديدة", kMarket),
      Doc("weather", "2024-03-05", "إذاعة الغرب", "منخفض جوي", kFloodOther),
      Doc("flood-2", "2024-03-05", "موقع الجنوب", "السيول تغمر منازل في وادي النخيل",
          kFloodEdited),
      Doc("flood-3", "2024-03-06", "إذاعة الغرب", "سيول", respelled),
  };
  auto st = testing::IngestAll(*store, docs);
  EXPECT_EQ(st.stored, 5u);
  EXPECT_EQ(st.duplicates, 2u);
  auto dups = store->Duplicates();
  ASSERT_TRUE(dups.ok());
  ASSERT_EQ(dups->size(), 2u);
  EXPECT_EQ((*dups)[0].article, "flood-2");
  EXPECT_EQ((*dups)[0].duplicate_of, "flood-1");
  EXPECT_GE((*dups)[0].similarity, 0.7);
  EXPECT_EQ((*dups)[1].article, "flood-3");
  EXPECT_EQ((*dups)[1].duplicate_of, "flood-1");
  EXPECT_DOUBLE_EQ((*dups)[1].similarity, 1.0);
  // A duplicate joins its original's story.
  auto stories = store->Stories(0, 0);
  ASSERT_TRUE(stories.ok());
  for (const auto& s : *stories) {
    bool has1 = std::count(s.articles.begin(), s.articles.end(), "flood-1");
    bool has2 = std::count(s.articles.begin(), s.articles.end(), "flood-2");
    EXPECT_EQ(has1, has2) << s.label;
  }
}

}  // namespace
}  // namespace marsad::corpus
