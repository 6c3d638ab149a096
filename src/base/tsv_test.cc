#include "base/tsv.h"

#include <gtest/gtest.h>

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

}  // namespace marsad::base
