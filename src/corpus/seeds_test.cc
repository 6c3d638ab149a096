// Acceptance on the five seed pages (../shared/seeds): 000, 001, 003 and 004
// report the September 2023 offensive and its aftermath (one story), and the
// ceasefire reported by 001 and 004 is one merged event with both sources.
// Skipped when ../shared is absent.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "corpus/test_util.h"
#include "marsad/pipeline.h"
#include "reader/reader.h"

namespace marsad::corpus {
namespace {

namespace fs = std::filesystem;

struct Seeds {
  std::map<std::string, Document> by_prefix;  // "000" → its document
};

TEST(Seeds, OffensiveStoryAndCeasefireEvent) {
  const fs::path dir = fs::path(MARSAD_SOURCE_DIR) / ".." / "shared" / "seeds";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "../shared not found";
  auto pipeline = Pipeline::Create({});
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().message();
  std::vector<Document> docs;
  std::map<std::string, std::string> id_of;  // "000" → article id
  reader::ReadInputs({dir.string()}, {}, [&](RawArticle&& raw) {
    docs.push_back((*pipeline)->Analyze(raw));
    id_of[fs::path(raw.input).filename().string().substr(0, 3)] = docs.back().id;
  });
  ASSERT_EQ(docs.size(), 5u);
  size_t entities = 0, events = 0;
  for (const auto& d : docs) entities += d.entities.size(), events += d.events.size();

  testing::TempDir tmp;
  auto store = testing::OpenOrDie(tmp.File("seeds.db"));
  ASSERT_TRUE(store);
  auto st = testing::IngestAll(*store, docs);
  ASSERT_EQ(st.stored, 5u);
  auto stories = store->Stories(0, 0);
  ASSERT_TRUE(stories.ok());
  std::map<std::string, int64_t> story_of;
  for (const auto& s : *stories)
    for (const auto& id : s.articles) story_of[id] = s.id;

  // The ceasefire: a merged AGREE event whose sources include 001 and 004.
  EventFilter f;
  f.type = "AGREE";
  auto agree = store->Events(f);
  ASSERT_TRUE(agree.ok());
  bool ceasefire = false;
  for (const auto& m : *agree) {
    std::set<std::string> arts;
    for (const auto& s : m.sources) arts.insert(s.article);
    if (arts.count(id_of["001"]) && arts.count(id_of["004"])) ceasefire = true;
  }
  const bool one_story = story_of[id_of["000"]] == story_of[id_of["001"]] &&
                         story_of[id_of["000"]] == story_of[id_of["003"]] &&
                         story_of[id_of["000"]] == story_of[id_of["004"]] &&
                         story_of[id_of["002"]] != story_of[id_of["000"]];
  if (entities == 0 && !one_story)
    GTEST_SKIP() << "entity extraction returns no entities yet (src/entities): the story "
                    "needs entity ids as features";
  EXPECT_TRUE(one_story) << "stories: 000→" << story_of[id_of["000"]] << " 001→"
                         << story_of[id_of["001"]] << " 002→" << story_of[id_of["002"]]
                         << " 003→" << story_of[id_of["003"]] << " 004→"
                         << story_of[id_of["004"]];
  if (events == 0 && !ceasefire)
    GTEST_SKIP() << "event extraction returns no events yet (src/events): nothing to merge";
  EXPECT_TRUE(ceasefire) << agree->size() << " AGREE events, none with sources 001 and 004";
}

}  // namespace
}  // namespace marsad::corpus
