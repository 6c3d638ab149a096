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
inline constexpr uint32_t kFeatureVersion = 5;

uint64_t HashString(std::string_view s);

// Word classes learned from unlabeled text (the training words only): a small
// class id per hashed bare form, 0 when unknown.
using WordClasses = std::unordered_map<uint64_t, uint8_t>;
WordClasses ComputeWordClasses(const std::vector<std::vector<text::Token>>& sentences);

// Features of every token: ids[offsets[i] .. offsets[i+1]) are token i's rows
// in a table of 2^bucket_bits rows.
struct SentenceFeatures {
  std::vector<uint32_t> ids;
  std::vector<uint32_t> offsets;
};
// Second-pass (document) evidence per token: `doc` has bit 2*type for B- and
// 2*type+1 for I- over every first-pass tag the token's bare form received
// anywhere in the document; `own` is the token's first-pass label.
struct DocContext {
  const uint8_t* doc = nullptr;
  const uint8_t* own = nullptr;
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

}  // namespace marsad::entities::ner_internal
