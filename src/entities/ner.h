// Statistical named-entity tagger: a first-order linear-chain model over BIO
// tags trained as an averaged structured perceptron, decoded with Viterbi.
// NerModel is immutable after Load/Train and safe to share across threads; the
// CoNLL reader, span conversion and scoring are pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/lookup.h"
#include "entities/ner_lexicon.h"
#include "marsad/status.h"
#include "text/text.h"

namespace marsad::entities {

// ---- Spans and scoring --------------------------------------------------------
struct NerSpan {
  int begin_token = 0, end_token = 0;  // [begin, end) token indices
  std::string type;                    // PER ORG LOC (MISC in corpora; the tagger does not learn it)
  double score = 1.0;                  // 0..1 confidence (mean tag probability)
};

// Spans of a BIO tag sequence ("B-PER", "I-PER", "O"). An I-X that does not
// continue an X span starts a new one, as conlleval does.
std::vector<NerSpan> BioToSpans(const std::vector<std::string>& tags);
// The inverse: tags for n tokens with the given (non-overlapping) spans.
std::vector<std::string> SpansToBio(const std::vector<NerSpan>& spans, int n);

// Exact-span precision/recall/F1 over PER, ORG and LOC; MISC spans are ignored
// on both sides.
struct NerCounts {
  int tp = 0, fp = 0, fn = 0;
  double Precision() const { return tp + fp ? double(tp) / (tp + fp) : 0; }
  double Recall() const { return tp + fn ? double(tp) / (tp + fn) : 0; }
  double F1() const {
    const double p = Precision(), r = Recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
};
struct NerScore {
  NerCounts per, org, loc, all;
  void Add(const std::vector<NerSpan>& gold, const std::vector<NerSpan>& predicted);
  std::string Format() const;  // a table: type P R F1 tp fp fn
};

// ---- Corpora ------------------------------------------------------------------
// One sentence of a CoNLL file; tags are normalized BIO over PER ORG LOC MISC.
struct NerSentence {
  std::vector<std::string> words;
  std::vector<std::string> tags;
  int first_line = 0;  // 1-based line of the first token in its file
  // Which corpus (convention) it comes from, for domain adaptation in
  // training (NerTrainOptions::view_domain); 0 = news.
  int domain = 0;
};
struct NerCorpus {
  std::vector<NerSentence> sentences;
  int lines = 0;  // lines in the file
};

// anercorp: `token TAG`, no sentence breaks (split after . ! ? ؟), PERS → PER.
// conll: `token ... TAG` (last column), blank line between sentences, MIS → MISC.
// wojood: `token TAG [TAG...]`, nested; per token the first column whose type
//   maps to PER (PERS), ORG or LOC (GPE, LOC, FAC); every other type is O.
enum class ConllFormat { kAuto, kAnercorp, kConll, kWojood };
Result<ConllFormat> ParseConllFormat(std::string_view name);  // "", "auto", "anercorp", ...
// Auto: blank lines → conll (wojood when a line has more than one tag column),
// none → anercorp.
NerCorpus ParseConll(std::string_view content, ConllFormat format);
Result<NerCorpus> ReadConll(const std::string& path, ConllFormat format);

// Splits off the last `fraction` of the file's lines, cut at the first
// sentence starting at or after that line: {head, tail}.
std::pair<std::vector<NerSentence>, std::vector<NerSentence>> SplitTail(const NerCorpus& corpus,
                                                                        double fraction);

namespace ner_internal {
struct DecodeTable;  // the decoder's copy of a model's rows (ner.cc)

// The tagger's labels for a sentence's BIO tags, written as BILOU tags: a
// name's last word L-, a one-word name U-; types it does not learn (MISC)
// and an I- continuing nothing are read as O and B- (U-) respectively.
std::vector<std::string> BilouTags(const std::vector<std::string>& bio);

// A process-unique id, renewed when the object is copied or assigned: per-thread
// caches of data derived from an object are keyed on it, so they never serve
// another object's (or a changed object's) data.
class InstanceId {
 public:
  InstanceId() : value_(Next()) {}
  InstanceId(const InstanceId&) : value_(Next()) {}
  InstanceId& operator=(const InstanceId&) {
    value_ = Next();
    return *this;
  }
  uint64_t value() const { return value_; }
  void Renew() { value_ = Next(); }

