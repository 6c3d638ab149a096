// FTS5 tokenizer over marsad's text layer.
#include "corpus/fts.h"

#include "corpus/query.h"
#include "corpus/terms.h"

namespace marsad::corpus {
namespace {

thread_local const PretokenizedText* current_hint = nullptr;

// Emits the FTS5 tokens of `tokens` (text::Tokenize(text)). `emit(token,
// flags, begin, end)` returns an SQLite code; the first error stops.
template <typename Emit>
int EmitTokens(std::string_view text, const std::vector<text::Token>& tokens,
               const std::vector<std::string_view>* stems, bool query, Emit&& emit) {
  std::string exact;  // reused: most Arabic words are too long for the small-string buffer
  size_t word = 0;    // index among non-punctuation tokens (into stems)
  for (const auto& t : tokens) {
    if (t.kind == text::TokenKind::kPunct) continue;
    std::string_view stem = stems ? (*stems)[word] : std::string_view();
    ++word;
    if (t.norm.empty()) continue;
    if (!stems) stem = SearchStemView(t.norm);
    int begin = static_cast<int>(t.begin), end = static_cast<int>(t.end);
    exact.assign(1, kExactMark);
    exact += t.norm;
    int rc;
    if (query) {
      bool marked = t.begin > 0 && text[t.begin - 1] == kExactMark;
      rc = marked ? emit(std::string_view(exact), 0, begin, end) : emit(stem, 0, begin, end);
    } else {
      rc = emit(stem, 0, begin, end);
      if (rc == SQLITE_OK) rc = emit(std::string_view(exact), FTS5_TOKEN_COLOCATED, begin, end);
    }
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

template <typename Emit>
int TokenizeInto(std::string_view text, bool query, Emit&& emit) {
  const PretokenizedText* hint = current_hint;
  if (hint && !query && hint->text() == text)
    return EmitTokens(text, hint->tokens(), hint->stems(), query, emit);
  return EmitTokens(text, text::Tokenize(text), nullptr, query, emit);
}

int Create(void*, const char**, int, Fts5Tokenizer** out) {
  static char instance;  // stateless: one shared dummy handle
  *out = reinterpret_cast<Fts5Tokenizer*>(&instance);
  return SQLITE_OK;
}

void Delete(Fts5Tokenizer*) {}

int Tokenize(Fts5Tokenizer*, void* ctx, int flags, const char* text, int n,
             int (*token)(void*, int, const char*, int, int, int)) {
  // No exception may cross into SQLite's C frames.
  try {
    return TokenizeInto(std::string_view(text ? text : "", text ? n : 0),
                        (flags & FTS5_TOKENIZE_QUERY) != 0,
                        [&](std::string_view tok, int f, int b, int e) {
                          return token(ctx, f, tok.data(), static_cast<int>(tok.size()), b, e);
                        });
  } catch (...) {
    return SQLITE_NOMEM;
  }
}

std::vector<std::string> Collect(std::string_view text, bool query) {
  std::vector<std::string> out;
  TokenizeInto(text, query, [&](std::string_view tok, int flags, int, int) {
    if (flags & FTS5_TOKEN_COLOCATED) (out.back() += "|") += tok;
    else out.emplace_back(tok);
    return SQLITE_OK;
  });
  return out;
}

}  // namespace

PretokenizedText::PretokenizedText(std::string_view text, const std::vector<text::Token>& tokens,
                                   const std::vector<std::string_view>* stems)
    : text_(text), tokens_(tokens), stems_(stems), outer_(current_hint) {
  current_hint = this;
}

PretokenizedText::~PretokenizedText() { current_hint = outer_; }

Status RegisterTokenizer(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) != SQLITE_OK)
    return Status::Error(std::string("FTS5 is not available: ") + sqlite3_errmsg(db));
  sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(st);
  sqlite3_finalize(st);
  if (!api) return Status::Error("FTS5 is not available in this SQLite");
  fts5_tokenizer tok{Create, Delete, Tokenize};
  if (api->xCreateTokenizer(api, "marsad", nullptr, &tok, nullptr) != SQLITE_OK)
    return Status::Error("could not register the marsad FTS5 tokenizer");
  return Status::Ok();
}

std::vector<std::string> IndexTokens(std::string_view text) { return Collect(text, false); }
std::vector<std::string> QueryTokens(std::string_view text) { return Collect(text, true); }

}  // namespace marsad::corpus
