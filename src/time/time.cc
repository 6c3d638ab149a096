// The time and number tagger: one pass over the tokens of a body, trying small
// grammars at each token with hash look-ups only (no regular expressions), every
// time resolved against the publication date (or the date of a quoted statement).
// The Tagger is immutable after Create; Tag and InferPublished are thread-safe.
#include "time/time.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>

#include "text/text.h"
#include "time/lexicon.h"

namespace marsad::time {

using namespace std::string_view_literals;

using text::CivilDate;
using text::Token;
using text::TokenKind;

namespace {

CivilDate AddDays(const CivilDate& d, int n) { return text::CivilFromDays(text::DaysFromCivil(d) + n); }

CivilDate AddMonths(const CivilDate& d, int n) {
  int m = d.year * 12 + (d.month - 1) + n;
  return {m / 12, m % 12 + 1, 0};
}

}  // namespace

std::string IsoWeek(const CivilDate& d) {
  // The ISO week-year is the year of the Thursday of the same week.
  CivilDate thu = AddDays(d, 4 - text::WeekdayOf(d));
  int week = (text::DaysFromCivil(thu) - text::DaysFromCivil({thu.year, 1, 1})) / 7 + 1;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", thu.year, week);
  return buf;
}

namespace {

struct Value {
  std::string value, precision;
  CivilDate day;  // set when precision is day (anchors anaphora)
};

Value DayValue(const CivilDate& d) { return {d.Iso(), "day", d}; }
Value MonthValue(int y, int m) { return {CivilDate{y, m, 0}.Iso(), "month", {}}; }
Value YearValue(int y) { return {CivilDate{y, 0, 0}.Iso(), "year", {}}; }

bool IsWordTok(const Token& t) { return t.kind == TokenKind::kWord; }
bool IsPunctTok(const Token& t) { return t.kind == TokenKind::kPunct; }

bool IsOpenQuote(std::string_view p) { return p == "«"sv || p == "“"sv || p == "\""sv || p == "„"sv || p == "‹"sv; }
bool IsCloseQuote(std::string_view p) { return p == "»"sv || p == "”"sv || p == "\""sv || p == "›"sv; }

// Per-token facts computed once.
struct Info {
  std::string key;  // norm without و ف ب ك ل proclitics but with the article; "" = norm
  bool trigger = false;  // may start a time or number expression
  const std::vector<Phrase>* single = nullptr;
  const NumWord* num = nullptr;
  // The phrases of several words starting here, in Run::multi_hits_ (looked
  // up once, not per grammar; empty for most words).
  uint32_t multi_begin = 0, multi_end = 0;
  int sentence = 0;
  int quote = -1;   // index of the opening quote token, -1 outside quotes
  bool whole = false;  // the whole token (with its first letters) is a known word
  bool time = false;  // consumed by a time expression
  bool number_ok = true;
};

std::string KeyOf(const Token& t) {
  if (t.kind != TokenKind::kWord || t.prefix.empty()) return "";
  std::string_view p = t.prefix;
  if (p.ends_with("ال")) return "ال" + t.bare;
  if (p.ends_with("لل")) return "ال" + t.bare;
  return t.bare;
}

class Run;

class Impl : public Tagger {
 public:
  explicit Impl(Lexicon lex) : lex_(std::move(lex)) {}
  void Tag(const std::string& body, const CivilDate* published, std::vector<TimeExpr>* times,
           std::vector<Number>* numbers, const std::vector<Token>* tokens) const override;
  std::optional<CivilDate> InferPublished(const std::string& body) const override;
  std::optional<CivilDate> TagUndated(const std::string& body, std::vector<TimeExpr>* times,
                                      std::vector<Number>* numbers,
                                      const std::vector<Token>* tokens) const override;
  const Lexicon& lex() const { return lex_; }

 private:
  // InferPublished's vote, given the undated run over the body.
  std::optional<CivilDate> InferFrom(const Run& first, const std::string& body) const;

  Lexicon lex_;
};

// One call's working state: the tokens, their facts and what has been found.
class Run {
 public:
  // `tokens`, when given, are Tokenize(body) computed by the caller (shared
  // between runs and stages); they must outlive the run.
  Run(const Lexicon& lex, const std::string& body, const CivilDate* pub, const std::vector<Token>* tokens)
      : lex_(lex),
        body_(body),
        own_(tokens ? std::vector<Token>() : text::Tokenize(body)),
        toks_(tokens ? *tokens : own_),
        has_pub_(pub != nullptr) {
    if (pub) pub_ = *pub;
    BuildInfo();
  }

  void Times();
  void Numbers();
  void Emit(std::vector<TimeExpr>* times, std::vector<Number>* numbers);

  // For InferPublished: every day-precision date found with its token index.
  struct Found {
    size_t begin_tok, end_tok;
    Value v;
    bool deictic = false;
    int deictic_offset = 0;
    bool absolute = false;  // explicit calendar date
    bool has_year = false;
  };
  const std::vector<Found>& found() const { return found_; }
  // The largest year written in a time expression (0 when none): "2000 مقاتل"
  // is a count, not a year.
  int NewestYear() const {
    int y = 0;
    for (const auto& [b, t] : times_)
      if (t.value.size() >= 4 && std::isdigit(static_cast<unsigned char>(t.value[3])))
        y = std::max(y, std::atoi(t.value.substr(0, 4).c_str()));
    return y;
  }
  const std::vector<Token>& tokens() const { return toks_; }
  const std::vector<Info>& info() const { return info_; }
  // Whether a deictic day word (اليوم، أمس ...) stands anywhere: DayWords
  // marks a date deictic only at such a phrase.
  bool AnyDeictic() const {
    for (size_t i = 0; i < N(); ++i)
      if ((info_[i].single || info_[i].multi_begin < info_[i].multi_end) && PhraseAt(i, Cls::kDeictic)) return true;
    return false;
  }

 private:
  struct Num {
    size_t begin_tok, end_tok;
    double value;
    bool approximate;
    std::string counts;
    uint32_t begin_byte = 0;  // 0: from SpanBegin(begin_tok)
  };

  void BuildInfo();
  size_t N() const { return toks_.size(); }
  const std::string& Key(size_t i) const { return info_[i].key.empty() ? toks_[i].norm : info_[i].key; }
  bool KeyIs(size_t i, std::string_view k) const { return i < N() && Key(i) == k; }
  bool NormIs(size_t i, std::string_view k) const { return i < N() && toks_[i].norm == k; }
  // Longest phrase of class c at token i: its word count, 0 when none.
  int PhraseAt(size_t i, Cls c, const Phrase** out = nullptr) const;
  int IntAt(size_t i, int max_digits = 4) const;
  int YearAt(size_t i) const;
  int MonthAt(size_t i, size_t* end, bool* hijri, bool* standalone) const;
  int DayAt(size_t i, size_t* end) const;
  // verbs: also count س-prefixed verb forms (a guess; names like سيرغي look alike).
  bool FutureBefore(size_t i, bool verbs) const;
  CivilDate Anchor(size_t i) const;

