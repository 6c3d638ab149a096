// HTML pages to article text: metadata from JSON-LD, then OpenGraph, then
// <meta>/<title>; main content chosen by text and link density over blocks
// (the jusText/trafilatura approach, no per-site rules); scripts, styles,
// navigation dropped; entities decoded. Uses gumbo. Thread-safe.
#pragma once

#include <string_view>

#include "marsad/document.h"

namespace marsad::reader {

// Fills text (paragraphs joined by '\n'), title, published, source, url, tags
// of `out` from an HTML page. Sets out->error when nothing could be extracted.
void ExtractHtml(std::string_view html, RawArticle* out);

}  // namespace marsad::reader
