// Routing, validation and JSON of the HTTP API. Every parameter is checked
// before it reaches the store (which binds it as an SQL parameter); unknown
// parameters are refused so that a typo is a 400, not a silently ignored filter.
#include "server/api.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "corpus/format.h"

namespace marsad::server {
namespace {

using nlohmann::json;
using corpus::Store;

constexpr const char* kEventTypes[] = {"ASSAULT", "COERCE",  "MOBILIZE", "THREATEN",
                                       "PROTEST", "SANCTION", "ACCUSE",  "REJECT",
                                       "REQUEST", "CONSULT", "AGREE",   "COOPERATE",
                                       "SUPPORT", "AID",     "CONCEDE", "RETREAT"};
constexpr const char* kEntityTypes[] = {"PERSON", "ORG", "GPE", "LOC", "FAC"};
constexpr size_t kMaxText = 512;  // bytes of any one text parameter

// Snippet match marks: private-use characters, which news text does not use;
// any that do occur in an article are dropped before the offsets are computed.
const std::string kMarkOpen = "\xEE\x80\x80";   // U+E000
const std::string kMarkClose = "\xEE\x80\x81";  // U+E001

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

Response Json(const json& j, int status = 200) {
  Response r;
  r.status = status;
  r.body = Dump(j);
  return r;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool ValidUtf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2
                : (c & 0xF8) == 0xF0 ? 3 : -1;
    if (n < 0 || (n == 1 && c < 0xC2) || c > 0xF4 || i + n >= s.size() + (n ? 0 : 1)) return false;
    for (int k = 1; k <= n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n + 1;
  }
  return true;
}

bool ValidDay(const std::string& s) {
  int y, m, d;
  char tail;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return s.size() == 10 && s[4] == '-' && s[7] == '-' &&
         std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && m >= 1 && m <= 12 &&
         d >= 1 && d <= kDays[m - 1];
}

// A 400 carried out of the parameter parsers.
struct BadRequest {
  std::string reason;
};

// The query parameters of one request, checked as they are read.
class Params {
 public:
  Params(const std::multimap<std::string, std::string>& p, std::set<std::string> allowed)
      : p_(p) {
    for (const auto& [k, v] : p_) {
      if (!allowed.count(k)) throw BadRequest{"unknown parameter '" + Clip(k) + "'"};
      if (p_.count(k) > 1) throw BadRequest{"parameter '" + k + "' given more than once"};
      if (v.size() > kMaxText) throw BadRequest{"parameter '" + k + "' is too long"};
      if (!ValidUtf8(v)) throw BadRequest{"parameter '" + k + "' is not valid UTF-8"};
    }
  }

  std::string Str(const std::string& k) const {
    auto it = p_.find(k);
    return it == p_.end() ? "" : it->second;
  }
  bool Has(const std::string& k) const { return p_.count(k) > 0; }

  int Int(const std::string& k, int def, int lo, int hi) const {
    if (!Has(k)) return def;
    const std::string v = Str(k);
    long n = 0;
    char tail;
    if (v.empty() || v.size() > 10 || std::sscanf(v.c_str(), "%ld%c", &n, &tail) != 1 ||
        v.find_first_not_of("-0123456789") != std::string::npos || n < lo || n > hi)
      throw BadRequest{k + " wants an integer from " + std::to_string(lo) + " to " +
                       std::to_string(hi)};
    return static_cast<int>(n);
  }

  std::string Day(const std::string& k) const {
    std::string v = Str(k);
    if (!v.empty() && !ValidDay(v)) throw BadRequest{k + " wants a date YYYY-MM-DD"};
    return v;
  }

  std::string EventType(const std::string& k) const {
    std::string v = Upper(Str(k));
    if (v.empty()) return v;
    for (const char* t : kEventTypes)
      if (v == t) return v;
    throw BadRequest{"unknown event type '" + Clip(Str(k)) + "'"};
  }

