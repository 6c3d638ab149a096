// TSV loading with file:line errors.
#include "base/tsv.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace marsad::base {

int TsvTable::Column(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

static std::vector<std::string> SplitTabs(std::string_view line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    out.emplace_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return out;
}

Result<TsvTable> ParseTsv(std::string_view content, const std::string& path,
                          const std::vector<std::string>& required) {
  TsvTable table;
  table.path = path;
  int line_no = 0;
  size_t pos = 0;
  bool have_header = false;
  while (pos < content.size()) {
    size_t nl = content.find('\n', pos);
    std::string_view line = content.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? content.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    auto fields = SplitTabs(line);
    if (!have_header) {
      table.header = std::move(fields);
      have_header = true;
      for (const auto& r : required)
        if (table.Column(r) < 0)
          return Status::Error(path + ":" + std::to_string(line_no) + ": header lacks column '" + r + "'");
      continue;
    }
    if (fields.size() != table.header.size())
      return Status::Error(path + ":" + std::to_string(line_no) + ": expected " +
                           std::to_string(table.header.size()) + " tab-separated fields, found " +
                           std::to_string(fields.size()));
    for (const auto& r : required)
      if (fields[table.Column(r)].empty())
        return Status::Error(path + ":" + std::to_string(line_no) + ": empty required field '" + r + "'");
    table.rows.push_back({line_no, std::move(fields)});
  }
  if (!have_header) return Status::Error(path + ": no header line");
  return table;
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status WriteFileAtomically(const std::string& path, std::string_view bytes) {
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  std::error_code ec;
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return Status::Error("cannot write " + tmp);
    f.write(bytes.data(), std::streamsize(bytes.size()));
    f.close();
    if (!f) {
      std::filesystem::remove(tmp, ec);
      return Status::Error("write failed: " + tmp);
    }
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return Status::Error("cannot rename to " + path);
  }
  return Status::Ok();
}

Result<TsvTable> LoadTsv(const std::string& path, const std::vector<std::string>& required) {
  auto content = ReadFile(path);
  if (!content.ok()) return content.status();
  return ParseTsv(*content, path, required);
}

}  // namespace marsad::base
