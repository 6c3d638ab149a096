// NER tagger: CoNLL reading, BIO spans and scoring, the KB gazetteer, the
// averaged-perceptron trainer, Viterbi decoding and the binary model format.
// NerModel and Gazetteer are immutable once built; Tag is thread-safe.
#include "entities/ner.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>
#include <sstream>
#include <unistd.h>

#include "base/tsv.h"
#include "entities/ner_features.h"

namespace marsad::entities {
namespace {

using ner_internal::SentenceFeatures;
using ner_internal::WordClasses;

constexpr int kLabels = 9;
constexpr std::array<const char*, kLabels> kLabelNames = {"O",     "B-PER", "I-PER",  "B-ORG", "I-ORG",
                                                          "B-LOC", "I-LOC", "B-MISC", "I-MISC"};
constexpr std::array<const char*, 4> kTypes = {"PER", "ORG", "LOC", "MISC"};
constexpr int kTransSize = (kLabels + 1) * kLabels;  // last row: sentence start
constexpr int kStart = kLabels;

int TypeOf(int label) { return label == 0 ? -1 : (label - 1) / 2; }
bool IsInside(int label) { return label != 0 && label % 2 == 0; }
bool Allowed(int prev, int cur) {
  if (!IsInside(cur)) return true;
  return prev != kStart && prev != 0 && TypeOf(prev) == TypeOf(cur);
}

int LabelIndex(std::string_view tag) {
  for (int i = 0; i < kLabels; ++i)
    if (tag == kLabelNames[i]) return i;
  return 0;
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
  std::vector<float> best(size_t(n) * kLabels);
  std::vector<uint8_t> back(size_t(n) * kLabels);
  constexpr float kNeg = -1e30f;
  for (int y = 0; y < kLabels; ++y)
    best[y] = Allowed(kStart, y) ? trans[kStart * kLabels + y] + emit[y] : kNeg;
  for (int i = 1; i < n; ++i) {
    for (int y = 0; y < kLabels; ++y) {
      float b = kNeg;
      int arg = 0;
      for (int p = 0; p < kLabels; ++p) {
        if (!Allowed(p, y)) continue;
        const float s = best[size_t(i - 1) * kLabels + p] + trans[p * kLabels + y];
        if (s > b) b = s, arg = p;
      }
      best[size_t(i) * kLabels + y] = b + emit[size_t(i) * kLabels + y];
      back[size_t(i) * kLabels + y] = uint8_t(arg);
    }
  }
  int y = int(std::max_element(best.end() - kLabels, best.end()) - (best.end() - kLabels));
  for (int i = n - 1; i >= 0; --i) {
    (*out)[i] = y;
    y = back[size_t(i) * kLabels + y];
  }
}

std::vector<NerSpan> LabelsToSpans(const std::vector<int>& labels) {
  std::vector<std::string> tags;
  tags.reserve(labels.size());
  for (int y : labels) tags.emplace_back(kLabelNames[y]);
  return BioToSpans(tags);
}

// ---- Binary format ---------------------------------------------------------------
constexpr char kMagic[8] = {'M', 'S', 'D', 'N', 'E', 'R', '\x01', '\x00'};
constexpr uint32_t kFormatVersion = 1;

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
  by_first_[words[0]].push_back(std::move(e));
  ++names_;
}

Result<std::shared_ptr<const Gazetteer>> Gazetteer::Load(const std::string& kb_dir) {
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
      {"people.tsv", "variants_ar", kGazPerson},
  };
  std::unordered_map<std::string, base::TsvTable> tables;
  for (const Source& s : sources) {
    const std::string path = kb_dir + "/" + s.file;
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
  return std::shared_ptr<const Gazetteer>(std::move(g));
}

std::vector<uint8_t> Gazetteer::Bits(const std::vector<text::Token>& tokens) const {
  const int n = int(tokens.size());
  std::vector<uint8_t> bits(n, 0);
  if (by_first_.empty()) return bits;
  std::string key;
  for (int i = 0; i < n; ++i) {
    if (tokens[i].kind != text::TokenKind::kWord) continue;
    for (const auto& [prefix, rest] : text::CliticSplits(tokens[i].norm)) {
      for (int form = 0; form < 2; ++form) {
        if (form == 1 && !prefix.ends_with("لل")) break;
        key.assign(form == 1 ? "ال" : "");
        key.append(rest);
        auto it = by_first_.find(key);
        if (it == by_first_.end()) continue;
        for (const Entry& e : it->second) {
          const int len = 1 + int(e.rest.size());
          if (i + len > n) continue;
          bool match = true;
          for (int k = 0; k < int(e.rest.size()) && match; ++k) {
            const text::Token& t = tokens[i + 1 + k];
            match = t.norm == e.rest[k] || t.bare == e.rest[k];
          }
          if (!match) continue;
          for (int k = 0; k < len; ++k) bits[i + k] |= e.bit;
          if (len > 1) bits[i] |= kGazMultiBegin;
        }
      }
    }
  }
  return bits;
}

// ---- The model -----------------------------------------------------------------------
struct NerModel::Weights {
  int bucket_bits = 0;
  float scale = 1;                 // real weight = emit[i] * scale
  std::vector<int16_t> emit;       // (1 << bucket_bits) rows × kLabels
  std::array<float, kTransSize> trans{};
  WordClasses classes;
};

NerModel::NerModel(std::shared_ptr<const Weights> w, std::shared_ptr<const Gazetteer> g)
    : w_(std::move(w)), gazetteer_(std::move(g)) {}
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

thread_local SentenceFeatures tls_features;

void Emissions(const NerModel::Weights& w, const SentenceFeatures& f, int n, std::vector<float>* out) {
  out->assign(size_t(n) * kLabels, 0.f);
  for (int i = 0; i < n; ++i) {
    int32_t acc[kLabels] = {};
    for (uint32_t k = f.offsets[i]; k < f.offsets[i + 1]; ++k) {
      const int16_t* row = &w.emit[size_t(f.ids[k]) * kLabels];
      for (int y = 0; y < kLabels; ++y) acc[y] += row[y];
    }
    for (int y = 0; y < kLabels; ++y) (*out)[size_t(i) * kLabels + y] = acc[y] * w.scale;
  }
}

}  // namespace

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
  SentenceFeatures& f = tls_features;
  ner_internal::ExtractFeatures(tokens, bits, w_->classes, w_->bucket_bits, &f);
  std::vector<float> emit;
  Emissions(*w_, f, n, &emit);
  std::vector<int> labels;
  Viterbi(emit, w_->trans.data(), n, &labels);
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

