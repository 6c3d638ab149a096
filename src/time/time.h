// Time expressions and numbers in Arabic news, resolved against the
// publication date (issue: dates and numbers). A Tagger is immutable after
// Create and safe to share across threads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "marsad/document.h"
#include "marsad/status.h"
#include "text/calendar.h"
#include "text/text.h"

namespace marsad::time {

class Tagger {
 public:
  // Loads lexicons from `data_dir` (data/time/*.tsv).
  static Result<std::shared_ptr<const Tagger>> Create(const std::string& data_dir);
  virtual ~Tagger() = default;

  // Finds times and numbers in `body`; offsets are code points into body.
  // `published` may be null (relative expressions then stay unresolved).
  // `tokens`, when given, must be text::Tokenize(body) (the pipeline
  // tokenizes a body once for every stage).
  virtual void Tag(const std::string& body, const text::CivilDate* published, std::vector<TimeExpr>* times,
                   std::vector<Number>* numbers, const std::vector<text::Token>* tokens = nullptr) const = 0;

  // A publication date implied by the content of an undated article
  // ("أمس" next to an absolute date), or nullopt.
  virtual std::optional<text::CivilDate> InferPublished(const std::string& body) const = 0;

  // For an undated article: InferPublished and Tag in one, sharing the
  // undated pass (the same results as the two calls, tagging against the
  // inferred date when there is one). Returns the inferred date.
  virtual std::optional<text::CivilDate> TagUndated(const std::string& body, std::vector<TimeExpr>* times,
                                                    std::vector<Number>* numbers,
                                                    const std::vector<text::Token>* tokens = nullptr) const = 0;
};

// False when a dateline cannot be the publication date of `body`: it lies more
// than a year after the newest dated day (or month) the text names, as a page's
// scrape-time widget ("10 يناير 2025" above a 2023 article) does.
bool PlausibleDateline(const text::CivilDate& d, const std::string& body);

// ISO 8601 week of a day: "2020-W45".
std::string IsoWeek(const text::CivilDate& d);

}  // namespace marsad::time
