// Sentence splitting on the original bytes: stops, newlines, ellipses, with the
// exceptions news text needs (decimals, single-letter abbreviations, closing
// quotes). Pure function; thread-safe.
#include <array>
#include <vector>

#include "text/chars.h"
#include "text/text.h"

namespace marsad::text {
namespace {

using internal::CharClass;
using internal::NextCodePoint;

constexpr bool IsNewline(char32_t c) { return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029; }
constexpr bool IsStop(char32_t c) {
  return c == '!' || c == '?' || c == ';' || c == 0x61F || c == 0x61B || c == 0x6D4;
}
constexpr bool IsDot(char32_t c) { return c == '.' || c == 0x2026; }
bool IsCloser(char32_t c) {
  return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' || c == 0xBB || c == 0x2019 ||
         c == 0x201D || c == 0x203A || c == 0xFD3E || c == 0xFD3F;
}
bool IsOpener(char32_t c) {
  return c == '"' || c == '\'' || c == '(' || c == '[' || c == '{' || c == 0xAB || c == 0x2018 ||
         c == 0x201C || c == 0x2039;
}
bool IsBlank(CharClass c) {
  return c == CharClass::kSpace || c == CharClass::kFormat || c == CharClass::kInvalid;
}
bool IsLetter(CharClass c) { return c == CharClass::kArabicLetter || c == CharClass::kLetter; }

constexpr std::array<bool, 128> BuildPlainAscii() {
  std::array<bool, 128> t{};
  for (int c = 0; c < 128; ++c) t[c] = !(IsNewline(c) || IsStop(c) || IsDot(c));
  return t;
}
constexpr std::array<bool, 128> kPlainAscii = BuildPlainAscii();

class Splitter {
 public:
  explicit Splitter(std::string_view s) : s_(s) {}

  std::vector<Range> Run() {
    size_t start = 0, i = 0;
    const auto* p = reinterpret_cast<const unsigned char*>(s_.data());
    const size_t n = s_.size();
    while (i < n) {
      // Skip what cannot end a sentence without decoding it: ASCII other than
      // newlines and stops, and Arabic letters U+0640-06BF (lead bytes D9 DA).
      const unsigned b = p[i];
      if (b < 0x80 && kPlainAscii[b]) {
        ++i;
        continue;
      }
      if ((b == 0xD9 || b == 0xDA) && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
        i += 2;
        continue;
      }
      const size_t pos = i;
      const char32_t c = NextCodePoint(s_, i).c;
      size_t end = 0;
      if (IsNewline(c)) {
        Emit(start, pos);
        start = i;
        continue;
      }
      if (IsStop(c)) {
        end = AbsorbTail(i);
      } else if (IsDot(c)) {
        end = DotBoundary(pos, i);
      }
      if (end) {
        Emit(start, end);
        start = i = end;
      }
    }
    Emit(start, s_.size());
    return std::move(out_);
  }

 private:
  // Stops and closing quotes/brackets right after a stop belong to the sentence.
  size_t AbsorbTail(size_t i) const {
    while (i < s_.size()) {
      size_t j = i;
      const char32_t c = NextCodePoint(s_, j).c;
      if (!IsStop(c) && !IsDot(c) && !IsCloser(c)) break;
      i = j;
    }
    return i;
  }

  // Where a sentence ends for the dot (or '…') at pos, 0 when it does not;
  // moves i past the whole run of dots so that "..x" is judged once.
  size_t DotBoundary(size_t pos, size_t& i) const {
    bool ellipsis = s_[pos] != '.';
    while (i < s_.size() && (s_[i] == '.' || s_.substr(i).starts_with("\u2026"))) {
      i += s_[i] == '.' ? 1 : 3;
      ellipsis = true;
    }
    const size_t end = AbsorbTail(i);
    if (end == s_.size()) return end;
    size_t j = end;
    const auto next = NextCodePoint(s_, j);
    if (ellipsis) {
      // Headlines separate items with ".." and a space; "قال..إن" runs on.
      if (!IsBlank(next.cls)) return 0;
      while (j < s_.size()) {
        size_t k = j;
        const auto cp = NextCodePoint(s_, k);
        if (!IsBlank(cp.cls)) return end;
        j = k;
      }
      return 0;  // only white space follows: the final Emit ends the sentence
    }
    if (end == i) {  // nothing absorbed: look at the characters around the dot
      if (PrevIsDigit(pos) && next.cls == CharClass::kDigit) return 0;  // 3.5, 1.000
      if (next.cls != CharClass::kArabicLetter && !IsBlank(next.cls) && !IsNewline(next.c) &&
          !IsOpener(next.c)) {
        return 0;  // site.com, 10.a
      }
    }
    if (SingleLetterBefore(pos)) return 0;  // أ. د. / U.S.
    return end;
  }

  // Start of the code point that ends right before byte pos.
  size_t PrevStart(size_t pos) const {
    size_t p = pos - 1;
    while (p > 0 && pos - p < 4 && (static_cast<unsigned char>(s_[p]) & 0xC0) == 0x80) --p;
    return p;
  }

  bool PrevIsDigit(size_t pos) const {
    if (pos == 0) return false;
    size_t p = PrevStart(pos);
    return NextCodePoint(s_, p).cls == CharClass::kDigit;
  }

  bool SingleLetterBefore(size_t pos) const {
    if (pos == 0) return false;
    const size_t p = PrevStart(pos);
    size_t q = p;
    if (!IsLetter(NextCodePoint(s_, q).cls) || q != pos) return false;
    if (p == 0) return true;
    size_t r = PrevStart(p);
    const auto before = NextCodePoint(s_, r);
    return IsBlank(before.cls) || IsNewline(before.c) || before.c == '.' || IsOpener(before.c);
  }

  void Emit(size_t b, size_t e) {
    while (b < e) {
      size_t j = b;
      const auto cp = NextCodePoint(s_, j);
      if (!IsBlank(cp.cls) || j > e) break;
      b = j;
    }
    while (e > b) {
      size_t p = PrevStart(e);
      size_t q = p;
      const auto cp = NextCodePoint(s_, q);
      if (!IsBlank(cp.cls) || q != e) break;
      e = p;
    }
    if (e > b) out_.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
  }

  std::string_view s_;
  std::vector<Range> out_;
};

}  // namespace

std::vector<Range> SplitSentences(std::string_view original) { return Splitter(original).Run(); }

}  // namespace marsad::text
