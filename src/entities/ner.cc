// NER tagger: CoNLL reading, BIO spans and scoring, the KB gazetteer, the
// averaged-perceptron trainer, Viterbi decoding and the binary model format.
// NerModel and Gazetteer are immutable once built; Tag is thread-safe.
#include "entities/ner.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <numeric>
#include <random>
#include <span>

#include "base/bits.h"
#include "base/huge_pages.h"
#include "base/tsv.h"
#include "entities/ner_features.h"

namespace marsad::entities {
namespace {

using ner_internal::SentenceFeatures;
using ner_internal::WordClasses;

// BILOU labels: O, then per type Begin, Inside, Last and Unit (a one-word
// name). Unlike BIO, a name's last word and a one-word name have labels of
// their own, so the model learns where names end (Ratinov & Roth 2009).
constexpr std::array<const char*, 3> kTypes = {"PER", "ORG", "LOC"};
constexpr int kParts = 4;  // B, I, L, U
constexpr int kLabels = 1 + kParts * int(kTypes.size());
constexpr int kTransSize = (kLabels + 1) * kLabels;  // last row: sentence start
constexpr int kStart = kLabels;
enum Part { kB = 0, kI, kL, kU };

constexpr int TypeOf(int label) { return label == 0 ? -1 : (label - 1) / kParts; }
constexpr int PartOf(int label) { return label == 0 ? -1 : (label - 1) % kParts; }
constexpr int LabelOf(int type, int part) { return 1 + type * kParts + part; }
// B and I open a name that a later L closes.
constexpr bool Opens(int label) { return label != 0 && PartOf(label) <= kI; }
constexpr bool IsInside(int label) { return label != 0 && (PartOf(label) == kI || PartOf(label) == kL); }
constexpr bool Allowed(int prev, int cur) {
  const bool open = prev != kStart && Opens(prev);
  if (IsInside(cur)) return open && TypeOf(prev) == TypeOf(cur);
  return !open;
}
constexpr bool AllowedLast(int label) { return !Opens(label); }

// A BIO tag sequence as labels (ner_internal::BilouTags).
std::vector<int> LabelsOfTags(const std::vector<std::string>& tags) {
  auto parse = [&](size_t i, bool* begin) {
    const std::string& t = tags[i];
    if (t.size() < 3 || t[1] != '-') return -1;
    *begin = t[0] == 'B';
    for (size_t k = 0; k < kTypes.size(); ++k)
      if (std::string_view(t).substr(2) == kTypes[k]) return int(k);
    return -1;
  };
  std::vector<int> out(tags.size(), 0);
  int open = -1;  // type of the name continuing into token i, or -1
  for (size_t i = 0; i < tags.size(); ++i) {
    bool begin = false;
    const int type = parse(i, &begin);
    if (type < 0) {
      open = -1;
      continue;
    }
    const bool starts = begin || open != type;
    bool next_continues = false;
    if (i + 1 < tags.size()) {
      bool nb = false;
      next_continues = parse(i + 1, &nb) == type && !nb;
    }
    out[i] = LabelOf(type, starts ? (next_continues ? kB : kU) : (next_continues ? kI : kL));
    open = type;
  }
  return out;
}

// Maps a corpus type to ours; "" when the type is not scored or trained.
std::string_view MapType(std::string_view t, bool wojood) {
  if (t == "PER" || t == "PERS") return "PER";
  if (t == "ORG") return "ORG";
  if (t == "LOC" || t == "GPE" || t == "FAC") return "LOC";
  if (!wojood && (t == "MISC" || t == "MIS")) return "MISC";
  return "";
}

// "B-PERS" → "B-PER"; anything unknown → "O".
std::string MapTag(std::string_view tag, bool wojood) {
  if (tag.size() < 3 || (tag[0] != 'B' && tag[0] != 'I') || tag[1] != '-') return "O";
  const std::string_view type = MapType(tag.substr(2), wojood);
  if (type.empty()) return "O";
  return std::string(1, tag[0]) + "-" + std::string(type);
}

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

bool LooksLikeTag(std::string_view f) { return f == "O" || (f.size() > 2 && (f[0] == 'B' || f[0] == 'I') && f[1] == '-'); }

ConllFormat DetectFormat(std::string_view content) {
  bool blank = false, multi = false;
  size_t start = 0;
  int seen = 0;
  while (start < content.size() && seen < 5000) {
    size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    const auto f = Fields(content.substr(start, end - start));
    if (f.empty() && seen > 0) blank = true;
    if (f.size() >= 3 && LooksLikeTag(f[1]) && LooksLikeTag(f[2])) multi = true;
    ++seen;
    start = end + 1;
  }
  if (!blank) return ConllFormat::kAnercorp;
  return multi ? ConllFormat::kWojood : ConllFormat::kConll;
}

bool EndsSentence(std::string_view w) { return w == "." || w == "!" || w == "?" || w == "؟"; }

// ---- Weights ----------------------------------------------------------------------
void Viterbi(const std::vector<float>& emit, const float* trans, int n, std::vector<int>* out) {
  out->assign(n, 0);
  if (n == 0) return;
  // Reused per thread: decoding runs once per sentence and layer.
  thread_local std::vector<float> best_buf;
  thread_local std::vector<uint8_t> back_buf;
  best_buf.resize(size_t(n) * kLabels);
  back_buf.resize(size_t(n) * kLabels);
  float* best = best_buf.data();
  uint8_t* back = back_buf.data();
  constexpr float kNeg = -1e30f;
  for (int y = 0; y < kLabels; ++y)
    best[y] = Allowed(kStart, y) ? trans[kStart * kLabels + y] + emit[y] : kNeg;
  // Allowed() as lists of previous labels: I-X and L-X follow only B-X and
  // I-X (two candidates, compared one by one); O, B-X and U-X, the labels
  // that follow a closed name, share one longer list and are scored side by
  // side, 8 lanes at a time (a transition not Allowed() is -inf, so it never
  // wins). Both try candidates in ascending order and keep the first of equal
  // scores.
  struct Plan {
    std::array<std::array<uint8_t, kLabels>, kLabels> list{};  // per label, its allowed previous labels
    std::array<int, kLabels> count{};
    std::array<int, 8> wide{};   // the labels scored side by side (-1: unused lane)
    std::array<uint8_t, kLabels> wide_prevs{};  // every previous label any of them allows
    int n_wide_prevs = 0;
    std::array<bool, kLabels> is_wide{};
  };
  static constexpr Plan kPlan = [] {
    Plan p;
    for (int y = 0; y < kLabels; ++y)
      for (int q = 0; q < kLabels; ++q)
        if (Allowed(q, y)) p.list[size_t(y)][size_t(p.count[size_t(y)]++)] = uint8_t(q);
    int lanes = 0;
    for (int y = 0; y < kLabels; ++y)
      if (p.count[size_t(y)] > 2 && lanes < 8) p.is_wide[size_t(y)] = true, p.wide[size_t(lanes++)] = y;
    for (int l = lanes; l < 8; ++l) p.wide[size_t(l)] = -1;
    for (int q = 0; q < kLabels; ++q) {
      bool any = false;
      for (int l = 0; l < lanes; ++l) any = any || Allowed(q, p.wide[size_t(l)]);
      if (any) p.wide_prevs[size_t(p.n_wide_prevs++)] = uint8_t(q);
    }
    return p;
  }();
  alignas(32) float tw[kLabels][8];  // transitions into the wide labels, per previous label
  for (int k = 0; k < kPlan.n_wide_prevs; ++k) {
    const int q = kPlan.wide_prevs[size_t(k)];
    for (int l = 0; l < 8; ++l) {
      const int y = kPlan.wide[size_t(l)];
      tw[k][l] = y >= 0 && Allowed(q, y) ? trans[q * kLabels + y] : -std::numeric_limits<float>::infinity();
    }
  }
  for (int i = 1; i < n; ++i) {
    const float* prev = best + size_t(i - 1) * kLabels;
    float* cur = best + size_t(i) * kLabels;
    uint8_t* bk = back + size_t(i) * kLabels;
    const float* e = &emit[size_t(i) * kLabels];
    alignas(32) float wb[8];
    alignas(32) int32_t warg[8];
    for (int l = 0; l < 8; ++l) wb[l] = kNeg, warg[l] = 0;
    for (int k = 0; k < kPlan.n_wide_prevs; ++k) {
      const float pq = prev[kPlan.wide_prevs[size_t(k)]];
      const int32_t q = kPlan.wide_prevs[size_t(k)];
      for (int l = 0; l < 8; ++l) {
        const float s = pq + tw[k][l];
        const bool better = s > wb[l];
        wb[l] = better ? s : wb[l];
        warg[l] = better ? q : warg[l];
      }
    }
    for (int l = 0; l < 8; ++l) {
      const int y = kPlan.wide[size_t(l)];
      if (y < 0) continue;
      cur[y] = wb[l] + e[y];
      bk[y] = uint8_t(warg[l]);
    }
    for (int y = 0; y < kLabels; ++y) {
      if (kPlan.is_wide[size_t(y)]) continue;
      float b = kNeg;
      int arg = 0;
      for (int k = 0; k < kPlan.count[size_t(y)]; ++k) {
        const int p = kPlan.list[size_t(y)][size_t(k)];
        const float s = prev[p] + trans[p * kLabels + y];
        if (s > b) b = s, arg = p;
      }
      cur[y] = b + e[y];
      bk[y] = uint8_t(arg);
    }
  }
  const float* last = best + size_t(n - 1) * kLabels;
  int y = 0;
  for (int q = 1; q < kLabels; ++q)
    if (AllowedLast(q) && last[q] > last[y]) y = q;
  for (int i = n - 1; i >= 0; --i) {
    (*out)[i] = y;
    y = back[size_t(i) * kLabels + y];
  }
}

// The names of a label sequence, as BioToSpans reads its BIO tags (B and U
// as B-, I and L as I-) without writing them: B and U start a name; I and L
// continue the name of their type that ends just before them, else start one.
std::vector<NerSpan> LabelsToSpans(const std::vector<int>& labels) {
  std::vector<NerSpan> spans;
  for (int i = 0; i < int(labels.size()); ++i) {
    const int y = labels[size_t(i)];
    if (y == 0) continue;
    const char* type = kTypes[size_t(TypeOf(y))];
    const bool inside = PartOf(y) == kI || PartOf(y) == kL;
    if (inside && !spans.empty() && spans.back().end_token == i && spans.back().type == type)
      spans.back().end_token = i + 1;
    else
      spans.push_back({i, i + 1, type, 1.0});
  }
  return spans;
}

// ---- Binary format ---------------------------------------------------------------
constexpr char kMagic[8] = {'M', 'S', 'D', 'N', 'E', 'R', '\x01', '\x00'};
constexpr uint32_t kFormatVersion = 3;  // 2: word lexicon after the classes; 3: BILOU labels

class Writer {
 public:
  void Bytes(const void* p, size_t n) { out_.append(static_cast<const char*>(p), n); }
  template <typename T>
  void Pod(T v) { Bytes(&v, sizeof v); }
  void Varint(uint64_t v) {
    while (v >= 0x80) out_.push_back(char(v | 0x80)), v >>= 7;
    out_.push_back(char(v));
  }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool Bytes(void* p, size_t n) {
    if (in_.size() - pos_ < n) return false;
    std::memcpy(p, in_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  template <typename T>
  bool Pod(T* v) { return Bytes(v, sizeof *v); }
  bool Varint(uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return false;
      const uint8_t b = uint8_t(in_[pos_++]);
      *v |= uint64_t(b & 0x7F) << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  }
  size_t remaining() const { return in_.size() - pos_; }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

}  // namespace

// ---- Spans and scoring --------------------------------------------------------------
std::vector<NerSpan> BioToSpans(const std::vector<std::string>& tags) {
  std::vector<NerSpan> spans;
  for (int i = 0; i < int(tags.size()); ++i) {
    const std::string& t = tags[i];
    if (t.size() < 3 || t[1] != '-' || (t[0] != 'B' && t[0] != 'I')) continue;
    const std::string type = t.substr(2);
    const bool continues = t[0] == 'I' && !spans.empty() && spans.back().end_token == i && spans.back().type == type;
    if (continues) {
      spans.back().end_token = i + 1;
    } else {
      spans.push_back({i, i + 1, type, 1.0});
    }
  }
  return spans;
}

std::vector<std::string> SpansToBio(const std::vector<NerSpan>& spans, int n) {
  std::vector<std::string> tags(n, "O");
  for (const NerSpan& s : spans)
    for (int i = std::max(0, s.begin_token); i < std::min(n, s.end_token); ++i)
      tags[i] = (i == s.begin_token ? "B-" : "I-") + s.type;
  return tags;
}

void NerScore::Add(const std::vector<NerSpan>& gold, const std::vector<NerSpan>& predicted) {
  auto key = [](const NerSpan& s) { return std::make_tuple(s.begin_token, s.end_token, s.type); };
  auto counts = [&](std::string_view type) -> NerCounts* {
    if (type == "PER") return &per;
    if (type == "ORG") return &org;
    if (type == "LOC") return &loc;
    return nullptr;
  };
  std::vector<std::tuple<int, int, std::string>> g, p;
  for (const auto& s : gold)
    if (counts(s.type)) g.push_back(key(s));
  for (const auto& s : predicted)
    if (counts(s.type)) p.push_back(key(s));
  std::sort(g.begin(), g.end());
  std::sort(p.begin(), p.end());
  for (const auto& s : p) {
    const bool hit = std::binary_search(g.begin(), g.end(), s);
    NerCounts* c = counts(std::get<2>(s));
    (hit ? c->tp : c->fp)++;
    (hit ? all.tp : all.fp)++;
  }
  for (const auto& s : g) {
    if (std::binary_search(p.begin(), p.end(), s)) continue;
    counts(std::get<2>(s))->fn++;
    all.fn++;
  }
}

std::string NerScore::Format() const {
  std::string out = "type   P      R      F1     tp     fp     fn\n";
  const std::pair<const char*, const NerCounts*> rows[] = {{"PER", &per}, {"ORG", &org}, {"LOC", &loc}, {"ALL", &all}};
  for (const auto& [name, c] : rows) {
    char line[128];
    std::snprintf(line, sizeof line, "%-6s %.4f %.4f %.4f %-6d %-6d %-6d\n", name, c->Precision(), c->Recall(),
                  c->F1(), c->tp, c->fp, c->fn);
    out += line;
  }
  return out;
}

// ---- Corpora -------------------------------------------------------------------------
Result<ConllFormat> ParseConllFormat(std::string_view name) {
  if (name.empty() || name == "auto") return ConllFormat::kAuto;
  if (name == "anercorp") return ConllFormat::kAnercorp;
  if (name == "conll" || name == "aqmar") return ConllFormat::kConll;
  if (name == "wojood") return ConllFormat::kWojood;
  return Status::Error("unknown CoNLL format '" + std::string(name) + "' (auto, anercorp, conll, wojood)");
}

NerCorpus ParseConll(std::string_view content, ConllFormat format) {
  if (format == ConllFormat::kAuto) format = DetectFormat(content);
  const bool wojood = format == ConllFormat::kWojood;
  NerCorpus corpus;
  NerSentence cur;
  auto flush = [&] {
    if (!cur.words.empty()) {
      cur.tags = SpansToBio(BioToSpans(cur.tags), int(cur.tags.size()));  // repairs stray I-
      corpus.sentences.push_back(std::move(cur));
    }
    cur = NerSentence();
  };
  size_t start = 0;
  int line_no = 0;
  while (start < content.size()) {
    size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const auto f = Fields(line);
    if (f.empty()) {
      if (format != ConllFormat::kAnercorp) flush();
      continue;
    }
    if (f.size() < 2) continue;  // a token without a tag (or a tag without a token)
    std::string tag = "O";
    if (wojood) {
      for (size_t k = 1; k < f.size() && tag == "O"; ++k) tag = MapTag(f[k], true);
    } else {
      tag = MapTag(f.back(), false);
    }
    if (cur.words.empty()) cur.first_line = line_no;
    cur.words.emplace_back(f[0]);
    cur.tags.push_back(std::move(tag));
    // ANERcorp has no sentence breaks; very long runs are cut to keep decoding local.
    if (format == ConllFormat::kAnercorp && (EndsSentence(f[0]) || cur.words.size() >= 250)) flush();
  }
  flush();
  corpus.lines = line_no;
  return corpus;
}

Result<NerCorpus> ReadConll(const std::string& path, ConllFormat format) {
  auto content = base::ReadFile(path);
  if (!content.ok()) return content.status();
  return ParseConll(*content, format);
}

std::pair<std::vector<NerSentence>, std::vector<NerSentence>> SplitTail(const NerCorpus& corpus, double fraction) {
  const double cut = corpus.lines * (1.0 - std::clamp(fraction, 0.0, 1.0));
  std::pair<std::vector<NerSentence>, std::vector<NerSentence>> out;
  for (const NerSentence& s : corpus.sentences) (s.first_line - 1 >= cut ? out.second : out.first).push_back(s);
  return out;
}

// ---- Gazetteer ----------------------------------------------------------------------
void Gazetteer::Add(std::string_view name, uint8_t bit) {
  std::vector<std::string> words;
  for (const text::Token& t : text::Tokenize(name)) words.push_back(t.norm);
  if (words.empty()) return;
  Entry e{std::vector<std::string>(words.begin() + 1, words.end()), bit};
  first_filter_.Add(words[0]);
  by_first_[words[0]].push_back(std::move(e));
  ++names_;
  id_.Renew();
}

Result<std::shared_ptr<const Gazetteer>> Gazetteer::Load(const std::vector<std::string>& dirs) {
  auto g = std::make_shared<Gazetteer>();
  struct Source {
    const char* file;
    const char* column;
    uint8_t bit;
  };
  const Source sources[] = {
      {"countries.tsv", "name_ar", kGazPlace}, {"countries.tsv", "variants_ar", kGazPlace},
      {"countries.tsv", "adjectives_ar", kGazNationality}, {"places.tsv", "name_ar", kGazPlace},
      {"places.tsv", "variants_ar", kGazPlace}, {"orgs.tsv", "name_ar", kGazOrg},
      {"orgs.tsv", "variants_ar", kGazOrg}, {"people.tsv", "name_ar", kGazPerson},
      {"people.tsv", "variants_ar", kGazPerson}, {"given_names.tsv", "name_ar", kGazPerson},
      {"outlets.tsv", "name_ar", kGazOrg}, {"outlets.tsv", "variants_ar", kGazOrg},
      {"org_names.tsv", "name_ar", kGazOrg},       {"place_names.tsv", "name_ar", kGazPlace},
  };
  for (const std::string& dir : dirs) {
    std::unordered_map<std::string, base::TsvTable> tables;
    for (const Source& s : sources) {
      const std::string path = dir + "/" + s.file;
      if (!tables.count(s.file)) {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) continue;
        auto t = base::LoadTsv(path);
        if (!t.ok()) return t.status();
        tables.emplace(s.file, std::move(t).value());
      }
      const base::TsvTable& t = tables.at(s.file);
      const int col = t.Column(s.column);
      if (col < 0) continue;
      for (const base::TsvRow& row : t.rows) {
        std::string_view items = row.fields[col];
        while (!items.empty()) {
          const size_t bar = items.find('|');
          const std::string_view item = items.substr(0, bar);
          if (!item.empty() && item != "-") g->Add(item, s.bit);
          items = bar == std::string_view::npos ? std::string_view() : items.substr(bar + 1);
        }
      }
    }
  }
  return std::shared_ptr<const Gazetteer>(std::move(g));
}

std::vector<std::string> ner_internal::BilouTags(const std::vector<std::string>& bio) {
  std::vector<std::string> out;
  for (int label : LabelsOfTags(bio))
    out.push_back(label == 0 ? "O" : std::string(1, "BILU"[PartOf(label)]) + "-" + kTypes[size_t(TypeOf(label))]);
  return out;
}

uint64_t ner_internal::InstanceId::Next() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

namespace {
// The forms a token's first word may take in a name: each clitic split's rest,
// and for لل (li + al) the rest with its article back. `fn(form)` returns true
// to stop. `buf` is reused storage.
template <typename Fn>
void ForEachFirstForm(const text::Token& t, std::string& buf, Fn&& fn) {
  for (const auto& [prefix, rest] : text::CliticSplits(t)) {
    if (fn(rest)) return;
    if (!prefix.ends_with("لل")) continue;
    buf.assign("ال");
    buf.append(rest);
    if (fn(std::string_view(buf))) return;
  }
}
}  // namespace

std::span<const Gazetteer::Entry* const> Gazetteer::Candidates(const text::Token& t) const {
  // Open addressing on the word's hash, with the candidates in one pool: a
  // node-based map missed the cache twice per look-up (its nodes and their
  // vectors), which cost about 4 % of the whole analysis. Cleared when half full.
  struct Cache {
    struct Slot {
      uint64_t key = 0;  // HashString(norm) | 1; 0 = empty
      uint32_t begin = 0, count = 0;
    };
    uint64_t owner = 0;
    size_t used = 0;
    std::vector<Slot> slots;
    std::vector<const Entry*> pool;
  };
  constexpr int kBits = 17;
  thread_local std::string buf;
  bool may = false;
  ForEachFirstForm(t, buf, [&](std::string_view form) { return may = first_filter_.MayContain(form); });
  if (!may) return {};
  thread_local Cache cache;
  if (cache.owner != id_.value() || cache.used >= (size_t(1) << (kBits - 1))) {
    cache.owner = id_.value();
    cache.slots.assign(size_t(1) << kBits, {});
    cache.pool.clear();
    cache.used = 0;
  }
  const uint64_t key = ner_internal::HashString(t.norm) | 1;
  const size_t mask = (size_t(1) << kBits) - 1;
  size_t i = size_t(key >> (64 - kBits));
  while (cache.slots[i].key != 0 && cache.slots[i].key != key) i = (i + 1) & mask;
  Cache::Slot& slot = cache.slots[i];
  if (slot.key == key) return {cache.pool.data() + slot.begin, slot.count};
  slot.key = key;
  slot.begin = uint32_t(cache.pool.size());
  ++cache.used;
  ForEachFirstForm(t, buf, [&](std::string_view form) {
    auto e = by_first_.find(form);
    if (e != by_first_.end())
      for (const Entry& entry : e->second) cache.pool.push_back(&entry);
    return false;
  });
  slot.count = uint32_t(cache.pool.size() - slot.begin);
  return {cache.pool.data() + slot.begin, slot.count};
}

std::vector<uint8_t> Gazetteer::Bits(std::span<const text::Token> tokens) const {
  const int n = int(tokens.size());
  std::vector<uint8_t> bits(n, 0);
  if (by_first_.empty()) return bits;
  for (int i = 0; i < n; ++i) {
    if (tokens[i].kind != text::TokenKind::kWord) continue;
    for (const Entry* e : Candidates(tokens[i])) {
      const int len = 1 + int(e->rest.size());
      if (i + len > n) continue;
      bool match = true;
      for (int k = 0; k < int(e->rest.size()) && match; ++k) {
        const text::Token& t = tokens[i + 1 + k];
        match = t.norm == e->rest[k] || t.bare == e->rest[k];
      }
      if (!match) continue;
      for (int k = 0; k < len; ++k) bits[i + k] |= e->bit;
      if (len > 1) bits[i] |= kGazMultiBegin;
    }
  }
  return bits;
}

// ---- The model -----------------------------------------------------------------------
namespace ner_internal {
// One linear-chain layer: hashed emission rows (int16, real = emit * scale)
// and label transitions.
struct Layer {
  InstanceId id;  // keys the decoder's per-thread word cache
  float scale = 1;
  base::HugeVector<int16_t> emit;  // (1 << bucket_bits) rows × kLabels
  std::array<float, kTransSize> trans{};
  size_t rows() const { return emit.size() / kLabels; }
  bool RowIsNonZero(size_t r) const {
    return std::any_of(&emit[r * kLabels], &emit[r * kLabels] + kLabels, [](int16_t v) { return v != 0; });
  }
};
}  // namespace ner_internal
using ner_internal::Layer;

struct NerModel::Weights {
  int bucket_bits = 0;
  WordClasses classes;
  NerLexicon lexicon;  // from unlabelled news (clusters.tsv), may be empty
  // Subtracted from every O score at decoding (not in training): the
  // perceptron under-predicts names, so this trades precision for recall.
  float o_bias = 0;
  std::vector<Layer> layers;  // [0] sentence features; [1] (optional) plus document evidence
};

NerModel::~NerModel() = default;

text::Token WordToken(std::string_view word) {
  std::vector<text::Token> parts = text::Tokenize(word);
  if (parts.size() == 1) return std::move(parts[0]);
  // A corpus token the tokenizer would split ("(د", "أ)"): keep its longest
  // non-punctuation part, which is what a model sees at run time.
  const text::Token* best = nullptr;
  for (const auto& t : parts)
    if (t.kind != text::TokenKind::kPunct && (!best || t.norm.size() > best->norm.size())) best = &t;
  if (best) return *best;
  text::Token t;
  t.kind = text::TokenKind::kPunct;
  t.norm = t.bare = text::NormalizeString(word);
  return t;
}

namespace {

using ner_internal::DocContext;

struct Sent {
  std::span<const text::Token> tokens;
  const uint8_t* gaz = nullptr;  // may be null
};

void Emissions(const Layer& layer, const SentenceFeatures& f, int n, float o_bias, std::vector<float>* out) {
  out->assign(size_t(n) * kLabels, 0.f);
  // Rows are scattered over a table far larger than the cache: ask for all of
  // them first so the misses overlap instead of queueing one by one.
  for (uint32_t id : f.ids) {
    const int16_t* row = &layer.emit[size_t(id) * kLabels];
    __builtin_prefetch(row);
    __builtin_prefetch(row + kLabels - 1);
  }
  for (int i = 0; i < n; ++i) {
    int32_t acc[kLabels] = {};
    for (uint32_t k = f.offsets[i]; k < f.offsets[i + 1]; ++k) {
      const int16_t* row = &layer.emit[size_t(f.ids[k]) * kLabels];
      for (int y = 0; y < kLabels; ++y) acc[y] += row[y];
    }
    for (int y = 0; y < kLabels; ++y) (*out)[size_t(i) * kLabels + y] = float(acc[y]) * layer.scale;
    (*out)[size_t(i) * kLabels] -= o_bias;
  }
}

// Which first-pass tags each bare form received anywhere in the document
// (EvidenceBit: as BIO tags, bit 2 × type for B-, 2 × type + 1 for I-), and
// each token's own first-pass label.
uint8_t EvidenceBit(int label) {
  const int part = PartOf(label);
  return uint8_t(1u << (2 * TypeOf(label) + (part == kI || part == kL)));
}
struct DocEvidence {
  std::vector<std::vector<uint8_t>> doc, own;
};
// `bare(s, i)` is HashString(sents[s][i].bare) (the cached decoder has it).
template <typename BareKey>
DocEvidence Evidence(const std::vector<std::span<const text::Token>>& sents, const std::vector<std::vector<int>>& labels,
                     BareKey&& bare) {
  std::unordered_map<uint64_t, uint8_t> seen;
  auto counts = [](const text::Token& t) { return t.kind == text::TokenKind::kWord || t.kind == text::TokenKind::kLatin; };
  for (size_t s = 0; s < sents.size(); ++s)
    for (size_t i = 0; i < sents[s].size(); ++i)
      if (labels[s][i] != 0 && counts(sents[s][i])) seen[bare(s, i)] |= EvidenceBit(labels[s][i]);
  DocEvidence e;
  for (size_t s = 0; s < sents.size(); ++s) {
    e.doc.emplace_back(sents[s].size(), 0);
    e.own.emplace_back(labels[s].begin(), labels[s].end());
    if (seen.empty()) continue;
    for (size_t i = 0; i < sents[s].size(); ++i) {
      if (!counts(sents[s][i])) continue;
      auto it = seen.find(bare(s, i));
      if (it != seen.end()) e.doc[s][i] = it->second;
    }
  }
  return e;
}
DocEvidence Evidence(const std::vector<std::span<const text::Token>>& sents, const std::vector<std::vector<int>>& labels) {
  return Evidence(sents, labels, [&](size_t s, size_t i) { return ner_internal::HashString(sents[s][i].bare); });
}

thread_local SentenceFeatures tls_features;

void DecodeFeatures(const NerModel::Weights& w, const Layer& layer, const SentenceFeatures& f, int n,
                    std::vector<int>* labels, std::vector<float>* emit) {
  Emissions(layer, f, n, w.o_bias, emit);
  Viterbi(*emit, layer.trans.data(), n, labels);
}

void DecodeSentence(const NerModel::Weights& w, const Layer& layer, const Sent& s, const DocContext* doc,
                    std::vector<int>* labels, std::vector<float>* emit) {
  SentenceFeatures& f = tls_features;
  ner_internal::ExtractFeatures(s.tokens, s.gaz, w.classes, w.lexicon, w.bucket_bits, doc, &f);
  DecodeFeatures(w, layer, f, int(s.tokens.size()), labels, emit);
}

std::vector<NerSpan> ScoredSpans(const std::vector<int>& labels, const std::vector<float>& emit) {
  std::vector<NerSpan> spans = LabelsToSpans(labels);
  for (NerSpan& s : spans) {
    double sum = 0;
    for (int i = s.begin_token; i < s.end_token; ++i) {
      const float* e = &emit[size_t(i) * kLabels];
      const float top = *std::max_element(e, e + kLabels);
      double z = 0;
      for (int y = 0; y < kLabels; ++y) z += std::exp(double(e[y] - top));
      sum += std::exp(double(e[labels[i]] - top)) / z;
    }
    s.score = sum / (s.end_token - s.begin_token);
  }
  return spans;
}

// ---- Decoding with the word cache ------------------------------------------------
// Most feature rows read one token only (ner_internal::SlotRows): their sums
// depend on the word and the slot it stands in, not on the sentence. A
// per-thread cache keeps those sums (int32, so exact) per word, slot and layer,
// plus what the templates over several tokens need; a sentence then costs one
// cache look-up per token and the multi-token and document rows. Decoding
// gives the same scores as summing ExtractFeatures' rows (tested).
struct CachedWord {
  ner_internal::PairKeys keys;
  int32_t sums[2][ner_internal::kSlots][kLabels];  // [layer][slot][label]
};

}  // namespace

// The decoder's copy of the rows of a model's (at most two) layers: row r of
// layer 0 and of layer 1 side by side in one 64-byte line. Both passes read the
// same rows (each word's, and those of the multi-token templates), so one
// cache miss serves both. Only rows not all zero are kept, in row order: a
// row's place is the number of kept rows before it, from a bitmap (128 KB for
// 2^20 rows) and a running count per 64 rows (64 KB), apart so that the many
// rows never trained (word pairs a text meets for the first time) are
// rejected by the bitmap alone; the table (in huge pages) holds the ~40 % of
// 2^20 rows a trained model leaves empty no longer.
struct ner_internal::DecodeTable {
  struct alignas(64) Row {
    int16_t v[2][kLabels];
  };
  static constexpr uint32_t kNone = ~uint32_t(0);
  base::HugeVector<Row> rows;
  std::vector<uint64_t> bits;    // per 64 rows: which are kept
  std::vector<uint32_t> before;  // per 64 rows: how many are kept before them

