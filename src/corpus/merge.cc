// ACLED-style merging of event reports across articles.
#include "corpus/merge.h"

#include <algorithm>
#include <cassert>
#include <functional>
#include <map>
#include <set>

#include "corpus/stories.h"
#include "text/text.h"

namespace marsad::corpus {
namespace {

bool Overlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const auto& x : a)
    if (std::find(b.begin(), b.end(), x) != b.end()) return true;
  return false;
}

std::vector<std::string> Participants(const std::vector<std::string>& actors,
                                      const std::vector<std::string>& targets) {
  std::vector<std::string> out = actors;
  out.insert(out.end(), targets.begin(), targets.end());
  return out;
}

void AddUnique(std::vector<std::string>& into, const std::vector<std::string>& from) {
  for (const auto& x : from)
    if (std::find(into.begin(), into.end(), x) == into.end()) into.push_back(x);
}

bool DatesMatch(const std::string& da, const std::string& pa, const std::string& db,
                const std::string& pb) {
  if (da.empty() || db.empty()) return da == db;
  if (pa == "day" && pb == "day") {
    auto a = DayNumber(da), b = DayNumber(db);
    return a && b && std::abs(*a - *b) <= 1;
  }
  return da == db;
}

enum class Place { kUnknown, kSame, kDifferent };

Place ComparePlaces(const std::string& la, const std::string& ca, bool a_country,
                    const std::string& lb, const std::string& cb, bool b_country) {
  if (la.empty() || lb.empty()) return Place::kUnknown;
  if (la == lb) return Place::kSame;
  // One inside the other's country: a city of AZ and Azerbaijan itself.
  if (a_country && !ca.empty() && ca == cb) return Place::kSame;
  if (b_country && !cb.empty() && ca == cb) return Place::kSame;
  return Place::kDifferent;
}

}  // namespace

void FillReportDate(EventReport& r) {
  if (r.date.empty() && !r.published.empty()) {
    r.date = r.published.substr(0, 10);
    r.date_precision = r.date.size() == 10 ? "day" : "month";
  }
}

bool SaysTollRose(const std::string& evidence) {
  // Normalized once: this runs for every stored event. Every cue contains
  // the root رتف, whose occurrences are rare: the text is scanned once for
  // it and the cues compared only where it occurs (a plain find per cue
  // stopped at nearly every Arabic letter, as all begin with the same byte).
  struct Cues {
    std::string root;
    std::vector<std::pair<std::string, size_t>> cues;  // cue, offset of the root in it
  };
  static const Cues kCues = [] {
    Cues c;
    c.root = text::NormalizeString("رتف");
    for (const char* cue : {"ارتفع", "ارتفعت", "ليرتفع", "لترتفع", "ارتفاع حصيله", "ارتفاع عدد"}) {
      std::string n = text::NormalizeString(cue);
      const size_t at = n.find(c.root);
      assert(at != std::string::npos);  // every cue holds the root (see above)
      c.cues.emplace_back(std::move(n), at);
    }
    return c;
  }();
  // Boyer-Moore-Horspool skips ahead on the root's last bytes: a plain find
  // would stop at every letter sharing the root's first byte.
  static const std::boyer_moore_horspool_searcher root(kCues.root.begin(), kCues.root.end());
  const std::string norm = text::NormalizeString(evidence);
  const std::string_view text(norm);
  for (auto it = text.begin();;) {
    auto hit = std::search(it, text.end(), root);
    if (hit == text.end()) return false;
    const size_t pos = static_cast<size_t>(hit - text.begin());
    for (const auto& [cue, at] : kCues.cues)
      if (pos >= at && text.substr(pos - at, cue.size()) == cue) return true;
    it = hit + 1;
  }
}

bool SameHappening(const MergedEvent& m, const EventReport& r) {
  if (m.type != r.type || m.polarity != r.polarity) return false;
  if (!DatesMatch(m.date, m.date_precision, r.date, r.date_precision)) return false;
  Place place = ComparePlaces(m.location, m.location_country, m.location_is_country, r.location,
                              r.location_country, r.location_is_country);
  if (place == Place::kDifferent) return false;
  auto pm = Participants(m.actors, m.targets), pr = Participants(r.actors, r.targets);
  bool both_named = !pm.empty() && !pr.empty();
  if (both_named && !Overlap(pm, pr)) return false;
  // Something positive must tie them: a type and a day alone join unrelated
  // incidents (GDELT's failure mode).
  return place == Place::kSame || (both_named && Overlap(pm, pr));
}

MergedEvent StartMerged(const EventReport& r) {
  MergedEvent m;
  m.type = r.type;
  m.polarity = r.polarity;
  m.date = r.date;
  m.date_precision = r.date_precision;
  AddSource(m, r);
  return m;
}

void AddSource(MergedEvent& m, EventReport r) {
  m.sources.push_back(std::move(r));
  Recompute(m);
}

void Recompute(MergedEvent& m) {
  m.actors.clear();
  m.targets.clear();
  m.location.clear();
  m.location_country.clear();
  m.location_is_country = false;
  m.attribution.clear();
  std::map<std::string, int> modes;
  std::set<std::string> outlets;
  m.first_reported.clear();
  m.fatalities.reset();
  m.injured.reset();
  const EventReport* latest_update = nullptr;
  for (const auto& s : m.sources) {
    AddUnique(m.actors, s.actors);
    AddUnique(m.targets, s.targets);
    if (!s.mode.empty()) ++modes[s.mode];
    outlets.insert(s.outlet.empty() ? "article:" + s.article : s.outlet);
    if (!s.published.empty() && (m.first_reported.empty() || s.published < m.first_reported))
      m.first_reported = s.published;
    // The most precise place: a place inside a country beats the country.
    if (!s.location.empty() &&
        (m.location.empty() || (m.location_is_country && !s.location_is_country))) {
      m.location = s.location;
      m.location_country = s.location_country;
      m.location_is_country = s.location_is_country;
    }
    if (m.attribution.empty()) m.attribution = s.attribution;
    if (s.date_precision == "day" && m.date_precision != "day") {
      m.date = s.date;
      m.date_precision = s.date_precision;
    }
    if (s.fatalities && (!m.fatalities || *s.fatalities < *m.fatalities))
      m.fatalities = s.fatalities;
    if (s.injured && (!m.injured || *s.injured < *m.injured)) m.injured = s.injured;
    if (s.toll_update && s.fatalities &&
        (!latest_update || s.published > latest_update->published ||
         (s.published == latest_update->published && *s.fatalities > *latest_update->fatalities)))
      latest_update = &s;
  }
  // "The toll rose to N": the latest such report replaces the conservative
  // figure (ACLED revises as better reports arrive).
  if (latest_update) m.fatalities = latest_update->fatalities;
  m.mode.clear();
  int best = 0;
  for (const auto& [mode, n] : modes)
    if (n > best) m.mode = mode, best = n;
  m.n_sources = static_cast<int>(outlets.size());
}

}  // namespace marsad::corpus
