// Feature extraction for the NER tagger: hashed ids of word, clitic-split,
// affix, shape, context, trigger-word, word-class and KB-gazetteer features.
// Pure functions over immutable tables; thread-safe.
#pragma once

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
inline constexpr uint32_t kFeatureVersion = 6;

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


// Per-token values the templates read.
struct TokenInfo {
  uint64_t norm, bare, prefix, stem, shape, trigger, gaz, cls;
  uint64_t suffix[4], head[3];
  uint64_t lex[6];  // cluster path prefixes, levels 0 (none) .. 5
  uint64_t cue;     // person/org/place cue buckets
  uint64_t deffreq;
  bool word;        // TokenKind::kWord: affix templates apply
};
TokenInfo MakeTokenInfo(const text::Token& t, uint8_t gaz, const WordClasses& classes, const NerLexicon& lexicon);
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
};

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
void ExtractFeatures(std::span<const text::Token> tokens, const uint8_t* gazetteer_bits,
                     const WordClasses& classes, const NerLexicon& lexicon, int bucket_bits,
                     const DocContext* doc, SentenceFeatures* out);
// The second-pass features from the first-pass ones (`base`, extracted with
// doc == null): the same ids ExtractFeatures gives with `doc`, without
// recomputing the sentence features.
void AddDocFeatures(std::span<const text::Token> tokens, const SentenceFeatures& base, int bucket_bits,
                    const DocContext& doc, SentenceFeatures* out);

// Decoding on this thread uses the per-word cache of summed rows (default) or
// sums every row of ExtractFeatures; both give the same scores (tests check).
void SetDecoderWordCache(bool on);

}  // namespace marsad::entities::ner_internal
