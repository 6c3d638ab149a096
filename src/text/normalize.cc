// PLACEHOLDER: identity normalization and whitespace tokenization until the
// text-layer work lands (owned by the text helper).
#include "text/text.h"

namespace marsad::text {

Normalized Normalize(std::string_view original, const NormalizeOptions&) {
  Normalized n;
  n.text.assign(original);
  n.to_orig.resize(original.size() + 1);
  for (size_t i = 0; i <= original.size(); ++i) n.to_orig[i] = static_cast<uint32_t>(i);
  return n;
}

std::string NormalizeString(std::string_view s, const NormalizeOptions& o) { return Normalize(s, o).text; }

std::vector<Token> Tokenize(std::string_view original) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < original.size()) {
    while (i < original.size() && (original[i] == ' ' || original[i] == '\n')) ++i;
    size_t b = i;
    while (i < original.size() && original[i] != ' ' && original[i] != '\n') ++i;
    if (i > b) {
      Token t;
      t.begin = t.bare_begin = b;
      t.end = i;
      t.norm = t.bare = std::string(original.substr(b, i - b));
      out.push_back(std::move(t));
    }
  }
  return out;
}

std::vector<std::pair<std::string_view, std::string_view>> CliticSplits(std::string_view w) {
  return {{std::string_view(), w}};
}

std::vector<Range> SplitSentences(std::string_view original) {
  std::vector<Range> out;
  size_t b = 0;
  for (size_t i = 0; i <= original.size(); ++i) {
    if (i == original.size() || original[i] == '\n') {
      if (i > b) out.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(i)});
      b = i + 1;
    }
  }
  return out;
}

}  // namespace marsad::text
