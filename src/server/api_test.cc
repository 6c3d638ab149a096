// Every API route on a small corpus of hand-written articles, called without
// sockets: the shapes of the answers, and 400/404/405 with a JSON reason for
// bad parameters, unknown ids and routes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "corpus/test_util.h"
#include "server/api.h"

namespace marsad::server {
namespace {

using corpus::testing::Doc;
using corpus::testing::Ent;
using nlohmann::json;

Document Report(std::string id, std::string day, std::string outlet, std::string body, long dead) {
  Document d = Doc(std::move(id), day, std::move(outlet), "قصف على بلدة الشجرة", std::move(body));
  Entity place = Ent("place:shajara", "GPE", "الشجرة", "al-Shajara", "SY");
  place.mentions = {{19, 25, "الشجرة"}};
  Entity army = Ent("org:north_army", "ORG", "جيش الشمال", "Northern Army");
  army.mentions = {{0, 9, "جيش الشمال"}};
  d.entities = {place, army};
  d.times.push_back({26, 31, "أمس", day, "day"});
  Event ev;
  ev.type = "ASSAULT";
  ev.date = {day, "day"};
  ev.actors = {"org:north_army"};
  ev.location = "place:shajara";
  ev.fatalities = dead;
  ev.evidence_start = 0;
  ev.evidence_end = 40;
  d.events.push_back(ev);
  return d;
}

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new corpus::testing::TempDir;
    db_ = dir_->File("api.db");
    auto store = corpus::testing::OpenOrDie(db_);
    ASSERT_TRUE(store);
    Document xss = Doc("xss-1", "2024-03-01", "موقع التجربة", "عنوان <b>عريض</b>",
                       "نص فيه <script>alert(1)</script> و<img src=x onerror=alert(2)> للتجربة.");
    corpus::testing::IngestAll(
        *store, {Report("r1", "2024-03-10", "وكالة الأنباء الأولى",
                        "جيش الشمال يقصف بلدة الشجرة أمس ويقتل ثلاثة مدنيين في غارة.", 3),
                 Report("r2", "2024-03-20", "جريدة المساء",
                        "جيش الشمال يعاود قصف بلدة الشجرة أمس ويقتل خمسة من سكانها.", 5),
                 xss,
                 // An id with a slash and a URL-ish shape, as a JSON input may give.
                 Doc("site/2024/03/report", "2024-03-02", "موقع التجربة", "خبر قصير",
                     "اجتمع المجلس البلدي لمناقشة الميزانية السنوية.")});
    pool_ = StorePool::Sqlite(db_).release();
    api_ = new Api(*pool_, {});
  }
  static void TearDownTestSuite() {
    delete api_;
    delete pool_;
    delete dir_;
  }

  static Response Get(const std::string& path, std::multimap<std::string, std::string> p = {}) {
    return api_->Handle({"GET", path, std::move(p)});
  }
  static json Body(const Response& r) { return json::parse(r.body); }

  static corpus::testing::TempDir* dir_;
  static std::string db_;
  static StorePool* pool_;
  static Api* api_;
};

corpus::testing::TempDir* ApiTest::dir_ = nullptr;
std::string ApiTest::db_;
StorePool* ApiTest::pool_ = nullptr;
Api* ApiTest::api_ = nullptr;

TEST_F(ApiTest, EventsWithFiltersAndPaging) {
  Response r = Get("/api/events");
  ASSERT_EQ(r.status, 200) << r.body;
  json j = Body(r);
  EXPECT_EQ(j["total"], 2);
  ASSERT_EQ(j["events"].size(), 2u);
  EXPECT_EQ(j["events"][0]["type"], "ASSAULT");
  EXPECT_EQ(j["events"][0]["geo"]["country"], "SY");
  EXPECT_EQ(j["events"][0]["actors"][0]["name_en"], "Northern Army");
  EXPECT_TRUE(j["next_offset"].is_null());

  j = Body(Get("/api/events", {{"limit", "1"}}));
  EXPECT_EQ(j["events"].size(), 1u);
  EXPECT_EQ(j["next_offset"], 1);
  j = Body(Get("/api/events", {{"limit", "1"}, {"offset", "1"}}));
  EXPECT_EQ(j["events"][0]["date"]["value"], "2024-03-20");

  EXPECT_EQ(Body(Get("/api/events", {{"from", "2024-03-15"}}))["total"], 1);
  EXPECT_EQ(Body(Get("/api/events", {{"to", "2024-03-15"}}))["total"], 1);
  EXPECT_EQ(Body(Get("/api/events", {{"type", "assault"}}))["total"], 2);
  EXPECT_EQ(Body(Get("/api/events", {{"type", "PROTEST"}}))["total"], 0);
  EXPECT_EQ(Body(Get("/api/events", {{"actor", "Northern Army"}}))["total"], 2);
  EXPECT_EQ(Body(Get("/api/events", {{"place", "place:shajara"}}))["total"], 2);
  EXPECT_EQ(Body(Get("/api/events", {{"outlet", "جريدة المساء"}}))["total"], 1);
  EXPECT_EQ(Body(Get("/api/events", {{"near", "40,47,10"}}))["total"], 2);
  EXPECT_EQ(Body(Get("/api/events", {{"near", "10,10,10"}}))["total"], 0);
  EXPECT_EQ(Body(Get("/api/events", {{"min_sources", "2"}}))["total"], 0);
}

