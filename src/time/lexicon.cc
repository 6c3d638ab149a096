// Loads data/time/*.tsv into hash maps keyed by normalized forms.
// Load is a pure function of the files; the result is immutable.
#include "time/lexicon.h"

#include <cstdlib>

#include "base/tsv.h"
#include "text/calendar.h"
#include "text/text.h"

namespace marsad::time {
namespace {

Status RowError(const base::TsvTable& t, const base::TsvRow& r, const std::string& why) {
  return Status::Error(t.path + ":" + std::to_string(r.line) + ": " + why);
}

bool ParseClass(std::string_view s, Cls* c) {
  static const std::pair<std::string_view, Cls> kNames[] = {
      {"deictic", Cls::kDeictic},       {"partofday", Cls::kPartOfDay},
      {"period", Cls::kPeriod},         {"relmod", Cls::kRelMod},
      {"relmod_before", Cls::kRelModBefore}, {"edge", Cls::kEdge},
      {"season", Cls::kSeason},         {"unit", Cls::kUnit},
      {"ago", Cls::kAgo},               {"duration", Cls::kDuration},
      {"decade", Cls::kDecade},         {"approx", Cls::kApprox},
      {"approx_after", Cls::kApproxAfter}, {"future", Cls::kFuture},
      {"notfuture", Cls::kNotFuture},   {"antideictic", Cls::kAntiDeictic},
      {"anaphoric", Cls::kAnaphoric},
  };
  for (const auto& [n, v] : kNames)
    if (n == s) { *c = v; return true; }
  return false;
}

bool ParseNumKind(std::string_view s, NumKind* k) {
  static const std::pair<std::string_view, NumKind> kNames[] = {
      {"unit", NumKind::kUnit}, {"ten", NumKind::kTen}, {"teen", NumKind::kTeen},
      {"hundred", NumKind::kHundred}, {"multiplier", NumKind::kMultiplier},
      {"multiplier_dual", NumKind::kMultiplierDual},
      {"plural_multiplier", NumKind::kPluralMultiplier}, {"fraction", NumKind::kFraction},
      {"vague", NumKind::kVague},
  };
  for (const auto& [n, v] : kNames)
    if (n == s) { *k = v; return true; }
  return false;
}

int CountWords(std::string_view s) {
  int n = 1;
  for (char c : s) n += c == ' ';
  return n;
}

Status LoadPhrases(const std::string& dir, Lexicon* lex) {
  auto t = base::LoadTsv(dir + "/phrases.tsv", {"phrase", "class", "value"});
  if (!t.ok()) return t.status();
  for (const auto& r : t->rows) {
    Phrase p;
    if (!ParseClass(r.fields[1], &p.cls)) return RowError(*t, r, "unknown class '" + r.fields[1] + "'");
    const std::string& v = r.fields[2];
    if (p.cls == Cls::kUnit) {
      size_t colon = v.find(':');
      if (colon == std::string::npos) return RowError(*t, r, "unit value must be name:count");
      p.value = v.substr(0, colon);
      p.ivalue = v.substr(colon + 1) == "n" ? 0 : std::atoi(v.c_str() + colon + 1);
    } else if (p.cls == Cls::kPeriod || p.cls == Cls::kEdge || p.cls == Cls::kSeason) {
      p.value = v;
    } else {
      p.ivalue = std::atoi(v.c_str());
    }
    std::string key = text::NormalizeString(r.fields[0]);
    p.words = CountWords(key);
    if (p.words > 1) {
      lex->multi_first[key.substr(0, key.find(' '))] = true;
      lex->max_words = std::max(lex->max_words, p.words);
    }
    lex->phrases[key].push_back(std::move(p));
  }
  return Status::Ok();
}

Status LoadNumbers(const std::string& dir, Lexicon* lex) {
  auto t = base::LoadTsv(dir + "/numbers.tsv", {"word", "value", "kind"});
  if (!t.ok()) return t.status();
  for (const auto& r : t->rows) {
    NumWord w;
    w.value = std::atof(r.fields[1].c_str());
    if (!ParseNumKind(r.fields[2], &w.kind)) return RowError(*t, r, "unknown kind '" + r.fields[2] + "'");
    lex->numbers[text::NormalizeString(r.fields[0])] = w;
  }
  auto o = base::LoadTsv(dir + "/ordinals.tsv", {"word", "value"});
  if (!o.ok()) return o.status();
  for (const auto& r : o->rows) lex->ordinals[text::NormalizeString(r.fields[0])] = std::atoi(r.fields[1].c_str());
  return Status::Ok();
}

// Stems as they appear before the dual endings: ة is written ت (جولة → جولت).
std::string DualStem(const std::string& norm_singular) {
  static const std::string kTaa = text::NormalizeString("ة");
  if (norm_singular.size() > kTaa.size() && norm_singular.ends_with(kTaa))
    return norm_singular.substr(0, norm_singular.size() - kTaa.size()) + "ت";
  return norm_singular;
}

Status LoadNouns(const std::string& dir, Lexicon* lex) {
  auto t = base::LoadTsv(dir + "/nouns.tsv", {"singular", "kind", "plural"});
  if (!t.ok()) return t.status();
  for (const auto& r : t->rows) {
    Noun n;
    if (r.fields[1] != "count" && r.fields[1] != "refer") return RowError(*t, r, "kind must be count or refer");
    if (r.fields[2] != "sound" && r.fields[2] != "broken") return RowError(*t, r, "plural must be sound or broken");
    n.count = r.fields[1] == "count";
    n.sound_plural = r.fields[2] == "sound";
    n.singular = text::NormalizeString(r.fields[0]);
    lex->dual_stems[DualStem(n.singular)] = n;
  }
  return Status::Ok();
}

Status LoadMonths(const std::string& dir, Lexicon* lex) {
  auto t = base::LoadTsv(dir + "/months.tsv", {"name", "month", "calendar", "standalone"});
  if (!t.ok()) return t.status();
  for (const auto& r : t->rows) {
    MonthInfo m;
    m.month = std::atoi(r.fields[1].c_str());
    m.hijri = r.fields[2] == "hijri";
    m.standalone = r.fields[3] == "yes";
    if (m.month < 1 || m.month > 12) return RowError(*t, r, "month must be 1-12");
    lex->months[text::NormalizeString(r.fields[0])] = m;
  }
  return Status::Ok();
}

}  // namespace

Result<Lexicon> Lexicon::Load(const std::string& dir) {
  Lexicon lex;
  for (auto* f : {LoadPhrases, LoadNumbers, LoadNouns, LoadMonths}) {
    Status s = f(dir, &lex);
    if (!s.ok()) return s;
  }
  auto first = [](const std::string& k) { return k.substr(0, k.find(' ')); };
  for (const auto& [k, v] : lex.phrases) lex.triggers.insert(first(k));
  for (const auto& [k, v] : lex.numbers) lex.triggers.insert(first(k));
  for (const auto& [k, v] : lex.months) lex.triggers.insert(first(k));
  for (const auto& [k, v] : lex.ordinals) lex.triggers.insert(k);
  // Words the grammars test by hand (time.cc): period and year words, anaphora,
  // clock, the prepositions before a bare year, Levantine month first words.
  for (const char* w : {"شهر", "يوم", "في", "عام", "العام", "سنة", "السنة", "عامي", "سنتي", "العامين",
                        "غداة", "نفس", "ذات", "الساعة", "عقد", "منذ", "حتى", "قبل", "بعد", "خلال", "عن",
                        "إلى", "من", "و", "كانون", "تشرين", "عدد", "أحد", "إحدى", "اثنا", "اثني", "اثنتا",
                        "اثنتي", "ربيع", "جمادى", "ذو", "ذي"})
    lex.triggers.insert(text::NormalizeString(w));
  // Calendar words too, so that one look-up per word decides (time.cc BuildInfo).
  for (auto& w : text::CalendarWords()) lex.triggers.insert(std::move(w));
  lex.trigger_filter = base::WordFilter::Of(lex.triggers);
  return lex;
}

}  // namespace marsad::time
