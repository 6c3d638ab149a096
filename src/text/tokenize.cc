// Tokenizer with proclitic splitting, clitic split enumeration and the light
// (suffix) stemmer. Works on the original bytes and normalizes each token into
// reused buffers, so offsets are exact. Pure functions; thread-safe.
#include <array>
#include <string>
#include <vector>

#include "text/chars.h"
#include "text/text.h"

namespace marsad::text {
namespace {

using internal::CharClass;
using internal::CodePoint;
using internal::NextCodePoint;

// ---- Proclitics -------------------------------------------------------------
// [و|ف]? [ب|ك|ل]? [ال]? with ل+ال written لل, in normalized spelling.
struct Proclitic {
  std::string_view text;
  bool article;       // ends with the definite article
  size_t alef_byte;   // byte of the article's alef in `text` (npos when none)
};
constexpr size_t kNoAlef = std::string_view::npos;

// Longest first: Tokenize takes the first that fits.
constexpr std::array<Proclitic, 23> kProclitics = {{
    {"وبال", true, 4}, {"فبال", true, 4}, {"وكال", true, 4}, {"فكال", true, 4},
    {"وال", true, 2},  {"فال", true, 2},  {"بال", true, 2},  {"كال", true, 2},
    {"ولل", true, kNoAlef}, {"فلل", true, kNoAlef},
    {"ال", true, 0},   {"لل", true, kNoAlef},
    {"وب", false, kNoAlef}, {"وك", false, kNoAlef}, {"ول", false, kNoAlef},
    {"فب", false, kNoAlef}, {"فك", false, kNoAlef}, {"فل", false, kNoAlef},
    {"و", false, kNoAlef},  {"ف", false, kNoAlef},  {"ب", false, kNoAlef},
    {"ك", false, kNoAlef},  {"ل", false, kNoAlef},
}};

size_t Letters(std::string_view s) { return CodepointCount(s); }

// Length in bytes of the proclitics `bare` drops. alef_is_article(byte) says
// whether the normalized alef at that byte was written as a bare alef.
// Whether norm starts with the proclitic p (short: compared inline, memcmp
// calls cost more than the comparison).
bool HasPrefix(std::string_view norm, std::string_view p) {
  if (norm.size() < p.size()) return false;
  for (size_t k = 0; k < p.size(); ++k)
    if (norm[k] != p[k]) return false;
  return true;
}

template <typename AlefCheck>
size_t ProcliticLength(std::string_view norm, AlefCheck alef_is_article) {
  // Every proclitic starts with ا ب ف ك ل or و (D8 A7, D8 A8, D9 81, D9 83, D9 84, D9 88).
  if (norm.size() < 4) return 0;
  const auto b0 = static_cast<unsigned char>(norm[0]), b1 = static_cast<unsigned char>(norm[1]);
  if (!(b0 == 0xD8 && (b1 == 0xA7 || b1 == 0xA8)) &&
      !(b0 == 0xD9 && (b1 == 0x81 || b1 == 0x83 || b1 == 0x84 || b1 == 0x88))) {
    return 0;
  }
  // Proclitics are two-byte letters: the rest's letters are the word's minus theirs.
  const size_t letters = Letters(norm);
  for (const Proclitic& p : kProclitics) {
    if (!HasPrefix(norm, p.text)) continue;
    const size_t rest = letters - p.text.size() / 2;
    if (rest < (p.article ? 2u : 3u)) continue;
    if (p.alef_byte != kNoAlef && !alef_is_article(p.alef_byte)) continue;
    return p.text.size();
  }
  return 0;
}

// ---- Scanning ---------------------------------------------------------------
bool IsArabicWordPart(CharClass c) {
  return c == CharClass::kArabicLetter || c == CharClass::kArabicMark || c == CharClass::kMark;
}
bool IsLatinWordPart(const CodePoint& cp) {
  return cp.cls == CharClass::kLetter || cp.cls == CharClass::kMark ||
         (cp.cls == CharClass::kDigit && cp.c < 0x80);
}
bool IsNumberSeparator(char32_t c) { return c == ',' || c == '.' || c == 0x66B || c == 0x66C; }

// Extends a token from i while `part` holds; invisible format characters are
// taken only when the word continues after them.
template <typename Part>
size_t ScanWord(std::string_view s, size_t i, Part part) {
  while (i < s.size()) {
    size_t j = i;
    CodePoint cp = NextCodePoint(s, j);
    while (cp.cls == CharClass::kFormat && j < s.size()) cp = NextCodePoint(s, j);
    if (!part(cp)) break;
    i = j;
  }
  return i;
}

// ScanWord for Arabic words: runs of Arabic-block letters and marks are
// skipped two bytes at a time; anything else goes through ScanWord.
size_t ScanArabicWord(std::string_view s, size_t i) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  for (;;) {
    while (i + 1 < n && p[i] >= 0xD8 && p[i] <= 0xDB && (p[i + 1] & 0xC0) == 0x80) {
      const CharClass c = internal::kArabicBlockClass[((p[i] & 0x03u) << 6) | (p[i + 1] & 0x3Fu)];
      if (c != CharClass::kArabicLetter && c != CharClass::kArabicMark) break;
      i += 2;
    }
    if (i >= n || p[i] < 0x80) return i;  // the common ends: text end, space, ASCII punctuation
    const size_t j = ScanWord(s, i, [](const CodePoint& c) { return IsArabicWordPart(c.cls); });
    if (j == i) return i;
    i = j;
  }
}

size_t ScanNumber(std::string_view s, size_t i) {
  while (i < s.size()) {
    size_t j = i;
    CodePoint cp = NextCodePoint(s, j);
    if (cp.cls == CharClass::kDigit) {
      i = j;
      continue;
    }
    if (!IsNumberSeparator(cp.c) || j >= s.size()) break;
    size_t k = j;
    if (NextCodePoint(s, k).cls != CharClass::kDigit) break;
    i = k;
  }
  return i;
}

std::string NumberNorm(std::string_view tok) {
  std::string out;
  for (size_t i = 0; i < tok.size();) {
    const CodePoint cp = NextCodePoint(tok, i);
    if (cp.c >= 0x660 && cp.c <= 0x669) out.push_back(static_cast<char>('0' + (cp.c - 0x660)));
    else if (cp.c >= 0x6F0 && cp.c <= 0x6F9) out.push_back(static_cast<char>('0' + (cp.c - 0x6F0)));
    else if (cp.c == 0x66B) out.push_back('.');
    else if (cp.c == 0x66C) out.push_back(',');
    else AppendUtf8(out, cp.c);
  }
  return out;
}

// NormalizeString for Latin words and punctuation, with a fast path for ASCII
// (lower-cased; nothing else changes), the common case.
std::string NormOther(std::string_view tok) {
  std::string out(tok);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) >= 0x80) return NormalizeString(tok);
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view s) : s_(s) { out_.reserve(s.size() / 6 + 1); }

  std::vector<Token> Run() {
    size_t i = 0;
    while (i < s_.size()) {
      const size_t b = i;
      const CodePoint cp = NextCodePoint(s_, i);
      switch (cp.cls) {
        case CharClass::kArabicLetter:
        case CharClass::kArabicMark:
          i = ScanArabicWord(s_, i);
          AddWord(b, i);
          break;
        case CharClass::kDigit:
          i = ScanNumber(s_, i);
          AddOther(b, i, TokenKind::kNumber, NumberNorm(s_.substr(b, i - b)));
          break;
        case CharClass::kLetter:
          i = ScanWord(s_, i, IsLatinWordPart);
          AddOther(b, i, TokenKind::kLatin, NormOther(s_.substr(b, i - b)));
          break;
        case CharClass::kPunct: {
          std::string norm = NormOther(s_.substr(b, i - b));
          if (norm.empty()) norm.assign(s_.substr(b, i - b));
          AddOther(b, i, TokenKind::kPunct, std::move(norm));
          break;
        }
        default:  // white space, stray marks and format characters, invalid bytes
          break;
      }
    }
    return std::move(out_);
  }

 private:
  void AddWord(size_t b, size_t e) {
    const std::string_view word = s_.substr(b, e - b);
    // Most words need no map: same bytes, same offsets.
    const bool simple = internal::NormalizeSimpleArabic(word, norm_);
    if (!simple) internal::NormalizeInto(word, NormalizeOptions{}, norm_, map_);
    if (norm_.empty()) return;  // only tatweel or diacritics
    auto orig_at = [&](size_t k) -> size_t { return simple ? k : map_[k]; };
    const size_t pl = ProcliticLength(norm_, [&](size_t alef) {
      // The article's alef is written bare; أ إ آ start a word (وألمانيا).
      const std::string_view orig = s_.substr(b + orig_at(alef));
      return !(orig.starts_with("\u0623") || orig.starts_with("\u0625") || orig.starts_with("\u0622"));
    });
    Token& t = out_.emplace_back();
    t.begin = static_cast<uint32_t>(b);
    t.end = static_cast<uint32_t>(e);
    t.bare_begin = static_cast<uint32_t>(pl == 0 ? b : b + orig_at(pl));
    t.kind = TokenKind::kWord;
    t.norm = norm_;
    t.prefix.assign(norm_, 0, pl);
    t.bare.assign(norm_, pl);
    const CliticSplitList splits = CliticSplits(std::string_view(t.norm));
    for (size_t k = 1; k < splits.size() && k <= 4; ++k)
      t.clitic_len[t.clitic_splits++] = static_cast<uint8_t>(splits[k].first.size());
  }

  void AddOther(size_t b, size_t e, TokenKind kind, std::string norm) {
    Token& t = out_.emplace_back();
    t.begin = t.bare_begin = static_cast<uint32_t>(b);
    t.end = static_cast<uint32_t>(e);
    t.kind = kind;
    t.bare = norm;
    t.norm = std::move(norm);
  }

  std::string_view s_;
  std::vector<Token> out_;
  std::string norm_;
  std::vector<uint32_t> map_;
};

}  // namespace

