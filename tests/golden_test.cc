// Golden documents: every input in tests/golden (txt, html, json, jsonl) is
// analysed and checked twice:
//  - against <name>.facts.json, facts written by hand (title, published,
//    source, tags, appended count, body_must_include / body_must_exclude);
//  - against <name>.expected.jsonl, the whole output, so that any change is
//    reviewed as a diff. MARSAD_UPDATE_GOLDEN=1 rewrites the expected files.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace marsad::testing {
namespace {

namespace fs = std::filesystem;

bool IsInput(const fs::path& p) {
  std::string name = p.filename().string();
  auto ends = [&](const std::string& s) {
    return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  if (ends(".facts.json") || ends(".expected.jsonl")) return false;
  return ends(".txt") || ends(".html") || ends(".json") || ends(".jsonl");
}

std::vector<std::string> GoldenInputs() {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(SourceDir() + "/tests/golden", ec))
    if (e.is_regular_file() && IsInput(e.path())) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string Stem(const std::string& name) { return name.substr(0, name.find('.')); }

void CheckFacts(const Document& d, const nlohmann::json& f, const std::string& where) {
  if (f.contains("title")) {
    EXPECT_EQ(Squash(d.title), Squash(f["title"].get<std::string>())) << where;
  }
  if (f.contains("published")) {
    std::string want = f["published"].is_null() ? "" : f["published"].get<std::string>();
    EXPECT_EQ(d.published.value, want) << where << " published";
  }
  if (f.contains("published_origin")) {
    EXPECT_EQ(d.published.origin, f["published_origin"].get<std::string>()) << where;
  }
  if (f.contains("source")) {
    std::string want = f["source"].is_null() ? "(null)" : Squash(f["source"].get<std::string>());
    EXPECT_EQ(d.source ? Squash(*d.source) : "(null)", want) << where << " source";
  }
  if (f.contains("tags")) {
    std::vector<std::string> want;
    for (const auto& t : f["tags"]) want.push_back(Squash(t.get<std::string>()));
    std::vector<std::string> got;
    for (const auto& t : d.tags) got.push_back(Squash(t));
    EXPECT_EQ(got, want) << where << " tags";
  }
  if (f.contains("appended")) {
    EXPECT_EQ(static_cast<int>(d.appended.size()), f["appended"].get<int>()) << where << " appended";
  }
  std::string body = Squash(d.body);
  for (const auto& s : f.value("body_must_include", nlohmann::json::array()))
    EXPECT_NE(body.find(Squash(s.get<std::string>())), std::string::npos)
        << where << " body lacks: " << s.get<std::string>();
  for (const auto& s : f.value("body_must_exclude", nlohmann::json::array()))
    EXPECT_EQ(body.find(Squash(s.get<std::string>())), std::string::npos)
        << where << " body keeps: " << s.get<std::string>();
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, MatchesFactsAndExpectedOutput) {
  const std::string name = GetParam();
  const std::string dir = SourceDir() + "/tests/golden/";
  auto docs = AnalyzeFile(DefaultPipeline(), dir + name);
  ASSERT_FALSE(docs.empty());

  // Hand-written facts.
  std::string facts_path = dir + Stem(name) + ".facts.json";
  ASSERT_TRUE(fs::exists(facts_path)) << "every golden input needs " << facts_path;
  auto facts = nlohmann::json::parse(ReadFileOrDie(facts_path));
  if (!facts.is_array()) facts = nlohmann::json::array({facts});
  ASSERT_EQ(facts.size(), docs.size()) << name << ": articles in facts vs output";
  for (size_t i = 0; i < docs.size(); ++i) {
    EXPECT_TRUE(docs[i].error.empty()) << docs[i].error;
    CheckFacts(docs[i], facts[i], name + "#" + std::to_string(i + 1));
  }

  // Whole output, reviewed as a diff.
  std::string got;
  for (const auto& d : docs) {
    auto j = nlohmann::ordered_json::parse(ToJson(d));
    // Inputs are paths: keep only what is stable across checkouts.
    std::function<void(nlohmann::ordered_json&)> strip = [&](nlohmann::ordered_json& o) {
      std::string in = o.value("input", "");
      size_t cut = in.find(name);
      if (cut != std::string::npos) o["input"] = in.substr(cut);
      if (o.contains("appended"))
        for (auto& a : o["appended"]) strip(a);
    };
    strip(j);
    got += j.dump(-1, ' ', false) + "\n";
  }
  std::string expected_path = dir + Stem(name) + ".expected.jsonl";
  const char* update = std::getenv("MARSAD_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(expected_path, std::ios::binary) << got;
    return;
  }
  ASSERT_TRUE(fs::exists(expected_path))
      << "missing " << expected_path << " (run with MARSAD_UPDATE_GOLDEN=1 and review the diff)";
  EXPECT_EQ(got, ReadFileOrDie(expected_path))
      << name << ": output changed; review and rerun with MARSAD_UPDATE_GOLDEN=1 if intended";
}

INSTANTIATE_TEST_SUITE_P(Files, Golden, ::testing::ValuesIn(GoldenInputs()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n;
                           for (char c : info.param) n.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
                           return n;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Golden);

}  // namespace
}  // namespace marsad::testing
