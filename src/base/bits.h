// Bit counting for the hot paths. Debian builds for baseline x86-64, where
// std::popcount becomes a call into libgcc (it took 2.5 % of the analysis in
// the NER decoder's row look-ups); without the POPCNT instruction, the
// branch-free SWAR count below is a few inline operations. Pure functions.
#pragma once

#include <bit>
#include <cstdint>

namespace marsad::base {

inline int Popcount64(uint64_t x) {
#if defined(__POPCNT__) || !defined(__x86_64__)
  return std::popcount(x);
#else
  x = x - ((x >> 1) & 0x5555555555555555ull);
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return int((x * 0x0101010101010101ull) >> 56);
#endif
}

}  // namespace marsad::base