 private:
  static std::string Clip(const std::string& s) { return s.substr(0, 40); }
  const std::multimap<std::string, std::string>& p_;
};

const std::set<std::string> kEventParams = {"type",  "from",        "to",    "actor",
                                            "place", "outlet",      "near",  "min_sources",
                                            "story", "limit",       "offset"};

corpus::EventFilter EventFilterOf(const Params& p, int max_limit, int default_limit) {
  corpus::EventFilter f;
  f.type = p.EventType("type");
  f.from = p.Day("from");
  f.to = p.Day("to");
  if (!f.from.empty() && !f.to.empty() && f.from > f.to)
    throw BadRequest{"from is after to"};
  f.actor = p.Str("actor");
  f.place = p.Str("place");
  f.source = p.Str("outlet");
  if (p.Has("near")) {
    corpus::EventFilter::Near n;
    char tail;
    if (std::sscanf(p.Str("near").c_str(), "%lf,%lf,%lf%c", &n.lat, &n.lon, &n.km, &tail) != 3 ||
        !(n.lat >= -90 && n.lat <= 90 && n.lon >= -180 && n.lon <= 180 && n.km > 0 &&
          n.km <= 20040))
      throw BadRequest{"near wants LAT,LON,KM (e.g. 39.8,46.75,50)"};
    f.near = n;
  }
  f.min_sources = p.Int("min_sources", 0, 0, 1000);
  f.story = p.Int("story", 0, 0, 2000000000);
  f.limit = p.Int("limit", default_limit, 1, max_limit);
  f.offset = p.Int("offset", 0, 0, 2000000000);
  return f;
}

template <typename T>
T Must(Result<T> r) {
  if (!r.ok()) throw r.status();
  return std::move(r).value();
}

json Geo(const std::optional<Geo>& g) {
  if (!g) return nullptr;
  return {{"lat", g->lat}, {"lon", g->lon}, {"country", g->country}};
}

// Names and coordinates of the entities a page of events refers to, looked up
// once per distinct id rather than once per event (events of one page share
// most of their places and actors).
class EntityLookup {
 public:
  explicit EntityLookup(Store& store) : store_(store) {}
  void Add(const std::vector<corpus::MergedEvent>& events) {
    std::vector<std::string> ids;
    for (const auto& m : events)
      for (auto& id : corpus::EntityIds(m))
        if (!names_.count(id)) ids.push_back(std::move(id));
    if (!ids.empty())
      for (auto& [id, ref] : Must(store_.EntityNames(ids))) names_.emplace(id, std::move(ref));
  }
  const corpus::EntityNames& names() const { return names_; }
  const std::string& GeoText(const std::string& id) {
    auto [it, fresh] = geo_.try_emplace(id);
    if (fresh) it->second = Dump(id.empty() ? json(nullptr) : Geo(store_.EntityGeo(id)));
    return it->second;
  }

