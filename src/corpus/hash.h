// Small, stable 64-bit hashes for content hashes, shingles and term ids. The
// values are stored in the database, so they must never change between
// versions. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

namespace marsad::corpus {

// splitmix64's finalizer: a bijective mixer with good avalanche.
inline uint64_t Mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// FNV-1a over the bytes, then mixed (FNV alone clusters on short keys).
inline uint64_t Hash64(std::string_view s, uint64_t seed = 0) {
  uint64_t h = 0xcbf29ce484222325ULL ^ seed;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return Mix64(h);
}

// SQLite stores signed 64-bit integers; hashes go in and out through these.
inline int64_t ToSql(uint64_t h) { return static_cast<int64_t>(h); }
inline uint64_t FromSql(int64_t v) { return static_cast<uint64_t>(v); }

}  // namespace marsad::corpus
