// Ingesting analysed documents into a Store: idempotent (an id stored with the
// same content is skipped), batched (one transaction per `batch` articles, so
// a killed process loses at most the open batch and a rerun completes it),
// with near-duplicate detection, story clustering and cross-article event
// merging on the way in. Thread-compatible: one Ingester per Store, one caller;
// Prepare (the per-article work that needs no store) is pure and may run on
// other threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>

#include "corpus/minhash.h"
#include "corpus/stories.h"
#include "corpus/store.h"
#include "text/text.h"

namespace marsad::corpus {

struct IngestOptions {
  // Articles per transaction. Each commit flushes a full-text segment (later
  // merged again) and rewrites the index, story and term pages the batch
  // touched: 2,000 took half the committing time of 500 on SaudiNewsNet,
  // and a killed run redoes at most that many articles.
  size_t batch = 2000;
  DedupOptions dedup;
  StoryOptions stories;
  // Called after each committed batch with the number of articles stored so far.
  std::function<void(size_t stored)> on_commit;
};

struct IngestStats {
  size_t stored = 0;      // new articles written
  size_t skipped = 0;     // already present with identical content
  size_t changed = 0;     // id present with different content: kept the stored one
  size_t errors = 0;      // unreadable inputs (documents with `error`)
  size_t duplicates = 0;  // stored articles that are near-duplicates of earlier ones
  size_t events = 0;      // per-article events stored from originals
};

// What an article contributes before the store is consulted: its tokens,
// hashes, MinHash signature and story terms. Holds a pointer to the document,
// which must outlive it.
struct PreparedArticle {
  const Document* doc = nullptr;
  bool ready = false;                // false: only doc and content_hash are set
  uint64_t content_hash = 0;
  std::vector<text::Token> tokens;   // of the body (set before PrepareBody: taken as they are)
  std::vector<std::string_view> words;  // normalized words (views into tokens)
  std::vector<std::string_view> stems;  // SearchStemView of each word
  uint64_t exact_hash = 0;
  std::vector<uint64_t> shingles;
  std::vector<uint32_t> signature;
  ArticleTerms terms;                // empty for a document with `error`
};

class Ingester {
 public:
  // Restores the LSH index and the story state from what `store` holds.
  static Result<std::unique_ptr<Ingester>> Create(Store& store, IngestOptions opts = {});
  ~Ingester();

  // The store-independent work for `doc`. Thread-safe. `body_tokens`, when
  // not empty, is text::Tokenize(doc.body) as the analysis computed it (taken
  // over instead of tokenizing the body again).
  static PreparedArticle Prepare(const Document& doc, const IngestOptions& opts,
                                 std::vector<text::Token> body_tokens = {});
  static void PrepareBody(PreparedArticle& p, const IngestOptions& opts);

  // Adds one document to the open batch, committing when the batch is full.
  // An error leaves the batch rolled back; the Ingester must not be used again.
  Status Add(const Document& doc);
  // The same for a document already prepared (with the same options).
  Status Add(PreparedArticle&& p);
  // Commits the open batch (at the end of a run).
  Status Flush();
  const IngestStats& stats() const { return stats_; }

 private:
  Ingester(Store& store, IngestOptions opts);
  Status Process(PreparedArticle& p);
  Status FindDuplicate(const PreparedArticle& p, StoredArticle& a, int64_t* story);
  Status UpgradeSignatures();
  Status MergeEvents(std::vector<EventReport>& reports, int64_t story);
  Status Fail(Status s);

  Store& store_;
  IngestOptions opts_;
  LshIndex lsh_;
  std::unordered_map<int64_t, std::vector<uint32_t>> signatures_;  // originals by row
  StoryClusterer clusterer_;
  size_t pending_ = 0;
  bool open_ = false, failed_ = false;
  IngestStats stats_;
};

}  // namespace marsad::corpus
