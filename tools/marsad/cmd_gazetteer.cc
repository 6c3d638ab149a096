// `marsad gazetteer import FILE [--index PATH]`: GeoNames dump (cities15000.txt,
// allCountries.txt or a .zip of one) → the local gazetteer index that extends
// the KB's places. Malformed lines are skipped and counted (the first one is
// reported with its line number); the index is replaced only on success.
#include <iostream>

#include "entities/gazetteer.h"
#include "tools/marsad/commands.h"

namespace marsad::cli {

Command AddGazetteer(CLI::App& app) {
  auto* cmd = app.add_subcommand("gazetteer", "Manage the local gazetteer index (GeoNames places)");
  cmd->require_subcommand(1);
  auto* import = cmd->add_subcommand("import", "Import a GeoNames dump (.txt or .zip) into the index");
  auto input = std::make_shared<std::string>();
  auto index = std::make_shared<std::string>();
  import->add_option("FILE", *input, "cities15000.txt, allCountries.txt or a .zip holding one")->required();
  import->add_option("--index", *index,
                     "index path (default: $MARSAD_GAZETTEER, else $XDG_DATA_HOME/marsad/gazetteer.tsv, "
                     "else ~/.local/share/marsad/gazetteer.tsv)");
  return [cmd, import, input, index]() {
    if (!cmd->parsed()) return -1;
    if (!import->parsed()) return 2;
    const std::string path = index->empty() ? entities::DefaultGazetteerPath() : *index;
    if (path.empty()) {
      std::cerr << "marsad: no index path: give --index or set HOME\n";
      return 2;
    }
    entities::ImportStats stats;
    Status s = entities::ImportGeoNames(*input, path, &stats);
    std::cerr << "gazetteer: " << stats.lines << " lines, " << stats.kept << " places with Arabic names kept, "
              << stats.malformed << " malformed lines skipped";
    if (stats.malformed > 0)
      std::cerr << " (first: " << *input << ":" << stats.first_malformed_line << ": " << stats.first_malformed_reason << ")";
    std::cerr << "\n";
    if (!s.ok()) {
      std::cerr << "marsad: " << s.message() << "\n";
      return 1;
    }
    std::cerr << "gazetteer: index written to " << path << "\n";
    return 0;
  };
}

}  // namespace marsad::cli
