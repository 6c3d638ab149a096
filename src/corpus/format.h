// The JSON shapes of corpus records (spec/contract.md "Corpus commands") and
// the exports (ACLED-aligned CSV, JSON Lines, GeoJSON), shared by the CLI and
// the HTTP server. Pure functions of their arguments; thread-safe.
#pragma once

#include <ostream>
#include <string>
#include <unordered_map>
#include <vector>

#include "corpus/store.h"

namespace marsad::corpus {

using EntityNames = std::unordered_map<std::string, EntityRef>;

// Entity ids a merged event refers to (actors, targets, location, attribution).
std::vector<std::string> EntityIds(const MergedEvent& m);

// One JSON object each, no trailing newline.
std::string DuplicateJson(const DuplicateRow& d);
std::string StoryJson(const StoryRow& s);
std::string MergedEventJson(const MergedEvent& m, const EntityNames& names);
std::string EntityJson(const EntityRow& e);
std::string SearchHitJson(const SearchHit& h);

// RFC 4180 field: quoted when it holds a comma, quote, CR or LF.
std::string CsvField(const std::string& s);

enum class ExportFormat { kCsv, kJsonl, kGeoJson };
bool ParseExportFormat(const std::string& name, ExportFormat* out);
// Every merged event matching `filter`, in the given format.
Status Export(Store& store, const EventFilter& filter, ExportFormat format, std::ostream& out);

}  // namespace marsad::corpus
