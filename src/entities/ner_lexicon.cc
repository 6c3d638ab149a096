// Word lexicon for the NER tagger (see ner_lexicon.h): hierarchical spherical
// k-means over positive-PMI context vectors (±1, ±2 words) stands in for Brown
// clustering at a fraction of its cost; cue counts are simple left-context
// tallies. Pure functions, no shared state.
#include "entities/ner_lexicon.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <numeric>
#include <random>

#include "base/tsv.h"
#include "entities/ner_features.h"
#include "text/text.h"

namespace marsad::entities {
namespace {

// Left-context cue words, normalized clitic-free forms. Names follow titles
// ("الرئيس X", "السيد X") and organization / place heads ("نادي X", "مدينة X").
constexpr const char* kPersonCues =
    "رئيس رئيسة سيد سيدة شيخ امير اميرة ملك ملكة وزير وزيرة دكتور مستشار نائب سفير زعيم متحدث "
    "ناطق لاعب لاعبة مدرب مهاجم حارس نجم نجمة فنان فنانة ممثل ممثلة مطرب مطربة كاتب كاتبة شاعر "
    "مخرج مراسل الرئيس الامير الملك الشيخ السيد الوزير الدكتور اللاعب المدرب الفنان الفنانة النجم "
    "الداعية المواطن الزميل الاستاذ المهندس اللواء العميد العقيد الفريق";
constexpr const char* kOrgCues =
    "نادي فريق شركة شركات بنك مصرف جامعة وزارة منظمة حزب حركة صحيفة قناة وكالة مجموعة مؤسسة هيئة "
    "جمعية اتحاد مجلس مستشفى مصنع مجمع مركز معهد كلية مدرسة النادي الفريق الشركة البنك المصرف "
    "الجامعة الوزارة المنظمة الحزب الحركة الصحيفة القناة الوكالة المجموعة المؤسسة الهيئة الجمعية "
    "الاتحاد المجلس";
constexpr const char* kPlaceCues =
    "مدينة محافظة منطقة بلدة قرية ولاية اقليم عاصمة جزيرة جزر حي مطار ميناء مخيم دولة جمهورية مملكة "
    "امارة سلطنة المدينة المحافظة المنطقة البلدة القرية الولاية الاقليم العاصمة الجزيرة الحي "
    "المطار الميناء المخيم الدولة";

std::vector<std::string> Words(const char* list) {
  std::vector<std::string> out;
  std::string_view rest = list;
  while (!rest.empty()) {
    const size_t sp = rest.find(' ');
    const std::string_view w = rest.substr(0, sp);
    if (!w.empty()) out.push_back(text::NormalizeString(w));
    rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
  }
  return out;
}

int Bucket(double rate, int hits, double low, double mid, double high) {
  if (hits < 2 || rate < low) return 0;
  return rate < mid ? 1 : rate < high ? 2 : 3;
}

struct Sparse {
  std::vector<uint32_t> keys;
  std::vector<float> vals;
};

// Spherical k-means of `items` into `k` groups; returns the group per item.
std::vector<int> KMeans(const std::vector<Sparse>& vec, const std::vector<int>& items, int k, int dims, int iterations,
                        std::mt19937_64& rng) {
  const int n = int(items.size());
  std::vector<int> group(n, 0);
  std::vector<float> cent(size_t(dims) * k, 0.f);  // [dim][k]
  auto sims = [&](int i, float* s) {
    std::fill(s, s + k, 0.f);
    const Sparse& v = vec[items[i]];
    for (size_t j = 0; j < v.keys.size(); ++j) {
      const float* c = &cent[size_t(v.keys[j]) * k];
      for (int g = 0; g < k; ++g) s[g] += v.vals[j] * c[g];
    }
  };
  auto set_centroid = [&](int g, int i) {
    for (int d = 0; d < dims; ++d) cent[size_t(d) * k + g] = 0;
    const Sparse& v = vec[items[i]];
    for (size_t j = 0; j < v.keys.size(); ++j) cent[size_t(v.keys[j]) * k + g] = v.vals[j];
  };
  // k-means++ seeding on cosine distance.
  std::vector<float> best(n, -1.f), s(k);
  set_centroid(0, int(rng() % n));
  for (int g = 1; g < k; ++g) {
    double total = 0;
    for (int i = 0; i < n; ++i) {
      float dot = 0;
      const Sparse& v = vec[items[i]];
      for (size_t j = 0; j < v.keys.size(); ++j) dot += v.vals[j] * cent[size_t(v.keys[j]) * k + g - 1];
      best[i] = std::max(best[i], dot);
      total += std::max(0.f, 1.f - best[i]);
    }
    double r = std::uniform_real_distribution<double>(0, total)(rng);
    int pick = n - 1;
    for (int i = 0; i < n; ++i) {
      r -= std::max(0.f, 1.f - best[i]);
      if (r <= 0) {
        pick = i;
        break;
      }
    }
    set_centroid(g, pick);
  }
  for (int it = 0; it < iterations; ++it) {
    std::vector<float> fit(n);
    for (int i = 0; i < n; ++i) {
      sims(i, s.data());
      group[i] = int(std::max_element(s.begin(), s.end()) - s.begin());
      fit[i] = s[group[i]];
    }
    std::fill(cent.begin(), cent.end(), 0.f);
    std::vector<int> size(k, 0);
    for (int i = 0; i < n; ++i) {
      const Sparse& v = vec[items[i]];
      ++size[group[i]];
      for (size_t j = 0; j < v.keys.size(); ++j) cent[size_t(v.keys[j]) * k + group[i]] += v.vals[j];
    }
    for (int g = 0; g < k; ++g) {
      if (size[g] == 0) {  // re-seed an empty group with the worst-fitting item
        const int worst = int(std::min_element(fit.begin(), fit.end()) - fit.begin());
        fit[worst] = 1e9f;
        set_centroid(g, worst);
        continue;
      }
      double norm = 0;
      for (int d = 0; d < dims; ++d) norm += double(cent[size_t(d) * k + g]) * cent[size_t(d) * k + g];
      const float inv = norm > 0 ? float(1.0 / std::sqrt(norm)) : 0.f;
      for (int d = 0; d < dims; ++d) cent[size_t(d) * k + g] *= inv;
    }
  }
  return group;
}

void Split(const std::vector<Sparse>& vec, const std::vector<int>& items, int level, const NerClusterOptions& opt,
           int dims, std::mt19937_64& rng, std::vector<std::string>* path) {
  if (level >= opt.depth || items.size() <= 1) return;
  std::vector<int> group(items.size());
  if (int(items.size()) <= opt.branch) {
    std::iota(group.begin(), group.end(), 0);
  } else {
    group = KMeans(vec, items, opt.branch, dims, opt.iterations, rng);
  }
  std::vector<std::vector<int>> children(opt.branch);
  for (size_t i = 0; i < items.size(); ++i) {
    (*path)[items[i]] += char('0' + group[i]);
    children[group[i]].push_back(items[i]);
  }
  for (const auto& c : children) Split(vec, c, level + 1, opt, dims, rng, path);
}

}  // namespace

uint32_t PackLexiconEntry(const NerLexiconEntry& e) {
  return uint32_t(e.path & 0x7FFF) | uint32_t(std::clamp(e.depth, 0, 5)) << 15 | uint32_t(e.per & 3) << 18 |
         uint32_t(e.org & 3) << 20 | uint32_t(e.loc & 3) << 22 | uint32_t(e.def & 3) << 24 |
         uint32_t(e.freq & 3) << 26;
}

NerLexiconEntry UnpackLexiconEntry(uint32_t p) {
  NerLexiconEntry e;
  e.path = int(p & 0x7FFF);
  e.depth = int(p >> 15 & 7);
  e.per = int(p >> 18 & 3);
  e.org = int(p >> 20 & 3);
  e.loc = int(p >> 22 & 3);
  e.def = int(p >> 24 & 3);
  e.freq = int(p >> 26 & 3);
  return e;
}

uint32_t LexiconPathPrefix(uint32_t packed, int levels) {
  const int depth = int(packed >> 15 & 7);
  if (depth == 0) return 0;
  levels = std::min(levels, depth);
  const uint32_t path = packed & 0x7FFF;
  return (path >> (3 * (5 - levels))) | uint32_t(levels) << 16;
}

std::string BuildClusterTable(const std::vector<std::string>& texts, const NerClusterOptions& options) {
  NerClusterOptions opt = options;
  opt.branch = std::clamp(opt.branch, 2, 8);
  opt.depth = std::clamp(opt.depth, 1, 5);
  // Forms as ids; a document boundary is -1.
  std::unordered_map<std::string, int> ids;
  std::vector<std::string> forms;
  std::vector<int> count, definite;
  std::vector<bool> is_word;
  std::vector<int> stream;
  for (const std::string& t : texts) {
    for (const text::Token& tok : text::Tokenize(t)) {
      const std::string key = tok.kind == text::TokenKind::kNumber ? std::string("<num>") : tok.bare;
      auto [it, fresh] = ids.emplace(key, int(forms.size()));
      if (fresh) {
        forms.push_back(key);
        count.push_back(0);
        definite.push_back(0);
        is_word.push_back(tok.kind == text::TokenKind::kWord || tok.kind == text::TokenKind::kLatin);
      }
      ++count[it->second];
      if (tok.prefix.find("ال") != std::string::npos || tok.prefix.ends_with("لل")) ++definite[it->second];
      stream.push_back(it->second);
    }
    stream.push_back(-1);
  }
  const int nforms = int(forms.size());
  // Context dimensions: the most frequent forms at -2, -1, +1, +2.
  std::vector<int> order(nforms);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return count[a] != count[b] ? count[a] > count[b] : forms[a] < forms[b]; });
  std::vector<int> ctx(nforms, -1);
  for (int i = 0; i < std::min(nforms, opt.contexts); ++i) ctx[order[i]] = i;
  const int nctx = std::min(nforms, opt.contexts);
  const int dims = 4 * nctx;
  std::vector<int> vocab_index(nforms, -1);
  std::vector<int> vocab;
  for (int f : order)
    if (is_word[f] && count[f] >= opt.min_count) vocab_index[f] = int(vocab.size()), vocab.push_back(f);
  const int nv = int(vocab.size());

  // Cue tallies and raw context keys.
  std::unordered_map<std::string, int> cue;  // form → 1 person, 2 org, 3 place
  for (const auto& w : Words(kPersonCues)) cue.emplace(w, 1);
  for (const auto& w : Words(kOrgCues)) cue.emplace(w, 2);
  for (const auto& w : Words(kPlaceCues)) cue.emplace(w, 3);
  std::vector<int> cue_of(nforms, 0);
  for (int f = 0; f < nforms; ++f)
    if (auto it = cue.find(forms[f]); it != cue.end()) cue_of[f] = it->second;
  std::vector<std::array<int, 3>> cue_hits(nv, {0, 0, 0});
  std::vector<std::vector<uint32_t>> keys(nv);
  const int n = int(stream.size());
  for (int i = 0; i < n; ++i) {
    const int f = stream[i];
    if (f < 0 || vocab_index[f] < 0) continue;
    const int v = vocab_index[f];
    const int offsets[4] = {-2, -1, 1, 2};
    bool blocked_left = false, blocked_right = false;
    for (int o = 1; o <= 2; ++o) {  // do not look across a document boundary
      if (!blocked_left) blocked_left = i - o < 0 || stream[i - o] < 0;
      if (!blocked_left && ctx[stream[i - o]] >= 0) keys[v].push_back(uint32_t((o == 1 ? 1 : 0) * nctx + ctx[stream[i - o]]));
      if (!blocked_right) blocked_right = i + o >= n || stream[i + o] < 0;
      if (!blocked_right && ctx[stream[i + o]] >= 0) keys[v].push_back(uint32_t((o == 1 ? 2 : 3) * nctx + ctx[stream[i + o]]));
    }
    (void)offsets;
    const int m1 = i >= 1 ? stream[i - 1] : -1, m2 = i >= 2 ? stream[i - 2] : -1;
    if (m1 >= 0 && cue_of[m1]) ++cue_hits[v][cue_of[m1] - 1];
    // "الرئيس باراك X": a title two back with a bare name between.
    else if (m1 >= 0 && m2 >= 0 && cue_of[m2] == 1 && is_word[m1] && !forms[m1].starts_with("ال") &&
             definite[m1] * 5 < count[m1])
      ++cue_hits[v][0];
  }
  // Positive PMI with context smoothing (alpha 0.75), ±2 weighted by half.
  std::vector<double> ctx_total(dims, 0);
  std::vector<Sparse> vec(nv);
  for (int v = 0; v < nv; ++v) {
    std::sort(keys[v].begin(), keys[v].end());
    Sparse& s = vec[v];
    for (size_t j = 0; j < keys[v].size();) {
      size_t e = j;
      while (e < keys[v].size() && keys[v][e] == keys[v][j]) ++e;
      s.keys.push_back(keys[v][j]);
      s.vals.push_back(float(e - j));
      ctx_total[keys[v][j]] += double(e - j);
      j = e;
    }
    std::vector<uint32_t>().swap(keys[v]);
  }
  double smoothed = 0;
  for (double c : ctx_total) smoothed += std::pow(c, 0.75);
  for (int v = 0; v < nv; ++v) {
    Sparse& s = vec[v];
    double total = 0;
    for (float c : s.vals) total += c;
    std::vector<std::pair<float, uint32_t>> kept;
    for (size_t j = 0; j < s.keys.size(); ++j) {
      const double pc = std::pow(ctx_total[s.keys[j]], 0.75) / smoothed;
      double pmi = std::log(s.vals[j] / total / pc);
      if (s.keys[j] < uint32_t(nctx) || s.keys[j] >= uint32_t(3 * nctx)) pmi *= 0.5;
      if (pmi > 0) kept.emplace_back(float(pmi), s.keys[j]);
    }
    if (int(kept.size()) > opt.max_features) {
      std::nth_element(kept.begin(), kept.begin() + opt.max_features, kept.end(), std::greater<>());
      kept.resize(opt.max_features);
    }
    std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    double norm = 0;
    for (const auto& [w, k] : kept) norm += double(w) * w;
    const float inv = norm > 0 ? float(1 / std::sqrt(norm)) : 0.f;
    s.keys.clear();
    s.vals.clear();
    for (const auto& [w, k] : kept) s.keys.push_back(k), s.vals.push_back(w * inv);
  }
  std::vector<std::string> path(nv);
  std::vector<int> all(nv);
  std::iota(all.begin(), all.end(), 0);
  std::mt19937_64 rng(opt.seed);
  Split(vec, all, 0, opt, dims, rng, &path);

  std::string out = "word\tpath\tcount\tper\torg\tloc\tdef\n";
  for (int v = 0; v < nv; ++v) {
    const int f = vocab[v];
    if (path[v].empty()) path[v] = "0";
    out += forms[f] + '\t' + path[v] + '\t' + std::to_string(count[f]) + '\t' + std::to_string(cue_hits[v][0]) + '\t' +
           std::to_string(cue_hits[v][1]) + '\t' + std::to_string(cue_hits[v][2]) + '\t' + std::to_string(definite[f]) +
           '\n';
  }
  return out;
}

