// The main text of an HTML page, jusText-style: the page is cut into blocks,
// each classified by length, link density and Arabic stopword density, short
// blocks then take the class of their neighbours. No per-site rules.
// Pure functions over a parsed gumbo tree; thread-safe.
#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string>
#include <unordered_set>
#include <vector>

#include "reader/internal.h"
#include "text/text.h"

namespace marsad::reader::internal {
namespace {

// jusText's defaults.
constexpr size_t kLengthLow = 70, kLengthHigh = 200, kMaxHeadingDistance = 200;
// jusText's stopword thresholds (0.30 / 0.32) fit its own stoplists; with our
// Arabic list and clitics split, a third of real news paragraphs fall below
// 0.30 while menus and link lists are already caught by length and link
// density, so the bounds are lower here.
constexpr double kStopwordsLow = 0.18, kStopwordsHigh = 0.22, kMaxLinkDensity = 0.2;

enum class Cls { kBad, kShort, kNearGood, kGood };

struct Block {
  std::string text;
  size_t chars = 0, link_chars = 0;  // code points, white space collapsed
  bool heading = false, title = false;  // h2-h6; h1 (the page title, never body)
  Cls initial = Cls::kBad, cls = Cls::kBad;
};

bool Dropped(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_FORM: case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_MENU: case GUMBO_TAG_LABEL:
    case GUMBO_TAG_INPUT: case GUMBO_TAG_OPTION: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO:
      return true;
    default:
      return false;
  }
}

bool IsBlock(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_LI: case GUMBO_TAG_DIV:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_TR:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_SECTION: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
    case GUMBO_TAG_PRE: case GUMBO_TAG_FIGURE: case GUMBO_TAG_HR: case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_CENTER: case GUMBO_TAG_CAPTION: case GUMBO_TAG_BODY:
      return true;
    default:
      return false;
  }
}

bool Hidden(const GumboElement& e) {
  if (gumbo_get_attribute(&e.attributes, "hidden")) return true;
  const GumboAttribute* aria = gumbo_get_attribute(&e.attributes, "aria-hidden");
  if (aria && std::strcmp(aria->value, "true") == 0) return true;
  const GumboAttribute* style = gumbo_get_attribute(&e.attributes, "style");
  if (!style) return false;
  std::string s;
  for (const char* p = style->value; *p; ++p)
    if (*p != ' ') s.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(*p))));
  return s.find("display:none") != std::string::npos || s.find("visibility:hidden") != std::string::npos;
}

// Cuts the page into blocks in document order. Iterative: pages may nest deep.
class BlockBuilder {
 public:
  std::vector<Block> Build(const GumboNode* root) {
    struct Frame {
      const GumboNode* node;
      unsigned next_child;
    };
    std::vector<Frame> stack{{root, 0}};
    Enter(root);
    while (!stack.empty()) {
      Frame& f = stack.back();
      const GumboVector* kids = Children(f.node);
      if (!kids || f.next_child >= kids->length) {
        Leave(f.node);
        stack.pop_back();
        continue;
      }
      const auto* child = static_cast<const GumboNode*>(kids->data[f.next_child++]);
      if (Enter(child)) stack.push_back({child, 0});
    }
    Flush();
    return std::move(blocks_);
  }

