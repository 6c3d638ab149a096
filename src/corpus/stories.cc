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

template <typename Words>
void AddWords(const Words& words, float weight, ArticleTerms& t) {
  for (std::string_view w : words) {
    if (w.empty() || (w[0] >= '0' && w[0] <= '9')) continue;
    if (!AtLeastCodepoints(w, 3) || IsStopword(w)) continue;
    uint64_t h = Hash64(SearchStemView(w));
    t.counts[h] += weight;
    t.display.try_emplace(h, w, false);
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

double Dot(const SparseVec& a, const SparseVec& b) {
  double s = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i].first == b[j].first) s += a[i++].second * b[j++].second;
    else if (a[i].first < b[j].first) ++i;
    else ++j;
  }
  return s;
}

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
                          const StoryOptions& opts) {
  ArticleTerms t;
  AddWords(body_words, 1.0f, t);
  AddWords(NormalizedWords(doc.title), static_cast<float>(opts.title_weight), t);
  for (const Entity& e : doc.entities) {
    if (e.id.empty()) continue;
    uint64_t h = Hash64("e:" + e.id);
    size_t n = e.mentions.size() + e.title_mentions.size();
    t.counts[h] += static_cast<float>(std::max<size_t>(n, 1));
    t.display.try_emplace(h, e.name.empty() ? e.id : e.name, true);
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

void StoryClusterer::Restore(std::vector<Story> stories, std::unordered_map<uint64_t, int> df,
                             int docs) {
  stories_ = std::move(stories);
  df_ = std::move(df);
  docs_ = docs;
  by_id_.clear();
  postings_.clear();
  for (size_t i = 0; i < stories_.size(); ++i) {
    by_id_[stories_[i].id] = i;
    next_id_ = std::max(next_id_, stories_[i].id + 1);
    Index(stories_[i]);
  }
}

std::pair<SparseVec, SparseVec> StoryClusterer::Weigh(const ArticleTerms& terms) const {
  SparseVec words, ents;
  for (const auto& [k, tf] : terms.counts) {
    auto it = df_.find(k);
    double df = it == df_.end() ? 0 : it->second;
    double idf = std::log((docs_ + 1.0) / (df + 1.0)) + 1.0;
    auto d = terms.display.find(k);
    bool entity = d != terms.display.end() && d->second.second;
    (entity ? ents : words)
        .emplace_back(k, static_cast<float>((1.0 + std::log(std::max(tf, 1.0f))) * idf));
  }
  for (SparseVec* v : {&words, &ents}) {
    std::sort(v->begin(), v->end());
    KeepStrongest(*v, opts_.article_terms);
    double n = Norm(*v);
    if (n > 0)
      for (auto& kw : *v) kw.second = static_cast<float>(kw.second / n);
  }
  return {std::move(words), std::move(ents)};
}

double StoryClusterer::Similarity(const SparseVec& words, const SparseVec& ents, const Story& s,
                                  std::optional<int> day) const {
  double nw = s.centroid_norm, ne = s.entities_norm;
  double cos = nw > 0 ? Dot(words, s.centroid) / nw : 0;
  if (!ents.empty() && ne > 0)
    cos = (1 - opts_.entity_share) * cos + opts_.entity_share * Dot(ents, s.entities) / ne;
  if (!day || !s.dated) return cos * opts_.undated_factor;
  double gap = *day < s.first_day ? s.first_day - *day : *day > s.last_day ? *day - s.last_day : 0;
  auto gauss = [&](double sigma) { return std::exp(-(gap * gap) / (2 * sigma * sigma)); };
  return cos * (0.5 * gauss(opts_.sigma_days) + 0.5 * gauss(opts_.long_sigma_days));
}

void StoryClusterer::Index(const Story& s) {
  for (const auto* v : {&s.centroid, &s.entities})
    for (const auto& [k, w] : *v) {
      auto& list = postings_[k];
      if (list.empty() || list.back() != s.id) list.push_back(s.id);
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
  for (const auto* vec : {&words, &ents})
  for (const auto& [k, w] : *vec) {
    auto d = terms.display.find(k);
    if (d == terms.display.end()) continue;
    auto it = std::find_if(s.label_terms.begin(), s.label_terms.end(),
                           [&](const auto& t) { return std::get<0>(t) == d->second.first; });
    if (it != s.label_terms.end()) std::get<2>(*it) += w;
    else s.label_terms.emplace_back(d->second.first, d->second.second, w);
  }
  std::stable_sort(s.label_terms.begin(), s.label_terms.end(),
                   [](const auto& a, const auto& b) { return std::get<2>(a) > std::get<2>(b); });
  if (s.label_terms.size() > kLabelTerms) s.label_terms.resize(kLabelTerms);
  for (uint64_t k : fresh) postings_[k].push_back(s.id);
  dirty_stories_.insert(s.id);
}

int64_t StoryClusterer::Assign(const ArticleTerms& terms, std::optional<int> day) {
  ++docs_;
  for (const auto& [k, tf] : terms.counts) {
    ++df_[k];
    dirty_df_.push_back(k);
  }
  auto [words, ents] = Weigh(terms);
  // Candidates: stories sharing one of the article's most distinctive terms.
  SparseVec strongest = words;
  KeepStrongest(strongest, kLookupTerms);
  strongest.insert(strongest.end(), ents.begin(), ents.end());
  KeepStrongest(strongest, 2 * kLookupTerms);
  std::vector<int64_t> candidates;
  for (const auto& [k, w] : strongest) {
    auto it = postings_.find(k);
    if (it == postings_.end()) continue;
    // A term in thousands of stories finds nothing specific: only its most
    // recently indexed stories (those time decay favours) are looked at.
    const auto& list = it->second;
    auto from = list.size() > kMaxPostings ? list.end() - kMaxPostings : list.begin();
    candidates.insert(candidates.end(), from, list.end());
  }
  // Stories sharing the most lookup terms first; only the best few are scored.
  std::sort(candidates.begin(), candidates.end());
  std::vector<std::pair<int, int64_t>> by_hits;
  for (size_t i = 0; i < candidates.size();) {
    size_t j = i;
    while (j < candidates.size() && candidates[j] == candidates[i]) ++j;
    by_hits.emplace_back(static_cast<int>(j - i), candidates[i]);
    i = j;
  }
  if (by_hits.size() > kMaxCandidates) {
    std::nth_element(by_hits.begin(), by_hits.begin() + kMaxCandidates, by_hits.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    by_hits.resize(kMaxCandidates);
  }
  candidates.clear();
  for (const auto& [hits, id] : by_hits) candidates.push_back(id);
  Story* best = nullptr;
  double best_score = 0;
  for (int64_t id : candidates) {
    Story& s = stories_[by_id_.at(id)];
    double threshold = std::min(opts_.max_threshold,
                                opts_.base_threshold + opts_.growth * std::log(s.articles));
    double score = Similarity(words, ents, s, day);
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
  for (uint64_t k : dirty_df_) out.emplace_back(k, df_[k]);
  dirty_df_.clear();
  return out;
}

}  // namespace marsad::corpus