  // The place of row r in `rows`, or kNone when it is all zero in both layers.
  uint32_t Slot(uint32_t r) const {
    const uint64_t word = bits[r / 64];
    const uint64_t bit = uint64_t(1) << (r % 64);
    if (!(word & bit)) return kNone;
    return before[r / 64] + uint32_t(base::Popcount64(word & (bit - 1)));
  }

  // Null when the model has no layer or more than two (decoded without cache).
  static std::shared_ptr<const DecodeTable> Build(const NerModel::Weights& w) {
    if (w.layers.empty() || w.layers.size() > 2) return nullptr;
    const size_t n = w.layers[0].rows();
    for (const Layer& l : w.layers)
      if (l.rows() != n) return nullptr;
    auto t = std::make_shared<DecodeTable>();
    t->bits.assign((n + 63) / 64, 0);
    t->before.assign((n + 63) / 64, 0);
    for (size_t r = 0; r < n; ++r) {
      if (r % 64 == 0) t->before[r / 64] = uint32_t(t->rows.size());
      if (std::none_of(w.layers.begin(), w.layers.end(), [&](const Layer& l) { return l.RowIsNonZero(r); })) continue;
      t->bits[r / 64] |= uint64_t(1) << (r % 64);
      Row& row = t->rows.emplace_back();
      for (size_t l = 0; l < w.layers.size(); ++l) std::copy_n(&w.layers[l].emit[r * kLabels], kLabels, row.v[l]);
    }
    return t;
  }
};

NerModel::NerModel(std::shared_ptr<const Weights> w, std::shared_ptr<const Gazetteer> g)
    : w_(std::move(w)), gazetteer_(std::move(g)), table_(ner_internal::DecodeTable::Build(*w_)) {}
NerModel::NerModel(std::shared_ptr<const Weights> w, std::shared_ptr<const Gazetteer> g,
                   std::shared_ptr<const ner_internal::DecodeTable> table)
    : w_(std::move(w)), gazetteer_(std::move(g)), table_(std::move(table)) {}

namespace {

using ner_internal::DecodeTable;

class WordCache {
 public:
  // Two-way set-associative on the word key: a new word replaces the entry of
  // its set used longest ago (so frequent words stay), but never one the
  // current document uses; then it goes to an overflow list until the
  // document is done. 2^17 entries of ~420 bytes per decoding thread. The
  // tags (key, age) are apart from the entries, both ways of a set in one
  // cache line: a look-up reads one line, not the first line of two entries.
  static constexpr int kBits = 17;
  static constexpr uint32_t kTable = uint32_t(1) << kBits;
  // Indices 0..3: the padding before (1, 2) and after (3, 4) a sentence.
  static constexpr uint32_t kPadM2 = 0, kPadM1 = 1, kPadP1 = 2, kPadP2 = 3, kFirst = 4;

