// The time stage's lexicons (data/time/*.tsv), normalized at load time with the
// same normalizer as the text. Immutable after Load; safe to share across threads.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/lookup.h"
#include "marsad/status.h"

namespace marsad::time {

enum class Cls : uint8_t {
  kDeictic, kPartOfDay, kPeriod, kRelMod, kRelModBefore, kEdge, kSeason, kUnit, kAgo,
  kDuration, kDecade, kApprox, kApproxAfter, kFuture, kNotFuture, kAntiDeictic, kAnaphoric,
};

struct Phrase {
  Cls cls;
  int words = 1;
  int ivalue = 0;     // deictic offset, relmod direction, decade, unit count (0 = plural)
  std::string value;  // period / unit name, edge kind, season
};

enum class NumKind : uint8_t {
  kUnit, kTen, kTeen, kHundred, kMultiplier, kMultiplierDual, kPluralMultiplier, kFraction, kVague,
};

struct NumWord {
  double value = 0;
  NumKind kind = NumKind::kUnit;
};

struct Noun {
  bool count = false;        // false: a referring noun (الطرفان), never a count
  bool sound_plural = false; // its plural also ends in -ين
  std::string singular;      // normalized
};

struct MonthInfo {
  int month = 0;
  bool hijri = false;
  bool standalone = false;
};

struct Lexicon {
  // Phrases keyed by normalized words joined with one space.
  base::StringMap<std::vector<Phrase>> phrases;
  base::StringMap<bool> multi_first;  // first words of multi-word phrases
  int max_words = 1;
  base::StringMap<NumWord> numbers;   // also two-word teens "احد عشر"
  base::StringMap<Noun> dual_stems;   // stem as it appears before ان/ين → noun
  base::StringMap<MonthInfo> months;  // first word of a month name → info
  base::StringMap<int> ordinals;      // الاول 1 ... العاشر 10, الحادي 1
  // Every normalized word that may start (or, for proclitic-like first letters,
  // be) a time or number expression; the tagger skips all other words at once.
  base::StringSet triggers;
  base::WordFilter trigger_filter;  // in front of `triggers`
  bool IsTrigger(std::string_view w) const { return trigger_filter.MayContain(w) && triggers.count(w); }

  static Result<Lexicon> Load(const std::string& dir);
};

}  // namespace marsad::time
