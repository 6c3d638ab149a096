// Event extraction: triggers from data/events matched on clitic-split tokens,
// the sentence context deciding whether a trigger is an event and with which
// polarity; arguments from the sentence's entities by Arabic word order and
// cues; date from the time expression of the trigger's own clause; casualties
// from the counts attached to the trigger; then a within-article merge of
// mentions of one happening. Extract keeps no state between calls: one
// Extractor serves all threads.
#include "events/events.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "events/lexicon.h"
#include "text/calendar.h"
#include "text/text.h"

namespace marsad::events {

using namespace std::string_view_literals;
namespace {

using text::Token;

struct Span {
  int tb = 0, te = 0;  // token range [tb, te)
  int entity = -1;     // index into doc.entities
};

// Per-document token view: tokens of the body with code point offsets and
// the entity each token belongs to.
struct DocView {
  const Document& doc;
  const std::vector<Token>& toks;  // Tokenize(doc.body), owned by the caller of BuildView
  std::vector<int> cp_begin, cp_end;  // code point offsets of tokens
  std::vector<int> ent;               // entity index per token, -1 none
  std::vector<Span> mentions;         // entity mentions in token units, sorted
  std::vector<std::pair<int, int>> sentences;  // token ranges
  std::vector<std::array<std::string, 2>> ent_first;  // first word of the entity's name and of its shortest mention, normalized
};

// The proclitics before a name in its first token: the tokenizer takes the
// ب of "باكو" or "بيروت" for one, the entity's own name says it is not.
std::string_view MentionPrefix(const DocView& v, const Span& m) {
  const Token& t = v.toks[m.tb];
  for (const std::string& first : v.ent_first[m.entity])
    if (!first.empty() && t.norm.size() >= first.size() &&
        t.norm.compare(t.norm.size() - first.size(), first.size(), first) == 0)
      return std::string_view(t.norm).substr(0, t.norm.size() - first.size());
  return t.prefix;
}

bool IsPlaceType(const std::string& t) { return t == "GPE"sv || t == "LOC"sv || t == "FAC"sv; }
bool IsCountry(const Entity& e) { return e.id.rfind("country:", 0) == 0; }

// Location prepositions that introduce a place (normalized, clitics kept).
bool IsLocationPrep(const Token& t) {
  static const std::set<std::string> k = {"في", "قرب", "بالقرب", "داخل", "شمال", "جنوب", "شرق",
                                          "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "محيط", "ضواحي",
                                          "وسط", "مدينه", "بلده", "قريه", "اقليم", "منطقه", "محافظه",
                                          "عاصمه", "العاصمه", "بمدينه", "ببلده", "باقليم", "بمنطقه",
                                          "الي", "نحو", "عند", "قباله", "مخيم", "حي", "ريف", "فوق", "اجواء"};
  return k.count(t.norm) > 0;
}

bool IsPreposition(const Token& t) {
  static const std::set<std::string> k = {"من", "الي", "علي", "عن", "مع", "في", "ضد", "لدي", "نحو",
                                          "حول", "بشان", "تجاه", "لصالح", "عبر", "منذ", "بين"};
  return k.count(t.norm) > 0;
}

// Words that open a relative or subordinate clause: a time expression behind
// one of them dates that clause's own verb, not a trigger before it.
bool IsClauseOpener(const Token& t) {
  static const std::set<std::string> k = {"التي", "الذي", "الذين", "اللذين", "اللتين", "اللواتي", "والتي",
                                          "والذي", "والذين", "بعدما", "وبعدما", "عندما", "حينما", "بينما",
                                          "قبلما", "ريثما"};
  return k.count(t.norm) > 0;
}

// ل + an event noun is a purpose or a complement ("لبحث"، "انتهاك ...
// للاتفاقات"), except after verbs of undergoing and "scene of" ("تعرض
// لإطلاق نار"، "كانت مسرحاً لحرب"), where it names what happened.
bool UndergoesNext(const Token& t) {
  static const std::set<std::string> k = {"تعرض", "يتعرض", "تتعرض", "تعرضت", "تعرضوا", "يتعرضون", "مسرحا",
                                          "مسرح", "ساحه", "ضحيه", "ضحايا", "عرضه"};
  return k.count(t.bare) > 0 || k.count(t.norm) > 0;
}

DocView BuildView(const Document& doc, const std::vector<Token>& toks, const std::vector<text::Range>& sentences) {
  DocView v{doc, toks, {}, {}, {}, {}, {}, {}};
  v.ent_first.reserve(doc.entities.size());
  for (const auto& e : doc.entities) {
    auto first_word = [](std::string_view s) {
      std::string n = text::NormalizeString(s.substr(0, s.find(' ')));
      return n;
    };
    std::string_view shortest;
    for (const auto& m : e.mentions) {
      std::string_view w = std::string_view(m.text).substr(0, m.text.find(' '));
      if (shortest.empty() || w.size() < shortest.size()) shortest = w;
    }
    v.ent_first.push_back({first_word(e.name), first_word(shortest)});
  }
  text::CodepointCursor idx(doc.body);  // tokens are in text order
  v.cp_begin.resize(v.toks.size());
  v.cp_end.resize(v.toks.size());
  for (size_t i = 0; i < v.toks.size(); ++i) {
    v.cp_begin[i] = idx.ToCodepoint(v.toks[i].begin);
    v.cp_end[i] = idx.ToCodepoint(v.toks[i].end);
  }
  v.ent.assign(v.toks.size(), -1);
  for (size_t e = 0; e < doc.entities.size(); ++e) {
    for (const auto& m : doc.entities[e].mentions) {
      auto lo = std::lower_bound(v.cp_end.begin(), v.cp_end.end(), m.start + 1) - v.cp_end.begin();
      int tb = static_cast<int>(lo), te = tb;
      while (te < static_cast<int>(v.toks.size()) && v.cp_begin[te] < m.end) ++te;
      if (te <= tb) continue;
      for (int k = tb; k < te; ++k) v.ent[k] = static_cast<int>(e);
      v.mentions.push_back({tb, te, static_cast<int>(e)});
    }
  }
  std::sort(v.mentions.begin(), v.mentions.end(), [](const Span& a, const Span& b) { return a.tb < b.tb; });
  size_t t = 0;
  for (const auto& r : sentences) {
    while (t < v.toks.size() && v.toks[t].end <= r.begin) ++t;
    size_t b = t;
    while (t < v.toks.size() && v.toks[t].begin < r.end) ++t;
    if (t > b) v.sentences.push_back({static_cast<int>(b), static_cast<int>(t)});
  }
  return v;
}

struct Cue {
  int tb, te;
  const CueInfo* info;
};

std::vector<Cue> FindCues(const Lexicon& lex, const DocView& v, int sb, int se) {
  std::vector<Cue> out;
  for (int i = sb; i < se;) {
    const CueInfo* info = nullptr;
    int len = lex.cues.Match(v.toks, i, &info);
    if (len > 0) {
      out.push_back({i, i + len, info});
      i += len;
    } else {
      ++i;
    }
  }
  return out;
}

// A mention used as a subject/object: not behind a preposition, not a place
// introduced by a location preposition.
bool Prepositional(const DocView& v, const Span& m) {
  std::string_view prefix = MentionPrefix(v, m);
  // "الطيران الحربي التابع للجيش السوداني": the owner of the force acts.
  if (m.tb > 0) {
    const std::string& prev = v.toks[m.tb - 1].bare;
    if (prev == "تابع"sv || prev == "تابعه"sv || prev == "تابعين"sv || prev == "تابعون"sv) return false;
  }
  if (prefix.find("\u0628") != std::string::npos ||  // ب
      prefix.find("\u0644") != std::string::npos ||  // ل
      prefix.find("\u0643") != std::string::npos)    // ك
    return true;
  int p = m.tb - 1;
  return p >= 0 && IsPreposition(v.toks[p]);
}

bool LocationSlot(const DocView& v, const Span& m) {
  const Entity& e = v.doc.entities[m.entity];
  if (!IsPlaceType(e.type)) return false;
  if (MentionPrefix(v, m).find("\u0628") != std::string::npos) return true;  // بكاراباخ
  if (m.te - m.tb > 1 && IsLocationPrep(v.toks[m.tb])) return true;          // "مدينة شوشا" as one name
  // "قرب الحدود مع كوريا الجنوبية": the neighbour, not the place.
  if (m.tb >= 2 && v.toks[m.tb - 1].norm == "مع"sv &&
      (v.toks[m.tb - 2].bare == "حدود"sv || v.toks[m.tb - 2].norm == "الحدود"sv))
    return false;
  for (int p = m.tb - 1; p >= std::max(0, m.tb - 3); --p) {
    if (IsLocationPrep(v.toks[p])) return true;
    if (v.toks[p].kind == text::TokenKind::kPunct) break;
  }
  return false;
}

// Consecutive mentions joined by "و" after `m`: "روسيا وأذربيجان وأرمينيا".
std::vector<int> Coordinated(const DocView& v, size_t mi) {
  std::vector<int> out = {v.mentions[mi].entity};
  for (size_t k = mi + 1; k < v.mentions.size(); ++k) {
    const Span& prev = v.mentions[k - 1];
    const Span& cur = v.mentions[k];
    bool joined = cur.tb == prev.te && MentionPrefix(v, cur).substr(0, 2) == "\u0648"sv;
    if (!joined) break;
    out.push_back(cur.entity);
  }
  return out;
}

void AddUnique(std::vector<std::string>& ids, const std::string& id) {
  if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
}

struct Candidate {
  Event ev;
  int sentence = 0;
  int trigger_tok = 0;
  bool update = false;  // "ارتفع عدد القتلى إلى"
  bool default_date = false;  // no time in its sentence: the publication day, after merging
  int last_sentence = 0;      // the latest sentence merged into it
  bool anaphoric = false;     // a definite event noun ("الاجتماع") naming a happening told before
  bool own_mode = false;      // the trigger itself says how ("أحرقوا"، "خطفوا")
};

// The date an event will have: its own, else the publication day when the
// sentence reads as today's news.
DateValue Effective(const Candidate& c, const DocView& v) {
  if (!c.ev.date.empty() || !c.default_date || v.doc.published.value.empty()) return c.ev.date;
  return {v.doc.published.value, "day"};
}

class ExtractorImpl : public Extractor {
 public:
  explicit ExtractorImpl(std::shared_ptr<const Lexicon> lex) : lex_(std::move(lex)) {}

