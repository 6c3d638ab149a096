// PLACEHOLDER reader until the reader work lands: every file is plain text.
#include "reader/reader.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "reader/html.h"

namespace marsad::reader {

bool ParseFormat(std::string_view name, Format* out) {
  if (name == "auto") *out = Format::kAuto;
  else if (name == "text") *out = Format::kText;
  else if (name == "html") *out = Format::kHtml;
  else if (name == "json") *out = Format::kJson;
  else if (name == "jsonl") *out = Format::kJsonl;
  else return false;
  return true;
}

Format DetectFormat(std::string_view) { return Format::kText; }

bool ToUtf8(std::string_view bytes, std::string* out, std::vector<std::string>*) {
  out->assign(bytes);
  return true;
}

std::vector<RawArticle> ReadBuffer(std::string_view bytes, const std::string& input, const Options&) {
  RawArticle a;
  a.input = input;
  if (bytes.empty()) a.error = "empty input";
  else ToUtf8(bytes, &a.text, &a.warnings);
  return {std::move(a)};
}

void ReadInputs(const std::vector<std::string>& inputs, const Options& opts,
                const std::function<void(RawArticle&&)>& sink) {
  for (const auto& in : inputs) {
    std::string bytes;
    if (in == "-") {
      bytes.assign(std::istreambuf_iterator<char>(std::cin), {});
    } else {
      std::ifstream f(in, std::ios::binary);
      std::ostringstream ss;
      ss << f.rdbuf();
      bytes = ss.str();
    }
    for (auto& a : ReadBuffer(bytes, in == "-" ? "stdin" : in, opts)) sink(std::move(a));
  }
}

}  // namespace marsad::reader
