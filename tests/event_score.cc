#include "event_score.h"

#include <algorithm>
#include <cctype>
#include <functional>

#include "base/tsv.h"
#include "text/calendar.h"
#include "text/text.h"

namespace marsad::testing {

namespace {
std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
bool ParseDay(const std::string& s, text::CivilDate* d) {
  return s.size() == 10 && std::sscanf(s.c_str(), "%4d-%2d-%2d", &d->year, &d->month, &d->day) == 3;
}
}  // namespace

void EventScore::Add(const EventScore& o) {
  system += o.system;
  gold += o.gold;
  matched += o.matched;
  optional_matched += o.optional_matched;
  gold_fatalities += o.gold_fatalities;
  fatalities_exact += o.fatalities_exact;
  polarity_agree += o.polarity_agree;
  mode_agree += o.mode_agree;
  mode_total += o.mode_total;
  missed.insert(missed.end(), o.missed.begin(), o.missed.end());
  spurious.insert(spurious.end(), o.spurious.begin(), o.spurious.end());
  pairs.insert(pairs.end(), o.pairs.begin(), o.pairs.end());
}
double EventScore::Precision() const {
  int denom = system - optional_matched;
  return denom > 0 ? static_cast<double>(matched) / denom : 1.0;
}
double EventScore::Recall() const { return gold > 0 ? static_cast<double>(matched) / gold : 1.0; }

bool DateCompatible(const std::string& gold, const DateValue& sys) {
  if (gold.empty()) return true;  // a null gold date is not scored
  if (sys.empty()) return false;
  if (gold.size() == 10) {
    text::CivilDate g, s;
    if (!ParseDay(gold, &g) || !ParseDay(sys.value, &s)) return false;
    return std::abs(text::DaysFromCivil(g) - text::DaysFromCivil(s)) <= 1;
  }
  if (gold.find("-W") != std::string::npos) {  // ISO week
    text::CivilDate s;
    if (!ParseDay(sys.value, &s)) return false;
    int y = 0, w = 0;
    std::sscanf(gold.c_str(), "%d-W%d", &y, &w);
    // ISO week of s: Thursday of its week decides the year.
    int days = text::DaysFromCivil(s);
    int thursday = days - (text::WeekdayOf(s) - 1) + 3;
    text::CivilDate th = text::CivilFromDays(thursday);
    int jan1 = text::DaysFromCivil({th.year, 1, 1});
    return th.year == y && (thursday - jan1) / 7 + 1 == w;
  }
  std::string prefix = gold;
  if (!prefix.empty() && prefix.back() == 'X') prefix.pop_back();
  return sys.value.rfind(prefix, 0) == 0;
}

EventScorer::EventScorer(const std::string& data_dir) {
  std::map<std::string, std::string> place_name;
  if (auto places = base::LoadTsv(data_dir + "/kb/places.tsv"); places.ok()) {
    int id = places->Column("id"), en = places->Column("name_en");
    for (const auto& r : places->rows) place_name[r.fields[id]] = Lower(r.fields[en]);
  }
  if (auto c = base::LoadTsv(data_dir + "/kb/countries.tsv"); c.ok()) {
    int en = c->Column("name_en"), cap = c->Column("capital_id");
    for (const auto& r : c->rows) {
      countries_.insert(Lower(r.fields[en]));
      auto it = place_name.find(r.fields[cap]);
      if (it != place_name.end()) capital_to_state_[it->second] = Lower(r.fields[en]);
    }
  }
}

// A name with the state it stands for: a capital, "Ministry of X (State)",
// "Presidential Administration of State"; Artsakh = Nagorno-Karabakh.
std::set<std::string> EventScorer::Expand(const std::string& name) const {
  std::string n = Lower(name);
  std::set<std::string> out = {n};
  if (auto it = capital_to_state_.find(n); it != capital_to_state_.end()) out.insert(it->second);
  if (n == "washington, d.c." || n == "washington") out.insert("united states");
  if (n == "brussels") out.insert("european union");
  if (n == "republic of artsakh") out.insert("nagorno-karabakh");
  size_t open = n.rfind('(');
  if (open != std::string::npos && n.back() == ')') {
    std::string inner = n.substr(open + 1, n.size() - open - 2);
    if (countries_.count(inner)) out.insert(inner);
  }
  size_t of = n.rfind(" of ");
  if (of != std::string::npos && countries_.count(n.substr(of + 4))) out.insert(n.substr(of + 4));
  return out;
}

EventScore EventScorer::Score(const Document& doc, const nlohmann::json& gold_events,
                              const nlohmann::json& gold_entities, const std::string& only_type) const {
  // Gold name → every name that matches it (aliases, metonym state, expansions).
  std::map<std::string, std::set<std::string>> gold_names;
  for (const auto& e : gold_entities) {
    std::string en = e.value("name_en", "");
    auto& set = gold_names[Lower(en)];
    for (const auto& x : Expand(en)) set.insert(x);
    for (const auto& a : e.value("aliases_en", nlohmann::json::array()))
      for (const auto& x : Expand(a.get<std::string>())) set.insert(x);
    if (e.contains("metonym_for") && e["metonym_for"].is_string())
      for (const auto& x : Expand(e["metonym_for"].get<std::string>())) set.insert(x);
  }
  auto gold_set = [&](const nlohmann::json& ev) {
    std::set<std::string> s;
    auto add = [&](const std::string& n) {
      auto it = gold_names.find(Lower(n));
      if (it != gold_names.end()) s.insert(it->second.begin(), it->second.end());
      for (const auto& x : Expand(n)) s.insert(x);
    };
    for (const auto& a : ev.value("actors", nlohmann::json::array())) add(a.get<std::string>());
    for (const auto& a : ev.value("targets", nlohmann::json::array())) add(a.get<std::string>());
    if (ev.contains("location") && ev["location"].is_string()) add(ev["location"].get<std::string>());
    return s;
  };
  // README rule: an entity also matches when one of its mention texts equals
  // a gold surface (at word level: a clitic may be attached on either side).
  auto forms = [](const std::string& surface) {
    std::set<std::string> out;
    std::string n = text::NormalizeString(surface);
    out.insert(n);
    for (const auto& [pre, rest] : text::CliticSplits(n)) out.insert(std::string(rest));
    return out;
  };
  std::map<std::string, std::set<std::string>> surface_names;  // normalized form → gold names
  for (const auto& e : gold_entities) {
    std::string en = Lower(e.value("name_en", ""));
    std::vector<std::string> surfaces;
    if (e.contains("surface") && e["surface"].is_string()) surfaces.push_back(e["surface"]);
    for (const auto& x : e.value("surfaces", nlohmann::json::array())) surfaces.push_back(x);
    for (const auto& sfc : surfaces)
      for (const auto& f : forms(sfc)) surface_names[f].insert(en);
  }
  std::map<std::string, const Entity*> by_id;
  for (const auto& e : doc.entities) by_id[e.id] = &e;
  auto sys_set = [&](const Event& ev) {
    std::set<std::string> s;
    auto add = [&](const std::string& id) {
      auto it = by_id.find(id);
      if (it == by_id.end()) return;
      for (const auto& x : Expand(it->second->name_en)) s.insert(x);
      for (const auto& m : it->second->mentions)
        for (const auto& f : forms(m.text))
          if (auto sn = surface_names.find(f); sn != surface_names.end()) s.insert(sn->second.begin(), sn->second.end());
    };
    for (const auto& a : ev.actors) add(a);
    for (const auto& a : ev.targets) add(a);
    add(ev.location);
    return s;
  };
  std::vector<const Event*> sys;
  for (const auto& e : doc.events)
    if (only_type.empty() || e.type == only_type) sys.push_back(&e);
  std::vector<const nlohmann::json*> req, opt;
  for (const auto& g : gold_events) {
    if (!only_type.empty() && g["type"] != only_type) continue;
    (g.value("optional", false) ? opt : req).push_back(&g);
  }
  auto compatible = [&](const Event& s, const nlohmann::json& g) {
    if (s.type != g["type"].get<std::string>()) return false;
    std::string gd = g.contains("date") && g["date"].is_string() ? g["date"].get<std::string>() : "";
    if (!DateCompatible(gd, s.date)) return false;
    auto a = sys_set(s), b = gold_set(g);
    return std::any_of(a.begin(), a.end(), [&](const std::string& x) { return b.count(x) > 0; });
  };
  std::function<bool(const Event&, const nlohmann::json&)> compat_now = compatible;
  // Maximum bipartite matching (augmenting paths) of system to required gold.
  std::vector<int> gold_of(sys.size(), -1), sys_of(req.size(), -1);
  std::function<bool(size_t, std::vector<bool>&)> augment = [&](size_t si, std::vector<bool>& seen) {
    for (size_t gi = 0; gi < req.size(); ++gi) {
      if (seen[gi] || !compat_now(*sys[si], *req[gi])) continue;
      seen[gi] = true;
      if (sys_of[gi] < 0 || augment(sys_of[gi], seen)) {
        sys_of[gi] = static_cast<int>(si);
        gold_of[si] = static_cast<int>(gi);
        return true;
      }
    }
    return false;
  };
  // Pairs that also agree on fatalities first, then any compatible pairs.
  auto loose = compatible;
  compat_now = [&](const Event& s, const nlohmann::json& g) {
    if (!loose(s, g)) return false;
    if (!g.contains("fatalities") || !g["fatalities"].is_number()) return true;
    return s.fatalities && *s.fatalities == g["fatalities"].get<long>();
  };
  for (int phase = 0; phase < 2; ++phase) {
    if (phase == 1) compat_now = loose;
    for (size_t si = 0; si < sys.size(); ++si) {
      if (gold_of[si] >= 0) continue;
      std::vector<bool> seen(req.size(), false);
      augment(si, seen);
    }
  }
  EventScore sc;
  sc.system = static_cast<int>(sys.size());
  sc.gold = static_cast<int>(req.size());
  std::vector<bool> opt_used(opt.size(), false);
  for (size_t si = 0; si < sys.size(); ++si) {
    if (gold_of[si] >= 0) {
      ++sc.matched;
      const auto& g = *req[gold_of[si]];
      sc.pairs.push_back(sys[si]->type + " [" + sys[si]->trigger + "] " + sys[si]->date.value + " fatalities " +
                         (sys[si]->fatalities ? std::to_string(*sys[si]->fatalities) : "-") + " ~ gold " +
                         g.value("evidence", g.value("trigger", std::string())).substr(0, 60) +
                         (g.contains("fatalities") && g["fatalities"].is_number()
                              ? " (fatalities " + std::to_string(g["fatalities"].get<long>()) + ")"
                              : ""));
      if (g.contains("fatalities") && g["fatalities"].is_number()) {
        ++sc.gold_fatalities;
        if (sys[si]->fatalities && *sys[si]->fatalities == g["fatalities"].get<long>()) ++sc.fatalities_exact;
      }
      if (sys[si]->polarity == g.value("polarity", "asserted")) ++sc.polarity_agree;
      if (g.contains("mode") && g["mode"].is_string()) {
        ++sc.mode_total;
        if (sys[si]->mode == g["mode"].get<std::string>()) ++sc.mode_agree;
      }
      continue;
    }
    bool o = false;
    for (size_t oi = 0; oi < opt.size() && !o; ++oi)
      if (!opt_used[oi] && compatible(*sys[si], *opt[oi])) opt_used[oi] = o = true;
    if (o) {
      ++sc.optional_matched;
      continue;
    }
    sc.spurious.push_back(sys[si]->type + " [" + sys[si]->trigger + "] " + sys[si]->date.value);
  }
  for (size_t gi = 0; gi < req.size(); ++gi)
    if (sys_of[gi] < 0)
      sc.missed.push_back((*req[gi])["type"].get<std::string>() + " " + (*req[gi]).value("trigger", std::string()) +
                          (*req[gi]).value("evidence", std::string()).substr(0, 90));
  return sc;
}

}  // namespace marsad::testing