std::vector<NerSpan> NerModel::TagWords(const std::vector<std::string>& words) const {
  std::vector<text::Token> tokens;
  tokens.reserve(words.size());
  for (const auto& w : words) tokens.push_back(WordToken(w));
  return Tag(tokens);
}

size_t NerModel::nonzero_rows() const {
  size_t rows = 0;
  const auto& e = w_->emit;
  for (size_t r = 0; r < e.size() / kLabels; ++r)
    for (int y = 0; y < kLabels; ++y)
      if (e[r * kLabels + y]) {
        ++rows;
        break;
      }
  return rows;
}

std::string NerModel::Serialize() const {
  Writer out;
  out.Bytes(kMagic, sizeof kMagic);
  out.Pod<uint32_t>(kFormatVersion);
  out.Pod<uint32_t>(ner_internal::kFeatureVersion);
  out.Pod<uint32_t>(kLabels);
  out.Pod<uint32_t>(uint32_t(w_->bucket_bits));
  out.Pod<float>(w_->scale);
  out.Bytes(w_->trans.data(), sizeof(float) * kTransSize);
  std::vector<std::pair<uint64_t, uint8_t>> classes(w_->classes.begin(), w_->classes.end());
  std::sort(classes.begin(), classes.end());
  out.Pod<uint32_t>(uint32_t(classes.size()));
  for (const auto& [h, c] : classes) out.Pod<uint64_t>(h), out.Pod<uint8_t>(c);
  out.Pod<uint32_t>(uint32_t(nonzero_rows()));
  uint64_t prev = 0;
  const auto& e = w_->emit;
  for (size_t r = 0; r < e.size() / kLabels; ++r) {
    const int16_t* row = &e[r * kLabels];
    if (std::all_of(row, row + kLabels, [](int16_t v) { return v == 0; })) continue;
    out.Varint(r - prev);
    prev = r;
    out.Bytes(row, sizeof(int16_t) * kLabels);
  }
  out.Pod<uint64_t>(ner_internal::HashString(out.out()));
  return std::move(out.out());
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
  uint32_t version, features, labels, bits, classes, rows;
  auto w = std::make_shared<Weights>();
  if (!in.Pod(&version) || !in.Pod(&features) || !in.Pod(&labels) || !in.Pod(&bits) || !in.Pod(&w->scale) ||
      !in.Bytes(w->trans.data(), sizeof(float) * kTransSize))
    return bad("truncated header");
  if (version != kFormatVersion) return bad("unsupported format version " + std::to_string(version));
  if (features != ner_internal::kFeatureVersion)
    return bad("trained with feature version " + std::to_string(features) + ", this build uses " +
               std::to_string(ner_internal::kFeatureVersion) + ": retrain");
  if (labels != kLabels || bits < 10 || bits > 26 || !std::isfinite(w->scale)) return bad("bad header");
  w->bucket_bits = int(bits);
  if (!in.Pod(&classes) || classes > in.remaining() / 9) return bad("truncated word classes");
  w->classes.reserve(classes);
  for (uint32_t i = 0; i < classes; ++i) {
    uint64_t h;
    uint8_t c;
    if (!in.Pod(&h) || !in.Pod(&c)) return bad("truncated word classes");
    w->classes.emplace(h, c);
  }
  const size_t total = size_t(1) << bits;
  if (!in.Pod(&rows) || rows > total) return bad("bad row count");
  w->emit.assign(total * kLabels, 0);
  uint64_t r = 0;
  for (uint32_t i = 0; i < rows; ++i) {
    uint64_t delta;
    if (!in.Varint(&delta)) return bad("truncated rows");
    r += delta;
    if (r >= total || !in.Bytes(&w->emit[r * kLabels], sizeof(int16_t) * kLabels)) return bad("bad row");
  }
  if (in.remaining() != 0) return bad("trailing bytes");
  return std::shared_ptr<const NerModel>(std::make_shared<NerModel>(std::move(w), std::move(gazetteer)));
}

