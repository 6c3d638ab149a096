// The Recognizer: KB automaton, institution composition, cues for names the
// KB lacks, phonetic fallback, the optional statistical tagger, then
// resolution (resolve.cc). Immutable after Create; Find is const and
// thread-safe.
#include "entities/entities.h"

#include <algorithm>
#include <filesystem>

#include "entities/gazetteer.h"
#include "entities/phonetic.h"
#include "entities/resolve.h"

namespace marsad::entities {

using namespace std::string_view_literals;
namespace {

constexpr int64_t kWeakPlaceMinPopulation = 100000;
constexpr size_t kMaxNameTokens = 4;  // unknown names from cues

bool IsWord(const text::Token& t) { return t.kind == text::TokenKind::kWord; }
bool IsNameToken(const text::Token& t) {
  return t.kind == text::TokenKind::kWord || t.kind == text::TokenKind::kLatin;
}
bool IsQuote(const text::Token& t) {
  if (t.kind != text::TokenKind::kPunct) return false;
  static const std::string_view kQuotes[] = {"\"", "«", "»", "“", "”", "„", "'", "‘", "’"};
  for (auto q : kQuotes)
    if (t.norm == q) return true;
  return false;
}
bool IsComma(const text::Token& t) {
  return t.kind == text::TokenKind::kPunct && (t.norm == "،"sv || t.norm == ","sv);
}
// دفاعها، بلادهم: a word with a possessive suffix is not a name.
bool HasPronounSuffix(const text::Token& t) {
  return t.kind == text::TokenKind::kWord && text::CodepointCount(t.norm) > 4 &&
         (t.norm.ends_with("ها") || t.norm.ends_with("هم") || t.norm.ends_with("هما") || t.norm.ends_with("كم"));
}
bool HasArticle(const text::Token& t) {
  return t.norm.starts_with("ال") || t.prefix.ends_with("ال") || t.prefix.ends_with("لل");
}

Span MakeSpan(uint32_t tb, uint32_t te, std::vector<uint32_t> candidates = {}) {
  Span s;
  s.tb = tb;
  s.te = te;
  s.candidates = std::move(candidates);
  return s;
}

struct Match {
  uint32_t end = 0;  // token index after the match; 0 = none
  uint32_t node = NameTrie::kNone;
  uint32_t prefix_bytes = 0;
};

class Scanner {
 public:
  Scanner(const Resources& r, ScannedText& t) : r_(r), t_(t), toks_(t.tokens) {
    t_.covered.assign(toks_.size(), 0);
    t_.adjective_of.assign(toks_.size(), -1);
  }

  void Run() {
    KbPass();
    CuePass();
    NerPass();
  }

 private:
  // Longest trie match starting at token i (first word in any clitic form).
  Match LongestAt(uint32_t i, bool whole_only = false) {
    Match best;
    if (i >= toks_.size() || toks_[i].kind == text::TokenKind::kPunct) return best;
    if (IsWord(toks_[i]) && !whole_only) FirstForms(toks_[i], &forms_);
    else forms_.assign(1, Form{toks_[i].norm, 0});
    for (const Form& f : forms_) {
      uint32_t node = r_.trie->Step(r_.trie->root(), f.text);
      for (uint32_t k = i + 1; node != NameTrie::kNone; ++k) {
        if (!r_.trie->NamesAt(node).empty() && k > best.end) best = {k, node, f.prefix_bytes};
        if (k >= toks_.size()) break;
        node = r_.trie->Step(node, toks_[k].norm);
      }
    }
    return best;
  }

  const KbName& Name(uint32_t n) const { return r_.kb.names()[n]; }
  const KbEntity& Ent(uint32_t e) const { return r_.kb.entities()[e]; }

  void Cover(uint32_t tb, uint32_t te) {
    for (uint32_t k = tb; k < te; ++k) t_.covered[k] = 1;
  }
  void Add(Span s) {
    Cover(s.tb, s.te);
    t_.spans.push_back(std::move(s));
  }

