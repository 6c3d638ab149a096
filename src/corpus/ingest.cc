// The ingester: dedup, stories and event merging around Store writes.
#include "corpus/ingest.h"

#include "corpus/hash.h"
#include "corpus/terms.h"

namespace marsad::corpus {
namespace {

uint64_t ContentHash(const Document& d) {
  std::string key = d.title;
  for (const std::string* part : {&d.body, &d.published.value})
    key += '\x1f' + *part;
  key += '\x1f' + d.source.value_or("") + '\x1f' + d.url.value_or("");
  return Hash64(key);
}

// Date window of merge candidates: ±1 day for day precision.
std::pair<std::string, std::string> Window(const EventReport& r) {
  if (r.date_precision == "day")
    if (auto day = DayNumber(r.date)) return {DayString(*day - 1), DayString(*day + 1)};
  return {r.date, r.date};
}

}  // namespace

Ingester::Ingester(Store& store, IngestOptions opts)
    : store_(store), opts_(std::move(opts)), lsh_(opts_.dedup.bands), clusterer_(opts_.stories) {}

Ingester::~Ingester() {
  if (open_) store_.Rollback();
}

Result<std::unique_ptr<Ingester>> Ingester::Create(Store& store, IngestOptions opts) {
  std::unique_ptr<Ingester> in(new Ingester(store, std::move(opts)));
  if (Status s = in->UpgradeSignatures(); !s.ok()) return s;
  Status s = store.ForEachSignature([&](int64_t seq, std::vector<uint32_t> sig) {
    in->lsh_.Add(seq, sig);
    in->signatures_.emplace(seq, std::move(sig));
  });
  if (!s.ok()) return s;
  std::vector<Story> stories;
  std::unordered_map<uint64_t, int> df;
  int docs = 0;
  if (s = store.LoadStoryState(&stories, &df, &docs); !s.ok()) return s;
  in->clusterer_.Restore(std::move(stories), std::move(df), docs);
  return in;
}

// Signatures stored under another MinHash scheme are recomputed from the
// bodies once, in one transaction, so that old and new articles compare.
Status Ingester::UpgradeSignatures() {
  auto scheme = store_.GetMeta("minhash_scheme");
  if (!scheme.ok()) return scheme.status();
  if (scheme->value_or(1) == kSignatureScheme) return Status::Ok();
  if (Status s = store_.Begin(); !s.ok()) return s;
  Status s = store_.RewriteSignatures([&](const std::string& body) {
    return Signature(Shingles(WordHashes(NormalizedWords(body)), opts_.dedup.shingle),
                     opts_.dedup.permutations);
  });
  if (s.ok()) s = store_.SetMeta("minhash_scheme", kSignatureScheme);
  if (s.ok()) return store_.Commit();
  store_.Rollback();
  return s;
}

Status Ingester::Fail(Status s) {
  if (open_) store_.Rollback();
  open_ = false;
  failed_ = true;
  return s;
}

PreparedArticle Ingester::Prepare(const Document& doc, const IngestOptions& opts,
                                  std::vector<text::Token> body_tokens) {
  PreparedArticle p;
  p.doc = &doc;
  if (!doc.error.empty()) return p;
  p.content_hash = ContentHash(doc);
  // Tokens that cannot be this body's (past its end) are not trusted.
  if (!body_tokens.empty() && body_tokens.back().end <= doc.body.size())
    p.tokens = std::move(body_tokens);
  PrepareBody(p, opts);
  return p;
}

void Ingester::PrepareBody(PreparedArticle& p, const IngestOptions& opts) {
  const Document& doc = *p.doc;
  // The body is tokenized once (here, unless the analysis's tokens were
  // handed over); dedup, stories and the full-text index all work from these.
  if (p.tokens.empty()) p.tokens = text::Tokenize(doc.body);
  p.words.reserve(p.tokens.size());
  p.stems.reserve(p.tokens.size());
  for (const auto& t : p.tokens)
    if (t.kind != text::TokenKind::kPunct) {
      p.words.emplace_back(t.norm);
      p.stems.push_back(SearchStemView(t.norm));
    }
  std::vector<uint64_t> hashes = WordHashes(p.words);
  p.exact_hash = ExactHash(hashes);
  p.shingles = Shingles(hashes, opts.dedup.shingle);
  p.signature = Signature(p.shingles, opts.dedup.permutations);
  p.terms = ExtractTerms(doc, p.words, opts.stories, p.stems);
  p.ready = true;
}

Status Ingester::Add(const Document& doc) {
  // Prepared lazily (in Process), after the cheap already-stored check.
  PreparedArticle p;
  p.doc = &doc;
  if (doc.error.empty()) p.content_hash = ContentHash(doc);
  return Add(std::move(p));
}

Status Ingester::Add(PreparedArticle&& p) {
  if (failed_) return Status::Error("ingester already failed");
  if (!open_) {
    if (Status s = store_.Begin(); !s.ok()) return Fail(s);
    open_ = true;
  }
  if (Status s = Process(p); !s.ok())
    return Fail(Status::Error(p.doc->input + ": " + s.message()));
  return pending_ >= opts_.batch ? Flush() : Status::Ok();
}

Status Ingester::Flush() {
  if (failed_) return Status::Error("ingester already failed");
  if (!open_) return Status::Ok();
  if (Status s = store_.SaveStoryState(clusterer_.TakeDirtyStories(), clusterer_.TakeDirtyDf(),
                                       clusterer_.documents());
      !s.ok())
    return Fail(s);
  if (Status s = store_.Commit(); !s.ok()) return Fail(s);
  open_ = false;
  pending_ = 0;
  if (opts_.on_commit) opts_.on_commit(stats_.stored);
  return Status::Ok();
}

Status Ingester::Process(PreparedArticle& p) {
  const Document& doc = *p.doc;
  if (!doc.error.empty()) {
    ++stats_.errors;
    return Status::Ok();
  }
  StoredArticle a;
  a.doc = &doc;
  a.content_hash = p.content_hash;
  auto stored = store_.StoredContentHash(doc.id);
  if (!stored.ok()) return stored.status();
  if (stored->has_value()) {
    ++(**stored == a.content_hash ? stats_.skipped : stats_.changed);
    return Status::Ok();
  }
  if (!p.ready) PrepareBody(p, opts_);
  a.exact_hash = p.exact_hash;
  a.signature = std::move(p.signature);
  a.body_tokens = &p.tokens;
  a.body_stems = &p.stems;
  int64_t story = 0;
  if (!p.words.empty())
    if (Status s = FindDuplicate(p, a, &story); !s.ok()) return s;
  auto published = DayNumber(doc.published.value);
  if (a.duplicate_of.empty()) {
    a.story = clusterer_.Assign(p.terms, published);
  } else {
    a.story = story;
    clusterer_.JoinDuplicate(story, published);
  }
  std::vector<EventReport> reports;
  auto seq = store_.PutArticle(a, &reports);
  if (!seq.ok()) return seq.status();
  ++stats_.stored;
  ++pending_;
  if (!a.duplicate_of.empty()) {
    // A copy repeats its original's facts: stored, but not a new source.
    ++stats_.duplicates;
    return Status::Ok();
  }
  lsh_.Add(*seq, a.signature);
  signatures_.emplace(*seq, std::move(a.signature));
  stats_.events += reports.size();
  return MergeEvents(reports, a.story);
}

Status Ingester::FindDuplicate(const PreparedArticle& p, StoredArticle& a, int64_t* story) {
  auto exact = store_.FindExact(p.exact_hash);
  if (!exact.ok()) return exact.status();
  int64_t best_seq = *exact;
  double best = best_seq ? 1.0 : 0.0;
  if (!best_seq) {
    for (int64_t cand : lsh_.Candidates(a.signature)) {
      // The estimate's standard error at 128 permutations is ≈ 0.04: only
      // clearly dissimilar candidates are dropped before the exact check.
      if (EstimateJaccard(a.signature, signatures_[cand]) < opts_.dedup.threshold - 0.15) continue;
      auto other = store_.ArticleBySeq(cand);
      if (!other.ok()) return other.status();
      double j = Jaccard(p.shingles, Shingles(NormalizedWords(other->body), opts_.dedup.shingle));
      if (j >= opts_.dedup.threshold && j > best) best = j, best_seq = cand;
    }
  }
  if (!best_seq) return Status::Ok();
  auto original = store_.ArticleBySeq(best_seq);
  if (!original.ok()) return original.status();
  a.duplicate_of = original->id;
  a.similarity = best;
  *story = original->story;
  return Status::Ok();
}

Status Ingester::MergeEvents(std::vector<EventReport>& reports, int64_t story) {
  for (EventReport& r : reports) {
    FillReportDate(r);
    auto [from, to] = Window(r);
    auto found = store_.MergeCandidates(r.type, r.polarity, from, to);
    if (!found.ok()) return found.status();
    std::vector<MergedEvent> candidates = std::move(found).value();
    MergedEvent* into = nullptr;
    for (MergedEvent& m : candidates)
      if (SameHappening(m, r)) {
        into = &m;
        break;
      }
    MergedEvent fresh;
    if (into) {
      AddSource(*into, std::move(r));
    } else {
      fresh = StartMerged(r);
      fresh.story = story;
      into = &fresh;
    }
    if (Status s = store_.SaveMergedEvent(*into); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace marsad::corpus
