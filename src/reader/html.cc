// PLACEHOLDER until the HTML reader lands.
#include "reader/html.h"

namespace marsad::reader {
void ExtractHtml(std::string_view, RawArticle* out) { out->error = "HTML not supported yet"; }
}  // namespace marsad::reader
