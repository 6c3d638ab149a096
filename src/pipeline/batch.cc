// Chunked, ordered parallel analysis.
#include "pipeline/batch.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace marsad::pipeline {
namespace {

// Worker threads that live for the whole batch: stages keep per-thread caches
// (the NER tagger's word cache is tens of MB), so starting threads per chunk
// paid for filling them again every chunk. The calling thread works too.
class ChunkPool {
 public:
  ChunkPool(const Pipeline& p, int threads) : p_(p) {
    for (int t = 1; t < threads; ++t) threads_.emplace_back([this] { Worker(); });
  }
  ~ChunkPool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    start_.notify_all();
    for (auto& t : threads_) t.join();
  }

  // Starts the workers on `raws` (results into `docs`; `tokens`, when not
  // null, receives each document's body tokens); Finish makes the calling
  // thread work too and waits for the chunk to be done. Between the two the
  // caller may do other work (deliver the previous chunk).
  void Start(std::vector<RawArticle>& raws, std::vector<Document>& docs,
             std::vector<std::vector<text::Token>>* tokens) {
    docs.assign(raws.size(), Document{});
    if (tokens) tokens->assign(raws.size(), {});
    {
      std::lock_guard<std::mutex> lock(mu_);
      raws_ = &raws;
      docs_ = &docs;
      tokens_ = tokens;
      next_ = 0;
      busy_ = static_cast<int>(threads_.size());
      ++generation_;
    }
    start_.notify_all();
  }
  void Finish() {
    Work();
    std::unique_lock<std::mutex> lock(mu_);
    done_.wait(lock, [this] { return busy_ == 0; });
  }

 private:
  void Work() {
    for (size_t i; (i = next_.fetch_add(1)) < raws_->size();)
      (*docs_)[i] = p_.Analyze((*raws_)[i], tokens_ ? &(*tokens_)[i] : nullptr);
  }

  void Worker() {
    uint64_t seen = 0;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mu_);
        start_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
      }
      Work();
      std::lock_guard<std::mutex> lock(mu_);
      if (--busy_ == 0) done_.notify_one();
    }
  }

  const Pipeline& p_;
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable start_, done_;
  bool stop_ = false;
  uint64_t generation_ = 0;
  int busy_ = 0;
  std::vector<RawArticle>* raws_ = nullptr;
  std::vector<Document>* docs_ = nullptr;
  std::vector<std::vector<text::Token>>* tokens_ = nullptr;
  std::atomic<size_t> next_{0};
};

// One body for both sinks: `with_tokens` set means the analysis keeps the tokens.
BatchStats Run(const Pipeline& pipeline, const std::vector<std::string>& inputs,
               const reader::Options& ropts, const BatchOptions& bopts,
               const std::function<void(Document&)>* sink,
               const std::function<void(Document&, std::vector<text::Token>&)>* with_tokens) {
  int threads = bopts.threads > 0 ? bopts.threads
                                  : std::max(1u, std::thread::hardware_concurrency());
  BatchStats stats;
  // Two chunks in flight: while the workers analyse one, the calling thread
  // delivers the one before to the sink (writing JSON, queueing for the
  // store), then joins the analysis; the sink sees documents in input order.
  std::vector<RawArticle> chunk, prev_chunk;
  std::vector<Document> docs, prev_docs;
  std::vector<std::vector<text::Token>> tokens, prev_tokens;
  bool have_prev = false;
  ChunkPool pool(pipeline, threads);
  auto deliver = [&] {
    if (!have_prev) return;
    for (size_t i = 0; i < prev_docs.size(); ++i) {
      ++stats.articles;
      if (!prev_docs[i].error.empty()) ++stats.errors;
      stats.bytes += prev_chunk[i].text.size();
      if (with_tokens) (*with_tokens)(prev_docs[i], prev_tokens[i]);
      else (*sink)(prev_docs[i]);
    }
    have_prev = false;
  };
  auto flush = [&] {
    pool.Start(chunk, docs, with_tokens ? &tokens : nullptr);
    deliver();
    pool.Finish();
    std::swap(chunk, prev_chunk);
    std::swap(docs, prev_docs);
    std::swap(tokens, prev_tokens);
    have_prev = true;
    chunk.clear();
  };
  reader::ReadInputs(inputs, ropts, [&](RawArticle&& a) {
    chunk.push_back(std::move(a));
    if (chunk.size() >= bopts.chunk) flush();
  });
  if (!chunk.empty()) flush();
  deliver();
  return stats;
}

}  // namespace

BatchStats RunBatch(const Pipeline& pipeline, const std::vector<std::string>& inputs,
                    const reader::Options& ropts, const BatchOptions& bopts,
                    const std::function<void(Document&)>& sink) {
  return Run(pipeline, inputs, ropts, bopts, &sink, nullptr);
}

BatchStats RunBatch(const Pipeline& pipeline, const std::vector<std::string>& inputs,
                    const reader::Options& ropts, const BatchOptions& bopts,
                    const std::function<void(Document&, std::vector<text::Token>&)>& sink) {
  return Run(pipeline, inputs, ropts, bopts, nullptr, &sink);
}

}  // namespace marsad::pipeline
