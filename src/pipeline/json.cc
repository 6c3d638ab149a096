// The output object of spec/contract.md, in its field order, written straight
// into one string. A streaming writer rather than a nlohmann DOM: building the
// DOM and dumping it cost a tenth of the reader+text layer's time. The output
// is byte for byte what nlohmann's dump() wrote before (same escapes, same
// number spellings), so golden files and downstream parsers see no change.
// Pure; thread-safe.
#include <charconv>
#include <cmath>
#include <cstdio>

#include "marsad/pipeline.h"
#include "text/text.h"

namespace marsad {
namespace {

class Writer {
 public:
  explicit Writer(std::string& out) : o_(out) {}

  // ---- structure: Key() writes the separating comma itself ----
  void Open() { o_.push_back('{'); first_ = true; }
  void Close() { o_.push_back('}'); first_ = false; }
  void OpenArray() { o_.push_back('['); first_ = true; }
  void CloseArray() { o_.push_back(']'); first_ = false; }
  void Key(std::string_view k) {
    Sep();
    o_.push_back('"');
    o_.append(k);
    o_.append("\":");
    first_ = true;  // the value that follows needs no comma
  }
  // Before an array element.
  void Item() { Sep(); }

  // ---- values ----
  void Str(std::string_view s);
  void Null() { o_.append("null"); first_ = false; }
  void Bool(bool b) { o_.append(b ? "true" : "false"); first_ = false; }
  void Int(long long v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    o_.append(buf, r.ptr);
    first_ = false;
  }
  void Double(double v);
  void OptStr(const std::optional<std::string>& s) { s ? Str(*s) : Null(); }
  void OptStr(const std::string& s) { s.empty() ? Null() : Str(s); }
  void StrArray(const std::vector<std::string>& v) {
    OpenArray();
    for (const auto& s : v) {
      Item();
      Str(s);
    }
    CloseArray();
  }

 private:
  void Sep() {
    if (!first_) o_.push_back(',');
    first_ = false;
  }
  std::string& o_;
  bool first_ = true;
};

// nlohmann's escaping with ensure_ascii off and invalid UTF-8 replaced:
// " \ and control characters escaped (\b \f \n \r \t, else \u00xx), every
// other valid sequence copied, each invalid sequence → U+FFFD.
void Writer::Str(std::string_view s) {
  o_.push_back('"');
  size_t run = 0;  // start of the pending run of bytes copied as they are
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      // Multi-byte: copy when valid (the common case for Arabic text).
      size_t j = i;
      const char32_t cp = text::DecodeUtf8(s, j);
      if (!(cp == 0xFFFD && j - i == 1)) {
        i = j;
        continue;
      }
      o_.append(s.substr(run, i - run));
      o_.append("\xEF\xBF\xBD");
      run = ++i;
      continue;
    }
    o_.append(s.substr(run, i - run));
    switch (c) {
      case '"': o_.append("\\\""); break;
      case '\\': o_.append("\\\\"); break;
      case '\b': o_.append("\\b"); break;
      case '\f': o_.append("\\f"); break;
      case '\n': o_.append("\\n"); break;
      case '\r': o_.append("\\r"); break;
      case '\t': o_.append("\\t"); break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        o_.append(buf);
      }
    }
    run = ++i;
  }
  o_.append(s.substr(run));
  o_.push_back('"');
  first_ = false;
}

// Shortest round-trip digits, as nlohmann writes them: a ".0" added when the
// digits would read as an integer, exponents as e+NN / e-NN.
void Writer::Double(double v) {
  first_ = false;
  if (!std::isfinite(v)) {
    o_.append("null");
    return;
  }
  char buf[40];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  const std::string_view d(buf, r.ptr - buf);
  o_.append(d);
  // to_chars spells exponents e+20 / e-07 as nlohmann does; digits alone get ".0".
  if (d.find_first_of(".e") == std::string_view::npos) o_.append(".0");
}

void Mentions(Writer& w, const std::vector<Mention>& ms) {
  w.OpenArray();
  for (const auto& m : ms) {
    w.Item();
    w.Open();
    w.Key("start"); w.Int(m.start);
    w.Key("end"); w.Int(m.end);
    w.Key("text"); w.Str(m.text);
    w.Close();
  }
  w.CloseArray();
}

void EntityJson(Writer& w, const Entity& e) {
  w.Open();
  w.Key("id"); w.Str(e.id);
  w.Key("type"); w.Str(e.type);
  w.Key("name"); w.Str(e.name);
  w.Key("name_en"); w.Str(e.name_en);
  w.Key("wikidata"); w.OptStr(e.wikidata);
  if (e.geo) {
    w.Key("geo");
    w.Open();
    w.Key("lat"); w.Double(e.geo->lat);
    w.Key("lon"); w.Double(e.geo->lon);
    w.Key("country"); w.Str(e.geo->country);
    w.Close();
  }
  w.Key("mentions"); Mentions(w, e.mentions);
  if (!e.title_mentions.empty()) {
    w.Key("title_mentions");
    Mentions(w, e.title_mentions);
  }
  if (!e.roles.empty()) {
    w.Key("roles");
    w.StrArray(e.roles);
  }
  w.Close();
}