TEST_F(ApiTest, BadParametersAre400WithTheReason) {
  struct Case {
    std::string path, key, value, reason;
  } cases[] = {
      {"/api/events", "type", "PICNIC", "unknown event type 'PICNIC'"},
      {"/api/events", "from", "2024-13-01", "from wants a date YYYY-MM-DD"},
      {"/api/events", "to", "2024-02-30", "to wants a date YYYY-MM-DD"},
      {"/api/events", "from", "yesterday", "from wants a date YYYY-MM-DD"},
      {"/api/events", "limit", "0", "limit wants an integer from 1 to 10000"},
      {"/api/events", "limit", "99999999999", "limit wants an integer from 1 to 10000"},
      {"/api/events", "limit", "12abc", "limit wants an integer from 1 to 10000"},
      {"/api/events", "offset", "-1", "offset wants an integer from 0 to 2000000000"},
      {"/api/events", "near", "91,0,5", "near wants LAT,LON,KM (e.g. 39.8,46.75,50)"},
      {"/api/events", "near", "1,2", "near wants LAT,LON,KM (e.g. 39.8,46.75,50)"},
      {"/api/events", "min_sources", "x", "min_sources wants an integer from 0 to 1000"},
      {"/api/events", "colour", "red", "unknown parameter 'colour'"},
      {"/api/events", "actor", std::string(600, 'a'), "parameter 'actor' is too long"},
      {"/api/events", "actor", "\xff\xfe", "parameter 'actor' is not valid UTF-8"},
      {"/api/search", "q", "", "q is required"},
      {"/api/search", "q", "OR", "the search has no word to look for"},
      {"/api/search", "limit", "500", "limit wants an integer from 1 to 200"},
      {"/api/entities", "type", "ANIMAL", "type wants PERSON, ORG, GPE, LOC or FAC"},
      {"/api/stories", "limit", "-3", "limit wants an integer from 1 to 1000"},
      {"/api/export", "format", "xlsx", "format wants csv, geojson or jsonl"},
      {"/api/events/abc", "", "", "event id wants a positive integer"},
      {"/api/stories/1x", "", "", "story id wants a positive integer"},
      {"/api/config", "x", "1", "unknown parameter 'x'"},
  };
  for (const auto& c : cases) {
    std::multimap<std::string, std::string> p;
    if (!c.key.empty()) p.emplace(c.key, c.value);
    Response r = Get(c.path, p);
    EXPECT_EQ(r.status, 400) << c.path << " " << c.key << "=" << c.value;
    json j = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r.body;
    EXPECT_EQ(j["status"], 400);
    if (!c.reason.empty()) EXPECT_EQ(j["error"], c.reason) << c.path << " " << c.key;
    else EXPECT_FALSE(j["error"].get<std::string>().empty());
  }
  Response twice = api_->Handle({"GET", "/api/events", {{"type", "AID"}, {"type", "AGREE"}}});
  EXPECT_EQ(twice.status, 400);
  EXPECT_EQ(Body(Get("/api/events", {{"from", "2024-03-20"}, {"to", "2024-03-01"}}))["error"],
            "from is after to");
}

TEST_F(ApiTest, UnknownRoutesIdsAndMethods) {
  EXPECT_EQ(Get("/api/nothing").status, 404);
  EXPECT_EQ(Body(Get("/api/nothing"))["status"], 404);
  EXPECT_EQ(Get("/api/events/999").status, 404);
  EXPECT_EQ(Get("/api/stories/999").status, 404);
  EXPECT_EQ(Get("/api/articles/none").status, 404);
  EXPECT_EQ(Get("/api/entities/place:none").status, 404);
  Response post = api_->Handle({"POST", "/api/events", {}});
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(Body(post)["status"], 405);
}

TEST_F(ApiTest, EventByIdHasEverySourceWithEvidenceAndTitle) {
  int64_t id = Body(Get("/api/events"))["events"][0]["id"];
  Response r = Get("/api/events/" + std::to_string(id));
  ASSERT_EQ(r.status, 200) << r.body;
  json j = Body(r);
  ASSERT_EQ(j["sources"].size(), 1u);
  const json& s = j["sources"][0];
  EXPECT_EQ(s["article"], "r1");
  EXPECT_EQ(s["evidence"]["start"], 0);
  EXPECT_EQ(s["evidence"]["end"], 40);
  EXPECT_EQ(s["source"], "وكالة الأنباء الأولى");
  EXPECT_EQ(s["title"], "قصف على بلدة الشجرة");
  EXPECT_FALSE(s["text"].get<std::string>().empty());
}

