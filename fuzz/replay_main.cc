// A libFuzzer-compatible driver for normal builds: runs every file of the
// given corpus directories through LLVMFuzzerTestOneInput, then, for
// --seconds N, random mutations of them (bit flips, splices, truncations,
// inserted UTF-8 and markup fragments). Deterministic seed; prints a summary.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::vector<std::string> LoadCorpus(const std::vector<std::string>& dirs) {
  std::vector<std::string> out;
  for (const auto& d : dirs) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(d, ec)) {
      std::ifstream f(d, std::ios::binary);
      std::stringstream ss;
      ss << f.rdbuf();
      out.push_back(ss.str());
      continue;
    }
    if (!std::filesystem::is_directory(d, ec)) continue;
    for (const auto& e : std::filesystem::recursive_directory_iterator(d, ec)) {
      if (!e.is_regular_file()) continue;
      std::ifstream f(e.path(), std::ios::binary);
      std::stringstream ss;
      ss << f.rdbuf();
      out.push_back(ss.str());
    }
  }
  return out;
}

const char* kFragments[] = {
    "\xd8\xa7", "\xd9\x8b", "\xd9\x80", "\xef\xbb\xbf", "\xff", "\xc0\x80", "\xed\xa0\x80",
    "<p>", "</div>", "<script>", "&amp;", "&#1575;", "{\"text\":", "[", "]", "\n", "\r\n",
    "\"", "\\u0627", "\xd8\xa5\xd9\x82\xd8\xb1\xd8\xa3 \xd8\xa3\xd9\x8a\xd8\xb6\xd8\xa7\xd9\x8b:",
    "2023-09-19", "19/09/2023", "\xd9\xa1\xd9\xa9", "\x00",
};

std::string Mutate(const std::string& in, std::mt19937_64& rng) {
  std::string s = in;
  int ops = 1 + rng() % 8;
  for (int k = 0; k < ops; ++k) {
    switch (rng() % 6) {
      case 0:
        if (!s.empty()) s[rng() % s.size()] ^= static_cast<char>(1u << (rng() % 8));
        break;
      case 1:
        if (!s.empty()) s.resize(rng() % s.size());
        break;
      case 2: {
        const char* f = kFragments[rng() % (sizeof kFragments / sizeof *kFragments)];
        size_t len = std::strlen(f);
        if (len == 0) len = 1;  // the NUL fragment
        s.insert(s.empty() ? 0 : rng() % s.size(), f, len);
        break;
      }
      case 3:
        if (s.size() > 2) {
          size_t a = rng() % s.size(), b = rng() % s.size();
          if (a > b) std::swap(a, b);
          s.insert(rng() % s.size(), s.substr(a, std::min<size_t>(b - a, 4096)));
        }
        break;
      case 4:
        if (!s.empty()) s.erase(rng() % s.size(), 1 + rng() % 16);
        break;
      default:
        s.push_back(static_cast<char>(rng() & 0xFF));
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 0;
  std::vector<std::string> dirs;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) seconds = std::atof(argv[++i]);
    else dirs.push_back(argv[i]);
  }
  auto corpus = LoadCorpus(dirs);
  if (corpus.empty()) corpus.push_back("");
  size_t runs = 0;
  for (const auto& c : corpus) {
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(c.data()), c.size());
    ++runs;
  }
  std::mt19937_64 rng(20231019);
  auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (seconds > 0 && std::chrono::steady_clock::now() < end) {
    std::string m = Mutate(corpus[rng() % corpus.size()], rng);
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(m.data()), m.size());
    ++runs;
  }
  std::printf("fuzz: %zu corpus inputs, %zu runs, no crash\n", corpus.size(), runs);
  return 0;
}
