// `marsad train-ner`: placeholder until its issue lands.
#include <iostream>

#include "tools/marsad/commands.h"

namespace marsad::cli {

Command AddTrainNer(CLI::App& app) {
  auto* cmd = app.add_subcommand("train-ner", "Train the NER sequence tagger on CoNLL files (not yet implemented)");
  cmd->allow_extras();
  return [cmd]() {
    if (!cmd->parsed()) return -1;
    std::cerr << "marsad: train-ner is not implemented yet\n";
    return 2;
  };
}

}  // namespace marsad::cli