namespace {
// One row of a cluster table, its counts checked.
struct ClusterRow {
  const std::string* word;
  const std::string* path;
  int count, per, org, loc, def;
};
// Calls fn(row, bad) for every row; `bad(why)` makes the file:line error.
template <typename Fn>
Status ForEachClusterRow(std::string_view content, const std::string& name, Fn&& fn) {
  auto table = base::ParseTsv(content, name, {"word", "path", "count", "per", "org", "loc", "def"});
  if (!table.ok()) return table.status();
  const int cols[7] = {table->Column("word"), table->Column("path"), table->Column("count"), table->Column("per"),
                       table->Column("org"),  table->Column("loc"),  table->Column("def")};
  for (const base::TsvRow& row : table->rows) {
    auto bad = [&](const std::string& why) { return Status::Error(name + ":" + std::to_string(row.line) + ": " + why); };
    int nums[5];
    for (int k = 0; k < 5; ++k) {
      const std::string& f = row.fields[cols[k + 2]];
      auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), nums[k]);
      if (ec != std::errc() || p != f.data() + f.size() || nums[k] < 0) return bad("not a count: '" + f + "'");
    }
    const ClusterRow r{&row.fields[cols[0]], &row.fields[cols[1]], nums[0], nums[1], nums[2], nums[3], nums[4]};
    if (Status st = fn(r, bad); !st.ok()) return st;
  }
  return Status::Ok();
}
}  // namespace

