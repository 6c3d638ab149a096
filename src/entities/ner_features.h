// Feature extraction for the NER tagger: hashed ids of word, clitic-split,
// affix, shape, context, trigger-word, word-class and KB-gazetteer features.
// Pure functions over immutable tables; thread-safe.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "entities/ner_lexicon.h"
#include "text/text.h"

namespace marsad::entities::ner_internal {

// Bumped whenever the features change: a model records the version it was
// trained with and refuses to load under another.
inline constexpr uint32_t kFeatureVersion = 7;  // 7: character n-grams

uint64_t HashString(std::string_view s);
inline uint64_t Mix(uint64_t x) {  // splitmix64 finalizer
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}
inline uint64_t Combine(uint64_t a, uint64_t b) { return Mix(a * 0x100000001B3ull ^ b); }


// Word classes learned from unlabeled text (the training words only): a small
// class id per hashed bare form, 0 when unknown.
using WordClasses = std::unordered_map<uint64_t, uint8_t>;
WordClasses ComputeWordClasses(const std::vector<std::vector<text::Token>>& sentences);


// Letters of a word that character n-grams read (longer words are cut), and
// the most n-grams that gives: 2-, 3- and 4-grams with the edge marks.
inline constexpr int kCharNgramLetters = 24;
inline constexpr int kMaxCharNgrams = 3 * kCharNgramLetters;

// Per-token values the templates read.
struct TokenInfo {
  uint64_t norm, bare, prefix, stem, shape, trigger, gaz, cls;
  uint64_t suffix[4], head[3];
  uint64_t lex[6];  // cluster path prefixes, levels 0 (none) .. 5
  uint64_t cue;     // person/org/place cue buckets
  uint64_t deffreq;
  bool word;        // TokenKind::kWord: affix templates apply
  // Character n-grams of the bare form (ForEachCharNgram), each already
  // Combine(kChar0, n-gram hash): hashed once per word, not once per layer.
  uint8_t n_chars;
  uint64_t chars[kMaxCharNgrams];
};
TokenInfo MakeTokenInfo(const text::Token& t, uint8_t gaz, const WordClasses& classes, const NerLexicon& lexicon);
// Word-identity dropout (training): the word's own forms (norm, bare, stem)
// become one "unknown word" value and its training-text class unknown, for
// every template that reads them; affixes, letters, shape, clusters and the
// gazetteer stay. A masked copy of a training sentence teaches the model what
// a name looks like when its words were never seen in training.
// `deep` also hides its affixes and letter n-grams (the shape, clusters,
// trigger class and gazetteer bits stay).
void MaskIdentity(TokenInfo* x, bool deep = false);
inline constexpr uint64_t kUnknownWord = 0x5BD1E9955BD1E995ull;
// The padding around a sentence: 1, 2 before it, 3, 4 after it.
TokenInfo BoundaryInfo(uint64_t which);
// What the templates combining two or three tokens read of each.
struct PairKeys {
  uint64_t norm, bare, shape, trigger, gaz, cls, lex3;
};
PairKeys KeysOf(const TokenInfo& x);
// Identifies everything MakeTokenInfo reads of a token (by hash, as the
// features themselves do): equal keys give equal TokenInfo.
uint64_t WordKey(const text::Token& t, uint8_t gaz);

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
  kChar0,
};

// Character 2-, 3- and 4-grams of a bare form, the word's edges marked ("^",
// "$"): transliterated foreign names have letter sequences native words lack,
// so the model generalizes to names the training data never tagged (5-fold
// cross-validation, mean of 2 seeds: ANERcorp F1 0.733 -> 0.741, AQMAR-train
// tail 0.685 -> 0.699; 5-grams, or n-grams of the neighbours too, gave nothing
// more: data/ner/README.md).
// Calls emit(hash) per n-gram; the whole word (kBare) is not one of them.
template <typename Emit>
void ForEachCharNgram(std::string_view w, Emit&& emit) {
  // at[k]: byte offset of letter k; at[n]: the end (words longer than kMax
  // letters are cut: their n-grams past that are not needed to generalize).
  constexpr int kMax = kCharNgramLetters;
  size_t at[kMax + 1];
  int n = 0;
  size_t i = 0;
  for (; i < w.size(); ++i)
    if ((uint8_t(w[i]) & 0xC0) != 0x80) {
      if (n == kMax) break;
      at[n++] = i;
    }
  at[n] = i;
  constexpr uint64_t kPrime = 1099511628211ull;
  // Letters -1 (the mark "^") .. n (the mark "$").
  for (int order = 2; order <= 4; ++order) {
    for (int first = -1; first + order - 1 <= n; ++first) {
      const int last = first + order - 1;
      if (first < 0 && last >= n && order > 2) continue;  // the whole word: kBare has it
      uint64_t h = 1469598103934665603ull ^ uint64_t(order);
      if (first < 0) h = (h ^ '^') * kPrime;
      for (size_t b = at[std::max(first, 0)], e = at[std::min(last + 1, n)]; b < e; ++b) h = (h ^ uint8_t(w[b])) * kPrime;
      if (last >= n) h = (h ^ '$') * kPrime;
      emit(h);
    }
  }
}