  std::vector<Event> Extract(const Document& doc, const std::vector<Token>* tokens,
                             const std::vector<text::Range>* sentences) const override {
    if (doc.body.empty()) return {};
    std::vector<Token> own;
    if (!tokens) own = text::Tokenize(doc.body);
    std::vector<text::Range> own_sentences;
    if (!sentences) own_sentences = text::SplitSentences(doc.body);
    DocView v = BuildView(doc, tokens ? *tokens : own, sentences ? *sentences : own_sentences);
    std::vector<Candidate> cands;
    for (size_t s = 0; s < v.sentences.size(); ++s) ExtractSentence(v, static_cast<int>(s), cands);
    std::vector<Event> events = Merge(cands, v);
    // A town, a region or a building does not act: only states (and capitals
    // standing for them, already mapped to their state) among places.
    for (Event& ev : events) {
      std::erase_if(ev.actors, [&](const std::string& id) {
        for (const Entity& e : doc.entities)
          if (e.id == id) return CannotAct(e);
        return false;
      });
    }
    return events;
  }

 private:
  struct TrigMatch {
    int tb, te, idx;
    bool sin_future;
  };

  void ExtractSentence(const DocView& v, int s, std::vector<Candidate>& out) const {
    auto [sb, se] = v.sentences[s];
    std::vector<Cue> cues = FindCues(*lex_, v, sb, se);
    bool question = false;
    for (int i = sb; i < se; ++i)
      if (v.toks[i].norm == "\u061F"sv || v.toks[i].norm == "?"sv) question = true;
    for (const auto& c : cues)
      if (c.info->kind == "question"sv && (c.info->scope != "prefix"sv || c.tb == sb)) question = true;
    if (question) return;

    bool accident = std::any_of(cues.begin(), cues.end(), [](const Cue& c) { return c.info->kind == "accident"sv; });
    // Every trigger of the sentence first: dates and counts go to the
    // trigger whose clause they are in.
    std::vector<TrigMatch> trigs;
    for (int i = sb; i < se;) {
      if (v.ent[i] >= 0) {  // inside a name: not a trigger
        ++i;
        continue;
      }
      const int* idx = nullptr;
      bool sin_future = false;
      int len = lex_->triggers.Match(v.toks, i, &idx, &sin_future);
      if (len == 0) {
        ++i;
        continue;
      }
      trigs.push_back({i, i + len, *idx, sin_future});
      i += len;
    }
    if (trigs.empty()) return;
    std::vector<std::pair<int, int>> casualty_spans;
    for (const auto& t : trigs)
      if (lex_->trigger_info[t.idx].casualty) casualty_spans.push_back({v.cp_begin[t.tb], v.cp_end[t.te - 1]});

    // "غداة إعلان باكو انتصارها": what follows happened the day before the
    // sentence's own day ("عشية": the day after).
    int gb = -1, shift = 0;
    DateValue anchor;
    for (int i = sb; i < se && gb < 0; ++i) {
      if (v.toks[i].bare == "غداه"sv || v.toks[i].norm == "غداه"sv) gb = i, shift = -1;
      else if (v.toks[i].bare == "عشيه"sv || v.toks[i].norm == "عشيه"sv) gb = i, shift = 1;
    }
    if (gb >= 0) anchor = DayBefore(v, sb, gb, shift);

    int last_trigger_end = -1;
    for (const TrigMatch& m : trigs) {
      const TriggerInfo& tr = lex_->trigger_info[m.idx];
      int tb = m.tb, te = m.te;
      if (IsCoveredByCue(cues, tb, te)) continue;  // "قال" as attribution, "لا يستبعد" as a hedge
      if (tr.light_verb) continue;                 // the event noun that follows carries it
      if (tr.place_head && te < se && v.ent[te] >= 0 && IsPlaceType(v.doc.entities[v.ent[te]].type)) continue;
      if (Generic(v, cues, tb)) continue;
      // "لقي خمسة أشخاص حتفهم في حادث سير": deaths without violence.
      if (tr.casualty && accident) continue;
      // "أبدى استعداده لمواصلة المحادثات": readiness is the mood of the
      // event that follows, which carries the happening.
      if (tr.type == "AGREE"sv && IsModal(cues, tb, te) && std::any_of(trigs.begin(), trigs.end(), [&](const TrigMatch& o) {
            return o.tb >= te && o.tb <= te + 3;
          }))
        continue;
      // "الذين قتلوا في حادثين منفصلين": a sum of incidents told one by one.
      if (Summary(cues, te)) continue;
      if (PurposeOrComplement(v, sb, tb)) continue;
      // "لبحث ..."، "بسيطرة ... على الحدود": after an event of the sentence, a
      // definite or ل-led event noun is its purpose or topic, not a second event.
      // "منذ القتال الأول"، "منذ أن أدى الغزو": a past happening named as the
      // starting point is told, with its own date.
      // A possessed noun ("ظروف احتجازهم") is as definite as one with ال.
      bool definite = v.toks[tb].prefix.find("\u0644") != std::string::npos ||
                      (!lex_->triggers.HasFirst(v.toks[tb].norm) && !lex_->triggers.HasFirst(v.toks[tb].bare));
      if (last_trigger_end >= 0 && definite && !SinceAnchor(v, sb, tb) && !Undergoes(v, sb, tb)) continue;
      // "تعرضت قافلة إغاثة لإطلاق نار": the convoy suffers the event, it is none.
      if (tb > sb && UndergoesNext(v.toks[tb - 1]) && tr.type != "ASSAULT"sv) continue;
      // "بوساطة روسية"، "بدعم من": the manner of the event before it.
      if (last_trigger_end >= 0 && v.toks[tb].prefix.rfind("\u0628", 0) == 0 &&
          (tr.type == "CONSULT"sv || tr.type == "SUPPORT"sv || tr.type == "COOPERATE"sv || tr.type == "AID"sv))
        continue;
      // "إضراب عام دعت إليه النقابات": who called for a happening told here.
      if (tr.type == "REQUEST"sv && te < se && (v.toks[te].norm == "اليه"sv || v.toks[te].norm == "اليها"sv)) continue;
      // "دعت ... إلى عقد اجتماع": what is asked for has not happened.
      if (Requested(v, sb, tb, out, s)) continue;
      // "قطعت العلاقات ... احتجاجاً على"، "رفضاً لـ": the reason for the
      // event before it, in the adverbial accusative.
      if (last_trigger_end >= 0 && te - tb == 1 && IsReasonAdverb(v.toks[tb]) && !NewClause(v, last_trigger_end, tb))
        continue;
      // "حذرت الأمم المتحدة من خطر المجاعة": a warning of a danger is no
      // threat; "حذر من أن موسكو سترد" names a harm the speaker will do.
      if (tr.type == "THREATEN"sv && tr.lemma == "حذر"sv && !NamesHarm(v, te, se)) continue;
      // "نزوح الملايين بسبب الحرب": the war as a background cause.
      if (tb > sb && IsCauseWord(v.toks[tb - 1]) && v.toks[tb - 1].norm != "منذ"sv && IsWarNoun(v.toks[tb])) continue;
      // "علق المتحدث على التقارير": a comment, not a suspension.
      if (tr.type == "SANCTION"sv && CommentOn(v, tb, te, se)) continue;
      // "فجر اليوم"، "فجر الأحد": dawn, not a bombing.
      if (v.toks[tb].bare == "فجر"sv && te < se && IsDayWord(v.toks[te])) continue;
      // "مساعدة رئيس الجمهورية": a job title, not aid.
      if (tr.type == "AID"sv && te < se && IsTitleHead(v.toks[te])) continue;
      std::string polarity = Polarity(v, cues, tb, te);
      if (polarity == "negated"sv) continue;
      if (m.sin_future && polarity == "asserted"sv) polarity = "future";
      // A future form listed in the table as it is ("ستطلق سراح" under أطلق سراح).
      if (polarity == "asserted"sv && FutureForm(v.toks[tb], tr.lemma)) polarity = "future";
      Candidate c = MakeCandidate(v, s, m, polarity, cues, trigs, casualty_spans);
      if (gb >= 0 && tb > gb && !anchor.empty()) {
        c.ev.date = anchor;
        c.default_date = false;
      }
      // "منذ الحرب الأهلية" with no date of its own: only a time anchor.
      if (c.ev.date.empty() && SinceAnchor(v, sb, tb)) continue;
      last_trigger_end = te;
      // One event per happening per sentence: a second trigger of the same
      // type in the same sentence right after the first is the same event
      // told twice ("هجمات ... عمليات"), unless it names other casualties.
      bool absorbed = false;
      for (auto it = out.rbegin(); it != out.rend() && it->sentence == s; ++it) {
        if (it->ev.type != c.ev.type || (c.ev.fatalities && it->ev.fatalities)) continue;
        // "اعتدوا بالضرب ... وأحرقوا": acts told with different means are
        // two events; "رداً على إطلاق صواريخ": the happening answered is another.
        // (A ب-led noun is the means of the act before it: "اغتيل ... بغارة".)
        if (c.own_mode && it->own_mode && c.ev.type == "ASSAULT"sv && it->ev.mode != c.ev.mode &&
            v.toks[tb].prefix.rfind("\u0628", 0) != 0)
          break;
        if (Answers(v, it->trigger_tok, tb)) break;
        Absorb(it->ev, c.ev);
        absorbed = true;
        break;
      }
      if (!absorbed) out.push_back(std::move(c));
    }

    // "رصدت انتهاكات لوقف إطلاق النار، غداة إعلانه": the agreement named
    // inside the phrase was itself announced, the day before.
    if (gb >= 0 && gb + 1 < se && !anchor.empty() && AnnouncementOfIt(v.toks[gb + 1])) {
      for (int k = gb - 1; k >= sb; --k) {
        const int* idx = nullptr;
        bool sf = false;
        int len = lex_->triggers.Match(v.toks, k, &idx, &sf);
        if (len == 0 || k + len > gb || lex_->trigger_info[*idx].type != "AGREE"sv) continue;
        bool have = false;
        for (auto it = out.rbegin(); it != out.rend() && it->sentence == s; ++it)
          if (it->ev.type == "AGREE"sv) {
            it->ev.date = anchor;
            it->default_date = false;
            have = true;
          }
        if (!have) {
          Candidate c = MakeCandidate(v, s, {k, k + len, *idx, sf}, "asserted", cues, trigs, casualty_spans);
          c.ev.date = anchor;
          c.default_date = false;
          out.push_back(std::move(c));
        }
        break;
      }
    }
  }