 private:
  static const GumboVector* Children(const GumboNode* n) {
    if (n->type == GUMBO_NODE_DOCUMENT) return &n->v.document.children;
    if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) return &n->v.element.children;
    return nullptr;
  }

  // Returns true when the node's children are to be visited.
  bool Enter(const GumboNode* n) {
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
      AddText(n->v.text.text);
      return false;
    }
    if (n->type == GUMBO_NODE_DOCUMENT) return true;
    if (n->type != GUMBO_NODE_ELEMENT) return false;  // comments, templates
    const GumboElement& e = n->v.element;
    if (Dropped(e.tag) || Hidden(e)) return false;
    if (e.tag == GUMBO_TAG_BR) {
      // One <br> is a line break inside a paragraph; two in a row end it.
      if (++brs_ >= 2) Flush();
      else pending_space_ = true;
      return false;
    }
    if (IsBlock(e.tag)) {
      Flush();
      heading_depth_ += e.tag >= GUMBO_TAG_H2 && e.tag <= GUMBO_TAG_H6;
      title_depth_ += e.tag == GUMBO_TAG_H1;
    }
    if (e.tag == GUMBO_TAG_A) ++link_depth_;
    return true;
  }

  void Leave(const GumboNode* n) {
    if (n->type != GUMBO_NODE_ELEMENT) return;
    const GumboTag t = n->v.element.tag;
    if (t == GUMBO_TAG_A) --link_depth_;
    if (IsBlock(t)) {
      Flush();
      heading_depth_ -= t >= GUMBO_TAG_H2 && t <= GUMBO_TAG_H6;
      title_depth_ -= t == GUMBO_TAG_H1;
    }
  }

  // Appends with white space (incl. U+00A0) collapsed to one space.
  void AddText(const char* p) {
    for (; *p; ++p) {
      const unsigned char c = *p;
      bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
      if (c == 0xC2 && static_cast<unsigned char>(p[1]) == 0xA0) space = true, ++p;
      if (space) {
        pending_space_ = true;
        continue;
      }
      if (pending_space_ && !cur_.text.empty()) Count(' '), cur_.text.push_back(' ');
      pending_space_ = false;
      brs_ = 0;
      Count(c);
      cur_.text.push_back(static_cast<char>(c));
    }
  }

  void Count(unsigned char c) {
    if ((c & 0xC0) == 0x80) return;  // continuation byte: same code point
    ++cur_.chars;
    if (link_depth_ > 0) ++cur_.link_chars;
  }

  void Flush() {
    if (!cur_.text.empty()) {
      cur_.heading = heading_depth_ > 0;
      cur_.title = title_depth_ > 0;
      blocks_.push_back(std::move(cur_));
    }
    cur_ = Block{};
    pending_space_ = false;
    brs_ = 0;
  }

  std::vector<Block> blocks_;
  Block cur_;
  int link_depth_ = 0, heading_depth_ = 0, title_depth_ = 0, brs_ = 0;
  bool pending_space_ = false;
};

Cls Initial(const Block& b) {
  const double link_density = b.chars ? static_cast<double>(b.link_chars) / b.chars : 0;
  if (b.title || link_density > kMaxLinkDensity) return Cls::kBad;
  if (b.text.find("\xC2\xA9") != std::string::npos) return Cls::kBad;  // ©: a footer line
  if (b.chars < kLengthLow) return b.link_chars > 0 ? Cls::kBad : Cls::kShort;
  const double stop = StopwordDensity(b.text);
  if (stop >= kStopwordsHigh) return b.chars > kLengthHigh ? Cls::kGood : Cls::kNearGood;
  if (stop >= kStopwordsLow) return Cls::kNearGood;
  // Name-heavy news sentences ("وشارك ... مدير وكالة المخابرات المركزية ...")
  // have few stopwords; prose punctuation still marks them as text, and the
  // context pass keeps them only next to good paragraphs.
  if (b.text.find("\xD8\x8C") != std::string::npos || b.text.find(". ") != std::string::npos ||
      (!b.text.empty() && b.text.back() == '.'))
    return Cls::kNearGood;
  return Cls::kBad;
}

// The nearest good or bad block in direction `step` (neargood counts when not
// ignored); beyond the page edge is bad.
Cls Neighbour(const std::vector<Block>& b, size_t i, int step, bool ignore_neargood) {
  for (long k = static_cast<long>(i) + step; k >= 0 && k < static_cast<long>(b.size()); k += step) {
    const Cls c = b[k].cls;
    if (c == Cls::kGood || c == Cls::kBad) return c;
    if (c == Cls::kNearGood && !ignore_neargood) return c;
  }
  return Cls::kBad;
}

bool GoodWithin(const std::vector<Block>& b, size_t i) {
  size_t distance = 0;
  for (size_t j = i + 1; j < b.size() && distance <= kMaxHeadingDistance; ++j) {
    if (b[j].cls == Cls::kGood) return true;
    distance += b[j].chars;
  }
  return false;
}

// jusText's context-sensitive pass (revise_paragraph_classification).
void Revise(std::vector<Block>& b) {
  for (size_t i = 0; i < b.size(); ++i)
    if (b[i].heading && b[i].cls == Cls::kShort && GoodWithin(b, i)) b[i].cls = Cls::kNearGood;
  std::vector<Cls> next(b.size());
  for (size_t i = 0; i < b.size(); ++i) {
    next[i] = b[i].cls;
    if (b[i].cls != Cls::kShort) continue;
    const Cls p = Neighbour(b, i, -1, true), n = Neighbour(b, i, +1, true);
    if (p == Cls::kGood && n == Cls::kGood) next[i] = Cls::kGood;
    else if (p == Cls::kBad && n == Cls::kBad) next[i] = Cls::kBad;
    else if ((p == Cls::kBad && Neighbour(b, i, -1, false) == Cls::kNearGood) ||
             (n == Cls::kBad && Neighbour(b, i, +1, false) == Cls::kNearGood)) next[i] = Cls::kGood;
    else next[i] = Cls::kBad;
  }
  for (size_t i = 0; i < b.size(); ++i) b[i].cls = next[i];
  for (size_t i = 0; i < b.size(); ++i) {
    if (b[i].cls != Cls::kNearGood) continue;
    const bool bad_both = Neighbour(b, i, -1, true) == Cls::kBad && Neighbour(b, i, +1, true) == Cls::kBad;
    next[i] = bad_both ? Cls::kBad : Cls::kGood;
  }
  for (size_t i = 0; i < b.size(); ++i) b[i].cls = next[i];
  for (size_t i = 0; i < b.size(); ++i)
    if (b[i].heading && b[i].cls == Cls::kBad && b[i].initial != Cls::kBad && GoodWithin(b, i))
      b[i].cls = Cls::kGood;
}

