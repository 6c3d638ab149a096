// Cross-article events (ACLED's rule) and stories, on hand-built documents.
#include <gtest/gtest.h>

#include <set>

#include "corpus/format.h"
#include "corpus/merge.h"
#include "corpus/test_util.h"
#include "text/text.h"

namespace marsad::corpus {
namespace {

using testing::Doc;
using testing::Ent;

// An event whose evidence is the whole body.
Event Ev(const Document& d, std::string type, std::string date, std::vector<std::string> actors,
         std::vector<std::string> targets, std::string location) {
  Event e;
  e.type = std::move(type);
  e.date = {std::move(date), "day"};
  e.actors = std::move(actors);
  e.targets = std::move(targets);
  e.location = std::move(location);
  e.evidence_start = 0;
  e.evidence_end = static_cast<int>(text::CodepointCount(d.body));
  return e;
}

// Fictional states XA, a northern town in XA, and a rebel front.
std::vector<Entity> Cast() {
  return {Ent("country:XA", "GPE", "دولة الشمال", "Northland", "XA"),
          Ent("place:qasr", "GPE", "بلدة القصر", "Qasr", "XA"),
          Ent("org:front", "ORG", "جبهة التحرير الجبلية", "Mountain Liberation Front")};
}

Document Report(std::string id, std::string day, std::string outlet, std::string body) {
  Document d = Doc(std::move(id), std::move(day), std::move(outlet), "", std::move(body));
  d.entities = Cast();
  return d;
}

class Merge : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::OpenOrDie(dir_.File("m.db"));
    ASSERT_TRUE(store_);
  }
  std::vector<MergedEvent> Events(const std::string& type) {
    EventFilter f;
    f.type = type;
    auto got = store_->Events(f);
    return got.ok() ? *got : std::vector<MergedEvent>{};
  }
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(Merge, TwoOutletsReportingOneCeasefireGiveOneEventAssertedAndDeniedStaySeparate) {
  Document a = Report("truce-a", "2024-06-10", "صحيفة الشمال",
                      "أعلنت حكومة دولة الشمال وجبهة التحرير الجبلية وقف إطلاق النار في بلدة القصر.");
  a.events.push_back(Ev(a, "AGREE", "2024-06-10", {"country:XA", "org:front"}, {}, "place:qasr"));
  Document b = Report("truce-b", "2024-06-11", "إذاعة الجبل",
                      "دخلت الهدنة بين الجبهة وحكومة دولة الشمال حيز التنفيذ مساء أمس.");
  b.events.push_back(Ev(b, "AGREE", "2024-06-10", {"org:front"}, {"country:XA"}, "country:XA"));
  Document c = Report("truce-c", "2024-06-11", "وكالة السهل",
                      "نفى قائد في الجبهة التوصل إلى أي اتفاق لوقف إطلاق النار في القصر.");
  c.events.push_back(Ev(c, "AGREE", "2024-06-10", {"org:front"}, {}, "place:qasr"));
  c.events.back().polarity = "denied";
  // Same type and day, elsewhere and between others: not the same happening.
  Document d = Doc("deal-d", "2024-06-10", "صحيفة الشمال", "",
                   "وقعت شركتان في الميناء الجنوبي اتفاقاً لتوسيع الأرصفة.");
  d.entities = {Ent("place:port", "GPE", "الميناء الجنوبي", "South Port", "XB"),
                Ent("org:co", "ORG", "شركة الأرصفة", "Docks Co")};
  d.events.push_back(Ev(d, "AGREE", "2024-06-10", {"org:co"}, {}, "place:port"));
  testing::IngestAll(*store_, {a, b, c, d});

  auto events = Events("AGREE");
  ASSERT_EQ(events.size(), 3u);
  const MergedEvent& truce = events[0];
  ASSERT_EQ(truce.sources.size(), 2u);
  EXPECT_EQ(truce.sources[0].article, "truce-a");
  EXPECT_EQ(truce.sources[1].article, "truce-b");
  EXPECT_EQ(truce.n_sources, 2);
  EXPECT_EQ(truce.first_reported, "2024-06-10");
  EXPECT_EQ(truce.location, "place:qasr");  // the town, more precise than the country
  EXPECT_EQ(truce.polarity, "asserted");
  int denied = 0, port = 0;
  for (const auto& m : events) {
    if (m.polarity == "denied") {
      ++denied;
      ASSERT_EQ(m.sources.size(), 1u);
      EXPECT_EQ(m.sources[0].article, "truce-c");
    }
    if (m.location == "place:port") ++port;
  }
  EXPECT_EQ(denied, 1);
  EXPECT_EQ(port, 1);
  // The contract's shape: entity names instead of ids, sources with evidence.
  auto names = store_->EntityNames(EntityIds(truce));
  ASSERT_TRUE(names.ok());
  std::string json = MergedEventJson(truce, *names);
  EXPECT_NE(json.find("\"name_en\":\"Mountain Liberation Front\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"sources\":[{\"article\":\"truce-a\",\"evidence\":{\"end\":"),
            std::string::npos) << json;
}

TEST_F(Merge, FatalitiesAreConservativeUntilATollRises) {
  Document a = Report("hit-a", "2024-07-01", "صحيفة الشمال",
                      "قتل عشرة أشخاص في قصف استهدف سوق بلدة القصر.");
  a.events.push_back(Ev(a, "ASSAULT", "2024-07-01", {"org:front"}, {}, "place:qasr"));
  a.events.back().fatalities = 10;
  Document b = Report("hit-b", "2024-07-01", "إذاعة الجبل",
                      "مقتل ثمانية مدنيين بقصف على سوق القصر.");
  b.events.push_back(Ev(b, "ASSAULT", "2024-07-01", {"org:front"}, {}, "place:qasr"));
  b.events.back().fatalities = 8;
  testing::IngestAll(*store_, {a, b});
  auto events = Events("ASSAULT");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].fatalities, 8);
  Document c = Report("hit-c", "2024-07-02", "وكالة السهل",
                      "ارتفع عدد قتلى قصف سوق القصر إلى خمسة عشر شخصاً.");
  c.events.push_back(Ev(c, "ASSAULT", "2024-07-01", {"org:front"}, {}, "place:qasr"));
  c.events.back().fatalities = 15;
  testing::IngestAll(*store_, {c});
  events = Events("ASSAULT");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].fatalities, 15);
  EXPECT_EQ(events[0].n_sources, 3);
}

