// FTS5 tokenizer over marsad's text layer.
#include "corpus/fts.h"

#include <functional>

#include "corpus/query.h"
#include "corpus/terms.h"
#include "text/text.h"

namespace marsad::corpus {
namespace {

using Emit = std::function<int(const std::string& token, int flags, int begin, int end)>;

int TokenizeInto(std::string_view text, bool query, const Emit& emit) {
  for (const auto& t : text::Tokenize(text)) {
    if (t.kind == text::TokenKind::kPunct || t.norm.empty()) continue;
    int begin = static_cast<int>(t.begin), end = static_cast<int>(t.end);
    std::string exact = kExactMark + t.norm;
    int rc;
    if (query) {
      bool marked = t.begin > 0 && text[t.begin - 1] == kExactMark;
      rc = emit(marked ? exact : SearchStem(t.norm), 0, begin, end);
    } else {
      rc = emit(SearchStem(t.norm), 0, begin, end);
      if (rc == SQLITE_OK) rc = emit(exact, FTS5_TOKEN_COLOCATED, begin, end);
    }
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
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
                        [&](const std::string& tok, int f, int b, int e) {
                          return token(ctx, f, tok.data(), static_cast<int>(tok.size()), b, e);
                        });
  } catch (...) {
    return SQLITE_NOMEM;
  }
}

std::vector<std::string> Collect(std::string_view text, bool query) {
  std::vector<std::string> out;
  TokenizeInto(text, query, [&](const std::string& tok, int flags, int, int) {
    if (flags & FTS5_TOKEN_COLOCATED) out.back() += "|" + tok;
    else out.push_back(tok);
    return SQLITE_OK;
  });
  return out;
}

}  // namespace

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
