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

  // Starts the workers on `raws` (results into `docs`); Finish makes the
  // calling thread work too and waits for the chunk to be done. Between the
  // two the caller may do other work (deliver the previous chunk).
  void Start(std::vector<RawArticle>& raws, std::vector<Document>& docs) {
    docs.assign(raws.size(), Document{});
    {
      std::lock_guard<std::mutex> lock(mu_);
      raws_ = &raws;
      docs_ = &docs;
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
    for (size_t i; (i = next_.fetch_add(1)) < raws_->size();) (*docs_)[i] = p_.Analyze((*raws_)[i]);
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
  std::atomic<size_t> next_{0};
};

}  // namespace

BatchStats RunBatch(const Pipeline& pipeline, const std::vector<std::string>& inputs,
                    const reader::Options& ropts, const BatchOptions& bopts,
                    const std::function<void(Document&)>& sink) {
  int threads = bopts.threads > 0 ? bopts.threads
                                  : std::max(1u, std::thread::hardware_concurrency());
  BatchStats stats;
  // Two chunks in flight: while the workers analyse one, the calling thread
  // delivers the one before to the sink (writing JSON, queueing for the
  // store), then joins the analysis; the sink sees documents in input order.
  std::vector<RawArticle> chunk, prev_chunk;
  std::vector<Document> docs, prev_docs;
  bool have_prev = false;
  ChunkPool pool(pipeline, threads);
  auto deliver = [&] {
    if (!have_prev) return;
    for (size_t i = 0; i < prev_docs.size(); ++i) {
      ++stats.articles;
      if (!prev_docs[i].error.empty()) ++stats.errors;
      stats.bytes += prev_chunk[i].text.size();
      sink(prev_docs[i]);
    }
    have_prev = false;
  };
  auto flush = [&] {
    pool.Start(chunk, docs);
    deliver();
    pool.Finish();
    std::swap(chunk, prev_chunk);
    std::swap(docs, prev_docs);
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

}  // namespace marsad::pipeline
