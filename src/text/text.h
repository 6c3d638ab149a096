// The Arabic text layer every later stage matches on: normalization that keeps
// a map back to original byte offsets, tokenization with proclitic splitting,
// sentence splitting, and UTF-8 offset helpers. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace marsad::text {

// ---- UTF-8 ------------------------------------------------------------------
// Decodes one code point at s[i], advancing i; invalid bytes yield U+FFFD and
// advance by one byte.
char32_t DecodeUtf8Slow(std::string_view s, size_t& i);
// Inline for the two cases that make up nearly all Arabic news text (ASCII and
// two-byte sequences, which hold the Arabic block); the rest goes out of line.
inline char32_t DecodeUtf8(std::string_view s, size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    ++i;
    return c;
  }
  if (c >= 0xC2 && c <= 0xDF && i + 1 < s.size()) {
    const auto c1 = static_cast<unsigned char>(s[i + 1]);
    if ((c1 & 0xC0) == 0x80) {
      i += 2;
      return (static_cast<char32_t>(c & 0x1F) << 6) | (c1 & 0x3F);
    }
  }
  return DecodeUtf8Slow(s, i);
}
void AppendUtf8(std::string& out, char32_t c);
size_t CodepointCount(std::string_view s);
// True when every byte sequence is valid UTF-8.
bool IsValidUtf8(std::string_view s);

// Converts byte offsets of one string into code point offsets in O(1) after an
// O(n) build. Offsets inside a multi-byte sequence map to that code point.
// Keeps a view of `s`: the text must outlive the index. Stores the count of
// code points before every 32-byte block and counts the rest of a block on
// demand (a few word operations), instead of an int per byte.
class CodepointIndex {
 public:
  explicit CodepointIndex(std::string_view s);
  // The code point holding byte `byte_offset` (the total at or past the end).
  int ToCodepoint(size_t byte_offset) const;
 private:
  static constexpr size_t kBlock = 32;
  std::string_view s_;
  std::vector<int> before_block_;  // code points starting before block k
  int total_ = 0;
};

// The same answers for offsets asked in nondecreasing order (token begins and
// ends in text order), counting only the bytes between two questions.
class CodepointCursor {
 public:
  explicit CodepointCursor(std::string_view s) : s_(s) {}
  int ToCodepoint(size_t byte_offset);
 private:
  std::string_view s_;
  size_t pos_ = 0;  // leads_ counts the code points starting in [0, pos_)
  int leads_ = 0;
};

// ---- Normalization for matching ------------------------------------------------
// Never applied to output text: `body` stays as written. Folds
//   أ إ آ ٱ (and ٲ ٳ) → ا, ى → ي, ة → ه, ی (Persian yeh) → ي, ک → ك, ۀ → ه; ؤ and ئ kept;
//   tatweel and harakat dropped, Arabic presentation forms → base letters (ﻻ → لا),
//   Arabic-Indic and Persian digits → 0-9, ASCII Latin to lower case.
// Decomposed hamza/madda (ا + U+0654) is composed first, so it folds like أ.
// Invalid UTF-8 bytes become U+FFFD, one per byte.
struct NormalizeOptions {
  bool fold_alef = true;
  bool fold_yaa = true;           // ى → ي
  bool fold_taa_marbuta = true;   // ة → ه
  bool strip_diacritics = true;   // harakat, shadda, sukun, superscript alef
  bool strip_tatweel = true;
  bool fold_persian = true;       // ی ک ۀ → ي ك ه
  bool fold_digits = true;        // ٠-٩ ۰-۹ → 0-9
  bool lowercase_latin = true;
  bool presentation_forms = true; // U+FB50–FDFF, U+FE70–FEFF → base letters
  bool strip_format = true;       // ZWNJ ZWJ LRM RLM, bidi controls, soft hyphen, BOM dropped
};

struct Normalized {
  std::string text;  // normalized UTF-8
  // to_orig[i] = byte offset in the original where the character that produced
  // normalized byte i starts; to_orig[text.size()] = original size.
  std::vector<uint32_t> to_orig;
};

Normalized Normalize(std::string_view original, const NormalizeOptions& opts = {});
// Convenience without the offset map (lexicon entries, queries).
std::string NormalizeString(std::string_view s, const NormalizeOptions& opts = {});
// The same into a caller's buffer (replaced), reusing its capacity.
void NormalizeString(std::string_view s, std::string* out, const NormalizeOptions& opts = {});