  Candidate MakeCandidate(const DocView& v, int s, const TrigMatch& m, const std::string& polarity,
                          const std::vector<Cue>& cues, const std::vector<TrigMatch>& trigs,
                          const std::vector<std::pair<int, int>>& casualty_spans) const {
    auto [sb, se] = v.sentences[s];
    const TriggerInfo& tr = lex_->trigger_info[m.idx];
    int tb = m.tb, te = m.te;
    Candidate c;
    bool noun = tr.pos.find("noun") != std::string::npos;
    const std::string& tn = v.toks[tb].norm;
    bool plural = tn.size() > 4 && tn.compare(tn.size() - 4, 4, "\u0627\u062A") == 0;  // ـات
    // Plural nouns point back only when the happening itself is plural in
    // form ("المحادثات"); "هذه الاجتماعات ... نادرة" speaks of many.
    static const std::set<std::string> kPluralNames = {"المحادثات", "المفاوضات", "المباحثات", "الاشتباكات",
                                                       "المناورات", "المواجهات", "المشاورات"};
    c.anaphoric = noun && te - tb == 1 && v.toks[tb].prefix.find("\u0627\u0644") != std::string::npos &&
                  (!plural || kPluralNames.count(tn));
    // "هذه الاتصالات"، "الاجتماع المذكور": pointing back, even in the plural.
    if (noun && tb > sb) {
      static const std::set<std::string> kThis = {"هذه", "هذا", "تلك", "ذلك", "هذين", "هاتين"};
      if (kThis.count(v.toks[tb - 1].norm)) c.anaphoric = true;
    }
    if (noun && te < se && (v.toks[te].norm == "المذكور"sv || v.toks[te].norm == "المذكوره"sv)) c.anaphoric = true;
    // "تجددت المعارك"، "اندلعت الاشتباكات": a new round, not the one told before.
    if (tb > sb) {
      static const std::set<std::string> kAnew = {"تجددت", "تجدد", "اندلعت", "اندلع", "بدات", "استؤنفت", "استانفت"};
      if (kAnew.count(v.toks[tb - 1].bare) || kAnew.count(v.toks[tb - 1].norm)) c.anaphoric = false;
    }
    // "ناقش الطرفان": the two parties named before, so the happening told before.
    if (!noun && te < se) {
      static const std::set<std::string> kBoth = {"الطرفان", "الطرفين", "الجانبان", "الجانبين", "البلدان", "البلدين"};
      if (kBoth.count(v.toks[te].norm)) c.anaphoric = true;
    }
    c.sentence = s;
    c.trigger_tok = tb;
    c.ev.type = tr.type;
    c.ev.mode = tr.mode.empty() ? Mode(v, tr.type, sb, se, tb) : tr.mode;
    c.own_mode = !tr.mode.empty();
    c.ev.polarity = polarity;
    c.ev.trigger = v.doc.body.substr(v.toks[tb].begin, v.toks[te - 1].end - v.toks[tb].begin);
    c.ev.evidence_start = v.cp_begin[sb];
    c.ev.evidence_end = v.cp_end[se - 1];
    Arguments(v, tr, sb, se, tb, te, cues, c.ev);
    Date(v, sb, se, tb, te, cues, trigs, c);
    FutureYear(v, c.ev);
    Casualties(v, tr, sb, se, tb, te, casualty_spans, c);
    return c;
  }

