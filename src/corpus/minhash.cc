// MinHash + LSH for near-duplicates.
#include "corpus/minhash.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "corpus/hash.h"

namespace marsad::corpus {

namespace {

template <typename Words>
std::vector<uint64_t> HashWords(const Words& words) {
  std::vector<uint64_t> out;
  out.reserve(words.size());
  for (const auto& w : words) out.push_back(Hash64(w));
  return out;
}

// Seeds of the bin hash and of the densification probes: fixed forever, as
// signatures are stored.
constexpr uint64_t kBinSeed = 0x6d61727361642d32ULL;    // "marsad-2"
constexpr uint64_t kProbeSeed = 0x64656e736966790aULL;

// Maps a uniform 32-bit value onto [0, n) without a division.
uint32_t Range(uint64_t h, int n) {
  return static_cast<uint32_t>(((h >> 32) * static_cast<uint64_t>(n)) >> 32);
}

}  // namespace

std::vector<uint64_t> WordHashes(const std::vector<std::string>& words) {
  return HashWords(words);
}
std::vector<uint64_t> WordHashes(const std::vector<std::string_view>& words) {
  return HashWords(words);
}

std::vector<uint64_t> Shingles(const std::vector<uint64_t>& hashes, int k) {
  std::vector<uint64_t> out;
  if (hashes.empty()) return out;
  const size_t n = hashes.size() < static_cast<size_t>(k) ? 1 : hashes.size() - k + 1;
  const size_t width = std::min<size_t>(k, hashes.size());
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    uint64_t h = 0;
    for (size_t j = 0; j < width; ++j) h = Mix64(h ^ hashes[i + j]);
    out.push_back(h);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<uint64_t> Shingles(const std::vector<std::string>& words, int k) {
  return Shingles(WordHashes(words), k);
}

uint64_t ExactHash(const std::vector<uint64_t>& hashes) {
  uint64_t h = 0x51ed270b27a3c1d5ULL;
  for (uint64_t w : hashes) h = Mix64(h ^ w);
  return h;
}

uint64_t ExactHash(const std::vector<std::string>& words) { return ExactHash(WordHashes(words)); }

std::vector<uint32_t> Signature(const std::vector<uint64_t>& shingles, int permutations) {
  if (permutations <= 0) return {};
  constexpr uint32_t kEmpty = std::numeric_limits<uint32_t>::max();
  std::vector<uint32_t> bins(permutations, kEmpty);
  std::vector<char> filled(permutations, 0);
  for (uint64_t s : shingles) {
    const uint64_t h = Mix64(s ^ kBinSeed);
    const uint32_t bin = Range(h, permutations);
    bins[bin] = std::min(bins[bin], static_cast<uint32_t>(h));
    filled[bin] = 1;
  }
  if (shingles.empty()) return bins;
  // Optimal densification: empty bin i takes the value of the first filled
  // bin along its own probe sequence, the same sequence for every text, so
  // that two similar texts borrow alike.
  std::vector<uint32_t> sig = bins;
  for (int i = 0; i < permutations; ++i) {
    if (filled[i]) continue;
    for (uint64_t attempt = 1;; ++attempt) {
      const uint32_t j =
          Range(Mix64(kProbeSeed ^ (static_cast<uint64_t>(i) << 32) ^ attempt), permutations);
      if (filled[j]) {
        sig[i] = bins[j];
        break;
      }
    }
  }
  return sig;
}

double EstimateJaccard(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  if (a.empty() || a.size() != b.size()) return 0;
  size_t same = 0;
  for (size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
  return static_cast<double>(same) / a.size();
}

double Jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.empty() && b.empty()) return 0;
  size_t i = 0, j = 0, both = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) ++both, ++i, ++j;
    else if (a[i] < b[j]) ++i;
    else ++j;
  }
  return static_cast<double>(both) / (a.size() + b.size() - both);
}

std::string SignatureToBlob(const std::vector<uint32_t>& sig) {
  std::string out(sig.size() * 4, '\0');
  for (size_t i = 0; i < sig.size(); ++i)
    for (int b = 0; b < 4; ++b) out[i * 4 + b] = static_cast<char>((sig[i] >> (8 * b)) & 0xff);
  return out;
}

std::vector<uint32_t> SignatureFromBlob(std::string_view blob) {
  std::vector<uint32_t> sig(blob.size() / 4);
  for (size_t i = 0; i < sig.size(); ++i)
    for (int b = 0; b < 4; ++b)
      sig[i] |= static_cast<uint32_t>(static_cast<unsigned char>(blob[i * 4 + b])) << (8 * b);
  return sig;
}

uint64_t LshIndex::BandHash(const std::vector<uint32_t>& sig, int band) const {
  const size_t rows = sig.size() / bands_;
  uint64_t h = Mix64(static_cast<uint64_t>(band) + 1);
  for (size_t r = 0; r < rows; ++r) h = Mix64(h ^ sig[band * rows + r]);
  return h;
}

void LshIndex::Insert(uint64_t hash, uint32_t at) {
  const size_t mask = table_.size() - 1;
  size_t i = hash & mask;
  while (table_[i].at != kFree) i = (i + 1) & mask;
  table_[i] = {hash, at};
}

void LshIndex::Add(int64_t key, const std::vector<uint32_t>& sig) {
  if (sig.size() < static_cast<size_t>(bands_)) return;
  if ((used_ + bands_) * 2 > table_.size()) {
    std::vector<Entry> old = std::move(table_);
    table_.assign(std::max<size_t>(1024, old.size() * 2), Entry{});
    while ((used_ + bands_) * 2 > table_.size()) table_.resize(table_.size() * 2);
    for (const Entry& e : old)
      if (e.at != kFree) Insert(e.hash, e.at);
  }
  const auto at = static_cast<uint32_t>(keys_.size());
  keys_.push_back(key);
  for (int b = 0; b < bands_; ++b) Insert(BandHash(sig, b), at);
  used_ += bands_;
}

std::vector<int64_t> LshIndex::Candidates(const std::vector<uint32_t>& sig) const {
  std::vector<int64_t> out;
  if (sig.size() < static_cast<size_t>(bands_) || table_.empty()) return out;
  const size_t mask = table_.size() - 1;
  std::vector<uint32_t> bucket;
  for (int b = 0; b < bands_; ++b) {
    const uint64_t h = BandHash(sig, b);
    bucket.clear();
    for (size_t i = h & mask; table_[i].at != kFree; i = (i + 1) & mask)
      if (table_[i].hash == h) bucket.push_back(table_[i].at);
    std::sort(bucket.begin(), bucket.end());  // probe order is not insertion order after a resize
    for (uint32_t at : bucket)
      if (std::find(out.begin(), out.end(), keys_[at]) == out.end()) out.push_back(keys_[at]);
  }
  return out;
}

}  // namespace marsad::corpus
