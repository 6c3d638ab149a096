// The search box language → an FTS5 MATCH expression over the `marsad`
// tokenizer. Words match any inflection (they are stemmed by the tokenizer);
// "quoted phrases" match the normalized words exactly and in order; OR between
// two items; a leading - excludes. Anything else is literal text: the output
// is always a valid FTS5 expression or an error. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "marsad/status.h"

namespace marsad::corpus {

// Words beginning with this byte are exact (surface) tokens for the tokenizer.
inline constexpr char kExactMark = '=';

Result<std::string> ParseSearchQuery(std::string_view query);

}  // namespace marsad::corpus
