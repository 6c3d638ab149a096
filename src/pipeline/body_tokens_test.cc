// Pipeline::Analyze with body_tokens: the tokens handed over are those of the
// returned document's body, whichever stage the analysis stops at, and the
// document is the same as without them.
#include <gtest/gtest.h>

#include "marsad/pipeline.h"
#include "text/text.h"

namespace marsad {
namespace {

std::string Key(const std::vector<text::Token>& tokens) {
  std::string out;
  for (const auto& t : tokens)
    out += std::to_string(t.begin) + "-" + std::to_string(t.end) + ":" + t.norm + "|" + t.bare +
           " ";
  return out;
}

TEST(Pipeline, HandsOverTheBodyTokens) {
  RawArticle raw;
  raw.input = "tokens.txt";
  raw.title = "افتتاح جسر جديد";
  raw.published = "2024-03-02";
  raw.text =
      "افتتح وزير النقل صباح الخميس جسراً جديداً فوق النهر، بطول 1.2 كيلومتر.\n"
      "وقال الوزير إن المشروع كلّف 40 مليون دينار، وسيخدم 15 ألف سيارة يومياً.";
  for (const char* until : {"clean", "text", "entities", "events"}) {
    PipelineOptions opts;
    opts.until = until;
    auto p = Pipeline::Create(opts);
    ASSERT_TRUE(p.ok()) << p.status().message();
    std::vector<text::Token> tokens = {text::Token{}};  // replaced, not appended to
    Document with = (*p)->Analyze(raw, &tokens);
    Document without = (*p)->Analyze(raw);
    EXPECT_EQ(ToJson(with), ToJson(without)) << until;
    if (std::string(until) == "clean") {
      EXPECT_TRUE(tokens.empty());
    } else {
      EXPECT_FALSE(tokens.empty()) << until;
      EXPECT_EQ(Key(tokens), Key(text::Tokenize(with.body))) << until;
    }
  }
}

}  // namespace
}  // namespace marsad
