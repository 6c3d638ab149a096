// Matching names on tokens: one token-level trie over every normalized KB name
// (longest match wins, the first token tried whole and then clitic-split), the
// composition of institution heads with a state ("وزارة الدفاع الروسية"), and a
// phonetic index for transliteration variants the KB does not list.
// Built once; immutable and thread-safe afterwards.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/lookup.h"
#include "entities/kb.h"
#include "text/text.h"

namespace marsad::entities {

// Heterogeneous lookup: find(string_view) without building a std::string.
template <typename V>
using StringMap = base::StringMap<V>;

class NameTrie {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;
  explicit NameTrie(const std::vector<KbName>& names);
  uint32_t root() const { return 0; }
  // The child of `node` along `token`, kNone when there is none.
  uint32_t Step(uint32_t node, std::string_view token) const;
  // Indices into the names vector of the names that end at `node`.
  const std::vector<uint32_t>& NamesAt(uint32_t node) const { return payload_[node]; }

 private:
  StringMap<uint32_t> vocab_;
  base::WordFilter vocab_filter_;  // in front of vocab_: most words of a text are in no name
  std::unordered_map<uint64_t, uint32_t> edges_;
  std::vector<std::vector<uint32_t>> payload_;
};

// The forms a name's first word may take in text: the whole word, then
// every proclitic split that keeps the article (longest rest first); after
// لل also ال + rest (للرئاسة → الرئاسة). `prefix_bytes` is the length of what was split off.
struct Form {
  std::string text;
  uint32_t prefix_bytes = 0;
};
void FirstForms(std::string_view norm, std::vector<Form>* out);
// The same for a token of text::Tokenize (its clitic splits are stored).
void FirstForms(const text::Token& t, std::vector<Form>* out);

// Symmetric-deletion index over phonetic keys: finds the names whose key is
// within one edit (text.KeysMatch) of a query key.
class PhoneticIndex {
 public:
  // last_key: the key of the name's last word ("" for one-word names).
  void Add(const std::string& key, uint32_t value, const std::string& last_key = "");
  // Values whose key KeysMatch `key`, deduplicated, in insertion order. A
  // match one edit apart (not an equal key) must also agree on the last word
  // when both names have several (equal keys, or one edit for long ones):
  // "توم بيرييلو" (TMBRL) is one edit from "تامي بروس" (TMBRS), but
  // بيرييلو and بروس are different surnames.
  // exact: only names whose key equals `key`.
  std::vector<uint32_t> Find(const std::string& key, const std::string& last_key = "", bool exact = false) const;

 private:
  std::vector<std::string> keys_;  // key of each entry
  std::vector<std::string> last_keys_;
  std::vector<uint32_t> values_;
  std::unordered_map<std::string, std::vector<uint32_t>> variants_;  // key or 1-deletion → entries
};

}  // namespace marsad::entities
