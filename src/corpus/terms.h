// Word-level features shared by search, dedup and stories: normalized words of
// a text, the search stem (article + suffix stripping that keeps >= 3 letters)
// and a short function-word list. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace marsad::corpus {

// Normalized word, number and Latin tokens of `text` (punctuation dropped),
// each the whole token as written (clitics kept): the unit of shingles.
std::vector<std::string> NormalizedWords(std::string_view text);

// The stem under which search matches a normalized word: strips one of
// ال وال بال كال فال لل, then repeatedly the suffixes ها ان ات ون ين يه ية ه ة ي
// (ة is already ه after normalization) while >= 3 letters remain, so that
// فلسطين/فلسطيني/الفلسطينية → فلسط and حكومه/الحكومه/حكومات → حكوم. Single-letter
// proclitics (و ب ف ل ك) are left alone: they begin too many names (بريطانيا).
// Non-Arabic tokens come back unchanged.
std::string SearchStem(std::string_view norm_word);
// The same stem as a view into `norm_word` (stemming only strips).
std::string_view SearchStemView(std::string_view norm_word);

// True for Arabic function words (after normalization) that carry no topic.
bool IsStopword(std::string_view norm_word);

}  // namespace marsad::corpus