// ---- Stopwords ------------------------------------------------------------------
// Normalised (أ إ آ ٱ → ا, ى → ي, ة → ه, no harakat) Arabic function words, plus
// a few English ones for mixed pages.
const std::unordered_set<std::string>& Stopwords() {
  static const auto* set = new std::unordered_set<std::string>{
      "في", "من", "الي", "علي", "عن", "ان", "انه", "انها", "الذي", "التي", "الذين", "اللذين", "اللتين",
      "اللواتي", "اللاتي", "هذا", "هذه", "هذان", "هاتان", "ذلك", "تلك", "هولاء", "اولئك", "هناك", "هنا",
      "كان", "كانت", "كانوا", "يكون", "تكون", "يكن", "قد", "لقد", "لا", "ما", "ماذا", "لم", "لن", "لما",
      "مع", "بين", "بعد", "قبل", "عند", "عندما", "حتي", "كل", "كلا", "او", "ام", "ثم", "هو", "هي", "هم",
      "هما", "هن", "نحن", "انا", "انت", "انتم", "اي", "خلال", "منذ", "حيث", "اذا", "اذ", "لكن", "لكنه",
      "غير", "بعض", "ضمن", "عبر", "امام", "دون", "فيه", "فيها", "فيما", "منه", "منها", "منهم", "عليه",
      "عليها", "عليهم", "اليه", "اليها", "لديه", "لدي", "له", "لها", "لهم", "به", "بها", "بهم", "ايضا",
      "كما", "ليس", "ليست", "تم", "يتم", "مثل", "بل", "الا", "اما", "كيف", "متي", "نحو", "حول", "ذات",
      "وفق", "لدي", "اليوم", "امس", "قال", "قالت", "وقال", "حين", "بينما", "سوف", "لان", "كي", "لكي",
      "جدا", "ضد", "تحت", "فوق", "داخل", "خارج", "عدم", "الذى", "التى", "هذة", "فان", "بان", "اكثر",
      "اقل", "بشكل", "يمكن", "احد", "احدي", "اخري", "اخر", "جميع", "فقط", "مما", "بما", "اجل", "جانب",
      "نفس", "نفسه", "نفسها", "عده", "بسبب", "الان", "اول", "يجب", "كذلك", "وفقا", "تجاه", "ازاء",
      "عدد", "سوي", "كلما", "مدي", "حوالي", "بعدما", "ربما", "انما", "هكذا", "ذاته", "ذاتها", "كافه",
      "معظم", "بعضها", "بعضهم", "كلها", "كلهم", "وسط", "اليهم", "بينهم", "عنه", "عنها", "عنهم", "معه",
      "معها", "معهم", "لنا", "علينا", "منا", "بنا", "فيهم", "لكنها", "لكنهم", "لذلك", "لذا", "اذن",
      "حينما", "طالما", "رغم", "برغم", "بالرغم", "مثلا", "تقريبا", "حاليا", "يقول", "تقول", "اضاف",
      "اوضح", "اكد", "اشار", "ذكر", "يذكر", "اضافه", "بينما", "لدي", "ايه", "هل", "لو", "لولا", "سواء",
      "مازال", "لايزال", "مايزال", "اصبح", "اصبحت", "يوجد", "توجد", "الذي", "هنالك", "كلتا", "اليهما",
      "the", "of", "and", "to", "in", "a", "is", "for", "that", "on", "with", "was", "by", "as", "at"};
  return *set;
}

// Folds one code point for stopword matching; 0 means drop it.
char32_t Fold(char32_t c) {
  switch (c) {
    case U'أ': case U'إ': case U'آ': case U'ٱ': return U'ا';
    case U'ى': return U'ي';
    case U'ة': return U'ه';
    case U'ـ': return 0;
    default: break;
  }
  if ((c >= 0x064B && c <= 0x065F) || c == 0x0670) return 0;  // harakat
  if (c >= 'A' && c <= 'Z') return c - 'A' + 'a';
  return c;
}

