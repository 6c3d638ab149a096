// The prepare-in-parallel, store-in-order ingest pipeline.
#include "corpus/ingest_pipeline.h"

#include <time.h>

#include <algorithm>

namespace marsad::corpus {
namespace {

int64_t ThreadCpuNs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// Adds the calling thread's CPU time since construction to `total`.
class ThreadCpuMeter {
 public:
  explicit ThreadCpuMeter(std::atomic<int64_t>& total) : total_(total), t0_(ThreadCpuNs()) {}
  ~ThreadCpuMeter() { total_ += ThreadCpuNs() - t0_; }

 private:
  std::atomic<int64_t>& total_;
  int64_t t0_;
};

}  // namespace

IngestPipeline::IngestPipeline(Ingester& ingester, const IngestOptions& opts, int workers,
                               size_t capacity)
    : ingester_(ingester), opts_(opts), ring_(std::max<size_t>(capacity, 1)) {
  for (int i = 0; i < std::max(workers, 1); ++i) workers_.emplace_back([this] { Prepare(); });
  writer_ = std::thread([this] { Write(); });
}

IngestPipeline::~IngestPipeline() { (void)Finish(); }

void IngestPipeline::Push(Document doc, std::vector<text::Token> body_tokens) {
  // What the slot held before, released here after the lock: freeing an
  // article's thousand or so allocations (its tokens' strings above all) was
  // a tenth of the writer's time, and the writer is the one serial stage.
  Slot spent;
  {
    std::unique_lock lock(mu_);
    space_.wait(lock, [&] { return tail_ - head_ < ring_.size(); });
    Slot& slot = ring_[tail_ % ring_.size()];
    spent = std::move(slot);
    slot.doc = std::move(doc);
    slot.tokens = std::move(body_tokens);
    slot.ready = false;
    ++tail_;
  }
  work_.notify_one();
}

void IngestPipeline::Prepare() {
  ThreadCpuMeter meter(prepare_ns_);
  std::unique_lock lock(mu_);
  for (;;) {
    work_.wait(lock, [&] { return next_ < tail_ || closing_; });
    if (next_ == tail_) return;  // closing and nothing left
    Slot& slot = ring_[next_++ % ring_.size()];
    // The slot is ours until `ready`: the writer waits for it and the producer
    // cannot reuse it before the writer has passed it.
    lock.unlock();
    slot.prepared = Ingester::Prepare(slot.doc, opts_, std::move(slot.tokens));
    lock.lock();
    slot.ready = true;
    done_.notify_one();
  }
}

void IngestPipeline::Write() {
  ThreadCpuMeter meter(write_ns_);
  std::unique_lock lock(mu_);
  for (;;) {
    done_.wait(lock, [&] { return (head_ < tail_ && ring_[head_ % ring_.size()].ready) ||
                                  (closing_ && head_ == tail_); });
    if (head_ == tail_) return;
    Slot& slot = ring_[head_ % ring_.size()];
    const bool failed = !failure_.ok();
    lock.unlock();
    Status s = failed ? Status::Ok() : ingester_.Add(std::move(slot.prepared));
    lock.lock();
    if (!s.ok() && failure_.ok()) failure_ = s;
    ++head_;
    space_.notify_one();
  }
}

Status IngestPipeline::Finish() {
  {
    std::lock_guard lock(mu_);
    if (finished_) return failure_;
    finished_ = closing_ = true;
  }
  work_.notify_all();
  done_.notify_all();
  for (auto& t : workers_) t.join();
  writer_.join();
  if (failure_.ok()) {
    ThreadCpuMeter meter(write_ns_);
    failure_ = ingester_.Flush();
  }
  return failure_;
}

IngestPipeline::Cpu IngestPipeline::cpu() const {
  return {prepare_ns_.load() / 1e9, write_ns_.load() / 1e9};
}

}  // namespace marsad::corpus