 private:
  static uint64_t Next();
  uint64_t value_;
};
}  // namespace ner_internal

// ---- Gazetteer ----------------------------------------------------------------
// Per-token bits from the knowledge base (data/kb/*.tsv); the same bits the KB
// matcher of entities.cc may pass to NerModel::Tag.
enum GazetteerBit : uint8_t {
  kGazPerson = 1 << 0,     // token of a person's name
  kGazPlace = 1 << 1,      // token of a country or place name
  kGazOrg = 1 << 2,        // token of an organization name
  kGazMultiBegin = 1 << 3, // first token of a multi-token KB name
  kGazNationality = 1 << 4,
};

class Gazetteer {
 public:
  // Loads whichever of countries/places/orgs/people.tsv and given_names.tsv
  // exist in each of `dirs`; an absent directory adds nothing, a malformed
  // file is an error.
  static Result<std::shared_ptr<const Gazetteer>> Load(const std::vector<std::string>& dirs);
  // Names as whitespace-separated words; normalized here.
  void Add(std::string_view name, uint8_t bit);
  size_t size() const { return names_; }
  // Longest KB names matched at each position on norm, bare or a clitic split.
  std::vector<uint8_t> Bits(std::span<const text::Token> tokens) const;

 private:
  struct Entry {
    std::vector<std::string> rest;  // normalized words after the first
    uint8_t bit;
  };
  // The names whose first word a token's clitic splits match (cached per
  // thread and normalized word: splitting and looking up every split of
  // every token cost as much as tagging). Valid until the next call on the
  // same thread.
  std::span<const Entry* const> Candidates(const text::Token& t) const;
  base::StringMap<std::vector<Entry>> by_first_;
  // In front of the per-thread cache: most words start no name, and the
  // filter says so without a look-up in a large table.
  base::WordFilter first_filter_;
  size_t names_ = 0;
  ner_internal::InstanceId id_;  // renewed by Add too
};

// ---- The model ----------------------------------------------------------------
struct NerTrainOptions {
  int epochs = 12;
  int bucket_bits = 20;       // 2^bucket_bits hashed feature rows
  uint64_t seed = 1;          // sentence shuffling
  double prune = 0.0;         // drop averaged weights with |w| below this
  // > 0: the written model keeps no row whose every weight is below this in
  // the stored int16 units (WithRowsPruned): a smaller, faster decoder table.
  int prune_rows = 0;
  // cost > 0: cost-augmented training, each wrong label of a token scores
  // `cost` more while decoding a training sentence, so updates also fire on
  // correct decisions won by less than that margin.
  double cost = 0.0;
  // ensemble > 1: that many runs over different shuffles, weights averaged.
  int ensemble = 1;
  // Second pass over the document (non-local features): its first-pass
  // evidence on the training data comes from `folds`-fold cross-tagging.
  bool second_pass = true;
  int folds = 4;
  // Word-identity dropout: each training sentence also appears as a copy in
  // which every word of a gold name loses its identity with probability
  // `mask_names` and every other word with `mask_words` (MaskIdentity), so
  // the model learns the context, letters and clusters of names instead of
  // only remembering the names it saw. 0 and 0: no copies.
  double mask_names = 0.0;
  double mask_words = 0.0;
  // Of the masked words, this share also loses affixes and letter n-grams.
  double mask_deep = 0.0;
  // Other rates (names, other words, deep) for the sentences of a domain
  // (NerSentence::domain), instead of the three above.
  std::map<int, std::array<double, 3>> domain_mask;
  // When the training sentences come from several domains (NerSentence::
  // domain), every feature row also gets a copy per domain, and the model
  // written is this domain's view (shared rows + its copies).
  int view_domain = 0;
  // Stored in the model: subtracted from the O score when decoding (never in
  // training); > 0 trades precision for recall.
  float o_bias = 0;
  // Word clusters and cue rates from unlabelled news (LoadNerLexicon); copied
  // into the model. Null: no lexicon features.
  std::shared_ptr<const NerLexicon> lexicon;
};
// Corpora have no document marks: this many consecutive sentences stand for
// one document in training and evaluation.
inline constexpr int kNerDocSentences = 20;

class NerModel {
 public:
  // Reads a model file written by Save. The gazetteer is loaded from `dirs`,
  // by default the model's folder and the kb/ folder beside it
  // (data/ner/model.bin → data/ner, data/kb); without them the model still tags.
  static Result<std::shared_ptr<const NerModel>> Load(const std::string& path);
  static Result<std::shared_ptr<const NerModel>> Load(const std::string& path, const std::vector<std::string>& dirs);
  static std::vector<std::string> DefaultGazetteerDirs(const std::string& model_path);
  // Parses model bytes; never crashes on corrupt input.
  static Result<std::shared_ptr<const NerModel>> FromBytes(std::string_view bytes,
                                                           std::shared_ptr<const Gazetteer> gazetteer);

