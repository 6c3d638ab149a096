// The store and the ingester: schema versions, idempotent re-ingest, a killed
// ingest resumed without loss or doubles, bad documents, article round trip.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <random>
#include <set>

#include "corpus/format.h"
#include "corpus/ingest_pipeline.h"
#include "corpus/minhash.h"
#include "corpus/terms.h"
#include "corpus/test_util.h"
#include "text/text.h"

namespace marsad::corpus {
namespace {

using testing::Doc;
using testing::Ent;
using testing::TempDir;

// Distinct synthetic articles: random sequences over a small vocabulary, so no
// two are near-duplicates.
std::vector<Document> Generated(int n) {
  const char* words[] = {"المدينة", "الوزير", "اجتماع", "مشروع", "الطريق", "المياه", "الكهرباء",
                         "المدرسة", "السوق", "الميناء", "الشركة", "العمال", "المزارعين", "الموسم",
                         "القطار", "الجسر", "المستشفى", "الجامعة", "البلدية", "المطار", "الحديقة",
                         "النهر", "الجبل", "القرية", "الصيادين", "الطلاب", "المكتبة", "الملعب"};
  std::mt19937 rng(7);
  std::vector<Document> docs;
  for (int i = 0; i < n; ++i) {
    std::string body;
    for (int w = 0; w < 60; ++w) body += std::string(words[rng() % std::size(words)]) + " ";
    char day[16];
    std::snprintf(day, sizeof day, "2024-01-%02d", 1 + i % 28);
    docs.push_back(Doc("gen-" + std::to_string(i), day, "مصدر " + std::to_string(i % 5),
                       "خبر " + std::to_string(i), body));
  }
  return docs;
}

IngestOptions Batch(size_t n) {
  IngestOptions o;
  o.batch = n;
  return o;
}

TEST(Store, SchemaIsVersionedAndNewerDatabasesRefused) {
  TempDir dir;
  const std::string path = dir.File("v.db");
  ASSERT_TRUE(testing::OpenOrDie(path));
  ASSERT_TRUE(testing::OpenOrDie(path));  // reopening applies nothing twice
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*), max(version) FROM schema_version", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), SchemaVersion());
  EXPECT_EQ(sqlite3_column_int(st, 1), SchemaVersion());
  sqlite3_finalize(st);
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "wal");
  sqlite3_finalize(st);
  sqlite3_exec(db, "INSERT INTO schema_version VALUES(999)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto again = OpenSqliteStore(path, {});
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("newer"), std::string::npos);
}

// A database whose signatures were computed with an older MinHash scheme has
// them recomputed when an ingester opens it, so that new articles still find
// their near-duplicates among the old ones.
TEST(Ingest, SignaturesOfAnOlderSchemeAreRecomputed) {
  TempDir dir;
  const std::string path = dir.File("s.db");
  std::vector<Document> docs = Generated(20);
  {
    auto store = testing::OpenOrDie(path);
    ASSERT_TRUE(store);
    ASSERT_EQ(testing::IngestAll(*store, docs).stored, 20u);
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "UPDATE meta SET value = 1 WHERE key = 'minhash_scheme';"
                         "UPDATE articles SET minhash = zeroblob(512);",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);

  auto store = testing::OpenOrDie(path);
  ASSERT_TRUE(store);
  Document copy = docs[3];
  copy.id = "copy";
  copy.body += " المزيد";
  auto st = testing::IngestAll(*store, {copy});
  EXPECT_EQ(st.duplicates, 1u);
  auto scheme = store->GetMeta("minhash_scheme");
  ASSERT_TRUE(scheme.ok());
  EXPECT_EQ(scheme->value_or(0), kSignatureScheme);
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(db, "SELECT body, minhash FROM articles WHERE id = 'gen-3'", -1, &q, nullptr);
  ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
  std::string body(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)));
  std::string blob(static_cast<const char*>(sqlite3_column_blob(q, 1)), sqlite3_column_bytes(q, 1));
  EXPECT_EQ(SignatureFromBlob(blob), Signature(Shingles(NormalizedWords(body), 5), 128));
  sqlite3_finalize(q);
  sqlite3_close(db);
}

