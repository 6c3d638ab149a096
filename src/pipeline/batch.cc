// Chunked, ordered parallel analysis.
#include "pipeline/batch.h"

#include <atomic>
#include <thread>

namespace marsad::pipeline {
namespace {

void AnalyzeChunk(const Pipeline& p, std::vector<RawArticle>& raws, std::vector<Document>& docs,
                  int threads) {
  docs.assign(raws.size(), Document{});
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < raws.size();) docs[i] = p.Analyze(raws[i]);
  };
  int n = std::min<int>(threads, static_cast<int>(raws.size()));
  if (n <= 1) {
    work();
    return;
  }
  std::vector<std::thread> pool;
  for (int t = 0; t < n; ++t) pool.emplace_back(work);
  for (auto& t : pool) t.join();
}

}  // namespace

BatchStats RunBatch(const Pipeline& pipeline, const std::vector<std::string>& inputs,
                    const reader::Options& ropts, const BatchOptions& bopts,
                    const std::function<void(const Document&)>& sink) {
  int threads = bopts.threads > 0 ? bopts.threads
                                  : std::max(1u, std::thread::hardware_concurrency());
  BatchStats stats;
  std::vector<RawArticle> chunk;
  std::vector<Document> docs;
  auto flush = [&] {
    AnalyzeChunk(pipeline, chunk, docs, threads);
    for (size_t i = 0; i < docs.size(); ++i) {
      ++stats.articles;
      if (!docs[i].error.empty()) ++stats.errors;
      stats.bytes += chunk[i].text.size();
      sink(docs[i]);
    }
    chunk.clear();
  };
  reader::ReadInputs(inputs, ropts, [&](RawArticle&& a) {
    chunk.push_back(std::move(a));
    if (chunk.size() >= bopts.chunk) flush();
  });
  if (!chunk.empty()) flush();
  return stats;
}

}  // namespace marsad::pipeline
