// Throughput of the NER tagger (NerModel::Tag on whole articles, both passes,
// with and without the model's own gazetteer look-up) in tokens/s on one core.
// Uses the shipped data/ner/model.bin; text from ../shared news when present
// (unzipped to /tmp), else built-in synthetic Arabic. Target: >= 1,000,000 tokens/s
// (CPU time; the per-thread word cache is warm after the first iteration).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_corpus.h"

#include "entities/ner.h"
#include "text/text.h"

namespace {

namespace fs = std::filesystem;
using marsad::entities::NerModel;
using marsad::text::Token;

constexpr size_t kCorpusBytes = 4u << 20;

std::vector<std::string> SharedArticles() { return marsad::bench::SaudiNewsNetBodies(kCorpusBytes, "marsad_ner_bench"); }

// Our own vocabulary, shuffled into 300-word articles.
std::vector<std::string> SyntheticArticles() {
  static const char* kWords[] = {
      "قال", "الرئيس", "سليم", "عواد", "إن", "الحكومة", "ستعمل", "على", "تطوير", "المشروعات", "في",
      "مدينة", "حمص", "وأضاف", "بالتعاون", "مع", "شركة", "النخيل", "للتنمية", "أمس", "الأربعاء",
      "الاقتصاد", "بنسبة", "3.5", "2023", "مليون", "،", "مؤتمر", "صحفي", "وزير", "الخارجية",
      "بيروت", "فرنسا", "القاهرة", "الأمم", "المتحدة", "«", "»", "كريم", "ناصر", "بنك", "السنابل",
  };
  std::mt19937 rng(7);
  std::vector<std::string> out;
  size_t bytes = 0;
  while (bytes < kCorpusBytes) {
    std::string a;
    for (int k = 0; k < 300; ++k) {
      a += kWords[rng() % std::size(kWords)];
      a += rng() % 15 == 0 ? " . " : " ";
    }
    bytes += a.size();
    out.push_back(std::move(a));
  }
  return out;
}

struct Fixture {
  std::shared_ptr<const NerModel> model;
  std::vector<std::vector<Token>> articles;
  std::vector<std::vector<uint8_t>> bits;
  size_t tokens = 0;
};

const Fixture& Data() {
  static const Fixture f = [] {
    Fixture x;
    const std::string path = std::string(MARSAD_SOURCE_DIR) + "/data/ner/model.bin";
    auto m = NerModel::Load(path);
    if (!m.ok()) {
      std::fprintf(stderr, "ner_bench: %s\n", m.status().message().c_str());
      return x;
    }
    x.model = *m;
    auto texts = SharedArticles();
    std::fprintf(stderr, "ner_bench corpus: %s\n", texts.empty() ? "synthetic (../shared not found)" : "saudinewsnet");
    if (texts.empty()) texts = SyntheticArticles();
    auto gaz = marsad::entities::Gazetteer::Load(NerModel::DefaultGazetteerDirs(path));
    for (const auto& t : texts) {
      x.articles.push_back(marsad::text::Tokenize(t));
      x.tokens += x.articles.back().size();
      x.bits.push_back(gaz.ok() ? (*gaz)->Bits(x.articles.back()) : std::vector<uint8_t>(x.articles.back().size()));
    }
    return x;
  }();
  return f;
}

void Run(benchmark::State& state, bool given_bits) {
  const Fixture& f = Data();
  if (!f.model) {
    state.SkipWithError("data/ner/model.bin not loadable");
    return;
  }
  const size_t n = std::min<size_t>(f.articles.size(), size_t(state.range(0)));
  size_t tokens = 0;
  for (size_t i = 0; i < n; ++i) tokens += f.articles[i].size();
  for (auto _ : state)
    for (size_t i = 0; i < n; ++i) benchmark::DoNotOptimize(f.model->Tag(f.articles[i], given_bits ? &f.bits[i] : nullptr));
  state.counters["tokens/s"] = benchmark::Counter(double(tokens) * double(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_NerTag(benchmark::State& state) { Run(state, false); }
void BM_NerTagGivenGazetteerBits(benchmark::State& state) { Run(state, true); }

BENCHMARK(BM_NerTag)->RangeMultiplier(8)->Range(8, 512)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NerTagGivenGazetteerBits)->Arg(512)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
