// The corpus store: articles with their entities, mentions, times, numbers and
// events, near-duplicate links, stories, merged events and full-text search,
// behind an interface so that a PostgreSQL backend can follow the SQLite one.
// The write side serves the ingester (one writer); the read side is what the
// CLI and the HTTP server query. A Store object is not thread-safe: open one
// per thread (SQLite's WAL lets readers run beside the writer).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "corpus/merge.h"
#include "corpus/stories.h"
#include "marsad/document.h"
#include "marsad/status.h"
#include "text/text.h"

namespace marsad::corpus {

// ---- What the ingester hands over -------------------------------------------
struct StoredArticle {
  const Document* doc = nullptr;
  uint64_t content_hash = 0;  // title, body and metadata as analysed
  uint64_t exact_hash = 0;    // normalized body words (exact duplicates)
  std::vector<uint32_t> signature;
  // text::Tokenize(doc->body) when the caller has it (the full-text index
  // then does not tokenize the body again); null otherwise.
  const std::vector<text::Token>* body_tokens = nullptr;
  // SearchStemView of each non-punctuation token's norm; null when not at hand.
  const std::vector<std::string_view>* body_stems = nullptr;
  std::string duplicate_of;   // "" when original
  double similarity = 0;
  int64_t story = 0;
};

// ---- What queries return -------------------------------------------------------
struct EntityRef {
  std::string id, name, name_en;
};

struct DuplicateRow {
  std::string article, duplicate_of;
  double similarity = 0;
};

struct SearchQuery {
  std::string text;                     // the search box language (query.h)
  std::string from, to;                 // publication dates, inclusive, YYYY-MM-DD
  std::string source, entity, type, place;  // outlet; entity id or name; event type; place id or name
  int limit = 20, offset = 0;
  std::string mark_open = "[", mark_close = "]";  // around matches in snippets
};

struct SearchHit {
  std::string article, title, published, source, url, snippet;
  double rank = 0;  // bm25, lower is better
};

struct EventFilter {
  std::string type, from, to, actor, place;  // actor/place: entity id or name (either language)
  std::string source;       // outlet: reported by an article of this outlet ("" = any)
  struct Near { double lat = 0, lon = 0, km = 0; };
  std::optional<Near> near;
  int min_sources = 0;
  int64_t story = 0;        // 0 = any
  int limit = 0, offset = 0;  // limit 0 = all
};

struct EntityFilter {
  std::string type;
  int limit = 50, offset = 0;
};

struct EntityRow {
  std::string id, type, name, name_en, wikidata;
  std::optional<Geo> geo;
  int mentions = 0, articles = 0;
  std::vector<std::pair<std::string, int>> variants;  // mention texts seen, most frequent first
};

// Mentions of one entity in articles published on one day.
struct EntityDay {
  std::string day;  // YYYY-MM-DD
  int mentions = 0, articles = 0;
};

struct StoryRow {
  int64_t id = 0;
  std::string label, first, last;
  std::vector<std::string> articles;  // ids, by publication date
};

struct ArticleBrief {
  int64_t seq = 0;
  std::string id, title, published, source, body, duplicate_of;
  int64_t story = 0;
};

struct CorpusStats {
  int64_t articles = 0, duplicates = 0, stories = 0, events = 0, merged_events = 0, entities = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // ---- Writing (the ingester) ----
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;
  // The content hash stored under `id`, nullopt when absent.
  virtual Result<std::optional<uint64_t>> StoredContentHash(const std::string& id) = 0;
  // The row of the first original with this exact hash, 0 when none.
  virtual Result<int64_t> FindExact(uint64_t exact_hash) = 0;
  // Stores one document with all its parts; `reports` receives its events as
  // merge reports (event rows filled in). Returns the article's row number.
  virtual Result<int64_t> PutArticle(const StoredArticle& a, std::vector<EventReport>* reports) = 0;
  // Signatures of original (non-duplicate) articles, to rebuild the LSH index.
  virtual Status ForEachSignature(
      const std::function<void(int64_t seq, std::vector<uint32_t> sig)>& fn) = 0;
  // Replaces every article's stored signature with fn(its body), inside the
  // caller's transaction (a MinHash scheme change).
  virtual Status RewriteSignatures(
      const std::function<std::vector<uint32_t>(const std::string& body)>& fn) = 0;
  // Integers in the meta table; nullopt when absent.
  virtual Result<std::optional<int64_t>> GetMeta(const std::string& key) = 0;
  virtual Status SetMeta(const std::string& key, int64_t value) = 0;
  virtual Result<ArticleBrief> ArticleBySeq(int64_t seq) = 0;
  virtual Status LoadStoryState(std::vector<Story>* stories,
                                std::unordered_map<uint64_t, int>* df, int* documents) = 0;
  virtual Status SaveStoryState(const std::vector<const Story*>& stories,
                                const std::vector<std::pair<uint64_t, int>>& df,
                                int documents) = 0;
  // Merged events of `type` and `polarity` dated within [from, to] (ISO strings).
  virtual Result<std::vector<MergedEvent>> MergeCandidates(const std::string& type,
                                                           const std::string& polarity,
                                                           const std::string& from,
                                                           const std::string& to) = 0;
  // Inserts (id == 0, id is set) or updates a merged event and its sources.
  virtual Status SaveMergedEvent(MergedEvent& m) = 0;

  // ---- Reading ----
  virtual Result<CorpusStats> Stats() = 0;
  virtual Result<std::vector<DuplicateRow>> Duplicates() = 0;
  virtual Result<std::vector<SearchHit>> Search(const SearchQuery& q) = 0;
  virtual Result<std::vector<MergedEvent>> Events(const EventFilter& f) = 0;
  virtual Result<std::optional<MergedEvent>> EventById(int64_t id) = 0;
  // How many merged events match `f` (its limit and offset ignored), for paging.
  virtual Result<int64_t> CountEvents(const EventFilter& f) = 0;
  // Outlets (article sources) with their article counts, most articles first.
  virtual Result<std::vector<std::pair<std::string, int>>> Outlets() = 0;
  virtual Result<std::unordered_map<std::string, EntityRef>> EntityNames(
      const std::vector<std::string>& ids) = 0;
  virtual Result<std::vector<EntityRow>> Entities(const EntityFilter& f) = 0;
  // One entity with every variant seen (mentions 0 when never mentioned),
  // nullopt when absent.
  virtual Result<std::optional<EntityRow>> EntityById(const std::string& id) = 0;
  // Mentions of an entity per publication day, oldest first (undated articles left out).
  virtual Result<std::vector<EntityDay>> EntityTimeline(const std::string& id) = 0;
  // Articles mentioning an entity, newest first (body left empty); limit 0 = all.
  virtual Result<std::vector<ArticleBrief>> ArticlesByEntity(const std::string& id,
                                                             int limit) = 0;
  // Coordinates of a geocoded entity, nullopt when unknown.
  virtual std::optional<Geo> EntityGeo(const std::string& id) = 0;
  virtual Result<std::vector<StoryRow>> Stories(int limit, int offset) = 0;
  virtual Result<std::optional<StoryRow>> StoryById(int64_t id) = 0;
  // The stored article as a Document (entities, times, numbers, events with
  // their offsets), nullopt when absent.
  virtual Result<std::optional<Document>> ArticleById(const std::string& id) = 0;
};

struct OpenOptions {
  bool create = true;      // false: a missing database is an error
  bool read_only = false;
};

// Opens (creating and migrating when allowed) a SQLite database.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, const OpenOptions& opts);

// The schema version this build writes (the `schema_version` table).
int SchemaVersion();

}  // namespace marsad::corpus
