// Events typed with the PLOVER ontology (issue: events). An Extractor is
// immutable after Create and safe to share across threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "marsad/document.h"
#include "marsad/status.h"
#include "text/text.h"

namespace marsad::events {

class Extractor {
 public:
  static Result<std::shared_ptr<const Extractor>> Create(const std::string& data_dir);
  virtual ~Extractor() = default;
  // Events of a document whose body, entities, times and numbers are filled.
  // `tokens`, when given, must be text::Tokenize(doc.body), and `sentences`
  // text::SplitSentences(doc.body) (the pipeline computes both once for
  // every stage).
  virtual std::vector<Event> Extract(const Document& doc, const std::vector<text::Token>* tokens = nullptr,
                                     const std::vector<text::Range>* sentences = nullptr) const = 0;
};

}  // namespace marsad::events