Result<NerLexicon> ParseNerLexicon(std::string_view content, const std::string& name) {
  NerLexicon out;
  Status st = ForEachClusterRow(content, name, [&](const ClusterRow& r, auto&& bad) -> Status {
    const std::string& path = *r.path;
    if (path.size() > 5) return bad("path longer than 5 levels");
    NerLexiconEntry e;
    for (size_t k = 0; k < path.size(); ++k) {
      if (path[k] < '0' || path[k] > '7') return bad("path digit not 0-7: '" + path + "'");
      e.path |= (path[k] - '0') << (3 * (4 - int(k)));
    }
    e.depth = int(path.size());
    const int c = std::max(1, r.count);
    e.per = Bucket(double(r.per) / c, r.per, 0.01, 0.05, 0.2);
    e.org = Bucket(double(r.org) / c, r.org, 0.01, 0.05, 0.2);
    e.loc = Bucket(double(r.loc) / c, r.loc, 0.01, 0.05, 0.2);
    const double d = double(r.def) / c;
    e.def = r.def == 0 ? 0 : d < 0.2 ? 1 : d < 0.6 ? 2 : 3;
    e.freq = c < 20 ? 0 : c < 200 ? 1 : c < 2000 ? 2 : 3;
    out[ner_internal::HashString(text::NormalizeString(*r.word))] = PackLexiconEntry(e);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<NewsWordCounts> LoadNewsWordCounts(const std::string& path) {
  auto content = base::ReadFile(path);
  if (!content.ok()) return content.status();
  NewsWordCounts out;
  Status st = ForEachClusterRow(*content, path, [&](const ClusterRow& r, auto&&) -> Status {
    out[text::NormalizeString(*r.word)] = {r.count, r.loc};
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<NerLexicon> LoadNerLexicon(const std::string& path) {
  auto content = base::ReadFile(path);
  if (!content.ok()) return content.status();
  return ParseNerLexicon(*content, path);
}

}  // namespace marsad::entities
