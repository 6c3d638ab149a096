// The SQLite implementation of Store: WAL, cached prepared statements, ordered
// migrations, the marsad FTS5 tokenizer and two SQL helpers (marsad_norm,
// distance_km) registered on every connection. Not thread-safe (one object
// per thread).
#include <sqlite3.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sys/stat.h>
#ifdef __linux__
#include <fcntl.h>
#include <unistd.h>
#endif

#include "corpus/fts.h"
#include "corpus/hash.h"
#include "corpus/minhash.h"
#include "corpus/query.h"
#include "corpus/schema.h"
#include "corpus/store.h"
#include "text/text.h"

namespace marsad::corpus {
namespace {

using nlohmann::json;

// A prepared statement owned by the connection's cache; Reset before reuse.
// Strings bound as lvalues are not copied (SQLITE_STATIC): they must outlive
// the statement's execution, which every caller steps at once; temporaries
// are copied. Copying every text (the body among them) and freeing the copies
// at the next reset was a tenth of the writer's time.
class Stmt {
 public:
  explicit Stmt(sqlite3_stmt* s) : s_(s) {}
  Stmt& Bind(int i, const std::string& v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  Stmt& Bind(int i, std::string&& v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string(v)); }
  Stmt& BindOrNull(int i, const std::string& v) {
    return v.empty() ? BindNull(i) : Bind(i, v);
  }
  Stmt& BindOrNull(int i, std::string&& v) {
    return v.empty() ? BindNull(i) : Bind(i, std::move(v));
  }
  Stmt& Bind(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); return *this; }
  Stmt& Bind(int i, int v) { sqlite3_bind_int64(s_, i, v); return *this; }
  Stmt& Bind(int i, double v) { sqlite3_bind_double(s_, i, v); return *this; }
  Stmt& Bind(int i, const std::optional<long>& v) {
    return v ? Bind(i, static_cast<int64_t>(*v)) : BindNull(i);
  }
  Stmt& BindBlob(int i, std::string&& v) {
    sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& BindNull(int i) { sqlite3_bind_null(s_, i); return *this; }
  int Step() { return sqlite3_step(s_); }
  bool Row() { return (rc_ = sqlite3_step(s_)) == SQLITE_ROW; }
  int rc() const { return rc_; }
  std::string Text(int c) const {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
    return p ? std::string(p, sqlite3_column_bytes(s_, c)) : std::string();
  }
  std::string Blob(int c) const {
    auto* p = static_cast<const char*>(sqlite3_column_blob(s_, c));
    return p ? std::string(p, sqlite3_column_bytes(s_, c)) : std::string();
  }
  int64_t Int(int c) const { return sqlite3_column_int64(s_, c); }
  double Real(int c) const { return sqlite3_column_double(s_, c); }
  bool Null(int c) const { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
  std::optional<long> OptInt(int c) const {
    return Null(c) ? std::nullopt : std::optional<long>(static_cast<long>(Int(c)));
  }
  sqlite3_stmt* get() { return s_; }

 private:
  sqlite3_stmt* s_;
  int rc_ = SQLITE_OK;
};

std::vector<std::string> JsonList(const std::string& s) {
  std::vector<std::string> out;
  json j = json::parse(s, nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::string ToJsonList(const std::vector<std::string>& v) { return json(v).dump(); }

// Byte offset of each code point of `s`, then s.size(): evidence slices of
// one body are cut from it (walking the body from its start for every event
// was a fifth of storing an article with events).
std::vector<uint32_t> CodepointOffsets(std::string_view s) {
  std::vector<uint32_t> at;
  at.reserve(s.size() / 2 + 1);
  for (size_t i = 0; i < s.size();) {
    at.push_back(static_cast<uint32_t>(i));
    text::DecodeUtf8(s, i);
  }
  at.push_back(static_cast<uint32_t>(s.size()));
  return at;
}

// Code point range [start, end) of `s` as a string (evidence text); `at` is
// CodepointOffsets(s). Empty when start is out of range; end is clamped.
std::string CodepointSlice(std::string_view s, const std::vector<uint32_t>& at, int start,
                           int end) {
  const size_t n = at.size() - 1;  // code points
  if (start < 0 || end <= start || static_cast<size_t>(start) >= n) return {};
  const size_t e = std::min(static_cast<size_t>(end), n);
  return std::string(s.substr(at[start], at[e] - at[start]));
}

void NormFn(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto* p = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  if (!p) return sqlite3_result_null(ctx);
  try {
    std::string n = text::NormalizeString(std::string_view(p, sqlite3_value_bytes(argv[0])));
    sqlite3_result_text(ctx, n.data(), static_cast<int>(n.size()), SQLITE_TRANSIENT);
  } catch (...) {
    sqlite3_result_error_nomem(ctx);
  }
}

void DistanceFn(sqlite3_context* ctx, int, sqlite3_value** argv) {
  for (int i = 0; i < 4; ++i)
    if (sqlite3_value_type(argv[i]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  constexpr double kRad = M_PI / 180;
  double la1 = sqlite3_value_double(argv[0]) * kRad, lo1 = sqlite3_value_double(argv[1]) * kRad;
  double la2 = sqlite3_value_double(argv[2]) * kRad, lo2 = sqlite3_value_double(argv[3]) * kRad;
  double h = std::pow(std::sin((la2 - la1) / 2), 2) +
             std::cos(la1) * std::cos(la2) * std::pow(std::sin((lo2 - lo1) / 2), 2);
  sqlite3_result_double(ctx, 2 * 6371.0 * std::asin(std::min(1.0, std::sqrt(h))));
}

// Entity ids whose id, Arabic name (normalized) or English name equal `q`.
constexpr const char* kEntityMatch =
    "SELECT id FROM entities WHERE id = ?%1$d OR marsad_norm(name) = marsad_norm(?%1$d) "
    "OR lower(name_en) = lower(?%1$d)";

std::string EntityMatch(int param) {
  char buf[256];
  std::snprintf(buf, sizeof buf, kEntityMatch, param);
  return buf;
}

// An EntityRow from a row of id, type, name, name_en, wikidata, lat, lon,
// country, mentions, articles (the entity queries' shared column list).
EntityRow EntityRowFrom(Stmt& q) {
  EntityRow r;
  r.id = q.Text(0);
  r.type = q.Text(1);
  r.name = q.Text(2);
  r.name_en = q.Text(3);
  r.wikidata = q.Text(4);
  if (!q.Null(5)) r.geo = Geo{q.Real(5), q.Real(6), q.Text(7)};
  r.mentions = static_cast<int>(q.Int(8));
  r.articles = static_cast<int>(q.Int(9));
  return r;
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(sqlite3* db) : db_(db) {}
  ~SqliteStore() override {
    for (auto& [sql, s] : cache_) sqlite3_finalize(s.get());
    sqlite3_close(db_);
#ifdef __linux__
    if (wal_fd_ >= 0) close(wal_fd_);
#endif
  }

  Status Init(bool read_only) {
    if (Status s = RegisterTokenizer(db_); !s.ok()) return s;
    sqlite3_create_function(db_, "marsad_norm", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                            NormFn, nullptr, nullptr);
    sqlite3_create_function(db_, "distance_km", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                            DistanceFn, nullptr, nullptr);
    sqlite3_busy_timeout(db_, 10000);
    if (read_only) return Exec("PRAGMA query_only = 1");
    // WAL: readers (a server) beside the writer; synchronous=NORMAL keeps every
    // committed batch across a killed process (not across power loss).
    // Checkpoints (committed pages copied from the WAL into the database,
    // with two disk syncs) once the WAL holds 1 GiB, not at SQLite's 4 MB: an
    // ingest is one writer appending, and checkpointing after every batch
    // stalled it (20k articles: 19.3 s -> 21.5 s, measured), as did a
    // background checkpointer competing for the two cores (-> 22.4 s). One
    // copy at close costs least; the bound keeps the WAL of a very long
    // ingest from growing without limit.
    for (const char* p : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL",
                          "PRAGMA foreign_keys = OFF", "PRAGMA cache_size = -65536",
                          "PRAGMA wal_autocheckpoint = 262144"})
      if (Status s = Exec(p); !s.ok()) return s;
    return Migrate();
  }

  Status Migrate() {
    if (Status s = Exec("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)");
        !s.ok())
      return s;
    int version = 0;
    {
      Stmt& q = Q("SELECT max(version) FROM schema_version");
      if (q.Row() && !q.Null(0)) version = static_cast<int>(q.Int(0));
    }
    const auto& migrations = SqliteMigrations();
    if (version > static_cast<int>(migrations.size()))
      return Status::Error("database schema version " + std::to_string(version) +
                           " is newer than this marsad (" + std::to_string(migrations.size()) + ")");
    for (size_t i = version; i < migrations.size(); ++i) {
      if (Status s = Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
      Status s = Exec(std::string(migrations[i]));
      if (s.ok()) s = Exec("INSERT INTO schema_version VALUES(" + std::to_string(i + 1) + ")");
      if (!s.ok()) {
        (void)Exec("ROLLBACK");
        return Status::Error("migration " + std::to_string(i + 1) + ": " + s.message());
      }
      if (Status c = Exec("COMMIT"); !c.ok()) return c;
    }
    return Status::Ok();
  }

  // ---- Writing ----
  Status Begin() override { return Exec("BEGIN IMMEDIATE"); }
  Status Commit() override {
    // Statements are reset before reuse, so a look-up that has read its row
    // stays open and pins a read snapshot that no checkpoint can pass: reset
    // them all, so that the WAL's size is what wal_autocheckpoint says.
    for (auto& [sql, st] : cache_) sqlite3_reset(st.get());
    Status s = Exec("COMMIT");
    if (s.ok()) StartWalWriteback();
    return s;
  }
  // Asks the kernel to start writing the WAL's committed pages to disk now,
  // while the ingest goes on and the disk is idle. The checkpoint at close
  // first syncs the WAL, and it otherwise found all of it still to write:
  // the kernel's own writeback waits 30 s, and a 20k-article ingest is
  // shorter. Only a hint: durability is unchanged (synchronous=NORMAL).
  // The WAL file stays while the connection is open (checkpoints truncate it
  // in place), so it is opened once.
  void StartWalWriteback() {
#ifdef __linux__
    if (wal_fd_ < 0) {
      const char* db = sqlite3_db_filename(db_, "main");
      if (!db || !*db) return;
      wal_fd_ = open(sqlite3_filename_wal(db), O_RDONLY | O_CLOEXEC);
      if (wal_fd_ < 0) return;
    }
    (void)sync_file_range(wal_fd_, 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
  }
  void Rollback() override {
    (void)Exec("ROLLBACK");
    entity_fields_.clear();  // may name rows the rollback removed
  }

  Result<std::optional<uint64_t>> StoredContentHash(const std::string& id) override {
    Stmt& q = Q("SELECT content_hash FROM articles WHERE id = ?1").Bind(1, id);
    if (q.Row()) return std::optional<uint64_t>(FromSql(q.Int(0)));
    if (q.rc() != SQLITE_DONE) return Err();
    return std::optional<uint64_t>();
  }

  Result<int64_t> FindExact(uint64_t exact_hash) override {
    Stmt& q = Q("SELECT seq FROM articles WHERE exact_hash = ?1 AND duplicate_of IS NULL "
                "ORDER BY seq LIMIT 1")
                  .Bind(1, ToSql(exact_hash));
    if (q.Row()) return q.Int(0);
    if (q.rc() != SQLITE_DONE) return Err();
    return int64_t{0};
  }

  Result<int64_t> PutArticle(const StoredArticle& a, std::vector<EventReport>* reports) override {
    const Document& d = *a.doc;
    Stmt& ins = Q("INSERT INTO articles(id, input, title, published, precision, origin, source, "
                  "url, tags, body, content_hash, exact_hash, minhash, duplicate_of, similarity, "
                  "story_id) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)");
    ins.Bind(1, d.id).Bind(2, d.input).Bind(3, d.title).BindOrNull(4, d.published.value)
        .BindOrNull(5, d.published.precision).Bind(6, d.published.origin)
        .BindOrNull(7, d.source.value_or("")).BindOrNull(8, d.url.value_or(""))
        .Bind(9, ToJsonList(d.tags)).Bind(10, d.body).Bind(11, ToSql(a.content_hash))
        .Bind(12, ToSql(a.exact_hash)).BindBlob(13, SignatureToBlob(a.signature))
        .BindOrNull(14, a.duplicate_of);
    if (a.duplicate_of.empty()) ins.BindNull(15); else ins.Bind(15, a.similarity);
    if (a.story) ins.Bind(16, a.story); else ins.BindNull(16);
    if (ins.Step() != SQLITE_DONE) return Err();
    const int64_t seq = sqlite3_last_insert_rowid(db_);
    {
      std::optional<PretokenizedText> hint;
      if (a.body_tokens) hint.emplace(d.body, *a.body_tokens, a.body_stems);
      if (Q("INSERT INTO articles_fts(rowid, title, body) VALUES(?1, ?2, ?3)")
              .Bind(1, seq).Bind(2, d.title).Bind(3, d.body).Step() != SQLITE_DONE)
        return Err();
    }
    if (Status s = PutEntities(seq, d); !s.ok()) return s;
    if (Status s = PutTimesNumbers(seq, d); !s.ok()) return s;
    if (Status s = PutEvents(seq, d, reports); !s.ok()) return s;
    return seq;
  }

  Status ForEachSignature(
      const std::function<void(int64_t, std::vector<uint32_t>)>& fn) override {
    Stmt& q = Q("SELECT seq, minhash FROM articles WHERE duplicate_of IS NULL ORDER BY seq");
    while (q.Row()) fn(q.Int(0), SignatureFromBlob(q.Blob(1)));
    return q.rc() == SQLITE_DONE ? Status::Ok() : Err();
  }

  Status RewriteSignatures(
      const std::function<std::vector<uint32_t>(const std::string&)>& fn) override {
    std::vector<std::pair<int64_t, std::string>> rows;  // not updated while a read is open
    Stmt& q = Q("SELECT seq, body FROM articles ORDER BY seq");
    while (q.Row()) rows.emplace_back(q.Int(0), q.Text(1));
    if (q.rc() != SQLITE_DONE) return Err();
    for (const auto& [seq, body] : rows)
      if (Q("UPDATE articles SET minhash = ?2 WHERE seq = ?1")
              .Bind(1, seq).BindBlob(2, SignatureToBlob(fn(body))).Step() != SQLITE_DONE)
        return Err();
    return Status::Ok();
  }

  Result<std::optional<int64_t>> GetMeta(const std::string& key) override {
    Stmt& q = Q("SELECT value FROM meta WHERE key = ?1").Bind(1, key);
    if (q.Row()) return std::optional<int64_t>(q.Int(0));
    if (q.rc() != SQLITE_DONE) return Err();
    return std::optional<int64_t>();
  }

  Status SetMeta(const std::string& key, int64_t value) override {
    if (Q("INSERT INTO meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET "
          "value = excluded.value").Bind(1, key).Bind(2, value).Step() != SQLITE_DONE)
      return Err();
    return Status::Ok();
  }

  Result<ArticleBrief> ArticleBySeq(int64_t seq) override {
    Stmt& q = Q("SELECT seq, id, title, published, source, body, duplicate_of, story_id "
                "FROM articles WHERE seq = ?1").Bind(1, seq);
    if (!q.Row()) return Status::Error("no article row " + std::to_string(seq));
    return ArticleBrief{q.Int(0), q.Text(1), q.Text(2), q.Text(3), q.Text(4),
                        q.Text(5), q.Text(6), q.Int(7)};
  }

  Status LoadStoryState(std::vector<Story>* stories, std::unordered_map<uint64_t, int>* df,
                        int* documents) override {
    Stmt& s = Q("SELECT id, state FROM stories ORDER BY id");
    while (s.Row()) stories->push_back(Story::Deserialize(s.Int(0), s.Blob(1)));
    if (s.rc() != SQLITE_DONE) return Err();
    Stmt& t = Q("SELECT term, df FROM term_df");
    while (t.Row()) (*df)[FromSql(t.Int(0))] = static_cast<int>(t.Int(1));
    if (t.rc() != SQLITE_DONE) return Err();
    Stmt& m = Q("SELECT value FROM meta WHERE key = 'story_documents'");
    *documents = m.Row() ? static_cast<int>(m.Int(0)) : 0;
    return Status::Ok();
  }

  Status SaveStoryState(const std::vector<const Story*>& stories,
                        const std::vector<std::pair<uint64_t, int>>& df, int documents) override {
    for (const Story* s : stories) {
      Stmt& q = Q("INSERT INTO stories(id, label, first, last, n_articles, state) "
                  "VALUES(?1,?2,?3,?4,?5,?6) ON CONFLICT(id) DO UPDATE SET label=excluded.label, "
                  "first=excluded.first, last=excluded.last, n_articles=excluded.n_articles, "
                  "state=excluded.state");
      q.Bind(1, s->id).Bind(2, s->Label()).Bind(5, s->articles).BindBlob(6, s->Serialize());
      if (s->dated) q.Bind(3, DayString(s->first_day)).Bind(4, DayString(s->last_day));
      else q.BindNull(3).BindNull(4);
      if (q.Step() != SQLITE_DONE) return Err();
    }
    for (const auto& [term, n] : df)
      if (Q("INSERT INTO term_df(term, df) VALUES(?1, ?2) ON CONFLICT(term) DO UPDATE SET "
            "df = excluded.df").Bind(1, ToSql(term)).Bind(2, n).Step() != SQLITE_DONE)
        return Err();
    if (Q("INSERT INTO meta(key, value) VALUES('story_documents', ?1) ON CONFLICT(key) DO "
          "UPDATE SET value = excluded.value").Bind(1, documents).Step() != SQLITE_DONE)
      return Err();
    return Status::Ok();
  }

  Result<std::vector<MergedEvent>> MergeCandidates(const std::string& type,
                                                   const std::string& polarity,
                                                   const std::string& from,
                                                   const std::string& to) override {
    std::vector<int64_t> ids;
    Stmt& q = Q("SELECT id FROM merged_events WHERE type = ?1 AND polarity = ?2 "
                "AND date >= ?3 AND date <= ?4 ORDER BY id");
    q.Bind(1, type).Bind(2, polarity).Bind(3, from).Bind(4, to);
    while (q.Row()) ids.push_back(q.Int(0));
    if (q.rc() != SQLITE_DONE) return Err();
    return LoadMerged(ids);
  }

  Status SaveMergedEvent(MergedEvent& m) override {
    const bool insert = m.id == 0;
    Stmt& q = Q(insert
                    ? "INSERT INTO merged_events(type, mode, date, date_precision, actors, targets, "
                      "location, location_country, location_is_country, fatalities, injured, "
                      "polarity, attribution, n_sources, first_reported, story_id) "
                      "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)"
                    : "UPDATE merged_events SET type=?1, mode=?2, date=?3, date_precision=?4, "
                      "actors=?5, targets=?6, location=?7, location_country=?8, "
                      "location_is_country=?9, fatalities=?10, injured=?11, polarity=?12, "
                      "attribution=?13, n_sources=?14, first_reported=?15, story_id=?16 "
                      "WHERE id=?17");
    q.Bind(1, m.type).BindOrNull(2, m.mode).BindOrNull(3, m.date).BindOrNull(4, m.date_precision)
        .Bind(5, ToJsonList(m.actors)).Bind(6, ToJsonList(m.targets)).BindOrNull(7, m.location)
        .BindOrNull(8, m.location_country).Bind(9, m.location_is_country ? 1 : 0)
        .Bind(10, m.fatalities).Bind(11, m.injured).Bind(12, m.polarity)
        .BindOrNull(13, m.attribution).Bind(14, m.n_sources).BindOrNull(15, m.first_reported);
    if (m.story) q.Bind(16, m.story); else q.BindNull(16);
    if (!insert) q.Bind(17, m.id);
    if (q.Step() != SQLITE_DONE) return Err();
    if (insert) m.id = sqlite3_last_insert_rowid(db_);
    for (const auto& s : m.sources)
      if (Q("INSERT OR IGNORE INTO merged_event_sources(merged, event, article) "
            "SELECT ?1, ?2, article FROM events WHERE row = ?2")
              .Bind(1, m.id).Bind(2, s.event_row).Step() != SQLITE_DONE)
        return Err();
    return Status::Ok();
  }

  // ---- Reading ----
  Result<CorpusStats> Stats() override {
    Stmt& q = Q("SELECT (SELECT count(*) FROM articles), "
                "(SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL), "
                "(SELECT count(*) FROM stories), (SELECT count(*) FROM events), "
                "(SELECT count(*) FROM merged_events), (SELECT count(*) FROM entities)");
    if (!q.Row()) return Err();
    return CorpusStats{q.Int(0), q.Int(1), q.Int(2), q.Int(3), q.Int(4), q.Int(5)};
  }

  Result<std::vector<DuplicateRow>> Duplicates() override {
    std::vector<DuplicateRow> out;
    Stmt& q = Q("SELECT id, duplicate_of, similarity FROM articles "
                "WHERE duplicate_of IS NOT NULL ORDER BY seq");
    while (q.Row()) out.push_back({q.Text(0), q.Text(1), q.Real(2)});
    if (q.rc() != SQLITE_DONE) return Err();
    return out;
  }

  Result<std::vector<SearchHit>> Search(const SearchQuery& sq) override {
    auto match = ParseSearchQuery(sq.text);
    if (!match.ok()) return match.status();
    std::string sql =
        "SELECT a.id, a.title, a.published, a.source, a.url, "
        "snippet(articles_fts, -1, ?2, ?3, '…', 16), bm25(articles_fts) AS r "
        "FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
        "WHERE articles_fts MATCH ?1";
    if (!sq.from.empty()) sql += " AND a.published >= ?4";
    if (!sq.to.empty()) sql += " AND substr(a.published, 1, 10) <= ?5";
    if (!sq.source.empty()) sql += " AND marsad_norm(a.source) = marsad_norm(?6)";
    if (!sq.entity.empty())
      sql += " AND EXISTS(SELECT 1 FROM mentions mn WHERE mn.article = a.seq AND mn.entity IN (" +
             EntityMatch(7) + "))";
    if (!sq.type.empty())
      sql += " AND EXISTS(SELECT 1 FROM events ev WHERE ev.article = a.seq AND ev.type = ?8)";
    if (!sq.place.empty())
      sql += " AND (EXISTS(SELECT 1 FROM mentions mn WHERE mn.article = a.seq AND mn.entity IN (" +
             EntityMatch(9) + ")) OR EXISTS(SELECT 1 FROM events ev WHERE ev.article = a.seq "
             "AND ev.location IN (" + EntityMatch(9) + ")))";
    sql += " ORDER BY r LIMIT ?10 OFFSET ?11";
    Stmt q = Prepare(sql);
    if (!q.get()) return Err();
    q.Bind(1, *match).Bind(2, sq.mark_open).Bind(3, sq.mark_close).Bind(4, sq.from)
        .Bind(5, sq.to).Bind(6, sq.source).Bind(7, sq.entity).Bind(8, sq.type).Bind(9, sq.place)
        .Bind(10, sq.limit > 0 ? sq.limit : -1).Bind(11, sq.offset);
    std::vector<SearchHit> out;
    while (q.Row())
      out.push_back({q.Text(0), q.Text(1), q.Text(2), q.Text(3), q.Text(4), q.Text(5), q.Real(6)});
    int rc = q.rc();
    std::string msg = sqlite3_errmsg(db_);
    sqlite3_finalize(q.get());
    if (rc != SQLITE_DONE) return Status::Error("search: " + msg);
    return out;
  }

  Result<std::vector<MergedEvent>> Events(const EventFilter& f) override {
    Stmt q = Prepare("SELECT m.id FROM merged_events m WHERE 1" + EventWhere(f) +
                     " ORDER BY m.date, m.id LIMIT ?11 OFFSET ?12");
    if (!q.get()) return Err();
    BindEventFilter(q, f);
    std::vector<int64_t> ids;
    while (q.Row()) ids.push_back(q.Int(0));
    int rc = q.rc();
    sqlite3_finalize(q.get());
    if (rc != SQLITE_DONE) return Err();
    return LoadMerged(ids);
  }

  Result<int64_t> CountEvents(const EventFilter& f) override {
    Stmt q = Prepare("SELECT count(*) FROM merged_events m WHERE 1" + EventWhere(f));
    if (!q.get()) return Err();
    BindEventFilter(q, f);
    int64_t n = q.Row() ? q.Int(0) : 0;
    int rc = q.rc();
    sqlite3_finalize(q.get());
    if (rc != SQLITE_ROW) return Err();
    return n;
  }

  Result<std::vector<std::pair<std::string, int>>> Outlets() override {
    std::vector<std::pair<std::string, int>> out;
    Stmt& q = Q("SELECT source, count(*) AS n FROM articles WHERE source IS NOT NULL AND "
                "source != '' GROUP BY source ORDER BY n DESC, source");
    while (q.Row()) out.emplace_back(q.Text(0), static_cast<int>(q.Int(1)));
    if (q.rc() != SQLITE_DONE) return Err();
    return out;
  }

  Result<std::optional<EntityRow>> EntityById(const std::string& id) override {
    Stmt& q = Q("SELECT e.id, e.type, e.name, e.name_en, e.wikidata, e.lat, e.lon, e.country, "
                "(SELECT count(*) FROM mentions WHERE entity = e.id), "
                "(SELECT count(DISTINCT article) FROM mentions WHERE entity = e.id) "
                "FROM entities e WHERE e.id = ?1").Bind(1, id);
    if (!q.Row()) {
      if (q.rc() != SQLITE_DONE) return Err();
      return std::optional<EntityRow>();
    }
    EntityRow r = EntityRowFrom(q);
    Stmt& v = Q("SELECT text, count(*) AS n FROM mentions WHERE entity = ?1 GROUP BY text "
                "ORDER BY n DESC, text").Bind(1, r.id);
    while (v.Row()) r.variants.emplace_back(v.Text(0), static_cast<int>(v.Int(1)));
    return std::optional<EntityRow>(std::move(r));
  }

  Result<std::vector<EntityDay>> EntityTimeline(const std::string& id) override {
    std::vector<EntityDay> out;
    Stmt& q = Q("SELECT substr(a.published, 1, 10) AS day, count(*), count(DISTINCT a.seq) "
                "FROM mentions mn JOIN articles a ON a.seq = mn.article WHERE mn.entity = ?1 "
                "AND a.published IS NOT NULL AND a.published != '' GROUP BY day ORDER BY day")
                  .Bind(1, id);
    while (q.Row())
      out.push_back({q.Text(0), static_cast<int>(q.Int(1)), static_cast<int>(q.Int(2))});
    if (q.rc() != SQLITE_DONE) return Err();
    return out;
  }

  Result<std::vector<ArticleBrief>> ArticlesByEntity(const std::string& id, int limit) override {
    std::vector<ArticleBrief> out;
    Stmt& q = Q("SELECT a.seq, a.id, a.title, a.published, a.source, a.duplicate_of, a.story_id "
                "FROM articles a WHERE a.seq IN (SELECT article FROM mentions WHERE entity = ?1) "
                "ORDER BY a.published DESC, a.seq LIMIT ?2").Bind(1, id).Bind(2, limit > 0 ? limit : -1);
    while (q.Row())
      out.push_back({q.Int(0), q.Text(1), q.Text(2), q.Text(3), q.Text(4), "", q.Text(5), q.Int(6)});
    if (q.rc() != SQLITE_DONE) return Err();
    return out;
  }

  Result<std::optional<MergedEvent>> EventById(int64_t id) override {
    auto got = LoadMerged({id});
    if (!got.ok()) return got.status();
    if (got->empty()) return std::optional<MergedEvent>();
    return std::optional<MergedEvent>(std::move(got->front()));
  }

  Result<std::unordered_map<std::string, EntityRef>> EntityNames(
      const std::vector<std::string>& ids) override {
    std::unordered_map<std::string, EntityRef> out;
    for (const auto& id : ids) {
      if (out.count(id)) continue;
      Stmt& q = Q("SELECT name, name_en FROM entities WHERE id = ?1").Bind(1, id);
      out[id] = q.Row() ? EntityRef{id, q.Text(0), q.Text(1)} : EntityRef{id, "", ""};
    }
    return out;
  }

  Result<std::vector<EntityRow>> Entities(const EntityFilter& f) override {
    std::string sql =
        "SELECT e.id, e.type, e.name, e.name_en, e.wikidata, e.lat, e.lon, e.country, "
        "count(*) AS n, count(DISTINCT mn.article) FROM entities e JOIN mentions mn ON "
        "mn.entity = e.id";
    if (!f.type.empty()) sql += " WHERE e.type = upper(?1)";
    sql += " GROUP BY e.id ORDER BY n DESC, e.id LIMIT ?2 OFFSET ?3";
    Stmt q = Prepare(sql);
    if (!q.get()) return Err();
    q.Bind(1, f.type).Bind(2, f.limit > 0 ? f.limit : -1).Bind(3, f.offset);
    std::vector<EntityRow> out;
    while (q.Row()) {
      EntityRow r = EntityRowFrom(q);
      out.push_back(std::move(r));
    }
    int rc = q.rc();
    sqlite3_finalize(q.get());
    if (rc != SQLITE_DONE) return Err();
    for (auto& r : out) {
      Stmt& v = Q("SELECT text, count(*) AS n FROM mentions WHERE entity = ?1 GROUP BY text "
                  "ORDER BY n DESC, text LIMIT 10").Bind(1, r.id);
      while (v.Row()) r.variants.emplace_back(v.Text(0), static_cast<int>(v.Int(1)));
    }
    return out;
  }

  std::optional<Geo> EntityGeo(const std::string& id) override {
    Stmt& q = Q("SELECT lat, lon, country FROM entities WHERE id = ?1 AND lat IS NOT NULL")
                  .Bind(1, id);
    if (!q.Row()) return std::nullopt;
    return Geo{q.Real(0), q.Real(1), q.Text(2)};
  }

  Result<std::vector<StoryRow>> Stories(int limit, int offset) override {
    std::vector<StoryRow> out;
    Stmt& q = Q("SELECT id, label, first, last FROM stories ORDER BY n_articles DESC, id "
                "LIMIT ?1 OFFSET ?2").Bind(1, limit > 0 ? limit : -1).Bind(2, offset);
    while (q.Row()) out.push_back({q.Int(0), q.Text(1), q.Text(2), q.Text(3), {}});
    if (q.rc() != SQLITE_DONE) return Err();
    for (auto& s : out) s.articles = StoryArticles(s.id);
    return out;
  }

  Result<std::optional<StoryRow>> StoryById(int64_t id) override {
    Stmt& q = Q("SELECT id, label, first, last FROM stories WHERE id = ?1").Bind(1, id);
    if (!q.Row()) return std::optional<StoryRow>();
    StoryRow s{q.Int(0), q.Text(1), q.Text(2), q.Text(3), {}};
    s.articles = StoryArticles(id);
    return std::optional<StoryRow>(std::move(s));
  }

  Result<std::optional<Document>> ArticleById(const std::string& id) override {
    Stmt& q = Q("SELECT seq, id, input, title, published, precision, origin, source, url, tags, "
                "body FROM articles WHERE id = ?1").Bind(1, id);
    if (!q.Row()) return std::optional<Document>();
    Document d;
    const int64_t seq = q.Int(0);
    d.id = q.Text(1);
    d.input = q.Text(2);
    d.title = q.Text(3);
    d.published = {q.Text(4), q.Text(5), q.Text(6)};
    if (!q.Null(7)) d.source = q.Text(7);
    if (!q.Null(8)) d.url = q.Text(8);
    d.tags = JsonList(q.Text(9));
    d.body = q.Text(10);
    std::map<std::string, size_t> at;
    Stmt& m = Q("SELECT e.id, e.type, e.name, e.name_en, e.wikidata, e.lat, e.lon, e.country, "
                "mn.start, mn.end, mn.text, mn.in_title FROM mentions mn JOIN entities e ON "
                "e.id = mn.entity WHERE mn.article = ?1 ORDER BY mn.rowid").Bind(1, seq);
    while (m.Row()) {
      auto [it, fresh] = at.try_emplace(m.Text(0), d.entities.size());
      if (fresh) {
        Entity e;
        e.id = m.Text(0);
        e.type = m.Text(1);
        e.name = m.Text(2);
        e.name_en = m.Text(3);
        if (!m.Null(4)) e.wikidata = m.Text(4);
        if (!m.Null(5)) e.geo = Geo{m.Real(5), m.Real(6), m.Text(7)};
        d.entities.push_back(std::move(e));
      }
      Mention mention{static_cast<int>(m.Int(8)), static_cast<int>(m.Int(9)), m.Text(10)};
      auto& list = m.Int(11) ? d.entities[it->second].title_mentions
                             : d.entities[it->second].mentions;
      list.push_back(std::move(mention));
    }
    Stmt& t = Q("SELECT start, end, text, value, precision FROM times WHERE article = ?1 "
                "ORDER BY rowid").Bind(1, seq);
    while (t.Row())
      d.times.push_back({static_cast<int>(t.Int(0)), static_cast<int>(t.Int(1)), t.Text(2),
                         t.Text(3), t.Text(4)});
    Stmt& n = Q("SELECT start, end, text, value, approximate, counts FROM numbers WHERE "
                "article = ?1 ORDER BY rowid").Bind(1, seq);
    while (n.Row())
      d.numbers.push_back({static_cast<int>(n.Int(0)), static_cast<int>(n.Int(1)), n.Text(2),
                           n.Real(3), n.Int(4) != 0, n.Text(5)});
    Stmt& e = Q("SELECT type, mode, date, date_precision, actors, targets, location, "
                "fatalities, injured, polarity, attribution, ev_start, ev_end, trigger, in_title "
                "FROM events WHERE article = ?1 ORDER BY row").Bind(1, seq);
    while (e.Row()) {
      Event ev;
      ev.type = e.Text(0);
      ev.mode = e.Text(1);
      ev.date = {e.Text(2), e.Text(3)};
      ev.actors = JsonList(e.Text(4));
      ev.targets = JsonList(e.Text(5));
      ev.location = e.Text(6);
      ev.fatalities = e.OptInt(7);
      ev.injured = e.OptInt(8);
      ev.polarity = e.Text(9);
      ev.attribution = e.Text(10);
      ev.evidence_start = static_cast<int>(e.Int(11));
      ev.evidence_end = static_cast<int>(e.Int(12));
      ev.trigger = e.Text(13);
      ev.in_title = e.Int(14) != 0;
      d.events.push_back(std::move(ev));
    }
    return std::optional<Document>(std::move(d));
  }

 private:
  Status Exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) == SQLITE_OK) return Status::Ok();
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    return Status::Error(msg);
  }

  Status Err() const { return Status::Error(std::string("sqlite: ") + sqlite3_errmsg(db_)); }

  // A cached statement for a constant SQL text (a string literal: the cache
  // is keyed by its address, as hashing the text cost more than the insert),
  // reset and unbound.
  Stmt& Q(const char* sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
      sqlite3_stmt* s = nullptr;
      sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr);
      it = cache_.emplace(sql, Stmt(s)).first;
    }
    sqlite3_reset(it->second.get());
    sqlite3_clear_bindings(it->second.get());
    return it->second;
  }

  // A one-off statement for SQL built from filters; the caller finalizes it.
  Stmt Prepare(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr);
    return Stmt(s);
  }

  Status PutEntities(int64_t seq, const Document& d) {
    for (const Entity& e : d.entities) {
      if (e.id.empty()) continue;
      if (Status s = PutEntity(e); !s.ok()) return s;
      for (int in_title = 0; in_title < 2; ++in_title)
        for (const Mention& m : in_title ? e.title_mentions : e.mentions)
          if (Q("INSERT INTO mentions(article, entity, start, end, text, in_title) "
                "VALUES(?1,?2,?3,?4,?5,?6)").Bind(1, seq).Bind(2, e.id).Bind(3, m.start)
                  .Bind(4, m.end).Bind(5, m.text).Bind(6, in_title).Step() != SQLITE_DONE)
            return Err();
    }
    return Status::Ok();
  }

  // The entity's row: inserted, or its missing wikidata and coordinates
  // filled in. Skipped when this connection has already stored the entity
  // with every field this one could fill (most entities recur in article
  // after article, and the upsert was a third of storing them).
  Status PutEntity(const Entity& e) {
    enum : uint8_t { kWikidata = 1, kGeo = 2, kCountry = 4 };
    const uint8_t fields = (e.wikidata && !e.wikidata->empty() ? kWikidata : 0) |
                           (e.geo ? kGeo : 0) | (e.geo && !e.geo->country.empty() ? kCountry : 0);
    auto known = entity_fields_.find(e.id);
    if (known != entity_fields_.end() && (fields & ~known->second) == 0) return Status::Ok();
    {
      Stmt& q = Q("INSERT INTO entities(id, type, name, name_en, wikidata, lat, lon, country) "
                  "VALUES(?1,?2,?3,?4,?5,?6,?7,?8) ON CONFLICT(id) DO UPDATE SET "
                  "wikidata = coalesce(wikidata, excluded.wikidata), "
                  "lat = coalesce(lat, excluded.lat), lon = coalesce(lon, excluded.lon), "
                  "country = coalesce(country, excluded.country)");
      q.Bind(1, e.id).Bind(2, e.type).Bind(3, e.name).Bind(4, e.name_en)
          .BindOrNull(5, e.wikidata.value_or(""));
      if (e.geo) q.Bind(6, e.geo->lat).Bind(7, e.geo->lon).BindOrNull(8, e.geo->country);
      if (q.Step() != SQLITE_DONE) return Err();
    }
    if (known != entity_fields_.end()) known->second |= fields;
    else entity_fields_.emplace(e.id, fields);
    return Status::Ok();
  }

  Status PutTimesNumbers(int64_t seq, const Document& d) {
    for (const TimeExpr& t : d.times)
      if (Q("INSERT INTO times(article, start, end, text, value, precision) "
            "VALUES(?1,?2,?3,?4,?5,?6)").Bind(1, seq).Bind(2, t.start).Bind(3, t.end)
              .Bind(4, t.text).Bind(5, t.value).Bind(6, t.precision).Step() != SQLITE_DONE)
        return Err();
    for (const Number& n : d.numbers)
      if (Q("INSERT INTO numbers(article, start, end, text, value, approximate, counts) "
            "VALUES(?1,?2,?3,?4,?5,?6,?7)").Bind(1, seq).Bind(2, n.start).Bind(3, n.end)
              .Bind(4, n.text).Bind(5, n.value).Bind(6, n.approximate ? 1 : 0)
              .Bind(7, n.counts).Step() != SQLITE_DONE)
        return Err();
    return Status::Ok();
  }

  Status PutEvents(int64_t seq, const Document& d, std::vector<EventReport>* reports) {
    std::vector<uint32_t> body_at, title_at;  // built on first use
    for (const Event& ev : d.events) {
      EventReport r;
      r.article = d.id;
      r.outlet = d.source.value_or("");
      r.published = d.published.value;
      r.type = ev.type;
      r.mode = ev.mode;
      r.date = ev.date.value;
      r.date_precision = ev.date.precision;
      r.polarity = ev.polarity.empty() ? "asserted" : ev.polarity;
      r.actors = ev.actors;
      r.targets = ev.targets;
      r.location = ev.location;
      r.location_is_country = ev.location.rfind("country:", 0) == 0;
      for (const Entity& e : d.entities)
        if (e.id == ev.location && e.geo) r.location_country = e.geo->country;
      r.attribution = ev.attribution;
      r.fatalities = ev.fatalities;
      r.injured = ev.injured;
      r.evidence_start = ev.evidence_start;
      r.evidence_end = ev.evidence_end;
      const std::string& from = ev.in_title ? d.title : d.body;
      std::vector<uint32_t>& at = ev.in_title ? title_at : body_at;
      if (at.empty()) at = CodepointOffsets(from);
      r.evidence = CodepointSlice(from, at, ev.evidence_start, ev.evidence_end);
      r.toll_update = SaysTollRose(r.evidence);
      Stmt& q = Q("INSERT INTO events(article, type, mode, date, date_precision, actors, "
                  "targets, location, location_country, location_is_country, fatalities, "
                  "injured, polarity, attribution, ev_start, ev_end, evidence, trigger, "
                  "in_title, toll_update) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,"
                  "?14,?15,?16,?17,?18,?19,?20)");
      q.Bind(1, seq).Bind(2, r.type).BindOrNull(3, r.mode).BindOrNull(4, r.date)
          .BindOrNull(5, r.date_precision).Bind(6, ToJsonList(r.actors))
          .Bind(7, ToJsonList(r.targets)).BindOrNull(8, r.location)
          .BindOrNull(9, r.location_country).Bind(10, r.location_is_country ? 1 : 0)
          .Bind(11, r.fatalities).Bind(12, r.injured).Bind(13, r.polarity)
          .BindOrNull(14, r.attribution).Bind(15, r.evidence_start).Bind(16, r.evidence_end)
          .Bind(17, r.evidence).Bind(18, ev.trigger).Bind(19, ev.in_title ? 1 : 0)
          .Bind(20, r.toll_update ? 1 : 0);
      if (q.Step() != SQLITE_DONE) return Err();
      r.event_row = sqlite3_last_insert_rowid(db_);
      if (reports) reports->push_back(std::move(r));
    }
    return Status::Ok();
  }

  // The WHERE clauses of an event filter over merged_events m; parameters ?1-?10
  // and ?13 (BindEventFilter), shared by Events and CountEvents.
  static std::string EventWhere(const EventFilter& f) {
    std::string sql;
    if (!f.type.empty()) sql += " AND m.type = upper(?1)";
    if (!f.from.empty()) sql += " AND m.date >= ?2";
    if (!f.to.empty()) sql += " AND substr(m.date, 1, 10) <= ?3";
    if (!f.actor.empty())
      sql += " AND EXISTS(SELECT 1 FROM json_each(m.actors) WHERE value IN (" + EntityMatch(4) +
             ") UNION ALL SELECT 1 FROM json_each(m.targets) WHERE value IN (" + EntityMatch(4) +
             "))";
    if (!f.place.empty())
      sql += " AND (m.location IN (" + EntityMatch(5) + ") OR m.location_country IN ("
             "SELECT country FROM entities WHERE id LIKE 'country:%' AND id IN (" +
             EntityMatch(5) + ")))";
    if (f.near)
      sql += " AND distance_km(?6, ?7, (SELECT lat FROM entities WHERE id = m.location), "
             "(SELECT lon FROM entities WHERE id = m.location)) <= ?8";
    if (f.min_sources > 0) sql += " AND m.n_sources >= ?9";
    if (f.story)
      sql += " AND EXISTS(SELECT 1 FROM merged_event_sources s JOIN articles a ON "
             "a.seq = s.article WHERE s.merged = m.id AND a.story_id = ?10)";
    if (!f.source.empty())
      sql += " AND EXISTS(SELECT 1 FROM merged_event_sources s JOIN articles a ON "
             "a.seq = s.article WHERE s.merged = m.id AND marsad_norm(a.source) = "
             "marsad_norm(?13))";
    return sql;
  }

  static void BindEventFilter(Stmt& q, const EventFilter& f) {
    q.Bind(1, f.type).Bind(2, f.from).Bind(3, f.to).Bind(4, f.actor).Bind(5, f.place)
        .Bind(9, f.min_sources).Bind(10, f.story).Bind(11, f.limit > 0 ? f.limit : -1)
        .Bind(12, f.offset).Bind(13, f.source);
    if (f.near) q.Bind(6, f.near->lat).Bind(7, f.near->lon).Bind(8, f.near->km);
  }

  std::vector<std::string> StoryArticles(int64_t story) {
    std::vector<std::string> ids;
    Stmt& q = Q("SELECT id FROM articles WHERE story_id = ?1 ORDER BY published, seq")
                  .Bind(1, story);
    while (q.Row()) ids.push_back(q.Text(0));
    return ids;
  }

  Result<std::vector<MergedEvent>> LoadMerged(const std::vector<int64_t>& ids) {
    std::vector<MergedEvent> out;
    for (int64_t id : ids) {
      Stmt& q = Q("SELECT id, type, mode, date, date_precision, actors, targets, location, "
                  "location_country, location_is_country, fatalities, injured, polarity, "
                  "attribution, n_sources, first_reported, story_id FROM merged_events "
                  "WHERE id = ?1").Bind(1, id);
      if (!q.Row()) continue;
      MergedEvent m;
      m.id = q.Int(0);
      m.type = q.Text(1);
      m.mode = q.Text(2);
      m.date = q.Text(3);
      m.date_precision = q.Text(4);
      m.actors = JsonList(q.Text(5));
      m.targets = JsonList(q.Text(6));
      m.location = q.Text(7);
      m.location_country = q.Text(8);
      m.location_is_country = q.Int(9) != 0;
      m.fatalities = q.OptInt(10);
      m.injured = q.OptInt(11);
      m.polarity = q.Text(12);
      m.attribution = q.Text(13);
      m.n_sources = static_cast<int>(q.Int(14));
      m.first_reported = q.Text(15);
      m.story = q.Int(16);
      Stmt& s = Q("SELECT ev.row, a.id, a.source, a.published, ev.type, ev.mode, ev.date, "
                  "ev.date_precision, ev.polarity, ev.actors, ev.targets, ev.location, "
                  "ev.location_country, ev.location_is_country, ev.attribution, ev.fatalities, "
                  "ev.injured, ev.toll_update, ev.ev_start, ev.ev_end, ev.evidence "
                  "FROM merged_event_sources ms JOIN events ev ON ev.row = ms.event "
                  "JOIN articles a ON a.seq = ms.article WHERE ms.merged = ?1 ORDER BY ev.row")
                    .Bind(1, id);
      while (s.Row()) {
        EventReport r;
        r.event_row = s.Int(0);
        r.article = s.Text(1);
        r.outlet = s.Text(2);
        r.published = s.Text(3);
        r.type = s.Text(4);
        r.mode = s.Text(5);
        r.date = s.Text(6);
        r.date_precision = s.Text(7);
        r.polarity = s.Text(8);
        r.actors = JsonList(s.Text(9));
        r.targets = JsonList(s.Text(10));
        r.location = s.Text(11);
        r.location_country = s.Text(12);
        r.location_is_country = s.Int(13) != 0;
        r.attribution = s.Text(14);
        r.fatalities = s.OptInt(15);
        r.injured = s.OptInt(16);
        r.toll_update = s.Int(17) != 0;
        r.evidence_start = static_cast<int>(s.Int(18));
        r.evidence_end = static_cast<int>(s.Int(19));
        r.evidence = s.Text(20);
        FillReportDate(r);
        m.sources.push_back(std::move(r));
      }
      if (s.rc() != SQLITE_DONE) return Err();
      out.push_back(std::move(m));
    }
    return out;
  }

  sqlite3* db_;
  int wal_fd_ = -1;  // the WAL, for StartWalWriteback (Linux)
  std::unordered_map<const char*, Stmt> cache_;  // keyed by the literal's address
  // Entities this connection has written (committed or in the open
  // transaction), with the PutEntity fields known to be set in their rows.
  std::unordered_map<std::string, uint8_t> entity_fields_;
};

}  // namespace

int SchemaVersion() { return static_cast<int>(SqliteMigrations().size()); }

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, const OpenOptions& opts) {
  struct stat st;
  if (!opts.create && path != ":memory:" && ::stat(path.c_str(), &st) != 0)
    return Status::Error("no database at " + path + " (run marsad ingest first)");
  sqlite3* db = nullptr;
  int flags = opts.read_only ? SQLITE_OPEN_READONLY
                             : SQLITE_OPEN_READWRITE | (opts.create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::Error("cannot open " + path + ": " + msg);
  }
  auto store = std::make_unique<SqliteStore>(db);
  if (Status s = store->Init(opts.read_only); !s.ok())
    return Status::Error(path + ": " + s.message());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace marsad::corpus
