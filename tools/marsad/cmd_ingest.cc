// `marsad ingest INPUT... --db PATH`: analyse articles and store them in the
// corpus database (idempotent, resumable; see src/corpus/ingest.h).
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include "corpus/ingest.h"
#include "corpus/ingest_pipeline.h"
#include "marsad/pipeline.h"
#include "pipeline/batch.h"
#include "reader/reader.h"
#include "tools/marsad/commands.h"

namespace {

struct IngestArgs {
  std::vector<std::string> inputs;
  std::string db = "marsad.db", published, input_format = "auto", data_dir, until = "events";
  int threads = 0;
  size_t batch = marsad::corpus::IngestOptions{}.batch;
  bool quiet = false;
};

// Bytes of every regular file under the inputs; 0 when unknown (stdin).
uint64_t InputBytes(const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& in : inputs) {
    if (in == "-") return 0;
    if (fs::is_directory(in, ec)) {
      for (auto it = fs::recursive_directory_iterator(in, ec); !ec && it != fs::end(it);
           it.increment(ec))
        if (it->is_regular_file(ec)) total += it->file_size(ec);
    } else if (fs::is_regular_file(in, ec)) {
      total += fs::file_size(in, ec);
    }
  }
  return total;
}

uint64_t FileSize(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

// Progress from finished files: a document's input is "path" or "path#N".
class Progress {
 public:
  Progress(bool tty, uint64_t total) : tty_(tty), total_(total), t0_(Clock::now()) {}
  void Seen(const std::string& input) {
    std::string path = input.substr(0, input.rfind('#'));
    if (path != current_) {
      if (!current_.empty()) done_ += FileSize(current_);
      current_ = path;
    }
  }
  void Tick(size_t articles) {
    if (!tty_ || articles % 64 != 0) return;
    double s = Elapsed(), rate = articles / std::max(s, 1e-9);
    std::string eta = "?";
    if (total_ > 0 && done_ > 0) {
      double left = s * (static_cast<double>(total_) - done_) / done_;
      eta = std::to_string(static_cast<int>(left)) + " s";
    }
    double frac = total_ > 0 ? std::min(1.0, static_cast<double>(done_) / total_) : 0;
    int filled = static_cast<int>(frac * 30);
    std::fprintf(stderr, "\r[%-30s] %zu articles, %.0f/s, ETA %s   ",
                 std::string(filled, '#').c_str(), articles, rate, eta.c_str());
  }
  void Committed(size_t stored) {
    if (tty_) return;
    std::fprintf(stderr, "ingest: %zu articles stored (%.0f/s)\n", stored,
                 stored / std::max(Elapsed(), 1e-9));
  }
  double Elapsed() const {
    return std::chrono::duration<double>(Clock::now() - t0_).count();
  }
  bool tty() const { return tty_; }

 private:
  using Clock = std::chrono::steady_clock;
  bool tty_;
  uint64_t total_, done_ = 0;
  std::string current_;
  Clock::time_point t0_;
};

int RunIngest(const IngestArgs& a) {
  marsad::reader::Options ropts;
  if (!marsad::reader::ParseFormat(a.input_format, &ropts.format)) {
    std::cerr << "marsad: unknown --input-format '" << a.input_format << "'\n";
    return 2;
  }
  if (a.batch == 0) {
    std::cerr << "marsad: --batch must be at least 1\n";
    return 2;
  }
  marsad::PipelineOptions popts{false, a.published, a.data_dir, a.until};
  auto pipeline = marsad::Pipeline::Create(popts);
  if (!pipeline.ok()) {
    std::cerr << "marsad: " << pipeline.status().message() << "\n";
    return 2;
  }
  auto store = marsad::corpus::OpenSqliteStore(a.db, {});
  if (!store.ok()) {
    std::cerr << "marsad: " << store.status().message() << "\n";
    return 1;
  }
  Progress progress(isatty(STDERR_FILENO) && !a.quiet, InputBytes(a.inputs));
  marsad::corpus::IngestOptions iopts;
  iopts.batch = a.batch;
  if (!a.quiet) iopts.on_commit = [&](size_t stored) { progress.Committed(stored); };
  auto ingester = marsad::corpus::Ingester::Create(**store, iopts);
  if (!ingester.ok()) {
    std::cerr << "marsad: " << a.db << ": " << ingester.status().message() << "\n";
    return 1;
  }
  marsad::pipeline::BatchOptions bopts;
  bopts.threads = a.threads;
  const int threads = a.threads > 0 ? a.threads : std::max(1u, std::thread::hardware_concurrency());
  // The store works on its own threads while the next chunk is analysed:
  // without this, analysis and storing took turns and one core idled.
  // Preparing (hashes, shingles, story terms; the tokens come from the
  // analysis) costs a twentieth of analysing: one worker per four analysis
  // threads keeps up, and on two cores every extra thread only competes.
  marsad::corpus::IngestPipeline writer(**ingester, iopts, std::max(1, threads / 4));
  size_t seen = 0;
  // The analysis's body tokens go along: the store indexes them instead of
  // tokenizing every body again.
  using Tokens = std::vector<marsad::text::Token>;
  marsad::pipeline::RunBatch(**pipeline, a.inputs, ropts, bopts, [&](marsad::Document& d,
                                                                     Tokens& tokens) {
    progress.Seen(d.input);
    if (!d.error.empty() && !a.quiet)
      std::cerr << (progress.tty() ? "\r" : "") << "marsad: " << d.input << ": " << d.error << "\n";
    // The batch runner hands each document over once.
    writer.Push(std::move(d), std::move(tokens));
    progress.Tick(++seen);
  });
  marsad::Status failure = writer.Finish();
  const auto& st = (*ingester)->stats();
  auto totals = (*store)->Stats();
  if (!a.quiet) {
    double s = progress.Elapsed();
    std::fprintf(stderr,
                 "%singested %zu articles in %.2f s (%.0f articles/s): %zu stored, %zu already "
                 "present, %zu errors, %zu near-duplicates",
                 progress.tty() ? "\r\n" : "", seen, s, seen / std::max(s, 1e-9), st.stored,
                 st.skipped, st.errors, st.duplicates);
    if (st.changed) std::fprintf(stderr, ", %zu changed since stored (kept the stored copy)", st.changed);
    if (seen > 0) {
      auto cpu = writer.cpu();
      std::fprintf(stderr, "; store CPU %.2f ms per article (prepare %.2f, write %.2f)",
                   (cpu.prepare + cpu.write) * 1e3 / seen, cpu.prepare * 1e3 / seen,
                   cpu.write * 1e3 / seen);
    }
    if (totals.ok())
      std::fprintf(stderr, "; database: %lld articles, %lld stories, %lld events merged into %lld",
                   static_cast<long long>(totals->articles), static_cast<long long>(totals->stories),
                   static_cast<long long>(totals->events),
                   static_cast<long long>(totals->merged_events));
    std::fprintf(stderr, "\n");
  }
  if (!failure.ok()) {
    std::cerr << "marsad: " << a.db << ": " << failure.message()
              << " (committed batches are kept; rerun to finish)\n";
    return 1;
  }
  return seen > st.errors || seen == 0 ? 0 : 1;
}

}  // namespace

namespace marsad::cli {

Command AddIngest(CLI::App& app) {
  auto a = std::make_shared<IngestArgs>();
  auto* cmd = app.add_subcommand("ingest", "Analyse articles and store them in a corpus database");
  cmd->add_option("INPUT", a->inputs, "Files, directories (read recursively) or - for stdin")
      ->required();
  cmd->add_option("--db", a->db, "Database file")->capture_default_str();
  cmd->add_option("--published", a->published,
                  "Publication date (YYYY-MM-DD) for inputs that carry none");
  cmd->add_option("--input-format", a->input_format, "auto|text|html|json|jsonl")
      ->capture_default_str();
  cmd->add_option("--data-dir", a->data_dir, "Lexicons and knowledge base");
  cmd->add_option("--threads", a->threads, "Analysis threads (default: all cores)");
  cmd->add_option("--batch", a->batch, "Articles per transaction")->capture_default_str();
  cmd->add_option("--until", a->until,
                  "Last analysis stage (clean|text|entities|time|events), for benchmarks")
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", a->quiet, "No progress or summary on stderr");
  return [cmd, a]() { return cmd->parsed() ? RunIngest(*a) : -1; };
}

}  // namespace marsad::cli
