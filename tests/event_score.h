// Scoring system events against hand annotations with the matching rules of
// ../shared/gold/seeds/README.md: same type, compatible date, one shared
// entity among actors+targets+location (a capital or a government body
// counts as its state), one-to-one; optional gold items count neither way.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "marsad/document.h"

namespace marsad::testing {

struct EventScore {
  int system = 0, gold = 0, matched = 0, optional_matched = 0;
  int gold_fatalities = 0, fatalities_exact = 0;   // on matched pairs with gold fatalities
  int polarity_agree = 0, mode_agree = 0, mode_total = 0;
  std::vector<std::string> missed, spurious, pairs;  // descriptions for the log
  void Add(const EventScore& o);
  double Precision() const;
  double Recall() const;
};

class EventScorer {
 public:
  // Loads capital → state names from data/kb (countries.tsv, places.tsv).
  explicit EventScorer(const std::string& data_dir);
  // gold_events: the "events" array; gold_entities: the "entities" array
  // (name_en, aliases_en, metonym_for) of one annotated text.
  EventScore Score(const Document& doc, const nlohmann::json& gold_events,
                   const nlohmann::json& gold_entities, const std::string& only_type = "") const;

 private:
  std::set<std::string> Expand(const std::string& name) const;
  std::map<std::string, std::string> capital_to_state_;  // lower-case name_en
  std::set<std::string> countries_;                      // lower-case name_en
};

// Whether a system date is compatible with a gold date (README rule).
bool DateCompatible(const std::string& gold, const DateValue& sys);

}  // namespace marsad::testing
