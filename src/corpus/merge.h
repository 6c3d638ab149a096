// Cross-article event merging (ACLED's rule, notes.md): reports of one
// happening — same type, same day (±1 for day precision), same place (same
// location or one inside the other's country), overlapping actors, same
// polarity — become one merged event listing every source. Fatalities take the
// most conservative figure unless a later report says the toll rose. Pure
// functions over plain structs; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "marsad/document.h"

namespace marsad::corpus {

// One article's report of an event, with what merging needs from its article.
struct EventReport {
  int64_t event_row = 0;           // events table row
  std::string article;             // article id
  std::string outlet;              // source, or "" when unknown
  std::string published;           // the article's publication date
  std::string type, mode, date, date_precision, polarity;
  std::vector<std::string> actors, targets;
  std::string location, location_country;  // country: ISO2 of the location ("" unknown)
  bool location_is_country = false;
  std::string attribution;
  std::optional<long> fatalities, injured;
  bool toll_update = false;        // the evidence says the toll rose to the figure
  int evidence_start = 0, evidence_end = 0;
  std::string evidence;            // the evidence text
};

struct MergedEvent {
  int64_t id = 0;
  std::string type, mode, date, date_precision, polarity;
  std::vector<std::string> actors, targets;
  std::string location, location_country;
  bool location_is_country = false;
  std::string attribution;
  std::optional<long> fatalities, injured;
  int n_sources = 0;               // distinct outlets
  std::string first_reported;      // earliest publication date among sources
  int64_t story = 0;
  std::vector<EventReport> sources;
};

// The date an event is merged on: its own, else the article's publication day.
void FillReportDate(EventReport& r);

// True when the evidence says a count was revised upward ("ارتفع إلى 170").
bool SaysTollRose(const std::string& evidence);

// ACLED's identity test between a merged event and a new report.
bool SameHappening(const MergedEvent& m, const EventReport& r);

// A merged event of one report.
MergedEvent StartMerged(const EventReport& r);
// Adds a report and recomputes the aggregate fields from all sources.
void AddSource(MergedEvent& m, EventReport r);
// Recomputes actors, place, counts, n_sources, first_reported from sources.
void Recompute(MergedEvent& m);

}  // namespace marsad::corpus
