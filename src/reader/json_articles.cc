// JSON arrays, single objects and JSON Lines of article objects → RawArticles
// (nlohmann-json). A bad item or line is an error article of its own; the rest
// of the file goes on. Pure functions; thread-safe.
#include <nlohmann/json.hpp>

#include "reader/html.h"
#include "reader/internal.h"

namespace marsad::reader::internal {
namespace {

using nlohmann::json;

RawArticle ErrorItem(const std::string& input, std::string error) {
  RawArticle a;
  a.input = input;
  a.error = std::move(error);
  return a;
}

const std::string* StringField(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return nullptr;
  return it->get_ptr<const std::string*>();
}

std::optional<std::string> OptionalString(const json& obj, const char* key) {
  const std::string* s = StringField(obj, key);
  if (!s) return std::nullopt;
  std::string_view t = Trim(*s);
  if (t.empty()) return std::nullopt;
  return NormalizeNewlines(t);
}

// The first of text/content/body that holds more than white space.
const std::string* TextField(const json& obj) {
  for (const char* key : {"text", "content", "body"}) {
    const std::string* s = StringField(obj, key);
    if (s && !Trim(*s).empty()) return s;
  }
  return nullptr;
}

void ReadId(const json& obj, RawArticle* a) {
  auto it = obj.find("id");
  if (it == obj.end() || it->is_null()) return;
  if (it->is_string()) {
    if (!Trim(it->get_ref<const std::string&>()).empty()) a->id = std::string(Trim(it->get_ref<const std::string&>()));
  } else if (it->is_number_unsigned()) {
    a->id = std::to_string(it->get<uint64_t>());
  } else if (it->is_number_integer()) {
    a->id = std::to_string(it->get<int64_t>());
  } else if (it->is_number_float()) {
    a->id = it->dump();  // a scalar: dump cannot recurse or meet bad UTF-8
  } else {
    a->warnings.push_back("\"id\" is neither a string nor a number; ignored");
  }
}

void ReadTags(const json& obj, RawArticle* a) {
  auto it = obj.find("tags");
  if (it == obj.end()) return;
  if (it->is_string()) {
    AppendTags(it->get_ref<const std::string&>(), &a->tags);
  } else if (it->is_array()) {
    for (const auto& t : *it)
      if (t.is_string()) AppendTags(t.get_ref<const std::string&>(), &a->tags);
  }
}

// Fields of the object win over what an HTML body says about itself.
void TakeHtml(const std::string& html, RawArticle* a) {
  RawArticle page;
  ExtractHtml(html, &page);
  if (!page.error.empty()) {
    a->error = page.error;
    return;
  }
  a->text = std::move(page.text);
  a->from_html = true;
  if (!a->title) a->title = std::move(page.title);
  if (!a->published) a->published = std::move(page.published);
  if (!a->source) a->source = std::move(page.source);
  if (!a->url) a->url = std::move(page.url);
  if (a->tags.empty()) a->tags = std::move(page.tags);
  a->warnings.insert(a->warnings.end(), page.warnings.begin(), page.warnings.end());
}

RawArticle FromObject(const json& obj, const std::string& input) {
  if (!obj.is_object()) return ErrorItem(input, "item is not a JSON object");
  const std::string* text = TextField(obj);
  if (!text) return ErrorItem(input, "item has no text (\"text\", \"content\" or \"body\")");
  RawArticle a;
  a.input = input;
  ReadId(obj, &a);
  a.title = OptionalString(obj, "title");
  a.source = OptionalString(obj, "source");
  a.url = OptionalString(obj, "url");
  // "date_extracted" (SaudiNewsNet) is when a page was scraped, not published.
  for (const char* key : {"published", "date"}) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) continue;
    if (it->is_string()) SetPublished(it->get_ref<const std::string&>(), &a);
    else a.warnings.push_back(std::string("\"") + key + "\" is not a string; ignored");
    if (a.published) break;
  }
  ReadTags(obj, &a);
  if (LooksLikeHtml(*text)) TakeHtml(*text, &a);
  else a.text = NormalizeNewlines(*text);
  return a;
}

std::string ParseMessage(const std::exception& e) { return std::string("invalid JSON: ") + e.what(); }

}  // namespace

std::vector<RawArticle> ReadJson(std::string_view utf8, const std::string& input) {
  json doc;
  try {
    doc = json::parse(utf8.begin(), utf8.end());
  } catch (const json::exception& e) {
    return {ErrorItem(input, ParseMessage(e))};
  }
  if (doc.is_object()) return {FromObject(doc, input)};
  if (!doc.is_array()) return {ErrorItem(input, "JSON is neither an article object nor an array of them")};
  if (doc.empty()) return {ErrorItem(input, "JSON array holds no articles")};
  std::vector<RawArticle> out;
  out.reserve(doc.size());
  for (size_t i = 0; i < doc.size(); ++i) {
    out.push_back(FromObject(doc[i], input + "#" + std::to_string(i + 1)));
    doc[i] = nullptr;  // free each item's text once it is copied out
  }
  return out;
}

std::vector<RawArticle> ReadJsonl(std::string_view utf8, const std::string& input) {
  std::vector<RawArticle> out;
  size_t line_no = 0;
  for (size_t pos = 0; pos <= utf8.size();) {
    size_t nl = utf8.find('\n', pos);
    if (nl == std::string_view::npos) nl = utf8.size();
    std::string_view line = utf8.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (Trim(line).empty()) continue;
    const std::string name = input + "#" + std::to_string(line_no);
    try {
      out.push_back(FromObject(json::parse(line.begin(), line.end()), name));
    } catch (const json::exception& e) {
      out.push_back(ErrorItem(name, ParseMessage(e)));
    }
  }
  if (out.empty()) out.push_back(ErrorItem(input, "empty input"));
  return out;
}

}  // namespace marsad::reader::internal
