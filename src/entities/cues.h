// Cue words that introduce names the knowledge base lacks ("الرئيس X",
// "مدينة X", "وكالة X", "مجموعة X") and the function words that end a name.
// The lexicon is built once; immutable and thread-safe afterwards.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace marsad::entities {

enum class CueKind : uint8_t {
  kNone,
  kPersonTitle,  // الرئيس، وزير، المتحدث، مساعدة ...: a person's name follows
  kPlace,        // مدينة، بلدة، إقليم ...: a place name follows (head not part of it)
  kPlaceNamed,   // ممر، مطار، نهر ...: the head is part of the place's name
  kOutlet,       // وكالة، صحيفة، قناة ...: an outlet's name follows (head not part of it)
  kGroup,        // مجموعة، منظمة، حركة ...: the head is part of the organisation's name
};

struct Cue {
  CueKind kind = CueKind::kNone;
  const char* type = "";  // entity type of what follows: PERSON, GPE, LOC, FAC, ORG
};

class CueLexicon {
 public:
  CueLexicon();
  // The cue a normalized word (without clitics) stands for.
  Cue Find(std::string_view norm) const;
  // Function words, time words and common verbs and nouns: never part of a name.
  bool IsStop(std::string_view norm) const { return stop_.count(std::string(norm)) > 0; }

 private:
  std::unordered_map<std::string, Cue> cues_;
  std::unordered_set<std::string> stop_;
};

}  // namespace marsad::entities