  // ---- KB names and institutions ----
  // What a token may start, from its word alone (memoized per thread: most
  // words of a text start nothing, and the same words recur).
  static constexpr uint8_t kMayStartName = 1, kMayStartPhonetic = 2;
  uint8_t StartFacts(uint32_t i) {
    thread_local base::WordMemo memo;
    const text::Token& t = toks_[i];
    const uint8_t tag = static_cast<uint8_t>(t.kind);
    if (int f = memo.Get(r_.memo_owner, t.norm, tag); f >= 0) return static_cast<uint8_t>(f);
    uint8_t facts = 0;
    if (t.kind != text::TokenKind::kPunct) {
      if (IsWord(t)) FirstForms(t, &forms_);
      else forms_.assign(1, Form{t.norm, 0});
      for (const Form& f : forms_)
        if (r_.trie->Step(r_.trie->root(), f.text) != NameTrie::kNone) facts |= kMayStartName;
    }
    // forms_ holds the word's first forms here (IsWord implies not punctuation).
    if (IsWord(t) && !r_.cues.IsStop(t.norm) && !HasArticle(t)) {
      for (const Form& f : forms_) {
        const std::string key = PhoneticKey(f.text);
        if (key.size() >= 4 && r_.first_word_keys.count(key)) facts |= kMayStartPhonetic;
      }
    }
    memo.Put(t.norm, tag, facts);
    return facts;
  }

  void KbPass() {
    for (uint32_t i = 0; i < toks_.size();) {
      const uint8_t facts = StartFacts(i);
      Match m = facts & kMayStartName ? LongestAt(i) : Match{};
      if (m.end == 0) {
        const uint32_t end = facts & kMayStartPhonetic ? PhoneticAt(i) : 0;
        i = end ? end : i + 1;
        continue;
      }
      i = Consume(i, m);
    }
  }

  // Interprets the match at i; returns the next token to look at.
  uint32_t Consume(uint32_t i, const Match& m) {
    std::vector<uint32_t> entities, surnames, weak;
    int adjective = -1;
    bool head = false;
    for (uint32_t n : r_.trie->NamesAt(m.node)) {
      switch (Name(n).kind) {
        case NameKind::kEntity: entities.push_back(Name(n).target); break;
        case NameKind::kSurname: surnames.push_back(Name(n).target); break;
        case NameKind::kWeakPlace: weak.push_back(Name(n).target); break;
        case NameKind::kAdjective: adjective = static_cast<int>(Name(n).target); break;
        default: head = true; break;
      }
    }
    if (head) {
      if (uint32_t end = Compose(i, m); end) return end;
    }
    if (adjective >= 0 && m.prefix_bytes == 0 && AdjectivePosition(i) &&
        std::find(entities.begin(), entities.end(), static_cast<uint32_t>(adjective)) != entities.end())
      entities.clear();  // "هزيمة أرمينية": the adjective, not the state
    if (!entities.empty()) {
      Add(MakeSpan(i, m.end, Unique(entities)));
      return m.end;
    }
    if (!surnames.empty()) {
      // A surname alone is often a common word too (سلام، كامل، الخميس): it
      // needs a title before it, or the full name in the article (decided in
      // Resolve), unless it is long and cannot be a function word.
      const text::Token& t = toks_[i];
      if (r_.cues.IsStop(t.norm)) return i + 1;
      Span s = MakeSpan(i, m.end, Unique(surnames));
      s.surname = true;
      // "الدكتور أحمد الأنصاري": a title, then a word that goes on into
      // another name, is a given name, not the surname.
      if (m.end >= toks_.size() || !NameLike(m.end, false) || LongestAt(m.end).end != 0) s.role = TitleBefore(i);
      s.needs_full_name = s.role.empty() && !(m.prefix_bytes == 0 && m.end == i + 1 && !HasArticle(t) &&
                                               text::CodepointCount(t.norm) >= 5 && !r_.cues.IsStop(t.norm));
      Add(std::move(s));
      return m.end;
    }
    if (!weak.empty() && AcceptWeak(i, m, weak[0])) {
      Add(MakeSpan(i, m.end, weak));
      return m.end;
    }
    if (adjective >= 0) {
      for (uint32_t k = i; k < m.end; ++k) t_.adjective_of[k] = adjective;
      return m.end;
    }
    return head ? m.end : i + 1;
  }

