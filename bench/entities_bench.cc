// Throughput of entity recognition and linking (Recognizer::Find: tokenize,
// KB automaton, cues, phonetic fallback, resolution) on SaudiNewsNet articles
// from ../shared (one zip unzipped to /tmp at start-up; skipped when absent).
// Target on one core: >= 300,000 tokens/s, with the NER model when
// data/ner/model.bin exists (the figure without it is printed too).
#include <benchmark/benchmark.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "entities/entities.h"
#include "text/text.h"

namespace {

namespace fs = std::filesystem;
constexpr double kTargetTokensPerSecond = 300000;

struct Article {
  std::string title, body;
};

std::vector<Article> LoadArticles() {
  const fs::path zip = fs::path(MARSAD_SOURCE_DIR) / ".." / "shared" / "data" / "news" / "saudinewsnet" / "2015-07-21.zip";
  std::error_code ec;
  if (!fs::exists(zip, ec)) return {};
  const fs::path tmp = fs::temp_directory_path(ec) / "marsad_entities_bench";
  fs::create_directories(tmp, ec);
  const std::string cmd = "unzip -o -q '" + zip.string() + "' -d '" + tmp.string() + "' 2>/dev/null";
  if (std::system(cmd.c_str()) != 0) return {};
  std::ifstream f(tmp / "2015-07-21.json");
  const auto doc = nlohmann::json::parse(f, nullptr, /*allow_exceptions=*/false);
  std::vector<Article> out;
  if (!doc.is_array()) return out;
  for (const auto& a : doc) {
    if (!a.is_object() || !a.contains("content") || !a["content"].is_string()) continue;
    out.push_back({a.value("title", ""), a["content"].get<std::string>()});
  }
  return out;
}

const std::vector<Article>& Articles() {
  static const std::vector<Article> articles = LoadArticles();
  return articles;
}

size_t CountTokens(const std::vector<Article>& as) {
  size_t n = 0;
  for (const auto& a : as) n += marsad::text::Tokenize(a.title).size() + marsad::text::Tokenize(a.body).size();
  return n;
}

std::shared_ptr<const marsad::entities::Recognizer> Make(bool with_model) {
  marsad::entities::RecognizerOptions opts;
  if (with_model) {
    opts.ner_model = std::string(MARSAD_DATA_DIR) + "/ner/model.bin";
    if (!fs::exists(opts.ner_model)) return nullptr;
  }
  auto r = marsad::entities::Recognizer::Create(MARSAD_DATA_DIR, opts);
  if (!r.ok()) {
    std::fprintf(stderr, "entities_bench: %s\n", r.status().message().c_str());
    return nullptr;
  }
  return *r;
}

void Run(benchmark::State& state, bool with_model) {
  const auto& articles = Articles();
  if (articles.empty()) return state.SkipWithError("../shared not found");
  auto rec = Make(with_model);
  if (!rec) return state.SkipWithError(with_model ? "no NER model" : "recognizer failed");
  const size_t tokens = CountTokens(articles);
  size_t entities = 0;
  for (auto _ : state)
    for (const auto& a : articles) entities += rec->Find(a.title, a.body).size();
  state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(tokens * state.iterations()),
                                                  benchmark::Counter::kIsRate);
  state.counters["articles"] = static_cast<double>(articles.size());
  state.counters["entities/article"] =
      static_cast<double>(entities) / static_cast<double>(articles.size() * state.iterations());
}

void BM_FindKbAndCues(benchmark::State& state) { Run(state, false); }
void BM_FindWithNer(benchmark::State& state) { Run(state, true); }
BENCHMARK(BM_FindKbAndCues)->Unit(benchmark::kMillisecond)->MinTime(3);
BENCHMARK(BM_FindWithNer)->Unit(benchmark::kMillisecond)->MinTime(3);

// The asserted figure: recognition and linking with the NER tagger (KB and
// cues only when data/ner/model.bin is absent), one core, CPU time. The first
// pass fills the tagger's per-thread word cache; the second is the steady
// state of a long batch and is the one checked. Both are printed.
int CheckTarget() {
  const auto& articles = Articles();
  if (articles.empty()) return 0;
  const size_t tokens = CountTokens(articles);
  // Thread CPU time: the machine is shared, wall time measures the neighbours.
  auto cpu_now = [] {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
  };
  int status = 0;
  for (bool with_model : {false, true}) {
    auto rec = Make(with_model);
    if (!rec) continue;
    double rate[2] = {0, 0};
    for (int pass = 0; pass < 2; ++pass) {
      const double cpu_start = cpu_now();
      for (const auto& a : articles) benchmark::DoNotOptimize(rec->Find(a.title, a.body));
      rate[pass] = tokens / (cpu_now() - cpu_start);
    }
    const bool ok = rate[1] >= kTargetTokensPerSecond;
    std::printf("entities %s: %zu articles, %zu tokens, %.0f tokens/s on one core (CPU time; first pass %.0f), target %.0f: %s\n",
                with_model ? "with NER" : "KB and cues", articles.size(), tokens, rate[1], rate[0],
                kTargetTokensPerSecond, ok ? "OK" : "BELOW TARGET");
    status = ok ? 0 : 1;  // the last one run counts: with NER when the model exists
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return CheckTarget();
}
