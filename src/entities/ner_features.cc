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
         "كاتبة شاعر مخرج صحفي مراسل نجم نجمة بطل بطلة زميل ابن ابنة والد "
         "مهاجم مدافع حارس هداف مصنف مصنفة محترف متسابق سائق عداء رياضي مهندس استاذ "
         "سمو معالي فخامة سعادة جلالة نجل شقيق شقيقة زوج زوجة ارملة"},
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

}  // namespace

uint64_t HashString(std::string_view s) {
  uint64_t h = kFnvOffset;
  for (unsigned char c : s) h = (h ^ c) * kFnvPrime;
  return h;
}

TokenInfo MakeTokenInfo(const text::Token& t, uint8_t gaz, const WordClasses& classes, const NerLexicon& lexicon) {
  TokenInfo x{};
  x.norm = HashString(t.norm);
  x.bare = HashString(t.bare);
  x.prefix = HashString(t.prefix);
  x.word = t.kind == text::TokenKind::kWord;
  if (x.word)
    ForEachCharNgram(t.bare, [&](uint64_t h) {
      if (x.n_chars < std::size(x.chars)) x.chars[x.n_chars++] = Combine(kChar0, h);
    });
  x.stem = x.word ? HashString(text::LightStem(t.bare)) : x.bare;
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

void MaskIdentity(TokenInfo* x, bool deep) {
  x->norm = x->bare = x->stem = kUnknownWord;
  x->cls = 0;
  if (!deep) return;
  for (uint64_t& h : x->suffix) h = kUnknownWord;
  for (uint64_t& h : x->head) h = kUnknownWord;
  x->n_chars = 0;
}

TokenInfo BoundaryInfo(uint64_t which) {
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

PairKeys KeysOf(const TokenInfo& x) {
  return {x.norm, x.bare, x.shape, x.trigger, x.gaz, x.cls, x.lex[3]};
}

uint64_t WordKey(const text::Token& t, uint8_t gaz) {
  return Combine(Combine(Combine(HashString(t.norm), HashString(t.bare)), HashString(t.prefix)),
                 uint64_t(t.kind) * 256 + gaz);
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
                     const DocContext* doc, SentenceFeatures* out, const uint8_t* mask) {
  const int n = int(tokens.size());
  std::vector<TokenInfo> info(n + 4);
  info[0] = BoundaryInfo(1);
  info[1] = BoundaryInfo(2);
  for (int i = 0; i < n; ++i) {
    info[i + 2] = MakeTokenInfo(tokens[i], gazetteer_bits ? gazetteer_bits[i] : 0, classes, lexicon);
    if (mask && mask[i]) MaskIdentity(&info[i + 2], mask[i] == 2);
  }
  info[n + 2] = BoundaryInfo(3);
  info[n + 3] = BoundaryInfo(4);

  out->ids.clear();
  out->offsets.assign(1, 0);
  out->ids.reserve(size_t(n) * 64);
  const bool lex = !lexicon.empty();
  auto push = [&](uint32_t id) { out->ids.push_back(id); };
  for (int i = 0; i < n; ++i) {
    for (int slot = 0; slot < kSlots; ++slot) SlotRows(info[i + slot], Slot(slot), lex, bucket_bits, push);
    PairRows(KeysOf(info[i]), KeysOf(info[i + 1]), KeysOf(info[i + 2]), KeysOf(info[i + 3]), lex, bucket_bits, push);
    out->offsets.push_back(uint32_t(out->ids.size()));
  }
  if (doc) {
    SentenceFeatures base = std::move(*out);
    AddDocFeatures(tokens, base, bucket_bits, *doc, out, mask);
  }
}

void AddDocFeatures(std::span<const text::Token> tokens, const SentenceFeatures& base, int bucket_bits,
                    const DocContext& doc, SentenceFeatures* out, const uint8_t* mask) {
  const int n = int(tokens.size());
  out->ids.clear();
  out->offsets.assign(1, 0);
  out->ids.reserve(base.ids.size() + size_t(n) * 9);
  auto push = [&](uint32_t id) { out->ids.push_back(id); };
  for (int i = 0; i < n; ++i) {
    out->ids.insert(out->ids.end(), base.ids.begin() + base.offsets[i], base.ids.begin() + base.offsets[i + 1]);
    DocRows(doc, i, n, mask && mask[i] ? kUnknownWord : HashString(tokens[i].bare), bucket_bits, push);
    out->offsets.push_back(uint32_t(out->ids.size()));
  }
}

}  // namespace marsad::entities::ner_internal
