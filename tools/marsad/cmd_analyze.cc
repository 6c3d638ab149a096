// `marsad analyze`: articles in, JSON Lines out (spec/contract.md).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "marsad/pipeline.h"
#include "pipeline/batch.h"
#include "reader/reader.h"
#include "tools/marsad/commands.h"

namespace {

struct AnalyzeArgs {
  std::vector<std::string> inputs;
  bool raw = false;
  std::string published, input_format = "auto", data_dir;
  int threads = 0;
  bool quiet = false;
  std::string until = "events";
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
  marsad::PipelineOptions popts{a.raw, a.published, a.data_dir, a.until};
  auto pipeline = marsad::Pipeline::Create(popts);
  if (!pipeline.ok()) {
    std::cerr << "marsad: " << pipeline.status().message() << "\n";
    return 2;
  }
  if (!a.quiet)
    for (const auto& w : (*pipeline)->Warnings()) std::cerr << "marsad: warning: " << w << "\n";
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

namespace marsad::cli {

Command AddAnalyze(CLI::App& app) {
  auto a = std::make_shared<AnalyzeArgs>();
  auto* cmd = app.add_subcommand(
      "analyze", "Analyse articles; one JSON object per article per line on stdout");
  cmd->add_option("INPUT", a->inputs,
                  "Files, directories (read recursively) or - for stdin (default: stdin)");
  cmd->add_flag("--raw", a->raw, "Treat each input text as the body verbatim (no cleaning)");
  cmd->add_option("--published", a->published,
                  "Publication date (YYYY-MM-DD) for inputs that carry none");
  cmd->add_option("--input-format", a->input_format, "auto|text|html|json|jsonl")
      ->capture_default_str();
  cmd->add_option("--data-dir", a->data_dir,
                  "Lexicons and knowledge base (default: $MARSAD_DATA or the built-in data/)");
  cmd->add_option("--threads", a->threads, "Worker threads (default: all cores)");
  cmd->add_flag("-q,--quiet", a->quiet, "No progress or per-item errors on stderr");
  cmd->add_option("--until", a->until,
                  "Last stage to run: clean|text|entities|time|events (for benchmarks)")
      ->capture_default_str();
  return [cmd, a]() { return cmd->parsed() ? RunAnalyze(*a) : -1; };
}

}  // namespace marsad::cli

