// Placeholder tagger until the dates-and-numbers issue lands: finds nothing.
#include "time/time.h"

namespace marsad::time {
namespace {
class NullTagger : public Tagger {
 public:
  void Tag(const std::string&, const text::CivilDate*, std::vector<TimeExpr>*,
           std::vector<Number>*) const override {}
  std::optional<text::CivilDate> InferPublished(const std::string&) const override { return std::nullopt; }
};
}  // namespace

Result<std::shared_ptr<const Tagger>> Tagger::Create(const std::string&) {
  return std::shared_ptr<const Tagger>(std::make_shared<NullTagger>());
}

}  // namespace marsad::time
