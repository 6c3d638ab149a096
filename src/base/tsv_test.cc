#include "base/tsv.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "base/temp_dir.h"

namespace marsad::base {

TEST(Tsv, ParsesHeaderRowsAndSkipsComments) {
  auto t = ParseTsv("# comment\na\tb\n\nx\ty\r\nz\tw\n", "mem.tsv");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->header, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0].fields[1], "y");
  EXPECT_EQ(t->rows[1].line, 5);
  EXPECT_EQ(t->Column("b"), 1);
  EXPECT_EQ(t->Column("c"), -1);
}

TEST(Tsv, RejectsMalformedLineWithFileAndLine) {
  auto t = ParseTsv("a\tb\nx\ty\nonly-one\n", "kb/countries.tsv");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(), "kb/countries.tsv:3: expected 2 tab-separated fields, found 1");
}

TEST(Tsv, RejectsMissingRequiredValue) {
  auto t = ParseTsv("a\tb\nx\t\n", "f.tsv", {"b"});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(), "f.tsv:2: empty required field 'b'");
}

TEST(Tsv, RejectsMissingHeaderColumn) {
  auto t = ParseTsv("a\n1\n", "f.tsv", {"b"});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(), "f.tsv:1: header lacks column 'b'");
}

TEST(Files, WriteFileAtomicallyReplacesWholeAndLeavesNoTemporaryFile) {
  testing::TempDir dir;
  const std::string path = dir.Write("a.txt", "old");
  ASSERT_TRUE(WriteFileAtomically(path, "new\ncontent").ok());
  EXPECT_EQ(*ReadFile(path), "new\ncontent");
  ASSERT_TRUE(WriteFileAtomically(path, "").ok());
  EXPECT_EQ(*ReadFile(path), "");
  // A folder that does not exist: an error naming the file, nothing written.
  const Status bad = WriteFileAtomically(dir.path() + "/missing/b.txt", "x");
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.message().find("missing/b.txt"), std::string::npos) << bad.message();
  // A path that is a folder: the rename fails, the temporary file is removed.
  std::filesystem::create_directories(dir.path() + "/sub/inner");
  EXPECT_FALSE(WriteFileAtomically(dir.path() + "/sub", "x").ok());
  size_t entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) entries += e.path().filename() != "sub";
  EXPECT_EQ(entries, 1u);  // a.txt only
}

}  // namespace marsad::base
