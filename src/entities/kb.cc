// Loading data/kb/*.tsv into entities and normalized names. Thread-compatible
// while loading; the result is immutable.
#include "entities/kb.h"

#include <charconv>
#include <filesystem>
#include <unordered_set>

#include "entities/gazetteer.h"
#include "text/text.h"

namespace marsad::entities {
namespace {

Status RowError(const base::TsvTable& t, const base::TsvRow& row, const std::string& why) {
  return Status::Error(t.path + ":" + std::to_string(row.line) + ": " + why);
}

// The value of column `name`, "" when the table lacks it; "-" reads as "".
std::string_view Field(const base::TsvTable& t, const base::TsvRow& row, std::string_view name) {
  const int c = t.Column(name);
  if (c < 0) return {};
  std::string_view v = row.fields[c];
  return v == "-" ? std::string_view() : v;
}

bool ParseDouble(std::string_view s, double* out) {
  if (s.empty()) return false;
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, *out);
  return ec == std::errc() && p == end;
}

// Reads lat/lon when present; both "-" means "no coordinates".
Status ParseGeo(const base::TsvTable& t, const base::TsvRow& row, std::string_view country,
                std::optional<Geo>* geo) {
  std::string_view lat = Field(t, row, "lat"), lon = Field(t, row, "lon");
  if (lat.empty() && lon.empty()) return Status::Ok();
  Geo g;
  if (!ParseDouble(lat, &g.lat) || !ParseDouble(lon, &g.lon) || g.lat < -90 || g.lat > 90 ||
      g.lon < -180 || g.lon > 180)
    return RowError(t, row, "bad lat/lon '" + std::string(lat) + "' '" + std::string(lon) + "'");
  g.country = std::string(country);
  *geo = g;
  return Status::Ok();
}

bool IsPlaceType(std::string_view type) { return type == "GPE" || type == "LOC" || type == "FAC"; }

}  // namespace

