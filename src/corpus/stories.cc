// Streaming TF-IDF story clustering with time decay.
#include "corpus/stories.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "corpus/hash.h"
#include "corpus/terms.h"
#include "text/text.h"

namespace marsad::corpus {
namespace {

constexpr size_t kLookupTerms = 12;   // strongest article terms used to find candidates
constexpr size_t kMaxCandidates = 64; // stories scored per article, most shared terms first
constexpr size_t kMaxPostings = 256;  // stories looked up per term
constexpr size_t kLabelTerms = 30;

// At least n code points: a code point is 1-4 bytes, so most words are
// decided by their byte length alone.
bool AtLeastCodepoints(std::string_view w, size_t n) {
  if (w.size() >= 4 * n) return true;
  if (w.size() < n) return false;
  return text::CodepointCount(w) >= n;
}

// Appends a term per content word; stems[i] (when given) is SearchStemView(words[i]).
template <typename Words>
void AddWords(const Words& words, const std::vector<std::string_view>& stems, float weight,
              std::vector<ArticleTerm>& out) {
  const bool have_stems = stems.size() == words.size();
  for (size_t i = 0; i < words.size(); ++i) {
    std::string_view w = words[i];
    if (w.empty() || (w[0] >= '0' && w[0] <= '9')) continue;
    if (!AtLeastCodepoints(w, 3) || IsStopword(w)) continue;
    out.push_back({Hash64(have_stems ? stems[i] : SearchStemView(w)), weight, false, w});
  }
}

void PutU32(std::string& out, uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); }
void PutF32(std::string& out, float v) { out.append(reinterpret_cast<const char*>(&v), 4); }
void PutU64(std::string& out, uint64_t v) { out.append(reinterpret_cast<const char*>(&v), 8); }

// Bounds-checked reader: a damaged blob yields a shorter story, never a crash.
struct BlobReader {
  std::string_view b;
  bool ok = true;
  template <typename T>
  T Get() {
    T v{};
    if (b.size() < sizeof(T)) { ok = false; return v; }
    std::memcpy(&v, b.data(), sizeof(T));
    b.remove_prefix(sizeof(T));
    return v;
  }
  std::string Bytes(uint32_t n) {
    if (b.size() < n) { ok = false; return {}; }
    std::string s(b.substr(0, n));
    b.remove_prefix(n);
    return s;
  }
};

// The keys of an article vector as a 4096-bit set (keys are hashes: their low
// bits are uniform), built once per article and probed for every entry of
// each candidate story's centroid: a scan with one bit test per entry and a
// step in the article vector only on a hit, where a merge of the two lists
// took two dependent comparisons per entry (scoring candidates was the
// largest part of clustering).
class KeyFilter {
 public:
  explicit KeyFilter(const SparseVec& v) : v_(v) {
    for (const auto& [k, w] : v) bits_[(k >> 6) & 63] |= uint64_t{1} << (k & 63);
  }
  // The dot product of v and big, the products summed in key order (as
  // the merge did, so scores are unchanged to the last bit).
  double Dot(const SparseVec& big) const {
    double s = 0;
    size_t i = 0;
    for (const auto& [k, w] : big) {
      if (!((bits_[(k >> 6) & 63] >> (k & 63)) & 1)) continue;
      while (i < v_.size() && v_[i].first < k) ++i;
      if (i == v_.size()) break;
      if (v_[i].first == k) s += v_[i].second * w;
    }
    return s;
  }
  bool empty() const { return v_.empty(); }

