// Inputs → RawArticles: walking files, directories and stdin, size limits,
// format detection and dispatch to the text, HTML and JSON readers. Errors
// become articles with `error` set; nothing throws. Thread-safe.
#include "reader/reader.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "reader/html.h"
#include "reader/internal.h"

namespace marsad::reader {
namespace fs = std::filesystem;
using internal::TooLargeMessage;

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), IsSpace);
}

RawArticle ErrorArticle(const std::string& input, std::string error) {
  RawArticle a;
  a.input = input;
  a.error = std::move(error);
  return a;
}

// A second line that starts with '{' in column 0: JSON Lines. A pretty-printed
// object indents its inner lines, so it is not mistaken for one.
bool HasSecondObjectLine(std::string_view s) {
  for (size_t pos = s.find('\n'); pos != std::string_view::npos; pos = s.find('\n', pos + 1)) {
    size_t next = pos + 1;
    if (next < s.size() && s[next] == '\r') ++next;
    if (next < s.size() && s[next] == '{') return true;
  }
  return false;
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::vector<RawArticle> ReadText(std::string&& utf8, const std::string& input, Format format) {
  RawArticle a;
  a.input = input;
  if (format == Format::kHtml) {
    ExtractHtml(utf8, &a);
  } else {
    a.text = std::move(utf8);
  }
  return {std::move(a)};
}

std::string ErrnoMessage(const std::string& path) {
  return "cannot open: " + path + ": " + std::strerror(errno);
}

// Reads a whole regular file, refusing those over max_bytes before reading.
std::vector<RawArticle> ReadFile(const fs::path& path, const Options& opts) {
  const std::string name = path.string();
  std::error_code ec;
  const uintmax_t size = fs::file_size(path, ec);
  if (ec) return {ErrorArticle(name, "cannot open: " + name + ": " + ec.message())};
  if (size > opts.max_bytes) return {ErrorArticle(name, TooLargeMessage(opts.max_bytes, size))};
  std::FILE* f = std::fopen(name.c_str(), "rb");
  if (!f) return {ErrorArticle(name, ErrnoMessage(name))};
  std::string bytes(static_cast<size_t>(size), '\0');
  size_t got = std::fread(bytes.data(), 1, bytes.size(), f);
  // A file may grow or shrink while read (or be a /proc-like file of size 0).
  if (got == bytes.size()) {
    char buf[65536];
    size_t more;
    while ((more = std::fread(buf, 1, sizeof buf, f)) > 0 && bytes.size() <= opts.max_bytes)
      bytes.append(buf, more);
  } else {
    bytes.resize(got);
  }
  const bool failed = std::ferror(f);
  std::fclose(f);
  if (failed) return {ErrorArticle(name, "cannot read: " + name)};
  return ReadBuffer(bytes, name, opts);
}

std::vector<RawArticle> ReadStdin(const Options& opts) {
  std::string bytes;
  char buf[65536];
  size_t total = 0, got;
  while ((got = std::fread(buf, 1, sizeof buf, stdin)) > 0) {
    total += got;
    if (total <= opts.max_bytes) bytes.append(buf, got);  // past the limit only count
  }
  if (total > opts.max_bytes) return {ErrorArticle("stdin", TooLargeMessage(opts.max_bytes, total))};
  return ReadBuffer(bytes, "stdin", opts);
}

bool Hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

// Regular files under `dir`, hidden files and directories skipped, sorted
// element-wise so that a directory's files stay together.
std::vector<fs::path> ListFiles(const fs::path& dir, std::string* error) {
  std::vector<fs::path> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  if (ec) {
    *error = "cannot open: " + dir.string() + ": " + ec.message();
    return files;
  }
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    if (Hidden(it->path())) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (ec) *error = "cannot read directory: " + dir.string() + ": " + ec.message();
  std::sort(files.begin(), files.end());
  return files;
}

template <typename F>
std::vector<RawArticle> Guarded(const std::string& input, F&& read) {
  try {
    return read();
  } catch (const std::exception& e) {
    return {ErrorArticle(input, std::string("cannot read: ") + e.what())};
  }
}

}  // namespace

