// Entities: recognition, resolution within the article, linking to the
// knowledge base and geocoding (issue: entities). A Recognizer is immutable
// after Create and safe to share across threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "marsad/document.h"
#include "text/text.h"
#include "marsad/status.h"

namespace marsad::entities {

struct RecognizerOptions {
  std::string gazetteer;  // GeoNames index (marsad gazetteer import); "" or absent file: none
  std::string ner_model;  // statistical tagger model; "" or absent file: KB and cues only
  // A model that exists but does not load (e.g. an older format) fails Create
  // when true; otherwise recognition goes on without it and Warnings() says why.
  bool ner_required = false;
};

class Recognizer {
 public:
  // Loads data_dir/kb, the gazetteer index at DefaultGazetteerPath() when it
  // exists, and data_dir/ner/model.bin when it exists. A malformed KB or
  // gazetteer line fails with "file:line: why".
  static Result<std::shared_ptr<const Recognizer>> Create(const std::string& data_dir);
  static Result<std::shared_ptr<const Recognizer>> Create(const std::string& data_dir,
                                                          const RecognizerOptions& opts);
  virtual ~Recognizer() = default;
  // Entities of one article: mentions in `body` (code point offsets) and in `title`.
  // `body_tokens`, when given, must be text::Tokenize(body), and
  // `body_sentences` text::SplitSentences(body) (the pipeline computes both
  // once for every stage).
  virtual std::vector<Entity> Find(const std::string& title, const std::string& body,
                                   const std::vector<text::Token>* body_tokens = nullptr,
                                   const std::vector<text::Range>* body_sentences = nullptr) const = 0;
  // Problems met at Create that did not stop it (an unusable NER model).
  virtual std::vector<std::string> Warnings() const { return {}; }
};

}  // namespace marsad::entities
