// Word look-ups for the hot paths of every stage: a hash for short UTF-8
// words (inline, no library call), hash maps and sets that take string_view
// keys without building a std::string, and WordFilter, a bitmap on a word's
// length and first bytes that rejects most words before any hash look-up.
// Immutable after building: thread-safe to read.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace marsad::base {

namespace internal {
inline uint64_t Load64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline uint64_t Load32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
inline uint64_t Mix(uint64_t a, uint64_t b) {
  const unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}
}  // namespace internal

// A 64-bit hash of a byte string (multiply-fold, after wyhash's design): news
// words are 4–20 bytes, which std::hash handles through an out-of-line call
// and a byte loop. Not for untrusted keys that an attacker could choose to
// collide: our tables are keyed by lexicon words.
inline uint64_t HashBytes(std::string_view s) {
  using internal::Load32;
  using internal::Load64;
  using internal::Mix;
  constexpr uint64_t k0 = 0xa0761d6478bd642full, k1 = 0xe7037ed1a0b428dbull, k2 = 0x8ebc6af09c88c6e3ull;
  const char* p = s.data();
  size_t n = s.size();
  uint64_t seed = k0 ^ n;
  uint64_t a, b;
  if (n <= 16) {
    if (n >= 4) {
      a = (Load32(p) << 32) | Load32(p + ((n >> 3) << 2));
      b = (Load32(p + n - 4) << 32) | Load32(p + n - 4 - ((n >> 3) << 2));
    } else if (n > 0) {
      a = (uint64_t(uint8_t(p[0])) << 16) | (uint64_t(uint8_t(p[n >> 1])) << 8) | uint8_t(p[n - 1]);
      b = 0;
    } else {
      a = b = 0;
    }
  } else {
    while (n > 16) {
      seed = Mix(Load64(p) ^ k1, Load64(p + 8) ^ seed);
      p += 16;
      n -= 16;
    }
    a = Load64(p + n - 16);
    b = Load64(p + n - 8);
  }
  return Mix(k1 ^ s.size(), Mix(a ^ k1, b ^ seed) ^ k2);
}

// Heterogeneous look-up: find(string_view) and count(string_view) build no
// std::string.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return HashBytes(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

// A one-sided test in front of a word table: false means the word is surely
// not in the table; true means look it up. Keyed on the word's byte length
// and its first and last four bytes (two Arabic letters each), so a test is a
// few instructions; a table of a few thousand words lets few others pass.
class WordFilter {
 public:
  void Add(std::string_view w) {
    const uint32_t k = Key(w);
    bits_[k >> 6] |= uint64_t(1) << (k & 63);
  }
  bool MayContain(std::string_view w) const {
    const uint32_t k = Key(w);
    return (bits_[k >> 6] >> (k & 63)) & 1;
  }
  template <typename Container>
  static WordFilter Of(const Container& words) {
    WordFilter f;
    for (const auto& w : words) f.Add(Word(w));
    return f;
  }

 private:
  // 2^19 bits (64 KiB, L2-resident): tables of tens of thousands of words
  // (the gazetteer's, the KB's) still let only a few percent of others pass.
  static constexpr int kBits = 19;
  static uint32_t Key(std::string_view w) {
    // Head and tail: Arabic words share their first letters (ال), rarely
    // their first two and last two letters and their length together.
    uint64_t v = 0;
    if (w.size() >= 4) {
      v = internal::Load32(w.data()) | (internal::Load32(w.data() + w.size() - 4) << 32);
    } else {
      for (size_t i = 0; i < w.size(); ++i) v |= uint64_t(uint8_t(w[i])) << (8 * i);
    }
    const uint64_t h = internal::Mix(v ^ 0x9E3779B97F4A7C15ull, 0xD6E8FEB86659FD93ull ^ w.size());
    return static_cast<uint32_t>(h >> (64 - kBits));
  }
  // Keys of maps are pairs; of sets and vectors, the words themselves.
  template <typename T>
  static std::string_view Word(const T& w) {
    if constexpr (requires { w.first; }) return std::string_view(w.first);
    else return std::string_view(w);
  }
  std::array<uint64_t, (size_t(1) << kBits) / 64> bits_{};
};

// A per-thread memo of a few bits of facts about a word (its bytes plus a
// small tag such as the token kind), direct-mapped on the word's hash: a new
// word replaces the one in its slot. The facts must depend only on the word,
// the tag and what `owner` names; a memo asked for another owner forgets
// everything first. Not thread-safe: keep one per thread (thread_local).
class WordMemo {
 public:
  // Owners are identified by a number from NewOwner(), never by an address
  // that a later object could reuse.
  static uint64_t NewOwner() {
    static std::atomic<uint64_t> next{1};
    return next++;
  }
  explicit WordMemo(int bits = 15) : table_(size_t(1) << bits), mask_((uint64_t(1) << bits) - 1) {}

  // The facts stored for (word, tag) under `owner`, or -1.
  int Get(uint64_t owner, std::string_view word, uint8_t tag) {
    if (owner != owner_) {
      owner_ = owner;
      if (++generation_ == 0) {
        for (Entry& e : table_) e.generation = 0;
        generation_ = 1;
      }
    }
    const Entry& e = table_[Slot(word, tag)];
    if (e.generation == generation_ && e.tag == tag && e.word == word) return e.facts;
    return -1;
  }
  // Stores them; call after Get for the same owner.
  void Put(std::string_view word, uint8_t tag, uint8_t facts) {
    Entry& e = table_[Slot(word, tag)];
    e.word.assign(word);
    e.tag = tag;
    e.facts = facts;
    e.generation = generation_;
  }

 private:
  struct Entry {
    std::string word;
    uint32_t generation = 0;
    uint8_t tag = 0, facts = 0;
  };
  size_t Slot(std::string_view word, uint8_t tag) const { return (HashBytes(word) ^ (uint64_t(tag) * 0x9E3779B97F4A7C15ull)) & mask_; }
  std::vector<Entry> table_;
  uint64_t mask_;
  uint64_t owner_ = 0;
  uint32_t generation_ = 1;
};

}  // namespace marsad::base