 private:
  const SparseVec& v_;
  uint64_t bits_[64] = {};
};

double Norm(const SparseVec& v) {
  double s = 0;
  for (const auto& [k, w] : v) s += w * w;
  return std::sqrt(s);
}

void KeepStrongest(SparseVec& v, size_t n) {
  if (v.size() <= n) return;
  std::nth_element(v.begin(), v.begin() + n, v.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  v.resize(n);
  std::sort(v.begin(), v.end());
}

}  // namespace

ArticleTerms ExtractTerms(const Document& doc, const std::vector<std::string_view>& body_words,
                          const StoryOptions& opts, const std::vector<std::string_view>& stems) {
  ArticleTerms t;
  std::vector<ArticleTerm> all;
  all.reserve(body_words.size() + 64);
  AddWords(body_words, stems, 1.0f, all);
  t.title_words = NormalizedWords(doc.title);
  AddWords(t.title_words, {}, static_cast<float>(opts.title_weight), all);
  for (const Entity& e : doc.entities) {
    if (e.id.empty()) continue;
    size_t n = e.mentions.size() + e.title_mentions.size();
    all.push_back({Hash64("e:" + e.id), static_cast<float>(std::max<size_t>(n, 1)), true,
                   e.name.empty() ? std::string_view(e.id) : std::string_view(e.name)});
  }
  // Counts summed per term; the display (and kind) is the first occurrence's.
  std::stable_sort(all.begin(), all.end(),
                   [](const ArticleTerm& a, const ArticleTerm& b) { return a.key < b.key; });
  for (const ArticleTerm& x : all) {
    if (!t.terms.empty() && t.terms.back().key == x.key) t.terms.back().count += x.count;
    else t.terms.push_back(x);
  }
  return t;
}

std::optional<int> DayNumber(std::string_view s) {
  int y = 0, m = 0, d = 15;
  char tail;
  std::string str(s);
  int got = std::sscanf(str.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail);
  if (got < 2 || got > 3 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  // Howard Hinnant's days_from_civil.
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

std::string DayString(int z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int y = static_cast<int>(yoe) + era * 400 + (m <= 2);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

std::string Story::Label() const {
  std::vector<std::string> ents, words;
  for (const auto& [text, is_entity, w] : label_terms) {
    auto& into = is_entity ? ents : words;
    if (into.size() < 3) into.push_back(text);
  }
  std::string out;
  for (const auto* list : {&ents, &words})
    for (const auto& s : *list) out += (out.empty() ? "" : "، ") + s;
  return out;
}

std::string Story::Serialize() const {
  std::string out;
  PutU32(out, 1);  // format version
  PutU32(out, static_cast<uint32_t>(articles));
  PutU32(out, static_cast<uint32_t>(first_day));
  PutU32(out, static_cast<uint32_t>(last_day));
  PutU32(out, dated ? 1 : 0);
  for (const auto* v : {&centroid, &entities}) {
    PutU32(out, static_cast<uint32_t>(v->size()));
    for (const auto& [k, w] : *v) PutU64(out, k), PutF32(out, w);
  }
  PutU32(out, static_cast<uint32_t>(label_terms.size()));
  for (const auto& [text, is_entity, w] : label_terms) {
    PutU32(out, is_entity ? 1 : 0);
    PutF32(out, w);
    PutU32(out, static_cast<uint32_t>(text.size()));
    out += text;
  }
  return out;
}

Story Story::Deserialize(int64_t id, std::string_view blob) {
  Story s;
  s.id = id;
  BlobReader r{blob};
  if (r.Get<uint32_t>() != 1) return s;
  s.articles = static_cast<int>(r.Get<uint32_t>());
  s.first_day = static_cast<int>(r.Get<uint32_t>());
  s.last_day = static_cast<int>(r.Get<uint32_t>());
  s.dated = r.Get<uint32_t>() != 0;
  for (SparseVec* v : {&s.centroid, &s.entities}) {
    for (uint32_t n = r.Get<uint32_t>(); r.ok && n > 0; --n) {
      uint64_t k = r.Get<uint64_t>();
      float w = r.Get<float>();
      if (r.ok) v->emplace_back(k, w);
    }
    std::sort(v->begin(), v->end());
  }
  s.centroid_norm = Norm(s.centroid);
  s.entities_norm = Norm(s.entities);
  for (uint32_t n = r.Get<uint32_t>(); r.ok && n > 0; --n) {
    bool is_entity = r.Get<uint32_t>() != 0;
    float w = r.Get<float>();
    std::string text = r.Bytes(r.Get<uint32_t>());
    if (r.ok) s.label_terms.emplace_back(std::move(text), is_entity, w);
  }
  return s;
}

size_t StoryClusterer::TermCounts::IndexOf(uint64_t key) const {
  const size_t mask = slots_.size() - 1;
  for (size_t i = Mix64(key) & mask;; i = (i + 1) & mask)
    if (slots_[i].count == 0 || slots_[i].key == key) return i;
}

StoryClusterer::TermCounts::Slot& StoryClusterer::TermCounts::Claim(uint64_t key) {
  Slot* slot = &slots_[IndexOf(key)];
  if (slot->count == 0) {
    if (2 * (used_ + 1) > slots_.size()) {
      std::vector<Slot> old(2 * slots_.size());
      old.swap(slots_);
      for (const Slot& s : old)
        if (s.count) slots_[IndexOf(s.key)] = s;
      slot = &slots_[IndexOf(key)];
    }
    ++used_;
    slot->key = key;
  }
  return *slot;
}

int StoryClusterer::TermCounts::Get(uint64_t key) const { return slots_[IndexOf(key)].count; }

void StoryClusterer::TermCounts::Set(uint64_t key, int count) { Claim(key).count = count; }

int StoryClusterer::TermCounts::Increment(uint64_t key) { return ++Claim(key).count; }

void StoryClusterer::Restore(std::vector<Story> stories, std::unordered_map<uint64_t, int> df,
                             int docs) {
  stories_ = std::move(stories);
  df_ = TermCounts();
  for (const auto& [term, n] : df)
    if (n > 0) df_.Set(term, n);
  docs_ = docs;
  by_id_.clear();
  postings_.clear();
  for (size_t i = 0; i < stories_.size(); ++i) {
    by_id_[stories_[i].id] = i;
    next_id_ = std::max(next_id_, stories_[i].id + 1);
    Index(stories_[i]);
  }
  hits_.assign(stories_.size(), 0);
}

std::pair<SparseVec, SparseVec> StoryClusterer::Weigh(const ArticleTerms& terms,
                                                      const std::vector<int>& df) const {
  SparseVec words, ents;
  for (size_t i = 0; i < terms.terms.size(); ++i) {
    const ArticleTerm& t = terms.terms[i];
    double idf = std::log((docs_ + 1.0) / (df[i] + 1.0)) + 1.0;
    (t.entity ? ents : words)
        .emplace_back(t.key, static_cast<float>((1.0 + std::log(std::max(t.count, 1.0f))) * idf));
  }
  for (SparseVec* v : {&words, &ents}) {
    KeepStrongest(*v, opts_.article_terms);  // terms come sorted by key
    double n = Norm(*v);
    if (n > 0)
      for (auto& kw : *v) kw.second = static_cast<float>(kw.second / n);
  }
  return {std::move(words), std::move(ents)};
}

double StoryClusterer::Decay(const Story& s, std::optional<int> day) const {
  if (!day || !s.dated) return opts_.undated_factor;
  double gap = *day < s.first_day ? s.first_day - *day : *day > s.last_day ? *day - s.last_day : 0;
  auto gauss = [&](double sigma) { return std::exp(-(gap * gap) / (2 * sigma * sigma)); };
  return 0.5 * gauss(opts_.sigma_days) + 0.5 * gauss(opts_.long_sigma_days);
}

namespace {

// The weighted cosine of an article's word and entity vectors with a story's
// centroids.
double Cosine(const KeyFilter& words, const KeyFilter& ents, const Story& s, double entity_share) {
  double nw = s.centroid_norm, ne = s.entities_norm;
  double cos = nw > 0 ? words.Dot(s.centroid) / nw : 0;
  if (!ents.empty() && ne > 0)
    cos = (1 - entity_share) * cos + entity_share * ents.Dot(s.entities) / ne;
  return cos;
}

}  // namespace

void StoryClusterer::Index(const Story& s) {
  const auto pos = static_cast<uint32_t>(&s - stories_.data());
  for (const auto* v : {&s.centroid, &s.entities})
    for (const auto& [k, w] : *v) {
      auto& list = postings_[k];
      if (list.empty() || list.back() != pos) list.push_back(pos);
    }
}

namespace {

// Adds `v` into `sum` (both sorted), keeping the `keep` strongest terms;
// terms new to `sum` are appended to `fresh` (to be indexed).
void AddInto(SparseVec& sum, const SparseVec& v, size_t keep, std::vector<uint64_t>& fresh) {
  SparseVec merged;
  merged.reserve(sum.size() + v.size());
  size_t i = 0, j = 0;
  while (i < sum.size() || j < v.size()) {
    if (j == v.size() || (i < sum.size() && sum[i].first < v[j].first)) {
      merged.push_back(sum[i++]);
    } else if (i == sum.size() || v[j].first < sum[i].first) {
      fresh.push_back(v[j].first);
      merged.push_back(v[j++]);
    } else {
      merged.emplace_back(v[j].first, sum[i].second + v[j].second);
      ++i, ++j;
    }
  }
  KeepStrongest(merged, keep);
  sum = std::move(merged);
}

}  // namespace

void StoryClusterer::AddToStory(Story& s, const SparseVec& words, const SparseVec& ents,
                                const ArticleTerms& terms, std::optional<int> day) {
  std::vector<uint64_t> fresh;
  AddInto(s.centroid, words, opts_.centroid_terms, fresh);
  AddInto(s.entities, ents, opts_.centroid_terms, fresh);
  s.centroid_norm = Norm(s.centroid);
  s.entities_norm = Norm(s.entities);
  ++s.articles;
  if (day) {
    s.first_day = s.dated ? std::min(s.first_day, *day) : *day;
    s.last_day = s.dated ? std::max(s.last_day, *day) : *day;
    s.dated = true;
  }
  auto find = [&](uint64_t k) -> const ArticleTerm* {
    auto it = std::lower_bound(terms.terms.begin(), terms.terms.end(), k,
                               [](const ArticleTerm& t, uint64_t key) { return t.key < key; });
    return it != terms.terms.end() && it->key == k ? &*it : nullptr;
  };
  for (const auto* vec : {&words, &ents})
    for (const auto& [k, w] : *vec) {
      const ArticleTerm* d = find(k);
      if (!d) continue;
      // Label candidates are matched by their text (as they are stored); a
      // linear search, as there are at most a few dozen.
      auto it = std::find_if(s.label_terms.begin(), s.label_terms.end(),
                             [&](const auto& t) { return std::get<0>(t) == d->display; });
      if (it != s.label_terms.end()) std::get<2>(*it) += w;
      else s.label_terms.emplace_back(std::string(d->display), d->entity, w);
    }
  std::stable_sort(s.label_terms.begin(), s.label_terms.end(),
                   [](const auto& a, const auto& b) { return std::get<2>(a) > std::get<2>(b); });
  if (s.label_terms.size() > kLabelTerms) s.label_terms.resize(kLabelTerms);
  const auto pos = static_cast<uint32_t>(&s - stories_.data());
  for (uint64_t k : fresh) postings_[k].push_back(pos);
  dirty_stories_.insert(s.id);
}

int64_t StoryClusterer::Assign(const ArticleTerms& terms, std::optional<int> day) {
  ++docs_;
  std::vector<int> df;
  df.reserve(terms.terms.size());
  for (const ArticleTerm& t : terms.terms) {
    df.push_back(df_.Increment(t.key));
    dirty_df_.push_back(t.key);
  }
  auto [words, ents] = Weigh(terms, df);
  // Candidates: stories sharing one of the article's most distinctive terms.
  SparseVec strongest = words;
  KeepStrongest(strongest, kLookupTerms);
  strongest.insert(strongest.end(), ents.begin(), ents.end());
  KeepStrongest(strongest, 2 * kLookupTerms);
  std::vector<uint32_t> touched;  // story positions with hits
  for (const auto& [k, w] : strongest) {
    auto it = postings_.find(k);
    if (it == postings_.end()) continue;
    // A term in thousands of stories finds nothing specific: only its most
    // recently indexed stories (those time decay favours) are looked at.
    const auto& list = it->second;
    auto from = list.size() > kMaxPostings ? list.end() - kMaxPostings : list.begin();
    for (auto p = from; p != list.end(); ++p)
      if (hits_[*p]++ == 0) touched.push_back(*p);
  }
  // Stories sharing the most lookup terms first; only the best few are scored
  // (ties in story order, as positions follow ids).
  std::sort(touched.begin(), touched.end());
  std::vector<std::pair<int, uint32_t>> by_hits;
  by_hits.reserve(touched.size());
  for (uint32_t p : touched) {
    by_hits.emplace_back(hits_[p], p);
    hits_[p] = 0;
  }
  if (by_hits.size() > kMaxCandidates) {
    std::nth_element(by_hits.begin(), by_hits.begin() + kMaxCandidates, by_hits.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    by_hits.resize(kMaxCandidates);
  }
  Story* best = nullptr;
  double best_score = 0;
  const KeyFilter word_filter(words), entity_filter(ents);
  for (const auto& [n, p] : by_hits) {
    Story& s = stories_[p];
    double threshold = std::min(opts_.max_threshold,
                                opts_.base_threshold + opts_.growth * std::log(s.articles));
    // A cosine is at most 1 (plus rounding): a story too far away in time
    // cannot reach the threshold, whatever its words.
    const double decay = Decay(s, day);
    if (decay * 1.01 < threshold) continue;
    double score = Cosine(word_filter, entity_filter, s, opts_.entity_share) * decay;
    if (score >= threshold && (!best || score > best_score)) {
      best = &s;
      best_score = score;
    }
  }
  if (!best) {
    Story s;
    s.id = next_id_++;
    by_id_[s.id] = stories_.size();
    stories_.push_back(std::move(s));
    hits_.push_back(0);
    best = &stories_.back();
  }
  AddToStory(*best, words, ents, terms, day);
  return best->id;
}

void StoryClusterer::JoinDuplicate(int64_t story, std::optional<int> day) {
  auto it = by_id_.find(story);
  if (it == by_id_.end()) return;
  Story& s = stories_[it->second];
  ++s.articles;
  if (day) {
    s.first_day = s.dated ? std::min(s.first_day, *day) : *day;
    s.last_day = s.dated ? std::max(s.last_day, *day) : *day;
    s.dated = true;
  }
  dirty_stories_.insert(story);
}

const Story* StoryClusterer::Find(int64_t id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &stories_[it->second];
}

std::vector<const Story*> StoryClusterer::TakeDirtyStories() {
  std::vector<const Story*> out;
  for (int64_t id : dirty_stories_) out.push_back(Find(id));
  dirty_stories_.clear();
  return out;
}

std::vector<std::pair<uint64_t, int>> StoryClusterer::TakeDirtyDf() {
  std::sort(dirty_df_.begin(), dirty_df_.end());
  dirty_df_.erase(std::unique(dirty_df_.begin(), dirty_df_.end()), dirty_df_.end());
  std::vector<std::pair<uint64_t, int>> out;
  out.reserve(dirty_df_.size());
  for (uint64_t k : dirty_df_) out.emplace_back(k, df_.Get(k));
  dirty_df_.clear();
  return out;
}

}  // namespace marsad::corpus
