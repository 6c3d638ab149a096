// The plain structs that flow through the pipeline, from a raw input to the
// analysed document of spec/contract.md. Offsets in a Document are Unicode code
// points into `body`. Value types; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace marsad {

// What the reader hands to the pipeline: one article's text plus whatever
// metadata its container (a JSON object, an HTML head) supplied.
struct RawArticle {
  std::string input;                 // file path, "stdin", with "#N" for items of a batch
  std::string text;                  // UTF-8 article text (plain), already repaired
  std::optional<std::string> id, title, published, source, url;
  std::vector<std::string> tags;     // from HTML meta keywords or a JSON field
  std::vector<std::string> warnings; // encoding repairs and the like
  std::string error;                 // non-empty: the item could not be read
  bool from_html = false;            // text was extracted from HTML (paragraphs known)
};

struct DateValue {
  std::string value;      // ISO 8601 / TimeML reduced form: "2023-09-19", "2023-09", "2020", "199X"
  std::string precision;  // day, week, month, year, decade
  bool empty() const { return value.empty(); }
};

struct Published {
  std::string value;       // empty when unknown
  std::string precision;   // "day" when known
  std::string origin = "none";  // dateline | field | inferred | none
};

struct Removed {
  std::string kind;  // related | boilerplate | tags | share | ad | widget | duplicate-title | dateline | source | caption
  std::string text;
};

struct Mention {
  int start = 0, end = 0;  // code points into body; for title mentions see Entity
  std::string text;
};

struct Geo {
  double lat = 0, lon = 0;
  std::string country;  // ISO 3166 alpha-2
};

struct Entity {
  std::string id, type, name, name_en;
  std::optional<std::string> wikidata;
  std::optional<Geo> geo;
  std::vector<Mention> mentions;
  std::vector<Mention> title_mentions;  // mentions in the title (offsets into title)
  std::vector<std::string> roles;       // titles and roles seen with a person
};

struct TimeExpr {
  int start = 0, end = 0;
  std::string text, value, precision;
};

struct Number {
  int start = 0, end = 0;
  std::string text;
  double value = 0;
  bool approximate = false;
  std::string counts;  // what is counted, normalized noun, or empty
};

struct Event {
  std::string type, mode;  // mode may be empty
  DateValue date;          // empty = null
  std::vector<std::string> actors, targets;  // entity ids
  std::string location;                      // entity id or empty
  std::optional<long> fatalities, injured;
  std::string polarity = "asserted";
  std::string attribution;  // entity id or empty
  int evidence_start = 0, evidence_end = 0;
  std::string trigger;
  bool in_title = false;
};

struct Document {
  std::string id, input, title;
  Published published;
  std::optional<std::string> source, url;
  std::vector<std::string> tags;
  std::string body;  // paragraphs joined by '\n'
  std::vector<Removed> removed;
  std::vector<Document> appended;
  std::vector<Entity> entities;
  std::vector<TimeExpr> times;
  std::vector<Number> numbers;
  std::vector<Event> events;
  std::vector<std::string> warnings;
  std::string error;  // non-empty: nothing else is meaningful
};

}  // namespace marsad