 private:
  Store& store_;
  corpus::EntityNames names_;
  std::unordered_map<std::string, std::string> geo_;
};

// A merged event in the CLI's shape plus the coordinates of its location, as
// text: spliced rather than parsed and dumped again, which cost as much as the
// queries on the events route.
std::string EventText(EntityLookup& lookup, const corpus::MergedEvent& m) {
  std::string s = corpus::MergedEventJson(m, lookup.names());
  s.pop_back();  // the object's closing brace
  s += ",\"geo\":";
  s += lookup.GeoText(m.location);
  s += '}';
  return s;
}

json EventsJson(Store& store, const std::vector<corpus::MergedEvent>& events) {
  EntityLookup lookup(store);
  lookup.Add(events);
  json out = json::array();
  for (const auto& m : events) out.push_back(json::parse(EventText(lookup, m)));
  return out;
}

json Brief(const corpus::ArticleBrief& a) {
  return {{"id", a.id},
          {"title", a.title},
          {"published", a.published.empty() ? json(nullptr) : json(a.published)},
          {"source", a.source.empty() ? json(nullptr) : json(a.source)}};
}

// A snippet with match marks → plain text and [start, end) code point ranges.
json Highlighted(const std::string& marked) {
  std::string text;
  json ranges = json::array();
  int cp = 0, open = -1;
  for (size_t i = 0; i < marked.size();) {
    if (marked.compare(i, 3, kMarkOpen) == 0) {
      open = cp;
      i += 3;
      continue;
    }
    if (marked.compare(i, 3, kMarkClose) == 0) {
      if (open >= 0 && cp > open) ranges.push_back({open, cp});
      open = -1;
      i += 3;
      continue;
    }
    text += marked[i];
    if ((static_cast<unsigned char>(marked[i]) & 0xC0) != 0x80) ++cp;
    ++i;
  }
  return {{"snippet", text}, {"highlights", ranges}};
}

std::string StripMarks(std::string s) {
  for (const std::string* m : {&kMarkOpen, &kMarkClose})
    for (size_t at; (at = s.find(*m)) != std::string::npos;) s.erase(at, m->size());
  return s;
}

// ---- Routes ----

Response Config(Store& store, const ApiOptions& o, const Params&) {
  json outlets = json::array();
  for (const auto& [name, n] : Must(store.Outlets())) outlets.push_back({{"name", name}, {"articles", n}});
  auto st = Must(store.Stats());
  return Json({{"tiles", o.tiles.empty() ? json(nullptr) : json(o.tiles)},
               {"tiles_attribution", o.tiles_attribution},
               {"types", kEventTypes},
               {"outlets", outlets},
               {"stats",
                {{"articles", st.articles}, {"duplicates", st.duplicates}, {"stories", st.stories},
                 {"events", st.merged_events}, {"entities", st.entities}}}});
}

Response Events(Store& store, const ApiOptions& o, const Params& p) {
  corpus::EventFilter f = EventFilterOf(p, o.max_limit, 100);
  const auto events = Must(store.Events(f));
  const int64_t total = Must(store.CountEvents(f));
  const int64_t next = f.offset + static_cast<int64_t>(events.size());
  json head = {{"total", total},
               {"offset", f.offset},
               {"limit", f.limit},
               {"next_offset", next < total ? json(next) : json(nullptr)}};
  Response r;
  r.body = Dump(head);
  r.body.pop_back();
  r.body += ",\"events\":[";
  EntityLookup lookup(store);
  lookup.Add(events);
  for (size_t i = 0; i < events.size(); ++i) {
    if (i) r.body += ',';
    r.body += EventText(lookup, events[i]);
  }
  r.body += "]}";
  return r;
}

Response EventById(Store& store, int64_t id) {
  auto m = Must(store.EventById(id));
  if (!m) return Error(404, "no event " + std::to_string(id));
  json j = EventsJson(store, {*m})[0];
  // Each source with its article's title and link, for the evidence view.
  for (auto& s : j["sources"]) {
    auto doc = Must(store.ArticleById(s["article"].get<std::string>()));
    s["title"] = doc ? json(doc->title) : json(nullptr);
    s["url"] = doc && doc->url ? json(*doc->url) : json(nullptr);
  }
  return Json(j);
}

Response ArticleById(Store& store, const std::string& id) {
  auto doc = Must(store.ArticleById(id));
  if (!doc) return Error(404, "no article '" + id.substr(0, 80) + "'");
  const Document& d = *doc;
  json names = json::object(), entities = json::array(), annotations = json::array();
  for (const Entity& e : d.entities) {
    names[e.id] = {{"name", e.name}, {"name_en", e.name_en}};
    json mentions = json::array(), title = json::array();
    for (const Mention& m : e.mentions) {
      mentions.push_back({{"start", m.start}, {"end", m.end}, {"text", m.text}});
      annotations.push_back(
          {{"kind", "entity"}, {"start", m.start}, {"end", m.end}, {"id", e.id}, {"type", e.type}});
    }
    for (const Mention& m : e.title_mentions)
      title.push_back({{"start", m.start}, {"end", m.end}, {"text", m.text}});
    entities.push_back({{"id", e.id},
                        {"type", e.type},
                        {"name", e.name},
                        {"name_en", e.name_en},
                        {"geo", Geo(e.geo)},
                        {"mentions", mentions},
                        {"title_mentions", title}});
  }
  json times = json::array();
  for (const TimeExpr& t : d.times) {
    times.push_back({{"start", t.start}, {"end", t.end}, {"text", t.text}, {"value", t.value},
                     {"precision", t.precision}});
    annotations.push_back(
        {{"kind", "time"}, {"start", t.start}, {"end", t.end}, {"value", t.value}});
  }
  json numbers = json::array();
  for (const Number& n : d.numbers)
    numbers.push_back({{"start", n.start}, {"end", n.end}, {"text", n.text}, {"value", n.value},
                       {"approximate", n.approximate},
                       {"counts", n.counts.empty() ? json(nullptr) : json(n.counts)}});
  json events = json::array();
  for (const Event& ev : d.events) {
    events.push_back({{"type", ev.type},
                      {"mode", ev.mode.empty() ? json(nullptr) : json(ev.mode)},
                      {"date", ev.date.empty() ? json(nullptr)
                                               : json{{"value", ev.date.value},
                                                      {"precision", ev.date.precision}}},
                      {"actors", ev.actors},
                      {"targets", ev.targets},
                      {"location", ev.location.empty() ? json(nullptr) : json(ev.location)},
                      {"fatalities", ev.fatalities ? json(*ev.fatalities) : json(nullptr)},
                      {"injured", ev.injured ? json(*ev.injured) : json(nullptr)},
                      {"polarity", ev.polarity},
                      {"attribution", ev.attribution.empty() ? json(nullptr) : json(ev.attribution)},
                      {"trigger", ev.trigger},
                      {"in_title", ev.in_title},
                      {"evidence", {{"start", ev.evidence_start}, {"end", ev.evidence_end}}}});
    if (!ev.in_title)
      annotations.push_back({{"kind", "event"}, {"start", ev.evidence_start},
                             {"end", ev.evidence_end}, {"type", ev.type}});
  }
  std::stable_sort(annotations.begin(), annotations.end(), [](const json& a, const json& b) {
    return a["start"].get<int>() < b["start"].get<int>();
  });
  return Json({{"id", d.id},
               {"title", d.title},
               {"published", d.published.value.empty() ? json(nullptr) : json(d.published.value)},
               {"source", d.source ? json(*d.source) : json(nullptr)},
               {"url", d.url ? json(*d.url) : json(nullptr)},
               {"tags", d.tags},
               {"body", d.body},
               {"names", names},
               {"entities", entities},
               {"times", times},
               {"numbers", numbers},
               {"events", events},
               {"annotations", annotations}});
}

Response Entities(Store& store, const Params& p) {
  corpus::EntityFilter f;
  f.type = Upper(p.Str("type"));
  if (!f.type.empty()) {
    bool known = false;
    for (const char* t : kEntityTypes) known |= f.type == t;
    if (!known) throw BadRequest{"type wants PERSON, ORG, GPE, LOC or FAC"};
  }
  f.limit = p.Int("limit", 50, 1, 1000);
  f.offset = p.Int("offset", 0, 0, 2000000000);
  json out = json::array();
  for (const auto& e : Must(store.Entities(f))) out.push_back(json::parse(corpus::EntityJson(e)));
  return Json({{"offset", f.offset}, {"limit", f.limit}, {"entities", out}});
}

Response EntityById(Store& store, const std::string& id) {
  auto e = Must(store.EntityById(id));
  if (!e) return Error(404, "no entity '" + id.substr(0, 80) + "'");
  json j = json::parse(corpus::EntityJson(*e));
  json timeline = json::array();
  for (const auto& d : Must(store.EntityTimeline(id)))
    timeline.push_back({{"day", d.day}, {"mentions", d.mentions}, {"articles", d.articles}});
  j["timeline"] = timeline;
  json articles = json::array();
  for (const auto& a : Must(store.ArticlesByEntity(id, 50))) articles.push_back(Brief(a));
  j["articles"] = articles;
  // Events it took part in or that happened there.
  std::set<int64_t> seen;
  std::vector<corpus::MergedEvent> events;
  for (int as_place = 0; as_place < 2; ++as_place) {
    corpus::EventFilter f;
    (as_place ? f.place : f.actor) = id;
    f.limit = 100;
    for (auto& m : Must(store.Events(f)))
      if (seen.insert(m.id).second) events.push_back(std::move(m));
  }
  j["events"] = EventsJson(store, events);
  return Json(j);
}

Response Stories(Store& store, const Params& p) {
  const int limit = p.Int("limit", 50, 1, 1000), offset = p.Int("offset", 0, 0, 2000000000);
  json out = json::array();
  for (const auto& s : Must(store.Stories(limit, offset)))
    out.push_back(json::parse(corpus::StoryJson(s)));
  return Json({{"offset", offset}, {"limit", limit}, {"stories", out}});
}

Response StoryById(Store& store, int64_t id) {
  auto s = Must(store.StoryById(id));
  if (!s) return Error(404, "no story " + std::to_string(id));
  json j = json::parse(corpus::StoryJson(*s));
  json articles = json::array();
  for (const auto& aid : s->articles) {
    if (articles.size() >= 500) break;
    auto doc = Must(store.ArticleById(aid));
    if (!doc) continue;
    articles.push_back({{"id", doc->id},
                        {"title", doc->title},
                        {"published", doc->published.value.empty() ? json(nullptr)
                                                                   : json(doc->published.value)},
                        {"source", doc->source ? json(*doc->source) : json(nullptr)},
                        {"url", doc->url ? json(*doc->url) : json(nullptr)}});
  }
  j["articles"] = articles;
  corpus::EventFilter f;
  f.story = id;
  j["events"] = EventsJson(store, Must(store.Events(f)));
  return Json(j);
}

Response Search(Store& store, const Params& p) {
  corpus::SearchQuery q;
  q.from = p.Day("from");
  q.to = p.Day("to");
  q.source = p.Str("outlet");
  q.entity = p.Str("entity");
  q.type = p.EventType("type");
  q.place = p.Str("place");
  q.limit = p.Int("limit", 20, 1, 200);
  q.offset = p.Int("offset", 0, 0, 2000000000);
  q.text = p.Str("q");
  if (q.text.find_first_not_of(" \t\r\n") == std::string::npos) throw BadRequest{"q is required"};
  q.mark_open = kMarkOpen;
  q.mark_close = kMarkClose;
  auto hits = store.Search(q);
  // The store's errors here are the query's (an unbalanced quote, only an exclusion).
  if (!hits.ok()) throw BadRequest{hits.status().message()};
  json out = json::array();
  for (const auto& h : *hits) {
    json j = Highlighted(h.snippet);
    j["article"] = h.article;
    j["title"] = StripMarks(h.title);
    j["published"] = h.published.empty() ? json(nullptr) : json(h.published);
    j["source"] = h.source.empty() ? json(nullptr) : json(h.source);
    j["url"] = h.url.empty() ? json(nullptr) : json(h.url);
    out.push_back(std::move(j));
  }
  return Json({{"query", q.text}, {"offset", q.offset}, {"limit", q.limit}, {"hits", out}});
}

Response Export(Store& store, const ApiOptions& o, const Params& p) {
  corpus::ExportFormat fmt;
  const std::string name = p.Str("format");
  if (!corpus::ParseExportFormat(name, &fmt)) throw BadRequest{"format wants csv, geojson or jsonl"};
  corpus::EventFilter f = EventFilterOf(p, o.max_limit, o.max_limit);
  std::ostringstream out;
  if (Status s = corpus::Export(store, f, fmt, out); !s.ok()) throw s;
  Response r;
  r.body = out.str();
  r.content_type = fmt == corpus::ExportFormat::kCsv       ? "text/csv; charset=utf-8"
                   : fmt == corpus::ExportFormat::kGeoJson ? "application/geo+json"
                                                           : "application/x-ndjson";
  r.headers.emplace_back("Content-Disposition",
                         "attachment; filename=\"marsad-events." + name + "\"");
  return r;
}

// The id after a route prefix. Article and entity ids are free text (an id
// field of the input may hold a slash, sent as %2F), so they take the rest of
// the path; numeric ids do not.
bool Tail(const std::string& path, const std::string& prefix, std::string* id,
          bool slashes = false) {
  if (path.compare(0, prefix.size(), prefix) != 0 || path.size() == prefix.size()) return false;
  *id = path.substr(prefix.size());
  return slashes || id->find('/') == std::string::npos;
}

int64_t NumericId(const std::string& s, const char* what) {
  if (s.empty() || s.size() > 12 || s.find_first_not_of("0123456789") != std::string::npos)
    throw BadRequest{std::string(what) + " id wants a positive integer"};
  return std::stoll(s);
}

}  // namespace

Response Error(int status, const std::string& reason) {
  return Json({{"status", status}, {"error", reason}}, status);
}

std::unique_ptr<StorePool> StorePool::Sqlite(const std::string& db) {
  return std::make_unique<StorePool>([db]() {
    return corpus::OpenSqliteStore(db, {/*create=*/false, /*read_only=*/true});
  });
}

Result<StorePool::Lease> StorePool::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      auto s = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(s));
    }
  }
  auto s = open_();
  if (!s.ok()) return s.status();
  return Lease(this, std::move(s).value());
}