TEST(Store, MissingDatabaseIsAClearError) {
  TempDir dir;
  auto s = OpenSqliteStore(dir.File("none.db"), {false, true});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(),
            "no database at " + dir.File("none.db") + " (run marsad ingest first)");
}

TEST(Ingest, ReingestChangesNothing) {
  TempDir dir;
  auto store = testing::OpenOrDie(dir.File("i.db"));
  ASSERT_TRUE(store);
  auto docs = Generated(40);
  Event ev;
  ev.type = "PROTEST";
  ev.evidence_start = 0;
  ev.evidence_end = 7;
  docs[3].events.push_back(ev);
  docs[3].entities.push_back(Ent("place:x", "GPE", "المدينة", "The City", "XX"));
  auto first = testing::IngestAll(*store, docs, Batch(7));
  EXPECT_EQ(first.stored, 40u);
  auto before = store->Stats();
  ASSERT_TRUE(before.ok());
  auto second = testing::IngestAll(*store, docs, Batch(7));
  EXPECT_EQ(second.stored, 0u);
  EXPECT_EQ(second.skipped, 40u);
  auto after = store->Stats();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->articles, before->articles);
  EXPECT_EQ(after->stories, before->stories);
  EXPECT_EQ(after->events, before->events);
  EXPECT_EQ(after->merged_events, before->merged_events);
  EXPECT_EQ(after->entities, before->entities);
  // The same id with other content is reported, not stored twice.
  docs[0].body += " تحديث";
  auto third = testing::IngestAll(*store, {docs[0]});
  EXPECT_EQ(third.changed, 1u);
  EXPECT_EQ(store->Stats()->articles, 40);
}

TEST(Ingest, UnreadableDocumentsAreCountedNotStored) {
  TempDir dir;
  auto store = testing::OpenOrDie(dir.File("e.db"));
  ASSERT_TRUE(store);
  Document bad;
  bad.id = "bad";
  bad.error = "binary file";
  Document empty = Doc("empty", "", "", "", "");
  auto st = testing::IngestAll(*store, {bad, empty});
  EXPECT_EQ(st.errors, 1u);
  EXPECT_EQ(st.stored, 1u);  // an empty body is an article, just a short one
}

TEST(Ingest, KilledMidBatchLosesNothingCommittedAndRerunCompletes) {
  TempDir dir;
  const std::string path = dir.File("k.db");
  const auto docs = Generated(600);
  constexpr size_t kBatch = 50;
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    auto store = OpenSqliteStore(path, {});
    if (!store.ok()) _exit(3);
    bool signalled = false;
    IngestOptions opts;
    opts.batch = kBatch;
    opts.on_commit = [&](size_t) {
      if (!signalled) (void)!write(fds[1], "c", 1), signalled = true;
    };
    auto in = Ingester::Create(**store, opts);
    if (!in.ok()) _exit(4);
    for (const auto& d : docs) {
      if (!(*in)->Add(d).ok()) _exit(5);
      if (signalled) usleep(2000);  // slow down so the kill lands inside a batch
    }
    (void)(*in)->Flush();
    _exit(0);
  }
  close(fds[1]);
  char c;
  ASSERT_EQ(read(fds[0], &c, 1), 1);
  usleep(30000);  // ≈ 15 articles into the second batch
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  close(fds[0]);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child finished before the kill";

  auto store = testing::OpenOrDie(path);
  ASSERT_TRUE(store);
  auto stats = store->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_GE(stats->articles, static_cast<int64_t>(kBatch));
  EXPECT_LT(stats->articles, 600);
  EXPECT_EQ(stats->articles % kBatch, 0) << "a batch was half committed";
  auto stories = store->Stories(0, 0);
  ASSERT_TRUE(stories.ok());
  size_t in_stories = 0;
  for (const auto& s : *stories) in_stories += s.articles.size();
  EXPECT_EQ(in_stories, static_cast<size_t>(stats->articles));

  auto rerun = testing::IngestAll(*store, docs, Batch(kBatch));
  EXPECT_EQ(rerun.skipped, static_cast<size_t>(stats->articles));
  EXPECT_EQ(rerun.stored, 600u - stats->articles);
  EXPECT_EQ(store->Stats()->articles, 600);
  EXPECT_EQ(store->Duplicates()->size(), 0u);
}