  // "ستعقد اجتماعها خلال شهر يونيو": a month or day named without a year in
  // an announcement lies ahead of the publication, not behind it.
  static void FutureYear(const DocView& v, Event& ev) {
    const std::string& pub = v.doc.published.value;
    if (ev.polarity != "future"sv || ev.date.value.size() < 7 || pub.size() < 7 || ev.date.value >= pub.substr(0, ev.date.value.size()))
      return;
    for (const auto& t : v.doc.times) {
      if (t.value != ev.date.value) continue;
      if (t.text.find_first_of("0123456789") != std::string::npos ||
          t.text.find("\u0660") != std::string::npos || t.text.find("\u0662") != std::string::npos)
        return;  // the year is written: keep it
      break;
    }
    int year = std::atoi(ev.date.value.substr(0, 4).c_str()) + 1;
    ev.date.value = std::to_string(year) + ev.date.value.substr(4);
  }

  // The day of the sentence's own time expression before `gb` (else the
  // publication day), moved by `shift` days.
  static DateValue DayBefore(const DocView& v, int sb, int gb, int shift) {
    int sbeg = v.cp_begin[sb], gcp = v.cp_begin[gb];
    std::string day;
    for (const auto& t : v.doc.times)
      if (t.start >= sbeg && t.end <= gcp && t.precision == "day"sv && t.value.size() == 10) day = t.value;
    if (day.empty() && v.doc.published.value.size() == 10) day = v.doc.published.value;
    text::CivilDate d;
    if (day.size() != 10 || std::sscanf(day.c_str(), "%4d-%2d-%2d", &d.year, &d.month, &d.day) != 3) return {};
    text::CivilDate r = text::CivilFromDays(text::DaysFromCivil(d) + shift);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", r.year, r.month, r.day);
    return {buf, "day"};
  }

  static bool AnnouncementOfIt(const Token& t) {
    static const std::set<std::string> k = {"اعلانه", "اعلانها", "اعلانهما", "توقيعه", "توقيعها", "التوصل اليه"};
    return k.count(t.norm) > 0 || k.count(t.bare) > 0;
  }

  static bool IsTitleHead(const Token& t) {
    static const std::set<std::string> k = {"رئيس", "الرئيس", "وزير", "وزيره", "مدير", "الامين", "امين",
                                            "قائد", "سفير", "المدعي", "الممثل", "ممثل", "المبعوث"};
    return k.count(t.norm) > 0;
  }

  // A generic cue ("عادة ما"، "تنتشر") governs the triggers of its clause,
  // not those behind a relative pronoun ("... كاراباخ التي كانت مسرحاً لحربين").
  static bool Generic(const DocView& v, const std::vector<Cue>& cues, int tb) {
    for (const auto& c : cues) {
      if (c.info->kind != "generic"sv) continue;
      int lo = std::min(c.te, tb), hi = std::max(c.tb, tb);
      // Only a relative clause told in the past ("التي كانت مسرحاً لحربين")
      // leaves the generic frame; "التي تشهد هجمات" stays in it.
      bool opener = false;
      for (int p = lo; p + 1 < hi && !opener; ++p) {
        const std::string& next = v.toks[p + 1].norm;
        opener = IsClauseOpener(v.toks[p]) && (next == "كانت"sv || next == "كان"sv || next == "شهدت"sv || next == "شهد"sv);
      }
      if (!opener) return true;
    }
    return false;
  }

  // ل + event noun: "لبحث" (purpose), "للاتفاقات" (complement); a form that
  // merely starts with ل ("لقاء") is not one.
  // "تعرض الصحفي حيدر الساعدي للضرب": the subject may sit in between.
  static bool Undergoes(const DocView& v, int sb, int tb) {
    for (int k = tb - 1; k >= std::max(sb, tb - 5); --k) {
      if (v.toks[k].kind == text::TokenKind::kPunct) break;
      if (UndergoesNext(v.toks[k])) return true;
    }
    return false;
  }

  bool PurposeOrComplement(const DocView& v, int sb, int tb) const {
    const Token& t = v.toks[tb];
    std::string_view p = t.prefix;
    if (!p.empty() && (p.substr(0, 2) == "\u0648"sv || p.substr(0, 2) == "\u0641"sv)) p.remove_prefix(2);
    if (p.substr(0, 2) != "\u0644"sv) return false;
    if (lex_->triggers.HasFirst(t.norm) && !lex_->triggers.HasFirst(t.bare)) return false;
    return !Undergoes(v, sb, tb);
  }

  static bool Answers(const DocView& v, int from, int to) {
    for (int k = from + 1; k < to; ++k) {
      const std::string& b = v.toks[k].bare;
      if (b == "ردا"sv || b == "انتقاما"sv || v.toks[k].norm == "ردا"sv || v.toks[k].norm == "انتقاما"sv) return true;
    }
    return false;
  }

  // "بعدما خرجوا احتجاجاً": a clause of its own between two triggers.
  static bool NewClause(const DocView& v, int from, int to) {
    for (int k = from; k < to; ++k)
      if (IsClauseOpener(v.toks[k]) || IsHardPunct(v.toks[k])) return true;
    return false;
  }

  static bool Ongoing(const DocView& v, int te, int se) {
    static const std::set<std::string> k = {"مستمر", "مستمره", "مستمرا", "متواصل", "متواصله", "جاريه",
                                            "يزال", "تزال", "زال", "زالت", "تتواصل", "يتواصل", "تدور"};
    for (int p = te; p < std::min(se, te + 12); ++p)
      if (k.count(v.toks[p].norm) || k.count(v.toks[p].bare)) return true;
    return false;
  }

  static bool FutureForm(const Token& t, const std::string& lemma) {
    std::string_view w = t.bare.size() > 6 ? std::string_view(t.bare) : std::string_view(t.norm);
    if (w.size() <= 6 || w.substr(0, 2) != "\u0633"sv || std::string_view(lemma).substr(0, 2) == "\u0633"sv) return false;
    std::string_view im = w.substr(2, 2);
    return im == "\u062A"sv || im == "\u064A"sv || im == "\u0646"sv;
  }

  static bool NamesHarm(const DocView& v, int te, int se) {
    static const std::set<std::string> k = {"رد", "الرد", "برد", "بالرد", "عواقب", "العواقب", "بعواقب", "القوه",
                                            "بالقوه", "انتقام", "الانتقام", "عقوبات", "بعقوبات", "عسكريا", "ضربات"};
    for (int p = te; p < std::min(se, te + 12); ++p) {
      const Token& t = v.toks[p];
      if (IsHardPunct(t)) break;
      if (k.count(t.norm) || k.count(t.bare)) return true;
      // سـ + imperfect: "سترد"، "سنرد"
      std::string_view w = t.norm;
      if (w.size() > 6 && w.substr(0, 2) == "\u0633"sv &&
          (w.substr(2, 2) == "\u062A"sv || w.substr(2, 2) == "\u064A"sv || w.substr(2, 2) == "\u0646"sv))
        return true;
    }
    return false;
  }

  static bool IsWarNoun(const Token& t) {
    static const std::set<std::string> k = {"الحرب", "الحروب", "النزاع", "الصراع", "القتال", "المعارك"};
    return k.count(t.norm) > 0;
  }

  static bool CommentOn(const DocView& v, int tb, int te, int se) {
    static const std::set<std::string> k = {"علق", "علقت", "يعلق", "تعلق", "تعليق", "تعليقا"};
    if (!k.count(v.toks[tb].bare) && !k.count(v.toks[tb].norm)) return false;
    for (int p = te; p < std::min(se, te + 6); ++p) {
      if (IsHardPunct(v.toks[p])) return false;
      if (v.toks[p].norm == "علي"sv) return true;
    }
    return false;
  }

  static bool IsReasonAdverb(const Token& t) {
    static const std::set<std::string> k = {"احتجاجا", "رفضا", "تنديدا", "تضامنا", "دعما", "ردا", "انتقاما"};
    return k.count(t.norm) > 0;
  }

