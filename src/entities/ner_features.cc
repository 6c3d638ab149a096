// Feature extraction for the NER tagger (see ner_features.h). Every feature is
// a (template, values) tuple hashed straight to a row id, so no feature
// dictionary is stored. Thread-safe: the trigger table is built once.
#include "entities/ner_features.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <unordered_set>

namespace marsad::entities::ner_internal {
namespace {

constexpr uint64_t kFnvOffset = 1469598103934665603ull;
constexpr uint64_t kFnvPrime = 1099511628211ull;

uint64_t Mix(uint64_t x) {  // splitmix64 finalizer
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}
uint64_t Combine(uint64_t a, uint64_t b) { return Mix(a * 0x100000001B3ull ^ b); }

// Trigger words (normalized, matched on `bare`, so الرئيس/والرئيس/رئيس agree).
// They are part of the feature definition: changing this list needs a retrain
// (bump kFeatureVersion).
enum Trigger : uint8_t { kNoTrigger = 0, kPersonTitle, kPlaceWord, kOrgWord, kSpeech, kDirection };
const std::unordered_map<std::string, uint8_t>& Triggers() {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string, uint8_t>;
    const std::pair<Trigger, const char*> lists[] = {
        {kPersonTitle,
         "رئيس رئيسة ملك ملكة امير اميرة شيخ وزير وزيرة سيد سيدة دكتور د. مستشار مستشارة نائب "
         "نائبة سفير سفيرة زعيم متحدث متحدثة ناطق ناطقة جنرال عقيد لواء عميد مقدم رائد نقيب "
         "مدير مديرة امين امينة قائد مبعوث مبعوثة مندوب مندوبة مرشح مرشحة حاكم محافظ سلطان "
         "بابا اسقف مفتي امام قاضي لاعب لاعبة مدرب لاعبو ممثل ممثلة مغني مغنية كاتب "
         "كاتبة شاعر مخرج صحفي مراسل نجم نجمة بطل بطلة زميل ابن ابنة والد"},
        {kPlaceWord,
         "مدينه بلده قريه منطقه محافظه اقليم ولايه عاصمه جزيره جزر بحر نهر جبل مطار ميناء "
         "مخيم حي شارع ساحه ميدان قطاع ضفه حدود مقاطعه دوله جمهوريه مملكه امارة اماره سلطنه "
         "شمال جنوب شرق غرب وسط ضواحي قرب بلاد"},
        {kOrgWord,
         "شركه وكاله صحيفه قناه منظمه حركه حزب جامعه مجلس وزاره جمعيه هيئه مؤسسه بنك مصرف "
         "اتحاد نادي لجنه جبهه جيش تنظيم مجموعه معهد مركز محكمه برلمان صندوق منتدى رابطه "
         "نقابه اكاديميه مستشفى مدرسه كليه اذاعه تلفزيون مكتب مجمع سلطه حكومه ائتلاف فريق"},
        {kSpeech, "قال قالت اعلن اعلنت اكد اكدت اضاف اضافت صرح صرحت اوضح اوضحت ذكر ذكرت"},
        {kDirection, "في من الى الي عن باسم اسم لدى مع بين"},
    };
    for (const auto& [cls, words] : lists) {
      std::string_view rest = words;
      while (!rest.empty()) {
        const size_t sp = rest.find(' ');
        const std::string_view w = rest.substr(0, sp);
        if (!w.empty()) t->emplace(text::NormalizeString(w), cls);
        rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
      }
    }
    return t;
  }();
  return *table;
}

uint8_t TriggerOf(const text::Token& t) {
  const auto& table = Triggers();
  if (auto it = table.find(t.bare); it != table.end()) return it->second;
  if (auto it = table.find(t.norm); it != table.end()) return it->second;
  return kNoTrigger;
}

int Letters(std::string_view s) { return int(text::CodepointCount(s)); }

// Byte length of the first / last n code points (UTF-8 lead bytes only).
size_t PrefixBytes(std::string_view s, int n) {
  size_t i = 0;
  for (int k = 0; k < n && i < s.size(); ++k) {
    ++i;
    while (i < s.size() && (uint8_t(s[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}
size_t SuffixBytes(std::string_view s, int n) {
  size_t i = s.size();
  for (int k = 0; k < n && i > 0; ++k) {
    --i;
    while (i > 0 && (uint8_t(s[i]) & 0xC0) == 0x80) --i;
  }
  return s.size() - i;
}

uint8_t Shape(const text::Token& t) {
  const int n = Letters(t.bare);
  const int len = n <= 2 ? n : n <= 4 ? 3 : n <= 6 ? 4 : 5;
  return uint8_t(int(t.kind) * 8 + len);
}

// Per-token values shared by the context templates.
struct TokenInfo {
  uint64_t norm, bare, prefix, stem, shape, trigger, gaz, cls;
  uint64_t suffix[4], head[3];
  uint64_t lex[6];  // cluster path prefixes, levels 0 (none) .. 5
  uint64_t cue;     // person/org/place cue buckets
  uint64_t deffreq;
};

TokenInfo Info(const text::Token& t, uint8_t gaz, const WordClasses& classes, const NerLexicon& lexicon) {
  TokenInfo x{};
  x.norm = HashString(t.norm);
  x.bare = HashString(t.bare);
  x.prefix = HashString(t.prefix);
  x.stem = t.kind == text::TokenKind::kWord ? HashString(text::LightStem(t.bare)) : x.bare;
  x.shape = Shape(t);
  x.trigger = TriggerOf(t);
  x.gaz = gaz;
  auto it = classes.find(x.bare);
  x.cls = it == classes.end() ? 0 : it->second;
  const std::string_view b = t.bare;
  for (int k = 0; k < 4; ++k) x.suffix[k] = HashString(b.substr(b.size() - SuffixBytes(b, k + 1)));
  for (int k = 0; k < 3; ++k) x.head[k] = HashString(b.substr(0, PrefixBytes(b, k + 1)));
  uint32_t lex = 0;
  if (!lexicon.empty())
    if (auto l = lexicon.find(x.bare); l != lexicon.end()) lex = l->second;
  for (int k = 0; k < 6; ++k) x.lex[k] = LexiconPathPrefix(lex, k);
  const NerLexiconEntry e = UnpackLexiconEntry(lex);
  x.cue = lex ? uint64_t(1 + e.per + 4 * e.org + 16 * e.loc) : 0;
  x.deffreq = lex ? uint64_t(1 + e.def + 4 * e.freq) : 0;
  return x;
}

TokenInfo Boundary(uint64_t which) {
  TokenInfo x{};
  x.norm = x.bare = x.stem = Mix(which);
  x.shape = 100 + which;
  x.trigger = 100 + which;
  x.gaz = 0;
  x.cls = 100 + which;
  for (int k = 0; k < 6; ++k) x.lex[k] = 1000 + which;
  x.cue = x.deffreq = 1000 + which;
  return x;
}

// Templates: each a distinct id, so equal values under different templates
// hash to different rows.
enum Template : uint64_t {
  kBias = 1, kNorm, kBare, kPrefix, kStem, kSuf1, kSuf2, kSuf3, kSuf4, kHead1, kHead2, kHead3,
  kShape, kNormM1, kNormP1, kNormM2, kNormP2, kBareM1, kBareP1, kBareM2, kBareP2,
  kNormM1_0, kNorm0_P1, kBareM1_0, kBare0_P1, kTrigM1, kTrigM2, kTrigP1, kTrig0, kTrigM1M2,
  kGaz0, kGazM1, kGazP1, kGaz0P1, kShapeWin, kPrefixSuf2, kClass0, kClassM1, kClassP1,
  kClassWin, kStemM1, kStemP1, kGazTrigM1, kClassShape, kNormM2M1,
  kDoc0, kDocM1, kDocP1, kOwn0, kOwnM1, kOwnP1, kOwnDoc0, kDocBare, kOwnWin,
  kLex1, kLex2, kLex3, kLex4, kLex5, kLexM1_2, kLexM1_4, kLexP1_2, kLexP1_4, kLexM2_2, kLexP2_2,
  kLexM1_0, kLex0_P1, kCue0, kCueM1, kCueP1, kCueM2, kDefFreq0, kCueGaz0,
};

}  // namespace

uint64_t HashString(std::string_view s) {
  uint64_t h = kFnvOffset;
  for (unsigned char c : s) h = (h ^ c) * kFnvPrime;
  return h;
}

WordClasses ComputeWordClasses(const std::vector<std::vector<text::Token>>& sentences) {
  // Class = frequency bucket × how often the form takes the article. Names of
  // people almost never take ال; common nouns often do.
  struct Count { int total = 0, definite = 0; };
  std::unordered_map<uint64_t, Count> counts;
  for (const auto& s : sentences)
    for (const auto& t : s) {
      if (t.kind != text::TokenKind::kWord) continue;
      Count& c = counts[HashString(t.bare)];
      ++c.total;
      if (t.prefix.find("ال") != std::string::npos || t.prefix.ends_with("لل")) ++c.definite;
    }
  WordClasses out;
  for (const auto& [h, c] : counts) {
    const int freq = std::min(5, int(std::log2(double(c.total))));
    const double ratio = double(c.definite) / c.total;
    const int def = c.definite == 0 ? 0 : ratio < 0.2 ? 1 : ratio < 0.6 ? 2 : 3;
    out.emplace(h, uint8_t(1 + freq * 4 + def));
  }
  return out;
}

void ExtractFeatures(std::span<const text::Token> tokens, const uint8_t* gazetteer_bits,
                     const WordClasses& classes, const NerLexicon& lexicon, int bucket_bits,
                     const DocContext* doc, SentenceFeatures* out) {
  const int n = int(tokens.size());
  std::vector<TokenInfo> info(n + 4);
  info[0] = Boundary(1);
  info[1] = Boundary(2);
  for (int i = 0; i < n; ++i) info[i + 2] = Info(tokens[i], gazetteer_bits ? gazetteer_bits[i] : 0, classes, lexicon);
  info[n + 2] = Boundary(3);
  info[n + 3] = Boundary(4);

  out->ids.clear();
  out->offsets.assign(1, 0);
  out->ids.reserve(size_t(n) * 48);
  const int shift = 64 - bucket_bits;
  for (int i = 0; i < n; ++i) {
    const TokenInfo& m2 = info[i];
    const TokenInfo& m1 = info[i + 1];
    const TokenInfo& c = info[i + 2];
    const TokenInfo& p1 = info[i + 3];
    const TokenInfo& p2 = info[i + 4];
    auto add = [&](Template t, uint64_t v) { out->ids.push_back(uint32_t(Combine(t, v) >> shift)); };
    auto add2 = [&](Template t, uint64_t a, uint64_t b) { add(t, Combine(a, b)); };
    add(kBias, 0);
    add(kNorm, c.norm);
    add(kBare, c.bare);
    add(kPrefix, c.prefix);
    add(kStem, c.stem);
    if (tokens[i].kind == text::TokenKind::kWord) {
      add(kSuf1, c.suffix[0]);
      add(kSuf2, c.suffix[1]);
      add(kSuf3, c.suffix[2]);
      add(kSuf4, c.suffix[3]);
      add(kHead1, c.head[0]);
      add(kHead2, c.head[1]);
      add(kHead3, c.head[2]);
      add2(kPrefixSuf2, c.prefix, c.suffix[1]);
    }
    add(kShape, c.shape);
    add(kNormM1, m1.norm);
    add(kNormP1, p1.norm);
    add(kNormM2, m2.norm);
    add(kNormP2, p2.norm);
    add(kBareM1, m1.bare);
    add(kBareP1, p1.bare);
    add(kBareM2, m2.bare);
    add(kBareP2, p2.bare);
    add2(kNormM1_0, m1.norm, c.norm);
    add2(kNorm0_P1, c.norm, p1.norm);
    add2(kBareM1_0, m1.bare, c.bare);
    add2(kBare0_P1, c.bare, p1.bare);
    add2(kNormM2M1, m2.norm, m1.norm);
    add(kTrigM1, m1.trigger);
    add(kTrigM2, m2.trigger);
    add(kTrigP1, p1.trigger);
    add(kTrig0, c.trigger);
    add2(kTrigM1M2, m1.trigger, m2.trigger);
    add(kGaz0, c.gaz);
    add(kGazM1, m1.gaz);
    add(kGazP1, p1.gaz);
    add2(kGaz0P1, c.gaz, p1.gaz);
    add2(kGazTrigM1, c.gaz, m1.trigger);
    add(kShapeWin, Combine(Combine(m1.shape, c.shape), p1.shape));
    add(kClass0, c.cls);
    add(kClassM1, m1.cls);
    add(kClassP1, p1.cls);
    add(kClassWin, Combine(Combine(m1.cls, c.cls), p1.cls));
    add2(kClassShape, c.cls, c.shape);
    add(kStemM1, m1.stem);
    add(kStemP1, p1.stem);
    if (!lexicon.empty()) {
      add(kLex1, c.lex[1]);
      add(kLex2, c.lex[2]);
      add(kLex3, c.lex[3]);
      add(kLex4, c.lex[4]);
      add(kLex5, c.lex[5]);
      add(kLexM1_2, m1.lex[2]);
      add(kLexM1_4, m1.lex[4]);
      add(kLexP1_2, p1.lex[2]);
      add(kLexP1_4, p1.lex[4]);
      add(kLexM2_2, m2.lex[2]);
      add(kLexP2_2, p2.lex[2]);
      add2(kLexM1_0, m1.lex[3], c.lex[3]);
      add2(kLex0_P1, c.lex[3], p1.lex[3]);
      add(kCue0, c.cue);
      add(kCueM1, m1.cue);
      add(kCueP1, p1.cue);
      add(kCueM2, m2.cue);
      add(kDefFreq0, c.deffreq);
      add2(kCueGaz0, c.cue, c.gaz);
    }
    out->offsets.push_back(uint32_t(out->ids.size()));
  }
  if (doc) {
    SentenceFeatures base = std::move(*out);
    AddDocFeatures(tokens, base, bucket_bits, *doc, out);
  }
}

void AddDocFeatures(std::span<const text::Token> tokens, const SentenceFeatures& base, int bucket_bits,
                    const DocContext& doc, SentenceFeatures* out) {
  const int n = int(tokens.size());
  const int shift = 64 - bucket_bits;
  out->ids.clear();
  out->offsets.assign(1, 0);
  out->ids.reserve(base.ids.size() + size_t(n) * 9);
  auto at = [&](const uint8_t* v, int j) -> uint64_t { return j < 0 || j >= n ? 0xFF + (j < 0) : v[j]; };
  for (int i = 0; i < n; ++i) {
    out->ids.insert(out->ids.end(), base.ids.begin() + base.offsets[i], base.ids.begin() + base.offsets[i + 1]);
    auto add = [&](Template t, uint64_t v) { out->ids.push_back(uint32_t(Combine(t, v) >> shift)); };
    auto add2 = [&](Template t, uint64_t a, uint64_t b) { add(t, Combine(a, b)); };
    add(kDoc0, at(doc.doc, i));
    add(kDocM1, at(doc.doc, i - 1));
    add(kDocP1, at(doc.doc, i + 1));
    add(kOwn0, at(doc.own, i));
    add(kOwnM1, at(doc.own, i - 1));
    add(kOwnP1, at(doc.own, i + 1));
    add2(kOwnDoc0, at(doc.own, i), at(doc.doc, i));
    add2(kDocBare, at(doc.doc, i), HashString(tokens[i].bare));
    add(kOwnWin, Combine(Combine(at(doc.own, i - 1), at(doc.own, i)), at(doc.own, i + 1)));
    out->offsets.push_back(uint32_t(out->ids.size()));
  }
}

}  // namespace marsad::entities::ner_internal
