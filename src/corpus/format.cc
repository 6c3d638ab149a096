// JSON, CSV and GeoJSON forms of corpus records.
#include "corpus/format.h"

#include <nlohmann/json.hpp>

namespace marsad::corpus {
namespace {

using nlohmann::json;

json Ref(const std::string& id, const EntityNames& names) {
  auto it = names.find(id);
  json j = {{"id", id}, {"name", nullptr}, {"name_en", nullptr}};
  if (it != names.end()) {
    if (!it->second.name.empty()) j["name"] = it->second.name;
    if (!it->second.name_en.empty()) j["name_en"] = it->second.name_en;
  }
  return j;
}

json Refs(const std::vector<std::string>& ids, const EntityNames& names) {
  json a = json::array();
  for (const auto& id : ids) a.push_back(Ref(id, names));
  return a;
}

json OptRef(const std::string& id, const EntityNames& names) {
  return id.empty() ? json(nullptr) : Ref(id, names);
}

template <typename T>
json Opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json NullIfEmpty(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string Name(const std::string& id, const EntityNames& names) {
  auto it = names.find(id);
  if (it == names.end() || it->second.name.empty()) return id;
  return it->second.name;
}

std::string Joined(const std::vector<std::string>& ids, const EntityNames& names) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : "; ") + Name(id, names);
  return out;
}

// ACLED's time precision: 1 day, 2 week, 3 month (year and coarser → 3).
int TimePrecision(const std::string& p) { return p == "day" ? 1 : p == "week" ? 2 : 3; }

}  // namespace

std::vector<std::string> EntityIds(const MergedEvent& m) {
  std::vector<std::string> ids = m.actors;
  ids.insert(ids.end(), m.targets.begin(), m.targets.end());
  for (const std::string* s : {&m.location, &m.attribution})
    if (!s->empty()) ids.push_back(*s);
  return ids;
}

std::string DuplicateJson(const DuplicateRow& d) {
  return Dump({{"article", d.article},
               {"duplicate_of", d.duplicate_of},
               {"similarity", std::round(d.similarity * 1000) / 1000}});
}

std::string StoryJson(const StoryRow& s) {
  return Dump({{"story", s.id},
               {"label", s.label},
               {"first", NullIfEmpty(s.first)},
               {"last", NullIfEmpty(s.last)},
               {"articles", s.articles}});
}

std::string MergedEventJson(const MergedEvent& m, const EntityNames& names) {
  json sources = json::array();
  for (const auto& s : m.sources)
    sources.push_back({{"article", s.article},
                       {"evidence", {{"start", s.evidence_start}, {"end", s.evidence_end}}},
                       {"text", s.evidence},
                       {"source", NullIfEmpty(s.outlet)},
                       {"published", NullIfEmpty(s.published)},
                       {"fatalities", Opt(s.fatalities)}});
  json date = m.date.empty() ? json(nullptr)
                             : json{{"value", m.date}, {"precision", m.date_precision}};
  return Dump({{"id", m.id},
               {"type", m.type},
               {"mode", NullIfEmpty(m.mode)},
               {"date", date},
               {"actors", Refs(m.actors, names)},
               {"targets", Refs(m.targets, names)},
               {"location", OptRef(m.location, names)},
               {"fatalities", Opt(m.fatalities)},
               {"injured", Opt(m.injured)},
               {"polarity", m.polarity},
               {"attribution", OptRef(m.attribution, names)},
               {"n_sources", m.n_sources},
               {"first_reported", NullIfEmpty(m.first_reported)},
               {"story", m.story ? json(m.story) : json(nullptr)},
               {"sources", sources}});
}