namespace internal {

std::string TooLargeMessage(size_t max_bytes, size_t size) {
  std::string limit = max_bytes % (1u << 20) == 0 ? std::to_string(max_bytes >> 20) + " MB"
                                                  : std::to_string(max_bytes) + " bytes";
  return "file is larger than " + limit + " (" + std::to_string(size) + " bytes)";
}

}  // namespace internal

bool ParseFormat(std::string_view name, Format* out) {
  if (name == "auto") *out = Format::kAuto;
  else if (name == "text") *out = Format::kText;
  else if (name == "html") *out = Format::kHtml;
  else if (name == "json") *out = Format::kJson;
  else if (name == "jsonl") *out = Format::kJsonl;
  else return false;
  return true;
}

Format DetectFormat(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  size_t i = 0;
  while (i < bytes.size() && IsSpace(bytes[i])) ++i;
  if (i == bytes.size()) return Format::kText;
  switch (bytes[i]) {
    case '[':
      return Format::kJson;
    case '{':
      return HasSecondObjectLine(bytes.substr(i)) ? Format::kJsonl : Format::kJson;
    case '<':
      return internal::LooksLikeHtml(bytes.substr(i)) ? Format::kHtml : Format::kText;
    default:
      return Format::kText;
  }
}

namespace internal {

bool LooksLikeHtml(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && IsSpace(s[i])) ++i;
  if (i == s.size() || s[i] != '<') return false;
  const std::string head = LowerAscii(s.substr(i, 65536));
  static const char* const kTags[] = {"<!doctype", "<html", "<head", "<body", "<div", "<p>", "<p ",
                                      "<article", "<h1", "<h2", "<meta", "<title", "<span",
                                      "<br", "<section", "<table", "<ul"};
  for (const char* t : kTags)
    if (head.find(t) != std::string::npos) return true;
  return false;
}

}  // namespace internal

std::vector<RawArticle> ReadBuffer(std::string_view bytes, const std::string& input,
                                   const Options& opts) {
  if (bytes.size() > opts.max_bytes) return {ErrorArticle(input, TooLargeMessage(opts.max_bytes, bytes.size()))};
  std::vector<std::string> warnings;
  std::string utf8;
  if (!ToUtf8(bytes, &utf8, &warnings)) return {ErrorArticle(input, "binary file, not an article")};
  if (IsBlank(utf8)) return {ErrorArticle(input, "empty input")};
  const Format format = opts.format == Format::kAuto ? DetectFormat(utf8) : opts.format;
  std::vector<RawArticle> out;
  try {
    switch (format) {
      case Format::kJson: out = internal::ReadJson(utf8, input); break;
      case Format::kJsonl: out = internal::ReadJsonl(utf8, input); break;
      default: out = ReadText(std::move(utf8), input, format);
    }
  } catch (const std::exception& e) {  // nlohmann and allocation failures
    out = {ErrorArticle(input, std::string("cannot read: ") + e.what())};
  }
  for (auto& a : out) a.warnings.insert(a.warnings.begin(), warnings.begin(), warnings.end());
  return out;
}

void ReadInputs(const std::vector<std::string>& inputs, const Options& opts,
                const std::function<void(RawArticle&&)>& sink) {
  auto emit = [&](std::vector<RawArticle>&& articles) {
    for (auto& a : articles) sink(std::move(a));
  };
  for (const auto& in : inputs) {
    if (in == "-") {
      emit(Guarded("stdin", [&] { return ReadStdin(opts); }));
      continue;
    }
    std::error_code ec;
    const fs::file_status st = fs::status(in, ec);
    if (ec || !fs::exists(st)) {
      emit({ErrorArticle(in, "cannot open: " + in + ": " +
                                 (ec ? ec.message() : std::string("no such file or directory")))});
    } else if (fs::is_directory(st)) {
      std::string error;
      std::vector<fs::path> files;
      emit(Guarded(in, [&] {
        files = ListFiles(in, &error);
        return error.empty() ? std::vector<RawArticle>{} : std::vector<RawArticle>{ErrorArticle(in, error)};
      }));
      for (const auto& f : files) emit(Guarded(f.string(), [&] { return ReadFile(f, opts); }));
    } else {
      emit(Guarded(in, [&] { return ReadFile(in, opts); }));
    }
  }
}

}  // namespace marsad::reader