  using Progress = std::function<void(int epoch, const NerModel& averaged)>;
  // Trains on `train`; after each epoch calls `progress` (may be empty) with the
  // averaged model so far.
  static std::shared_ptr<const NerModel> Train(const std::vector<NerSentence>& train,
                                               const NerTrainOptions& options,
                                               std::shared_ptr<const Gazetteer> gazetteer,
                                               const Progress& progress = {});

  // Entity spans of a token run: pass a whole article, not sentence by
  // sentence, so the second pass sees every mention of a name (it is split
  // into sentences at . ! ? ؟ inside). gazetteer_bits, when given, must have
  // one entry per token and replaces the model's own KB look-up.
  std::vector<NerSpan> Tag(const std::vector<text::Token>& tokens,
                           const std::vector<uint8_t>* gazetteer_bits = nullptr) const;
  // The same on sentences already split: spans per sentence.
  std::vector<std::vector<NerSpan>> TagDocument(const std::vector<std::vector<text::Token>>& sentences,
                                                const std::vector<std::vector<uint8_t>>* gazetteer_bits = nullptr) const;
  // The same over views into one token array (no copies).
  std::vector<std::vector<NerSpan>> TagDocument(const std::vector<std::span<const text::Token>>& sentences,
                                                const std::vector<std::vector<uint8_t>>* gazetteer_bits = nullptr) const;
  // Convenience for corpora: sentences of words as in a CoNLL file, one document.
  std::vector<std::vector<NerSpan>> TagWords(const std::vector<std::vector<std::string>>& sentences) const;

  std::string Serialize() const;
  // Writes atomically: a temporary file beside `path`, then rename.
  Status Save(const std::string& path) const;

  size_t nonzero_rows() const;
  // A copy without the rows (per layer) whose every weight is below
  // `threshold` in magnitude, in the stored int16 units (32767 = the layer's
  // largest weight): a smaller decoder table.
  std::shared_ptr<const NerModel> WithRowsPruned(int threshold) const;
  // A copy that decodes with another O bias (see NerTrainOptions::o_bias).
  std::shared_ptr<const NerModel> WithOBias(float bias) const;
  float o_bias() const;
  // A one-word place the tagger found that the news lexicon (clusters.tsv)
  // says is a common word: seen 20+ times yet never after a place head
  // (مدينة، محافظة ...), or 200+ times and after one less than one time in
  // twenty (المدينة "the city", المرفأ "the port": ANERcorp's Medina taught the
  // tagger that the first is a name). False without a lexicon.
  bool CommonPlaceWord(const text::Token& t) const;
  // A copy whose every layer scores a name of type PER, ORG, LOC (its B- label)
  // `bias[type]` more: added to the transitions into B-X, which for Viterbi is
  // the same as adding it to every token's B-X score.
  std::shared_ptr<const NerModel> WithTypeBias(const std::array<float, 3>& bias) const;

  struct Weights;  // defined in ner.cc
  explicit NerModel(std::shared_ptr<const Weights> w, std::shared_ptr<const Gazetteer> g);
  ~NerModel();

 private:
  // A copy that differs only in biases: the decoder's table (rows) is shared.
  NerModel(std::shared_ptr<const Weights> w, std::shared_ptr<const Gazetteer> g,
           std::shared_ptr<const ner_internal::DecodeTable> table);
  std::shared_ptr<const Weights> w_;
  std::shared_ptr<const Gazetteer> gazetteer_;
  std::shared_ptr<const ner_internal::DecodeTable> table_;  // the decoder's copy of the rows
};

// A CoNLL word as the tokenizer would give it (norm, bare, prefix, kind).
text::Token WordToken(std::string_view word);

// A training file's "FILE[:format]@DOMAIN": removes "@DOMAIN" from *spec and
// returns DOMAIN, or "" (spec unchanged) unless a plain word (letters, digits,
// _ or -) follows the last @: "x@y.txt" is a path.
std::string SplitDomainSuffix(std::string* spec);

// A --mask-domain value "DOMAIN=NAMES,WORDS,DEEP" (NerTrainOptions::
// domain_mask): false unless DOMAIN is non-empty and the three rates are
// numbers in [0, 1], nothing else.
bool ParseDomainMask(std::string_view spec, std::string* domain, std::array<double, 3>* rates);

// Scores a model on sentences; MISC ignored.
NerScore Evaluate(const NerModel& model, const std::vector<NerSentence>& sentences);

}  // namespace marsad::entities
