// Ingesting beside the analysis: documents handed to Push are prepared
// (Ingester::Prepare: hashes, signature, story terms; tokens only when the
// analysis gave none) on worker threads and stored by one writer thread in the
// order they were pushed, so that the store's work overlaps the caller's
// analysis of the next documents and the result is the same as feeding the Ingester directly. Push and Finish
// are for one caller thread; the Ingester's on_commit runs on the writer thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "corpus/ingest.h"

namespace marsad::corpus {

class IngestPipeline {
 public:
  // `workers` preparing threads (at least 1); at most `capacity` documents
  // wait at any time. `ingester` must outlive the pipeline.
  IngestPipeline(Ingester& ingester, const IngestOptions& opts, int workers,
                 size_t capacity = 512);
  ~IngestPipeline();
  IngestPipeline(const IngestPipeline&) = delete;
  IngestPipeline& operator=(const IngestPipeline&) = delete;

  // Queues `doc`, waiting while the queue is full. Once the store has failed,
  // documents are dropped (Finish reports the failure). `body_tokens`: see
  // Ingester::Prepare.
  void Push(Document doc, std::vector<text::Token> body_tokens = {});
  // Stores everything queued, flushes the open batch and stops the threads;
  // returns the first failure. Push must not be called afterwards.
  Status Finish();

  // CPU seconds the store's threads used (valid after Finish): preparing, and
  // writing (the writer thread plus the final flush), so that the store's
  // share of an ingest can be told from the analysis's.
  struct Cpu {
    double prepare = 0, write = 0;
  };
  Cpu cpu() const;

 private:
  struct Slot {
    Document doc;
    std::vector<text::Token> tokens;
    PreparedArticle prepared;
    bool ready = false;
  };
  void Prepare();
  void Write();

  Ingester& ingester_;
  const IngestOptions opts_;
  std::vector<Slot> ring_;
  std::mutex mu_;
  std::condition_variable space_, work_, done_;  // producer, workers, writer
  // Positions in push order: head_ ≤ next_ ≤ tail_ (stored, prepared-or-claimed, pushed).
  size_t head_ = 0, next_ = 0, tail_ = 0;
  bool closing_ = false, finished_ = false;
  Status failure_;
  std::atomic<int64_t> prepare_ns_{0}, write_ns_{0};
  std::vector<std::thread> workers_;
  std::thread writer_;
};

}  // namespace marsad::corpus