  // Time grammars: each returns the token after the expression (0: no match).
  size_t CalendarDate(size_t i, Value* v);
  size_t DayMonth(size_t i, Value* v);
  size_t Month(size_t i, Value* v);
  size_t YearExpr(size_t i, Value* v);
  size_t PeriodExpr(size_t i, Value* v);
  size_t Decade(size_t i, Value* v);
  size_t Season(size_t i, Value* v);
  size_t DayWords(size_t i, Value* v, bool* deictic, int* offset);
  size_t Anaphoric(size_t i, Value* v);
  size_t Ago(size_t i, Value* v);
  size_t Clock(size_t i, Value* v);
  size_t Ghadat(size_t i, Value* v);
  size_t Range(size_t i);
  size_t BareYear(size_t i, Value* v);

  void AddTime(size_t b, size_t e, const Value& v, bool number_ok = false, uint32_t begin_byte = 0);
  uint32_t SpanBegin(size_t i) const;

  size_t NumberAt(size_t i, Num* n) const;
  size_t NumberCore(size_t i, double* v, bool* approx) const;
  size_t WordNumber(size_t i, double* v) const;
  bool DualAt(size_t i, std::string* singular, bool* whole) const;
  std::string CountsAfter(size_t j) const;
  std::string CountsWord(size_t j) const;

