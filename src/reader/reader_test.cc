// Tests of the reader: format detection, JSON/JSONL articles, encodings,
// files and directories. Documents are our own short Arabic sentences.
#include "reader/reader.h"

#include <gtest/gtest.h>

#include "base/temp_dir.h"
#include <unicode/ucnv.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "reader/internal.h"

namespace marsad::reader {
namespace {

using marsad::testing::TempDir;

namespace fs = std::filesystem;

const std::string kSentence = "افتتحت البلدية حديقة عامة جديدة في وسط المدينة.";
const std::string kSentence2 = "وقالت إن الحديقة ستبقى مفتوحة للزوار طوال أيام الأسبوع.";
// Paragraphs long and plain enough for the HTML classifier to keep them.
const std::string kPara1 =
    "قال رئيس البلدية في حفل الافتتاح إن هذه الحديقة هي الأولى من بين عشر حدائق ستفتح في الأحياء "
    "الشعبية خلال العامين المقبلين، وأضاف أن العمل فيها استمر أكثر من سنة بسبب تأخر وصول المعدات.";
const std::string kPara2 =
    "وأوضح أن البلدية تعمل مع الجمعيات المحلية على زراعة الأشجار في كل شارع من شوارع المدينة، كما "
    "أشار إلى أن السكان الذين يرغبون في المشاركة يمكنهم التسجيل لدى مكتب البلدية قبل نهاية الشهر.";

// One line per article: input | error or text | fields, for whole-result asserts.
std::string Describe(const std::vector<RawArticle>& as) {
  std::string out;
  for (const auto& a : as) {
    out += a.input + " | ";
    if (!a.error.empty()) {
      out += "ERROR " + a.error.substr(0, a.error.find(':') == std::string::npos ? a.error.size()
                                                                                : a.error.find(':'));
    } else {
      out += a.text;
      if (a.id) out += " | id=" + *a.id;
      if (a.title) out += " | title=" + *a.title;
      if (a.published) out += " | published=" + *a.published;
      if (a.source) out += " | source=" + *a.source;
      if (a.url) out += " | url=" + *a.url;
      for (const auto& t : a.tags) out += " | tag=" + t;
    }
    out += "\n";
  }
  return out;
}


std::vector<RawArticle> ReadAll(const std::vector<std::string>& inputs, const Options& opts = {}) {
  std::vector<RawArticle> out;
  ReadInputs(inputs, opts, [&](RawArticle&& a) { out.push_back(std::move(a)); });
  return out;
}

TEST(DetectFormat, FromContent) {
  const std::vector<std::pair<std::string, Format>> cases = {
      {"[{\"text\": \"" + kSentence + "\"}]", Format::kJson},
      {"\xEF\xBB\xBF \n [ ]", Format::kJson},
      {"{\"text\": \"أ\"}\n{\"text\": \"ب\"}\n", Format::kJsonl},
      {"{\"text\": \"أ\"}\r\n{\"text\": \"ب\"}", Format::kJsonl},
      {"{\n  \"text\": \"أ\",\n  \"meta\": {\n    \"a\": 1\n  }\n}", Format::kJson},
      {"{\"text\": \"أ\"}", Format::kJson},
      {"<!DOCTYPE html><html><body><p>" + kSentence + "</p></body></html>", Format::kHtml},
      {"  <div dir=\"rtl\">" + kSentence + "</div>", Format::kHtml},
      {"<<عاجل>> " + kSentence, Format::kText},
      {kSentence, Format::kText},
      {"", Format::kText},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(DetectFormat(in), want) << in;
}

TEST(ParseFormat, Names) {
  Format f;
  EXPECT_TRUE(ParseFormat("jsonl", &f));
  EXPECT_EQ(f, Format::kJsonl);
  EXPECT_FALSE(ParseFormat("xml", &f));
}

TEST(ReadBuffer, PlainText) {
  auto as = ReadBuffer(kSentence + "\n" + kSentence2 + "\n", "a.txt", {});
  EXPECT_EQ(Describe(as), "a.txt | " + kSentence + "\n" + kSentence2 + "\n\n");
  EXPECT_FALSE(as[0].from_html);
}

TEST(ReadBuffer, JsonArrayWithBadItems) {
  const std::string doc = R"([
    {"id": 7, "title": "حديقة جديدة", "text": ")" + kSentence + R"(", "published": "2015-07-21 10:00:00",
     "source": "صحيفة المدينة", "url": "https://example.org/1", "tags": "بلدية، حدائق, مدن"},
    42,
    {"title": "بلا نص", "text": "  "},
    {"id": "x-2", "content": ")" + kSentence2 + R"(", "date": "Tue, 21 Jul 2015 10:00:00 +0300",
     "tags": ["بيئة", "مدن"]},
    {"body": ")" + kSentence + R"(", "source": "", "id": 3.5}
  ])";
  auto as = ReadBuffer(doc, "batch.json", {});
  EXPECT_EQ(Describe(as),
            "batch.json#1 | " + kSentence +
                " | id=7 | title=حديقة جديدة | published=2015-07-21 | source=صحيفة المدينة"
                " | url=https://example.org/1 | tag=بلدية | tag=حدائق | tag=مدن\n"
                "batch.json#2 | ERROR item is not a JSON object\n"
                "batch.json#3 | ERROR item has no text (\"text\", \"content\" or \"body\")\n"
                "batch.json#4 | " + kSentence2 + " | id=x-2 | published=2015-07-21 | tag=بيئة | tag=مدن\n"
                "batch.json#5 | " + kSentence + " | id=3.5\n");
}

TEST(ReadBuffer, SingleObjectIsOneArticle) {
  auto as = ReadBuffer("{\n  \"title\": \"خبر\",\n  \"text\": \"" + kSentence + "\"\n}\n", "one.json", {});
  EXPECT_EQ(Describe(as), "one.json | " + kSentence + " | title=خبر\n");
}

// SaudiNewsNet-style objects: date_extracted is the scrape time, not publication.
TEST(ReadBuffer, DateExtractedIsNotPublished) {
  auto as = ReadBuffer(R"([{"source": "x", "date_extracted": "2015-07-21 02:51:32", "author": "مراسل",
                           "content": ")" + kSentence + "\"}]",
                       "snn.json", {});
  ASSERT_EQ(as.size(), 1u);
  EXPECT_FALSE(as[0].published.has_value());
  EXPECT_EQ(as[0].text, kSentence);
}

TEST(ReadBuffer, UnknownDateKeptWithWarning) {
  auto as = ReadBuffer(R"({"text": ")" + kSentence + R"(", "published": "الثلاثاء 21 تموز"})", "d.json", {});
  ASSERT_EQ(as.size(), 1u);
  EXPECT_EQ(as[0].published.value_or(""), "الثلاثاء 21 تموز");
  ASSERT_EQ(as[0].warnings.size(), 1u);
  EXPECT_EQ(as[0].warnings[0], "date not understood, kept as given: الثلاثاء 21 تموز");
}

TEST(NormalizeDate, Forms) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"2015-07-21", "2015-07-21"},
      {"2015-07-21T10:00:00+03:00", "2015-07-21"},
      {"2015-07-21 10:00:00", "2015-07-21"},
      {"2015/7/1", "2015-07-01"},
      {"21/07/2015", "2015-07-21"},
      {"21-07-2015 08:00", "2015-07-21"},
      {"Tue, 21 Jul 2015 10:00:00 +0300", "2015-07-21"},
      {"Tue, 21 Jul 2015", "2015-07-21"},
      {"July 21, 2015", "2015-07-21"},
      {"21 September 2023", "2023-09-21"},
      {"٢٠١٥-٠٧-٢١", "2015-07-21"},
      {"2015-02-29", ""},
      {"2015-13-01", ""},
      {"07/21/2015", ""},
      {"20150721", ""},
      {"yesterday", ""},
  };
  for (const auto& [in, want] : cases) {
    std::string got;
    if (!internal::NormalizeDate(in, &got)) got = "";
    EXPECT_EQ(got, want) << in;
  }
}

