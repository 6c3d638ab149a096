// Word lexicon for the NER tagger learned from unlabelled news: a hierarchical
// distributional cluster path per word (Brown-like prefixes) and how often the
// word follows person-title, organization-head and place-head words. Built by
// `marsad ner-clusters`, stored as data/ner/clusters.tsv and copied into the
// model at training time. Pure functions; a loaded lexicon is immutable.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "marsad/status.h"

namespace marsad::entities {

// Packed per-word entry (see ner_lexicon.cc): cluster path (5 levels of 3 bits),
// path depth, and 2-bit buckets for person/org/place cue rates, article rate
// and frequency.
using NerLexicon = std::unordered_map<uint64_t, uint32_t>;  // HashString(bare) → entry

struct NerLexiconEntry {
  int path = 0;   // 3 bits per level, level 1 in the top bits of a 15-bit value
  int depth = 0;  // levels of the path that are set (0 = no cluster)
  int per = 0, org = 0, loc = 0, def = 0, freq = 0;  // 0..3 buckets
};
uint32_t PackLexiconEntry(const NerLexiconEntry& e);
NerLexiconEntry UnpackLexiconEntry(uint32_t packed);
// The top `levels` levels of a path as a small id (distinct across levels).
uint32_t LexiconPathPrefix(uint32_t packed, int levels);

struct NerClusterOptions {
  int min_count = 5;       // words rarer than this get no entry
  int contexts = 2000;     // most frequent forms used as context dimensions
  int branch = 8;          // children per node (3 bits per level)
  int depth = 5;           // levels
  int iterations = 8;      // k-means iterations per node
  int max_features = 150;  // strongest context weights kept per word
  uint64_t seed = 1;
};

// Builds the table `word path count per org loc def` (header line; path as a
// string of octal digits, one per level) from raw texts. Words are normalized
// clitic-free `bare` forms of text::Tokenize.
std::string BuildClusterTable(const std::vector<std::string>& texts, const NerClusterOptions& options);

// Counts of each word of a cluster table (`count`, and `loc`: how often it
// follows a place head such as مدينة), keyed by normalized form; a malformed
// line is an error naming file and line.
struct NewsWordCount {
  int64_t count = 0, loc = 0;
};
using NewsWordCounts = std::unordered_map<std::string, NewsWordCount>;
Result<NewsWordCounts> LoadNewsWordCounts(const std::string& path);

// Loads a table written by BuildClusterTable; a malformed line is an error
// naming file and line.
Result<NerLexicon> LoadNerLexicon(const std::string& path);
Result<NerLexicon> ParseNerLexicon(std::string_view content, const std::string& name);

}  // namespace marsad::entities
