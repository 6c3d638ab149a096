// Entities: recognition, resolution within the article, linking to the
// knowledge base and geocoding (issue: entities). A Recognizer is immutable
// after Create and safe to share across threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "marsad/document.h"
#include "marsad/status.h"

namespace marsad::entities {

class Recognizer {
 public:
  static Result<std::shared_ptr<const Recognizer>> Create(const std::string& data_dir);
  virtual ~Recognizer() = default;
  // Entities of one article: mentions in `body` (code point offsets) and in `title`.
  virtual std::vector<Entity> Find(const std::string& title, const std::string& body) const = 0;
};

}  // namespace marsad::entities