  static bool IsDayWord(const Token& t) {
    static const std::set<std::string> k = {"اليوم", "امس", "الاحد", "الاثنين", "الثلاثاء", "الاربعاء",
                                            "الخميس", "الجمعه", "السبت", "يوم", "الغد"};
    return k.count(t.norm) > 0;
  }

  static bool IsHardPunct(const Token& t) {
    static const std::set<std::string> k = {"\u060C", ",", ".", "\u061B", ";", ":"};
    return t.kind == text::TokenKind::kPunct && k.count(t.norm) > 0;
  }

  // The content of a call or a threat in its own clause ("طالبت بإبرام
  // صفقة"، "هدد باستهداف"، "دعت ... إلى عقد اجتماع") has not happened; a
  // cause given with بعد/إثر has.
  static bool Requested(const DocView& v, int sb, int tb, const std::vector<Candidate>& out, int s) {
    (void)sb;
    for (auto it = out.rbegin(); it != out.rend() && it->sentence == s; ++it) {
      if (it->ev.type != "REQUEST"sv && it->ev.type != "THREATEN"sv) continue;
      if (it->trigger_tok >= tb) continue;
      bool own_clause = true;
      for (int k = it->trigger_tok + 1; k < tb && own_clause; ++k)
        own_clause = !IsHardPunct(v.toks[k]) && !IsClauseOpener(v.toks[k]) && !IsCauseWord(v.toks[k]);
      if (!own_clause) {
        // "دعت، في وقت سابق، روسيا ... إلى عقد اجتماع": إلى still ties it to the call.
        for (int k = tb - 1; k > it->trigger_tok; --k) {
          if (IsHardPunct(v.toks[k]) || IsCauseWord(v.toks[k])) break;
          if (v.toks[k].norm == "الي"sv) return true;
        }
        continue;
      }
      return true;
    }
    return false;
  }

  static bool IsCauseWord(const Token& t) {
    static const std::set<std::string> k = {"بعد", "وبعد", "اثر", "عقب", "جراء", "بسبب", "نتيجه", "منذ"};
    return k.count(t.norm) > 0;
  }

  static bool SinceAnchor(const DocView& v, int sb, int tb) {
    for (int k = tb - 1; k >= std::max(sb, tb - 3); --k) {
      if (v.toks[k].kind == text::TokenKind::kPunct) return false;
      // "منذ بدء الاشتباكات": the ongoing war as a time span, not a happening.
      const std::string& b = v.toks[k].bare;
      if (b == "بدء"sv || b == "بدايه"sv || b == "اندلاع"sv) return false;
      if (v.toks[k].norm == "منذ"sv) return true;
    }
    return false;
  }

  static bool IsModal(const std::vector<Cue>& cues, int tb, int te) {
    for (const auto& c : cues)
      if (c.info->kind == "future"sv && c.tb <= tb && c.te >= te) return true;
    return false;
  }

  static bool Summary(const std::vector<Cue>& cues, int te) {
    for (const auto& c : cues)
      if (c.info->kind == "summary"sv && c.tb >= te && c.tb <= te + 4) return true;
    return false;
  }

  static bool IsCoveredByCue(const std::vector<Cue>& cues, int tb, int te) {
    for (const auto& c : cues) {
      const std::string& k = c.info->kind;
      if ((k == "attribution"sv || k == "hypothetical"sv || k == "purpose"sv || k == "nonevent"sv || k == "summary"sv) &&
          c.tb <= tb && c.te >= te)
        return true;
    }
    return false;
  }

  // negated (drop), denied, future, hypothetical or asserted. Clause cues
  // govern a trigger up to 8 tokens on, not across a comma or full stop.
  std::string Polarity(const DocView& v, const std::vector<Cue>& cues, int tb, int te) const {
    (void)te;
    std::string pol = "asserted";
    for (const auto& c : cues) {
      if (c.te > tb) continue;  // cues after the trigger do not govern it
      const std::string& k = c.info->kind;
      const std::string& scope = c.info->scope;
      int gap = tb - c.te;
      bool comma = false;
      for (int p = c.te; p < tb; ++p) comma |= v.toks[p].kind == text::TokenKind::kPunct;
      if (k == "topic"sv) {
        // "معلومات حول مشاركة مسلحين في معارك": what is talked about.
        bool hard = false;
        for (int p = c.te; p < tb; ++p) hard |= IsHardPunct(v.toks[p]);
        if (gap <= 8 && !hard) return "negated";
      } else if (k == "hearsay"sv) {
        // "تعليقاً على تقارير عن محادثات": what reports said, not a happening told here.
        // A denial of the reports keeps their content, as denied.
        if (gap <= 12 && !comma && pol != "denied"sv) return "negated";
      } else if (k == "purpose"sv || k == "blocked"sv) {
        if (gap <= 1) return "negated";  // "من أجل وقف إطلاق النار": a goal, not a happening
      } else if (k == "negation"sv) {
        if ((scope == "next-verb"sv || scope == "next-word"sv) && gap <= 1) return "negated";
        if (scope == "clause"sv && gap <= 8 && !comma) pol = "denied";
      } else if (k == "future"sv && gap <= 8 && !comma) {
        if (pol == "asserted"sv) pol = "future";
      } else if (k == "hypothetical"sv) {
        if (scope == "next-verb"sv) {
          // "قد" + imperfect is "may"; "قد" + perfect ("قد دعت") is "has".
          if (gap <= 1 && IsImperfect(v.toks[tb])) pol = "hypothetical";
        } else if (gap <= 8 && !comma) {
          pol = "hypothetical";
        }
      }
    }
    return pol;
  }

  static bool IsImperfect(const Token& t) {
    std::string_view w = t.bare.empty() ? std::string_view(t.norm) : std::string_view(t.bare);
    if (w.size() < 6) return false;
    std::string_view p = w.substr(0, 2);
    return p == "\u064A"sv || p == "\u062A"sv || p == "\u0646"sv;
  }

  std::string Mode(const DocView& v, const std::string& type, int sb, int se, int tb) const {
    std::string best;
    int best_dist = 1 << 30;
    for (int i = sb; i < se; ++i) {
      const ModeInfo* m = nullptr;
      int len = lex_->modes.Match(v.toks, i, &m);
      if (len == 0 || m->type != type) continue;
      int d = std::abs(i - tb);
      if (d < best_dist) {
        best_dist = d;
        best = m->mode;
      }
    }
    return best;
  }

