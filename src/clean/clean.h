// Cleaning a scraped article: finds the title (also when printed twice), the
// publication dateline (not a widget's scrape date), the outlet and agency
// credits, the tags line; moves boilerplate (related headlines, share and
// follow widgets, ads, captions) to `removed`; splits articles glued after
// "إقرأ أيضاً" into `appended`. General rules and data/clean/*.tsv lexicons,
// no per-site strings. A Cleaner is immutable after Create; thread-safe.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/lookup.h"
#include "marsad/document.h"
#include "marsad/status.h"

namespace marsad::clean {

struct Options {
  bool raw = false;  // body = input verbatim, no cleaning or detection
};

// One line pattern of data/clean/boilerplate.tsv.
struct Pattern {
  enum class Match { kLine, kPrefix, kContains } match = Match::kLine;
  std::string norm;  // normalized pattern
  std::string kind;
  std::string core;  // norm without decoration (StripDecor), computed once at load
};

class Cleaner {
 public:
  static Result<std::shared_ptr<const Cleaner>> Create(const std::string& data_dir);

  // Builds the document skeleton (title, published, source, tags, body,
  // removed, appended) from a raw article. Fields given by the container
  // (JSON fields, HTML metadata) win over what the text says.
  Document Clean(const RawArticle& raw, const Options& opts) const;

  // The pattern a line matches (normalized line), or null.
  const Pattern* MatchLine(const std::string& norm_line) const;
  // The agency named by a credit form (normalized), or "".
  std::string Agency(std::string_view norm) const;
  const std::vector<std::string>& agency_variants() const { return agency_variants_; }
  const std::vector<std::string>& openers() const { return openers_; }
  bool IsStopword(const std::string& norm) const { return stopwords_.count(norm) > 0; }

 private:
  std::vector<Pattern> patterns_;  // never resized after Create: the indexes point into it
  base::StringMap<const Pattern*> line_patterns_;
  base::StringMap<std::vector<const Pattern*>> prefix_patterns_;  // by first word
  std::vector<const Pattern*> contains_patterns_;
  base::StringMap<std::string> agencies_;  // normalized variant → name
  std::vector<std::string> agency_variants_;               // normalized, longest first
  std::vector<std::string> openers_;                       // normalized paragraph openers
  base::StringSet social_words_;           // share-bar network names
  base::StringSet stopwords_;              // normalized function words
  Pattern share_pattern_;
};

}  // namespace marsad::clean