TEST(SaysTollRose, Table) {
  const std::vector<std::pair<std::string, bool>> cases = {
      {"ارتفع عدد القتلى إلى عشرين", true},
      {"وارتفعت حصيلة الضحايا إلى ثلاثين شخصاً", true},
      {"ليرتفع العدد إلى خمسين", true},
      {"لترتفع الحصيلة إلى سبعة", true},
      {"مع ارتفاع حصيلة القتلى في الهجوم", true},
      {"بعد ارتفاع عدد المصابين", true},
      {"ارتفاع الأسعار في الأسواق", false},  // a rise, but not of a count
      {"قتل عشرة أشخاص في قصف على السوق", false},
      {"مرتفعات الجولان", false},             // the root inside another word
      {"", false},
      {"رتف", false},
  };
  for (const auto& [text, want] : cases) EXPECT_EQ(SaysTollRose(text), want) << text;
}

TEST_F(Merge, EvidenceIsTheEventsCodepointRange) {
  // Two events in one body, the second ending past the body's end (clamped),
  // and one in the title.
  Document a = Report("ev-a", "2024-08-01", "صحيفة الشمال", "");
  a.title = "هدنة في القصر";
  a.body = "قصفت الجبهة بلدة القصر. ثم أعلنت هدنة.";
  Event first = Ev(a, "ASSAULT", "2024-08-01", {"org:front"}, {}, "place:qasr");
  first.evidence_start = 0;
  first.evidence_end = 22;  // "قصفت الجبهة بلدة القصر"
  Event second = Ev(a, "AGREE", "2024-08-02", {"org:front"}, {}, "place:qasr");
  second.evidence_start = 27;
  second.evidence_end = 1000;
  Event titled = Ev(a, "AGREE", "2024-08-03", {"org:front"}, {}, "place:qasr");
  titled.in_title = true;
  titled.evidence_start = 0;
  titled.evidence_end = 4;
  a.events = {first, second, titled};
  testing::IngestAll(*store_, {a});
  EventFilter f;
  auto got = store_->Events(f);
  ASSERT_TRUE(got.ok());
  std::multiset<std::string> evidence;
  for (const auto& m : *got)
    for (const auto& s : m.sources) evidence.insert(s.evidence);
  EXPECT_EQ(evidence, (std::multiset<std::string>{"قصفت الجبهة بلدة القصر", "أعلنت هدنة.", "هدنة"}));
}

