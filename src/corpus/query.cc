// Search query parsing.
#include "corpus/query.h"

#include <vector>

#include "text/text.h"

namespace marsad::corpus {
namespace {

struct Item {
  std::string fts;   // a quoted FTS5 string
  bool negated = false;
  bool or_before = false;
};

// The indexable words of `s` as one FTS5 string, each marked exact when asked;
// "" when `s` has none (punctuation only).
std::string FtsString(std::string_view s, bool exact) {
  std::string body;
  for (const auto& t : text::Tokenize(s)) {
    if (t.kind == text::TokenKind::kPunct) continue;
    if (!body.empty()) body += ' ';
    if (exact) body += kExactMark;
    // The original bytes, not t.norm: the tokenizer normalizes again, and
    // quotes cannot occur inside a token.
    body.append(s.substr(t.begin, t.end - t.begin));
  }
  return body.empty() ? "" : "\"" + body + "\"";
}

}  // namespace

Result<std::string> ParseSearchQuery(std::string_view q) {
  std::vector<Item> items;
  bool pending_or = false;
  size_t i = 0;
  while (i < q.size()) {
    unsigned char c = static_cast<unsigned char>(q[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { ++i; continue; }
    bool negated = false;
    if (c == '-' && i + 1 < q.size() && q[i + 1] != ' ') { negated = true; ++i; }
    std::string fts;
    if (i < q.size() && q[i] == '"') {
      size_t close = q.find('"', i + 1);
      size_t end = close == std::string_view::npos ? q.size() : close;
      fts = FtsString(q.substr(i + 1, end - i - 1), true);
      i = close == std::string_view::npos ? q.size() : close + 1;
    } else {
      size_t end = i;
      while (end < q.size() && q[end] != ' ' && q[end] != '\t' && q[end] != '\n' &&
             q[end] != '\r' && q[end] != '"')
        ++end;
      std::string_view word = q.substr(i, end - i);
      i = end;
      if (word == "OR" && !negated) { pending_or = !items.empty(); continue; }
      fts = FtsString(word, false);
    }
    if (fts.empty()) continue;
    items.push_back({fts, negated, pending_or && !negated});
    pending_or = false;
  }
  std::string positive, negative;
  for (const Item& it : items) {
    if (it.negated) {
      negative += " NOT " + it.fts;
    } else {
      if (!positive.empty()) positive += it.or_before ? " OR " : " AND ";
      positive += it.fts;
    }
  }
  if (positive.empty()) return Status::Error("the search has no word to look for");
  // FTS5 binds AND tighter than OR, as a reader of "a b OR c" expects.
  return negative.empty() ? positive : "(" + positive + ")" + negative;
}

}  // namespace marsad::corpus
