// The knowledge base: the entities of data/kb/*.tsv (countries, places, orgs,
// people, outlets), the institution heads that combine with a country, and
// every name normalized for matching. Built once by Load; immutable and safe
// to share across threads afterwards.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/tsv.h"
#include "marsad/document.h"
#include "marsad/status.h"

namespace marsad::entities {

struct GazetteerPlace;

struct KbEntity {
  std::string id, type, name, name_en, wikidata;  // wikidata "" when unknown
  std::string country;     // ISO2 of the state it belongs to, "" when none
  std::string kind;        // orgs: kind column; places: feature; people: "person"
  std::optional<Geo> geo;
  std::string adjective;   // countries: the first nationality adjective, as written
  std::string capital_of;  // places: id of the state whose seat this is ("أعلنت باكو")
  std::vector<std::string> roles;     // people: role@country@from/to
  // context_ar: normalized words that favour this reading where names are
  // ambiguous; the entity's state and its seat named in the article count too.
  std::vector<std::string> context;
  int64_t population = 0;             // gazetteer places: for "bigger city wins"
};

// What a name in the automaton stands for.
enum class NameKind : uint8_t {
  kEntity,        // a full name or variant of `target` (an entity index)
  kSurname,       // the last word of a person's name: a weaker mention
  kAdjective,     // a nationality adjective of country entity `target`; never a mention alone
  kHead,          // institution head `target` ("وزارة الدفاع", "خارجية"): combines with a state
  kWeakPlace,     // gazetteer-only place: needs a place cue or a long name
};

struct KbName {
  std::string norm;  // normalized, single spaces between words
  uint32_t target = 0;
  NameKind kind = NameKind::kEntity;
};

struct Institution {
  std::string head_ar, head_en, kind;
};

class KnowledgeBase {
 public:
  // Loads every data/kb file present in `kb_dir` (absent files are skipped;
  // a malformed line fails with "file:line: why").
  static Result<KnowledgeBase> Load(const std::string& kb_dir);

  // Row parsers, one per file; public for tests and the fuzz target.
  Status AddCountries(const base::TsvTable& t);
  Status AddPlaces(const base::TsvTable& t);
  Status AddOrgs(const base::TsvTable& t);
  Status AddPeople(const base::TsvTable& t);
  Status AddOutlets(const base::TsvTable& t);
  Status AddInstitutions(const base::TsvTable& t);
  // Gazetteer places extend the built-in ones: a name the KB already has keeps
  // the KB's entity; among gazetteer places of one name the most populous wins.
  // Call after the Add* and before Finish.
  void AddGazetteer(const std::vector<GazetteerPlace>& places);
  // Derived facts: surnames, capitals' states. Call once after the Add*.
  void Finish();

  const std::vector<KbEntity>& entities() const { return entities_; }
  const std::vector<KbName>& names() const { return names_; }
  const std::vector<Institution>& institutions() const { return institutions_; }
  // Entity index by id, -1 when unknown.
  int Find(std::string_view id) const;
  // The state entity for ISO2 `iso2`, -1 when unknown.
  int Country(std::string_view iso2) const;

 private:
  Status AddEntity(KbEntity e, const base::TsvTable& t, const base::TsvRow& row,
                   std::string_view name_ar, std::string_view variants);
  void AddName(std::string_view written, uint32_t target, NameKind kind);

  std::vector<KbEntity> entities_;
  std::vector<KbName> names_;
  std::vector<Institution> institutions_;
  std::unordered_map<std::string, uint32_t> by_id_;
  std::unordered_map<std::string, uint32_t> country_by_iso_;
  std::vector<std::pair<uint32_t, std::string>> pending_capitals_;  // country, capital id
};

// Normalized form of a written name: text::NormalizeString, runs of white
// space collapsed to one space, punctuation other than inner hyphens kept.
std::string NormalizeName(std::string_view written);

// "a|b|c" → {"a","b","c"}; "-" and "" → {}.
std::vector<std::string> SplitList(std::string_view field);

}  // namespace marsad::entities