TEST(ReadBuffer, JsonlWithBrokenLine) {
  const std::string doc = "{\"id\": 1, \"text\": \"" + kSentence + "\"}\n" +
                          "{\"id\": 2, \"text\": \"" + kSentence2 + "\n" +  // unterminated string
                          "\n" +
                          "{\"id\": 3, \"text\": \"" + kSentence2 + "\"}\n";
  auto as = ReadBuffer(doc, "feed.jsonl", {});
  EXPECT_EQ(Describe(as), "feed.jsonl#1 | " + kSentence + " | id=1\n" +
                              "feed.jsonl#2 | ERROR invalid JSON\n" +
                              "feed.jsonl#4 | " + kSentence2 + " | id=3\n");
  EXPECT_EQ(as[1].error.rfind("invalid JSON: [json.exception.parse_error", 0), 0u) << as[1].error;
}

TEST(ReadBuffer, InvalidJsonFileIsOneError) {
  auto as = ReadBuffer("[{\"text\": \"" + kSentence + "\"}, {\"text\": ", "bad.json", {});
  ASSERT_EQ(as.size(), 1u);
  EXPECT_EQ(as[0].input, "bad.json");
  EXPECT_EQ(as[0].error.rfind("invalid JSON: [json.exception.parse_error.101]", 0), 0u) << as[0].error;
}