Result<std::shared_ptr<const NerModel>> NerModel::Load(const std::string& path) {
  const std::filesystem::path p(path);
  return Load(path, (p.parent_path().parent_path() / "kb").string());
}

Result<std::shared_ptr<const NerModel>> NerModel::Load(const std::string& path, const std::string& kb_dir) {
  auto bytes = base::ReadFile(path);
  if (!bytes.ok()) return bytes.status();
  std::shared_ptr<const Gazetteer> gazetteer;
  if (!kb_dir.empty()) {
    auto g = Gazetteer::Load(kb_dir);
    if (!g.ok()) return g.status();
    gazetteer = *g;
  }
  auto model = FromBytes(*bytes, gazetteer);
  if (!model.ok()) return Status::Error(path + ": " + model.status().message());
  return model;
}

Status NerModel::Save(const std::string& path) const {
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return Status::Error("cannot write " + tmp);
    const std::string bytes = Serialize();
    f.write(bytes.data(), std::streamsize(bytes.size()));
    f.close();
    if (!f) return Status::Error("write failed: " + tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return Status::Error("cannot rename to " + path);
  }
  return Status::Ok();
}

// ---- Training --------------------------------------------------------------------------
namespace {

class Trainer {
 public:
  Trainer(const NerTrainOptions& o, std::shared_ptr<const Gazetteer> g) : opt_(o), gazetteer_(std::move(g)) {
    rows_ = size_t(1) << opt_.bucket_bits;
    w_.assign(rows_ * kLabels, 0.f);
    wa_.assign(rows_ * kLabels, 0.f);
  }

  void Prepare(const std::vector<NerSentence>& train) {
    std::vector<std::vector<text::Token>> tokens;
    tokens.reserve(train.size());
    for (const NerSentence& s : train) {
      std::vector<text::Token> t;
      for (const auto& w : s.words) t.push_back(WordToken(w));
      tokens.push_back(std::move(t));
    }
    classes_ = ner_internal::ComputeWordClasses(tokens);
    for (size_t i = 0; i < train.size(); ++i) {
      const std::vector<uint8_t> bits = gazetteer_ ? gazetteer_->Bits(tokens[i]) : std::vector<uint8_t>(tokens[i].size());
      SentenceFeatures f;
      ner_internal::ExtractFeatures(tokens[i], bits.data(), classes_, opt_.bucket_bits, &f);
      std::vector<int> gold;
      for (const auto& t : train[i].tags) gold.push_back(LabelIndex(t));
      sentences_.push_back({std::move(f), std::move(gold)});
    }
  }

