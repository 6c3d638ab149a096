// PLACEHOLDER cleaner: first line is the title, the rest the body.
#include "clean/clean.h"

namespace marsad::clean {

Document Clean(const RawArticle& raw, const Options& opts) {
  Document d;
  d.input = raw.input;
  d.error = raw.error;
  d.warnings = raw.warnings;
  if (opts.raw) {
    d.body = raw.text;
    return d;
  }
  size_t nl = raw.text.find('\n');
  d.title = raw.text.substr(0, nl);
  if (nl != std::string::npos) d.body = raw.text.substr(nl + 1);
  return d;
}

}  // namespace marsad::clean