// The threaded pipeline stores what the Ingester fed directly stores, in the
// same order: the same duplicates, stories and counts.
TEST(IngestPipeline, SameResultAsDirectIngest) {
  TempDir dir;
  std::vector<Document> docs = Generated(300);
  for (int i = 0; i < 300; i += 7) {  // near-copies of earlier articles
    Document copy = docs[i];
    copy.id += "-copy";
    copy.body += " المزيد";
    docs.push_back(copy);
  }
  Document bad = Doc("bad", "", "", "", "");
  bad.error = "unreadable";
  docs.insert(docs.begin() + 10, bad);

  auto direct = testing::OpenOrDie(dir.File("direct.db"));
  ASSERT_TRUE(direct);
  IngestStats want = testing::IngestAll(*direct, docs, Batch(40));

  auto piped = testing::OpenOrDie(dir.File("piped.db"));
  ASSERT_TRUE(piped);
  auto in = Ingester::Create(*piped, Batch(40));
  ASSERT_TRUE(in.ok());
  {
    IngestPipeline pipeline(**in, Batch(40), 3, 7);  // a small ring: it wraps many times
    // Every other document comes with its body's tokens, as the analysis hands
    // them over; the rest are tokenized by the store.
    for (size_t i = 0; i < docs.size(); ++i)
      pipeline.Push(docs[i], i % 2 ? text::Tokenize(docs[i].body) : std::vector<text::Token>{});
    ASSERT_TRUE(pipeline.Finish().ok());
  }
  const IngestStats& got = (*in)->stats();
  EXPECT_EQ(got.stored, want.stored);
  EXPECT_EQ(got.errors, 1u);
  EXPECT_EQ(got.errors, want.errors);
  EXPECT_EQ(got.duplicates, want.duplicates);
  EXPECT_GT(got.duplicates, 0u);
  auto Dups = [](Store& s) {
    std::vector<std::string> out;
    auto rows = s.Duplicates();
    if (rows.ok())
      for (const auto& d : *rows) out.push_back(d.article + "=" + d.duplicate_of);
    return out;
  };
  EXPECT_EQ(Dups(*piped), Dups(*direct));
  auto Clusters = [](Store& s) {
    std::vector<std::string> out;
    auto rows = s.Stories(0, 0);
    if (rows.ok())
    for (const auto& st : *rows) {
      std::string line = std::to_string(st.id) + ":";
      for (const auto& a : st.articles) line += " " + a;
      out.push_back(line);
    }
    return out;
  };
  EXPECT_EQ(Clusters(*piped), Clusters(*direct));
  auto Found = [](Store& s, const std::string& q) {
    SearchQuery sq;
    sq.text = q;
    sq.limit = 1000;
    std::vector<std::string> out;
    auto hits = s.Search(sq);
    if (hits.ok())
      for (const auto& h : *hits) out.push_back(h.article + " " + h.snippet);
    return out;
  };
  for (const char* q : {"مدينة", "\"الوزير اجتماع\"", "المزيد"}) {
    EXPECT_EQ(Found(*piped, q), Found(*direct, q)) << q;
    EXPECT_FALSE(Found(*piped, q).empty()) << q;
  }
}

