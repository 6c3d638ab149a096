// The event lexicons of data/events: triggers (forms → PLOVER type and mode),
// mode cues and sentence-context cues (negation, future, hypothetical,
// question, generic, report, attribution, agent, pair, location, casualty).
// Forms are normalized with the text layer and matched on token sequences.
// Immutable after Load; thread-safe.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/lookup.h"
#include "marsad/status.h"
#include "text/text.h"

namespace marsad::events {

struct TriggerInfo {
  std::string lemma, type, mode, pos;
  bool casualty = false;   // a count next to it is a casualty figure
  bool injury = false;     // ... of injured rather than killed
  bool light_verb = false; // شن: an event only with an event noun as object
  bool place_head = false; // مقاطعة: also "province"; not an event before a place name
};

struct CueInfo {
  std::string kind;   // negation, future, ...
  std::string scope;  // next-verb, next-word, next-np, clause, sentence, verb-prefix, pair, fatalities, ...
};

struct ModeInfo {
  std::string type, mode;
};

// A multi-word phrase table keyed by its first normalized word.
template <typename V>
class PhraseTable {
 public:
  void Add(const std::vector<std::string>& words, V value);
  // Longest phrase starting at token i (matching each token's norm, bare or a
  // clitic split for the first word); returns its length in tokens (0 = none).
  // `future` (optional) is set when the first word matched only without a
  // future prefix سـ on an imperfect verb (ستقرر → تقرر).
  int Match(const std::vector<text::Token>& toks, size_t i, const V** out, bool* future = nullptr) const;
  // Whether some phrase starts with this normalized word.
  bool HasFirst(std::string_view word) const { return first_filter_.MayContain(word) && by_first_.count(word) > 0; }

 private:
  struct Entry {
    std::vector<std::string> rest;
    V value;
  };
  base::StringMap<std::vector<Entry>> by_first_;
  base::WordFilter first_filter_;  // in front of by_first_: most words start no phrase
};

class Lexicon {
 public:
  static Result<std::shared_ptr<const Lexicon>> Load(const std::string& data_dir);

  PhraseTable<int> triggers;        // → index into trigger_info
  std::vector<TriggerInfo> trigger_info;
  PhraseTable<CueInfo> cues;
  PhraseTable<ModeInfo> modes;
  std::unordered_map<std::string, std::string> capital_state;  // place id of a capital → its country id
};

}  // namespace marsad::events
