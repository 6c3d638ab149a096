// Streaming story clustering (notes.md "Many articles", Miranda et al. 2018):
// each article has a TF-IDF vector of normalized terms and one of entity ids,
// compared by cosine to a story's two centroids (their weighted mean is the
// similarity), damped by Gaussians in the days between the article and the
// story's span (σ = 3 days, plus a 30-day one at half weight so that a story
// that pauses for a week goes on); the threshold rises as a story grows, so
// large stories stay on topic. Thread-compatible (one writer).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "marsad/document.h"

namespace marsad::corpus {

struct StoryOptions {
  double sigma_days = 3.0;
  // Similarity needed to join a story of one article, + growth * ln(its
  // articles) up to max: tuned on our test articles and the seeds, where
  // reports of one story score 0.26-0.38 before time decay.
  double base_threshold = 0.12;
  double growth = 0.04;
  double max_threshold = 0.45;
  double entity_share = 0.5;     // weight of entity cosine vs word cosine when both have entities
  double long_sigma_days = 30.0; // a developing story pauses for days, not months
  // Without a date on either side nothing says the two are current together:
  // half credit, so an undated article joins only a clearly matching story.
  double undated_factor = 0.5;
  double title_weight = 2.0;     // a title word counts as this many body occurrences
  size_t article_terms = 60;     // strongest terms kept per article vector
  size_t centroid_terms = 150;   // strongest terms kept per centroid
};

using SparseVec = std::vector<std::pair<uint64_t, float>>;  // sorted by term hash

// What an article contributes: raw term counts with a display string per term
// (the first word form seen, or the entity's name) for labels. The display
// strings are views into the document, the body words given to ExtractTerms
// and `title_words`: move it along with them, never copy it.
struct ArticleTerm {
  uint64_t key = 0;
  float count = 0;
  bool entity = false;
  std::string_view display;
};
struct ArticleTerms {
  ArticleTerms() = default;
  ArticleTerms(ArticleTerms&&) = default;
  ArticleTerms& operator=(ArticleTerms&&) = default;
  std::vector<ArticleTerm> terms;        // sorted by key, distinct
  std::vector<std::string> title_words;  // owned: displays of title-only words point here
};
// `body_words`: NormalizedWords(doc.body), as views; `stems`, when not empty,
// SearchStemView of each (computed once by the caller for the index too).
ArticleTerms ExtractTerms(const Document& doc, const std::vector<std::string_view>& body_words,
                          const StoryOptions& opts,
                          const std::vector<std::string_view>& stems = {});

struct Story {
  int64_t id = 0;
  int articles = 0;
  int first_day = 0, last_day = 0;  // days since 1970-01-01; both 0 with no dated article
  bool dated = false;
  SparseVec centroid;               // sum of member word vectors (pruned)
  SparseVec entities;               // sum of member entity vectors (pruned)
  double centroid_norm = 0, entities_norm = 0;  // derived, kept with the vectors
  // Label candidates: term → (text, is entity, weight).
  std::vector<std::tuple<std::string, bool, float>> label_terms;
  std::string Label() const;
  std::string Serialize() const;   // the centroid and label terms as a blob
  static Story Deserialize(int64_t id, std::string_view blob);
};

// Days since 1970-01-01 of an ISO date "YYYY-MM-DD" (or "YYYY-MM" → the 15th);
// nullopt when unparsable.
std::optional<int> DayNumber(std::string_view iso);
std::string DayString(int day);

class StoryClusterer {
 public:
  explicit StoryClusterer(StoryOptions opts = {}) : opts_(opts) {}

  // State restored from the store: stories and document frequencies.
  void Restore(std::vector<Story> stories, std::unordered_map<uint64_t, int> df, int docs);

  // Counts the article's terms into the document frequencies, then puts it in
  // the most similar story above threshold or a new one; returns the story id.
  int64_t Assign(const ArticleTerms& terms, std::optional<int> day);
  // A duplicate joins its original's story without moving the centroid.
  void JoinDuplicate(int64_t story, std::optional<int> day);

  const Story* Find(int64_t id) const;
  // Stories and term frequencies changed since the last call (to be saved).
  std::vector<const Story*> TakeDirtyStories();
  std::vector<std::pair<uint64_t, int>> TakeDirtyDf();
  int documents() const { return docs_; }

 private:
  // The article's unit-length TF-IDF vectors of words and of entities;
  // df[i] is the document frequency of terms.terms[i].
  std::pair<SparseVec, SparseVec> Weigh(const ArticleTerms& terms, const std::vector<int>& df) const;
  // Similarity = cosine × Decay: the weighted cosine of the article's vectors
  // with the story's centroids, damped by the time between them.
  double Decay(const Story& s, std::optional<int> day) const;
  void AddToStory(Story& s, const SparseVec& words, const SparseVec& ents,
                  const ArticleTerms& terms, std::optional<int> day);
  void Index(const Story& s);

  StoryOptions opts_;
  std::vector<Story> stories_;   // by id: ids only grow, so positions follow ids
  std::unordered_map<int64_t, size_t> by_id_;
  std::unordered_map<uint64_t, std::vector<uint32_t>> postings_;  // centroid term → story positions
  std::vector<uint16_t> hits_;  // per story position: lookup terms shared (scratch, kept zeroed)
  // Document frequency per term hash: one open-addressing table, as the
  // node-based map cost several cache misses per look-up, dozens of
  // look-ups per article, over hundreds of thousands of terms.
  class TermCounts {
   public:
    int Increment(uint64_t key);  // the new count
    int Get(uint64_t key) const;  // 0 when absent
    void Set(uint64_t key, int count);  // count >= 1

   private:
    struct Slot {
      uint64_t key = 0;
      int32_t count = 0;  // 0: free
    };
    size_t IndexOf(uint64_t key) const;  // its slot, or the free one where it belongs
    Slot& Claim(uint64_t key);            // its slot, inserted (count 0) when absent
    std::vector<Slot> slots_ = std::vector<Slot>(1024);  // power of two, at most half full
    size_t used_ = 0;
  };
  TermCounts df_;
  int docs_ = 0;
  int64_t next_id_ = 1;
  std::set<int64_t> dirty_stories_;
  std::vector<uint64_t> dirty_df_;  // with repeats; deduplicated when taken
};

}  // namespace marsad::corpus
