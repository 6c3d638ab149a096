// Fuzz target for the knowledge-base loaders: arbitrary bytes as one of the
// data/kb TSV files (the first byte picks which), through base::ParseTsv, the
// KB row parsers, Finish and the name trie; the same bytes as GeoNames lines.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/tsv.h"
#include "entities/gazetteer.h"
#include "entities/kb.h"
#include "entities/matcher.h"

using marsad::entities::KnowledgeBase;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  using Add = marsad::Status (KnowledgeBase::*)(const marsad::base::TsvTable&);
  static const Add kAdders[] = {&KnowledgeBase::AddCountries, &KnowledgeBase::AddPlaces, &KnowledgeBase::AddOrgs,
                                &KnowledgeBase::AddPeople,    &KnowledgeBase::AddOutlets, &KnowledgeBase::AddInstitutions};
  KnowledgeBase kb;
  auto table = marsad::base::ParseTsv(bytes, "fuzz.tsv");
  if (table.ok()) (kb.*kAdders[data[0] % 6])(*table).ok();
  std::vector<marsad::entities::GazetteerPlace> places;
  size_t start = 0;
  while (start < bytes.size()) {
    size_t nl = bytes.find('\n', start);
    if (nl == std::string_view::npos) nl = bytes.size();
    marsad::entities::GazetteerPlace p;
    std::string why;
    if (marsad::entities::ParseGeoNamesLine(bytes.substr(start, nl - start), &p, &why)) places.push_back(std::move(p));
    start = nl + 1;
  }
  kb.AddGazetteer(places);
  kb.Finish();
  marsad::entities::NameTrie trie(kb.names());
  for (const auto& n : kb.names()) trie.Step(trie.root(), n.norm.substr(0, n.norm.find(' ')));
  return 0;
}
