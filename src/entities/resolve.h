// Shared state of recognition and resolution: the immutable resources built
// by Recognizer::Create, the spans found in one text, and Resolve, which turns
// the spans of a title and a body into the article's entities (one per
// real-world entity, all its mentions, KB links, context disambiguation).
// Resources are immutable and thread-safe; the rest is per call.
#pragma once

#include <memory>
#include <unordered_map>
#include <span>
#include <string>
#include <vector>

#include "base/lookup.h"
#include "entities/cues.h"
#include "entities/kb.h"
#include "entities/matcher.h"
#include "marsad/document.h"
#include "text/text.h"

// The statistical tagger (ner.h) is written beside this stage; builds
// without it still recognise KB and cue names.
#if __has_include("entities/ner.h")
#include "entities/ner.h"
#define MARSAD_ENTITIES_HAVE_NER 1
#endif

namespace marsad::entities {

#ifndef MARSAD_ENTITIES_HAVE_NER
class NerModel;
#endif

struct Resources {
  KnowledgeBase kb;
  std::unique_ptr<NameTrie> trie;
  CueLexicon cues;
  // Phonetic key of every KB name (full names; surnames for people) → entity,
  // for unknown names from cues and the tagger.
  PhoneticIndex name_keys;
  // Phonetic key of the first word of multi-word KB names → name indices,
  // for spellings of a multi-word name that the KB does not list.
  StringMap<std::vector<uint32_t>> first_word_keys;
  // The whole-name phonetic key of each name listed there, by name index
  // ("" for the others): computed once here, not per token at run time.
  std::vector<std::string> name_key;
  // A composed state body the KB lists as an organisation (the presidency of
  // Russia is org:presidential_administration_of_russia): institution << 32 |
  // country entity → that entity.
  std::unordered_map<uint64_t, uint32_t> institution_entity;
  std::shared_ptr<const NerModel> ner;  // null: no model
  double ner_min_score = 0.75;
  std::vector<std::string> warnings;
  // Names these resources in per-thread word memos (base::WordMemo).
  uint64_t memo_owner = base::WordMemo::NewOwner();
};

// One name found in a text: tokens [tb, te).
struct Span {
  uint32_t tb = 0, te = 0;
  std::vector<uint32_t> candidates;  // KB entities it may name (first = KB order)
  bool surname = false;              // a person's last name alone
  bool needs_full_name = false;      // surname kept only if the full name is in the article
  int institution = -1, inst_country = -1;  // composed state body
  std::string type;                  // entity type; for unknown names the cue's
  std::string norm;                  // unknown names: normalized name without clitics
  std::string role;                  // a title seen with a person ("الرئيس")
  bool tagger = false;               // found by the NER tagger alone (no KB name, no cue)
};

struct ScannedText {
  std::string_view text;
  std::vector<text::Token> own_tokens;   // when the caller gave none
  std::span<const text::Token> tokens;   // own_tokens or the caller's (text::Tokenize(text))
  const std::vector<text::Range>* sentences = nullptr;  // text::SplitSentences(text) when the caller has it
  std::vector<Span> spans;
  std::vector<uint8_t> covered;      // per token: inside a span
  std::vector<int> adjective_of;     // per token: country entity of a nationality adjective, or -1
  bool is_title = false;
};

std::vector<Entity> Resolve(const Resources& r, ScannedText& title, ScannedText& body);

// Normalized words of a token range, clitics of the first word removed.
std::string SpanNorm(const ScannedText& t, uint32_t tb, uint32_t te, uint32_t first_prefix_bytes);

}  // namespace marsad::entities