  void Arguments(const DocView& v, const TriggerInfo& tr, int sb, int se, int tb, int te,
                 const std::vector<Cue>& cues, Event& ev) const {
    const auto& ents = v.doc.entities;
    // Mentions of this sentence.
    std::vector<size_t> ms;
    for (size_t k = 0; k < v.mentions.size(); ++k)
      if (v.mentions[k].tb >= sb && v.mentions[k].te <= se) ms.push_back(k);
    std::set<int> used;
    // Attribution: "وفق X", "حسبما أفادت X", "قالت X", "X قالت".
    int attr = -1;
    bool attr_before = false;
    for (const auto& c : cues) {
      if (c.info->kind != "attribution"sv) continue;
      attr_before = c.tb < tb;
      for (size_t k : ms) {
        const Span& m = v.mentions[k];
        if (m.tb >= c.te && m.tb <= c.te + 3 && !LocationSlot(v, m)) {
          attr = m.entity;
          break;
        }
      }
      if (attr < 0 && c.tb < tb) {
        for (size_t k = ms.size(); k-- > 0;) {
          const Span& m = v.mentions[ms[k]];
          if (m.te <= c.tb && m.te >= c.tb - 2) {
            attr = m.entity;
            break;
          }
        }
      }
      if (attr >= 0) break;
    }
    if (attr >= 0) ev.attribution = ents[attr].id;
    // Pair: "بين X و Y" in the trigger's phrase gives both sides as actors
    // ("اشتباكات عنيفة بين X و Y"); one elsewhere in the sentence belongs to
    // another clause ("اتصالات جرت بين موسكو والغرب ... منذ الغزو").
    bool punct = false;
    for (int p = te; p < std::min(se, te + 6) && !punct; ++p) {
      punct = v.toks[p].kind == text::TokenKind::kPunct;
      if (v.toks[p].norm != "بين"sv) continue;
      for (size_t k = 0; k < ms.size(); ++k) {
        const Span& m = v.mentions[ms[k]];
        if (m.tb == p + 1 || (m.tb == p + 2 && v.ent[p + 1] < 0 && v.toks[p + 1].kind != text::TokenKind::kPunct)) {
          for (int e : Coordinated(v, ms[k])) {
            AddUnique(ev.actors, ents[e].id);
            used.insert(e);
          }
          break;
        }
      }
    }
    // Location: the place nearest the trigger in a location slot, a city or
    // region before a country.
    int loc = -1, loc_score = -1000;
    for (size_t k : ms) {
      const Span& m = v.mentions[k];
      if (!LocationSlot(v, m)) continue;
      const Entity& e = ents[m.entity];
      int dist = m.tb >= te ? m.tb - te : (tb - m.te) + 4;
      int score = (IsCountry(e) ? 0 : 20) - dist;
      if (score > loc_score) {
        loc_score = score;
        loc = m.entity;
      }
    }
    // "هجوم على خاركيف": the place attacked.
    if (loc < 0 && tr.type == "ASSAULT"sv) {
      for (size_t k : ms) {
        const Span& m = v.mentions[k];
        if (m.tb < te || m.tb > te + 3 || v.toks[m.tb - 1].norm != "علي"sv) continue;
        if (IsPlaceType(ents[m.entity].type) && !IsCountry(ents[m.entity])) loc = m.entity;
        break;
      }
    }
    if (loc >= 0) {
      ev.location = ents[loc].id;
      used.insert(loc);
    }
    // Passive agent: "على يد X", "بنيران X", "بأيدي X".
    for (const auto& c : cues) {
      if (c.info->kind != "agent"sv) continue;
      for (size_t k : ms) {
        const Span& m = v.mentions[k];
        // "بنيران مسلحين من تنظيم ولاية خراسان": the group a few words on.
        if (m.tb >= c.te && m.tb <= c.te + 4 && !LocationSlot(v, m)) {
          AddUnique(ev.actors, ents[m.entity].id);
          used.insert(m.entity);
        }
      }
    }
    bool noun = tr.pos.rfind("noun", 0) == 0;
    // Subject after the verb (VSO) or right after an event noun (its genitive).
    int subj_k = -1;
    for (size_t q = 0; q < ms.size(); ++q) {
      const Span& m = v.mentions[ms[q]];
      if (m.tb < te) continue;
      if (m.tb > te + 3) break;
      if (Prepositional(v, m) || LocationSlot(v, m) || used.count(m.entity)) continue;
      if (CannotAct(ents[m.entity])) continue;  // "ستغلق مضيق هرمز": an object, not the subject
      subj_k = static_cast<int>(q);
      break;
    }
    bool casualty_noun_target = tr.casualty && noun;
    if (subj_k >= 0) {
      auto group = Coordinated(v, ms[subj_k]);
      for (int e : group) {
        if (casualty_noun_target) AddUnique(ev.targets, ents[e].id);
        else AddUnique(ev.actors, ents[e].id);
        used.insert(e);
      }
      // The object after the subject (VSO: "اتهمت أرمينيا أذربيجان").
      size_t next = ms[subj_k] + group.size();
      if (!casualty_noun_target && next < v.mentions.size()) {
        const Span& m = v.mentions[next];
        if (m.te <= se && m.tb <= v.mentions[ms[subj_k] + group.size() - 1].te + 3 &&
            !Prepositional(v, m) && !LocationSlot(v, m) && !used.count(m.entity)) {
          for (int e : Coordinated(v, next)) {
            AddUnique(ev.targets, ents[e].id);
            used.insert(e);
          }
        }
      }
    }
    // Subject before the verb (SVO: "تركيا قد دعت", "روسيا تدعو").
    if (ev.actors.empty() && !noun) {
      for (size_t q = ms.size(); q-- > 0;) {
        const Span& m = v.mentions[ms[q]];
        if (m.te > tb) continue;
        if (m.te < tb - 4) break;
        if (Prepositional(v, m) || LocationSlot(v, m) || used.count(m.entity)) continue;
        if (CannotAct(ents[m.entity])) continue;
        AddUnique(ev.actors, ents[m.entity].id);
        used.insert(m.entity);
        break;
      }
    }
    // "دفع الجيش التركي بتعزيزات"، "بدأت كوريا الشمالية مناورات": the
    // subject of the verb that carries an event noun acts.
    if (ev.actors.empty() && noun) {
      static const std::set<std::string> kCarrier = {"دفع", "دفعت", "ارسل", "ارسلت", "بدا", "بدات", "نفذ", "نفذت",
                                                     "اجري", "اجرت", "عقد", "عقدت", "شن", "شنت", "نظم", "نظمت",
                                                     "اطلق", "اطلقت", "فرض", "فرضت", "اعلن", "اعلنت", "خاض", "خاضت"};
      for (size_t q = ms.size(); q-- > 0;) {
        const Span& m = v.mentions[ms[q]];
        if (m.te > tb) continue;
        if (m.te < tb - 3 || m.tb == sb) break;
        const Token& verb = v.toks[m.tb - 1];
        if (!kCarrier.count(verb.norm) && !kCarrier.count(verb.bare)) break;
        if (Prepositional(v, m) || LocationSlot(v, m) || used.count(m.entity)) break;
        AddUnique(ev.actors, ents[m.entity].id);
        used.insert(m.entity);
        break;
      }
    }
    // "الغزو الروسي لأوكرانيا": the object of an event noun comes after ل.
    if (tr.pos.find("noun") != std::string::npos && !tr.casualty && ev.targets.empty() &&
        (tr.type == "ASSAULT"sv || tr.type == "COERCE"sv)) {
      for (size_t k : ms) {
        const Span& m = v.mentions[k];
        if (m.tb < te || m.tb > te + 2 || used.count(m.entity)) continue;
        std::string_view p = MentionPrefix(v, m);
        if (!p.empty() && (p.substr(0, 2) == "\u0648"sv || p.substr(0, 2) == "\u0641"sv)) p.remove_prefix(2);
        if (p.substr(0, 2) != "\u0644"sv || p.substr(0, 4) == "\u0644\u0644"sv) break;  // لل: "للسيطرة على" is a purpose
        AddUnique(ev.targets, ents[m.entity].id);
        used.insert(m.entity);
        break;
      }
    }
    // A self-report: "أعلنت وزارة الدفاع أنها نفذت هجمات": the speaker acts.
    if (ev.actors.empty() && attr >= 0 && attr_before && !tr.casualty) AddUnique(ev.actors, ents[attr].id);
    // Targets of "استهدف X" and objects after a verb with a known actor.
    if (ev.targets.empty() && !ev.actors.empty() && !noun && subj_k < 0) {
      for (size_t k : ms) {
        const Span& m = v.mentions[k];
        if (m.tb < te || m.tb > te + 3) continue;
        if (Prepositional(v, m) || LocationSlot(v, m) || used.count(m.entity)) continue;
        AddUnique(ev.targets, ents[m.entity].id);
        used.insert(m.entity);
        break;
      }
    }
  }