TEST(SameHappening, Table) {
  EventReport base;
  base.type = "ASSAULT";
  base.polarity = "asserted";
  base.date = "2024-07-01";
  base.date_precision = "day";
  base.actors = {"org:front"};
  base.location = "place:qasr";
  base.location_country = "XA";
  MergedEvent m = StartMerged(base);
  auto with = [&](auto change) {
    EventReport r = base;
    change(r);
    return SameHappening(m, r);
  };
  EXPECT_TRUE(with([](EventReport&) {}));
  EXPECT_TRUE(with([](EventReport& r) { r.date = "2024-07-02"; }));
  EXPECT_FALSE(with([](EventReport& r) { r.date = "2024-07-03"; }));
  EXPECT_FALSE(with([](EventReport& r) { r.type = "PROTEST"; }));
  EXPECT_FALSE(with([](EventReport& r) { r.polarity = "denied"; }));
  EXPECT_FALSE(with([](EventReport& r) { r.actors = {"org:other"}; }));
  EXPECT_FALSE(with([](EventReport& r) { r.location = "place:far"; r.location_country = "XB"; }));
  EXPECT_TRUE(with([](EventReport& r) {
    r.location = "country:XA";
    r.location_is_country = true;
  }));
  // Nothing ties them but type and day: separate.
  EXPECT_FALSE(with([](EventReport& r) { r.actors.clear(); r.location.clear(); }));
}

TEST(Stories, TwoArticlesOnOneStoryClusteredAnUnrelatedOneNot) {
  testing::TempDir dir;
  auto store = testing::OpenOrDie(dir.File("s.db"));
  ASSERT_TRUE(store);
  Document a = Report("dam-1", "2024-08-03", "صحيفة النهر",
                      "بدأت في عاصمة دولة الشمال جولة مفاوضات جديدة حول سد النهر الكبير بين وزيري "
                      "المياه في البلدين، وسط خلاف على جدول ملء خزان السد خلال موسم الجفاف وحصص "
                      "المياه للمزارعين في الحوض الأدنى.");
  a.title = "مفاوضات سد النهر الكبير تنطلق من جديد";
  Document b = Report("dam-2", "2024-08-04", "إذاعة الوادي",
                      "اختتم وزيرا المياه جولة المفاوضات حول سد النهر الكبير دون اتفاق على جدول "
                      "ملء الخزان، واتفقا على لقاء فني الشهر المقبل لبحث حصص المياه وتأثير السد "
                      "على المزارعين في موسم الجفاف.");
  b.title = "لا اتفاق في مفاوضات سد النهر الكبير";
  Document c = Doc("match", "2024-08-04", "إذاعة الوادي", "فوز النادي الأزرق بالكأس",
                   "فاز النادي الأزرق على منافسه بثلاثة أهداف مقابل هدف في نهائي الكأس على "
                   "الملعب البلدي، وسجل المهاجم الشاب هدفين في الشوط الثاني أمام جمهور غفير.");
  testing::IngestAll(*store, {a, c, b});
  auto stories = store->Stories(0, 0);
  ASSERT_TRUE(stories.ok());
  std::map<std::string, int64_t> story_of;
  for (const auto& s : *stories)
    for (const auto& id : s.articles) story_of[id] = s.id;
  EXPECT_EQ(story_of["dam-1"], story_of["dam-2"]);
  EXPECT_NE(story_of["dam-1"], story_of["match"]);
  auto story = store->StoryById(story_of["dam-1"]);
  ASSERT_TRUE(story.ok() && story->has_value());
  EXPECT_EQ((*story)->first, "2024-08-03");
  EXPECT_EQ((*story)->last, "2024-08-04");
  EXPECT_NE((*story)->label.find("دولة الشمال"), std::string::npos) << (*story)->label;
}

TEST(Stories, FarApartInTimeStartANewStory) {
  testing::TempDir dir;
  auto store = testing::OpenOrDie(dir.File("t.db"));
  ASSERT_TRUE(store);
  const char* body = "عقدت لجنة الحدود المشتركة اجتماعها الدوري لبحث ترسيم الحدود البحرية "
                     "وتقاسم حقول الغاز بين البلدين.";
  testing::IngestAll(*store, {Report("b-1", "2024-01-01", "أ", body),
                              Report("b-2", "2024-03-01", "ب",
                                     "اجتمعت لجنة الحدود المشتركة مجدداً لبحث ترسيم الحدود "
                                     "البحرية وحقول الغاز المتنازع عليها بين البلدين.")});
  EXPECT_EQ(store->Stats()->stories, 2);
}

}  // namespace
}  // namespace marsad::corpus
