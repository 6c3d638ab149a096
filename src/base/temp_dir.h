// A fresh temporary directory for tests, removed with everything in it when
// the object goes. Header-only and used by tests only. Not thread-safe.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace marsad::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "marsad-test-XXXXXX").string();
    path_ = mkdtemp(tmpl.data()) ? tmpl : "";
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // The path of `rel` inside the directory (nothing is created).
  std::string File(const std::string& rel) const { return path_ + "/" + rel; }
  // Creates the sub-directory `rel` (and its parents); returns its path.
  std::string MakeDir(const std::string& rel) const {
    std::filesystem::create_directories(File(rel));
    return File(rel);
  }
  // Writes `bytes` to `rel`, creating parent directories; returns its path.
  std::string Write(const std::string& rel, std::string_view bytes) const {
    const std::filesystem::path p = File(rel);
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }

 private:
  std::string path_;
};

}  // namespace marsad::testing