  // The time expression nearest the trigger in its sentence, unless it dates
  // the statement ("قال الكرملين، الأربعاء 4 أكتوبر") rather than the event,
  // or another trigger's clause ("هجوم ... التي نشرت فيها موسكو قوات منذ عام
  // 2020"). Without one, background words leave the date unknown; otherwise
  // the publication day is filled in after merging (Candidate::default_date).
  void Date(const DocView& v, int sb, int se, int tb, int te, const std::vector<Cue>& cues,
            const std::vector<TrigMatch>& trigs, Candidate& c) const {
    Event& ev = c.ev;
    const auto& times = v.doc.times;
    int sbeg = v.cp_begin[sb], send = v.cp_end[se - 1];
    int tcp = v.cp_begin[tb];
    auto tok_at = [&](int cp) {
      return static_cast<int>(std::lower_bound(v.cp_begin.begin() + sb, v.cp_begin.begin() + se, cp) -
                              v.cp_begin.begin());
    };
    auto dates_statement = [&](const TimeExpr& t) {
      for (const auto& cue : cues) {
        if (cue.info->kind != "attribution"sv || cue.tb > tb) continue;
        int cue_end = v.cp_end[cue.te - 1];
        // Within a few words after the speech cue (and its speaker), before the trigger.
        if (t.start >= cue_end && t.start - cue_end <= 40 && t.end <= tcp) return true;
        // "قال المتحدث باسم الرئاسة ... بيسكوف، الأربعاء، إن ...": the time
        // before the complementizer dates the saying, however long the speaker.
        if (t.start >= cue_end && t.end <= tcp) {
          for (int p = tok_at(t.end); p < tb; ++p) {
            const std::string& n = v.toks[p].norm;
            if (n == "ان"sv || n == "انه"sv || n == "انها"sv || n == "بان"sv) return true;
          }
        }
      }
      return false;
    };
    auto other_clause = [&](const TimeExpr& t) {
      if (t.start >= tcp) {  // after: a clause opener, then another trigger, then the time
        int tt = tok_at(t.start);
        int opener = -1;
        for (int p = te; p < tt && opener < 0; ++p)
          if (IsClauseOpener(v.toks[p])) opener = p;
        if (opener < 0) return false;
        for (const auto& m : trigs)
          if (m.tb > opener && m.tb < tt && !lex_->trigger_info[m.idx].light_verb) return true;
        return false;
      }
      return false;
    };
    const TimeExpr* best = nullptr;
    const TimeExpr* stmt = nullptr;  // the day of the saying
    int best_d = 1 << 30;
    for (const auto& t : times) {
      if (t.start < sbeg || t.end > send || t.value.empty()) continue;
      if (dates_statement(t)) {
        stmt = &t;
        continue;
      }
      if (other_clause(t)) continue;
      int d = t.start >= tcp ? t.start - tcp : (tcp - t.end) + 10;
      if (d < best_d) {
        best_d = d;
        best = &t;
      }
    }
    // "قال ... أمس إن «القتال في شوشا لا يزال مستمراً»": what is said to be
    // going on was going on the day it was said.
    if (!best && stmt && Ongoing(v, te, se)) best = stmt;
    if (best) {
      ev.date = {best->value, best->precision};
      return;
    }
    // Background words before the trigger ("وكانت تركيا قد دعت"); one after
    // it belongs to another clause ("ألقت القبض على خلية كانت تخطط").
    if (SinceAnchor(v, sb, tb)) return;  // "منذ القتال الأول"
    static const std::set<std::string> kBackground = {"كانت", "كان", "سبق", "سابق", "انذاك", "حينها",
                                                       "تاريخ", "تاريخيا", "سابقا", "السابق", "وكان", "وكانت"};
    for (int i = sb; i < tb; ++i) {
      if (!kBackground.count(v.toks[i].norm) && !kBackground.count(v.toks[i].bare)) continue;
      // "في وقت سابق اليوم"، "في وقت سابق من اليوم": earlier today.
      bool today = false;
      for (int k = i + 1; k < std::min(se, i + 3); ++k) today |= v.toks[k].bare == "يوم"sv || v.toks[k].norm == "اليوم"sv;
      if (!today) return;
    }
    c.default_date = ev.polarity == "asserted"sv;
  }

  // Counts of people in the sentence, each given to the casualty trigger
  // nearest to it ("قُتل جنديان وأصيب ثالث": 2 killed, not 2 injured).
  // `spans`: the casualty triggers of the sentence as code point spans (CasualtySpans).
  void Casualties(const DocView& v, const TriggerInfo& tr, int sb, int se, int tb, int te,
                  const std::vector<std::pair<int, int>>& spans, Candidate& c) const {
    if (!tr.casualty || v.doc.numbers.empty()) return;
    int sbeg = v.cp_begin[sb], send = v.cp_end[se - 1];
    int mine_b = v.cp_begin[tb], mine_e = v.cp_end[te - 1];
    auto dist = [](const Number& n, std::pair<int, int> s) {
      return n.start >= s.second ? n.start - s.second : (n.end <= s.first ? s.first - n.end : 0);
    };
    long total = 0;
    bool any = false;
    for (const auto& n : v.doc.numbers) {
      if (n.start < sbeg || n.end > send || !(IsPersonCount(n.counts) || CountOfThem(v, n, sb, se))) continue;
      int d = dist(n, {mine_b, mine_e});
      if (d > 60) continue;
      bool nearer_other = std::any_of(spans.begin(), spans.end(), [&](std::pair<int, int> s) {
        return s.first != mine_b && dist(n, s) < d;
      });
      if (nearer_other) continue;
      total += static_cast<long>(n.value);
      any = true;
    }
    if (!any) {
      // "قُتل جندي روسي": a singular victim noun next to the trigger is one.
      static const std::set<std::string> kOne = {"جندي", "شرطي", "مدني", "مواطن", "شخص", "طفل", "مقاتل",
                                                 "صحفي", "عنصر", "ضابط", "عسكري", "رجل", "امراه", "طفله"};
      for (int k = std::max(sb, tb - 2); k < std::min(se, te + 2); ++k) {
        if (k >= tb && k < te) continue;
        if (kOne.count(v.toks[k].bare) || kOne.count(v.toks[k].norm)) {
          total = 1;
          any = true;
          break;
        }
      }
      if (!any) return;
    }
    if (tr.injury) c.ev.injured = total;
    else c.ev.fatalities = total;
    for (int i = sb; i < tb; ++i)
      if (v.toks[i].bare == "ارتفع"sv || v.toks[i].bare == "ارتفاع"sv) c.update = true;
  }

  // "مقدرةً أعدادهم بـ12": a count of the people just named.
  static bool CountOfThem(const DocView& v, const Number& n, int sb, int se) {
    int t = static_cast<int>(std::lower_bound(v.cp_begin.begin() + sb, v.cp_begin.begin() + se, n.start) -
                             v.cp_begin.begin());
    static const std::set<std::string> k = {"اعدادهم", "عددهم", "باعدادهم", "بعددهم"};
    for (int p = t - 1; p >= std::max(sb, t - 2); --p)
      if (k.count(v.toks[p].norm) || k.count(v.toks[p].bare)) return true;
    return false;
  }

  static bool IsPersonCount(const std::string& noun) {
    static const std::set<std::string> k = {
        "قتلي", "قتيل", "جرحي", "جريح", "مصاب", "مصابين", "ضحايا", "ضحيه", "شهيد", "شهداء", "جنود", "جندي",
        "مدنيين", "مدني", "مدنيا", "شرطيين", "شرطي", "مقاتل", "مقاتلين", "مقاتلا", "اشخاص", "شخص", "شخصا",
        "عسكريين", "عسكري", "اطفال", "طفل", "نساء", "امراه", "مسلحين", "مسلح", "عناصر", "عنصر", "افراد",
        "مواطنين", "مواطن", "مواطنا", "رجال", "مدنيان", "جنديين", "جنديا", "مرتزقه", "لاجئين", "مهاجرين",
        "صحفيين", "صحفي", "اسري", "رهائن", "ركاب", "عمال", "موظفين", "طلاب", "متظاهرين", "محتجين", "ناشطين",
        "شبان", "شابا", "شاب", "فتيه", "فتيان", "نازحين", "سكان", "حراس", "مزارعين", "صيادين"};
    return k.count(noun) > 0;
  }

  // Types tied to territory take, when their sentence names no place, the
  // place of the event just before (same story thread, up to two sentences
  // back), else the place the article mentions most (not a country).
  static void FallbackLocations(std::vector<Candidate>& cands, const DocView& v) {
    static const std::set<std::string> kTerritorial = {"ASSAULT", "COERCE", "MOBILIZE", "AID", "CONCEDE",
                                                        "RETREAT", "AGREE", "PROTEST", "COOPERATE"};
    std::map<int, int> count;
    for (const auto& m : v.mentions) {
      const Entity& e = v.doc.entities[m.entity];
      if (IsPlaceType(e.type) && !IsCountry(e)) ++count[m.entity];
    }
    // The place the article mentions most (twice or more).
    std::string dominant;
    int best = 1;
    for (const auto& [e, n] : count)
      if (n > best) {
        best = n;
        dominant = v.doc.entities[e].id;
      }
    std::string last;
    int last_sentence = -100;
    for (auto& c : cands) {
      if (!c.ev.location.empty()) {
        last = c.ev.location;
        last_sentence = c.sentence;
        continue;
      }
      if (!kTerritorial.count(c.ev.type)) continue;
      if (!last.empty() && c.sentence - last_sentence <= 2) c.ev.location = last;
      else c.ev.location = dominant;
    }
  }

