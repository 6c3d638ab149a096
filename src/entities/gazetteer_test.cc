#include "entities/gazetteer.h"

#include <gtest/gtest.h>

#include "base/temp_dir.h"
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <unordered_map>

#include "entities/entities.h"

namespace marsad::entities {
namespace {

namespace fs = std::filesystem;

// A temporary data directory with an empty kb/ (base/temp_dir.h).
struct TempDir : marsad::testing::TempDir {
  TempDir() { MakeDir("kb"); }
};

// Made-up places in GeoNames' 19-column format (not GeoNames data).
const char kDump[] =
    "9000001\tZahristan\tZahristan\tZahristan,زهرستان,Захристан\t36.50000\t44.10000\tP\tPPL\tIQ\t\t08\t\t\t\t250000\t\t410\tAsia/Baghdad\t2020-01-01\n"
    "9000002\tZahristan Minor\tZahristan Minor\tزهرستان\t30.00000\t40.00000\tP\tPPL\tSA\t\t10\t\t\t\t1200\t\t600\tAsia/Riyadh\t2020-01-01\n"
    "9000003\tNoarabic\tNoarabic\tNoarabic,Noarabik\t10.00000\t10.00000\tP\tPPL\tNG\t\t\t\t\t\t50000\t\t\tAfrica/Lagos\t2020-01-01\n"
    "this line is not GeoNames\n"
    "9000004\tQalat Dunya\tQalat Dunya\tقلعة دنيا\t95.00000\t10.00000\tP\tPPL\tIQ\t\t\t\t\t\t1\t\t\t\t2020-01-01\n"
    "9000005\tBaku Hotel\tBaku Hotel\tفندق باكو\t40.40000\t49.80000\tS\tHTL\tAZ\t\t\t\t\t\t0\t\t\t\t2020-01-01\n"
    "9000006\tBakuv\tBakuv\tباكو\t10.00000\t10.00000\tP\tPPL\tXX\t\t\t\t\t\t9000000\t\t\t\t2020-01-01\n";


TEST(GeoNamesLine, ParsesArabicNamesOnly) {
  GazetteerPlace p;
  std::string why;
  std::string line(kDump, std::string_view(kDump).find('\n'));
  ASSERT_TRUE(ParseGeoNamesLine(line, &p, &why)) << why;
  EXPECT_EQ(p.geonameid, "9000001");
  EXPECT_EQ(p.name_en, "Zahristan");
  ASSERT_EQ(p.names_ar.size(), 1u);
  EXPECT_EQ(p.names_ar[0], "زهرستان");
  EXPECT_EQ(p.population, 250000);
  EXPECT_EQ(p.feature_class, 'P');
  EXPECT_EQ(p.country, "IQ");
  EXPECT_FALSE(ParseGeoNamesLine("1\t2\t3", &p, &why));
  EXPECT_NE(why.find("19"), std::string::npos);
}

TEST(ImportGeoNames, SkipsMalformedKeepsArabicAndRenames) {
  TempDir d;
  const std::string dump = d.Write("dump.txt", kDump);
  const std::string index = d.File("idx/gazetteer.tsv");
  ImportStats stats;
  ASSERT_TRUE(ImportGeoNames(dump, index, &stats).ok());
  EXPECT_EQ(stats.lines, 7);
  EXPECT_EQ(stats.malformed, 2);  // the prose line and the latitude 95
  EXPECT_EQ(stats.first_malformed_line, 4);
  EXPECT_EQ(stats.kept, 3);       // no Arabic name: dropped; hotel (class S): dropped
  EXPECT_FALSE(fs::exists(index + ".tmp"));
  auto places = LoadGazetteerIndex(index);
  ASSERT_TRUE(places.ok()) << places.status().message();
  ASSERT_EQ(places->size(), 3u);
  EXPECT_EQ((*places)[0].names_ar[0], "زهرستان");
  EXPECT_NEAR((*places)[0].lat, 36.5, 1e-9);
}

// A failed import (here: nothing GeoNames-like) leaves the previous index intact.
TEST(ImportGeoNames, FailedImportKeepsPreviousIndex) {
  TempDir d;
  const std::string index = d.File("gazetteer.tsv");
  ImportStats stats;
  ASSERT_TRUE(ImportGeoNames(d.Write("dump.txt", kDump), index, &stats).ok());
  const auto before = fs::file_size(index);
  EXPECT_FALSE(ImportGeoNames(d.Write("junk.txt", "not\ta\tgazetteer\n"), index, &stats).ok());
  EXPECT_FALSE(ImportGeoNames(d.File("missing.txt"), index, &stats).ok());
  EXPECT_EQ(fs::file_size(index), before);
  EXPECT_FALSE(fs::exists(index + ".tmp"));
}

TEST(GazetteerIndex, MalformedLineRejectedWithLine) {
  TempDir d;
  const std::string index = d.Write(
      "g.tsv", "geonameid\tname_en\tnames_ar\tlat\tlon\tcountry\tclass\tcode\tpopulation\n"
               "1\tA\tا ب\t1\t2\tIQ\tP\tPPL\t10\n"
               "2\tB\tب ت\tfar\t2\tIQ\tP\tPPL\t10\n");
  auto r = LoadGazetteerIndex(index);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("g.tsv:3:"), std::string::npos) << r.status().message();
}

TEST(GazetteerIndex, ExtendsKbPlacesBiggerCityWinsKbWins) {
  TempDir d;
  d.Write("kb/places.tsv",
          "id\ttype\tname_ar\tname_en\twikidata\tlat\tlon\tcountry\tfeature\tvariants_ar\n"
          "place:baku\tGPE\tباكو\tBaku\tQ9248\t40.41\t49.87\tAZ\tcity\t-\n");
  ImportStats stats;
  const std::string index = d.File("gazetteer.tsv");
  ASSERT_TRUE(ImportGeoNames(d.Write("dump.txt", kDump), index, &stats).ok());
  RecognizerOptions opts;
  opts.gazetteer = index;
  auto rec = Recognizer::Create(d.path(), opts);
  ASSERT_TRUE(rec.ok()) << rec.status().message();
  auto es = (*rec)->Find("", "وصل الوفد إلى مدينة زهرستان ثم إلى باكو");
  ASSERT_EQ(es.size(), 2u);
  EXPECT_EQ(es[0].id, "geonames:9000001");  // 250,000 people beat 1,200
  EXPECT_EQ(es[0].name_en, "Zahristan");
  ASSERT_TRUE(es[0].geo.has_value());
  EXPECT_EQ(es[0].geo->country, "IQ");
  EXPECT_EQ(es[1].id, "place:baku");  // the KB's own place, not the gazetteer's namesake
}

// Optional: the real cities15000 dump, when ../shared has it.
TEST(NerPlaceNames, KeepsArabicLettersDropsCommonWordsAndDuplicates) {
  // Places and counts written for this test.
  GazetteerPlace a, b;
  a.country = "SY";
  a.names_ar = {"دَرْعا", "درعا", "ان", "مَدينة", "تل  الكرامة", "گرگان", "Daraa", "قرية ٣", "حلـب"};
  b.country = "";
  b.names_ar = {"دومة", "كفر", "سراقب"};
  NewsWordCounts news = {
      {"مدينه", {9000, 400}},  // frequent, rarely after a place head: dropped
      {"كفر", {150, 60}},      // frequent but a place word often enough: kept
      {"سراقب", {40, 0}},      // rare: kept whatever its contexts
  };
  const std::string table = BuildNerPlaceNames({a, b}, news, "test");
  EXPECT_EQ(table,
            "name_ar\tcountry\n# test\n"
            "تل الكرامة\tSY\n"
            "حلب\tSY\n"
            "درعا\tSY\n"
            "دومة\t-\n"
            "سراقب\t-\n"
            "كفر\t-\n");
}

TEST(ImportGeoNames, Cities15000) {
  const std::string zip = MARSAD_SOURCE_DIR "/../shared/data/geo/geonames-cities15000.zip";
  if (!fs::exists(zip)) GTEST_SKIP() << "../shared not found";
  TempDir d;
  const std::string index = d.File("gazetteer.tsv");
  ImportStats stats;
  Status s = ImportGeoNames(zip, index, &stats);
  ASSERT_TRUE(s.ok()) << s.message();
  std::printf("cities15000: %lld lines, %lld kept, %lld malformed\n", static_cast<long long>(stats.lines),
              static_cast<long long>(stats.kept), static_cast<long long>(stats.malformed));
  EXPECT_GT(stats.kept, 1000);
  EXPECT_EQ(stats.malformed, 0);
  auto places = LoadGazetteerIndex(index);
  ASSERT_TRUE(places.ok()) << places.status().message();
  EXPECT_EQ(static_cast<int64_t>(places->size()), stats.kept);
}

}  // namespace
}  // namespace marsad::entities
