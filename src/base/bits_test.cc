#include "base/bits.h"

#include <gtest/gtest.h>

#include <bit>
#include <initializer_list>
#include <random>

namespace marsad::base {
namespace {

TEST(Popcount64, MatchesTheStandardCount) {
  for (uint64_t x : std::initializer_list<uint64_t>{0, 1, ~uint64_t(0), uint64_t(1) << 63, 0x8080808080808080ull,
                                                   0x5555555555555555ull, 0xF0F0F0F0F0F0F0F0ull})
    EXPECT_EQ(Popcount64(x), std::popcount(x)) << x;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 10000; ++i) {
    const uint64_t x = rng() & rng();  // sparse and dense words alike
    ASSERT_EQ(Popcount64(x), std::popcount(x)) << x;
  }
}

}  // namespace
}  // namespace marsad::base