inline uint32_t Row(Template t, uint64_t v, int bucket_bits) { return uint32_t(Combine(t, v) >> (64 - bucket_bits)); }

// Where a token stands relative to the token being scored (-2 .. +2).
enum Slot : int { kSlotM2 = 0, kSlotM1, kSlot0, kSlotP1, kSlotP2, kSlots };

// The rows of the templates that read one token only, for token `x` standing
// at `slot`. A token's rows depend on nothing else, so the tagger caches their
// sums per word and slot; every other template is in PairRows or DocRows.
template <typename Push>
void SlotRows(const TokenInfo& x, Slot slot, bool lexicon, int bits, Push&& push) {
  auto add = [&](Template t, uint64_t v) { push(Row(t, v, bits)); };
  switch (slot) {
    case kSlot0:
      add(kBias, 0);
      add(kNorm, x.norm);
      add(kBare, x.bare);
      add(kPrefix, x.prefix);
      add(kStem, x.stem);
      if (x.word) {
        add(kSuf1, x.suffix[0]);
        add(kSuf2, x.suffix[1]);
        add(kSuf3, x.suffix[2]);
        add(kSuf4, x.suffix[3]);
        add(kHead1, x.head[0]);
        add(kHead2, x.head[1]);
        add(kHead3, x.head[2]);
        add(kPrefixSuf2, Combine(x.prefix, x.suffix[1]));
      }
      add(kShape, x.shape);
      add(kTrig0, x.trigger);
      add(kGaz0, x.gaz);
      add(kClass0, x.cls);
      add(kClassShape, Combine(x.cls, x.shape));
      if (lexicon) {
        add(kLex1, x.lex[1]);
        add(kLex2, x.lex[2]);
        add(kLex3, x.lex[3]);
        add(kLex4, x.lex[4]);
        add(kLex5, x.lex[5]);
        add(kCue0, x.cue);
        add(kDefFreq0, x.deffreq);
        add(kCueGaz0, Combine(x.cue, x.gaz));
      }
      for (int k = 0; k < x.n_chars; ++k) push(uint32_t(x.chars[k] >> (64 - bits)));  // = Row(kChar0, n-gram)
      break;
    case kSlotM1:
      add(kNormM1, x.norm);
      add(kBareM1, x.bare);
      add(kTrigM1, x.trigger);
      add(kGazM1, x.gaz);
      add(kClassM1, x.cls);
      add(kStemM1, x.stem);
      if (lexicon) {
        add(kLexM1_2, x.lex[2]);
        add(kLexM1_4, x.lex[4]);
        add(kCueM1, x.cue);
      }
      break;
    case kSlotP1:
      add(kNormP1, x.norm);
      add(kBareP1, x.bare);
      add(kTrigP1, x.trigger);
      add(kGazP1, x.gaz);
      add(kClassP1, x.cls);
      add(kStemP1, x.stem);
      if (lexicon) {
        add(kLexP1_2, x.lex[2]);
        add(kLexP1_4, x.lex[4]);
        add(kCueP1, x.cue);
      }
      break;
    case kSlotM2:
      add(kNormM2, x.norm);
      add(kBareM2, x.bare);
      add(kTrigM2, x.trigger);
      if (lexicon) {
        add(kLexM2_2, x.lex[2]);
        add(kCueM2, x.cue);
      }
      break;
    case kSlotP2:
      add(kNormP2, x.norm);
      add(kBareP2, x.bare);
      if (lexicon) add(kLexP2_2, x.lex[2]);
      break;
    case kSlots:
      break;
  }
}

