// The cleaner: line classification (title, datelines, widgets, boilerplate,
// tags, source credits, captions, related headlines), splitting of glued
// sub-headings and of appended articles. Works on lines of the plain text; an
// HTML page arrives here already reduced to paragraphs by the reader.
#include "clean/clean.h"

#include <algorithm>
#include <functional>
#include <cstdio>
#include <optional>
#include <unordered_set>

#include "base/tsv.h"
#include "text/calendar.h"
#include "text/text.h"

namespace marsad::clean {

using namespace std::string_view_literals;
namespace {

// A line that is (almost) only a date: returns the date and whether a time
// of day and a publication label come with it.
struct DateLine {
  bool is_date = false;
  text::CivilDate date;
  bool has_time = false;
  bool labelled = false;   // "تاريخ النشر"
  bool update = false;     // "آخر تحديث"
};

struct Line {
  std::string text;  // as written, trimmed
  std::string norm;  // normalized for matching
  int words = 0;
  // ClassifyDate's answer, computed once: title, dateline and body passes all ask.
  mutable std::optional<DateLine> date;
};

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
         c == 0x200B || c == 0x200E || c == 0x200F || c == 0xFEFF || c == 0x2028 ||
         c == 0x202F || c == 0x3000 || (c >= 0x2000 && c <= 0x200A) || c == 0x061C;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e) {
    size_t i = b;
    char32_t c = text::DecodeUtf8(s, i);
    if (!IsSpace(c)) break;
    b = i;
  }
  while (e > b) {
    size_t k = e - 1;
    while (k > b && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
    size_t i = k;
    char32_t c = text::DecodeUtf8(s, i);
    if (!IsSpace(c)) break;
    e = k;
  }
  return std::string(s.substr(b, e - b));
}

int CountWords(std::string_view s) {
  int n = 0;
  bool in = false;
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    // Arabic-block characters (lead bytes D8-DB) other than U+061C are never space.
    if (b >= 0xD8 && b <= 0xDB && i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80 &&
        !(b == 0xD8 && static_cast<unsigned char>(s[i + 1]) == 0x9C)) {
      if (!in) ++n;
      in = true;
      i += 2;
      continue;
    }
    char32_t c = text::DecodeUtf8(s, i);
    bool sp = IsSpace(c) || c == '\n';
    if (!sp && !in) ++n;
    in = !sp;
  }
  return n;
}

Line MakeLine(std::string_view s) {
  Line l;
  l.text = Trim(s);
  l.norm = text::NormalizeString(l.text);
  l.words = CountWords(l.text);
  return l;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// Strips bullets, dashes, colons and spaces at both ends (normalized text).
std::string_view StripDecor(std::string_view s) {
  auto decor = [](unsigned char c) {
    return c == ' ' || c == '-' || c == ':' || c == '.' || c == '*' || c == '|' || c == '\t';
  };
  while (!s.empty() && decor(s.front())) s.remove_prefix(1);
  while (!s.empty() && decor(s.back())) s.remove_suffix(1);
  // A leading bullet "•" (U+2022) or "–" (U+2013) / "—" (U+2014).
  for (std::string_view b : {"\u2022", "\u2013", "\u2014", "\u00b7"}) {
    while (StartsWith(s, b)) {
      s.remove_prefix(b.size());
      while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    }
  }
  return s;
}

// Sentence-level punctuation in a line (Arabic and Latin).
bool HasPunctuation(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    char32_t c = text::DecodeUtf8(s, i);
    switch (c) {
      case '.': case ',': case ':': case ';': case '!': case '?': case '"': case '(': case ')':
      case 0x060C: case 0x061B: case 0x061F: case 0x00AB: case 0x00BB: case 0x201C: case 0x201D:
      case 0x2018: case 0x2019: case 0x06D4:
        return true;
      default:
        break;
    }
  }
  return false;
}

bool EndsSentence(std::string_view s) {
  for (std::string_view p : {".", "!", "?", "\u061F", "\u06D4", ".\"", ".\u201D", ".\u00BB", "\u00BB.",
                             "\u201D.", "\".", ")."}) {
    if (EndsWith(s, p)) return true;
  }
  return false;
}

bool IsWidgetLine(const Line& l) {
  return l.text.find("\u2103") != std::string::npos ||   // ℃
         l.text.find("\u00B0C") != std::string::npos ||  // °C
         (l.text.find("\u00B0") != std::string::npos && l.words <= 4);
}

