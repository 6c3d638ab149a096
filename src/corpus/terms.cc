// Normalized words, the search stem and function words.
#include "corpus/terms.h"

#include <algorithm>
#include <array>
#include <unordered_set>

#include "text/text.h"

namespace marsad::corpus {
namespace {

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
bool IsArabicLead(unsigned char c) { return c == 0xD8 || c == 0xD9 || c == 0xDA || c == 0xDB; }

// Arabic letters are 2 UTF-8 bytes each; Latin ones never reach the stripping.
size_t Letters(std::string_view s) { return text::CodepointCount(s); }

constexpr std::array<std::string_view, 6> kArticles = {"وال", "بال", "كال", "فال", "لل", "ال"};
// ية and ة are written يه and ه after normalization.
constexpr std::array<std::string_view, 8> kSuffixes = {"ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"};

// Written as usual; normalized and sorted once on first use.
constexpr std::string_view kStopwords[] = {
    "اثناء", "اجل",  "اذا",  "ازاء", "اكثر", "الا",   "التي",  "الذي", "الذين", "الى",
    "ان",    "انه",  "انها", "او",   "اي",   "ايضا",  "بان",   "باسم", "بعد",   "بعض",
    "بين",   "تحت",  "تلك",  "ثم",   "حتى",  "حول",   "حيث",   "خلال", "دون",   "ذلك",
    "عبر",   "عدم",  "عن",   "عند",  "على",  "عليه",  "غير",   "فان",  "فقد",   "في",
    "فيه",   "فيها", "قال",  "قالت", "قبل",  "قد",    "كان",   "كانت", "كل",    "كما",
    "لا",    "لان",  "لدى",  "لكن",  "لم",   "لن",    "له",    "لها",  "ما",    "مع",
    "منذ",   "من",   "نحو",  "هذا",  "هذه",  "هناك",  "هو",    "هي",   "وان",   "وقال",
    "وقد",   "وكان",  "يكون", "التى", "وهو", "وهي", "أن", "إن", "إلى", "أو", "أي", "أيضا",
    "أكثر", "إذا", "أثناء", "أجل", "إزاء", "الأول", "يوم", "اليوم", "أمس", "وفي", "ومن", "كذلك",
    // English articles quote English text too (lower-cased by the normalizer).
    "the", "and", "with", "for", "from", "that", "this", "are", "was", "were", "has", "have",
    "its", "his", "her", "their", "they", "not", "but", "into", "over", "after", "said",
};

}  // namespace

std::vector<std::string> NormalizedWords(std::string_view body) {
  std::vector<std::string> out;
  for (auto& t : text::Tokenize(body))
    if (t.kind != text::TokenKind::kPunct) out.push_back(std::move(t.norm));
  return out;
}

std::string SearchStem(std::string_view w) { return std::string(SearchStemView(w)); }

std::string_view SearchStemView(std::string_view w) {
  if (w.empty() || !IsArabicLead(static_cast<unsigned char>(w[0]))) return w;
  for (std::string_view a : kArticles)
    if (StartsWith(w, a) && Letters(w.substr(a.size())) >= 3) {
      w.remove_prefix(a.size());
      break;
    }
  for (bool changed = true; changed;) {
    changed = false;
    for (std::string_view s : kSuffixes)
      if (EndsWith(w, s) && Letters(w) - Letters(s) >= 3) {
        w.remove_suffix(s.size());
        changed = true;
        break;
      }
  }
  return w;
}

bool IsStopword(std::string_view w) {
  // Asked for every word of every article: a hash set, not a sorted search.
  static const std::vector<std::string> normalized = [] {
    std::vector<std::string> v;
    for (std::string_view s : kStopwords) v.push_back(text::NormalizeString(s));
    return v;
  }();
  static const std::unordered_set<std::string_view> set(normalized.begin(), normalized.end());
  return set.count(w) != 0;
}

}  // namespace marsad::corpus
