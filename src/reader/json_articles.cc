// JSON arrays, single objects and JSON Lines of article objects → RawArticles.
// Parsed with simdjson (several times faster than a DOM of std::strings, and
// the input side of the reader benchmark is dominated by parsing); a document
// simdjson rejects is parsed again with nlohmann-json only to word the error
// with a line and column. A bad item or line is an error article of its own;
// the rest of the file goes on. Thread-safe (one simdjson parser per thread).
#include <simdjson.h>

#include <nlohmann/json.hpp>

#include "reader/html.h"
#include "reader/internal.h"

namespace marsad::reader::internal {
namespace {

namespace dom = simdjson::dom;

RawArticle ErrorItem(const std::string& input, std::string error) {
  RawArticle a;
  a.input = input;
  a.error = std::move(error);
  return a;
}

// The element under `key` (the last of duplicates, as nlohmann, the reader's
// earlier parser, did), or nullopt.
std::optional<dom::element> Field(dom::object obj, std::string_view key) {
  std::optional<dom::element> out;
  for (auto field : obj)
    if (field.key == key) out = field.value;
  return out;
}

// The value of `key` when it is a string.
std::optional<std::string_view> StringField(dom::object obj, std::string_view key) {
  auto v = Field(obj, key);
  if (!v || !v->is_string()) return std::nullopt;
  return v->get_string().value_unsafe();
}

std::optional<std::string> OptionalString(dom::object obj, std::string_view key) {
  auto s = StringField(obj, key);
  if (!s) return std::nullopt;
  std::string_view t = Trim(*s);
  if (t.empty()) return std::nullopt;
  return NormalizeNewlines(t);
}

// The first of text/content/body that holds more than white space.
std::optional<std::string_view> TextField(dom::object obj) {
  for (const char* key : {"text", "content", "body"}) {
    auto s = StringField(obj, key);
    if (s && !Trim(*s).empty()) return s;
  }
  return std::nullopt;
}

void ReadId(dom::object obj, RawArticle* a) {
  auto v = Field(obj, "id");
  if (!v || v->is_null()) return;
  switch (v->type()) {
    case dom::element_type::STRING: {
      std::string_view t = Trim(v->get_string().value_unsafe());
      if (!t.empty()) a->id = std::string(t);
      break;
    }
    case dom::element_type::UINT64:
      a->id = std::to_string(v->get_uint64().value_unsafe());
      break;
    case dom::element_type::INT64:
      a->id = std::to_string(v->get_int64().value_unsafe());
      break;
    case dom::element_type::DOUBLE:
      a->id = nlohmann::json(v->get_double().value_unsafe()).dump();  // same spelling as before
      break;
    default:
      a->warnings.push_back("\"id\" is neither a string nor a number; ignored");
  }
}

void ReadTags(dom::object obj, RawArticle* a) {
  auto v = Field(obj, "tags");
  if (!v) return;
  if (v->is_string()) {
    AppendTags(v->get_string().value_unsafe(), &a->tags);
  } else if (v->is_array()) {
    dom::array list = v->get_array().value_unsafe();  // a named copy: the result is a temporary
    for (dom::element t : list)
      if (t.is_string()) AppendTags(t.get_string().value_unsafe(), &a->tags);
  }
}

// Fields of the object win over what an HTML body says about itself.
void TakeHtml(std::string_view html, RawArticle* a) {
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

RawArticle FromElement(dom::element el, const std::string& input) {
  dom::object obj;
  if (el.get_object().get(obj) != simdjson::SUCCESS) return ErrorItem(input, "item is not a JSON object");
  auto text = TextField(obj);
  if (!text) return ErrorItem(input, "item has no text (\"text\", \"content\" or \"body\")");
  RawArticle a;
  a.input = input;
  ReadId(obj, &a);
  a.title = OptionalString(obj, "title");
  a.source = OptionalString(obj, "source");
  a.url = OptionalString(obj, "url");
  // "date_extracted" (SaudiNewsNet) is when a page was scraped, not published.
  for (const char* key : {"published", "date"}) {
    auto v = Field(obj, key);
    if (!v || v->is_null()) continue;
    if (v->is_string()) SetPublished(v->get_string().value_unsafe(), &a);
    else a.warnings.push_back(std::string("\"") + key + "\" is not a string; ignored");
    if (a.published) break;
  }
  ReadTags(obj, &a);
  if (LooksLikeHtml(*text)) TakeHtml(*text, &a);
  else a.text = NormalizeNewlines(*text);
  return a;
}

// "invalid JSON: <where and why>". nlohmann words errors with a line and a
// column; simdjson only names the kind, so the rejected text is parsed again
// (errors are rare: the cost does not matter).
std::string ParseMessage(std::string_view text, simdjson::error_code code) {
  try {
    nlohmann::json unused = nlohmann::json::parse(text.begin(), text.end());
    (void)unused;
  } catch (const nlohmann::json::exception& e) {
    return std::string("invalid JSON: ") + e.what();
  }
  return std::string("invalid JSON: ") + simdjson::error_message(code);
}

dom::parser& ThreadParser() {
  thread_local dom::parser parser;
  return parser;
}

}  // namespace

std::vector<RawArticle> ReadJson(std::string_view utf8, const std::string& input) {
  dom::parser& parser = ThreadParser();
  dom::element doc;
  // parse() copies into a padded buffer when the input has no padding.
  if (auto err = parser.parse(utf8.data(), utf8.size()).get(doc); err != simdjson::SUCCESS)
    return {ErrorItem(input, ParseMessage(utf8, err))};
  if (doc.is_object()) return {FromElement(doc, input)};
  if (!doc.is_array()) return {ErrorItem(input, "JSON is neither an article object nor an array of them")};
  dom::array items = doc.get_array().value_unsafe();
  if (items.size() == 0) return {ErrorItem(input, "JSON array holds no articles")};
  std::vector<RawArticle> out;
  out.reserve(items.size());
  size_t i = 0;
  for (dom::element item : items) out.push_back(FromElement(item, input + "#" + std::to_string(++i)));
  return out;
}

std::vector<RawArticle> ReadJsonl(std::string_view utf8, const std::string& input) {
  dom::parser& parser = ThreadParser();
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
    dom::element el;
    if (auto err = parser.parse(line.data(), line.size()).get(el); err != simdjson::SUCCESS)
      out.push_back(ErrorItem(name, ParseMessage(line, err)));
    else
      out.push_back(FromElement(el, name));
  }
  if (out.empty()) out.push_back(ErrorItem(input, "empty input"));
  return out;
}

}  // namespace marsad::reader::internal
