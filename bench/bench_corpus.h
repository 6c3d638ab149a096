// Article bodies for benchmarks: SaudiNewsNet from ../shared/data/news
// (each zip unzipped once into a temp folder) up to `max_bytes`, or nothing
// when ../shared is absent (benchmarks then fall back to their own text).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace marsad::bench {

inline std::vector<std::string> SaudiNewsNetBodies(size_t max_bytes, const std::string& tmp_name) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  const fs::path dir = fs::path(MARSAD_SOURCE_DIR) / ".." / "shared" / "data" / "news" / "saudinewsnet";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  const fs::path tmp = fs::temp_directory_path(ec) / tmp_name;
  fs::create_directories(tmp, ec);
  size_t total = 0;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".zip" || total >= max_bytes) continue;
    const std::string cmd = "unzip -o -q '" + entry.path().string() + "' -d '" + tmp.string() + "' 2>/dev/null";
    if (std::system(cmd.c_str()) != 0) continue;
    fs::path json = tmp / entry.path().stem();
    json += ".json";
    std::ifstream f(json);
    const auto doc = nlohmann::json::parse(f, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_array()) continue;
    for (const auto& a : doc) {
      if (!a.is_object() || !a.contains("content") || !a["content"].is_string()) continue;
      out.push_back(a["content"].get<std::string>());
      total += out.back().size();
      if (total >= max_bytes) break;
    }
  }
  return out;
}

}  // namespace marsad::bench