// Rows of the templates combining tokens m2, m1 (before), c (scored), p1 (after).
template <typename Push>
void PairRows(const PairKeys& m2, const PairKeys& m1, const PairKeys& c, const PairKeys& p1, bool lexicon, int bits,
              Push&& push) {
  auto add = [&](Template t, uint64_t v) { push(Row(t, v, bits)); };
  add(kNormM1_0, Combine(m1.norm, c.norm));
  add(kNorm0_P1, Combine(c.norm, p1.norm));
  add(kBareM1_0, Combine(m1.bare, c.bare));
  add(kBare0_P1, Combine(c.bare, p1.bare));
  add(kNormM2M1, Combine(m2.norm, m1.norm));
  add(kTrigM1M2, Combine(m1.trigger, m2.trigger));
  add(kGaz0P1, Combine(c.gaz, p1.gaz));
  add(kGazTrigM1, Combine(c.gaz, m1.trigger));
  add(kShapeWin, Combine(Combine(m1.shape, c.shape), p1.shape));
  add(kClassWin, Combine(Combine(m1.cls, c.cls), p1.cls));
  if (lexicon) {
    add(kLexM1_0, Combine(m1.lex3, c.lex3));
    add(kLex0_P1, Combine(c.lex3, p1.lex3));
  }
}

// Second-pass (document) evidence per token: `doc` has bit 2*type for B- and
// 2*type+1 for I- over every first-pass tag the token's bare form received
// anywhere in the document; `own` is the token's first-pass label.
struct DocContext {
  const uint8_t* doc = nullptr;
  const uint8_t* own = nullptr;
};

// Rows of the document templates for token i of n; `bare` = HashString(bare).
template <typename Push>
void DocRows(const DocContext& doc, int i, int n, uint64_t bare, int bits, Push&& push) {
  auto at = [&](const uint8_t* v, int j) -> uint64_t { return j < 0 || j >= n ? 0xFF + (j < 0) : v[j]; };
  auto add = [&](Template t, uint64_t v) { push(Row(t, v, bits)); };
  add(kDoc0, at(doc.doc, i));
  add(kDocM1, at(doc.doc, i - 1));
  add(kDocP1, at(doc.doc, i + 1));
  add(kOwn0, at(doc.own, i));
  add(kOwnM1, at(doc.own, i - 1));
  add(kOwnP1, at(doc.own, i + 1));
  add(kOwnDoc0, Combine(at(doc.own, i), at(doc.doc, i)));
  add(kDocBare, Combine(at(doc.doc, i), bare));
  add(kOwnWin, Combine(Combine(at(doc.own, i - 1), at(doc.own, i)), at(doc.own, i + 1)));
}

// Features of every token: ids[offsets[i] .. offsets[i+1]) are token i's rows
// in a table of 2^bucket_bits rows.
struct SentenceFeatures {
  std::vector<uint32_t> ids;
  std::vector<uint32_t> offsets;
};
// `lexicon` (clusters and cue rates from unlabelled news) may be empty.
// `mask` (training only, may be null): tokens with a non-zero entry lose their
// identity (MaskIdentity; 2: deep), as if the training data had never seen them.
void ExtractFeatures(std::span<const text::Token> tokens, const uint8_t* gazetteer_bits,
                     const WordClasses& classes, const NerLexicon& lexicon, int bucket_bits,
                     const DocContext* doc, SentenceFeatures* out, const uint8_t* mask = nullptr);
// The second-pass features from the first-pass ones (`base`, extracted with
// doc == null): the same ids ExtractFeatures gives with `doc`, without
// recomputing the sentence features.
void AddDocFeatures(std::span<const text::Token> tokens, const SentenceFeatures& base, int bucket_bits,
                    const DocContext& doc, SentenceFeatures* out, const uint8_t* mask = nullptr);

// Decoding on this thread uses the per-word cache of summed rows (default) or
// sums every row of ExtractFeatures; both give the same scores (tests check).
void SetDecoderWordCache(bool on);

}  // namespace marsad::entities::ner_internal
