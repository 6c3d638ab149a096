// ToJson: valid JSON with the contract's field order, nlohmann's escapes and
// number spellings (the writer replaced a nlohmann DOM and must not change a byte).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "marsad/pipeline.h"

namespace marsad {
namespace {

Document Sample() {
  Document d;
  d.id = "abc";
  d.input = "in.txt";
  d.title = "عنوان \"مقتبس\"";
  d.published = {"2023-09-19", "day", "dateline"};
  d.body = std::string("سطر\tأول\n\x01\\ نهاية \xff", 38);
  Entity e;
  e.id = "Q1";
  e.type = "LOC";
  e.name = "بيروت";
  e.name_en = "Beirut";
  e.geo = Geo{33.0, 35.5, "LB"};
  e.mentions.push_back({0, 3, "سطر"});
  d.entities.push_back(e);
  d.numbers.push_back({0, 1, "2.5", 2.5, true, ""});
  d.numbers.push_back({2, 3, "3", 3, false, "قتلى"});
  Event ev;
  ev.type = "ASSAULT";
  ev.fatalities = 3;
  d.events.push_back(ev);
  return d;
}

TEST(ToJson, IsValidJsonInContractOrder) {
  const std::string out = ToJson(Sample());
  auto j = nlohmann::ordered_json::parse(out);  // throws (fails) when invalid
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"id", "input", "title", "published", "source", "url", "tags", "body",
                                            "removed", "appended", "entities", "times", "numbers", "events"}));
  EXPECT_EQ(j["title"], "عنوان \"مقتبس\"");
  EXPECT_TRUE(j["source"].is_null());
  EXPECT_EQ(j["events"][0]["fatalities"], 3);
  EXPECT_TRUE(j["events"][0]["injured"].is_null());
  EXPECT_EQ(j["numbers"][1]["counts"], "قتلى");
}

TEST(ToJson, EscapesAndNumbersAsNlohmannWritesThem) {
  const Document d = Sample();
  const std::string out = ToJson(d);
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(out);
  // Re-dumping the parsed object with nlohmann gives the very same bytes.
  EXPECT_EQ(j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace), out);
  EXPECT_NE(out.find(R"(\t)"), std::string::npos);
  EXPECT_NE(out.find(R"(\u0001)"), std::string::npos);
  EXPECT_NE(out.find("\xEF\xBF\xBD"), std::string::npos) << "invalid byte replaced by U+FFFD";
  EXPECT_NE(out.find(R"("lat":33.0)"), std::string::npos);
  EXPECT_NE(out.find(R"("value":2.5)"), std::string::npos);
  EXPECT_NE(out.find(R"("value":3,)"), std::string::npos);
}

TEST(ToJson, ErrorDocumentHasOnlyIdInputErrorWarnings) {
  Document d;
  d.id = "x";
  d.input = "bad.json";
  d.error = "invalid JSON: here";
  d.warnings = {"w"};
  EXPECT_EQ(ToJson(d), R"({"id":"x","input":"bad.json","error":"invalid JSON: here","warnings":["w"]})");
}

}  // namespace
}  // namespace marsad