// ---- Tokens -------------------------------------------------------------------
enum class TokenKind : uint8_t { kWord, kNumber, kLatin, kPunct };

struct Token {
  uint32_t begin = 0, end = 0;  // byte offsets of the whole token in the original
  uint32_t bare_begin = 0;      // byte offset in the original where `bare` starts
  TokenKind kind = TokenKind::kWord;
  std::string norm;    // the whole token, normalized
  std::string bare;    // norm minus the longest proclitic sequence that leaves >= 2 letters
  std::string prefix;  // the proclitics removed (normalized), "" when none
  // CliticSplits(norm) computed once by Tokenize (stages look tokens up many
  // times): the byte lengths of the proclitics of each split after the first.
  uint8_t clitic_splits = 0;
  uint8_t clitic_len[4] = {0, 0, 0, 0};
};

// Splits on white space and punctuation; Arabic words keep attached clitics in
// `norm` and lose them in `bare` (و ف ب ل ك ال وال بال لل فال كال وب ول ...).
// Proclitics are [و|ف]? [ب|ك|ل]? [ال]? (ل+ال is written لل). `bare` strips the
// longest one that leaves >= 2 letters after an article form, >= 3 otherwise
// (ولكن → لكن, not كن); an alef written أ/إ/آ is never taken for the article
// (وألمانيا → المانيا). bare is a candidate only: بيروت → يروت, فرنسا → رنسا; use
// CliticSplits for look-ups. Kinds: kWord (Arabic letters; ZWNJ/ZWJ and marks
// inside are dropped from norm), kNumber (digits of either script with inner
// separators , . ٫ ٬ followed by a digit; norm uses ASCII digits, ٫ → '.', ٬ → ','),
// kLatin (letters of any non-Arabic script, ASCII digits after the first letter),
// kPunct (one token per punctuation or symbol code point). For non-words
// bare == norm, prefix == "" and bare_begin == begin; for words without a
// prefix bare_begin == begin.
std::vector<Token> Tokenize(std::string_view original);

// Every way to split a normalized word into proclitics + rest with rest >= 2
// letters, longest rest first (the word itself first). For lexicon look-ups
// that must not wrongly strip name-initial letters (بيروت, فرنسا). The views
// point into norm_word. After لل the rest lacks its article (للسلام → لل + سلام);
// prepend ال to look up a definite form.
// Returned in a fixed-size list (no allocation: look-ups call this for every
// token): a word has at most one proclitic of each length 1-4 letters.
class CliticSplitList {
 public:
  using value_type = std::pair<std::string_view, std::string_view>;
  const value_type* begin() const { return items_; }
  const value_type* end() const { return items_ + n_; }
  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  const value_type& operator[](size_t k) const { return items_[k]; }
  void push_back(const value_type& v) {
    if (n_ < kCapacity) items_[n_++] = v;
  }

 private:
  // The word itself plus one proclitic of each length (1-4 letters).
  static constexpr size_t kCapacity = 5;
  value_type items_[kCapacity];
  size_t n_ = 0;
};
CliticSplitList CliticSplits(std::string_view norm_word);
// The same for a token of Tokenize, from what Tokenize stored (views into
// t.norm: the token must outlive the list).
CliticSplitList CliticSplits(const Token& t);

// Light stemmer for normalized words (Lucene's ArabicStemmer suffix pass):
// removes, in this order and each at most once, ها ان ات ون ين يه ية ه ة ي while
// >= 2 letters remain. Prefixes are not touched: apply it to Token::bare.
std::string LightStem(std::string_view norm_word);

// ---- Sentences ----------------------------------------------------------------
struct Range {
  uint32_t begin = 0, end = 0;  // byte offsets in the original
};
// Sentence boundaries at . ! ? ؟ ; ؛ ۔ and newlines, not inside numbers (3.5),
// abbreviations or quotes that continue the sentence.
// Details: a '.' after a single letter (أ. د. / U.S.) or followed directly by a
// non-Arabic character (site.com) does not end a sentence; runs of stops and
// closing quotes/brackets right after a stop stay in the sentence ("؟!»");
// ".." "..." and "…" end one only when followed by white space and more text.
// Ranges are trimmed of white space and invisible format characters; blank
// lines give none.
std::vector<Range> SplitSentences(std::string_view original);

}  // namespace marsad::text
