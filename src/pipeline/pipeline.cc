// Pipeline::Analyze: clean → entities → times and numbers → events, applied to
// the main article and to each appended one.
#include "marsad/pipeline.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "clean/clean.h"
#include "entities/entities.h"
#include "events/events.h"
#include "text/calendar.h"
#include "text/text.h"
#include "time/time.h"

namespace marsad {

struct Pipeline::Impl {
  PipelineOptions opts;
  std::shared_ptr<const clean::Cleaner> cleaner;
  std::shared_ptr<const time::Tagger> tagger;
  std::shared_ptr<const entities::Recognizer> recognizer;
  std::shared_ptr<const events::Extractor> extractor;
};

const PipelineOptions& Pipeline::options() const { return impl_->opts; }

std::vector<std::string> Pipeline::Warnings() const {
  return impl_->recognizer ? impl_->recognizer->Warnings() : std::vector<std::string>{};
}

std::string ResolveDataDir(const std::string& explicit_dir) {
  if (!explicit_dir.empty()) return explicit_dir;
  if (const char* env = std::getenv("MARSAD_DATA"); env && *env) return env;
  return MARSAD_DATA_DIR;
}

Result<std::shared_ptr<const Pipeline>> Pipeline::Create(const PipelineOptions& opts) {
  auto impl = std::make_shared<Impl>();
  impl->opts = opts;
  impl->opts.data_dir = ResolveDataDir(opts.data_dir);
  static const char* kStages[] = {"clean", "text", "entities", "time", "events"};
  if (std::find(std::begin(kStages), std::end(kStages), impl->opts.until) == std::end(kStages))
    return Status::Error("unknown stage '" + impl->opts.until + "' (clean, text, entities, time, events)");
  if (!std::filesystem::is_directory(impl->opts.data_dir))
    return Status::Error("data directory not found: " + impl->opts.data_dir);
  auto cleaner = clean::Cleaner::Create(impl->opts.data_dir);
  if (!cleaner.ok()) return cleaner.status();
  impl->cleaner = *cleaner;
  // Only the stages that will run are loaded (--until clean/text skips the
  // knowledge base and the models).
  const std::string& until = impl->opts.until;
  const bool later = until != "clean" && until != "text";
  if (later) {
    auto tagger = time::Tagger::Create(impl->opts.data_dir);
    if (!tagger.ok()) return tagger.status();
    impl->tagger = *tagger;
    auto rec = entities::Recognizer::Create(impl->opts.data_dir);
    if (!rec.ok()) return rec.status();
    impl->recognizer = *rec;
    auto ext = events::Extractor::Create(impl->opts.data_dir);
    if (!ext.ok()) return ext.status();
    impl->extractor = *ext;
  }
  return std::shared_ptr<const Pipeline>(new Pipeline(std::move(impl)));
}

namespace {

uint64_t Fnv1a(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string StableId(const Document& d) {
  thread_local std::string norm;  // reused: bodies are normalized once per article
  uint64_t h = Fnv1a(d.source.value_or(""));
  h = Fnv1a("\x1f", h);
  text::NormalizeString(d.title, &norm);
  h = Fnv1a(norm, h);
  h = Fnv1a("\x1f", h);
  text::NormalizeString(d.body, &norm);
  h = Fnv1a(norm, h);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// Parses "YYYY-MM-DD" (day precision) into a CivilDate.
bool ParseIsoDay(std::string_view s, text::CivilDate* out) {
  int y, m, d;
  if (s.size() < 10 || std::sscanf(std::string(s.substr(0, 10)).c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3)
    return false;
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  *out = {y, m, d};
  return true;
}

void AnalyzeOne(const Pipeline::Impl& p, Document& doc, const std::string& fallback_published,
                std::vector<text::Token>* keep_tokens = nullptr) {
  if (!doc.error.empty()) return;
  text::CivilDate pub;
  bool have_pub = !doc.published.value.empty() && ParseIsoDay(doc.published.value, &pub);
  if (!have_pub && !fallback_published.empty() && ParseIsoDay(fallback_published, &pub)) {
    doc.published = {pub.Iso(), "day", "field"};
    have_pub = true;
  }
  const std::string& until = p.opts.until;
  // Undated articles analysed up to the time stage or further get their date
  // inferred while the time stage tags them (TagUndated), below.
  if (!have_pub && until == "entities") {
    if (auto inferred = p.tagger->InferPublished(doc.body)) {
      pub = *inferred;
      doc.published = {pub.Iso(), "day", "inferred"};
      have_pub = true;
    }
  }
  if (doc.id.empty()) doc.id = StableId(doc);
  if (until == "clean") return;
  // The body's tokens and sentences, computed once for the stages that take
  // them; the tokens go straight into the caller's vector when it asked for
  // them, whichever stage is last.
  std::vector<text::Token> local;
  std::vector<text::Token>& tokens = keep_tokens ? *keep_tokens : local;
  tokens = text::Tokenize(doc.body);
  const std::vector<text::Range> sentences = text::SplitSentences(doc.body);
  if (until == "text") return;  // the reader+text benchmark stops here
  doc.entities = p.recognizer->Find(doc.title, doc.body, &tokens, &sentences);
  if (until == "entities") return;
  if (have_pub) {
    p.tagger->Tag(doc.body, &pub, &doc.times, &doc.numbers, &tokens);
  } else if (auto inferred = p.tagger->TagUndated(doc.body, &doc.times, &doc.numbers, &tokens)) {
    pub = *inferred;
    doc.published = {pub.Iso(), "day", "inferred"};
    have_pub = true;
  }
  if (until == "time") return;
  doc.events = p.extractor->Extract(doc, &tokens, &sentences);
}

}  // namespace

Document Pipeline::Analyze(const RawArticle& raw) const { return Analyze(raw, nullptr); }

Document Pipeline::Analyze(const RawArticle& raw, std::vector<text::Token>* body_tokens) const {
  clean::Options copts;
  copts.raw = impl_->opts.raw;
  Document doc = impl_->cleaner->Clean(raw, copts);
  if (raw.id) doc.id = *raw.id;
  if (body_tokens) body_tokens->clear();
  AnalyzeOne(*impl_, doc, impl_->opts.published, body_tokens);
  for (size_t i = 0; i < doc.appended.size(); ++i) {
    Document& a = doc.appended[i];
    if (a.input.empty()) a.input = doc.input + "#appended" + std::to_string(i + 1);
    // An appended article without its own date keeps none: it is another article.
    AnalyzeOne(*impl_, a, "");
  }
  return doc;
}

}  // namespace marsad