std::string NormalizeName(std::string_view written) {
  std::string out;
  for (const text::Token& tok : text::Tokenize(written)) {
    if (tok.norm.empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out += tok.norm;
  }
  return out;
}

std::vector<std::string> SplitList(std::string_view field) {
  std::vector<std::string> out;
  if (field.empty() || field == "-") return out;
  size_t start = 0;
  while (start <= field.size()) {
    size_t bar = field.find('|', start);
    if (bar == std::string_view::npos) bar = field.size();
    std::string_view item = field.substr(start, bar - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty() && item != "-") out.emplace_back(item);
    start = bar + 1;
  }
  return out;
}

void KnowledgeBase::AddName(std::string_view written, uint32_t target, NameKind kind) {
  std::string norm = NormalizeName(written);
  if (norm.empty()) return;
  names_.push_back({std::move(norm), target, kind});
}

Status KnowledgeBase::AddEntity(KbEntity e, const base::TsvTable& t, const base::TsvRow& row,
                                std::string_view name_ar, std::string_view variants) {
  if (e.id.empty()) return RowError(t, row, "empty id");
  if (by_id_.count(e.id)) return RowError(t, row, "duplicate id '" + e.id + "'");
  if (NormalizeName(name_ar).empty()) return RowError(t, row, "empty name_ar");
  for (const std::string& w : SplitList(Field(t, row, "context_ar"))) {
    std::string n = NormalizeName(w);
    if (!n.empty()) e.context.push_back(std::move(n));
  }
  const uint32_t idx = static_cast<uint32_t>(entities_.size());
  by_id_.emplace(e.id, idx);
  entities_.push_back(std::move(e));
  AddName(name_ar, idx, NameKind::kEntity);
  for (const std::string& v : SplitList(variants)) AddName(v, idx, NameKind::kEntity);
  return Status::Ok();
}

Status KnowledgeBase::AddCountries(const base::TsvTable& t) {
  for (const auto& row : t.rows) {
    KbEntity e;
    e.id = Field(t, row, "id");
    std::string iso(Field(t, row, "iso2"));
    if (iso.size() != 2) return RowError(t, row, "iso2 must have 2 letters: '" + iso + "'");
    e.type = "GPE";
    e.kind = "country";
    e.name = Field(t, row, "name_ar");
    e.name_en = Field(t, row, "name_en");
    e.wikidata = Field(t, row, "wikidata");
    e.country = iso;
    if (auto adj = SplitList(Field(t, row, "adjectives_ar")); !adj.empty()) e.adjective = adj[0];
    if (Status s = ParseGeo(t, row, iso, &e.geo); !s.ok()) return s;
    const uint32_t idx = static_cast<uint32_t>(entities_.size());
    if (Status s = AddEntity(std::move(e), t, row, Field(t, row, "name_ar"), Field(t, row, "variants_ar")); !s.ok())
      return s;
    country_by_iso_.emplace(iso, idx);
    for (const std::string& a : SplitList(Field(t, row, "adjectives_ar"))) AddName(a, idx, NameKind::kAdjective);
    if (std::string_view cap = Field(t, row, "capital_id"); !cap.empty())
      pending_capitals_.emplace_back(idx, std::string(cap));
  }
  return Status::Ok();
}

Status KnowledgeBase::AddPlaces(const base::TsvTable& t) {
  for (const auto& row : t.rows) {
    KbEntity e;
    e.id = Field(t, row, "id");
    e.type = Field(t, row, "type");
    if (!IsPlaceType(e.type)) return RowError(t, row, "place type must be GPE, LOC or FAC: '" + e.type + "'");
    e.name = Field(t, row, "name_ar");
    e.name_en = Field(t, row, "name_en");
    e.wikidata = Field(t, row, "wikidata");
    e.country = Field(t, row, "country");
    e.kind = Field(t, row, "feature");
    if (Status s = ParseGeo(t, row, e.country, &e.geo); !s.ok()) return s;
    if (Status s = AddEntity(std::move(e), t, row, Field(t, row, "name_ar"), Field(t, row, "variants_ar")); !s.ok())
      return s;
  }
  return Status::Ok();
}

Status KnowledgeBase::AddOrgs(const base::TsvTable& t) {
  for (const auto& row : t.rows) {
    KbEntity e;
    e.id = Field(t, row, "id");
    e.type = Field(t, row, "type");
    if (e.type.empty()) e.type = "ORG";
    if (e.type != "ORG" && !IsPlaceType(e.type)) return RowError(t, row, "org type must be ORG: '" + e.type + "'");
    e.name = Field(t, row, "name_ar");
    e.name_en = Field(t, row, "name_en");
    e.wikidata = Field(t, row, "wikidata");
    e.country = Field(t, row, "country");
    e.kind = Field(t, row, "kind");
    if (Status s = AddEntity(std::move(e), t, row, Field(t, row, "name_ar"), Field(t, row, "variants_ar")); !s.ok())
      return s;
  }
  return Status::Ok();
}

Status KnowledgeBase::AddPeople(const base::TsvTable& t) {
  for (const auto& row : t.rows) {
    KbEntity e;
    e.id = Field(t, row, "id");
    e.type = "PERSON";
    e.kind = "person";
    e.name = Field(t, row, "name_ar");
    e.name_en = Field(t, row, "name_en");
    e.wikidata = Field(t, row, "wikidata");
    e.country = Field(t, row, "country");
    e.roles = SplitList(Field(t, row, "roles"));
    if (Status s = AddEntity(std::move(e), t, row, Field(t, row, "name_ar"), Field(t, row, "variants_ar")); !s.ok())
      return s;
  }
  return Status::Ok();
}

Status KnowledgeBase::AddOutlets(const base::TsvTable& t) {
  for (const auto& row : t.rows) {
    KbEntity e;
    e.id = Field(t, row, "id");
    e.type = "ORG";
    e.kind = "media";
    e.name = Field(t, row, "name_ar");
    e.name_en = Field(t, row, "name_en");
    e.wikidata = Field(t, row, "wikidata");
    e.country = Field(t, row, "country");
    if (Status s = AddEntity(std::move(e), t, row, Field(t, row, "name_ar"), Field(t, row, "variants_ar")); !s.ok())
      return s;
  }
  return Status::Ok();
}

Status KnowledgeBase::AddInstitutions(const base::TsvTable& t) {
  for (const auto& row : t.rows) {
    std::vector<std::string> heads = SplitList(Field(t, row, "head_ar"));
    Institution inst{heads.empty() ? "" : heads[0], std::string(Field(t, row, "head_en")),
                     std::string(Field(t, row, "kind"))};
    if (heads.empty() || NormalizeName(heads[0]).empty()) return RowError(t, row, "empty head_ar");
    if (inst.head_en.empty()) return RowError(t, row, "empty head_en");
    const uint32_t idx = static_cast<uint32_t>(institutions_.size());
    institutions_.push_back(std::move(inst));
    for (const std::string& h : heads) AddName(h, idx, NameKind::kHead);
  }
  return Status::Ok();
}

void KnowledgeBase::AddGazetteer(const std::vector<GazetteerPlace>& places) {
  std::unordered_set<std::string> kb_names;
  for (const KbName& n : names_)
    if (n.kind == NameKind::kEntity) kb_names.insert(n.norm);
  // Per name, the most populous place (ties: the first listed).
  std::unordered_map<std::string, size_t> best;
  for (size_t i = 0; i < places.size(); ++i) {
    for (const std::string& w : places[i].names_ar) {
      std::string norm = NormalizeName(w);
      if (norm.empty() || kb_names.count(norm)) continue;
      auto [it, fresh] = best.emplace(norm, i);
      if (!fresh && places[i].population > places[it->second].population) it->second = i;
    }
  }
  std::unordered_map<size_t, uint32_t> entity_of;
  for (const auto& [norm, i] : best) {
    auto [it, fresh] = entity_of.emplace(i, 0);
    if (fresh) {
      const GazetteerPlace& p = places[i];
      KbEntity e;
      e.id = "geonames:" + p.geonameid;
      e.type = p.feature_class == 'A' || p.feature_class == 'P' ? "GPE" : p.feature_class == 'S' ? "FAC" : "LOC";
      e.name = p.names_ar.empty() ? p.name_en : p.names_ar[0];
      e.name_en = p.name_en;
      e.country = p.country;
      e.kind = p.feature_code;
      e.geo = Geo{p.lat, p.lon, p.country};
      e.population = p.population;
      it->second = static_cast<uint32_t>(entities_.size());
      by_id_.emplace(e.id, it->second);
      entities_.push_back(std::move(e));
    }
    names_.push_back({norm, it->second, NameKind::kWeakPlace});
  }
}

void KnowledgeBase::Finish() {
  for (const auto& [country, cap_id] : pending_capitals_) {
    int cap = Find(cap_id);
    if (cap >= 0) entities_[cap].capital_of = entities_[country].id;
  }
  pending_capitals_.clear();
  // Surnames: the last word of a person's multi-word names, unless some
  // person's name starts with it (أحمد، علي، محمد are given names first:
  // "آبي أحمد" must not claim every أحمد).
  const size_t n = names_.size();
  std::unordered_set<std::string> given;
  for (size_t i = 0; i < n; ++i)
    if (names_[i].kind == NameKind::kEntity && entities_[names_[i].target].type == "PERSON")
      given.insert(names_[i].norm.substr(0, names_[i].norm.find(' ')));
  for (size_t i = 0; i < n; ++i) {
    const KbName& name = names_[i];
    if (name.kind != NameKind::kEntity || entities_[name.target].type != "PERSON") continue;
    size_t sp = name.norm.rfind(' ');
    if (sp == std::string::npos) continue;
    std::string last = name.norm.substr(sp + 1);
    if (text::CodepointCount(last) < 3 || given.count(last)) continue;
    names_.push_back({std::move(last), name.target, NameKind::kSurname});
  }
}

int KnowledgeBase::Find(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  return it == by_id_.end() ? -1 : static_cast<int>(it->second);
}

int KnowledgeBase::Country(std::string_view iso2) const {
  auto it = country_by_iso_.find(std::string(iso2));
  return it == country_by_iso_.end() ? -1 : static_cast<int>(it->second);
}

Result<KnowledgeBase> KnowledgeBase::Load(const std::string& kb_dir) {
  KnowledgeBase kb;
  struct File {
    const char* name;
    Status (KnowledgeBase::*add)(const base::TsvTable&);
    std::vector<std::string> required;
  };
  const File files[] = {
      {"countries.tsv", &KnowledgeBase::AddCountries, {"id", "iso2", "name_ar", "name_en"}},
      {"places.tsv", &KnowledgeBase::AddPlaces, {"id", "type", "name_ar", "name_en"}},
      {"orgs.tsv", &KnowledgeBase::AddOrgs, {"id", "name_ar", "name_en"}},
      {"people.tsv", &KnowledgeBase::AddPeople, {"id", "name_ar", "name_en"}},
      {"outlets.tsv", &KnowledgeBase::AddOutlets, {"id", "name_ar", "name_en"}},
      {"institutions.tsv", &KnowledgeBase::AddInstitutions, {"head_ar", "head_en"}},
  };
  for (const File& f : files) {
    const std::string path = kb_dir + "/" + f.name;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) continue;
    auto table = base::LoadTsv(path, f.required);
    if (!table.ok()) return table.status();
    if (Status s = (kb.*f.add)(*table); !s.ok()) return s;
  }
  return kb;
}

}  // namespace marsad::entities