void EventJson(Writer& w, const Event& e) {
  auto opt_long = [&w](const std::optional<long>& v) { v ? w.Int(*v) : w.Null(); };
  w.Open();
  w.Key("type"); w.Str(e.type);
  w.Key("mode"); w.OptStr(e.mode);
  w.Key("date");
  if (e.date.empty()) {
    w.Null();
  } else {
    w.Open();
    w.Key("value"); w.Str(e.date.value);
    w.Key("precision"); w.Str(e.date.precision);
    w.Close();
  }
  w.Key("actors"); w.StrArray(e.actors);
  w.Key("targets"); w.StrArray(e.targets);
  w.Key("location"); w.OptStr(e.location);
  w.Key("fatalities"); opt_long(e.fatalities);
  w.Key("injured"); opt_long(e.injured);
  w.Key("polarity"); w.Str(e.polarity);
  w.Key("attribution"); w.OptStr(e.attribution);
  w.Key("evidence");
  w.Open();
  w.Key("start"); w.Int(e.evidence_start);
  w.Key("end"); w.Int(e.evidence_end);
  w.Close();
  w.Key("trigger"); w.Str(e.trigger);
  if (e.in_title) {
    w.Key("in_title");
    w.Bool(true);
  }
  w.Close();
}

void DocJson(Writer& w, const Document& d) {
  w.Open();
  w.Key("id"); w.Str(d.id);
  w.Key("input"); w.Str(d.input);
  if (!d.error.empty()) {
    w.Key("error"); w.Str(d.error);
    if (!d.warnings.empty()) {
      w.Key("warnings");
      w.StrArray(d.warnings);
    }
    w.Close();
    return;
  }
  w.Key("title"); w.Str(d.title);
  w.Key("published");
  w.Open();
  if (d.published.value.empty()) {
    w.Key("value"); w.Null();
    w.Key("precision"); w.Null();
    w.Key("origin"); w.Str("none");
  } else {
    w.Key("value"); w.Str(d.published.value);
    w.Key("precision"); w.Str(d.published.precision);
    w.Key("origin"); w.Str(d.published.origin);
  }
  w.Close();
  w.Key("source"); w.OptStr(d.source);
  w.Key("url"); w.OptStr(d.url);
  w.Key("tags"); w.StrArray(d.tags);
  w.Key("body"); w.Str(d.body);
  w.Key("removed");
  w.OpenArray();
  for (const auto& r : d.removed) {
    w.Item();
    w.Open();
    w.Key("kind"); w.Str(r.kind);
    w.Key("text"); w.Str(r.text);
    w.Close();
  }
  w.CloseArray();
  w.Key("appended");
  w.OpenArray();
  for (const auto& a : d.appended) {
    w.Item();
    DocJson(w, a);
  }
  w.CloseArray();
  w.Key("entities");
  w.OpenArray();
  for (const auto& e : d.entities) {
    w.Item();
    EntityJson(w, e);
  }
  w.CloseArray();
  w.Key("times");
  w.OpenArray();
  for (const auto& t : d.times) {
    w.Item();
    w.Open();
    w.Key("start"); w.Int(t.start);
    w.Key("end"); w.Int(t.end);
    w.Key("text"); w.Str(t.text);
    w.Key("value"); w.Str(t.value);
    w.Key("precision"); w.Str(t.precision);
    w.Close();
  }
  w.CloseArray();
  w.Key("numbers");
  w.OpenArray();
  for (const auto& n : d.numbers) {
    w.Item();
    w.Open();
    w.Key("start"); w.Int(n.start);
    w.Key("end"); w.Int(n.end);
    w.Key("text"); w.Str(n.text);
    w.Key("value");
    if (n.value == static_cast<double>(static_cast<long long>(n.value))) w.Int(static_cast<long long>(n.value));
    else w.Double(n.value);
    w.Key("approximate"); w.Bool(n.approximate);
    w.Key("counts"); w.OptStr(n.counts);
    w.Close();
  }
  w.CloseArray();
  w.Key("events");
  w.OpenArray();
  for (const auto& e : d.events) {
    w.Item();
    EventJson(w, e);
  }
  w.CloseArray();
  if (!d.warnings.empty()) {
    w.Key("warnings");
    w.StrArray(d.warnings);
  }
  w.Close();
}

}  // namespace

std::string ToJson(const Document& doc) {
  std::string out;
  out.reserve(doc.body.size() * 2 + 1024);
  Writer w(out);
  DocJson(w, doc);
  return out;
}

}  // namespace marsad
