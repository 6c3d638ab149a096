// Subcommands of the marsad CLI. Each Add* registers its flags on `app` and
// returns a callback that runs it (exit code) when that subcommand was parsed.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace marsad::cli {

using Command = std::function<int()>;

Command AddAnalyze(CLI::App& app);
Command AddTrainNer(CLI::App& app);    // cmd_train_ner.cc
Command AddGazetteer(CLI::App& app);   // cmd_gazetteer.cc
Command AddIngest(CLI::App& app);      // cmd_ingest.cc
Command AddCorpus(CLI::App& app);      // cmd_corpus.cc: duplicates, search, events, entities,
                                       // stories, story, export
Command AddServe(CLI::App& app);       // cmd_serve.cc: the HTTP API and web page

}  // namespace marsad::cli
