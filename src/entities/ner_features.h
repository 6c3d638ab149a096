// Feature extraction for the NER tagger: hashed ids of word, clitic-split,
// affix, shape, context, trigger-word, word-class and KB-gazetteer features.
// Pure functions over immutable tables; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/text.h"

namespace marsad::entities::ner_internal {

// Bumped whenever the features change: a model records the version it was
// trained with and refuses to load under another.
inline constexpr uint32_t kFeatureVersion = 3;

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
void ExtractFeatures(const std::vector<text::Token>& tokens, const uint8_t* gazetteer_bits,
                     const WordClasses& classes, int bucket_bits, SentenceFeatures* out);

}  // namespace marsad::entities::ner_internal
