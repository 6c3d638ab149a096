// Schema migrations for the SQLite store.
#include "corpus/schema.h"

namespace marsad::corpus {

const std::vector<std::string_view>& SqliteMigrations() {
  static const std::vector<std::string_view> kMigrations = {
      // 1: the first corpus schema.
      R"sql(
CREATE TABLE articles(
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  input TEXT, title TEXT NOT NULL DEFAULT '',
  published TEXT, precision TEXT, origin TEXT,
  source TEXT, url TEXT, tags TEXT NOT NULL DEFAULT '[]',
  body TEXT NOT NULL,
  content_hash INTEGER NOT NULL, exact_hash INTEGER NOT NULL,
  minhash BLOB,
  duplicate_of TEXT, similarity REAL,
  story_id INTEGER);
CREATE INDEX articles_exact ON articles(exact_hash);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_source ON articles(source);
CREATE INDEX articles_story ON articles(story_id);
CREATE INDEX articles_duplicate ON articles(duplicate_of);
CREATE TABLE entities(
  id TEXT PRIMARY KEY, type TEXT, name TEXT, name_en TEXT, wikidata TEXT,
  lat REAL, lon REAL, country TEXT);
CREATE TABLE mentions(
  article INTEGER NOT NULL, entity TEXT NOT NULL, start INTEGER, end INTEGER,
  text TEXT, in_title INTEGER NOT NULL DEFAULT 0);
CREATE INDEX mentions_entity ON mentions(entity);
CREATE INDEX mentions_article ON mentions(article);
CREATE TABLE times(
  article INTEGER NOT NULL, start INTEGER, end INTEGER, text TEXT, value TEXT, precision TEXT);
CREATE INDEX times_article ON times(article);
CREATE TABLE numbers(
  article INTEGER NOT NULL, start INTEGER, end INTEGER, text TEXT, value REAL,
  approximate INTEGER, counts TEXT);
CREATE INDEX numbers_article ON numbers(article);
CREATE TABLE events(
  row INTEGER PRIMARY KEY,
  article INTEGER NOT NULL, type TEXT NOT NULL, mode TEXT,
  date TEXT, date_precision TEXT,
  actors TEXT NOT NULL DEFAULT '[]', targets TEXT NOT NULL DEFAULT '[]',
  location TEXT, location_country TEXT, location_is_country INTEGER NOT NULL DEFAULT 0,
  fatalities INTEGER, injured INTEGER, polarity TEXT, attribution TEXT,
  ev_start INTEGER, ev_end INTEGER, evidence TEXT, trigger TEXT,
  in_title INTEGER NOT NULL DEFAULT 0, toll_update INTEGER NOT NULL DEFAULT 0);
CREATE INDEX events_article ON events(article);
CREATE TABLE merged_events(
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL, mode TEXT, date TEXT, date_precision TEXT,
  actors TEXT NOT NULL DEFAULT '[]', targets TEXT NOT NULL DEFAULT '[]',
  location TEXT, location_country TEXT, location_is_country INTEGER NOT NULL DEFAULT 0,
  fatalities INTEGER, injured INTEGER, polarity TEXT, attribution TEXT,
  n_sources INTEGER NOT NULL, first_reported TEXT, story_id INTEGER);
CREATE INDEX merged_events_key ON merged_events(type, polarity, date);
CREATE INDEX merged_events_date ON merged_events(date);
CREATE TABLE merged_event_sources(
  merged INTEGER NOT NULL, event INTEGER NOT NULL, article INTEGER NOT NULL,
  PRIMARY KEY(merged, event)) WITHOUT ROWID;
CREATE INDEX merged_event_sources_article ON merged_event_sources(article);
CREATE TABLE stories(
  id INTEGER PRIMARY KEY, label TEXT, first TEXT, last TEXT,
  n_articles INTEGER NOT NULL, state BLOB);
CREATE TABLE term_df(term INTEGER PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, body, content='articles', content_rowid='seq', tokenize='marsad');
)sql",
      // 2: the MinHash scheme signatures were computed with (minhash.h
      // kSignatureScheme); databases written before this record was kept used
      // scheme 1. The ingester recomputes signatures of an older scheme.
      // FTS5 flushed its pending terms to a new segment every 1 MB (the
      // default hashsize), about ten segments per batch, each merged again
      // later: that was half of the index's cost. With 64 MB it writes one
      // segment per committed batch. Automerge 16 (default 4) merges
      // segments once 16 wait at a level, so each posting is rewritten about
      // half as often; a search then reads a few dozen segments at most.
      R"sql(
INSERT OR IGNORE INTO meta(key, value) VALUES('minhash_scheme', 1);
INSERT INTO articles_fts(articles_fts, rank) VALUES('hashsize', 67108864);
INSERT INTO articles_fts(articles_fts, rank) VALUES('automerge', 16);
)sql",
  };
  return kMigrations;
}

}  // namespace marsad::corpus
