// The local gazetteer index: GeoNames dumps (cities15000.txt, allCountries.txt,
// or a .zip holding one) imported into a small TSV of places with Arabic names,
// which extends the knowledge base's built-in places. Functions are
// thread-compatible; Import writes a temporary file and renames it, so a killed
// import leaves the previous index intact.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "entities/ner_lexicon.h"
#include "marsad/status.h"

namespace marsad::entities {

struct GazetteerPlace {
  std::string geonameid, name_en;
  std::vector<std::string> names_ar;  // as written in GeoNames (not normalized)
  double lat = 0, lon = 0;
  std::string country;       // ISO2
  char feature_class = 'P';  // GeoNames class: A admin, P populated place, T, H, L, S, ...
  std::string feature_code;
  int64_t population = 0;
};

struct ImportStats {
  int64_t lines = 0, kept = 0, malformed = 0;
  int first_malformed_line = 0;  // 0 when none
  std::string first_malformed_reason;
};

// True when s holds an Arabic letter (U+0620–U+064A, U+066E–U+06D3, U+06FA–U+06FF).
bool HasArabicLetter(std::string_view s);

// Parses one GeoNames line (19 tab-separated columns). False with `why` set for
// a malformed line; a well-formed line without Arabic names returns true with
// names_ar empty.
bool ParseGeoNamesLine(std::string_view line, GazetteerPlace* out, std::string* why);

// Reads a GeoNames dump (.txt, or .zip through `unzip -p`) and writes the
// index to `index_path` (via index_path + ".tmp" and a rename). Malformed lines
// are skipped and counted in `stats` (GeoNames dumps are large and a single bad
// line should not cost a whole import); an input with no valid line at all, or
// one that cannot be read, is an error.
Status ImportGeoNames(const std::string& input_path, const std::string& index_path, ImportStats* stats);

// Index file: header `geonameid name_en names_ar lat lon country class code population`.
Result<std::vector<GazetteerPlace>> LoadGazetteerIndex(const std::string& index_path);

// The Arabic place names of `places` for the NER gazetteer (the table
// data/ner/place_names.tsv: header `name_ar country`, one name a line, sorted,
// unique by normalized form). Kept: names written in Arabic letters only
// (Persian/Urdu/Uyghur-only letters, digits and Latin dropped), diacritics and
// tatweel removed. Dropped: one-letter and two-letter single words, and single
// words that are frequent in the news (>= 100 times) yet follow a place head
// less than one time in ten: GeoNames' alternate names include common words
// (ان، كان، نادي، مدينة) that would mark half of every text as a place.
// `news`: LoadNewsWordCounts of clusters.tsv (may be empty: no filter).
std::string BuildNerPlaceNames(const std::vector<GazetteerPlace>& places, const NewsWordCounts& news,
                               const std::string& provenance);

// Where the index lives: MARSAD_GAZETTEER, else $XDG_DATA_HOME/marsad/gazetteer.tsv,
// else ~/.local/share/marsad/gazetteer.tsv; "" when none of these can be formed.
std::string DefaultGazetteerPath();

}  // namespace marsad::entities
