// GeoNames import into the local gazetteer index, and loading that index.
// Thread-compatible.
#include "entities/gazetteer.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

#include "base/tsv.h"
#include "text/text.h"

namespace marsad::entities {
namespace {

constexpr int kGeoNamesColumns = 19;
constexpr char kIndexHeader[] = "geonameid\tname_en\tnames_ar\tlat\tlon\tcountry\tclass\tcode\tpopulation";

bool ParseDouble(std::string_view s, double* out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool ParseInt(std::string_view s, int64_t* out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Our index separates names with '|' and columns with tabs: neither may occur in a name.
std::string Clean(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(c == '|' || c == '\t' || c == '\r' || c == '\n' ? ' ' : c);
  return out;
}

// Feature classes worth matching in news: admin units, populated places,
// terrain, water, areas. Spots (S: hotels, farms), roads, vegetation and
// undersea features mostly add noise.
bool KeepClass(char c) { return c == 'A' || c == 'P' || c == 'T' || c == 'H' || c == 'L'; }

// A source of lines: a plain file, or `unzip -p` for a .zip.
class LineReader {
 public:
  static Result<std::unique_ptr<LineReader>> Open(const std::string& path) {
    auto r = std::unique_ptr<LineReader>(new LineReader);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return Status::Error(path + ": cannot open");
    if (path.size() > 4 && path.compare(path.size() - 4, 4, ".zip") == 0) {
      std::string quoted = "'";
      for (char c : path) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
      quoted += "'";
      r->pipe_ = popen(("unzip -p " + quoted + " 2>/dev/null").c_str(), "r");
      if (!r->pipe_) return Status::Error(path + ": cannot run unzip");
    } else {
      r->file_ = std::fopen(path.c_str(), "rb");
      if (!r->file_) return Status::Error(path + ": cannot open");
    }
    return r;
  }
  ~LineReader() {
    if (file_) std::fclose(file_);
    if (pipe_) pclose(pipe_);
  }
  bool Next(std::string* line) {
    line->clear();
    FILE* f = file_ ? file_ : pipe_;
    char buf[65536];
    while (std::fgets(buf, sizeof buf, f)) {
      line->append(buf);
      if (!line->empty() && line->back() == '\n') {
        line->pop_back();
        if (!line->empty() && line->back() == '\r') line->pop_back();
        return true;
      }
    }
    return !line->empty();
  }
  // Exit status of unzip (0 for plain files); closes the pipe.
  int Finish() {
    if (!pipe_) return 0;
    int rc = pclose(pipe_);
    pipe_ = nullptr;
    return rc;
  }

 private:
  LineReader() = default;
  FILE* file_ = nullptr;
  FILE* pipe_ = nullptr;
};

}  // namespace

bool HasArabicLetter(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    char32_t c = text::DecodeUtf8(s, i);
    if ((c >= 0x620 && c <= 0x64A) || (c >= 0x66E && c <= 0x6D3) || (c >= 0x6FA && c <= 0x6FF)) return true;
  }
  return false;
}

bool ParseGeoNamesLine(std::string_view line, GazetteerPlace* out, std::string* why) {
  std::vector<std::string_view> f;
  size_t start = 0;
  while (f.size() < kGeoNamesColumns + 1) {
    size_t tab = line.find('\t', start);
    f.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  if (f.size() != kGeoNamesColumns) {
    *why = "expected 19 tab-separated columns, found " + std::to_string(f.size());
    return false;
  }
  if (!AllDigits(f[0])) return *why = "geonameid is not a number", false;
  GazetteerPlace p;
  p.geonameid = f[0];
  if (!ParseDouble(f[4], &p.lat) || !ParseDouble(f[5], &p.lon) || p.lat < -90 || p.lat > 90 ||
      p.lon < -180 || p.lon > 180)
    return *why = "bad latitude/longitude", false;
  if (f[6].size() > 1) return *why = "feature class is not one letter", false;
  p.feature_class = f[6].empty() ? '?' : f[6][0];
  p.feature_code = Clean(f[7]);
  p.country = Clean(f[8]);
  if (!f[14].empty() && !ParseInt(f[14], &p.population)) return *why = "population is not a number", false;
  p.name_en = Clean(f[2].empty() ? f[1] : f[2]);
  if (text::IsValidUtf8(f[1]) && HasArabicLetter(f[1])) p.names_ar.push_back(Clean(f[1]));
  std::string_view alt = f[3];
  while (!alt.empty()) {
    size_t comma = alt.find(',');
    std::string_view name = alt.substr(0, comma);
    if (text::IsValidUtf8(name) && HasArabicLetter(name)) {
      std::string c = Clean(name);
      bool dup = false;
      for (const auto& n : p.names_ar) dup |= n == c;
      if (!dup) p.names_ar.push_back(std::move(c));
    }
    if (comma == std::string_view::npos) break;
    alt.remove_prefix(comma + 1);
  }
  *out = std::move(p);
  return true;
}

Status ImportGeoNames(const std::string& input_path, const std::string& index_path, ImportStats* stats) {
  *stats = ImportStats{};
  auto reader = LineReader::Open(input_path);
  if (!reader.ok()) return reader.status();
  std::error_code ec;
  if (auto dir = std::filesystem::path(index_path).parent_path(); !dir.empty())
    std::filesystem::create_directories(dir, ec);
  const std::string tmp = index_path + ".tmp";
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  if (!out) return Status::Error(tmp + ": cannot write");
  out << "# GeoNames places with Arabic names, imported from " << Clean(input_path)
      << " (CC BY 4.0, geonames.org); written by `marsad gazetteer import`.\n"
      << kIndexHeader << "\n";
  std::string line, why;
  int64_t valid = 0;
  while ((*reader)->Next(&line)) {
    ++stats->lines;
    if (line.empty() || line[0] == '#') continue;
    GazetteerPlace p;
    if (!ParseGeoNamesLine(line, &p, &why)) {
      if (++stats->malformed == 1) {
        stats->first_malformed_line = static_cast<int>(stats->lines);
        stats->first_malformed_reason = why;
      }
      continue;
    }
    ++valid;
    if (p.names_ar.empty() || !KeepClass(p.feature_class)) continue;
    std::string names;
    for (const auto& n : p.names_ar) names += (names.empty() ? "" : "|") + n;
    char coords[64];
    std::snprintf(coords, sizeof coords, "%.5f\t%.5f", p.lat, p.lon);
    out << p.geonameid << '\t' << p.name_en << '\t' << names << '\t' << coords << '\t'
        << (p.country.empty() ? "-" : p.country) << '\t' << p.feature_class << '\t'
        << (p.feature_code.empty() ? "-" : p.feature_code) << '\t' << p.population << '\n';
    ++stats->kept;
  }
  const int rc = (*reader)->Finish();
  out.close();
  auto fail = [&](const std::string& msg) {
    std::filesystem::remove(tmp, ec);
    return Status::Error(msg);
  };
  if (rc != 0) return fail(input_path + ": unzip failed (status " + std::to_string(rc) + ")");
  if (!out) return fail(tmp + ": write failed");
  if (valid == 0) return fail(input_path + ": no GeoNames line found (" + std::to_string(stats->malformed) + " malformed)");
  std::filesystem::rename(tmp, index_path, ec);
  if (ec) return fail(index_path + ": cannot rename " + tmp + ": " + ec.message());
  return Status::Ok();
}

Result<std::vector<GazetteerPlace>> LoadGazetteerIndex(const std::string& index_path) {
  auto table = base::LoadTsv(index_path, {"geonameid", "names_ar", "lat", "lon"});
  if (!table.ok()) return table.status();
  const base::TsvTable& t = *table;
  const int c_id = t.Column("geonameid"), c_en = t.Column("name_en"), c_ar = t.Column("names_ar"),
            c_lat = t.Column("lat"), c_lon = t.Column("lon"), c_cc = t.Column("country"),
            c_cls = t.Column("class"), c_code = t.Column("code"), c_pop = t.Column("population");
  std::vector<GazetteerPlace> out;
  out.reserve(t.rows.size());
  for (const auto& row : t.rows) {
    auto bad = [&](const std::string& why) {
      return Status::Error(index_path + ":" + std::to_string(row.line) + ": " + why);
    };
    GazetteerPlace p;
    p.geonameid = row.fields[c_id];
    if (!ParseDouble(row.fields[c_lat], &p.lat) || !ParseDouble(row.fields[c_lon], &p.lon) ||
        p.lat < -90 || p.lat > 90 || p.lon < -180 || p.lon > 180)
      return bad("bad lat/lon");
    if (c_en >= 0) p.name_en = row.fields[c_en];
    if (c_cc >= 0 && row.fields[c_cc] != "-") p.country = row.fields[c_cc];
    if (c_cls >= 0 && !row.fields[c_cls].empty()) p.feature_class = row.fields[c_cls][0];
    if (c_code >= 0) p.feature_code = row.fields[c_code];
    if (c_pop >= 0 && !row.fields[c_pop].empty() && !ParseInt(row.fields[c_pop], &p.population))
      return bad("population is not a number");
    std::string_view names = row.fields[c_ar];
    while (!names.empty()) {
      size_t bar = names.find('|');
      if (bar != 0) p.names_ar.emplace_back(names.substr(0, bar));
      if (bar == std::string_view::npos) break;
      names.remove_prefix(bar + 1);
    }
    if (p.names_ar.empty()) return bad("no Arabic name");
    out.push_back(std::move(p));
  }
  return out;
}

std::string DefaultGazetteerPath() {
  if (const char* env = std::getenv("MARSAD_GAZETTEER"); env && *env) return env;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::string(xdg) + "/marsad/gazetteer.tsv";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.local/share/marsad/gazetteer.tsv";
  return "";
}

std::string BuildNerPlaceNames(const std::vector<GazetteerPlace>& places, const NewsWordCounts& news,
                               const std::string& provenance) {
  static const text::NormalizeOptions kStripOnly = [] {
    text::NormalizeOptions o;
    o.fold_alef = o.fold_yaa = o.fold_taa_marbuta = o.fold_persian = o.fold_digits = false;
    o.lowercase_latin = o.presentation_forms = false;
    return o;
  }();
  // Arabic letters proper (hamza .. yaa, not tatweel); anything else but a space rejects a name.
  auto arabic_only = [](std::string_view s) {
    for (size_t i = 0; i < s.size();) {
      const char32_t c = text::DecodeUtf8(s, i);
      if (c != U' ' && (c < 0x0621 || c > 0x064A || c == 0x0640)) return false;
    }
    return !s.empty();
  };
  std::map<std::string, std::pair<std::string, std::string>> kept;  // normalized → (written, country)
  for (const GazetteerPlace& p : places)
    for (const std::string& written : p.names_ar) {
      // Diacritics and tatweel dropped, nothing folded; white space single.
      const std::string bare = text::NormalizeString(written, kStripOnly);
      std::string name;
      for (size_t i = 0; i < bare.size();) {
        const size_t j = std::min(bare.find(' ', i), bare.size());
        if (j > i) name.append(name.empty() ? "" : " ").append(bare, i, j - i);
        i = j + 1;
      }
      if (!arabic_only(name)) continue;
      const std::string norm = text::NormalizeString(name);
      if (norm.find(' ') == std::string::npos) {
        if (text::CodepointCount(norm) <= 2) continue;
        auto it = news.find(norm);
        if (it != news.end() && it->second.count >= 100 && it->second.loc * 10 < it->second.count) continue;
      }
      kept.emplace(norm, std::make_pair(name, p.country));
    }
  std::string out = "name_ar\tcountry\n# " + provenance + "\n";
  for (const auto& [norm, v] : kept) out += v.first + '\t' + (v.second.empty() ? "-" : v.second) + '\n';
  return out;
}

}  // namespace marsad::entities
