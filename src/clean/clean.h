// Cleaning a scraped article: finds the title (also when printed twice), the
// publication dateline (not a widget's scrape date), the outlet and agency
// credits, the tags line; moves boilerplate (related headlines, share and
// follow widgets, ads, captions) to `removed`; splits articles glued after
// "إقرأ أيضاً" into `appended`. General rules, no per-site strings.
// Pure; thread-safe.
#pragma once

#include "marsad/document.h"

namespace marsad::clean {

struct Options {
  bool raw = false;  // body = input verbatim, no cleaning or detection
};

// Builds the document skeleton (title, published, source, tags, body,
// removed, appended) from a raw article. Fields given by the container
// (JSON fields, HTML metadata) win over what the text says.
Document Clean(const RawArticle& raw, const Options& opts);

}  // namespace marsad::clean
