// Seed acceptance for times and numbers: tags each seed text (publication date
// from the gold) and scores against ../shared/gold/seeds with the README's
// matching rules. Prints per-seed and total recall and precision.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/tsv.h"
#include "text/calendar.h"
#include "text/text.h"
#include "time/time.h"

namespace marsad::time {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string Squash(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    bool ws = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (ws) { space = !out.empty(); continue; }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

struct Item {
  std::string surface, value;
  int start = -1, end = -1;  // code points; -1 for gold (located on demand)
};

// Surfaces overlap: one contains the other, or a located occurrence of the gold
// surface overlaps the system span.
bool Overlap(const Item& gold, const Item& sys, const std::string& text, const text::CodepointIndex& cp) {
  std::string g = Squash(gold.surface), s = Squash(sys.surface);
  if (g.find(s) != std::string::npos || s.find(g) != std::string::npos) {
    // Substrings must also be near each other: require a located overlap when
    // the shorter one is a common word; cheap check over all occurrences.
  }
  for (size_t pos = text.find(gold.surface); pos != std::string::npos; pos = text.find(gold.surface, pos + 1)) {
    int b = cp.ToCodepoint(pos), e = cp.ToCodepoint(pos + gold.surface.size());
    if (b < sys.end && sys.start < e) return true;
  }
  return false;
}

struct Score {
  int gold = 0, hit = 0, sys = 0, sys_ok = 0;
};

void ScoreList(const json& gold_items, const std::vector<Item>& sys, const std::string& text,
               const text::CodepointIndex& cp, int body_begin, int body_end, Score* sc,
               const std::string& seed, const char* what) {
  std::vector<Item> gold, optional;
  for (const auto& g : gold_items) {
    Item it;
    it.surface = g["surface"].get<std::string>();
    it.value = g["value"].is_string() ? g["value"].get<std::string>() : g["value"].dump();
    (g.value("optional", false) ? optional : gold).push_back(it);
  }
  auto same_value = [](const std::string& a, const std::string& b) {
    if (a == b) return true;
    char* e1; char* e2;
    double x = std::strtod(a.c_str(), &e1), y = std::strtod(b.c_str(), &e2);
    return *e1 == 0 && *e2 == 0 && !a.empty() && !b.empty() && std::fabs(x - y) < 1e-3;
  };
  for (const auto& g : gold) {
    ++sc->gold;
    bool ok = false;
    for (const auto& s : sys)
      if (s.start >= body_begin && s.end <= body_end && same_value(g.value, s.value) && Overlap(g, s, text, cp))
        ok = true;
    if (ok) ++sc->hit;
    else std::printf("  %s MISS %s: %s = %s\n", seed.c_str(), what, g.surface.c_str(), g.value.c_str());
  }
  for (const auto& s : sys) {
    if (s.start < body_begin || s.end > body_end) continue;
    ++sc->sys;
    bool ok = false;
    for (const auto* list : {&gold, &optional})
      for (const auto& g : *list)
        if (same_value(g.value, s.value) && Overlap(g, s, text, cp)) ok = true;
    if (ok) ++sc->sys_ok;
    else std::printf("  %s EXTRA %s: %s = %s\n", seed.c_str(), what, s.surface.c_str(), s.value.c_str());
  }
}

std::string NumberValue(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

TEST(SeedTimes, RecallAndPrecision) {
  const std::string shared = MARSAD_SOURCE_DIR "/../shared";
  if (!fs::exists(shared + "/gold/seeds")) GTEST_SKIP() << "../shared not found";
  auto tagger = Tagger::Create(MARSAD_DATA_DIR);
  ASSERT_TRUE(tagger.ok()) << tagger.status().message();
  std::vector<fs::path> golds;
  for (const auto& e : fs::directory_iterator(shared + "/gold/seeds"))
    if (e.path().extension() == ".json") golds.push_back(e.path());
  std::sort(golds.begin(), golds.end());
  Score times_total, numbers_total;
  for (const auto& gp : golds) {
    json gold = json::parse(std::ifstream(gp));
    std::string seed = gp.stem().string();
    auto text = base::ReadFile(shared + "/seeds/" + gold["input"].get<std::string>());
    ASSERT_TRUE(text.ok());
    std::string pub_s = gold["published"].is_string() ? gold["published"].get<std::string>()
                                                      : gold["published_inferable"].get<std::string>();
    text::CivilDate pub{std::stoi(pub_s.substr(0, 4)), std::stoi(pub_s.substr(5, 2)), std::stoi(pub_s.substr(8, 2))};
    std::vector<TimeExpr> times;
    std::vector<Number> numbers;
    (*tagger)->Tag(*text, &pub, &times, &numbers);
    text::CodepointIndex cp(*text);
    const auto& must = gold["body_must_include"];
    size_t b = text->find(must.front().get<std::string>());
    std::string last = must.back().get<std::string>();
    size_t e = text->find(last, b);
    ASSERT_NE(b, std::string::npos);
    ASSERT_NE(e, std::string::npos);
    int body_begin = cp.ToCodepoint(b), body_end = cp.ToCodepoint(e + last.size());
    std::vector<Item> st, sn;
    for (const auto& t : times) st.push_back({t.text, t.value, t.start, t.end});
    for (const auto& n : numbers) sn.push_back({n.text, NumberValue(n.value), n.start, n.end});
    Score ts, ns;
    ScoreList(gold["times"], st, *text, cp, body_begin, body_end, &ts, seed, "time");
    ScoreList(gold["numbers"], sn, *text, cp, body_begin, body_end, &ns, seed, "number");
    std::printf("%s times %d/%d (precision %d/%d)  numbers %d/%d (precision %d/%d)\n", seed.c_str(), ts.hit,
                ts.gold, ts.sys_ok, ts.sys, ns.hit, ns.gold, ns.sys_ok, ns.sys);
    for (auto [to, from] : {std::pair{&times_total, &ts}, std::pair{&numbers_total, &ns}}) {
      to->gold += from->gold, to->hit += from->hit, to->sys += from->sys, to->sys_ok += from->sys_ok;
    }
  }
  auto ratio = [](int a, int b) { return b ? double(a) / b : 1.0; };
  std::printf("TOTAL times recall %.3f (%d/%d) precision %.3f (%d/%d)\n", ratio(times_total.hit, times_total.gold),
              times_total.hit, times_total.gold, ratio(times_total.sys_ok, times_total.sys), times_total.sys_ok,
              times_total.sys);
  std::printf("TOTAL numbers recall %.3f (%d/%d) precision %.3f (%d/%d)\n",
              ratio(numbers_total.hit, numbers_total.gold), numbers_total.hit, numbers_total.gold,
              ratio(numbers_total.sys_ok, numbers_total.sys), numbers_total.sys_ok, numbers_total.sys);
  EXPECT_GE(ratio(times_total.hit, times_total.gold), 0.95);
  EXPECT_GE(ratio(numbers_total.hit, numbers_total.gold), 0.95);
}

}  // namespace
}  // namespace marsad::time