  // Prepares the cache for a document decoded with `w`, whose rows `t` holds.
  void Begin(const NerModel::Weights& w, const DecodeTable& t);
  // `key` is the word's ner_internal::WordKey, computed by the caller for a
  // whole document ahead of the look-ups (see Prefetch).
  uint32_t Find(const NerModel::Weights& w, const text::Token& t, uint8_t gaz, uint64_t key);
  // Starts loading the set a key maps to: a document's look-ups are issued
  // ahead of use, because the table (tens of MB) is mostly out of cache.
  void Prefetch(uint64_t key) const {
    const uint32_t set = uint32_t(key >> (64 - kBits)) & ~uint32_t(1);
    __builtin_prefetch(&tags_[set]);
  }
  const CachedWord& at(uint32_t i) const {
    return i < kFirst ? pads_[i] : i < kFirst + kTable ? words_[i - kFirst] : overflow_[i - kFirst - kTable];
  }

 private:
  struct alignas(16) Tag {
    uint64_t key = 0;
    uint32_t generation = 0;  // valid when equal to generation_
    uint32_t doc = 0;         // the document that filled it
  };
  void Fill(const NerModel::Weights& w, const ner_internal::TokenInfo& info, CachedWord* out);
  std::array<uint64_t, 2> owner_{};  // layer ids the sums belong to
  const DecodeTable* rows_table_ = nullptr;
  uint32_t generation_ = 0, doc_ = 0;
  std::array<CachedWord, 4> pads_;
  base::HugeVector<Tag> tags_;
  base::HugeVector<CachedWord> words_;
  std::vector<CachedWord> overflow_;
  std::vector<uint32_t> rows_;
};

thread_local bool tls_use_cache = true;

void WordCache::Begin(const NerModel::Weights& w, const DecodeTable& t) {
  overflow_.clear();
  ++doc_;
  rows_table_ = &t;
  std::array<uint64_t, 2> owner{};
  for (size_t l = 0; l < w.layers.size() && l < 2; ++l) owner[l] = w.layers[l].id.value();
  if (owner == owner_ && generation_ != 0) return;
  owner_ = owner;
  if (tags_.empty()) {
    tags_.resize(kTable);
    words_.resize(kTable);
  }
  if (++generation_ == 0) {  // wrapped: forget every entry for real
    for (Tag& e : tags_) e.generation = 0;
    generation_ = 1;
  }
  for (uint64_t pad = 1; pad <= 4; ++pad) Fill(w, ner_internal::BoundaryInfo(pad), &pads_[pad - 1]);
}

void WordCache::Fill(const NerModel::Weights& w, const ner_internal::TokenInfo& info, CachedWord* e) {
  e->keys = ner_internal::KeysOf(info);
  const bool lex = !w.lexicon.empty();
  const DecodeTable& t = *rows_table_;
  for (int slot = 0; slot < ner_internal::kSlots; ++slot) {
    int32_t* acc0 = e->sums[0][slot];
    int32_t* acc1 = e->sums[1][slot];
    std::fill(acc0, acc0 + kLabels, 0);
    std::fill(acc1, acc1 + kLabels, 0);
    rows_.clear();
    ner_internal::SlotRows(info, ner_internal::Slot(slot), lex, w.bucket_bits, [&](uint32_t r) {
      if (const uint32_t k = t.Slot(r); k != DecodeTable::kNone) rows_.push_back(k);
    });
    for (uint32_t k : rows_) {
      const DecodeTable::Row& row = t.rows[k];
      for (int y = 0; y < kLabels; ++y) acc0[y] += row.v[0][y];
      for (int y = 0; y < kLabels; ++y) acc1[y] += row.v[1][y];
    }
  }
}

uint32_t WordCache::Find(const NerModel::Weights& w, const text::Token& t, uint8_t gaz, uint64_t key) {
  const uint32_t set = uint32_t(key >> (64 - kBits)) & ~uint32_t(1);
  for (uint32_t h = set; h < set + 2; ++h) {
    Tag& e = tags_[h];
    if (e.generation == generation_ && e.key == key) {
      e.doc = doc_;  // in use: not to be replaced before the document is done
      // The sentence's multi-token rows read the word's keys first, after
      // the whole document's look-ups: start loading them now.
      __builtin_prefetch(&words_[h]);
      return kFirst + h;
    }
  }
  // Two ways per set: replace an empty one, else the one used longest ago,
  // never one this document uses.
  auto age = [&](const Tag& e) { return e.generation != generation_ ? ~uint32_t(0) : doc_ - e.doc; };
  const uint32_t h = age(tags_[set]) >= age(tags_[set + 1]) ? set : set + 1;
  Tag& e = tags_[h];
  const auto info = ner_internal::MakeTokenInfo(t, gaz, w.classes, w.lexicon);
  if (age(e) == 0) {  // both ways in use by this document
    Fill(w, info, &overflow_.emplace_back());
    return kFirst + kTable + uint32_t(overflow_.size() - 1);
  }
  e.key = key;
  e.generation = generation_;
  e.doc = doc_;
  Fill(w, info, &words_[h]);
  return kFirst + h;
}

thread_local WordCache tls_cache;

// Rows gathered for one sentence (their places in the DecodeTable): token i's
// are ids[starts[i] .. starts[i+1]).
struct SentenceRows {
  std::vector<uint32_t> ids, starts;
};

// The first pass over one sentence, for both layers at once: layer 0's
// emissions in `emit0`, and layer 1's sums without its document rows in
// `part1` (n × kLabels; filled only for a two-layer model), from the cached
// word sums and the multi-token rows. `idx` holds the cache entries of
// [pad, pad, tokens..., pad, pad].
void FirstPass(const NerModel::Weights& w, const DecodeTable& t, const WordCache& cache, const std::vector<uint32_t>& idx,
               SentenceRows* rows, std::vector<float>* emit0, std::vector<int32_t>* part1) {
  const int n = int(idx.size()) - 4;
  const bool lex = !w.lexicon.empty();
  rows->ids.clear();
  rows->starts.assign(size_t(n) + 1, 0);
  auto push = [&](uint32_t r) {
    if (const uint32_t k = t.Slot(r); k != DecodeTable::kNone) rows->ids.push_back(k);
  };
  for (int i = 0; i < n; ++i) {
    rows->starts[size_t(i)] = uint32_t(rows->ids.size());
    ner_internal::PairRows(cache.at(idx[i]).keys, cache.at(idx[i + 1]).keys, cache.at(idx[i + 2]).keys,
                           cache.at(idx[i + 3]).keys, lex, w.bucket_bits, push);
  }
  rows->starts[size_t(n)] = uint32_t(rows->ids.size());
  // Rows are scattered over a table far larger than the cache: ask for all of
  // them first so the misses overlap instead of queueing one by one.
  for (uint32_t id : rows->ids) __builtin_prefetch(&t.rows[id]);
  const bool two = w.layers.size() > 1;
  emit0->assign(size_t(n) * kLabels, 0.f);
  if (two) part1->assign(size_t(n) * kLabels, 0);
  // Token i reads the cached sums of words i-2 .. i+2: load those of the
  // word a few places further on ahead of use.
  auto prefetch_word = [&](int j) {
    const char* p = reinterpret_cast<const char*>(cache.at(idx[size_t(j)]).sums);
    for (size_t b = 0; b < (two ? sizeof(CachedWord::sums) : sizeof(CachedWord::sums[0])); b += 64) __builtin_prefetch(p + b);
  };
  for (int j = 0; j < std::min(n + 4, 8); ++j) prefetch_word(j);
  const float scale = w.layers[0].scale;
  for (int i = 0; i < n; ++i) {
    if (i + 8 < n + 4) prefetch_word(i + 8);
    int32_t acc[2][kLabels];
    // The five words' slot sums, looked up once (not per label): the label
    // loops below then run over plain arrays and vectorize.
    const CachedWord &m2 = cache.at(idx[i]), &m1 = cache.at(idx[i + 1]), &c0 = cache.at(idx[i + 2]),
                     &p1 = cache.at(idx[i + 3]), &p2 = cache.at(idx[i + 4]);
    for (int l = 0; l < (two ? 2 : 1); ++l) {
      const int32_t *a = m2.sums[l][ner_internal::kSlotM2], *b = m1.sums[l][ner_internal::kSlotM1],
                    *c = c0.sums[l][ner_internal::kSlot0], *d = p1.sums[l][ner_internal::kSlotP1],
                    *e = p2.sums[l][ner_internal::kSlotP2];
      for (int y = 0; y < kLabels; ++y) acc[l][y] = a[y] + b[y] + c[y] + d[y] + e[y];
    }
    for (uint32_t k = rows->starts[size_t(i)]; k < rows->starts[size_t(i) + 1]; ++k) {
      const DecodeTable::Row& row = t.rows[rows->ids[k]];
      for (int y = 0; y < kLabels; ++y) acc[0][y] += row.v[0][y];
      if (two)
        for (int y = 0; y < kLabels; ++y) acc[1][y] += row.v[1][y];
    }
    for (int y = 0; y < kLabels; ++y) (*emit0)[size_t(i) * kLabels + y] = float(acc[0][y]) * scale;
    (*emit0)[size_t(i) * kLabels] -= w.o_bias;
    if (two) std::copy_n(acc[1], kLabels, &(*part1)[size_t(i) * kLabels]);
  }
}

// The second pass over one sentence: layer 1's emissions, its first-pass sums
// plus the document rows.
void SecondPass(const NerModel::Weights& w, const DecodeTable& t, const WordCache& cache, const std::vector<uint32_t>& idx,
                const std::vector<int32_t>& part1, const DocContext& doc, SentenceRows* rows, std::vector<float>* emit1) {
  const int n = int(idx.size()) - 4;
  rows->ids.clear();
  rows->starts.assign(size_t(n) + 1, 0);
  auto push = [&](uint32_t r) {
    if (const uint32_t k = t.Slot(r); k != DecodeTable::kNone) rows->ids.push_back(k);
  };
  for (int i = 0; i < n; ++i) {
    rows->starts[size_t(i)] = uint32_t(rows->ids.size());
    ner_internal::DocRows(doc, i, n, cache.at(idx[i + 2]).keys.bare, w.bucket_bits, push);
  }
  rows->starts[size_t(n)] = uint32_t(rows->ids.size());
  for (uint32_t id : rows->ids) __builtin_prefetch(&t.rows[id]);
  emit1->assign(size_t(n) * kLabels, 0.f);
  const float scale = w.layers[1].scale;
  for (int i = 0; i < n; ++i) {
    int32_t acc[kLabels];
    std::copy_n(&part1[size_t(i) * kLabels], kLabels, acc);
    for (uint32_t k = rows->starts[size_t(i)]; k < rows->starts[size_t(i) + 1]; ++k) {
      const DecodeTable::Row& row = t.rows[rows->ids[k]];
      for (int y = 0; y < kLabels; ++y) acc[y] += row.v[1][y];
    }
    for (int y = 0; y < kLabels; ++y) (*emit1)[size_t(i) * kLabels + y] = float(acc[y]) * scale;
    (*emit1)[size_t(i) * kLabels] -= w.o_bias;
  }
}

std::vector<std::vector<NerSpan>> DecodeDocumentCached(const NerModel::Weights& w, const DecodeTable& t,
                                                       const std::vector<Sent>& sents) {
  const size_t n = sents.size();
  WordCache& cache = tls_cache;
  cache.Begin(w, t);
  // Every word's key first, so that the cache sets can be loaded ahead.
  std::vector<uint64_t> keys;
  for (const Sent& st : sents)
    for (size_t i = 0; i < st.tokens.size(); ++i) keys.push_back(ner_internal::WordKey(st.tokens[i], st.gaz ? st.gaz[i] : 0));
  constexpr size_t kAhead = 8;
  for (size_t k = 0; k < keys.size() && k < kAhead; ++k) cache.Prefetch(keys[k]);
  std::vector<std::vector<uint32_t>> idx(n);
  size_t k = 0;
  for (size_t s = 0; s < n; ++s) {
    auto& v = idx[s];
    v.reserve(sents[s].tokens.size() + 4);
    v.push_back(WordCache::kPadM2);
    v.push_back(WordCache::kPadM1);
    for (size_t i = 0; i < sents[s].tokens.size(); ++i, ++k) {
      if (k + kAhead < keys.size()) cache.Prefetch(keys[k + kAhead]);
      v.push_back(cache.Find(w, sents[s].tokens[i], sents[s].gaz ? sents[s].gaz[i] : 0, keys[k]));
    }
    v.push_back(WordCache::kPadP1);
    v.push_back(WordCache::kPadP2);
  }
  std::vector<std::vector<int>> labels(n);
  std::vector<std::vector<float>> emits(n);
  std::vector<std::vector<int32_t>> part1(n);
  SentenceRows rows;
  for (size_t s = 0; s < n; ++s) {
    FirstPass(w, t, cache, idx[s], &rows, &emits[s], &part1[s]);
    Viterbi(emits[s], w.layers[0].trans.data(), int(sents[s].tokens.size()), &labels[s]);
  }
  if (w.layers.size() > 1) {
    std::vector<std::span<const text::Token>> spans;
    for (const Sent& s : sents) spans.push_back(s.tokens);
    // The bare forms' hashes are the cached words' keys (KeysOf: HashString(bare)).
    const DocEvidence e =
        Evidence(spans, labels, [&](size_t s, size_t i) { return cache.at(idx[s][i + 2]).keys.bare; });
    for (size_t s = 0; s < n; ++s) {
      const DocContext ctx{e.doc[s].data(), e.own[s].data()};
      SecondPass(w, t, cache, idx[s], part1[s], ctx, &rows, &emits[s]);
      Viterbi(emits[s], w.layers[1].trans.data(), int(sents[s].tokens.size()), &labels[s]);
    }
  }
  std::vector<std::vector<NerSpan>> out(n);
  for (size_t s = 0; s < n; ++s) out[s] = ScoredSpans(labels[s], emits[s]);
  return out;
}

// `t` (the model's DecodeTable, may be null) enables the word cache.
std::vector<std::vector<NerSpan>> DecodeDocument(const NerModel::Weights& w, const DecodeTable* t,
                                                 const std::vector<Sent>& sents) {
  if (w.layers.empty()) return std::vector<std::vector<NerSpan>>(sents.size());
  if (tls_use_cache && t) return DecodeDocumentCached(w, *t, sents);
  const size_t n = sents.size();
  std::vector<std::vector<int>> labels(n);
  std::vector<std::vector<float>> emits(n);
  // The second pass reuses the first pass's sentence features and adds the
  // document evidence: extraction costs about as much as scoring.
  std::vector<SentenceFeatures> first(n);
  for (size_t s = 0; s < n; ++s) {
    ner_internal::ExtractFeatures(sents[s].tokens, sents[s].gaz, w.classes, w.lexicon, w.bucket_bits, nullptr, &first[s]);
    DecodeFeatures(w, w.layers[0], first[s], int(sents[s].tokens.size()), &labels[s], &emits[s]);
  }
  if (w.layers.size() > 1) {
    std::vector<std::span<const text::Token>> spans;
    for (const Sent& s : sents) spans.push_back(s.tokens);
    const DocEvidence e = Evidence(spans, labels);
    SentenceFeatures& f = tls_features;
    for (size_t s = 0; s < n; ++s) {
      const DocContext ctx{e.doc[s].data(), e.own[s].data()};
      ner_internal::AddDocFeatures(sents[s].tokens, first[s], w.bucket_bits, ctx, &f);
      DecodeFeatures(w, w.layers[1], f, int(sents[s].tokens.size()), &labels[s], &emits[s]);
    }
  }
  std::vector<std::vector<NerSpan>> out(n);
  for (size_t s = 0; s < n; ++s) out[s] = ScoredSpans(labels[s], emits[s]);
  return out;
}

}  // namespace

void ner_internal::SetDecoderWordCache(bool on) { tls_use_cache = on; }

namespace {

bool EndsSentenceToken(const text::Token& t) {
  return t.kind == text::TokenKind::kPunct && (t.norm == "." || t.norm == "!" || t.norm == "?" || t.norm == "؟");
}

}  // namespace

std::vector<std::vector<NerSpan>> NerModel::TagDocument(const std::vector<std::vector<text::Token>>& sentences,
                                                        const std::vector<std::vector<uint8_t>>* gazetteer_bits) const {
  return TagDocument(std::vector<std::span<const text::Token>>(sentences.begin(), sentences.end()), gazetteer_bits);
}

std::vector<std::vector<NerSpan>> NerModel::TagDocument(const std::vector<std::span<const text::Token>>& sentences,
                                                        const std::vector<std::vector<uint8_t>>* gazetteer_bits) const {
  std::vector<std::vector<uint8_t>> own(sentences.size());
  std::vector<Sent> sents;
  for (size_t s = 0; s < sentences.size(); ++s) {
    const uint8_t* gaz = nullptr;
    if (gazetteer_bits && s < gazetteer_bits->size() && (*gazetteer_bits)[s].size() == sentences[s].size()) {
      gaz = (*gazetteer_bits)[s].data();
    } else if (gazetteer_) {
      own[s] = gazetteer_->Bits(sentences[s]);
      gaz = own[s].data();
    }
    sents.push_back({sentences[s], gaz});
  }
  return DecodeDocument(*w_, table_.get(), sents);
}

std::vector<NerSpan> NerModel::Tag(const std::vector<text::Token>& tokens, const std::vector<uint8_t>* gazetteer_bits) const {
  const int n = int(tokens.size());
  if (n == 0) return {};
  std::vector<uint8_t> own;
  const uint8_t* bits = nullptr;
  if (gazetteer_bits && int(gazetteer_bits->size()) == n) {
    bits = gazetteer_bits->data();
  } else if (gazetteer_) {
    own = gazetteer_->Bits(tokens);
    bits = own.data();
  }
  std::vector<Sent> sents;
  std::vector<int> starts;
  for (int i = 0; i < n;) {
    int j = i;
    while (j < n && !EndsSentenceToken(tokens[j]) && j - i < 250) ++j;
    if (j < n && EndsSentenceToken(tokens[j])) ++j;  // the stop belongs to its sentence
    j = std::max(j, i + 1);
    sents.push_back({std::span<const text::Token>(tokens.data() + i, j - i), bits ? bits + i : nullptr});
    starts.push_back(i);
    i = j;
  }
  std::vector<NerSpan> out;
  const auto per_sentence = DecodeDocument(*w_, table_.get(), sents);
  for (size_t s = 0; s < per_sentence.size(); ++s)
    for (NerSpan sp : per_sentence[s]) {
      sp.begin_token += starts[s];
      sp.end_token += starts[s];
      out.push_back(std::move(sp));
    }
  return out;
}

std::vector<std::vector<NerSpan>> NerModel::TagWords(const std::vector<std::vector<std::string>>& sentences) const {
  std::vector<std::vector<text::Token>> tokens(sentences.size());
  for (size_t s = 0; s < sentences.size(); ++s)
    for (const auto& w : sentences[s]) tokens[s].push_back(WordToken(w));
  return TagDocument(tokens);
}

std::shared_ptr<const NerModel> NerModel::WithOBias(float bias) const {
  auto w = std::make_shared<Weights>(*w_);
  w->o_bias = std::isfinite(bias) ? bias : 0.f;
  return std::shared_ptr<const NerModel>(new NerModel(std::move(w), gazetteer_, table_));
}

float NerModel::o_bias() const { return w_->o_bias; }

bool NerModel::CommonPlaceWord(const text::Token& t) const {
  if (w_->lexicon.empty()) return false;
  auto it = w_->lexicon.find(ner_internal::HashString(t.bare));
  if (it == w_->lexicon.end()) return false;
  const NerLexiconEntry e = UnpackLexiconEntry(it->second);
  return (e.freq >= 1 && e.loc == 0) || (e.freq >= 2 && e.loc <= 1);
}

std::shared_ptr<const NerModel> NerModel::WithTypeBias(const std::array<float, 3>& bias) const {
  auto w = std::make_shared<Weights>(*w_);
  for (Layer& l : w->layers)
    for (int type = 0; type < 3; ++type) {
      if (!std::isfinite(bias[size_t(type)])) continue;
      for (int part : {kB, kU})  // the labels that start a name
        for (int prev = 0; prev <= kLabels; ++prev)
          l.trans[size_t(prev * kLabels + LabelOf(type, part))] += bias[size_t(type)];
    }
  return std::shared_ptr<const NerModel>(new NerModel(std::move(w), gazetteer_, table_));
}

std::shared_ptr<const NerModel> NerModel::WithRowsPruned(int threshold) const {
  auto w = std::make_shared<Weights>(*w_);
  for (Layer& l : w->layers) {
    for (size_t r = 0; r < l.rows(); ++r) {
      int16_t* row = &l.emit[r * kLabels];
      if (std::all_of(row, row + kLabels, [&](int16_t v) { return std::abs(int(v)) < threshold; }))
        std::fill(row, row + kLabels, int16_t(0));
    }
    l.id = {};
  }
  return std::make_shared<NerModel>(std::move(w), gazetteer_);
}

size_t NerModel::nonzero_rows() const {
  size_t rows = 0;
  for (const Layer& l : w_->layers)
    for (size_t r = 0; r < l.rows(); ++r) rows += l.RowIsNonZero(r);
  return rows;
}

// Layout (little-endian): magic, u32 format, u32 feature version, u32 labels,
// u32 bucket bits, u32 n classes, n × (u64 hash, u8 class), u32 n lexicon,
// n × (u64 hash, u32 packed entry), f32 O bias, u32 layers, per
// layer: f32 scale, f32 transitions, u32 rows, rows × (varint row delta,
// labels × i16); u64 FNV-1a of everything before.
std::string NerModel::Serialize() const {
  Writer out;
  out.Bytes(kMagic, sizeof kMagic);
  out.Pod<uint32_t>(kFormatVersion);
  out.Pod<uint32_t>(ner_internal::kFeatureVersion);
  out.Pod<uint32_t>(kLabels);
  out.Pod<uint32_t>(uint32_t(w_->bucket_bits));
  std::vector<std::pair<uint64_t, uint8_t>> classes(w_->classes.begin(), w_->classes.end());
  std::sort(classes.begin(), classes.end());
  out.Pod<uint32_t>(uint32_t(classes.size()));
  for (const auto& [h, c] : classes) out.Pod<uint64_t>(h), out.Pod<uint8_t>(c);
  std::vector<std::pair<uint64_t, uint32_t>> lexicon(w_->lexicon.begin(), w_->lexicon.end());
  std::sort(lexicon.begin(), lexicon.end());
  out.Pod<uint32_t>(uint32_t(lexicon.size()));
  for (const auto& [h, e] : lexicon) out.Pod<uint64_t>(h), out.Pod<uint32_t>(e);
  out.Pod<float>(w_->o_bias);
  out.Pod<uint32_t>(uint32_t(w_->layers.size()));
  for (const Layer& l : w_->layers) {
    out.Pod<float>(l.scale);
    out.Bytes(l.trans.data(), sizeof(float) * kTransSize);
    std::vector<uint32_t> rows;
    for (size_t r = 0; r < l.rows(); ++r)
      if (l.RowIsNonZero(r)) rows.push_back(uint32_t(r));
    out.Pod<uint32_t>(uint32_t(rows.size()));
    uint64_t prev = 0;
    for (uint32_t r : rows) {
      out.Varint(r - prev);
      prev = r;
      out.Bytes(&l.emit[size_t(r) * kLabels], sizeof(int16_t) * kLabels);
    }
  }
  out.Pod<uint64_t>(ner_internal::HashString(out.out()));
  return std::move(out.out());
}

// A count, then that many (64-bit word hash, value) pairs; false when truncated.
template <typename Map>
bool ReadHashMap(Reader& in, Map* map) {
  using Value = typename Map::mapped_type;
  uint32_t n;
  if (!in.Pod(&n) || n > in.remaining() / (sizeof(uint64_t) + sizeof(Value))) return false;
  map->reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t h;
    Value v;
    if (!in.Pod(&h) || !in.Pod(&v)) return false;
    map->emplace(h, v);
  }
  return true;
}

Result<std::shared_ptr<const NerModel>> NerModel::FromBytes(std::string_view bytes,
                                                             std::shared_ptr<const Gazetteer> gazetteer) {
  auto bad = [](const std::string& why) { return Status::Error("NER model: " + why); };
  if (bytes.size() < sizeof kMagic + 8 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
    return bad("not a marsad NER model (bad magic)");
  uint64_t checksum;
  std::memcpy(&checksum, bytes.data() + bytes.size() - 8, 8);
  if (checksum != ner_internal::HashString(bytes.substr(0, bytes.size() - 8))) return bad("checksum mismatch (corrupt file)");
  Reader in(bytes.substr(sizeof kMagic, bytes.size() - sizeof kMagic - 8));
  uint32_t version, features, labels, bits, layers;
  auto w = std::make_shared<Weights>();
  if (!in.Pod(&version) || !in.Pod(&features) || !in.Pod(&labels) || !in.Pod(&bits)) return bad("truncated header");
  if (version != kFormatVersion) return bad("unsupported format version " + std::to_string(version));
  if (features != ner_internal::kFeatureVersion)
    return bad("trained with feature version " + std::to_string(features) + ", this build uses " +
               std::to_string(ner_internal::kFeatureVersion) + ": retrain");
  if (labels != kLabels || bits < 10 || bits > 26) return bad("bad header");
  w->bucket_bits = int(bits);
  if (!ReadHashMap(in, &w->classes)) return bad("truncated word classes");
  if (!ReadHashMap(in, &w->lexicon)) return bad("truncated word lexicon");
  if (!in.Pod(&w->o_bias) || !std::isfinite(w->o_bias)) return bad("bad O bias");
  if (!in.Pod(&layers) || layers < 1 || layers > 2) return bad("bad layer count");
  const size_t total = size_t(1) << bits;
  for (uint32_t k = 0; k < layers; ++k) {
    Layer& l = w->layers.emplace_back();
    uint32_t rows;
    if (!in.Pod(&l.scale) || !in.Bytes(l.trans.data(), sizeof(float) * kTransSize) || !in.Pod(&rows))
      return bad("truncated layer");
    if (!std::isfinite(l.scale) || rows > total) return bad("bad layer header");
    for (float t : l.trans)
      if (!std::isfinite(t)) return bad("bad transitions");
    l.emit.assign(total * kLabels, 0);
    uint64_t r = 0;
    for (uint32_t i = 0; i < rows; ++i) {
      uint64_t delta;
      if (!in.Varint(&delta)) return bad("truncated rows");
      r += delta;
      if (r >= total || !in.Bytes(&l.emit[r * kLabels], sizeof(int16_t) * kLabels)) return bad("bad row");
    }
  }
  if (in.remaining() != 0) return bad("trailing bytes");
  return std::shared_ptr<const NerModel>(std::make_shared<NerModel>(std::move(w), std::move(gazetteer)));
}

std::vector<std::string> NerModel::DefaultGazetteerDirs(const std::string& model_path) {
  const std::filesystem::path dir = std::filesystem::path(model_path).parent_path();
  return {dir.empty() ? "." : dir.string(), (dir.parent_path() / "kb").string()};
}

Result<std::shared_ptr<const NerModel>> NerModel::Load(const std::string& path) {
  return Load(path, DefaultGazetteerDirs(path));
}

Result<std::shared_ptr<const NerModel>> NerModel::Load(const std::string& path, const std::vector<std::string>& dirs) {
  auto bytes = base::ReadFile(path);
  if (!bytes.ok()) return bytes.status();
  std::shared_ptr<const Gazetteer> gazetteer;
  if (!dirs.empty()) {
    auto g = Gazetteer::Load(dirs);
    if (!g.ok()) return g.status();
    gazetteer = *g;
  }
  auto model = FromBytes(*bytes, gazetteer);
  if (!model.ok()) return Status::Error(path + ": " + model.status().message());
  return model;
}

Status NerModel::Save(const std::string& path) const { return base::WriteFileAtomically(path, Serialize()); }

// ---- Training --------------------------------------------------------------------------
namespace {

struct Example {
  const SentenceFeatures* features;
  const std::vector<int>* gold;
};

// Averaged structured perceptron for one layer (the usual trick: wa holds
// update × time, so the average is w - wa / c without touching every weight).
// With opt.cost, training sentences are decoded with every wrong label
// scoring `cost` more (NerTrainOptions::cost).
class LayerTrainer {
 public:
  LayerTrainer(int bucket_bits, const NerTrainOptions& opt)
      : w_((size_t(1) << bucket_bits) * kLabels), wa_(w_.size()), opt_(opt) {}

  void Epoch(const std::vector<Example>& examples, std::mt19937_64& rng) {
    std::vector<size_t> order(examples.size());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<float> emit;
    std::vector<int> pred;
    for (size_t idx : order) Learn(*examples[idx].features, *examples[idx].gold, &emit, &pred);
  }

  // The averaged weights, added into `emit` and `trans` times `share`.
  void AddAveraged(double share, std::vector<float>* emit, std::array<double, kTransSize>* trans) const {
    const double inv = 1.0 / double(c_);
    emit->resize(w_.size(), 0.f);
    for (size_t i = 0; i < w_.size(); ++i) (*emit)[i] += float((w_[i] - wa_[i] * inv) * share);
    for (int i = 0; i < kTransSize; ++i) (*trans)[i] += (trans_[i] - transa_[i] * inv) * share;
  }

  static Layer Quantize(const std::vector<float>& emit, const std::array<double, kTransSize>& trans, double prune) {
    Layer l;
    float maxabs = 1e-6f;
    for (float v : emit) maxabs = std::max(maxabs, std::fabs(v));
    l.scale = maxabs / 32767.f;
    l.emit.resize(emit.size());
    for (size_t i = 0; i < emit.size(); ++i)
      l.emit[i] = std::fabs(emit[i]) < prune ? 0 : int16_t(std::lround(emit[i] / l.scale));
    for (int i = 0; i < kTransSize; ++i) l.trans[i] = float(trans[i]);
    return l;
  }

 private:
  void Learn(const SentenceFeatures& f, const std::vector<int>& gold, std::vector<float>* emit, std::vector<int>* pred) {
    const int n = int(gold.size());
    emit->assign(size_t(n) * kLabels, 0.f);
    for (int i = 0; i < n; ++i)
      for (uint32_t k = f.offsets[i]; k < f.offsets[i + 1]; ++k) {
        const float* row = &w_[size_t(f.ids[k]) * kLabels];
        for (int y = 0; y < kLabels; ++y) (*emit)[size_t(i) * kLabels + y] += row[y];
      }
    std::array<float, kTransSize> trans;
    for (int i = 0; i < kTransSize; ++i) trans[i] = float(trans_[i]);
    if (opt_.cost > 0) {
      aug_ = *emit;
      for (int i = 0; i < n; ++i)
        for (int y = 0; y < kLabels; ++y)
          if (y != gold[i]) aug_[size_t(i) * kLabels + y] += float(opt_.cost);
      Viterbi(aug_, trans.data(), n, pred);
    } else {
      Viterbi(*emit, trans.data(), n, pred);
    }
    for (int i = 0; i < n; ++i) {
      const int g = gold[i], p = (*pred)[i];
      if (p != g)
        for (uint32_t k = f.offsets[i]; k < f.offsets[i + 1]; ++k) {
          Update(size_t(f.ids[k]) * kLabels + g, 1);
          Update(size_t(f.ids[k]) * kLabels + p, -1);
        }
      const int gp = i ? gold[i - 1] : kStart, pp = i ? (*pred)[i - 1] : kStart;
      if (gp != pp || g != p) {
        trans_[gp * kLabels + g] += 1, transa_[gp * kLabels + g] += double(c_);
        trans_[pp * kLabels + p] -= 1, transa_[pp * kLabels + p] -= double(c_);
      }
    }
    ++c_;
  }
  void Update(size_t i, float d) {
    w_[i] += d;
    wa_[i] += d * float(c_);
  }

  std::vector<float> w_, wa_, aug_;
  std::array<double, kTransSize> trans_{}, transa_{};
  int64_t c_ = 1;
  NerTrainOptions opt_;
};

// Corpus-specific copies of the feature rows ("frustratingly easy" domain
// adaptation, Daumé 2007): every row a token of corpus `domain` reads is read
// again as DomainRow(row, domain), so conventions one corpus does not share
// (AQMAR's Wikipedia names vs ANERcorp's news) go to its own copies and the
// shared rows keep what the corpora agree on. A model is one corpus's view:
// its rows plus that corpus's copies, added row by row (FoldView), so
// decoding reads one table as before.
uint32_t DomainRow(uint32_t row, int domain, int bits) {
  return uint32_t(ner_internal::Mix((uint64_t(row) << 8 | uint64_t(domain + 1)) ^ 0xD0A1D0A1ull) >> (64 - bits));
}
void AddDomainRows(int domain, int bits, SentenceFeatures* f) {
  SentenceFeatures out;
  out.offsets.assign(1, 0);
  out.ids.reserve(f->ids.size() * 2);
  for (size_t i = 0; i + 1 < f->offsets.size(); ++i) {
    const uint32_t b = f->offsets[i], e = f->offsets[i + 1];
    out.ids.insert(out.ids.end(), f->ids.begin() + b, f->ids.begin() + e);
    for (uint32_t k = b; k < e; ++k) out.ids.push_back(DomainRow(f->ids[k], domain, bits));
    out.offsets.push_back(uint32_t(out.ids.size()));
  }
  *f = std::move(out);
}
// Only rows some training feature reads as itself (`shared`, not as a
// corpus copy) are kept: the others hold copies, or nothing, and a feature
// never seen in training that hashes onto one would read another's weights.
std::vector<float> FoldView(const std::vector<float>& emit, int domain, int bits, const std::vector<uint8_t>& shared) {
  std::vector<float> v(emit.size(), 0.f);
  const size_t rows = emit.size() / kLabels;
  for (size_t r = 0; r < rows; ++r) {
    if (!shared[r]) continue;
    const float* own = &emit[r * kLabels];
    const float* copy = &emit[size_t(DomainRow(uint32_t(r), domain, bits)) * kLabels];
    for (int y = 0; y < kLabels; ++y) v[r * kLabels + y] = own[y] + copy[y];
  }
  return v;
}

struct Prepared {
  std::vector<std::vector<text::Token>> tokens;
  std::vector<std::vector<uint8_t>> gaz;
  std::vector<std::vector<int>> gold;
  std::vector<SentenceFeatures> first;
  // Word-identity dropout (NerTrainOptions::mask_names): one masked copy of
  // the data per ensemble run, each with its own draw: mask[c][s] says which
  // tokens copy c of sentence s hides, first_masked[c][s] holds its features.
  std::vector<std::vector<std::vector<uint8_t>>> mask;
  std::vector<std::vector<SentenceFeatures>> first_masked;
};

}  // namespace

std::shared_ptr<const NerModel> NerModel::Train(const std::vector<NerSentence>& train, const NerTrainOptions& options,
                                                std::shared_ptr<const Gazetteer> gazetteer, const Progress& progress) {
  NerTrainOptions opt = options;
  opt.bucket_bits = std::clamp(opt.bucket_bits, 10, 26);
  opt.epochs = std::max(1, opt.epochs);
  const size_t n = train.size();
  Prepared p;
  for (const NerSentence& s : train) {
    auto& t = p.tokens.emplace_back();
    for (const auto& w : s.words) t.push_back(WordToken(w));
    p.gaz.push_back(gazetteer ? gazetteer->Bits(t) : std::vector<uint8_t>(t.size()));
    auto& g = p.gold.emplace_back();
    g = LabelsOfTags(s.tags);
  }
  auto weights = std::make_shared<Weights>();
  weights->bucket_bits = opt.bucket_bits;
  weights->classes = ner_internal::ComputeWordClasses(p.tokens);
  if (opt.lexicon) weights->lexicon = *opt.lexicon;
  // Training decodes without the bias (the cross-tagging folds included);
  // it is set on the finished model only.
  auto with_bias = [&](std::shared_ptr<const NerModel> m) {
    if (opt.prune_rows > 0) m = m->WithRowsPruned(opt.prune_rows);
    return m->WithOBias(opt.o_bias);
  };
  p.first.resize(n);
  for (size_t s = 0; s < n; ++s)
    ner_internal::ExtractFeatures(p.tokens[s], p.gaz[s].data(), weights->classes, weights->lexicon, opt.bucket_bits, nullptr, &p.first[s]);
  auto rates_of = [&](int d) {
    const auto it = opt.domain_mask.find(d);
    return it != opt.domain_mask.end() ? it->second
                                       : std::array<double, 3>{opt.mask_names, opt.mask_words, opt.mask_deep};
  };
  bool masking = opt.mask_names > 0 || opt.mask_words > 0;
  for (const auto& [d, r] : opt.domain_mask) masking = masking || r[0] > 0 || r[1] > 0;
  const int runs = std::max(1, opt.ensemble);
  if (masking) {
    std::mt19937_64 mask_rng(opt.seed ^ 0x6D61736Bull);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    p.mask.assign(size_t(runs), std::vector<std::vector<uint8_t>>(n));
    p.first_masked.assign(size_t(runs), std::vector<SentenceFeatures>(n));
    for (int c = 0; c < runs; ++c)
      for (size_t s = 0; s < n; ++s) {
        auto& m = p.mask[size_t(c)][s];
        m.resize(p.gold[s].size());
        const auto [names, words, deep] = rates_of(train[s].domain);
        for (size_t i = 0; i < m.size(); ++i) {
          m[i] = u(mask_rng) < (p.gold[s][i] != 0 ? names : words);
          if (m[i] && deep > 0 && u(mask_rng) < deep) m[i] = 2;
        }
        ner_internal::ExtractFeatures(p.tokens[s], p.gaz[s].data(), weights->classes, weights->lexicon, opt.bucket_bits,
                                      nullptr, &p.first_masked[size_t(c)][s], m.data());
      }
  }

  // Domain adaptation when the sentences come from more than one corpus.
  std::vector<int> domain(n);
  for (size_t s = 0; s < n; ++s) domain[s] = train[s].domain;
  const bool adapt = std::any_of(domain.begin(), domain.end(), [&](int d) { return d != domain[0]; });
  const int view = opt.view_domain;
  std::vector<uint8_t> shared(adapt ? size_t(1) << opt.bucket_bits : 0);
  auto augment = [&](size_t s, SentenceFeatures* f) {
    if (!adapt) return;
    for (uint32_t id : f->ids) shared[id] = 1;
    AddDomainRows(domain[s], opt.bucket_bits, f);
  };
  for (size_t s = 0; s < n; ++s) {
    augment(s, &p.first[s]);
    for (auto& copy : p.first_masked) augment(s, &copy[s]);
  }

  std::mt19937_64 rng(opt.seed);
  struct Trained {
    std::vector<float> emit;
    std::array<double, kTransSize> trans{};
  };
  // The layer a corpus sees: its view when adapting, else the weights as trained.
  auto view_of = [&](const Trained& t, int d) {
    return LayerTrainer::Quantize(adapt ? FoldView(t.emit, d, opt.bucket_bits, shared) : t.emit, t.trans, opt.prune);
  };
  // `masked`: per ensemble run, the masked copy's features (same indices as
  // `feats`); empty without masking.
  auto train_layer = [&](const std::vector<SentenceFeatures>& feats, const std::vector<std::vector<SentenceFeatures>>& masked,
                         const std::vector<size_t>& subset, const std::function<void(int, const Layer&)>& each_epoch) {
    std::vector<Example> ex;
    for (size_t s : subset) ex.push_back({&feats[s], &p.gold[s]});
    const size_t originals = ex.size();
    // Several runs over different shuffles, their averaged weights averaged:
    // the model no longer depends on one order of the sentences.
    Trained out;
    for (int r = 0; r < runs; ++r) {
      ex.resize(originals);
      if (!masked.empty())
        for (size_t s : subset) ex.push_back({&masked[size_t(r)][s], &p.gold[s]});
      LayerTrainer t(opt.bucket_bits, opt);
      for (int e = 1; e <= opt.epochs; ++e) {
        t.Epoch(ex, rng);
        if (each_epoch && runs == 1) {
          Trained now;
          t.AddAveraged(1.0, &now.emit, &now.trans);
          each_epoch(e, view_of(now, view));
        }
      }
      t.AddAveraged(1.0 / runs, &out.emit, &out.trans);
    }
    return out;
  };
  std::vector<size_t> all(n);
  std::iota(all.begin(), all.end(), 0);
  auto report = [&](int e, const Layer& l) {
    if (!progress) return;
    auto w = std::make_shared<Weights>(*weights);
    w->layers.push_back(l);
    progress(e, NerModel(w, gazetteer));
  };
  if (!opt.second_pass) {
    weights->layers.push_back(view_of(train_layer(p.first, p.first_masked, all, report), view));
    return with_bias(std::make_shared<NerModel>(weights, gazetteer));
  }

  // First-pass tags of the training data as the second pass will see them at
  // run time: each fold tagged by a layer that never saw it.
  const size_t docs = (n + kNerDocSentences - 1) / kNerDocSentences;
  const int folds = std::max(2, opt.folds);
  auto fold_of = [&](size_t s) { return int((s / kNerDocSentences) * folds / std::max<size_t>(docs, 1)); };
  std::vector<std::vector<int>> first_tags(n);
  for (int k = 0; k < folds; ++k) {
    std::vector<size_t> in, out;
    for (size_t s = 0; s < n; ++s) (fold_of(s) == k ? out : in).push_back(s);
    const Trained t = train_layer(p.first, p.first_masked, in, {});
    // Each held-out sentence is tagged with its own corpus's view.
    Weights w = *weights;
    int shown = -1;  // the domain whose view w holds
    std::vector<float> emit;
    for (size_t s : out) {
      if (domain[s] != shown) w.layers.assign(1, view_of(t, shown = domain[s]));
      DecodeSentence(w, w.layers[0], {p.tokens[s], p.gaz[s].data()}, nullptr, &first_tags[s], &emit);
    }
  }
  weights->layers.push_back(view_of(train_layer(p.first, p.first_masked, all, {}), view));
  std::vector<SentenceFeatures> second(n);
  std::vector<std::vector<SentenceFeatures>> second_masked(p.first_masked.size(), std::vector<SentenceFeatures>(n));
  for (size_t d = 0; d < docs; ++d) {
    const size_t b = d * kNerDocSentences, e = std::min(n, b + kNerDocSentences);
    std::vector<std::span<const text::Token>> sents(p.tokens.begin() + b, p.tokens.begin() + e);
    std::vector<std::vector<int>> tags(first_tags.begin() + b, first_tags.begin() + e);
    const DocEvidence ev = Evidence(sents, tags);
    for (size_t s = b; s < e; ++s) {
      const DocContext ctx{ev.doc[s - b].data(), ev.own[s - b].data()};
      ner_internal::ExtractFeatures(p.tokens[s], p.gaz[s].data(), weights->classes, weights->lexicon, opt.bucket_bits, &ctx, &second[s]);
      augment(s, &second[s]);
      for (size_t c = 0; c < second_masked.size(); ++c) {
        ner_internal::ExtractFeatures(p.tokens[s], p.gaz[s].data(), weights->classes, weights->lexicon, opt.bucket_bits,
                                      &ctx, &second_masked[c][s], p.mask[c][s].data());
        augment(s, &second_masked[c][s]);
      }
    }
  }
  p.first.clear();
  p.first.shrink_to_fit();
  p.first_masked.clear();
  p.first_masked.shrink_to_fit();
  auto report2 = [&](int e, const Layer& l) {
    if (!progress) return;
    auto w = std::make_shared<Weights>(*weights);
    w->layers.push_back(l);
    progress(e, NerModel(w, gazetteer));
  };
  weights->layers.push_back(view_of(train_layer(second, second_masked, all, report2), view));
  return with_bias(std::make_shared<NerModel>(weights, gazetteer));
}

std::string SplitDomainSuffix(std::string* spec) {
  const size_t at = spec->rfind('@');
  if (at == std::string::npos || at + 1 == spec->size()) return "";
  for (size_t i = at + 1; i < spec->size(); ++i) {
    const unsigned char c = static_cast<unsigned char>((*spec)[i]);
    if (!std::isalnum(c) && c != '_' && c != '-') return "";
  }
  std::string domain = spec->substr(at + 1);
  spec->resize(at);
  return domain;
}

bool ParseDomainMask(std::string_view spec, std::string* domain, std::array<double, 3>* rates) {
  const size_t eq = spec.find('=');
  if (eq == std::string_view::npos || eq == 0) return false;
  std::array<double, 3> r{};
  std::string_view rest = spec.substr(eq + 1);
  for (size_t k = 0; k < 3; ++k) {
    const size_t comma = k < 2 ? rest.find(',') : rest.size();
    if (comma == std::string_view::npos) return false;
    const std::string_view num = rest.substr(0, comma);
    const auto [end, ec] = std::from_chars(num.data(), num.data() + num.size(), r[k]);
    if (num.empty() || ec != std::errc() || end != num.data() + num.size() || !(r[k] >= 0 && r[k] <= 1)) return false;
    rest = k < 2 ? rest.substr(comma + 1) : std::string_view();
  }
  *domain = std::string(spec.substr(0, eq));
  *rates = r;
  return true;
}

NerScore Evaluate(const NerModel& model, const std::vector<NerSentence>& sentences) {
  NerScore score;
  for (size_t b = 0; b < sentences.size(); b += kNerDocSentences) {
    const size_t e = std::min(sentences.size(), b + kNerDocSentences);
    std::vector<std::vector<std::string>> words;
    for (size_t s = b; s < e; ++s) words.push_back(sentences[s].words);
    const auto spans = model.TagWords(words);
    for (size_t s = b; s < e; ++s) score.Add(BioToSpans(sentences[s].tags), spans[s - b]);
  }
  return score;
}

}  // namespace marsad::entities
