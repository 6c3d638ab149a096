// marsad: the command-line front end. Flag parsing and calls into the
// library, nothing else (spec/contract.md).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "marsad/pipeline.h"
#include "pipeline/batch.h"
#include "reader/reader.h"

namespace {

struct AnalyzeArgs {
  std::vector<std::string> inputs;
  bool raw = false;
  std::string published, input_format = "auto", data_dir;
  int threads = 0;
  bool quiet = false;
};

bool ValidIsoDay(const std::string& s) {
  int y, m, d;
  char tail;
  return s.size() == 10 && std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
         m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int RunAnalyze(const AnalyzeArgs& a) {
  marsad::reader::Options ropts;
  if (!marsad::reader::ParseFormat(a.input_format, &ropts.format)) {
    std::cerr << "marsad: unknown --input-format '" << a.input_format
              << "' (auto, text, html, json, jsonl)\n";
    return 2;
  }
  if (!a.published.empty() && !ValidIsoDay(a.published)) {
    std::cerr << "marsad: --published wants YYYY-MM-DD, got '" << a.published << "'\n";
    return 2;
  }
  marsad::PipelineOptions popts{a.raw, a.published, a.data_dir};
  auto pipeline = marsad::Pipeline::Create(popts);
  if (!pipeline.ok()) {
    std::cerr << "marsad: " << pipeline.status().message() << "\n";
    return 2;
  }
  std::vector<std::string> inputs = a.inputs.empty() ? std::vector<std::string>{"-"} : a.inputs;
  const bool tty = isatty(STDERR_FILENO) && !a.quiet;
  const auto t0 = std::chrono::steady_clock::now();
  size_t seen = 0, ok = 0;
  marsad::pipeline::BatchOptions bopts;
  bopts.threads = a.threads;
  std::string line;
  auto stats = marsad::pipeline::RunBatch(**pipeline, inputs, ropts, bopts,
                                          [&](const marsad::Document& d) {
    line = marsad::ToJson(d);
    line.push_back('\n');
    std::fwrite(line.data(), 1, line.size(), stdout);
    ++seen;
    if (d.error.empty()) ++ok;
    else if (!a.quiet) std::cerr << "marsad: " << d.input << ": " << d.error << "\n";
    if (tty && seen % 256 == 0) {
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::fprintf(stderr, "\ranalyzed %zu articles (%.0f/s)", seen, seen / std::max(s, 1e-9));
    }
  });
  std::fflush(stdout);
  if (!a.quiet) {
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr, "%sanalyzed %zu articles (%zu errors) in %.2f s\n", tty ? "\r" : "",
                 stats.articles, stats.errors, s);
  }
  return ok > 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"marsad: Arabic news to structured events (who did what to whom, where, when)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "marsad 0.1.0");

  AnalyzeArgs aa;
  auto* analyze = app.add_subcommand(
      "analyze", "Analyse articles; one JSON object per article per line on stdout");
  analyze->add_option("INPUT", aa.inputs,
                      "Files, directories (read recursively) or - for stdin (default: stdin)");
  analyze->add_flag("--raw", aa.raw, "Treat each input text as the body verbatim (no cleaning)");
  analyze->add_option("--published", aa.published,
                      "Publication date (YYYY-MM-DD) for inputs that carry none");
  analyze->add_option("--input-format", aa.input_format, "auto|text|html|json|jsonl")
      ->capture_default_str();
  analyze->add_option("--data-dir", aa.data_dir,
                      "Lexicons and knowledge base (default: $MARSAD_DATA or the built-in data/)");
  analyze->add_option("--threads", aa.threads, "Worker threads (default: all cores)");
  analyze->add_flag("-q,--quiet", aa.quiet, "No progress or per-item errors on stderr");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  if (analyze->parsed()) return RunAnalyze(aa);
  return 2;
}
