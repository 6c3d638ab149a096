// Corpus queries over a database built by `marsad ingest`: duplicates, search,
// events, entities, stories, story, export. Tables for people, --json (JSON
// Lines in spec/contract.md's shapes) for programs. Flag parsing and calls
// into src/corpus only.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "corpus/format.h"
#include "corpus/store.h"
#include "tools/marsad/commands.h"

namespace {

using marsad::corpus::Store;

constexpr const char* kEventTypes[] = {"ASSAULT", "COERCE",  "MOBILIZE", "THREATEN",
                                       "PROTEST", "SANCTION", "ACCUSE",  "REJECT",
                                       "REQUEST", "CONSULT", "AGREE",   "COOPERATE",
                                       "SUPPORT", "AID",     "CONCEDE", "RETREAT"};

struct Common {
  std::string db = "marsad.db";
  bool json = false;
};

void AddCommon(CLI::App* cmd, Common& c, bool json = true) {
  cmd->add_option("--db", c.db, "Database built by marsad ingest")->capture_default_str();
  if (json) cmd->add_flag("--json", c.json, "JSON Lines on stdout");
}

std::unique_ptr<Store> Open(const std::string& db) {
  auto s = marsad::corpus::OpenSqliteStore(db, {/*create=*/false, /*read_only=*/true});
  if (!s.ok()) {
    std::cerr << "marsad: " << s.status().message() << "\n";
    return nullptr;
  }
  return std::move(s).value();
}

bool ValidDay(const std::string& s) {
  int y, m, d;
  char tail;
  return s.empty() || (s.size() == 10 && std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
                       m >= 1 && m <= 12 && d >= 1 && d <= 31);
}

// Bad usage: message and exit code 2.
int Usage(const std::string& msg) {
  std::cerr << "marsad: " << msg << "\n";
  return 2;
}

int Failed(const marsad::Status& s) {
  std::cerr << "marsad: " << s.message() << "\n";
  return 1;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool KnownType(const std::string& t) {
  for (const char* k : kEventTypes)
    if (Upper(t) == k) return true;
  return false;
}

std::string Names(const std::vector<std::string>& ids, const marsad::corpus::EntityNames& n) {
  std::string out;
  for (const auto& id : ids) {
    auto it = n.find(id);
    out += (out.empty() ? "" : "، ") +
           (it != n.end() && !it->second.name.empty() ? it->second.name : id);
  }
  return out.empty() ? "-" : out;
}

// ---- duplicates ----
int RunDuplicates(const Common& c) {
  auto store = Open(c.db);
  if (!store) return 2;
  auto rows = store->Duplicates();
  if (!rows.ok()) return Failed(rows.status());
  for (const auto& d : *rows) {
    if (c.json) std::cout << marsad::corpus::DuplicateJson(d) << '\n';
    else std::printf("%-24s duplicate of %-24s %.2f\n", d.article.c_str(), d.duplicate_of.c_str(), d.similarity);
  }
  if (!c.json) std::fprintf(stderr, "%zu near-duplicates\n", rows->size());
  return 0;
}

// ---- search ----
int RunSearch(const Common& c, marsad::corpus::SearchQuery q) {
  if (!ValidDay(q.from) || !ValidDay(q.to)) return Usage("--from/--to want YYYY-MM-DD");
  if (!q.type.empty() && !KnownType(q.type)) return Usage("unknown event type '" + q.type + "'");
  q.type = Upper(q.type);
  if (!c.json) q.mark_open = "\033[1m", q.mark_close = "\033[0m";
  auto store = Open(c.db);
  if (!store) return 2;
  auto hits = store->Search(q);
  if (!hits.ok()) return Usage(hits.status().message());
  for (const auto& h : *hits) {
    if (c.json) {
      std::cout << marsad::corpus::SearchHitJson(h) << '\n';
    } else {
      std::printf("%s  %s  %s\n  %s\n  %s\n\n", h.published.c_str(), h.source.c_str(),
                  h.article.c_str(), h.title.c_str(), h.snippet.c_str());
    }
  }
  return 0;
}

// ---- events ----
struct EventArgs {
  marsad::corpus::EventFilter f;
  std::string near;
};

int ParseEventFilter(EventArgs& a) {
  if (!ValidDay(a.f.from) || !ValidDay(a.f.to)) return Usage("--from/--to want YYYY-MM-DD");
  if (!a.f.type.empty() && !KnownType(a.f.type)) return Usage("unknown event type '" + a.f.type + "'");
  a.f.type = Upper(a.f.type);
  if (!a.near.empty()) {
    marsad::corpus::EventFilter::Near n;
    char tail;
    if (std::sscanf(a.near.c_str(), "%lf,%lf,%lf%c", &n.lat, &n.lon, &n.km, &tail) != 3 ||
        n.lat < -90 || n.lat > 90 || n.lon < -180 || n.lon > 180 || n.km <= 0)
      return Usage("--near wants LAT,LON,KM (e.g. 39.8,46.75,50)");
    a.f.near = n;
  }
  return 0;
}

void PrintEvents(Store& store, const std::vector<marsad::corpus::MergedEvent>& events, bool json) {
  for (const auto& m : events) {
    auto names = store.EntityNames(marsad::corpus::EntityIds(m));
    marsad::corpus::EntityNames empty;
    const auto& n = names.ok() ? *names : empty;
    if (json) {
      std::cout << marsad::corpus::MergedEventJson(m, n) << '\n';
      continue;
    }
    std::printf("#%lld %s %s%s%s  %s → %s  @ %s  fatalities %s  %d outlet(s), first %s\n",
                static_cast<long long>(m.id), m.date.empty() ? "(undated)" : m.date.c_str(),
                m.type.c_str(), m.mode.empty() ? "" : "/", m.mode.c_str(),
                Names(m.actors, n).c_str(), Names(m.targets, n).c_str(),
                m.location.empty() ? "-" : Names({m.location}, n).c_str(),
                m.fatalities ? std::to_string(*m.fatalities).c_str() : "-", m.n_sources,
                m.first_reported.c_str());
    if (m.polarity != "asserted") std::printf("  polarity: %s\n", m.polarity.c_str());
    for (const auto& s : m.sources)
      std::printf("  [%s %s] %s\n", s.outlet.empty() ? "?" : s.outlet.c_str(), s.article.c_str(),
                  s.evidence.c_str());
  }
}

int RunEvents(const Common& c, EventArgs a) {
  if (int rc = ParseEventFilter(a)) return rc;
  auto store = Open(c.db);
  if (!store) return 2;
  auto events = store->Events(a.f);
  if (!events.ok()) return Failed(events.status());
  PrintEvents(*store, *events, c.json);
  return 0;
}

// ---- entities ----
int RunEntities(const Common& c, marsad::corpus::EntityFilter f) {
  auto store = Open(c.db);
  if (!store) return 2;
  auto rows = store->Entities(f);
  if (!rows.ok()) return Failed(rows.status());
  for (const auto& e : *rows) {
    if (c.json) {
      std::cout << marsad::corpus::EntityJson(e) << '\n';
      continue;
    }
    std::string variants;
    for (const auto& [text, n] : e.variants) variants += (variants.empty() ? "" : "، ") + text;
    std::printf("%6d  %-6s %s (%s)  %s  [%s]\n", e.mentions, e.type.c_str(), e.name.c_str(),
                e.name_en.c_str(), e.id.c_str(), variants.c_str());
  }
  return 0;
}

// ---- stories ----
int RunStories(const Common& c, int limit) {
  auto store = Open(c.db);
  if (!store) return 2;
  auto rows = store->Stories(limit, 0);
  if (!rows.ok()) return Failed(rows.status());
  for (const auto& s : *rows) {
    if (c.json) std::cout << marsad::corpus::StoryJson(s) << '\n';
    else
      std::printf("story %-6lld %s … %s  %3zu articles  %s\n", static_cast<long long>(s.id),
                  s.first.c_str(), s.last.c_str(), s.articles.size(), s.label.c_str());
  }
  return 0;
}

int RunStory(const Common& c, int64_t id) {
  auto store = Open(c.db);
  if (!store) return 2;
  auto story = store->StoryById(id);
  if (!story.ok()) return Failed(story.status());
  if (!*story) {
    std::cerr << "marsad: no story " << id << " in " << c.db << "\n";
    return 1;
  }
  marsad::corpus::EventFilter f;
  f.story = id;
  auto events = store->Events(f);
  if (!events.ok()) return Failed(events.status());
  if (c.json) {
    std::cout << marsad::corpus::StoryJson(**story) << '\n';
  } else {
    std::printf("story %lld: %s\n%s … %s, %zu articles\n\n", static_cast<long long>(id),
                (*story)->label.c_str(), (*story)->first.c_str(), (*story)->last.c_str(),
                (*story)->articles.size());
  }
  PrintEvents(*store, *events, c.json);
  return 0;
}

// ---- export ----
int RunExport(const Common& c, EventArgs a, const std::string& format, const std::string& out) {
  marsad::corpus::ExportFormat fmt;
  if (!marsad::corpus::ParseExportFormat(format, &fmt))
    return Usage("--format wants csv, jsonl or geojson");
  if (int rc = ParseEventFilter(a)) return rc;
  auto store = Open(c.db);
  if (!store) return 2;
  std::ofstream file;
  if (!out.empty()) {
    file.open(out, std::ios::binary);
    if (!file) return Failed(marsad::Status::Error("cannot write " + out));
  }
  marsad::Status s = marsad::corpus::Export(*store, a.f, fmt, out.empty() ? std::cout : file);
  return s.ok() ? 0 : Failed(s);
}

void AddEventFilters(CLI::App* cmd, EventArgs& a) {
  cmd->add_option("--type", a.f.type, "PLOVER event type (ASSAULT, AGREE, ...)");
  cmd->add_option("--from", a.f.from, "Earliest event date YYYY-MM-DD");
  cmd->add_option("--to", a.f.to, "Latest event date YYYY-MM-DD");
  cmd->add_option("--actor", a.f.actor, "Actor or target: entity id or name");
  cmd->add_option("--place", a.f.place, "Place (or country containing it): entity id or name");
  cmd->add_option("--near", a.near, "LAT,LON,KM: events within KM of a point");
  cmd->add_option("--min-sources", a.f.min_sources, "At least this many outlets");
}

}  // namespace

namespace marsad::cli {

Command AddCorpus(CLI::App& app) {
  struct State {
    Common dup, search, events, entities, stories, story, exp;
    marsad::corpus::SearchQuery q;
    EventArgs ev, ex;
    marsad::corpus::EntityFilter ent;
    int stories_limit = 0;
    int64_t story_id = 0;
    std::string format, out;
  };
  auto s = std::make_shared<State>();
  auto* dup = app.add_subcommand("duplicates", "Near-duplicate articles and their originals");
  AddCommon(dup, s->dup);
  auto* search = app.add_subcommand("search", "Full-text search (inflections match; \"exact phrase\")");
  search->add_option("QUERY", s->q.text, "Words, \"phrases\", OR, -excluded")->required();
  AddCommon(search, s->search);
  search->add_option("--from", s->q.from, "Published on or after YYYY-MM-DD");
  search->add_option("--to", s->q.to, "Published on or before YYYY-MM-DD");
  search->add_option("--source", s->q.source, "Outlet");
  search->add_option("--entity", s->q.entity, "Mentions this entity (id or name)");
  search->add_option("--type", s->q.type, "Reports an event of this type");
  search->add_option("--place", s->q.place, "Mentions or reports events at this place");
  search->add_option("--limit", s->q.limit, "Most results")->capture_default_str();
  auto* events = app.add_subcommand("events", "Merged events with their sources");
  AddCommon(events, s->events);
  AddEventFilters(events, s->ev);
  events->add_option("--limit", s->ev.f.limit, "Most results (0 = all)");
  auto* entities = app.add_subcommand("entities", "Most mentioned entities with variants seen");
  AddCommon(entities, s->entities);
  entities->add_option("--type", s->ent.type, "PERSON|ORG|GPE|LOC|FAC");
  entities->add_option("--limit", s->ent.limit, "Most results")->capture_default_str();
  auto* stories = app.add_subcommand("stories", "Stories: clusters of articles");
  AddCommon(stories, s->stories);
  stories->add_option("--limit", s->stories_limit, "Most results (0 = all)");
  auto* story = app.add_subcommand("story", "One story and the timeline of its events");
  story->add_option("ID", s->story_id, "Story id")->required();
  AddCommon(story, s->story);
  auto* exp = app.add_subcommand("export", "Merged events as CSV (ACLED columns), JSONL or GeoJSON");
  AddCommon(exp, s->exp, /*json=*/false);
  exp->add_option("--format", s->format, "csv|jsonl|geojson")->required();
  exp->add_option("--out", s->out, "Output file (default: stdout)");
  AddEventFilters(exp, s->ex);
  return [=]() {
    if (dup->parsed()) return RunDuplicates(s->dup);
    if (search->parsed()) return RunSearch(s->search, s->q);
    if (events->parsed()) return RunEvents(s->events, s->ev);
    if (entities->parsed()) return RunEntities(s->entities, s->ent);
    if (stories->parsed()) return RunStories(s->stories, s->stories_limit);
    if (story->parsed()) return RunStory(s->story, s->story_id);
    if (exp->parsed()) return RunExport(s->exp, s->ex, s->format, s->out);
    return -1;
  };
}

}  // namespace marsad::cli