TEST(ReadBuffer, JsonTextHoldingHtml) {
  const std::string html = "<div><p>" + kPara1 + "</p><p>" + kPara2 + "</p></div>";
  nlohmann::json j = {{"title", "عنوان الملف"}, {"text", html}};
  auto as = ReadBuffer("[" + j.dump() + "]", "h.json", {});
  ASSERT_EQ(as.size(), 1u);
  EXPECT_EQ(as[0].error, "");
  EXPECT_TRUE(as[0].from_html);
  EXPECT_EQ(as[0].title.value_or(""), "عنوان الملف");
  EXPECT_EQ(as[0].text, kPara1 + "\n" + kPara2);
}

TEST(ReadBuffer, ForcedFormatWins) {
  Options opts;
  opts.format = Format::kText;
  const std::string doc = "[{\"text\": \"" + kSentence + "\"}]";
  EXPECT_EQ(Describe(ReadBuffer(doc, "f", opts)), "f | " + doc + "\n");
}

// ---- Encodings ---------------------------------------------------------------------
TEST(ToUtf8, ValidPassesAndBomDropped) {
  std::string out;
  std::vector<std::string> w;
  ASSERT_TRUE(ToUtf8("\xEF\xBB\xBF" + kSentence, &out, &w));
  EXPECT_EQ(out, kSentence);
  EXPECT_TRUE(w.empty());
}

TEST(ToUtf8, CrlfAndCrBecomeLf) {
  std::string out;
  std::vector<std::string> w;
  ASSERT_TRUE(ToUtf8("سطر أول\r\nسطر ثان\rسطر ثالث\r\n", &out, &w));
  EXPECT_EQ(out, "سطر أول\nسطر ثان\nسطر ثالث\n");
}

TEST(ToUtf8, InvalidBytesRepaired) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"خبر\xFF" "عاجل", "خبر\uFFFDعاجل|invalid UTF-8 repaired (1 bytes replaced)"},
      // A truncated 3-byte sequence is one replacement (two bytes).
      {"خبر \xE2\x80 عاجل", "خبر \uFFFD عاجل|invalid UTF-8 repaired (2 bytes replaced)"},
      {"نهاية\xD8", "نهاية\uFFFD|invalid UTF-8 repaired (1 bytes replaced)"},
      // Overlong encoding and a UTF-16 surrogate are not UTF-8 either.
      {"a\xC0\xAF" "b\xED\xA0\x80", "a\uFFFD\uFFFDb\uFFFD\uFFFD\uFFFD|invalid UTF-8 repaired (5 bytes replaced)"},
  };
  for (const auto& [in, want] : cases) {
    std::string out;
    std::vector<std::string> w;
    ASSERT_TRUE(ToUtf8(in, &out, &w));
    ASSERT_EQ(w.size(), 1u);
    EXPECT_EQ(out + "|" + w[0], want);
  }
}