  static std::vector<uint32_t> Unique(std::vector<uint32_t> v) {
    std::vector<uint32_t> out;
    for (uint32_t x : v)
      if (std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
    return out;
  }

  // Head at [i, m.end) + state: a definite head ("وزارة الدفاع", "الخارجية")
  // takes an agreeing adjective ("الروسية"), "في X" or "بX"; a construct head
  // ("خارجية") takes the state's name. After "وزير" the phrase is the minister's
  // title, not the ministry. Returns the end of the body's name, 0 when none.
  uint32_t Compose(uint32_t i, const Match& m) {
    int inst = -1;
    for (uint32_t n : r_.trie->NamesAt(m.node))
      if (Name(n).kind == NameKind::kHead) inst = static_cast<int>(Name(n).target);
    if (inst < 0) return 0;
    if (i > 0 && CueAt(i - 1).kind == CueKind::kPersonTitle) return 0;
    const std::string_view first = std::string_view(toks_[i].norm).substr(m.prefix_bytes);
    const std::string_view last = m.end - 1 == i ? first : std::string_view(toks_[m.end - 1].norm);
    const bool definite = last.starts_with("ال") || last.starts_with("لل");
    // Feminine singulars (ة) and plurals in ات take a feminine adjective.
    auto feminine = [](std::string_view w) { return w.ends_with("ه") || w.ends_with("ات"); };
    const bool fem_first = feminine(first), fem_last = feminine(last);
    uint32_t end = 0;
    int country = -1;
    Match c = LongestAt(m.end);
    if (c.end != 0) {
      const std::string_view word = toks_[m.end].norm;
      const std::string_view pre = word.substr(0, c.prefix_bytes);
      for (uint32_t n : r_.trie->NamesAt(c.node)) {
        const KbName& nm = Name(n);
        if (definite && nm.kind == NameKind::kAdjective && pre.empty() && c.end == m.end + 1) {
          const bool fem = word.ends_with("يه"), masc = word.ends_with("ي");
          if ((fem && (fem_first || fem_last)) || (masc && (!fem_first || !fem_last))) country = nm.target;
        } else if (nm.kind == NameKind::kEntity && Ent(nm.target).kind == "country"sv) {
          // "وزارة الخارجية بروسيا", "خارجية أذربيجان"; و would start a new phrase.
          if (definite ? (pre == "ب"sv || pre == "ل"sv) : pre.empty()) country = nm.target;
        }
        if (country >= 0) break;
      }
      if (country >= 0) end = c.end;
    }
    if (country < 0 && definite && m.end + 1 < toks_.size() && toks_[m.end].norm == "في"sv) {
      Match c2 = LongestAt(m.end + 1, /*whole_only=*/true);
      for (uint32_t n : c2.end ? r_.trie->NamesAt(c2.node) : std::vector<uint32_t>{}) {
        const KbName& nm = Name(n);
        if (nm.kind == NameKind::kEntity && Ent(nm.target).kind == "country"sv) {
          country = nm.target;
          end = c2.end;
          break;
        }
      }
    }
    if (country < 0) return 0;
    Span s = MakeSpan(i, end);
    s.institution = inst;
    s.inst_country = country;
    s.type = "ORG";
    Add(std::move(s));
    return end;
  }

  // Token i follows a feminine noun or adjective without article ("مسلحة
  // أرمينية"), where a name that is also an adjective (أرمينية، سورية) is one.
  bool AdjectivePosition(uint32_t i) {
    if (i == 0 || !IsWord(toks_[i - 1]) || t_.covered[i - 1]) return false;
    const text::Token& p = toks_[i - 1];
    return p.norm.ends_with("ه") && !HasArticle(p) && !r_.cues.IsStop(p.norm) && !p.norm.starts_with("ب") &&
           CueAt(i - 1).kind == CueKind::kNone;
  }

  // The person title right before token i ("الرئيس", "الرئيس الروسي"), or "".
  std::string TitleBefore(uint32_t i) {
    for (uint32_t back = 1; back <= 2 && back <= i; ++back) {
      const uint32_t k = i - back;
      if (CueAt(k).kind == CueKind::kPersonTitle)
        return std::string(t_.text.substr(toks_[k].bare_begin, toks_[k].end - toks_[k].bare_begin));
      if (t_.adjective_of[k] < 0 && !(IsWord(toks_[k]) && HasArticle(toks_[k]))) break;
    }
    return "";
  }

  // A gazetteer-only name needs more evidence than a KB name: GeoNames has
  // towns named like ordinary words (مدينة = Medina, عالية = Aley). Cue
  // words never match; a single word needs a place cue before it, or a big
  // population and a shape unlike adjectives and function words.
  bool AcceptWeak(uint32_t i, const Match& m, uint32_t entity) {
    const text::Token& t = toks_[i];
    const std::string_view rest = std::string_view(t.norm).substr(m.prefix_bytes);
    if (CueAt(i).kind != CueKind::kNone || r_.cues.Find(rest).kind != CueKind::kNone || r_.cues.IsStop(rest))
      return false;
    if (i > 0 && PlaceCueAt(i - 1)) return true;
    if (m.end - i >= 2) return true;
    return Ent(entity).population >= kWeakPlaceMinPopulation && !HasArticle(t) && !rest.ends_with("يه") &&
           text::CodepointCount(rest) >= 4 && !r_.cues.IsStop(t.norm);
  }

  // ---- Cues ----
  Cue CueAt(uint32_t i) {
    if (i >= toks_.size() || !IsWord(toks_[i])) return {};
    Cue c = r_.cues.Find(toks_[i].norm);
    if (c.kind != CueKind::kNone) return c;
    for (const auto& [prefix, rest] : text::CliticSplits(toks_[i])) {
      if (prefix.empty() || prefix.ends_with("ال") || prefix.ends_with("لل")) continue;
      c = r_.cues.Find(rest);
      if (c.kind != CueKind::kNone) return c;
    }
    return {};
  }
  bool PlaceCueAt(uint32_t i) {
    CueKind k = CueAt(i).kind;
    return k == CueKind::kPlace || k == CueKind::kPlaceNamed;
  }

  // A word that may be part of a name the KB lacks.
  bool NameLike(uint32_t k, bool allow_article) {
    if (k >= toks_.size() || !IsNameToken(toks_[k]) || t_.covered[k]) return false;
    const text::Token& t = toks_[k];
    if (r_.cues.IsStop(t.norm) || CueAt(k).kind != CueKind::kNone) return false;
    if (IsWord(t) && r_.cues.IsStop(t.bare)) return false;
    if (!allow_article && HasArticle(t)) return false;
    // Tanween marks an indefinite common word (مشيراً، جنوداً), never a name.
    if (t_.text.substr(t.begin, t.end - t.begin).find("\u064B") != std::string_view::npos) return false;
    return text::CodepointCount(t.norm) >= 2;
  }

  // Index of the span covering token k, -1 when none.
  int SpanAt(uint32_t k) const {
    for (size_t s = 0; s < t_.spans.size(); ++s)
      if (t_.spans[s].tb <= k && k < t_.spans[s].te) return static_cast<int>(s);
    return -1;
  }

  void CuePass() {
    for (uint32_t i = 0; i < toks_.size(); ++i) {
      if (t_.covered[i]) continue;
      Cue c = CueAt(i);
      switch (c.kind) {
        case CueKind::kPersonTitle: PersonCue(i); break;
        case CueKind::kPlace: NamedAfter(i, c, /*include_head=*/false, /*article=*/false, 2); break;
        case CueKind::kPlaceNamed: NamedAfter(i, c, true, false, 2); break;
        case CueKind::kOutlet: NamedAfter(i, c, false, false, 3); break;
        case CueKind::kGroup: NamedAfter(i, c, true, true, 2); break;
        default: break;
      }
    }
  }

  // "الرئيس التركي رجب طيب أردوغان", "المتحدث باسم الوزارة، أرتسرون أوفانيسيان،":
  // after the title, modifiers (adjectives, ال-words, known names) may come
  // before the name; any other word sends us to the next comma (apposition).
  void PersonCue(uint32_t i) {
    const std::string role(t_.text.substr(toks_[i].bare_begin, toks_[i].end - toks_[i].bare_begin));
    uint32_t j = i + 1;
    bool apposition = false, found = false;
    for (; j < toks_.size() && j < i + 12 && !found; ++j) {
      const text::Token& t = toks_[j];
      if (IsComma(t)) {
        apposition = found = true;
        break;
      }
      if (t.kind == text::TokenKind::kPunct) return;  // sentence end, quote, colon
      if (int s = SpanAt(j); s >= 0) {
        Span& sp = t_.spans[s];
        if (!sp.candidates.empty() && Ent(sp.candidates[0]).type == "PERSON"sv) {
          if (sp.role.empty()) sp.role = role;
          return;
        }
        j = sp.te - 1;
        continue;
      }
      if (t_.adjective_of[j] >= 0 || HasArticle(t)) continue;
      if (NameLike(j, false) && !t.prefix.starts_with("ل") && !t.prefix.starts_with("ب") && LongestAt(j).end == 0) {
        found = true;
        break;
      }
      // A function word or a common noun: the name, if any, follows a comma.
      uint32_t k = j;
      while (k < toks_.size() && k < i + 14 && !IsComma(toks_[k]) &&
             !(toks_[k].kind == text::TokenKind::kPunct && !IsQuote(toks_[k])))
        ++k;
      if (k >= toks_.size() || !IsComma(toks_[k])) return;
      j = k;
      apposition = found = true;
      break;
    }
    if (!found) return;
    if (apposition) ++j;
    if (j >= toks_.size()) return;
    if (int s = SpanAt(j); s >= 0) {
      Span& sp = t_.spans[s];
      if (!sp.candidates.empty() && Ent(sp.candidates[0]).type == "PERSON"sv && sp.role.empty()) sp.role = role;
      return;
    }
    // Arabic compound names: after عبد/أبو/بن the next word may be definite
    // (عبد الله، أبو بكر، بن سلمان).
    auto connector = [&](uint32_t k) {
      static const std::string_view kConnectors[] = {"عبد", "ابو", "بن", "ابن", "بنت", "ال", "ام", "ذو"};
      return std::find(std::begin(kConnectors), std::end(kConnectors), toks_[k].norm) != std::end(kConnectors);
    };
    uint32_t e = j;
    while (e < toks_.size() && e < j + 4 && !HasPronounSuffix(toks_[e]) &&
           (NameLike(e, false) || (e > j && connector(e - 1) && NameLike(e, true)) ||
            (e > j && connector(e) && e + 1 < toks_.size())))
      ++e;
    while (e > j && connector(e - 1)) --e;
    if (e == j) return;
    // "أرميني غريغوريان": a known surname after an unknown first name is
    // part of this (new) name, not the KB person.
    if (int s = SpanAt(e); s >= 0 && t_.spans[s].surname && t_.spans[s].tb == e && t_.spans[s].te == e + 1) {
      t_.spans.erase(t_.spans.begin() + s);
      t_.covered[e] = 0;
      ++e;
    }
    // An apposition ends at punctuation or a stop word; a name run into the
    // next clause ("، إن ...") is not a name.
    if (apposition && e < toks_.size() && toks_[e].kind != text::TokenKind::kPunct &&
        !r_.cues.IsStop(toks_[e].norm) && !r_.cues.IsStop(toks_[e].bare) && !t_.covered[e])
      return;
    Span sp = MakeSpan(j, e);
    sp.type = "PERSON";
    sp.norm = SpanNorm(t_, j, e, 0);
    sp.role = role;
    Add(std::move(sp));
  }

  // "مدينة شوشا", "ممر لاتشين", "قناة «روسيا اليوم»", "مجموعة العشرين".
  void NamedAfter(uint32_t i, const Cue& c, bool include_head, bool article_first, size_t max_tokens) {
    uint32_t j = i + 1;
    if (j < toks_.size() && IsQuote(toks_[j])) {
      // A quoted name is taken whole, even over KB names inside it
      // (قناة "روسيا اليوم" is a channel, not Russia), unless it is one KB
      // name of a matching kind.
      uint32_t k = j + 1;
      while (k < toks_.size() && k < j + 6 && IsNameToken(toks_[k])) ++k;
      if (k >= toks_.size() || k == j + 1 || !IsQuote(toks_[k])) return;
      int s = SpanAt(j + 1);
      if (s >= 0 && t_.spans[s].tb == j + 1 && t_.spans[s].te == k && !t_.spans[s].candidates.empty() &&
          (Ent(t_.spans[s].candidates[0]).type == "ORG"sv) == (std::string_view(c.type) == "ORG"sv))
        return;
      Claim(include_head ? i : j + 1, k, c.type);
      return;
    }
    if (j < toks_.size() && t_.covered[j]) {
      // "مجموعة مينسك": a group head turns a following place name into an organisation.
      int s = SpanAt(j);
      if (c.kind != CueKind::kGroup || s < 0 || t_.spans[s].tb != j || t_.spans[s].candidates.empty()) return;
      const std::string& ty = Ent(t_.spans[s].candidates[0]).type;
      if (ty != "GPE"sv && ty != "LOC"sv) return;
      Claim(i, t_.spans[s].te, c.type);
      return;
    }
    // "مجموعة متنوعة", "مركز ثقافي", "قاعدة عسكرية": an indefinite word that
    // agrees with the head is an adjective, not a name.
    if (include_head && j < toks_.size() && !HasArticle(toks_[j])) {
      const std::string_view head = toks_[i].norm, w = toks_[j].norm;
      if (head.ends_with("ه") ? w.ends_with("ه") : w.ends_with("ي")) return;
    }
    uint32_t e = j;
    while (e < toks_.size() && e - j < max_tokens && NameLike(e, article_first && e == j) &&
           !toks_[e].prefix.starts_with("و") && !toks_[e].prefix.starts_with("ف")) {
      ++e;
      if (HasArticle(toks_[e - 1])) break;  // "نادي الهلال" ends at the definite word
    }
    if (e == j) return;
    Span sp = MakeSpan(include_head ? i : j, e);
    sp.type = c.type;
    sp.norm = SpanNorm(t_, sp.tb, e, include_head ? 0 : toks_[j].bare_begin - toks_[j].begin);
    if (!include_head) sp.norm = SpanNorm(t_, j, e, 0);
    Add(std::move(sp));
  }

  // Replaces the spans inside [tb, te) by one unknown name of `type`.
  void Claim(uint32_t tb, uint32_t te, const char* type) {
    std::erase_if(t_.spans, [&](const Span& s) { return s.tb >= tb && s.te <= te; });
    for (const Span& s : t_.spans)
      if (s.tb < te && s.te > tb) return;  // overlaps a name that goes on: leave it
    Span sp = MakeSpan(tb, te);
    sp.type = type;
    sp.norm = SpanNorm(t_, tb, te, 0);
    Add(std::move(sp));
  }

  // ---- Spellings of multi-word KB names that the KB does not list ----
  // Spellings of multi-word people and places the KB does not list, tried
  // where the trie found nothing: the first word's key must equal the KB
  // name's first word's, and the whole key must agree (one edit allowed from
  // kLongKey letters on). Short keys collide with ordinary words. Returns the
  // end of the match, 0 when none.
  uint32_t PhoneticAt(uint32_t i) {
    constexpr size_t kLongKey = 8;
    if (!IsWord(toks_[i]) || r_.cues.IsStop(toks_[i].norm) || HasArticle(toks_[i])) return 0;
    FirstForms(toks_[i], &forms_);
    uint32_t best_end = 0, best_entity = 0;
    for (const Form& f : forms_) {
      const std::string first = PhoneticKey(f.text);
      // A first word of three consonants or fewer collides with ordinary
      // words ("قذائف" and "جوزيف" share one key): too weak to start a name.
      if (first.size() < 4) continue;
      auto it = r_.first_word_keys.find(first);
      if (it == r_.first_word_keys.end()) continue;
      // Keys of the form joined with the next one to four words, once for all
      // candidate names.
      std::vector<std::string> joined_keys;
      std::string joined = f.text;
      for (uint32_t k = i + 1; k < toks_.size() && k < i + 5; ++k) {
        if (!IsWord(toks_[k]) || r_.cues.IsStop(toks_[k].norm)) break;
        joined += ' ';
        joined += toks_[k].norm;
        joined_keys.push_back(PhoneticKey(joined));
      }
      for (uint32_t n : it->second) {
        const KbName& name = Name(n);
        const std::string& key = r_.name_key[n];
        for (size_t w = 0; w < joined_keys.size(); ++w) {
          const std::string& jk = joined_keys[w];
          const uint32_t k = i + 1 + static_cast<uint32_t>(w);
          const bool ok = jk == key || (key.size() >= kLongKey && jk.size() >= kLongKey && KeysMatch(jk, key));
          if (k + 1 > best_end && ok) {
            best_end = k + 1;
            best_entity = name.target;
          }
        }
      }
    }
    if (best_end != 0) Add(MakeSpan(i, best_end, {best_entity}));
    return best_end;
  }

  // Tagger spans (PER/ORG/LOC) over words no KB name or cue claimed, when
  // the tagger is confident enough; stop words at the edges are trimmed.
  void NerPass() {
#ifdef MARSAD_ENTITIES_HAVE_NER
    if (!r_.ner || toks_.empty()) return;
    std::vector<std::span<const text::Token>> sentences;
    std::vector<uint32_t> offset;
    uint32_t k = 0;
    std::vector<text::Range> own;
    if (!t_.sentences) own = text::SplitSentences(t_.text);
    for (const text::Range& range : t_.sentences ? *t_.sentences : own) {
      while (k < toks_.size() && toks_[k].end <= range.begin) ++k;
      offset.push_back(k);
      const uint32_t first = k;
      while (k < toks_.size() && toks_[k].begin < range.end) ++k;
      sentences.emplace_back(toks_.data() + first, k - first);
    }
    const auto tagged = r_.ner->TagDocument(sentences);
    for (size_t s = 0; s < tagged.size() && s < offset.size(); ++s) {
      for (const NerSpan& ns : tagged[s]) {
        if (ns.score < r_.ner_min_score) continue;
        const char* type = ns.type == "PER"sv ? "PERSON" : ns.type == "ORG"sv ? "ORG" : ns.type == "LOC"sv ? "GPE" : nullptr;
        if (!type) continue;
        uint32_t tb = offset[s] + ns.begin_token, te = offset[s] + ns.end_token;
        while (tb < te && (r_.cues.IsStop(toks_[tb].norm) || !IsNameToken(toks_[tb]))) ++tb;
        while (te > tb && (r_.cues.IsStop(toks_[te - 1].norm) || !IsNameToken(toks_[te - 1]))) --te;
        if (tb >= te || te > toks_.size()) continue;
        if (te - tb == 1 && ns.type == "LOC"sv && r_.ner->CommonPlaceWord(toks_[tb])) continue;
        bool free = true;
        for (uint32_t j = tb; j < te; ++j) free &= !t_.covered[j];
        if (!free) continue;
        Span sp = MakeSpan(tb, te);
        sp.type = type;
        sp.norm = SpanNorm(t_, tb, te, 0);
        sp.tagger = true;
        Add(std::move(sp));
      }
    }
#endif
  }

  const Resources& r_;
  ScannedText& t_;
  std::span<const text::Token> toks_;
  std::vector<Form> forms_;
};

class KbRecognizer : public Recognizer {
 public:
  explicit KbRecognizer(std::shared_ptr<const Resources> r) : r_(std::move(r)) {}
  std::vector<Entity> Find(const std::string& title, const std::string& body,
                           const std::vector<text::Token>* body_tokens,
                           const std::vector<text::Range>* body_sentences) const override {
    ScannedText t, b;
    t.text = title;
    t.is_title = true;
    t.own_tokens = text::Tokenize(title);
    t.tokens = t.own_tokens;
    b.text = body;
    if (!body_tokens) b.own_tokens = text::Tokenize(body);
    b.tokens = body_tokens ? std::span<const text::Token>(*body_tokens) : std::span<const text::Token>(b.own_tokens);
    b.sentences = body_sentences;
    Scanner(*r_, t).Run();
    Scanner(*r_, b).Run();
    return Resolve(*r_, t, b);
  }
  std::vector<std::string> Warnings() const override { return r_->warnings; }

