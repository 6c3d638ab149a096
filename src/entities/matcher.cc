// Token trie, first-word forms and the phonetic index. Immutable after
// construction; thread-safe reads.
#include "entities/matcher.h"

#include <algorithm>

#include "entities/phonetic.h"

namespace marsad::entities {

NameTrie::NameTrie(const std::vector<KbName>& names) {
  payload_.emplace_back();
  for (uint32_t i = 0; i < names.size(); ++i) {
    uint32_t node = 0;
    std::string_view rest = names[i].norm;
    while (!rest.empty()) {
      size_t sp = rest.find(' ');
      std::string_view tok = rest.substr(0, sp);
      rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
      if (tok.empty()) continue;
      auto [v, fresh] = vocab_.emplace(std::string(tok), static_cast<uint32_t>(vocab_.size()));
      if (fresh) vocab_filter_.Add(tok);
      const uint64_t key = (static_cast<uint64_t>(node) << 32) | v->second;
      auto [e, added] = edges_.emplace(key, static_cast<uint32_t>(payload_.size()));
      if (added) payload_.emplace_back();
      node = e->second;
    }
    if (node != 0) payload_[node].push_back(i);
  }
}

uint32_t NameTrie::Step(uint32_t node, std::string_view token) const {
  if (!vocab_filter_.MayContain(token)) return kNone;
  auto v = vocab_.find(token);
  if (v == vocab_.end()) return kNone;
  auto e = edges_.find((static_cast<uint64_t>(node) << 32) | v->second);
  return e == edges_.end() ? kNone : e->second;
}

namespace {

template <typename Splits>
void FormsOf(const Splits& splits, std::vector<Form>* out) {
  out->clear();
  for (const auto& [prefix, rest] : splits) {
    // Names without the article are not written with it: الأب is not إب,
    // المالية is not ماليه. (بالعراق still finds العراق through ب + العراق.)
    if (prefix.ends_with("ال")) continue;
    out->push_back({std::string(rest), static_cast<uint32_t>(prefix.size())});
    if (prefix.ends_with("لل")) out->push_back({"ال" + std::string(rest), static_cast<uint32_t>(prefix.size())});
  }
}

}  // namespace

void FirstForms(std::string_view norm, std::vector<Form>* out) { FormsOf(text::CliticSplits(norm), out); }

void FirstForms(const text::Token& t, std::vector<Form>* out) { FormsOf(text::CliticSplits(t), out); }

void PhoneticIndex::Add(const std::string& key, uint32_t value, const std::string& last_key) {
  if (key.empty()) return;
  const uint32_t entry = static_cast<uint32_t>(keys_.size());
  keys_.push_back(key);
  last_keys_.push_back(last_key);
  values_.push_back(value);
  variants_[key].push_back(entry);
  if (key.size() < kFuzzyKeyLength) return;
  for (size_t i = 0; i < key.size(); ++i) {
    std::string del = key.substr(0, i) + key.substr(i + 1);
    auto& v = variants_[del];
    if (v.empty() || v.back() != entry) v.push_back(entry);
  }
}

std::vector<uint32_t> PhoneticIndex::Find(const std::string& key, const std::string& last_key, bool exact) const {
  std::vector<uint32_t> out;
  if (key.empty()) return out;
  std::vector<uint32_t> entries;
  auto collect = [&](const std::string& k) {
    auto it = variants_.find(k);
    if (it != variants_.end()) entries.insert(entries.end(), it->second.begin(), it->second.end());
  };
  collect(key);
  if (key.size() >= kFuzzyKeyLength && !exact)
    for (size_t i = 0; i < key.size(); ++i) collect(key.substr(0, i) + key.substr(i + 1));
  std::sort(entries.begin(), entries.end());
  entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
  for (uint32_t e : entries) {
    if (exact ? keys_[e] != key : !KeysMatch(keys_[e], key)) continue;
    if (keys_[e] != key && !last_key.empty() && !last_keys_[e].empty() && !KeysMatch(last_keys_[e], last_key))
      continue;
    if (std::find(out.begin(), out.end(), values_[e]) == out.end()) out.push_back(values_[e]);
  }
  return out;
}

}  // namespace marsad::entities