bool WordChar(char32_t c) {
  return (c >= 0x0621 && c <= 0x065F) || c == 0x0670 || (c >= 0x0671 && c <= 0x06D3) ||
         (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

constexpr std::string_view kAl = "ال";
constexpr std::string_view kWaw = "و", kFa = "ف", kBa = "ب", kLam = "ل", kKaf = "ك";

// Words and stopwords in one folded word, proclitics counted as words.
void CountWord(std::string_view w, size_t* words, size_t* stops) {
  const auto& sw = Stopwords();
  auto is_stop = [&](std::string_view s) { return sw.count(std::string(s)) > 0; };
  auto letters = [](std::string_view s) { return text::CodepointCount(s); };
  if (is_stop(w)) return ++*words, void(++*stops);
  // و / ف: a conjunction before ال, before a stopword or before an imperfect verb.
  if ((w.starts_with(kWaw) || w.starts_with(kFa)) && letters(w) >= 3) {
    std::string_view rest = w.substr(2);
    const bool verb = letters(w) >= 5 && (rest.starts_with("ي") || rest.starts_with("ت") || rest.starts_with("ن"));
    if (rest.starts_with(kAl) || is_stop(rest) || verb) {
      ++*words, ++*stops;
      w = rest;
      if (is_stop(w)) return ++*words, void(++*stops);
    }
  }
  // ب ل ك before the article (لل = ل + ال with its alef dropped).
  if ((w.starts_with(kBa) || w.starts_with(kKaf)) && w.substr(2).starts_with(kAl) && letters(w) >= 4) {
    ++*words, ++*stops;
  } else if (w.starts_with(kLam) && w.substr(2).starts_with(kLam) && letters(w) >= 4) {
    ++*words, ++*stops;
  }
  ++*words;
}

}  // namespace

double StopwordDensity(std::string_view s) {
  size_t words = 0, stops = 0;
  std::string w;
  for (size_t i = 0; i <= s.size();) {
    char32_t c = i < s.size() ? text::DecodeUtf8(s, i) : (++i, U' ');
    if (WordChar(c)) {
      if (char32_t f = Fold(c)) text::AppendUtf8(w, f);
      continue;
    }
    if (!w.empty()) CountWord(w, &words, &stops);
    w.clear();
  }
  return words ? static_cast<double>(stops) / words : 0;
}

std::string MainText(const GumboNode* root) {
  std::vector<Block> blocks = BlockBuilder().Build(root);
  for (auto& b : blocks) b.cls = b.initial = Initial(b);
  Revise(blocks);
  std::string out;
  auto join = [&](auto keep) {
    for (const auto& b : blocks) {
      if (!keep(b)) continue;
      if (!out.empty()) out.push_back('\n');
      out += b.text;
    }
  };
  join([](const Block& b) { return b.cls == Cls::kGood; });
  // A short brief has no block over length_high, so jusText keeps nothing;
  // its near-good paragraphs are then the best guess at the article.
  if (out.empty()) join([](const Block& b) { return b.initial == Cls::kNearGood; });
  return out;
}

size_t HtmlDepthEstimate(std::string_view h, size_t limit) {
  static const std::unordered_set<std::string> kNoDepth = {
      "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
      "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "rb", "rt", "rp"};
  static const std::unordered_set<std::string> kRawText = {"script", "style", "textarea", "title", "xmp"};
  size_t depth = 0, max_depth = 0;
  size_t i = 0;
  auto lower_name = [&](size_t j, size_t* end) {
    std::string name;
    while (j < h.size() && (std::isalnum(static_cast<unsigned char>(h[j])) || h[j] == '-' || h[j] == ':'))
      name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(h[j++]))));
    *end = j;
    return name;
  };
  while ((i = h.find('<', i)) != std::string_view::npos) {
    ++i;
    if (i >= h.size()) break;
    if (h.substr(i).starts_with("!--")) {
      size_t e = h.find("-->", i);
      i = e == std::string_view::npos ? h.size() : e + 3;
      continue;
    }
    size_t end;
    if (h[i] == '/') {
      if (!lower_name(i + 1, &end).empty() && depth > 0) --depth;
      continue;
    }
    std::string name = lower_name(i, &end);
    if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) continue;
    size_t gt = h.find('>', end);
    if (gt == std::string_view::npos) break;
    i = gt + 1;
    if (kRawText.count(name)) {
      size_t close = h.find("</", i);
      while (close != std::string_view::npos) {
        size_t e2;
        if (lower_name(close + 2, &e2) == name) break;
        close = h.find("</", close + 2);
      }
      i = close == std::string_view::npos ? h.size() : close;
      continue;
    }
    if (h[gt - 1] == '/' || kNoDepth.count(name)) continue;
    max_depth = std::max(max_depth, ++depth);
    if (max_depth >= limit) break;
  }
  return max_depth;
}

}  // namespace marsad::reader::internal
