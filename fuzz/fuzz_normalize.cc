// Fuzz target for the text layer: Normalize, Tokenize, SplitSentences,
// CliticSplits and LightStem on arbitrary bytes, aborting when an offset
// invariant breaks. Single-threaded driver; the functions under test are pure.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "text/text.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

bool IsSuffix(std::string_view whole, std::string_view part) {
  return part.data() >= whole.data() && part.data() + part.size() == whole.data() + whole.size();
}

void CheckNormalize(std::string_view in, const marsad::text::NormalizeOptions& opts) {
  const marsad::text::Normalized n = marsad::text::Normalize(in, opts);
  Check(n.to_orig.size() == n.text.size() + 1);
  Check(n.to_orig.back() == in.size());
  for (size_t i = 0; i < n.text.size(); ++i) {
    Check(n.to_orig[i] < in.size());
    Check(n.to_orig[i] <= n.to_orig[i + 1]);
  }
  Check(marsad::text::NormalizeString(in, opts) == n.text);
  // The normalizer writes valid UTF-8 (invalid bytes become U+FFFD).
  Check(marsad::text::IsValidUtf8(n.text));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  CheckNormalize(in, {});
  marsad::text::NormalizeOptions none;
  none.fold_alef = none.fold_yaa = none.fold_taa_marbuta = none.strip_diacritics = false;
  none.strip_tatweel = none.fold_persian = none.fold_digits = none.lowercase_latin = false;
  none.presentation_forms = none.strip_format = false;
  CheckNormalize(in, none);

  uint32_t prev_end = 0;
  for (const marsad::text::Token& t : marsad::text::Tokenize(in)) {
    Check(t.begin < t.end && t.end <= size);
    Check(t.begin <= t.bare_begin && t.bare_begin <= t.end);
    Check(t.begin >= prev_end);
    prev_end = t.end;
    Check(!t.norm.empty());
    Check(t.prefix + t.bare == t.norm);
    for (const auto& [prefix, rest] : marsad::text::CliticSplits(t.norm)) {
      Check(std::string(prefix) + std::string(rest) == t.norm);
      Check(IsSuffix(t.norm, rest));
    }
    const std::string stem = marsad::text::LightStem(t.bare);
    Check(t.bare.starts_with(stem));
  }
  // CliticSplits and LightStem must also survive arbitrary bytes.
  const auto splits = marsad::text::CliticSplits(in);
  Check(!splits.empty() && splits[0].second.size() == in.size());
  for (size_t k = 1; k < splits.size(); ++k) {
    Check(IsSuffix(in, splits[k].second) && splits[k].second.size() < splits[k - 1].second.size());
  }
  Check(in.starts_with(marsad::text::LightStem(in)));

  uint32_t prev = 0;
  for (const marsad::text::Range& r : marsad::text::SplitSentences(in)) {
    Check(r.begin < r.end && r.end <= size && r.begin >= prev);
    prev = r.end;
  }
  return 0;
}