TEST_F(ApiTest, ArticleWithAnnotationsAsOffsets) {
  Response r = Get("/api/articles/r1");
  ASSERT_EQ(r.status, 200) << r.body;
  json j = Body(r);
  EXPECT_EQ(j["published"], "2024-03-10");
  EXPECT_EQ(j["names"]["place:shajara"]["name_en"], "al-Shajara");
  ASSERT_EQ(j["annotations"].size(), 4u);  // event, army, place, time; by start
  EXPECT_EQ(j["annotations"][0]["start"], 0);
  std::set<std::string> kinds;
  int last = 0;
  for (const auto& a : j["annotations"]) {
    kinds.insert(a["kind"].get<std::string>());
    EXPECT_GE(a["start"].get<int>(), last);
    last = a["start"];
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"entity", "event", "time"}));
  EXPECT_EQ(j["events"][0]["evidence"]["end"], 40);
  // Untrusted text comes back as data: JSON strings, never altered into markup.
  json x = Body(Get("/api/articles/xss-1"));
  EXPECT_NE(x["body"].get<std::string>().find("<script>alert(1)</script>"), std::string::npos);
  EXPECT_EQ(x["title"], "عنوان <b>عريض</b>");
}

TEST_F(ApiTest, ArticleIdsMayHoldSlashes) {
  Response r = Get("/api/articles/site/2024/03/report");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["title"], "خبر قصير");
  EXPECT_EQ(Get("/api/events/1/2").status, 404);  // numeric ids do not
}

TEST_F(ApiTest, EntitiesAndOneEntityWithVariantsAndTimeline) {
  json list = Body(Get("/api/entities", {{"type", "gpe"}}));
  ASSERT_EQ(list["entities"].size(), 1u);
  EXPECT_EQ(list["entities"][0]["id"], "place:shajara");
  Response r = Get("/api/entities/place:shajara");
  ASSERT_EQ(r.status, 200) << r.body;
  json e = Body(r);
  EXPECT_EQ(e["mentions"], 2);
  EXPECT_EQ(e["variants"][0]["text"], "الشجرة");
  ASSERT_EQ(e["timeline"].size(), 2u);
  EXPECT_EQ(e["timeline"][0]["day"], "2024-03-10");
  EXPECT_EQ(e["articles"].size(), 2u);
  EXPECT_EQ(e["events"].size(), 2u);
}

TEST_F(ApiTest, StoriesAndOneStoryWithItsEvents) {
  json list = Body(Get("/api/stories"));
  ASSERT_FALSE(list["stories"].empty());
  int64_t with_events = 0;
  for (const auto& s : list["stories"]) {
    json one = Body(Get("/api/stories/" + std::to_string(s["story"].get<int64_t>())));
    EXPECT_EQ(one["story"], s["story"]);
    EXPECT_EQ(one["articles"].size(), s["articles"].size());
    with_events += one["events"].size();
  }
  EXPECT_EQ(with_events, 2);
}

TEST_F(ApiTest, SearchHighlightsAsOffsets) {
  // "قصف" matches the inflected "يقصف" too (stemmed); offsets are code points.
  Response r = Get("/api/search", {{"q", "قصف"}});
  ASSERT_EQ(r.status, 200) << r.body;
  json j = Body(r);
  ASSERT_GE(j["hits"].size(), 2u);
  for (const auto& h : j["hits"]) {
    ASSERT_FALSE(h["highlights"].empty()) << h.dump();
    EXPECT_EQ(h["snippet"].get<std::string>().find("\xEE\x80\x80"), std::string::npos);
  }
  EXPECT_EQ(Body(Get("/api/search", {{"q", "قصف"}, {"outlet", "جريدة المساء"}}))["hits"].size(), 1u);
  EXPECT_EQ(Body(Get("/api/search", {{"q", "سكانها"}}))["hits"][0]["article"], "r2");
}

TEST_F(ApiTest, ExportCsvAndGeoJson) {
  Response csv = Get("/api/export", {{"format", "csv"}});
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 3);  // header + 2
  Response geo = Get("/api/export", {{"format", "geojson"}, {"from", "2024-03-15"}});
  ASSERT_EQ(geo.status, 200);
  json g = Body(geo);
  EXPECT_EQ(g["type"], "FeatureCollection");
  EXPECT_EQ(g["features"].size(), 1u);
  bool attachment = false;
  for (const auto& [k, v] : geo.headers) attachment |= k == "Content-Disposition";
  EXPECT_TRUE(attachment);
}

TEST_F(ApiTest, ConfigListsTypesOutletsAndTiles) {
  json j = Body(Get("/api/config"));
  EXPECT_EQ(j["types"].size(), 16u);
  EXPECT_EQ(j["outlets"].size(), 3u);
  EXPECT_TRUE(j["tiles"].is_null());
  EXPECT_EQ(j["stats"]["articles"], 4);
}

TEST(StorePoolTest, MissingDatabaseIs503NotACrash) {
  auto pool = StorePool::Sqlite("/nonexistent/x.db");
  Api api(*pool, {});
  Response r = api.Handle({"GET", "/api/events", {}});
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(json::parse(r.body)["status"], 503);
}

}  // namespace
}  // namespace marsad::server
