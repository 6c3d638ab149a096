// Throughput of the text layer (Normalize, NormalizeString, Tokenize,
// SplitSentences) on real Arabic news when ../shared is present (article bodies
// unzipped to /tmp at start-up), else on built-in synthetic Arabic text.
// Targets on one core: Normalize >= 100 MB/s, Tokenize >= 30 MB/s.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "bench_corpus.h"

#include "text/text.h"

namespace {

namespace fs = std::filesystem;
constexpr size_t kCorpusBytes = 8u << 20;

// Article bodies from the SaudiNewsNet dumps in ../shared (read-only; the
// zips are extracted to /tmp, nothing is copied into the project).
std::string LoadSharedCorpus() {
  std::string corpus;
  for (const auto& body : marsad::bench::SaudiNewsNetBodies(kCorpusBytes, "marsad_text_bench")) {
    corpus += body;
    corpus += "\n";
  }
  return corpus;
}

// Our own vocabulary, shuffled: diacritics, hamza forms, clitics, digits and
// punctuation in roughly news-like proportions.
std::string SyntheticCorpus() {
  static const char* kWords[] = {
      "قال", "الوزير", "إن", "الحكومة", "ستعمل", "على", "تطوير", "المشروعات", "في", "المنطقة",
      "وأضاف", "بالتعاون", "مع", "الشركاء", "للسلام", "والتنمية", "أمس", "الأربعاء", "مُحَمَّد",
      "الاقتصاد", "نموّاً", "بنسبة", "٣٫٥", "2023", "مليون", "ريال", "،", "مؤتمر", "صحفي",
      "المسؤولين", "فى", "إلى", "مدينة", "الرياض", "وجدة", "بيروت", "فرنسا", "القاهرة", "ئ",
      "الاجتماع", "المقبل", "الدولية", "لـ", "«", "»", "العربية", "السعودية", "١٤٤٥", "هـ",
  };
  std::mt19937 rng(42);
  std::string s;
  while (s.size() < kCorpusBytes) {
    const int len = 6 + rng() % 14;
    for (int k = 0; k < len; ++k) {
      s += kWords[rng() % std::size(kWords)];
      s += ' ';
    }
    s += rng() % 4 == 0 ? ".\n" : ". ";
  }
  return s;
}

const std::string& Corpus() {
  static const std::string corpus = [] {
    std::string c = LoadSharedCorpus();
    std::fprintf(stderr, "text_bench corpus: %s, %zu bytes\n",
                 c.empty() ? "synthetic (../shared not found)" : "saudinewsnet article bodies", c.empty() ? kCorpusBytes : c.size());
    return c.empty() ? SyntheticCorpus() : c;
  }();
  return corpus;
}

// The first `bytes` of the corpus, cut at a code point boundary.
std::string_view Prefix(size_t bytes) {
  const std::string& c = Corpus();
  size_t n = std::min(bytes, c.size());
  while (n < c.size() && (static_cast<unsigned char>(c[n]) & 0xC0) == 0x80) ++n;
  return std::string_view(c).substr(0, n);
}

void BM_Normalize(benchmark::State& state) {
  const std::string_view text = Prefix(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(marsad::text::Normalize(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

void BM_NormalizeString(benchmark::State& state) {
  const std::string_view text = Prefix(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(marsad::text::NormalizeString(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

void BM_Tokenize(benchmark::State& state) {
  const std::string_view text = Prefix(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(marsad::text::Tokenize(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

void BM_SplitSentences(benchmark::State& state) {
  const std::string_view text = Prefix(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(marsad::text::SplitSentences(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

BENCHMARK(BM_Normalize)->RangeMultiplier(16)->Range(1 << 10, 4 << 20);
BENCHMARK(BM_NormalizeString)->RangeMultiplier(16)->Range(1 << 10, 4 << 20);
BENCHMARK(BM_Tokenize)->RangeMultiplier(16)->Range(1 << 10, 4 << 20);
BENCHMARK(BM_SplitSentences)->RangeMultiplier(16)->Range(1 << 10, 4 << 20);

}  // namespace

BENCHMARK_MAIN();
