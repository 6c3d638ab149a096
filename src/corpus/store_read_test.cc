// The read queries the HTTP server needs beyond the CLI's: event counts and the
// outlet filter, outlets, one entity with its variants, mentions per day and
// the articles mentioning it.
#include <gtest/gtest.h>

#include "corpus/test_util.h"

namespace marsad::corpus {
namespace {

using testing::Doc;
using testing::Ent;
using testing::TempDir;

Document Attack(std::string id, std::string day, std::string outlet, std::string place_text) {
  Document d = Doc(std::move(id), day, std::move(outlet), "قصف " + place_text,
                   "قصفت طائرات مسيرة مواقع في " + place_text + " صباح اليوم.");
  Entity place = Ent("place:ganja", "GPE", "كنجة", "Ganja", "AZ");
  place.mentions = {{24, 24 + 4, place_text}};
  d.entities.push_back(place);
  Event ev;
  ev.type = "ASSAULT";
  ev.date = {day, "day"};
  ev.location = "place:ganja";
  ev.evidence_start = 0;
  ev.evidence_end = 20;
  d.events.push_back(ev);
  return d;
}

class StoreRead : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::OpenOrDie(dir_.File("r.db"));
    ASSERT_TRUE(store_);
    // Different days so that the two reports stay two merged events.
    testing::IngestAll(*store_, {Attack("a1", "2024-02-01", "وكالة الشمال", "كنجة"),
                                 Attack("a2", "2024-02-05", "جريدة الجنوب", "گنجة"),
                                 Attack("a3", "2024-02-05", "وكالة الشمال", "كنجة")});
  }
  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreRead, CountsEventsAndFiltersByOutlet) {
  EventFilter all;
  all.limit = 1;  // ignored by the count
  auto n = store_->CountEvents(all);
  ASSERT_TRUE(n.ok()) << n.status().message();
  auto listed = store_->Events(EventFilter{});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(*n, static_cast<int64_t>(listed->size()));
  EXPECT_GE(*n, 2);

  EventFilter south;
  south.source = "جريدة الجنوب";
  auto got = store_->Events(south);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ(got->front().date, "2024-02-05");
  EXPECT_EQ(*store_->CountEvents(south), 1);
  south.source = "لا أحد";
  EXPECT_EQ(*store_->CountEvents(south), 0);
}

TEST_F(StoreRead, ListsOutletsByArticleCount) {
  auto o = store_->Outlets();
  ASSERT_TRUE(o.ok());
  ASSERT_EQ(o->size(), 2u);
  EXPECT_EQ((*o)[0], (std::pair<std::string, int>{"وكالة الشمال", 2}));
  EXPECT_EQ((*o)[1], (std::pair<std::string, int>{"جريدة الجنوب", 1}));
}

TEST_F(StoreRead, EntityWithVariantsTimelineAndArticles) {
  auto e = store_->EntityById("place:ganja");
  ASSERT_TRUE(e.ok());
  ASSERT_TRUE(e->has_value());
  const EntityRow& row = **e;
  EXPECT_EQ(row.name_en, "Ganja");
  EXPECT_EQ(row.mentions, 3);
  EXPECT_EQ(row.articles, 3);
  ASSERT_EQ(row.variants.size(), 2u);
  EXPECT_EQ(row.variants[0], (std::pair<std::string, int>{"كنجة", 2}));
  EXPECT_EQ(row.variants[1], (std::pair<std::string, int>{"گنجة", 1}));

  auto days = store_->EntityTimeline("place:ganja");
  ASSERT_TRUE(days.ok());
  ASSERT_EQ(days->size(), 2u);
  EXPECT_EQ((*days)[0].day, "2024-02-01");
  EXPECT_EQ((*days)[0].mentions, 1);
  EXPECT_EQ((*days)[1].day, "2024-02-05");
  EXPECT_EQ((*days)[1].articles, 2);

  auto arts = store_->ArticlesByEntity("place:ganja", 2);
  ASSERT_TRUE(arts.ok());
  ASSERT_EQ(arts->size(), 2u);
  EXPECT_EQ((*arts)[0].published, "2024-02-05");

  auto none = store_->EntityById("place:nowhere");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  EXPECT_TRUE(store_->EntityTimeline("place:nowhere")->empty());
}

}  // namespace
}  // namespace marsad::corpus
