// Normalization for matching: one pass over the UTF-8 with an ASCII fast path,
// a 256-entry table for the Arabic block U+0600-06FF, and ICU NFKC only for
// presentation-form code points (looked up in a table built once).
// Pure functions; thread-safe (the NFKC table is a function-local static).
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "text/chars.h"
#include "text/text.h"

namespace marsad::text {
namespace {

// What an Arabic-block code point is; each class is switched by one option.
enum Fold : uint8_t {
  kKeep = 0, kAlef, kYaa, kTaa, kDiacritic, kTatweel, kPersian, kDigit, kFormat,
  kCompose,  // U+0653-0655: combines with the previous letter (ا+ٔ = أ) or is a diacritic
};

struct Entry {
  uint8_t fold = kKeep;
  uint8_t len = 0;  // bytes of the replacement; 0 drops the code point
  char bytes[2] = {0, 0};
};

constexpr std::array<Entry, 256> BuildArabicTable() {
  std::array<Entry, 256> t{};
  auto set = [&t](char32_t c, Fold f, char32_t to) {
    Entry& e = t[c - 0x600];
    e.fold = f;
    if (to == 0) {
      e.len = 0;
    } else if (to < 0x80) {
      e.len = 1;
      e.bytes[0] = static_cast<char>(to);
    } else {
      e.len = 2;
      e.bytes[0] = static_cast<char>(0xC0 | (to >> 6));
      e.bytes[1] = static_cast<char>(0x80 | (to & 0x3F));
    }
  };
  for (char32_t c : {0x622, 0x623, 0x625, 0x671, 0x672, 0x673}) set(c, kAlef, 0x627);
  set(0x649, kYaa, 0x64A);
  set(0x629, kTaa, 0x647);
  set(0x6CC, kPersian, 0x64A);
  set(0x6A9, kPersian, 0x643);
  set(0x6C0, kPersian, 0x647);
  set(0x640, kTatweel, 0);
  for (char32_t c = 0x610; c <= 0x61A; ++c) set(c, kDiacritic, 0);  // honorific marks
  for (char32_t c = 0x64B; c <= 0x65F; ++c) set(c, kDiacritic, 0);
  for (char32_t c = 0x653; c <= 0x655; ++c) set(c, kCompose, 0);
  set(0x670, kDiacritic, 0);
  for (char32_t c = 0x6D6; c <= 0x6ED; ++c) set(c, kDiacritic, 0);
  for (char32_t k = 0; k < 10; ++k) {
    set(0x660 + k, kDigit, U'0' + k);
    set(0x6F0 + k, kDigit, U'0' + k);
  }
  set(0x61C, kFormat, 0);  // Arabic letter mark (bidi)
  return t;
}
constexpr std::array<Entry, 256> kArabic = BuildArabicTable();

constexpr std::array<uint8_t, 128> BuildAscii(bool lower) {
  std::array<uint8_t, 128> t{};
  for (int c = 0; c < 128; ++c) t[c] = static_cast<uint8_t>(lower && c >= 'A' && c <= 'Z' ? c + 32 : c);
  return t;
}
constexpr std::array<uint8_t, 128> kAsciiLower = BuildAscii(true);
constexpr std::array<uint8_t, 128> kAsciiSame = BuildAscii(false);

uint32_t MaskFor(const NormalizeOptions& o) {
  uint32_t m = 1u << kCompose;
  if (o.fold_alef) m |= 1u << kAlef;
  if (o.fold_yaa) m |= 1u << kYaa;
  if (o.fold_taa_marbuta) m |= 1u << kTaa;
  if (o.strip_diacritics) m |= 1u << kDiacritic;
  if (o.strip_tatweel) m |= 1u << kTatweel;
  if (o.fold_persian) m |= 1u << kPersian;
  if (o.fold_digits) m |= 1u << kDigit;
  if (o.strip_format) m |= 1u << kFormat;
  return m;
}

// ---- Presentation forms via ICU ----------------------------------------------
constexpr char32_t kPresA = 0xFB50, kPresAEnd = 0xFE00, kPresB = 0xFE70, kPresBEnd = 0xFF00;
constexpr size_t kPresCount = (kPresAEnd - kPresA) + (kPresBEnd - kPresB);

bool IsPresentationForm(char32_t c) {
  return (c >= kPresA && c < kPresAEnd) || (c >= kPresB && c < kPresBEnd);
}

std::vector<std::u32string> BuildPresentationTable() {
  std::vector<std::u32string> table(kPresCount);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  size_t k = 0;
  for (auto [lo, hi] : {std::pair{kPresA, kPresAEnd}, std::pair{kPresB, kPresBEnd}}) {
    for (char32_t c = lo; c < hi; ++c, ++k) {
      std::u32string& out = table[k];
      out = std::u32string(1, c);
      if (U_FAILURE(status)) continue;  // no ICU data: leave the code point as is
      UErrorCode st = U_ZERO_ERROR;
      icu::UnicodeString s = nfkc->normalize(icu::UnicodeString(static_cast<UChar32>(c)), st);
      if (U_FAILURE(st)) continue;
      out.clear();
      for (int32_t j = 0; j < s.length(); j = s.moveIndex32(j, 1)) out.push_back(s.char32At(j));
      // Isolated harakat (U+FE70...) decompose to space + mark; the space would
      // split the word they sit in.
      if (out.size() > 1 && out[0] == U' ') out.erase(0, 1);
    }
  }
  return table;
}

const std::u32string& PresentationNfkc(char32_t c) {
  static const std::vector<std::u32string> table = BuildPresentationTable();
  return table[c < kPresAEnd ? c - kPresA : (kPresAEnd - kPresA) + (c - kPresB)];
}

// Appends one code point of an NFKC expansion, folded like running text.
void AppendFolded(char32_t c, uint32_t mask, const uint8_t* ascii, std::string& buf) {
  if (c < 0x80) {
    buf.push_back(static_cast<char>(ascii[c]));
  } else if (c >= 0x600 && c < 0x700) {
    const Entry& e = kArabic[c - 0x600];
    const uint8_t fold = e.fold == kCompose ? static_cast<uint8_t>(kDiacritic) : e.fold;
    if ((mask >> fold) & 1) buf.append(e.bytes, e.len);
    else AppendUtf8(buf, c);
  } else if (!(internal::IsFormatChar(c) && ((mask >> kFormat) & 1))) {
    AppendUtf8(buf, c);
  }
}

// NFC composition of a hamza/madda mark with the letter just written, so that
// decomposed ا+ٔ agrees with precomposed أ (and ي+ٔ with ئ, which is kept).
char32_t Compose(char32_t base, char32_t mark) {
  switch (base) {
    case 0x627: return mark == 0x653 ? 0x622 : mark == 0x654 ? 0x623 : 0x625;
    case 0x648: return mark == 0x654 ? 0x624 : 0;
    case 0x64A: case 0x649: return mark == 0x654 ? 0x626 : 0;
    case 0x647: case 0x6D5: return mark == 0x654 ? 0x6C0 : 0;
    case 0x6C1: return mark == 0x654 ? 0x6C2 : 0;
    case 0x6D2: return mark == 0x654 ? 0x6D3 : 0;
    default: return 0;
  }
}

// Handles a U+0653-0655 mark at p[0..1]; returns the new write position.
size_t ComposeMark(const unsigned char* p, uint32_t mask, char* out, size_t w, uint32_t* map,
                   uint32_t orig) {
  const char32_t mark = 0x600 | ((p[0] & 0x03) << 6) | (p[1] & 0x3F);
  if (w >= 2) {
    const auto lead = static_cast<unsigned char>(out[w - 2]);
    if (lead >= 0xD8 && lead <= 0xDB) {  // a lead byte: the last char is 2-byte Arabic
      const char32_t base = 0x600 | ((lead & 0x03) << 6) | (out[w - 1] & 0x3F);
      if (char32_t c = Compose(base, mark)) {
        const Entry& e = kArabic[c - 0x600];
        if (!((mask >> e.fold) & 1) || e.len != 2) {
          out[w - 2] = static_cast<char>(0xC0 | (c >> 6));
          out[w - 1] = static_cast<char>(0x80 | (c & 0x3F));
        } else {
          out[w - 2] = e.bytes[0];
          out[w - 1] = e.bytes[1];
        }
        return w;  // the composed letter keeps the base letter's offset
      }
    }
  }
  if ((mask >> kDiacritic) & 1) return w;
  out[w] = static_cast<char>(p[0]);
  out[w + 1] = static_cast<char>(p[1]);
  if (map) map[w] = map[w + 1] = orig;
  return w + 2;
}

constexpr size_t kSlack = 16;

// The whole normalizer. Invariant: out.size() >= w + (n - i) + kSlack, which the
// fast paths keep because they never write more bytes than they consume; only
// the slow path (NFKC expansions, U+FFFD) grows the buffers.
template <bool kMap>
void NormalizeImpl(std::string_view in, const NormalizeOptions& opts, std::string& out,
                   std::vector<uint32_t>* to_orig) {
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const size_t n = in.size();
  const uint32_t mask = MaskFor(opts);
  const uint8_t* ascii = opts.lowercase_latin ? kAsciiLower.data() : kAsciiSame.data();
  out.resize(n + kSlack);
  if constexpr (kMap) to_orig->resize(n + kSlack);
  char* o = out.data();
  uint32_t* m = kMap ? to_orig->data() : nullptr;
  std::string ext;
  size_t w = 0, i = 0;
  while (i < n) {
    // Tight loop over the bulk of Arabic text: two-byte letters that stay as
    // they are (no fold under this mask).
    while (i + 1 < n) {
      const unsigned a = p[i], a1 = p[i + 1];
      if (a < 0xD8 || a > 0xDB || (a1 & 0xC0) != 0x80) break;
      if ((mask >> kArabic[((a & 0x03) << 6) | (a1 & 0x3F)].fold) & 1) break;
      o[w] = static_cast<char>(a);
      o[w + 1] = static_cast<char>(a1);
      if constexpr (kMap) m[w] = m[w + 1] = static_cast<uint32_t>(i);
      w += 2;
      i += 2;
    }
    if (i >= n) break;
    const unsigned c = p[i];
    if (c < 0x80) {
      o[w] = static_cast<char>(ascii[c]);
      if constexpr (kMap) m[w] = static_cast<uint32_t>(i);
      ++w;
      ++i;
      continue;
    }
    if (c >= 0xD8 && c <= 0xDB && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
      const Entry& e = kArabic[((c & 0x03) << 6) | (p[i + 1] & 0x3F)];
      const uint32_t orig = static_cast<uint32_t>(i);
      if (!((mask >> e.fold) & 1)) {
        o[w] = static_cast<char>(c);
        o[w + 1] = static_cast<char>(p[i + 1]);
        if constexpr (kMap) m[w] = m[w + 1] = orig;
        w += 2;
      } else if (e.fold == kCompose) {
        w = ComposeMark(p + i, mask, o, w, m, orig);
      } else {
        for (int k = 0; k < e.len; ++k) {
          o[w + k] = e.bytes[k];
          if constexpr (kMap) m[w + k] = orig;
        }
        w += e.len;
      }
      i += 2;
      continue;
    }
    // Slow path: other scripts, presentation forms, format chars, invalid bytes.
    const size_t start = i;
    const char32_t cp = DecodeUtf8(in, i);
    ext.clear();
    if (cp == 0xFFFD && i - start == 1) {
      ext = "\xEF\xBF\xBD";
    } else if (IsPresentationForm(cp) && opts.presentation_forms) {
      for (char32_t r : PresentationNfkc(cp)) AppendFolded(r, mask, ascii, ext);
    } else if (!(opts.strip_format && internal::IsFormatChar(cp))) {
      ext.assign(in.substr(start, i - start));
    }
    const size_t need = w + ext.size() + (n - i) + kSlack;
    if (out.size() < need) {
      out.resize(std::max(need, out.size() * 2));
      o = out.data();
      if constexpr (kMap) {
        to_orig->resize(out.size());
        m = to_orig->data();
      }
    }
    for (char b : ext) {
      o[w] = b;
      if constexpr (kMap) m[w] = static_cast<uint32_t>(start);
      ++w;
    }
  }
  out.resize(w);
  if constexpr (kMap) {
    to_orig->resize(w + 1);
    (*to_orig)[w] = static_cast<uint32_t>(n);
  }
}

}  // namespace

namespace internal {

bool IsFormatChar(char32_t c) {
  return c == 0xAD || c == 0x61C || (c >= 0x200C && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

bool NormalizeSimpleArabic(std::string_view in, std::string& out) {
  // Letters that stay (kKeep) or fold to another two-byte letter under the
  // default options (alef, yaa, taa marbuta, Persian letters): byte length
  // and offsets are unchanged. Anything else (marks, tatweel, digits, other
  // scripts) is left to the general normalizer.
  constexpr uint32_t kSimple = (1u << kKeep) | (1u << kAlef) | (1u << kYaa) | (1u << kTaa) | (1u << kPersian);
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const size_t n = in.size();
  if (n % 2) return false;
  out.resize(n);
  char* o = out.data();
  for (size_t i = 0; i < n; i += 2) {
    const unsigned c = p[i], c1 = p[i + 1];
    if (c < 0xD8 || c > 0xDB || (c1 & 0xC0) != 0x80) return false;
    const Entry e = kArabic[((c & 0x03) << 6) | (c1 & 0x3F)];
    if (!((kSimple >> e.fold) & 1)) return false;
    if (e.fold == kKeep) {
      o[i] = static_cast<char>(c);
      o[i + 1] = static_cast<char>(c1);
    } else {
      if (e.len != 2) return false;
      o[i] = e.bytes[0];
      o[i + 1] = e.bytes[1];
    }
  }
  return true;
}

void NormalizeInto(std::string_view in, const NormalizeOptions& opts, std::string& out,
                   std::vector<uint32_t>& to_orig) {
  NormalizeImpl<true>(in, opts, out, &to_orig);
}

}  // namespace internal

Normalized Normalize(std::string_view original, const NormalizeOptions& opts) {
  Normalized r;
  NormalizeImpl<true>(original, opts, r.text, &r.to_orig);
  return r;
}

std::string NormalizeString(std::string_view s, const NormalizeOptions& opts) {
  std::string out;
  NormalizeImpl<false>(s, opts, out, nullptr);
  return out;
}

void NormalizeString(std::string_view s, std::string* out, const NormalizeOptions& opts) {
  NormalizeImpl<false>(s, opts, *out, nullptr);
}

}  // namespace marsad::text
