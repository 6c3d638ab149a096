// Table-driven tests of the text layer: folds, offset maps, tokens and
// proclitics, clitic splits, light stemming and sentence splitting. Every
// expected value is one canonical string; all sentences are written for these
// tests.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "text/text.h"

namespace marsad::text {
namespace {

// ---- Normalize ------------------------------------------------------------------
struct NormCase {
  const char* input;
  const char* expected;
};

const NormCase kNormCases[] = {
    {"أحمد", "احمد"},
    {"إسلام", "اسلام"},
    {"آمال", "امال"},
    {"ٱلرحمن", "الرحمن"},
    {"مستشفى", "مستشفي"},
    {"مدرسة", "مدرسه"},
    {"کیف", "كيف"},               // Persian kaf and yeh
    {"خانۀ", "خانه"},             // heh with yeh above
    {"جـــميل", "جميل"},           // tatweel
    {"مُحَمَّدٌ", "محمد"},            // harakat, shadda, tanwin
    {"هٰذا", "هذا"},               // superscript alef
    {"قديرۖ", "قدير"},             // Quranic small high ligature
    {"مؤتمر رئيس", "مؤتمر رئيس"},  // hamza on waw and yeh is kept
    {"٢٠٢٣", "2023"},
    {"۱۴۰۲", "1402"},
    {"Saudi ARAMCO", "saudi aramco"},
    {"\uFE8D\uFEDF\uFEB4\uFEFC\uFEE1", "السلام"},  // presentation forms with final lam-alef
    {"\uFEFB", "لا"},                              // isolated lam-alef: 1 char → 2
    {"\uFEF7", "لا"},                              // lam-alef with hamza, then alef fold
    {"\uFDF2", "الله"},                            // word ligature
    {"قال \uFE70 نعم", "قال  نعم"},                // isolated fathatan: no stray space
    {"می\u200Cخواهم", "ميخواهم"},                  // ZWNJ dropped
    {"\u200Fنص\u200E", "نص"},                     // RLM, LRM dropped
    {"ا\u0654حمد", "احمد"},                        // decomposed hamza composes, then folds
    {"مو\u0654تمر", "مؤتمر"},                      // decomposed waw-hamza composes and is kept
    {"ا\xFFب", "ا\uFFFDب"},                        // invalid byte
    {"\xD8", "\uFFFD"},                            // truncated sequence
    {"نص\u00A0آخر", "نص\u00A0اخر"},                // NBSP is not touched
    {"", ""},
};

TEST(Normalize, Folds) {
  for (const auto& c : kNormCases) {
    EXPECT_EQ(Normalize(c.input).text, c.expected) << c.input;
    EXPECT_EQ(NormalizeString(c.input), c.expected) << c.input;
  }
}

struct OptionCase {
  bool NormalizeOptions::*flag;
  const char* input;
  const char* expected_off;  // the result with only this option switched off
};

const OptionCase kOptionCases[] = {
    {&NormalizeOptions::fold_alef, "أحمد إلى", "أحمد إلي"},
    {&NormalizeOptions::fold_yaa, "على مستشفى", "على مستشفى"},
    {&NormalizeOptions::fold_taa_marbuta, "مدرسة", "مدرسة"},
    {&NormalizeOptions::strip_diacritics, "مُحمد", "مُحمد"},
    {&NormalizeOptions::strip_tatweel, "جـميل", "جـميل"},
    {&NormalizeOptions::fold_persian, "کیف", "کیف"},
    {&NormalizeOptions::fold_digits, "٣ ۴", "٣ ۴"},
    {&NormalizeOptions::lowercase_latin, "ABC", "ABC"},
    {&NormalizeOptions::presentation_forms, "\uFEFB", "\uFEFB"},
    {&NormalizeOptions::strip_format, "می\u200Cروم", "مي\u200Cروم"},
};

TEST(Normalize, EachOptionSwitchesItsFold) {
  for (const auto& c : kOptionCases) {
    NormalizeOptions o;
    o.*c.flag = false;
    EXPECT_EQ(Normalize(c.input, o).text, c.expected_off) << c.input;
  }
}

// "<char>@<original byte offset> ... |<to_orig.back()>", one entry per
// normalized code point; also checks that all bytes of a code point agree.
std::string MapDump(std::string_view input) {
  const Normalized n = Normalize(input);
  std::string out;
  for (size_t i = 0; i < n.text.size();) {
    const size_t start = i;
    DecodeUtf8(n.text, i);
    for (size_t k = start; k < i; ++k) {
      if (n.to_orig[k] != n.to_orig[start]) return "split code point at " + std::to_string(k);
    }
    out += n.text.substr(start, i - start) + "@" + std::to_string(n.to_orig[start]) + " ";
  }
  return out + "|" + std::to_string(n.to_orig.back());
}

const NormCase kMapCases[] = {
    {"مُحَمَّد", "م@0 ح@4 م@8 د@14 |16"},
    {"\uFEFB", "ل@0 ا@0 |3"},
    {"أ١", "ا@0 1@2 |4"},
    {"Aـب", "a@0 ب@3 |5"},
    {"\xFF", "\uFFFD@0 |1"},
    {"ا\u0654", "ا@0 |4"},
    {"ش\u200Cم", "ش@0 م@5 |7"},
};

TEST(Normalize, OffsetMap) {
  for (const auto& c : kMapCases) EXPECT_EQ(MapDump(c.input), c.expected) << c.input;
}

TEST(Normalize, MapIsMonotoneAndSized) {
  for (const auto& c : kNormCases) {
    const Normalized n = Normalize(c.input);
    ASSERT_EQ(n.to_orig.size(), n.text.size() + 1) << c.input;
    EXPECT_EQ(n.to_orig.back(), std::string_view(c.input).size()) << c.input;
    for (size_t i = 0; i + 1 < n.to_orig.size(); ++i) EXPECT_LE(n.to_orig[i], n.to_orig[i + 1]) << c.input;
  }
}

// ---- Tokenize -------------------------------------------------------------------
// "K:norm[b,e)" or "K:prefix+bare[b,e)@bare_begin", offsets in code points.
std::string TokenDump(std::string_view input) {
  const CodepointIndex cps(input);
  std::string out;
  for (const Token& t : Tokenize(input)) {
    static const char kKinds[] = "WNLP";
    if (!out.empty()) out += ' ';
    out += kKinds[static_cast<int>(t.kind)];
    out += ':';
    out += t.prefix.empty() ? t.norm : t.prefix + "+" + t.bare;
    out += "[" + std::to_string(cps.ToCodepoint(t.begin)) + "," + std::to_string(cps.ToCodepoint(t.end)) + ")";
    if (!t.prefix.empty()) out += "@" + std::to_string(cps.ToCodepoint(t.bare_begin));
    if (t.prefix + t.bare != t.norm) out += "!BROKEN";
    if (t.prefix.empty() && t.bare_begin != t.begin) out += "!BAREBEGIN";
  }
  return out;
}

const NormCase kTokenCases[] = {
    {"بروسيا", "W:ب+روسيا[0,6)@1"},
    {"والحكومة", "W:وال+حكومه[0,8)@3"},
    {"للسلام", "W:لل+سلام[0,6)@2"},
    // bare is only a candidate: single-letter proclitics are stripped when 3
    // letters remain, so names lose their first letter; CliticSplits keeps them.
    {"فرنسا", "W:ف+رنسا[0,5)@1"},
    {"بيروت", "W:ب+يروت[0,5)@1"},
    {"ولكن", "W:و+لكن[0,4)@1"},         // not ول+كن: 2 letters are too few without the article
    {"وألمانيا", "W:و+المانيا[0,8)@1"},  // أ starts the name, it is not the article
    {"الله", "W:ال+له[0,4)@2"},
    {"لله", "W:لله[0,3)"},
    {"كتب", "W:كتب[0,3)"},
    {"وبالتالي", "W:وبال+تالي[0,8)@4"},
    // Diacritics between the clitics and the stem belong to the clitics.
    {"وَالْحُكُومَةُ", "W:وال+حكومه[0,14)@5"},
    {"1,000 و3.5 ٣٫٥ ١٢٣", "N:1,000[0,5) W:و[6,7) N:3.5[7,10) N:3.5[11,14) N:123[15,18)"},
    {"1,000.", "N:1,000[0,5) P:.[5,6)"},
    {"10:30", "N:10[0,2) P::[2,3) N:30[3,5)"},
    {"قال: «نعم»، ثم؟", "W:قال[0,3) P::[3,4) P:«[5,6) W:نعم[6,9) P:»[9,10) P:،[10,11) W:ثم[12,14) P:؟[14,15)"},
    {"می\u200Cروم", "W:ميروم[0,6)"},       // ZWNJ inside a word
    {"سلام\u200C ", "W:سلام[0,4)"},        // ZWNJ at the end is not part of the word
    {"عبد\u00A0الله", "W:عبد[0,3) W:ال+له[4,8)@6"},
    {"COVID-19 G20", "L:covid[0,5) P:-[5,6) N:19[6,8) L:g20[9,12)"},
    {"ـــ", ""},  // a tatweel rule has no letters
    {"ب3", "W:ب[0,1) N:3[1,2)"},
    {"\uFEFB", "W:لا[0,1)"},
    {"ا\xFFب", "W:ا[0,1) W:ب[2,3)"},
    {"  \t\n", ""},
};

TEST(Tokenize, Table) {
  for (const auto& c : kTokenCases) EXPECT_EQ(TokenDump(c.input), c.expected) << c.input;
}

TEST(Tokenize, BareBeginIsOriginalByteOffset) {
  const std::string s = "قال وَالْحُكُومَةُ";
  const auto toks = Tokenize(s);
  ASSERT_EQ(toks.size(), 2u);
  EXPECT_EQ(s.substr(toks[1].bare_begin, 2), "ح");
}

// ---- CliticSplits ---------------------------------------------------------------
std::string SplitDump(std::string_view w) {
  std::string out;
  for (const auto& [prefix, rest] : CliticSplits(w)) {
    if (!out.empty()) out += ' ';
    out += std::string(prefix) + "+" + std::string(rest);
  }
  return out;
}

const NormCase kSplitCases[] = {
    {"فرنسا", "+فرنسا ف+رنسا"},  // the whole word is tried first
    {"بيروت", "+بيروت ب+يروت"},
    {"للسلام", "+للسلام ل+لسلام لل+سلام"},
    {"وبالتالي", "+وبالتالي و+بالتالي وب+التالي وبال+تالي"},
    {"كتب", "+كتب ك+تب"},
    {"لا", "+لا"},
    {"والله", "+والله و+الله وال+له"},
};

TEST(CliticSplits, Table) {
  for (const auto& c : kSplitCases) EXPECT_EQ(SplitDump(c.input), c.expected) << c.input;
}

// The splits Tokenize stores in each token are those of its norm.
TEST(CliticSplits, StoredInTokensAgree) {
  const std::string text =
      "وبالتالي فإن للسلام والله بيروت وفرنسا ولللاجئين فللمدينة وكالة الأنباء، 2023 Reuters «كتب»";
  for (const Token& t : Tokenize(text)) {
    const auto a = CliticSplits(std::string_view(t.norm));
    const auto b = CliticSplits(t);
    ASSERT_EQ(a.size(), b.size()) << t.norm;
    for (size_t k = 0; k < a.size(); ++k) {
      EXPECT_EQ(a[k].first, b[k].first) << t.norm;
      EXPECT_EQ(a[k].second, b[k].second) << t.norm;
    }
  }
}

// ---- LightStem ------------------------------------------------------------------
const NormCase kStemCases[] = {
    {"سياراتها", "سيار"}, {"مدرسين", "مدرس"}, {"لبنانيه", "لبنان"}, {"كتابه", "كتاب"},
    {"بي", "بي"},         {"فيه", "في"},      {"معلمون", "معلم"},
};

TEST(LightStem, Table) {
  for (const auto& c : kStemCases) EXPECT_EQ(LightStem(c.input), c.expected) << c.input;
}

// ---- SplitSentences -------------------------------------------------------------
std::string SentenceDump(std::string_view s) {
  std::string out;
  for (const Range& r : SplitSentences(s)) {
    if (!out.empty()) out += " | ";
    out += std::string(s.substr(r.begin, r.end - r.begin));
  }
  return out;
}

const NormCase kSentenceCases[] = {
    {"قال الوزير. وأضاف أن", "قال الوزير. | وأضاف أن"},
    {"هل انتهى؟ نعم!", "هل انتهى؟ | نعم!"},
    {"بلغ النمو 3.5 في المئة. ثم", "بلغ النمو 3.5 في المئة. | ثم"},
    {"دفع 1.000 ريال", "دفع 1.000 ريال"},
    {"قال: «انتهى الأمر.» ثم غادر.", "قال: «انتهى الأمر.» | ثم غادر."},
    {"He said \"done.\" Then left.", "He said \"done.\" | Then left."},
    {"قالت: “هذا كاف!” ومضت", "قالت: “هذا كاف!” | ومضت"},
    {"السطر الأول\n\n\nالسطر الثاني", "السطر الأول | السطر الثاني"},
    {"أ. د. محمد علي حضر.", "أ. د. محمد علي حضر."},
    {"The U.S. economy grew. Next", "The U.S. economy grew. | Next"},
    {"عاجل.. انفجار في المدينة.. والشرطة تحقق", "عاجل.. | انفجار في المدينة.. | والشرطة تحقق"},
    // Regression: the second dot of ".." was judged alone and split before إن.
    {"قال..إن الأمر", "قال..إن الأمر"},
    {"وماذا بعد... لا أحد يعلم", "وماذا بعد... | لا أحد يعلم"},
    {"انتهى...", "انتهى..."},
    {"انتظر… ثم", "انتظر… | ثم"},
    {"زوروا example.com اليوم", "زوروا example.com اليوم"},
    {"أولا؛ ثانيا", "أولا؛ | ثانيا"},
    {"حقا؟!» قال", "حقا؟!» | قال"},
    {"نص (مهم). بعده", "نص (مهم). | بعده"},
    {"a; b", "a; | b"},
    {"في عام 2015. وقال", "في عام 2015. | وقال"},
    {"سطر\r\nسطر", "سطر | سطر"},
    {"نهاية.وبداية", "نهاية. | وبداية"},
    {"النسبة ٣٫٥٪ فقط.", "النسبة ٣٫٥٪ فقط."},
    {"  \n  \n", ""},
    {"  مسافات حولها.  ", "مسافات حولها."},
};

TEST(SplitSentences, Table) {
  for (const auto& c : kSentenceCases) EXPECT_EQ(SentenceDump(c.input), c.expected) << c.input;
}

// The block index answers what a per-byte table does, at every offset, for
// texts of every length around the block size, with stray continuation
// bytes, 2-, 3- and 4-byte sequences and invalid bytes.
TEST(CodepointIndex, AgreesWithPerByteCount) {
  const std::string pieces[] = {"a", "\xD8\xB3", "\xE2\x80\x8F", "\xF0\x9F\x98\x80", "\x80", "\xFF", " "};
  uint32_t seed = 7;
  for (int len = 0; len < 300; ++len) {
    std::string s;
    for (int k = 0; k < len; ++k) {
      seed = seed * 1103515245u + 12345u;
      s += pieces[(seed >> 16) % 7];
    }
    const CodepointIndex idx(s);
    CodepointCursor cursor(s);
    int cp = -1;
    for (size_t i = 0; i <= s.size() + 2; ++i) {
      int want;
      if (i < s.size()) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++cp;
        want = cp < 0 ? 0 : cp;
      } else {
        want = cp + 1;
      }
      ASSERT_EQ(idx.ToCodepoint(i), want) << "length " << s.size() << " offset " << i;
      ASSERT_EQ(cursor.ToCodepoint(i), want) << "cursor, length " << s.size() << " offset " << i;
      if (i % 3 == 0) ASSERT_EQ(cursor.ToCodepoint(i), want) << "cursor asked twice";
    }
  }
}

}  // namespace
}  // namespace marsad::text
