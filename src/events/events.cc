// Placeholder extractor until the events issue lands: finds nothing.
#include "events/events.h"

namespace marsad::events {
namespace {
class NullExtractor : public Extractor {
 public:
  std::vector<Event> Extract(const Document&) const override { return {}; }
};
}  // namespace

Result<std::shared_ptr<const Extractor>> Extractor::Create(const std::string&) {
  return std::shared_ptr<const Extractor>(std::make_shared<NullExtractor>());
}

}  // namespace marsad::events