bool IsBullet(const Line& l) {
  return StartsWith(l.text, "- ") || StartsWith(l.text, "\u2022") || StartsWith(l.text, "* ");
}

bool IsFillerWord(std::string_view w) {
  static const std::string_view kFiller[] = {
      "gmt", "utc", "ص", "م", "am", "pm", "الموافق", "موافق", "هـ", "ه", "م.", "at", "في", "on",
      "الساعة", "ساعه", "الساعه", "بتوقيت", "مكه", "المكرمه", "القدس", "دمشق", "بيروت", "القاهره",
      "غرينتش", "توقيت", "-", "|", "/", "،", ",", "ميلادي", "هجري", "st", "nd", "rd", "th"};
  for (auto f : kFiller)
    if (w == f) return true;
  return false;
}

}  // namespace

// ---- Cleaner ------------------------------------------------------------------

Result<std::shared_ptr<const Cleaner>> Cleaner::Create(const std::string& data_dir) {
  auto c = std::make_shared<Cleaner>();
  c->share_pattern_ = {Pattern::Match::kLine, "", "share"};
  auto bp = base::LoadTsv(data_dir + "/clean/boilerplate.tsv", {"pattern", "match", "kind"});
  if (!bp.ok()) return bp.status();
  for (const auto& row : bp->rows) {
    Pattern p;
    const std::string& m = row.fields[1];
    if (m == "line"sv) p.match = Pattern::Match::kLine;
    else if (m == "prefix"sv) p.match = Pattern::Match::kPrefix;
    else if (m == "contains"sv) p.match = Pattern::Match::kContains;
    else if (m != "word"sv)
      return Status::Error(bp->path + ":" + std::to_string(row.line) + ": unknown match '" + m + "'");
    else if (m == "word"sv) {
      c->social_words_.insert(text::NormalizeString(row.fields[0]));
      continue;
    }
    p.norm = text::NormalizeString(row.fields[0]);
    p.kind = row.fields[2];
    c->patterns_.push_back(std::move(p));
  }
  // Longer patterns first so that "تابعوا آخر أخبار" wins over "تابعوا".
  std::stable_sort(c->patterns_.begin(), c->patterns_.end(),
                   [](const Pattern& a, const Pattern& b) { return a.norm.size() > b.norm.size(); });
  auto ag = base::LoadTsv(data_dir + "/clean/agencies.tsv", {"name", "variants"});
  if (!ag.ok()) return ag.status();
  for (const auto& row : ag->rows) {
    std::string_view vs = row.fields[1];
    size_t start = 0;
    while (start <= vs.size()) {
      size_t bar = vs.find('|', start);
      std::string v = text::NormalizeString(vs.substr(start, bar == std::string_view::npos ? vs.npos : bar - start));
      if (!v.empty()) {
        c->agencies_[v] = row.fields[0];
        c->agency_variants_.push_back(v);
      }
      if (bar == std::string_view::npos) break;
      start = bar + 1;
    }
  }
  for (auto& p : c->patterns_) {
    p.core = std::string(StripDecor(p.norm));
    const std::string& core = p.core;
    switch (p.match) {
      case Pattern::Match::kLine:
        c->line_patterns_.emplace(core, &p);
        break;
      case Pattern::Match::kPrefix:
        c->prefix_patterns_[core.substr(0, core.find_first_of(" :"))].push_back(&p);
        break;
      case Pattern::Match::kContains:
        c->contains_patterns_.push_back(&p);
        break;
    }
  }
  auto sw = base::LoadTsv(data_dir + "/clean/stopwords.tsv", {"word"});
  if (!sw.ok()) return sw.status();
  for (const auto& row : sw->rows) c->stopwords_.insert(text::NormalizeString(row.fields[0]));
  auto op = base::LoadTsv(data_dir + "/clean/openers.tsv", {"phrase"});
  if (!op.ok()) return op.status();
  for (const auto& row : op->rows) c->openers_.push_back(text::NormalizeString(row.fields[0]));
  std::sort(c->agency_variants_.begin(), c->agency_variants_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return std::shared_ptr<const Cleaner>(std::move(c));
}

const Pattern* Cleaner::MatchLine(const std::string& norm_line) const {
  std::string_view core = StripDecor(norm_line);
  // Exact lines first, then prefixes (by first word), then phrases anywhere
  // in a short line.
  if (auto it = line_patterns_.find(core); it != line_patterns_.end()) return it->second;
  std::string_view first = core.substr(0, core.find_first_of(" :"));
  if (auto it = prefix_patterns_.find(first); it != prefix_patterns_.end())
    for (const Pattern* p : it->second)
      if (StartsWith(core, p->core)) return p;
  if (core.size() > 25 * 16) return nullptr;  // too long to be a widget line
  int words = CountWords(core);
  if (words <= 25)
    for (const Pattern* p : contains_patterns_)
      if (core.find(p->core) != std::string_view::npos) return p;
  // A line made only of social-network names and separators is a share bar.
  if (words >= 2 && words <= 12) {
    int social = 0, other = 0;
    for (const auto& t : text::Tokenize(core)) {
      if (t.kind == text::TokenKind::kPunct) continue;
      (social_words_.count(t.norm) ? social : other)++;
    }
    if (social >= 2 && other <= 2) return &share_pattern_;
  }
  return nullptr;
}

std::string Cleaner::Agency(std::string_view norm) const {
  auto it = agencies_.find(StripDecor(norm));
  return it == agencies_.end() ? "" : it->second;
}

namespace {

// ---- Line-level helpers that need the lexicons ----------------------------------

DateLine ClassifyDateUncached(const Cleaner& c, const Line& l);

DateLine ClassifyDate(const Cleaner& c, const Line& l) {
  if (!l.date) l.date = ClassifyDateUncached(c, l);
  return *l.date;
}

DateLine ClassifyDateUncached(const Cleaner& c, const Line& l) {
  DateLine d;
  if (l.words > 16) return d;
  auto matches = text::FindAbsoluteDates(l.text, /*need_day=*/true);
  if (matches.empty()) return d;
  // What is left once dates, labels, times and filler words are removed?
  std::string rest;
  size_t pos = 0;
  for (const auto& m : matches) {
    if (m.begin >= pos) rest.append(l.text, pos, m.begin - pos);
    rest.push_back(' ');
    pos = std::max<size_t>(pos, m.end);
    d.has_time = d.has_time || m.has_time;
  }
  rest.append(l.text, std::min(pos, l.text.size()));
  std::string rnorm = text::NormalizeString(rest);
  if (const Pattern* p = c.MatchLine(rnorm)) {
    if (p->kind == "datelabel"sv) d.labelled = true;
    if (p->kind == "updatelabel"sv) d.update = true;
    if (d.labelled || d.update) {
      std::string_view core = StripDecor(rnorm);
      std::string_view pat = p->core;
      rnorm = std::string(core.substr(std::min(pat.size(), core.size())));
    }
  }
  int content = 0;
  for (const auto& tok : text::Tokenize(rnorm)) {
    if (tok.kind == text::TokenKind::kPunct) continue;
    if (tok.kind == text::TokenKind::kNumber) {
      // Clock times like 9:32:00 come out as numbers and colons.
      continue;
    }
    if (IsFillerWord(tok.norm) || text::Weekday(tok.norm) || text::Weekday(tok.bare)) continue;
    ++content;
  }
  if (content > 1) return d;
  d.is_date = true;
  d.date = matches.front().date;
  return d;
}

bool IsCaption(const Cleaner& c, const Line& l) {
  if (l.words > 20 || EndsSentence(l.text)) return false;
  size_t slash = l.norm.rfind('/');
  if (slash == std::string::npos || slash + 1 >= l.norm.size()) return false;
  std::string tail(StripDecor(std::string_view(l.norm).substr(slash + 1)));
  if (tail.empty() || CountWords(tail) > 3) return false;
  static const std::string_view kPhotoWords[] = {"ارشيفيه", "ارشيف", "صوره", "getty", "afp", "ap",
                                                 "epa", "الاناضول", "مواقع التواصل", "رويترز"};
  for (auto w : kPhotoWords)
    if (tail == w) return true;
  return !c.Agency(tail).empty();
}

// Two or more headlines run together: long, with no punctuation at all.
bool IsRelatedRun(const Line& l) { return l.words >= 14 && !HasPunctuation(l.text); }

// A body paragraph, as opposed to a headline or a widget.
bool IsParagraph(const Line& l) {
  return l.words >= 12 && (EndsSentence(l.text) || l.text.find("\u060C") != std::string::npos ||
                           l.text.find(',') != std::string::npos || l.words >= 25);
}

// Splits a sub-heading glued to a following opener ("...النارمن جهتها أفادت").
std::vector<std::string> SplitGlued(const std::string& line, const std::vector<std::string>& openers) {
  // A sub-heading is at most twelve words: only the start of the line can hold the glue.
  size_t head_len = std::min<size_t>(line.size(), 320);
  while (head_len < line.size() && (static_cast<unsigned char>(line[head_len]) & 0xC0) == 0x80) ++head_len;
  text::Normalized n = text::Normalize(std::string_view(line).substr(0, head_len));
  std::string_view h = n.text;
  // Glue shows as a word that ends with an opener's first word ("النارمن"),
  // the rest of the opener following it.
  int words_before = 0;
  for (size_t ws = 0; ws < h.size() && words_before <= 12;) {
    size_t we = h.find(' ', ws);
    if (we == std::string_view::npos) we = h.size();
    std::string_view word = h.substr(ws, we - ws);
    for (const auto& op : openers) {
      std::string_view first = std::string_view(op).substr(0, op.find(' '));
      // The glued word keeps at least two letters of its own.
      if (word.size() < first.size() + 4 || !word.ends_with(first)) continue;
      size_t p = we - first.size();
      if (h.substr(p, op.size()) != op) continue;
      if (words_before + 1 < 2) continue;  // the sub-heading has two words or more
      size_t orig = n.to_orig[p];
      return {Trim(std::string_view(line).substr(0, orig)), Trim(std::string_view(line).substr(orig))};
    }
    ++words_before;
    ws = we + 1;
  }
  return {line};
}

void AddRemoved(Document& d, std::string kind, std::string text) {
  d.removed.push_back({std::move(kind), std::move(text)});
}

std::vector<std::string> SplitTags(std::string_view list) {
  std::vector<std::string> tags;
  std::string s = Trim(list);
  bool has_sep = s.find("\u060C") != std::string::npos || s.find(',') != std::string::npos ||
                 s.find('|') != std::string::npos;
  std::string cur;
  auto flush = [&] {
    std::string t = Trim(cur);
    if (!t.empty()) tags.push_back(t);
    cur.clear();
  };
  for (size_t i = 0; i < s.size();) {
    size_t b = i;
    char32_t c = text::DecodeUtf8(s, i);
    bool sep = has_sep ? (c == 0x060C || c == ',' || c == '|') : (c == ' ' || c == 0xA0);
    if (sep) flush();
    else cur.append(s, b, i - b);
  }
  flush();
  return tags;
}

// Agency credit forms: "(أ ف ب)" alone or at the end, "CITY - AGENCY" opening
// the first paragraph, "وفق AGENCY" closing a paragraph.
// The credit checks read only a paragraph's first 80 or last ~100 normalized
// bytes; normalizing just a window of it, cut at a space (so that the window
// normalizes to exactly the corresponding part of the whole), saves
// normalizing every closing paragraph in full.
std::string_view HeadAtSpace(std::string_view s, size_t n) {
  if (s.size() <= n) return s;
  size_t cut = s.find(' ', n);
  return cut == std::string_view::npos ? s : s.substr(0, cut);
}
std::string_view TailAtSpace(std::string_view s, size_t n) {
  if (s.size() <= n) return s;
  size_t cut = s.rfind(' ', s.size() - n);
  return cut == std::string_view::npos ? s : s.substr(cut);
}

std::string CreditAtEnd(const Cleaner& c, const std::string& norm) {
  std::string_view s = norm;
  while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.remove_suffix(1);
  if (EndsWith(s, ")")) {
    size_t open = s.rfind('(');
    if (open != std::string_view::npos) {
      std::string a = c.Agency(s.substr(open + 1, s.size() - open - 2));
      if (!a.empty()) return a;
    }
  }
  for (const std::string& v : c.agency_variants()) {
    if (!EndsWith(s, v)) continue;
    std::string_view before = s.substr(0, s.size() - v.size());
    while (!before.empty() && before.back() == ' ') before.remove_suffix(1);
    for (std::string_view cue : {"وفق", "وفقا ل", "بحسب", "حسب", "نقلا عن", "حسبما ذكرت", "ذكرت وكاله", "وكاله"}) {
      if (EndsWith(before, cue) || EndsWith(before, std::string(cue) + "ا")) return c.Agency(v);
    }
  }
  return "";
}

std::string CreditAtStart(const Cleaner& c, const std::string& norm) {
  // "دمشق - رويترز -", "دمشق (رويترز) -", "باكو - أ ف ب:"
  std::string_view s = std::string_view(norm).substr(0, 80);
  size_t dash = s.find(" - ");
  size_t paren = s.find('(');
  if (dash != std::string_view::npos && dash < 40) {
    std::string_view rest = s.substr(dash + 3);
    for (const std::string& v : c.agency_variants())
      if (StartsWith(rest, v) && (rest.size() == v.size() || rest[v.size()] == ' ' ||
                                  rest[v.size()] == '-' || rest[v.size()] == ':' || rest[v.size()] == ')'))
        return c.Agency(v);
  }
  if (paren != std::string_view::npos && paren < 40) {
    size_t close = s.find(')', paren);
    if (close != std::string_view::npos) {
      std::string a = c.Agency(std::string(s.substr(paren + 1, close - paren - 1)));
      if (!a.empty()) return a;
    }
  }
  return "";
}

struct RegionMeta {
  std::optional<std::string> title, published, source;
  std::vector<std::string> tags;
};

bool ParseIsoDate(std::string_view s, text::CivilDate* out) {
  int y, m, d;
  if (s.size() >= 10 && std::sscanf(std::string(s.substr(0, 10)).c_str(), "%4d-%2d-%2d", &y, &m, &d) == 3 &&
      m >= 1 && m <= 12 && d >= 1 && d <= 31) {
    *out = {y, m, d};
    return true;
  }
  auto found = text::FindAbsoluteDates(s, true);
  if (found.empty()) return false;
  *out = found.front().date;
  return true;
}

class RegionCleaner {
 public:
  RegionCleaner(const Cleaner& c, const std::vector<std::string>& openers) : c_(c), openers_(openers) {}

  Document Run(std::vector<Line> lines, const RegionMeta& meta) {
    Document d;
    size_t first_body = FindTitle(lines, meta, d);
    PickDateline(lines, first_body, meta, d);
    Body(lines, d);
    // Removed items in the order their lines had in the page.
    std::vector<size_t> idx(d.removed.size());
    for (size_t k = 0; k < idx.size(); ++k) idx[k] = k;
    std::stable_sort(idx.begin(), idx.end(), [&](size_t x, size_t y) { return order_[x] < order_[y]; });
    std::vector<Removed> sorted;
    for (size_t k : idx) sorted.push_back(std::move(d.removed[k]));
    d.removed = std::move(sorted);
    if (meta.source) d.source = meta.source;
    if (!meta.tags.empty()) d.tags = meta.tags;
    return d;
  }

 private:
  // Sets the title and removes the lines above it; returns the index of the
  // first line after the title block.
  size_t FindTitle(std::vector<Line>& lines, const RegionMeta& meta, Document& d) {
    size_t t = lines.size();
    if (meta.title && !Trim(*meta.title).empty()) {
      d.title = Trim(*meta.title);
      return 0;  // duplicate title lines are dropped in Body()
    }
    for (size_t i = 0; i < lines.size() && i < 8; ++i) {
      const Line& l = lines[i];
      const Pattern* p = c_.MatchLine(l.norm);
      bool label_only = p && (p->kind == "datelabel"sv || p->kind == "updatelabel"sv);
      if (IsWidgetLine(l) || (p && !label_only) || ClassifyDate(c_, l).is_date) continue;
      if (IsBullet(l) && l.words <= 10) continue;
      bool next_is_paragraph = i + 1 < lines.size() && IsParagraph(lines[i + 1]);
      if (l.words < 4 && !next_is_paragraph && i + 1 < lines.size()) continue;  // section label
      t = i;
      break;
    }
    if (t == lines.size()) {  // no headline-like line: the first line is the title
      if (lines.empty()) return 0;
      t = 0;
    }
    d.title = lines[t].text;
    for (size_t i = 0; i < t; ++i) {
      cur_ = i;
      Line& l = lines[i];
      const Pattern* p = c_.MatchLine(l.norm);
      std::string kind = IsWidgetLine(l) || ClassifyDate(c_, l).is_date ? "widget"
                         : p ? p->kind : (l.words <= 3 ? "section" : "widget");
      Remove(d, kind == "datelabel"sv || kind == "updatelabel"sv ? "widget" : kind, l.text);
      l.text.clear();
    }
    lines[t].text.clear();  // consumed as the title
    title_index_ = t;
    return t + 1;
  }

  // Chooses the publication dateline among the date lines of the header.
  void PickDateline(std::vector<Line>& lines, size_t first_body, const RegionMeta& meta, Document& d) {
    int best_score = -100;
    size_t best = lines.size();
    DateLine best_dl;
    // Header after the title: up to the first paragraph.
    size_t end = first_body;
    while (end < lines.size() && !IsParagraph(lines[end])) ++end;
    auto consider = [&](size_t i, int base) {
      DateLine dl = ClassifyDate(c_, lines[i]);
      if (!dl.is_date) return;
      int score = base + (dl.labelled ? 3 : 0) + (dl.has_time ? 1 : 0) - (dl.update ? 1 : 0);
      if (score > best_score) {
        best_score = score;
        best = i;
        best_dl = dl;
      }
    };
    for (size_t i = first_body; i < end; ++i)
      if (!lines[i].text.empty()) consider(i, 2);
    // Dates above the title were removed as widgets; one of them is the
    // dateline only if nothing after the title is a date.
    for (size_t i = first_body; i < end; ++i) {
      cur_ = i;
      if (i == best || lines[i].text.empty()) continue;
      DateLine dl = ClassifyDate(c_, lines[i]);
      if (dl.is_date) {
        Remove(d, "dateline", lines[i].text);
        lines[i].text.clear();
      }
    }
    if (best < lines.size()) {
      cur_ = best;
      Remove(d, "dateline", lines[best].text);
      lines[best].text.clear();
    }
    text::CivilDate field;
    if (meta.published && ParseIsoDate(*meta.published, &field)) {
      d.published = {field.Iso(), "day", "field"};
    } else if (best < lines.size()) {
      d.published = {best_dl.date.Iso(), "day", "dateline"};
    } else {
      // A lone date above the title (no weather widget beside it) may be the dateline.
      for (const auto& r : d.removed) {
        if (r.kind != "widget"sv) continue;
        Line l = MakeLine(r.text);
        DateLine dl = ClassifyDate(c_, l);
        bool widget_near = std::any_of(d.removed.begin(), d.removed.end(), [&](const Removed& o) {
          return o.text.find("\u2103") != std::string::npos || o.text.find("\u00B0") != std::string::npos;
        });
        if (dl.is_date && !widget_near) {
          d.published = {dl.date.Iso(), "day", "dateline"};
          break;
        }
      }
    }
  }

  void Body(std::vector<Line>& lines, Document& d) {
    std::vector<std::string> paras;
    std::string title_norm = text::NormalizeString(d.title);
    for (size_t i = 0; i < lines.size(); ++i) {
      Line& l = lines[i];
      cur_ = i;
      if (l.text.empty()) continue;
      if (!title_norm.empty() && StripDecor(l.norm) == StripDecor(title_norm)) {
        Remove(d, "duplicate-title", l.text);
        continue;
      }
      if (ClassifyLine(l, d)) continue;
      for (auto& part : SplitGlued(l.text, openers_)) paras.push_back(std::move(part));
    }
    // A credit closing the last paragraph, "... في المنطقة. (أ ف ب)", is not body text.
    cur_ = lines.size();
    if (!paras.empty()) StripTrailingCredit(paras.back(), d);
    // "المصدر:" names the source; else an agency credit does.
    if (masdar_) d.source = masdar_;
    else if (!credit_.empty()) d.source = credit_;
    if (!d.source && !paras.empty()) {
      std::string first = text::NormalizeString(HeadAtSpace(paras.front(), 1024));
      std::string a = CreditAtStart(c_, first);
      for (size_t k = paras.size(); a.empty() && k-- > 0;) {
        a = CreditAtEnd(c_, text::NormalizeString(TailAtSpace(paras[k], 512)));
        if (k + 3 < paras.size()) break;  // only the closing paragraphs
      }
      if (!a.empty()) d.source = a;
    }
    for (size_t k = 0; k < paras.size(); ++k) {
      if (k) d.body.push_back('\n');
      d.body += paras[k];
    }
  }

  void StripTrailingCredit(std::string& para, Document& d) {
    std::string_view s = para;
    while (!s.empty() && (s.back() == ' ' || s.back() == '.')) s.remove_suffix(1);
    if (s.empty() || s.back() != ')') return;
    size_t open = s.rfind('(');
    if (open == std::string_view::npos) return;
    std::string inner = text::NormalizeString(s.substr(open + 1, s.size() - open - 2));
    std::string a = c_.Agency(inner);
    if (a.empty()) {
      // "(بيروت - أ ف ب)"
      a = CreditAtStart(c_, inner);
    }
    if (a.empty()) return;
    if (credit_.empty()) credit_ = a;
    Remove(d, "source", std::string(s.substr(open)));
    para = Trim(std::string_view(para).substr(0, open));
  }

  // Returns true when the line is not body text (recorded in d.removed).
  bool ClassifyLine(const Line& l, Document& d) {
    // "…أذربيجانالمصدر: العربية": a source credit glued after boilerplate.
    // Boyer-Moore-Horspool: a plain find() stops at every ا (its first byte
    // starts half the letters of a line) and compares from there.
    static const std::string_view kMasdar = "المصدر:";
    static const std::boyer_moore_horspool_searcher masdar(kMasdar.begin(), kMasdar.end());
    auto hit = std::search(l.norm.begin(), l.norm.end(), masdar);
    size_t src = hit == l.norm.end() ? std::string::npos : static_cast<size_t>(hit - l.norm.begin());
    if (src != std::string::npos && src > 0) {
      Line head = MakeLine(l.norm.substr(0, src));
      const Pattern* hp = c_.MatchLine(head.norm);
      if (hp && hp->kind != "source"sv) {
        text::Normalized n = text::Normalize(l.text);
        size_t orig = n.to_orig[src + std::string("المصدر:").size()];
        std::string source = Trim(std::string_view(l.text).substr(orig));
        if (!source.empty() && !masdar_) masdar_ = source;
        Remove(d, hp->kind, l.text);
        return true;
      }
    }
    if (const Pattern* p = c_.MatchLine(l.norm)) {
      if (p->kind == "source"sv) {
        size_t colon = l.text.find(':');
        std::string source = Trim(colon == std::string::npos ? "" : l.text.substr(colon + 1));
        if (!source.empty() && !masdar_) masdar_ = source;
        Remove(d, "source", l.text);
        return true;
      }
      if (p->kind == "tags"sv) {
        size_t colon = l.text.find(':');
        auto tags = SplitTags(colon == std::string::npos ? "" : std::string_view(l.text).substr(colon + 1));
        d.tags.insert(d.tags.end(), tags.begin(), tags.end());
        Remove(d, "tags", l.text);
        return true;
      }
      if (p->kind == "datelabel"sv || p->kind == "updatelabel"sv) {
        if (ClassifyDate(c_, l).is_date) {
          Remove(d, "dateline", l.text);
          return true;
        }
        return false;
      }
      Remove(d, p->kind == "appended"sv ? "related" : p->kind, l.text);
      return true;
    }
    if (IsWidgetLine(l)) {
      Remove(d, "widget", l.text);
      return true;
    }
    if (ClassifyDate(c_, l).is_date) {
      Remove(d, "dateline", l.text);
      return true;
    }
    if (IsCaption(c_, l)) {
      Remove(d, "caption", l.text);
      return true;
    }
    if (IsRelatedRun(l)) {
      Remove(d, "related", l.text);
      return true;
    }
    // A credit line of its own: "دمشق - رويترز", "الرياض - واس".
    if (l.words <= 6) {
      std::string a = CreditAtStart(c_, l.norm);
      if (!a.empty() && !EndsSentence(l.text)) {
        if (credit_.empty()) credit_ = a;
        Remove(d, "source", l.text);
        return true;
      }
    }
    // A lone agency credit line "(أ ف ب)".
    if (l.words <= 4) {
      // Agency strips the decoration itself.
      if (std::string a = c_.Agency(l.norm); !a.empty()) {
        if (credit_.empty()) credit_ = a;
        Remove(d, "source", l.text);
        return true;
      }
    }
    if (l.norm.size() >= 2 && l.norm.front() == '(' && l.norm.back() == ')' && l.words <= 4) {
      std::string a = c_.Agency(l.norm.substr(1, l.norm.size() - 2));
      if (!a.empty()) {
        if (credit_.empty()) credit_ = a;
        Remove(d, "source", l.text);
        return true;
      }
    }
    return false;
  }

  void Remove(Document& d, std::string kind, std::string text) {
    AddRemoved(d, std::move(kind), std::move(text));
    order_.push_back(cur_);
  }

  const Cleaner& c_;
  const std::vector<std::string>& openers_;
  size_t cur_ = 0;             // line being classified
  std::vector<size_t> order_;  // line of each d.removed item
  size_t title_index_ = 0;
  std::optional<std::string> masdar_;  // from an "المصدر:" line
  std::string credit_;                 // from the first agency credit
};

std::vector<Line> SplitLines(std::string_view text) {
  std::vector<Line> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view raw = text.substr(start, nl == std::string_view::npos ? text.npos : nl - start);
    Line l = MakeLine(raw);
    if (!l.text.empty()) lines.push_back(std::move(l));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

// Distinct content words of lines [b, e): bare forms of three letters or more.
std::unordered_set<std::string> ContentWords(const Cleaner& c, const std::vector<Line>& lines,
                                             size_t b, size_t e) {
  std::unordered_set<std::string> words;
  for (size_t i = b; i < e; ++i)
    for (const auto& t : text::Tokenize(lines[i].norm))
      if (t.kind == text::TokenKind::kWord && text::CodepointCount(t.bare) >= 3 &&
          !c.IsStopword(t.norm) && !c.IsStopword(t.bare))
        words.insert(t.bare);
  return words;
}

// Several articles glued after one marker: a new one starts at a headline
// followed by its own date line, or at a headline after which the topic
// changes (few content words shared with what came before). A sub-heading
// inside one article shares its topic and does not split it.
std::vector<std::vector<Line>> SplitArticles(const Cleaner& c, std::vector<Line> region) {
  auto headline = [&](size_t i) {
    const Line& l = region[i];
    return l.words >= 3 && l.words <= 20 && !EndsSentence(l.text) && !IsParagraph(l) &&
           !c.MatchLine(l.norm) && !ClassifyDate(c, l).is_date;
  };
  std::vector<size_t> starts = {0};
  for (size_t i = 1; i + 1 < region.size(); ++i) {
    if (!headline(i) || !IsParagraph(region[i - 1])) continue;
    if (ClassifyDate(c, region[i + 1]).is_date) {
      starts.push_back(i);
      continue;
    }
    if (!IsParagraph(region[i + 1])) continue;
    size_t next = i + 1;
    while (next < region.size() && !(headline(next) && IsParagraph(region[next - 1]))) ++next;
    auto before = ContentWords(c, region, starts.back(), i);
    auto after = ContentWords(c, region, i, next);
    size_t shared = 0;
    for (const auto& w : after) shared += before.count(w);
    double overlap = static_cast<double>(shared) / std::max<size_t>(1, std::min(before.size(), after.size()));
    if (overlap < 0.08) starts.push_back(i);
  }
  std::vector<std::vector<Line>> out;
  for (size_t k = 0; k < starts.size(); ++k) {
    size_t e = k + 1 < starts.size() ? starts[k + 1] : region.size();
    out.emplace_back(std::make_move_iterator(region.begin() + starts[k]),
                     std::make_move_iterator(region.begin() + e));
  }
  return out;
}

}  // namespace

Document Cleaner::Clean(const RawArticle& raw, const Options& opts) const {
  Document doc;
  doc.input = raw.input;
  doc.warnings = raw.warnings;
  doc.url = raw.url;
  if (!raw.error.empty()) {
    doc.error = raw.error;
    return doc;
  }
  if (opts.raw) {
    doc.body = raw.text;
    if (raw.title) doc.title = *raw.title;
    text::CivilDate pub;
    if (raw.published && ParseIsoDate(*raw.published, &pub)) doc.published = {pub.Iso(), "day", "field"};
    doc.source = raw.source;
    doc.tags = raw.tags;
    return doc;
  }
  const std::vector<std::string>& openers = openers_;

  std::vector<Line> lines = SplitLines(raw.text);
  // Regions: the main article, then one per "إقرأ أيضاً"-style marker.
  std::vector<std::vector<Line>> regions(1);
  std::vector<std::string> markers;
  for (auto& l : lines) {
    const Pattern* p = MatchLine(l.norm);
    if (p && p->kind == "appended"sv) {
      markers.push_back(l.text);
      regions.emplace_back();
      continue;
    }
    regions.back().push_back(std::move(l));
  }
  RegionMeta meta{raw.title, raw.published, raw.source, raw.tags};
  RegionCleaner rc(*this, openers);
  doc = rc.Run(std::move(regions[0]), meta);
  doc.input = raw.input;
  doc.warnings = raw.warnings;
  doc.url = raw.url;
  for (size_t r = 1; r < regions.size(); ++r) {
    AddRemoved(doc, "related", markers[r - 1]);
    auto& region = regions[r];
    bool has_paragraph = std::any_of(region.begin(), region.end(), IsParagraph);
    if (!has_paragraph) {
      for (const auto& l : region) {
        const Pattern* p = MatchLine(l.norm);
        AddRemoved(doc, p ? (p->kind == "appended"sv ? "related" : p->kind) : "related", l.text);
      }
      continue;
    }
    for (auto& article : SplitArticles(*this, std::move(region))) {
      RegionCleaner arc(*this, openers);
      doc.appended.push_back(arc.Run(std::move(article), RegionMeta{}));
    }
  }
  return doc;
}

}  // namespace marsad::clean
