// Throughput of the time and number tagger (Tagger::Tag, one article at a time)
// on SaudiNewsNet article bodies when ../shared is present (zips extracted to
// /tmp at start-up), else on synthetic news-like text. Target: >= 20 MB/s on
// one core. Prints MB/s as Google Benchmark's bytes_per_second.
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

#include "time/time.h"

namespace {

namespace fs = std::filesystem;
constexpr size_t kCorpusBytes = 8u << 20;

std::vector<std::string> LoadSharedArticles() { return marsad::bench::SaudiNewsNetBodies(kCorpusBytes, "marsad_time_bench"); }

// Our own sentences with dates, relative times and numbers in news-like density.
std::vector<std::string> SyntheticArticles() {
  static const char* kWords[] = {
      "قال", "الوزير", "أمس", "الثلاثاء", "إن", "19", "سبتمبر/أيلول", "2023", "قتل", "خمسة", "جنود",
      "في", "الأسبوع", "الماضي", "نحو", "100", "ألف", "نازح", "مطلع", "التسعينيات", "العام", "المقبل",
      "اليوم", "الحكومة", "لغمين", "الخميس", "المقبل", "منذ", "9", "أشهر", "على", "المدينة", "،",
      "وأضاف", "المتحدث", "باسم", "الجيش", "العشرات", "من", "المدنيين", "الثامن", "تشرين", "الثاني"};
  std::mt19937 rng(7);
  std::vector<std::string> out;
  size_t total = 0;
  while (total < kCorpusBytes) {
    std::string a;
    while (a.size() < 3000) {
      for (int k = 0, len = 8 + rng() % 12; k < len; ++k) a += std::string(kWords[rng() % std::size(kWords)]) + " ";
      a += ".\n";
    }
    total += a.size();
    out.push_back(std::move(a));
  }
  return out;
}

const std::vector<std::string>& Articles() {
  static const std::vector<std::string> articles = [] {
    auto a = LoadSharedArticles();
    std::fprintf(stderr, "time_bench corpus: %s, %zu articles\n",
                 a.empty() ? "synthetic (../shared not found)" : "saudinewsnet article bodies", a.size());
    return a.empty() ? SyntheticArticles() : a;
  }();
  return articles;
}

void BM_TagArticles(benchmark::State& state) {
  auto tagger = marsad::time::Tagger::Create(MARSAD_SOURCE_DIR "/data");
  if (!tagger.ok()) {
    state.SkipWithError(tagger.status().message().c_str());
    return;
  }
  const auto& articles = Articles();
  const size_t n = std::min<size_t>(articles.size(), static_cast<size_t>(state.range(0)));
  size_t bytes = 0;
  for (size_t i = 0; i < n; ++i) bytes += articles[i].size();
  const marsad::text::CivilDate pub{2015, 7, 21};
  std::vector<marsad::TimeExpr> times;
  std::vector<marsad::Number> numbers;
  for (auto _ : state) {
    for (size_t i = 0; i < n; ++i) {
      times.clear();
      numbers.clear();
      (*tagger)->Tag(articles[i], &pub, &times, &numbers);
      benchmark::DoNotOptimize(times.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["articles/s"] = benchmark::Counter(static_cast<double>(state.iterations() * n), benchmark::Counter::kIsRate);
}

void BM_FindAbsoluteDates(benchmark::State& state) {
  const auto& articles = Articles();
  const size_t n = std::min<size_t>(articles.size(), static_cast<size_t>(state.range(0)));
  size_t bytes = 0;
  for (size_t i = 0; i < n; ++i) bytes += articles[i].size();
  for (auto _ : state)
    for (size_t i = 0; i < n; ++i) benchmark::DoNotOptimize(marsad::text::FindAbsoluteDates(articles[i], false));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}

BENCHMARK(BM_TagArticles)->RangeMultiplier(8)->Range(8, 4096)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FindAbsoluteDates)->Arg(1024)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
