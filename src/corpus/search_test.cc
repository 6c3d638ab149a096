// The search stem, the FTS5 tokenizer's tokens, the query parser and search
// over a real database: inflections match, exact phrases stay exact.
#include <gtest/gtest.h>

#include "corpus/fts.h"
#include "corpus/query.h"
#include "corpus/terms.h"
#include "corpus/test_util.h"
#include "text/text.h"

namespace marsad::corpus {
namespace {

using testing::Doc;
using testing::TempDir;

struct Case {
  const char* input;
  const char* expected;
};

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

TEST(SearchStem, Table) {
  const Case cases[] = {
      {"فلسطين", "فلسط"},   {"فلسطيني", "فلسط"}, {"الفلسطينيه", "فلسط"}, {"حكومه", "حكوم"},
      {"الحكومه", "حكوم"},  {"حكومات", "حكوم"},  {"والحكومات", "حكوم"}, {"للحكومه", "حكوم"},
      {"بريطانيا", "بريطانيا"}, {"قال", "قال"},    {"غزه", "غزه"},       {"ايران", "اير"},
      {"israel", "israel"}, {"2023", "2023"},    {"", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(SearchStem(c.input), c.expected) << c.input;
}

TEST(FtsTokenizer, IndexesStemAndExactFormAtOnePosition) {
  const Case cases[] = {
      {"الحكومة الفلسطينية", "حكوم|=الحكومه فلسط|=الفلسطينيه"},
      {"مُحَمَّد، إسرائيل!", "محمد|=محمد اسرائيل|=اسرائيل"},
      {"UN 2023", "un|=un 2023|=2023"},
  };
  for (const auto& c : cases) EXPECT_EQ(Join(IndexTokens(c.input)), c.expected) << c.input;
}

TEST(FtsTokenizer, QueryWordsAreStemsAndMarkedWordsExact) {
  EXPECT_EQ(Join(QueryTokens("الفلسطينية")), "فلسط");
  EXPECT_EQ(Join(QueryTokens("=الفلسطينية =حكومة")), "=الفلسطينيه =حكومه");
}

TEST(SearchQuery, Table) {
  const Case cases[] = {
      {"فلسطين", "\"فلسطين\""},
      {"حكومة غزة", "\"حكومة\" AND \"غزة\""},
      {"\"وقف إطلاق النار\"", "\"=وقف =إطلاق =النار\""},
      {"هدنة OR اتفاق", "\"هدنة\" OR \"اتفاق\""},
      {"هدنة -غزة", "(\"هدنة\") NOT \"غزة\""},
      {"a\"b", "\"a\" AND \"=b\""},
      {"NEAR(x) * ^ :", "\"NEAR x\""},
      {"OR هدنة", "\"هدنة\""},
  };
  for (const auto& c : cases) {
    auto got = ParseSearchQuery(c.input);
    ASSERT_TRUE(got.ok()) << c.input << ": " << got.status().message();
    EXPECT_EQ(*got, c.expected) << c.input;
  }
  for (const char* bad : {"", "   ", "\"\"", "-هدنة", "،،، !!"})
    EXPECT_FALSE(ParseSearchQuery(bad).ok()) << bad;
}

class SearchDb : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::OpenOrDie(dir_.File("s.db"));
    ASSERT_TRUE(store_);
    std::vector<Document> docs = {
        Doc("pal", "2024-02-01", "صحيفة الشمال", "لقاء في المدينة",
            "استقبل الوزير وفدا من فلسطين لبحث مشاريع المياه في القرى الحدودية."),
        Doc("gov", "2024-02-02", "إذاعة الساحل", "قرار جديد",
            "أعلنت الحكومة عن خطة لإصلاح الطرق قبل موسم الأمطار."),
        Doc("name", "2024-02-03", "صحيفة الشمال", "تكريم",
            "كرّمت البلدية المهندس محمد سالم على تصميم الجسر الجديد."),
        Doc("isr", "2024-02-04", "إذاعة الساحل", "تصريح",
            "قال متحدث إن اسرائيل أغلقت المعبر صباح اليوم أمام الشاحنات."),
        Doc("phrase", "2024-02-05", "صحيفة الشمال", "هدوء حذر",
            "دخل وقف إطلاق النار حيز التنفيذ منتصف الليل وسط هدوء حذر."),
    };
    testing::IngestAll(*store_, docs);
  }

  std::string Ids(const std::string& query) {
    SearchQuery q;
    q.text = query;
    auto hits = store_->Search(q);
    if (!hits.ok()) return "error: " + hits.status().message();
    std::string out;
    for (const auto& h : *hits) out += (out.empty() ? "" : ",") + h.article;
    return out;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(SearchDb, InflectionsAndSpellingsMatchEachOther) {
  const Case cases[] = {
      {"فلسطين", "pal"},     {"فلسطيني", "pal"},  {"الفلسطينية", "pal"},
      {"حكومة", "gov"},      {"الحكومة", "gov"},  {"حكومات", "gov"},
      {"مُحَمَّد", "name"},  {"محمد", "name"},     {"إسرائيل", "isr"},
      {"اسرائيل", "isr"},    {"الطريق", ""},       {"ميناء", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(Ids(c.input), c.expected) << c.input;
}

TEST_F(SearchDb, ExactPhrasesStayExact) {
  EXPECT_EQ(Ids("\"وقف إطلاق النار\""), "phrase");
  EXPECT_EQ(Ids("\"وقف اطلاق النار\""), "phrase");  // spelling folds, words stay
  EXPECT_EQ(Ids("\"إطلاق وقف\""), "");              // order matters
  EXPECT_EQ(Ids("\"الحكومات\""), "");               // an inflection is not the exact word
  EXPECT_EQ(Ids("الحكومات"), "gov");                // ... but matches as a plain word
}

TEST_F(SearchDb, FiltersAndSnippets) {
  SearchQuery q;
  q.text = "فلسطين OR حكومة";
  q.source = "صحيفة الشمال";
  auto hits = store_->Search(q);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(hits->front().article, "pal");
  EXPECT_NE(hits->front().snippet.find("[فلسطين]"), std::string::npos) << hits->front().snippet;
  q.source.clear();
  q.from = "2024-02-02";
  hits = store_->Search(q);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(hits->front().article, "gov");
}

}  // namespace
}  // namespace marsad::corpus
