// MinHash + LSH for near-duplicates.
#include "corpus/minhash.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "corpus/hash.h"

namespace marsad::corpus {

std::vector<uint64_t> Shingles(const std::vector<std::string>& words, int k) {
  std::vector<uint64_t> out;
  if (words.empty()) return out;
  const size_t n = words.size() < static_cast<size_t>(k) ? 1 : words.size() - k + 1;
  const size_t width = std::min<size_t>(k, words.size());
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    uint64_t h = 0;
    for (size_t j = 0; j < width; ++j) h = Mix64(h ^ Hash64(words[i + j]));
    out.push_back(h);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

uint64_t ExactHash(const std::vector<std::string>& words) {
  uint64_t h = 0x51ed270b27a3c1d5ULL;
  for (const auto& w : words) h = Mix64(h ^ Hash64(w));
  return h;
}

std::vector<uint32_t> Signature(const std::vector<uint64_t>& shingles, int permutations) {
  std::vector<uint32_t> sig(permutations, std::numeric_limits<uint32_t>::max());
  // Permutation i is approximated by mixing with a per-i seed: independent
  // enough for MinHash and far cheaper than modular arithmetic.
  for (uint64_t s : shingles)
    for (int i = 0; i < permutations; ++i) {
      uint32_t v = static_cast<uint32_t>(Mix64(s ^ (0x9e3779b97f4a7c15ULL * (i + 1))) >> 32);
      if (v < sig[i]) sig[i] = v;
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

void LshIndex::Add(int64_t key, const std::vector<uint32_t>& sig) {
  if (sig.size() < static_cast<size_t>(bands_)) return;
  for (int b = 0; b < bands_; ++b) buckets_[BandHash(sig, b)].push_back(key);
  ++added_;
}

std::vector<int64_t> LshIndex::Candidates(const std::vector<uint32_t>& sig) const {
  std::vector<int64_t> out;
  if (sig.size() < static_cast<size_t>(bands_)) return out;
  for (int b = 0; b < bands_; ++b) {
    auto it = buckets_.find(BandHash(sig, b));
    if (it == buckets_.end()) continue;
    for (int64_t k : it->second)
      if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
  }
  return out;
}

}  // namespace marsad::corpus