std::string EntityJson(const EntityRow& e) {
  json variants = json::array();
  for (const auto& [text, n] : e.variants) variants.push_back({{"text", text}, {"count", n}});
  json j = {{"id", e.id},           {"type", e.type},
            {"name", e.name},       {"name_en", NullIfEmpty(e.name_en)},
            {"wikidata", NullIfEmpty(e.wikidata)},
            {"mentions", e.mentions}, {"articles", e.articles},
            {"variants", variants}};
  if (e.geo) j["geo"] = {{"lat", e.geo->lat}, {"lon", e.geo->lon}, {"country", e.geo->country}};
  return Dump(j);
}

std::string SearchHitJson(const SearchHit& h) {
  return Dump({{"article", h.article},
               {"title", h.title},
               {"published", NullIfEmpty(h.published)},
               {"source", NullIfEmpty(h.source)},
               {"url", NullIfEmpty(h.url)},
               {"snippet", h.snippet},
               {"rank", h.rank}});
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

bool ParseExportFormat(const std::string& name, ExportFormat* out) {
  if (name == "csv") *out = ExportFormat::kCsv;
  else if (name == "jsonl") *out = ExportFormat::kJsonl;
  else if (name == "geojson") *out = ExportFormat::kGeoJson;
  else return false;
  return true;
}

Status Export(Store& store, const EventFilter& filter, ExportFormat format, std::ostream& out) {
  auto events = store.Events(filter);
  if (!events.ok()) return events.status();
  std::vector<std::string> ids;
  for (const auto& m : *events) {
    auto more = EntityIds(m);
    ids.insert(ids.end(), more.begin(), more.end());
  }
  auto names = store.EntityNames(ids);
  if (!names.ok()) return names.status();
  if (format == ExportFormat::kCsv)
    out << "event_id,event_date,time_precision,event_type,sub_event_type,actor1,actor2,location,"
           "latitude,longitude,geo_precision,fatalities,sources,notes\r\n";
  if (format == ExportFormat::kGeoJson) out << "{\"type\":\"FeatureCollection\",\"features\":[";
  bool first = true;
  for (const auto& m : *events) {
    if (format == ExportFormat::kJsonl) {
      out << MergedEventJson(m, *names) << '\n';
      continue;
    }
    std::string sources, notes;
    for (const auto& s : m.sources) {
      std::string src = s.outlet.empty() ? s.article : s.outlet + " (" + s.article + ")";
      if (sources.find(src) == std::string::npos) sources += (sources.empty() ? "" : "; ") + src;
      notes += (notes.empty() ? "" : " | ") + s.evidence;
    }
    auto geo = store.EntityGeo(m.location);
    if (format == ExportFormat::kCsv) {
      std::string lat = geo ? std::to_string(geo->lat) : "", lon = geo ? std::to_string(geo->lon) : "";
      // ACLED geo precision: 1 the named place, 3 a wider region (a country).
      std::string geo_precision = m.location.empty() ? "" : m.location_is_country ? "3" : "1";
      out << m.id << ',' << CsvField(m.date) << ','
          << (m.date.empty() ? "" : std::to_string(TimePrecision(m.date_precision))) << ','
          << CsvField(m.type) << ',' << CsvField(m.mode) << ','
          << CsvField(Joined(m.actors, *names)) << ',' << CsvField(Joined(m.targets, *names))
          << ',' << CsvField(m.location.empty() ? "" : Name(m.location, *names)) << ',' << lat
          << ',' << lon << ',' << geo_precision << ','
          << (m.fatalities ? std::to_string(*m.fatalities) : "") << ',' << CsvField(sources)
          << ',' << CsvField(notes) << "\r\n";
    } else if (geo) {
      json feature = {{"type", "Feature"},
                      {"geometry", {{"type", "Point"}, {"coordinates", {geo->lon, geo->lat}}}},
                      {"properties", json::parse(MergedEventJson(m, *names))}};
      out << (first ? "" : ",") << Dump(feature);
      first = false;
    }
  }
  if (format == ExportFormat::kGeoJson) out << "]}\n";
  return out.good() ? Status::Ok() : Status::Error("write failed");
}

}  // namespace marsad::corpus
