// The `marsad` FTS5 tokenizer: marsad's normalizer and tokenizer, each word
// indexed twice at one position — its search stem and, colocated, its exact
// normalized form marked with kExactMark — so inflections match each other
// while quoted phrases stay exact. Registration is per connection; the
// tokenizer is thread-safe (its only state is the thread-local
// PretokenizedText hint).
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>
#include <vector>

#include "marsad/status.h"
#include "text/text.h"

namespace marsad::corpus {

Status RegisterTokenizer(sqlite3* db);

// The ingester has already tokenized an article's body (for dedup and
// stories); while one of these lives, the tokenizer, called on this thread
// with a text equal to `text`, indexes `tokens` (text::Tokenize(text)) instead
// of tokenizing it a second time. Compared by content, so any other text is
// tokenized as usual. `stems`, when not null, holds SearchStemView of the
// norm of each non-punctuation token, in order. Not copyable; scopes nest
// (the innermost wins).
class PretokenizedText {
 public:
  PretokenizedText(std::string_view text, const std::vector<text::Token>& tokens,
                   const std::vector<std::string_view>* stems = nullptr);
  ~PretokenizedText();
  PretokenizedText(const PretokenizedText&) = delete;
  PretokenizedText& operator=(const PretokenizedText&) = delete;

  std::string_view text() const { return text_; }
  const std::vector<text::Token>& tokens() const { return tokens_; }
  const std::vector<std::string_view>* stems() const { return stems_; }

 private:
  std::string_view text_;
  const std::vector<text::Token>& tokens_;
  const std::vector<std::string_view>* stems_;
  const PretokenizedText* outer_;
};

// The tokens FTS5 would receive for `text` ("stem|=exact" per position), for
// tests and debugging.
std::vector<std::string> IndexTokens(std::string_view text);
std::vector<std::string> QueryTokens(std::string_view text);

}  // namespace marsad::corpus
