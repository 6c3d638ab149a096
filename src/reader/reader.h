// Reading inputs into RawArticles: files, directories (recursive), stdin;
// plain scraped text, HTML, JSON arrays, JSON Lines; encoding repair
// (invalid UTF-8 → U+FFFD, Windows-1256 detected and converted). A bad item
// becomes a RawArticle with `error` set; nothing throws. Thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "marsad/document.h"

namespace marsad::reader {

enum class Format { kAuto, kText, kHtml, kJson, kJsonl };
// "auto", "text", "html", "json", "jsonl"; false when unknown.
bool ParseFormat(std::string_view name, Format* out);

struct Options {
  Format format = Format::kAuto;
  size_t max_bytes = 50u << 20;  // larger inputs are rejected with an error
};

// Detects the format of a buffer from its content.
Format DetectFormat(std::string_view bytes);

// Turns raw bytes into UTF-8: valid UTF-8 passes through (BOM dropped);
// Windows-1256 is detected and converted; otherwise invalid sequences become
// U+FFFD. A warning is appended when anything was changed. Returns false for
// binary data (NUL bytes, mostly control characters).
bool ToUtf8(std::string_view bytes, std::string* out, std::vector<std::string>* warnings);

// Parses one buffer named `input` into articles (one for text/HTML, many for JSON).
std::vector<RawArticle> ReadBuffer(std::string_view bytes, const std::string& input,
                                   const Options& opts);

// Reads files, directories (recursively, sorted) and "-" (stdin), calling
// `sink` for each article as it is read so that a batch streams.
void ReadInputs(const std::vector<std::string>& inputs, const Options& opts,
                const std::function<void(RawArticle&&)>& sink);

}  // namespace marsad::reader
