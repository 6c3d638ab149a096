// Seed acceptance: the gold entities of ../shared/gold/seeds found with
// precision and recall >= 0.9 (matching rule of the gold README). The body is
// the gold's body span (first to last body_must_include string), so the
// cleaner's quality does not enter these figures.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/tsv.h"
#include "entities/entities.h"
#include "entities/gazetteer.h"

namespace marsad::entities {
namespace {

const std::string kShared = MARSAD_SOURCE_DIR "/../shared";

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  std::istringstream in{std::string(s)};
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// One word equals another, or is it with proclitics attached (بروسيا ~ روسيا).
bool WordMatches(const std::string& a, const std::string& b) {
  if (a == b) return true;
  static const std::string_view kClitics[] = {"و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"};
  const std::string& longer = a.size() > b.size() ? a : b;
  const std::string& shorter = a.size() > b.size() ? b : a;
  if (!longer.ends_with(shorter)) return false;
  std::string_view pre(longer.data(), longer.size() - shorter.size());
  return std::find(std::begin(kClitics), std::end(kClitics), pre) != std::end(kClitics);
}

bool SurfaceMatches(std::string_view mention, std::string_view surface) {
  auto a = Words(mention), b = Words(surface);
  if (a.size() != b.size() || a.empty()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!WordMatches(a[i], b[i])) return false;
  return true;
}

std::string Lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

bool Matches(const Entity& sys, const nlohmann::json& gold) {
  std::vector<std::string> names{gold["name_en"].get<std::string>()};
  if (gold.contains("aliases_en"))
    for (const auto& a : gold["aliases_en"]) names.push_back(a.get<std::string>());
  for (const auto& n : names)
    if (!sys.name_en.empty() && Lower(n) == Lower(sys.name_en)) return true;
  for (const auto& s : gold["surfaces"])
    for (const auto* ms : {&sys.mentions, &sys.title_mentions})
      for (const Mention& m : *ms)
        if (SurfaceMatches(m.text, s.get<std::string>())) return true;
  return false;
}

struct Score {
  int tp = 0, sys = 0, gold = 0, type_ok = 0;
  void Add(const Score& o) { tp += o.tp, sys += o.sys, gold += o.gold, type_ok += o.type_ok; }
  double P() const { return sys ? double(tp) / sys : 1; }
  double R() const { return gold ? double(tp) / gold : 1; }
  double F() const { return P() + R() > 0 ? 2 * P() * R() / (P() + R()) : 0; }
};

// Maximum one-to-one matching (Kuhn's augmenting paths).
Score ScoreSeed(const std::vector<Entity>& sys, const nlohmann::json& gold_entities, std::string* report) {
  std::vector<const nlohmann::json*> required, optional;
  for (const auto& g : gold_entities) (g.value("optional", false) ? optional : required).push_back(&g);
  std::vector<std::vector<int>> adj(sys.size());
  for (size_t s = 0; s < sys.size(); ++s)
    for (size_t g = 0; g < required.size(); ++g)
      if (Matches(sys[s], *required[g])) adj[s].push_back(static_cast<int>(g));
  std::vector<int> gold_of(sys.size(), -1), sys_of(required.size(), -1);
  std::function<bool(int, std::vector<bool>&)> augment = [&](int s, std::vector<bool>& seen) {
    for (int g : adj[s]) {
      if (seen[g]) continue;
      seen[g] = true;
      if (sys_of[g] < 0 || augment(sys_of[g], seen)) {
        sys_of[g] = s, gold_of[s] = g;
        return true;
      }
    }
    return false;
  };
  for (size_t s = 0; s < sys.size(); ++s) {
    std::vector<bool> seen(required.size());
    augment(static_cast<int>(s), seen);
  }
  Score sc;
  sc.gold = static_cast<int>(required.size());
  for (size_t s = 0; s < sys.size(); ++s) {
    const std::string what = sys[s].id + " " + sys[s].type + " \"" +
                             (sys[s].mentions.empty() ? (sys[s].title_mentions.empty() ? "" : sys[s].title_mentions[0].text)
                                                      : sys[s].mentions[0].text) + "\"";
    if (gold_of[s] >= 0) {
      ++sc.tp, ++sc.sys;
      if ((*required[gold_of[s]])["type"] == sys[s].type) ++sc.type_ok;
      else *report += "  type " + what + " gold " + (*required[gold_of[s]])["type"].get<std::string>() + "\n";
      continue;
    }
    bool opt = false;
    for (const auto* g : optional) opt |= Matches(sys[s], *g);
    if (opt) continue;
    ++sc.sys;
    *report += "  FP " + what + "\n";
  }
  for (size_t g = 0; g < required.size(); ++g)
    if (sys_of[g] < 0)
      *report += "  FN " + (*required[g])["name_en"].get<std::string>() + " " + (*required[g])["surfaces"].dump() + "\n";
  return sc;
}

Score RunSeeds(const Recognizer& rec, bool verbose) {
  Score total;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(kShared + "/gold/seeds"))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    auto content = base::ReadFile(path.string());
    if (!content.ok()) continue;
    nlohmann::json gold = nlohmann::json::parse(*content);
    auto seed = base::ReadFile(kShared + "/seeds/" + gold["input"].get<std::string>());
    if (!seed.ok()) continue;
    const auto& must = gold["body_must_include"];
    const std::string first = must.front().get<std::string>(), last = must.back().get<std::string>();
    size_t b = seed->find(first), e = seed->find(last, b == std::string::npos ? 0 : b);
    EXPECT_NE(b, std::string::npos) << path;
    EXPECT_NE(e, std::string::npos) << path;
    if (b == std::string::npos || e == std::string::npos) continue;
    // The cleaner removes these (related headlines, captions) from the body.
    std::string body = seed->substr(b, e + last.size() - b);
    for (const auto& x : gold["body_must_exclude"])
      for (size_t at; (at = body.find(x.get<std::string>())) != std::string::npos;) body.erase(at, x.get<std::string>().size());
    const std::string title = gold["title"].get<std::string>();
    std::string report;
    Score sc = ScoreSeed(rec.Find(title, body), gold["entities"], &report);
    std::printf("%s  P %.3f  R %.3f  F1 %.3f  (tp %d, sys %d, gold %d, type %d/%d)\n",
                path.stem().c_str(), sc.P(), sc.R(), sc.F(), sc.tp, sc.sys, sc.gold, sc.type_ok, sc.tp);
    if (verbose) std::printf("%s", report.c_str());
    total.Add(sc);
  }
  std::printf("TOTAL  P %.3f  R %.3f  F1 %.3f  type accuracy %.3f (%d/%d)\n", total.P(), total.R(), total.F(),
              total.tp ? double(total.type_ok) / total.tp : 0.0, total.type_ok, total.tp);
  return total;
}