  static void Absorb(Event& into, const Event& from) {
    for (const auto& a : from.actors) AddUnique(into.actors, a);
    for (const auto& t : from.targets)
      if (std::find(into.actors.begin(), into.actors.end(), t) == into.actors.end()) AddUnique(into.targets, t);
    if (into.location.empty()) into.location = from.location;
    if (into.date.empty() || (DatesCompatible(into.date, from.date) && from.date.value.size() > into.date.value.size()))
      into.date = from.date;
    if (into.mode.empty()) into.mode = from.mode;
    if (!into.fatalities) into.fatalities = from.fatalities;
    if (!into.injured) into.injured = from.injured;
    if (into.attribution.empty()) into.attribution = from.attribution;
  }

  // Places other than states (and capitals standing for them) do not act.
  bool CannotAct(const Entity& e) const {
    return IsPlaceType(e.type) && !IsCountry(e) && !lex_->capital_state.count(e.id);
  }

  // The state an entity stands for in a comparison: a ministry or a capital
  // is its state ("موسكو ترصد" and "أفادت روسيا" tell one report).
  std::string StateOf(const std::string& id) const {
    if (id.rfind("inst:", 0) == 0) return "country:" + id.substr(id.rfind(':') + 1);
    auto it = lex_->capital_state.find(id);
    return it == lex_->capital_state.end() ? id : it->second;
  }

  // Reports of one happening share an actor or target (as states); with none
  // on one side, or at one named town, the same place is enough.
  bool SameParticipants(const Event& a, const Event& b) const {
    std::set<std::string> ea;
    for (const auto& x : a.actors) ea.insert(StateOf(x));
    for (const auto& x : a.targets) ea.insert(StateOf(x));
    for (const auto& x : b.actors) if (ea.count(StateOf(x))) return true;
    for (const auto& x : b.targets) if (ea.count(StateOf(x))) return true;
    if (a.location.empty() || a.location != b.location) return false;
    bool a_bare = a.actors.empty() && a.targets.empty(), b_bare = b.actors.empty() && b.targets.empty();
    return a_bare || b_bare || a.location.rfind("country:", 0) != 0;
  }

  static bool SharesEntity(const Event& a, const Event& b) {
    std::set<std::string> ea(a.actors.begin(), a.actors.end());
    ea.insert(a.targets.begin(), a.targets.end());
    if (!a.location.empty()) ea.insert(a.location);
    for (const auto& x : b.actors) if (ea.count(x)) return true;
    for (const auto& x : b.targets) if (ea.count(x)) return true;
    return !b.location.empty() && ea.count(b.location);
  }

  static bool DatesCompatible(const DateValue& a, const DateValue& b) {
    if (a.empty() || b.empty()) return true;
    return a.value.rfind(b.value, 0) == 0 || b.value.rfind(a.value, 0) == 0;
  }

  // One happening told twice (lead and details) becomes one event; a later
  // "rose to N" updates its count; a total that is the sum of separately
  // reported incidents is folded into them.
  std::vector<Event> Merge(std::vector<Candidate>& cands, const DocView& v) const {
    FallbackLocations(cands, v);
    // An event with no entity at all tells nobody's action anywhere.
    cands.erase(std::remove_if(cands.begin(), cands.end(), [](const Candidate& c) {
                  return c.ev.actors.empty() && c.ev.targets.empty() && c.ev.location.empty();
                }),
                cands.end());
    std::vector<Candidate> out;
    for (auto& c : cands) {
      bool merged = false;
      // "الاجتماع" after a meeting was told: the same meeting.
      if (c.anaphoric) {
        for (auto it = out.rbegin(); it != out.rend(); ++it) {
          if (it->ev.type != c.ev.type || it->ev.polarity != c.ev.polarity) continue;
          // "القتال ... في التسعينيات" after this week's attack: another war.
          if (!it->ev.date.empty() && !c.ev.date.empty() && !DatesCompatible(it->ev.date, c.ev.date)) break;
          Absorb(it->ev, c.ev);
          it->last_sentence = c.sentence;
          merged = true;
          break;
        }
        if (merged) continue;
      }
      for (auto& o : out) {
        if (o.ev.type != c.ev.type || o.ev.polarity != c.ev.polarity) continue;
        DateValue da = Effective(o, v), db = Effective(c, v);
        // An undated later mention of the same participants is the same
        // happening told again, however far on.
        bool undated = c.ev.date.empty() && !c.default_date;
        bool dates_ok = undated || ((da.empty() || db.empty()) ? std::abs(c.sentence - o.last_sentence) <= 2
                                                               : DatesCompatible(da, db));
        if (!dates_ok || !SameParticipants(o.ev, c.ev)) continue;
        // Contradicting claims are kept, each with its source.
        // (Two outlets or a state and an outlet are two reporters, not two sides.)
        if (!o.ev.attribution.empty() && !c.ev.attribution.empty()) {
          std::string so = StateOf(o.ev.attribution), sc = StateOf(c.ev.attribution);
          if (so != sc && so.rfind("country:", 0) == 0 && sc.rfind("country:", 0) == 0) continue;
        }
        if (o.ev.fatalities && c.ev.fatalities && *o.ev.fatalities != *c.ev.fatalities && !c.update) continue;
        // Told with different means (air strikes, a roadside bomb): two incidents.
        if (o.own_mode && c.own_mode && o.ev.type == "ASSAULT"sv && o.ev.mode != c.ev.mode) continue;
        // A toll told far from an attack, with no word pointing back, is
        // another incident's ("هجمات" in the lead, a mine's victims later).
        if (!c.update && o.ev.fatalities.has_value() != c.ev.fatalities.has_value() &&
            std::abs(c.sentence - o.last_sentence) > 2)
          continue;
        o.last_sentence = c.sentence;
        if (c.update && c.ev.fatalities) o.ev.fatalities = c.ev.fatalities;
        Absorb(o.ev, c.ev);
        o.default_date = o.default_date && c.default_date;
        merged = true;
        break;
      }
      if (!merged) {
        c.last_sentence = c.sentence;
        out.push_back(std::move(c));
      }
    }
    // Totals: an ASSAULT whose fatalities equal the sum of two or more others.
    std::vector<bool> drop(out.size(), false);
    for (size_t i = 0; i < out.size(); ++i) {
      const Event& e = out[i].ev;
      if (e.type != "ASSAULT"sv || !e.fatalities) continue;
      long sum = 0;
      int parts = 0;
      for (size_t j = 0; j < out.size(); ++j) {
        if (j == i || out[j].ev.type != "ASSAULT"sv || !out[j].ev.fatalities) continue;
        if (!DatesCompatible(e.date, out[j].ev.date)) continue;
        sum += *out[j].ev.fatalities;
        ++parts;
      }
      if (parts >= 2 && sum == *e.fatalities) drop[i] = true;
    }
    std::vector<Event> events;
    const Published& pub = v.doc.published;
    for (size_t i = 0; i < out.size(); ++i) {
      if (drop[i]) continue;
      Event& e = out[i].ev;
      if (e.date.empty() && out[i].default_date && !pub.value.empty())
        e.date = {pub.value, pub.precision.empty() ? "day" : pub.precision};
      events.push_back(std::move(e));
    }
    return events;
  }

  std::shared_ptr<const Lexicon> lex_;
};

}  // namespace

Result<std::shared_ptr<const Extractor>> Extractor::Create(const std::string& data_dir) {
  auto lex = Lexicon::Load(data_dir);
  if (!lex.ok()) return lex.status();
  return std::shared_ptr<const Extractor>(std::make_shared<ExtractorImpl>(*lex));
}

}  // namespace marsad::events
