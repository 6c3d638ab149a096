// Resolution: spans → one entity per real-world entity. KB candidates are
// chosen by context, unknown names link to the KB or to each other through
// the phonetic key, people's surnames and unknown names are found again
// across the article, and offsets become code points. Per call; thread-safe.
#include "entities/resolve.h"

#include <algorithm>
#include <map>
#include <unordered_set>

#include "entities/phonetic.h"

namespace marsad::entities {

using namespace std::string_view_literals;
namespace {

bool IsPlace(std::string_view type) { return type == "GPE"sv || type == "LOC"sv || type == "FAC"sv; }
bool SameClass(std::string_view a, std::string_view b) {
  return a == b || (IsPlace(a) && IsPlace(b));
}

struct MentionRef {
  ScannedText* text;
  uint32_t tb, te;
};

struct Slot {
  int kb = -1;
  int inst = -1, inst_country = -1;
  std::string type, norm, key;  // unknown names: longest normalized name and its key
  std::vector<MentionRef> mentions;
  std::vector<std::string> roles;
  bool person() const { return type == "PERSON"sv; }
};

std::string Slug(std::string_view s) {
  std::string out;
  for (char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
    else if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
    else if (!out.empty() && out.back() != '_') out.push_back('_');
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

std::string LastWord(std::string_view norm) {
  size_t sp = norm.rfind(' ');
  return std::string(sp == std::string_view::npos ? norm : norm.substr(sp + 1));
}

class Resolver {
 public:
  Resolver(const Resources& r, ScannedText& title, ScannedText& body) : r_(r), texts_{&body, &title} {}

  std::vector<Entity> Run() {
    DropLoneSurnames();
    CountStates();
    for (ScannedText* t : texts_)
      for (const Span& s : t->spans) Place(*t, s);
    FindAgain();
    return Output();
  }

 private:
  const KbEntity& Ent(uint32_t e) const { return r_.kb.entities()[e]; }

  // A surname alone that could be a common word stays only when the person's
  // full name is in the article; its words become free for FindAgain.
  void DropLoneSurnames() {
    for (ScannedText* t : texts_) {
      std::erase_if(t->spans, [&](const Span& s) {
        if (!s.needs_full_name) return false;
        for (uint32_t c : s.candidates)
          if (FullNamePresent(c)) return false;
        for (uint32_t k = s.tb; k < s.te; ++k) t->covered[k] = 0;
        return true;
      });
    }
  }

  bool FullNamePresent(uint32_t e) const {
    for (ScannedText* t : texts_)
      for (const Span& s : t->spans)
        if (!s.surname && std::find(s.candidates.begin(), s.candidates.end(), e) != s.candidates.end()) return true;
    return false;
  }

  // How often each state is named in the article, directly or by its seat.
  void CountStates() {
    for (ScannedText* t : texts_) {
      for (const Span& s : t->spans) {
        if (s.inst_country >= 0) ++state_count_[s.inst_country];
        if (s.candidates.size() != 1) continue;
        const KbEntity& e = Ent(s.candidates[0]);
        if (e.kind == "country"sv) ++state_count_[s.candidates[0]];
        if (!e.capital_of.empty())
          if (int c = r_.kb.Find(e.capital_of); c >= 0) ++state_count_[c];
      }
    }
  }

  bool InArticle(std::string_view phrase) {
    if (words_.empty()) {
      for (ScannedText* t : texts_)
        for (const text::Token& tok : t->tokens) {
          words_.insert(tok.norm);
          words_.insert(tok.bare);
        }
    }
    size_t start = 0;
    while (start < phrase.size()) {
      size_t sp = phrase.find(' ', start);
      if (sp == std::string_view::npos) sp = phrase.size();
      if (!words_.count(std::string(phrase.substr(start, sp - start)))) return false;
      start = sp + 1;
    }
    return true;
  }

  // The candidate the article's context favours; the first (KB order) on a tie.
  uint32_t Choose(const std::vector<uint32_t>& cands) {
    if (cands.size() == 1) return cands[0];
    uint32_t best = cands[0];
    int best_score = -1;
    for (uint32_t c : cands) {
      const KbEntity& e = Ent(c);
      int score = 0;
      if (!e.country.empty() && e.kind != "country"sv)
        if (int st = r_.kb.Country(e.country); st >= 0) score += state_count_[st];
      for (const std::string& w : e.context) score += InArticle(w) ? 2 : 0;
      if (score > best_score) best = c, best_score = score;
    }
    return best;
  }

  size_t SlotFor(const std::string& key) {
    auto [it, fresh] = slot_by_key_.emplace(key, slots_.size());
    if (fresh) slots_.emplace_back();
    return it->second;
  }

  void Place(ScannedText& t, const Span& s) {
    size_t slot;
    if (auto it = r_.institution_entity.find(static_cast<uint64_t>(s.institution) << 32 | s.inst_country);
        s.institution >= 0 && it != r_.institution_entity.end()) {
      slot = KbSlot(it->second);
    } else if (s.institution >= 0) {
      slot = SlotFor("i:" + r_.kb.institutions()[s.institution].head_en + ":" + std::to_string(s.inst_country));
      slots_[slot].inst = s.institution;
      slots_[slot].inst_country = s.inst_country;
      slots_[slot].type = "ORG";
    } else if (!s.candidates.empty()) {
      slot = KbSlot(s.surname ? PreferPresent(s.candidates) : Choose(s.candidates));
    } else {
      slot = UnknownSlot(s);
    }
    slots_[slot].mentions.push_back({&t, s.tb, s.te});
    if (!s.role.empty() && std::find(slots_[slot].roles.begin(), slots_[slot].roles.end(), s.role) ==
                               slots_[slot].roles.end())
      slots_[slot].roles.push_back(s.role);
  }

  size_t KbSlot(uint32_t e) {
    size_t slot = SlotFor("k:" + std::to_string(e));
    slots_[slot].kb = static_cast<int>(e);
    slots_[slot].type = Ent(e).type;
    return slot;
  }

  // A surname alone names the person whose full name the article has, if any.
  uint32_t PreferPresent(const std::vector<uint32_t>& cands) {
    for (uint32_t c : cands)
      for (ScannedText* t : texts_)
        for (const Span& s : t->spans)
          if (!s.surname && std::find(s.candidates.begin(), s.candidates.end(), c) != s.candidates.end()) return c;
    return Choose(cands);
  }

  size_t UnknownSlot(const Span& s) {
    const std::string key = PhoneticKey(s.norm);
    // A KB entity of the same kind spelled differently. Keys of three
    // consonants collide across unrelated names (بورنو and بروناي): linking
    // an unknown name to the KB needs four. A name only the tagger found has
    // no cue vouching for its kind: it links on an equal key, four consonants
    // without the article (the tagger's المرفأ, الحوبان and غالستانيان are one
    // edit from الإمارات, الغابون and فلسطين).
    const bool strict = s.tagger;
    const size_t article = s.norm.starts_with("ال") && key.starts_with("AL") ? 2 : 0;
    if (key.size() >= 4 + (strict ? article : 0)) {
      std::vector<uint32_t> linked;
      for (uint32_t e : r_.name_keys.Find(key, LastWordKey(s.norm), strict))
        if (SameClass(Ent(e).type, s.type)) linked.push_back(e);
      if (!linked.empty()) return KbSlot(Choose(linked));
    }
    // An unknown name seen before: same key, or a person's surname alone.
    const bool single = s.norm.find(' ') == std::string::npos;
    for (size_t i = 0; i < slots_.size(); ++i) {
      Slot& o = slots_[i];
      if (!SameClass(o.type, s.type)) continue;
      if (o.kb < 0 && o.inst < 0 && KeysMatch(o.key, key)) return Grow(i, s, key);
      if (s.type == "PERSON"sv && o.person()) {
        if (single && SurnameMatches(o, s.norm)) return i;
        if (!single && o.kb < 0 && o.norm.find(' ') == std::string::npos &&
            KeysMatch(PhoneticKey(LastWord(s.norm)), o.key))
          return Grow(i, s, key);
      }
    }
    size_t slot = SlotFor("n:" + s.norm);
    Slot& o = slots_[slot];
    if (o.norm.empty()) o.type = s.type, o.norm = s.norm, o.key = key;
    return slot;
  }

  // Keeps the longest spelling as the unknown entity's name.
  size_t Grow(size_t i, const Span& s, const std::string& key) {
    if (s.norm.size() > slots_[i].norm.size()) slots_[i].norm = s.norm, slots_[i].key = key;
    return i;
  }

  bool SurnameMatches(const Slot& o, std::string_view word) {
    const std::string key = PhoneticKey(word);
    if (key.size() < 3) return false;
    for (const MentionRef& m : o.mentions) {
      if (m.te - m.tb < 2) continue;
      const std::string& last = m.text->tokens[m.te - 1].norm;
      if (last == word || PhoneticKey(last) == key) return true;
    }
    return false;
  }

  // ---- Names found again: surnames alone, unknown names without their cue ----
  struct Local {
    std::vector<std::string> words;
    std::string key;  // person surnames: matched by key too
    size_t slot;
  };

  void FindAgain() {
    std::vector<Local> locals;
    for (size_t i = 0; i < slots_.size(); ++i) {
      const Slot& o = slots_[i];
      const bool unknown = o.kb < 0 && o.inst < 0;
      if (!unknown && !o.person()) continue;
      for (const MentionRef& m : o.mentions) {
        const auto& toks = m.text->tokens;
        if (unknown) {
          Local l{{}, "", i};
          for (uint32_t k = m.tb; k < m.te; ++k) l.words.push_back(k == m.tb ? toks[k].bare : toks[k].norm);
          locals.push_back(std::move(l));
        }
        if (o.person() && m.te - m.tb >= 2) {
          const std::string& last = toks[m.te - 1].norm;
          locals.push_back({{last}, PhoneticKey(last), i});
        }
      }
    }
    if (locals.empty()) return;
    // Which locals a form can start: by first word, and (one-word person
    // surnames) by phonetic key. Only those are tried, in their order.
    std::unordered_map<std::string_view, std::vector<uint32_t>> by_word, by_key;
    for (uint32_t li = 0; li < locals.size(); ++li) {
      const Local& l = locals[li];
      by_word[l.words[0]].push_back(li);
      if (l.key.size() >= 3 && l.words.size() == 1) by_key[l.key].push_back(li);
    }
    std::vector<uint32_t> cand;
    std::vector<Form> forms;
    std::vector<std::string> form_keys;
    for (ScannedText* t : texts_) {
      const auto& toks = t->tokens;
      for (uint32_t i = 0; i < toks.size(); ++i) {
        if (t->covered[i] || toks[i].kind != text::TokenKind::kWord || r_.cues.IsStop(toks[i].norm)) continue;
        FirstForms(toks[i], &forms);
        // Each form's key at most once per token, not once per (local, form) pair.
        form_keys.assign(forms.size(), std::string());
        auto key_of = [&](size_t fi) -> const std::string& {
          if (form_keys[fi].empty()) form_keys[fi] = PhoneticKey(forms[fi].text);
          return form_keys[fi];
        };
        cand.clear();
        for (size_t fi = 0; fi < forms.size(); ++fi) {
          if (auto it = by_word.find(forms[fi].text); it != by_word.end())
            cand.insert(cand.end(), it->second.begin(), it->second.end());
          if (!by_key.empty())
            if (auto it = by_key.find(key_of(fi)); it != by_key.end())
              cand.insert(cand.end(), it->second.begin(), it->second.end());
        }
        if (cand.empty()) continue;
        std::sort(cand.begin(), cand.end());
        cand.erase(std::unique(cand.begin(), cand.end()), cand.end());
        uint32_t best_end = 0;
        size_t best_slot = 0;
        for (uint32_t li : cand) {
          const Local& l = locals[li];
          for (size_t fi = 0; fi < forms.size(); ++fi) {
            const Form& f = forms[fi];
            if (f.text != l.words[0] && (l.key.size() < 3 || l.words.size() != 1 || key_of(fi) != l.key))
              continue;
            uint32_t k = i + 1;
            for (size_t w = 1; w < l.words.size() && k < toks.size() && !t->covered[k] && toks[k].norm == l.words[w]; ++w) ++k;
            if (k - i == l.words.size() && k > best_end) best_end = k, best_slot = l.slot;
          }
        }
        if (best_end == 0) continue;
        for (uint32_t k = i; k < best_end; ++k) t->covered[k] = 1;
        slots_[best_slot].mentions.push_back({t, i, best_end});
        i = best_end - 1;
      }
    }
  }

  // ---- Output ----
  Entity Describe(const Slot& o) {
    Entity e;
    if (o.kb >= 0) {
      const KbEntity& k = Ent(o.kb);
      e.id = k.id;
      e.type = k.type;
      e.name = k.name;
      e.name_en = k.name_en;
      if (!k.wikidata.empty()) e.wikidata = k.wikidata;
      e.geo = k.geo;
      if (!k.capital_of.empty()) e.roles.push_back("capital_of:" + k.capital_of);
    } else if (o.inst >= 0) {
      const Institution& in = r_.kb.institutions()[o.inst];
      const KbEntity& c = Ent(o.inst_country);
      e.id = "inst:" + Slug(in.head_en) + ":" + c.country;
      e.type = "ORG";
      e.name = in.head_ar + " " + (c.adjective.empty() ? "في " + c.name : c.adjective);
      const size_t brace = in.head_en.find("{country}");
      e.name_en = brace == std::string::npos ? in.head_en + " (" + c.name_en + ")"
                                             : std::string(in.head_en).replace(brace, 9, c.name_en);
    } else {
      e.id = "new:" + o.norm;
      e.type = o.type;
    }
    for (const std::string& role : o.roles) e.roles.push_back(role);
    return e;
  }

  std::vector<Entity> Output() {
    text::CodepointIndex body_cp(texts_[0]->text), title_cp(texts_[1]->text);
    std::vector<std::pair<long, Entity>> out;
    for (const Slot& o : slots_) {
      Entity e = Describe(o);
      long first = 1L << 40;
      size_t longest = 0;
      for (const MentionRef& m : o.mentions) {
        const auto& toks = m.text->tokens;
        const bool title = m.text == texts_[1];
        const auto& cp = title ? title_cp : body_cp;
        Mention mm;
        mm.start = cp.ToCodepoint(toks[m.tb].begin);
        mm.end = cp.ToCodepoint(toks[m.te - 1].end);
        mm.text = std::string(m.text->text.substr(toks[m.tb].begin, toks[m.te - 1].end - toks[m.tb].begin));
        first = std::min(first, title ? (1L << 30) + mm.start : static_cast<long>(mm.start));
        if (o.kb < 0 && o.inst < 0) {
          std::string bare(m.text->text.substr(toks[m.tb].bare_begin, toks[m.te - 1].end - toks[m.tb].bare_begin));
          if (bare.size() > longest) longest = bare.size(), e.name = bare;
        }
        (title ? e.title_mentions : e.mentions).push_back(std::move(mm));
      }
      for (auto* v : {&e.mentions, &e.title_mentions}) {
        std::sort(v->begin(), v->end(), [](const Mention& a, const Mention& b) { return a.start < b.start; });
        v->erase(std::unique(v->begin(), v->end(), [](const Mention& a, const Mention& b) {
                   return a.start == b.start && a.end == b.end;
                 }),
                 v->end());
      }
      out.emplace_back(first, std::move(e));
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Entity> result;
    result.reserve(out.size());
    for (auto& [first, e] : out) result.push_back(std::move(e));
    return result;
  }

  const Resources& r_;
  ScannedText* texts_[2];  // body, title
  std::map<int, int> state_count_;
  std::unordered_set<std::string> words_;
  std::vector<Slot> slots_;
  std::unordered_map<std::string, size_t> slot_by_key_;
};

}  // namespace

std::vector<Entity> Resolve(const Resources& r, ScannedText& title, ScannedText& body) {
  return Resolver(r, title, body).Run();
}

}  // namespace marsad::entities
