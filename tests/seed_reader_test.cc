// Acceptance figures of the reader and cleaner on the five seed articles of
// ../shared/seeds against ../shared/gold/seeds: title, publication date,
// source, appended-article count, body_must_include / body_must_exclude.
// Prints the figures; fails below 100%. Skips when ../shared is absent.
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace marsad::testing {
namespace {

struct Tally {
  int ok = 0, total = 0;
  void Add(bool good) { ok += good; ++total; }
  std::string Str() const { return std::to_string(ok) + "/" + std::to_string(total); }
};

TEST(SeedReader, MetadataAndBodyMatchGold) {
  std::string shared = SharedDir();
  if (shared.empty()) GTEST_SKIP() << "../shared not found: seed figures not measured";
  Tally title, published, source, appended, include, exclude;
  std::vector<std::string> seeds;
  for (const auto& e : std::filesystem::directory_iterator(shared + "/seeds"))
    if (e.path().extension() == ".txt") seeds.push_back(e.path().string());
  std::sort(seeds.begin(), seeds.end());
  ASSERT_FALSE(seeds.empty());
  for (const auto& path : seeds) {
    std::string stem = std::filesystem::path(path).stem().string();
    auto gold = nlohmann::json::parse(ReadFileOrDie(shared + "/gold/seeds/" + stem + ".json"));
    auto docs = AnalyzeFile(DefaultPipeline(), path);
    ASSERT_EQ(docs.size(), 1u) << path;
    const Document& d = docs[0];
    ASSERT_TRUE(d.error.empty()) << d.error;
    bool t = Squash(d.title) == Squash(gold["title"].get<std::string>());
    title.Add(t);
    EXPECT_TRUE(t) << stem << " title: got [" << d.title << "]";
    bool p;
    if (gold["published"].is_null()) {
      std::string inferable = gold.value("published_inferable", nlohmann::json()).is_string()
                                  ? gold["published_inferable"].get<std::string>() : "";
      p = (d.published.value.empty() && d.published.origin == "none") ||
          (d.published.value == inferable && d.published.origin == "inferred");
    } else {
      p = d.published.value == gold["published"].get<std::string>() && d.published.origin == "dateline";
    }
    published.Add(p);
    EXPECT_TRUE(p) << stem << " published: got " << d.published.value << " (" << d.published.origin << ")";
    bool s = gold["source"].is_null() ? !d.source.has_value()
                                      : d.source && Squash(*d.source) == Squash(gold["source"].get<std::string>());
    source.Add(s);
    EXPECT_TRUE(s) << stem << " source: got " << d.source.value_or("null");
    bool a = static_cast<int>(d.appended.size()) == gold["appended_articles"].get<int>();
    appended.Add(a);
    EXPECT_TRUE(a) << stem << " appended: got " << d.appended.size();
    std::string body = Squash(d.body);
    for (const auto& inc : gold["body_must_include"]) {
      bool ok = body.find(Squash(inc.get<std::string>())) != std::string::npos;
      include.Add(ok);
      EXPECT_TRUE(ok) << stem << " body lacks: " << inc.get<std::string>();
    }
    for (const auto& exc : gold["body_must_exclude"]) {
      bool ok = body.find(Squash(exc.get<std::string>())) == std::string::npos;
      exclude.Add(ok);
      EXPECT_TRUE(ok) << stem << " body keeps: " << exc.get<std::string>();
    }
  }
  std::cout << "[seed reader] title " << title.Str() << ", published " << published.Str()
            << ", source " << source.Str() << ", appended " << appended.Str()
            << ", body_must_include " << include.Str() << ", body_must_exclude " << exclude.Str()
            << "\n";
}

}  // namespace
}  // namespace marsad::testing
