// Analysing a stream of inputs in parallel while emitting documents in input
// order: the reader fills chunks, worker threads analyse a chunk, the sink sees
// the documents of a chunk in order. Used by `analyze` and `ingest`.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "marsad/pipeline.h"
#include "reader/reader.h"
#include "text/text.h"

namespace marsad::pipeline {

struct BatchOptions {
  int threads = 0;          // 0 = hardware concurrency
  size_t chunk = 256;       // articles analysed per parallel round
};

struct BatchStats {
  size_t articles = 0;      // documents produced (including errors)
  size_t errors = 0;        // documents with `error`
  size_t bytes = 0;         // input text bytes analysed
};

// The sink gets each document once, in input order, and may move from it.
BatchStats RunBatch(const Pipeline& pipeline, const std::vector<std::string>& inputs,
                    const reader::Options& ropts, const BatchOptions& bopts,
                    const std::function<void(Document&)>& sink);
// The same, the sink also getting the document's body tokens (Pipeline::Analyze
// with body_tokens; empty when not computed), which it may move from.
BatchStats RunBatch(const Pipeline& pipeline, const std::vector<std::string>& inputs,
                    const reader::Options& ropts, const BatchOptions& bopts,
                    const std::function<void(Document&, std::vector<text::Token>&)>& sink);

}  // namespace marsad::pipeline
