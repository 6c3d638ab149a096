// Helpers shared by the reader's parts (JSON, HTML, dates); not part of the
// stage's API, other stages must not include this. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "marsad/document.h"
#include "reader/reader.h"

namespace marsad::reader::internal {

// Articles of a JSON array / single object, or of JSON Lines; `input` is the
// file name that "#N" is appended to. `utf8` is already repaired UTF-8.
std::vector<RawArticle> ReadJson(std::string_view utf8, const std::string& input);
std::vector<RawArticle> ReadJsonl(std::string_view utf8, const std::string& input);

// A date string as found in a field or a page's metadata → "YYYY-MM-DD".
// Accepts ISO dates and datetimes ("2015-07-21T10:00:00+03:00",
// "2015-07-21 10:00:00"), "2015/07/21", day-first "21/07/2015" and
// "21-07-2015", RFC 822 ("Tue, 21 Jul 2015 10:00:00 +0300") and English month
// names ("21 July 2015", "July 21, 2015"). False when not recognised.
bool NormalizeDate(std::string_view in, std::string* out);

// Sets a->published from a raw date: normalised when recognised, else kept as
// given with a warning (the pipeline may still understand it).
void SetPublished(std::string_view raw, RawArticle* a);

// True when the text starts (after white space) with '<' and has a tag of an
// HTML document or body (html, head, body, div, p, !doctype, article...).
bool LooksLikeHtml(std::string_view s);

// "a, b ،c" → {"a", "b", "c"}: splits on ',' and the Arabic comma, trims, drops empties.
void AppendTags(std::string_view list, std::vector<std::string>* tags);

// CRLF and lone CR → LF.
std::string NormalizeNewlines(std::string_view s);

// Trims ASCII white space and U+00A0 at both ends.
std::string_view Trim(std::string_view s);

// "file is larger than 50 MB (N bytes)".
std::string TooLargeMessage(size_t max_bytes, size_t size);

}  // namespace marsad::reader::internal

// ---- HTML (html.cc, html_content.cc) ----------------------------------------
struct GumboInternalNode;

namespace marsad::reader::internal {

// The main text of a page: blocks classified jusText-style, the good ones
// joined by '\n'. Empty when no block qualifies.
std::string MainText(const GumboInternalNode* root);

// Share of stopwords among the words of `text`, counting proclitics split off
// (و ف before ال, verbs and stopwords; ب ل ك before ال) as words of their own.
double StopwordDensity(std::string_view text);

// An upper estimate of the element nesting depth of a page, stopping at
// `limit`: gumbo's parser is quadratic in depth, so deep pages are refused.
size_t HtmlDepthEstimate(std::string_view html, size_t limit);

}  // namespace marsad::reader::internal
