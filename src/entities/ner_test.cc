// Tests of the NER tagger: CoNLL formats, BIO spans, scoring, learning a tiny
// hand-written dataset, model save/load and corrupt model files. All samples
// are written here; nothing from ../shared.
#include "entities/ner.h"
#include "entities/ner_lexicon.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "entities/ner_features.h"

namespace marsad::entities {
namespace {

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

std::string SpansString(const std::vector<NerSpan>& spans) {
  std::string out;
  for (const auto& s : spans)
    out += (out.empty() ? "" : " ") + s.type + "[" + std::to_string(s.begin_token) + "," + std::to_string(s.end_token) + ")";
  return out;
}

std::string CorpusString(const NerCorpus& c) {
  std::string out;
  // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on
  // "{" + std::string&& once this is inlined.
  for (const auto& s : c.sentences) out.append("{").append(Join(s.words)).append(" | ").append(Join(s.tags)).append("}");
  return out;
}

// ---- CoNLL formats -----------------------------------------------------------------
TEST(ParseConll, Formats) {
  struct Case {
    const char* name;
    const char* input;
    ConllFormat format;
    const char* expected;
  };
  const Case cases[] = {
      {"anercorp-splits-at-stops", "زار B-PERS\nسمير I-PERS\nبيروت B-LOC\n. O\nثم O\nعاد O\n",
       ConllFormat::kAnercorp, "{زار سمير بيروت . | B-PER I-PER B-LOC O}{ثم عاد | O O}"},
      {"anercorp-auto-detected", "ذهب O\nإلى O\nالقاهرة B-LOC\n؟ O\n", ConllFormat::kAuto,
       "{ذهب إلى القاهرة ؟ | O O B-LOC O}"},
      {"anercorp-empty-token-skipped", "رام B-LOC\n O\nالله I-LOC\n", ConllFormat::kAnercorp,
       "{رام الله | B-LOC I-LOC}"},
      {"conll-blank-lines-and-mis", "نهر B-LOC\nالنيل I-LOC\n\nلغة O\nعربية B-MIS\n", ConllFormat::kAuto,
       "{نهر النيل | B-LOC I-LOC}{لغة عربية | O B-MISC}"},
      {"conll-crlf", "منظمة B-ORG\r\nالصحة I-ORG\r\n\r\n", ConllFormat::kConll, "{منظمة الصحة | B-ORG I-ORG}"},
      {"wojood-gpe-to-loc-others-o", "وصل O\nإلى O\nدمشق B-GPE\nيوم B-DATE\nالسبت I-DATE\n\n",
       ConllFormat::kWojood, "{وصل إلى دمشق يوم السبت | O O B-LOC O O}"},
      // The outer entity is not one of ours, so the nested ORG counts.
      {"wojood-nested-inner-type", "مدير B-OCC\nشركة I-OCC B-ORG\nالنور I-OCC I-ORG\n\n", ConllFormat::kAuto,
       "{مدير شركة النور | O B-ORG I-ORG}"},
      {"unknown-tag-is-o", "كلمة X-FOO\nأخرى B\n\n", ConllFormat::kConll, "{كلمة أخرى | O O}"},
  };
  for (const Case& c : cases) EXPECT_EQ(CorpusString(ParseConll(c.input, c.format)), c.expected) << c.name;
}

TEST(ParseConll, MalformedInputDoesNotCrash) {
  const char* inputs[] = {"", "\n\n\n", "onlytoken\n", " \t \n", "\xff\xfe B-PER\n", "a B-\nb I-\n"};
  for (const char* in : inputs) {
    const NerCorpus c = ParseConll(in, ConllFormat::kAuto);
    for (const auto& s : c.sentences) EXPECT_EQ(s.words.size(), s.tags.size());
  }
}

TEST(SplitTail, CutsAtSentenceBoundary) {
  // 10 lines, 4 sentences starting at lines 1, 4, 6, 9; the tail starts at the
  // first sentence beginning at or after line 8 (80% of 10 lines).
  const NerCorpus c = ParseConll("أ O\nب O\n. O\nج O\n. O\nد O\nه O\n. O\nو O\n. O\n", ConllFormat::kAnercorp);
  const auto [head, tail] = SplitTail(c, 0.2);
  EXPECT_EQ(head.size(), 3u);
  ASSERT_EQ(tail.size(), 1u);
  EXPECT_EQ(Join(tail[0].words), "و .");
}

// ---- Spans ----------------------------------------------------------------------
TEST(BioToSpans, Table) {
  struct Case {
    std::string tags, expected;
  };
  const Case cases[] = {
      {"B-PER I-PER O B-LOC", "PER[0,2) LOC[3,4)"},
      {"I-ORG I-ORG O", "ORG[0,2)"},                 // broken I- without B- starts a span
      {"B-PER I-LOC I-LOC", "PER[0,1) LOC[1,3)"},     // type change inside
      {"B-LOC B-LOC I-LOC", "LOC[0,1) LOC[1,3)"},     // adjacent spans
      {"O O", ""},
      {"B-MISC O I-PER", "MISC[0,1) PER[2,3)"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> tags;
    std::istringstream in(c.tags);
    for (std::string t; in >> t;) tags.push_back(t);
    EXPECT_EQ(SpansString(BioToSpans(tags)), c.expected) << c.tags;
    EXPECT_EQ(SpansString(BioToSpans(SpansToBio(BioToSpans(tags), int(tags.size())))), c.expected) << c.tags;
  }
}

// ---- Scoring ------------------------------------------------------------------------
TEST(NerScore, HandMadeExample) {
  // gold: PER[0,2) LOC[3,4) ORG[5,7) MISC[8,9); predicted: PER[0,2) (hit),
  // LOC[3,5) (wrong span), ORG[5,7) (hit), PER[9,10) (false), MISC ignored.
  const std::vector<NerSpan> gold = {{0, 2, "PER", 1}, {3, 4, "LOC", 1}, {5, 7, "ORG", 1}, {8, 9, "MISC", 1}};
  const std::vector<NerSpan> pred = {{0, 2, "PER", 1}, {3, 5, "LOC", 1}, {5, 7, "ORG", 1}, {9, 10, "PER", 1}, {7, 8, "MISC", 1}};
  NerScore s;
  s.Add(gold, pred);
  EXPECT_EQ(s.all.tp, 2);
  EXPECT_EQ(s.all.fp, 2);
  EXPECT_EQ(s.all.fn, 1);
  EXPECT_NEAR(s.all.Precision(), 0.5, 1e-9);
  EXPECT_NEAR(s.all.Recall(), 2.0 / 3, 1e-9);
  EXPECT_NEAR(s.all.F1(), 4.0 / 7, 1e-9);
  EXPECT_EQ(s.per.tp, 1);
  EXPECT_EQ(s.per.fp, 1);
  EXPECT_EQ(s.loc.fn, 1);
  EXPECT_EQ(s.loc.fp, 1);
  EXPECT_EQ(s.org.tp, 1);
}

// ---- Training on a tiny dataset ------------------------------------------------------
// Written for this test: a handful of news-like sentences in CoNLL form.
constexpr const char* kTinyCorpus =
    "قال O\nالرئيس O\nسليم B-PER\nعواد I-PER\nفي O\nمدينة O\nحمص B-LOC\n. O\n"
    "وأعلنت O\nشركة B-ORG\nالنخيل I-ORG\nعن O\nمشروع O\nفي O\nحلب B-LOC\n. O\n"
    "والتقى O\nالوزير O\nكريم B-PER\nناصر I-PER\nوفدا O\nمن O\nبنك B-ORG\nالسنابل I-ORG\n. O\n"
    "وزار O\nسليم B-PER\nعواد I-PER\nحلب B-LOC\nأمس O\n. O\n";

std::shared_ptr<const NerModel> TinyModel(bool second_pass) {
  const NerCorpus c = ParseConll(kTinyCorpus, ConllFormat::kAnercorp);
  NerTrainOptions opt;
  opt.epochs = 12;
  opt.bucket_bits = 16;
  opt.second_pass = second_pass;
  opt.folds = 2;
  return NerModel::Train(c.sentences, opt, nullptr);
}

TEST(NerModel, LearnsTinyDataset) {
  const NerCorpus c = ParseConll(kTinyCorpus, ConllFormat::kAnercorp);
  for (bool second : {false, true}) {
    auto model = TinyModel(second);
    const NerScore s = Evaluate(*model, c.sentences);
    EXPECT_EQ(s.all.F1(), 1.0) << "second pass " << second << "\n" << s.Format();
    const auto spans = model->TagWords({{"قال", "الرئيس", "سليم", "عواد", "في", "مدينة", "حمص", "."}});
    ASSERT_EQ(spans.size(), 1u);
    EXPECT_EQ(SpansString(spans[0]), "PER[2,4) LOC[6,7)");
    for (const auto& sp : spans[0]) {
      EXPECT_GT(sp.score, 0.0);
      EXPECT_LE(sp.score, 1.0);
    }
  }
}

TEST(NerModel, TagSplitsSentencesAndOffsetsSpans) {
  auto model = TinyModel(true);
  std::vector<text::Token> tokens;
  for (const char* w : {"قال", "الرئيس", "سليم", "عواد", ".", "وزار", "سليم", "عواد", "حلب", "أمس", "."})
    tokens.push_back(WordToken(w));
  EXPECT_EQ(SpansString(model->Tag(tokens)), "PER[2,4) PER[6,8) LOC[8,9)");
  // Gazetteer bits of the wrong length are ignored, not read out of bounds.
  const std::vector<uint8_t> short_bits(3, kGazPlace);
  EXPECT_EQ(SpansString(model->Tag(tokens, &short_bits)), "PER[2,4) PER[6,8) LOC[8,9)");
  EXPECT_TRUE(model->Tag({}).empty());
}

// ---- Model files ---------------------------------------------------------------------
std::string TempPath(const char* name) {
  return (std::filesystem::temp_directory_path() / (std::string("marsad_ner_test_") + name)).string();
}

TEST(NerModel, SaveLoadRoundTrip) {
  auto model = TinyModel(true);
  const std::string path = TempPath("roundtrip.bin");
  ASSERT_TRUE(model->Save(path).ok());
  auto loaded = NerModel::Load(path, {});
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ((*loaded)->Serialize(), model->Serialize());
  const NerCorpus c = ParseConll(kTinyCorpus, ConllFormat::kAnercorp);
  for (const auto& s : c.sentences)
    EXPECT_EQ(SpansString((*loaded)->TagWords({s.words})[0]), SpansString(model->TagWords({s.words})[0]));
  std::filesystem::remove(path);
}

TEST(NerModel, OBiasIsStoredAndOnlyAddsNames) {
  auto model = TinyModel(true);
  EXPECT_EQ(model->o_bias(), 0.f);
  auto biased = model->WithOBias(1e6f);
  EXPECT_EQ(biased->o_bias(), 1e6f);
  auto loaded = NerModel::FromBytes(biased->Serialize(), nullptr);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ((*loaded)->o_bias(), 1e6f);
  // A huge bias leaves no token outside a name; zero gives back the model.
  const std::vector<std::string> words = {"قال", "الرئيس", "سليم", "عواد", "في", "مدينة", "حمص", "."};
  const auto tags = SpansToBio((*loaded)->TagWords({words})[0], int(words.size()));
  EXPECT_EQ(std::count(tags.begin(), tags.end(), "O"), 0) << Join(tags);
  EXPECT_EQ(SpansString(biased->WithOBias(0)->TagWords({words})[0]), "PER[2,4) LOC[6,7)");
  EXPECT_EQ(model->WithOBias(std::nanf(""))->o_bias(), 0.f);
}

// A bias on one type's B- label (stored in the transitions) makes names of
// that type only, survives saving, and zero changes nothing.
TEST(NerModel, TypeBiasAddsNamesOfThatTypeOnly) {
  auto model = TinyModel(true);
  const std::vector<std::string> words = {"قال", "الرئيس", "سليم", "عواد", "في", "مدينة", "حمص", "."};
  const std::string plain = SpansString(model->TagWords({words})[0]);
  EXPECT_EQ(SpansString(model->WithTypeBias({0, 0, 0})->TagWords({words})[0]), plain);
  auto loaded = NerModel::FromBytes(model->WithTypeBias({0, 1e6f, 0})->Serialize(), nullptr);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const auto tags = SpansToBio((*loaded)->TagWords({words})[0], int(words.size()));
  EXPECT_EQ(std::count(tags.begin(), tags.end(), "B-ORG"), int(words.size())) << Join(tags);
  // A non-finite bias is ignored.
  EXPECT_EQ(SpansString(model->WithTypeBias({std::nanf(""), 0, 0})->TagWords({words})[0]), plain);
}

TEST(NerModel, CorruptFilesAreErrors) {
  const std::string good = TinyModel(false)->Serialize();
  std::vector<std::pair<std::string, std::string>> cases = {
      {"empty", ""},
      {"garbage", "not a model at all, just text"},
      {"truncated", good.substr(0, good.size() / 2)},
      {"no-checksum", good.substr(0, good.size() - 8)},
  };
  std::string flipped = good;
  flipped[flipped.size() / 2] ^= 0x5A;
  cases.push_back({"flipped-byte", flipped});
  for (const auto& [name, bytes] : cases) {
    auto m = NerModel::FromBytes(bytes, nullptr);
    EXPECT_FALSE(m.ok()) << name;
  }
  EXPECT_FALSE(NerModel::Load(TempPath("does_not_exist.bin"), {}).ok());
}

// ---- Word lexicon (clusters.tsv) -----------------------------------------------------------
TEST(NerLexicon, PackAndPrefixes) {
  NerLexiconEntry e;
  e.path = 0b011'101'000'111'010;  // 3 5 0 7 2
  e.depth = 5;
  e.per = 3, e.org = 1, e.loc = 2, e.def = 0, e.freq = 2;
  const uint32_t p = PackLexiconEntry(e);
  const NerLexiconEntry back = UnpackLexiconEntry(p);
  EXPECT_EQ(back.path, e.path);
  EXPECT_EQ(back.depth, 5);
  EXPECT_EQ(back.per, 3);
  EXPECT_EQ(back.org, 1);
  EXPECT_EQ(back.loc, 2);
  EXPECT_EQ(back.def, 0);
  EXPECT_EQ(back.freq, 2);
  EXPECT_EQ(LexiconPathPrefix(p, 1), (1u << 16) | 3u);
  EXPECT_EQ(LexiconPathPrefix(p, 2), (2u << 16) | 035u);
  EXPECT_EQ(LexiconPathPrefix(p, 0), 0u << 16);
  EXPECT_EQ(LexiconPathPrefix(0, 3), 0u);  // no entry
  e.depth = 2;  // a shallow path: deeper prefixes stop at its depth
  EXPECT_EQ(LexiconPathPrefix(PackLexiconEntry(e), 4), (2u << 16) | 035u);
}

TEST(NerLexicon, ParsesTableAndBuckets) {
  const std::string table =
      "word\tpath\tcount\tper\torg\tloc\tdef\n"
      "سمير\t35072\t400\t120\t0\t1\t0\n"
      "النخيل\t1\t30\t0\t9\t0\t25\n";
  auto lex = ParseNerLexicon(table, "t.tsv");
  ASSERT_TRUE(lex.ok()) << lex.status().message();
  ASSERT_EQ(lex->size(), 2u);
  const NerLexiconEntry a = UnpackLexiconEntry(lex->at(ner_internal::HashString("سمير")));
  EXPECT_EQ(a.depth, 5);
  EXPECT_EQ(a.path >> 12, 3);
  EXPECT_EQ(a.per, 3);  // 30% of its uses follow a title
  EXPECT_EQ(a.org, 0);
  EXPECT_EQ(a.loc, 0);  // a single hit is not evidence
  EXPECT_EQ(a.freq, 2);
  const NerLexiconEntry b = UnpackLexiconEntry(lex->at(ner_internal::HashString("النخيل")));
  EXPECT_EQ(b.depth, 1);
  EXPECT_EQ(b.org, 3);
  EXPECT_EQ(b.def, 3);
}

TEST(NerLexicon, MalformedLinesAreRejectedWithLine) {
  const char* head = "word\tpath\tcount\tper\torg\tloc\tdef\n";
  const std::pair<const char*, const char*> cases[] = {
      {"bad-digit", "سمير\t3807\t5\t0\t0\t0\t0\n"},
      {"too-deep", "سمير\t123456\t5\t0\t0\t0\t0\n"},
      {"not-a-count", "سمير\t12\tعشرة\t0\t0\t0\t0\n"},
      {"negative", "سمير\t12\t5\t-1\t0\t0\t0\n"},
      {"missing-field", "سمير\t12\t5\t0\t0\t0\n"},
  };
  for (const auto& [name, row] : cases) {
    auto lex = ParseNerLexicon(std::string(head) + "حلب\t1\t9\t0\t0\t3\t0\n" + row, "t.tsv");
    ASSERT_FALSE(lex.ok()) << name;
    EXPECT_NE(lex.status().message().find("t.tsv:3"), std::string::npos) << name << ": " << lex.status().message();
  }
  EXPECT_FALSE(LoadNerLexicon(TempPath("no_such_clusters.tsv")).ok());
}

TEST(NerLexicon, NewsWordCountsAreReadAndMalformedLinesRejected) {
  const std::string head = "word\tpath\tcount\tper\torg\tloc\tdef\n";
  const std::string good = TempPath("counts_good.tsv"), bad = TempPath("counts_bad.tsv");
  std::ofstream(good) << head << "مدينة\t12\t9000\t0\t0\t400\t50\n";
  std::ofstream(bad) << head << "حلب\t1\t9\t0\t0\t3\t0\n" << "سمير\t12\tعشرة\t0\t0\t0\t0\n";
  auto counts = LoadNewsWordCounts(good);
  ASSERT_TRUE(counts.ok()) << counts.status().message();
  ASSERT_EQ(counts->count(text::NormalizeString("مدينة")), 1u);
  EXPECT_EQ(counts->at(text::NormalizeString("مدينة")).count, 9000);
  EXPECT_EQ(counts->at(text::NormalizeString("مدينة")).loc, 400);
  auto broken = LoadNewsWordCounts(bad);
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find(":3: not a count"), std::string::npos) << broken.status().message();
  EXPECT_FALSE(LoadNewsWordCounts(TempPath("no_such_counts.tsv")).ok());
}

TEST(NerLexicon, BuildsTableFromText) {
  // Written for this test: names after titles, clubs after نادي, towns after مدينة.
  std::vector<std::string> texts;
  for (int i = 0; i < 6; ++i) {
    texts.push_back("قال الرئيس سمير إن نادي النسور فاز في مدينة حمص أمس");
    texts.push_back("والتقى الشيخ سمير بلاعبي نادي الصقور في مدينة حلب");
    texts.push_back("وزار الرئيس نادر مدينة حمص ثم مدينة حلب");
  }
  texts.push_back("ووصل الوفد");
  NerClusterOptions opt;
  opt.min_count = 6;
  opt.depth = 2;
  const std::string table = BuildClusterTable(texts, opt);
  auto lex = ParseNerLexicon(table, "built");
  ASSERT_TRUE(lex.ok()) << lex.status().message() << "\n" << table;
  auto entry = [&](const char* w) {
    auto it = lex->find(ner_internal::HashString(text::NormalizeString(w)));
    return it == lex->end() ? NerLexiconEntry{} : UnpackLexiconEntry(it->second);
  };
  EXPECT_EQ(entry("سمير").per, 3) << table;
  EXPECT_EQ(entry("نادر").per, 3) << table;
  EXPECT_EQ(entry("حمص").loc, 3) << table;
  EXPECT_EQ(entry("صقور").org, 3) << table;  // keyed by the clitic-free form
  EXPECT_EQ(entry("سمير").depth, 2);
  EXPECT_EQ(entry("وفد").depth, 0);  // rarer than min_count: no row
  EXPECT_EQ(table.rfind("word\tpath\tcount\tper\torg\tloc\tdef\n", 0), 0u);
  EXPECT_EQ(BuildClusterTable({}, opt), "word\tpath\tcount\tper\torg\tloc\tdef\n");
}

TEST(NerTraining, DomainSuffixOnlyForAPlainWord) {
  auto split = [](std::string spec) {
    const std::string d = SplitDomainSuffix(&spec);
    return spec + "|" + d;
  };
  EXPECT_EQ(split("aqmar.txt:conll@wiki"), "aqmar.txt:conll|wiki");
  EXPECT_EQ(split("news@a_b-2"), "news|a_b-2");
  EXPECT_EQ(split("data/x@y.txt"), "data/x@y.txt|");     // a path with @
  EXPECT_EQ(split("x@y.txt:conll"), "x@y.txt:conll|");
  EXPECT_EQ(split("file@"), "file@|");
  EXPECT_EQ(split("file@wi ki"), "file@wi ki|");
  EXPECT_EQ(split("file@ويكي"), "file@ويكي|");  // non-ASCII: not a plain word
  EXPECT_EQ(split(""), "|");
}

TEST(NerTraining, DomainMaskSpecsAreCheckedWhole) {
  auto parse = [](std::string_view spec) {
    std::string d;
    std::array<double, 3> r{};
    if (!ParseDomainMask(spec, &d, &r)) return std::string("error");
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s %.2f %.2f %.2f", d.c_str(), r[0], r[1], r[2]);
    return std::string(buf);
  };
  EXPECT_EQ(parse("wiki=0.6,0.1,0.5"), "wiki 0.60 0.10 0.50");
  EXPECT_EQ(parse("news=0,1,0"), "news 0.00 1.00 0.00");
  for (const char* bad : {"", "wiki", "=0.6,0.1,0.5", "wiki=", "wiki=0.6,0.1", "wiki=0.6,0.1,0.5,0.2", "wiki=0.6,,0.5",
                          "wiki=1.5,0.1,0.5", "wiki=-0.1,0.1,0.5", "wiki=nan,0.1,0.5", "wiki=0.6,0.1,0.5x",
                          "wiki=0.6 ,0.1,0.5", "wiki=0.6,0.1,"})
    EXPECT_EQ(parse(bad), "error") << bad;
}

TEST(NerLabels, BioTagsBecomeBilou) {
  using ner_internal::BilouTags;
  EXPECT_EQ(BilouTags({"B-PER", "I-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-ORG", "I-ORG", "B-MISC", "I-MISC"}),
            (std::vector<std::string>{"B-PER", "I-PER", "L-PER", "O", "U-LOC", "U-LOC", "B-ORG", "L-ORG", "O", "O"}));
  // A name of another type right after: the first one ends.
  EXPECT_EQ(BilouTags({"B-PER", "I-PER", "I-LOC", "B-ORG"}),
            (std::vector<std::string>{"B-PER", "L-PER", "U-LOC", "U-ORG"}));
  EXPECT_EQ(BilouTags({}), std::vector<std::string>{});
  EXPECT_EQ(BilouTags({"I-PER"}), std::vector<std::string>{"U-PER"});
  EXPECT_EQ(BilouTags({"junk", "B-XYZ"}), (std::vector<std::string>{"O", "O"}));
}

TEST(NerModel, WordIdentityDropoutStillFitsAndTagsUnseenNames) {
  // Training also on masked copies (names without their words' identity):
  // the model still fits the corpus and tags names it never saw after a
  // title and a place word; the copies change the model (not a no-op).
  const NerCorpus c = ParseConll(kTinyCorpus, ConllFormat::kAnercorp);
  auto train = [&](bool mask) {
    NerTrainOptions opt;
    opt.epochs = 12;
    opt.bucket_bits = 16;
    opt.folds = 2;
    opt.ensemble = 2;
    if (mask) {
      opt.mask_names = 1.0;
      opt.mask_words = 0.1;
      opt.mask_deep = 0.5;
    }
    return NerModel::Train(c.sentences, opt, nullptr);
  };
  const std::vector<std::vector<std::string>> unseen = {{"قال", "الرئيس", "فادي", "زهران", "في", "مدينة", "درعا", "."}};
  auto masked = train(true), plain = train(false);
  EXPECT_EQ(Evaluate(*masked, c.sentences).all.F1(), 1.0) << Evaluate(*masked, c.sentences).Format();
  const auto spans = masked->TagWords(unseen);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(SpansString(spans[0]), "PER[2,4) LOC[6,7)");
  const auto plain_spans = plain->TagWords(unseen);
  ASSERT_EQ(plain_spans[0].size(), spans[0].size());
  EXPECT_NE(plain_spans[0][0].score, spans[0][0].score);
}

TEST(NerModel, DomainViewsKeepEachCorpusConvention) {
  // Two corpora that disagree (written for this test): "news" leaves the
  // place word out of the name, "wiki" tags "مدينة X" whole. Trained together
  // with domain copies, each view follows its own corpus's convention.
  std::string news, wiki;
  const char* cities[] = {"حمص", "حلب", "درعا", "ادلب", "حماة", "طرطوس"};
  const char* verbs[] = {"زار", "غادر", "وصل", "قصد", "دخل", "ترك"};
  for (int i = 0; i < 6; ++i) {
    news += std::string(verbs[i]) + " O\nالوفد O\nمدينة O\n" + cities[i] + " B-LOC\nأمس O\n. O\n\n";
    wiki += std::string(verbs[(i + 1) % 6]) + " O\nالوفد O\nمدينة B-LOC\n" + cities[(i + 2) % 6] + " I-LOC\nأمس O\n. O\n\n";
  }
  auto train = ParseConll(news, ConllFormat::kConll).sentences;
  for (auto s : ParseConll(wiki, ConllFormat::kConll).sentences) {
    s.domain = 1;
    train.push_back(s);
  }
  const std::vector<std::vector<std::string>> probe = {{"زار", "الوفد", "مدينة", "حلب", "أمس", "."}};
  for (int view : {0, 1}) {
    NerTrainOptions opt;
    opt.epochs = 12;
    opt.bucket_bits = 16;
    opt.folds = 2;
    opt.view_domain = view;
    auto model = NerModel::Train(train, opt, nullptr);
    EXPECT_EQ(SpansString(model->TagWords(probe)[0]), view == 0 ? "LOC[3,4)" : "LOC[2,4)") << "view " << view;
  }
}

TEST(NerModel, RowPruningDropsOnlySmallRows) {
  // Threshold 0 keeps the model as it is; a threshold drops rows (and never
  // adds any), keeps the rows holding the largest weight (32767), survives a
  // save and load, and is what --prune-rows writes.
  auto model = TinyModel(true);
  const NerCorpus c = ParseConll(kTinyCorpus, ConllFormat::kAnercorp);
  auto same = model->WithRowsPruned(0);
  EXPECT_EQ(same->nonzero_rows(), model->nonzero_rows());
  EXPECT_EQ(same->Serialize(), model->Serialize());
  size_t last = model->nonzero_rows();
  for (int q : {64, 1024, 8192, 32767}) {
    auto pruned = model->WithRowsPruned(q);
    EXPECT_LE(pruned->nonzero_rows(), last) << q;
    EXPECT_GE(pruned->nonzero_rows(), 2u) << q;  // one row per layer holds its largest weight
    last = pruned->nonzero_rows();
    auto loaded = NerModel::FromBytes(pruned->Serialize(), nullptr);
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ((*loaded)->nonzero_rows(), pruned->nonzero_rows());
    for (const auto& s : c.sentences)
      EXPECT_EQ(SpansString((*loaded)->TagWords({s.words})[0]), SpansString(pruned->TagWords({s.words})[0]));
  }
  EXPECT_LT(last, model->nonzero_rows());
  NerTrainOptions opt;
  opt.epochs = 12;
  opt.bucket_bits = 16;
  opt.folds = 2;
  opt.o_bias = 2;
  opt.prune_rows = 1024;
  EXPECT_EQ(NerModel::Train(c.sentences, opt, nullptr)->Serialize(),
            model->WithRowsPruned(1024)->WithOBias(2)->Serialize());
}

TEST(NerModel, DomainMaskRatesApplyToThatDomainOnly) {
  // Rates given for a domain replace the global ones for its sentences only:
  // masking every name of domain 1 changes the model; rates for a domain no
  // sentence has change nothing.
  const NerCorpus c = ParseConll(kTinyCorpus, ConllFormat::kAnercorp);
  auto train = c.sentences;
  for (size_t s = 2; s < train.size(); ++s) train[s].domain = 1;
  auto model = [&](std::map<int, std::array<double, 3>> rates) {
    NerTrainOptions opt;
    opt.epochs = 6;
    opt.bucket_bits = 16;
    opt.folds = 2;
    opt.mask_names = 0.2;
    opt.domain_mask = std::move(rates);
    return NerModel::Train(train, opt, nullptr)->Serialize();
  };
  const std::string plain = model({});
  EXPECT_EQ(model({{5, {1.0, 1.0, 1.0}}}), plain);
  EXPECT_NE(model({{1, {1.0, 0.0, 0.0}}}), plain);
  EXPECT_EQ(model({{1, {0.2, 0.0, 0.0}}}), plain);
}

TEST(NerFeatures, MaskingHidesIdentityOnly) {
  const auto tokens = text::Tokenize("وسليم");
  ASSERT_EQ(tokens.size(), 1u);
  const auto plain = ner_internal::MakeTokenInfo(tokens[0], 1, {}, {});
  auto masked = plain, deep = plain;
  ner_internal::MaskIdentity(&masked);
  ner_internal::MaskIdentity(&deep, /*deep=*/true);
  EXPECT_NE(masked.bare, plain.bare);
  EXPECT_EQ(masked.bare, masked.norm);
  EXPECT_EQ(masked.prefix, plain.prefix);
  EXPECT_EQ(masked.gaz, plain.gaz);
  EXPECT_EQ(masked.suffix[1], plain.suffix[1]);
  EXPECT_EQ(masked.n_chars, plain.n_chars);
  EXPECT_GT(plain.n_chars, 0);
  EXPECT_EQ(deep.n_chars, 0);
  EXPECT_NE(deep.suffix[1], plain.suffix[1]);
  EXPECT_EQ(deep.shape, plain.shape);
  // A masked word looks like any other masked word.
  const auto other = text::Tokenize("وعواد");
  auto other_masked = ner_internal::MakeTokenInfo(other[0], 1, {}, {});
  ner_internal::MaskIdentity(&other_masked);
  EXPECT_EQ(other_masked.bare, masked.bare);
  EXPECT_EQ(other_masked.stem, masked.stem);
}

TEST(NerModel, TrainerVariantsLearnTinyDataset) {
  // Cost-augmented decoding and an ensemble of shuffles still fit a tiny
  // separable corpus.
  const NerCorpus c = ParseConll(kTinyCorpus, ConllFormat::kAnercorp);
  for (int variant = 0; variant < 2; ++variant) {
    NerTrainOptions opt;
    opt.epochs = 8;
    opt.bucket_bits = 16;
    opt.folds = 2;
    if (variant == 0) opt.cost = 5;
    if (variant == 1) opt.ensemble = 3;
    auto model = NerModel::Train(c.sentences, opt, nullptr);
    EXPECT_EQ(Evaluate(*model, c.sentences).all.F1(), 1.0) << variant;
  }
}

TEST(NerModel, LexiconIsSavedWithTheModel) {
  const NerCorpus c = ParseConll(kTinyCorpus, ConllFormat::kAnercorp);
  auto lex = ParseNerLexicon("word\tpath\tcount\tper\torg\tloc\tdef\nسليم\t3507\t50\t20\t0\t0\t0\nحلب\t41\t50\t0\t0\t20\t0\n", "t");
  ASSERT_TRUE(lex.ok());
  NerTrainOptions opt;
  opt.epochs = 8;
  opt.bucket_bits = 16;
  opt.folds = 2;
  opt.lexicon = std::make_shared<const NerLexicon>(*lex);
  auto model = NerModel::Train(c.sentences, opt, nullptr);
  EXPECT_EQ(Evaluate(*model, c.sentences).all.F1(), 1.0);
  auto loaded = NerModel::FromBytes(model->Serialize(), nullptr);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ((*loaded)->Serialize(), model->Serialize());
  EXPECT_NE(model->Serialize(), TinyModel(true)->Serialize());
}

TEST(NerFeatures, DocFeaturesFromFirstPassMatchFullExtraction) {
  std::vector<text::Token> tokens;
  for (const char* w : {"وقال", "الرئيس", "سليم", "عواد", "في", "بيروت", "."}) tokens.push_back(WordToken(w));
  const std::vector<uint8_t> gaz = {0, 0, kGazPerson, 0, 0, kGazPlace, 0};
  const std::vector<uint8_t> doc = {0, 0, 1, 2, 0, 16, 0}, own = {0, 0, 1, 2, 0, 5, 0};
  const ner_internal::DocContext ctx{doc.data(), own.data()};
  NerLexicon lex = {{ner_internal::HashString("سليم"), PackLexiconEntry({0b001'010'011'100'101, 5, 3, 0, 0, 0, 1})}};
  ner_internal::SentenceFeatures full, first, second;
  ner_internal::ExtractFeatures(tokens, gaz.data(), {}, lex, 18, &ctx, &full);
  ner_internal::ExtractFeatures(tokens, gaz.data(), {}, lex, 18, nullptr, &first);
  ner_internal::AddDocFeatures(tokens, first, 18, ctx, &second);
  EXPECT_EQ(second.ids, full.ids);
  EXPECT_EQ(second.offsets, full.offsets);
  EXPECT_GT(full.ids.size(), first.ids.size());
}

// Character n-grams: 2-, 3- and 4-grams over the word with its edges marked,
// never the whole marked word (kBare has it); shared letter runs give shared
// hashes, whatever the word's length.
TEST(NerFeatures, CharNgramsMarkEdgesAndSkipTheWholeWord) {
  auto grams = [](std::string_view w) {
    std::vector<uint64_t> out;
    ner_internal::ForEachCharNgram(w, [&](uint64_t h) { out.push_back(h); });
    return out;
  };
  EXPECT_EQ(grams("س").size(), 2u);      // ^س س$
  EXPECT_EQ(grams("سم").size(), 5u);     // ^س سم م$  ^سم سم$
  EXPECT_EQ(grams("سمير").size(), 12u);  // 5 + 4 + 3
  EXPECT_LE(grams("").size(), 1u);
  const std::string long_word(200, 'a');
  EXPECT_EQ(grams(long_word).size(), size_t(ner_internal::kMaxCharNgrams));  // cut, no overrun
  auto shared = [&](std::string_view a, std::string_view b) {
    auto x = grams(a), y = grams(b);
    std::sort(x.begin(), x.end());
    std::sort(y.begin(), y.end());
    std::vector<uint64_t> both;
    std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(both));
    return both.size();
  };
  // مار and ماري share ^م ما ار ^ما مار ^مار, not the end-marked ones.
  EXPECT_EQ(shared("مار", "ماري"), 6u);
  EXPECT_EQ(shared("مار", "ليو"), 0u);
  EXPECT_EQ(grams("مارك"), grams("مارك"));
}

// The decoder's per-word cache of summed rows must give exactly the scores of
// summing every feature row, also when the cache is warm, across models and
// with words repeated inside a document.
TEST(NerModel, WordCacheGivesTheSameScoresAsFullExtraction) {
  const NerCorpus c = ParseConll(kTinyCorpus, ConllFormat::kAnercorp);
  NerTrainOptions opt;
  opt.epochs = 4;
  opt.bucket_bits = 16;
  opt.folds = 2;
  auto lexicon = std::make_shared<NerLexicon>();
  (*lexicon)[ner_internal::HashString("سليم")] = PackLexiconEntry({0b001'010'011'100'101, 5, 3, 0, 0, 0, 1});
  (*lexicon)[ner_internal::HashString("حلب")] = PackLexiconEntry({0b011'010'000'000'000, 2, 0, 0, 3, 1, 2});
  opt.lexicon = lexicon;
  const auto with_lexicon = NerModel::Train(c.sentences, opt, nullptr);
  std::vector<std::vector<std::string>> doc;
  for (const auto& s : c.sentences) doc.push_back(s.words);
  doc.push_back({"وقال", "سليم", "عواد", "إن", "بنك", "النخيل", "في", "حمص", "."});
  auto dump = [&](const NerModel& m) {
    std::string out;
    for (const auto& spans : m.TagWords(doc))
      for (const auto& sp : spans) {
        char score[32];
        std::snprintf(score, sizeof score, "%.17g", sp.score);
        out += sp.type + "[" + std::to_string(sp.begin_token) + "," + std::to_string(sp.end_token) + ")" + score + " ";
      }
    return out + "|";
  };
  for (const auto& model : {TinyModel(false), TinyModel(true), with_lexicon, with_lexicon->WithOBias(3)}) {
    ner_internal::SetDecoderWordCache(false);
    const std::string full = dump(*model);
    ner_internal::SetDecoderWordCache(true);
    EXPECT_EQ(dump(*model), full);
    EXPECT_EQ(dump(*model), full);  // warm cache
    EXPECT_NE(full, "|");
  }
}

// ---- Gazetteer -------------------------------------------------------------------------
TEST(Gazetteer, MarksNamesThroughClitics) {
  Gazetteer g;
  g.Add("الأمم المتحدة", kGazOrg);
  g.Add("روسيا", kGazPlace);
  g.Add("الروسية", kGazNationality);
  std::vector<text::Token> tokens;
  for (const char* w : {"وقالت", "الأمم", "المتحدة", "إن", "بروسيا", "والروسية"}) tokens.push_back(WordToken(w));
  const auto bits = g.Bits(tokens);
  ASSERT_EQ(bits.size(), 6u);
  EXPECT_EQ(bits[0], 0);
  EXPECT_EQ(bits[1], kGazOrg | kGazMultiBegin);
  EXPECT_EQ(bits[2], kGazOrg);
  EXPECT_EQ(bits[3], 0);
  EXPECT_EQ(bits[4], kGazPlace);
  EXPECT_EQ(bits[5], kGazNationality);
  // A name added after a look-up is seen (the per-thread look-up cache is
  // keyed on the gazetteer's contents), and a copy answers the same.
  g.Add("إن", kGazPerson);
  EXPECT_EQ(g.Bits(tokens)[3], kGazPerson);
  Gazetteer copy = g;
  EXPECT_EQ(copy.Bits(tokens), g.Bits(tokens));
}

TEST(Gazetteer, MalformedTsvIsRejectedWithLine) {
  const std::filesystem::path dir = TempPath("kb");
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "given_names.tsv") << "name_ar\tgender\nسمير\tm\nبلا عمود\n";
  auto g = Gazetteer::Load({dir.string()});
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find(":3"), std::string::npos) << g.status().message();
  std::filesystem::remove_all(dir);
  auto none = Gazetteer::Load({dir.string()});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ((*none)->size(), 0u);
}

}  // namespace
}  // namespace marsad::entities
