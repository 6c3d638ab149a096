// The one entry point the CLI, the ingester and the server call:
// Pipeline::Analyze(RawArticle) -> Document, and the JSON form of a Document
// (spec/contract.md). A Pipeline is immutable after Create and safe to share
// across threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "marsad/document.h"
#include "marsad/status.h"

namespace marsad {

namespace text {
struct Token;
}

struct PipelineOptions {
  bool raw = false;                 // --raw: body is the input verbatim
  std::string published;            // --published YYYY-MM-DD for inputs with none
  std::string data_dir;             // lexicons and KB; empty = built-in default
  // Last stage to run, for measuring stages one by one (bench/): clean, text,
  // entities, time, events. Later fields stay empty.
  std::string until = "events";
};

class Pipeline {
 public:
  static Result<std::shared_ptr<const Pipeline>> Create(const PipelineOptions& opts);
  Document Analyze(const RawArticle& raw) const;
  // The same, also moving into *body_tokens text::Tokenize(doc.body) of the
  // returned document when the analysis computed it (until text or later;
  // otherwise left empty), for a caller that indexes the body (the corpus
  // ingester) and need not tokenize it again.
  Document Analyze(const RawArticle& raw, std::vector<text::Token>* body_tokens) const;
  const PipelineOptions& options() const;
  // Problems met while loading that did not stop the pipeline (a model that
  // could not be loaded, ...), for the CLI to show once.
  std::vector<std::string> Warnings() const;

  struct Impl;  // the stages' immutable resources (pipeline.cc)

 private:
  explicit Pipeline(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

// One JSON object, no trailing newline (contract.md's output object).
std::string ToJson(const Document& doc);

// The data directory in force: explicit > $MARSAD_DATA > compiled-in default.
std::string ResolveDataDir(const std::string& explicit_dir);

}  // namespace marsad
