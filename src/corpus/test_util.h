// Helpers for corpus tests: temporary databases and hand-built Documents.
// Not thread-safe; tests only.
#pragma once

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "base/temp_dir.h"
#include "corpus/ingest.h"
#include "corpus/store.h"
#include "marsad/document.h"

namespace marsad::corpus::testing {

using marsad::testing::TempDir;  // base/temp_dir.h

inline Document Doc(std::string id, std::string published, std::string source, std::string title,
                    std::string body) {
  Document d;
  d.id = std::move(id);
  d.input = d.id + ".txt";
  d.published = {std::move(published), "day", "field"};
  d.source = std::move(source);
  d.title = std::move(title);
  d.body = std::move(body);
  return d;
}

inline Entity Ent(std::string id, std::string type, std::string name, std::string name_en,
                  std::string country = "") {
  Entity e;
  e.id = std::move(id);
  e.type = std::move(type);
  e.name = std::move(name);
  e.name_en = std::move(name_en);
  if (!country.empty()) e.geo = Geo{40.0, 47.0, country};
  e.mentions.push_back({0, 3, e.name});
  return e;
}

inline std::unique_ptr<Store> OpenOrDie(const std::string& path) {
  auto s = OpenSqliteStore(path, {});
  if (!s.ok()) return nullptr;
  return std::move(s).value();
}

// Ingests `docs` into `store` in one run; returns the run's stats.
inline IngestStats IngestAll(Store& store, const std::vector<Document>& docs,
                             IngestOptions opts = {}) {
  auto in = Ingester::Create(store, std::move(opts));
  if (!in.ok()) return {};
  for (const auto& d : docs)
    if (!(*in)->Add(d).ok()) return (*in)->stats();
  (void)(*in)->Flush();
  return (*in)->stats();
}

}  // namespace marsad::corpus::testing