std::vector<Token> Tokenize(std::string_view original) { return Tokenizer(original).Run(); }

// Whether s holds at least n code points (stops counting at n).
bool AtLeastCodepoints(std::string_view s, size_t n) {
  size_t count = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80 && ++count >= n) return true;
  return n == 0;
}

CliticSplitList CliticSplits(std::string_view w) {
  CliticSplitList out;
  out.push_back({w.substr(0, 0), w});
  // Every proclitic starts with ا ب ف ك ل or و: other words split no further.
  if (w.size() < 4) return out;
  const auto b0 = static_cast<unsigned char>(w[0]), b1 = static_cast<unsigned char>(w[1]);
  if (!(b0 == 0xD8 && (b1 == 0xA7 || b1 == 0xA8)) &&
      !(b0 == 0xD9 && (b1 == 0x81 || b1 == 0x83 || b1 == 0x84 || b1 == 0x88))) {
    return out;
  }
  // kProclitics is longest first; walk it backwards for longest rest first.
  for (auto it = kProclitics.rbegin(); it != kProclitics.rend(); ++it) {
    if (!HasPrefix(w, it->text)) continue;
    const std::string_view rest = w.substr(it->text.size());
    if (!AtLeastCodepoints(rest, 2)) continue;
    out.push_back({w.substr(0, it->text.size()), rest});
  }
  return out;
}

CliticSplitList CliticSplits(const Token& t) {
  CliticSplitList out;
  const std::string_view w = t.norm;
  out.push_back({w.substr(0, 0), w});
  for (uint8_t k = 0; k < t.clitic_splits; ++k) out.push_back({w.substr(0, t.clitic_len[k]), w.substr(t.clitic_len[k])});
  return out;
}

std::string LightStem(std::string_view w) {
  static constexpr std::string_view kSuffixes[] = {"ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"};
  for (std::string_view suf : kSuffixes) {
    if (w.ends_with(suf) && Letters(w) >= Letters(suf) + 2) w.remove_suffix(suf.size());
  }
  return std::string(w);
}

}  // namespace marsad::text
