// The SQLite schema as ordered migrations: migration i (1-based) brings a
// database from version i-1 to i; the `schema_version` table records where a
// database stands. Append new migrations, never edit applied ones.
#pragma once

#include <string_view>
#include <vector>

namespace marsad::corpus {

const std::vector<std::string_view>& SqliteMigrations();

}  // namespace marsad::corpus
