// The output object of spec/contract.md, in its field order.
#include <nlohmann/json.hpp>

#include "marsad/pipeline.h"

namespace marsad {
namespace {

using Json = nlohmann::ordered_json;

Json OptString(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }
Json OptString(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json DateJson(const DateValue& d) {
  if (d.empty()) return nullptr;
  return Json{{"value", d.value}, {"precision", d.precision}};
}

Json MentionsJson(const std::vector<Mention>& ms) {
  Json a = Json::array();
  for (const auto& m : ms) a.push_back({{"start", m.start}, {"end", m.end}, {"text", m.text}});
  return a;
}

Json EntityJson(const Entity& e) {
  Json j{{"id", e.id}, {"type", e.type}, {"name", e.name}, {"name_en", e.name_en},
         {"wikidata", OptString(e.wikidata)}};
  if (e.geo) j["geo"] = {{"lat", e.geo->lat}, {"lon", e.geo->lon}, {"country", e.geo->country}};
  j["mentions"] = MentionsJson(e.mentions);
  if (!e.title_mentions.empty()) j["title_mentions"] = MentionsJson(e.title_mentions);
  if (!e.roles.empty()) j["roles"] = e.roles;
  return j;
}

Json EventJson(const Event& e) {
  auto opt_long = [](const std::optional<long>& v) { return v ? Json(*v) : Json(nullptr); };
  Json j{{"type", e.type},
         {"mode", OptString(e.mode)},
         {"date", DateJson(e.date)},
         {"actors", e.actors},
         {"targets", e.targets},
         {"location", OptString(e.location)},
         {"fatalities", opt_long(e.fatalities)},
         {"injured", opt_long(e.injured)},
         {"polarity", e.polarity},
         {"attribution", OptString(e.attribution)},
         {"evidence", {{"start", e.evidence_start}, {"end", e.evidence_end}}},
         {"trigger", e.trigger}};
  if (e.in_title) j["in_title"] = true;
  return j;
}

Json DocJson(const Document& d) {
  Json j;
  j["id"] = d.id;
  j["input"] = d.input;
  if (!d.error.empty()) {
    j["error"] = d.error;
    if (!d.warnings.empty()) j["warnings"] = d.warnings;
    return j;
  }
  j["title"] = d.title;
  if (d.published.value.empty())
    j["published"] = {{"value", nullptr}, {"precision", nullptr}, {"origin", "none"}};
  else
    j["published"] = {{"value", d.published.value}, {"precision", d.published.precision},
                      {"origin", d.published.origin}};
  j["source"] = OptString(d.source);
  j["url"] = OptString(d.url);
  j["tags"] = d.tags;
  j["body"] = d.body;
  Json removed = Json::array();
  for (const auto& r : d.removed) removed.push_back({{"kind", r.kind}, {"text", r.text}});
  j["removed"] = removed;
  Json appended = Json::array();
  for (const auto& a : d.appended) appended.push_back(DocJson(a));
  j["appended"] = appended;
  Json ents = Json::array();
  for (const auto& e : d.entities) ents.push_back(EntityJson(e));
  j["entities"] = ents;
  Json times = Json::array();
  for (const auto& t : d.times)
    times.push_back({{"start", t.start}, {"end", t.end}, {"text", t.text}, {"value", t.value},
                     {"precision", t.precision}});
  j["times"] = times;
  Json nums = Json::array();
  for (const auto& n : d.numbers) {
    Json v = (n.value == static_cast<double>(static_cast<long long>(n.value)))
                 ? Json(static_cast<long long>(n.value)) : Json(n.value);
    nums.push_back({{"start", n.start}, {"end", n.end}, {"text", n.text}, {"value", v},
                    {"approximate", n.approximate}, {"counts", OptString(n.counts)}});
  }
  j["numbers"] = nums;
  Json evs = Json::array();
  for (const auto& e : d.events) evs.push_back(EventJson(e));
  j["events"] = evs;
  if (!d.warnings.empty()) j["warnings"] = d.warnings;
  return j;
}

}  // namespace

std::string ToJson(const Document& doc) {
  // Replace, never throw, on any invalid UTF-8 that slipped through.
  return DocJson(doc).dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace marsad