void StorePool::Release(std::unique_ptr<corpus::Store> s) {
  std::lock_guard<std::mutex> lock(mu_);
  idle_.push_back(std::move(s));
}

Response Api::Handle(const Request& req) const {
  if (req.method != "GET" && req.method != "HEAD") {
    Response r = Error(405, "method " + req.method.substr(0, 16) + " not allowed (GET only)");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  const std::string& path = req.path;
  std::string id;
  try {
    auto lease = pool_.Acquire();
    if (!lease.ok()) return Error(503, "database unavailable: " + lease.status().message());
    Store& store = **lease;
    const auto& q = req.params;
    if (path == "/api/config") return Config(store, opts_, Params(q, {}));
    if (path == "/api/events") return Events(store, opts_, Params(q, kEventParams));
    if (path == "/api/entities") return Entities(store, Params(q, {"type", "limit", "offset"}));
    if (path == "/api/stories") return Stories(store, Params(q, {"limit", "offset"}));
    if (path == "/api/search")
      return Search(store, Params(q, {"q", "from", "to", "outlet", "entity", "type", "place",
                                      "limit", "offset"}));
    if (path == "/api/export") {
      auto allowed = kEventParams;
      allowed.insert("format");
      return Export(store, opts_, Params(q, allowed));
    }
    if (Tail(path, "/api/events/", &id)) {
      Params(q, {});
      return EventById(store, NumericId(id, "event"));
    }
    if (Tail(path, "/api/stories/", &id)) {
      Params(q, {});
      return StoryById(store, NumericId(id, "story"));
    }
    if (Tail(path, "/api/articles/", &id, /*slashes=*/true)) {
      Params(q, {});
      return ArticleById(store, id);
    }
    if (Tail(path, "/api/entities/", &id, /*slashes=*/true)) {
      Params(q, {});
      return EntityById(store, id);
    }
    return Error(404, "no such API route (see docs/api.md)");
  } catch (const BadRequest& b) {
    return Error(400, b.reason);
  } catch (const Status& s) {
    return Error(500, s.message());
  } catch (const std::exception& e) {
    return Error(500, e.what());
  }
}

}  // namespace marsad::server