  void Epoch(std::mt19937_64& rng) {
    std::vector<size_t> order(sentences_.size());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<float> emit;
    std::vector<int> pred;
    for (size_t idx : order) {
      const auto& [f, gold] = sentences_[idx];
      const int n = int(gold.size());
      emit.assign(size_t(n) * kLabels, 0.f);
      for (int i = 0; i < n; ++i)
        for (uint32_t k = f.offsets[i]; k < f.offsets[i + 1]; ++k) {
          const float* row = &w_[size_t(f.ids[k]) * kLabels];
          for (int y = 0; y < kLabels; ++y) emit[size_t(i) * kLabels + y] += row[y];
        }
      Viterbi(emit, trans_.data(), n, &pred);
      for (int i = 0; i < n; ++i) {
        if (pred[i] != gold[i]) {
          for (uint32_t k = f.offsets[i]; k < f.offsets[i + 1]; ++k) {
            Update(&w_, &wa_, size_t(f.ids[k]) * kLabels + gold[i], 1);
            Update(&w_, &wa_, size_t(f.ids[k]) * kLabels + pred[i], -1);
          }
        }
        const int gp = i ? gold[i - 1] : kStart, pp = i ? pred[i - 1] : kStart;
        if (gp != pp || gold[i] != pred[i]) {
          UpdateTrans(gp * kLabels + gold[i], 1);
          UpdateTrans(pp * kLabels + pred[i], -1);
        }
      }
      ++c_;
    }
  }

  std::shared_ptr<const NerModel> Averaged() const {
    auto w = std::make_shared<NerModel::Weights>();
    w->bucket_bits = opt_.bucket_bits;
    w->classes = classes_;
    const float inv = 1.f / float(c_);
    float maxabs = 1e-6f;
    for (size_t i = 0; i < w_.size(); ++i) maxabs = std::max(maxabs, std::fabs(w_[i] - wa_[i] * inv));
    w->scale = maxabs / 32767.f;
    w->emit.resize(w_.size());
    for (size_t i = 0; i < w_.size(); ++i) {
      const float v = w_[i] - wa_[i] * inv;
      w->emit[i] = std::fabs(v) < opt_.prune ? 0 : int16_t(std::lround(v / w->scale));
    }
    for (int i = 0; i < kTransSize; ++i) w->trans[i] = trans_[i] - transa_[i] * inv;
    return std::make_shared<NerModel>(std::move(w), gazetteer_);
  }

 private:
  void Update(std::vector<float>* w, std::vector<float>* wa, size_t i, float d) {
    (*w)[i] += d;
    (*wa)[i] += d * float(c_);
  }
  void UpdateTrans(int i, float d) {
    trans_[i] += d;
    transa_[i] += d * float(c_);
  }

  NerTrainOptions opt_;
  std::shared_ptr<const Gazetteer> gazetteer_;
  size_t rows_ = 0;
  std::vector<float> w_, wa_;
  std::array<float, kTransSize> trans_{}, transa_{};
  WordClasses classes_;
  std::vector<std::pair<SentenceFeatures, std::vector<int>>> sentences_;
  int64_t c_ = 1;
};

}  // namespace

std::shared_ptr<const NerModel> NerModel::Train(const std::vector<NerSentence>& train, const NerTrainOptions& options,
                                                std::shared_ptr<const Gazetteer> gazetteer, const Progress& progress) {
  NerTrainOptions opt = options;
  opt.bucket_bits = std::clamp(opt.bucket_bits, 10, 26);
  Trainer trainer(opt, std::move(gazetteer));
  trainer.Prepare(train);
  std::mt19937_64 rng(opt.seed);
  std::shared_ptr<const NerModel> model;
  for (int e = 1; e <= std::max(1, opt.epochs); ++e) {
    trainer.Epoch(rng);
    if (progress) progress(e, *trainer.Averaged());
  }
  return trainer.Averaged();
}

NerScore Evaluate(const NerModel& model, const std::vector<NerSentence>& sentences) {
  NerScore score;
  for (const NerSentence& s : sentences) score.Add(BioToSpans(s.tags), model.TagWords(s.words));
  return score;
}

}  // namespace marsad::entities
