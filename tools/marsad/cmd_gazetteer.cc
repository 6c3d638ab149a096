// `marsad gazetteer`: placeholder until its issue lands.
#include <iostream>

#include "tools/marsad/commands.h"

namespace marsad::cli {

Command AddGazetteer(CLI::App& app) {
  auto* cmd = app.add_subcommand("gazetteer", "Manage the local gazetteer index (not yet implemented)");
  cmd->allow_extras();
  return [cmd]() {
    if (!cmd->parsed()) return -1;
    std::cerr << "marsad: gazetteer is not implemented yet\n";
    return 2;
  };
}

}  // namespace marsad::cli
