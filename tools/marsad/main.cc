// marsad: the command-line front end. Flag parsing and calls into the
// library, nothing else; each subcommand lives in its cmd_*.cc.
#include <CLI/CLI.hpp>

#include "tools/marsad/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"marsad: Arabic news to structured events (who did what to whom, where, when)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "marsad 0.1.0");
  const marsad::cli::Command commands[] = {
      marsad::cli::AddAnalyze(app),
      marsad::cli::AddTrainNer(app),
      marsad::cli::AddGazetteer(app),
      marsad::cli::AddIngest(app),
      marsad::cli::AddCorpus(app),
      marsad::cli::AddServe(app),
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  for (const auto& run : commands)
    if (int rc = run(); rc >= 0) return rc;
  return 2;
}