 private:
  std::shared_ptr<const Resources> r_;
};

}  // namespace

std::string SpanNorm(const ScannedText& t, uint32_t tb, uint32_t te, uint32_t first_prefix_bytes) {
  std::string out;
  for (uint32_t k = tb; k < te && k < t.tokens.size(); ++k) {
    if (!out.empty()) out.push_back(' ');
    std::string_view n = t.tokens[k].norm;
    if (k == tb) n.remove_prefix(std::min<size_t>(first_prefix_bytes, n.size()));
    out += n;
  }
  return out;
}

// A KB organisation of a state whose English name starts with an institution's
// ("Presidential Administration of Russia") is that institution of that state.
static void LinkInstitutions(Resources& r) {
  const auto& ents = r.kb.entities();
  const auto& insts = r.kb.institutions();
  for (uint32_t e = 0; e < ents.size(); ++e) {
    if (ents[e].type != "ORG"sv || ents[e].country.empty()) continue;
    const int country = r.kb.Country(ents[e].country);
    if (country < 0) continue;
    const std::string& en = ents[e].name_en;
    for (uint32_t i = 0; i < insts.size(); ++i) {
      const std::string& h = insts[i].head_en;
      if (!en.starts_with(h) || (en.size() > h.size() && en[h.size()] != ' ')) continue;
      r.institution_entity.emplace(static_cast<uint64_t>(i) << 32 | static_cast<uint32_t>(country), e);
    }
  }
}

static Result<std::shared_ptr<const Resources>> BuildResources(const std::string& data_dir, const RecognizerOptions& opts) {
  const std::string& gazetteer = opts.gazetteer;
  auto r = std::make_shared<Resources>();
  auto kb = KnowledgeBase::Load(data_dir + "/kb");
  if (!kb.ok()) return kb.status();
  r->kb = std::move(kb).value();
  std::error_code ec;
  if (!gazetteer.empty() && std::filesystem::is_regular_file(gazetteer, ec)) {
    auto places = LoadGazetteerIndex(gazetteer);
    if (!places.ok()) return places.status();
    r->kb.AddGazetteer(*places);
  }
  r->kb.Finish();
#ifdef MARSAD_ENTITIES_HAVE_NER
  if (!opts.ner_model.empty() && std::filesystem::is_regular_file(opts.ner_model, ec)) {
    auto model = NerModel::Load(opts.ner_model);
    if (model.ok()) r->ner = *model;
    else if (opts.ner_required) return model.status();
    else r->warnings.push_back(model.status().message() + " (recognising without the NER model)");
  }
#endif
  r->trie = std::make_unique<NameTrie>(r->kb.names());
  const auto& names = r->kb.names();
  for (uint32_t n = 0; n < names.size(); ++n) {
    const KbName& nm = names[n];
    if (nm.kind != NameKind::kEntity && nm.kind != NameKind::kSurname) continue;
    // Surnames alone only when distinctive: short keys of Arabic words
    // collide (محمود ~ محمد).
    const std::string key = PhoneticKey(nm.norm);
    if (key.size() >= (nm.kind == NameKind::kSurname ? kFuzzyKeyLength : 3))
      r->name_keys.Add(key, nm.target, LastWordKey(nm.norm));
    // Transliteration varies for people and places; organisation names are
    // Arabic words, and words starting with the article collide with ordinary
    // phrases (التعاون الثنائي ~ الوطن السعودية).
    const std::string& type = r->kb.entities()[nm.target].type;
    if (nm.kind != NameKind::kEntity || nm.norm.find(' ') == std::string::npos || key.size() < kFuzzyKeyLength ||
        type == "ORG"sv || nm.norm.starts_with("ال"))
      continue;
    const std::string first = PhoneticKey(nm.norm.substr(0, nm.norm.find(' ')));
    if (first.size() >= 2) {
      r->first_word_keys[first].push_back(n);
      if (r->name_key.size() <= n) r->name_key.resize(names.size());
      r->name_key[n] = key;
    }
  }
  LinkInstitutions(*r);
  return std::shared_ptr<const Resources>(std::move(r));
}

Result<std::shared_ptr<const Recognizer>> Recognizer::Create(const std::string& data_dir,
                                                              const RecognizerOptions& opts) {
  auto r = BuildResources(data_dir, opts);
  if (!r.ok()) return r.status();
  return std::shared_ptr<const Recognizer>(std::make_shared<KbRecognizer>(*r));
}

Result<std::shared_ptr<const Recognizer>> Recognizer::Create(const std::string& data_dir) {
  RecognizerOptions opts;
  opts.gazetteer = DefaultGazetteerPath();
  opts.ner_model = data_dir + "/ner/model.bin";
  return Create(data_dir, opts);
}

}  // namespace marsad::entities
