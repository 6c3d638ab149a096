// Loading data/events/*.tsv into phrase tables over normalized words.
#include "events/lexicon.h"

#include "base/tsv.h"

namespace marsad::events {
namespace {

std::vector<std::string> Words(std::string_view phrase) {
  std::vector<std::string> out;
  for (const auto& t : text::Tokenize(phrase))
    if (t.kind != text::TokenKind::kPunct) out.push_back(t.norm);
  return out;
}

std::vector<std::string> SplitBars(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t bar = s.find('|', start);
    std::string_view part = s.substr(start, bar == std::string_view::npos ? s.npos : bar - start);
    if (!part.empty()) out.emplace_back(part);
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return out;
}

// "سـ" style entries (a prefix, not a word) are handled by the extractor.
bool IsAffix(std::string_view s) { return s.find("\u0640") != std::string_view::npos; }

}  // namespace

template <typename V>
void PhraseTable<V>::Add(const std::vector<std::string>& words, V value) {
  if (words.empty()) return;
  by_first_[words[0]].push_back({{words.begin() + 1, words.end()}, std::move(value)});
  first_filter_.Add(words[0]);
}

template <typename V>
int PhraseTable<V>::Match(const std::vector<text::Token>& toks, size_t i, const V** out, bool* future) const {
  const text::Token& t = toks[i];
  if (t.kind == text::TokenKind::kPunct) return 0;
  int best = 0;
  bool via_sin = false;
  auto try_first = [&](std::string_view first, bool sin) {
    if (!first_filter_.MayContain(first)) return;
    auto it = by_first_.find(first);
    if (it == by_first_.end()) return;
    for (const Entry& e : it->second) {
      int len = 1 + static_cast<int>(e.rest.size());
      if (len <= best || i + len > toks.size()) continue;
      bool ok = true;
      for (size_t k = 0; k < e.rest.size() && ok; ++k) {
        const text::Token& n = toks[i + 1 + k];
        ok = n.norm == e.rest[k] || n.bare == e.rest[k];
      }
      if (ok) {
        best = len;
        *out = &e.value;
        via_sin = sin;
      }
    }
  };
  for (const auto& [prefix, rest] : text::CliticSplits(t)) {
    try_first(rest, false);
    // A possessive on an event noun ("اعتصامهم"، "انسحابها"): the noun.
    if (best == 0) {
      for (std::string_view suf : {"\u0647\u0645\u0627", "\u0647\u0645", "\u0647\u0627", "\u0647\u0646"}) {
        if (rest.size() >= suf.size() + 6 && rest.substr(rest.size() - suf.size()) == suf) {
          try_first(rest.substr(0, rest.size() - suf.size()), false);
          break;
        }
      }
    }
    // سـ + imperfect prefix (ي ت ن ا): the future of a verb form in the table.
    if (rest.size() > 6 && rest.substr(0, 2) == "\u0633") {
      std::string_view im = rest.substr(2, 2);
      if (im == "\u064A" || im == "\u062A" || im == "\u0646" || im == "\u0627") try_first(rest.substr(2), true);
    }
  }
  if (future) *future = best > 0 && via_sin;
  return best;
}

template class PhraseTable<int>;
template class PhraseTable<CueInfo>;
template class PhraseTable<ModeInfo>;

Result<std::shared_ptr<const Lexicon>> Lexicon::Load(const std::string& data_dir) {
  auto lex = std::make_shared<Lexicon>();
  auto trig = base::LoadTsv(data_dir + "/events/triggers.tsv", {"lemma", "forms", "type"});
  if (!trig.ok()) return trig.status();
  int c_mode = trig->Column("mode"), c_pos = trig->Column("pos"), c_notes = trig->Column("notes");
  for (const auto& row : trig->rows) {
    TriggerInfo info;
    info.lemma = row.fields[0];
    info.type = row.fields[2];
    if (c_mode >= 0 && row.fields[c_mode] != "-") info.mode = row.fields[c_mode];
    if (c_pos >= 0) info.pos = row.fields[c_pos];
    std::string notes = c_notes >= 0 ? row.fields[c_notes] : "";
    info.casualty = notes.rfind("casualty", 0) == 0;
    info.injury = info.casualty && notes.find("injured") != std::string::npos &&
                  notes.find("fatalities") == std::string::npos;
    info.light_verb = notes.rfind("light verb", 0) == 0;
    info.place_head = notes.find("then a place") != std::string::npos;
    int idx = static_cast<int>(lex->trigger_info.size());
    lex->trigger_info.push_back(std::move(info));
    for (const auto& form : SplitBars(row.fields[1])) lex->triggers.Add(Words(form), idx);
  }
  auto cues = base::LoadTsv(data_dir + "/events/cues.tsv", {"cue", "kind", "scope"});
  if (!cues.ok()) return cues.status();
  for (const auto& row : cues->rows) {
    if (IsAffix(row.fields[0])) continue;
    lex->cues.Add(Words(row.fields[0]), CueInfo{row.fields[1], row.fields[2]});
  }
  auto modes = base::LoadTsv(data_dir + "/events/modes.tsv", {"cue", "type", "mode"});
  if (!modes.ok()) return modes.status();
  for (const auto& row : modes->rows) {
    if (row.fields[2] == "-") continue;
    lex->modes.Add(Words(row.fields[0]), ModeInfo{row.fields[1], row.fields[2]});
  }
  // Optional: without the knowledge base a capital is only itself.
  if (auto countries = base::LoadTsv(data_dir + "/kb/countries.tsv", {"id", "capital_id"}); countries.ok()) {
    int c_id = countries->Column("id"), c_cap = countries->Column("capital_id");
    for (const auto& row : countries->rows)
      if (!row.fields[c_cap].empty()) lex->capital_state[row.fields[c_cap]] = row.fields[c_id];
  }
  return std::shared_ptr<const Lexicon>(std::move(lex));
}

}  // namespace marsad::events