TEST(Store, ArticleRoundTripsWithItsAnnotations) {
  TempDir dir;
  auto store = testing::OpenOrDie(dir.File("a.db"));
  ASSERT_TRUE(store);
  Document d = Doc("art", "2024-05-01", "صحيفة", "عنوان", "زار الرئيس مدينة الساحل أمس.");
  d.entities.push_back(Ent("place:sahel", "GPE", "الساحل", "Sahel City", "XX"));
  d.times.push_back({21, 24, "أمس", "2024-04-30", "day"});
  d.numbers.push_back({0, 1, "ثلاثة", 3, false, "قتيل"});
  testing::IngestAll(*store, {d});
  auto got = store->ArticleById("art");
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  const Document& g = **got;
  EXPECT_EQ(g.body, d.body);
  ASSERT_EQ(g.entities.size(), 1u);
  EXPECT_EQ(g.entities[0].name_en, "Sahel City");
  ASSERT_TRUE(g.entities[0].geo);
  EXPECT_EQ(g.entities[0].geo->country, "XX");
  ASSERT_EQ(g.times.size(), 1u);
  EXPECT_EQ(g.times[0].value, "2024-04-30");
  ASSERT_EQ(g.numbers.size(), 1u);
  EXPECT_EQ(g.numbers[0].counts, "قتيل");
  auto ents = store->Entities({});
  ASSERT_TRUE(ents.ok());
  ASSERT_EQ(ents->size(), 1u);
  EXPECT_EQ(ents->front().variants.front().first, "الساحل");
  EXPECT_FALSE(store->ArticleById("nope")->has_value());
}

TEST(Store, AnEntitysMissingFieldsAreFilledByALaterArticle) {
  // The writer skips entities it has stored before unless they bring a field
  // the row lacks: a later article that knows the coordinates or the
  // Wikidata id still fills them in, and nothing later erases them.
  TempDir dir;
  auto store = testing::OpenOrDie(dir.File("e.db"));
  ASSERT_TRUE(store);
  Document a = Doc("a", "2024-05-01", "صحيفة", "", "وصل الوفد إلى مدينة الساحل.");
  Entity bare = Ent("place:sahel", "GPE", "الساحل", "Sahel City");
  a.entities.push_back(bare);
  Document b = Doc("b", "2024-05-02", "صحيفة", "", "غادر الوفد مدينة الساحل صباحاً.");
  b.entities.push_back(Ent("place:sahel", "GPE", "الساحل", "Sahel City", "XX"));
  Document c = Doc("c", "2024-05-03", "صحيفة", "", "عاد الهدوء إلى مدينة الساحل.");
  c.entities.push_back(bare);
  c.entities.back().wikidata = "Q999";
  Document d = Doc("d", "2024-05-04", "صحيفة", "", "زار الوزير مدينة الساحل.");
  d.entities.push_back(bare);
  testing::IngestAll(*store, {a, b});
  testing::IngestAll(*store, {c, d});
  auto row = store->EntityById("place:sahel");
  ASSERT_TRUE(row.ok());
  ASSERT_TRUE(row->has_value());
  ASSERT_TRUE((*row)->geo);
  EXPECT_EQ((*row)->geo->country, "XX");
  EXPECT_EQ((*row)->wikidata, "Q999");
  EXPECT_EQ((*row)->mentions, 4);
  EXPECT_EQ((*row)->articles, 4);
}

TEST(Export, CsvQuotingFollowsRfc4180) {
  const struct {
    const char* in;
    const char* out;
  } cases[] = {{"plain", "plain"},
               {"a,b", "\"a,b\""},
               {"say \"no\"", "\"say \"\"no\"\"\""},
               {"line\nbreak", "\"line\nbreak\""},
               {"", ""}};
  for (const auto& c : cases) EXPECT_EQ(CsvField(c.in), c.out) << c.in;
}

}  // namespace
}  // namespace marsad::corpus