std::string ToCodepage(const char* cp, const std::string& utf8) {
  UErrorCode err = U_ZERO_ERROR;
  std::string out(utf8.size() * 2 + 4, '\0');
  int32_t n = ucnv_convert(cp, "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                           static_cast<int32_t>(utf8.size()), &err);
  EXPECT_TRUE(U_SUCCESS(err));
  out.resize(n);
  return out;
}

TEST(ToUtf8, Windows1256Converted) {
  const std::string arabic = kSentence + "\r\n" + kSentence2 + " (2023)";
  const std::string cp1256 = ToCodepage("windows-1256", arabic);
  ASSERT_NE(cp1256, arabic);
  std::string out;
  std::vector<std::string> w;
  ASSERT_TRUE(ToUtf8(cp1256, &out, &w));
  EXPECT_EQ(out, kSentence + "\n" + kSentence2 + " (2023)");
  EXPECT_EQ(w, std::vector<std::string>{"converted from windows-1256"});
  // Through ReadBuffer the warning reaches the article.
  auto as = ReadBuffer(cp1256, "old.txt", {});
  ASSERT_EQ(as.size(), 1u);
  EXPECT_EQ(as[0].warnings, std::vector<std::string>{"converted from windows-1256"});
}

TEST(ToUtf8, Utf16WithBomConverted) {
  const std::string le = "\xFF\xFE" + ToCodepage("UTF-16LE", kSentence);
  const std::string be = "\xFE\xFF" + ToCodepage("UTF-16BE", kSentence);
  std::string out;
  std::vector<std::string> w;
  ASSERT_TRUE(ToUtf8(le, &out, &w));
  EXPECT_EQ(out, kSentence);
  ASSERT_TRUE(ToUtf8(be, &out, &w));
  EXPECT_EQ(out, kSentence);
  EXPECT_EQ(w, (std::vector<std::string>{"converted from UTF-16LE", "converted from UTF-16BE"}));
}

TEST(ReadBuffer, BinaryAndEmptyAreErrors) {
  std::string png = "\x89PNG\r\n\x1a\n";
  png += std::string("\0\0\0\rIHDR", 8);
  std::string controls(100, 'a');
  for (int i = 0; i < 20; ++i) controls[i * 5] = '\x01';
  const std::vector<std::pair<std::string, std::string>> cases = {
      {png, "f | ERROR binary file, not an article\n"},
      {controls, "f | ERROR binary file, not an article\n"},
      {"", "f | ERROR empty input\n"},
      {" \n\t\r\n  ", "f | ERROR empty input\n"},
      {"\xEF\xBB\xBF\n", "f | ERROR empty input\n"},
      {"[]", "f | ERROR JSON array holds no articles\n"},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(Describe(ReadBuffer(in, "f", {})), want);
}

// ---- Files and directories -------------------------------------------------------
TEST(ReadInputs, DirectoryRecursiveSortedSkippingHidden) {
  TempDir dir;
  dir.Write("b/z.txt", "زاي");
  dir.Write("a.txt", "ألف");
  dir.Write("b/c/x.txt", "خاء");
  dir.Write(".hidden.txt", "مخفي");
  dir.Write(".git/y.txt", "مخفي");
  dir.Write("c.json", "[{\"text\": \"جيم١\"}, {\"text\": \"جيم٢\"}]");
  dir.Write("d.txt", "");
  auto as = ReadAll({dir.path()});
  std::string got;
  for (const auto& a : as)
    got += fs::path(a.input).lexically_relative(dir.path()).string() + "=" +
           (a.error.empty() ? a.text : a.error) + "\n";
  EXPECT_EQ(got,
            "a.txt=ألف\n"
            "b/c/x.txt=خاء\n"
            "b/z.txt=زاي\n"
            "c.json#1=جيم١\n"
            "c.json#2=جيم٢\n"
            "d.txt=empty input\n");
}

TEST(ReadInputs, OversizedFileRefusedUnread) {
  TempDir dir;
  const std::string big = dir.Write("big.txt", std::string(100, 'x'));
  const std::string small = dir.Write("small.txt", kSentence);
  Options opts;
  opts.max_bytes = 64;
  auto as = ReadAll({big, small}, opts);
  ASSERT_EQ(as.size(), 2u);
  EXPECT_EQ(as[0].input, big);
  EXPECT_EQ(as[0].error, "file is larger than 64 bytes (100 bytes)");
  EXPECT_EQ(as[1].error, "file is larger than 64 bytes (" + std::to_string(kSentence.size()) + " bytes)");
  EXPECT_EQ(internal::TooLargeMessage(50u << 20, 60000000), "file is larger than 50 MB (60000000 bytes)");
}

TEST(ReadInputs, MissingPathIsAnErrorArticle) {
  TempDir dir;
  const std::string missing = dir.File("nope.txt");
  const std::string ok = dir.Write("ok.txt", kSentence);
  auto as = ReadAll({missing, ok});
  ASSERT_EQ(as.size(), 2u);
  EXPECT_EQ(as[0].error.rfind("cannot open: " + missing, 0), 0u) << as[0].error;
  EXPECT_EQ(as[1].text, kSentence);
}

TEST(ReadInputs, UnreadableFileIsAnErrorArticle) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads everything";
  TempDir dir;
  const std::string p = dir.Write("locked.txt", kSentence);
  fs::permissions(p, fs::perms::none);
  auto as = ReadAll({p});
  ASSERT_EQ(as.size(), 1u);
  EXPECT_EQ(as[0].error.rfind("cannot open: " + p, 0), 0u) << as[0].error;
}

}  // namespace
}  // namespace marsad::reader
