// Reviewable TSV data files: a header line naming the columns, one fact a line,
// '#' comment lines and blank lines ignored. A malformed line is rejected with
// file and line number. Thread-compatible.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "marsad/status.h"

namespace marsad::base {

struct TsvRow {
  int line = 0;                     // 1-based line number in the file
  std::vector<std::string> fields;  // same count as the header
};

struct TsvTable {
  std::string path;
  std::vector<std::string> header;
  std::vector<TsvRow> rows;
  // Index of a header column, -1 when absent.
  int Column(std::string_view name) const;
};

// Parses TSV text; `path` is used in error messages ("path:line: why").
// Every row must have exactly as many fields as the header; `required`
// columns must exist and be non-empty on every row.
Result<TsvTable> ParseTsv(std::string_view content, const std::string& path,
                          const std::vector<std::string>& required = {});
Result<TsvTable> LoadTsv(const std::string& path, const std::vector<std::string>& required = {});

// Reads a whole file; error when it cannot be opened.
Result<std::string> ReadFile(const std::string& path);

// Writes `bytes` to a temporary file beside `path`, then renames it over
// `path`: readers see the old file or the new one, never half of one. On
// error `path` is unchanged and the temporary file removed.
Status WriteFileAtomically(const std::string& path, std::string_view bytes);

}  // namespace marsad::base