  const Lexicon& lex_;
  const std::string& body_;
  std::vector<Token> own_;  // the tokens when the caller gave none
  const std::vector<Token>& toks_;
  std::vector<Info> info_;
  // (word count, phrases) of the multi-word phrases found at each token, longest first.
  std::vector<std::pair<int, const std::vector<Phrase>*>> multi_hits_;
  CivilDate pub_;
  bool has_pub_;
  std::vector<Found> found_;
  std::vector<std::pair<size_t, TimeExpr>> times_;  // begin token, expression
  std::vector<Num> nums_;
  // The last day-precision time found (anchors anaphora); an accessor because
  // found_ grows and would invalidate a stored pointer.
  const Found* LastDay() const { return found_.empty() ? nullptr : &found_.back(); }
  std::vector<text::DateMatch> absolute_;
  std::map<uint32_t, size_t> absolute_at_;  // begin byte → index in absolute_
};

void Run::BuildInfo() {
  info_.resize(N());
  int sentence = 0, quote = -1;
  bool ended = false;  // the previous token closed a sentence
  for (size_t i = 0; i < N(); ++i) {
    const Token& t = toks_[i];
    Info& in = info_[i];
    // A newline between the two tokens (looked for only in the gap: searching
    // to the next newline made long paragraphs quadratic).
    if (i > 0 && !ended &&
        std::string_view(body_).substr(toks_[i - 1].end, t.begin - toks_[i - 1].end).find('\n') !=
            std::string_view::npos)
      ++sentence, quote = -1;
    ended = false;
    in.key = KeyOf(t);
    if (t.kind == TokenKind::kPunct) {
      const std::string& p = t.norm;
      if (p == "."sv || p == "!"sv || p == "?"sv || p == "؟"sv || p == "؛"sv) {
        in.sentence = sentence++;
        quote = -1;
        ended = true;
        continue;
      }
      if (quote >= 0 && IsCloseQuote(p)) {
        in.sentence = sentence;
        in.quote = quote;
        quote = -1;
        continue;
      }
      if (quote < 0 && IsOpenQuote(p)) quote = static_cast<int>(i);
    }
    in.sentence = sentence;
    in.quote = quote;
    if (t.kind == TokenKind::kWord || t.kind == TokenKind::kLatin) {
      // Most words start nothing: one or two hash look-ups decide.
      // lex_.triggers holds the calendar words as well.
      bool whole = lex_.IsTrigger(t.norm);
      in.trigger = whole || (!in.key.empty() && lex_.IsTrigger(in.key));
      if (!in.trigger) continue;
      const std::string& key = Key(i);
      if (lex_.max_words > 1 && lex_.multi_first.count(key) > 0) {
        // The phrases of 2..max_words words starting here, longest first:
        // the grammars ask PhraseAt for them many times per token.
        in.multi_begin = static_cast<uint32_t>(multi_hits_.size());
        const int max_n = std::min<int>(lex_.max_words, static_cast<int>(N() - i));
        std::string k = key;
        for (int n = 2; n <= max_n; ++n) {
          k += ' ';
          k += toks_[i + n - 1].norm;
          auto it = lex_.phrases.find(k);
          if (it != lex_.phrases.end()) multi_hits_.emplace_back(n, &it->second);
        }
        std::reverse(multi_hits_.begin() + in.multi_begin, multi_hits_.end());
        in.multi_end = static_cast<uint32_t>(multi_hits_.size());
      }
      auto it = lex_.phrases.find(t.norm);
      if (it == lex_.phrases.end() && key != t.norm) it = lex_.phrases.find(key);
      if (it != lex_.phrases.end()) in.single = &it->second;
      auto nt = lex_.numbers.find(t.norm);
      if (nt == lex_.numbers.end() && key != t.norm) nt = lex_.numbers.find(key);
      if (nt != lex_.numbers.end()) in.num = &nt->second;
      // "فبراير", "كانون", "بداية", "ليلة" start with letters that look like proclitics.
      in.whole = whole;
    }
  }
}

int Run::PhraseAt(size_t i, Cls c, const Phrase** out) const {
  if (i >= N() || IsPunctTok(toks_[i])) return 0;
  for (uint32_t h = info_[i].multi_begin; h < info_[i].multi_end; ++h) {
    const auto& [n, phrases] = multi_hits_[h];
    for (const Phrase& p : *phrases)
      if (p.cls == c) {
        if (out) *out = &p;
        return n;
      }
  }
  if (info_[i].single)
    for (const Phrase& p : *info_[i].single)
      if (p.cls == c && p.words == 1) {
        if (out) *out = &p;
        return 1;
      }
  return 0;
}

int Run::IntAt(size_t i, int max_digits) const {
  if (i >= N() || toks_[i].kind != TokenKind::kNumber) return -1;
  const std::string& s = toks_[i].norm;
  if (s.empty() || static_cast<int>(s.size()) > max_digits) return -1;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

int Run::YearAt(size_t i) const {
  if (i >= N() || toks_[i].norm.size() != 4) return -1;
  int y = IntAt(i);
  return y >= 1000 && y <= 2200 ? y : -1;
}

int Run::MonthAt(size_t i, size_t* end, bool* hijri, bool* standalone) const {
  if (i >= N() || IsPunctTok(toks_[i]) || toks_[i].kind == TokenKind::kNumber) return 0;
  int m = text::MonthNameAt(toks_, i, end, hijri);
  if (!m) return 0;
  // Standalone: the tagger's lexicon decides (آب، مارس، تموز need context).
  std::string name = Key(i);
  if (*end > i + 1 && toks_[i + 1].kind == TokenKind::kWord) name += " " + toks_[i + 1].norm;
  auto it = lex_.months.find(name);
  if (it == lex_.months.end()) it = lex_.months.find(toks_[i].norm);
  if (it == lex_.months.end()) it = lex_.months.find(Key(i));
  *standalone = it != lex_.months.end() ? it->second.standalone : toks_[i].kind == TokenKind::kLatin;
  // A paired name ("مارس/آذار") makes even ambiguous names certain.
  if (*end > i + 2 || (*end == i + 2 && !IsWordTok(toks_[i + 1]))) *standalone = true;
  if (*end > i + 1 && IsPunctTok(toks_[i + 1])) *standalone = true;
  return m;
}

// A day of the month: digits 1-31 or a written ordinal (الثامن، الحادي عشر،
// الحادي والعشرين) followed by من.
int Run::DayAt(size_t i, size_t* end) const {
  int d = IntAt(i, 2);
  if (d >= 1 && d <= 31) {
    *end = i + 1;
    return d;
  }
  if (i >= N() || !IsWordTok(toks_[i])) return 0;
  auto it = lex_.ordinals.find(Key(i));
  if (it == lex_.ordinals.end()) it = lex_.ordinals.find(toks_[i].norm);
  if (it == lex_.ordinals.end()) {
    // feminine ordinal for "الأولى"? dates use the masculine (اليوم) form.
    return 0;
  }
  int v = it->second;
  size_t j = i + 1;
  if (v < 10 && (NormIs(j, "عشر") || NormIs(j, "عشره"))) v += 10, ++j;
  else if (v < 10 && j < N() && toks_[j].prefix.starts_with("و")) {
    auto t = lex_.ordinals.find(Key(j));
    if (t == lex_.ordinals.end()) t = lex_.ordinals.find("ال" + toks_[j].bare);
    if (t != lex_.ordinals.end() && t->second >= 20) v += t->second, ++j;
  }
  if (v > 31 || !NormIs(j, "من")) return 0;
  *end = j + 1;
  return v;
}

// Future tense shortly before token i in the same sentence ("سيجتمع ... الخميس").
bool Run::FutureBefore(size_t i, bool verbs) const {
  size_t lo = i > 6 ? i - 6 : 0;
  for (size_t k = i; k-- > lo;) {
    if (info_[k].sentence != info_[i].sentence) break;
    if (PhraseAt(k, Cls::kFuture)) return true;
    const std::string& w = toks_[k].norm;
    // س + imperfect prefix: سيعقد، ستبدأ، سنواصل (but not سيطرة، ستة).
    if (verbs && IsWordTok(toks_[k]) && w.size() >= 10 && w.starts_with("س") &&
        (w.compare(2, 2, "ي") == 0 || w.compare(2, 2, "ت") == 0 || w.compare(2, 2, "ن") == 0) &&
        !PhraseAt(k, Cls::kNotFuture))
      return true;
  }
  return false;
}

// The day deictic words refer to: the publication date, or inside a quotation
// the date of the statement when the sentence gives one before the quote.
CivilDate Run::Anchor(size_t i) const {
  int q = info_[i].quote;
  if (q >= 0 && LastDay() && LastDay()->absolute && LastDay()->end_tok <= static_cast<size_t>(q) &&
      info_[LastDay()->begin_tok].sentence == info_[i].sentence)
    return LastDay()->v.day;
  return pub_;
}

uint32_t Run::SpanBegin(size_t i) const {
  const Token& t = toks_[i];
  if (t.prefix.empty() || t.prefix == "ال"sv || t.prefix == "لل"sv || t.kind != TokenKind::kWord || info_[i].whole)
    return t.begin;
  if (!t.prefix.ends_with("ال")) return t.bare_begin;
  // Keep the article, drop what precedes it (بالتسعينيات → التسعينيات).
  size_t letters = text::CodepointCount(t.prefix) - 2, pos = t.begin;
  while (letters > 0 && pos < t.end) {
    text::DecodeUtf8(body_, pos);
    --letters;
    while (pos < t.end) {
      size_t q = pos;
      char32_t c = text::DecodeUtf8(body_, q);
      if (!((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640)) break;
      pos = q;
    }
  }
  return static_cast<uint32_t>(pos);
}

void Run::AddTime(size_t b, size_t e, const Value& v, bool number_ok, uint32_t begin_byte) {
  TimeExpr t;
  uint32_t bb = begin_byte ? begin_byte : SpanBegin(b);
  uint32_t eb = toks_[e - 1].end;
  t.text = body_.substr(bb, eb - bb);
  t.value = v.value;
  t.precision = v.precision;
  t.start = static_cast<int>(bb);  // bytes for now; converted in Emit
  t.end = static_cast<int>(eb);
  times_.push_back({b, std::move(t)});
  for (size_t k = b; k < e; ++k) {
    info_[k].time = true;
    info_[k].number_ok = number_ok;
  }
}

// ---- Time grammars ---------------------------------------------------------------

size_t Run::CalendarDate(size_t i, Value* v) {
  if (i >= N()) return 0;
  auto it = absolute_at_.find(toks_[i].begin);
  if (it == absolute_at_.end()) return 0;
  const text::DateMatch& m = absolute_[it->second];
  size_t j = i;
  while (j < N() && toks_[j].end < m.end) ++j;
  *v = m.date.day ? DayValue(m.date) : MonthValue(m.date.year, m.date.month);
  return j + 1;
}

// [weekday] day [من] month [/month] [year | الماضي | المقبل | الجاري]
size_t Run::DayMonth(size_t i, Value* v) {
  if (i >= N()) return 0;
  size_t j = i;
  if (IsWordTok(toks_[i]) && text::Weekday(Key(i))) {
    j = i + 1;
    if (j < N() && IsPunctTok(toks_[j]) && (toks_[j].norm == "،"sv || toks_[j].norm == ","sv)) ++j;
  }
  size_t k;
  int d = DayAt(j, &k);
  if (!d) return 0;
  if (NormIs(k, "من") || NormIs(k, "شهر")) ++k;
  if (NormIs(k, "شهر")) ++k;
  size_t e;
  bool hijri = false, standalone = false;
  int m = MonthAt(k, &e, &hijri, &standalone);
  if (!m || hijri) return 0;
  int y = YearAt(e);
  CivilDate anchor = Anchor(i);
  if (y > 0) {
    if (d > text::DaysInMonth(y, m)) return 0;
    *v = DayValue({y, m, d});
    return e + 1;
  }
  if (!has_pub_) return 0;
  const Phrase* rel = nullptr;
  int relw = PhraseAt(e, Cls::kRelMod, &rel);
  int dir = relw ? rel->ivalue : (FutureBefore(i, true) ? 1 : -1);
  CivilDate c{anchor.year, m, d};
  if (d > text::DaysInMonth(c.year, m)) return 0;
  int ca = text::DaysFromCivil(c), pa = text::DaysFromCivil(anchor);
  if (dir < 0 && ca > pa) c.year--;
  if (dir > 0 && ca < pa) c.year++;
  if (d > text::DaysInMonth(c.year, m)) return 0;
  *v = DayValue(c);
  return e + relw;
}

// [edge] [شهر] month [/month] [year | relmod]
size_t Run::Month(size_t i, Value* v) {
  if (i >= N()) return 0;
  size_t j = i;
  bool context = false;
  if (int w = PhraseAt(j, Cls::kEdge)) j += w, context = true;
  if (KeyIs(j, "شهر") || KeyIs(j, "الشهر") || KeyIs(j, "خلال")) ++j, context = true;
  size_t e;
  bool hijri = false, standalone = false;
  int m = MonthAt(j, &e, &hijri, &standalone);
  if (!m) return 0;
  int y = YearAt(e);
  if (y > 0) {
    if (hijri) {
      CivilDate g = text::HijriToGregorian(y, m, 1);
      if (!g.year) return 0;
      *v = MonthValue(g.year, g.month);
    } else {
      *v = MonthValue(y, m);
    }
    return e + 1;
  }
  if (hijri || !has_pub_) return 0;
  const Phrase* rel = nullptr;
  int relw = PhraseAt(e, Cls::kRelMod, &rel);
  if (!relw && !context && !standalone) return 0;
  if (!relw && !standalone && j == i && !KeyIs(i, "شهر")) return 0;
  CivilDate anchor = Anchor(i);
  int dir = relw ? rel->ivalue : (FutureBefore(i, false) ? 1 : -1);
  int yy = anchor.year;
  if (dir < 0 && (m > anchor.month || (relw && m == anchor.month))) yy--;
  if (dir > 0 && (m < anchor.month || (relw && m == anchor.month))) yy++;
  *v = MonthValue(yy, m);
  return e + relw;
}

// [edge] (عام|العام|سنة) YEAR [هـ] ; عامي Y1 و Y2 ; [edge] YEAR after an edge word.
size_t Run::YearExpr(size_t i, Value* v) {
  if (i >= N()) return 0;
  size_t j = i;
  int edge = PhraseAt(j, Cls::kEdge);
  j += edge;
  const std::string& k = Key(j < N() ? j : i);
  bool word = j < N() && (k == "عام"sv || k == "العام"sv || k == "سنه"sv || k == "السنه"sv || k == "عامي"sv ||
                          k == "سنتي"sv || k == "العامين"sv);
  if (word) ++j;
  if (!word && !edge) return 0;
  int y = YearAt(j);
  if (y < 0) return 0;
  bool hijri = NormIs(j + 1, "ه") || NormIs(j + 1, "هجري");
  if (hijri) {
    CivilDate g = text::HijriToGregorian(y, 1, 1);
    if (!g.year) return 0;
    *v = YearValue(g.year);
    return j + 2;
  }
  if (y < 1800) return 0;
  *v = YearValue(y);
  size_t end = j + 1;
  if (NormIs(end, "م") || NormIs(end, "ميلادي")) ++end;
  // عامي 2014 و2016 / بين عامي 2014 و 2016: the second year too.
  if ((k == "عامي"sv || k == "سنتي"sv || k == "العامين"sv) && NormIs(end, "و") && YearAt(end + 1) > 0) {
    AddTime(end + 1, end + 2, YearValue(YearAt(end + 1)));
  }
  return end;
}

// [edge] [هذا] (الأسبوع|الشهر|العام) [relmod] ; edge + period alone = current.
size_t Run::PeriodExpr(size_t i, Value* v) {
  if (i >= N()) return 0;
  if (!has_pub_) return 0;
  size_t j = i;
  int edge = PhraseAt(j, Cls::kEdge);
  j += edge;
  const Phrase* before = nullptr;
  int bw = PhraseAt(j, Cls::kRelModBefore, &before);
  j += bw;
  const Phrase* period = nullptr;
  if (!PhraseAt(j, Cls::kPeriod, &period)) return 0;
  // "الأسبوع" etc. must be written with the article here.
  if (!Key(j).starts_with("ال")) return 0;
  ++j;
  const Phrase* rel = nullptr;
  int relw = PhraseAt(j, Cls::kRelMod, &rel);
  int dir = 0;
  if (relw) dir = rel->ivalue;
  else if (!bw && !edge) return 0;
  if (YearAt(j) > 0) return 0;  // "العام 2020" is YearExpr's
  CivilDate a = Anchor(i);
  if (period->value == "week"sv) {
    CivilDate d = AddDays(a, 7 * dir);
    *v = {IsoWeek(d), "week", {}};
  } else if (period->value == "month"sv) {
    CivilDate m = AddMonths(a, dir);
    *v = MonthValue(m.year, m.month);
  } else {
    *v = YearValue(a.year + dir);
  }
  return j + relw;
}

size_t Run::Decade(size_t i, Value* v) {
  if (i >= N()) return 0;
  size_t j = i;
  j += PhraseAt(j, Cls::kEdge);
  if (KeyIs(j, "عقد")) ++j;
  const Phrase* p = nullptr;
  if (!PhraseAt(j, Cls::kDecade, &p)) return 0;
  ++j;
  int decade = p->ivalue;
  size_t k = j;
  if (NormIs(k, "من")) ++k;
  if (KeyIs(k, "القرن")) {
    if (NormIs(k + 1, "الماضي") || NormIs(k + 1, "العشرين")) j = k + 2;
    else if (NormIs(k + 1, "الحالي") || NormIs(k + 1, "الجاري")) j = k + 2, decade += 100;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%03dX", decade / 10);
  *v = {buf, "decade", {}};
  return j;
}

// season [العام] YEAR | season relmod
size_t Run::Season(size_t i, Value* v) {
  if (i >= N()) return 0;
  const Phrase* s = nullptr;
  if (!PhraseAt(i, Cls::kSeason, &s)) return 0;
  size_t j = i + 1;
  if (KeyIs(j, "العام") || KeyIs(j, "عام") || KeyIs(j, "سنه")) ++j;
  if (int y = YearAt(j); y > 0) {
    *v = YearValue(y);
    return j + 1;
  }
  const Phrase* rel = nullptr;
  if (j == i + 1 && has_pub_ && Key(i).starts_with("ال") && PhraseAt(j, Cls::kRelMod, &rel)) {
    *v = YearValue(Anchor(i).year + rel->ivalue);
    return j + 1;
  }
  return 0;
}

// [partofday] [يوم] [اليوم|أمس|غدا] [يوم] [weekday] [relmod]
size_t Run::DayWords(size_t i, Value* v, bool* deictic, int* offset) {
  if (i >= N()) return 0;
  if (!has_pub_) return 0;
  size_t j = i;
  j += PhraseAt(j, Cls::kPartOfDay);
  if (KeyIs(j, "يوم")) ++j;
  const Phrase* dp = nullptr;
  int dw = PhraseAt(j, Cls::kDeictic, &dp);
  size_t deictic_at = j;
  j += dw;
  if (KeyIs(j, "يوم")) ++j;
  int wd = j < N() && IsWordTok(toks_[j]) ? text::Weekday(Key(j)) : 0;
  // "أحد" without the article is "one of"; "اثنين" is two.
  if (wd && !Key(j).starts_with("ال")) wd = 0;
  if (!dw && !wd) return 0;
  if (dw && !wd) {
    // اليوم الذي / اليوم العالمي / اليوم التالي: not today.
    if (PhraseAt(j, Cls::kAntiDeictic) || PhraseAt(j, Cls::kAnaphoric)) return 0;
    // "روسيا اليوم" as a quoted name: the quote closes right after it.
    int q = info_[deictic_at].quote;
    if (q >= 0 && static_cast<size_t>(q) + 1 < deictic_at && j < N() && IsPunctTok(toks_[j]) &&
        IsCloseQuote(toks_[j].norm) && j - static_cast<size_t>(q) <= 5)
      return 0;
    if (dp->ivalue == 0 && (NormIs(deictic_at, "يوم") || Key(deictic_at) == "يوم"sv)) return 0;
  }
  CivilDate a = Anchor(i);
  if (dw) {
    *deictic = true;
    *offset = dp->ivalue;
    *v = DayValue(AddDays(a, dp->ivalue));
    size_t end = wd ? j + 1 : j;
    return end;
  }
  size_t end = j + 1;
  const Phrase* rel = nullptr;
  int relw = PhraseAt(end, Cls::kRelMod, &rel);
  int aw = text::WeekdayOf(a);
  int delta;
  if ((relw && rel->ivalue > 0) || (!relw && FutureBefore(i, true))) {
    delta = (wd - aw + 7) % 7;
    if (relw && delta == 0) delta = 7;
  } else {
    delta = -((aw - wd + 7) % 7);
    if (relw && rel->ivalue < 0 && delta == 0) delta = -7;
  }
  *v = DayValue(AddDays(a, delta));
  return end + relw;
}

// [في] اليوم (التالي|السابق|نفسه|ذاته) ; نفس/ذات اليوم
size_t Run::Anaphoric(size_t i, Value* v) {
  if (i >= N()) return 0;
  const Phrase* p = nullptr;
  size_t end = 0;
  if ((KeyIs(i, "اليوم")) && PhraseAt(i + 1, Cls::kAnaphoric, &p)) {
    end = i + 2;
  } else if ((KeyIs(i, "نفس") || KeyIs(i, "ذات")) && KeyIs(i + 1, "اليوم")) {
    static const Phrase kSame{Cls::kAnaphoric, 1, 0, ""};
    p = &kSame;
    end = i + 2;
  } else {
    return 0;
  }
  if (!LastDay()) return end;  // not a time, but consumed
  *v = DayValue(AddDays(LastDay()->v.day, p->ivalue));
  return end;
}

// (منذ|قبل) N unit: a point in the past, unless a duration word precedes
// ("المستمر منذ 9 أشهر").
size_t Run::Ago(size_t i, Value* v) {
  if (i >= N()) return 0;
  if (!has_pub_ || !PhraseAt(i, Cls::kAgo)) return 0;
  if (i > 0 && PhraseAt(i - 1, Cls::kDuration)) return 0;
  size_t j = i + 1;
  j += PhraseAt(j, Cls::kApprox);
  int n = IntAt(j, 3);
  if (n >= 0) {
    ++j;
  } else if (j < N() && info_[j].num && info_[j].num->kind == NumKind::kUnit) {
    n = static_cast<int>(info_[j].num->value);
    ++j;
  } else if (j < N() && info_[j].num && info_[j].num->kind == NumKind::kTen &&
             info_[j].num->value == 10) {
    n = 10, ++j;
  }
  const Phrase* u = nullptr;
  if (!PhraseAt(j, Cls::kUnit, &u) || YearAt(j + 1) > 0) return 0;
  if (n < 0) {
    if (u->ivalue == 0) return 0;  // "قبل أيام": vague
    n = u->ivalue;
  }
  if (n <= 0) return 0;
  CivilDate a = Anchor(i);
  if (u->value == "day"sv) *v = DayValue(AddDays(a, -n));
  else if (u->value == "week"sv) *v = {IsoWeek(AddDays(a, -7 * n)), "week", {}};
  else if (u->value == "month"sv) { CivilDate m = AddMonths(a, -n); *v = MonthValue(m.year, m.month); }
  else *v = YearValue(a.year - n);
  return j + 1;
}

// H:MM [ص|م|صباحا|مساء] — attached to the last day mentioned in the sentence.
size_t Run::Clock(size_t i, Value* v) {
  if (i >= N()) return 0;
  if (!has_pub_) return 0;
  size_t j = i;
  if (KeyIs(j, "الساعه")) ++j;
  int h = IntAt(j, 2);
  if (h < 0 || h > 24 || j + 2 >= N() || !NormIs(j + 1, ":")) return 0;
  int mi = IntAt(j + 2, 2);
  if (mi < 0 || mi > 59 || toks_[j + 2].norm.size() != 2) return 0;
  size_t end = j + 3;
  if (NormIs(end, ":") && IntAt(end + 1, 2) >= 0) end += 2;
  if (end < N()) {
    const std::string& w = Key(end);
    if (w == "ص"sv || w == "صباحا"sv || w == "فجرا"sv || w == "am"sv) ++end;
    else if ((w == "م"sv || w == "مساء"sv || w == "ظهرا"sv || w == "pm"sv || w == "عصرا"sv || w == "ليلا"sv) && h < 12) h += 12, ++end;
    else if (w == "م"sv || w == "مساء"sv || w == "pm"sv) ++end;
  }
  CivilDate d = Anchor(i);
  if (LastDay() && info_[LastDay()->begin_tok].sentence == info_[i].sentence) d = LastDay()->v.day;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d", d.Iso().c_str(), h % 24, mi);
  *v = {buf, "minute", {}};
  return end;
}

// "بين 10 و15 سبتمبر" / "10 - 15 سبتمبر": the first day takes the second's month.
size_t Run::Range(size_t i) {
  if (i >= N()) return 0;
  int d1 = IntAt(i, 2);
  if (d1 < 1 || d1 > 31 || i + 2 >= N()) return 0;
  size_t j = i + 1;
  if (!(NormIs(j, "-") || NormIs(j, "و") || KeyIs(j, "الي") || NormIs(j, "حتي"))) return 0;
  ++j;
  Value v2;
  size_t e = DayMonth(j, &v2);
  if (!e) {
    e = CalendarDate(j, &v2);
    if (!e || v2.precision != "day"sv) return 0;
  }
  if (d1 > text::DaysInMonth(v2.day.year, v2.day.month) || d1 >= v2.day.day) return 0;
  CivilDate first{v2.day.year, v2.day.month, d1};
  AddTime(i, i + 1, DayValue(first));
  AddTime(j, e, v2);
  return e;
}

// غداة + a day expression: the day after it.
size_t Run::Ghadat(size_t i, Value* v) {
  if (i >= N()) return 0;
  if (!KeyIs(i, "غداه")) return 0;
  Value inner;
  bool d = false;
  int off = 0;
  size_t e = DayWords(i + 1, &inner, &d, &off);
  if (!e) e = DayMonth(i + 1, &inner);
  if (!e) e = CalendarDate(i + 1, &inner);
  if (!e || inner.precision != "day"sv) return 0;
  *v = DayValue(AddDays(inner.day, 1));
  return e;
}

// A bare year after a preposition ("في 2014", "منذ 2011", "حتى 2025"), not
// followed by what it would count ("في 2000 مقاتل").
size_t Run::BareYear(size_t i, Value* v) {
  if (i >= N()) return 0;
  static constexpr std::string_view kPreps[] = {"في", "منذ", "حتي", "قبل", "بعد", "خلال", "عن", "الي", "من", "و"};
  const std::string& k = Key(i);
  bool prep = false;
  for (auto p : kPreps) prep = prep || k == p;
  if (!prep) return 0;
  int y = YearAt(i + 1);
  if (y < 1900 || y > 2100) return 0;
  size_t n = i + 2;
  if (n < N() && IsWordTok(toks_[n])) {
    const std::string& nk = Key(n);
    if (info_[n].num || lex_.dual_stems.count(nk) || PhraseAt(n, Cls::kUnit)) return 0;
    if (nk.size() >= 4 && lex_.dual_stems.count(nk.substr(0, nk.size() - 4))) return 0;
  }
  if (n < N() && NormIs(n, "%")) return 0;
  *v = YearValue(y);
  return i + 2;
}

void Run::Times() {
  absolute_ = text::FindAbsoluteDates(body_, toks_, /*need_day=*/false);
  for (size_t k = 0; k < absolute_.size(); ++k) absolute_at_[absolute_[k].begin] = k;
  for (size_t i = 0; i < N();) {
    if (toks_[i].kind != TokenKind::kNumber && !info_[i].trigger) { ++i; continue; }
    Value v;
    bool deictic = false;
    int offset = 0;
    size_t e = 0, b = i;
    bool absolute = false, number_ok = false;
    if ((e = Range(i))) { i = e; continue; }
    if (KeyIs(i, "شهر") || KeyIs(i, "يوم") || KeyIs(i, "في")) {
      // "يوم 19 سبتمبر" / "شهر فبراير 2022": the calendar match starts one later.
      if ((e = CalendarDate(i + 1, &v))) absolute = true;
      if (!e) e = 0;
    }
    if (!e && (e = CalendarDate(i, &v))) absolute = true;
    if (e && KeyIs(b, "في")) b = i + 1;
    if (!e && (e = DayMonth(i, &v))) absolute = true;
    if (!e) e = Ghadat(i, &v);
    if (!e) e = Anaphoric(i, &v);
    if (e && v.value.empty()) { i = e; continue; }  // anaphor with no antecedent
    if (!e) e = Decade(i, &v);
    if (!e) e = Month(i, &v);
    if (!e) e = YearExpr(i, &v);
    if (!e) e = PeriodExpr(i, &v);
    if (!e) e = Season(i, &v);
    if (!e) e = DayWords(i, &v, &deictic, &offset);
    if (!e && (e = Ago(i, &v))) number_ok = true;
    if (!e) e = Clock(i, &v);
    if (!e && (e = BareYear(i, &v))) b = i + 1;
    if (!e) { ++i; continue; }
    AddTime(b, e, v, number_ok);
    if (v.precision == "day"sv) {
      Found f{b, e, v, deictic, offset, absolute, false};
      for (size_t k = b; k < e; ++k) f.has_year = f.has_year || YearAt(k) > 0;
      found_.push_back(f);
    }
    i = e;
  }
}

// ---- Numbers ------------------------------------------------------------------------

double ParseDigits(std::string_view s) {
  // "1,500" and "1.500.000" group thousands; "3.5" and "2,5" are decimals.
  auto groups_of_three = [&](char sep) {
    size_t first = s.find(sep);
    if (first == std::string_view::npos || first == 0 || first > 3) return false;
    size_t count = 0;
    for (size_t p = first; p < s.size(); p += 4) {
      if (s[p] != sep || p + 4 > s.size()) return false;
      for (size_t q = p + 1; q < p + 4; ++q)
        if (s[q] < '0' || s[q] > '9') return false;
      ++count;
      if (p + 4 == s.size()) break;
    }
    return count > 0;
  };
  std::string clean;
  if (groups_of_three(',')) {
    for (char c : s) if (c != ',') clean += c;
  } else if (s.find(',') == std::string_view::npos && std::count(s.begin(), s.end(), '.') > 1 &&
             groups_of_three('.')) {
    for (char c : s) if (c != '.') clean += c;
  } else {
    for (char c : s) clean += c == ',' ? '.' : c;
  }
  return std::atof(clean.c_str());
}

// A cardinal in words at i: "ثلاثة" "خمسة وعشرون" "أحد عشر" "مئة وخمسون".
size_t Run::WordNumber(size_t i, double* v) const {
  if (i + 1 < N() && IsWordTok(toks_[i])) {
    // Teens of two words: "أحد عشر", "اثنتا عشرة".
    auto t = lex_.numbers.find(Key(i) + " " + toks_[i + 1].norm);
    if (t != lex_.numbers.end() && t->second.kind == NumKind::kTeen) {
      *v = t->second.value;
      return i + 2;
    }
  }
  if (i >= N() || !info_[i].num) return 0;
  const NumWord& w = *info_[i].num;
  size_t j = i + 1;
  double val = w.value;
  if (w.kind == NumKind::kFraction || w.kind == NumKind::kVague || w.kind == NumKind::kPluralMultiplier) return 0;
  if (w.kind == NumKind::kMultiplier || w.kind == NumKind::kMultiplierDual) {
    *v = val;
    return j;
  }
  if (w.kind == NumKind::kUnit && j < N()) {
    auto t = lex_.numbers.find(Key(i) + " " + toks_[j].norm);
    if (t != lex_.numbers.end() && t->second.kind == NumKind::kTeen) val = t->second.value, ++j;
    else if (NormIs(j, "عشر") || NormIs(j, "عشره")) val += 10, ++j;
  } else if (j < N() && (Key(i) == "احد"sv || Key(i) == "احدي"sv || Key(i) == "اثنا"sv || Key(i) == "اثني"sv ||
                         Key(i) == "اثنتا"sv || Key(i) == "اثنتي"sv)) {
    return 0;
  }
  // "خمسة وعشرون", "مئة وخمسون", "ألف ومئتان": و + a smaller part.
  while (j < N() && toks_[j].prefix == "و"sv && info_[j].num) {
    const NumWord& n2 = *info_[j].num;
    if (n2.kind != NumKind::kUnit && n2.kind != NumKind::kTen && n2.kind != NumKind::kHundred) break;
    if (n2.value >= val && !(w.kind == NumKind::kUnit && n2.kind == NumKind::kTen)) break;
    val += n2.value;
    ++j;
  }
  *v = val;
  return j;
}

// The number proper: digits or words, then a multiplier ("100 ألف", "ثلاثة آلاف",
// "1.5 مليون"). Sets *approx for vague plurals (العشرات، مئات الآلاف).
size_t Run::NumberCore(size_t i, double* v, bool* approx) const {
  size_t j;
  if (i < N() && toks_[i].kind == TokenKind::kNumber) {
    *v = ParseDigits(toks_[i].norm);
    j = i + 1;
  } else if (i < N() && info_[i].num && (info_[i].num->kind == NumKind::kVague ||
                                         info_[i].num->kind == NumKind::kPluralMultiplier)) {
    *v = info_[i].num->value;
    *approx = true;
    j = i + 1;
    // عشرات الآلاف، مئات الملايين
    if (j < N() && info_[j].num && (info_[j].num->kind == NumKind::kVague ||
                                    info_[j].num->kind == NumKind::kPluralMultiplier) &&
        info_[j].num->value >= 1000)
      *v *= info_[j].num->value, ++j;
    return j;
  } else if (i < N() && info_[i].num && info_[i].num->kind == NumKind::kFraction) {
    *v = info_[i].num->value;
    return i + 1;
  } else {
    j = WordNumber(i, v);
    if (!j) return 0;
  }
  while (j < N() && info_[j].num && !info_[j].time) {
    NumKind k = info_[j].num->kind;
    if (k == NumKind::kMultiplier || k == NumKind::kPluralMultiplier) {
      *v *= info_[j].num->value;
      ++j;
    } else {
      break;
    }
  }
  return j;
}

// A dual that counts two: a counted noun's stem + ان/ين, or any stem whose -ين
// is written with a fatha (مدنيَّين); never a referring noun (الطرفان، وزيري).
bool Run::DualAt(size_t i, std::string* singular, bool* whole) const {
  *whole = false;
  if (i >= N() || !IsWordTok(toks_[i])) return false;
  // A written fatha before the ending (ـَين / ـَان) marks the dual whatever the noun.
  bool fatha = false;
  {
    std::string_view orig(body_.data() + toks_[i].begin, toks_[i].end - toks_[i].begin);
    bool in_end = toks_[i].norm.ends_with("ين");
    size_t pos = orig.rfind(in_end ? "\xD9\x8A" : "\xD8\xA7");
    if (pos != std::string_view::npos && pos >= 2 && orig.substr(pos - 2, 2) == "\xD9\x8E"sv) fatha = true;
    if (pos != std::string_view::npos && pos >= 4 && orig.substr(pos - 2, 2) == "\xD9\x91"sv &&
        orig.substr(pos - 4, 2) == "\xD9\x8E"sv)
      fatha = true;  // fatha then shadda
  }
  // The word may start with a letter that looks like a proclitic (لغمين): try
  // every split, the whole word first.
  for (const auto& [prefix, rest] : text::CliticSplits(toks_[i])) {
    bool an = rest.ends_with("ان"), in = rest.ends_with("ين");
    if (!an && !in) continue;
    std::string stem(rest.substr(0, rest.size() - 4));
    if (text::CodepointCount(stem) < 2) continue;
    auto it = lex_.dual_stems.find(stem);
    if (it == lex_.dual_stems.end()) continue;
    if (!it->second.count) return false;
    if (in && it->second.sound_plural && !fatha) return false;
    *singular = it->second.singular;
    *whole = prefix.empty();  // لغمين: the ل belongs to the noun
    return true;
  }
  if (fatha && toks_[i].bare.ends_with("ين") && text::CodepointCount(toks_[i].bare) >= 5) {
    std::string_view b = toks_[i].bare;
    *singular = std::string(b.substr(0, b.size() - 4));
    return true;
  }
  return false;
}

// A noun as a counts value: without the article, otherwise as written (لاجئ,
// not اجئ); a noun glued to a preposition (بحسب) is not counted.
std::string Run::CountsWord(size_t j) const {
  const std::string& p = toks_[j].prefix;
  if (p.empty() || info_[j].whole) return toks_[j].norm;
  if (p.ends_with("ال") || p == "لل"sv) return toks_[j].bare;
  if (p == "و"sv || p == "ف"sv) return toks_[j].bare;
  return toks_[j].norm;  // لاجئ، كيلومترات: the letters belong to the noun
}

// What a number counts: the word right after it, when it is a noun.
std::string Run::CountsAfter(size_t j) const {
  if (j >= N()) return "";
  if (NormIs(j, "%")) return "%";
  if (!IsWordTok(toks_[j]) || info_[j].time) return "";
  static const std::string_view kNot[] = {"من", "في", "علي", "الي", "عن", "او", "و", "ان", "الذي", "التي",
                                          "قد", "لا", "ما", "مع", "بين", "حتي", "منذ", "هو", "هي", "عام",
                                          "حسب", "نحو", "بعد", "قبل", "خلال", "عند", "لدي", "وفق", "اي"};
  const std::string& k = Key(j);
  for (auto n : kNot)
    if (k == n || toks_[j].bare == n) return "";
  if (info_[j].num || PhraseAt(j, Cls::kApproxAfter)) return "";
  return CountsWord(j);
}

size_t Run::NumberAt(size_t i, Num* n) const {
  size_t j = i;
  bool approx = false;
  if (int w = PhraseAt(j, Cls::kApprox)) {
    size_t k = j + w;
    if (k < N() && (toks_[k].kind == TokenKind::kNumber || info_[k].num)) j = k, approx = true;
  }
  if (j < N() && info_[j].time && !info_[j].number_ok) return 0;
  double v = 0;
  size_t e = NumberCore(j, &v, &approx);
  if (!e) {
    std::string singular;
    bool whole = false;
    if (j == i && DualAt(i, &singular, &whole)) {
      *n = {i, i + 1, 2, false, singular, whole ? toks_[i].begin : SpanBegin(i)};
      return i + 1;
    }
    return 0;
  }
  // "واحد" only counts after a noun ("قتيل واحد"), not in "واحد من" or "من جانب واحد".
  if (j < N() && info_[j].num && info_[j].num->kind == NumKind::kUnit && info_[j].num->value == 1 &&
      (j == 0 || NormIs(e, "من") || KeyIs(j - 1, "جانب") || !IsWordTok(toks_[j - 1])))
    return 0;
  // A definite cardinal (الأربعة) counts only after a definite noun
  // ("الشرطيين الأربعة"), not in a name ("مجموعة العشرين").
  const bool definite = info_[j].num && IsWordTok(toks_[j]) && toks_[j].prefix.ends_with("ال") &&
                        info_[j].num->kind != NumKind::kVague;
  const bool after_definite_noun = j > 0 && IsWordTok(toks_[j - 1]) && toks_[j - 1].prefix.ends_with("ال");
  if (j == i && definite && !after_definite_noun) return 0;
  // A fraction is a number only with a marker ("أكثر من نصف").
  if (info_[j].num && info_[j].num->kind == NumKind::kFraction && !approx) return 0;
  size_t end = e;
  if (int w = PhraseAt(end, Cls::kApproxAfter)) approx = true, end += w;
  n->begin_tok = i;
  n->end_tok = end;
  n->value = v;
  n->approximate = approx;
  // "الشرطيين الأربعة": a definite number word after a definite noun counts it.
  n->counts = definite && after_definite_noun ? CountsWord(j - 1) : CountsAfter(e);
  // "15 شخصا تقريبا"
  if (!n->counts.empty() && !approx && end == e) {
    if (int w = PhraseAt(e + 1, Cls::kApproxAfter)) n->approximate = true, n->end_tok = e + 1 + w;
  }
  // "ارتفع عدد القتلى إلى 170"
  if (n->counts.empty()) {
    size_t lo = i > 8 ? i - 8 : 0;
    for (size_t k = i; k-- > lo;) {
      if (info_[k].sentence != info_[i].sentence) break;
      if (KeyIs(k, "عدد") && k + 1 < i && IsWordTok(toks_[k + 1])) {
        n->counts = CountsWord(k + 1);
        break;
      }
    }
  }
  return end;
}

void Run::Numbers() {
  for (size_t i = 0; i < N();) {
    if (IsPunctTok(toks_[i]) || (info_[i].time && !info_[i].number_ok)) { ++i; continue; }
    if (toks_[i].kind != TokenKind::kNumber && !info_[i].trigger && !toks_[i].norm.ends_with("ين") &&
        !toks_[i].norm.ends_with("ان")) {
      ++i;
      continue;
    }
    // A clock time or a digit run glued to a time is not a quantity.
    Num n;
    size_t e = NumberAt(i, &n);
    if (!e) { ++i; continue; }
    if (toks_[n.begin_tok].kind == TokenKind::kNumber && NormIs(e, ":") && IntAt(e + 1, 2) >= 0) {
      i = e + 2;
      continue;
    }
    nums_.push_back(std::move(n));
    i = e;
  }
}

void Run::Emit(std::vector<TimeExpr>* times, std::vector<Number>* numbers) {
  text::CodepointIndex cp(body_);
  std::sort(times_.begin(), times_.end(), [](const auto& a, const auto& b) { return a.second.start < b.second.start; });
  if (times) {
    for (auto& [b, t] : times_) {
      t.start = cp.ToCodepoint(t.start);
      t.end = cp.ToCodepoint(t.end);
      times->push_back(std::move(t));
    }
  }
  if (!numbers) return;
  for (const Num& n : nums_) {
    Number out;
    uint32_t bb = n.begin_byte ? n.begin_byte : SpanBegin(n.begin_tok), eb = toks_[n.end_tok - 1].end;
    out.text = body_.substr(bb, eb - bb);
    out.start = cp.ToCodepoint(bb);
    out.end = cp.ToCodepoint(eb);
    out.value = n.value;
    out.approximate = n.approximate;
    out.counts = n.counts;
    numbers->push_back(std::move(out));
  }
}

void Impl::Tag(const std::string& body, const CivilDate* published, std::vector<TimeExpr>* times,
               std::vector<Number>* numbers, const std::vector<Token>* tokens) const {
  Run run(lex_, body, published, tokens);
  run.Times();
  run.Numbers();
  run.Emit(times, numbers);
}

// An undated article: "أمس" (or "اليوم") in the same or an adjacent sentence as
// an absolute day date of the event; the year comes from the date itself or,
// when it has none, from the only year the text names.
std::optional<CivilDate> Impl::InferPublished(const std::string& body) const {
  Run first(lex_, body, nullptr, nullptr);
  first.Times();
  return InferFrom(first, body);
}

std::optional<CivilDate> Impl::TagUndated(const std::string& body, std::vector<TimeExpr>* times,
                                          std::vector<Number>* numbers, const std::vector<Token>* tokens) const {
  // The undated run InferPublished starts with is what Tag(body, nullptr)
  // would compute: when no date is inferred it is emitted as it is.
  Run first(lex_, body, nullptr, tokens);
  first.Times();
  std::optional<CivilDate> inferred = InferFrom(first, body);
  if (!inferred) {
    first.Numbers();
    first.Emit(times, numbers);
    return std::nullopt;
  }
  Tag(body, &*inferred, times, numbers, &first.tokens());
  return inferred;
}

std::optional<CivilDate> Impl::InferFrom(const Run& first, const std::string& body) const {
  // Tag against a provisional date far in the future so that yearless dates
  // resolve to the year the text itself names.
  const int year = first.NewestYear();
  // No vote without a deictic day word: the provisional run would find none.
  if (!year || !first.AnyDeictic()) return std::nullopt;
  CivilDate provisional{year, 12, 31};
  Run run(lex_, body, &provisional, &first.tokens());
  run.Times();
  std::map<int, int> votes;  // candidate day → count
  const auto& f = run.found();
  const auto& info = run.info();
  for (const auto& d : f) {
    if (!d.deictic || d.deictic_offset > 0) continue;
    int s = info[d.begin_tok].sentence;
    for (const auto& a : f) {
      if (!a.absolute) continue;
      int sa = info[a.begin_tok].sentence;
      if (std::abs(sa - s) > 1) continue;
      votes[text::DaysFromCivil(a.v.day) - d.deictic_offset]++;
    }
  }
  if (votes.size() != 1) return std::nullopt;
  return text::CivilFromDays(votes.begin()->first);
}

}  // namespace

bool PlausibleDateline(const CivilDate& d, const std::string& body) {
  if (!d.year || !d.month || !d.day) return false;
  int newest = INT32_MIN;
  for (const auto& m : text::FindAbsoluteDates(body, /*need_day=*/false)) {
    CivilDate c = m.date;
    if (!c.day) c.day = text::DaysInMonth(c.year, c.month);
    newest = std::max(newest, text::DaysFromCivil(c));
  }
  if (newest == INT32_MIN) return true;
  return text::DaysFromCivil(d) <= newest + 365;
}

Result<std::shared_ptr<const Tagger>> Tagger::Create(const std::string& data_dir) {
  auto lex = Lexicon::Load(data_dir + "/time");
  if (!lex.ok()) return lex.status();
  return std::shared_ptr<const Tagger>(std::make_shared<Impl>(std::move(lex).value()));
}

}  // namespace marsad::time
