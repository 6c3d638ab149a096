// The `marsad` FTS5 tokenizer: marsad's normalizer and tokenizer, each word
// indexed twice at one position — its search stem and, colocated, its exact
// normalized form marked with kExactMark — so inflections match each other
// while quoted phrases stay exact. Registration is per connection; the
// tokenizer itself is stateless and thread-safe.
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>
#include <vector>

#include "marsad/status.h"

namespace marsad::corpus {

Status RegisterTokenizer(sqlite3* db);

// The tokens FTS5 would receive for `text` ("stem|=exact" per position), for
// tests and debugging.
std::vector<std::string> IndexTokens(std::string_view text);
std::vector<std::string> QueryTokens(std::string_view text);

}  // namespace marsad::corpus