TEST(SeedEntities, PrecisionAndRecallAtLeast90) {
  if (!std::filesystem::is_directory(kShared + "/gold/seeds")) GTEST_SKIP() << "../shared not found";
  const std::string data = MARSAD_DATA_DIR;
  RecognizerOptions opts;  // no user gazetteer: the figures depend on the repository only
  const std::string model = data + "/ner/model.bin";
  if (std::filesystem::exists(model)) {
    opts.ner_model = model;
    opts.ner_required = true;
    auto with = Recognizer::Create(data, opts);
    if (with.ok()) {
      std::printf("== with the NER model\n");
      Score s = RunSeeds(**with, true);
      EXPECT_GE(s.P(), 0.9);
      EXPECT_GE(s.R(), 0.9);
    } else {
      std::printf("== NER model not usable: %s\n", with.status().message().c_str());
    }
    opts.ner_model.clear();
    opts.ner_required = false;
  }
  auto rec = Recognizer::Create(data, opts);
  ASSERT_TRUE(rec.ok()) << rec.status().message();
  std::printf("== KB and cues only\n");
  Score s = RunSeeds(**rec, true);
  EXPECT_GE(s.P(), 0.9);
  EXPECT_GE(s.R(), 0.9);
}

// Informational: the same figures with the cities15000 gazetteer imported,
// to see what a user's index adds or costs. Not asserted.
TEST(SeedEntities, WithCities15000Gazetteer) {
  const std::string zip = kShared + "/data/geo/geonames-cities15000.zip";
  if (!std::filesystem::exists(zip)) GTEST_SKIP() << "../shared not found";
  const std::string index = (std::filesystem::temp_directory_path() / "marsad_seed_gazetteer.tsv").string();
  ImportStats stats;
  ASSERT_TRUE(ImportGeoNames(zip, index, &stats).ok());
  RecognizerOptions opts;
  opts.gazetteer = index;
  auto rec = Recognizer::Create(MARSAD_DATA_DIR, opts);
  ASSERT_TRUE(rec.ok()) << rec.status().message();
  std::printf("== KB, cues and the cities15000 gazetteer\n");
  RunSeeds(**rec, true);
  std::filesystem::remove(index);
}

}  // namespace
}  // namespace marsad::entities
